//! `--format github`: workflow-command annotations, and the Markdown step
//! summary appended to `GITHUB_STEP_SUMMARY`.

use std::fs;

use super::{cfrcheck, golden_run, run, GOLDEN_INPUTS};

#[test]
fn github_annotations_and_step_summary() {
    let text = String::from_utf8(golden_run("github", "2")).expect("UTF-8");
    assert!(text.contains(
        "::error file=fixtures/input/bad-amounts-CFR-1.csv,line=2,title=IN004 bad-amount::otps `#REF!` is not an amount"
    ));
    assert!(text.contains("::notice file=fixtures/filings/faulty-lakeside-2009/CFR-1.csv,line=2,title=IN012 decoded-as-windows-1252::"));
    assert!(text.contains(
        "::warning title=IN009 missing-schedule::tests/data/garbled-2009: filing has no DMH-1 file"
    ));
    assert!(!text.contains("GITHUB_STEP_SUMMARY"));

    let folder = tempfile::tempdir().expect("temp dir");
    let summary = folder.path().join("summary.md");
    fs::write(&summary, "earlier step\n").expect("write");
    let result = run(cfrcheck()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "--select", "IN", "--format", "github"])
        .args(GOLDEN_INPUTS));
    assert_eq!(result.status, 1);
    let markdown = fs::read_to_string(&summary).expect("summary written");
    assert!(
        markdown.starts_with("earlier step\n## cfrcheck\n"),
        "appended: {markdown}"
    );
    assert!(markdown.contains("5 filings checked"), "{markdown}");
    assert!(
        markdown.contains("| tests/data/garbled-2009 |  | 1 | 3 | 0 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| fixtures/filings/acme-2009 | 12345 | 0 | 0 | 0 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| IN004 | bad-amount | error | 7 |"),
        "{markdown}"
    );
    // Worst filing first.
    let garbled = markdown
        .find("tests/data/garbled-2009")
        .expect("garbled row");
    let acme = markdown
        .find("fixtures/filings/acme-2009")
        .expect("acme row");
    assert!(garbled < acme);
    // Other formats leave the summary alone.
    fs::write(&summary, "").expect("truncate");
    run(cfrcheck().env("GITHUB_STEP_SUMMARY", &summary).args([
        "check",
        "--format",
        "json",
        "fixtures/filings/acme-2009",
    ]));
    assert_eq!(fs::read_to_string(&summary).expect("read"), "");
}
