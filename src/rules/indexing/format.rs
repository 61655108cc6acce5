//! How program indexes are written: well formed (IX001), numbered from 01
//! and A0 without gaps (IX005), and what start-up columns may carry (IX006).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::{program_row_label, IX001, IX005, IX006};
use crate::model::{Amount, ProgramCode, Record, Schedule, ScheduleKind};
use crate::report::{clip, Finding};
use crate::rules::labels::program_label;
use crate::rules::maps::map_for;
use crate::rules::program_codes::present;
use crate::rules::Context;

/// IX001.
pub(super) fn malformed(ctx: &mut Context) {
    for schedule in present(ctx, &ScheduleKind::ALL) {
        for record in &schedule.records {
            if let Err(raw) = record.program_index() {
                ctx.report(
                    Finding::new(
                        &IX001,
                        format!(
                            "{}: program_index `{}` of program {} is not empty, 00-99 or A0-A9",
                            schedule.kind,
                            clip(raw),
                            clip(record.program_code_text())
                        ),
                    )
                    .at(schedule, record)
                    .column("program_index")
                    .value(raw),
                );
            }
        }
    }
}

/// IX005: numeric indexes from 01 and start-up indexes from A0 in sequence.
pub(super) fn gaps<'a>(ctx: &mut Context, schedule: &'a Schedule) {
    // Per code: the first record of each numeric index and of each A index.
    type Firsts<'a> = (BTreeMap<u8, &'a Record>, BTreeMap<u8, &'a Record>);
    let mut by_code: HashMap<ProgramCode, Firsts<'a>> = map_for(schedule.records.len());
    for record in &schedule.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        if row.index.is_none() {
            continue;
        }
        let (numeric, startup) = by_code.entry(row.code).or_default();
        if let Some(number) = row.index.number() {
            numeric.entry(number).or_insert(record);
        } else if row.index.is_startup() {
            let digit = row
                .index
                .as_str()
                .as_bytes()
                .get(1)
                .map_or(0, |b| b.saturating_sub(b'0'));
            startup.entry(digit).or_insert(record);
        }
    }
    for (code, (numeric, startup)) in by_code {
        let numbered: BTreeMap<u8, &Record> = numeric
            .into_iter()
            .filter(|(number, _)| *number > 0)
            .collect();
        report_gap(ctx, schedule, code, &numbered, 1, |n| format!("{n:02}"));
        report_gap(ctx, schedule, code, &startup, 0, |n| format!("A{n}"));
    }
}

fn report_gap(
    ctx: &mut Context,
    schedule: &Schedule,
    code: ProgramCode,
    firsts: &BTreeMap<u8, &Record>,
    start: u8,
    spell: impl Fn(u8) -> String,
) {
    let Some((&last, _)) = firsts.last_key_value() else {
        return;
    };
    let missing: Vec<u8> = (start..last).filter(|n| !firsts.contains_key(n)).collect();
    let Some(&first_missing) = missing.first() else {
        return;
    };
    let Some((&after, &record)) = firsts.range(first_missing..).next() else {
        return;
    };
    let spelled =
        |numbers: &mut dyn Iterator<Item = u8>| numbers.map(&spell).collect::<Vec<_>>().join(", ");
    ctx.report(
        Finding::new(
            &IX005,
            format!(
                "{}: program {} is indexed {} but not {} (indexes {}); number program/sites {}, {}, ... without gaps",
                schedule.kind,
                program_label(ctx.edition, code),
                spell(after),
                spelled(&mut missing.iter().copied()),
                spelled(&mut firsts.keys().copied()),
                spell(start),
                spell(start + 1),
            ),
        )
        .at(schedule, record)
        .column("program_index")
        .value(spell(after)),
    );
}

/// IX006: start-up / PDG columns carry no units and no administration.
pub(super) fn startup_columns(ctx: &mut Context, schedule: &Schedule) {
    for record in &schedule.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        if !row.index.is_startup() {
            continue;
        }
        for (amount, what) in [
            (Amount::UnitsOfService, "units of service"),
            (Amount::AgencyAdministration, "administrative costs"),
        ] {
            let Some(value) = record.amount(amount) else {
                continue;
            };
            if value.is_zero() {
                continue;
            }
            ctx.report(
                Finding::new(
                    &IX006,
                    format!(
                        "{}: start-up column {} reports {} {}; start-up and PDG columns carry no {what} (CBR manual section 40): report them in the program's operating column",
                        schedule.kind,
                        program_row_label(ctx, row),
                        amount.name(),
                        value.normalize()
                    ),
                )
                .at(schedule, record)
                .column(amount.name())
                .value(value.normalize().to_string()),
            );
        }
    }
}
