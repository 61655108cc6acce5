//! `--format html` from the command line: the page embeds the exact
//! `--format json` report, has a row per finding, escapes every value from
//! the input, and is chosen by an `--output` ending in `.html`. (The page's
//! behaviour in a browser is tests/browser.rs.)

use std::fs;
use std::path::{Path, PathBuf};

use cfrcheck::emit::html::escape::unscript_json;
use serde_json::Value;

use crate::support::{cfrcheck, root};

const SAMPLES: &str = "fixtures/filings";

fn stdout(args: &[&str]) -> String {
    let output = cfrcheck().arg("check").args(args).output().expect("runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The content of the page's `script#cfrcheck-report`, unescaped.
fn embedded_json(page: &str) -> String {
    let open = r#"<script type="application/json" id="cfrcheck-report">"#;
    let start = page.find(open).expect("the report block") + open.len();
    let end = start + page[start..].find("</script>").expect("its end");
    unscript_json(&page[start..end])
}

/// The page before the embedded data: what the HTML parser reads as markup.
fn markup(page: &str) -> &str {
    &page[..page
        .find(r#"<script type="application/json""#)
        .expect("the report block")]
}

fn finding_count(json: &str) -> usize {
    let report: Value = serde_json::from_str(json).expect("JSON");
    report["filings"]
        .as_array()
        .expect("filings")
        .iter()
        .map(|filing| filing["findings"].as_array().expect("findings").len())
        .sum()
}

#[test]
fn the_page_embeds_the_json_report_byte_for_byte() {
    let json = stdout(&[SAMPLES, "--format", "json"]);
    let page = stdout(&[SAMPLES, "--format", "html"]);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.trim_end().ends_with("</html>"));
    assert_eq!(embedded_json(&page), json);
}

#[test]
fn a_row_per_finding_and_an_explanation_per_rule() {
    let json = stdout(&[SAMPLES, "--format", "json"]);
    let page = stdout(&[SAMPLES, "--format", "html"]);
    let findings = finding_count(&json);
    assert!(findings > 10, "the sample filings have findings");
    assert_eq!(page.matches("<tr data-code=").count(), findings);
    let report: Value = serde_json::from_str(&json).expect("JSON");
    for filing in report["filings"].as_array().expect("filings") {
        for finding in filing["findings"].as_array().expect("findings") {
            let code = finding["code"].as_str().expect("code");
            assert!(
                page.contains(&format!(r#"<article class="rule" id="rule-{code}""#)),
                "{code} is explained"
            );
        }
    }
    assert!(page.contains(r#"<time datetime="2010-01-01T00:00:00Z">"#));
}

#[test]
fn an_output_ending_in_html_chooses_the_format() {
    let folder = tempfile::tempdir().expect("temp folder");
    for (name, format, html) in [
        ("report.html", None, true),
        ("REPORT.HTM", None, true),
        ("report.txt", None, false),
        ("forced.html", Some("text"), false),
    ] {
        let output = folder.path().join(name);
        let mut command = cfrcheck();
        command.args(["check", SAMPLES, "-o"]).arg(&output);
        if let Some(format) = format {
            command.args(["--format", format]);
        }
        command.assert().code(1);
        let written = fs::read_to_string(&output).expect("report written");
        assert_eq!(written.starts_with("<!DOCTYPE html>"), html, "{name}");
    }
}

/// A filing whose program code is a script and whose messages quote it.
fn hostile_filing(folder: &Path) -> PathBuf {
    let filing = folder.join("x-<b>2009</b>");
    fs::create_dir_all(&filing).expect("create filing");
    for entry in fs::read_dir(root().join(SAMPLES).join("acme-2009")).expect("sample") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), filing.join(entry.file_name())).expect("copy");
    }
    let cfr1 = filing.join("CFR-1.csv");
    let text = fs::read_to_string(&cfr1).expect("CFR-1");
    let text = text.replacen(",0810,", ",<script>alert(1)</script>,", 1);
    fs::write(&cfr1, text).expect("write CFR-1");
    filing
}

#[test]
fn every_value_from_the_input_is_escaped() {
    let folder = tempfile::tempdir().expect("temp folder");
    let filing = hostile_filing(folder.path());
    let filing = filing.to_str().expect("UTF-8 path");
    let json = stdout(&[filing, "--format", "json"]);
    assert!(json.contains("\"program_code\": \"<script>alert(1)</script>\""));
    let page = stdout(&[filing, "--format", "html"]);
    let markup = markup(&page);
    assert!(!markup.contains("<script>alert"), "{markup}");
    assert!(!markup.contains("<b>2009"));
    assert!(markup.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
    assert!(markup.contains("x-&lt;b&gt;2009&lt;/b&gt;"));
    // The data block holds it as JSON text that cannot end the block.
    assert_eq!(page.to_ascii_lowercase().matches("</script").count(), 2);
    assert_eq!(embedded_json(&page), json);
}

#[test]
fn the_header_names_the_rulebook_edition() {
    let page = stdout(&["--format", "html", "fixtures/filings/acme-2009"]);
    assert!(
        page.contains("<dt>Rulebook</dt><dd>omh-2009 (OMH Appendix F"),
        "the header names the edition"
    );
}
