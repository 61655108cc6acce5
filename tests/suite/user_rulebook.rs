//! A user rulebook file (`--rulebook FILE`) extends the embedded edition:
//! a program code it adds is known to PC002, through the library and the
//! command line; a broken file is a usage error (exit 2) naming its line.
//! Editions for later years, `rulebook new | check | diff` and the config's
//! `rulebooks` folder: tests/suite/rulebook_editions/.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use cfrcheck::check::check_path;
use cfrcheck::report::Report;
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::Settings;
use predicates::prelude::*;

use crate::support::rule_codes;

/// Replaces omh-2009 (same id, so the same periods) with 9999 added.
const PLUS: &str = r#"[edition]
id = "omh-2009"
title = "OMH 2009 plus a pilot program"
extends = "omh-2009"

[[programs]]
code = "9999"
name = "Pilot Program"
units = "Count one visit as one unit."
"#;

/// `[[programs]]` entry on line 8 with a five-digit code.
const BROKEN: &str = r#"[edition]
id = "omh-2024"
extends = "omh-2009"
period_starts = ["2024-01-01"]

[[programs]]
name = "Pilot Program"
code = "99999"
"#;

const CFR1: &str = "agency_code,period_start,period_end,program_code,program_index,site,program_name,personal_services,fringe_benefits,otps,property,equipment,agency_administration,total_expenses,revenues,units_of_service
12345,2009-01-01,2009-12-31,9999,,001,Pilot Program,100000,0,0,0,0,10000,110000,0,1000
";

/// A filing folder holding a CFR-1 with program 9999, and a rulebook file.
fn setup(rulebook: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let filing = dir.path().join("pilot-2009");
    fs::create_dir(&filing).expect("filing folder");
    fs::write(filing.join("CFR-1.csv"), CFR1).expect("CFR-1");
    let file = dir.path().join("rulebook.toml");
    fs::write(&file, rulebook).expect("rulebook");
    (dir, filing, file)
}

fn check(path: &Path, rulebook: &Rulebook) -> Report {
    check_path(path, rulebook, &Settings::default()).expect("discover")
}

#[test]
fn the_embedded_edition_does_not_know_9999() {
    let (_dir, filing, _) = setup(PLUS);
    let report = check(&filing, &Rulebook::embedded());
    assert!(
        rule_codes(&report).contains(&"PC002"),
        "{:?}",
        rule_codes(&report)
    );
}

#[test]
fn a_user_rulebook_adds_9999_through_the_library() {
    let (_dir, filing, file) = setup(PLUS);
    let rulebook = Rulebook::with_user_file(&file).expect("valid rulebook");
    let report = check(&filing, &rulebook);
    let found = rule_codes(&report);
    assert!(!found.contains(&"PC002"), "{found:?}");
    assert!(!found.contains(&"PC003"), "{found:?}");
    assert!(!found.contains(&"RB001"), "{found:?}");
}

#[test]
fn a_user_rulebook_adds_9999_through_the_cli() {
    let (_dir, filing, file) = setup(PLUS);
    Command::cargo_bin("cfrcheck")
        .expect("binary")
        .args(["check", "--select", "PC", "--rulebook"])
        .arg(&file)
        .arg(&filing)
        .assert()
        .success()
        .stdout(predicate::str::contains("PC002").not());
    Command::cargo_bin("cfrcheck")
        .expect("binary")
        .args(["check", "--select", "PC"])
        .arg(&filing)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("PC002"));
}

#[test]
fn a_broken_rulebook_exits_2_naming_the_line() {
    let (_dir, filing, file) = setup(BROKEN);
    let error = Rulebook::with_user_file(&file).expect_err("five-digit code");
    assert!(format!("{error:#}").contains("line 8"), "{error:#}");
    Command::cargo_bin("cfrcheck")
        .expect("binary")
        .args(["check", "--rulebook"])
        .arg(&file)
        .arg(&filing)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 8").and(predicate::str::contains("99999")));
}
