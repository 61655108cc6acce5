//! Workbooks read directly (input-format.md section 6), on fixtures that
//! openpyxl and LibreOffice wrote (`fixtures/workbooks/make.py`): the same
//! findings as the CSV export of the same sheets, plus the sheet and cell.

use std::path::{Path, PathBuf};

use cfrcheck::check::check_path;
use cfrcheck::report::{Finding, Report};
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::Settings;

use crate::support::cfrcheck;

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative)
}

fn check(path: &Path) -> Report {
    check_path(path, &Rulebook::embedded(), &Settings::default())
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn findings(report: &Report) -> Vec<&Finding> {
    report.findings().map(|(_, finding)| finding).collect()
}

/// (code, line, column, message): what a CSV filing and its workbook share.
fn comparable(report: &Report) -> Vec<(String, Option<u64>, Option<String>, String)> {
    let mut rows: Vec<_> = findings(report)
        .into_iter()
        .map(|finding| {
            (
                finding.rule.code.to_string(),
                finding.line,
                finding.column.map(str::to_string),
                finding.message.clone(),
            )
        })
        .collect();
    rows.sort();
    rows
}

fn cell_of(report: &Report, code: &str) -> Vec<(Option<String>, Option<String>)> {
    findings(report)
        .into_iter()
        .filter(|finding| finding.rule.code == code)
        .map(|finding| (finding.sheet_name().map(str::to_string), finding.cell()))
        .collect()
}

#[test]
fn the_clean_filing_as_a_workbook_of_every_kind_has_no_finding() {
    for name in [
        "acme-2009.xlsx",
        "acme-2009.xls",
        "acme-2009.ods",
        "formulas-cached.xlsx",
    ] {
        let report = check(&fixture(&format!("workbooks/{name}")));
        assert_eq!(report.filings.len(), 1, "{name}");
        let filing = &report.filings[0];
        assert_eq!(filing.agency_code.as_deref(), Some("12345"), "{name}");
        assert_eq!(filing.schedules.len(), 5, "{name}");
        assert_eq!(filing.records(), 33, "{name}");
        assert!(
            filing.findings.is_empty(),
            "{name}: {:#?}",
            comparable(&report)
        );
    }
}

#[test]
fn a_faulty_workbook_gives_the_findings_of_its_csv_export_with_cells() {
    let workbook = check(&fixture("workbooks/faulty-riverside-2009.xlsx"));
    let csv = check(&fixture("filings/faulty-riverside-2009"));
    assert_eq!(comparable(&workbook), comparable(&csv));
    // The cell of the value at fault: otps is column J, program_code D,
    // fund_source I on DMH-3, equipment L on CFR-1.
    assert_eq!(
        cell_of(&workbook, "IN004"),
        [(Some("CFR-1".into()), Some("J5".into()))]
    );
    assert_eq!(
        cell_of(&workbook, "FS002"),
        [(Some("DMH-3".into()), Some("I2".into()))]
    );
    assert!(cell_of(&workbook, "TO005").contains(&(Some("CFR-1".into()), Some("L3".into()))));
    assert_eq!(
        cell_of(&workbook, "IN008"),
        [(Some("CFR-1".into()), Some("D2".into()))]
    );
    // CSV findings have no sheet and no cell.
    assert!(findings(&csv)
        .iter()
        .all(|finding| finding.sheet.is_none() && finding.cell().is_none()));
}

#[test]
fn title_rows_notes_sheets_and_codes_stored_as_numbers() {
    let report = check(&fixture("workbooks/titles-notes-numeric-codes.xlsx"));
    let all = findings(&report);
    // Codes and counties stored as numbers lost their zeros: IN008 only.
    assert!(!all.is_empty());
    assert!(
        all.iter().all(|finding| finding.rule.code == "IN008"),
        "{:#?}",
        comparable(&report)
    );
    // The header is on row 3 (a title and a blank row above it): the first
    // record is row 4, and the cell names that row.
    let code = all
        .iter()
        .find(|finding| {
            finding.column == Some("program_code") && finding.sheet_name() == Some("CFR-1")
        })
        .expect("CFR-1 program_code IN008");
    assert_eq!(code.line, Some(4));
    assert_eq!(code.cell().as_deref(), Some("D4"));
}

#[test]
fn numbers_as_text_and_text_dates_read_like_csv_cells() {
    // formulas-uncalculated.xlsx also has a number stored as text and a text
    // date; the only finding is the formula without a computed value.
    let report = check(&fixture("workbooks/formulas-uncalculated.xlsx"));
    let all = findings(&report);
    assert_eq!(all.len(), 1, "{:#?}", comparable(&report));
    assert_eq!(all[0].rule.code, "IN004");
    assert!(all[0].message.contains("formula without a computed value"));
    assert!(all[0].message.contains("open and save it in Excel"));
    assert_eq!(all[0].cell().as_deref(), Some("N2"));
}

#[test]
fn an_error_cell_is_named() {
    let report = check(&fixture("workbooks/error-cell.xlsx"));
    let all = findings(&report);
    assert_eq!(all.len(), 1, "{:#?}", comparable(&report));
    assert_eq!(all[0].rule.code, "IN004");
    assert_eq!(all[0].value.as_deref(), Some("#DIV/0!"));
    assert_eq!(all[0].cell().as_deref(), Some("J3"));
}

#[test]
fn a_workbook_without_schedule_sheets_or_that_cannot_be_opened_is_a_finding() {
    let report = check(&fixture("workbooks/no-schedule-sheet.xlsx"));
    let codes: Vec<&str> = findings(&report).iter().map(|f| f.rule.code).collect();
    assert_eq!(codes, ["IN002"]);
    assert!(findings(&report)[0].message.contains("Budget notes"));

    let report = check(&fixture("workbooks/truncated.xlsx"));
    let codes: Vec<&str> = findings(&report).iter().map(|f| f.rule.code).collect();
    assert_eq!(codes, ["IN001"]);
    assert!(findings(&report)[0]
        .message
        .contains("cannot be opened as a workbook"));
}

#[test]
fn a_broken_workbook_does_not_stop_the_batch() {
    // The folder holds every workbook fixture: each is its own filing.
    let report = check(&fixture("workbooks"));
    let clean = report
        .filings
        .iter()
        .filter(|filing| filing.path.ends_with("acme-2009.xlsx"))
        .count();
    assert_eq!(clean, 1);
    assert!(report.filings.len() >= 10, "{}", report.filings.len());
}

#[test]
fn a_csv_filing_and_a_workbook_in_one_folder_are_two_filings() {
    let report = check(&fixture("workbooks/csv-and-workbook"));
    let paths: Vec<&str> = report.filings.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].ends_with("csv-and-workbook"));
    assert!(paths[1].ends_with("riverside.xlsx"));
    assert!(report.filings[0].findings.is_empty());
    assert!(!report.filings[1].findings.is_empty());
}

fn run(format: &str) -> String {
    let output = cfrcheck()
        .args(["check", "--format", format])
        .arg(fixture("workbooks/error-cell.xlsx"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{format}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn every_format_names_the_sheet_and_cell() {
    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("JSON");
    let finding = &json["filings"][0]["findings"][0];
    assert_eq!(finding["sheet"], "CFR-1");
    assert_eq!(finding["cell"], "J3");
    assert_eq!(finding["line"], 3);

    let text = run("text");
    assert!(text.contains("error-cell.xlsx [CFR-1]!J3"), "{text}");
    let csv = run("csv");
    assert!(
        csv.lines()
            .next()
            .unwrap_or("")
            .contains("line,sheet,cell,column"),
        "{csv}"
    );
    assert!(csv.contains(",3,CFR-1,J3,otps,"), "{csv}");
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).expect("SARIF");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["logicalLocations"][0]["name"],
        "[CFR-1]!J3"
    );
    assert!(result["message"]["text"]
        .as_str()
        .unwrap_or("")
        .starts_with("[CFR-1]!J3: "));
    assert!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or("")
            .ends_with("error-cell.xlsx")
    );
    for format in ["github", "gitlab", "junit"] {
        let out = run(format);
        assert!(out.contains("[CFR-1]!J3"), "{format}: {out}");
    }
}

#[test]
fn json_has_null_sheet_and_cell_for_csv_input() {
    let output = cfrcheck()
        .args(["check", "--format", "json"])
        .arg(fixture("filings/faulty-riverside-2009"))
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    for finding in json["filings"][0]["findings"].as_array().expect("findings") {
        assert!(
            finding["sheet"].is_null() && finding["cell"].is_null(),
            "{finding}"
        );
    }
}

#[test]
fn workbooks_are_never_written() {
    let path = fixture("workbooks/faulty-riverside-2009.xlsx");
    let before = std::fs::read(&path).expect("read");
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    cfrcheck().arg("check").arg(&path).assert().code(1);
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert_eq!(
        std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime"),
        modified
    );
}

#[test]
fn the_template_workbook_checks_clean_and_offers_the_rulebook() {
    use calamine::{open_workbook_auto, Data, Reader};
    let dir = tempfile::tempdir().expect("temp dir");
    let rulebook = dir.path().join("pilot.toml");
    std::fs::write(
        &rulebook,
        "[edition]\nid = \"omh-2025\"\ntitle = \"OMH 2025\"\nsource = \"test\"\nextends = \"omh-2009\"\nperiod_starts = [\"2025-01-01\"]\n\n[[programs]]\ncode = \"9999\"\nname = \"Pilot Program\"\nunits = \"Count one visit as one unit.\"\n",
    )
    .expect("rulebook");
    cfrcheck()
        .arg("template")
        .arg(dir.path())
        .arg("--xlsx")
        .arg("--rulebook")
        .arg(&rulebook)
        .assert()
        .code(0);
    let path = dir.path().join("cfr-filing.xlsx");
    // Written twice without --force is refused.
    cfrcheck()
        .arg("template")
        .arg(dir.path())
        .arg("--xlsx")
        .assert()
        .code(2);

    // The empty template has no error: only "no records yet" warnings.
    let report = check(&path);
    assert!(findings(&report)
        .iter()
        .all(|finding| finding.rule.code == "IN010"));
    assert_eq!(findings(&report).len(), 5);

    let mut book = open_workbook_auto(&path).expect("opens");
    assert_eq!(
        book.sheet_names(),
        ["CFR-1", "DMH-1", "DMH-2", "DMH-3", "CBR", "Programs", "About"]
    );
    let cfr1 = book.worksheet_range("CFR-1").expect("CFR-1");
    let header: Vec<String> = cfr1
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        header[..5],
        [
            "agency_code",
            "period_start",
            "period_end",
            "state_agency",
            "program_code"
        ]
    );
    let programs = book.worksheet_range("Programs").expect("Programs");
    let codes: Vec<String> = programs
        .rows()
        .skip(1)
        .filter_map(|row| match row.first() {
            Some(Data::String(code)) if !code.is_empty() => Some(code.clone()),
            _ => None,
        })
        .collect();
    assert!(codes.contains(&"0890".to_string()), "{codes:?}");
    assert!(
        codes.contains(&"9999".to_string()),
        "the user rulebook's program: {codes:?}"
    );
    assert_eq!(codes.len(), 90, "89 programs of 2009 and the pilot");
}

#[test]
fn the_template_filled_by_another_program_gives_the_csv_findings() {
    // fixtures/workbooks/make.py fills cfrcheck's template with acme-2009's
    // values using openpyxl.
    let filled = check(&fixture("workbooks/template-filled-acme.xlsx"));
    let csv = check(&fixture("filings/acme-2009"));
    assert_eq!(comparable(&filled), comparable(&csv));
    assert_eq!(filled.filings[0].records(), 33);
}

#[test]
fn baselines_work_for_workbooks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let baseline = dir.path().join("baseline.json");
    let book = fixture("workbooks/faulty-riverside-2009.xlsx");
    cfrcheck()
        .arg("check")
        .arg(&book)
        .arg("--write-baseline")
        .arg(&baseline)
        .assert()
        .code(0);
    let output = cfrcheck()
        .args(["check", "--format", "json", "--baseline"])
        .arg(&baseline)
        .arg(&book)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["summary"]["errors"], 0, "{json}");
    assert_eq!(json["summary"]["warnings"], 0, "{json}");
}

#[test]
fn a_macro_enabled_workbook_reads_like_any_other() {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("Acme.xlsm");
    std::fs::copy(fixture("workbooks/acme-2009.xlsx"), &book).expect("copy");
    let report = check(&book);
    assert_eq!(report.filings[0].records(), 33);
    assert!(
        report.filings[0].findings.is_empty(),
        "{:#?}",
        comparable(&report)
    );
}

#[test]
fn a_copied_schedule_sheet_is_named_not_skipped() {
    // Excel names a copied sheet `CFR-1 (2)`: the copy is a second CFR-1
    // sheet (IN002 names both), not a notes sheet passed over in silence.
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("copied.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for name in ["CFR-1", "CFR-1 (2)", "Notes (1)"] {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).expect("name");
        sheet.write_string(0, 0, "program_code").expect("cell");
    }
    workbook.save(&book).expect("save");
    let report = check(&book);
    let copies: Vec<&str> = findings(&report)
        .into_iter()
        .filter(|finding| finding.rule.code == "IN002")
        .map(|finding| finding.message.as_str())
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(
        copies[0].contains("`CFR-1 (2)` and `CFR-1`"),
        "{}",
        copies[0]
    );
}
