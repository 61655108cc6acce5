//! Which CFR-1 columns an unindexed DMH-1 row adds up for TO002: every
//! column of its program code not claimed by an indexed DMH-1 row.

use cfrcheck::report::Report;
use cfrcheck::settings::Settings;

use super::{check_with, findings};

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
