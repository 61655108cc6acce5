//! What the PC, IX, FS, XP, AD and US rules say, beyond firing: the
//! suggestions, the funding-source spellings, severities from the rulebook,
//! and where the faulty sample filing's program mistakes are found.

use std::fs;
use std::path::{Path, PathBuf};

use cfrcheck::check::check_path;
use cfrcheck::report::{Finding, Report, Severity};
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::Settings;

const FAMILIES: [&str; 6] = ["PC", "IX", "FS", "XP", "AD", "US"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn check(path: &Path) -> Report {
    check_path(path, &Rulebook::embedded(), &Settings::default()).expect("discover")
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

/// A filing folder with the given schedules, each a list of (code, index)
/// columns with consistent amounts; CFR-1 columns get sites 001, 002, ...
fn filing_of(dir: &Path, schedules: &[(&str, &[(&str, &str)])]) -> PathBuf {
    let filing = dir.join("indexed");
    fs::create_dir_all(&filing).expect("filing folder");
    for (file, rows) in schedules {
        let mut csv = String::from(
            "agency_code,period_start,period_end,program_code,program_index,site,program_name,personal_services,fringe_benefits,otps,property,equipment,agency_administration,total_expenses,revenues,units_of_service\n",
        );
        for (at, (code, index)) in rows.iter().enumerate() {
            csv.push_str(&format!(
                "12345,2009-01-01,2009-12-31,{code},{index},{:03},,1000,0,0,0,0,0,1000,0,0\n",
                at + 1
            ));
        }
        fs::write(filing.join(file), csv).expect("schedule");
    }
    filing
}

#[test]
fn index_gaps_count_from_01_and_from_a0_separately() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows: &[(&str, &str)] = &[
        ("6070", "00"),
        ("6070", "02"),
        ("2100", "A0"),
        ("2100", "A2"),
        ("1760", "A1"),
        ("0810", "01"),
        ("0810", "02"),
        ("0810", "A0"),
    ];
    let report = check(&filing_of(dir.path(), &[("CFR-1.csv", rows)]));
    let mut messages: Vec<&str> = findings(&report, "IX005")
        .iter()
        .map(|finding| finding.message.as_str())
        .collect();
    messages.sort_unstable();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[0].contains("program 1760") && messages[0].contains("indexed A1 but not A0"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("program 2100") && messages[1].contains("indexed A2 but not A1"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("program 6070") && messages[2].contains("indexed 02 but not 01"),
        "{messages:?}"
    );
}

#[test]
fn without_cfr1_companions_are_checked_on_the_claiming_schedules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let alone = check(&filing_of(dir.path(), &[("DMH-1.csv", &[("8810", "")])]));
    let found = findings(&alone, "XP001");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].schedule.map(|kind| kind.label()), Some("DMH-1"));

    // 0800 on DMH-3 only: a companion anywhere in the filing is enough.
    let dir = tempfile::tempdir().expect("tempdir");
    let filing = filing_of(dir.path(), &[("DMH-1.csv", &[("8810", "")])]);
    fs::write(
        filing.join("DMH-3.csv"),
        "agency_code,period_start,period_end,program_code,program_index,program_name,county,fund_source,fund_index,net_operating_cost\n\
         12345,2009-01-01,2009-12-31,0800,,,10,001,A,1000\n",
    )
    .expect("DMH-3");
    let paired = check(&filing);
    assert!(
        findings(&paired, "XP001").is_empty(),
        "{:#?}",
        findings(&paired, "XP001")
    );
}
