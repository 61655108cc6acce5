//! One big CSV file read on two cores.
//!
//! A 100,000-column CFR-1 is one file, and reading it is most of the time
//! its filing takes. So the second half of a big file is read on another
//! core while this one reads the first half, and the two are joined, with
//! exactly the records, findings and notes of reading the file in one go.
//!
//! Where to cut needs care: a line break inside a quoted cell is not the
//! end of a record, and only a parser that read from the start knows
//! whether it is inside quotes. So the cut is a guess, checked afterwards.
//! The second half starts just after a line break near the middle, with a
//! fresh parser. The first half reads on until the row that ends at or
//! past the cut. If that row ends right at it (after its `\n`, or after the
//! `\r` of a `\r\n`), the first parser stands exactly where a fresh one
//! stands, and the second half is what reading on would have given. The
//! second half's rows were checked against the filing's heading as it was
//! after the first row, so the heading must not have changed in the first
//! half either. If any of this fails, or the second half met a fault, the
//! first half simply reads on to the end, and nothing of the guess is kept.
//!
//! Line numbers are the file's own: the second half counts its lines as if
//! only the header came before the cut, and at the join they are shifted by
//! the other line breaks the first half passed. It reads through its own
//! handle offsets (`pread`), so the halves never move each other's file
//! position; other platforms read big files in one go.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::iter::{IntoParallelIterator, ParallelExtend, ParallelIterator};

use super::csv_records::{CsvReader, RawRecord};
use super::header::Header;
use super::lines::{LineTracking, READ_BUFFER_BYTES};
use super::notes::Notes;
use super::record::RecordParser;
use super::rows::{Ended, NotUtf8, Rows};
use super::ReadOptions;
use crate::model::{Heading, Record, Schedule, ScheduleKind};
use crate::report::cap::CappedFindings;

/// Files smaller than this are read in one go: a hand-over costs more than
/// the second core saves (the 10,000-column CFR-1 is 1.4 MB).
pub const SPLIT_FROM_BYTES: u64 = 4_000_000;

/// How far past the middle a line break is looked for: a line this long is
/// not a schedule row, and the file is read in one go.
const CUT_SEARCH_BYTES: u64 = 1 << 20;

/// Files read in two halves so far in this process: the tests check that
/// the halves did join, not only that reading in one go gives the same.
static JOINED: AtomicUsize = AtomicUsize::new(0);

pub fn files_read_in_halves() -> usize {
    JOINED.load(Ordering::Relaxed)
}

/// The file a schedule's rows are read from, when it may be split.
#[derive(Clone, Copy)]
pub(super) struct WholeFile<'f> {
    pub(super) handle: &'f File,
    pub(super) size: u64,
}

/// Reads every row of a file, the second half on another core when the
/// file is big (see the module comment). `whole` is `None` for input that
/// is not the file's bytes as they are (a decoded Windows-1252 file).
pub(super) fn read_rows<R: BufRead>(
    rows: &mut Rows<R>,
    parser: &mut RecordParser,
    schedule: &mut Schedule,
    keep: bool,
    whole: Option<WholeFile>,
) -> Result<Ended, NotUtf8> {
    let split_from = parser.options.split_from_bytes;
    let Some(whole) =
        whole.filter(|whole| whole.size >= split_from && rayon::current_num_threads() > 1)
    else {
        return rows.read_into(parser, schedule, keep, u64::MAX);
    };
    // The first row sets the filing's heading that the second half checks against.
    match rows.read_into(parser, schedule, keep, 0)? {
        Ended::Offset => {}
        ended => return Ok(ended),
    }
    let cut = match cut_near_middle(whole) {
        Ok(Some(cut)) if cut > rows.offset() + 1 => cut,
        _ => return rows.read_into(parser, schedule, keep, u64::MAX),
    };
    let half = Half {
        file: parser.file,
        kind: parser.kind,
        options: parser.options,
        header: parser.header,
        cap: parser.findings.cap(),
        columns: schedule.columns,
        keep,
        heading: parser.heading.clone(),
    };
    let mut second = None;
    let first = rayon::in_place_scope(|scope| {
        let second = &mut second;
        scope.spawn(move |_| *second = Some(half.read(whole, cut)));
        rows.read_into(parser, schedule, keep, cut)
    })?;
    if first != Ended::Offset {
        return Ok(first);
    }
    let joins = |second: &SecondHalf| {
        second.ended == Ended::End
            && (rows.offset() == cut || rows.offset() + 1 == cut)
            && *parser.heading == second.heading_before
    };
    match second {
        Some(second) if joins(&second) => match second.join(rows, parser, schedule, whole, cut) {
            Ok(()) => {
                JOINED.fetch_add(1, Ordering::Relaxed);
                Ok(Ended::End)
            }
            // The halves are joined or not at all: reading on meets the error too.
            Err(_) => rows.read_into(parser, schedule, keep, u64::MAX),
        },
        _ => rows.read_into(parser, schedule, keep, u64::MAX),
    }
}

/// What the second half needs of the first: the file's header and the
/// filing's heading after the first row.
struct Half<'p> {
    file: &'p Arc<str>,
    kind: ScheduleKind,
    options: &'p ReadOptions<'p>,
    header: &'p Header,
    cap: usize,
    columns: crate::model::ColumnSet,
    keep: bool,
    heading: Heading,
}

/// Records of the second half are kept in blocks of this many (about a
/// megabyte), each freed as it is moved behind the first half's: a second
/// list of half the records would be held beside the whole list while it
/// is copied (a 625,000-record CFR-1 peaked at 134 MB that way, 93 MB read
/// in one go).
const RECORDS_PER_BLOCK: usize = 8 * 1024;

/// The second half of a file as read on its own.
struct SecondHalf {
    blocks: Vec<Vec<Record>>,
    other_agency_records: usize,
    counted: usize,
    findings: CappedFindings,
    notes: Notes,
    heading_before: Heading,
    heading_after: Heading,
    ended: Ended,
}

impl Half<'_> {
    /// Reads the rows from `cut` (just after a line break) to the end.
    fn read(self, whole: WholeFile, cut: u64) -> SecondHalf {
        let at = At {
            file: whole.handle,
            offset: cut,
        };
        // Lines are counted as if only the header came before the cut (a
        // first row is line 2), and made the file's at the join.
        let (tracked, lines) =
            LineTracking::after_lines(BufReader::with_capacity(READ_BUFFER_BYTES, at), 1);
        let reader = CsvReader::new(tracked);
        let mut rows = Rows::new(reader, lines, RawRecord::reused(), cut);
        let mut block = Schedule {
            kind: self.kind,
            file: self.file.clone(),
            sheet: None,
            columns: self.columns,
            records: Vec::with_capacity(RECORDS_PER_BLOCK),
            other_agency_records: 0,
        };
        let mut findings = CappedFindings::new(self.cap);
        let mut heading = self.heading.clone();
        let mut parser = RecordParser {
            file: self.file,
            kind: self.kind,
            sheet: None,
            options: self.options,
            header: self.header,
            heading: &mut heading,
            findings: &mut findings,
            notes: Notes::default(),
            dates: Default::default(),
        };
        let mut blocks = Vec::new();
        let ended = loop {
            let read = rows.read_records(&mut parser, &mut block, self.keep, RECORDS_PER_BLOCK);
            let records =
                std::mem::replace(&mut block.records, Vec::with_capacity(RECORDS_PER_BLOCK));
            blocks.push(records);
            match read {
                Ok(Ended::Full) => {}
                Ok(ended) => break ended,
                // A file that is not UTF-8 is read again from the start as Windows-1252.
                Err(NotUtf8 { .. }) => break Ended::Broken,
            }
        };
        let notes = std::mem::take(&mut parser.notes);
        SecondHalf {
            blocks,
            other_agency_records: block.other_agency_records,
            counted: rows.counted,
            findings,
            notes,
            heading_before: self.heading,
            heading_after: heading,
            ended,
        }
    }
}

impl SecondHalf {
    /// Appends the second half to the first, as if read on from there: its
    /// lines, counted as if only the header came before it, become the file's.
    fn join<R: BufRead>(
        mut self,
        rows: &mut Rows<R>,
        parser: &mut RecordParser,
        schedule: &mut Schedule,
        whole: WholeFile,
        cut: u64,
    ) -> io::Result<()> {
        // The first half has usually looked through the bytes up to the cut;
        // only when a `\r\n` straddles its last buffer are they counted again.
        let breaks = match rows.line_breaks_before(cut) {
            Some(breaks) => breaks,
            None => count_line_breaks(whole.handle, cut)?,
        };
        // The one line break the second half counted in (see `Half::read`).
        let before = breaks.saturating_sub(1);
        schedule
            .records
            .reserve(self.blocks.iter().map(Vec::len).sum());
        for block in self.blocks {
            // Copied on both cores (the room it goes to is fresh memory),
            // each record's line shifted as it is moved.
            schedule
                .records
                .par_extend(block.into_par_iter().map(|mut record| {
                    record.shift_line(before);
                    record
                }));
        }
        self.findings.shift_lines(before);
        self.notes.shift_lines(before);
        schedule.other_agency_records += self.other_agency_records;
        rows.counted += self.counted;
        parser.findings.absorb(self.findings);
        parser.notes.absorb(self.notes);
        *parser.heading = self.heading_after;
        Ok(())
    }
}

/// The offset just after the first line break at or past the middle of
/// the file, unless the second half would start with a byte-order mark
/// (which a fresh parser skips and one that read on does not).
fn cut_near_middle(whole: WholeFile) -> io::Result<Option<u64>> {
    let mut at = whole.size / 2;
    let limit = (at + CUT_SEARCH_BYTES).min(whole.size);
    let mut block = vec![0u8; 64 * 1024];
    while at < limit {
        let read = read_at(whole.handle, &mut block, at)?;
        if read == 0 {
            return Ok(None);
        }
        if let Some(newline) = memchr::memchr(b'\n', &block[..read]) {
            let cut = at + newline as u64 + 1;
            let mut start = [0u8; 3];
            let got = read_at(whole.handle, &mut start, cut)?;
            let bom = start[..got] == *b"\xEF\xBB\xBF";
            return Ok((cut < whole.size && !bom).then_some(cut));
        }
        at += read as u64;
    }
    Ok(None)
}

/// Line breaks in the file's first `end` bytes.
fn count_line_breaks(file: &File, end: u64) -> io::Result<u64> {
    let mut block = vec![0u8; 256 * 1024];
    let (mut at, mut breaks) = (0u64, 0u64);
    while at < end {
        let want = block.len().min((end - at) as usize);
        let read = read_at(file, &mut block[..want], at)?;
        if read == 0 {
            break;
        }
        breaks += memchr::memchr_iter(b'\n', &block[..read]).count() as u64;
        at += read as u64;
    }
    Ok(breaks)
}

/// A reader of the file from an offset on, through offsets of its own.
struct At<'f> {
    file: &'f File,
    offset: u64,
}

impl Read for At<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = read_at(self.file, buf, self.offset)?;
        self.offset += read as u64;
        Ok(read)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    use std::os::unix::fs::FileExt;
    loop {
        match file.read_at(buf, offset) {
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            result => return result,
        }
    }
}

/// Elsewhere reading at an offset moves the file position the first half
/// reads from, so big files are read in one go.
#[cfg(not(unix))]
fn read_at(_file: &File, _buf: &mut [u8], _offset: u64) -> io::Result<usize> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}
