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

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use toml::Value;

const RULEBOOK: &str = "src/rulebook/omh-2009.toml";
const APPENDIX_F: &str = "tests/data/omh-appendix-f-program-codes-2009.txt";

/// Codes whose Appendix F units are "Not applicable" (rules.md US001).
const UNITS_NOT_APPLICABLE: [&str; 13] = [
    "0860", "0870", "0890", "1070", "1190", "1400", "1690", "2070", "2810", "2830", "2860", "3070",
    "8810",
];

/// rules.md FS002: program, allowed funding sources.
const FUND_RESTRICTIONS: [(&str, &[&str]); 4] = [
    ("0890", &["001A"]),
    ("0860", &["170D", "200", "300", "400"]),
    ("1970", &["170B"]),
    ("2070", &["090"]),
];

/// rules.md XP001: program, companion programs, severity; the last two
/// rows are the ties Appendix F implies (XP001's explanation).
const COMPANIONS: [(&str, &[&str], &str); 9] = [
    ("8810", &["0800"], "error"),
    ("2810", &["1810"], "error"),
    ("1680", &["3130"], "error"),
    ("1920", &["3130"], "error"),
    ("2600", &["3130"], "error"),
    ("0790", &["2100"], "error"),
    ("1510", &["2100"], "warning"),
    ("3130", &["1680", "1920", "2600"], "warning"),
    ("2880", &["1080"], "warning"),
];

/// XP001 "one of": 2830's name lists the programs whose service dollars it
/// holds; a warning, as the tie is implied by the name.
const COMPANIONS_ONE_OF: [(&str, &[&str], &str); 1] =
    [("2830", &["1810", "6810", "0820"], "warning")];

/// FS005: program, funding sources it is never claimed under.
const FORBIDDEN_FUND_SOURCES: [(&str, &[&str]); 1] = [("2600", &["001"])];

/// FS006: flow-through program, the program for funds that do not flow through OMH.
const NOT_THROUGH_OMH: [(&str, &str); 2] = [("1070", "2070"), ("3070", "2070")];

/// FS007 (its explanation lists them): programs whose definitions name
/// their population. Every other program is "any".
const CHILDREN: [&str; 19] = [
    "0200", "0790", "1080", "1320", "1510", "1520", "1650", "2040", "2230", "2240", "2250", "2260",
    "2270", "2280", "2880", "2990", "3040", "4040", "7050",
];
const ADULTS: [&str; 7] = ["0320", "1410", "1420", "6070", "7070", "7080", "8050"];

/// Children's programs whose own definition names no one: the HCBS Waiver
/// definitions 2240-2270 serve "the child", and 2230 and 2280 are part of
/// that one children's waiver (a judgement call, said in FS007).
const POPULATION_FROM_SIBLINGS: [&str; 2] = ["2230", "2280"];

/// Words by which a definition names its population (FS007). A definition
/// with words of both kinds serves anyone.
const CHILDREN_WORDS: [&str; 10] = [
    "children and adolescents",
    "children or adolescents",
    "children and youth",
    "child or adolescent",
    "for children",
    "children who are",
    "children occupying",
    "the child",
    "child/family",
    "adolescents",
];
const ADULT_WORDS: [&str; 4] = ["for adults", "adults,", "older adults", "adult congregate"];

/// IX008: program types "not aggregated by program type on the claiming schedules".
const NOT_AGGREGATED: [&str; 1] = ["6070"];

/// XP002: programs whose definition says they report revenue.
const EXPECTS_REVENUE: [&str; 1] = ["9340"];

/// rules.md AD001: programs whose allocated agency administration is
/// redistributed, those that do not include it, and 2830, whose definition
/// says both.
const ADMIN_REDISTRIBUTED: [&str; 6] = ["0860", "0870", "1690", "2820", "2860", "8810"];
const ADMIN_EXCLUDED: [&str; 1] = ["0890"];
const ADMIN_BOTH: [&str; 1] = ["2830"];

/// The funding-source list of the spec's "Reference data the rules need".
const FUND_SOURCE_CODES: [&str; 9] = [
    "001", "004", "005", "090", "170B", "170D", "200", "300", "400",
];

const PROGRAM_KEYS: [&str; 23] = [
    "code",
    "name",
    "aliases",
    "licensed",
    "units",
    "units_apply",
    "fund_sources",
    "fund_source_rule",
    "companions",
    "companion_severity",
    "companion_rule",
    "admin",
    "aggregated_on_claiming",
    "forbidden_fund_sources",
    "forbidden_fund_source_rule",
    "not_through_omh_code",
    "not_through_omh_rule",
    "population",
    "population_rule",
    "companions_one_of",
    "expects_revenue",
    "revenue_rule",
    "units_known",
];

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

// ---------------------------------------------------------------------------
// Checks

#[test]
fn appendix_f_parses_as_expected() {
    let f = Fixture::load();
    assert_eq!(
        f.appf.alphabetic.len(),
        88,
        "{APPENDIX_F}: the alphabetic list should have 88 entries"
    );
    assert_eq!(
        f.appf.definitions.len(),
        89,
        "{APPENDIX_F}: the numeric list should have 89 definitions"
    );
}

#[test]
fn edition_header() {
    let f = Fixture::load();
    let edition = table(
        f.rulebook
            .get("edition")
            .unwrap_or_else(|| panic!("{RULEBOOK}: no [edition] table")),
        "[edition]",
    );
    let keys: BTreeSet<&str> = edition.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = ["id", "title", "source", "period_starts"].into();
    assert_eq!(keys, expected, "{RULEBOOK}: [edition] keys");
    assert_eq!(req_string(edition, "id", "[edition]"), "omh-2009");
    assert_eq!(
        req_string(edition, "source", "[edition]"),
        "https://www.omh.ny.gov/omhweb/cbr/fy09/section_30.html"
    );
    assert_eq!(
        strings(edition, "period_starts", "[edition]"),
        ["2009-01-01", "2009-07-01"],
        "{RULEBOOK}: [edition] period_starts (AppF covers 1/1/2009-12/31/2009 and 7/1/2009-6/30/2010)"
    );
    let top: BTreeSet<&str> = table(&f.rulebook, "the file")
        .keys()
        .map(String::as_str)
        .collect();
    let expected: BTreeSet<&str> = ["edition", "fund_sources", "programs"].into();
    assert_eq!(top, expected, "{RULEBOOK}: top-level keys");
}

#[test]
fn program_entries_are_well_formed() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    if f.programs.len() != 89 {
        problems.push(format!("{} programs, expected 89", f.programs.len()));
    }
    let mut seen = BTreeSet::new();
    let mut previous: Option<&str> = None;
    for p in &f.programs {
        let c = &p.code;
        if !is_code(c) {
            problems.push(format!("program code {c:?} is not 4 digits"));
        }
        if !seen.insert(c.as_str()) {
            problems.push(format!("program {c} appears twice"));
        }
        if previous.is_some_and(|prev| prev >= c.as_str()) {
            problems.push(format!("program {c} is out of code order"));
        }
        previous = Some(c);
        for k in &p.keys {
            if !PROGRAM_KEYS.contains(&k.as_str()) {
                problems.push(format!("program {c}: unknown key `{k}`"));
            }
        }
        if ![
            "allocated",
            "redistributed",
            "excluded",
            "excluded-and-redistributed",
        ]
        .contains(&p.admin.as_str())
        {
            problems.push(format!("program {c}: admin = {:?}", p.admin));
        }
        if p.fund_sources.is_empty() != p.fund_source_rule.is_none() {
            problems.push(format!(
                "program {c}: fund_source_rule must be given exactly when fund_sources is non-empty"
            ));
        }
        let tied = !p.companions.is_empty() || !p.companions_one_of.is_empty();
        if !p.companions.is_empty() && p.companion_rule.is_none() {
            problems.push(format!("program {c}: companions without a companion_rule"));
        }
        if !tied && (p.companion_rule.is_some() || p.companion_severity.is_some()) {
            problems.push(format!(
                "program {c}: companion_rule or companion_severity without companions"
            ));
        }
        let wordings = [
            (
                "forbidden_fund_sources",
                !p.forbidden_fund_sources.is_empty(),
                &p.forbidden_fund_source_rule,
            ),
            (
                "not_through_omh_code",
                p.not_through_omh_code.is_some(),
                &p.not_through_omh_rule,
            ),
            ("expects_revenue", p.expects_revenue, &p.revenue_rule),
            (
                "population",
                p.population != "any" && !POPULATION_FROM_SIBLINGS.contains(&c.as_str()),
                &p.population_rule,
            ),
        ];
        for (key, set, wording) in wordings {
            if set != wording.is_some() {
                problems.push(format!(
                    "program {c}: the wording of `{key}` must be given exactly when it is set"
                ));
            }
        }
        if !["children", "adults", "any"].contains(&p.population.as_str()) {
            problems.push(format!("program {c}: population = {:?}", p.population));
        }
        if p.name != collapse(&p.name) || p.name.is_empty() {
            problems.push(format!(
                "program {c}: name {:?} is empty or has stray whitespace",
                p.name
            ));
        }
        if p.units != collapse(&p.units) {
            problems.push(format!(
                "program {c}: units text is not whitespace-collapsed"
            ));
        }
    }
    report("program entries", problems);
}

#[test]
fn alphabetic_list_is_in_rulebook() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for (code, name, line) in &f.appf.alphabetic {
        match f.program(code) {
            None => problems.push(format!(
                "Appendix F line {line}: {code} {name:?} is missing from the rulebook"
            )),
            Some(p) if collapse(&p.name) != *name => problems.push(format!(
                "program {code}: name {:?}, but the alphabetic list (line {line}) says {name:?}",
                p.name
            )),
            Some(_) => {}
        }
    }
    report("alphabetic list", problems);
}

#[test]
fn definition_headings_are_in_rulebook() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for d in &f.appf.definitions {
        let Some(p) = f.program(&d.code) else {
            problems.push(format!(
                "Appendix F line {}: definition {} {:?} is missing from the rulebook",
                d.line, d.code, d.heading
            ));
            continue;
        };
        let known =
            collapse(&p.name) == d.heading || p.aliases.iter().any(|a| collapse(a) == d.heading);
        if !known {
            problems.push(format!(
                "program {}: definition heading {:?} (line {}) is neither the name {:?} nor an alias {:?}",
                d.code, d.heading, d.line, p.name, p.aliases
            ));
        }
    }
    report("definition headings", problems);
}

#[test]
fn every_rulebook_program_is_in_appendix_f() {
    let f = Fixture::load();
    let alphabetic: BTreeMap<&str, &str> = f
        .appf
        .alphabetic
        .iter()
        .map(|(c, n, _)| (c.as_str(), n.as_str()))
        .collect();
    let mut problems = Vec::new();
    for p in &f.programs {
        let in_list = alphabetic.contains_key(p.code.as_str());
        let defined = f.definition(&p.code);
        match (in_list, defined) {
            (false, None) => problems.push(format!(
                "program {} {:?} appears nowhere in Appendix F",
                p.code, p.name
            )),
            // Defined but not in the alphabetic list (2770): the name is the heading.
            (false, Some(d)) if p.name != d.heading => problems.push(format!(
                "program {} is not in the alphabetic list, so its name should be the definition heading {:?}, not {:?}",
                p.code, d.heading, p.name
            )),
            _ => {}
        }
    }
    let only_defined: Vec<&str> = f
        .appf
        .definitions
        .iter()
        .map(|d| d.code.as_str())
        .filter(|c| !alphabetic.contains_key(c))
        .collect();
    if only_defined != ["2770"] {
        problems.push(format!(
            "Appendix F codes defined but not in the alphabetic list: {only_defined:?}, expected [\"2770\"]"
        ));
    }
    report("rulebook programs in Appendix F", problems);
}

#[test]
fn aliases_are_spellings_appendix_f_uses() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    let mut owner: BTreeMap<String, &str> = BTreeMap::new();
    for p in &f.programs {
        if owner.insert(p.name.to_lowercase(), &p.code).is_some() {
            problems.push(format!(
                "program {}: name {:?} is used twice",
                p.code, p.name
            ));
        }
    }
    for p in &f.programs {
        for a in &p.aliases {
            if a == &p.name {
                problems.push(format!("program {}: alias {a:?} repeats the name", p.code));
            }
            if let Some(other) = owner.insert(a.to_lowercase(), &p.code) {
                if other != p.code {
                    problems.push(format!(
                        "program {}: alias {a:?} is already the name or alias of {other}",
                        p.code
                    ));
                } else if p.aliases.iter().filter(|b| *b == a).count() > 1 {
                    // Same program, same spelling; a case-only variant of the
                    // name (a heading like "On-site Rehabilitation") is fine.
                    problems.push(format!("program {}: alias {a:?} is given twice", p.code));
                }
            }
            if !contains_word(&f.appf.text, &collapse(a)) {
                problems.push(format!(
                    "program {}: alias {a:?} does not occur (as a whole word) in Appendix F",
                    p.code
                ));
            }
        }
    }
    report("aliases", problems);
}

/// `needle` occurs in `hay` not preceded or followed by a letter or digit.
fn contains_word(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn licensed_matches_qualifier_line() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for d in &f.appf.definitions {
        let Some(p) = f.program(&d.code) else {
            continue;
        };
        let q = &d.qualifier;
        let expected = if q == "(Licensed Program)" {
            true
        } else if q.starts_with("(Non-Licensed Program") || q == "(Unlicensed Program)" {
            false
        } else if q.starts_with("(Associated with the licensed") || q.starts_with("(Part of the") {
            // 8810 and 2810: dollars tied to another program are not themselves licensed.
            false
        } else {
            problems.push(format!(
                "program {}: unexpected qualifier line {q:?}",
                d.code
            ));
            continue;
        };
        if p.licensed != expected {
            problems.push(format!(
                "program {}: licensed = {}, but Appendix F says {q:?}",
                d.code, p.licensed
            ));
        }
    }
    report("licensed", problems);
}

#[test]
fn units_text_matches_appendix_f() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for d in &f.appf.definitions {
        let Some(p) = f.program(&d.code) else {
            continue;
        };
        let expected = d.units();
        if collapse(&p.units) != expected {
            problems.push(format!(
                "program {}: units {:?}, but Appendix F (line {}) gives {expected:?}",
                d.code, p.units, d.line
            ));
        }
    }
    report("units text", problems);
}

#[test]
fn units_apply_is_false_exactly_where_appendix_f_says_not_applicable() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for p in &f.programs {
        let listed = UNITS_NOT_APPLICABLE.contains(&p.code.as_str());
        if p.units_apply == listed {
            problems.push(format!(
                "program {}: units_apply = {}, rules.md US001 says {}",
                p.code, p.units_apply, !listed
            ));
        }
        if let Some(d) = f.definition(&p.code) {
            let not_applicable = d.units().starts_with("Not applicable");
            if not_applicable != listed {
                problems.push(format!(
                    "program {}: Appendix F units {:?} disagree with the US001 list",
                    p.code,
                    d.units()
                ));
            }
        }
    }
    report("units_apply", problems);
}

#[test]
fn fund_sources_list_matches_spec() {
    let f = Fixture::load();
    let list = f
        .rulebook
        .get("fund_sources")
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{RULEBOOK}: no [[fund_sources]] array"));
    let mut problems = Vec::new();
    let mut codes = Vec::new();
    for (i, v) in list.iter().enumerate() {
        let t = table(v, &format!("fund_sources[{i}]"));
        let code = req_string(t, "code", &format!("fund_sources[{i}]"));
        let what = format!("fund source {code}");
        let keys: BTreeSet<&str> = t
            .keys()
            .map(String::as_str)
            .filter(|key| *key != "index_populations")
            .collect();
        let expected: BTreeSet<&str> = ["code", "name", "indexes", "index_required"].into();
        if keys != expected {
            problems.push(format!("{what}: keys {keys:?}, expected {expected:?}"));
        }
        let name = req_string(t, "name", &what);
        let indexes = strings(t, "indexes", &what);
        let required = req_bool(t, "index_required", &what);
        let populations = t.get("index_populations").map(|v| {
            v.as_table()
                .unwrap_or_else(|| panic!("{RULEBOOK}: {what}: index_populations is not a table"))
                .iter()
                .map(|(index, population)| {
                    (
                        index.clone(),
                        population.as_str().unwrap_or("?").to_string(),
                    )
                })
                .collect::<Vec<_>>()
        });
        if code == "001" {
            if indexes != ["A"] || !required {
                problems.push(format!(
                    "{what}: indexes {indexes:?}, index_required {required}; AppN: index A (adults), required"
                ));
            }
            if populations != Some(vec![("A".to_string(), "adults".to_string())]) {
                problems.push(format!(
                    "{what}: index_populations {populations:?}; AppN: A = adults"
                ));
            }
        } else if populations.is_some() {
            problems.push(format!(
                "{what}: index_populations, but the spec gives populations only for 001"
            ));
        }
        if code != "001" && required {
            problems.push(format!("{what}: index_required should be false"));
        }
        if code == "090" && name != "Non-funded" {
            problems.push(format!("{what}: name {name:?}, expected \"Non-funded\""));
        }
        codes.push(code);
    }
    if codes != FUND_SOURCE_CODES {
        problems.push(format!(
            "fund source codes {codes:?}, expected {FUND_SOURCE_CODES:?}"
        ));
    }
    // Every program's allowed source must name a listed code (plus an allowed index).
    let known: Vec<(String, Vec<String>)> = list
        .iter()
        .filter_map(|v| {
            let t = v.as_table()?;
            Some((
                t.get("code")?.as_str()?.to_string(),
                strings(t, "indexes", "fund source"),
            ))
        })
        .collect();
    for p in &f.programs {
        for s in &p.fund_sources {
            let resolves = known.iter().any(|(code, indexes)| {
                s == code
                    || s.strip_prefix(code.as_str())
                        .is_some_and(|ix| indexes.iter().any(|i| i == ix))
            });
            if !resolves {
                problems.push(format!(
                    "program {}: fund source {s:?} is not in the [[fund_sources]] list",
                    p.code
                ));
            }
        }
    }
    report("fund sources", problems);
}

#[test]
fn fund_source_restrictions_match_rules_md() {
    let f = Fixture::load();
    let table: BTreeMap<&str, &[&str]> = FUND_RESTRICTIONS.into_iter().collect();
    let mut problems = Vec::new();
    for p in &f.programs {
        let expected: &[&str] = table.get(p.code.as_str()).copied().unwrap_or(&[]);
        if p.fund_sources != expected {
            problems.push(format!(
                "program {}: fund_sources {:?}, rules.md FS002 says {expected:?}",
                p.code, p.fund_sources
            ));
        }
        if let (Some(rule), Some(d)) = (&p.fund_source_rule, f.definition(&p.code)) {
            if !d.text().contains(&collapse(rule)) {
                problems.push(format!(
                    "program {}: fund_source_rule {rule:?} is not quoted from its Appendix F definition",
                    p.code
                ));
            }
        }
    }
    report("fund-source restrictions", problems);
}

#[test]
fn companions_match_rules_md() {
    let f = Fixture::load();
    let table: BTreeMap<&str, (&[&str], &str)> = COMPANIONS
        .into_iter()
        .map(|(p, c, s)| (p, (c, s)))
        .collect();
    let mut problems = Vec::new();
    for p in &f.programs {
        let (one_of, one_of_severity): (&[&str], Option<&str>) = COMPANIONS_ONE_OF
            .iter()
            .find(|(code, _, _)| *code == p.code)
            .map_or((&[], None), |(_, any, severity)| (*any, Some(*severity)));
        let (expected, severity) = match (table.get(p.code.as_str()).copied(), one_of_severity) {
            (Some(row), _) => row,
            (None, Some(severity)) => (&[][..], severity),
            (None, None) => (&[][..], "error"),
        };
        if p.companions != expected {
            problems.push(format!(
                "program {}: companions {:?}, rules.md XP001 says {expected:?}",
                p.code, p.companions
            ));
        }
        let given = p.companion_severity.as_deref();
        let ok = match severity {
            "warning" => given == Some("warning"),
            _ => given.is_none(),
        };
        if !ok {
            problems.push(format!(
                "program {}: companion_severity {given:?}, rules.md XP001 says {severity} (only a warning is written out)",
                p.code
            ));
        }
        if p.companions_one_of != one_of {
            problems.push(format!(
                "program {}: companions_one_of {:?}, XP001 says {one_of:?}",
                p.code, p.companions_one_of
            ));
        }
        // "One of" ties without wording come from the name: it names each alternative.
        if p.companion_rule.is_none() {
            for c in &p.companions_one_of {
                let Some(alternative) = f.program(c) else {
                    continue;
                };
                let short = alternative
                    .name
                    .split(" (")
                    .next()
                    .unwrap_or(&alternative.name);
                if !p.name.contains(short) {
                    problems.push(format!(
                        "program {}: alternative {c} ({short:?}) is not named in {:?}, and no companion_rule says why it is one",
                        p.code, p.name
                    ));
                }
            }
        }
        for c in p.companions.iter().chain(&p.companions_one_of) {
            if f.program(c).is_none() {
                problems.push(format!(
                    "program {}: companion {c} is not a program",
                    p.code
                ));
            }
        }
        if let Some(rule) = &p.companion_rule {
            // Quoted from the program's own definition or its companion's.
            let rule = collapse(rule);
            let quoted = std::iter::once(&p.code)
                .chain(p.companions.iter())
                .filter_map(|c| f.definition(c))
                .any(|d| d.text().contains(&rule));
            if !quoted {
                problems.push(format!(
                    "program {}: companion_rule {rule:?} is not quoted from Appendix F",
                    p.code
                ));
            }
        }
    }
    report("companions", problems);
}

#[test]
fn admin_matches_rules_md_and_appendix_f() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for p in &f.programs {
        let c = p.code.as_str();
        let expected = if ADMIN_BOTH.contains(&c) {
            "excluded-and-redistributed"
        } else if ADMIN_EXCLUDED.contains(&c) {
            "excluded"
        } else if ADMIN_REDISTRIBUTED.contains(&c) {
            "redistributed"
        } else {
            "allocated"
        };
        if p.admin != expected {
            problems.push(format!(
                "program {c}: admin = {:?}, rules.md AD001 says {expected:?}",
                p.admin
            ));
        }
        if let Some(d) = f.definition(c) {
            let text = d.text();
            let excluded = text.contains("does not include agency administration");
            let redistributed = text.contains("are redistributed to other OMH programs");
            let from_text = match (excluded, redistributed) {
                (true, true) => "excluded-and-redistributed",
                (true, false) => "excluded",
                (false, true) => "redistributed",
                (false, false) => "allocated",
            };
            if from_text != expected {
                problems.push(format!(
                    "program {c}: Appendix F wording implies admin {from_text:?}, rules.md says {expected:?}"
                ));
            }
        }
    }
    report("admin", problems);
}

// ---------------------------------------------------------------------------
// What else a definition says (issue 15)

#[test]
fn population_is_taken_from_the_definitions_words() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for p in &f.programs {
        let c = p.code.as_str();
        let listed = if CHILDREN.contains(&c) {
            "children"
        } else if ADULTS.contains(&c) {
            "adults"
        } else {
            "any"
        };
        if p.population != listed {
            problems.push(format!(
                "program {c}: population {:?}, FS007 lists it as {listed:?}",
                p.population
            ));
        }
        let Some(d) = f.definition(c) else {
            continue;
        };
        // The definition before its units section: 0820's units count
        // "1 collateral visit for children" without serving only children.
        let text = d.text();
        let served = text
            .split("Units of Service:")
            .next()
            .unwrap_or(&text)
            .to_lowercase();
        let children = CHILDREN_WORDS.iter().any(|w| served.contains(w));
        let adults = ADULT_WORDS.iter().any(|w| served.contains(w));
        let from_words = match (children, adults) {
            (true, false) => "children",
            (false, true) => "adults",
            _ => "any",
        };
        if from_words != p.population && !POPULATION_FROM_SIBLINGS.contains(&c) {
            problems.push(format!(
                "program {c}: population {:?}, but the definition's words say {from_words:?}",
                p.population
            ));
        }
        if let Some(rule) = &p.population_rule {
            if !text.contains(&collapse(rule)) {
                problems.push(format!(
                    "program {c}: population_rule {rule:?} is not quoted from its definition"
                ));
            }
            let words: &[&str] = if p.population == "children" {
                &CHILDREN_WORDS
            } else {
                &ADULT_WORDS
            };
            let lower = rule.to_lowercase();
            if !words
                .iter()
                .any(|w| lower.contains(w.trim_end_matches(',')))
            {
                problems.push(format!(
                    "program {c}: population_rule {rule:?} does not name {:?}",
                    p.population
                ));
            }
        }
    }
    // The siblings the two HCBS Waiver codes take their population from.
    for code in ["2240", "2250", "2260", "2270"] {
        if f.program(code).map(|p| p.population.as_str()) != Some("children") {
            problems.push(format!(
                "program {code}: the HCBS Waiver sibling of 2230/2280 should serve children"
            ));
        }
    }
    report("population", problems);
}

#[test]
fn forbidden_and_flow_through_funding_are_quoted_from_appendix_f() {
    let f = Fixture::load();
    let forbidden: BTreeMap<&str, &[&str]> = FORBIDDEN_FUND_SOURCES.into_iter().collect();
    let flow: BTreeMap<&str, &str> = NOT_THROUGH_OMH.into_iter().collect();
    let mut problems = Vec::new();
    for p in &f.programs {
        let c = p.code.as_str();
        let expected: &[&str] = forbidden.get(c).copied().unwrap_or(&[]);
        if p.forbidden_fund_sources != expected {
            problems.push(format!(
                "program {c}: forbidden_fund_sources {:?}, FS005 says {expected:?}",
                p.forbidden_fund_sources
            ));
        }
        if p.not_through_omh_code.as_deref() != flow.get(c).copied() {
            problems.push(format!(
                "program {c}: not_through_omh_code {:?}, FS006 says {:?}",
                p.not_through_omh_code,
                flow.get(c)
            ));
        }
        let Some(d) = f.definition(c) else {
            continue;
        };
        let text = d.text();
        for rule in [&p.forbidden_fund_source_rule, &p.not_through_omh_rule]
            .into_iter()
            .flatten()
        {
            if !text.contains(&collapse(rule)) {
                problems.push(format!(
                    "program {c}: {rule:?} is not quoted from its definition"
                ));
            }
        }
        if let (Some(alternative), Some(rule)) = (&p.not_through_omh_code, &p.not_through_omh_rule)
        {
            if !rule.contains("do not flow through OMH") || !rule.ends_with(alternative.as_str()) {
                problems.push(format!(
                    "program {c}: not_through_omh_rule {rule:?} should say the funds do not flow through OMH and name {alternative}"
                ));
            }
            match f.program(alternative) {
                Some(alt) if !alt.fund_sources.is_empty() => {}
                _ => problems.push(format!(
                    "program {c}: {alternative} must be a program with its own fund_sources (what FS006 compares with)"
                )),
            }
        }
    }
    // 2600's wording is the sentence that rules out OMH's funding source.
    let beds = f
        .program("2600")
        .and_then(|p| p.forbidden_fund_source_rule.clone());
    if !beds.is_some_and(|rule| rule.contains("neither funded by OMH")) {
        problems.push(
            "program 2600: forbidden_fund_source_rule should quote \"neither funded by OMH\""
                .into(),
        );
    }
    report("forbidden and flow-through funding", problems);
}

#[test]
fn not_aggregated_types_are_appendix_fs_indexing_example() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    let example = "This program type is not aggregated by program type on the claiming schedules";
    if !f.appf.text.contains(example) {
        problems.push(format!("Appendix F no longer says {example:?}"));
    }
    for p in &f.programs {
        let c = p.code.as_str();
        let listed = NOT_AGGREGATED.contains(&c);
        if p.aggregated_on_claiming == listed {
            problems.push(format!(
                "program {c}: aggregated_on_claiming = {}, IX008 says {}",
                p.aggregated_on_claiming, !listed
            ));
        }
        // The example names the type by its code in parentheses, and within
        // the next three sentences says it is not aggregated.
        let named = f
            .appf
            .text
            .split(&format!("({c})"))
            .nth(1)
            .is_some_and(|after| {
                after
                    .split(". ")
                    .take(3)
                    .any(|sentence| sentence.trim().starts_with(example))
            });
        if listed != named {
            problems.push(format!(
                "program {c}: aggregated_on_claiming = {}, but the indexing example {} it is not aggregated",
                p.aggregated_on_claiming,
                if named { "says" } else { "does not say" }
            ));
        }
    }
    report("aggregated_on_claiming", problems);
}

#[test]
fn expects_revenue_where_the_definition_reports_revenue() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for p in &f.programs {
        let c = p.code.as_str();
        let listed = EXPECTS_REVENUE.contains(&c);
        if p.expects_revenue != listed {
            problems.push(format!(
                "program {c}: expects_revenue = {}, XP002 says {listed}",
                p.expects_revenue
            ));
        }
        let Some(d) = f.definition(c) else {
            continue;
        };
        let says = d.text().contains("the revenue received from");
        if says != p.expects_revenue {
            problems.push(format!(
                "program {c}: expects_revenue = {}, but its definition {} report \"the revenue received from\" another program",
                p.expects_revenue,
                if says { "does" } else { "does not" }
            ));
        }
        if let Some(rule) = &p.revenue_rule {
            if !d.text().contains(&collapse(rule)) {
                problems.push(format!(
                    "program {c}: revenue_rule {rule:?} is not quoted from its definition"
                ));
            }
        }
    }
    report("expects_revenue", problems);
}

#[test]
fn units_known_is_false_exactly_where_appendix_f_gives_no_units_text() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for d in &f.appf.definitions {
        let Some(p) = f.program(&d.code) else {
            continue;
        };
        let blank = d.units().is_empty();
        if p.units_known == blank {
            problems.push(format!(
                "program {}: units_known = {}, but Appendix F's units text is {:?}",
                d.code,
                p.units_known,
                d.units()
            ));
        }
        if !p.units_known && !p.units_apply {
            problems.push(format!(
                "program {}: units_known = false means units apply but are not described; units_apply is false",
                d.code
            ));
        }
    }
    report("units_known", problems);
}
