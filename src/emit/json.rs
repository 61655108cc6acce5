//! `--format json`: the stable machine-readable report of cli.md.

use std::io::{self, Write};

use serde::Serialize;

use crate::report::{FilingReport, Finding, Report, Summary};

#[derive(Serialize)]
struct JsonReport<'r> {
    tool: &'static str,
    version: &'static str,
    filings: Vec<JsonFiling<'r>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonFiling<'r> {
    path: &'r str,
    agency_code: Option<&'r str>,
    period_start: Option<&'r str>,
    period_end: Option<&'r str>,
    schedules: Vec<&'static str>,
    findings: Vec<JsonFinding<'r>>,
}

/// One finding; the CSV emitter writes the same fields.
#[derive(Serialize)]
pub struct JsonFinding<'r> {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub message: &'r str,
    pub schedule: Option<&'static str>,
    pub file: Option<&'r str>,
    pub line: Option<u64>,
    /// The worksheet and A1 cell, in a workbook (input-format.md section 6).
    pub sheet: Option<&'r str>,
    pub cell: Option<String>,
    pub column: Option<&'static str>,
    pub program_code: Option<&'r str>,
    pub program_index: Option<&'r str>,
    pub value: Option<&'r str>,
}

impl<'r> From<&'r Finding> for JsonFinding<'r> {
    fn from(finding: &'r Finding) -> Self {
        JsonFinding {
            code: finding.rule.code,
            name: finding.rule.name,
            severity: finding.severity.as_str(),
            message: &finding.message,
            schedule: finding.schedule.map(|kind| kind.label()),
            file: finding.file.as_deref(),
            line: finding.line,
            sheet: finding.sheet_name(),
            cell: finding.cell(),
            column: finding.column,
            program_code: finding.program_code.as_deref(),
            program_index: finding.program_index.as_deref(),
            value: finding.value.as_deref(),
        }
    }
}

impl<'r> From<&'r FilingReport> for JsonFiling<'r> {
    fn from(filing: &'r FilingReport) -> Self {
        JsonFiling {
            path: &filing.path,
            agency_code: filing.agency_code.as_deref(),
            period_start: filing.period_start.as_deref(),
            period_end: filing.period_end.as_deref(),
            schedules: filing.schedules.iter().map(|kind| kind.label()).collect(),
            findings: filing.findings.iter().map(JsonFinding::from).collect(),
        }
    }
}

pub fn emit(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let json = JsonReport {
        tool: "cfrcheck",
        version: env!("CARGO_PKG_VERSION"),
        filings: report.filings.iter().map(JsonFiling::from).collect(),
        summary: report.summary(),
    };
    // Buffered here as well: the serializer writes token by token, and
    // through a buffer of its own each token is a copy, not a call through
    // `dyn Write`.
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    serde_json::to_writer_pretty(&mut out, &json)?;
    writeln!(out)?;
    out.flush()
}
