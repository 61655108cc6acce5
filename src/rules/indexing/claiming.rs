//! IX007 and IX008: indexes carried from the cost report to the claiming
//! schedules. Appendix F's example: program/sites of a type "not aggregated
//! by program type on the claiming schedules" are indexed "throughout the
//! CFR document as 6070 01, 6070 02, and 6070 03". IX007 holds every
//! program CFR-1 indexes to that; IX008 holds the types the rulebook marks
//! `aggregated_on_claiming = false` to being indexed at all.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use compact_str::CompactString;

use super::program_row_label;
use crate::model::{ProgramCode, ProgramIndex, ProgramRow, Record, Schedule, ScheduleKind};
use crate::report::{Finding, Severity};
use crate::rules::labels::program_label;
use crate::rules::maps::map_for;
use crate::rules::program_codes::present;
use crate::rules::sites::{site_key, site_of, Caseless};
use crate::rules::{Context, Rule};

/// The claiming schedules, which carry the cost report's program rows.
const CLAIMING: [ScheduleKind; 3] = [ScheduleKind::Dmh1, ScheduleKind::Dmh2, ScheduleKind::Dmh3];

pub static IX007: Rule = Rule {
    code: "IX007",
    name: "index-not-carried",
    severity: Severity::Error,
    summary: "CFR-1 indexes a program's columns (01, 02, ...) but a claiming schedule reports the program as one row without an index, or DMH-1 lacks one of the indexes",
    needs: &[ScheduleKind::Cfr1],
    explanation: r#"**What.** Every CFR-1 column of a program code is indexed (`6070 01`, `6070 02`), and a claiming schedule does not carry those indexes:

- DMH-1, DMH-2 or DMH-3 reports the program code only as a row without an index, an aggregate of the indexed columns; reported once per schedule and code, at its first such row;
- DMH-1 indexes the program but has no row for one of CFR-1's indexes; reported at that CFR-1 column (DMH-2 and DMH-3 may leave out a program/site without State Aid).

Start-up and PDG indexes (`A0`-`A9`) do not count as indexing the program. A schedule that reports the code both with and without an index, or a CFR-1 that does, is IX004's; a DMH-1 without the code at all is SC001's.

**Why.** Appendix F (CBR/CFR manual section 30, "When to Index Program Codes"): program/sites that are indexed are "reported in three separate columns on Schedules DMH-1, DMH-2 and DMH-3. The program codes are indexed throughout the CFR document as 6070 01, 6070 02, and 6070 03." An unindexed claiming row for indexed program/sites cannot be matched to one of them, and State Aid per program/site cannot be traced to its cost-report column.

**How to fix.** Report each indexed program/site on its own row of DMH-1, DMH-2 and DMH-3, with the index it has on CFR-1; or, if the program type is aggregated on the claiming schedules, remove the indexes from CFR-1 too.

**Example.** `DMH-1: program 6070 Treatment Congregate is reported as one row without an index, but CFR-1 indexes it 01, 02; AppF: the program codes are "indexed throughout the CFR document": report each indexed program/site on its own DMH-1 row`."#,
};

pub static IX008: Rule = Rule {
    code: "IX008",
    name: "program-sites-not-indexed",
    severity: Severity::Error,
    summary: "two CFR-1 program/sites of a type that is not aggregated on the claiming schedules (rulebook `aggregated_on_claiming = false`: 6070) share one index, or one DMH-1 row stands for both",
    needs: &[ScheduleKind::Cfr1],
    explanation: r#"**What.** A program type the rulebook marks as not aggregated on the claiming schedules (`aggregated_on_claiming = false`; in the 2009 edition 6070 Treatment Congregate) has two CFR-1 columns at different sites with the same index (or both without one):

- on CFR-1, reported at the second program/site;
- on DMH-1, a row with that code and index stands for both program/sites; reported at the DMH-1 row.

(Two columns at the same site are IX002's or FS004's. DMH-2 and DMH-3 are not checked: their rows are per county, and a county's row may be one program/site.)

**Why.** Appendix F (CBR/CFR manual section 30, "When to Index Program Codes"): "If a service provider operates more than one program/site of the same program type (i. e., two treatment/ congregate facilities), which are not aggregated by program type on the claiming schedules, the program codes must be indexed." Its example is 6070: "This program type is not aggregated by program type on the claiming schedules, so these program/sites are also reported in three separate columns on Schedules DMH-1, DMH-2 and DMH-3." Such program/sites reported as one cannot be told apart when OMH pays State Aid per facility.

**How to fix.** Index the program/sites `01`, `02`, ... on CFR-1 and report each on its own row of DMH-1, DMH-2 and DMH-3 with the same index. A user rulebook can mark other program types (`aggregated_on_claiming = false`) or unmark 6070.

**Example.** `CFR-1: program/site 6070 site 003 has the same index (none) as site 002 (line 2); 6070 Treatment Congregate is not aggregated by program type on the claiming schedules, so its program/sites must be indexed 01, 02, ... (AppF)`."#,
};

pub fn check(ctx: &mut Context) {
    let Some(cfr1) = ctx.schedule(ScheduleKind::Cfr1) else {
        return;
    };
    if ctx.enabled(&IX007) {
        not_carried(ctx, cfr1);
    }
    if ctx.enabled(&IX008) {
        not_aggregated(ctx, cfr1);
    }
}

/// How one schedule reports one program code.
#[derive(Default)]
pub(super) struct Rows<'r> {
    pub(super) first_unindexed: Option<&'r Record>,
    /// The first record of each numeric index.
    pub(super) indexed: BTreeMap<ProgramIndex, &'r Record>,
}

pub(super) fn rows_by_code(schedule: &Schedule) -> HashMap<ProgramCode, Rows<'_>> {
    let mut by_code: HashMap<ProgramCode, Rows> = map_for(schedule.records.len());
    for record in &schedule.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        let rows = by_code.entry(row.code).or_default();
        if row.index.is_none() {
            rows.first_unindexed.get_or_insert(record);
        } else if row.index.number().is_some() {
            rows.indexed.entry(row.index).or_insert(record);
        }
    }
    by_code
}

fn spelled(indexes: &BTreeMap<ProgramIndex, &Record>) -> String {
    let spelled: Vec<&str> = indexes.keys().map(ProgramIndex::as_str).collect();
    spelled.join(", ")
}

/// IX007.
fn not_carried(ctx: &mut Context, cfr1: &Schedule) {
    let edition = ctx.edition;
    let mut indexed_on_cfr1: Vec<(ProgramCode, Rows)> = rows_by_code(cfr1)
        .into_iter()
        .filter(|(_, rows)| rows.first_unindexed.is_none() && !rows.indexed.is_empty())
        .collect();
    if indexed_on_cfr1.is_empty() {
        return;
    }
    indexed_on_cfr1.sort_by_key(|(code, _)| *code);
    for schedule in present(ctx, &CLAIMING) {
        let kind = schedule.kind;
        let claimed = rows_by_code(schedule);
        for (code, on_cfr1) in &indexed_on_cfr1 {
            let Some(rows) = claimed.get(code) else {
                continue;
            };
            match (rows.first_unindexed, rows.indexed.is_empty()) {
                (Some(record), true) => ctx.report(
                    Finding::new(
                        &IX007,
                        format!(
                            "{kind}: program {} is reported as one row without an index, but CFR-1 indexes it {}; AppF: the program codes are \"indexed throughout the CFR document\": report each indexed program/site on its own {kind} row",
                            program_label(edition, *code),
                            spelled(&on_cfr1.indexed)
                        ),
                    )
                    .at(schedule, record)
                    .column("program_index")
                    .value(""),
                ),
                (None, false) if kind == ScheduleKind::Dmh1 => {
                    for (index, column) in &on_cfr1.indexed {
                        if rows.indexed.contains_key(index) {
                            continue;
                        }
                        let row = ProgramRow {
                            code: *code,
                            index: *index,
                        };
                        let site = site_key(column)
                            .map(|site| format!(" (site {site})"))
                            .unwrap_or_default();
                        let name = edition
                            .program(*code)
                            .map(|program| format!(" {}", program.name))
                            .unwrap_or_default();
                        ctx.report(
                            Finding::new(
                                &IX007,
                                format!(
                                    "CFR-1 column {row}{name}{site} has no DMH-1 row {row} (DMH-1 indexes the program {}); AppF: the program codes are \"indexed throughout the CFR document\": carry every indexed program/site to DMH-1",
                                    spelled(&rows.indexed)
                                ),
                            )
                            .at(cfr1, column)
                            .column("program_index")
                            .value(index.as_str()),
                        );
                    }
                }
                // Both with and without an index: IX004.
                _ => {}
            }
        }
    }
}

/// IX008.
fn not_aggregated(ctx: &mut Context, cfr1: &Schedule) {
    let edition = ctx.edition;
    let separate = |row: ProgramRow| {
        edition
            .program(row.code)
            .is_some_and(|program| !program.aggregated_on_claiming)
    };
    // The program/sites (the first column of each site) of each row of
    // such a type.
    let mut sites: HashMap<ProgramRow, Vec<&Record>> = HashMap::default();
    // The same, as a set: a large CFR-1 has thousands of sites per row.
    let mut known: HashSet<(ProgramRow, Option<Caseless>)> = HashSet::default();
    for record in &cfr1.records {
        let Some(row) = record.program_row().filter(|row| separate(*row)) else {
            continue;
        };
        if !known.insert((row, site_of(record))) {
            continue;
        }
        let site = site_key(record);
        let seen = sites.entry(row).or_default();
        if let Some(first) = seen.first() {
            let index = if row.index.is_none() {
                "(none)".to_string()
            } else {
                row.index.to_string()
            };
            ctx.report(
                Finding::new(
                    &IX008,
                    format!(
                        "CFR-1: program/site {} {} has the same index {index} as {} (line {}); {} is not aggregated by program type on the claiming schedules, so its program/sites must be indexed 01, 02, ... (AppF)",
                        row.code,
                        site_text(&site),
                        site_text(&site_key(first)),
                        first.line(),
                        program_label(edition, row.code)
                    ),
                )
                .at(cfr1, record)
                .column("program_index")
                .value(row.index.as_str()),
            );
        }
        seen.push(record);
    }
    let Some(dmh1) = ctx.schedule(ScheduleKind::Dmh1) else {
        return;
    };
    let mut reported: Vec<ProgramRow> = Vec::new();
    for record in &dmh1.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        let Some(columns) = sites.get(&row).filter(|columns| columns.len() > 1) else {
            continue;
        };
        if reported.contains(&row) {
            continue;
        }
        reported.push(row);
        let names: Vec<String> = columns
            .iter()
            .map(|column| site_text(&site_key(column)))
            .collect();
        ctx.report(
            Finding::new(
                &IX008,
                format!(
                    "DMH-1: program {} is one row for {} CFR-1 program/sites ({}); the type is not aggregated by program type on the claiming schedules: index each program/site and report it on its own row (AppF)",
                    program_row_label(ctx, row),
                    columns.len(),
                    names.join(", ")
                ),
            )
            .at(dmh1, record)
            .column("program_index")
            .value(row.index.as_str()),
        );
    }
}

fn site_text(site: &Option<CompactString>) -> String {
    match site {
        Some(site) => format!("site {site}"),
        None => "the column without a site".to_string(),
    }
}
