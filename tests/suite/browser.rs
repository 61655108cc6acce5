//! The `--format html` report in a real browser: Debian's Chromium, headless,
//! driven over the DevTools protocol. It opens the report of the sample
//! filings from `file://` and uses it as a reader would, with the keyboard:
//! no console error and no request of any kind; a row per finding; filters,
//! search and an explanation that work; print media without the controls.
//! Screenshots and a PDF print go to target/browser/; with `CFRCHECK_BLESS=1`
//! the first one also renews docs/report.png, the README's picture (look at
//! it before committing it).
//!
//! Without Chromium the test says loudly that it skipped; with
//! `CFRCHECK_REQUIRE_BROWSER=1` (as .ci/run sets) a missing browser fails.
//! Install it with `apt-get install chromium`, or point `CHROME` at one.

mod chromium;

use std::ffi::OsStr;
use std::fs;
use std::process::Command;

use chromium::{chromium, out_dir, root, ReportTab, Shot};
use serde_json::Value;

const SAMPLES: &str = "fixtures/filings";

/// `cfrcheck ARGS`, from the crate root, with a fixed clock; its stdout.
fn cfrcheck(args: &[&OsStr]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_cfrcheck"))
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1262304000")
        .args(args)
        .output()
        .expect("cfrcheck runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "cfrcheck {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn the_report_works_in_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let report_path = out_dir().join("sample-report.html");
    cfrcheck(&[
        "check".as_ref(),
        SAMPLES.as_ref(),
        "--format".as_ref(),
        "html".as_ref(),
        "-o".as_ref(),
        report_path.as_os_str(),
    ]);
    let json: Value = serde_json::from_str(&cfrcheck(&[
        "check".as_ref(),
        SAMPLES.as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]))
    .expect("JSON");
    let expected: Vec<(String, String)> = json["filings"]
        .as_array()
        .expect("filings")
        .iter()
        .flat_map(|filing| filing["findings"].as_array().expect("findings").clone())
        .map(|finding| {
            (
                finding["code"].as_str().expect("code").to_string(),
                finding["severity"].as_str().expect("severity").to_string(),
            )
        })
        .collect();
    let errors = expected.iter().filter(|(_, s)| s == "error").count();
    assert!(
        errors > 0 && errors < expected.len(),
        "the samples have errors and more"
    );

    let page = ReportTab::open(chromium, &report_path);

    // Every finding of the JSON, in its order, and nothing else.
    assert_eq!(page.rows(), expected);
    let with_findings = json["filings"]
        .as_array()
        .expect("filings")
        .iter()
        .filter(|filing| filing["findings"].as_array().is_some_and(|f| !f.is_empty()))
        .count();
    assert_eq!(
        page.eval("return document.getElementById('filter-status').textContent;"),
        format!(
            "Showing all {} findings in {with_findings} filings.",
            expected.len()
        )
    );
    let readme = page.screenshot("report.png", Shot::Top(1500.0));
    // The README's picture, renewed on request like the expected outputs.
    if std::env::var_os("CFRCHECK_BLESS").is_some_and(|value| value == "1") {
        fs::copy(&readme, root().join("docs/report.png")).expect("write docs/report.png");
    }
    page.screenshot("report-full.png", Shot::Page);

    // Errors only: untick warnings and infos with the keyboard.
    page.press_on("input[name=severity][value=warning]", " ");
    page.press_on("input[name=severity][value=info]", " ");
    page.wait_for("return document.querySelectorAll('tr[data-severity=warning]').length === 0;");
    let shown = page.rows();
    assert_eq!(shown.len(), errors);
    assert!(
        shown.iter().all(|(_, severity)| severity == "error"),
        "{shown:?}"
    );
    assert_eq!(
        page.eval(
            "return document.querySelectorAll('tr[data-code]:not([data-severity=error])').length;"
        ),
        0
    );
    page.press_on("button[type=reset]", "Enter");
    page.wait_for(&format!(
        "return document.querySelectorAll('tr[data-code]').length === {};",
        expected.len()
    ));

    // Search: "/" jumps to the box; a program code narrows the rows to it.
    page.eval("document.activeElement.blur();");
    page.press("/");
    assert_eq!(
        page.eval("return document.activeElement.id;"),
        "filter-search"
    );
    page.tab.type_str("6007").expect("type");
    // Typing is debounced: wait for the status to name the whole term.
    page.wait_for(
        "return document.getElementById('filter-status').textContent.includes('“6007”');",
    );
    assert!(page.rows().len() < expected.len());
    let narrowed = page.eval("return [...document.querySelectorAll('tr[data-code]')].map((tr) => tr.textContent.includes('6007'));",
    );
    let narrowed = narrowed.as_array().expect("rows");
    assert!(!narrowed.is_empty() && narrowed.iter().all(|hit| hit == &Value::Bool(true)));

    // The rule's explanation opens beside the finding: `cfrcheck explain` text.
    page.press_on("tr[data-code] a.rule-link", "Enter");
    page.wait_for("return document.getElementById('explanation').hidden === false;");
    let code = page.eval("return document.querySelector('tr.selected').dataset.code;");
    let code = code.as_str().expect("a selected row");
    let panel = page.eval("return document.querySelector('#explanation .panel-text').textContent;");
    assert_eq!(panel, cfrcheck(&["explain".as_ref(), code.as_ref()]));
    assert_eq!(
        page.eval("return document.activeElement.id;"),
        "explanation"
    );
    page.screenshot("report-explanation.png", Shot::Screen);
    page.press("Escape");
    page.wait_for("return document.getElementById('explanation').hidden === true;");
    assert_eq!(
        page.eval("return document.activeElement.classList.contains('rule-link');"),
        true,
        "the focus goes back to the link"
    );

    // Sorting by line, then back; every column header is a button.
    assert_eq!(
        page.eval(
            "return document.querySelectorAll('table.findings th[data-key] button.sort').length;"
        ),
        page.eval("return document.querySelectorAll('table.findings th[data-key]').length;")
    );
    page.press_on("button[type=reset]", "Enter");
    page.press_on("th[data-key=line] button", "Enter");
    page.wait_for("return document.querySelector('th[data-key=line]').getAttribute('aria-sort') === 'ascending';");
    let lines = page.eval("return [...document.querySelector('table.findings').tBodies[0].rows].map((tr) => Number(tr.cells[3].textContent) || 1e9);",
    );
    let lines: Vec<f64> = serde_json::from_value(lines).expect("numbers");
    assert!(lines.windows(2).all(|pair| pair[0] <= pair[1]), "{lines:?}");

    // Print: no controls, no pager, every finding, Letter paper.
    page.emulate_media("print");
    page.wait_for(
        "return getComputedStyle(document.getElementById('controls')).display === 'none';",
    );
    assert_eq!(
        page.eval("return [...document.querySelectorAll('.controls, .pager, .skip-link, .explanation-panel')].every((node) => getComputedStyle(node).display === 'none');"),
        true
    );
    assert_eq!(page.rows().len(), expected.len());
    page.screenshot("report-print.png", Shot::Page);
    // Back to no emulation (not "screen", which would print the screen styles).
    page.emulate_media("");
    let pdf = page
        .tab
        .print_to_pdf(Some(headless_chrome::types::PrintToPdfOptions {
            prefer_css_page_size: Some(true),
            print_background: Some(true),
            ..Default::default()
        }))
        .expect("PDF");
    fs::write(out_dir().join("sample-report.pdf"), &pdf).expect("write PDF");
    assert!(
        String::from_utf8_lossy(&pdf).contains("/MediaBox [0 0 612 792]"),
        "US Letter pages"
    );

    page.assert_quiet();
}

/// A program code that is a script, in a filing whose name is markup:
/// the browser shows both as text and runs nothing.
#[test]
fn values_from_the_input_stay_text_in_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let folder = tempfile::tempdir().expect("temp folder");
    let filing = folder.path().join("x-<i>2009</i>");
    fs::create_dir_all(&filing).expect("filing");
    for entry in fs::read_dir(root().join(SAMPLES).join("acme-2009")).expect("sample") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), filing.join(entry.file_name())).expect("copy");
    }
    let hostile = "<img src=x onerror=\"document.title='ran'\">";
    let cfr1 = filing.join("CFR-1.csv");
    let text = fs::read_to_string(&cfr1).expect("CFR-1");
    let quoted = format!(",\"{}\",", hostile.replace('"', "\"\""));
    fs::write(&cfr1, text.replacen(",0810,", &quoted, 1)).expect("write");
    let report_path = folder.path().join("hostile.html");
    cfrcheck(&[
        "check".as_ref(),
        filing.as_os_str(),
        "-o".as_ref(),
        report_path.as_os_str(),
    ]);

    let page = ReportTab::open(chromium, &report_path);
    assert_eq!(
        page.eval("return document.querySelectorAll('main img').length;"),
        0
    );
    let programs = page.eval("return [...document.querySelectorAll('tr[data-code]')].map((tr) => tr.cells[5].textContent);",
    );
    assert!(
        programs
            .as_array()
            .expect("rows")
            .iter()
            .any(|text| text == hostile),
        "{programs}"
    );
    assert!(page
        .eval("return document.querySelector('.filing-path').textContent;")
        .as_str()
        .is_some_and(|path| path.ends_with("x-<i>2009</i>")));
    assert_ne!(page.eval("return document.title;"), "ran");
    page.assert_quiet();
}

/// A table longer than a page: 100 rows at a time, a pager that turns them,
/// and every row for print.
#[test]
fn a_long_table_pages_and_prints_whole() {
    let Some(chromium) = chromium() else {
        return;
    };
    let folder = tempfile::tempdir().expect("temp folder");
    let sample =
        fs::read_to_string(root().join(SAMPLES).join("acme-2009/CFR-1.csv")).expect("sample CFR-1");
    let mut lines = sample.lines();
    let header = lines.next().expect("header");
    let row = lines.next().expect("a record");
    // 250 columns with a program code OMH does not have: 250 findings.
    let mut csv = format!("{header}\n");
    for site in 1..=250 {
        let mut cells: Vec<String> = row.split(',').map(str::to_string).collect();
        cells[3] = "9999".into();
        cells[5] = format!("{site:03}");
        csv.push_str(&cells.join(","));
        csv.push('\n');
    }
    let schedule = folder.path().join("CFR-1.csv");
    fs::write(&schedule, csv).expect("write CFR-1");
    let report_path = folder.path().join("long.html");
    cfrcheck(&[
        "check".as_ref(),
        schedule.as_os_str(),
        // All 250, past the default cap of 200 per rule and file.
        "--max-per-rule".as_ref(),
        "0".as_ref(),
        "-o".as_ref(),
        report_path.as_os_str(),
    ]);

    let page = ReportTab::open(chromium, &report_path);
    let first_lines = "return [...document.querySelectorAll('tr[data-code]')].map((tr) => Number(tr.cells[3].textContent));";
    let page_one: Vec<u64> = serde_json::from_value(page.eval(first_lines)).expect("lines");
    assert_eq!(page_one, (2..102).collect::<Vec<u64>>());
    assert_eq!(
        page.eval("return document.querySelector('.pager .page-status').textContent;"),
        "Page 1 of 3: findings 1\u{2013}100 of 250"
    );
    page.press_on(".pager button:nth-of-type(3)", "Enter");
    page.wait_for(
        "return document.querySelector('.pager .page-status').textContent.startsWith('Page 2');",
    );
    let page_two: Vec<u64> = serde_json::from_value(page.eval(first_lines)).expect("lines");
    assert_eq!(page_two, (102..202).collect::<Vec<u64>>());
    page.press_on(".pager button:nth-of-type(4)", "Enter");
    page.wait_for("return document.querySelectorAll('tr[data-code]').length === 50;");
    // The last page disables Next and Last; the focus stays in the pager.
    assert_eq!(
        page.eval("return document.activeElement.classList.contains('page-status');"),
        true
    );

    page.emulate_media("print");
    page.wait_for("return document.querySelectorAll('tr[data-code]').length === 250;");
    page.emulate_media("");
    page.wait_for("return document.querySelectorAll('tr[data-code]').length === 50;");
    page.assert_quiet();
}
