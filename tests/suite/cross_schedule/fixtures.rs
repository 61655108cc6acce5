//! Exact messages, lines and columns of TO002, TO003, TO004, SC003 and
//! CB004 on the rule fixtures, and the cross-schedule findings of the
//! faulty sample filings.

use std::path::Path;

use cfrcheck::model::ScheduleKind;
use cfrcheck::settings::Settings;

use super::{check_with, findings, fixture};

#[test]
fn to002_names_both_sides_the_amount_and_the_difference_at_the_dmh1_line() {
    let report = check_with(&fixture("TO002/fail"), &Settings::default());
    assert_eq!(
        findings(&report, "TO002"),
        vec![
            (
                "DMH-1.csv".to_string(),
                Some(2),
                Some("personal_services"),
                "DMH-1 2100 personal_services 800000 != CFR-1 2100 (sites 001, 004) 810000 (diff -10000)".to_string()
            ),
            (
                "DMH-1.csv".to_string(),
                Some(2),
                Some("total_expenses"),
                "DMH-1 2100 total_expenses 1290000 != CFR-1 2100 (sites 001, 004) 1300000 (diff -10000)".to_string()
            ),
        ]
    );
    let finding = report
        .findings()
        .map(|(_, finding)| finding)
        .find(|finding| finding.rule.code == "TO002")
        .expect("a TO002 finding");
    assert_eq!(finding.program_code.as_deref(), Some("2100"));
    assert_eq!(finding.program_index.as_deref(), Some(""));
    assert_eq!(finding.value.as_deref(), Some("800000"));
}

#[test]
fn to004_points_at_the_dmh3_funding_row() {
    let report = check_with(&fixture("TO004/fail"), &Settings::default());
    assert_eq!(
        findings(&report, "TO004"),
        vec![(
            "DMH-3.csv".to_string(),
            Some(4),
            Some("net_operating_cost"),
            "DMH-3 6070 01 county 01 (funding source 001A) net_operating_cost 93500 != DMH-2 6070 01 county 01 86500 (diff 7000)"
                .to_string()
        )]
    );
    let finding = report
        .findings()
        .map(|(_, finding)| finding)
        .find(|finding| finding.rule.code == "TO004")
        .expect("a TO004 finding");
    assert_eq!(finding.program_code.as_deref(), Some("6070"));
    assert_eq!(finding.program_index.as_deref(), Some("01"));
    assert_eq!(finding.county.as_deref(), Some("01"));
}

#[test]
fn to003_sums_counties_and_fund_splits_and_points_at_the_first_dmh2_line() {
    let report = check_with(&fixture("TO003/fail"), &Settings::default());
    assert_eq!(
        findings(&report, "TO003"),
        vec![(
            "DMH-2.csv".to_string(),
            Some(4),
            Some("personal_services"),
            "DMH-2 0810 (3 rows, counties 01, 41) personal_services 191000 != DMH-1 0810 186000 (diff 5000)".to_string()
        )]
    );
}

#[test]
fn order_rules_report_once_per_schedule_at_the_first_line_out_of_order() {
    let report = check_with(&fixture("SC003/fail"), &Settings::default());
    assert_eq!(
        findings(&report, "SC003"),
        vec![(
            "DMH-3.csv".to_string(),
            Some(2),
            None,
            "DMH-3 county 01 lists 6070 01 where DMH-2 lists 2100: programs are not in the DMH-2 order (DMH-2: 2100, 6070 01, 0810; DMH-3: 6070 01, 2100, 0810)".to_string()
        )]
    );
    let report = check_with(&fixture("CB004/fail"), &Settings::default());
    let places: Vec<_> = findings(&report, "CB004")
        .into_iter()
        .map(|(file, line, ..)| (file, line))
        .collect();
    assert_eq!(
        places,
        vec![
            ("DMH-2.csv".to_string(), Some(2)),
            ("DMH-3.csv".to_string(), Some(2))
        ]
    );
}

#[test]
fn the_faulty_sample_filings_get_the_documented_cross_schedule_findings() {
    let filings = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/filings");
    let report = check_with(&filings.join("faulty-riverside-2009"), &Settings::default());
    let places = |code| -> Vec<(String, Option<u64>)> {
        findings(&report, code)
            .into_iter()
            .map(|(file, line, ..)| (file, line))
            .collect()
    };
    assert_eq!(
        places("TO005"),
        vec![
            ("CFR-1.csv".to_string(), Some(3)),
            ("DMH-1.csv".to_string(), Some(4)),
            ("DMH-2.csv".to_string(), Some(5))
        ]
    );
    assert_eq!(places("SC001"), vec![("DMH-2.csv".to_string(), Some(7))]);
    assert_eq!(places("TO004"), vec![("DMH-3.csv".to_string(), Some(10))]);
    // The record with `#REF!` is not added up.
    assert!(places("TO001").is_empty() && places("TO002").is_empty());

    let report = check_with(&filings.join("faulty-lakeside-2009"), &Settings::default());
    let codes: Vec<(&str, Option<&str>, Option<u64>)> = report
        .findings()
        .map(|(_, finding)| finding)
        .filter(|finding| {
            ["TO", "SC", "CB"]
                .iter()
                .any(|family| finding.rule.code.starts_with(family))
        })
        .map(|finding| {
            (
                finding.rule.code,
                finding.schedule.map(ScheduleKind::label),
                finding.line,
            )
        })
        .collect();
    assert_eq!(
        codes,
        vec![
            ("CB001", Some("CBR"), Some(2)),
            ("CB004", Some("DMH-3"), Some(2)),
            ("SC003", Some("DMH-3"), Some(2)),
        ]
    );
}
