//! TO: arithmetic within a record and across the schedules
//! (input-format.md section 4). Every comparison is exact decimal arithmetic
//! and allows the run's tolerance (`--tolerance`, default 1.00 dollar).
//!
//! The cross-schedule rules aggregate each schedule once into hash maps keyed
//! on the program row (and county), so a check takes time proportional to the
//! size of the filing. Findings point at the claiming-schedule side: the
//! DMH-1 row for TO002, the first DMH-2 row of the program for TO003, the first
//! DMH-3 row of the program and county for TO004.
//!
//! Here: the rules' declarations and what their checks share (differences
//! within the tolerance, messages, the running sums of [`Aggregate`]);
//! `within_records` holds TO001 and TO005, `across_schedules` TO002-TO004.

mod across_schedules;
mod sum;
mod within_records;

use across_schedules::{dmh1_vs_cfr1, dmh2_vs_dmh1, dmh3_vs_dmh2};
use sum::{Sum, Tolerance};
use within_records::{negative_amounts, row_totals};

use rustc_hash::FxHashMap as HashMap;

use rust_decimal::Decimal;

use super::{Context, Rule};
use crate::model::{
    Amount, FundSource, Parts, Presence, ProgramCode, ProgramRow, Record, Schedule, ScheduleKind,
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

/// The TO checks, one pass each, in the order their findings are reported:
/// each rule aggregates on its own, so a big filing runs them side by side.
pub static CHECKS: &[fn(&mut Context)] = &[
    |ctx| run_if_enabled(ctx, &TO001, row_totals),
    |ctx| run_if_enabled(ctx, &TO002, dmh1_vs_cfr1),
    |ctx| run_if_enabled(ctx, &TO003, dmh2_vs_dmh1),
    |ctx| run_if_enabled(ctx, &TO004, dmh3_vs_dmh2),
    |ctx| run_if_enabled(ctx, &TO005, negative_amounts),
];

fn run_if_enabled(ctx: &mut Context, rule: &Rule, check: fn(&mut Context)) {
    if ctx.enabled(rule) {
        check(ctx);
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
    if agree_in_integers(left, right, tolerance) {
        return None;
    }
    match left.checked_sub(right) {
        Some(diff) if diff.abs() <= tolerance => None,
        Some(diff) => Some(Some(diff)),
        None => Some(None),
    }
}

/// Whether two amounts of one scale (dollars and cents, nearly always)
/// agree within the tolerance, told in 64-bit integers; false also when
/// that cannot be told so, and `difference` subtracts them as decimals.
/// Nearly every comparison agrees: decimal subtraction was most of its cost.
fn agree_in_integers(left: Decimal, right: Decimal, tolerance: Decimal) -> bool {
    let scale = left.scale();
    let Some(rescale) = scale.checked_sub(tolerance.scale()) else {
        return false;
    };
    if right.scale() != scale {
        return false;
    }
    let (Ok(left), Ok(right), Ok(tolerance)) = (
        i64::try_from(left.mantissa()),
        i64::try_from(right.mantissa()),
        u64::try_from(tolerance.mantissa()),
    ) else {
        return false;
    };
    let tolerance = 10u64
        .checked_pow(rescale)
        .and_then(|factor| tolerance.checked_mul(factor));
    match (left.checked_sub(right), tolerance) {
        (Some(diff), Some(tolerance)) => diff.unsigned_abs() <= tolerance,
        _ => false,
    }
}

fn show_diff(diff: Option<Decimal>) -> String {
    diff.map_or_else(|| "too large to compute".to_string(), show)
}

/// Whether a schedule's amount can be used: the column is in the header, or
/// it is optional (absent optional amounts are 0). A required amount column
/// that is missing was reported as IN003 and its comparisons are skipped.
fn usable(schedule: &Schedule, amount: Amount) -> bool {
    let column = amount.column();
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

/// `county 01`, or `(no county)` when the cell is empty.
pub(super) fn county_text(county: &str) -> String {
    if county.trim().is_empty() {
        "(no county)".to_string()
    } else {
        format!("county {county}")
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
    sums: [Sum; N],
    /// Sums still to be compared: not once a record's cell was unreadable
    /// or the sum overflowed.
    usable: [bool; N],
    /// Sums that became unusable because they overflowed, not because a
    /// cell was unreadable: those are reported, never silently skipped.
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
            sums: [Sum::ZERO; N],
            usable: [true; N],
            overflowed: [false; N],
            labels: Labels::default(),
            funds: Vec::new(),
        }
    }

    /// The sum of the amount at `position`, `None` when it is not usable.
    fn sum(&self, position: usize) -> Option<Decimal> {
        self.usable[position].then(|| self.sums[position].value())
    }

    /// Adds records of the key with their sites (TO002's CFR-1 columns).
    fn add_all(&mut self, records: &'r [Record], amounts: &[Amount; N]) {
        for record in records {
            self.add(record, amounts);
            self.labels.add(record.site.as_deref());
        }
    }

    fn add(&mut self, record: &Record, amounts: &[Amount; N]) {
        self.records += 1;
        for (position, amount) in amounts.iter().enumerate() {
            if !self.usable[position] {
                continue;
            }
            match record.amount_parts(*amount) {
                Some(value) => {
                    if !self.sums[position].add(value) {
                        self.usable[position] = false;
                        self.overflowed[position] = true;
                    }
                }
                None => self.usable[position] = false,
            }
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
    let aggregate = aggregate_of(map, order, key, record);
    aggregate.add(record, amounts);
    aggregate
}

/// The aggregate of a key, created (with `first` as its first record) on
/// first sight, remembering the order keys were first seen in.
fn aggregate_of<'m, 'r, K: std::hash::Hash + Eq + Copy, const N: usize>(
    map: &'m mut HashMap<K, Aggregate<'r, N>>,
    order: &mut Vec<K>,
    key: K,
    first: &'r Record,
) -> &'m mut Aggregate<'r, N> {
    map.entry(key).or_insert_with(|| {
        order.push(key);
        Aggregate::new(first)
    })
}

#[cfg(test)]
mod tests;
