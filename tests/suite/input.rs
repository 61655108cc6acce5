//! The input contract (input-format.md): file discovery, physical line
//! numbers, header spellings, encodings and Excel's habits.

use std::fs;
use std::path::Path;

use cfrcheck::check::check_path;
use cfrcheck::input::{discover, load_filing, ReadOptions};
use cfrcheck::model::{Amount, ScheduleKind};
use cfrcheck::report::{Finding, Report};
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::{Encoding, Settings};
use rust_decimal::Decimal;

const HEADER: &str = "agency_code,period_start,period_end,program_code,program_index,site,program_name,personal_services,fringe_benefits,otps,property,equipment,agency_administration,total_expenses,revenues,units_of_service";
const ROW: &str = "12345,2009-01-01,2009-12-31,2100,,001,Clinic Treatment,100000,25000,10000,5000,0,14000,154000,120000,2000";

fn filing_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).expect("write");
    }
    dir
}

fn check(path: &Path, settings: &Settings) -> Report {
    check_path(path, &Rulebook::embedded(), settings).expect("targets")
}

fn findings_of<'r>(report: &'r Report, code: &str) -> Vec<&'r Finding> {
    report
        .findings()
        .map(|(_, finding)| finding)
        .filter(|finding| finding.rule.code == code)
        .collect()
}

#[test]
fn lines_are_physical_lines_with_crlf_blank_lines_and_quoted_breaks() {
    let text = format!(
        "{HEADER}\r\n\r\n{ROW}\r\n12345,2009-01-01,2009-12-31,2100,,002,\"Clinic\r\nTreatment\",1,1,1,1,1,1,6,0,1\r\n\r\n12345,2009-01-01,2009-12-31,2100,,003,Clinic Treatment,#REF!,0,0,0,0,0,0,0,1\r\n"
    );
    let dir = filing_with(&[("CFR-1.csv", text.as_bytes())]);
    let report = check(&dir.path().join("CFR-1.csv"), &Settings::default());
    let bad = findings_of(&report, "IN004");
    assert_eq!(bad.len(), 1, "{:?}", report.filings[0].findings);
    // Header 1, blank 2, row 3, quoted row 4-5, blank 6, bad row 7.
    assert_eq!(bad[0].line, Some(7));
    assert_eq!(bad[0].column, Some("personal_services"));
    assert_eq!(bad[0].value.as_deref(), Some("#REF!"));
    assert_eq!(bad[0].program_code.as_deref(), Some("2100"));
}

#[test]
fn header_spellings_bom_and_order_are_free() {
    let text = "\u{feff}Units of Service,TOTAL-EXPENSES,Program Code,Agency Code,Period Start,Period End,Notes\n2000,154000,2100,12345,2009-01-01,2009-12-31,anything\n";
    let dir = filing_with(&[("cfr_1.CSV", text.as_bytes())]);
    let targets = discover(&[dir.path().to_path_buf()]).expect("a filing");
    let lettered = Rulebook::embedded().lettered_fund_codes();
    let options = ReadOptions {
        encoding: Encoding::Auto,
        lettered_fund_codes: &lettered,
        max_per_rule: 0,
        split_from_bytes: cfrcheck::input::split::SPLIT_FROM_BYTES,
    };
    let loaded = load_filing(&targets[0], &options);
    let (findings, over_cap) = loaded.findings.into_parts();
    assert!(findings.is_empty() && over_cap.is_empty(), "{findings:?}");
    let schedule = loaded
        .filing
        .schedule(ScheduleKind::Cfr1)
        .expect("CFR-1 read");
    let record = &schedule.records[0];
    assert_eq!(record.line(), 2);
    assert_eq!(
        record.amount(Amount::TotalExpenses),
        Some(Decimal::from(154_000))
    );
    assert_eq!(
        record.amount(Amount::UnitsOfService),
        Some(Decimal::from(2000))
    );
    assert_eq!(loaded.filing.heading.agency_code.as_deref(), Some("12345"));
}

#[test]
fn schedules_are_found_from_stems() {
    for (name, kind) in [
        ("CFR-1.csv", ScheduleKind::Cfr1),
        ("cfr_1.csv", ScheduleKind::Cfr1),
        ("CFR1.CSV", ScheduleKind::Cfr1),
        ("acme-2009-DMH-3.csv", ScheduleKind::Dmh3),
        ("DMH 2.csv", ScheduleKind::Dmh2),
        ("approved-CBR.csv", ScheduleKind::Cbr),
    ] {
        let stem = Path::new(name)
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        assert_eq!(ScheduleKind::from_stem(&stem), Some(kind), "{name}");
    }
    assert_eq!(ScheduleKind::from_stem("notes"), None);
    assert_eq!(ScheduleKind::from_stem("dmh2-notes"), None);
}

proptest::proptest! {
    /// A stem names the schedule whose token ends its letters and digits,
    /// lower-cased (input-format.md section 1), whatever else it holds.
    #[test]
    fn a_stem_names_the_schedule_its_letters_end_with(stem in r"[a-zA-Z0-9 _.é-]{0,12}(cfr|CFR|dmh|DMH|cbr|CBR)?[ _-]?[0-9]?") {
        let reduced: String = stem
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let expected = ScheduleKind::ALL
            .into_iter()
            .find(|kind| reduced.ends_with(kind.token()));
        proptest::prop_assert_eq!(ScheduleKind::from_stem(&stem), expected);
    }
}

#[test]
fn windows_1252_is_detected_or_chosen() {
    let mut bytes = format!("{HEADER}\n").into_bytes();
    bytes.extend_from_slice(ROW.replace(",001,", ",Caf\u{1}site,").as_bytes());
    let at = bytes.iter().position(|&b| b == 1).expect("marker");
    bytes[at] = 0xE9; // é in Windows-1252, invalid alone in UTF-8
    bytes.push(b'\n');
    let dir = filing_with(&[("CFR-1.csv", &bytes)]);
    let path = dir.path().join("CFR-1.csv");

    let auto = check(&path, &Settings::default());
    let notes = findings_of(&auto, "IN012");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].line, Some(2), "the first line that is not UTF-8");

    let chosen = Settings {
        encoding: Encoding::Windows1252,
        ..Settings::default()
    };
    assert!(findings_of(&check(&path, &chosen), "IN012").is_empty());

    let strict = Settings {
        encoding: Encoding::Utf8,
        ..Settings::default()
    };
    let report = check(&path, &strict);
    let unreadable = findings_of(&report, "IN001");
    assert_eq!(unreadable.len(), 1);
    assert_eq!(unreadable[0].line, Some(2));
}

#[test]
fn stripped_leading_zeros_are_restored_once_per_column() {
    let rows = [
        ROW.replace(",2100,", ",890,").replace(
            "Clinic Treatment",
            "Local Governmental Unit (LGU) Administration",
        ),
        ROW.replace(",2100,", ",40,")
            .replace(",,001,", ",1,002,")
            .replace("Clinic Treatment", "Family Care"),
        ROW.replace(",2100,", ",40,")
            .replace(",,001,", ",2,003,")
            .replace("Clinic Treatment", "Family Care"),
    ];
    let text = format!("{HEADER}\n{}\n", rows.join("\n"));
    let dir = filing_with(&[("CFR-1.csv", text.as_bytes())]);
    let report = check(&dir.path().join("CFR-1.csv"), &Settings::default());
    let restored = findings_of(&report, "IN008");
    assert_eq!(restored.len(), 2, "{restored:?}");
    assert_eq!(restored[0].column, Some("program_code"));
    assert_eq!(restored[0].line, Some(2));
    assert!(restored[0].message.contains("`890`") && restored[0].message.contains("`0890`"));
    assert!(
        restored[0].message.contains("3 cells"),
        "{}",
        restored[0].message
    );
    assert_eq!(restored[1].column, Some("program_index"));
}

#[test]
fn other_state_agencies_are_counted_and_skipped() {
    let text = format!(
        "{HEADER},state_agency\n{ROW},OMH\n{},OASAS\n{},OPWDD\n",
        ROW.replace("2100", "9999"),
        ROW.replace("2100", "8888")
    );
    let dir = filing_with(&[("CFR-1.csv", text.as_bytes())]);
    let report = check(&dir.path().join("CFR-1.csv"), &Settings::default());
    let skipped = findings_of(&report, "IN011");
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].value.as_deref(), Some("2"));
    assert_eq!(report.filings[0].records(), 3);
}

#[test]
fn the_heading_is_compared_across_schedules() {
    let dmh1 = ROW.replace("12345", "54321");
    let dir = filing_with(&[
        ("CFR-1.csv", format!("{HEADER}\n{ROW}\n").as_bytes()),
        (
            "DMH-1.csv",
            format!("{HEADER}\n{dmh1}\n{dmh1}\n").as_bytes(),
        ),
    ]);
    let report = check(dir.path(), &Settings::default());
    let mismatches = findings_of(&report, "IN006");
    assert_eq!(mismatches.len(), 1, "one finding per file and column");
    assert!(mismatches[0]
        .file
        .as_deref()
        .is_some_and(|file| file.ends_with("DMH-1.csv")));
    assert!(
        mismatches[0].message.contains("2 records"),
        "{}",
        mismatches[0].message
    );
    assert_eq!(report.filings[0].agency_code.as_deref(), Some("12345"));
}

#[test]
fn a_missing_schedule_names_the_rules_it_skips() {
    let dir = filing_with(&[("CFR-1.csv", format!("{HEADER}\n{ROW}\n").as_bytes())]);
    let report = check(dir.path(), &Settings::default());
    let missing = findings_of(&report, "IN009");
    assert_eq!(missing.len(), 3, "DMH-1, DMH-2 and DMH-3");
    assert!(missing
        .iter()
        .all(|finding| finding.file.is_none() && finding.line.is_none()));
    let dmh3 = missing
        .iter()
        .find(|finding| finding.message.contains("no DMH-3"))
        .expect("DMH-3 named");
    assert!(
        dmh3.message
            .ends_with("skipped: FS006, TO004, SC002, SC003"),
        "{}",
        dmh3.message
    );
    // A single CSV is validated alone: no IN009.
    let alone = check(&dir.path().join("CFR-1.csv"), &Settings::default());
    assert!(findings_of(&alone, "IN009").is_empty());
}

#[test]
fn a_quote_never_closed_is_reported_where_it_opens() {
    let text = format!(
        "{HEADER}\n{ROW}\n12345,2009-01-01,2009-12-31,2100,,002,\"Clinic Treatment,1,1,1,1,1,1,6,0,1\n{ROW}\n{ROW}\n"
    );
    let dir = filing_with(&[("CFR-1.csv", text.as_bytes())]);
    let report = check(&dir.path().join("CFR-1.csv"), &Settings::default());
    let ragged = findings_of(&report, "IN007");
    assert_eq!(ragged.len(), 1, "{:?}", report.filings[0].findings);
    assert_eq!(ragged[0].line, Some(3));
    assert!(
        ragged[0].message.contains("never closed"),
        "{}",
        ragged[0].message
    );
}

#[test]
fn a_workbook_named_like_a_schedule_says_what_it_is() {
    let dir = filing_with(&[("CFR-1.xlsx", b"PK\x03\x04\x14\x00\x06\x00 rest of a zip")]);
    let report = check(&dir.path().join("CFR-1.xlsx"), &Settings::default());
    let unreadable = findings_of(&report, "IN001");
    assert_eq!(unreadable.len(), 1);
    assert!(
        unreadable[0].message.contains("workbook"),
        "{}",
        unreadable[0].message
    );
}
