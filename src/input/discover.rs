//! Finding the filings under the paths a user gave.
//!
//! A folder is a filing if it directly contains at least one schedule CSV;
//! otherwise its sub-folders are searched for filings (batch mode). Each
//! workbook is a filing of its own, beside the CSV filing of its folder
//! (input-format.md section 6). Hidden entries and Excel's lock files are
//! skipped, every folder is visited once however many links lead to it (so
//! link loops end), there is no depth limit, and the order is the sorted
//! path order so that every run reports the same way. A path given twice,
//! or inside another path given, is checked once.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::model::ScheduleKind;

/// The extensions of the workbooks cfrcheck reads.
pub const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// A file (or a folder named like a file) found in a filing folder.
#[derive(Clone, Debug)]
pub struct FoundFile {
    pub path: PathBuf,
    /// The path as printed: the user's path joined with the entry names.
    pub display: String,
    pub schedule: Option<ScheduleKind>,
    pub is_dir: bool,
    /// The file's identity when the folder listing gave it for free (see
    /// `Walk::visit`); `None` means "look it up" (`file_identity`).
    pub identity: Option<Identity>,
}

/// Something to check: one filing folder, one CSV validated alone, or one
/// workbook.
#[derive(Clone, Debug)]
pub struct Target {
    pub display: String,
    pub single_file: bool,
    /// A workbook filing: `files` holds the workbook alone.
    pub workbook: bool,
    pub files: Vec<FoundFile>,
}

/// Whether a path names a workbook by its extension.
pub fn is_workbook(path: &Path) -> bool {
    path.extension().is_some_and(|extension| {
        WORKBOOK_EXTENSIONS
            .iter()
            .any(|known| extension.eq_ignore_ascii_case(known))
    })
}

/// Finds the filings under `paths`, in order. Fails (exit status 2) when a
/// path does not exist or nothing to check is found under it.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Target>> {
    let mut walk = Walk::default();
    for path in paths {
        let metadata = match fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => bail!("{}: {error}", path.display()),
        };
        let before = walk.targets.len();
        let seen_before = walk.seen(path, &metadata);
        if metadata.is_dir() {
            walk.folder(path);
        } else if !walk.first_visit(path, &metadata) {
            // The same file given twice is checked once.
        } else if is_workbook(path) {
            walk.targets.push(workbook_target(path));
        } else {
            walk.targets.push(Target {
                display: path.display().to_string(),
                single_file: true,
                workbook: false,
                files: vec![found(path, false)],
            });
        }
        if walk.targets.len() == before && !seen_before {
            bail!(
                "{}: no CFR schedule files found (expected CSV files named CFR-1, DMH-1, DMH-2, DMH-3 or CBR, or Excel workbooks)",
                path.display()
            );
        }
    }
    Ok(walk.targets)
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
        identity: None,
    }
}

fn workbook_target(path: &Path) -> Target {
    Target {
        display: path.display().to_string(),
        single_file: false,
        workbook: true,
        files: vec![FoundFile {
            schedule: None,
            ..found(path, false)
        }],
    }
}

/// The identity of a file or folder: device and inode, so that a folder
/// reached through a link (or `..`) is known without resolving paths.
#[cfg(unix)]
fn identity(_path: &Path, metadata: &fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path, _metadata: &fs::Metadata) -> Option<PathBuf> {
    fs::canonicalize(path).ok()
}

/// The identity of an entry that is no link, from the listing alone: its
/// inode number and the device of its folder. The overwrite check compares
/// every input of a batch with the output, and a look-up per input was a
/// tenth of a batch's time. (A file mounted over an entry would show the
/// inode beneath; mounting single files into a filing folder is not done.)
#[cfg(unix)]
fn listed_identity(dir_metadata: &fs::Metadata, entry: &fs::DirEntry) -> Option<Identity> {
    use std::os::unix::fs::{DirEntryExt, MetadataExt};
    Some((dir_metadata.dev(), entry.ino()))
}

#[cfg(not(unix))]
fn listed_identity(_dir_metadata: &fs::Metadata, _entry: &fs::DirEntry) -> Option<Identity> {
    None
}

/// What tells one file or folder from every other on this machine.
#[cfg(unix)]
pub type Identity = (u64, u64);
#[cfg(not(unix))]
pub type Identity = PathBuf;

/// The identity of the file or folder a path leads to (links followed),
/// with one look-up and without opening it; `None` when there is none.
pub fn file_identity(path: &Path) -> Option<Identity> {
    let metadata = fs::metadata(path).ok()?;
    identity(path, &metadata)
}

#[derive(Default)]
struct Walk {
    targets: Vec<Target>,
    /// Folders and files already visited.
    visited: HashSet<Identity>,
}

impl Walk {
    /// Whether this path's folder or file was visited by an earlier path.
    fn seen(&self, path: &Path, metadata: &fs::Metadata) -> bool {
        identity(path, metadata).is_some_and(|id| self.visited.contains(&id))
    }

    /// Marks a path visited; false when it was already.
    fn first_visit(&mut self, path: &Path, metadata: &fs::Metadata) -> bool {
        match identity(path, metadata) {
            Some(id) => self.visited.insert(id),
            None => true,
        }
    }

    /// Walks a folder and everything below it, depth first in sorted order,
    /// with an explicit stack: a tree of any depth is walked, never a loop.
    fn folder(&mut self, root: &Path) {
        let mut pending = vec![root.to_path_buf()];
        while let Some(dir) = pending.pop() {
            let Ok(metadata) = fs::metadata(&dir) else {
                continue;
            };
            if !self.first_visit(&dir, &metadata) {
                continue;
            }
            let mut subfolders = self.visit(&dir, &metadata);
            subfolders.reverse();
            pending.extend(subfolders);
        }
    }

    /// Adds the targets of one folder; returns its sub-folders to search.
    fn visit(&mut self, dir: &Path, dir_metadata: &fs::Metadata) -> Vec<PathBuf> {
        let Ok(listing) = fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut entries: Vec<(PathBuf, bool, Option<Identity>)> = listing
            .filter_map(|entry| entry.ok())
            .filter(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                // Hidden entries, and the lock files Excel keeps beside an open workbook.
                !name.starts_with('.') && !name.starts_with("~$")
            })
            .map(|entry| {
                // The entry's own type needs no stat; a link is followed, so a
                // linked filing folder is found too.
                let (is_dir, identity) = match entry.file_type() {
                    Ok(kind) if kind.is_symlink() => (entry.path().is_dir(), None),
                    Ok(kind) => (kind.is_dir(), listed_identity(dir_metadata, &entry)),
                    Err(_) => (false, None),
                };
                (entry.path(), is_dir, identity)
            })
            .collect();
        entries.sort();

        let csv_entries: Vec<FoundFile> = entries
            .iter()
            .filter(|(path, _, _)| {
                path.extension()
                    .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"))
            })
            .map(|(path, is_dir, identity)| FoundFile {
                identity: identity.as_ref().cloned(),
                ..found(path, *is_dir)
            })
            .collect();
        let is_filing = csv_entries
            .iter()
            .any(|file| file.schedule.is_some() && !file.is_dir);
        if is_filing {
            self.targets.push(Target {
                display: dir.display().to_string(),
                single_file: false,
                workbook: false,
                files: csv_entries,
            });
        }
        for (path, is_dir, _) in &entries {
            if !is_dir && is_workbook(path) {
                self.targets.push(workbook_target(path));
            }
        }
        if is_filing {
            return Vec::new();
        }
        entries
            .into_iter()
            .filter(|(_, is_dir, _)| *is_dir)
            .map(|(path, _, _)| path)
            .collect()
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
    fn each_workbook_is_a_filing_beside_the_csv_filing_of_its_folder() {
        let root = tempfile::tempdir().expect("temp dir");
        fs::write(root.path().join("CFR-1.csv"), "a\n").expect("write");
        fs::write(root.path().join("Acme.xlsx"), b"PK\x03\x04").expect("write");
        fs::write(root.path().join("~$Acme.xlsx"), b"lock").expect("write");
        fs::create_dir(root.path().join("sub")).expect("mkdir");
        fs::write(root.path().join("sub/Other.ods"), b"PK").expect("write");
        let targets = discover(&[root.path().to_path_buf()]).expect("found");
        let kinds: Vec<(bool, String)> = targets
            .iter()
            .map(|target| (target.workbook, file_name_of(&target.display)))
            .collect();
        // A CSV filing is not searched below, so sub/Other.ods is not found.
        assert_eq!(
            kinds,
            [(false, root_name(&root)), (true, "Acme.xlsx".into())]
        );

        fs::remove_file(root.path().join("CFR-1.csv")).expect("rm");
        let targets = discover(&[root.path().to_path_buf()]).expect("found");
        let names: Vec<String> = targets.iter().map(|t| file_name_of(&t.display)).collect();
        assert_eq!(names, ["Acme.xlsx", "Other.ods"]);
    }

    fn file_name_of(display: &str) -> String {
        Path::new(display)
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned()
    }

    fn root_name(root: &tempfile::TempDir) -> String {
        file_name_of(&root.path().display().to_string())
    }

    #[test]
    fn a_path_given_twice_or_inside_another_is_checked_once() {
        let root = tempfile::tempdir().expect("temp dir");
        let acme = root.path().join("acme");
        fs::create_dir(&acme).expect("mkdir");
        fs::write(acme.join("CFR-1.csv"), "a\n").expect("write");
        let twice = discover(&[acme.clone(), acme.clone()]).expect("found");
        assert_eq!(twice.len(), 1);
        let nested = discover(&[root.path().to_path_buf(), acme.clone()]).expect("found");
        assert_eq!(nested.len(), 1);
        let file = acme.join("CFR-1.csv");
        let files = discover(&[file.clone(), file]).expect("found");
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn filings_deeper_than_any_limit_are_found() {
        let root = tempfile::tempdir().expect("temp dir");
        let mut deep = root.path().to_path_buf();
        for level in 0..100 {
            deep.push(format!("d{level}"));
        }
        fs::create_dir_all(&deep).expect("mkdir");
        fs::write(deep.join("CFR-1.csv"), "a\n").expect("write");
        let targets = discover(&[root.path().to_path_buf()]).expect("found");
        assert_eq!(targets.len(), 1);
    }

    #[test]
    fn missing_path_is_an_error() {
        assert!(discover(&[PathBuf::from("/definitely/not/here")]).is_err());
    }
}
