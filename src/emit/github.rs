//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding: `::error file=F,line=L,title=CODE name::message` (`::warning`
//! for warnings, `::notice` for infos). Findings about a whole filing have
//! no `file` and name the filing in the message.
//!
//! GitHub shows only the first few annotations of each kind per step (10
//! errors and 10 warnings at the time of writing), so when the CLI passes
//! `$GITHUB_STEP_SUMMARY` the full counts are appended there as Markdown:
//! totals, per filing (worst first), per rule code.

use std::fs::OpenOptions;
use std::io::{self, Write};

use super::EmitOptions;
use crate::report::{Report, Severity};

pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub fn emit(report: &Report, options: &EmitOptions, out: &mut dyn Write) -> io::Result<()> {
    for (filing, finding) in report.findings() {
        let mut properties = Vec::new();
        let message = match finding.file.as_deref() {
            Some(file) => {
                properties.push(format!(
                    "file={}",
                    escape_property(&super::forward_slashes(file))
                ));
                if let Some(line) = finding.line {
                    properties.push(format!("line={line}"));
                }
                super::message_with_cell(finding)
            }
            None => format!("{}: {}", filing.path, finding.message),
        };
        properties.push(format!(
            "title={}",
            escape_property(&format!("{} {}", finding.rule.code, finding.rule.name))
        ));
        writeln!(
            out,
            "::{} {}::{}",
            command(finding.severity),
            properties.join(","),
            escape_data(&message)
        )?;
    }
    if !options.quiet {
        writeln!(out, "cfrcheck: {}", report.summary().sentence())?;
    }
    if let Some(path) = &options.step_summary {
        let mut file = OpenOptions::new().create(true).append(true).open(path)?;
        file.write_all(step_summary(report).as_bytes())?;
    }
    Ok(())
}

/// The Markdown appended to `$GITHUB_STEP_SUMMARY`.
pub fn step_summary(report: &Report) -> String {
    let mut markdown = String::from("## cfrcheck\n\n");
    markdown.push_str(&format!("cfrcheck: {}", report.summary().sentence()));
    markdown.push_str("\n\n");
    if report.filings.is_empty() {
        return markdown;
    }
    markdown
        .push_str("| filing | agency | errors | warnings | infos |\n|---|---|---:|---:|---:|\n");
    for filing in report.worst_first() {
        markdown.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&filing.path),
            cell(filing.agency_code.as_deref().unwrap_or("")),
            filing.count(Severity::Error),
            filing.count(Severity::Warning),
            filing.count(Severity::Info),
        ));
    }
    let by_code = report.counts_by_code();
    if !by_code.is_empty() {
        markdown.push_str("\n| code | name | severity | findings |\n|---|---|---|---:|\n");
        for (code, (severity, count)) in by_code {
            let name = crate::rules::find(code).map_or("", |rule| rule.name);
            markdown.push_str(&format!("| {code} | {name} | {severity} | {count} |\n"));
        }
        markdown.push_str(
            "\nRun `cfrcheck explain CODE` for what a rule checks, why, and how to fix it.\n",
        );
    }
    markdown.push('\n');
    markdown
}

/// A Markdown table cell: `|` would end the cell, a newline the row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// Workflow command data (the message): `%`, CR and LF are escaped.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow command property values: also `:` and `,`, which end them.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_workflow_command_rules() {
        assert_eq!(
            escape_data("50% done\r\nnext: a,b"),
            "50%25 done%0D%0Anext: a,b"
        );
        assert_eq!(escape_property("C:\\a,b%"), "C%3A\\a%2Cb%25");
    }
}
