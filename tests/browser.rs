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

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::prelude::{Engine as _, BASE64_STANDARD};
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Log, Network, Page, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

const SAMPLES: &str = "fixtures/filings";
const WAIT: Duration = Duration::from_secs(10);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn out_dir() -> PathBuf {
    let dir = root().join("target/browser");
    fs::create_dir_all(&dir).expect("create target/browser");
    dir
}

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

/// The browser, or `None` (having said so) when there is none and none is required.
fn chromium() -> Option<PathBuf> {
    match headless_chrome::browser::default_executable() {
        Ok(path) => Some(path),
        Err(why) => {
            let required = std::env::var("CFRCHECK_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "CFRCHECK_REQUIRE_BROWSER=1 but no Chromium was found ({why}); apt-get install chromium"
            );
            eprintln!(
                "\n=====================================================================\n\
                 SKIPPED tests/browser.rs: no Chromium found ({why}).\n\
                 The HTML report was NOT checked in a browser. Install it with\n\
                 `apt-get install chromium` (or set CHROME=/path/to/chrome).\n\
                 =====================================================================\n"
            );
            None
        }
    }
}

fn launch(path: PathBuf, profile: &Path) -> Browser {
    // Without the background-networking switches Chromium phones home at
    // start-up; a page test must not depend on (or cause) that traffic.
    let switches = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ];
    Browser::new(LaunchOptions {
        headless: true,
        sandbox: false,
        path: Some(path),
        user_data_dir: Some(profile.to_path_buf()),
        window_size: Some((1280, 1000)),
        args: switches.iter().map(OsStr::new).collect(),
        idle_browser_timeout: Duration::from_secs(120),
        ..LaunchOptions::default()
    })
    .expect("Chromium starts")
}

/// What the page did that a reader never wants: errors and requests.
#[derive(Default)]
struct Trouble {
    errors: Vec<String>,
    requests: Vec<String>,
}

fn watch(tab: &Tab) -> Arc<Mutex<Trouble>> {
    let trouble = Arc::new(Mutex::new(Trouble::default()));
    let sink = trouble.clone();
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let Ok(mut trouble) = sink.lock() else {
            return;
        };
        match event {
            Event::RuntimeConsoleAPICalled(call)
                if matches!(
                    call.params.Type,
                    Runtime::ConsoleAPICalledEventTypeOption::Error
                        | Runtime::ConsoleAPICalledEventTypeOption::Assert
                ) =>
            {
                trouble
                    .errors
                    .push(format!("console: {:?}", call.params.args));
            }
            Event::RuntimeExceptionThrown(thrown) => {
                let details = &thrown.params.exception_details;
                trouble.errors.push(format!(
                    "exception: {} {:?}",
                    details.text,
                    details
                        .exception
                        .as_ref()
                        .and_then(|e| e.description.clone())
                ));
            }
            Event::LogEntryAdded(entry)
                if entry.params.entry.level == Log::LogEntryLevel::Error =>
            {
                trouble
                    .errors
                    .push(format!("log: {}", entry.params.entry.text));
            }
            Event::NetworkRequestWillBeSent(sent) => {
                trouble.requests.push(sent.params.request.url.clone());
            }
            _ => {}
        }
    }))
    .expect("listen");
    tab.enable_runtime().expect("Runtime domain");
    tab.enable_log().expect("Log domain");
    tab.call_method(Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: None,
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })
    .expect("Network domain");
    trouble
}

/// The page loads itself and nothing else. (The badge icons are `data:`
/// URLs in the style sheet, which Chromium lists as requests; they are
/// part of the page and go nowhere.)
fn assert_no_requests(trouble: &Trouble, page: &str) {
    let requests: Vec<&String> = trouble
        .requests
        .iter()
        .filter(|url| *url != page && !url.starts_with("data:"))
        .collect();
    assert!(
        requests.is_empty(),
        "requests besides the page itself: {requests:?}"
    );
    assert!(
        trouble.requests.iter().any(|url| url == page),
        "the page was watched loading"
    );
}

/// Evaluates `expression` in the page; its value as JSON.
fn eval(tab: &Tab, expression: &str) -> Value {
    let wrapped = format!("JSON.stringify((() => {{ {expression} }})() ?? null)");
    let result = tab.evaluate(&wrapped, false).expect("evaluates");
    let text = result
        .value
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_else(|| panic!("no value from {expression}"));
    serde_json::from_str(&text).expect("JSON")
}

/// Waits until `expression` is true (filters wait for a pause in typing).
fn wait_for(tab: &Tab, expression: &str) {
    let start = Instant::now();
    while eval(tab, expression) != Value::Bool(true) {
        assert!(start.elapsed() < WAIT, "timed out waiting for {expression}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// The finding rows on screen, as (code, severity) pairs in page order.
fn rows(tab: &Tab) -> Vec<(String, String)> {
    let rows = eval(
        tab,
        "return [...document.querySelectorAll('table.findings tbody tr[data-code]')]
            .filter((tr) => tr.offsetParent !== null)
            .map((tr) => [tr.dataset.code, tr.dataset.severity]);",
    );
    serde_json::from_value(rows).expect("pairs")
}

/// Moves the keyboard focus to `selector` and presses `key` there.
fn press_on(tab: &Tab, selector: &str, key: &str) {
    let focused = eval(
        tab,
        &format!(
            "const node = document.querySelector({selector:?}); node.focus(); return document.activeElement === node;"
        ),
    );
    assert_eq!(
        focused,
        Value::Bool(true),
        "{selector} takes the focus: {}",
        eval(tab, &format!("const n = document.querySelector({selector:?}); return n && [n.outerHTML, n.offsetParent === null, document.activeElement.outerHTML.slice(0, 200)];"))
    );
    tab.press_key(key).expect("key press");
}

/// What of the page a screenshot shows.
enum Shot {
    /// What is on screen.
    Screen,
    /// The first so many pixels of the page.
    Top(f64),
    /// All of it.
    Page,
}

/// Writes a PNG under target/browser/ and returns its path.
fn screenshot(tab: &Tab, name: &str, shot: Shot) -> PathBuf {
    let height = match shot {
        Shot::Screen => None,
        Shot::Top(height) => Some(height),
        Shot::Page => eval(tab, "return document.documentElement.scrollHeight;").as_f64(),
    };
    let clip = height.map(|height| Page::Viewport {
        x: 0.0,
        y: 0.0,
        width: 1280.0,
        height,
        scale: 1.0,
    });
    let png = tab
        .call_method(Page::CaptureScreenshot {
            format: Some(Page::CaptureScreenshotFormatOption::Png),
            quality: None,
            clip,
            from_surface: Some(true),
            capture_beyond_viewport: Some(height.is_some()),
            optimize_for_speed: None,
        })
        .expect("screenshot")
        .data;
    let png = BASE64_STANDARD.decode(png).expect("base64");
    let path = out_dir().join(name);
    fs::write(&path, png).expect("write screenshot");
    eprintln!("screenshot: {}", path.display());
    path
}

fn emulate_media(tab: &Tab, media: &str) {
    tab.call_method(Emulation::SetEmulatedMedia {
        media: Some(media.to_string()),
        features: None,
    })
    .expect("emulate media");
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

    let profile = tempfile::tempdir().expect("profile folder");
    let browser = launch(chromium, profile.path());
    let tab = browser.new_tab().expect("a tab");
    let trouble = watch(&tab);
    let url = format!(
        "file://{}",
        fs::canonicalize(&report_path).expect("report").display()
    );
    tab.navigate_to(&url)
        .expect("open")
        .wait_until_navigated()
        .expect("loaded");
    wait_for(
        &tab,
        "return document.getElementById('controls').hidden === false;",
    );

    // Every finding of the JSON, in its order, and nothing else.
    assert_eq!(rows(&tab), expected);
    assert_eq!(
        eval(
            &tab,
            "return document.getElementById('filter-status').textContent;"
        ),
        format!("Showing all {} findings in 2 filings.", expected.len())
    );
    let readme = screenshot(&tab, "report.png", Shot::Top(1500.0));
    // The README's picture, renewed on request like the expected outputs.
    if std::env::var_os("CFRCHECK_BLESS").is_some_and(|value| value == "1") {
        fs::copy(&readme, root().join("docs/report.png")).expect("write docs/report.png");
    }
    screenshot(&tab, "report-full.png", Shot::Page);

    // Errors only: untick warnings and infos with the keyboard.
    press_on(&tab, "input[name=severity][value=warning]", " ");
    press_on(&tab, "input[name=severity][value=info]", " ");
    wait_for(
        &tab,
        "return document.querySelectorAll('tr[data-severity=warning]').length === 0;",
    );
    let shown = rows(&tab);
    assert_eq!(shown.len(), errors);
    assert!(
        shown.iter().all(|(_, severity)| severity == "error"),
        "{shown:?}"
    );
    assert_eq!(
        eval(
            &tab,
            "return document.querySelectorAll('tr[data-code]:not([data-severity=error])').length;"
        ),
        0
    );
    press_on(&tab, "button[type=reset]", "Enter");
    wait_for(
        &tab,
        &format!(
            "return document.querySelectorAll('tr[data-code]').length === {};",
            expected.len()
        ),
    );

    // Search: "/" jumps to the box; a program code narrows the rows to it.
    eval(&tab, "document.activeElement.blur();");
    tab.press_key("/").expect("key press");
    assert_eq!(
        eval(&tab, "return document.activeElement.id;"),
        "filter-search"
    );
    tab.type_str("6007").expect("type");
    // Typing is debounced: wait for the status to name the whole term.
    wait_for(
        &tab,
        "return document.getElementById('filter-status').textContent.includes('“6007”');",
    );
    assert!(rows(&tab).len() < expected.len());
    let narrowed = eval(
        &tab,
        "return [...document.querySelectorAll('tr[data-code]')].map((tr) => tr.textContent.includes('6007'));",
    );
    let narrowed = narrowed.as_array().expect("rows");
    assert!(!narrowed.is_empty() && narrowed.iter().all(|hit| hit == &Value::Bool(true)));

    // The rule's explanation opens beside the finding: `cfrcheck explain` text.
    press_on(&tab, "tr[data-code] a.rule-link", "Enter");
    wait_for(
        &tab,
        "return document.getElementById('explanation').hidden === false;",
    );
    let code = eval(
        &tab,
        "return document.querySelector('tr.selected').dataset.code;",
    );
    let code = code.as_str().expect("a selected row");
    let panel = eval(
        &tab,
        "return document.querySelector('#explanation .panel-text').textContent;",
    );
    assert_eq!(panel, cfrcheck(&["explain".as_ref(), code.as_ref()]));
    assert_eq!(
        eval(&tab, "return document.activeElement.id;"),
        "explanation"
    );
    screenshot(&tab, "report-explanation.png", Shot::Screen);
    tab.press_key("Escape").expect("key press");
    wait_for(
        &tab,
        "return document.getElementById('explanation').hidden === true;",
    );
    assert_eq!(
        eval(
            &tab,
            "return document.activeElement.classList.contains('rule-link');"
        ),
        true,
        "the focus goes back to the link"
    );

    // Sorting by line, then back; every column header is a button.
    assert_eq!(
        eval(
            &tab,
            "return document.querySelectorAll('table.findings th[data-key] button.sort').length;"
        ),
        eval(
            &tab,
            "return document.querySelectorAll('table.findings th[data-key]').length;"
        )
    );
    press_on(&tab, "button[type=reset]", "Enter");
    press_on(&tab, "th[data-key=line] button", "Enter");
    wait_for(&tab, "return document.querySelector('th[data-key=line]').getAttribute('aria-sort') === 'ascending';");
    let lines = eval(
        &tab,
        "return [...document.querySelector('table.findings').tBodies[0].rows].map((tr) => Number(tr.cells[3].textContent) || 1e9);",
    );
    let lines: Vec<f64> = serde_json::from_value(lines).expect("numbers");
    assert!(lines.windows(2).all(|pair| pair[0] <= pair[1]), "{lines:?}");

    // Print: no controls, no pager, every finding, Letter paper.
    emulate_media(&tab, "print");
    wait_for(
        &tab,
        "return getComputedStyle(document.getElementById('controls')).display === 'none';",
    );
    assert_eq!(
        eval(&tab, "return [...document.querySelectorAll('.controls, .pager, .skip-link, .explanation-panel')].every((node) => getComputedStyle(node).display === 'none');"),
        true
    );
    assert_eq!(rows(&tab).len(), expected.len());
    screenshot(&tab, "report-print.png", Shot::Page);
    // Back to no emulation (not "screen", which would print the screen styles).
    emulate_media(&tab, "");
    let pdf = tab
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

    let trouble = trouble.lock().expect("events");
    assert!(
        trouble.errors.is_empty(),
        "console errors: {:?}",
        trouble.errors
    );
    assert_no_requests(&trouble, &url);
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

    let profile = tempfile::tempdir().expect("profile folder");
    let browser = launch(chromium, profile.path());
    let tab = browser.new_tab().expect("a tab");
    let trouble = watch(&tab);
    let url = format!("file://{}", report_path.display());
    tab.navigate_to(&url)
        .expect("open")
        .wait_until_navigated()
        .expect("loaded");
    wait_for(
        &tab,
        "return document.getElementById('controls').hidden === false;",
    );
    assert_eq!(
        eval(&tab, "return document.querySelectorAll('main img').length;"),
        0
    );
    let programs = eval(
        &tab,
        "return [...document.querySelectorAll('tr[data-code]')].map((tr) => tr.cells[5].textContent);",
    );
    assert!(
        programs
            .as_array()
            .expect("rows")
            .iter()
            .any(|text| text == hostile),
        "{programs}"
    );
    assert!(eval(
        &tab,
        "return document.querySelector('.filing-path').textContent;"
    )
    .as_str()
    .is_some_and(|path| path.ends_with("x-<i>2009</i>")));
    assert_ne!(eval(&tab, "return document.title;"), "ran");
    let trouble = trouble.lock().expect("events");
    assert!(
        trouble.errors.is_empty(),
        "console errors: {:?}",
        trouble.errors
    );
    assert_no_requests(&trouble, &url);
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
        "-o".as_ref(),
        report_path.as_os_str(),
    ]);

    let profile = tempfile::tempdir().expect("profile folder");
    let browser = launch(chromium, profile.path());
    let tab = browser.new_tab().expect("a tab");
    let trouble = watch(&tab);
    let url = format!("file://{}", report_path.display());
    tab.navigate_to(&url)
        .expect("open")
        .wait_until_navigated()
        .expect("loaded");
    wait_for(
        &tab,
        "return document.getElementById('controls').hidden === false;",
    );
    let first_lines = "return [...document.querySelectorAll('tr[data-code]')].map((tr) => Number(tr.cells[3].textContent));";
    let page_one: Vec<u64> = serde_json::from_value(eval(&tab, first_lines)).expect("lines");
    assert_eq!(page_one, (2..102).collect::<Vec<u64>>());
    assert_eq!(
        eval(
            &tab,
            "return document.querySelector('.pager .page-status').textContent;"
        ),
        "Page 1 of 3: findings 1\u{2013}100 of 250"
    );
    press_on(&tab, ".pager button:nth-of-type(3)", "Enter");
    wait_for(
        &tab,
        "return document.querySelector('.pager .page-status').textContent.startsWith('Page 2');",
    );
    let page_two: Vec<u64> = serde_json::from_value(eval(&tab, first_lines)).expect("lines");
    assert_eq!(page_two, (102..202).collect::<Vec<u64>>());
    press_on(&tab, ".pager button:nth-of-type(4)", "Enter");
    wait_for(
        &tab,
        "return document.querySelectorAll('tr[data-code]').length === 50;",
    );
    // The last page disables Next and Last; the focus stays in the pager.
    assert_eq!(
        eval(
            &tab,
            "return document.activeElement.classList.contains('page-status');"
        ),
        true
    );

    emulate_media(&tab, "print");
    wait_for(
        &tab,
        "return document.querySelectorAll('tr[data-code]').length === 250;",
    );
    emulate_media(&tab, "");
    wait_for(
        &tab,
        "return document.querySelectorAll('tr[data-code]').length === 50;",
    );
    let trouble = trouble.lock().expect("events");
    assert!(
        trouble.errors.is_empty(),
        "console errors: {:?}",
        trouble.errors
    );
    assert_no_requests(&trouble, &url);
}
