//! Checks the embedded rulebook edition `src/rulebook/omh-2009.toml` against
//! its source, OMH Appendix F (2009), kept verbatim at
//! `tests/data/omh-appendix-f-program-codes-2009.txt`, and against the
//! tables of the rule catalogue (spec `rules.md`: PC, FS, XP, AD, US, and
//! the rules added for issue 15: IX008, FS005-FS007, XP001's new ties, XP002).
//!
//! Appendix F has two parts: an alphabetic list (`Advocacy/Support Services
//! 1760`), then the numeric list of definitions, each one a heading
//! (`0040 - Family Care`, with " - ", " – " or a bare space after the code),
//! a qualifier line (`(Licensed Program)`), the definition text and a
//! `Units of Service:` section.
//!
//! Units extraction rule (the one the data file follows): the units section
//! starts at the definition's first line beginning `Units of Service:` or
//! `Total Units of Service:` and runs to the end of the definition, except
//! that a later paragraph beginning `Note:` ends it (0810's note is about
//! program choice, not units). The section is whitespace-collapsed and its
//! leading `Units of Service:` and then `Total Units of Service:` labels are
//! removed. A definition with no units section gets "".
//!
//! Every check gathers all its problems before failing, and each message
//! names the program code and what differs.
//!
//! This file holds what the checks share: the reader of Appendix F, the
//! reader of the rulebook and the fixture that loads both. The checks are
//! in the sub-modules, one theme each.

mod cost_reporting;
mod funding;
mod identity;
mod population;
mod program_ties;
mod shape;
mod units;

use std::fs;
use std::path::Path;
use toml::Value;

const RULEBOOK: &str = "src/rulebook/omh-2009.toml";
const APPENDIX_F: &str = "tests/data/omh-appendix-f-program-codes-2009.txt";

/// Children's programs whose own definition names no one: the HCBS Waiver
/// definitions 2240-2270 serve "the child", and 2230 and 2280 are part of
/// that one children's waiver (a judgement call, said in FS007).
const POPULATION_FROM_SIBLINGS: [&str; 2] = ["2230", "2280"];

// ---------------------------------------------------------------------------
// Reading Appendix F

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One entry of the numeric list of definitions.
struct Definition {
    code: String,
    /// 1-based line of the heading in the Appendix F file.
    line: usize,
    /// The heading's name, whitespace-collapsed.
    heading: String,
    /// The qualifier line under the heading, e.g. "(Licensed Program)".
    qualifier: String,
    /// The lines after the qualifier, up to the next heading or the page footer.
    body: Vec<String>,
}

impl Definition {
    /// Qualifier and body, whitespace-collapsed into one line.
    fn text(&self) -> String {
        collapse(&format!("{} {}", self.qualifier, self.body.join(" ")))
    }

    /// The units section, by the extraction rule in the module docs.
    fn units(&self) -> String {
        let Some(start) = self.body.iter().position(|l| {
            let t = l.trim();
            t.starts_with("Units of Service:") || t.starts_with("Total Units of Service:")
        }) else {
            return String::new();
        };
        let mut kept: Vec<&str> = Vec::new();
        let mut new_paragraph = false;
        for (i, line) in self.body[start..].iter().enumerate() {
            if line.trim().is_empty() {
                new_paragraph = true;
                continue;
            }
            if i > 0 && new_paragraph && line.trim().starts_with("Note:") {
                break;
            }
            new_paragraph = false;
            kept.push(line);
        }
        let mut units = collapse(&kept.join(" "));
        for label in ["Units of Service:", "Total Units of Service:"] {
            if let Some(rest) = units.strip_prefix(label) {
                units = rest.trim().to_string();
            }
        }
        units
    }
}

struct AppendixF {
    /// (code, name, 1-based line) of the alphabetic list, in file order.
    alphabetic: Vec<(String, String, usize)>,
    definitions: Vec<Definition>,
    /// The whole file, whitespace-collapsed.
    text: String,
}

fn is_code(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `0040 - Family Care`, `0610 – Recreation` or `1400 Single Point Of Access
/// (SPOA)`: the code and the collapsed name.
fn split_heading(line: &str) -> Option<(String, String)> {
    let code = line.get(..4)?;
    if !is_code(code) {
        return None;
    }
    let rest = &line[4..];
    let name = rest
        .strip_prefix(" - ")
        .or_else(|| rest.strip_prefix(" – "))
        .or_else(|| rest.strip_prefix(' '))?;
    let name = collapse(name);
    if name.is_empty() {
        return None;
    }
    Some((code.to_string(), name))
}

fn parse_appendix_f(source: &str) -> AppendixF {
    let lines: Vec<&str> = source.lines().collect();
    let next_nonblank = |from: usize| (from..lines.len()).find(|&i| !lines[i].trim().is_empty());
    let is_definition_heading = |i: usize| -> bool {
        split_heading(lines[i]).is_some()
            && next_nonblank(i + 1).is_some_and(|q| {
                let q = lines[q].trim();
                q.starts_with('(') && q.ends_with(')')
            })
    };

    let intro = lines
        .iter()
        .position(|l| l.starts_with("Following this alphabetic list"))
        .expect("Appendix F: no line 'Following this alphabetic list ...'");
    let header = (intro..lines.len())
        .find(|&i| lines[i].trim() == "Program Type Program Code")
        .expect("Appendix F: no 'Program Type Program Code' line after the list introduction");
    let first_definition = (header + 1..lines.len())
        .find(|&i| is_definition_heading(i))
        .expect("Appendix F: no definition heading after the alphabetic list");

    let mut alphabetic = Vec::new();
    for (i, line) in lines
        .iter()
        .enumerate()
        .take(first_definition)
        .skip(header + 1)
    {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (name, code) = line
            .rsplit_once(|c: char| c.is_whitespace())
            .unwrap_or_else(|| panic!("Appendix F line {}: no code in {line:?}", i + 1));
        assert!(
            is_code(code),
            "Appendix F line {}: alphabetic entry {line:?} does not end with a 4-digit code",
            i + 1
        );
        alphabetic.push((code.to_string(), collapse(name), i + 1));
    }

    let footer = lines
        .iter()
        .position(|l| l.starts_with("Comments or questions"))
        .unwrap_or(lines.len());
    let headings: Vec<usize> = (first_definition..footer)
        .filter(|&i| is_definition_heading(i))
        .collect();
    let mut definitions = Vec::new();
    for (n, &h) in headings.iter().enumerate() {
        let end = headings.get(n + 1).copied().unwrap_or(footer);
        let (code, heading) =
            split_heading(lines[h]).expect("a definition heading was split once already");
        let q = next_nonblank(h + 1).expect("a definition heading has a qualifier line");
        definitions.push(Definition {
            code,
            line: h + 1,
            heading,
            qualifier: lines[q].trim().to_string(),
            body: lines[q + 1..end].iter().map(|l| l.to_string()).collect(),
        });
    }

    AppendixF {
        alphabetic,
        definitions,
        text: collapse(source),
    }
}

// ---------------------------------------------------------------------------
// Reading the rulebook (toml::Value only: the loader lives in src/)

struct Program {
    code: String,
    name: String,
    aliases: Vec<String>,
    licensed: bool,
    units: String,
    units_apply: bool,
    fund_sources: Vec<String>,
    fund_source_rule: Option<String>,
    companions: Vec<String>,
    companion_severity: Option<String>,
    companion_rule: Option<String>,
    admin: String,
    aggregated_on_claiming: bool,
    forbidden_fund_sources: Vec<String>,
    forbidden_fund_source_rule: Option<String>,
    not_through_omh_code: Option<String>,
    not_through_omh_rule: Option<String>,
    population: String,
    population_rule: Option<String>,
    companions_one_of: Vec<String>,
    expects_revenue: bool,
    revenue_rule: Option<String>,
    units_known: bool,
    keys: Vec<String>,
}

fn table<'a>(v: &'a Value, what: &str) -> &'a toml::value::Table {
    v.as_table()
        .unwrap_or_else(|| panic!("{RULEBOOK}: {what} is not a table"))
}

fn string(t: &toml::value::Table, key: &str, what: &str) -> Option<String> {
    t.get(key).map(|v| {
        v.as_str()
            .unwrap_or_else(|| panic!("{RULEBOOK}: {what}: `{key}` is not a string"))
            .to_string()
    })
}

fn req_string(t: &toml::value::Table, key: &str, what: &str) -> String {
    string(t, key, what).unwrap_or_else(|| panic!("{RULEBOOK}: {what}: `{key}` is missing"))
}

/// An optional boolean key, `default` when absent.
fn opt_bool(t: &toml::value::Table, key: &str, what: &str, default: bool) -> bool {
    t.get(key).map_or(default, |v| {
        v.as_bool()
            .unwrap_or_else(|| panic!("{RULEBOOK}: {what}: `{key}` is not true/false"))
    })
}

fn req_bool(t: &toml::value::Table, key: &str, what: &str) -> bool {
    t.get(key)
        .unwrap_or_else(|| panic!("{RULEBOOK}: {what}: `{key}` is missing"))
        .as_bool()
        .unwrap_or_else(|| panic!("{RULEBOOK}: {what}: `{key}` is not true/false"))
}

/// An array of strings; an absent key is [].
fn strings(t: &toml::value::Table, key: &str, what: &str) -> Vec<String> {
    match t.get(key) {
        None => Vec::new(),
        Some(v) => v
            .as_array()
            .unwrap_or_else(|| panic!("{RULEBOOK}: {what}: `{key}` is not an array"))
            .iter()
            .map(|s| {
                s.as_str()
                    .unwrap_or_else(|| panic!("{RULEBOOK}: {what}: `{key}` holds a non-string"))
                    .to_string()
            })
            .collect(),
    }
}

fn rulebook() -> Value {
    read(RULEBOOK)
        .parse::<Value>()
        .unwrap_or_else(|e| panic!("{RULEBOOK} is not valid TOML: {e}"))
}

fn programs(rulebook: &Value) -> Vec<Program> {
    let list = rulebook
        .get("programs")
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{RULEBOOK}: no [[programs]] array"));
    list.iter()
        .enumerate()
        .map(|(i, v)| {
            let t = table(v, &format!("programs[{i}]"));
            let code = req_string(t, "code", &format!("programs[{i}]"));
            let what = format!("program {code}");
            Program {
                name: req_string(t, "name", &what),
                aliases: strings(t, "aliases", &what),
                licensed: req_bool(t, "licensed", &what),
                units: req_string(t, "units", &what),
                units_apply: req_bool(t, "units_apply", &what),
                fund_sources: strings(t, "fund_sources", &what),
                fund_source_rule: string(t, "fund_source_rule", &what),
                companions: strings(t, "companions", &what),
                companion_severity: string(t, "companion_severity", &what),
                companion_rule: string(t, "companion_rule", &what),
                admin: req_string(t, "admin", &what),
                aggregated_on_claiming: opt_bool(t, "aggregated_on_claiming", &what, true),
                forbidden_fund_sources: strings(t, "forbidden_fund_sources", &what),
                forbidden_fund_source_rule: string(t, "forbidden_fund_source_rule", &what),
                not_through_omh_code: string(t, "not_through_omh_code", &what),
                not_through_omh_rule: string(t, "not_through_omh_rule", &what),
                population: string(t, "population", &what).unwrap_or_else(|| "any".into()),
                population_rule: string(t, "population_rule", &what),
                companions_one_of: strings(t, "companions_one_of", &what),
                expects_revenue: opt_bool(t, "expects_revenue", &what, false),
                revenue_rule: string(t, "revenue_rule", &what),
                units_known: opt_bool(t, "units_known", &what, true),
                keys: t.keys().cloned().collect(),
                code,
            }
        })
        .collect()
}

struct Fixture {
    appf: AppendixF,
    rulebook: Value,
    programs: Vec<Program>,
}

impl Fixture {
    fn load() -> Self {
        let appf = parse_appendix_f(&read(APPENDIX_F));
        let rulebook = rulebook();
        let programs = programs(&rulebook);
        Fixture {
            appf,
            rulebook,
            programs,
        }
    }

    fn program(&self, code: &str) -> Option<&Program> {
        self.programs.iter().find(|p| p.code == code)
    }

    fn definition(&self, code: &str) -> Option<&Definition> {
        self.appf.definitions.iter().find(|d| d.code == code)
    }
}

/// Fails with every problem found, one per line.
fn report(check: &str, problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{check}: {} problem(s) in {RULEBOOK}:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}
