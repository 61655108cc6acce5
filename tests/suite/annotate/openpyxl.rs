//! What openpyxl saw in an annotated copy (`fixtures/annotate/
//! check_with_openpyxl.py`, run by hand, its output recorded in
//! tests/data/annotate-openpyxl.txt), compared with what the current copy
//! holds: the copy opens outside cfrcheck's own code, and still does.

use std::path::Path;

use super::copy_reader::{frozen_at, links, notes, sheets, tables, Sheet, Value};
use super::{annotate, findings_rows, fixture};

/// The cells the script prints besides the notes' cells.
const SAMPLES: [(&str, &[&str]); 2] = [
    ("CFR-1", &["A1", "B2", "H2", "D3", "N5"]),
    ("DMH-3", &["I2", "K2"]),
];

/// `D7` as a 0-based (row, column).
fn position(cell: &str) -> (u32, u32) {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let row: u32 = cell[letters.len()..].parse().expect("a row");
    let column = letters.bytes().fold(0u32, |column, letter| {
        column * 26 + u32::from(letter - b'A') + 1
    });
    (row - 1, column - 1)
}

/// A cell as the script shows it.
fn shown(sheet: &Sheet, cell: &str) -> String {
    let at = position(cell);
    if let Some(formula) = sheet.formulas.get(&at) {
        return format!("formula ={formula}");
    }
    match sheet.cells.get(&at) {
        None => "empty".to_string(),
        Some(Value::Text(text)) => format!("text {text}"),
        Some(Value::Number(number)) => format!("number {number}"),
        Some(Value::Date(date)) => format!("date {date}"),
        Some(Value::Bool(value)) => format!("bool {}", if *value { "TRUE" } else { "FALSE" }),
        Some(Value::Error(error)) => format!("error {error}"),
    }
}

/// The script's lines, but the fills (calamine reads no styles).
fn essentials(copy: &Path) -> Vec<String> {
    let all = sheets(copy);
    let mut lines = vec![format!(
        "sheets: {}",
        all.iter()
            .map(|sheet| sheet.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )];
    for (name, range, _) in tables(copy) {
        lines.push(format!("table Findings: {name} {range}"));
    }
    lines.push(format!(
        "frozen Findings: {}",
        frozen_at(copy, "Findings").unwrap_or_default()
    ));
    let (header, rows) = findings_rows(copy);
    let links = links(copy, "Findings");
    for (offset, row) in rows.iter().enumerate() {
        let excel_row = header + 2 + offset as u32;
        let dash = |text: &str| {
            if text.is_empty() {
                "-".to_string()
            } else {
                text.to_string()
            }
        };
        let link = links
            .get(&format!("E{excel_row}"))
            .cloned()
            .unwrap_or("-".into());
        lines.push(format!(
            "row {excel_row}: {} {} {} {} -> {link}",
            row[0],
            row[1],
            dash(&row[3]),
            dash(&row[4])
        ));
    }
    let notes = notes(copy);
    for sheet in &all[1..] {
        let mut noted: Vec<(&String, &String)> = notes
            .iter()
            .filter(|((name, _), _)| *name == sheet.name)
            .map(|((_, cell), text)| (cell, text))
            .collect();
        noted.sort_by_key(|(cell, _)| position(cell));
        lines.push(format!("notes {}: {}", sheet.name, noted.len()));
        for (cell, text) in noted {
            let first = text.lines().next().unwrap_or_default();
            lines.push(format!("note {}!{cell}: {first}", sheet.name));
            lines.push(format!(
                "value {}!{cell}: {}",
                sheet.name,
                shown(sheet, cell)
            ));
        }
        let samples = SAMPLES.iter().filter(|(name, _)| *name == sheet.name);
        for cell in samples.flat_map(|(_, cells)| cells.iter()) {
            lines.push(format!(
                "value {}!{cell}: {}",
                sheet.name,
                shown(sheet, cell)
            ));
        }
    }
    lines
}

#[test]
fn openpyxl_saw_what_the_copy_holds() {
    let recorded = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/annotate-openpyxl.txt"),
    )
    .expect("the recorded output");
    let original = fixture("workbooks/faulty-riverside-2009.xlsx");
    let run = annotate(&[&original], &[]);
    let copy = run.copy("faulty-riverside-2009.checked.xlsx");
    let seen: Vec<&str> = recorded
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with("fill "))
        .collect();
    assert_eq!(essentials(&copy), seen);
    // openpyxl saw each cell at fault filled with its severity's colour.
    let mut severity = "";
    let mut fills = 0;
    for line in recorded.lines() {
        if let Some(note) = line.strip_prefix("note ") {
            severity = note
                .split(": ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .unwrap_or("");
        }
        if let Some(fill) = line.strip_prefix("fill ") {
            let expected = match severity {
                "ERROR" => "FFFFC7CE",
                "WARNING" => "FFFFEB9C",
                _ => "FFDDEBF7",
            };
            assert!(fill.ends_with(expected), "{line} after a {severity} note");
            fills += 1;
        }
    }
    assert_eq!(fills, 14);
}
