//! Input: from paths on the command line to typed filings.
//!
//! `discover` finds the filings (a single CSV, a filing folder, or a folder
//! of filings searched recursively); `load_filing` reads one filing's
//! schedule files into the model, turning every problem with the files into
//! a finding (the IN rules).

pub mod cells;
mod counties;
pub mod csv_records;
pub mod discover;
mod header;
mod heading;
pub mod lines;
mod notes;
mod options;
mod plain_lines;
pub mod read;
mod record;
pub mod row;
mod rows;
pub mod rules;
mod shared_names;
pub mod split;
pub mod workbook;

use std::sync::Arc;

use crate::model::{FileEntry, Filing, ScheduleKind};
use crate::report::cap::CappedFindings;
use crate::report::{Finding, Severity};
use rules::{IN001, IN002};

pub use discover::{discover, Target};
pub use header::{column_positions, names_program_code};
pub use options::ReadOptions;

/// A filing as read, with the findings reading it produced.
pub struct LoadedFiling {
    pub filing: Filing,
    pub findings: CappedFindings,
}

/// Reads every schedule file of a target. Never fails: problems are findings.
pub fn load_filing(target: &Target, options: &ReadOptions) -> LoadedFiling {
    let mut filing = Filing {
        path: target.display.clone(),
        single_file: target.single_file,
        ..Filing::default()
    };
    let mut findings = CappedFindings::new(options.max_per_rule);
    if target.workbook {
        for found in &target.files {
            let display: Arc<str> = Arc::from(found.display.as_str());
            workbook::read_workbook(&found.path, &display, options, &mut filing, &mut findings);
        }
        counties::restore_zeros(&mut filing, &mut findings);
        return LoadedFiling { filing, findings };
    }
    // CFR-1 first: the first record read sets the filing's heading (IN006).
    let mut files: Vec<&discover::FoundFile> = target.files.iter().collect();
    let position =
        |found: &discover::FoundFile| found.schedule.map_or(usize::MAX, ScheduleKind::position);
    files.sort_by(|a, b| (position(a), &a.display).cmp(&(position(b), &b.display)));
    for found in files {
        let display: Arc<str> = Arc::from(found.display.as_str());
        // Written only into a message.
        let name = crate::location::FileName(&found.path);
        let read_before = found.schedule.and_then(|kind| {
            filing
                .files
                .iter()
                .find(|file| file.schedule == Some(kind))
                .map(|file| file_name(std::path::Path::new(&*file.path)))
        });
        let mut entry = FileEntry {
            path: display.clone(),
            // A second file for a schedule is listed, but not as that schedule.
            schedule: found.schedule.filter(|_| read_before.is_none()),
            records: 0,
        };
        match (found.schedule, read_before) {
            (None, _) => findings.push(
                Finding::new(
                    &IN002,
                    format!(
                        "{name} is not a schedule file (its name must be or end with CFR-1, DMH-1, DMH-2, DMH-3 or CBR); skipped"
                    ),
                )
                .in_file(&display, None),
            ),
            (Some(kind), _) if found.is_dir => findings.push(
                Finding::new(&IN001, format!("{name} is a folder, not a {kind} file"))
                    .in_file(&display, Some(kind)),
            ),
            // Two files for one schedule make the filing ambiguous: which one
            // is the CFR? An error, naming both and the one that was read.
            (Some(kind), Some(first)) => findings.push(
                Finding::new(
                    &IN002,
                    format!("{name} and {first} are both {kind} files: {first} was read and {name} was not; keep one {kind} file in the filing"),
                )
                .severity(Severity::Error)
                .in_file(&display, Some(kind))
                .value(first),
            ),
            (Some(kind), None) => {
                let outcome = read::read_schedule(
                    &found.path,
                    display.clone(),
                    kind,
                    options,
                    &mut filing.heading,
                );
                entry.records = outcome.records;
                findings.absorb(outcome.findings);
                filing.schedules[kind.position()] = outcome.schedule;
            }
        }
        filing.files.push(entry);
    }
    counties::restore_zeros(&mut filing, &mut findings);
    filing.files.sort_by(|a, b| a.path.cmp(&b.path));
    LoadedFiling { filing, findings }
}

pub use crate::location::file_name;

/// The file opened for reading with its size, or why it must not be read:
/// only regular files are read (a FIFO named like a schedule would wait
/// forever for a writer, a device never ends), and none larger than
/// `max_bytes` (the records are held while the filing is checked, so the file
/// size bounds memory). `what` names the kind of file in the message
/// ("workbook"). It is opened without waiting (a FIFO's open would block
/// until a writer came) and then asked what it is: one path look-up per CSV.
fn open_regular(
    path: &std::path::Path,
    name: impl std::fmt::Display,
    what: &str,
    max_bytes: u64,
) -> Result<(std::fs::File, u64), String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let opened = options
        .open(path)
        .map_err(|error| format!("cannot open {name}: {error}"))?;
    match opened.metadata() {
        Ok(metadata) if !metadata.is_file() => Err(format!(
            "{name} is not a regular file (a FIFO, socket or device?); only files are read"
        )),
        Ok(metadata) if metadata.len() > max_bytes => Err(format!(
            "{name} is {} MB; a CFR {what} is a few MB at most, so it was not read (over {} MB)",
            metadata.len() / 1_000_000,
            max_bytes / 1_000_000
        )),
        Ok(metadata) => Ok((opened, metadata.len())),
        Err(error) => Err(format!("cannot open {name}: {error}")),
    }
}
