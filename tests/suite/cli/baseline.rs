//! Baselines: `--write-baseline` recording findings, `--baseline` hiding
//! them even after rows move, reporting new findings and stale entries
//! (IN013), and refusing a bad baseline file.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{check, codes, copy_folder, findings, json, path_text, re_sort, root};

fn riverside_copy(folder: &Path) -> PathBuf {
    let filing = folder.join("riverside");
    copy_folder(
        &root().join("fixtures/filings/faulty-riverside-2009"),
        &filing,
    );
    filing
}

#[test]
fn a_baseline_hides_recorded_findings_even_after_re_sorting() {
    let folder = tempfile::tempdir().expect("temp dir");
    let filing = riverside_copy(folder.path());
    let baseline = folder.path().join("baseline.json");

    let before = check(&["--format", "json", path_text(&filing)]);
    assert_eq!(before.status, 1);
    let before = json(&before.stdout);
    let recorded = findings(&before).len();
    assert!(recorded >= 2);

    let written = check(&[
        "--format",
        "json",
        "--write-baseline",
        path_text(&baseline),
        path_text(&filing),
    ]);
    assert_eq!(
        written.status, 0,
        "the written baseline applies at once: {}",
        written.stdout
    );
    assert!(findings(&json(&written.stdout)).is_empty());
    assert!(
        written.stderr.contains("wrote baseline"),
        "{}",
        written.stderr
    );

    let file = json(&fs::read_to_string(&baseline).expect("baseline written"));
    assert_eq!(file["version"], 1);
    let entries = file["entries"].as_array().expect("entries");
    let total: u64 = entries
        .iter()
        .map(|entry| entry["count"].as_u64().expect("count"))
        .sum();
    assert_eq!(total as usize, recorded);
    for entry in entries {
        assert_eq!(entry["agency_code"], "23456");
        assert_eq!(entry["period_start"], "2009-01-01");
        assert!(entry.get("line").is_none(), "no line numbers: {entry}");
    }
    // Sorted, so a regenerated baseline diffs cleanly; and written the same twice.
    let keys: Vec<String> = entries.iter().map(|entry| entry.to_string()).collect();
    let again = folder.path().join("again.json");
    check(&["--write-baseline", path_text(&again), path_text(&filing)]);
    assert_eq!(
        fs::read(&baseline).expect("read"),
        fs::read(&again).expect("read")
    );
    assert!(!keys.is_empty());

    re_sort(&filing);
    // The rows moved: the same findings are on other lines now...
    let moved = json(&check(&["--format", "json", path_text(&filing)]).stdout);
    let lines = |report: &Value| -> Vec<Option<u64>> {
        findings(report)
            .iter()
            .map(|(_, f)| f["line"].as_u64())
            .collect()
    };
    assert_ne!(lines(&moved), lines(&before));
    assert_eq!(findings(&moved).len(), recorded);
    // ...and the baseline still hides every one of them.
    let result = check(&[
        "--format",
        "json",
        "--fail-on",
        "warning",
        "--baseline",
        path_text(&baseline),
        path_text(&filing),
    ]);
    assert_eq!(result.status, 0, "{}", result.stdout);
    assert!(
        findings(&json(&result.stdout)).is_empty(),
        "{}",
        result.stdout
    );
    assert!(
        result.stderr.contains(&format!(
            "{recorded} recorded findings hidden by the baseline"
        )),
        "{}",
        result.stderr
    );
}

#[test]
fn a_baseline_reports_new_findings_and_stale_entries() {
    let folder = tempfile::tempdir().expect("temp dir");
    let filing = riverside_copy(folder.path());
    let baseline = folder.path().join("baseline.json");
    let select = ["--select", "IN", "--format", "json"];
    let with_baseline = |extra: &[&str]| {
        let mut args: Vec<&str> = select.to_vec();
        args.extend_from_slice(extra);
        args.extend(["--baseline", path_text(&baseline), path_text(&filing)]);
        check(&args)
    };
    check(
        &[
            &select[..],
            &["--write-baseline", path_text(&baseline), path_text(&filing)],
        ]
        .concat(),
    );
    let cfr1 = filing.join("CFR-1.csv");
    let original = fs::read_to_string(&cfr1).expect("CFR-1");

    // A second bad amount in the same record: the key (CFR-1, 2100, IN004)
    // was recorded once, so one of the two is new.
    fs::write(&cfr1, original.replace("\"$298,450.00\"", "#N/A")).expect("write");
    let result = with_baseline(&[]);
    assert_eq!(result.status, 1, "{}", result.stdout);
    assert_eq!(codes(&json(&result.stdout)), ["IN004"]);

    // The #REF! fixed: the IN004 entry no longer occurs (IN013, a warning).
    fs::write(&cfr1, original.replace("#REF!", "\"$41,210.55\"")).expect("write");
    let result = with_baseline(&[]);
    assert_eq!(
        result.status, 0,
        "a warning does not fail by default: {}",
        result.stdout
    );
    let report = json(&result.stdout);
    let found = findings(&report);
    assert_eq!(codes(&report), ["IN013"]);
    let stale = &found[0].1;
    assert_eq!(stale["severity"], "warning");
    assert_eq!(stale["name"], "stale-baseline-entry");
    assert_eq!(stale["file"], Value::Null, "about the filing");
    assert_eq!(stale["schedule"], "CFR-1");
    assert_eq!(stale["program_code"], "2100");
    let message = stale["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("IN004") && message.contains("recorded 1 finding, this run found 0"),
        "{message}"
    );
    assert_eq!(with_baseline(&["--fail-on", "warning"]).status, 1);
    // IN013 follows --ignore, and entries of rules not selected are not stale.
    assert_eq!(
        codes(&json(&with_baseline(&["--ignore", "IN013"]).stdout)),
        Vec::<String>::new()
    );
    assert_eq!(
        codes(&json(&with_baseline(&["--ignore", "IN004"]).stdout)),
        Vec::<String>::new()
    );
    // The text and SARIF formats show it at the filing.
    let text = check(&[
        "--select",
        "IN",
        "--baseline",
        path_text(&baseline),
        path_text(&filing),
    ]);
    assert!(
        text.stdout.contains("(filing)") && text.stdout.contains("IN013"),
        "{}",
        text.stdout
    );
    let sarif = json(
        &check(&[
            "--select",
            "IN",
            "--format",
            "sarif",
            "--baseline",
            path_text(&baseline),
            path_text(&filing),
        ])
        .stdout,
    );
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"];
    assert!(
        uri.as_str().is_some_and(|uri| uri.ends_with("riverside/")),
        "{uri}"
    );

    // A filing the run did not check: its entries are not stale.
    let other = check(&[
        "--select",
        "IN",
        "--format",
        "json",
        "--baseline",
        path_text(&baseline),
        "fixtures/filings/acme-2009",
    ]);
    assert_eq!(other.status, 0);
    assert!(codes(&json(&other.stdout)).is_empty());
}

#[test]
fn a_bad_baseline_stops_the_run() {
    let folder = tempfile::tempdir().expect("temp dir");
    let baseline = folder.path().join("baseline.json");
    let acme = "fixtures/filings/acme-2009";
    assert_eq!(
        check(&["--baseline", path_text(&baseline), acme]).status,
        2,
        "missing file"
    );
    fs::write(&baseline, "{\"version\": 2, \"entries\": []}").expect("write");
    let result = check(&["--baseline", path_text(&baseline), acme]);
    assert_eq!(result.status, 2);
    assert!(result.stderr.contains("version 2"), "{}", result.stderr);
    fs::write(&baseline, "not json").expect("write");
    assert_eq!(check(&["--baseline", path_text(&baseline), acme]).status, 2);
    fs::write(&baseline, "{\"version\": 1, \"entries\": []}").expect("write");
    assert_eq!(check(&["--baseline", path_text(&baseline), acme]).status, 0);
    // Both flags at once is a usage error.
    let other = folder.path().join("other.json");
    assert_eq!(
        check(&[
            "--baseline",
            path_text(&baseline),
            "--write-baseline",
            path_text(&other),
            acme
        ])
        .status,
        2
    );
}
