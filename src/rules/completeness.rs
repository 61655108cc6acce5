//! SC: every program is carried through the schedules, and DMH-2 and DMH-3
//! array their programs alike (CBR manual sections 13 and 15).
//!
//! Like the TO rules, these index each schedule once in hash maps keyed on the
//! program row and county, so they run in time proportional to the filing.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::arrays::Arrays;
use super::totals::{county_text, listing, row_text};
use super::{Context, Rule};
use crate::model::{ProgramCode, ProgramRow, Record, Schedule, ScheduleKind};
use crate::report::{Finding, Severity};

pub static RULES: &[&Rule] = &[&SC001, &SC002, &SC003];

pub static SC001: Rule = Rule {
    code: "SC001",
    name: "program-missing-on-claiming-schedule",
    severity: Severity::Error,
    summary: "a CFR-1 program type has no DMH-1 row, or a DMH-2 program has no DMH-1 row",
    needs: &[ScheduleKind::Cfr1, ScheduleKind::Dmh1, ScheduleKind::Dmh2],
    explanation: r#"**What.** A program is not carried onto DMH-1:

- a program code with a column on CFR-1 has no DMH-1 row of that code (indexed or not); reported once per code, at its first CFR-1 column;
- a program row (code and index) on DMH-2 has no DMH-1 row with the same code and index; reported once per program row, at its first DMH-2 line.

(A DMH-1 row without DMH-2 rows is fine: a program without State Aid.)

**Why.** DMH-1 is where the cost report's program columns reach the claiming schedules, and DMH-2 distributes DMH-1's rows over counties (input-format.md section 4, items 2 and 3; Appendix F, "CBR vs. CFR reporting": a program is reported the same way on every document). A program missing from DMH-1 means its costs are either unclaimed or claimed on DMH-2 without support from the cost report; the amount comparisons TO002 and TO003 cannot check it.

**How to fix.** Add the DMH-1 row for the program (aggregated by program type, or indexed like its CFR-1 columns), or correct the program code or index where it was mistyped on one schedule.

**Example.** `DMH-2 6070 01 county 01 has no DMH-1 row 6070 01`."#,
};

pub static SC002: Rule = Rule {
    code: "SC002",
    name: "dmh2-dmh3-array-mismatch",
    severity: Severity::Error,
    summary: "a (program row, county) is on DMH-2 but not DMH-3, or the reverse",
    needs: &[ScheduleKind::Dmh2, ScheduleKind::Dmh3],
    explanation: r#"**What.** A program row (program code and index) in a county appears on DMH-2 and not on DMH-3, or on DMH-3 and not on DMH-2. Reported once per program row and county, at its first line on the schedule that has it.

**Why.** The CBR manual (sections 13 and 15) prepares one DMH-2 and one DMH-3 per county, with the same programs arrayed in the same order: DMH-3 says which funding sources pay each DMH-2 program's net operating cost (input-format.md section 4.4). A program on DMH-2 with no DMH-3 row claims nothing; a DMH-3 row with no DMH-2 program claims funding for a cost that is not reported.

**How to fix.** Add the missing row (on DMH-3, the funding source(s) of the program's net operating cost; a non-funded program uses funding source 090), or correct the program code, index or county that was mistyped.

**Example.** `DMH-2 2100 county 41 has no DMH-3 row: its net operating cost is not claimed under any funding source`."#,
};

pub static SC003: Rule = Rule {
    code: "SC003",
    name: "program-order-mismatch",
    severity: Severity::Warning,
    summary: "DMH-2 and DMH-3 list their programs in different orders",
    needs: &[ScheduleKind::Dmh2, ScheduleKind::Dmh3],
    explanation: r#"**What.** Within a county, the program rows that DMH-2 and DMH-3 both carry do not come in the same order (the order of each program row's first line; funding-source rows of one program count once). Programs on only one of the two schedules are left out of the comparison (SC002 reports them). Reported once for the filing, at the first DMH-3 line out of DMH-2's order.

**Why.** The CBR manual (sections 13 and 15) requires the DMH-2 and DMH-3 programs to be arrayed in the same order, one DMH-2 and DMH-3 per county, so that each DMH-3 column lines up with its DMH-2 column. Reviewers and OMH's software read them side by side.

**How to fix.** Reorder the DMH-3 rows (or the DMH-2 rows) of the county so that programs come in the same order on both; the approved CBR's order is the one to follow (CB004).

**Example.** `DMH-3 county 26 lists 2100 where DMH-2 lists 1080: programs are not in the DMH-2 order (DMH-2: 1080, 2100, 1760; DMH-3: 2100, 1080, 1760)`."#,
};

/// Runs every SC rule that is enabled.
pub fn check(ctx: &mut Context) {
    if ctx.enabled(&SC001) {
        missing_on_dmh1(ctx);
    }
    if ctx.enabled(&SC002) {
        dmh2_dmh3_array(ctx);
    }
    if ctx.enabled(&SC003) {
        if let (Some(dmh2), Some(dmh3)) = (
            ctx.schedule(ScheduleKind::Dmh2),
            ctx.schedule(ScheduleKind::Dmh3),
        ) {
            if let Some(finding) = order_finding(&SC003, ctx.arrays, dmh2, dmh3, "") {
                ctx.report(finding);
            }
        }
    }
}

/// `county 01` text for a (program row, county) key: `6070 01 county 41`.
pub(super) fn key_text(record: &Record, county: &str) -> String {
    format!("{} {}", row_text(record), county_text(county))
}

fn missing_on_dmh1(ctx: &mut Context) {
    let (Some(cfr1), Some(dmh1), Some(dmh2)) = (
        ctx.schedule(ScheduleKind::Cfr1),
        ctx.schedule(ScheduleKind::Dmh1),
        ctx.schedule(ScheduleKind::Dmh2),
    ) else {
        return;
    };
    let mut rows: HashSet<ProgramRow> = HashSet::default();
    let mut codes: HashSet<ProgramCode> = HashSet::default();
    for record in &dmh1.records {
        if let Some(row) = record.program_row() {
            rows.insert(row);
            codes.insert(row.code);
        }
    }
    let mut reported_codes: HashSet<ProgramCode> = HashSet::default();
    for record in &cfr1.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        if codes.contains(&row.code) || !reported_codes.insert(row.code) {
            continue;
        }
        let site = record
            .site
            .as_deref()
            .filter(|site| !site.trim().is_empty())
            .map(|site| format!(" (site {site})"))
            .unwrap_or_default();
        ctx.report(
            Finding::new(
                &SC001,
                format!(
                    "CFR-1 program {}{site} has no DMH-1 row of program code {}: its costs are not carried to the claiming schedules",
                    row_text(record),
                    row.code
                ),
            )
            .at(cfr1, record)
            .column("program_code")
            .value(row.code.as_str()),
        );
    }
    let mut reported_rows: HashSet<ProgramRow> = HashSet::default();
    for record in &dmh2.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        if rows.contains(&row) || !reported_rows.insert(row) {
            continue;
        }
        ctx.report(
            Finding::new(
                &SC001,
                format!(
                    "DMH-2 {} has no DMH-1 row {row}",
                    key_text(record, record.county_text())
                ),
            )
            .at(dmh2, record)
            .column("program_code")
            .value(row.to_string()),
        );
    }
}

fn dmh2_dmh3_array(ctx: &mut Context) {
    let (Some(dmh2), Some(dmh3)) = (
        ctx.schedule(ScheduleKind::Dmh2),
        ctx.schedule(ScheduleKind::Dmh3),
    ) else {
        return;
    };
    let arrays = ctx.arrays;
    let (on_dmh2, on_dmh3) = (arrays.of(dmh2), arrays.of(dmh3));
    for (key, record) in on_dmh2.missing_from(on_dmh3) {
        ctx.report(
            Finding::new(
                &SC002,
                format!(
                    "DMH-2 {} has no DMH-3 row: its net operating cost is not claimed under any funding source",
                    key_text(record, key.1)
                ),
            )
            .at(dmh2, record),
        );
    }
    for (key, record) in on_dmh3.missing_from(on_dmh2) {
        ctx.report(
            Finding::new(
                &SC002,
                format!(
                    "DMH-3 {} has no DMH-2 row: funding is claimed for a program and county that DMH-2 does not report",
                    key_text(record, key.1)
                ),
            )
            .at(dmh3, record),
        );
    }
}

/// Compares the program order of `schedule` with that of `reference`, county
/// by county, over the program rows both carry. Returns one finding, at the
/// earliest line of `schedule` that is out of the reference order, or
/// `None` when the orders agree. `why` ends the message.
pub(super) fn order_finding<'r>(
    rule: &'static Rule,
    arrays: &Arrays<'r>,
    reference: &'r Schedule,
    schedule: &'r Schedule,
    why: &str,
) -> Option<Finding> {
    let expected = arrays.of(reference);
    let actual = arrays.of(schedule);
    // Nearly always the orders agree, and then they agree in every county:
    // one pass over the shared keys tells, before any are grouped.
    let shared_expected = expected.order.iter().filter(|key| actual.contains(key));
    let shared_actual = actual.order.iter().filter(|key| expected.contains(key));
    if shared_expected.eq(shared_actual) {
        return None;
    }
    let mut expected_by_county: HashMap<&str, Vec<ProgramRow>> = HashMap::default();
    for key in &expected.order {
        if actual.contains(key) {
            expected_by_county.entry(key.1).or_default().push(key.0);
        }
    }
    let mut actual_by_county: HashMap<&str, Vec<(ProgramRow, &Record)>> = HashMap::default();
    let mut counties = Vec::new();
    for key in &actual.order {
        if !expected.contains(key) {
            continue;
        }
        if let Some(record) = actual.first.get(key) {
            actual_by_county
                .entry(key.1)
                .or_insert_with(|| {
                    counties.push(key.1);
                    Vec::new()
                })
                .push((key.0, *record));
        }
    }
    // The earliest out-of-order line over every county.
    let mut worst: Option<(&Record, &str, ProgramRow, usize)> = None;
    for county in counties {
        let (Some(want), Some(have)) =
            (expected_by_county.get(county), actual_by_county.get(county))
        else {
            continue;
        };
        let Some(position) = want
            .iter()
            .zip(have)
            .position(|(want, (have, _))| want != have)
        else {
            continue;
        };
        let record = have[position].1;
        let earlier = match worst {
            Some((best, ..)) => record.line() < best.line(),
            None => true,
        };
        if earlier {
            worst = Some((record, county, want[position], position));
        }
    }
    let (record, county, expected_row, position) = worst?;
    // The two orders from the first difference on.
    let want: Vec<String> = expected_by_county
        .get(county)
        .map(|rows| {
            rows.iter()
                .skip(position)
                .map(ToString::to_string)
                .collect()
        })
        .unwrap_or_default();
    let have: Vec<String> = actual_by_county
        .get(county)
        .map(|rows| {
            rows.iter()
                .skip(position)
                .map(|(row, _)| row.to_string())
                .collect()
        })
        .unwrap_or_default();
    let (this, other) = (schedule.kind, reference.kind);
    let from = if position == 0 {
        String::new()
    } else {
        format!("from program {} on, ", position + 1)
    };
    let message = format!(
        "{this} {} lists {} where {other} lists {expected_row}: programs are not in the {other} order ({from}{other}: {}; {this}: {}){why}",
        county_text(county),
        row_text(record),
        listing(&want, want.len()),
        listing(&have, have.len()),
    );
    Some(Finding::new(rule, message).at(schedule, record))
}
