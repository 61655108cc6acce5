//! TO001 (a record's total is the sum of its amounts) and TO005 (no
//! negative amounts): checks within one record.

use super::*;

// ---------------------------------------------------------------------------
// TO001

const SIX: &str =
    "personal_services + fringe_benefits + otps + property + equipment + agency_administration";

fn sum(record: &Record, amounts: &[Amount]) -> Option<Decimal> {
    sum_of_parts(record, amounts).map(|sum| sum.value())
}

fn sum_of_parts(record: &Record, amounts: &[Amount]) -> Option<Sum> {
    let mut sum = Sum::ZERO;
    for amount in amounts {
        if !sum.add(record.amount_parts(*amount)?) {
            return None;
        }
    }
    Some(sum)
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
    if let Some(fund) = record.fund() {
        text.push_str(&format!(" fund {}", fund_text(fund)));
    }
    text
}

pub(super) fn row_totals(ctx: &mut Context) {
    let tolerance = ctx.tolerance();
    let quick_tolerance = Tolerance::of(tolerance);
    for kind in [ScheduleKind::Cfr1, ScheduleKind::Dmh1] {
        let Some(schedule) = ctx.schedule(kind) else {
            continue;
        };
        if !usable(schedule, Amount::TotalExpenses) {
            continue;
        }
        for record in &schedule.records {
            let (Some(total), Some(parts)) = (
                record.amount_parts(Amount::TotalExpenses),
                sum_of_parts(record, &Amount::EXPENSES),
            ) else {
                continue;
            };
            if parts.surely_within(total, quick_tolerance) {
                continue;
            }
            report_total(
                ctx,
                schedule,
                record,
                Amount::TotalExpenses,
                total.decimal(),
                SIX,
                parts.value(),
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
// TO005

pub(super) fn negative_amounts(ctx: &mut Context) {
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
                // A packed amount is never a negative zero: no decimal needed
                // to see that it is not below zero.
                if let Some(Parts::Packed { mantissa: 0.., .. }) = record.amount_parts(*amount) {
                    continue;
                }
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
