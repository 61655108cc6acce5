//! How program indexes are written: well formed (IX001), numbered from 01
//! and A0 without gaps (IX005), and what start-up columns may carry (IX006).

use rustc_hash::FxHashMap as HashMap;

use super::{program_row_label, IX001, IX005, IX006};
use crate::model::{Amount, ProgramCode, ProgramIndex, Schedule, ScheduleKind};
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
pub(super) fn gaps(ctx: &mut Context, schedule: &Schedule) {
    // Per code, the indexes it has, as sets of bits: numeric `01`-`99`
    // (`00` is an index but does not stand in for `01`) and start-up
    // `A0`-`A9`. Nearly every code has no gap, so the record a gap is
    // reported at is looked for only when there is one.
    let mut by_code: HashMap<ProgramCode, (u128, u16)> = map_for(schedule.records.len());
    for record in &schedule.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        if row.index.is_none() {
            continue;
        }
        let (numeric, startup) = by_code.entry(row.code).or_default();
        if let Some(number) = row.index.number() {
            *numeric |= 1 << number;
        } else if let Some(digit) = row.index.startup_number() {
            *startup |= 1 << digit;
        }
    }
    for (code, (numeric, startup)) in by_code {
        report_gap(ctx, schedule, code, numeric, &NUMERIC);
        report_gap(ctx, schedule, code, startup.into(), &STARTUP);
    }
}

/// How the indexes of one kind are numbered and written.
struct Numbering {
    /// The number of an index of this kind.
    number: fn(ProgramIndex) -> Option<u8>,
    /// The first number: `00` is an index, but numeric ones count from `01`.
    start: u8,
    spell: fn(u8) -> String,
}

const NUMERIC: Numbering = Numbering {
    number: ProgramIndex::number,
    start: 1,
    spell: |n| format!("{n:02}"),
};

const STARTUP: Numbering = Numbering {
    number: ProgramIndex::startup_number,
    start: 0,
    spell: |n| format!("A{n}"),
};

/// The indexes of `code` in `indexes` (bit `n` is index `n`): reports the
/// first one after a gap in their numbering, at its first record.
fn report_gap(
    ctx: &mut Context,
    schedule: &Schedule,
    code: ProgramCode,
    indexes: u128,
    numbering: &Numbering,
) {
    let Numbering {
        number,
        start,
        spell,
    } = *numbering;
    // Below the first number (`00`) does not count.
    let indexes = indexes & !((1u128 << start) - 1);
    let has = |n: u8| indexes & (1 << n) != 0;
    let Some(last) = (indexes != 0).then(|| 127 - indexes.leading_zeros() as u8) else {
        return;
    };
    let missing: Vec<u8> = (start..last).filter(|&n| !has(n)).collect();
    let Some(&first_missing) = missing.first() else {
        return;
    };
    let Some(after) = (first_missing..=last).find(|&n| has(n)) else {
        return;
    };
    let Some(record) = schedule.records.iter().find(|record| {
        record
            .program_row()
            .is_some_and(|row| row.code == code && number(row.index) == Some(after))
    }) else {
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
                spelled(&mut (start..=last).filter(|&n| has(n))),
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
