//! The HTML report at scale: a report of 100,000 findings, built in memory
//! (no checking involved), written as `--format html`. Prints its size, the
//! emit time, and, when Chromium is installed, how long the page takes to
//! open and to answer a filter, a search and a page turn.

use std::ffi::OsStr;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use cfrcheck::emit::{self, EmitOptions, Format};
use cfrcheck::report::{FilingReport, Finding, Report};

/// Findings per filing: every filing's table has two pages.
const PER_FILING: usize = 200;

/// A report of `findings` findings, with realistic messages, locations and
/// values, over every rule of the catalogue.
pub fn report(findings: usize) -> Report {
    let rules = cfrcheck::rules::registry();
    let mut filings = Vec::new();
    for first in (0..findings).step_by(PER_FILING) {
        let agency = 10_000 + first / PER_FILING;
        let path = format!("filings/agency-{agency}-2009");
        let findings = (first..findings.min(first + PER_FILING))
            .map(|n| {
                let rule = rules[n % rules.len()];
                let schedule = ["CFR-1", "DMH-1", "DMH-2", "DMH-3"][n % 4];
                let mut finding = Finding::new(
                    rule,
                    format!(
                        "{schedule}: program 6070 0{} Treatment Congregate line {} net_operating_cost {} != DMH-2 county 41 73000 (diff 7000)",
                        n % 9 + 1,
                        n % 500 + 2,
                        80_000 + n
                    ),
                );
                finding.file = Some(format!("{path}/{schedule}.csv").into());
                finding.line = Some((n % 500 + 2) as u64);
                finding.column = Some("net_operating_cost");
                finding.program_code = Some("6070".into());
                finding.program_index = Some(format!("0{}", n % 9 + 1).into());
                finding.value = Some((80_000 + n).to_string());
                finding
            })
            .collect();
        filings.push(FilingReport {
            path,
            agency_code: Some(agency.to_string()),
            period_start: Some("2009-01-01".into()),
            period_end: Some("2009-12-31".into()),
            findings,
            ..FilingReport::default()
        });
    }
    Report { filings }
}

pub fn run(findings: usize, dir: &Path, browser: bool) -> std::io::Result<()> {
    let report = report(findings);
    let mut json = Vec::new();
    emit::emit(Format::Json, &report, &EmitOptions::default(), &mut json)?;
    let start = Instant::now();
    let mut html = Vec::new();
    emit::emit(Format::Html, &report, &EmitOptions::default(), &mut html)?;
    let secs = start.elapsed().as_secs_f64();
    let path = dir.join("report.html");
    fs::write(&path, &html)?;
    println!();
    println!(
        "html: {findings} findings in {} filings: {:.1} MB ({:.0} bytes per finding; the embedded JSON alone {:.1} MB), emitted in {secs:.3} s",
        report.filings.len(),
        html.len() as f64 / 1e6,
        html.len() as f64 / findings as f64,
        json.len() as f64 / 1e6,
    );
    if !browser {
        println!("html in Chromium: not timed in the smoke run");
        return Ok(());
    }
    match headless_chrome::browser::default_executable() {
        Ok(chromium) => time_in_browser(&chromium, &path),
        Err(why) => {
            println!("html in Chromium: not timed, no browser ({why})");
            Ok(())
        }
    }
}

/// Opens the page and times what a reader waits for. Milliseconds come from
/// the page's own clock (`performance`), so the protocol's overhead is not in them.
fn time_in_browser(chromium: &Path, page: &Path) -> std::io::Result<()> {
    let profile = tempfile::tempdir()?;
    let switches = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let browser = headless_chrome::Browser::new(headless_chrome::LaunchOptions {
        headless: true,
        sandbox: false,
        path: Some(chromium.to_path_buf()),
        user_data_dir: Some(profile.path().to_path_buf()),
        window_size: Some((1280, 1000)),
        args: switches.iter().map(OsStr::new).collect(),
        idle_browser_timeout: Duration::from_secs(300),
        ..headless_chrome::LaunchOptions::default()
    })
    .map_err(std::io::Error::other)?;
    let tab = browser.new_tab().map_err(std::io::Error::other)?;
    tab.set_default_timeout(Duration::from_secs(120));
    let url = format!("file://{}", fs::canonicalize(page)?.display());
    tab.navigate_to(&url)
        .and_then(|tab| tab.wait_until_navigated())
        .map_err(std::io::Error::other)?;
    let number = |expression: &str| -> std::io::Result<f64> {
        tab.evaluate(expression, false)
            .map_err(std::io::Error::other)?
            .value
            .and_then(|value| value.as_f64())
            .ok_or_else(|| std::io::Error::other(format!("no number from {expression}")))
    };
    let opened = number("performance.getEntriesByName('cfrcheck-rendered')[0].startTime")?;
    let rows = number("document.querySelectorAll('tr[data-code]').length")?;
    // Each control's handler runs synchronously, so the time around the
    // event is the time to filter, sort and draw.
    let errors_only = number(
        "(() => { const box = document.querySelector('input[name=severity][value=warning]'); const t = performance.now(); box.click(); return performance.now() - t; })()",
    )?;
    let search = number(
        "(() => { const box = document.getElementById('filter-search'); box.value = 'agency-10042'; const t = performance.now(); box.dispatchEvent(new Event('change', { bubbles: true })); return performance.now() - t; })()",
    )?;
    let next_page = number(
        "(() => { document.querySelector('button[type=reset]').click(); return 0; })()",
    )
    .and_then(|_| {
        std::thread::sleep(Duration::from_millis(500));
        number("(() => { const next = document.querySelector('.pager button:nth-of-type(3)'); const t = performance.now(); next.click(); return performance.now() - t; })()")
    })?;
    println!(
        "html in Chromium: opened and drawn in {:.2} s ({rows} rows on screen), errors only {errors_only:.0} ms, a search {search:.0} ms, next page {next_page:.0} ms",
        opened / 1000.0
    );
    Ok(())
}
