//! `--format html`: one self-contained page for the people who read a CFR
//! check, the fiscal director who signs the filing, the county reviewer, the
//! auditor who keeps a copy. Styles and the script are inline; the page
//! makes no request of any kind, so it works from a desk with no network
//! or from an e-mail attachment.
//!
//! It embeds the exact `--format json` report and renders from it. This
//! module writes everything a reader needs with scripts off (the header, the
//! summary, the charts, the first page of every findings table, the rule
//! explanations); report.js adds filters, search, sorting, paging and the
//! explanation beside a finding, from the embedded data.

use std::fmt::{self, Write as _};
use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use super::EmitOptions;
use crate::report::Report;

mod charts;
pub mod escape;
mod tables;
mod view;

use crate::report::thousands;
use escape::Escaped;
use view::ReportView;

const STYLE: &str = include_str!("html/style.css");
const SCRIPT: &str = include_str!("html/report.js");

/// Filing paths listed in the header; a batch lists the first ones.
const HEADER_PATHS: usize = 5;

pub fn emit(report: &Report, options: &EmitOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut json = Vec::new();
    super::json::emit(report, &mut json)?;
    let json = String::from_utf8(json).map_err(io::Error::other)?;
    let view: ReportView = serde_json::from_str(&json).map_err(io::Error::other)?;
    let mut page = String::with_capacity(json.len() * 2);
    let editions = report.editions();
    write_page(&mut page, &view, &json, &editions, options).map_err(io::Error::other)?;
    out.write_all(page.as_bytes())
}

fn write_page(
    page: &mut String,
    view: &ReportView,
    json: &str,
    editions: &[&str],
    options: &EmitOptions,
) -> fmt::Result {
    let title = match view.filings.as_slice() {
        [filing] => format!("CFR check: {}", filing.path),
        _ => format!("CFR check: {} filings", thousands(view.filings.len())),
    };
    writeln!(
        page,
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">
<meta name="generator" content="{tool} {version}">
<title>{title}</title>
<style>
{STYLE}</style>
</head>
<body>
<a class="skip-link" href="#findings">Skip to the findings</a>
{defs}"##,
        tool = Escaped(&view.tool),
        version = Escaped(&view.version),
        title = Escaped(&title),
        defs = charts::DEFS,
    )?;
    header(page, view, editions, options)?;
    writeln!(
        page,
        r#"<main id="report" data-page-rows="{}">"#,
        tables::PAGE_ROWS
    )?;
    let rules = rules_in(view);
    summary(page, view)?;
    charts::charts(page, view)?;
    controls(page, view, &rules)?;
    tables::filings(page, view)?;
    tables::rules(page, &rules)?;
    writeln!(
        page,
        r#"</main>
<aside id="explanation" class="explanation-panel" hidden aria-labelledby="explanation-title" tabindex="-1">
<div class="panel-head"><h2 id="explanation-title">Rule</h2><button type="button" class="panel-close" aria-label="Close the explanation">Close</button></div>
<p class="panel-finding"></p><pre class="explanation panel-text"></pre></aside>
<footer class="colophon"><p>Made by {tool} {version}. The full report is embedded in this page as JSON (<code>script#cfrcheck-report</code>); <code>cfrcheck explain CODE</code> prints any rule's explanation.</p></footer>
<script type="application/json" id="cfrcheck-report">{data}</script>
<script>
{SCRIPT}</script>
</body>
</html>"#,
        tool = Escaped(&view.tool),
        version = Escaped(&view.version),
        data = escape::script_json(json),
    )
}

fn header(
    page: &mut String,
    view: &ReportView,
    editions: &[&str],
    options: &EmitOptions,
) -> fmt::Result {
    writeln!(
        page,
        r#"<header class="masthead"><p class="kicker">New York State Consolidated Fiscal Report · OMH</p><h1>CFR validation report</h1><dl class="meta">"#
    )?;
    writeln!(
        page,
        "<div><dt>Checked by</dt><dd>{} {}</dd></div>",
        Escaped(&view.tool),
        Escaped(&view.version)
    )?;
    if !editions.is_empty() {
        writeln!(
            page,
            "<div><dt>Rulebook</dt><dd>{}</dd></div>",
            Escaped(&editions.join("; "))
        )?;
    }
    if let Some(run_at) = options.run_at {
        let (machine, human) = utc(run_at);
        writeln!(
            page,
            r#"<div><dt>Checked on</dt><dd><time datetime="{machine}">{human}</time></dd></div>"#
        )?;
    }
    let paths = &view.filings;
    write!(
        page,
        "<div class=\"paths\"><dt>{}</dt><dd>",
        if paths.len() == 1 {
            "Filing"
        } else {
            "Filings"
        }
    )?;
    for (index, filing) in paths.iter().take(HEADER_PATHS).enumerate() {
        write!(
            page,
            r##"<a href="#{}"><code>{}</code></a> "##,
            tables::filing_id(index),
            Escaped(&filing.path)
        )?;
    }
    if paths.len() > HEADER_PATHS {
        write!(page, "and {} more", thousands(paths.len() - HEADER_PATHS))?;
    }
    writeln!(page, "</dd></div></dl></header>")
}

fn summary(page: &mut String, view: &ReportView) -> fmt::Result {
    let filings = view.filings.len();
    let clean = view
        .filings
        .iter()
        .filter(|f| f.findings.is_empty())
        .count();
    let with_errors = view.filings.iter().filter(|f| f.counts()[0] > 0).count();
    let summary = &view.summary;
    let verdict = if with_errors > 0 {
        let verb = if with_errors == 1 { "has" } else { "have" };
        (
            "error",
            format!(
                "{} of {} {verb} errors to correct before filing.",
                thousands(with_errors),
                plural(filings, "filing")
            ),
        )
    } else if clean < filings {
        (
            "warning",
            format!(
                "No errors. {} of {} {} warnings or notes to review.",
                thousands(filings - clean),
                plural(filings, "filing"),
                if filings - clean == 1 { "has" } else { "have" }
            ),
        )
    } else {
        (
            "clean",
            format!("Every rule passed for {}.", plural(filings, "filing")),
        )
    };
    writeln!(
        page,
        r#"<section id="summary" aria-labelledby="summary-title"><h2 id="summary-title">Summary</h2><p class="verdict verdict-{}"><span class="sev sev-{}">{}</span> {}</p>"#,
        verdict.0,
        verdict.0,
        match verdict.0 {
            "error" => "Errors",
            "warning" => "Review",
            _ => "Passed",
        },
        Escaped(&verdict.1)
    )?;
    page.push_str(r#"<dl class="tiles">"#);
    for (label, count, class) in [
        ("Filings checked", filings, "neutral"),
        ("Clean", clean, "clean"),
        ("With errors", with_errors, "error"),
        ("Errors", summary.errors, "error"),
        ("Warnings", summary.warnings, "warning"),
        ("Infos", summary.infos, "info"),
    ] {
        let class = if count == 0 && class != "neutral" && class != "clean" {
            "zero"
        } else {
            class
        };
        write!(
            page,
            r#"<div class="tile tile-{class}"><dt>{label}</dt><dd>{}</dd></div>"#,
            thousands(count)
        )?;
    }
    writeln!(
        page,
        "</dl><p class=\"scope\">{} and {} read.</p></section>",
        plural(summary.files, "file"),
        plural(summary.records, "record")
    )
}

/// The filters report.js runs; hidden until it does, since they need it.
fn controls(
    page: &mut String,
    view: &ReportView,
    rules: &[(&'static crate::rules::Rule, usize)],
) -> fmt::Result {
    let findings: Vec<&view::FindingView> = view.filings.iter().flat_map(|f| &f.findings).collect();
    if findings.is_empty() {
        return Ok(());
    }
    writeln!(
        page,
        r#"<form id="controls" class="controls" role="search" aria-label="Filter the findings" hidden>"#
    )?;
    page.push_str(r#"<fieldset class="severities"><legend>Severity</legend><div class="choices">"#);
    for (severity, count) in view::SEVERITIES.into_iter().zip([
        view.summary.errors,
        view.summary.warnings,
        view.summary.infos,
    ]) {
        write!(
            page,
            r#"<label><input type="checkbox" name="severity" value="{severity}" checked> <span class="sev sev-{severity}">{severity}s</span> <span class="count">{}</span></label>"#,
            thousands(count)
        )?;
    }
    page.push_str("</div></fieldset>");
    page.push_str(
        r#"<label class="field">Rule <select id="filter-rule"><option value="">all rules</option>"#,
    );
    let mut family = None;
    for (rule, count) in rules {
        if family != Some(rule.family()) {
            if family.is_some() {
                page.push_str("</optgroup>");
            }
            family = Some(rule.family());
            let in_family: usize = rules
                .iter()
                .filter(|(other, _)| other.family() == rule.family())
                .map(|(_, count)| count)
                .sum();
            let prefix = rule.family().prefix();
            write!(
                page,
                r#"<optgroup label="{prefix} · {title}"><option value="{prefix}">{prefix}: every rule of the family ({})</option>"#,
                thousands(in_family),
                title = Escaped(rule.family().title()),
            )?;
        }
        write!(
            page,
            r#"<option value="{code}">{code} {} ({})</option>"#,
            Escaped(rule.name),
            thousands(*count),
            code = rule.code,
        )?;
    }
    page.push_str("</optgroup></select></label>");
    page.push_str(r#"<label class="field">Schedule <select id="filter-schedule"><option value="*">all schedules</option>"#);
    let mut schedules: Vec<&str> = findings
        .iter()
        .map(|finding| finding.schedule.as_deref().unwrap_or_default())
        .collect();
    schedules.sort_by_key(|label| {
        crate::model::ScheduleKind::from_label(label).map(|kind| kind.position())
    });
    schedules.dedup();
    for schedule in schedules {
        let label = if schedule.is_empty() {
            "whole filing"
        } else {
            schedule
        };
        write!(
            page,
            r#"<option value="{}">{}</option>"#,
            Escaped(schedule),
            Escaped(label)
        )?;
    }
    page.push_str("</select></label>");
    writeln!(
        page,
        r#"<label class="field search">Search <input type="search" id="filter-search" placeholder="code, program, text…" autocomplete="off"></label><button type="reset" class="button">Clear filters</button><p id="filter-status" class="status" role="status" aria-live="polite"></p></form>
<p id="print-note" class="print-only" hidden></p>"#
    )
}

/// The rules that occur, in catalogue order, with their number of findings.
fn rules_in(view: &ReportView) -> Vec<(&'static crate::rules::Rule, usize)> {
    let mut rules: Vec<(&'static crate::rules::Rule, usize)> = crate::rules::registry()
        .iter()
        .map(|rule| (*rule, 0))
        .collect();
    for finding in view.filings.iter().flat_map(|filing| &filing.findings) {
        if let Some(entry) = rules.iter_mut().find(|(rule, _)| rule.code == finding.code) {
            entry.1 += 1;
        }
    }
    rules.retain(|(_, count)| *count > 0);
    rules
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", thousands(count))
    }
}

/// `2009-12-31T23:59:59Z` and `2009-12-31 23:59 UTC`, from the civil
/// calendar (Howard Hinnant's `civil_from_days`): the one date this crate
/// formats needs no date library.
fn utc(time: SystemTime) -> (String, String) {
    let seconds = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let days = (seconds / 86_400) as i64;
    let (hour, minute, second) = (seconds % 86_400 / 3_600, seconds % 3_600 / 60, seconds % 60);
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z"),
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC"),
    )
}

#[cfg(test)]
mod tests;
