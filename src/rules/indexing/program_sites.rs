//! How program/sites are told apart by their index and matched with the
//! cost report: one CFR-1 column per program/site (IX002), one claiming row
//! per key (IX003), claiming rows with a CFR-1 column and no type both
//! aggregated and indexed (IX004).

use std::hash::BuildHasher;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::claiming::rows_by_code;
use super::{program_row_label, row_label, IX002, IX003, IX004};
use crate::model::{
    FundSource, ProgramCode, ProgramIndex, ProgramRow, Record, Schedule, ScheduleKind,
};
use crate::report::Finding;
use crate::rules::labels::{program_label, row_text};
use crate::rules::maps::{map_for, set_for};
use crate::rules::program_codes::present;
use crate::rules::sites::{site_key, site_of, Caseless};
use crate::rules::Context;

/// IX002: two CFR-1 columns with one (code, index, site). Columns that
/// differ by funding source are FS004's.
pub(super) fn duplicate_program_sites(ctx: &mut Context, cfr1: &Schedule) {
    // The first record of each key, by its position: a big CFR-1 has a key
    // per column, so the table holds four bytes per key, sized at once.
    fn key(record: &Record) -> Option<(ProgramRow, Option<Caseless<'_>>, Option<&FundSource>)> {
        record
            .program_row()
            .map(|row| (row, site_of(record), record.fund()))
    }
    let hasher = rustc_hash::FxBuildHasher;
    let mut first: hashbrown::HashTable<u32> =
        hashbrown::HashTable::with_capacity(cfr1.records.len());
    for (at, record) in cfr1.records.iter().enumerate() {
        let Some(this) = key(record) else {
            continue;
        };
        let hash = hasher.hash_one(this);
        let earlier = first
            .find(hash, |&seen| {
                key(&cfr1.records[seen as usize]) == Some(this)
            })
            .map(|&seen| cfr1.records[seen as usize].line());
        let Some(line) = earlier else {
            // Positions fit: a file of at most 128 MB has fewer records than 2^32.
            first.insert_unique(hash, at as u32, |&seen| {
                key(&cfr1.records[seen as usize]).map_or(0, |key| hasher.hash_one(key))
            });
            continue;
        };
        let row = this.0;
        let edition = ctx.edition;
        ctx.report_with(&IX002, &cfr1.file, || {
            let label = row_label(edition, row);
            let site = site_key(record);
            let site_text = match &site {
                Some(site) => format!("site {site}"),
                None => "without a site".to_string(),
            };
            Finding::new(
                &IX002,
                format!(
                    "CFR-1: program/site {label} {site_text} is reported again (first at line {line}); each program/site must be one column, with its own site and index"
                ),
            )
            .at(cfr1, record)
            .column("site")
            .value(site.as_deref().unwrap_or(""))
        });
    }
}

/// IX003: two rows of a claiming schedule with one key.
pub(super) fn duplicate_rows(ctx: &mut Context, schedule: &Schedule) {
    let kind = schedule.kind;
    let mut first: HashMap<(ProgramRow, Option<&str>, Option<&FundSource>), u64> =
        map_for(schedule.records.len());
    for record in &schedule.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        let county = kind.has_county().then(|| record.county_text().trim());
        let key = (row, county, record.fund());
        let Some(&line) = first.get(&key) else {
            first.insert(key, record.line());
            continue;
        };
        let mut within = String::new();
        if let Some(county) = county {
            within.push_str(&format!(" in county {county}"));
        }
        if let Some(fund) = record.fund() {
            within.push_str(&format!(" under funding source {fund}"));
        }
        let advice = if row.index.is_none() {
            "program/sites of one type that are not aggregated into one row must be indexed 01, 02, ..."
        } else {
            "each program/site needs its own index"
        };
        ctx.report(
            Finding::new(
                &IX003,
                format!(
                    "{kind}: program {}{within} has a second row (first at line {line}); {advice}",
                    program_row_label(ctx, row)
                ),
            )
            .at(schedule, record)
            .column("program_index")
            .value(row.index.as_str()),
        );
    }
}

/// IX004: claiming rows without a cost-report column, and program types
/// reported both aggregated and indexed on one schedule.
pub(super) fn not_on_cost_report(ctx: &mut Context) {
    let Some(cfr1) = ctx.schedule(ScheduleKind::Cfr1) else {
        return;
    };
    if !ctx.enabled(&IX004) {
        return;
    }
    let mut cfr1_rows: HashMap<ProgramCode, Vec<ProgramRow>> = map_for(cfr1.records.len());
    let mut cfr1_set: HashSet<ProgramRow> = set_for(cfr1.records.len());
    let runs = cfr1.program_row_runs();
    for row in runs.filter_map(|run| run[0].program_row()) {
        if cfr1_set.insert(row) {
            cfr1_rows.entry(row.code).or_default().push(row);
        }
    }
    for schedule in present(
        ctx,
        &[ScheduleKind::Dmh1, ScheduleKind::Dmh2, ScheduleKind::Dmh3],
    ) {
        for record in &schedule.records {
            let Some(row) = record.program_row() else {
                continue;
            };
            let matched = if row.index.is_none() {
                cfr1_rows.contains_key(&row.code)
            } else {
                cfr1_set.contains(&row)
            };
            if matched {
                continue;
            }
            let has = match cfr1_rows.get(&row.code) {
                Some(rows) => {
                    let mut rows: Vec<String> = rows.iter().map(ToString::to_string).collect();
                    rows.sort();
                    format!("CFR-1 has {}", rows.join(", "))
                }
                None => format!("CFR-1 has no column of program {}", row.code),
            };
            ctx.report(
                Finding::new(
                    &IX004,
                    format!(
                        "{}: program {} matches no CFR-1 column ({has}); use the cost report's code and index",
                        schedule.kind,
                        program_row_label(ctx, row)
                    ),
                )
                .at(schedule, record)
                .column(if row.index.is_none() { "program_code" } else { "program_index" })
                .value(row_text(record)),
            );
        }
    }
    for schedule in present(
        ctx,
        &[
            ScheduleKind::Cfr1,
            ScheduleKind::Dmh1,
            ScheduleKind::Dmh2,
            ScheduleKind::Dmh3,
        ],
    ) {
        mixed_indexing(ctx, schedule);
    }
}

/// IX004, second half: one program type both without an index and with
/// numeric indexes on one schedule (start-up `A` indexes do not count).
fn mixed_indexing(ctx: &mut Context, schedule: &Schedule) {
    for (code, rows) in rows_by_code(schedule) {
        let (Some(record), false) = (rows.first_unindexed, rows.indexed.is_empty()) else {
            continue;
        };
        ctx.report(
            Finding::new(
                &IX004,
                format!(
                    "{}: program {} is reported both without an index (aggregated) and indexed {}; index every program/site of the type, or aggregate them into one row",
                    schedule.kind,
                    program_label(ctx.edition, code),
                    rows.indexed
                        .keys()
                        .map(ProgramIndex::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .at(schedule, record)
            .column("program_index")
            .value(""),
        );
    }
}
