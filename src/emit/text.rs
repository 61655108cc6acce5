//! `--format text` (default): what a fiscal officer reads. Per filing, a
//! table of findings with where each one is; then a summary line; in batch
//! mode a summary table across filings, worst first.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table};

use super::EmitOptions;
use crate::report::{FilingReport, Finding, Report, Severity};

const DEFAULT_WIDTH: u16 = 140;

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
    writeln!(
        out,
        "{} checked ({} files, {} records): {}",
        plural(summary.filings, "filing"),
        summary.files,
        summary.records,
        counts(summary.errors, summary.warnings, summary.infos),
    )?;
    if summary.errors + summary.warnings + summary.infos > 0 {
        writeln!(
            out,
            "Run `cfrcheck explain CODE` for what a rule checks, why, and how to fix it."
        )?;
    }
    Ok(())
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
        writeln!(out, "  no findings: every rule passed\n")?;
        return Ok(());
    }
    let mut table = new_table(options);
    table.set_header(["severity", "code", "where", "program", "finding"]);
    for finding in &filing.findings {
        table.add_row([
            severity_cell(finding.severity, options.color),
            Cell::new(format!("{}\n{}", finding.rule.code, finding.rule.name)),
            Cell::new(location(finding)),
            Cell::new(program(finding)),
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
    let mut filings: Vec<&FilingReport> = report.filings.iter().collect();
    filings.sort_by_key(|filing| {
        (
            std::cmp::Reverse(filing.count(Severity::Error)),
            std::cmp::Reverse(filing.count(Severity::Warning)),
            filing.path.clone(),
        )
    });
    let mut table = new_table(options);
    table.set_header(["filing", "agency", "errors", "warnings", "infos"]);
    for filing in filings {
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

/// `CFR-1.csv:12 (program_code)`; the file name alone keeps the table narrow,
/// the filing heading above it gives the folder.
fn location(finding: &Finding) -> String {
    let Some(file) = finding.file.as_deref() else {
        return "(filing)".to_string();
    };
    let name = std::path::Path::new(file).file_name().map_or_else(
        || file.to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let mut location = match finding.line {
        Some(line) => format!("{name}:{line}"),
        None => name,
    };
    if let Some(column) = finding.column {
        location.push_str(&format!("\n{column}"));
    }
    location
}

fn program(finding: &Finding) -> String {
    match (
        finding.program_code.as_deref(),
        finding.program_index.as_deref(),
    ) {
        (Some(code), Some(index)) if !index.is_empty() => format!("{code} {index}"),
        (Some(code), _) => code.to_string(),
        _ => String::new(),
    }
}

fn counts(errors: usize, warnings: usize, infos: usize) -> String {
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

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
