//! The files and paths a user gives: a file not separated by commas, two
//! files for one schedule, a FIFO, an output onto an input, and a path
//! given twice.

use std::fs;
#[cfg(unix)]
use std::time::Duration;

use cfrcheck::report::Severity;
use predicates::prelude::*;

use super::{acme, acme_with, all, cfrcheck, check, rule_codes};

#[test]
fn a_file_separated_by_semicolons_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = fs::read_to_string(acme().join("CFR-1.csv")).expect("fixture");
    let semicolons = text.replace(',', ";");
    fs::write(dir.path().join("CFR-1.csv"), semicolons).expect("write");
    let report = check(&dir.path().join("CFR-1.csv"));
    assert_eq!(rule_codes(&report), ["IN001"]);
    assert!(
        all(&report)[0].message.contains("separated by `;`"),
        "{}",
        all(&report)[0].message
    );
    fs::write(dir.path().join("CFR-1.csv"), text.replace(',', "\t")).expect("write");
    let report = check(&dir.path().join("CFR-1.csv"));
    assert!(all(&report)[0].message.contains("separated by tabs"));
}

#[test]
fn two_files_for_one_schedule_are_an_error_naming_both() {
    let dir = acme_with(|_, text| text);
    let filing = dir.path().join("acme");
    fs::copy(filing.join("CFR-1.csv"), filing.join("acme-cfr1.csv")).expect("copy");
    let report = check(&filing);
    let found = all(&report);
    assert_eq!(rule_codes(&report), ["IN002"], "{found:#?}");
    assert_eq!(found[0].severity, Severity::Error);
    assert!(
        found[0].message.contains("CFR-1.csv was read"),
        "{}",
        found[0].message
    );
    assert!(
        found[0].message.contains("acme-cfr1.csv"),
        "{}",
        found[0].message
    );
    cfrcheck().arg("check").arg(&filing).assert().code(1);
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_schedule_does_not_hang() {
    let dir = acme_with(|_, text| text);
    let filing = dir.path().join("acme");
    fs::remove_file(filing.join("DMH-3.csv")).expect("rm");
    let status = std::process::Command::new("mkfifo")
        .arg(filing.join("DMH-3.csv"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    cfrcheck()
        .arg("check")
        .arg(&filing)
        .timeout(Duration::from_secs(20))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not a regular file"));
}

#[test]
fn no_writer_lands_on_an_input() {
    let dir = acme_with(|_, text| text);
    let filing = dir.path().join("acme");
    let input = filing.join("DMH-2.csv");
    let before = fs::read(&input).expect("read");
    // Through `..`, a hard link (another name of the same file, outside the
    // checked folder) and a symbolic link too.
    let dotted = filing.join("..").join("acme").join("DMH-2.csv");
    let hard = dir.path().join("hard.csv");
    fs::hard_link(&input, &hard).expect("hard link");
    let mut targets = vec![input.clone(), dotted, hard];
    #[cfg(unix)]
    {
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&input, &link).expect("symlink");
        targets.push(link);
    }
    for target in targets {
        for flag in ["--write-baseline", "--output"] {
            cfrcheck()
                .arg("check")
                .arg(&filing)
                .arg(flag)
                .arg(&target)
                .assert()
                .code(2)
                .stderr(predicate::str::contains(
                    "is one of the files being checked",
                ));
        }
    }
    assert_eq!(fs::read(&input).expect("read"), before);
}

#[test]
fn a_path_given_twice_is_checked_once() {
    let acme = acme();
    let parent = acme.parent().expect("filings").to_path_buf();
    cfrcheck()
        .arg("check")
        .arg(&acme)
        .arg(&acme)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 filing checked"));
    let output = cfrcheck()
        .args(["check", "--format", "json"])
        .arg(&parent)
        .arg(&acme)
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let paths: Vec<&str> = json["filings"]
        .as_array()
        .expect("filings")
        .iter()
        .filter_map(|filing| filing["path"].as_str())
        .filter(|path| path.ends_with("acme-2009"))
        .collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
}
