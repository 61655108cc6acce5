//! A generated filing of 100,000 CFR-1 columns (and as many DMH rows),
//! built in memory, with one mistake at the very end.

use cfrcheck::check::check_filing;
use cfrcheck::model::{
    Amount, Column, Date, Filing, Heading, Period, ProgramCode, ProgramIndex, Record, Schedule,
    ScheduleKind,
};
use cfrcheck::report::cap::CappedFindings;
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::{Selection, Settings};
use rust_decimal::Decimal;

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
