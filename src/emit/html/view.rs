//! The report as the page sees it: the `--format json` document read back.
//! The server-rendered tables and the script both work from these same
//! bytes, so what a reader sees with scripts off is what the script shows.
//! Keys the JSON may lack (`sheet` and `cell` outside workbooks, in older
//! reports) read as `None`.

use serde::Deserialize;

use crate::model::ScheduleKind;

#[derive(Deserialize)]
pub struct ReportView {
    pub tool: String,
    pub version: String,
    pub filings: Vec<FilingView>,
    pub summary: SummaryView,
}

#[derive(Deserialize)]
pub struct SummaryView {
    pub files: usize,
    pub records: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

#[derive(Deserialize)]
pub struct FilingView {
    pub path: String,
    pub agency_code: Option<String>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub schedules: Vec<String>,
    pub findings: Vec<FindingView>,
}

#[derive(Deserialize)]
pub struct FindingView {
    pub code: String,
    pub name: String,
    pub severity: String,
    pub message: String,
    pub schedule: Option<String>,
    pub file: Option<String>,
    pub line: Option<u64>,
    pub column: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub program_code: Option<String>,
    pub program_index: Option<String>,
    pub value: Option<String>,
}

/// The severities, worst first, as the JSON spells them.
pub const SEVERITIES: [&str; 3] = ["error", "warning", "info"];

/// Counts per severity, in [`SEVERITIES`] order.
pub type Counts = [usize; 3];

pub fn severity_slot(severity: &str) -> usize {
    SEVERITIES
        .iter()
        .position(|known| *known == severity)
        .unwrap_or(2)
}

impl FilingView {
    pub fn counts(&self) -> Counts {
        let mut counts = [0; 3];
        for finding in &self.findings {
            counts[severity_slot(&finding.severity)] += 1;
        }
        counts
    }

    /// The worst severity of the filing's findings; `None` when it is clean.
    pub fn worst(&self) -> Option<&'static str> {
        let counts = self.counts();
        SEVERITIES
            .into_iter()
            .zip(counts)
            .find(|(_, count)| *count > 0)
            .map(|(severity, _)| severity)
    }

    /// `2009-01-01 to 2009-12-31`, or what is known of it.
    pub fn period(&self) -> Option<String> {
        match (&self.period_start, &self.period_end) {
            (Some(start), Some(end)) => Some(format!("{start} to {end}")),
            (Some(start), None) => Some(format!("from {start}")),
            (None, Some(end)) => Some(format!("to {end}")),
            (None, None) => None,
        }
    }

    /// The schedules cfrcheck reads that the filing does not have, each
    /// with whether a filing must carry it.
    pub fn missing_schedules(&self) -> Vec<(&'static str, bool)> {
        ScheduleKind::ALL
            .into_iter()
            .filter(|kind| !self.schedules.iter().any(|label| label == kind.label()))
            .map(|kind| (kind.label(), kind.is_required()))
            .collect()
    }
}

impl FindingView {
    /// Where the finding is, as a reader looks for it: `[sheet]!cell` in a
    /// workbook, else the file's name (the filing heading gives its folder),
    /// else `(filing)` for findings about the whole filing.
    pub fn place(&self) -> String {
        match (&self.sheet, &self.cell, &self.file) {
            (Some(sheet), Some(cell), _) => format!("[{sheet}]!{cell}"),
            (Some(sheet), None, _) => format!("[{sheet}]"),
            (None, _, Some(file)) => file_name(file).to_string(),
            (None, _, None) => "(filing)".to_string(),
        }
    }

    /// `6070 02`, `0890`, or nothing.
    pub fn program(&self) -> String {
        match (self.program_code.as_deref(), self.program_index.as_deref()) {
            (Some(code), Some(index)) if !index.is_empty() => format!("{code} {index}"),
            (Some(code), _) => code.to_string(),
            _ => String::new(),
        }
    }
}

/// The last component of a path as printed, with either separator.
pub fn file_name(path: &str) -> &str {
    let path = path.trim_end_matches(['/', '\\']);
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}
