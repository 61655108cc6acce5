//! PC: program codes (AppF). Whether each record's program code is a code,
//! whether the rulebook edition knows it (codes it does not: `unknown_codes`),
//! and whether the program name written next to it is that code's name.

use rustc_hash::FxHashMap as HashMap;

use super::unknown_codes::{self, UnknownCodes};
use super::{Context, Rule};
use crate::model::{ProgramCode, Schedule, ScheduleKind};
use crate::report::{clip, Finding, Severity};
use crate::rulebook::names::name_key;
pub use crate::rulebook::names::{normalise_name, short_forms};
use crate::rulebook::Program;

pub static RULES: &[&Rule] = &[
    &PC001,
    &unknown_codes::PC002,
    &PC003,
    &unknown_codes::PC004,
    &unknown_codes::PC005,
];

pub static PC001: Rule = Rule {
    code: "PC001",
    name: "malformed-program-code",
    severity: Severity::Error,
    summary: "program_code is not 4 digits after normalisation",
    needs: &[],
    explanation: r#"**What.** The `program_code` cell is empty or is not a program code: OMH program codes are four digits (`2100`, `0890`). A code of one to three digits is read as a code whose leading zeros a spreadsheet stripped (IN008) and is not reported here; anything else (`21OO`, `2100-01`, `Clinic`, `12345`) is.

**Why.** Appendix F (CBR/CFR manual section 30) identifies every OMH program type by a four-digit code, and every schedule of the CFR is arrayed by it. A record without a code cannot be matched to its program on the other schedules, so the other program, indexing and funding checks skip it.

**How to fix.** Write the program's four-digit code from Appendix F. If the index was typed into the code cell (`6070 01`, `607001`), move it to `program_index`.

**Example.** `CFR-1: program_code `21OO` is not a four-digit program code`."#,
};

pub static PC003: Rule = Rule {
    code: "PC003",
    name: "program-name-mismatch",
    severity: Severity::Warning,
    summary: "program_name is given and does not match the code's name (compared case- and punctuation-insensitively; accepts the abbreviations the AppF list itself uses)",
    needs: &[],
    explanation: r#"**What.** The `program_name` cell names a different program than the program code does. Names are compared ignoring case, punctuation and spacing (`&` is read as `and`), and the spellings Appendix F itself uses are accepted: the name of the alphabetic list, the heading of the definition, the abbreviations it gives in parentheses (`ACT`, `SPOA`), and the name without its parentheticals (`Day Treatment` for `Day Treatment (Children & Adolescents)`, `Assertive Community Treatment Program` for `Assertive Community Treatment (ACT) Program`).

**Why.** Appendix F (CBR/CFR manual section 30) pairs every code with one program type. A name that does not fit the code usually means the code is wrong (a typo that happens to be another valid code) or the column was copied from another program; the code is what OMH reads, so the costs land on the program the code names.

**How to fix.** Check which of the two is right. Correct the code if the name is right; otherwise write the Appendix F name (the message gives it) or leave `program_name` empty.

**Example.** `CFR-1: program_name `Crisis Residence` is not the name of program 2100 (Clinic Treatment)`."#,
};

/// The schedules present in the filing, in catalogue order.
pub(super) fn present<'a>(
    ctx: &Context<'a>,
    kinds: &'static [ScheduleKind],
) -> impl Iterator<Item = &'a Schedule> + use<'a> {
    // The filing, not the context: a rule reports (borrows the context
    // mutably) while it goes through the schedules.
    let filing = ctx.filing;
    kinds.iter().filter_map(|kind| filing.schedule(*kind))
}

pub fn check(ctx: &mut Context) {
    let edition = ctx.edition;
    let mut unknown = UnknownCodes::default();
    let mut names = NameVerdicts::default();
    for schedule in present(ctx, &ScheduleKind::ALL) {
        let kind = schedule.kind;
        for record in &schedule.records {
            let code = match record.program_code() {
                Ok(code) => code,
                Err(raw) => {
                    let message = if raw.is_empty() {
                        format!("{kind}: program_code is empty; every column needs its four-digit Appendix F program code")
                    } else {
                        format!(
                            "{kind}: program_code `{}` is not a four-digit program code",
                            clip(raw)
                        )
                    };
                    ctx.report(
                        Finding::new(&PC001, message)
                            .at(schedule, record)
                            .column("program_code")
                            .value(raw),
                    );
                    continue;
                }
            };
            let Some(program) = edition.program(code) else {
                unknown.note(ctx, schedule, record, code);
                continue;
            };
            let Some(name) = record.program_name.as_deref() else {
                continue;
            };
            if name.trim().is_empty() || names.matches(code, program, name) {
                continue;
            }
            ctx.report(
                Finding::new(
                    &PC003,
                    format!(
                        "{kind}: program_name `{}` is not the name of program {code} ({})",
                        clip(name),
                        program.name
                    ),
                )
                .at(schedule, record)
                .column("program_name")
                .value(name),
            );
        }
    }
    unknown.report(ctx);
}

/// [`name_matches`] for the records of one filing: each distinct name
/// written for a program is judged once (a large filing repeats the same
/// few names on every column).
#[derive(Default)]
struct NameVerdicts<'a> {
    verdicts: HashMap<(ProgramCode, &'a str), bool>,
    /// The last name judged: the columns of a program stand side by side,
    /// so it is usually the next one's too (no hashing of the name then).
    last: Option<(ProgramCode, &'a str, bool)>,
}

impl<'a> NameVerdicts<'a> {
    fn matches(&mut self, code: ProgramCode, program: &Program, written: &'a str) -> bool {
        if let Some((last_code, last_written, verdict)) = self.last {
            if last_code == code && last_written == written {
                return verdict;
            }
        }
        let verdict = match self.verdicts.get(&(code, written)) {
            Some(&verdict) => verdict,
            None => {
                let verdict = name_matches(program, written);
                self.verdicts.insert((code, written), verdict);
                verdict
            }
        };
        self.last = Some((code, written, verdict));
        verdict
    }
}

/// Whether `written` names the program: its name or an alias, in any of
/// the short forms Appendix F itself writes ([`short_forms`]), compared by
/// [`name_key`] (case, punctuation, spaces and apostrophes ignored).
pub fn name_matches(program: &Program, written: &str) -> bool {
    program.name_keys().contains(&name_key(written))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::names::name_key;
    use crate::rulebook::Rulebook;

    fn program(code: &str) -> Program {
        let rulebook = Rulebook::embedded();
        let code = ProgramCode::from_digits(code).expect("test code");
        rulebook.editions[0]
            .program(code)
            .expect("code in omh-2009")
            .clone()
    }

    #[test]
    fn the_name_key_is_the_normalised_name_without_spaces() {
        let edition = &Rulebook::embedded().editions[0];
        let written = [
            "Co-located  Clinic",
            "Children\u{2019}s Day Treatment (C&A)",
            "ÉTAPE Straße İ",
            "\tA/B & c`d",
        ];
        let names = edition
            .programs
            .iter()
            .flat_map(|program| std::iter::once(&program.name).chain(&program.aliases))
            .map(String::as_str)
            .chain(written);
        for name in names {
            assert_eq!(
                name_key(name),
                normalise_name(name).replace(' ', ""),
                "{name}"
            );
        }
    }

    #[test]
    fn normalisation_ignores_case_punctuation_and_ampersands() {
        assert_eq!(
            normalise_name("Day Treatment (Children & Adolescents)"),
            "day treatment children and adolescents"
        );
        assert_eq!(
            normalise_name("  Advocacy/Support   Services "),
            "advocacy support services"
        );
        assert_eq!(
            normalise_name("Residential Treatment Facility – Children & Youth"),
            normalise_name("residential treatment facility - children and youth")
        );
    }

    #[test]
    fn names_aliases_and_short_forms_match() {
        let day = program("0200");
        assert!(name_matches(
            &day,
            "DAY TREATMENT (CHILDREN AND ADOLESCENTS)"
        ));
        assert!(name_matches(&day, "Day Treatment"));
        assert!(!name_matches(&day, "Clinic Treatment"));
        let act = program("0800");
        assert!(name_matches(&act, "ACT"));
        assert!(name_matches(&act, "Assertive Community Treatment Program"));
        let reinvestment = program("0860");
        assert!(name_matches(
            &reinvestment,
            "Local Governmental Unit (LGU) Administration - Reinvestment and Medication Grant Program (MGP) – OMH Only"
        ));
        assert!(name_matches(
            &reinvestment,
            "Local Governmental Unit (LGU) Administration - Reinvestment and Medication Grant Program (MGP)"
        ));
    }

    #[test]
    fn a_copied_program_keys_its_own_names() {
        let day = program("0200");
        assert!(!name_matches(&day, "Sunshine Program"));
        // An edition that extends another copies its programs, then renames.
        let mut copy = day.clone();
        copy.aliases.push("Sunshine Program".to_string());
        assert!(name_matches(&copy, "Sunshine Program"));
        assert!(!name_matches(&day, "Sunshine Program"));
    }

    /// The names our own documents (rules.md) use, the abbreviations
    /// Appendix F gives for a single program, and Excel's spellings.
    #[test]
    fn the_names_people_write_match() {
        let cases = [
            ("0890", "LGU Administration"),
            ("0890", "lgu administration"),
            ("0860", "LGU Administration - Reinvestment and MGP"),
            ("8810", "ACT Program Service Dollars"),
            ("0800", "ACT Program"),
            ("2990", "COORDINATED CHILDRENS SERVICES INITIATIVE"),
            ("2990", "Coordinated Children’s Services Initiative"),
            ("8050", "SRO"),
            ("8050", "Community Residence SRO"),
            ("3040", "HBCI"),
            ("0820", "BCM"),
            ("2880", "RTF Transition Coordinator"),
            ("1970", "Transition Management Services"),
            ("2070", "Transient Housing"),
            ("2810", "ICM Services Dollars Management"),
            ("1810", "Intensive Case Management"),
            ("3130", "CPEP Crisis Intervention"),
            ("0790", "C&F Clinic Plus Outreach and Screening"),
            ("2100", "Clinic Treatment"),
            ("1510", "School Program Co-located with Clinic"),
            ("1510", "School Program Colocated with Clinic"),
        ];
        let failures: Vec<String> = cases
            .iter()
            .filter(|(code, name)| !name_matches(&program(code), name))
            .map(|(code, name)| format!("{code} {name}: {:?}", short_forms(&program(code).name)))
            .collect();
        assert!(failures.is_empty(), "{failures:#?}");
        // Ambiguous abbreviations stay findings.
        assert!(!name_matches(&program("1810"), "ICM"));
        assert!(!name_matches(&program("3130"), "CPEP"));
        assert!(!name_matches(&program("0890"), "Clinic Treatment"));
    }
}
