//! Every rule of the catalogue has a fixture that fires it and a near-miss
//! that does not: `fixtures/rules/CODE/fail/` and `fixtures/rules/CODE/pass/`
//! (each a filing folder, or a folder holding one CSV checked alone). A rule
//! that needs a rulebook of its own (PC005 needs an edition that retires a
//! code) has it beside them, `fixtures/rules/CODE/rulebook.toml`: both
//! cases are checked with the embedded editions plus that file.

use std::path::{Path, PathBuf};

use cfrcheck::check::check_path;
use cfrcheck::report::Report;
use cfrcheck::rulebook::Rulebook;
use cfrcheck::rules::registry;
use cfrcheck::settings::Settings;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

fn check(path: &Path, rulebook: &Rulebook) -> Report {
    check_path(path, rulebook, &Settings::default())
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The rulebook a rule's fixtures are checked with.
fn rulebook_for(folder: &Path) -> Rulebook {
    let file = folder.join("rulebook.toml");
    if !file.is_file() {
        return Rulebook::embedded();
    }
    Rulebook::with_user_file(&file).unwrap_or_else(|error| panic!("{error}"))
}

fn codes(report: &Report) -> Vec<String> {
    report
        .findings()
        .map(|(_, finding)| {
            format!(
                "{} line {:?}: {}",
                finding.rule.code, finding.line, finding.message
            )
        })
        .collect()
}

/// Rules that cannot fire on a plain check of a folder: IN013 needs
/// `--baseline`. tests/cli.rs tests them through the command line.
const NEEDS_CLI: &[&str] = &["IN013"];

#[test]
fn every_rule_fires_on_its_failing_fixture_and_not_on_its_near_miss() {
    let mut problems = Vec::new();
    for rule in registry()
        .iter()
        .filter(|rule| !NEEDS_CLI.contains(&rule.code))
    {
        let folder = fixtures().join(rule.code);
        let rulebook = rulebook_for(&folder);
        for (case, must_fire) in [("fail", true), ("pass", false)] {
            let path = folder.join(case);
            if !path.is_dir() {
                problems.push(format!("{}: no fixture {}", rule.code, path.display()));
                continue;
            }
            let report = check(&path, &rulebook);
            let fired = report
                .findings()
                .any(|(_, finding)| finding.rule.code == rule.code);
            if fired != must_fire {
                problems.push(format!(
                    "{} {case}: expected {} finding, got: {:#?}",
                    rule.code,
                    if must_fire { "a" } else { "no" },
                    codes(&report)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_clean_sample_filings_have_no_finding() {
    for filing in ["acme-2009", "hudson-2009-10"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/filings")
            .join(filing);
        let report = check(&path, &Rulebook::embedded());
        assert!(
            report.findings().next().is_none(),
            "{filing}: {:#?}",
            codes(&report)
        );
    }
}
