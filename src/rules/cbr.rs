//! CB: the filing against the approved Consolidated Budget Report (CBR2,
//! CBR13/15, Appendix F "CBR vs. CFR reporting"). These rules run only when
//! the filing folder carries the approved CBR (`CBR.csv`).

use rustc_hash::FxHashMap as HashMap;

use super::completeness::{key_text, order_finding};
use super::maps::map_for;
use super::totals::{fund_text, listing};
use super::{Context, Rule};
use crate::model::{FundSource, ProgramRow, Schedule, ScheduleKind};
use crate::report::{Finding, Severity};

pub static RULES: &[&Rule] = &[&CB001, &CB002, &CB003, &CB004];

pub static CB001: Rule = Rule {
    code: "CB001",
    name: "cbr-program-not-reported",
    severity: Severity::Error,
    summary: "a (program row, county) on the approved CBR is not on DMH-2 (a discrete budget program must stay discrete)",
    needs: &[ScheduleKind::Dmh2, ScheduleKind::Cbr],
    explanation: r#"**What.** A program row (program code and index) in a county is on the approved CBR but not on DMH-2. Reported once per program row and county, at its first CBR line.

**Why.** The CBR manual (section 2, General Instructions) requires the same array of programs on the approved CBR and on the CFR, and Appendix F ("CBR vs. CFR reporting") says that a program reported discretely on the approved CBR must be reported discretely on every other fiscal document: a provider may not budget a case management program on its own and then fold its expenses and revenues into a clinic treatment program on the CFR (input-format.md section 4.5). A budget program missing from DMH-2 has usually been merged into another one.

**How to fix.** Report the program as its own DMH-2 (and DMH-1, DMH-3) row for that county, moving its costs out of the program they were folded into. If the program really did not operate, keep the row with zero amounts or ask OMH for a budget amendment.

**Example.** `CBR 0810 county 26 is on the approved CBR but not on DMH-2: a program discrete on the budget must be reported discretely on the CFR`."#,
};

pub static CB002: Rule = Rule {
    code: "CB002",
    name: "program-not-on-cbr",
    severity: Severity::Error,
    summary: "a (program row, county) on DMH-2 is not on the approved CBR",
    needs: &[ScheduleKind::Dmh2, ScheduleKind::Cbr],
    explanation: r#"**What.** A program row (program code and index) in a county is on DMH-2 but not on the approved CBR. Reported once per program row and county, at its first DMH-2 line.

**Why.** The CBR manual (section 2) requires the same array of programs on the approved CBR and on the CFR (input-format.md section 4.5). A program the budget does not have is either a budgeted program reported under a different code, index or county, or a program split out of a budgeted one (Appendix F, "CBR vs. CFR reporting": a program is reported the same way on every document).

**How to fix.** Use the program code, index and county of the approved CBR. If the program is new, it needs an approved budget (amendment) before it can be claimed.

**Example.** `DMH-2 2100 county 41 is not on the approved CBR`."#,
};

pub static CB003: Rule = Rule {
    code: "CB003",
    name: "fund-split-differs-from-cbr",
    severity: Severity::Warning,
    summary: "the CBR splits a program by funding source and DMH-2 does not, or the reverse",
    needs: &[ScheduleKind::Dmh2, ScheduleKind::Cbr],
    explanation: r#"**What.** For a program row and county that both carry, the approved CBR and DMH-2 do not split it by funding source the same way: one splits it (rows with a `fund_source`) and the other does not, or both split it but by different funding sources. Reported once per program row and county, at its first DMH-2 line.

**Why.** Appendix F ("CBR vs. CFR reporting" and "When to report program/sites by funding source") lets a program/site be split by funding source (for example reinvestment versus non-reinvestment) on the claiming schedules, and a program/site reported by funding source on the CBR is reported the same way on DMH-2 and DMH-3; the CBR manual (section 2) wants the same array of programs on both documents.

**How to fix.** Split the DMH-2 (and DMH-3) rows of the program by the funding sources of the approved CBR, or merge them when the budget does not split the program.

**Example.** `DMH-2 0810 county 01 is not split by funding source, but the approved CBR splits it (001A, 170D)`."#,
};

pub static CB004: Rule = Rule {
    code: "CB004",
    name: "order-differs-from-cbr",
    severity: Severity::Warning,
    summary: "DMH-2 or DMH-3 programs are not in the approved CBR order",
    needs: &[ScheduleKind::Dmh2, ScheduleKind::Dmh3, ScheduleKind::Cbr],
    explanation: r#"**What.** Within a county, the program rows that DMH-2 (or DMH-3) shares with the approved CBR do not come in the CBR's order (the order of each program row's first line). Programs on only one side are left out of the comparison (CB001 and CB002 report them). Reported at most once per schedule, at its first line out of the CBR order.

**Why.** The CBR manual (sections 13 and 15) arrays DMH-2 and DMH-3 programs in the same order, one DMH-2 and DMH-3 per county, and section 2 wants the same array of programs on the approved CBR and the CFR (input-format.md section 4.5): the CBR records are in the approved order.

**How to fix.** Reorder the schedule's rows of the county to follow the approved CBR.

**Example.** `DMH-3 county 26 lists 2100 where CBR lists 1080: programs are not in the CBR order (CBR: 1080, 2100, 1760; DMH-3: 2100, 1080, 1760): DMH-2 and DMH-3 follow the approved CBR's program order`."#,
};

/// Runs every CB rule that is enabled.
pub fn check(ctx: &mut Context) {
    let (Some(cbr), Some(dmh2)) = (
        ctx.schedule(ScheduleKind::Cbr),
        ctx.schedule(ScheduleKind::Dmh2),
    ) else {
        return;
    };
    if ctx.enabled(&CB001) || ctx.enabled(&CB002) {
        arrays(ctx, cbr, dmh2);
    }
    if ctx.enabled(&CB003) {
        fund_splits(ctx, cbr, dmh2);
    }
    if ctx.enabled(&CB004) {
        let why = ": DMH-2 and DMH-3 follow the approved CBR's program order";
        for kind in [ScheduleKind::Dmh2, ScheduleKind::Dmh3] {
            if let Some(schedule) = ctx.schedule(kind) {
                if let Some(finding) = order_finding(&CB004, ctx.arrays, cbr, schedule, why) {
                    ctx.report(finding);
                }
            }
        }
    }
}

/// CB001 and CB002.
fn arrays<'a>(ctx: &mut Context<'a>, cbr: &'a Schedule, dmh2: &'a Schedule) {
    let arrays = ctx.arrays;
    let (budget, claimed) = (arrays.of(cbr), arrays.of(dmh2));
    for (key, record) in budget.missing_from(claimed) {
        ctx.report(
            Finding::new(
                &CB001,
                format!(
                    "CBR {} is on the approved CBR but not on DMH-2: a program discrete on the budget must be reported discretely on the CFR",
                    key_text(record, key.1)
                ),
            )
            .at(cbr, record),
        );
    }
    for (key, record) in claimed.missing_from(budget) {
        ctx.report(
            Finding::new(
                &CB002,
                format!(
                    "DMH-2 {} is not on the approved CBR",
                    key_text(record, key.1)
                ),
            )
            .at(dmh2, record),
        );
    }
}

/// The funding sources a schedule splits each (program row, county) by;
/// empty when it is not split.
fn splits(schedule: &Schedule) -> HashMap<(ProgramRow, &str), Vec<&FundSource>> {
    let mut splits: HashMap<(ProgramRow, &str), Vec<&FundSource>> = map_for(schedule.records.len());
    for record in &schedule.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        let funds = splits.entry((row, record.county_text())).or_default();
        if let Some(fund) = record.fund() {
            funds.push(fund);
        }
    }
    for funds in splits.values_mut() {
        funds.sort();
        funds.dedup();
    }
    splits
}

fn funds_text(funds: &[&FundSource]) -> String {
    let texts: Vec<String> = funds.iter().map(|fund| fund_text(fund)).collect();
    listing(&texts, texts.len())
}

/// CB003.
fn fund_splits<'a>(ctx: &mut Context<'a>, cbr: &'a Schedule, dmh2: &'a Schedule) {
    let budget = splits(cbr);
    let claimed = splits(dmh2);
    let claimed_array = ctx.arrays.of(dmh2);
    for key in &claimed_array.order {
        let (Some(budget_funds), Some(claimed_funds), Some(record)) = (
            budget.get(key),
            claimed.get(key),
            claimed_array.first.get(key),
        ) else {
            continue;
        };
        if budget_funds == claimed_funds {
            continue;
        }
        let what = key_text(record, key.1);
        let message = match (claimed_funds.is_empty(), budget_funds.is_empty()) {
            (true, _) => format!(
                "DMH-2 {what} is not split by funding source, but the approved CBR splits it ({})",
                funds_text(budget_funds)
            ),
            (false, true) => format!(
                "DMH-2 {what} is split by funding source ({}), but the approved CBR does not split it",
                funds_text(claimed_funds)
            ),
            (false, false) => format!(
                "DMH-2 {what} is split by funding sources {}, but the approved CBR splits it by {}",
                funds_text(claimed_funds),
                funds_text(budget_funds)
            ),
        };
        ctx.report(
            Finding::new(&CB003, message)
                .at(dmh2, record)
                .column("fund_source"),
        );
    }
}
