//! The command line as outside suites drive it (`../shared/spec/cli.md`):
//! every output format against reviewed expected files, exit statuses,
//! the JSON shape, config discovery and precedence, baselines, batches.
//! This module holds the helpers the themed sub-modules share: running
//! `cfrcheck`, reading its JSON, the golden inputs, copying filings.
//!
//! Expected files live in tests/expected/. The rule set grows in other
//! branches, so the golden runs use `--select IN` (findings of the input
//! rules only). After an intended change of output, regenerate them with
//! `CFRCHECK_BLESS=1 cargo test --test suite cli::` and review the diff.

mod baseline;
mod batch;
mod catalogue_commands;
mod config;
mod exit_status;
mod format_csv;
mod format_github;
mod format_gitlab;
mod format_json;
mod format_junit;
mod format_sarif;
mod golden;
mod output;

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::support::{cfrcheck, root, run, Run};

fn check(args: &[&str]) -> Run {
    run(cfrcheck().arg("check").args(args))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("not JSON ({error}): {text}"))
}

/// Every finding of a `--format json` report, with its filing's path.
fn findings(report: &Value) -> Vec<(String, Value)> {
    report["filings"]
        .as_array()
        .expect("filings")
        .iter()
        .flat_map(|filing| {
            let path = filing["path"].as_str().unwrap_or_default().to_string();
            filing["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .map(move |finding| (path.clone(), finding.clone()))
        })
        .collect()
}

fn codes(report: &Value) -> Vec<String> {
    findings(report)
        .iter()
        .map(|(_, finding)| finding["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Copies a folder (one level: filings are flat) into `to`.
fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), to.join(entry.file_name())).expect("copy file");
    }
}

fn path_text(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

/// A clean filing, two faulty ones, a single CSV, and a filing whose only
/// file is binary garbage (IN001) and that lacks three schedules (IN009,
/// findings about the whole filing).
const GOLDEN_INPUTS: &[&str] = &[
    "fixtures/filings/acme-2009",
    "fixtures/filings/faulty-lakeside-2009",
    "fixtures/filings/faulty-riverside-2009",
    "fixtures/input/bad-amounts-CFR-1.csv",
    "tests/data/garbled-2009",
];

const FORMATS: &[(&str, &str)] = &[
    ("text", "txt"),
    ("json", "json"),
    ("sarif", "sarif"),
    ("junit", "xml"),
    ("github", "github.txt"),
    ("gitlab", "gitlab.json"),
    ("csv", "csv"),
    ("html", "html"),
];

fn golden_run(format: &str, jobs: &str) -> Vec<u8> {
    let output = cfrcheck()
        .args([
            "check", "--select", "IN", "--jobs", jobs, "--format", format,
        ])
        .args(GOLDEN_INPUTS)
        // The html header says when the check ran.
        .env("SOURCE_DATE_EPOCH", "1262304000")
        .output()
        .expect("cfrcheck runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{format}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Moves rows without changing what the filing says: CFR-1's records in
/// reverse order, and on DMH-3 the two funding rows of 0810 and of 2100
/// Albany swapped (program order, which SC003/CB004 check, is unchanged).
fn re_sort(filing: &Path) {
    let cfr1 = filing.join("CFR-1.csv");
    let text = fs::read_to_string(&cfr1).expect("CFR-1");
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    fs::write(&cfr1, format!("{}\n", lines.join("\n"))).expect("write CFR-1");

    let dmh3 = filing.join("DMH-3.csv");
    let text = fs::read_to_string(&dmh3).expect("DMH-3");
    let mut lines: Vec<&str> = text.lines().collect();
    assert!(lines[2].contains(",0810,") && lines[3].contains(",0810,"));
    assert!(lines[5].contains(",2100,") && lines[6].contains(",2100,"));
    lines.swap(2, 3);
    lines.swap(5, 6);
    fs::write(&dmh3, format!("{}\n", lines.join("\n"))).expect("write DMH-3");
}
