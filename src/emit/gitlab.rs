//! `--format gitlab`: a GitLab Code Quality report
//! (`artifacts: reports: codequality:`), a JSON array of issues.
//!
//! Severity: error -> `major`, warning -> `minor`, info -> `info` (GitLab's
//! scale is info, minor, major, critical, blocker; `critical` and `blocker`
//! are left for nothing: a CFR finding blocks a submission, not a server).
//!
//! The fingerprint must be unique within a report and stable across runs,
//! so that GitLab can tell new findings from old ones in a merge request:
//! the SHA-256 (hex) of the baseline key (agency code, period, schedule,
//! program code and index, county, rule code) plus the file path and the
//! message, and an occurrence number for exact duplicates. No line number:
//! re-sorting the rows of a schedule keeps every fingerprint.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::baseline::Key;
use crate::report::{FilingReport, Finding, Report, Severity};

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u64,
}

pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// One fingerprint per finding of the report, in report order.
pub fn fingerprints(report: &Report) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    report
        .findings()
        .map(|(filing, finding)| {
            let base = identity(filing, finding);
            let occurrence = seen.entry(base.clone()).or_insert(0);
            *occurrence += 1;
            let mut hasher = Sha256::new();
            hasher.update(base.as_bytes());
            hasher.update(format!("\u{1f}{occurrence}").as_bytes());
            hasher
                .finalize()
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect()
        })
        .collect()
}

/// The fields that identify a finding, separated by the ASCII unit separator
/// (which no field holds) so that no two different keys join the same way.
fn identity(filing: &FilingReport, finding: &Finding) -> String {
    let key = Key::of(filing, finding);
    let field = |value: &Option<String>| match value {
        Some(value) => format!("={value}"),
        None => "-".to_string(),
    };
    [
        field(&key.agency_code),
        field(&key.period_start),
        field(&key.period_end),
        field(&key.schedule),
        field(&Some(super::forward_slashes(super::location_path(
            filing, finding,
        )))),
        field(&key.program_code),
        field(&key.program_index),
        field(&key.county),
        key.code,
        finding.message.clone(),
    ]
    .join("\u{1f}")
}

pub fn emit(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let issues: Vec<Issue> = report
        .findings()
        .zip(fingerprints(report))
        .map(|((filing, finding), fingerprint)| Issue {
            description: format!(
                "{} {}: {}",
                finding.rule.code,
                finding.rule.name,
                super::message_with_cell(finding)
            ),
            check_name: finding.rule.code,
            fingerprint,
            severity: severity(finding.severity),
            location: Location {
                path: super::forward_slashes(super::location_path(filing, finding)),
                lines: Lines {
                    begin: finding.line.unwrap_or(1),
                },
            },
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
