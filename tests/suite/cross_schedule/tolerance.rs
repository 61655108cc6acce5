//! The tolerance edges: a difference of exactly the tolerance is clean and
//! one cent more is a finding, and the fixtures' near misses sit on the edge.

use cfrcheck::settings::Settings;
use rust_decimal::Decimal;

use super::{check_with, findings, fixture};

fn tolerance(dollars: &str) -> Settings {
    Settings {
        tolerance: dollars.parse().expect("a test tolerance"),
        ..Settings::default()
    }
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
