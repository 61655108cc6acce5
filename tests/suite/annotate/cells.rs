//! The copies hold the originals: every sheet and cell of a workbook, and
//! a CSV filing's files one sheet each, line N in row N.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use cfrcheck::location::a1;

use super::copy_reader::{self, notes, sheets, Value};
use super::{annotate, findings_rows, fixture, text};

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
