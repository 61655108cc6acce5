//! Checking filings: read each one, run the rules, keep only the findings.
//! Filings are independent, so a batch is checked in parallel; results keep
//! the discovery order whatever the number of threads. A filing's records
//! are dropped as soon as it is checked, so memory does not grow with the
//! number of filings.

use std::path::Path;

use rayon::prelude::*;

use crate::input::{self, discover, ReadOptions, Target};
use crate::model::Filing;
use crate::report::cap::CappedFindings;
use crate::report::{FileReport, FilingReport, Report};
use crate::rulebook::Rulebook;
use crate::rules;
use crate::settings::Settings;

/// Checks everything under one path, as `cfrcheck check PATH` does without
/// its flags: the library's single call for programs (and tests) that embed
/// cfrcheck. Fails as the command does (exit status 2) when nothing is found.
pub fn check_path(path: &Path, rulebook: &Rulebook, settings: &Settings) -> anyhow::Result<Report> {
    let targets = discover(&[path.to_path_buf()])?;
    Ok(check_targets(&targets, rulebook, settings, &|| {}))
}

/// Checks every target; `progress` is called once per filing done.
pub fn check_targets(
    targets: &[Target],
    rulebook: &Rulebook,
    settings: &Settings,
    progress: &(dyn Fn() + Sync),
) -> Report {
    let lettered = rulebook.lettered_fund_codes();
    let options = ReadOptions {
        encoding: settings.encoding,
        lettered_fund_codes: &lettered,
        max_per_rule: settings.max_per_rule,
        split_from_bytes: input::split::SPLIT_FROM_BYTES,
    };
    let filings = targets
        .par_iter()
        .map(|target| {
            let report = check_target(target, &options, rulebook, settings);
            progress();
            report
        })
        .collect();
    Report { filings }
}

/// Reads and checks one filing.
pub fn check_target(
    target: &Target,
    options: &ReadOptions,
    rulebook: &Rulebook,
    settings: &Settings,
) -> FilingReport {
    let loaded = input::load_filing(target, options);
    check_filing(&loaded.filing, loaded.findings, rulebook, settings)
}

/// Runs the rules over a filing that has been read.
pub fn check_filing(
    filing: &Filing,
    input_findings: CappedFindings,
    rulebook: &Rulebook,
    settings: &Settings,
) -> FilingReport {
    let choice = rulebook.edition_for(filing.heading.period);
    let findings = rules::check_filing(filing, &choice, settings, input_findings);
    let mut report = FilingReport {
        path: filing.path.clone(),
        agency_code: filing.heading.agency_code.as_ref().map(ToString::to_string),
        period_start: filing.heading.period.map(|period| period.start.to_string()),
        period_end: filing.heading.period.map(|period| period.end.to_string()),
        schedules: filing
            .schedules
            .iter()
            .flatten()
            .map(|schedule| schedule.kind)
            .collect(),
        files: filing
            .files
            .iter()
            .map(|file| FileReport {
                path: file.path.clone(),
                schedule: file.schedule,
                records: file.records,
            })
            .collect(),
        findings,
        single_file: filing.single_file,
        hidden_by_baseline: 0,
        edition: Some(format!("{} ({})", choice.edition.id, choice.edition.title)),
    };
    report.sort_findings();
    report
}
