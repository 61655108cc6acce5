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
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use rayon::prelude::*;

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
    /// `listed_identity`); `None` means "look it up" (`file_identity`).
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
            walk.targets.push(workbook_target(path.to_path_buf()));
        } else {
            walk.targets.push(Target {
                display: path.display().to_string(),
                single_file: true,
                workbook: false,
                files: vec![found(path.to_path_buf(), false)],
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

fn found(path: PathBuf, is_dir: bool) -> FoundFile {
    let schedule = path
        .file_stem()
        .and_then(|stem| ScheduleKind::from_stem(&stem.to_string_lossy()));
    FoundFile {
        // What `path.display()` prints, without the formatting machinery
        // (one copy, not a string grown piece by piece, for every file).
        display: path.to_string_lossy().into_owned(),
        path,
        schedule,
        is_dir,
        identity: None,
    }
}

fn workbook_target(path: PathBuf) -> Target {
    let file = FoundFile {
        schedule: None,
        ..found(path, false)
    };
    Target {
        display: file.display.clone(),
        single_file: false,
        workbook: true,
        files: vec![file],
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
    /// The sub-folders of a folder are listed side by side on the worker
    /// threads (a batch folder holds thousands of filing folders, and a
    /// listing is a handful of system calls), then taken one by one in
    /// order, so that the first path to reach a folder is still the one
    /// that counts.
    fn folder(&mut self, root: &Path) {
        let mut pending = vec![Listing::of(root.to_path_buf())];
        while let Some(listing) = pending.pop() {
            let Some(metadata) = &listing.metadata else {
                continue;
            };
            if !self.first_visit(&listing.dir, metadata) {
                continue;
            }
            self.targets.extend(listing.targets);
            let mut subfolders: Vec<Listing> = listing
                .subfolders
                .into_par_iter()
                .map(Listing::of)
                .collect();
            subfolders.reverse();
            pending.extend(subfolders);
        }
    }
}

/// What one folder holds: its targets, and the sub-folders to search when
/// it is no filing itself.
struct Listing {
    dir: PathBuf,
    /// `None` when the folder cannot be looked at (it is skipped).
    metadata: Option<fs::Metadata>,
    targets: Vec<Target>,
    subfolders: Vec<PathBuf>,
}

impl Listing {
    fn of(dir: PathBuf) -> Listing {
        let metadata = fs::metadata(&dir).ok();
        let (targets, subfolders) = metadata
            .as_ref()
            .map(|metadata| list(&dir, metadata))
            .unwrap_or_default();
        Listing {
            dir,
            metadata,
            targets,
            subfolders,
        }
    }
}

/// The targets of one folder, and its sub-folders to search.
fn list(dir: &Path, dir_metadata: &fs::Metadata) -> (Vec<Target>, Vec<PathBuf>) {
    let mut targets = Vec::new();
    let Ok(listing) = fs::read_dir(dir) else {
        return (targets, Vec::new());
    };
    let mut entries: Vec<(OsString, PathBuf, bool, Option<Identity>)> = listing
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name();
            let name_bytes = name.as_encoded_bytes();
            // Hidden entries, and the lock files Excel keeps beside an open workbook.
            if name_bytes.starts_with(b".") || name_bytes.starts_with(b"~$") {
                return None;
            }
            // The entry's own type needs no stat; a link is followed, so a
            // linked filing folder is found too.
            let (is_dir, identity) = match entry.file_type() {
                Ok(kind) if kind.is_symlink() => (entry.path().is_dir(), None),
                Ok(kind) => (kind.is_dir(), listed_identity(dir_metadata, &entry)),
                Err(_) => (false, None),
            };
            Some((name, entry.path(), is_dir, identity))
        })
        .collect();
    // The entries share their folder, so their names alone order their
    // paths, and compare as bytes where paths compare component by component.
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    // One pass, in sorted order: a folder named like a CSV is both a
    // (misplaced) schedule entry and a folder to search.
    let (mut csv_entries, mut workbooks, mut subfolders) = (Vec::new(), Vec::new(), Vec::new());
    for (_, path, is_dir, identity) in entries {
        let is_csv = path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"));
        if is_csv {
            if is_dir {
                subfolders.push(path.clone());
            }
            csv_entries.push(FoundFile {
                identity,
                ..found(path, is_dir)
            });
        } else if is_dir {
            subfolders.push(path);
        } else if is_workbook(&path) {
            workbooks.push(workbook_target(path));
        }
    }
    let is_filing = csv_entries
        .iter()
        .any(|file| file.schedule.is_some() && !file.is_dir);
    if is_filing {
        targets.push(Target {
            display: dir.display().to_string(),
            single_file: false,
            workbook: false,
            files: csv_entries,
        });
    }
    targets.extend(workbooks);
    if is_filing {
        return (targets, Vec::new());
    }
    (targets, subfolders)
}

#[cfg(test)]
mod tests;
