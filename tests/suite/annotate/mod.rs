//! `cfrcheck check --annotate OUT`: the annotated copies, opened as a
//! preparer's spreadsheet program would open them (calamine for the
//! cells, the zip's XML for notes, links, the table and the panes).

mod cells;
mod copy_reader;
mod findings;
mod openpyxl;
mod out_folder;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use copy_reader::sheets;
use serde_json::Value as Json;

use crate::support::names_in;

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative)
}

/// A run of `check --format json ... --annotate OUT`: the report, and the
/// folder of copies.
struct Annotated {
    out: tempfile::TempDir,
    report: Json,
}

impl Annotated {
    fn copy(&self, name: &str) -> PathBuf {
        let path = self.out.path().join(name);
        assert!(path.is_file(), "no copy {name}: {:?}", self.copies());
        path
    }

    fn copies(&self) -> Vec<String> {
        names_in(self.out.path())
    }

    /// The findings of the filing at `path` (as given on the command line).
    fn findings(&self, path: &Path) -> Vec<Json> {
        let filing = self.report["filings"]
            .as_array()
            .expect("filings")
            .iter()
            .find(|filing| filing["path"] == path.display().to_string())
            .unwrap_or_else(|| panic!("no filing {}", path.display()));
        filing["findings"].as_array().expect("findings").clone()
    }
}

fn annotate(inputs: &[&Path], options: &[&str]) -> Annotated {
    let out = tempfile::tempdir().expect("temp dir");
    let output = Command::cargo_bin("cfrcheck")
        .expect("binary")
        .args(["check", "--format", "json"])
        .args(options)
        .args(inputs)
        .arg("--annotate")
        .arg(out.path())
        .output()
        .expect("runs");
    let status = output.status.code();
    assert!(
        matches!(status, Some(0 | 1)),
        "exit {status:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = serde_json::from_slice(&output.stdout).expect("the JSON report");
    Annotated { out, report }
}

fn text(value: &Json) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// The Findings sheet's table: each row's eight cells as text.
fn findings_rows(copy: &Path) -> (u32, Vec<Vec<String>>) {
    let findings = sheets(copy).into_iter().next().expect("the Findings sheet");
    assert_eq!(findings.name, "Findings");
    let header = findings
        .range
        .rows()
        .position(|row| row.first().is_some_and(|cell| *cell == "severity"))
        .expect("a header row") as u32;
    let rows = findings
        .range
        .rows()
        .skip(header as usize + 1)
        .map(|row| {
            (0..8)
                .map(|at| row.get(at).map(ToString::to_string).unwrap_or_default())
                .collect()
        })
        .collect();
    (header, rows)
}
