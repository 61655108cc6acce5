//! The server-rendered body: a section per filing with findings (its facts
//! and the first page of its findings table), the clean filings in one
//! collapsible list, and the explanation of every rule that occurs. All of
//! it reads without scripts; report.js re-renders the table bodies from the
//! embedded data to filter, sort and page them.

use std::fmt::{self, Write};

use super::escape::Escaped;
use super::view::{FilingView, FindingView, ReportView, SEVERITIES};
use crate::report::thousands;
use crate::rules::Rule;

/// Rows per page of a findings table, here and in report.js (which reads it
/// from the page's `data-page-rows`).
pub const PAGE_ROWS: usize = 100;

/// Rows rendered into the page across all tables. Past it, tables are left
/// to the script: without one, a reader of a 100,000-finding report still
/// gets a page that opens quickly, and the note says where the rest is.
pub const SERVER_ROWS: usize = 2_000;

/// The findings table's columns: the key report.js sorts by, and the header.
pub const COLUMNS: [(&str, &str); 8] = [
    ("severity", "Severity"),
    ("code", "Rule"),
    ("place", "Where"),
    ("line", "Line"),
    ("column", "Column"),
    ("program", "Program"),
    ("message", "Finding"),
    ("value", "Value"),
];

/// The filing's anchor, linked from the charts and the header.
pub fn filing_id(index: usize) -> String {
    format!("filing-{}", index + 1)
}

pub fn filings(page: &mut String, view: &ReportView) -> fmt::Result {
    writeln!(
        page,
        r#"<section id="findings" aria-labelledby="findings-title"><h2 id="findings-title">Findings by filing</h2>"#
    )?;
    let mut budget = SERVER_ROWS;
    let mut with_findings = 0;
    for (index, filing) in view.filings.iter().enumerate() {
        if !filing.findings.is_empty() {
            with_findings += 1;
            budget -= filing_section(page, index, filing, budget)?;
        }
    }
    if with_findings == 0 {
        writeln!(
            page,
            r#"<p class="all-clean">No findings: every rule passed for every filing.</p>"#
        )?;
    }
    clean_filings(page, view)?;
    writeln!(page, "</section>")
}

/// Writes the filing's section and returns how many rows it rendered.
fn filing_section(
    page: &mut String,
    index: usize,
    filing: &FilingView,
    budget: usize,
) -> Result<usize, fmt::Error> {
    let id = filing_id(index);
    let worst = filing.worst().unwrap_or("info");
    writeln!(
        page,
        r#"<section class="filing worst-{worst}" id="{id}" data-filing="{index}" aria-labelledby="{id}-title">"#
    )?;
    writeln!(
        page,
        r#"<h3 id="{id}-title"><span class="filing-path">{}</span></h3>"#,
        Escaped(&filing.path)
    )?;
    facts(page, filing)?;
    write!(
        page,
        r#"<div class="table-wrap"><table class="findings"><caption class="visually-hidden">Findings of {}</caption><thead><tr>"#,
        Escaped(&filing.path)
    )?;
    for (key, label) in COLUMNS {
        write!(page, r#"<th scope="col" data-key="{key}">{label}</th>"#)?;
    }
    writeln!(page, "</tr></thead><tbody>")?;
    let shown = filing.findings.len().min(PAGE_ROWS).min(budget);
    for finding in &filing.findings[..shown] {
        finding_row(page, finding)?;
    }
    writeln!(page, "</tbody></table></div>")?;
    if shown < filing.findings.len() {
        writeln!(
            page,
            r#"<p class="static-note">{} of {} findings are listed here. With scripts on, this page pages through all of them; <code>--format csv</code> lists them for a spreadsheet.</p>"#,
            thousands(shown),
            thousands(filing.findings.len())
        )?;
    }
    writeln!(page, r#"<div class="pager" hidden></div></section>"#)?;
    Ok(shown)
}

/// Agency, period, schedules present and missing, and the counts.
fn facts(page: &mut String, filing: &FilingView) -> fmt::Result {
    let unknown = r#"<span class="unknown">not stated</span>"#;
    write!(page, r#"<dl class="facts"><div><dt>Agency code</dt><dd>"#)?;
    match &filing.agency_code {
        Some(agency) => write!(page, "{}", Escaped(agency))?,
        None => page.push_str(unknown),
    }
    write!(page, "</dd></div><div><dt>Period</dt><dd>")?;
    match filing.period() {
        Some(period) => write!(page, "{}", Escaped(&period))?,
        None => page.push_str(unknown),
    }
    write!(page, "</dd></div><div><dt>Schedules</dt><dd>")?;
    if filing.schedules.is_empty() {
        page.push_str("none read");
    }
    for (at, schedule) in filing.schedules.iter().enumerate() {
        let separator = if at == 0 { "" } else { ", " };
        write!(page, "{separator}{}", Escaped(schedule))?;
    }
    write!(page, "</dd></div><div><dt>Missing</dt><dd>")?;
    let missing = filing.missing_schedules();
    if missing.is_empty() {
        page.push_str("none");
    }
    for (at, (label, required)) in missing.into_iter().enumerate() {
        let separator = if at == 0 { "" } else { ", " };
        if required {
            write!(
                page,
                r#"{separator}<strong class="missing">{label}</strong>"#
            )?;
        } else {
            write!(page, "{separator}{label} (optional)")?;
        }
    }
    write!(page, "</dd></div><div><dt>Findings</dt><dd>")?;
    severity_counts(page, filing.counts())?;
    writeln!(page, "</dd></div></dl>")
}

/// `2 errors · 1 warning`, each with its severity badge; `none` when clean.
fn severity_counts(page: &mut String, counts: [usize; 3]) -> fmt::Result {
    let mut first = true;
    for (severity, count) in SEVERITIES.into_iter().zip(counts) {
        if count == 0 {
            continue;
        }
        let separator = if first { "" } else { " " };
        first = false;
        let noun = if count == 1 {
            severity.to_string()
        } else {
            format!("{severity}s")
        };
        write!(
            page,
            r#"{separator}<span class="sev sev-{severity}">{} {noun}</span>"#,
            thousands(count)
        )?;
    }
    if first {
        page.push_str(r#"<span class="sev sev-clean">none</span>"#);
    }
    Ok(())
}

/// One finding; report.js `row()` builds the same row from the JSON.
fn finding_row(page: &mut String, finding: &FindingView) -> fmt::Result {
    let severity = Escaped(&finding.severity);
    let code = Escaped(&finding.code);
    write!(
        page,
        r##"<tr data-code="{code}" data-severity="{severity}" data-schedule="{}"><td><span class="sev sev-{severity}">{severity}</span></td><td><a class="rule-link" href="#rule-{code}">{code}</a> <span class="rule-name">{}</span></td>"##,
        Escaped(finding.schedule.as_deref().unwrap_or_default()),
        Escaped(&finding.name),
    )?;
    write!(page, r#"<td class="where""#)?;
    if let Some(file) = &finding.file {
        write!(page, r#" title="{}""#, Escaped(file))?;
    }
    write!(page, ">{}</td>", Escaped(&finding.place()))?;
    match finding.line {
        Some(line) => write!(page, r#"<td class="num">{line}</td>"#)?,
        None => page.push_str("<td></td>"),
    }
    writeln!(
        page,
        r#"<td>{}</td><td>{}</td><td>{}</td><td class="value">{}</td></tr>"#,
        Escaped(finding.column.as_deref().unwrap_or_default()),
        Escaped(&finding.program()),
        Escaped(&finding.message),
        Escaped(finding.value.as_deref().unwrap_or_default()),
    )
}

/// Clean filings, one row each, in a list that opens and closes (closed
/// when it is long, so that a large batch shows its problems first).
fn clean_filings(page: &mut String, view: &ReportView) -> fmt::Result {
    let clean: Vec<(usize, &FilingView)> = view
        .filings
        .iter()
        .enumerate()
        .filter(|(_, filing)| filing.findings.is_empty())
        .collect();
    if clean.is_empty() {
        return Ok(());
    }
    let open = if clean.len() <= 10 { " open" } else { "" };
    writeln!(
        page,
        r#"<details class="clean-filings" id="clean-filings"{open}><summary><h3>Clean filings ({}): every rule passed</h3></summary>"#,
        thousands(clean.len())
    )?;
    writeln!(
        page,
        r#"<div class="table-wrap"><table class="clean"><thead><tr><th scope="col">Filing</th><th scope="col">Agency code</th><th scope="col">Period</th><th scope="col">Schedules</th></tr></thead><tbody>"#
    )?;
    for (index, filing) in clean {
        writeln!(
            page,
            r#"<tr id="{}"><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            filing_id(index),
            Escaped(&filing.path),
            Escaped(filing.agency_code.as_deref().unwrap_or_default()),
            Escaped(&filing.period().unwrap_or_default()),
            Escaped(&filing.schedules.join(", ")),
        )?;
    }
    writeln!(page, "</tbody></table></div></details>")
}

/// Every rule that occurs, with the text of `cfrcheck explain CODE`; the
/// rule codes in the tables link here, and the script shows the same text
/// beside the finding.
pub fn rules(page: &mut String, rules: &[(&'static Rule, usize)]) -> fmt::Result {
    if rules.is_empty() {
        return Ok(());
    }
    writeln!(
        page,
        r#"<section id="rules" aria-labelledby="rules-title"><h2 id="rules-title">Rules in this report</h2><p class="lead">What each rule checks, why, and how to fix it: the text of <code>cfrcheck explain CODE</code>.</p>"#
    )?;
    for (rule, count) in rules {
        let noun = if *count == 1 { "finding" } else { "findings" };
        writeln!(
            page,
            r#"<article class="rule" id="rule-{code}" data-code="{code}"><h3><span class="code">{code}</span> {name}</h3><p class="rule-meta">{family} · default severity {severity} · {count} {noun} in this report</p><pre class="explanation">{text}</pre></article>"#,
            code = rule.code,
            name = Escaped(rule.name),
            family = Escaped(&format!(
                "{} {}",
                rule.family().prefix(),
                rule.family().title()
            )),
            severity = rule.severity,
            count = thousands(*count),
            text = Escaped(&rule.explain()),
        )?;
    }
    writeln!(page, "</section>")
}
