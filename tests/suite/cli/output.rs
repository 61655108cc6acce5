//! Where and how the report is written: `--output` to a file, `--quiet`,
//! and no colour escapes when not wanted.

use std::fs;

use super::{cfrcheck, check, json, path_text, run};

#[test]
fn output_file_quiet_and_no_colour() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("report.json");
    let result = check(&[
        "--format",
        "json",
        "--output",
        path_text(&out),
        "fixtures/filings/faulty-riverside-2009",
    ]);
    assert_eq!(result.status, 1);
    assert!(result.stdout.is_empty(), "{}", result.stdout);
    let report = json(&fs::read_to_string(&out).expect("report written"));
    assert_eq!(
        report["filings"][0]["path"],
        "fixtures/filings/faulty-riverside-2009"
    );
    // An output file that cannot be created: exit 2.
    let nowhere = folder.path().join("no/such/folder/report.json");
    assert_eq!(
        check(&[
            "--output",
            path_text(&nowhere),
            "fixtures/filings/acme-2009"
        ])
        .status,
        2
    );

    let loud = check(&[
        "--select",
        "IN",
        "fixtures/filings/acme-2009",
        "fixtures/filings/faulty-riverside-2009",
    ]);
    assert!(loud.stdout.contains("no findings: every rule passed"));
    assert!(loud.stdout.contains("2 filings checked"));
    let quiet = check(&[
        "--quiet",
        "--select",
        "IN",
        "fixtures/filings/acme-2009",
        "fixtures/filings/faulty-riverside-2009",
    ]);
    assert_eq!(quiet.status, 1);
    assert!(!quiet.stdout.contains("acme-2009"), "{}", quiet.stdout);
    assert!(!quiet.stdout.contains("checked"), "{}", quiet.stdout);
    assert!(
        !quiet.stdout.contains("Summary across filings"),
        "{}",
        quiet.stdout
    );
    assert!(quiet.stdout.contains("IN004"));
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);

    for no_color in [None, Some("1")] {
        let mut command = cfrcheck();
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        let result = run(command.args([
            "check",
            "fixtures/filings/faulty-riverside-2009",
            "fixtures/filings/faulty-lakeside-2009",
        ]));
        assert!(
            !result.stdout.contains('\x1b'),
            "escape codes in {no_color:?}: {}",
            result.stdout
        );
        assert!(
            !result.stderr.contains('\x1b'),
            "escape codes on stderr: {}",
            result.stderr
        );
    }
}
