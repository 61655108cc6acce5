//! What a run reports about itself: findings capped per rule and file (by
//! default, `--max-per-rule` and `cfrcheck.toml`), and "every rule passed"
//! only when every rule ran.

use std::fs;
use std::path::Path;

use cfrcheck::check::check_path;
use cfrcheck::report::Report;
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::Settings;
use predicates::prelude::*;

use super::{acme, all, cfrcheck, check};

#[test]
fn findings_are_capped_per_rule_and_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = fs::read_to_string(acme().join("CFR-1.csv")).expect("fixture");
    let mut lines: Vec<&str> = text.lines().collect();
    let row = lines[1];
    lines.extend(std::iter::repeat_n(row, 1000));
    fs::write(dir.path().join("CFR-1.csv"), lines.join("\n") + "\n").expect("write");
    let path = dir.path().join("CFR-1.csv");
    let report = check(&path);
    let count =
        |report: &Report, code: &str| all(report).iter().filter(|f| f.rule.code == code).count();
    assert_eq!(count(&report, "IX002"), 200);
    assert_eq!(count(&report, "IN014"), 1);
    let capped = all(&report)
        .into_iter()
        .find(|f| f.rule.code == "IN014")
        .expect("IN014");
    assert!(
        capped.message.contains("fired 1,000 times"),
        "{}",
        capped.message
    );
    assert!(
        capped.message.contains("800 more were counted"),
        "{}",
        capped.message
    );

    let everything = Settings {
        max_per_rule: 0,
        ..Settings::default()
    };
    let report = check_path(&path, &Rulebook::embedded(), &everything).expect("targets");
    assert_eq!(count(&report, "IX002"), 1000);
    assert_eq!(count(&report, "IN014"), 0);

    cfrcheck()
        .args(["check", "--format", "json", "--max-per-rule", "5"])
        .arg(&path)
        .assert()
        .stdout(
            predicate::str::contains("fired 1,000 times")
                .and(predicate::str::contains("the first 5 are listed")),
        );
    fs::write(dir.path().join("cfrcheck.toml"), "max-per-rule = 3\n").expect("config");
    cfrcheck()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "CFR-1.csv"])
        .assert()
        .stdout(predicate::str::contains("the first 3 are listed"));
}

#[test]
fn a_clean_run_only_says_every_rule_passed_when_every_rule_ran() {
    cfrcheck()
        .arg("check")
        .arg(acme().join("CFR-1.csv"))
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("checked alone")
                .and(predicate::str::contains("every rule passed").not()),
        );

    let dir = tempfile::tempdir().expect("temp dir");
    let riverside =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/filings/faulty-riverside-2009");
    let baseline = dir.path().join("baseline.json");
    cfrcheck()
        .arg("check")
        .arg(&riverside)
        .arg("--write-baseline")
        .arg(&baseline)
        .assert()
        .code(0);
    cfrcheck()
        .arg("check")
        .arg(&riverside)
        .arg("--baseline")
        .arg(&baseline)
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("recorded findings hidden by the baseline")
                .and(predicate::str::contains("every rule passed").not()),
        );
}
