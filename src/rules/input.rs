//! IN: input and structure. Most of these findings are made by the input
//! layer while it reads the files; IN009 and IN011 are about the filing as
//! a whole and are made here.

use super::{registry, Context, Rule};
// Declared in the input layer, which makes their findings while it reads.
pub use crate::input::rules::{
    IN001, IN002, IN003, IN004, IN005, IN006, IN007, IN008, IN010, IN012, IN015, IN016,
};
use crate::model::ScheduleKind;
use crate::report::{Finding, Severity};

pub static RULES: &[&Rule] = &[
    &IN001, &IN002, &IN003, &IN004, &IN005, &IN006, &IN007, &IN008, &IN009, &IN010, &IN011, &IN012,
    &IN013, &IN014, &IN015, &IN016,
];

pub static IN009: Rule = Rule {
    code: "IN009",
    name: "missing-schedule",
    severity: Severity::Warning,
    summary: "a filing lacks CFR-1, DMH-1, DMH-2 or DMH-3 (names the rules skipped because of it)",
    needs: &[],
    explanation: r#"**What.** A filing folder has no file for one of the schedules every OMH filing carries: CFR-1, DMH-1, DMH-2 and DMH-3. The approved CBR is optional. The message lists the rules that were skipped because they need the missing schedule.

**Why.** The claiming schedules are what State Aid is paid from, and the cross-schedule rules (CFR-1 to DMH-1 to DMH-2 to DMH-3) can only vouch for schedules they can see. Checking a single CSV file validates that schedule alone and does not report this.

**How to fix.** Export the missing schedule into the filing folder, named so cfrcheck recognises it (`DMH-3.csv`).

**Example.** `filing has no DMH-3; skipped: FS006, TO004, SC002, SC003`."#,
};

pub static IN011: Rule = Rule {
    code: "IN011",
    name: "non-omh-records",
    severity: Severity::Info,
    summary: "records of another state agency were skipped by the OMH rules (counts them)",
    needs: &[],
    explanation: r#"**What.** Records whose `state_agency` is `OASAS`, `OPWDD`/`OMRDD` or another agency were counted and skipped: cfrcheck applies the OMH rulebook only.

**Why.** A CFR can report programs of several state agencies; their codes and rules are not OMH's (Appendix F covers OMH programs only), so checking them against Appendix F would produce false findings.

**How to fix.** Nothing to fix; this note says how many records were not checked. Check those programs against their own agency's manual.

**Example.** `CFR-1: 4 records of other state agencies (state_agency other than OMH) were not checked`."#,
};

/// Made when a run compares its findings with a baseline (it fires only
/// when a run is given `--baseline`), so the fixture harness leaves it to
/// the CLI tests.
pub static IN013: Rule = Rule {
    code: "IN013",
    name: "stale-baseline-entry",
    severity: Severity::Warning,
    summary: "a `--baseline` entry no longer matches as many findings as it records",
    needs: &[],
    explanation: r#"**What.** The baseline given with `--baseline FILE` records findings (by agency code, period, schedule, program code and index, county and rule code, with a count) that this run no longer produces, or produces fewer times than recorded.

**Why.** A baseline hides the findings a filing already had so that a CI job fails only on new ones. Once a recorded problem is fixed, its entry would go on hiding the same problem if it came back; reporting the stale entry keeps the baseline as small as the filings allow.

**How to fix.** Regenerate the baseline with `cfrcheck check --write-baseline FILE PATH...` and commit it, or delete the entry from the file by hand. Entries are only checked for filings (agency code and period) that the run checked, and for rules that the run selected.

**Example.** `baseline entry IN004 (CFR-1, program 2100, county -) recorded 1 finding, this run found 0`."#,
};

pub static IN014: Rule = Rule {
    code: "IN014",
    name: "findings-capped",
    severity: Severity::Info,
    summary: "one rule fired more than `--max-per-rule` times (default 200) in one file; the rest are counted, not listed",
    needs: &[],
    explanation: r#"**What.** One rule found more problems in one file than `--max-per-rule` allows (200 by default). The first ones are listed; the rest were counted, and this finding says how many.

**Why.** A mistake repeated on every row (a site number copied down a 50 MB CFR-1, a column of `#REF!`) would otherwise make a report of hundreds of thousands of lines that nobody reads and that takes gigabytes to hold. The first findings show the pattern; fixing it usually fixes them all.

**How to fix.** Fix the findings that are listed and check again. To list every finding, run with `--max-per-rule 0` (or set `max-per-rule = 0` in `cfrcheck.toml`), best together with `--select CODE` for the rule concerned.

**Example.** `IX002 fired 625,000 times in CFR-1.csv: the first 200 are listed, 624,800 more were counted; run with --max-per-rule 0 to list them all`."#,
};

/// IN009 and IN011: findings about the filing as a whole.
pub fn check(ctx: &mut Context) {
    let filing = ctx.filing;
    // A workbook with no schedule sheet, or one that could not be opened,
    // has no schedule at all: IN001 or IN002 already says why.
    let any_schedule_file = filing.files.iter().any(|file| file.schedule.is_some());
    if !filing.single_file && any_schedule_file {
        for kind in ScheduleKind::ALL
            .into_iter()
            .filter(|kind| kind.is_required())
        {
            if filing.has_file_for(kind) {
                continue;
            }
            let skipped: Vec<&str> = registry()
                .iter()
                .filter(|rule| {
                    rule.needs.contains(&kind)
                        && ctx.settings.selection.selects(rule.code)
                        // Rules on an optional schedule that is absent anyway (the CBR)
                        // were not skipped because of this one.
                        && rule
                            .needs
                            .iter()
                            .all(|need| need.is_required() || filing.has_file_for(*need))
                })
                .map(|rule| rule.code)
                .collect();
            let skipped = match skipped.as_slice() {
                [] => String::new(),
                codes => format!("; skipped: {}", codes.join(", ")),
            };
            ctx.report(Finding::new(
                &IN009,
                format!("filing has no {kind} file{skipped}"),
            ));
        }
    }
    for schedule in ScheduleKind::ALL
        .into_iter()
        .filter_map(|kind| filing.schedule(kind))
    {
        if schedule.other_agency_records > 0 {
            ctx.report(
                Finding::new(
                    &IN011,
                    format!(
                        "{}: {} records of other state agencies (state_agency other than OMH) were not checked",
                        schedule.kind, schedule.other_agency_records
                    ),
                )
                .in_schedule(schedule)
                .value(schedule.other_agency_records.to_string()),
            );
        }
    }
}
