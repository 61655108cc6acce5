//! The findings on the copies: a note on each cell at fault, the Findings
//! sheet (worst first, linked, filtered, frozen), the per-rule cap, and a
//! clean filing's copy.

use std::collections::BTreeMap;

use cfrcheck::location::a1;
use serde_json::Value as Json;

use super::copy_reader::{self, links, notes, sheets};
use super::{annotate, findings_rows, fixture, text, Annotated};

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
