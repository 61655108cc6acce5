//! Output formats. Each emitter sees only the [`Report`] (and the rule
//! catalogue for metadata), never the schedules.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::report::{Report, Severity};

pub mod csv_out;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

/// The formats of `cfrcheck check --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning, IDEs)
    Sarif,
    /// JUnit XML (test reports in CI)
    Junit,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// GitLab Code Quality report
    Gitlab,
    /// One finding per row, for Excel
    Csv,
    /// One self-contained page for people to read, print and file
    Html,
}

impl Format {
    /// The format when `--format` is not given: html for an `--output`
    /// ending in `.html` (or `.htm`), else text.
    pub fn for_output(output: Option<&Path>) -> Format {
        let html = output
            .and_then(|path| path.extension())
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| {
                extension.eq_ignore_ascii_case("html") || extension.eq_ignore_ascii_case("htm")
            });
        if html {
            Format::Html
        } else {
            Format::Text
        }
    }
}

/// Presentation choices that do not change what is reported.
#[derive(Clone, Debug)]
pub struct EmitOptions {
    /// ANSI colours (only on a terminal, never with NO_COLOR).
    pub color: bool,
    /// Findings only: no per-filing headings for clean filings, no summaries.
    pub quiet: bool,
    /// Table width for text output.
    pub width: Option<u16>,
    /// The `--fail-on` threshold: JUnit test cases fail on findings at or above it.
    pub fail_on: Severity,
    /// `$GITHUB_STEP_SUMMARY`, read by the CLI: the github format appends a
    /// Markdown summary to this file.
    pub step_summary: Option<PathBuf>,
    /// When the check ran, for the html header (the CLI passes the clock, or
    /// `SOURCE_DATE_EPOCH` for reproducible output); `None` leaves it out.
    pub run_at: Option<SystemTime>,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            color: false,
            quiet: false,
            width: None,
            fail_on: Severity::Error,
            step_summary: None,
            run_at: None,
        }
    }
}

pub fn emit(
    format: Format,
    report: &Report,
    options: &EmitOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Text => text::emit(report, options, out),
        Format::Json => json::emit(report, out),
        Format::Sarif => sarif::emit(report, out),
        Format::Junit => junit::emit(report, options, out),
        Format::Github => github::emit(report, options, out),
        Format::Gitlab => gitlab::emit(report, out),
        Format::Csv => csv_out::emit(report, out),
        Format::Html => html::emit(report, options, out),
    }
}

/// Findings with no file are about the whole filing: they point at its folder.
pub(crate) fn location_path<'r>(
    filing: &'r crate::report::FilingReport,
    finding: &'r crate::report::Finding,
) -> &'r str {
    finding.file.as_deref().unwrap_or(&filing.path)
}

/// Where in a workbook a finding is, as Excel users write it:
/// `[CFR-1]!D7`, or `[CFR-1]` for a finding about the whole sheet.
/// `None` outside workbooks.
pub fn sheet_cell(finding: &crate::report::Finding) -> Option<String> {
    let sheet = finding.sheet_name()?;
    Some(match finding.cell() {
        Some(cell) => format!("[{sheet}]!{cell}"),
        None => format!("[{sheet}]"),
    })
}

/// The message, preceded by the sheet and cell for findings in a workbook,
/// for formats whose locations have no place for them.
pub(crate) fn message_with_cell(finding: &crate::report::Finding) -> String {
    match sheet_cell(finding) {
        Some(place) => format!("{place}: {}", finding.message),
        None => finding.message.clone(),
    }
}

/// A path as printed, with forward slashes whatever the platform, for
/// formats read on other machines (SARIF, GitLab, GitHub).
pub(crate) fn forward_slashes(path: &str) -> String {
    path.replace('\\', "/")
}
