//! `--format csv`: a BOM for Excel, the header, and one row per finding.

use super::{findings, golden_run, json};

#[test]
fn csv_has_a_bom_a_header_and_a_row_per_finding() {
    let bytes = golden_run("csv", "2");
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM for Excel");
    let text = String::from_utf8(bytes).expect("UTF-8");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "filing",
            "code",
            "name",
            "severity",
            "message",
            "schedule",
            "file",
            "line",
            "sheet",
            "cell",
            "column",
            "program_code",
            "program_index",
            "value"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|row| row.expect("row")).collect();
    let report = json(&String::from_utf8(golden_run("json", "2")).expect("UTF-8"));
    let expected = findings(&report);
    assert_eq!(rows.len(), expected.len());
    for (row, (filing, finding)) in rows.iter().zip(&expected) {
        assert_eq!(&row[0], filing);
        assert_eq!(&row[1], finding["code"].as_str().unwrap_or_default());
        assert_eq!(&row[4], finding["message"].as_str().unwrap_or_default());
        assert_eq!(
            &row[7],
            finding["line"]
                .as_u64()
                .map(|line| line.to_string())
                .unwrap_or_default()
        );
    }
}
