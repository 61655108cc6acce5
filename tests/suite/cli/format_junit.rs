//! `--format junit`: a test suite per filing, a test case per file, and
//! `--fail-on` deciding what fails.

use super::{check, golden_run, GOLDEN_INPUTS};

#[test]
fn junit_has_a_suite_per_filing_and_a_case_per_file() {
    let xml = String::from_utf8(golden_run("junit", "2")).expect("UTF-8");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    assert_eq!(xml.matches("<testsuite ").count(), GOLDEN_INPUTS.len());
    // acme: five schedule files, no failure.
    assert!(xml.contains(
        "<testsuite name=\"fixtures/filings/acme-2009\" tests=\"5\" failures=\"0\" errors=\"0\" skipped=\"0\">"
    ));
    assert!(xml.contains("<testcase classname=\"fixtures/filings/acme-2009\" name=\"DMH-3.csv\"/>"));
    // The garbled filing: its CFR-1 fails, and the missing schedules (IN009,
    // warnings, below the default --fail-on) are in the (filing) case's output.
    assert!(xml.contains("<testcase classname=\"tests/data/garbled-2009\" name=\"(filing)\">"));
    let filing_case = xml
        .split("name=\"(filing)\">")
        .nth(1)
        .expect("(filing) case");
    let filing_case = filing_case.split("</testcase>").next().expect("case end");
    assert!(
        filing_case.contains("<system-out>") && !filing_case.contains("<failure"),
        "{filing_case}"
    );
    // Warnings fail the test cases with --fail-on warning.
    let strict = check(&[
        "--select",
        "IN",
        "--format",
        "junit",
        "--fail-on",
        "warning",
        "tests/data/garbled-2009",
    ]);
    assert!(
        strict
            .stdout
            .contains("<failure type=\"warning\" message=\"3 findings, first IN009"),
        "{}",
        strict.stdout
    );
    // Every failure element is well formed: no raw markup from messages.
    for body in xml.split("<failure ").skip(1) {
        let body = body.split("</failure>").next().expect("closed");
        assert!(!body.contains('<'), "{body}");
    }
}
