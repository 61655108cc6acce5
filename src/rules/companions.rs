//! XP: programs that need a companion program (AppF). Data-driven: each
//! program's `companions` in the rulebook.

use std::collections::{HashMap, HashSet};

use super::program_codes::{present, program_label};
use super::{Context, Rule};
use crate::model::{ProgramCode, Record, Schedule, ScheduleKind};
use crate::report::{Finding, Severity};

pub static RULES: &[&Rule] = &[&XP001];

/// The schedules whose programs count as reported by the filing. The
/// approved CBR is a budget, not a report, so it does not count.
const REPORTED: [ScheduleKind; 4] = [
    ScheduleKind::Cfr1,
    ScheduleKind::Dmh1,
    ScheduleKind::Dmh2,
    ScheduleKind::Dmh3,
];

pub static XP001: Rule = Rule {
    code: "XP001",
    name: "missing-companion-program",
    severity: Severity::Error,
    summary: "a program is reported without the program its definition ties it to",
    needs: &[],
    explanation: r#"**What.** The filing reports a program whose Appendix F definition ties it to another program, and that other program is on none of its schedules (CFR-1, DMH-1, DMH-2, DMH-3; the approved CBR does not count). The programs are taken from CFR-1 when the filing has it, else from the claiming schedules. The ties come from the rulebook (`companions`); in the 2009 edition:

| program | needs |
|---|---|
| 8810 ACT Program Service Dollars | 0800 ACT Program |
| 2810 ICM Services Dollars Management | 1810 Intensive Case Management |
| 1680, 1920, 2600 CPEP components | 3130 CPEP Crisis Intervention |
| 0790 C&F Clinic Plus Outreach and Screening | 2100 Clinic Treatment |
| 1510 School Program Co-located with Clinic | 2100 Clinic Treatment (a warning) |

**Why.** Appendix F (CBR/CFR manual section 30): 8810 is "Associated with the licensed Assertive Community Treatment (ACT) program, Program Code 0800"; 2810 is "Part of the Intensive Case Management Program"; CPEP is licensed under 3130, "the code to which the license is issued"; 0790 "can only be used by providers who ... operate a licensed Clinic Treatment program serving children"; a 1510 school program is co-located with a licensed clinic. Without the companion the program is either coded wrong or its parent program is missing from the report. For 1510 the clinic may be operated by another agency, hence only a warning.

**How to fix.** Report the companion program (CFR-1 column and claiming rows), or correct the code of the program if it is not the one Appendix F defines.

**Example.** `CFR-1: program 8810 Assertive Community Treatment (ACT) Program Service Dollars is reported without 0800 Assertive Community Treatment (ACT) Program on any schedule of the filing (AppF: "Associated with the licensed Assertive Community Treatment (ACT) program, Program Code 0800")`."#,
};

pub fn check(ctx: &mut Context) {
    let edition = ctx.edition;
    let schedules = present(ctx, &REPORTED);
    let reported: HashSet<ProgramCode> = schedules
        .iter()
        .flat_map(|schedule| schedule.records.iter())
        .filter_map(|record| record.program_code.as_ref().ok().copied())
        .collect();
    // The schedules whose programs are checked: CFR-1, else the claiming ones.
    let checked: Vec<&Schedule> = match ctx.schedule(ScheduleKind::Cfr1) {
        Some(cfr1) => vec![cfr1],
        None => schedules,
    };
    // The first record of each program with companions.
    let mut first: HashMap<ProgramCode, (&Schedule, &Record)> = HashMap::new();
    for schedule in checked {
        for record in &schedule.records {
            let Ok(code) = record.program_code else {
                continue;
            };
            if edition
                .program(code)
                .is_some_and(|program| !program.companions.is_empty())
            {
                first.entry(code).or_insert((schedule, record));
            }
        }
    }
    let mut programs: Vec<_> = first.into_iter().collect();
    programs.sort_by_key(|(code, _)| *code);
    for (code, (schedule, record)) in programs {
        let Some(program) = edition.program(code) else {
            continue;
        };
        for companion in program
            .companions
            .iter()
            .filter(|companion| !reported.contains(companion))
        {
            let wording = if program.companion_rule.is_empty() {
                String::new()
            } else {
                format!(" (AppF: \"{}\")", program.companion_rule)
            };
            let mut finding = Finding::new(
                &XP001,
                format!(
                    "{}: program {} is reported without {} on any schedule of the filing{wording}",
                    schedule.kind,
                    program_label(edition, code),
                    program_label(edition, *companion)
                ),
            )
            .at(schedule, record)
            .column("program_code")
            .value(code.as_str());
            if let Some(severity) = program.companion_severity {
                finding = finding.severity(severity);
            }
            ctx.report(finding);
        }
    }
}
