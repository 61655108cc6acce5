//! `--format junit`: JUnit XML for CI test reports (GitLab `reports: junit`,
//! Jenkins, Azure Pipelines).
//!
//! - `<testsuites>`, one `<testsuite>` per filing (name = the filing path),
//!   one `<testcase>` per file of the filing (classname = the filing path,
//!   name = the file name), and a testcase named `(filing)` when there are
//!   findings about the filing as a whole.
//! - A test case fails when it has a finding at or above `--fail-on`
//!   (default `error`), so the report fails exactly when the exit status
//!   does. It gets ONE `<failure>` listing every such finding: several
//!   `<failure>` elements in one test case are outside the JUnit schema and
//!   most readers keep only the first. `type` is the worst severity,
//!   `message` counts the findings and names the first.
//! - Findings below the threshold go to the test case's `<system-out>`.
//! - `errors` is 0: every file was tested, an unreadable one fails (IN001).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::EmitOptions;
use crate::report::{FilingReport, Finding, Report, Severity};

/// The test case of findings that are about the filing, not one of its files.
pub const FILING_CASE: &str = "(filing)";

struct Case<'r> {
    name: String,
    findings: Vec<&'r Finding>,
}

pub fn emit(report: &Report, options: &EmitOptions, out: &mut dyn Write) -> io::Result<()> {
    let suites: Vec<(&FilingReport, Vec<Case>)> = report
        .filings
        .iter()
        .map(|filing| (filing, cases(filing)))
        .collect();
    let fails = |case: &Case| {
        case.findings
            .iter()
            .any(|finding| finding.severity >= options.fail_on)
    };
    let tests: usize = suites.iter().map(|(_, cases)| cases.len()).sum();
    let failures: usize = suites
        .iter()
        .map(|(_, cases)| cases.iter().filter(|case| fails(case)).count())
        .sum();
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"cfrcheck\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    for (filing, cases) in &suites {
        let suite_failures = cases.iter().filter(|case| fails(case)).count();
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{suite_failures}\" errors=\"0\" skipped=\"0\">",
            escape(&filing.path),
            cases.len()
        );
        let properties = [
            ("agency_code", filing.agency_code.as_deref()),
            ("period_start", filing.period_start.as_deref()),
            ("period_end", filing.period_end.as_deref()),
        ];
        if properties.iter().any(|(_, value)| value.is_some()) {
            xml.push_str("    <properties>\n");
            for (name, value) in properties {
                if let Some(value) = value {
                    let _ = writeln!(
                        xml,
                        "      <property name=\"{name}\" value=\"{}\"/>",
                        escape(value)
                    );
                }
            }
            xml.push_str("    </properties>\n");
        }
        for case in cases {
            let opening = format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(&filing.path),
                escape(&case.name)
            );
            if case.findings.is_empty() {
                let _ = writeln!(xml, "{opening}/>");
                continue;
            }
            let _ = writeln!(xml, "{opening}>");
            let (failing, other): (Vec<&Finding>, Vec<&Finding>) = case
                .findings
                .iter()
                .partition(|finding| finding.severity >= options.fail_on);
            if let Some(first) = failing.first() {
                let worst = failing
                    .iter()
                    .map(|finding| finding.severity)
                    .max()
                    .unwrap_or(Severity::Error);
                let message = if failing.len() == 1 {
                    format!("{} {}: {}", first.rule.code, first.rule.name, first.message)
                } else {
                    format!(
                        "{} findings, first {} {}: {}",
                        failing.len(),
                        first.rule.code,
                        first.rule.name,
                        first.message
                    )
                };
                let _ = writeln!(
                    xml,
                    "      <failure type=\"{worst}\" message=\"{}\">{}</failure>",
                    escape(&message),
                    escape_text(&lines(&failing))
                );
            }
            if !other.is_empty() {
                let _ = writeln!(
                    xml,
                    "      <system-out>{}</system-out>",
                    escape_text(&lines(&other))
                );
            }
            xml.push_str("    </testcase>\n");
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    out.write_all(xml.as_bytes())
}

/// The filing's files in report order, then `(filing)` if needed. A
/// workbook's schedule sheets are a case each (`Book.xlsx [CFR-1]`); its
/// findings about no sheet in particular go to its first case.
fn cases(filing: &FilingReport) -> Vec<Case<'_>> {
    let shares_path = |path: &str| {
        filing
            .files
            .iter()
            .filter(|file| &*file.path == path)
            .count()
            > 1
    };
    let mut cases: Vec<Case> = filing
        .files
        .iter()
        .enumerate()
        .map(|(at, file)| {
            let name = crate::location::file_name(std::path::Path::new(&*file.path));
            let first_of_path = filing
                .files
                .iter()
                .position(|other| other.path == file.path)
                == Some(at);
            if !shares_path(&file.path) {
                return Case {
                    name,
                    findings: filing
                        .findings
                        .iter()
                        .filter(|finding| finding.file.as_deref() == Some(&*file.path))
                        .collect(),
                };
            }
            Case {
                name: match file.schedule {
                    Some(kind) => format!("{name} [{kind}]"),
                    None => name,
                },
                findings: filing
                    .findings
                    .iter()
                    .filter(|finding| finding.file.as_deref() == Some(&*file.path))
                    .filter(|finding| {
                        finding.schedule == file.schedule
                            || first_of_path
                                && !filing.files.iter().any(|other| {
                                    other.path == file.path && other.schedule == finding.schedule
                                })
                    })
                    .collect(),
            }
        })
        .collect();
    let elsewhere: Vec<&Finding> = filing
        .findings
        .iter()
        .filter(|finding| match finding.file.as_deref() {
            None => true,
            Some(path) => !filing.files.iter().any(|file| &*file.path == path),
        })
        .collect();
    if !elsewhere.is_empty() {
        cases.push(Case {
            name: FILING_CASE.to_string(),
            findings: elsewhere,
        });
    }
    cases
}

/// One line per finding: `severity CODE name at FILE:LINE (column) [program P] [value V]: message`.
fn lines(findings: &[&Finding]) -> String {
    let mut text = String::new();
    for finding in findings {
        let _ = write!(
            text,
            "{} {} {}",
            finding.severity, finding.rule.code, finding.rule.name
        );
        if let Some(file) = finding.file.as_deref() {
            let _ = write!(text, " at {file}");
            match super::sheet_cell(finding) {
                Some(place) => {
                    let _ = write!(text, " {place}");
                }
                None => {
                    if let Some(line) = finding.line {
                        let _ = write!(text, ":{line}");
                    }
                }
            }
        }
        if let Some(column) = finding.column {
            let _ = write!(text, " ({column})");
        }
        if let Some(code) = finding.program_code.as_deref() {
            let _ = write!(text, " program {code}");
            if let Some(index) = finding
                .program_index
                .as_deref()
                .filter(|index| !index.is_empty())
            {
                let _ = write!(text, " {index}");
            }
        }
        let _ = writeln!(text, ": {}", finding.message);
    }
    text
}

/// Element content: newlines and tabs stay as they are.
fn escape_text(text: &str) -> String {
    escape(text).replace("&#10;", "\n").replace("&#9;", "\t")
}

/// XML attribute escaping. Characters XML 1.0 cannot hold at all
/// (control characters other than tab, newline and carriage return, which a
/// binary cell can put in a message) become U+FFFD; newlines and tabs in
/// attributes are written as character references so they survive parsing.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => {
                let _ = write!(escaped, "&#{};", u32::from(character));
            }
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => escaped.push('\u{fffd}'),
            _ => escaped.push(character),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("x\u{0}y\u{1b}"), "x\u{fffd}y\u{fffd}");
        assert_eq!(escape("l1\nl2"), "l1&#10;l2");
    }
}
