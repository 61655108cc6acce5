//! PC002, PC004, PC005: a four-digit program code the rulebook edition does
//! not define. Which rule speaks depends on the edition: one that covers
//! the filing's period knows its codes (PC002 unknown, PC005 retired); the
//! nearest edition of a period none covers (RB001) cannot know the codes OMH
//! added since, so there the code is a warning that says how to add it (PC004).

use super::{closest, edit_distance, Context, Rule};
use crate::model::{ProgramCode, Record, Schedule, ScheduleKind};
use crate::report::{Finding, Severity};
use crate::rulebook::Edition;
use crate::rules::labels::program_label;

pub static PC002: Rule = Rule {
    code: "PC002",
    name: "unknown-program-code",
    severity: Severity::Error,
    summary: "not an OMH program code in the rulebook edition that covers the filing's period; suggests the closest codes (digits one edit away, e.g. `6007` -> `6070`) and names",
    needs: &[],
    explanation: r#"**What.** The program code has four digits but is not one of the OMH program codes of the rulebook edition that covers the filing's period. The message suggests the codes one edit away (one digit changed, added, dropped, or two neighbouring digits swapped) with their names. On a period no edition covers, the same code is PC004 instead.

**Why.** Appendix F (CBR/CFR manual section 30, "OMH Program Types, Definitions and Codes") lists the program codes OMH accepts for the period; a code outside it is a typo, a code of another state agency, or a code of another year. OMH cannot place the costs or pay State Aid on them.

**How to fix.** Correct the code (a swapped pair of digits is the usual typo: `6007` for `6070`). If the program belongs to another state agency, set `state_agency`. If the rulebook edition lacks a code that Appendix F lists for the period, add it to the edition's file (a `[[programs]]` entry; docs/rulebook.md).

**Example.** `CFR-1: program code 6007 is not an OMH program code in rulebook omh-2009; did you mean 6070 Treatment Congregate?`"#,
};

pub static PC004: Rule = Rule {
    code: "PC004",
    name: "code-not-in-edition",
    severity: Severity::Warning,
    summary: "on a filing whose period no rulebook edition covers (RB001), a code unknown to the nearest edition: it may be a newer OMH code; says how to add it (`cfrcheck rulebook new`). One finding per code and filing; PC002 is for periods an edition covers",
    needs: &[],
    explanation: r#"**What.** No rulebook edition covers the filing's reporting period (RB001), so the filing is checked against the nearest edition, and one of its four-digit program codes is not in that edition. One finding per code and filing, at the code's first row; it counts the other rows and names their schedules. The rules that need the program's definition (FS002, US001, US002, AD001, XP001) skip those rows, and the finding says so.

**Why.** OMH adds program types between editions of Appendix F (CBR/CFR manual section 30, "OMH Program Types, Definitions and Codes"): a code of a later year is most likely right, and calling it an error on every current filing would be crying wolf. It may still be a typo, so the message suggests the codes one edit away, as PC002 does.

**How to fix.** Write the edition for the filing's period: `cfrcheck rulebook new --id omh-2025 --period-start 2025-01-01 --output rulebooks/omh-2025.toml` writes one that extends the embedded edition; add a `[[programs]]` entry for each code of that year's Appendix F, check it with `cfrcheck rulebook check`, and name the folder in `cfrcheck.toml` (`rulebooks = "rulebooks/"`) or pass the file with `--rulebook` (docs/rulebook.md, "A new year in five minutes"). If the code is a typo, correct it.

**Example.** `CFR-1: program code 9999 is not in rulebook omh-2009, the edition nearest to the filing's period (no edition covers 2025-01-01): it may be a code OMH added since. Add it to an edition for the period (cfrcheck rulebook new --id omh-2025 --period-start 2025-01-01 --output rulebooks/omh-2025.toml, then a [[programs]] entry for 9999); until then FS002, US001, US002, AD001 and XP001 skip its 4 rows (CFR-1, DMH-1, DMH-2, DMH-3)`"#,
};

pub static PC005: Rule = Rule {
    code: "PC005",
    name: "retired-program-code",
    severity: Severity::Error,
    summary: "the code was retired by the rulebook edition that covers the filing (names the edition and the replacement it gives)",
    needs: &[],
    explanation: r#"**What.** The program code is one that the rulebook edition covering the filing's period retired (`retired = true` in its file, or in an edition it extends). The message names the edition that retired it and the code to use instead when the rulebook gives one (`replaced_by`).

**Why.** Appendix F (CBR/CFR manual section 30) lists the program codes OMH accepts for a period; a code retired from it can no longer be claimed, and its costs belong under the program type that replaced it.

**How to fix.** Report the program under its replacement code (the message names it), or under the program type of the current Appendix F that fits it. If the code is in fact still valid for the period, correct the rulebook edition that retired it.

**Example.** `CFR-1: program code 0040 (Family Care) was retired by rulebook edition omh-2025, which covers the filing's period; report it as 9999 Pilot Program`"#,
};

/// The rows whose code the edition does not define, gathered while the
/// program-code rules walk the filing.
#[derive(Default)]
pub(super) struct UnknownCodes<'a> {
    /// For PC004: each code once, with all its rows, in order of appearance.
    not_in_nearest: Vec<(ProgramCode, Vec<(&'a Schedule, &'a Record)>)>,
}

impl<'a> UnknownCodes<'a> {
    /// A row whose code is not a program of `ctx.edition`.
    pub fn note(
        &mut self,
        ctx: &mut Context,
        schedule: &'a Schedule,
        record: &'a Record,
        code: ProgramCode,
    ) {
        if !ctx.edition_covers_period {
            match self
                .not_in_nearest
                .iter_mut()
                .find(|(seen, _)| *seen == code)
            {
                Some((_, rows)) => rows.push((schedule, record)),
                None => self.not_in_nearest.push((code, vec![(schedule, record)])),
            }
            return;
        }
        let edition = ctx.edition;
        let kind = schedule.kind;
        let finding = match edition.retired_program(code) {
            Some(retired) => {
                let name = if retired.name.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", retired.name)
                };
                let instead = match retired.replaced_by {
                    Some(replacement) => {
                        format!("report it as {}", program_label(edition, replacement))
                    }
                    None => "the rulebook names no replacement: report it under the program type that replaced it".to_string(),
                };
                Finding::new(
                    &PC005,
                    format!(
                        "{kind}: program code {code}{name} was retired by rulebook edition {}, which covers the filing's period; {instead}",
                        retired.retired_by
                    ),
                )
            }
            None => Finding::new(
                &PC002,
                format!(
                    "{kind}: program code {code} is not an OMH program code in rulebook {}{}",
                    edition.id,
                    match closest_codes(edition, code).as_slice() {
                        [] => String::new(),
                        [one] => format!("; did you mean {one}?"),
                        several => format!("; did you mean one of: {}?", several.join(", ")),
                    }
                ),
            ),
        };
        ctx.report(
            finding
                .at(schedule, record)
                .column("program_code")
                .value(code.as_str()),
        );
    }

    /// PC004, once per code, at its first row.
    pub fn report(self, ctx: &mut Context) {
        let Some(period) = ctx.filing.heading.period else {
            return;
        };
        let edition = ctx.edition;
        let start = period.start;
        for (code, rows) in self.not_in_nearest {
            let (schedule, record) = rows[0];
            let retired = match edition.retired_program(code) {
                Some(retired) => format!(" ({} retired it)", retired.retired_by),
                None => String::new(),
            };
            let mut schedules: Vec<ScheduleKind> =
                rows.iter().map(|(schedule, _)| schedule.kind).collect();
            schedules.dedup();
            let schedules: Vec<&str> = schedules.iter().map(|kind| kind.label()).collect();
            let skipped = match rows.len() {
                1 => "its row".to_string(),
                n => format!("its {n} rows ({})", schedules.join(", ")),
            };
            let typo = match closest_codes(edition, code).as_slice() {
                [] => String::new(),
                [one] => format!(" (or a typo for {one})"),
                several => format!(" (or a typo for one of: {})", several.join(", ")),
            };
            ctx.report(
                Finding::new(
                    &PC004,
                    format!(
                        "{}: program code {code} is not in rulebook {}{retired}, the edition nearest to the filing's period (no edition covers {start}): it may be a code OMH added since{typo}. Add it to an edition for the period (cfrcheck rulebook new --id omh-{year} --period-start {start} --output rulebooks/omh-{year}.toml, then a [[programs]] entry for {code}); until then FS002, US001, US002, AD001 and XP001 skip {skipped}",
                        schedule.kind,
                        edition.id,
                        year = start.year,
                    ),
                )
                .at(schedule, record)
                .column("program_code")
                .value(code.as_str()),
            );
        }
    }
}

/// `6070 Treatment Congregate`: the programs whose codes are one edit away,
/// for "did you mean".
fn closest_codes(edition: &Edition, code: ProgramCode) -> Vec<String> {
    let codes = edition.programs.iter().map(|program| program.code.as_str());
    closest(code.as_str(), codes)
        .into_iter()
        .filter(|candidate| edit_distance(code.as_str(), candidate) == 1)
        .filter_map(ProgramCode::from_digits)
        .take(5)
        .map(|near| program_label(edition, near))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::Rulebook;

    #[test]
    fn unknown_code_suggests_the_transposition() {
        let rulebook = Rulebook::embedded();
        let edition = &rulebook.editions[0];
        let code = |digits| ProgramCode::from_digits(digits).expect("code");
        assert_eq!(
            closest_codes(edition, code("6007")),
            ["6070 Treatment Congregate"]
        );
        assert!(closest_codes(edition, code("5555")).is_empty());
    }
}
