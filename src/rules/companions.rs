//! XP: programs tied to another program (AppF). Data-driven: each program's
//! `companions` (all of them), `companions_one_of` (at least one) and
//! `expects_revenue` (the other program pays for it) in the rulebook.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::program_codes::present;
use super::{Context, Rule};
use crate::model::{Amount, Column, ProgramCode, Record, Schedule, ScheduleKind};
use crate::report::{Finding, Severity};
use crate::rulebook::{Edition, Program};
use crate::rules::labels::program_label;

pub static RULES: &[&Rule] = &[&XP001, &XP002];

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
    summary: "a program is reported without the program its definition ties it to (or without any of the alternatives the definition names)",
    needs: &[],
    explanation: r#"**What.** The filing reports a program whose Appendix F definition ties it to other programs, and they are on none of its schedules (CFR-1, DMH-1, DMH-2, DMH-3; the approved CBR does not count). The programs are taken from CFR-1 when the filing has it, else from the claiming schedules. The ties come from the rulebook: `companions` must all be reported (one finding names every one missing), and of `companions_one_of` at least one. In the 2009 edition:

| program | needs | severity |
|---|---|---|
| 8810 ACT Program Service Dollars | 0800 ACT Program | error |
| 2810 ICM Services Dollars Management | 1810 Intensive Case Management | error |
| 1680, 1920, 2600 CPEP components | 3130 CPEP Crisis Intervention | error |
| 0790 C&F Clinic Plus Outreach and Screening | 2100 Clinic Treatment | error |
| 1510 School Program Co-located with Clinic | 2100 Clinic Treatment | warning |
| 3130 CPEP Crisis Intervention | 1680, 1920 and 2600, the other CPEP components | warning |
| 2880 RTF Transition Coordinator – Community | 1080 Residential Treatment Facility | warning |
| 2830 ICM/SCM/BCM Service Dollars | one of 1810 ICM, 6810 SCM, 0820 Blended Case Management | warning |

**Why.** Appendix F (CBR/CFR manual section 30) states the first five ties: 8810 is "Associated with the licensed Assertive Community Treatment (ACT) program, Program Code 0800"; 2810 is "Part of the Intensive Case Management Program"; CPEP is licensed under 3130, "the code to which the license is issued"; 0790 "can only be used by providers who ... operate a licensed Clinic Treatment program serving children"; a 1510 school program is co-located with a licensed clinic. Without the companion the program is either coded wrong or its parent program is missing from the report. For 1510 the clinic may be operated by another agency, hence only a warning.

The three warnings below them are implied by the definitions, not stated. 3130: "CPEP Crisis Intervention is one of four program components which, when provided together, form the OMH licensed Comprehensive Psychiatric Emergency Program (CPEP)"; a CPEP reported without a component is incomplete, though Appendix F does not say that every CPEP has all four (crisis beds are "purchased from the facility operating these beds"). 2880: "It is expected that one RTF Transition Coordinator will be assigned for approximately every twelve RTF inpatient beds"; the coordinator may work for a community agency rather than the RTF. 2830 is named "Intensive Case Management/Supportive Case Management/Blended Case Management Emergency and Non-Emergency Service Dollars": the service dollars of an ICM, SCM or BCM program, and since the name does not say which, any one of the three is enough.

**How to fix.** Report the companion program (CFR-1 column and claiming rows), or correct the code of the program if it is not the one Appendix F defines. Where a warning is expected (the companion is another agency's), say so to the reviewer or set its severity in `cfrcheck.toml`.

**Example.** `CFR-1: program 8810 Assertive Community Treatment (ACT) Program Service Dollars is reported without 0800 Assertive Community Treatment (ACT) Program on any schedule of the filing (AppF: "Associated with the licensed Assertive Community Treatment (ACT) program, Program Code 0800")`, and `CFR-1: program 2830 ... is reported without any of 1810 Intensive Case Management, 6810 Supportive Case Management (SCM) or 0820 Blended Case Management on any schedule of the filing`."#,
};

pub static XP002: Rule = Rule {
    code: "XP002",
    name: "missing-revenue",
    severity: Severity::Warning,
    summary: "a column with expenses reports no revenues for a program whose AppF definition says it reports what the program it serves pays (9340: \"the revenue received from the PROS\")",
    needs: &[],
    explanation: r#"**What.** A CFR-1 column (DMH-1 row when the filing has no CFR-1) has `total_expenses` above zero but zero or no `revenues`, for a program whose Appendix F definition says it reports revenue. The rulebook marks these programs (`expects_revenue = true`); in the 2009 edition that is 9340 PROS Rehabilitation and Support Subcontract Services. Start-up columns (index `A0`-`A9`) are not checked.

**Why.** Appendix F (CBR/CFR manual section 30) defines 9340 as "Services provided under a contract arrangement to a licensed PROS", and "The provider of services would use this code to report the costs of providing those services and the revenue received from the PROS for the purchase of those services." A 9340 column with costs and no revenue means the PROS's payments were left out or put on another column. This is implied by the definition, which does not say the revenue can never be nil (a contract may be unpaid at year end), hence a warning.

**How to fix.** Report what the PROS paid for the services as `revenues` of the 9340 column (and its DMH-1 row). If no PROS bought the services, they are not 9340 services: report them under the code of the program they belong to.

**Example.** `CFR-1: program 9340 PROS Rehabilitation and Support Subcontract Services has total_expenses 85000 but no revenues; AppF: the program reports "the revenue received from the PROS for the purchase of those services"`."#,
};

pub fn check(ctx: &mut Context) {
    if ctx.enabled(&XP001) {
        missing_companions(ctx);
    }
    if ctx.enabled(&XP002) {
        missing_revenue(ctx);
    }
}

/// The schedules whose programs are checked: CFR-1, else the claiming ones.
fn checked<'a>(ctx: &Context<'a>, reported: Vec<&'a Schedule>) -> Vec<&'a Schedule> {
    match ctx.schedule(ScheduleKind::Cfr1) {
        Some(cfr1) => vec![cfr1],
        None => reported,
    }
}

/// XP001.
fn missing_companions<'a>(ctx: &mut Context<'a>) {
    let edition = ctx.edition;
    let schedules: Vec<&Schedule> = present(ctx, &REPORTED).collect();
    // A program's columns usually stand side by side: one look-up a run.
    let runs = |schedule: &'a Schedule| {
        schedule
            .records
            .chunk_by(|a, b| a.program_code().ok() == b.program_code().ok())
    };
    let reported: HashSet<ProgramCode> = schedules
        .iter()
        .flat_map(|schedule| runs(schedule))
        .filter_map(|run| run[0].program_code().ok())
        .collect();
    // The first record of each program with companions.
    let mut first: HashMap<ProgramCode, (&Schedule, &Record)> = HashMap::default();
    for schedule in checked(ctx, schedules) {
        for record in runs(schedule).map(|run| &run[0]) {
            let Ok(code) = record.program_code() else {
                continue;
            };
            if edition.program(code).is_some_and(|program| {
                !program.companions.is_empty() || !program.companions_one_of.is_empty()
            }) {
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
        let missing: Vec<ProgramCode> = program
            .companions
            .iter()
            .copied()
            .filter(|companion| !reported.contains(companion))
            .collect();
        if !missing.is_empty() {
            let without = listed(edition, &missing, "and");
            ctx.report(companion_finding(
                edition, program, schedule, record, &without,
            ));
        }
        let alternatives = &program.companions_one_of;
        if !alternatives.is_empty() && !alternatives.iter().any(|code| reported.contains(code)) {
            let without = format!("any of {}", listed(edition, alternatives, "or"));
            ctx.report(companion_finding(
                edition, program, schedule, record, &without,
            ));
        }
    }
}

fn companion_finding(
    edition: &Edition,
    program: &Program,
    schedule: &Schedule,
    record: &Record,
    without: &str,
) -> Finding {
    let wording = if program.companion_rule.is_empty() {
        String::new()
    } else {
        format!(" (AppF: \"{}\")", program.companion_rule)
    };
    let finding = Finding::new(
        &XP001,
        format!(
            "{}: program {} is reported without {without} on any schedule of the filing{wording}",
            schedule.kind,
            program_label(edition, program.code),
        ),
    )
    .at(schedule, record)
    .column("program_code")
    .value(program.code.as_str());
    match program.companion_severity {
        Some(severity) => finding.severity(severity),
        None => finding,
    }
}

/// `1680 CPEP Crisis Outreach, 1920 ... and 2600 ...` (or `or`).
fn listed(edition: &Edition, codes: &[ProgramCode], last: &str) -> String {
    let labels: Vec<String> = codes
        .iter()
        .map(|code| program_label(edition, *code))
        .collect();
    match labels.split_last() {
        Some((only, [])) => only.clone(),
        Some((tail, rest)) => format!("{} {last} {tail}", rest.join(", ")),
        None => String::new(),
    }
}

/// XP002: programs that report what the program they serve pays them.
fn missing_revenue(ctx: &mut Context) {
    let edition = ctx.edition;
    let reported = present(ctx, &[ScheduleKind::Cfr1, ScheduleKind::Dmh1]).collect();
    let Some(schedule) = checked(ctx, reported).into_iter().next() else {
        return;
    };
    let no_column = if schedule.has(Column::Revenues) {
        String::new()
    } else {
        format!(" ({} has no revenues column)", schedule.kind)
    };
    for record in &schedule.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        let Some(program) = edition.program(row.code) else {
            continue;
        };
        if !program.expects_revenue || row.index.is_startup() {
            continue;
        }
        let (Some(total), Some(revenues)) = (
            record.amount(Amount::TotalExpenses),
            record.amount(Amount::Revenues),
        ) else {
            continue;
        };
        if total <= rust_decimal::Decimal::ZERO || !revenues.is_zero() {
            continue;
        }
        let wording = if program.revenue_rule.is_empty() {
            String::new()
        } else {
            format!("; AppF: the program reports \"{}\"", program.revenue_rule)
        };
        let index = super::index_phrase(&row);
        ctx.report(
            Finding::new(
                &XP002,
                format!(
                    "{}: program {}{index} has total_expenses {} but no revenues{no_column}{wording}",
                    schedule.kind,
                    program_label(edition, row.code),
                    total.normalize()
                ),
            )
            .at(schedule, record)
            .column("revenues")
            .value("0"),
        );
    }
}
