//! Input: from paths on the command line to typed filings.
//!
//! `discover` finds the filings (a single CSV, a filing folder, or a folder
//! of filings searched recursively); `load_filing` reads one filing's
//! schedule files into the model, turning every problem with the files into
//! a finding (the IN rules).

pub mod cells;
pub mod discover;
mod header;
pub mod lines;
pub mod read;
mod record;

use std::path::Path;
use std::sync::Arc;

use crate::model::{FileEntry, Filing, ScheduleKind};
use crate::report::Finding;
use crate::rules::input::{IN001, IN002};

pub use discover::{discover, Target};
pub use read::ReadOptions;

/// A filing as read, with the findings reading it produced.
pub struct LoadedFiling {
    pub filing: Filing,
    pub findings: Vec<Finding>,
}

/// Reads every schedule file of a target. Never fails: problems are findings.
pub fn load_filing(target: &Target, options: &ReadOptions) -> LoadedFiling {
    let mut filing = Filing {
        path: target.display.clone(),
        single_file: target.single_file,
        ..Filing::default()
    };
    let mut findings = Vec::new();
    // CFR-1 first: the first record read sets the filing's heading (IN006).
    let mut files: Vec<&discover::FoundFile> = target.files.iter().collect();
    files.sort_by_key(|found| {
        (
            found.schedule.map_or(usize::MAX, ScheduleKind::position),
            found.display.clone(),
        )
    });
    for found in files {
        let display: Arc<str> = Arc::from(found.display.as_str());
        let name = file_name(&found.path);
        let duplicate = found.schedule.is_some_and(|kind| filing.has_file_for(kind));
        let mut entry = FileEntry {
            path: display.clone(),
            // A second file for a schedule is listed, but not as that schedule.
            schedule: found.schedule.filter(|_| !duplicate),
            records: 0,
        };
        match found.schedule {
            None => findings.push(
                Finding::new(
                    &IN002,
                    format!(
                        "{name} is not a schedule file (its name must be or end with CFR-1, DMH-1, DMH-2, DMH-3 or CBR); skipped"
                    ),
                )
                .in_file(&display, None),
            ),
            Some(kind) if found.is_dir => findings.push(
                Finding::new(&IN001, format!("{name} is a folder, not a {kind} file"))
                    .in_file(&display, Some(kind)),
            ),
            Some(kind) if duplicate => findings.push(
                Finding::new(
                    &IN002,
                    format!("{name} is a second {kind} file in this filing; only the first was read"),
                )
                .in_file(&display, Some(kind)),
            ),
            Some(kind) => {
                let outcome = read::read_schedule(
                    &found.path,
                    display.clone(),
                    kind,
                    options,
                    &mut filing.heading,
                );
                entry.records = outcome.records;
                findings.extend(outcome.findings);
                filing.schedules[kind.position()] = outcome.schedule;
            }
        }
        filing.files.push(entry);
    }
    filing.files.sort_by(|a, b| a.path.cmp(&b.path));
    LoadedFiling { filing, findings }
}

/// The file name of a path as text, for messages.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
