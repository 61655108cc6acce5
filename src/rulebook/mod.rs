//! The OMH rulebook: program codes and funding sources, as data.
//!
//! The default edition (`omh-2009.toml`, built from Appendix F) is embedded at
//! build time. A user file in the same format (`--rulebook`, or a folder of
//! them, `rulebooks =` in cfrcheck.toml) either extends an edition
//! (`extends = "omh-2009"`) or stands as an edition of its own, so a new
//! year's codes need no new release. See docs/rulebook.md.
//!
//! Here: the rulebook as a whole and the choice of an edition by period. The
//! parts: `edition` (what an edition holds), `fields`, `format`,
//! `programs`, `definition` and `references` (reading a file, with the line
//! of every problem), `population` (whom a program serves), `load` (files
//! and folders, parents first), `scaffold` (`rulebook new`), `diff`.

use std::path::{Path, PathBuf};

use compact_str::CompactString;
use toml_edit::ImDocument;

use crate::model::Period;

mod definition;
mod diff;
mod edition;
mod fields;
mod format;
mod load;
pub mod names;
mod population;
mod programs;
mod references;
mod scaffold;
mod values;

pub use diff::EditionDiff;
pub use edition::{AdminTreatment, AllowedFund, Edition, FundSourceDef, Program, RetiredProgram};
pub use fields::Problem;
pub use load::{rulebook_files, RulebookError};
pub use population::Population;
pub use scaffold::{scaffold, Scaffold};

const EMBEDDED: &[(&str, &str)] = &[("omh-2009.toml", include_str!("omh-2009.toml"))];

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
        let mut editions = Vec::new();
        for (name, text) in EMBEDDED {
            let mut problems = fields::Problems::new(text, Some(Path::new(name)));
            let edition = ImDocument::parse(*text)
                .ok()
                .and_then(|document| format::read_edition(&document, &mut problems, &editions));
            match edition {
                Some(edition) if problems.list.is_empty() => editions.push(edition),
                // The embedded data is tested; a broken build must fail loudly.
                _ => panic!("embedded rulebook {name} is invalid: {:?}", problems.list),
            }
        }
        Rulebook { editions }
    }

    /// The embedded editions plus the user's: rulebook files, or folders of
    /// them. Fails with every problem of every file.
    pub fn with_user_paths(paths: &[PathBuf]) -> Result<Rulebook, RulebookError> {
        let mut rulebook = Rulebook::embedded();
        let problems = load::load_user(&mut rulebook.editions, paths);
        if problems.is_empty() {
            Ok(rulebook)
        } else {
            Err(RulebookError { problems })
        }
    }

    /// The embedded editions plus one user rulebook file.
    pub fn with_user_file(path: &Path) -> Result<Rulebook, RulebookError> {
        Rulebook::with_user_paths(&[path.to_path_buf()])
    }

    /// The editions read from the user's files, in the order they were loaded.
    pub fn user_editions(&self) -> impl Iterator<Item = &Edition> {
        self.editions
            .iter()
            .filter(|edition| edition.file.is_some())
    }

    /// The edition with the latest period: what a new year's edition extends.
    pub fn newest(&self) -> &Edition {
        let newest = self
            .editions
            .iter()
            .rev()
            .max_by_key(|edition| edition.latest_start());
        newest.unwrap_or_else(|| self.default_edition())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, ProgramCode};

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

    /// Reads a file's text on top of the embedded editions.
    fn read(text: &str) -> (Option<Edition>, Vec<Problem>) {
        let base = Rulebook::embedded();
        let document = ImDocument::parse(text).expect("valid TOML");
        let mut problems = fields::Problems::new(text, None);
        let edition = format::read_edition(&document, &mut problems, &base.editions);
        (edition, problems.list)
    }

    fn code(digits: &str) -> ProgramCode {
        ProgramCode::from_digits(digits).expect("test code")
    }

    #[test]
    fn extending_file_adds_changes_and_retires_codes() {
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
code = "2100"
name = "Renamed Clinic"

[[programs]]
code = "0040"
retired = true
replaced_by = "9999"
"#;
        let (edition, problems) = read(text);
        assert!(problems.is_empty(), "{problems:?}");
        let edition = edition.expect("edition");
        assert!(edition.program(code("9999")).is_some());
        assert!(edition.program(code("0040")).is_none());
        let retired = edition.retired_program(code("0040")).expect("retired");
        assert_eq!(
            (retired.retired_by.as_str(), retired.replaced_by),
            ("omh-2024", Some(code("9999")))
        );
        // A rename keeps what the entry does not say.
        let base = Rulebook::embedded();
        let before = base.editions[0].program(code("2100")).expect("2100");
        let after = edition.program(code("2100")).expect("2100");
        assert_eq!(after.name, "Renamed Clinic");
        assert_eq!(
            (after.licensed, &after.units),
            (before.licensed, &before.units)
        );
    }

    #[test]
    fn errors_name_the_line() {
        let text = "[edition]\nid = \"x\"\nperiod_starts = [\"2009-01-01\"]\n\n[[programs]]\ncode = \"12345\"\nname = \"Bad\"\n";
        let (_, problems) = read(text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, Some(6));
    }

    #[test]
    fn every_kind_of_entry_problem_is_reported() {
        let text = r#"[edition]
id = "omh-2025"
extends = "omh-2009"
period_starts = ["2025-01-01"]

[[programs]]
code = "2100"
colour = "red"

[[programs]]
code = "2100"
name = "Again"

[[programs]]
code = "9998"
companions = ["9997"]
fund_sources = ["999"]

[[programs]]
code = "0800"
retired = true

[[programs]]
code = "1234"
retired = true
replaced_by = "5555"
"#;
        let (_, problems) = read(text);
        let lines: Vec<(Option<usize>, &str)> = problems
            .iter()
            .map(|problem| (problem.line, problem.message.as_str()))
            .collect();
        let expect = [
            (8, "unknown key `colour`"),
            (11, "written twice"),
            (15, "needs a name"),
            (16, "companion 9997"),
            (17, "funding source 999"),
            (20, "8810 still needs 0800"),
            (24, "which omh-2009 does not have"),
        ];
        assert_eq!(problems.len(), expect.len(), "{lines:#?}");
        for (line, text) in expect {
            assert!(
                lines
                    .iter()
                    .any(|(at, message)| *at == Some(line) && message.contains(text)),
                "no problem `{text}` on line {line}: {lines:#?}"
            );
        }
    }
}
