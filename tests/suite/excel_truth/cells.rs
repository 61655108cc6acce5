//! Cells as Excel writes them: blank rows, totals rows, accounting formats,
//! dates with a time, county codes that lost their zero, the short program
//! names, amounts too large for exact arithmetic, and invisible characters.

use std::fs;
use std::path::Path;

use cfrcheck::report::Severity;

use super::{acme, acme_with, all, check, rule_codes};

/// Replaces the cells of one CSV line (1-based) by position.
fn set_cells(text: &str, line: usize, cells: &[(usize, &str)]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut fields: Vec<String> = lines[line - 1].split(',').map(str::to_string).collect();
    for (position, value) in cells {
        fields[*position] = value.to_string();
    }
    lines[line - 1] = fields.join(",");
    lines.join("\n") + "\n"
}

#[test]
fn rows_of_empty_cells_are_blank_lines() {
    let dir = acme_with(|_, text| {
        let width = text.lines().next().unwrap_or("").matches(',').count();
        let blank = ",".repeat(width);
        let mut lines: Vec<&str> = text.lines().collect();
        lines.insert(2, &blank);
        let spaced = format!("{} ,\u{a0}", ",".repeat(width.saturating_sub(1)));
        let mut text = lines.join("\n");
        text.push('\n');
        text.push_str(&blank);
        text.push('\n');
        text.push_str(&spaced);
        text.push('\n');
        text
    });
    let report = check(&dir.path().join("acme"));
    assert!(rule_codes(&report).is_empty(), "{:#?}", all(&report));
}

#[test]
fn a_totals_row_is_reported_once_and_skipped() {
    let dir = acme_with(|schedule, mut text| {
        if schedule == "CFR-1" {
            text.push_str(",,,TOTAL,,,,1000,1000,1000,1000,1000,1000,6000,100,10\n");
            text.push_str(",,,,,,,1000,1000,1000,1000,1000,1000,6000,100,10\n");
        }
        text
    });
    let report = check(&dir.path().join("acme"));
    assert_eq!(
        rule_codes(&report),
        ["IN015", "IN015"],
        "{:#?}",
        all(&report)
    );
    assert!(all(&report)[0]
        .message
        .contains("`TOTAL` where the program code belongs"));
    assert_eq!(all(&report)[0].severity, Severity::Warning);
}

#[test]
fn accounting_format_amounts_and_dates_with_a_time_read_as_excel_meant() {
    // CFR-1 line 2 is 0810 site 005: equipment 1480 and a total of 284618.40.
    let dir = acme_with(|schedule, text| match schedule {
        "CFR-1" => {
            // 1760 site 006 (line 3): equipment 0 written as Excel's accounting zero.
            let text = set_cells(&text, 3, &[(11, "\" $ -   \""), (15, "3260.")]);
            set_cells(
                &text,
                2,
                &[
                    (1, "1/1/2009 0:00"),
                    (2, "12/31/2009 0:00"),
                    (7, "\"$ 186,340.00 \""),
                    (11, "\"$1,480.00\""),
                    (13, "+284618.40"),
                    (14, "\"\u{a0}38,215.00\u{a0}\""),
                ],
            )
        }
        _ => text,
    });
    let report = check(&dir.path().join("acme"));
    assert!(rule_codes(&report).is_empty(), "{:#?}", all(&report));
}

#[test]
fn negative_accounting_amounts_are_negative() {
    let dir = tempfile::tempdir().expect("temp dir");
    let header = fs::read_to_string(acme().join("CFR-1.csv")).expect("fixture");
    let header = header.lines().next().unwrap_or("");
    for (name, cell) in [
        ("a", "\"$ (1,234.00)\""),
        ("b", "\"$(1,234.00)\""),
        ("c", "\"($1,234.00)\""),
    ] {
        let text = format!("{header}\n12345,2009-01-01,2009-12-31,2100,,001,Clinic Treatment,0,0,0,0,{cell},0,-1234,0,10\n");
        fs::write(dir.path().join(format!("{name}-CFR-1.csv")), text).expect("write");
        let report = check(&dir.path().join(format!("{name}-CFR-1.csv")));
        // Negative equipment is TO005, and the total of -1234 adds up: no TO001, no IN004.
        assert_eq!(
            rule_codes(&report),
            ["TO005"],
            "{cell}: {:#?}",
            all(&report)
        );
        assert!(all(&report)[0].message.contains("-1234"), "{cell}");
    }
}

#[test]
fn county_codes_that_lost_their_zero_match_the_cbr() {
    // DMH-2 and DMH-3 saved by Excel: county 01 became 1; the CBR keeps 01.
    let dir = acme_with(|schedule, text| match schedule {
        "DMH-2" | "DMH-3" => {
            let header: Vec<&str> = text.lines().next().unwrap_or("").split(',').collect();
            let county = header
                .iter()
                .position(|name| *name == "county")
                .expect("county");
            let lines = text.lines().count();
            (2..=lines).fold(text.clone(), |text, line| {
                let is_01 = text
                    .lines()
                    .nth(line - 1)
                    .is_some_and(|row| row.split(',').nth(county) == Some("01"));
                if is_01 {
                    set_cells(&text, line, &[(county, "1")])
                } else {
                    text
                }
            })
        }
        _ => text,
    });
    let report = check(&dir.path().join("acme"));
    assert_eq!(
        rule_codes(&report),
        ["IN008", "IN008"],
        "{:#?}",
        all(&report)
    );
    assert!(all(&report)
        .iter()
        .all(|finding| finding.message.contains("county `1`") && finding.message.contains("`01`")));
}

#[test]
fn the_names_our_documents_use_are_no_mismatch() {
    let hudson = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/filings/hudson-2009-10");
    let dir = tempfile::tempdir().expect("temp dir");
    for schedule in ["CFR-1", "DMH-1", "DMH-2", "DMH-3", "CBR"] {
        let name = format!("{schedule}.csv");
        let text = fs::read_to_string(hudson.join(&name)).expect("fixture");
        let text = text
            .replace(
                "Local Governmental Unit (LGU) Administration,",
                "LGU Administration,",
            )
            .replace(
                "Assertive Community Treatment (ACT) Program Service Dollars",
                "ACT Program Service Dollars",
            );
        fs::write(dir.path().join(&name), text).expect("write");
    }
    let report = check(dir.path());
    assert!(rule_codes(&report).is_empty(), "{:#?}", all(&report));
}

#[test]
fn huge_amounts_are_too_large_and_sums_that_overflow_are_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = fs::read_to_string(acme().join("CFR-1.csv")).expect("fixture");
    let huge = set_cells(&text, 4, &[(9, "99999999999999999999999999999999")]);
    fs::write(dir.path().join("CFR-1.csv"), huge).expect("write");
    let report = check(&dir.path().join("CFR-1.csv"));
    assert_eq!(rule_codes(&report), ["IN004"]);
    assert!(
        all(&report)[0].message.contains("too large"),
        "{}",
        all(&report)[0].message
    );

    // 2100 columns are summed for the unindexed DMH-1 row: a hundred
    // 27-digit amounts overflow exact arithmetic, and TO002 says so instead
    // of skipping the comparison.
    let big = "999999999999999999999999999";
    let dir = acme_with(|schedule, text| match schedule {
        "CFR-1" => {
            let mut text = text;
            for site in 100..200 {
                text.push_str(&format!(
                    "12345,2009-01-01,2009-12-31,2100,,{site},Clinic Treatment,{big},0,0,0,0,0,{big},0,10\n"
                ));
            }
            text
        }
        _ => text,
    });
    let report = check(&dir.path().join("acme"));
    let found = all(&report);
    assert!(
        found.iter().any(|finding| finding.rule.code == "TO002"
            && finding.message.contains("more than exact arithmetic holds")),
        "{:#?}",
        found.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
}

#[test]
fn invisible_characters_are_shown_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = fs::read_to_string(acme().join("CFR-1.csv")).expect("fixture");
    let text = set_cells(&text, 2, &[(3, "0810\u{200b}")]);
    fs::write(dir.path().join("CFR-1.csv"), text).expect("write");
    let report = check(&dir.path().join("CFR-1.csv"));
    let pc001 = all(&report)
        .into_iter()
        .find(|f| f.rule.code == "PC001")
        .expect("PC001");
    assert!(
        pc001.message.contains("`0810\\u{200b}`"),
        "{}",
        pc001.message
    );
}
