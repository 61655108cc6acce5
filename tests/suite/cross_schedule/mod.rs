//! The cross-schedule rules (TO, SC, CB): exact messages and lines on the
//! fixtures, the tolerance edges, and a filing of 100,000 CFR-1 columns.

mod aggregation;
mod fixtures;
mod scale;
mod tolerance;

use std::path::{Path, PathBuf};

use cfrcheck::check::check_path;
use cfrcheck::report::Report;
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::Settings;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/rules")
        .join(path)
}

fn check_with(path: &Path, settings: &Settings) -> Report {
    check_path(path, &Rulebook::embedded(), settings)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// `(file name, line, column, message)` of every finding of one rule.
fn findings(
    report: &Report,
    code: &str,
) -> Vec<(String, Option<u64>, Option<&'static str>, String)> {
    report
        .findings()
        .filter(|(_, finding)| finding.rule.code == code)
        .map(|(_, finding)| {
            let file = finding
                .file
                .as_deref()
                .and_then(|file| Path::new(file).file_name())
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            (file, finding.line, finding.column, finding.message.clone())
        })
        .collect()
}
