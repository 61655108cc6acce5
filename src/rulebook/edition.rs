//! What an edition of the rulebook holds: programs, funding sources, the
//! codes it retired, and the reporting periods it covers.

use std::fmt;
use std::path::PathBuf;

use compact_str::CompactString;
// The rules look a program up by its code for nearly every record: a code is
// four bytes, which FxHash hashes in one multiplication (SipHash was a
// few percent of a big filing's check).
use rustc_hash::FxHashMap as HashMap;

use super::population::Population;
use crate::model::{Date, FundSource, Period, ProgramCode};
use crate::vocabulary::Severity;

/// How a program's allocated agency administration is treated (AppF "Ratio Value").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminTreatment {
    /// Ordinary program: receives its share of agency administration.
    Allocated,
    /// Its share is redistributed to other OMH programs.
    Redistributed,
    /// The program "does not include agency administration".
    Excluded,
    /// AppF says both (2830): the program "does not include agency
    /// administration", and what is allocated to it is redistributed.
    ExcludedAndRedistributed,
}

impl AdminTreatment {
    pub fn parse(text: &str) -> Option<AdminTreatment> {
        match text {
            "allocated" => Some(AdminTreatment::Allocated),
            "redistributed" => Some(AdminTreatment::Redistributed),
            "excluded" => Some(AdminTreatment::Excluded),
            "excluded-and-redistributed" => Some(AdminTreatment::ExcludedAndRedistributed),
            _ => None,
        }
    }
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

#[derive(Clone, Debug, PartialEq)]
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
    /// The keys of the name's and aliases' short forms, made on first use.
    pub name_keys: NameKeys,
}

/// [`Program::name_keys`], kept with the program: made once per run, not
/// once per filing (each made a dozen strings). A cache, so not part of
/// what a program is: any two compare equal, and a copy starts empty (an
/// edition that extends another changes its programs' names after copying).
#[derive(Debug, Default)]
pub struct NameKeys(std::sync::OnceLock<Vec<String>>);

impl Clone for NameKeys {
    fn clone(&self) -> NameKeys {
        NameKeys::default()
    }
}

impl PartialEq for NameKeys {
    fn eq(&self, _: &NameKeys) -> bool {
        true
    }
}

impl Program {
    /// The name keys of every short form of the name and the aliases
    /// (`names::name_key`), made the first time they are asked for.
    pub fn name_keys(&self) -> &[String] {
        self.name_keys
            .0
            .get_or_init(|| super::names::known_keys(&self.name, &self.aliases))
    }

    /// A program with the format's defaults, before its file's keys are applied.
    pub fn new(code: ProgramCode, name: String) -> Program {
        Program {
            code,
            name,
            aliases: Vec::new(),
            licensed: false,
            units: String::new(),
            units_apply: true,
            fund_sources: Vec::new(),
            fund_source_rule: String::new(),
            companions: Vec::new(),
            companion_severity: None,
            companion_rule: String::new(),
            admin: AdminTreatment::Allocated,
            aggregated_on_claiming: true,
            forbidden_fund_sources: Vec::new(),
            forbidden_fund_source_rule: String::new(),
            not_through_omh_code: None,
            not_through_omh_rule: String::new(),
            population: Population::Any,
            population_rule: String::new(),
            companions_one_of: Vec::new(),
            expects_revenue: false,
            revenue_rule: String::new(),
            units_known: true,
            name_keys: NameKeys::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
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

/// A program code an edition retired (`retired = true`): PC005 names it.
#[derive(Clone, Debug, PartialEq)]
pub struct RetiredProgram {
    pub code: ProgramCode,
    /// Its name before it was retired ("" when the rulebook gives none).
    pub name: String,
    /// The id of the edition that retired it.
    pub retired_by: String,
    /// The code to use instead, where the rulebook names one.
    pub replaced_by: Option<ProgramCode>,
}

/// One edition of the rulebook, covering some reporting periods.
#[derive(Clone, Debug)]
pub struct Edition {
    pub id: String,
    pub title: String,
    pub source: String,
    /// The edition this one was built on (`extends`).
    pub extends: Option<String>,
    /// The file it was read from; `None` for the embedded editions.
    pub file: Option<PathBuf>,
    /// First days of the reporting periods the edition covers.
    pub period_starts: Vec<Date>,
    /// Programs in code order.
    pub programs: Vec<Program>,
    pub fund_sources: Vec<FundSourceDef>,
    /// Codes retired by this edition or the ones it extends, in code order.
    pub retired: Vec<RetiredProgram>,
    by_code: HashMap<ProgramCode, usize>,
}

impl Edition {
    pub fn empty(id: String) -> Edition {
        Edition {
            id,
            title: String::new(),
            source: String::new(),
            extends: None,
            file: None,
            period_starts: Vec::new(),
            programs: Vec::new(),
            fund_sources: Vec::new(),
            retired: Vec::new(),
            by_code: HashMap::default(),
        }
    }

    pub fn program(&self, code: ProgramCode) -> Option<&Program> {
        self.by_code.get(&code).map(|&at| &self.programs[at])
    }

    pub fn fund_source(&self, code: &str) -> Option<&FundSourceDef> {
        self.fund_sources.iter().find(|fund| fund.code == code)
    }

    pub fn retired_program(&self, code: ProgramCode) -> Option<&RetiredProgram> {
        self.retired.iter().find(|retired| retired.code == code)
    }

    pub fn covers(&self, period: Period) -> bool {
        self.period_starts.contains(&period.start)
    }

    /// The latest period start: which of two editions is the newer.
    pub fn latest_start(&self) -> Option<Date> {
        self.period_starts.iter().max().copied()
    }

    /// Adds the program, or replaces the one with its code.
    pub(super) fn put_program(&mut self, program: Program) {
        self.retired.retain(|retired| retired.code != program.code);
        match self.by_code.get(&program.code) {
            Some(&at) => self.programs[at] = program,
            None => {
                self.by_code.insert(program.code, self.programs.len());
                self.programs.push(program);
            }
        }
    }

    /// Drops the program and records that this edition retired it.
    pub(super) fn retire(&mut self, retired: RetiredProgram) {
        self.programs.retain(|program| program.code != retired.code);
        self.retired.retain(|earlier| earlier.code != retired.code);
        self.retired.push(retired);
        self.reindex();
    }

    /// Sorts programs and retired codes by code and rebuilds the lookup.
    pub(super) fn reindex(&mut self) {
        self.programs.sort_by_key(|program| program.code);
        self.retired.sort_by_key(|retired| retired.code);
        self.by_code = self
            .programs
            .iter()
            .enumerate()
            .map(|(at, program)| (program.code, at))
            .collect();
    }
}
