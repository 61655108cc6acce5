//! A report page open in headless Chromium, for tests/browser.rs: the
//! launch with the switches this machine needs, a watch on console errors
//! and requests, and the few things a test does to the page.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::prelude::{Engine as _, BASE64_STANDARD};
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Log, Network, Page, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(10);

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// target/browser/: screenshots, the PDF print, the sample report.
pub fn out_dir() -> PathBuf {
    let dir = root().join("target/browser");
    fs::create_dir_all(&dir).expect("create target/browser");
    dir
}

/// The browser, or `None` (having said so) when there is none and none is required.
pub fn chromium() -> Option<PathBuf> {
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

/// A report open in its own headless Chromium with a fresh profile.
pub struct ReportTab {
    pub tab: Arc<Tab>,
    pub url: String,
    trouble: Arc<Mutex<Trouble>>,
    // Dropped last, in this order: the browser, then its profile folder.
    _browser: Browser,
    _profile: tempfile::TempDir,
}

impl ReportTab {
    /// Opens `page` from `file://` and waits until its script has run.
    pub fn open(chromium: PathBuf, page: &Path) -> ReportTab {
        let profile = tempfile::tempdir().expect("profile folder");
        let browser = launch(chromium, profile.path());
        let tab = browser.new_tab().expect("a tab");
        let trouble = watch(&tab);
        let url = format!(
            "file://{}",
            fs::canonicalize(page).expect("the report").display()
        );
        tab.navigate_to(&url)
            .expect("open")
            .wait_until_navigated()
            .expect("loaded");
        let page = ReportTab {
            tab,
            url,
            trouble,
            _browser: browser,
            _profile: profile,
        };
        page.wait_for("return document.getElementById('controls').hidden === false;");
        page
    }

    /// Evaluates `expression` in the page; its value as JSON.
    pub fn eval(&self, expression: &str) -> Value {
        let wrapped = format!("JSON.stringify((() => {{ {expression} }})() ?? null)");
        let result = self.tab.evaluate(&wrapped, false).expect("evaluates");
        let text = result
            .value
            .and_then(|value| value.as_str().map(str::to_string))
            .unwrap_or_else(|| panic!("no value from {expression}"));
        serde_json::from_str(&text).expect("JSON")
    }

    /// Waits until `expression` is true (filters wait for a pause in typing).
    pub fn wait_for(&self, expression: &str) {
        let start = Instant::now();
        while self.eval(expression) != Value::Bool(true) {
            assert!(start.elapsed() < WAIT, "timed out waiting for {expression}");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The finding rows on screen, as (code, severity) pairs in page order.
    pub fn rows(&self) -> Vec<(String, String)> {
        let rows = self.eval(
            "return [...document.querySelectorAll('table.findings tbody tr[data-code]')]
                .filter((tr) => tr.offsetParent !== null)
                .map((tr) => [tr.dataset.code, tr.dataset.severity]);",
        );
        serde_json::from_value(rows).expect("pairs")
    }

    /// Moves the keyboard focus to `selector` and presses `key` there.
    pub fn press_on(&self, selector: &str, key: &str) {
        let focused = self.eval(&format!(
            "const node = document.querySelector({selector:?}); \
             node.focus(); return document.activeElement === node;"
        ));
        assert_eq!(focused, Value::Bool(true), "{selector} takes the focus");
        self.press(key);
    }

    /// Writes a PNG under target/browser/ and returns its path.
    pub fn screenshot(&self, name: &str, shot: Shot) -> PathBuf {
        let height = match shot {
            Shot::Screen => None,
            Shot::Top(height) => Some(height),
            Shot::Page => self
                .eval("return document.documentElement.scrollHeight;")
                .as_f64(),
        };
        let clip = height.map(|height| Page::Viewport {
            x: 0.0,
            y: 0.0,
            width: 1280.0,
            height,
            scale: 1.0,
        });
        let png = self
            .tab
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

    pub fn emulate_media(&self, media: &str) {
        self.tab
            .call_method(Emulation::SetEmulatedMedia {
                media: Some(media.to_string()),
                features: None,
            })
            .expect("emulate media");
    }

    /// Presses `key` wherever the focus is.
    pub fn press(&self, key: &str) {
        self.tab.press_key(key).expect("key press");
    }

    /// No console error and no request: every test ends with this.
    pub fn assert_quiet(&self) {
        let trouble = self.trouble.lock().expect("events");
        assert!(
            trouble.errors.is_empty(),
            "console errors: {:?}",
            trouble.errors
        );
        assert_no_requests(&trouble, &self.url);
    }
}

/// What of the page a screenshot shows.
pub enum Shot {
    /// What is on screen.
    Screen,
    /// The first so many pixels of the page.
    Top(f64),
    /// All of it.
    Page,
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
