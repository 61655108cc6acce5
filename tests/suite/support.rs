//! What many test modules share: the crate root, the `cfrcheck` command
//! with nothing of the caller's environment that would change its output,
//! one run's exit status and text, the rule codes of a report, and the
//! sorted names in a folder.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use cfrcheck::report::Report;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `cfrcheck` run from the crate root (`current_dir` moves it), with no CI
/// variables leaking in.
pub fn cfrcheck() -> Command {
    let mut command = Command::cargo_bin("cfrcheck").expect("the cfrcheck binary is built");
    command
        .current_dir(root())
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR")
        // The HTML report's "when it ran": fixed, so that runs compare.
        .env("SOURCE_DATE_EPOCH", "1262304000");
    command
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(command: &mut Command) -> Run {
    let output = command.output().expect("cfrcheck runs");
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The rule codes of a report's findings, in report order.
pub fn rule_codes(report: &Report) -> Vec<&'static str> {
    report
        .findings()
        .map(|(_, finding)| finding.rule.code)
        .collect()
}

/// The names of the entries of `folder`, sorted.
pub fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .expect("folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}
