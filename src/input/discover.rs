//! Finding the filings under the paths a user gave.
//!
//! A folder is a filing if it directly contains at least one schedule file;
//! otherwise its sub-folders are searched for filings (batch mode). Hidden
//! entries are skipped, symbolic-link loops are cut, and the order is the
//! sorted path order so that every run reports the same way.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::model::ScheduleKind;

/// Deeper than any real folder of filings; a guard against pathological trees.
const MAX_DEPTH: usize = 64;

/// A file (or a folder named like a file) found in a filing folder.
#[derive(Clone, Debug)]
pub struct FoundFile {
    pub path: PathBuf,
    /// The path as printed: the user's path joined with the entry names.
    pub display: String,
    pub schedule: Option<ScheduleKind>,
    pub is_dir: bool,
}

/// Something to check: one filing folder, or one CSV validated alone.
#[derive(Clone, Debug)]
pub struct Target {
    pub display: String,
    pub single_file: bool,
    pub files: Vec<FoundFile>,
}

/// Finds the filings under `paths`, in order. Fails (exit status 2) when a
/// path does not exist or nothing to check is found under it.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Target>> {
    let mut targets = Vec::new();
    let mut visited = HashSet::new();
    for path in paths {
        let metadata = match fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => bail!("{}: {error}", path.display()),
        };
        let before = targets.len();
        if metadata.is_dir() {
            walk(path, 0, &mut visited, &mut targets);
        } else {
            targets.push(Target {
                display: path.display().to_string(),
                single_file: true,
                files: vec![found(path, false)],
            });
        }
        if targets.len() == before {
            let workbooks = count_workbooks(path);
            let hint = match workbooks {
                0 => String::new(),
                count => format!("; found {count} Excel workbook(s): save each schedule as \"CSV UTF-8 (Comma delimited)\""),
            };
            bail!(
                "{}: no CFR schedule files found (expected CSV files named CFR-1, DMH-1, DMH-2, DMH-3 or CBR){hint}",
                path.display()
            );
        }
    }
    Ok(targets)
}

/// Workbooks directly in a folder: the usual reason a folder has no CSVs.
fn count_workbooks(dir: &Path) -> usize {
    let Ok(listing) = fs::read_dir(dir) else {
        return 0;
    };
    listing
        .filter_map(|entry| entry.ok())
        .filter(|entry| {
            entry.path().extension().is_some_and(|extension| {
                ["xlsx", "xls", "xlsm", "ods"]
                    .iter()
                    .any(|workbook| extension.eq_ignore_ascii_case(workbook))
            })
        })
        .count()
}

fn found(path: &Path, is_dir: bool) -> FoundFile {
    let schedule = path
        .file_stem()
        .and_then(|stem| ScheduleKind::from_stem(&stem.to_string_lossy()));
    FoundFile {
        path: path.to_path_buf(),
        display: path.display().to_string(),
        schedule,
        is_dir,
    }
}

fn walk(dir: &Path, depth: usize, visited: &mut HashSet<PathBuf>, targets: &mut Vec<Target>) {
    // Symbolic links may lead back up the tree: visit each real folder once.
    let Ok(real) = fs::canonicalize(dir) else {
        return;
    };
    if depth > MAX_DEPTH || !visited.insert(real) {
        return;
    }
    let Ok(listing) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<(PathBuf, bool)> = listing
        .filter_map(|entry| entry.ok())
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .map(|entry| {
            let path = entry.path();
            // Follows symbolic links, so a linked filing folder is found too.
            let is_dir = path.is_dir();
            (path, is_dir)
        })
        .collect();
    entries.sort();

    let csv_entries: Vec<FoundFile> = entries
        .iter()
        .filter(|(path, _)| {
            path.extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"))
        })
        .map(|(path, is_dir)| found(path, *is_dir))
        .collect();
    let is_filing = csv_entries
        .iter()
        .any(|file| file.schedule.is_some() && !file.is_dir);
    if is_filing {
        targets.push(Target {
            display: dir.display().to_string(),
            single_file: false,
            files: csv_entries,
        });
        return;
    }
    for (path, is_dir) in entries {
        if is_dir {
            walk(&path, depth + 1, visited, targets);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filings_are_found_recursively_in_order() {
        let root = tempfile::tempdir().expect("temp dir");
        let make = |relative: &str| {
            let path = root.path().join(relative);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(path, "agency_code\n").expect("write");
        };
        make("b/acme/CFR-1.csv");
        make("a/zeta/dmh_2.csv");
        make("a/zeta/notes.csv");
        make(".hidden/CFR-1.csv");
        make("c/readme.txt");
        let targets = discover(&[root.path().to_path_buf()]).expect("found");
        let names: Vec<String> = targets
            .iter()
            .map(|target| {
                Path::new(&target.display)
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["zeta", "acme"]);
        assert_eq!(targets[0].files.len(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_link_loops_end() {
        let root = tempfile::tempdir().expect("temp dir");
        let inner = root.path().join("x/y");
        fs::create_dir_all(&inner).expect("mkdir");
        std::os::unix::fs::symlink(root.path(), inner.join("loop")).expect("symlink");
        fs::write(inner.join("DMH-3.csv"), "a\n").expect("write");
        let targets = discover(&[root.path().to_path_buf()]).expect("found");
        assert_eq!(targets.len(), 1);
    }

    #[test]
    fn a_folder_of_workbooks_says_to_save_as_csv() {
        let root = tempfile::tempdir().expect("temp dir");
        fs::write(root.path().join("CFR-1.xlsx"), b"PK\x03\x04").expect("write");
        let error = discover(&[root.path().to_path_buf()]).expect_err("no CSV");
        assert!(
            error.to_string().contains("found 1 Excel workbook"),
            "{error}"
        );
    }

    #[test]
    fn missing_path_is_an_error() {
        assert!(discover(&[PathBuf::from("/definitely/not/here")]).is_err());
    }
}
