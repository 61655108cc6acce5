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

pub use amounts::Amounts;
pub use codes::*;
pub use columns::*;
pub use dates::*;

use std::sync::Arc;

use compact_str::CompactString;
use rust_decimal::Decimal;

/// One record (row) of a schedule file.
///
/// A filing's records are all held while it is checked, so a record is
/// kept small (a CFR-1 of 100,000 columns is 100,000 of them): amounts are
/// packed (`Amounts`), and what is rare is boxed (the raw text of a
/// malformed code or index; the county and funding source of a claiming
/// row, which CFR-1 and DMH-1 have none of).
#[derive(Clone, Debug)]
pub struct Record {
    /// 1-based physical line in the file (the header is line 1); four
    /// bytes hold it, as a file is at most 128 MB.
    line: u32,
    /// The program code, or the raw cell when it is not a code (PC001).
    pub program_code: Result<ProgramCode, Box<str>>,
    /// The program index, or the raw cell when it is malformed (IX001).
    pub program_index: Result<ProgramIndex, Box<str>>,
    pub program_name: Option<CompactString>,
    pub site: Option<CompactString>,
    claim: Option<Box<Claim>>,
    amounts: Amounts,
    /// Amount cells that could not be read (IN004); checks using them are skipped.
    unreadable: u16,
}

impl Record {
    pub fn new(line: u64) -> Record {
        Record {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            program_code: Err(Box::default()),
            program_index: Ok(ProgramIndex::NONE),
            program_name: None,
            site: None,
            claim: None,
            amounts: Amounts::default(),
            unreadable: 0,
        }
    }

    /// 1-based physical line in the file (the header is line 1).
    pub fn line(&self) -> u64 {
        u64::from(self.line)
    }

    /// The amount, `None` when the cell could not be read (already reported).
    pub fn amount(&self, amount: Amount) -> Option<Decimal> {
        (self.unreadable & (1 << amount as u16) == 0).then(|| self.amounts.get(amount))
    }

    pub fn set_amount(&mut self, amount: Amount, value: Option<Decimal>) {
        match value {
            Some(value) => {
                self.amounts.set(amount, value);
                self.unreadable &= !(1 << amount as u16);
            }
            None => self.unreadable |= 1 << amount as u16,
        }
    }

    /// The (program_code, program_index) key, when both are well formed.
    pub fn program_row(&self) -> Option<ProgramRow> {
        match (&self.program_code, &self.program_index) {
            (Ok(code), Ok(index)) => Some(ProgramRow {
                code: *code,
                index: *index,
            }),
            _ => None,
        }
    }

    /// The program code as written after normalisation, for messages.
    pub fn program_code_text(&self) -> &str {
        match &self.program_code {
            Ok(code) => code.as_str(),
            Err(raw) => raw,
        }
    }

    pub fn program_index_text(&self) -> &str {
        match &self.program_index {
            Ok(index) => index.as_str(),
            Err(raw) => raw,
        }
    }

    pub fn county_text(&self) -> &str {
        self.county().unwrap_or("")
    }

    /// The county of a DMH-2, DMH-3 or CBR row.
    pub fn county(&self) -> Option<&str> {
        self.claim.as_ref()?.county.as_deref()
    }

    /// The county, to restore its leading zeros (IN008).
    pub fn county_mut(&mut self) -> Option<&mut CompactString> {
        self.claim.as_mut()?.county.as_mut()
    }

    /// The funding source of a row that names one.
    pub fn fund(&self) -> Option<&FundSource> {
        self.claim.as_ref()?.fund.as_ref()
    }

    /// Sets where a row is claimed: its county and funding source.
    pub fn set_claim(&mut self, county: Option<CompactString>, fund: Option<FundSource>) {
        self.claim = (county.is_some() || fund.is_some()).then(|| Box::new(Claim { county, fund }));
    }
}

/// Where a claiming row is claimed.
#[derive(Clone, Debug)]
struct Claim {
    county: Option<CompactString>,
    fund: Option<FundSource>,
}

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
}

/// The heading of a filing: who filed it and for what period.
#[derive(Clone, Debug, Default)]
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
