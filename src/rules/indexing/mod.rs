//! IX: program code indexing (AppF "When to Index Program Codes", CFRM,
//! CBR40). Whether indexes are well formed, whether program/sites that are
//! reported separately are told apart by their index, whether the claiming
//! schedules use the indexes of the cost report, and start-up columns.
//! Indexes carried throughout the CFR (IX007, IX008) are in `claiming`.
//!
//! Here: the rules and the order they run in, and what the parts share. The
//! checks are in `format` (how indexes are written: well formed, numbered
//! without gaps, start-up columns) and `program_sites` (how program/sites
//! are told apart and matched with the cost report), each a file of its
//! own so that neither outgrows a reading.

mod claiming;
mod format;
mod program_sites;

use super::program_codes::present;
use super::{Context, Rule};
use crate::model::{ProgramRow, ScheduleKind};
use crate::report::Severity;
use crate::rulebook::Edition;
use claiming::{IX007, IX008};
use format::{gaps, malformed, startup_columns};
use program_sites::{duplicate_program_sites, duplicate_rows, not_on_cost_report};

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

/// The IX checks: the family's own passes, then IX007/IX008's (a pass of
/// its own over CFR-1 and DMH-1, run beside the others in a big filing).
pub static CHECKS: &[fn(&mut Context)] = &[check, claiming::check];

fn check(ctx: &mut Context) {
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
}

/// `6070 01 (Treatment Congregate)`.
pub(super) fn program_row_label(ctx: &Context, row: ProgramRow) -> String {
    row_label(ctx.edition, row)
}

/// [`program_row_label`] from the edition alone.
pub(super) fn row_label(edition: &Edition, row: ProgramRow) -> String {
    match edition.program(row.code) {
        Some(program) => format!("{row} ({})", program.name),
        None => row.to_string(),
    }
}
