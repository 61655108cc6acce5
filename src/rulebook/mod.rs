//! The OMH rulebook: program codes and funding sources, as data.
//!
//! The default edition (`omh-2009.toml`, built from Appendix F) is embedded at
//! build time. A user file in the same format (`--rulebook`) either extends an
//! embedded edition (`extends = "omh-2009"`) or stands as an edition of its
//! own, so a new year's codes need no new release. See docs/rulebook.md.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use anyhow::{bail, Context as _, Result};
use compact_str::CompactString;
use serde::Deserialize;
use toml::Spanned;

use crate::model::{Date, FundSource, Period, ProgramCode};
use crate::report::Severity;

mod population;
pub use population::Population;

const EMBEDDED: &[(&str, &str)] = &[("omh-2009.toml", include_str!("omh-2009.toml"))];

/// How a program's allocated agency administration is treated (AppF "Ratio Value").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AdminTreatment {
    /// Ordinary program: receives its share of agency administration.
    Allocated,
    /// Its share is redistributed to other OMH programs.
    Redistributed,
    /// The program "does not include agency administration".
    Excluded,
    /// AppF says both (2830): the program "does not include agency
    /// administration", and what is allocated to it is redistributed.
    #[serde(rename = "excluded-and-redistributed")]
    ExcludedAndRedistributed,
}

/// A funding source a program may be used with: code and optional index (`001A`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowedFund {
    pub code: CompactString,
    pub index: Option<CompactString>,
}

impl AllowedFund {
    pub fn admits(&self, fund: &FundSource) -> bool {
        self.code == fund.code && (self.index.is_none() || self.index == fund.index)
    }
}

impl fmt::Display for AllowedFund {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.index {
            Some(index) => write!(f, "{} index {}", self.code, index),
            None => f.write_str(&self.code),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Program {
    pub code: ProgramCode,
    pub name: String,
    /// Other spellings Appendix F itself uses (definition heading, abbreviations).
    pub aliases: Vec<String>,
    pub licensed: bool,
    /// The Units of Service text of the definition.
    pub units: String,
    pub units_apply: bool,
    /// Funding sources the program may be used with; empty means any.
    pub fund_sources: Vec<AllowedFund>,
    pub fund_source_rule: String,
    /// Programs this one must be reported with.
    pub companions: Vec<ProgramCode>,
    pub companion_severity: Option<Severity>,
    pub companion_rule: String,
    pub admin: AdminTreatment,
    // What else the definition says about how the program is reported
    // (docs/rulebook.md, "What else a definition says").
    /// False where program/sites of the type "are not aggregated by program
    /// type on the claiming schedules" (6070): each must be indexed (IX008).
    pub aggregated_on_claiming: bool,
    /// Funding sources the program is never claimed under (FS005); `001` means any index.
    pub forbidden_fund_sources: Vec<AllowedFund>,
    pub forbidden_fund_source_rule: String,
    /// The program that takes these funds when they do not flow through OMH (FS006).
    pub not_through_omh_code: Option<ProgramCode>,
    pub not_through_omh_rule: String,
    /// Whom the definition says the program serves (FS007).
    pub population: Population,
    pub population_rule: String,
    /// Programs of which the filing must report at least one (XP001).
    pub companions_one_of: Vec<ProgramCode>,
    /// The definition says the program reports revenue (XP002).
    pub expects_revenue: bool,
    pub revenue_rule: String,
    /// False where AppF gives no units text at all (1680): US002 does not guess.
    pub units_known: bool,
}

#[derive(Clone, Debug)]
pub struct FundSourceDef {
    pub code: CompactString,
    pub name: String,
    pub indexes: Vec<CompactString>,
    pub index_required: bool,
    /// Whom each index pays for (AppN: 001 index A = adults), for FS007.
    pub index_populations: Vec<(CompactString, Population)>,
}

impl FundSourceDef {
    /// The population an index of this funding source pays for, if the rulebook says.
    pub fn index_population(&self, index: &str) -> Option<Population> {
        self.index_populations
            .iter()
            .find(|(known, _)| known == index)
            .map(|(_, population)| *population)
    }
}

/// One edition of the rulebook, covering some reporting periods.
#[derive(Clone, Debug)]
pub struct Edition {
    pub id: String,
    pub title: String,
    pub source: String,
    /// First days of the reporting periods the edition covers.
    pub period_starts: Vec<Date>,
    /// Programs in code order.
    pub programs: Vec<Program>,
    pub fund_sources: Vec<FundSourceDef>,
    by_code: HashMap<ProgramCode, usize>,
}

impl Edition {
    pub fn program(&self, code: ProgramCode) -> Option<&Program> {
        self.by_code.get(&code).map(|&at| &self.programs[at])
    }

    pub fn fund_source(&self, code: &str) -> Option<&FundSourceDef> {
        self.fund_sources.iter().find(|fund| fund.code == code)
    }

    pub fn covers(&self, period: Period) -> bool {
        self.period_starts.contains(&period.start)
    }

    fn index(mut self) -> Edition {
        self.programs.sort_by_key(|program| program.code);
        self.by_code = self
            .programs
            .iter()
            .enumerate()
            .map(|(at, program)| (program.code, at))
            .collect();
        self
    }
}

/// Which edition a filing is checked against.
pub struct EditionChoice<'a> {
    pub edition: &'a Edition,
    /// False when no edition covers the period and the nearest was taken (RB001).
    pub covers_period: bool,
}

/// All editions known to a run: the embedded ones and the user's.
#[derive(Clone, Debug)]
pub struct Rulebook {
    pub editions: Vec<Edition>,
}

impl Rulebook {
    /// The editions built into cfrcheck.
    pub fn embedded() -> Rulebook {
        let editions = EMBEDDED
            .iter()
            .map(|(name, text)| match parse_edition(text, None) {
                Ok(edition) => edition,
                // The embedded data is tested; a broken build must fail loudly.
                Err(error) => panic!("embedded rulebook {name} is invalid: {error:#}"),
            })
            .collect();
        Rulebook { editions }
    }

    /// The embedded editions plus a user rulebook file.
    pub fn with_user_file(path: &Path) -> Result<Rulebook> {
        let mut rulebook = Rulebook::embedded();
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read rulebook {}", path.display()))?;
        let edition = parse_edition(&text, Some(&rulebook))
            .with_context(|| format!("invalid rulebook {}", path.display()))?;
        rulebook
            .editions
            .retain(|existing| existing.id != edition.id);
        rulebook.editions.push(edition);
        Ok(rulebook)
    }

    /// The edition for a filing's period; the user's editions win over the
    /// embedded ones, and a period no edition covers gets the nearest.
    pub fn edition_for(&self, period: Option<Period>) -> EditionChoice<'_> {
        let newest_first = self.editions.iter().rev();
        let Some(period) = period else {
            return EditionChoice {
                edition: self.default_edition(),
                covers_period: true,
            };
        };
        if let Some(edition) = newest_first.clone().find(|edition| edition.covers(period)) {
            return EditionChoice {
                edition,
                covers_period: true,
            };
        }
        let distance = |edition: &Edition| {
            edition
                .period_starts
                .iter()
                .map(|start| (start.ordinal() - period.start.ordinal()).abs())
                .min()
                .unwrap_or(i64::MAX)
        };
        let nearest = newest_first
            .min_by_key(|edition| distance(edition))
            .unwrap_or_else(|| self.default_edition());
        EditionChoice {
            edition: nearest,
            covers_period: false,
        }
    }

    /// The edition used when a filing has no readable period: the last loaded.
    pub fn default_edition(&self) -> &Edition {
        match self.editions.last() {
            Some(edition) => edition,
            None => unreachable!("a rulebook always holds the embedded edition"),
        }
    }

    pub fn edition(&self, id: &str) -> Option<&Edition> {
        self.editions.iter().find(|edition| edition.id == id)
    }

    /// Funding source codes that end in a letter (`170B`): in a `fund_source`
    /// cell such a letter is part of the code, not a fund index.
    pub fn lettered_fund_codes(&self) -> Vec<CompactString> {
        let mut codes: Vec<CompactString> = self
            .editions
            .iter()
            .flat_map(|edition| &edition.fund_sources)
            .filter(|fund| fund.code.ends_with(|c: char| c.is_ascii_alphabetic()))
            .map(|fund| fund.code.clone())
            .collect();
        codes.sort();
        codes.dedup();
        codes
    }
}

// ---- the file format -------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    edition: RawEdition,
    #[serde(default)]
    fund_sources: Vec<RawFundSource>,
    #[serde(default)]
    programs: Vec<RawProgram>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdition {
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    period_starts: Option<Vec<Spanned<String>>>,
    /// Start from this embedded edition and add to / replace its entries.
    #[serde(default)]
    extends: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFundSource {
    code: Spanned<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    indexes: Vec<String>,
    #[serde(default)]
    index_required: bool,
    #[serde(default)]
    index_populations: std::collections::BTreeMap<String, Population>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgram {
    code: Spanned<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    licensed: bool,
    #[serde(default)]
    units: String,
    #[serde(default = "yes")]
    units_apply: bool,
    #[serde(default)]
    fund_sources: Vec<Spanned<String>>,
    #[serde(default)]
    fund_source_rule: String,
    #[serde(default)]
    companions: Vec<Spanned<String>>,
    #[serde(default)]
    companion_severity: Option<Spanned<String>>,
    #[serde(default)]
    companion_rule: String,
    #[serde(default = "allocated")]
    admin: AdminTreatment,
    #[serde(default = "yes")]
    aggregated_on_claiming: bool,
    #[serde(default)]
    forbidden_fund_sources: Vec<Spanned<String>>,
    #[serde(default)]
    forbidden_fund_source_rule: String,
    #[serde(default)]
    not_through_omh_code: Option<Spanned<String>>,
    #[serde(default)]
    not_through_omh_rule: String,
    #[serde(default)]
    population: Population,
    #[serde(default)]
    population_rule: String,
    #[serde(default)]
    companions_one_of: Vec<Spanned<String>>,
    #[serde(default)]
    expects_revenue: bool,
    #[serde(default)]
    revenue_rule: String,
    #[serde(default = "yes")]
    units_known: bool,
    /// In an extending file: drop this code from the base edition.
    #[serde(default)]
    retired: bool,
}

fn yes() -> bool {
    true
}

fn allocated() -> AdminTreatment {
    AdminTreatment::Allocated
}

/// An error located at a line of the rulebook file.
fn at_line<T>(text: &str, span: std::ops::Range<usize>, message: String) -> Result<T> {
    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
    bail!("line {line}: {message}")
}

fn parse_edition(text: &str, base: Option<&Rulebook>) -> Result<Edition> {
    let raw: RawFile = toml::from_str(text)?;
    let mut edition = match &raw.edition.extends {
        Some(parent) => match base.and_then(|rulebook| rulebook.edition(parent.get_ref())) {
            Some(parent) => parent.clone(),
            None => at_line(
                text,
                parent.span(),
                format!("extends unknown edition {:?}", parent.get_ref()),
            )?,
        },
        None => Edition {
            id: String::new(),
            title: String::new(),
            source: String::new(),
            period_starts: Vec::new(),
            programs: Vec::new(),
            fund_sources: Vec::new(),
            by_code: HashMap::new(),
        },
    };
    edition.id = raw.edition.id.clone();
    if let Some(title) = raw.edition.title {
        edition.title = title;
    }
    if let Some(source) = raw.edition.source {
        edition.source = source;
    }
    if let Some(starts) = raw.edition.period_starts {
        edition.period_starts = starts
            .iter()
            .map(
                |start| match crate::input::cells::parse_date(start.get_ref()) {
                    Some(date) => Ok(date),
                    None => at_line(
                        text,
                        start.span(),
                        format!(
                            "period start {:?} is not a YYYY-MM-DD date",
                            start.get_ref()
                        ),
                    ),
                },
            )
            .collect::<Result<_>>()?;
    }
    if edition.period_starts.is_empty() {
        bail!("[edition] needs period_starts, the first days of the periods it covers");
    }

    for fund in raw.fund_sources {
        let code = fund.code.get_ref().trim().to_ascii_uppercase();
        if code.is_empty() {
            at_line(text, fund.code.span(), "empty funding source code".into())?;
        }
        let definition = FundSourceDef {
            code: code.into(),
            name: fund.name,
            indexes: fund
                .indexes
                .iter()
                .map(|index| index.trim().to_ascii_uppercase().into())
                .collect(),
            index_required: fund.index_required,
            index_populations: fund
                .index_populations
                .into_iter()
                .map(|(index, population)| (index.trim().to_ascii_uppercase().into(), population))
                .collect(),
        };
        edition
            .fund_sources
            .retain(|existing| existing.code != definition.code);
        edition.fund_sources.push(definition);
    }

    for program in raw.programs {
        let code = program_code(text, &program.code)?;
        if program.retired {
            edition.programs.retain(|existing| existing.code != code);
            continue;
        }
        let Some(name) = program.name else {
            return at_line(
                text,
                program.code.span(),
                format!("program {code} needs a name"),
            );
        };
        let fund_sources = program
            .fund_sources
            .iter()
            .map(|spelled| allowed_fund(text, spelled))
            .collect::<Result<_>>()?;
        let companions = program
            .companions
            .iter()
            .map(|companion| program_code(text, companion))
            .collect::<Result<_>>()?;
        let companion_severity = match &program.companion_severity {
            Some(spelled) => match Severity::parse(spelled.get_ref()) {
                Some(severity) => Some(severity),
                None => at_line(
                    text,
                    spelled.span(),
                    format!(
                        "companion_severity {:?} is not error, warning or info",
                        spelled.get_ref()
                    ),
                )?,
            },
            None => None,
        };
        let forbidden_fund_sources = program
            .forbidden_fund_sources
            .iter()
            .map(|spelled| allowed_fund(text, spelled))
            .collect::<Result<_>>()?;
        let not_through_omh_code = program
            .not_through_omh_code
            .as_ref()
            .map(|spelled| program_code(text, spelled))
            .transpose()?;
        let companions_one_of = program
            .companions_one_of
            .iter()
            .map(|companion| program_code(text, companion))
            .collect::<Result<_>>()?;
        let definition = Program {
            code,
            name,
            aliases: program.aliases,
            licensed: program.licensed,
            units: program.units,
            units_apply: program.units_apply,
            fund_sources,
            fund_source_rule: program.fund_source_rule,
            companions,
            companion_severity,
            companion_rule: program.companion_rule,
            admin: program.admin,
            aggregated_on_claiming: program.aggregated_on_claiming,
            forbidden_fund_sources,
            forbidden_fund_source_rule: program.forbidden_fund_source_rule,
            not_through_omh_code,
            not_through_omh_rule: program.not_through_omh_rule,
            population: program.population,
            population_rule: program.population_rule,
            companions_one_of,
            expects_revenue: program.expects_revenue,
            revenue_rule: program.revenue_rule,
            units_known: program.units_known,
        };
        edition.programs.retain(|existing| existing.code != code);
        edition.programs.push(definition);
    }
    Ok(edition.index())
}

fn program_code(text: &str, spelled: &Spanned<String>) -> Result<ProgramCode> {
    match ProgramCode::from_digits(spelled.get_ref().trim()) {
        Some(code) => Ok(code),
        None => at_line(
            text,
            spelled.span(),
            format!("program code {:?} is not four digits", spelled.get_ref()),
        ),
    }
}

/// `001A` (code 001, index A), `170D` (code 170D), `001 A`.
fn allowed_fund(text: &str, spelled: &Spanned<String>) -> Result<AllowedFund> {
    let cleaned: String = spelled
        .get_ref()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let digits = cleaned.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return at_line(
            text,
            spelled.span(),
            format!(
                "funding source {:?} does not start with digits",
                spelled.get_ref()
            ),
        );
    }
    // The manual spells "001A" for code 001 with index A, but 170B/170D are codes.
    let (code, index) = cleaned.split_at(digits);
    Ok(match (code, index) {
        ("001", "") => AllowedFund {
            code: code.into(),
            index: None,
        },
        ("001", index) => AllowedFund {
            code: code.into(),
            index: Some(index.into()),
        },
        _ => AllowedFund {
            code: cleaned.into(),
            index: None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        crate::input::cells::parse_date(text).expect("test date")
    }

    #[test]
    fn embedded_edition_loads_and_covers_2009() {
        let rulebook = Rulebook::embedded();
        let period = Period {
            start: date("2009-07-01"),
            end: date("2010-06-30"),
        };
        let choice = rulebook.edition_for(Some(period));
        assert!(choice.covers_period);
        let lgu = choice
            .edition
            .program(ProgramCode::from_digits("0890").expect("code"))
            .expect("0890 in the 2009 edition");
        assert_eq!(
            lgu.fund_sources,
            vec![AllowedFund {
                code: "001".into(),
                index: Some("A".into())
            }]
        );
    }

    #[test]
    fn uncovered_period_takes_nearest_edition() {
        let rulebook = Rulebook::embedded();
        let period = Period {
            start: date("2024-01-01"),
            end: date("2024-12-31"),
        };
        let choice = rulebook.edition_for(Some(period));
        assert!(!choice.covers_period);
        assert_eq!(choice.edition.id, "omh-2009");
    }

    #[test]
    fn extending_file_adds_and_retires_codes() {
        let base = Rulebook::embedded();
        let text = r#"
[edition]
id = "omh-2024"
extends = "omh-2009"
period_starts = ["2024-01-01"]

[[programs]]
code = "9999"
name = "Pilot Program"
units = "Count the number of visits."

[[programs]]
code = "0040"
retired = true
"#;
        let edition = parse_edition(text, Some(&base)).expect("valid");
        assert!(edition
            .program(ProgramCode::from_digits("9999").expect("code"))
            .is_some());
        assert!(edition
            .program(ProgramCode::from_digits("0040").expect("code"))
            .is_none());
        assert!(edition
            .program(ProgramCode::from_digits("0890").expect("code"))
            .is_some());
    }

    #[test]
    fn errors_name_the_line() {
        let text = "[edition]\nid = \"x\"\nperiod_starts = [\"2009-01-01\"]\n\n[[programs]]\ncode = \"12345\"\nname = \"Bad\"\n";
        let error = parse_edition(text, None).expect_err("bad code");
        assert!(error.to_string().contains("line 6"), "{error}");
    }
}
