//! The cross-schedule rules (TO, SC, CB): exact messages and lines on the
//! fixtures, the tolerance edges, and a filing of 100,000 CFR-1 columns.

use std::path::{Path, PathBuf};

use cfrcheck::check::{check_filing, check_path};
use cfrcheck::model::{
    Amount, Column, Date, Filing, Heading, Period, ProgramCode, ProgramIndex, Record, Schedule,
    ScheduleKind,
};
use cfrcheck::report::cap::CappedFindings;
use cfrcheck::report::Report;
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::{Selection, Settings};
use rust_decimal::Decimal;

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

fn tolerance(dollars: &str) -> Settings {
    Settings {
        tolerance: dollars.parse().expect("a test tolerance"),
        ..Settings::default()
    }
}

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

/// A CFR-1 and DMH-1 pair whose 2100 personal_services differ by `diff`.
fn filing_with_difference(diff: &str) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let header = "agency_code,period_start,period_end,program_code,program_index,site,program_name,personal_services,fringe_benefits,otps,property,equipment,agency_administration,total_expenses,revenues,units_of_service";
    let cfr1 = format!(
        "{header}\n12345,2009-01-01,2009-12-31,2100,,001,Clinic Treatment,500000,125000,60000,40000,3000,72000,800000,700000,9000\n"
    );
    let ps: Decimal = Decimal::from(500_000) + diff.parse::<Decimal>().expect("a test amount");
    let total = ps + Decimal::from(300_000);
    let dmh1 = format!(
        "{header}\n12345,2009-01-01,2009-12-31,2100,,,Clinic Treatment,{ps},125000,60000,40000,3000,72000,{total},700000,9000\n"
    );
    std::fs::write(folder.path().join("CFR-1.csv"), cfr1).expect("write CFR-1");
    std::fs::write(folder.path().join("DMH-1.csv"), dmh1).expect("write DMH-1");
    folder
}

fn to002_columns(diff: &str, settings: &Settings) -> Vec<&'static str> {
    let folder = filing_with_difference(diff);
    let report = check_with(folder.path(), settings);
    assert!(findings(&report, "TO001").is_empty(), "the totals add up");
    findings(&report, "TO002")
        .into_iter()
        .filter_map(|(.., column, _)| column)
        .collect()
}

#[test]
fn a_difference_of_exactly_the_tolerance_is_clean_and_one_cent_more_is_a_finding() {
    let default = Settings::default();
    assert!(to002_columns("1.00", &default).is_empty());
    assert!(to002_columns("-1.00", &default).is_empty());
    assert_eq!(
        to002_columns("1.01", &default),
        ["personal_services", "total_expenses"]
    );
    assert_eq!(
        to002_columns("-1.01", &default),
        ["personal_services", "total_expenses"]
    );

    let exact = tolerance("0");
    assert!(to002_columns("0", &exact).is_empty());
    assert_eq!(
        to002_columns("0.01", &exact),
        ["personal_services", "total_expenses"]
    );

    let generous = tolerance("25");
    assert!(to002_columns("25.00", &generous).is_empty());
    assert_eq!(
        to002_columns("25.01", &generous),
        ["personal_services", "total_expenses"]
    );
}

#[test]
fn the_fixture_near_misses_sit_on_the_tolerance_edge() {
    // TO001 and TO004 near misses differ by exactly 1.00: clean by default,
    // findings with a tolerance of half a dollar.
    let half = tolerance("0.50");
    for (code, path) in [
        ("TO001", "TO001/pass"),
        ("TO004", "TO004/pass"),
        ("TO002", "TO002/pass"),
    ] {
        assert!(findings(&check_with(&fixture(path), &Settings::default()), code).is_empty());
        assert!(
            !findings(&check_with(&fixture(path), &half), code).is_empty(),
            "{path}"
        );
    }
    // TO001 fails one cent over the default tolerance, not with a tolerance of 1.01.
    assert!(findings(
        &check_with(&fixture("TO001/fail"), &tolerance("1.01")),
        "TO001"
    )
    .is_empty());
}

fn record(line: u64, code: u16, index: u8, county: Option<&str>) -> Record {
    let mut record = Record::new(line);
    let digits = format!("{code:04}");
    record.set_program_code(Ok(ProgramCode::from_digits(&digits).expect("four digits")));
    record.set_program_index(Ok(ProgramIndex::from_chars(
        b'0' + index / 10,
        b'0' + index % 10,
    )));
    record.set_claim(county.map(Into::into), None);
    record
}

fn schedule(kind: ScheduleKind, records: Vec<Record>) -> Schedule {
    let mut columns = cfrcheck::model::ColumnSet::default();
    for (column, _) in kind.columns() {
        columns.insert(*column);
    }
    Schedule {
        kind,
        file: format!("{}.csv", kind.label()).into(),
        sheet: None,
        columns,
        records,
        other_agency_records: 0,
    }
}

/// Correct at scale; how fast (linear growth) is measured by the scaling run of
/// `cargo bench --bench throughput`, never by a timed test.
#[test]
fn a_filing_of_100000_cfr1_columns_is_checked() {
    let size: usize = 100_000;
    let mut cfr1 = Vec::with_capacity(size);
    let mut dmh1 = Vec::with_capacity(size);
    let mut dmh2 = Vec::with_capacity(size);
    let mut dmh3 = Vec::with_capacity(size);
    for n in 0..size {
        let (code, index) = ((n / 100) as u16, (n % 100) as u8);
        let line = n as u64 + 2;
        let amount = Decimal::from(1000 + n as u64);
        let mut cost = record(line, code, index, None);
        cost.set_amount(Amount::PersonalServices, Some(amount));
        cost.set_amount(Amount::TotalExpenses, Some(amount));
        cost.set_amount(Amount::UnitsOfService, Some(Decimal::ONE));
        cfr1.push(cost.clone());
        dmh1.push(cost);
        let mut claim = record(line, code, index, Some("01"));
        claim.set_amount(Amount::PersonalServices, Some(amount));
        claim.set_amount(Amount::TotalAdjustedExpenses, Some(amount));
        claim.set_amount(Amount::NetOperatingCost, Some(amount));
        dmh2.push(claim.clone());
        let mut funded = record(line, code, index, Some("01"));
        funded.set_amount(Amount::NetOperatingCost, Some(amount));
        dmh3.push(funded);
    }
    // One mistake at the very end: DMH-1's last personal_services (and total).
    let last = dmh1.last_mut().expect("records");
    let wrong = Decimal::from(7);
    last.set_amount(Amount::PersonalServices, Some(wrong));
    last.set_amount(Amount::TotalExpenses, Some(wrong));
    let period = Period {
        start: Date::new(2009, 1, 1).expect("a date"),
        end: Date::new(2009, 12, 31).expect("a date"),
    };
    let filing = Filing {
        path: "generated".to_string(),
        heading: Heading {
            agency_code: Some("12345".into()),
            period: Some(period),
        },
        schedules: [
            Some(schedule(ScheduleKind::Cfr1, cfr1)),
            Some(schedule(ScheduleKind::Dmh1, dmh1)),
            Some(schedule(ScheduleKind::Dmh2, dmh2)),
            Some(schedule(ScheduleKind::Dmh3, dmh3)),
            None,
        ],
        ..Filing::default()
    };
    let settings = Settings {
        selection: Selection {
            select: vec!["TO".into(), "SC".into(), "CB".into()],
            ignore: Vec::new(),
        },
        ..Settings::default()
    };
    let report = check_filing(
        &filing,
        CappedFindings::default(),
        &Rulebook::embedded(),
        &settings,
    );
    let found: Vec<(&str, Option<u64>, Option<&str>)> = report
        .findings
        .iter()
        .map(|finding| (finding.rule.code, finding.line, finding.column))
        .collect();
    let last_line = size as u64 + 1;
    assert_eq!(
        found,
        vec![
            (
                "TO002",
                Some(last_line),
                Some(Column::PersonalServices.name())
            ),
            ("TO002", Some(last_line), Some(Column::TotalExpenses.name())),
            // DMH-2's six expenses no longer match DMH-1's (personal_services only).
            (
                "TO003",
                Some(last_line),
                Some(Column::PersonalServices.name())
            ),
        ]
    );
}

fn check_cfr1_dmh1(cfr1_rows: &[&str], dmh1_rows: &[&str]) -> Report {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let header = "agency_code,period_start,period_end,program_code,program_index,site,program_name,personal_services,fringe_benefits,otps,property,equipment,agency_administration,total_expenses,revenues,units_of_service";
    let heading = "12345,2009-01-01,2009-12-31";
    let write = |name: &str, rows: &[&str]| {
        let mut text = format!("{header}\n");
        for row in rows {
            text.push_str(&format!("{heading},{row}\n"));
        }
        std::fs::write(folder.path().join(name), text).expect("write a schedule");
    };
    write("CFR-1.csv", cfr1_rows);
    write("DMH-1.csv", dmh1_rows);
    check_with(folder.path(), &Settings::default())
}

#[test]
fn an_unindexed_dmh1_row_aggregates_every_column_of_its_code_not_claimed_by_an_indexed_row() {
    // 6070 01 and 6070 02 aggregated on one unindexed DMH-1 row.
    let report = check_cfr1_dmh1(
        &[
            "6070,01,002,Treatment Congregate,300000,75000,50000,90000,0,51500,566500,480000,5840",
            "6070,02,003,Treatment Congregate,280000,70000,45000,85000,0,48000,528000,455000,5475",
        ],
        &["6070,,,Treatment Congregate,580000,145000,95000,175000,0,99500,1094500,935000,11315"],
    );
    assert!(
        findings(&report, "TO002").is_empty(),
        "{:?}",
        findings(&report, "TO002")
    );

    // A start-up column 2100 A0 on its own DMH-1 row is not part of the 2100 aggregate.
    let cfr1 = [
        "2100,,001,Clinic Treatment,500000,125000,60000,40000,3000,72000,800000,700000,9000",
        "2100,A0,007,Clinic Treatment,40000,10000,5000,0,0,0,55000,55000,",
    ];
    let report = check_cfr1_dmh1(
        &cfr1,
        &[
            "2100,,,Clinic Treatment,500000,125000,60000,40000,3000,72000,800000,700000,9000",
            "2100,A0,,Clinic Treatment,40000,10000,5000,0,0,0,55000,55000,",
        ],
    );
    assert!(
        findings(&report, "TO002").is_empty(),
        "{:?}",
        findings(&report, "TO002")
    );

    // Without its own DMH-1 row, the start-up column belongs to the aggregate.
    let report = check_cfr1_dmh1(
        &cfr1,
        &["2100,,,Clinic Treatment,500000,125000,60000,40000,3000,72000,800000,700000,9000"],
    );
    let messages: Vec<String> = findings(&report, "TO002")
        .into_iter()
        .map(|(.., message)| message)
        .collect();
    let expected =
        "DMH-1 2100 personal_services 500000 != CFR-1 2100 (sites 001, 007) 540000 (diff -40000)";
    assert!(
        messages.iter().any(|message| message == expected),
        "{messages:#?}"
    );
}
