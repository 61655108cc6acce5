//! `--format json`: the report's exact keys, nulls, finding order and
//! summary counts.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{check, findings, json};

#[test]
fn json_shape_is_exactly_the_contract() {
    let result = check(&[
        "--select",
        "IN",
        "--format",
        "json",
        "fixtures/filings/faulty-lakeside-2009",
        "tests/data/garbled-2009",
    ]);
    assert_eq!(result.status, 1, "{}", result.stderr);
    let report = json(&result.stdout);
    let keys = |value: &Value| -> BTreeSet<String> {
        value.as_object().expect("object").keys().cloned().collect()
    };
    let set = |names: &[&str]| -> BTreeSet<String> {
        names.iter().map(|name| name.to_string()).collect()
    };
    assert_eq!(
        keys(&report),
        set(&["tool", "version", "filings", "summary"])
    );
    assert_eq!(report["tool"], "cfrcheck");
    assert_eq!(report["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        keys(&report["summary"]),
        set(&["filings", "files", "records", "errors", "warnings", "infos"])
    );
    let filings = report["filings"].as_array().expect("filings");
    assert_eq!(filings.len(), 2);
    let lakeside = &filings[0];
    assert_eq!(
        keys(lakeside),
        set(&[
            "path",
            "agency_code",
            "period_start",
            "period_end",
            "schedules",
            "findings"
        ])
    );
    assert_eq!(lakeside["path"], "fixtures/filings/faulty-lakeside-2009");
    assert_eq!(lakeside["agency_code"], "34567");
    assert_eq!(lakeside["period_start"], "2009-01-01");
    assert_eq!(lakeside["period_end"], "2009-12-31");
    assert_eq!(
        lakeside["schedules"],
        serde_json::json!(["CFR-1", "DMH-1", "DMH-2", "DMH-3", "CBR"])
    );
    // The garbled filing has no heading: nulls, not missing keys.
    let garbled = &filings[1];
    assert_eq!(garbled["agency_code"], Value::Null);
    assert_eq!(garbled["period_start"], Value::Null);

    let finding_keys = set(&[
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
        "value",
    ]);
    for (path, finding) in findings(&report) {
        assert_eq!(keys(&finding), finding_keys, "{path}: {finding}");
        assert!(
            ["error", "warning", "info"]
                .contains(&finding["severity"].as_str().unwrap_or_default()),
            "{finding}"
        );
    }
    // A finding about a whole file: line and column are null.
    let (_, stray) = findings(&report)
        .into_iter()
        .find(|(_, finding)| finding["code"] == "IN002")
        .expect("IN002 on the stray notes.csv");
    assert_eq!(
        stray["file"],
        "fixtures/filings/faulty-lakeside-2009/notes.csv"
    );
    assert_eq!(stray["schedule"], Value::Null);
    assert_eq!(stray["line"], Value::Null);
    assert_eq!(stray["column"], Value::Null);
    // The first line that is not UTF-8 is where the decoding note points.
    let (_, decoded) = findings(&report)
        .into_iter()
        .find(|(_, finding)| finding["code"] == "IN012")
        .expect("IN012 on the Windows-1252 CFR-1");
    assert_eq!(decoded["schedule"], "CFR-1");
    assert_eq!(decoded["line"], 2);
    // A finding about the whole filing: no file either.
    let (_, missing) = findings(&report)
        .into_iter()
        .find(|(_, finding)| finding["code"] == "IN009")
        .expect("IN009 on the garbled filing");
    assert_eq!(missing["file"], Value::Null);
    assert_eq!(missing["schedule"], Value::Null);

    // Sorted by file, line, code within each filing (nulls first).
    for filing in filings {
        let order: Vec<(Option<String>, Option<u64>, String)> = filing["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|finding| {
                (
                    finding["file"].as_str().map(str::to_string),
                    finding["line"].as_u64(),
                    finding["code"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "{}", filing["path"]);
    }
    let summary = &report["summary"];
    assert_eq!(summary["filings"], 2);
    let count = |severity: &str| {
        findings(&report)
            .iter()
            .filter(|(_, f)| f["severity"] == severity)
            .count()
    };
    assert_eq!(summary["errors"], count("error"));
    assert_eq!(summary["warnings"], count("warning"));
    assert_eq!(summary["infos"], count("info"));
}
