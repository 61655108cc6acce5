//! What the PC, IX, FS, XP, AD and US rules say, beyond firing: the
//! suggestions, the funding-source spellings, severities from the rulebook,
//! and where the faulty sample filing's program mistakes are found.

use std::fs;
use std::path::{Path, PathBuf};

use cfrcheck::check::check_targets;
use cfrcheck::input::discover;
use cfrcheck::report::{Finding, Report, Severity};
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::Settings;

const FAMILIES: [&str; 6] = ["PC", "IX", "FS", "XP", "AD", "US"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn check(path: &Path) -> Report {
    let targets = discover(&[path.to_path_buf()]).expect("discover");
    check_targets(
        &targets,
        &Rulebook::embedded(),
        &Settings::default(),
        &|| {},
    )
}

fn findings<'r>(report: &'r Report, code: &str) -> Vec<&'r Finding> {
    report
        .findings()
        .map(|(_, finding)| finding)
        .filter(|finding| finding.rule.code == code)
        .collect()
}

/// `CODE SCHEDULE:LINE` of every finding of these families.
fn located(report: &Report) -> Vec<String> {
    let mut found: Vec<String> = report
        .findings()
        .map(|(_, finding)| finding)
        .filter(|finding| {
            FAMILIES
                .iter()
                .any(|family| finding.rule.code.starts_with(family))
        })
        .map(|finding| {
            let schedule = finding.schedule.map(|kind| kind.label()).unwrap_or("-");
            format!(
                "{} {schedule}:{}",
                finding.rule.code,
                finding.line.unwrap_or(0)
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn unknown_code_suggests_the_transposed_code_and_its_name() {
    let report = check(&root().join("rules/PC002/fail"));
    let found = findings(&report, "PC002");
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .contains("did you mean 6070 Treatment Congregate?"),
        "{}",
        found[0].message
    );
    assert_eq!(found[0].line, Some(2));
    assert_eq!(found[0].column, Some("program_code"));
    assert_eq!(found[0].value.as_deref(), Some("6007"));
}

#[test]
fn lgu_administration_under_170d_is_restricted() {
    let report = check(&root().join("rules/FS002/fail"));
    let found = findings(&report, "FS002");
    assert_eq!(found.len(), 1);
    let message = &found[0].message;
    assert!(
        message.contains("0890") && message.contains("170D"),
        "{message}"
    );
    assert!(message.contains("allowed: 001 index A"), "{message}");
    assert!(
        message.contains("can only be used with fund source code 001A"),
        "{message}"
    );
}

#[test]
fn every_spelling_of_001_index_a_is_clean_for_0890() {
    // 001A, "001 A", and 001 with fund_index A (lines 2-4 of the fixture).
    let report = check(&root().join("rules/FS002/pass"));
    assert!(located(&report).is_empty(), "{:?}", located(&report));
}

#[test]
fn claiming_rows_must_match_the_cost_report_and_not_mix_indexing() {
    let report = check(&root().join("rules/IX004/fail"));
    let messages: Vec<&str> = findings(&report, "IX004")
        .iter()
        .map(|finding| finding.message.as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|message| message.starts_with("DMH-1: program 6070 01")
                && message.contains("CFR-1 has 6070 02")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|message| message
            .starts_with("DMH-1: program 2100 Clinic Treatment is reported both without an index")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|message| message
            .starts_with("CFR-1: program 2100 Clinic Treatment is reported both without an index")),
        "{messages:?}"
    );
}

fn filing_with(dir: &Path, codes: &[&str]) -> PathBuf {
    let filing = dir.join("filing");
    fs::create_dir_all(&filing).expect("filing folder");
    let mut csv = String::from(
        "agency_code,period_start,period_end,program_code,program_index,site,program_name,personal_services,fringe_benefits,otps,property,equipment,agency_administration,total_expenses,revenues,units_of_service\n",
    );
    for (at, code) in codes.iter().enumerate() {
        csv.push_str(&format!(
            "12345,2009-01-01,2009-12-31,{code},,{:03},,1000,0,0,0,0,100,1100,0,10\n",
            at + 1
        ));
    }
    fs::write(filing.join("CFR-1.csv"), csv).expect("CFR-1");
    filing
}

#[test]
fn companion_severity_comes_from_the_rulebook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = check(&filing_with(dir.path(), &["1510", "2810"]));
    let found = findings(&report, "XP001");
    assert_eq!(found.len(), 2, "{found:#?}");
    let school = found
        .iter()
        .find(|finding| finding.message.contains("program 1510"))
        .expect("1510");
    assert_eq!(school.severity, Severity::Warning);
    assert!(
        school.message.contains("without 2100 Clinic Treatment"),
        "{}",
        school.message
    );
    let icm = found
        .iter()
        .find(|finding| finding.message.contains("program 2810"))
        .expect("2810");
    assert_eq!(icm.severity, Severity::Error);
    assert!(
        icm.message
            .contains("without 1810 Intensive Case Management"),
        "{}",
        icm.message
    );
}

#[test]
fn cpep_components_are_satisfied_by_3130() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = check(&filing_with(dir.path(), &["1680", "1920", "2600", "3130"]));
    assert!(findings(&report, "XP001").is_empty());
}

#[test]
fn the_faulty_riverside_filing_has_its_program_mistakes_where_they_are() {
    let report = check(&root().join("filings/faulty-riverside-2009"));
    assert_eq!(
        located(&report),
        [
            "FS002 DMH-3:2",
            "IX004 DMH-2:7",
            "IX004 DMH-3:8",
            "IX005 CFR-1:7",
            "IX005 DMH-1:7",
            "PC002 CFR-1:6",
            "PC002 DMH-1:6",
        ]
    );
}

#[test]
fn the_faulty_lakeside_filing_has_no_program_finding() {
    // The 1080 name holds an en dash in Windows-1252: once decoded it matches.
    let report = check(&root().join("filings/faulty-lakeside-2009"));
    assert!(located(&report).is_empty(), "{:?}", located(&report));
}
