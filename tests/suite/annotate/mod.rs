//! `cfrcheck check --annotate OUT`: the annotated copies, opened as a
//! preparer's spreadsheet program would open them (calamine for the
//! cells, the zip's XML for notes, links, the table and the panes).

mod copy_reader;
mod openpyxl;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use cfrcheck::location::a1;
use copy_reader::{links, notes, sheets, Value};
use serde_json::Value as Json;

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative)
}

/// A run of `check --format json ... --annotate OUT`: the report, and the
/// folder of copies.
struct Annotated {
    out: tempfile::TempDir,
    report: Json,
}

impl Annotated {
    fn copy(&self, name: &str) -> PathBuf {
        let path = self.out.path().join(name);
        assert!(path.is_file(), "no copy {name}: {:?}", self.copies());
        path
    }

    fn copies(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.out.path())
            .expect("OUT")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    /// The findings of the filing at `path` (as given on the command line).
    fn findings(&self, path: &Path) -> Vec<Json> {
        let filing = self.report["filings"]
            .as_array()
            .expect("filings")
            .iter()
            .find(|filing| filing["path"] == path.display().to_string())
            .unwrap_or_else(|| panic!("no filing {}", path.display()));
        filing["findings"].as_array().expect("findings").clone()
    }
}

fn annotate(inputs: &[&Path], options: &[&str]) -> Annotated {
    let out = tempfile::tempdir().expect("temp dir");
    let output = Command::cargo_bin("cfrcheck")
        .expect("binary")
        .args(["check", "--format", "json"])
        .args(options)
        .args(inputs)
        .arg("--annotate")
        .arg(out.path())
        .output()
        .expect("runs");
    let status = output.status.code();
    assert!(
        matches!(status, Some(0 | 1)),
        "exit {status:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = serde_json::from_slice(&output.stdout).expect("the JSON report");
    Annotated { out, report }
}

fn text(value: &Json) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// The severities' order on the Findings sheet: worst first.
fn rank(finding: &Json) -> u8 {
    match finding["severity"].as_str() {
        Some("error") => 0,
        Some("warning") => 1,
        _ => 2,
    }
}

fn worst_first(mut findings: Vec<Json>) -> Vec<Json> {
    findings.sort_by_key(rank); // stable: the report's order within a severity
    findings
}

fn program(finding: &Json) -> String {
    match (
        text(&finding["program_code"]),
        text(&finding["program_index"]),
    ) {
        (code, index) if index.is_empty() => code,
        (code, index) => format!("{code} {index}"),
    }
}

#[test]
fn every_cell_of_every_sheet_holds_the_original_value() {
    for name in [
        "faulty-riverside-2009.xlsx",
        "formulas-cached.xlsx",
        "formulas-uncalculated.xlsx",
        "titles-notes-numeric-codes.xlsx",
        "error-cell.xlsx",
        "template-filled-acme.xlsx",
        "acme-2009.ods",
        "acme-2009.xls",
    ] {
        let original = fixture(&format!("workbooks/{name}"));
        let run = annotate(&[&original], &[]);
        let stem = name.rsplit_once('.').expect("an extension").0;
        let copy = run.copy(&format!("{stem}.checked.xlsx"));
        let before = sheets(&original);
        let after = sheets(&copy);
        let names = |sheets: &[copy_reader::Sheet]| -> Vec<String> {
            sheets.iter().map(|sheet| sheet.name.clone()).collect()
        };
        let mut expected = vec!["Findings".to_string()];
        expected.extend(names(&before));
        assert_eq!(names(&after), expected, "{name}");
        for (sheet, copied) in before.iter().zip(&after[1..]) {
            assert_eq!(sheet.cells, copied.cells, "{name} [{}]", sheet.name);
            assert!(!sheet.cells.is_empty(), "{name} [{}]", sheet.name);
            // Formulas come back as formulas (from .xlsx; other formats
            // keep the values); an error value is the formula of itself.
            for (at, formula) in &copied.formulas {
                match sheet.formulas.get(at) {
                    Some(original) => assert_eq!(original, formula, "{name} {at:?}"),
                    None => assert_eq!(
                        sheet.cells.get(at),
                        Some(&Value::Error(formula.clone())),
                        "{name} {at:?}"
                    ),
                }
            }
            if name.ends_with(".xlsx") {
                for (at, formula) in &sheet.formulas {
                    assert_eq!(copied.formulas.get(at), Some(formula), "{name} {at:?}");
                }
            }
        }
    }
}

#[test]
fn each_cell_at_fault_has_a_note_with_every_finding_on_it() {
    let original = fixture("workbooks/faulty-riverside-2009.xlsx");
    let run = annotate(&[&original], &[]);
    let copy = run.copy("faulty-riverside-2009.checked.xlsx");
    let mut expected: BTreeMap<(String, String), Vec<Json>> = BTreeMap::new();
    for finding in run.findings(&original) {
        let Some(sheet) = finding["sheet"].as_str() else {
            continue; // about the workbook: the Findings sheet only
        };
        let cell = finding["cell"].as_str().unwrap_or("A1").to_string();
        expected
            .entry((sheet.to_string(), cell))
            .or_default()
            .push(finding);
    }
    assert!(expected.len() >= 10, "{expected:?}");
    let notes = notes(&copy);
    assert_eq!(
        notes.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (place, findings) in &expected {
        let note = &notes[place];
        for finding in findings {
            let code = text(&finding["code"]);
            let severity = text(&finding["severity"]).to_uppercase();
            let heading = format!("{severity} {code} {}", text(&finding["name"]));
            assert!(note.contains(&heading), "{place:?}: {note}");
            assert!(
                note.contains(&text(&finding["message"])),
                "{place:?}: {note}"
            );
            assert!(note.contains(&format!("cfrcheck explain {code}")), "{note}");
        }
    }
}

/// The Findings sheet's table: each row's eight cells as text.
fn findings_rows(copy: &Path) -> (u32, Vec<Vec<String>>) {
    let findings = sheets(copy).into_iter().next().expect("the Findings sheet");
    assert_eq!(findings.name, "Findings");
    let header = findings
        .range
        .rows()
        .position(|row| row.first().is_some_and(|cell| *cell == "severity"))
        .expect("a header row") as u32;
    let rows = findings
        .range
        .rows()
        .skip(header as usize + 1)
        .map(|row| {
            (0..8)
                .map(|at| row.get(at).map(ToString::to_string).unwrap_or_default())
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn the_findings_sheet_lists_the_reports_findings_worst_first_each_linked_to_its_cell() {
    let original = fixture("workbooks/faulty-riverside-2009.xlsx");
    let run = annotate(&[&original], &[]);
    let copy = run.copy("faulty-riverside-2009.checked.xlsx");
    let (header, rows) = findings_rows(&copy);
    let expected: Vec<Vec<String>> = worst_first(run.findings(&original))
        .iter()
        .map(|finding| {
            ["severity", "code", "name", "sheet", "cell"]
                .iter()
                .map(|key| text(&finding[*key]))
                .chain([
                    program(finding),
                    text(&finding["message"]),
                    text(&finding["value"]),
                ])
                .collect()
        })
        .collect();
    assert_eq!(rows, expected);
    assert!(rows.iter().any(|row| row[0] == "error") && rows.iter().any(|row| row[0] == "warning"));

    let links = links(&copy, "Findings");
    for (offset, row) in rows.iter().enumerate() {
        let excel_row = u64::from(header) + 2 + offset as u64;
        let (sheet, cell) = (&row[3], &row[4]);
        if !cell.is_empty() {
            assert_eq!(
                links.get(&a1(4, excel_row)),
                Some(&format!("'{sheet}'!{cell}")),
                "{row:?}"
            );
        }
        if !sheet.is_empty() {
            assert_eq!(
                links.get(&a1(3, excel_row)),
                Some(&format!("'{sheet}'!A1")),
                "{row:?}"
            );
        }
    }
    // Filters on, header frozen.
    let tables = copy_reader::tables(&copy);
    let last = a1(7, u64::from(header) + 1 + rows.len() as u64);
    assert_eq!(
        tables,
        [("Findings".into(), format!("A{}:{last}", header + 1), true)]
    );
    assert_eq!(
        copy_reader::frozen_at(&copy, "Findings"),
        Some(format!("A{}", header + 2))
    );
}

#[test]
fn a_csv_filing_is_copied_one_sheet_per_file_line_n_in_row_n() {
    let folder = fixture("filings/faulty-riverside-2009");
    let run = annotate(&[&folder], &[]);
    let copy = run.copy("faulty-riverside-2009.checked.xlsx");
    let copied = sheets(&copy);
    let names: Vec<&str> = copied.iter().map(|sheet| sheet.name.as_str()).collect();
    assert_eq!(
        names,
        ["Findings", "CFR-1", "DMH-1", "DMH-2", "DMH-3", "CBR"]
    );
    let mut headers = BTreeMap::new();
    for sheet in &copied[1..] {
        let file = folder.join(format!("{}.csv", sheet.name));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&file)
            .expect("the CSV");
        let mut expected = BTreeMap::new();
        for (row, record) in reader.records().enumerate() {
            let record = record.expect("a record");
            if row == 0 {
                headers.insert(
                    sheet.name.clone(),
                    record.iter().map(str::to_string).collect::<Vec<_>>(),
                );
            }
            for (column, cell) in record.iter().enumerate() {
                if !cell.is_empty() {
                    expected.insert((row as u32, column as u32), cell.to_string());
                }
            }
        }
        // Each cell holds the CSV's text, or the number or date it spells.
        let shown: BTreeMap<(u32, u32), String> = sheet
            .cells
            .iter()
            .map(|(at, value)| {
                let text = match value {
                    Value::Number(number) => {
                        let original = &expected[at];
                        assert_eq!(original.parse::<f64>().ok(), Some(*number), "{at:?}");
                        original.clone()
                    }
                    Value::Text(text) | Value::Date(text) => text.clone(),
                    other => panic!("{at:?}: {other:?}"),
                };
                (*at, text)
            })
            .collect();
        assert_eq!(shown, expected, "[{}]", sheet.name);
    }
    // The notes are where the findings' lines and columns are.
    let mut expected_notes = BTreeSet::new();
    for finding in run.findings(&folder) {
        let sheet = Path::new(&text(&finding["file"]))
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .expect("a file");
        let column = finding["column"].as_str().unwrap_or("program_code");
        let position = headers[&sheet].iter().position(|name| name == column);
        let cell = match (finding["line"].as_u64(), position) {
            (Some(line), Some(position)) => a1(position as u32, line),
            _ => "A1".to_string(),
        };
        expected_notes.insert((sheet, cell));
    }
    let found: BTreeSet<(String, String)> = notes(&copy).into_keys().collect();
    assert_eq!(found, expected_notes);
    // The Findings sheet names the copy's sheet and cell of each.
    let (_, rows) = findings_rows(&copy);
    assert_eq!(rows.len(), run.findings(&folder).len());
    for row in &rows {
        assert!(
            expected_notes.contains(&(row[3].clone(), row[4].clone())),
            "{row:?}"
        );
    }
}

#[test]
fn the_cap_on_findings_per_rule_caps_the_notes() {
    let original = fixture("workbooks/titles-notes-numeric-codes.xlsx");
    let noted = |run: &Annotated| {
        let copy = run.copy("titles-notes-numeric-codes.checked.xlsx");
        let notes = notes(&copy);
        notes
            .values()
            .map(|note| note.matches("WARNING IN008 ").count())
            .sum::<usize>()
    };
    let listed = |run: &Annotated| {
        let findings = run.findings(&original);
        findings
            .iter()
            .filter(|finding| finding["code"] == "IN008")
            .count()
    };
    let all = annotate(&[&original], &["--max-per-rule", "0"]);
    assert!(listed(&all) > 5, "{}", listed(&all));
    assert_eq!(noted(&all), listed(&all));
    // The cap is per rule and file (the workbook): one IN008 noted, and
    // IN014 counting the rest, on the Findings sheet and noted too.
    let capped = annotate(&[&original], &["--max-per-rule", "1"]);
    assert_eq!((listed(&capped), noted(&capped)), (1, 1));
    let copy = capped.copy("titles-notes-numeric-codes.checked.xlsx");
    let (_, rows) = findings_rows(&copy);
    assert!(rows.iter().any(|row| row[1] == "IN014"), "{rows:?}");
    assert!(notes(&copy).values().any(|note| note.contains(" IN014 ")));
}

#[test]
fn the_original_is_never_written() {
    let folder = tempfile::tempdir().expect("temp dir");
    let original = folder.path().join("riverside.xlsx");
    std::fs::copy(fixture("workbooks/faulty-riverside-2009.xlsx"), &original).expect("copied");
    let bytes = std::fs::read(&original).expect("read");
    let modified = std::fs::metadata(&original)
        .and_then(|m| m.modified())
        .expect("mtime");
    let run = annotate(&[&original], &[]);
    run.copy("riverside.checked.xlsx");
    assert_eq!(std::fs::read(&original).expect("read"), bytes);
    assert_eq!(
        std::fs::metadata(&original)
            .and_then(|m| m.modified())
            .expect("mtime"),
        modified
    );
    assert_eq!(std::fs::read_dir(folder.path()).expect("listed").count(), 1);
}

fn refused(arguments: &[&std::ffi::OsStr]) -> String {
    let output = Command::cargo_bin("cfrcheck")
        .expect("binary")
        .arg("check")
        .args(arguments)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        output.stdout.is_empty(),
        "no report before refusing: {output:?}"
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_out_that_would_land_on_an_input_is_refused_before_any_work() {
    let folder = tempfile::tempdir().expect("temp dir");
    let book = folder.path().join("acme.xlsx");
    std::fs::copy(fixture("workbooks/acme-2009.xlsx"), &book).expect("copied");
    // OUT is the input itself.
    let message = refused(&[book.as_os_str(), "--annotate".as_ref(), book.as_os_str()]);
    assert!(
        message.contains("--annotate") && message.contains("being checked"),
        "{message}"
    );
    // A copy would replace an input: acme.checked.xlsx is checked too.
    let earlier = folder.path().join("acme.checked.xlsx");
    std::fs::copy(fixture("workbooks/faulty-riverside-2009.xlsx"), &earlier).expect("copied");
    let bytes = std::fs::read(&earlier).expect("read");
    let message = refused(&[
        folder.path().as_os_str(),
        "--annotate".as_ref(),
        folder.path().as_os_str(),
    ]);
    assert!(
        message.contains("acme.checked.xlsx") && message.contains("being checked"),
        "{message}"
    );
    assert_eq!(std::fs::read(&earlier).expect("read"), bytes);
    // OUT is a file that is not checked: still not a folder.
    let note = folder.path().join("note.txt");
    std::fs::write(&note, "x").expect("written");
    let message = refused(&[book.as_os_str(), "--annotate".as_ref(), note.as_os_str()]);
    assert!(message.contains("is a file"), "{message}");
}

#[test]
fn filings_with_one_name_get_distinct_copies_and_every_filing_gets_one() {
    let workbook = fixture("workbooks/acme-2009.xlsx");
    let folder = fixture("filings/acme-2009");
    let unreadable = fixture("workbooks/truncated.xlsx");
    let run = annotate(&[&folder, &workbook, &unreadable], &[]);
    assert_eq!(
        run.copies(),
        [
            "acme-2009-2.checked.xlsx",
            "acme-2009.checked.xlsx",
            "truncated.checked.xlsx"
        ]
    );
    // In the order checked: the folder first (its dates, text in the CSV,
    // are dates in the copy), then the workbook.
    let csv = sheets(&run.copy("acme-2009.checked.xlsx"));
    let book = sheets(&run.copy("acme-2009-2.checked.xlsx"));
    assert_eq!(csv[1].name, "CFR-1");
    assert_eq!(
        csv[1].cells.get(&(1, 1)),
        Some(&Value::Date("2009-01-01".into()))
    );
    // The CSV filing's copy holds what the workbook of the same filing
    // holds (make.py types its cells as a preparer's workbook would).
    assert_eq!(csv[1].cells, book[1].cells);
    // A workbook that cannot be opened: its Findings sheet alone, with IN001.
    let copy = run.copy("truncated.checked.xlsx");
    assert_eq!(sheets(&copy).len(), 1);
    let (_, rows) = findings_rows(&copy);
    assert_eq!(
        rows.iter().map(|row| row[1].as_str()).collect::<Vec<_>>(),
        ["IN001"]
    );
}

#[test]
fn a_clean_filing_copy_says_no_findings() {
    let workbook = fixture("workbooks/acme-2009.xlsx");
    let run = annotate(&[&workbook], &[]);
    let copy = run.copy("acme-2009.checked.xlsx");
    let findings = &sheets(&copy)[0];
    let texts: Vec<String> = findings
        .cells
        .values()
        .map(|value| format!("{value:?}"))
        .collect();
    assert!(
        texts.iter().any(|text| text.contains("No findings.")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|text| text.contains("omh-2009")),
        "{texts:?}"
    );
    assert!(notes(&copy).is_empty());
}
