//! FS: funding sources (AppF, AppN). Funding-source codes and indexes on
//! the claiming schedules, the programs AppF restricts to some funding
//! sources, and funding-source splits where they are not allowed. What
//! particular definitions say beyond an allowed list (FS005-FS007) is in
//! `program_funding`.

use rustc_hash::FxHashMap as HashMap;

use compact_str::CompactString;

use super::program_codes::present;
use super::program_funding::{self, FS005, FS006, FS007, FUNDED};
use super::sites::site_key;
use super::{Context, Rule};
use crate::model::{Column, FundSource, ProgramRow, Record, Schedule, ScheduleKind};
use crate::report::{clip, Finding, Severity};
use crate::rulebook::Edition;
use crate::rules::labels::{program_label, row_text};

pub static RULES: &[&Rule] = &[&FS001, &FS002, &FS003, &FS004, &FS005, &FS006, &FS007];

pub static FS001: Rule = Rule {
    code: "FS001",
    name: "unknown-fund-source",
    severity: Severity::Warning,
    summary: "fund_source is not in the rulebook's funding-source list (the list is partial; users extend it)",
    needs: &[],
    explanation: r#"**What.** On DMH-2, DMH-3 or the CBR, a `fund_source` is not in the rulebook edition's list of funding-source codes, a `fund_index` is not one the rulebook lists for that funding source (or the funding source takes no index), a `fund_index` is given without a `fund_source`, or a DMH-3 row has no funding source at all.

**Why.** DMH-3 claims each program's net operating cost by funding source, with the codes of CBR manual section 38 (Appendix N, funding source codes); DMH-2 and the CBR use the same codes where a program/site is split by funding source. A code outside the list is usually a typo (`107D` for `170D`, `010` for `001`). The embedded list is partial (the codes the project's specification names: 001, 004, 005, 090, 170B, 170D, 200, 300, 400), which is why this is a warning.

**How to fix.** Correct the code or index. If the funding source is valid for the period, add it to a rulebook file (`[[fund_sources]] code = "..."` in a file with `extends = "omh-2009"`) and pass it with `--rulebook FILE`.

**Example.** `DMH-3: funding source 999 of program 0810 is not in rulebook omh-2009's funding-source list (001, 004, 005, 090, 170B, 170D, 200, 300, 400); correct it, or add it with --rulebook`."#,
};

pub static FS002: Rule = Rule {
    code: "FS002",
    name: "restricted-fund-source",
    severity: Severity::Error,
    summary: "a program is used with a funding source its AppF definition forbids",
    needs: &[],
    explanation: r#"**What.** A DMH-2, DMH-3 or CBR row claims a program under a funding source that the program's Appendix F definition rules out. The restrictions come from the rulebook (`fund_sources` of each program); in the 2009 edition:

| program | allowed funding sources |
|---|---|
| 0890 LGU Administration | 001 index A only |
| 0860 LGU Administration - Reinvestment and MGP | 170D, 200, 300, 400 |
| 1970 Transition Management Services | 170B |
| 2070 Transient Housing | 090 (non-funded) |

`001A`, `001 A`, `001-A` and `001` with fund index `A` are all funding source 001 index A. A row with funding source 001 and no index is FS003's.

**Why.** Appendix F (CBR/CFR manual section 30) ties these programs to their funding: 0890 "can only be used with fund source code 001A"; 0860 "can only be used with fund source codes 170D, 200, 300 and 400"; 1970 "can only be used with funding source code 170B"; 2070 is "reported under this program code and funding code 090 (non-funded) on the DMH-3". Claiming them under another funding source claims State Aid the program cannot receive.

**How to fix.** Claim the program under an allowed funding source, or, if the costs belong to another program, move them to that program's column.

**Example.** `DMH-3: program 0890 Local Governmental Unit (LGU) Administration is claimed under funding source 170D; allowed: 001 index A (AppF: "can only be used with fund source code 001A")`."#,
};

pub static FS003: Rule = Rule {
    code: "FS003",
    name: "missing-fund-index",
    severity: Severity::Error,
    summary: "OMH funding source 001 without a fund_index (AppN)",
    needs: &[],
    explanation: r#"**What.** A DMH-2, DMH-3 or CBR row uses a funding source that requires a funding source index (in the 2009 rulebook: 001) but gives none, neither in `fund_index` nor written into `fund_source` (`001A`, `001 A`).

**Why.** CBR manual section 38 (Appendix N, funding source codes): OMH providers using funding source 001 must give the funding source index (`A` = adults). Without it OMH cannot tell which population's State Aid is claimed.

**How to fix.** Write the index in `fund_index` (`A` for adults), or as part of the code (`001A`).

**Example.** `DMH-3: funding source 001 of program 2100 has no fund_index; OMH funding source 001 needs one: A (AppN; A = adults)`."#,
};

pub static FS004: Rule = Rule {
    code: "FS004",
    name: "fund-split-on-cost-schedule",
    severity: Severity::Error,
    summary: "CFR-1 or DMH-1 carries a fund_source, or two of its columns differ only by funding source: program/sites may be split by funding source only on DMH-2 and DMH-3 (AppF)",
    needs: &[],
    explanation: r#"**What.** A CFR-1 or DMH-1 record has a `fund_source` (or `fund_index`), which also means two of its columns may differ only by funding source.

**Why.** Appendix F (CBR/CFR manual section 30, "When to report program/sites by funding source"): "OMH program/sites may be split by funding source (i. e., reinvestment versus non-reinvestment funding) ONLY on the claiming schedules (DMH-2 and DMH-3) not on the cost reporting schedules". A program/site is one column of the cost report and one row of DMH-1.

**How to fix.** Merge the columns of the program/site into one on CFR-1 and DMH-1 and leave `fund_source` empty there; split the program/site by funding source on DMH-2 and DMH-3.

**Example.** `CFR-1: program/site 0810 site 005 carries funding source 170D (line 2 is the same program/site); program/sites may be split by funding source only on DMH-2 and DMH-3: leave fund_source empty on CFR-1`."#,
};

pub fn check(ctx: &mut Context) {
    let edition = ctx.edition;
    for schedule in present(ctx, &FUNDED) {
        for record in &schedule.records {
            let Some(row) = record.program_row() else {
                continue;
            };
            match record.fund() {
                Some(fund) if fund.code.is_empty() => ctx.report(fund_finding(
                    schedule,
                    record,
                    "fund_index",
                    fund.index.as_deref().unwrap_or(""),
                    format!(
                        "{}: fund_index `{}` of program {row} is given without a fund_source",
                        schedule.kind,
                        clip(fund.index.as_deref().unwrap_or(""))
                    ),
                )),
                Some(fund) => {
                    known_fund_source(ctx, edition, schedule, record, fund);
                    allowed_for_program(ctx, edition, schedule, record, row, fund);
                }
                None if schedule.kind == ScheduleKind::Dmh3 && schedule.has(Column::FundSource) => {
                    ctx.report(fund_finding(
                        schedule,
                        record,
                        "fund_source",
                        "",
                        format!(
                            "DMH-3: program {row} has no fund_source; every DMH-3 row claims its net operating cost under a funding source (AppN)"
                        ),
                    ));
                }
                None => {}
            }
        }
    }
    for schedule in present(ctx, &[ScheduleKind::Cfr1, ScheduleKind::Dmh1]) {
        split_on_cost_schedule(ctx, schedule);
    }
    program_funding::check(ctx);
}

fn fund_finding(
    schedule: &Schedule,
    record: &Record,
    column: &'static str,
    value: &str,
    message: String,
) -> Finding {
    Finding::new(&FS001, message)
        .at(schedule, record)
        .column(column)
        .value(value)
}

/// FS001 and FS003: the funding source and its index against the rulebook.
fn known_fund_source(
    ctx: &mut Context,
    edition: &Edition,
    schedule: &Schedule,
    record: &Record,
    fund: &FundSource,
) {
    let kind = schedule.kind;
    // Only a finding spells the program out.
    let program = || row_text(record);
    let Some(definition) = edition.fund_source(&fund.code) else {
        let known: Vec<&str> = edition
            .fund_sources
            .iter()
            .map(|fund| fund.code.as_str())
            .collect();
        ctx.report(fund_finding(
            schedule,
            record,
            "fund_source",
            &fund.code,
            format!(
                "{kind}: funding source {} of program {} is not in rulebook {}'s funding-source list ({}); correct it, or add it with --rulebook",
                clip(&fund.code),
                program(),
                edition.id,
                known.join(", ")
            ),
        ));
        return;
    };
    match &fund.index {
        None if definition.index_required => {
            let indexes: Vec<&str> = definition
                .indexes
                .iter()
                .map(CompactString::as_str)
                .collect();
            let listed = if indexes.is_empty() {
                String::new()
            } else {
                let adults = if indexes.contains(&"A") {
                    "; A = adults"
                } else {
                    ""
                };
                format!(": {} (AppN{adults})", indexes.join(", "))
            };
            ctx.report(
                Finding::new(
                    &FS003,
                    format!(
                        "{kind}: funding source {} of program {} has no fund_index; OMH funding source {} needs one{listed}",
                        fund.code,
                        program(),
                        fund.code
                    ),
                )
                .at(schedule, record)
                .column("fund_index")
                .value(""),
            );
        }
        Some(index) if !definition.indexes.contains(index) => {
            let allowed = if definition.indexes.is_empty() {
                format!("funding source {} takes no fund_index", fund.code)
            } else {
                let indexes: Vec<&str> = definition
                    .indexes
                    .iter()
                    .map(CompactString::as_str)
                    .collect();
                format!(
                    "rulebook {} lists indexes {} for funding source {}",
                    edition.id,
                    indexes.join(", "),
                    fund.code
                )
            };
            ctx.report(fund_finding(
                schedule,
                record,
                "fund_index",
                index,
                format!(
                    "{kind}: fund_index `{}` of funding source {} (program {}) is not a known index: {allowed}",
                    clip(index),
                    fund.code,
                    program()
                ),
            ));
        }
        _ => {}
    }
}

/// FS002: the program's own funding-source restriction.
fn allowed_for_program(
    ctx: &mut Context,
    edition: &Edition,
    schedule: &Schedule,
    record: &Record,
    row: ProgramRow,
    fund: &FundSource,
) {
    let Some(program) = edition.program(row.code) else {
        return;
    };
    if program.fund_sources.is_empty()
        || program
            .fund_sources
            .iter()
            .any(|allowed| allowed.admits(fund))
    {
        return;
    }
    // 001 without its index: FS003 says so when the index is required.
    if fund.index.is_none()
        && program
            .fund_sources
            .iter()
            .any(|allowed| allowed.code == fund.code)
    {
        return;
    }
    let allowed: Vec<String> = program
        .fund_sources
        .iter()
        .map(ToString::to_string)
        .collect();
    let wording = if program.fund_source_rule.is_empty() {
        String::new()
    } else {
        format!(" (AppF: \"{}\")", program.fund_source_rule)
    };
    ctx.report(
        Finding::new(
            &FS002,
            format!(
                "{}: program {} is claimed under funding source {fund}; allowed: {}{wording}",
                schedule.kind,
                program_label(edition, row.code),
                allowed.join(", ")
            ),
        )
        .at(schedule, record)
        .column("fund_source")
        .value(fund.to_string()),
    );
}

/// FS004: funding-source splits on CFR-1 and DMH-1.
fn split_on_cost_schedule(ctx: &mut Context, schedule: &Schedule) {
    // Splits are rare (and wrong): a schedule without one needs no map.
    if schedule
        .records
        .iter()
        .all(|record| record.fund().is_none())
    {
        return;
    }
    let kind = schedule.kind;
    // The first record of each program/site (CFR-1) or program row (DMH-1).
    let mut first: HashMap<(ProgramRow, Option<CompactString>), u64> = HashMap::default();
    for record in &schedule.records {
        let Some(row) = record.program_row() else {
            continue;
        };
        let site = match kind {
            ScheduleKind::Cfr1 => site_key(record),
            _ => None,
        };
        let earlier = match first.get(&(row, site.clone())) {
            Some(&line) => Some(line),
            None => {
                first.insert((row, site.clone()), record.line());
                None
            }
        };
        let Some(fund) = record.fund() else { continue };
        let what = match (&site, kind) {
            (Some(site), ScheduleKind::Cfr1) => format!("program/site {row} site {site}"),
            (None, ScheduleKind::Cfr1) => format!("program/site {row}"),
            _ => format!("program {row}"),
        };
        let pair = match earlier {
            Some(line) => format!(
                " (line {line} is the same {})",
                if kind == ScheduleKind::Cfr1 {
                    "program/site"
                } else {
                    "program"
                }
            ),
            None => String::new(),
        };
        let shown = if fund.code.is_empty() {
            format!("fund_index {}", fund.index.as_deref().unwrap_or(""))
        } else {
            format!("funding source {fund}")
        };
        ctx.report(
            Finding::new(
                &FS004,
                format!(
                    "{kind}: {what} carries {shown}{pair}; program/sites may be split by funding source only on DMH-2 and DMH-3: leave fund_source empty on {kind}"
                ),
            )
            .at(schedule, record)
            .column(if fund.code.is_empty() { "fund_index" } else { "fund_source" })
            .value(if fund.code.is_empty() { fund.index.as_deref().unwrap_or("").to_string() } else { fund.to_string() }),
        );
    }
}
