//! TO: arithmetic within a record and across the schedules
//! (input-format.md section 4). Every comparison is exact decimal arithmetic
//! and allows the run's tolerance (`--tolerance`, default 1.00 dollar).
//!
//! The cross-schedule rules aggregate each schedule once into hash maps keyed
//! on the program row (and county), so a check takes time proportional to the
//! size of the filing. Findings point at the claiming-schedule side: the
//! DMH-1 row for TO002, the first DMH-2 row of the program for TO003, the first
//! DMH-3 row of the program and county for TO004.

use rustc_hash::FxHashMap as HashMap;

use rust_decimal::Decimal;

use super::completeness::county_text;
use super::{Context, Rule};
use crate::model::{
    Amount, Column, FundSource, Presence, ProgramCode, ProgramRow, Record, Schedule, ScheduleKind,
};
use crate::report::{Finding, Severity};

pub static RULES: &[&Rule] = &[&TO001, &TO002, &TO003, &TO004, &TO005];

pub static TO001: Rule = Rule {
    code: "TO001",
    name: "row-total-mismatch",
    severity: Severity::Error,
    summary: "a record's total differs from the sum of its parts (CFR-1/DMH-1 total_expenses; DMH-2 total_adjusted_expenses, net_operating_cost)",
    needs: &[],
    explanation: r#"**What.** A total on one record does not add up:

- CFR-1 and DMH-1: `total_expenses` must equal `personal_services + fringe_benefits + otps + property + equipment + agency_administration`;
- DMH-2: `total_adjusted_expenses` must equal those six expense amounts minus `non_allowable_adjustments`, and `net_operating_cost` must equal `total_adjusted_expenses - revenues`.

A difference within the tolerance (`--tolerance`, default 1.00 dollar, for whole-dollar rounding) is accepted; one cent more is reported. A record with an unreadable amount (IN004) is not added up.

**Why.** These are the schedules' own line definitions (input-format.md sections 3 and 4.1). The claiming schedules are compared with each other through their totals, and State Aid is computed from the net operating cost, so a total that is not the sum of its parts makes every later figure doubtful.

**How to fix.** Find which figure is wrong: usually a line was edited after the total was computed, or a formula in the workbook skips a column. Correct it and export again.

**Example.** `CFR-1 2100 (site 001) total_expenses 821700 != personal_services + fringe_benefits + otps + property + equipment + agency_administration 821600 (diff 100)`."#,
};

pub static TO002: Rule = Rule {
    code: "TO002",
    name: "dmh1-cfr1-mismatch",
    severity: Severity::Error,
    summary: "a DMH-1 row differs from its CFR-1 column(s) in any compared amount",
    needs: &[ScheduleKind::Cfr1, ScheduleKind::Dmh1],
    explanation: r#"**What.** A DMH-1 row does not carry the amounts of the CFR-1 column(s) it stands for. A DMH-1 row with a program index (`6070 01`) stands for the CFR-1 column(s) of that code and index; a DMH-1 row without an index aggregates every CFR-1 column of that program code (for example two unindexed Clinic Treatment sites), except indexed columns that DMH-1 reports on their own indexed row (such as a start-up column `2100 A0` next to the aggregated `2100`). The rule compares, amount by amount: the six expense amounts (`personal_services`, `fringe_benefits`, `otps`, `property`, `equipment`, `agency_administration`), `total_expenses`, `revenues` and `units_of_service`. Each amount that differs by more than the tolerance (default 1.00 dollar) is one finding, at the DMH-1 line. Several DMH-1 rows with the same code and index are added up first (IX003 reports the duplicate). Amounts of a record with an unreadable cell (IN004) are not compared; a DMH-1 row with no CFR-1 column at all is left to the indexing rules.

**Why.** DMH-1 is the claiming-schedule copy of the cost report: its program rows are the CFR-1 columns, aggregated by program type or indexed per program/site (input-format.md section 4.2; Appendix F, "When to Index Program Codes"). A difference means the claim is not supported by the cost report.

**How to fix.** Re-derive the DMH-1 row from the CFR-1 columns named in the message. If the CFR-1 column was corrected after DMH-1 was filled in, carry the correction over; if a site belongs to a different program row, fix its code or index.

**Example.** `DMH-1 2100 personal_services 810450 != CFR-1 2100 (sites 001, 004) 800450 (diff 10000)`."#,
};

pub static TO003: Rule = Rule {
    code: "TO003",
    name: "dmh2-dmh1-mismatch",
    severity: Severity::Error,
    summary: "a program's DMH-2 rows, summed, differ from its DMH-1 row",
    needs: &[ScheduleKind::Dmh1, ScheduleKind::Dmh2],
    explanation: r#"**What.** For a program row (program code and index), the DMH-2 rows summed over every county and funding-source split do not equal the DMH-1 row in one of the six expense amounts: `personal_services`, `fringe_benefits`, `otps`, `property`, `equipment` or `agency_administration`. Totals are not compared: DMH-2 subtracts non-allowable adjustments that DMH-1 does not carry, so its `total_adjusted_expenses` may legitimately be lower than DMH-1's `total_expenses` (row arithmetic is TO001's job). The finding points at the program's first DMH-2 line; a difference within the tolerance (default 1.00 dollar) is accepted.

A DMH-1 row with no DMH-2 row is fine (a program without State Aid); a DMH-2 program with no DMH-1 row is SC001.

**Why.** DMH-2 distributes each DMH-1 program row over counties (one DMH-2 per county) and, where a program/site is split by funding source, over those splits (input-format.md section 4.3; Appendix F, "When to report program/sites by funding source"). The pieces must add back up to the whole, or costs were claimed twice or lost.

**How to fix.** Add up the program's DMH-2 rows for the amount named and find the county or split whose share is wrong, or correct DMH-1 if it is the one out of date.

**Example.** `DMH-2 0810 (2 rows, county 01) personal_services 186340 != DMH-1 0810 196340 (diff -10000)`."#,
};

pub static TO004: Rule = Rule {
    code: "TO004",
    name: "dmh3-dmh2-mismatch",
    severity: Severity::Error,
    summary: "a program's DMH-3 funding rows, summed per county, differ from its DMH-2 net operating cost",
    needs: &[ScheduleKind::Dmh2, ScheduleKind::Dmh3],
    explanation: r#"**What.** For a program row in one county, the `net_operating_cost` claimed on DMH-3 summed over its funding sources differs from the DMH-2 `net_operating_cost` of that program and county (summed over its funding-source splits, if any) by more than the tolerance (default 1.00 dollar). The finding points at the first DMH-3 line of the program and county. A program and county on only one of the two schedules is SC002.

**Why.** DMH-3 says which funding sources pay for each program's net operating cost; together they must claim exactly that cost (input-format.md section 4.4; CBR manual sections 13 and 15: one DMH-2 and one DMH-3 per county, arrayed alike). Claiming more is an over-claim of State Aid, claiming less leaves a deficit unexplained.

**How to fix.** Recompute the funding rows of the program and county so that they add up to the DMH-2 net operating cost, or correct DMH-2 if it is the one that changed.

**Example.** `DMH-3 6070 02 county 41 (funding source 001A) net_operating_cost 80000 != DMH-2 6070 02 county 41 73000 (diff 7000)`."#,
};

pub static TO005: Rule = Rule {
    code: "TO005",
    name: "negative-amount",
    severity: Severity::Warning,
    summary: "an expense amount or units_of_service is negative",
    needs: &[],
    explanation: r#"**What.** One of the six expense amounts (`personal_services`, `fringe_benefits`, `otps`, `property`, `equipment`, `agency_administration`) on CFR-1, DMH-1 or DMH-2, or `units_of_service` on CFR-1 or DMH-1, is below zero. Revenues, non-allowable adjustments and net operating cost may be negative (a refund, a reversed adjustment, a surplus) and are not reported.

**Why.** Expenses and units of service are amounts spent and services delivered (input-format.md section 3; Appendix F, "Units of Service"): they cannot be negative. A negative expense is usually a credit or refund keyed on an expense line, which hides real costs and distorts the agency administration allocation.

**How to fix.** Report the credit or refund as revenue, or net it against the expense of the period it belongs to, so that the expense line is zero or more. A negative unit count is a typo.

**Example.** `CFR-1 1760 (site 006) equipment is negative: -500; expenses cannot be below zero; report a credit or refund as revenue`."#,
};

/// Runs every TO rule that is enabled.
pub fn check(ctx: &mut Context) {
    if ctx.enabled(&TO001) {
        row_totals(ctx);
    }
    if ctx.enabled(&TO002) {
        dmh1_vs_cfr1(ctx);
    }
    if ctx.enabled(&TO003) {
        dmh2_vs_dmh1(ctx);
    }
    if ctx.enabled(&TO004) {
        dmh3_vs_dmh2(ctx);
    }
    if ctx.enabled(&TO005) {
        negative_amounts(ctx);
    }
}

// ---------------------------------------------------------------------------
// Helpers shared with the SC and CB families.

/// An amount as messages print it: a plain decimal without trailing zeros.
pub(super) fn show(amount: Decimal) -> String {
    amount.normalize().to_string()
}

/// `left - right` when it exceeds the tolerance; `None` when the two agree.
/// An overflowing difference counts as a difference of its own.
fn difference(left: Decimal, right: Decimal, tolerance: Decimal) -> Option<Option<Decimal>> {
    match left.checked_sub(right) {
        Some(diff) if diff.abs() <= tolerance => None,
        Some(diff) => Some(Some(diff)),
        None => Some(None),
    }
}

fn show_diff(diff: Option<Decimal>) -> String {
    diff.map_or_else(|| "too large to compute".to_string(), show)
}

/// Whether a schedule's amount can be used: the column is in the header, or
/// it is optional (absent optional amounts are 0). A required amount column
/// that is missing was reported as IN003 and its comparisons are skipped.
fn usable(schedule: &Schedule, amount: Amount) -> bool {
    let Some(column) = Column::from_name(amount.name()) else {
        return false;
    };
    schedule.has(column)
        || schedule
            .kind
            .columns()
            .iter()
            .any(|(known, presence)| *known == column && *presence == Presence::Optional)
}

/// The program row as written, for messages: `6070 01`, `2100`.
pub(super) fn row_text(record: &Record) -> String {
    let index = record.program_index_text();
    if index.is_empty() {
        record.program_code_text().to_string()
    } else {
        format!("{} {}", record.program_code_text(), index)
    }
}

/// A funding source as one token: `001A`, `170D`.
pub(super) fn fund_text(fund: &FundSource) -> String {
    match &fund.index {
        Some(index) => format!("{}{}", fund.code, index),
        None => fund.code.to_string(),
    }
}

/// Most items a message lists before it only counts them.
const LISTED: usize = 5;

/// `a, b, c` or `a, b, c, d, e and 7 more`.
pub(super) fn listing<S: AsRef<str>>(items: &[S], total: usize) -> String {
    let shown: Vec<&str> = items.iter().take(LISTED).map(AsRef::as_ref).collect();
    let mut text = shown.join(", ");
    if total > shown.len() {
        text.push_str(&format!(" and {} more", total - shown.len()));
    }
    text
}

/// Distinct short labels (sites, counties, funds), the first few kept.
#[derive(Default)]
struct Labels<'r> {
    items: Vec<&'r str>,
    missing: bool,
}

impl<'r> Labels<'r> {
    fn add(&mut self, label: Option<&'r str>) {
        match label.map(str::trim).filter(|label| !label.is_empty()) {
            Some(label) => {
                if self.items.len() <= LISTED && !self.items.contains(&label) {
                    self.items.push(label);
                }
            }
            None => self.missing = true,
        }
    }
}

/// A running sum of several amounts over the records of one key. An amount
/// becomes `None` as soon as one record's cell is unreadable (or the sum
/// overflows): it is then not compared.
struct Aggregate<'r, const N: usize> {
    first: &'r Record,
    records: usize,
    sums: [Option<Decimal>; N],
    /// Sums that became `None` because they overflowed, not because a cell
    /// was unreadable: those are reported, never silently skipped.
    overflowed: [bool; N],
    labels: Labels<'r>,
    /// Distinct funding sources of the records (the first few), for TO004.
    funds: Vec<&'r FundSource>,
}

impl<'r, const N: usize> Aggregate<'r, N> {
    fn new(first: &'r Record) -> Self {
        Aggregate {
            first,
            records: 0,
            sums: [Some(Decimal::ZERO); N],
            overflowed: [false; N],
            labels: Labels::default(),
            funds: Vec::new(),
        }
    }

    fn add(&mut self, record: &Record, amounts: &[Amount; N]) {
        self.records += 1;
        for ((sum, overflowed), amount) in self
            .sums
            .iter_mut()
            .zip(self.overflowed.iter_mut())
            .zip(amounts)
        {
            *sum = match (*sum, record.amount(*amount)) {
                (Some(sum), Some(value)) => {
                    let next = sum.checked_add(value);
                    *overflowed |= next.is_none();
                    next
                }
                _ => None,
            };
        }
    }
}

/// A comparison that could not be made because a sum overflowed: a finding
/// of the comparing rule at the row it would have reported, never a silent
/// skip.
fn too_large<const N: usize, const M: usize>(
    left: &Aggregate<'_, N>,
    right: &Aggregate<'_, M>,
    positions: (usize, usize),
    sides: (&str, &str),
    amount: Amount,
) -> Option<String> {
    let side = if left.overflowed[positions.0] {
        sides.0
    } else if right.overflowed[positions.1] {
        sides.1
    } else {
        return None;
    };
    Some(format!(
        "{} of {side} adds up to more than exact arithmetic holds (29 digits), so it could not be compared with {}; check the amounts for a misplaced or pasted value",
        amount.name(),
        if side == sides.0 { sides.1 } else { sides.0 }
    ))
}

/// Adds a record to the aggregate of its key, creating it on first sight and
/// remembering the order keys were first seen in.
fn accumulate<'m, 'r, K: std::hash::Hash + Eq + Copy, const N: usize>(
    map: &'m mut HashMap<K, Aggregate<'r, N>>,
    order: &mut Vec<K>,
    key: K,
    record: &'r Record,
    amounts: &[Amount; N],
) -> &'m mut Aggregate<'r, N> {
    let aggregate = map.entry(key).or_insert_with(|| {
        order.push(key);
        Aggregate::new(record)
    });
    aggregate.add(record, amounts);
    aggregate
}

// ---------------------------------------------------------------------------
// TO001

const SIX: &str =
    "personal_services + fringe_benefits + otps + property + equipment + agency_administration";

fn sum(record: &Record, amounts: &[Amount]) -> Option<Decimal> {
    amounts.iter().try_fold(Decimal::ZERO, |sum, amount| {
        sum.checked_add(record.amount(*amount)?)
    })
}

/// `CFR-1 2100 (site 001)`, `DMH-2 0810 county 01 fund 001A`.
fn record_text(kind: ScheduleKind, record: &Record) -> String {
    let mut text = format!("{kind} {}", row_text(record));
    if let Some(site) = record
        .site
        .as_deref()
        .filter(|site| !site.trim().is_empty())
    {
        if kind == ScheduleKind::Cfr1 {
            text.push_str(&format!(" (site {site})"));
        }
    }
    if kind.has_county() {
        text.push(' ');
        text.push_str(&county_text(record.county_text()));
    }
    if let Some(fund) = &record.fund {
        text.push_str(&format!(" fund {}", fund_text(fund)));
    }
    text
}

fn row_totals(ctx: &mut Context) {
    let tolerance = ctx.tolerance();
    for kind in [ScheduleKind::Cfr1, ScheduleKind::Dmh1] {
        let Some(schedule) = ctx.schedule(kind) else {
            continue;
        };
        if !usable(schedule, Amount::TotalExpenses) {
            continue;
        }
        for record in &schedule.records {
            let (Some(total), Some(parts)) = (
                record.amount(Amount::TotalExpenses),
                sum(record, &Amount::EXPENSES),
            ) else {
                continue;
            };
            report_total(
                ctx,
                schedule,
                record,
                Amount::TotalExpenses,
                total,
                SIX,
                parts,
                tolerance,
            );
        }
    }
    let Some(schedule) = ctx.schedule(ScheduleKind::Dmh2) else {
        return;
    };
    let adjusted_usable = usable(schedule, Amount::TotalAdjustedExpenses);
    let net_usable = adjusted_usable && usable(schedule, Amount::NetOperatingCost);
    for record in &schedule.records {
        let adjusted = record.amount(Amount::TotalAdjustedExpenses);
        if adjusted_usable {
            let parts = sum(record, &Amount::EXPENSES).and_then(|expenses| {
                expenses.checked_sub(record.amount(Amount::NonAllowableAdjustments)?)
            });
            if let (Some(total), Some(parts)) = (adjusted, parts) {
                let what = "the six expense amounts - non_allowable_adjustments";
                report_total(
                    ctx,
                    schedule,
                    record,
                    Amount::TotalAdjustedExpenses,
                    total,
                    what,
                    parts,
                    tolerance,
                );
            }
        }
        if net_usable {
            let parts = adjusted
                .and_then(|adjusted| adjusted.checked_sub(record.amount(Amount::Revenues)?));
            if let (Some(total), Some(parts)) = (record.amount(Amount::NetOperatingCost), parts) {
                let what = "total_adjusted_expenses - revenues";
                report_total(
                    ctx,
                    schedule,
                    record,
                    Amount::NetOperatingCost,
                    total,
                    what,
                    parts,
                    tolerance,
                );
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn report_total(
    ctx: &mut Context,
    schedule: &Schedule,
    record: &Record,
    amount: Amount,
    total: Decimal,
    parts_text: &str,
    parts: Decimal,
    tolerance: Decimal,
) {
    let Some(diff) = difference(total, parts, tolerance) else {
        return;
    };
    ctx.report(
        Finding::new(
            &TO001,
            format!(
                "{} {} {} != {parts_text} {} (diff {})",
                record_text(schedule.kind, record),
                amount.name(),
                show(total),
                show(parts),
                show_diff(diff)
            ),
        )
        .at(schedule, record)
        .column(amount.name())
        .value(show(total)),
    );
}

// ---------------------------------------------------------------------------
// TO002

/// DMH-1 repeats the cost report: the six expenses, their total, revenues and units.
const TO002_AMOUNTS: [Amount; 9] = {
    let [personal, fringe, otps, property, equipment, administration] = Amount::EXPENSES;
    [
        personal,
        fringe,
        otps,
        property,
        equipment,
        administration,
        Amount::TotalExpenses,
        Amount::Revenues,
        Amount::UnitsOfService,
    ]
};

/// `site 002`, `sites 001, 004`, `3 columns`.
fn columns_text(aggregate: &Aggregate<'_, 9>) -> String {
    let labels = &aggregate.labels;
    match aggregate.records {
        1 if !labels.missing && labels.items.len() == 1 => format!("site {}", labels.items[0]),
        1 => "1 column".to_string(),
        count if !labels.missing && labels.items.len() == count => {
            format!("sites {}", labels.items.join(", "))
        }
        count => format!("{count} columns"),
    }
}

fn dmh1_vs_cfr1(ctx: &mut Context) {
    let (Some(cfr1), Some(dmh1)) = (
        ctx.schedule(ScheduleKind::Cfr1),
        ctx.schedule(ScheduleKind::Dmh1),
    ) else {
        return;
    };
    let tolerance = ctx.tolerance();
    let mut claimed: HashMap<ProgramRow, Aggregate<'_, 9>> = HashMap::default();
    let mut order = Vec::new();
    for record in &dmh1.records {
        if let Some(row) = record.program_row() {
            accumulate(&mut claimed, &mut order, row, record, &TO002_AMOUNTS);
        }
    }
    let mut by_row: HashMap<ProgramRow, Aggregate<'_, 9>> = HashMap::default();
    let mut by_code: HashMap<ProgramCode, Aggregate<'_, 9>> = HashMap::default();
    let mut unused = Vec::new();
    let mut unused_codes = Vec::new();
    for record in &cfr1.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        accumulate(&mut by_row, &mut unused, row, record, &TO002_AMOUNTS)
            .labels
            .add(record.site.as_deref());
        // An indexed column that DMH-1 claims on its own indexed row (a start-up
        // column `A0`, say) is not also part of the unindexed aggregate.
        if row.index.is_none() || !claimed.contains_key(&row) {
            accumulate(
                &mut by_code,
                &mut unused_codes,
                row.code,
                record,
                &TO002_AMOUNTS,
            )
            .labels
            .add(record.site.as_deref());
        }
    }
    for row in order {
        let Some(dmh) = claimed.get(&row) else {
            continue;
        };
        let cost = if row.index.is_none() {
            by_code.get(&row.code)
        } else {
            by_row.get(&row)
        };
        let Some(cost) = cost else {
            continue;
        };
        let rows = if dmh.records > 1 {
            format!(" ({} rows)", dmh.records)
        } else {
            String::new()
        };
        for (position, amount) in TO002_AMOUNTS.iter().enumerate() {
            if !usable(dmh1, *amount) || !usable(cfr1, *amount) {
                continue;
            }
            let (Some(left), Some(right)) = (dmh.sums[position], cost.sums[position]) else {
                let sides = (
                    format!("DMH-1 {row}"),
                    format!("CFR-1 {}", columns_text(cost)),
                );
                let sides = (sides.0.as_str(), sides.1.as_str());
                if let Some(message) = too_large(dmh, cost, (position, position), sides, *amount) {
                    let finding = Finding::new(&TO002, message).at(dmh1, dmh.first);
                    ctx.report(finding.column(amount.name()));
                }
                continue;
            };
            let Some(diff) = difference(left, right, tolerance) else {
                continue;
            };
            let message = format!(
                "DMH-1 {row}{rows} {} {} != CFR-1 {} ({}) {} (diff {})",
                amount.name(),
                show(left),
                if row.index.is_none() {
                    row.code.to_string()
                } else {
                    row.to_string()
                },
                columns_text(cost),
                show(right),
                show_diff(diff)
            );
            ctx.report(
                Finding::new(&TO002, message)
                    .at(dmh1, dmh.first)
                    .column(amount.name())
                    .value(show(left)),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// TO003

/// `county 01`, `2 rows, county 01`, `3 rows, counties 01, 41`.
fn counties_text(aggregate: &Aggregate<'_, 6>) -> String {
    let counties = &aggregate.labels.items;
    let place = match counties.len() {
        0 => "no county".to_string(),
        1 => format!("county {}", counties[0]),
        count => format!("counties {}", listing(counties, count)),
    };
    if aggregate.records == 1 {
        place
    } else {
        format!("{} rows, {place}", aggregate.records)
    }
}

fn dmh2_vs_dmh1(ctx: &mut Context) {
    let (Some(dmh1), Some(dmh2)) = (
        ctx.schedule(ScheduleKind::Dmh1),
        ctx.schedule(ScheduleKind::Dmh2),
    ) else {
        return;
    };
    let tolerance = ctx.tolerance();
    let mut claimed: HashMap<ProgramRow, Aggregate<'_, 6>> = HashMap::default();
    let mut unused = Vec::new();
    for record in &dmh1.records {
        if let Some(row) = record.program_row() {
            accumulate(&mut claimed, &mut unused, row, record, &Amount::EXPENSES);
        }
    }
    let mut distributed: HashMap<ProgramRow, Aggregate<'_, 6>> = HashMap::default();
    let mut order = Vec::new();
    for record in &dmh2.records {
        if let Some(row) = record.program_row() {
            accumulate(&mut distributed, &mut order, row, record, &Amount::EXPENSES)
                .labels
                .add(record.county.as_deref());
        }
    }
    for row in order {
        let (Some(dmh2_side), Some(dmh1_side)) = (distributed.get(&row), claimed.get(&row)) else {
            continue;
        };
        for (position, amount) in Amount::EXPENSES.iter().enumerate() {
            let (Some(left), Some(right)) = (dmh2_side.sums[position], dmh1_side.sums[position])
            else {
                let sides = (format!("DMH-2 {row}"), format!("DMH-1 {row}"));
                let sides = (sides.0.as_str(), sides.1.as_str());
                if let Some(message) =
                    too_large(dmh2_side, dmh1_side, (position, position), sides, *amount)
                {
                    let finding = Finding::new(&TO003, message).at(dmh2, dmh2_side.first);
                    ctx.report(finding.column(amount.name()));
                }
                continue;
            };
            let Some(diff) = difference(left, right, tolerance) else {
                continue;
            };
            let dmh1_rows = if dmh1_side.records > 1 {
                format!(" ({} rows)", dmh1_side.records)
            } else {
                String::new()
            };
            let message = format!(
                "DMH-2 {row} ({}) {} {} != DMH-1 {row}{dmh1_rows} {} (diff {})",
                counties_text(dmh2_side),
                amount.name(),
                show(left),
                show(right),
                show_diff(diff)
            );
            ctx.report(
                Finding::new(&TO003, message)
                    .at(dmh2, dmh2_side.first)
                    .column(amount.name())
                    .value(show(left)),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// TO004

const NET: [Amount; 1] = [Amount::NetOperatingCost];

fn dmh3_vs_dmh2(ctx: &mut Context) {
    let (Some(dmh2), Some(dmh3)) = (
        ctx.schedule(ScheduleKind::Dmh2),
        ctx.schedule(ScheduleKind::Dmh3),
    ) else {
        return;
    };
    if !usable(dmh2, Amount::NetOperatingCost) || !usable(dmh3, Amount::NetOperatingCost) {
        return;
    }
    let tolerance = ctx.tolerance();
    let mut distributed: HashMap<(ProgramRow, &str), Aggregate<'_, 1>> = HashMap::default();
    let mut unused = Vec::new();
    for record in &dmh2.records {
        if let Some(row) = record.program_row() {
            accumulate(
                &mut distributed,
                &mut unused,
                (row, record.county_text()),
                record,
                &NET,
            );
        }
    }
    let mut funded: HashMap<(ProgramRow, &str), Aggregate<'_, 1>> = HashMap::default();
    let mut order = Vec::new();
    for record in &dmh3.records {
        if let Some(row) = record.program_row() {
            let key = (row, record.county_text());
            let aggregate = accumulate(&mut funded, &mut order, key, record, &NET);
            if let Some(fund) = &record.fund {
                if aggregate.funds.len() <= LISTED && !aggregate.funds.contains(&fund) {
                    aggregate.funds.push(fund);
                }
            }
        }
    }
    for key in order {
        let (Some(dmh3_side), Some(dmh2_side)) = (funded.get(&key), distributed.get(&key)) else {
            continue;
        };
        let (Some(left), Some(right)) = (dmh3_side.sums[0], dmh2_side.sums[0]) else {
            let (row, county) = key;
            let sides = (
                format!("DMH-3 {row} {}", county_text(county)),
                format!("DMH-2 {row} {}", county_text(county)),
            );
            let sides = (sides.0.as_str(), sides.1.as_str());
            let amount = Amount::NetOperatingCost;
            if let Some(message) = too_large(dmh3_side, dmh2_side, (0, 0), sides, amount) {
                let finding = Finding::new(&TO004, message).at(dmh3, dmh3_side.first);
                ctx.report(finding.column(amount.name()));
            }
            continue;
        };
        let Some(diff) = difference(left, right, tolerance) else {
            continue;
        };
        let (row, county) = key;
        let place = county_text(county);
        let fund_list: Vec<String> = dmh3_side.funds.iter().map(|fund| fund_text(fund)).collect();
        let sources = match (dmh3_side.records, fund_list.len()) {
            (_, 0) => "no funding source".to_string(),
            (1, _) => format!("funding source {}", fund_list[0]),
            (count, funds) => format!(
                "{count} rows, funding sources {}",
                listing(&fund_list, funds)
            ),
        };
        let splits = if dmh2_side.records > 1 {
            format!(" ({} fund splits)", dmh2_side.records)
        } else {
            String::new()
        };
        let message = format!(
            "DMH-3 {row} {place} ({sources}) net_operating_cost {} != DMH-2 {row} {place}{splits} {} (diff {})",
            show(left),
            show(right),
            show_diff(diff)
        );
        ctx.report(
            Finding::new(&TO004, message)
                .at(dmh3, dmh3_side.first)
                .column(Amount::NetOperatingCost.name())
                .value(show(left)),
        );
    }
}

// ---------------------------------------------------------------------------
// TO005

fn negative_amounts(ctx: &mut Context) {
    for kind in [ScheduleKind::Cfr1, ScheduleKind::Dmh1, ScheduleKind::Dmh2] {
        let Some(schedule) = ctx.schedule(kind) else {
            continue;
        };
        let units: &[Amount] = if kind == ScheduleKind::Dmh2 {
            &[]
        } else {
            &[Amount::UnitsOfService]
        };
        for record in &schedule.records {
            for amount in Amount::EXPENSES.iter().chain(units) {
                let Some(value) = record.amount(*amount).filter(Decimal::is_sign_negative) else {
                    continue;
                };
                if value.is_zero() {
                    continue;
                }
                let hint = if *amount == Amount::UnitsOfService {
                    "units of service cannot be below zero"
                } else {
                    "expenses cannot be below zero; report a credit or refund as revenue"
                };
                ctx.report(
                    Finding::new(
                        &TO005,
                        format!(
                            "{} {} is negative: {}; {hint}",
                            record_text(kind, record),
                            amount.name(),
                            show(value)
                        ),
                    )
                    .at(schedule, record)
                    .column(amount.name())
                    .value(show(value)),
                );
            }
        }
    }
}
