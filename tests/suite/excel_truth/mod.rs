//! What Excel really writes must never raise a false alarm, and nothing a
//! user gives may hang, be lost or be overwritten. Each test starts from the
//! clean sample filing (acme-2009, no findings) and changes only what Excel
//! or a user would.

mod cells;
mod inputs;
mod report;

use std::fs;
use std::path::{Path, PathBuf};

use cfrcheck::check::check_path;
use cfrcheck::report::{Finding, Report};
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::Settings;

use crate::support::{cfrcheck, rule_codes};

fn acme() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/filings/acme-2009")
}

/// A copy of acme-2009 with `edit` applied to each schedule's text.
fn acme_with(edit: impl Fn(&str, String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let filing = dir.path().join("acme");
    fs::create_dir(&filing).expect("mkdir");
    for schedule in ["CFR-1", "DMH-1", "DMH-2", "DMH-3", "CBR"] {
        let name = format!("{schedule}.csv");
        let text = fs::read_to_string(acme().join(&name)).expect("fixture");
        fs::write(filing.join(&name), edit(schedule, text)).expect("write");
    }
    dir
}

fn check(path: &Path) -> Report {
    check_path(path, &Rulebook::embedded(), &Settings::default()).expect("targets")
}

fn all(report: &Report) -> Vec<&Finding> {
    report.findings().map(|(_, finding)| finding).collect()
}
