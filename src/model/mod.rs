//! The typed model of a filing: what the input layer builds from the CSV
//! files and what the rules read. Every record keeps the physical line it
//! came from so that every finding can point at it.
//!
//! Here: records, schedules and filings; the vocabulary of their cells is
//! in `columns` (schedules, columns, amounts), `codes` (program and funding
//! codes) and `dates` (dates and periods).

mod amounts;
mod codes;
mod columns;
mod dates;
pub mod location;
mod record;

pub use amounts::{Amounts, Parts};
pub use codes::*;
pub use columns::*;
pub use dates::*;
pub use record::Record;

use std::sync::Arc;

use compact_str::CompactString;

/// One schedule file of a filing, as read.
#[derive(Debug)]
pub struct Schedule {
    pub kind: ScheduleKind,
    /// The file's path as the user gave it (relative stays relative).
    pub file: Arc<str>,
    /// The worksheet the schedule was read from, when the file is a workbook.
    pub sheet: Option<Arc<location::Sheet>>,
    /// The columns the header carries.
    pub columns: ColumnSet,
    /// OMH records in file order.
    pub records: Vec<Record>,
    /// Records of other state agencies, counted and skipped (IN011).
    pub other_agency_records: usize,
}

impl Schedule {
    /// Whether the header carries the column; required amount columns that are
    /// absent were reported (IN003) and the checks that add them up are skipped.
    pub fn has(&self, column: Column) -> bool {
        self.columns.contains(column)
    }

    /// The records in runs of one program row (or of none) standing side by
    /// side: the columns of a program row usually do, so a rule that keys
    /// by program row can look a run up once instead of every record.
    pub fn program_row_runs(&self) -> impl Iterator<Item = &[Record]> {
        self.records
            .chunk_by(|a, b| a.program_row() == b.program_row())
    }
}

/// The heading of a filing: who filed it and for what period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Heading {
    pub agency_code: Option<CompactString>,
    pub period: Option<Period>,
}

/// A file that belongs to a filing, whether or not it could be read.
#[derive(Clone, Debug)]
pub struct FileEntry {
    pub path: Arc<str>,
    pub schedule: Option<ScheduleKind>,
    pub records: usize,
}

/// One provider's report for one period: the schedules found in its folder.
#[derive(Debug, Default)]
pub struct Filing {
    /// The filing's path as the user gave it.
    pub path: String,
    /// True when the user pointed at one CSV: that schedule is validated alone.
    pub single_file: bool,
    pub heading: Heading,
    /// Schedules that could be read, by kind.
    pub schedules: [Option<Schedule>; 5],
    /// Every file of the filing, in path order (read or not).
    pub files: Vec<FileEntry>,
}

impl Filing {
    pub fn schedule(&self, kind: ScheduleKind) -> Option<&Schedule> {
        self.schedules[kind.position()].as_ref()
    }

    /// Whether a file for the schedule was found, readable or not.
    pub fn has_file_for(&self, kind: ScheduleKind) -> bool {
        self.files.iter().any(|file| file.schedule == Some(kind))
    }
}
