//! Findings and the report that the emitters print. The report knows nothing
//! of schedules' contents: only where each finding points.

use std::collections::BTreeMap;
use std::sync::Arc;

use compact_str::CompactString;
use serde::Serialize;

pub mod cap;

use crate::location::Sheet;
use crate::model::{Record, Schedule, ScheduleKind};
use crate::vocabulary::Rule;

pub use crate::vocabulary::Severity;

/// Longest cell value quoted in a finding: a 1 MB cell must not become a 1 MB message.
const MAX_VALUE_CHARS: usize = 120;

/// One rule violation, located as precisely as the input allows.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static Rule,
    /// The severity in force: the rule's default unless a rulebook entry or
    /// the user's config says otherwise.
    pub severity: Severity,
    pub message: String,
    pub schedule: Option<ScheduleKind>,
    pub file: Option<Arc<str>>,
    pub line: Option<u64>,
    pub column: Option<&'static str>,
    pub program_code: Option<CompactString>,
    pub program_index: Option<CompactString>,
    pub value: Option<String>,
    /// Not printed: part of the stable baseline key.
    pub county: Option<CompactString>,
    /// The worksheet, when the file is a workbook (input-format.md section 6).
    pub sheet: Option<Arc<Sheet>>,
}

impl Finding {
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            message: message.into(),
            schedule: None,
            file: None,
            line: None,
            column: None,
            program_code: None,
            program_index: None,
            value: None,
            county: None,
            sheet: None,
        }
    }

    /// Points the finding at a whole schedule file.
    pub fn in_schedule(mut self, schedule: &Schedule) -> Finding {
        self.schedule = Some(schedule.kind);
        self.file = Some(schedule.file.clone());
        self.sheet = schedule.sheet.clone();
        self
    }

    /// Points the finding into a worksheet (`None` for a CSV file).
    pub fn in_sheet(mut self, sheet: Option<&Arc<Sheet>>) -> Finding {
        self.sheet = sheet.cloned();
        self
    }

    /// The worksheet's name, for findings in a workbook.
    pub fn sheet_name(&self) -> Option<&str> {
        self.sheet.as_ref().map(|sheet| &*sheet.name)
    }

    /// The A1 reference of the cell at fault, for findings in a workbook:
    /// the cell of the finding's column on its row, or the row's
    /// program_code cell for a finding about the whole record.
    pub fn cell(&self) -> Option<String> {
        self.sheet.as_ref()?.cell(self.column, self.line?)
    }

    /// The program as reports show it: `6070 01`, `2100`, or nothing.
    pub fn program(&self) -> String {
        match (self.program_code.as_deref(), self.program_index.as_deref()) {
            (Some(code), Some(index)) if !index.is_empty() => format!("{code} {index}"),
            (Some(code), _) => code.to_string(),
            _ => String::new(),
        }
    }

    /// Points the finding at a file that may not have become a schedule.
    pub fn in_file(mut self, file: &Arc<str>, schedule: Option<ScheduleKind>) -> Finding {
        self.file = Some(file.clone());
        self.schedule = schedule;
        self
    }

    /// Points the finding at one record, with its program and county.
    pub fn at(self, schedule: &Schedule, record: &Record) -> Finding {
        self.in_schedule(schedule)
            .at_line(record.line())
            .about(record)
    }

    pub fn at_line(mut self, line: u64) -> Finding {
        self.line = Some(line);
        self
    }

    /// Copies the record's program and county into the finding.
    pub fn about(mut self, record: &Record) -> Finding {
        self.program_code = Some(record.program_code_text().into());
        self.program_index = Some(record.program_index_text().into());
        self.county = record.county().map(Into::into);
        self
    }

    pub fn column(mut self, column: &'static str) -> Finding {
        self.column = Some(column);
        self
    }

    pub fn value(mut self, value: impl AsRef<str>) -> Finding {
        self.value = Some(shorten(value.as_ref()));
        self
    }

    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// Deterministic order: file, line, code (cli.md), then the message.
    pub fn sort_key(&self) -> (Option<&str>, Option<u64>, &str, &str) {
        (
            self.file.as_deref(),
            self.line,
            self.rule.code,
            &self.message,
        )
    }
}

/// A cell value as a message quotes it, with the characters a reader
/// cannot see escaped (`100\u{a0}`, `0890\u{200b}`): a message must never
/// seem to complain about a value that looks right.
pub fn shown(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut escaped = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        if is_invisible(c) {
            escaped.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            escaped.push(c);
        }
    }
    std::borrow::Cow::Owned(escaped)
}

/// Control characters, white space other than the plain space, and the
/// zero-width and direction marks that text copied from the web carries.
fn is_invisible(c: char) -> bool {
    (c.is_control() || c.is_whitespace()) && c != ' '
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// A cell as a message quotes it: invisible characters escaped
/// ([`shown`]) and shortened so that messages stay readable.
pub fn clip(value: &str) -> String {
    shorten(&shown(value))
}

/// Shortens a long cell value (a 1 MB cell must not become a 1 MB finding).
fn shorten(value: &str) -> String {
    if value.chars().count() <= MAX_VALUE_CHARS {
        value.to_string()
    } else {
        let kept: String = value.chars().take(MAX_VALUE_CHARS).collect();
        format!("{kept}... ({} characters)", value.chars().count())
    }
}

/// One file of a filing as the report lists it (JUnit has a test case per file).
#[derive(Clone, Debug)]
pub struct FileReport {
    pub path: Arc<str>,
    pub schedule: Option<ScheduleKind>,
    pub records: usize,
}

/// The outcome of checking one filing.
#[derive(Clone, Debug, Default)]
pub struct FilingReport {
    pub path: String,
    pub agency_code: Option<String>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub schedules: Vec<ScheduleKind>,
    pub files: Vec<FileReport>,
    pub findings: Vec<Finding>,
    /// One schedule checked alone: the cross-schedule rules did not run.
    pub single_file: bool,
    /// Findings a baseline hid.
    pub hidden_by_baseline: usize,
    /// The rulebook edition the filing was checked against (`omh-2009`).
    pub edition: Option<String>,
}

impl FilingReport {
    /// Files of the filing: a workbook's schedule sheets are one file.
    pub fn file_count(&self) -> usize {
        let mut paths: Vec<&str> = self.files.iter().map(|file| &*file.path).collect();
        paths.dedup();
        paths.len()
    }

    pub fn records(&self) -> usize {
        self.files.iter().map(|file| file.records).sum()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn sort_findings(&mut self) {
        self.findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
}

/// Totals across every filing of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub filings: usize,
    pub files: usize,
    pub records: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    /// `4 filings checked (21 files, 114 records): 9 errors, 9 warnings, 1 info`.
    pub fn sentence(&self) -> String {
        format!(
            "{} checked ({}, {}): {}",
            plural(self.filings, "filing"),
            plural(self.files, "file"),
            plural(self.records, "record"),
            counts(self.errors, self.warnings, self.infos)
        )
    }
}

/// `1 error, 2 warnings, 0 infos`, or `no findings`.
pub fn counts(errors: usize, warnings: usize, infos: usize) -> String {
    if errors + warnings + infos == 0 {
        return "no findings".to_string();
    }
    format!(
        "{}, {}, {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(infos, "info")
    )
}

/// `625000` as `625,000`: counts as people read them.
pub fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Everything a run found, in the order the filings were given.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub filings: Vec<FilingReport>,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            filings: self.filings.len(),
            ..Summary::default()
        };
        for filing in &self.filings {
            summary.files += filing.file_count();
            summary.records += filing.records();
            for finding in &filing.findings {
                match finding.severity {
                    Severity::Error => summary.errors += 1,
                    Severity::Warning => summary.warnings += 1,
                    Severity::Info => summary.infos += 1,
                }
            }
        }
        summary
    }

    pub fn findings(&self) -> impl Iterator<Item = (&FilingReport, &Finding)> {
        self.filings
            .iter()
            .flat_map(|filing| filing.findings.iter().map(move |finding| (filing, finding)))
    }

    /// Filings by most errors, then most warnings, then path: the order of
    /// every summary across filings.
    pub fn worst_first(&self) -> Vec<&FilingReport> {
        let mut filings: Vec<&FilingReport> = self.filings.iter().collect();
        filings.sort_by_key(|filing| {
            (
                std::cmp::Reverse(filing.count(Severity::Error)),
                std::cmp::Reverse(filing.count(Severity::Warning)),
                filing.path.as_str(),
            )
        });
        filings
    }

    /// The rulebook editions the filings were checked against, each once.
    pub fn editions(&self) -> Vec<&str> {
        let mut editions: Vec<&str> = Vec::new();
        for edition in self
            .filings
            .iter()
            .filter_map(|filing| filing.edition.as_deref())
        {
            if !editions.contains(&edition) {
                editions.push(edition);
            }
        }
        editions
    }

    /// Whether any finding is at or above the threshold (exit status 1).
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings()
            .any(|(_, finding)| finding.severity >= threshold)
    }

    /// Findings per rule code, for summaries across filings.
    pub fn counts_by_code(&self) -> BTreeMap<&'static str, (Severity, usize)> {
        let mut counts = BTreeMap::new();
        for (_, finding) in self.findings() {
            let entry = counts
                .entry(finding.rule.code)
                .or_insert((finding.severity, 0));
            entry.0 = entry.0.max(finding.severity);
            entry.1 += 1;
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(625_000), "625,000");
        assert_eq!(thousands(200), "200");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(0), "0");
    }
}
