//! IX: program code indexing (AppF "When to Index Program Codes", CFRM,
//! CBR40). Whether indexes are well formed, whether program/sites that are
//! reported separately are told apart by their index, whether the claiming
//! schedules use the indexes of the cost report, and start-up columns.
//! Indexes carried throughout the CFR (IX007, IX008) are in `claiming_indexes`.

use std::collections::BTreeMap;
use std::hash::BuildHasher;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use compact_str::CompactString;

use super::claiming_indexes::{self, IX007, IX008};
use super::program_codes::{present, program_label, row_text};
use super::sites::{site_of, Caseless};
use super::{Context, Rule};
use crate::model::{Amount, FundSource, ProgramCode, ProgramRow, Record, Schedule, ScheduleKind};
use crate::report::{clip, Finding, Severity};

pub static RULES: &[&Rule] = &[
    &IX001, &IX002, &IX003, &IX004, &IX005, &IX006, &IX007, &IX008,
];

pub static IX001: Rule = Rule {
    code: "IX001",
    name: "malformed-index",
    severity: Severity::Error,
    summary: "program_index is not empty, `00`-`99` or `A0`-`A9`",
    needs: &[],
    explanation: r#"**What.** The `program_index` cell is not a program index. An index is empty (the program is not indexed), two digits `00`-`99`, or `A` and a digit (`A0`-`A9`) for start-up and Program Development Grant columns. A single digit (`1`) is read as `01` (IN008); anything else (`001`, `1A`, `B1`, `one`) is reported here.

**Why.** Appendix F (CBR/CFR manual section 30, "When to Index Program Codes"): "The program codes are indexed on approved CFR software by the use of a two digit field following the four digit program code." CBR manual section 40 indexes start-up and PDG columns `A0`, `A1`, ... A record whose index cannot be read cannot be matched across schedules, so the other checks skip it.

**How to fix.** Write the index as two digits (`01`, `02`) or as `A0`-`A9`, or leave the cell empty if the program type is aggregated into one column.

**Example.** `CFR-1: program_index `001` of program 6070 is not empty, 00-99 or A0-A9`."#,
};

pub static IX002: Rule = Rule {
    code: "IX002",
    name: "duplicate-program-site",
    severity: Severity::Error,
    summary: "two CFR-1 records have the same (program_code, program_index, site)",
    needs: &[],
    explanation: r#"**What.** Two CFR-1 columns have the same program code, index and site. (Two columns that differ only by funding source are reported by FS004 instead.)

**Why.** The CFR manual's state agency specific instructions require each OMH program/site code to be unique within a submission: a program/site is one column of the cost report. Two columns with the same identity are either a program/site entered twice (its costs counted twice) or two program/sites that were not told apart.

**How to fix.** Remove the repeated column, or, if they are two program/sites of one program type, give them different sites and indexes (`6070 01` site 002, `6070 02` site 003).

**Example.** `CFR-1: program/site 6070 01 (Treatment Congregate) site 002 is reported again (first at line 2); each program/site must be one column, with its own site and index`."#,
};

pub static IX003: Rule = Rule {
    code: "IX003",
    name: "unindexed-multiple-programs",
    severity: Severity::Error,
    summary: "two rows of one claiming schedule (DMH-1; DMH-2/DMH-3 within one county and fund split) share a program code and index: program/sites of one type that are not aggregated must be indexed 01, 02, ...",
    needs: &[],
    explanation: r#"**What.** A claiming schedule has two rows for the same program code and index: on DMH-1 anywhere, on DMH-2 within one county and funding-source split, on DMH-3 within one county, funding source and fund index.

**Why.** Appendix F (CBR/CFR manual section 30, "When to Index Program Codes"): "If a service provider operates more than one program/site of the same program type ... which are not aggregated by program type on the claiming schedules, the program codes must be indexed", e.g. "6070 01, 6070 02, and 6070 03". Either the program type is aggregated into one row, or each program/site has its own index; two rows with one key cannot be matched to the cost report or to the other claiming schedules.

**How to fix.** Aggregate the rows into one (one row per program type, county and funding source), or index each program/site `01`, `02`, ... on every schedule, CFR-1 included.

**Example.** `DMH-1: program 6070 (Treatment Congregate) has a second row (first at line 2); program/sites of one type that are not aggregated into one row must be indexed 01, 02, ...`."#,
};

pub static IX004: Rule = Rule {
    code: "IX004",
    name: "index-not-on-cost-report",
    severity: Severity::Error,
    summary: "a DMH row's (program_code, program_index) matches no CFR-1 column, or a program type is reported both aggregated (no index) and indexed on one schedule",
    needs: &[ScheduleKind::Cfr1],
    explanation: r#"**What.** Either a DMH-1, DMH-2 or DMH-3 row names a program row the cost report does not have, or one schedule reports a program type both without an index (aggregated) and with numeric indexes.

A row without an index aggregates every CFR-1 column of its program code, indexed or not, so it needs at least one CFR-1 column of that code. A row with an index (`6070 01`, `2100 A0`) needs a CFR-1 column with that code and that index. Start-up columns (`A0`-`A9`) do not count as indexing the program type: `2100` and `2100 A0` side by side are fine.

**Why.** Appendix F (CBR/CFR manual section 30, "When to Index Program Codes"): indexed program/sites are "indexed throughout the CFR document", so a claiming row must be traceable to its cost-report column(s); and a program type is either "aggregated by program type on the claiming schedules" or indexed, not both. The CFR manual requires program/site codes to be unique within a submission.

**How to fix.** Use the same code and index on the claiming schedules as on CFR-1 (a typo in one of them is the usual cause), or add the missing CFR-1 column. Do not mix an aggregated row with indexed rows of the same program type: index them all, or aggregate them all.

**Example.** `DMH-2: program 6070 01 (Treatment Congregate) matches no CFR-1 column (CFR-1 has 6070 02); use the cost report's code and index`, and `DMH-1: program 2100 Clinic Treatment is reported both without an index (aggregated) and indexed 01; index every program/site of the type, or aggregate them into one row`."#,
};

pub static IX005: Rule = Rule {
    code: "IX005",
    name: "index-gap",
    severity: Severity::Warning,
    summary: "the indexes of a program code skip a number (01, 03 without 02)",
    needs: &[],
    explanation: r#"**What.** On one schedule, the numeric indexes of a program code skip a number (`01`, `03` without `02`, or `02` without `01`), or its start-up indexes do (`A0`, `A2` without `A1`, or `A1` without `A0`). Numeric and start-up indexes are numbered separately. Indexes are counted from `01`; `00` is accepted as an index but does not stand in for `01`, so `00`, `02` is missing `01`. On DMH-2, DMH-3 and the CBR the indexes are taken over all counties.

**Why.** Appendix F (CBR/CFR manual section 30, "When to Index Program Codes") numbers the program/sites of one type in sequence: "indexed throughout the CFR document as 6070 01, 6070 02, and 6070 03"; CBR manual section 40 numbers start-up and PDG columns `A0`, then `A1`, `A2`. A missing number usually means a program/site left off this schedule, or an index typed wrong.

**How to fix.** Check that every program/site of the type is on the schedule with its index; renumber the indexes in sequence if one was dropped for good, on every schedule.

**Example.** `CFR-1: program 6070 Treatment Congregate is indexed 03 but not 02 (indexes 01, 03); number program/sites 01, 02, ... without gaps`."#,
};

pub static IX006: Rule = Rule {
    code: "IX006",
    name: "startup-column-misuse",
    severity: Severity::Error,
    summary: "an `A`-indexed (start-up / PDG) column reports units of service or agency administration (CBR40)",
    needs: &[],
    explanation: r#"**What.** A column indexed `A0`-`A9` (an OMH start-up or Program Development Grant column) reports `units_of_service` or `agency_administration` other than zero.

**Why.** CBR manual section 40: OMH Program Development Grant and start-up columns are indexed `A0` (`A1`, `A2` ... for further ones), carry no units of service and no administrative costs. Units and administration belong to the operating column of the program.

**How to fix.** Move the units and the agency administration to the program's operating column (the one without an `A` index) and report zero in the start-up column.

**Example.** `CFR-1: start-up column 2100 A0 (Clinic Treatment) reports units_of_service 120; start-up and PDG columns carry no units of service (CBR manual section 40): report them in the program's operating column`."#,
};

pub fn check(ctx: &mut Context) {
    malformed(ctx);
    if let Some(cfr1) = ctx.schedule(ScheduleKind::Cfr1) {
        duplicate_program_sites(ctx, cfr1);
    }
    for schedule in present(
        ctx,
        &[ScheduleKind::Dmh1, ScheduleKind::Dmh2, ScheduleKind::Dmh3],
    ) {
        duplicate_rows(ctx, schedule);
    }
    not_on_cost_report(ctx);
    for schedule in present(ctx, &ScheduleKind::ALL) {
        gaps(ctx, schedule);
        startup_columns(ctx, schedule);
    }
    claiming_indexes::check(ctx);
}

/// IX001.
fn malformed(ctx: &mut Context) {
    for schedule in present(ctx, &ScheduleKind::ALL) {
        for record in &schedule.records {
            if let Err(raw) = &record.program_index {
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

pub(super) fn site_key(record: &Record) -> Option<CompactString> {
    record
        .site
        .as_deref()
        .map(str::trim)
        .filter(|site| !site.is_empty())
        .map(|site| CompactString::from(site).to_ascii_uppercase())
}

/// IX002: two CFR-1 columns with one (code, index, site). Columns that
/// differ by funding source are FS004's.
fn duplicate_program_sites(ctx: &mut Context, cfr1: &Schedule) {
    // The first record of each key, by its position: a big CFR-1 has a key
    // per column, so the table holds four bytes per key, sized at once.
    fn key(record: &Record) -> Option<(ProgramRow, Option<Caseless<'_>>, Option<&FundSource>)> {
        record
            .program_row()
            .map(|row| (row, site_of(record), record.fund.as_deref()))
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
            .map(|&seen| cfr1.records[seen as usize].line);
        let Some(line) = earlier else {
            // Positions fit: a file of at most 128 MB has fewer records than 2^32.
            first.insert_unique(hash, at as u32, |&seen| {
                key(&cfr1.records[seen as usize]).map_or(0, |key| hasher.hash_one(key))
            });
            continue;
        };
        let row = this.0;
        let site = site_key(record);
        let site_text = match &site {
            Some(site) => format!("site {site}"),
            None => "without a site".to_string(),
        };
        ctx.report(
            Finding::new(
                &IX002,
                format!(
                    "CFR-1: program/site {} {site_text} is reported again (first at line {line}); each program/site must be one column, with its own site and index",
                    program_row_label(ctx, row)
                ),
            )
            .at(cfr1, record)
            .column("site")
            .value(site.as_deref().unwrap_or("")),
        );
    }
}

/// `6070 01 (Treatment Congregate)`.
pub(super) fn program_row_label(ctx: &Context, row: ProgramRow) -> String {
    match ctx.edition.program(row.code) {
        Some(program) => format!("{row} ({})", program.name),
        None => row.to_string(),
    }
}

/// IX003: two rows of a claiming schedule with one key.
fn duplicate_rows(ctx: &mut Context, schedule: &Schedule) {
    let kind = schedule.kind;
    let mut first: HashMap<(ProgramRow, Option<&str>, Option<&FundSource>), u64> =
        HashMap::default();
    for record in &schedule.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        let county = kind.has_county().then(|| record.county_text().trim());
        let key = (row, county, record.fund.as_deref());
        let Some(&line) = first.get(&key) else {
            first.insert(key, record.line);
            continue;
        };
        let mut within = String::new();
        if let Some(county) = county {
            within.push_str(&format!(" in county {county}"));
        }
        if let Some(fund) = &record.fund {
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
fn not_on_cost_report(ctx: &mut Context) {
    let Some(cfr1) = ctx.schedule(ScheduleKind::Cfr1) else {
        return;
    };
    if !ctx.enabled(&IX004) {
        return;
    }
    let mut cfr1_rows: HashMap<ProgramCode, Vec<ProgramRow>> = HashMap::default();
    let mut cfr1_set: HashSet<ProgramRow> = HashSet::default();
    for row in cfr1.records.iter().filter_map(Record::program_row) {
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
fn mixed_indexing<'a>(ctx: &mut Context, schedule: &'a Schedule) {
    #[derive(Default)]
    struct Seen<'a> {
        unindexed: Option<&'a Record>,
        indexes: Vec<&'a str>,
    }
    let mut seen: HashMap<ProgramCode, Seen<'a>> = HashMap::default();
    for record in &schedule.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        let entry = seen.entry(row.code).or_default();
        if row.index.is_none() {
            entry.unindexed.get_or_insert(record);
        } else if row.index.number().is_some() {
            if let Ok(index) = &record.program_index {
                entry.indexes.push(index.as_str());
            }
        }
    }
    for (code, seen) in seen {
        let (Some(record), false) = (seen.unindexed, seen.indexes.is_empty()) else {
            continue;
        };
        let mut indexes = seen.indexes;
        indexes.sort_unstable();
        indexes.dedup();
        ctx.report(
            Finding::new(
                &IX004,
                format!(
                    "{}: program {} is reported both without an index (aggregated) and indexed {}; index every program/site of the type, or aggregate them into one row",
                    schedule.kind,
                    program_label(ctx.edition, code),
                    indexes.join(", ")
                ),
            )
            .at(schedule, record)
            .column("program_index")
            .value(""),
        );
    }
}

/// IX005: numeric indexes from 01 and start-up indexes from A0 in sequence.
fn gaps<'a>(ctx: &mut Context, schedule: &'a Schedule) {
    // Per code: the first record of each numeric index and of each A index.
    type Firsts<'a> = (BTreeMap<u8, &'a Record>, BTreeMap<u8, &'a Record>);
    let mut by_code: HashMap<ProgramCode, Firsts<'a>> = HashMap::default();
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
fn startup_columns(ctx: &mut Context, schedule: &Schedule) {
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
