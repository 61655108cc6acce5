//! `--format text` (default): what a fiscal officer reads. Per filing, a
//! table of findings with where each one is; then a summary line; in batch
//! mode a summary table across filings, worst first.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table};

use super::EmitOptions;
use crate::report::{counts, FilingReport, Finding, Report, Severity};

const DEFAULT_WIDTH: u16 = 140;

/// Filings listed in the summary across filings: a reviewer checking a whole
/// state wants the worst first, not thousands of rows.
const SUMMARY_FILINGS: usize = 25;

pub fn emit(report: &Report, options: &EmitOptions, out: &mut dyn Write) -> io::Result<()> {
    for filing in &report.filings {
        if options.quiet && filing.findings.is_empty() {
            continue;
        }
        emit_filing(filing, options, out)?;
    }
    if options.quiet {
        return Ok(());
    }
    if report.filings.len() > 1 {
        emit_batch_summary(report, options, out)?;
    }
    let summary = report.summary();
    writeln!(out, "{}", summary.sentence())?;
    if summary.errors + summary.warnings + summary.infos > 0 {
        writeln!(
            out,
            "Run `cfrcheck explain CODE` for what a rule checks, why, and how to fix it."
        )?;
    }
    Ok(())
}

/// What a filing without findings says: "every rule passed" only when
/// every rule did run and nothing was hidden.
fn no_findings(filing: &FilingReport) -> String {
    let hidden = match filing.hidden_by_baseline {
        0 => String::new(),
        1 => "; 1 recorded finding hidden by the baseline".to_string(),
        count => format!("; {count} recorded findings hidden by the baseline"),
    };
    if filing.single_file {
        format!("no findings in this schedule checked alone (the cross-schedule rules need the whole filing folder){hidden}")
    } else if hidden.is_empty() {
        "no findings: every rule passed".to_string()
    } else {
        format!("no findings shown{hidden}")
    }
}

fn emit_filing(
    filing: &FilingReport,
    options: &EmitOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut heading = filing.path.clone();
    if let Some(agency) = &filing.agency_code {
        heading.push_str(&format!(" - agency {agency}"));
    }
    if let (Some(start), Some(end)) = (&filing.period_start, &filing.period_end) {
        heading.push_str(&format!(", period {start} to {end}"));
    }
    writeln!(out, "{heading}")?;
    if filing.findings.is_empty() {
        writeln!(out, "  {}\n", no_findings(filing))?;
        return Ok(());
    }
    let mut table = new_table(options);
    table.set_header(["severity", "code", "where", "program", "finding"]);
    for finding in &filing.findings {
        table.add_row([
            severity_cell(finding.severity, options.color),
            Cell::new(format!("{}\n{}", finding.rule.code, finding.rule.name)),
            Cell::new(location(finding)),
            Cell::new(finding.program()),
            Cell::new(&finding.message),
        ]);
    }
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "  {}\n",
        counts(
            filing.count(Severity::Error),
            filing.count(Severity::Warning),
            filing.count(Severity::Info)
        )
    )
}

/// Filings worst first, then the findings by rule code.
fn emit_batch_summary(
    report: &Report,
    options: &EmitOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let filings = report.worst_first();
    let mut table = new_table(options);
    table.set_header(["filing", "agency", "errors", "warnings", "infos"]);
    for filing in filings.iter().take(SUMMARY_FILINGS) {
        table.add_row([
            filing.path.clone(),
            filing.agency_code.clone().unwrap_or_default(),
            filing.count(Severity::Error).to_string(),
            filing.count(Severity::Warning).to_string(),
            filing.count(Severity::Info).to_string(),
        ]);
    }
    writeln!(out, "Summary across filings")?;
    writeln!(out, "{table}")?;
    if filings.len() > SUMMARY_FILINGS {
        let rest = &filings[SUMMARY_FILINGS..];
        let with_findings = rest
            .iter()
            .filter(|filing| !filing.findings.is_empty())
            .count();
        writeln!(
            out,
            "... and {} more filings ({with_findings} with findings); --format csv or json lists them all",
            rest.len()
        )?;
    }

    let by_code = report.counts_by_code();
    if !by_code.is_empty() {
        let mut table = new_table(options);
        table.set_header(["code", "name", "severity", "findings", "filings"]);
        for (code, (severity, count)) in by_code {
            let filings = report
                .filings
                .iter()
                .filter(|filing| filing.findings.iter().any(|f| f.rule.code == code))
                .count();
            let name = crate::rules::find(code).map_or("", |rule| rule.name);
            table.add_row([
                Cell::new(code),
                Cell::new(name),
                severity_cell(severity, options.color),
                Cell::new(count),
                Cell::new(filings),
            ]);
        }
        writeln!(out, "{table}")?;
    }
    Ok(())
}

/// The width of the terminal standard output is on, if it is one.
/// The terminal's width; `None` (a fixed width) when the terminal reports
/// none or one too narrow for a table (some report 0 columns).
pub fn terminal_width() -> Option<u16> {
    Table::new().width().filter(|width| *width >= MIN_WIDTH)
}

/// Narrowest table that still shows every column legibly.
const MIN_WIDTH: u16 = 60;

fn new_table(options: &EmitOptions) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(options.width.unwrap_or(DEFAULT_WIDTH));
    if !options.color {
        table.force_no_tty();
    }
    table
}

fn severity_cell(severity: Severity, color: bool) -> Cell {
    let cell = Cell::new(severity.as_str());
    if !color {
        return cell;
    }
    cell.fg(match severity {
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Info => Color::Cyan,
    })
}

/// `CFR-1.csv:12 (program_code)`, or `Book.xlsx [CFR-1]!D7` in a workbook;
/// the file name alone keeps the table narrow, the filing heading above it
/// gives the folder.
fn location(finding: &Finding) -> String {
    let Some(file) = finding.file.as_deref() else {
        return "(filing)".to_string();
    };
    let name = std::path::Path::new(file).file_name().map_or_else(
        || file.to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let mut location = match (super::sheet_cell(finding), finding.line) {
        (Some(place), _) => format!("{name} {place}"),
        (None, Some(line)) => format!("{name}:{line}"),
        (None, None) => name,
    };
    if let Some(column) = finding.column {
        location.push_str(&format!("\n{column}"));
    }
    location
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Finding;
    use crate::rules::input::IN010;

    #[test]
    fn a_large_batch_lists_the_worst_filings_only() {
        let filings = (0..40)
            .map(|n| FilingReport {
                path: format!("filings/agency-{n:02}"),
                findings: if n % 4 == 0 {
                    vec![Finding::new(&IN010, "empty")]
                } else {
                    Vec::new()
                },
                ..FilingReport::default()
            })
            .collect();
        let report = Report { filings };
        let mut out = Vec::new();
        emit(&report, &EmitOptions::default(), &mut out).expect("in memory");
        let text = String::from_utf8(out).expect("UTF-8");
        let summary = &text[text.find("Summary across filings").expect("summary")..];
        // The ten filings with a warning come first.
        assert!(
            summary.find("agency-00").expect("listed") < summary.find("agency-01").expect("listed")
        );
        assert!(
            !summary.contains("agency-39"),
            "only the worst {SUMMARY_FILINGS}"
        );
        assert!(
            summary.contains("... and 15 more filings (0 with findings)"),
            "{summary}"
        );
        assert!(summary.contains("40 filings checked"));
    }
}
