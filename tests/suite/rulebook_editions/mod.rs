//! Filings of years the embedded rulebook does not cover (issue 14): a code
//! the nearest edition does not know is a PC004 warning, not a PC002
//! error; a user edition for the year (`rulebook new`, checked by `rulebook
//! check`, compared by `rulebook diff`, kept in the config's `rulebooks`
//! folder) makes the filing clean; a code it retires is PC005.
//!
//! fixtures/editions/acme-2025 is fixtures/filings/acme-2009 with the
//! periods moved to 2025 and 1760 replaced by 9999, a code 2009 does not have.
//!
//! This file holds what the sub-modules share: the fixture filing, the
//! `cfrcheck` runner and the 2025 scaffold.

mod filing_periods;
mod rulebook_check;
mod scaffold;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::support::{self, run};

fn acme_2025() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/editions/acme-2025")
}

/// A program entry that adds the filing's new code.
const PILOT: &str = r#"
[[programs]]
code = "9999"
name = "Pilot Program"
units = "Count one visit as one unit."
"#;

/// `cfrcheck` run in `folder` (so no config of the repository is found).
fn cfrcheck(folder: &Path) -> Command {
    let mut command = support::cfrcheck();
    command.current_dir(folder);
    command
}

/// The codes of a `--format json` report, in order.
fn json_codes(stdout: &str) -> Vec<String> {
    let report: Value =
        serde_json::from_str(stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"));
    report["filings"]
        .as_array()
        .expect("filings")
        .iter()
        .flat_map(|filing| filing["findings"].as_array().expect("findings").iter())
        .map(|finding| finding["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// `rulebook new` for 2025 into `folder`/omh-2025.toml, plus `extra` appended.
fn new_2025(folder: &Path, extra: &str) -> PathBuf {
    let file = folder.join("omh-2025.toml");
    let made = run(cfrcheck(folder).args([
        "rulebook",
        "new",
        "--id",
        "omh-2025",
        "--period-start",
        "2025-01-01",
        "--output",
        "omh-2025.toml",
    ]));
    assert_eq!(made.status, 0, "{}", made.stderr);
    let mut text = fs::read_to_string(&file).expect("written");
    text.push_str(extra);
    fs::write(&file, text).expect("rewrite");
    file
}
