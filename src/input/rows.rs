//! The rows of a CSV schedule after its header: each one read, checked
//! (NUL bytes, UTF-8, field count, IN001/IN007) and parsed into the
//! schedule, up to the end of the file or up to a given offset, so that
//! the two halves of a big file can be read apart (`split.rs`).

use std::io::BufRead;
use std::path::Path;

use super::csv_records::{record_line, CsvReader, RawRecord};
use super::lines::LineIndex;
use super::record::RecordParser;
use super::row::CsvRow;
use super::rules::{IN001, IN007};
use crate::model::location::FileName;
use crate::model::Schedule;
use crate::report::Finding;

/// The file turned out not to be UTF-8 (at this line).
pub(super) struct NotUtf8 {
    pub(super) line: u64,
}

/// Why reading rows stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ended {
    /// At the end of the file.
    End,
    /// At a fault that ends the file (a read error, NUL bytes), reported.
    Broken,
    /// At the offset asked for: the next row starts at or after it.
    Offset,
    /// With as many records in the schedule as asked for.
    Full,
}

/// A CSV reader past the header, with what it has read so far.
pub(super) struct Rows<R> {
    reader: CsvReader<R>,
    lines: LineIndex,
    raw: RawRecord,
    /// The file offset of the reader's first byte: 0, 3 after a byte-order
    /// mark, or where a part of the file starts.
    origin: u64,
    /// Data records read, OMH or not (blank and totals rows are none).
    pub(super) counted: usize,
}

impl<R> Drop for Rows<R> {
    fn drop(&mut self) {
        std::mem::take(&mut self.raw).release();
    }
}

impl<R: BufRead> Rows<R> {
    pub(super) fn new(reader: CsvReader<R>, lines: LineIndex, raw: RawRecord, origin: u64) -> Self {
        Rows {
            reader,
            lines,
            raw,
            origin,
            counted: 0,
        }
    }

    /// The file offset just after the last row read.
    pub(super) fn offset(&self) -> u64 {
        self.origin + self.reader.position()
    }

    /// The line breaks before the file offset `offset`, at or past the
    /// last row read, if the reader has looked that far.
    pub(super) fn line_breaks_before(&self, offset: u64) -> Option<u64> {
        self.lines.breaks_before(offset - self.origin)
    }

    /// Reads rows into `schedule` (their records only when `keep`) until
    /// the end of the file, or until the row just read ends at or after
    /// `until - 1` (`Ended::Offset`): `0` reads one row, `u64::MAX` all.
    pub(super) fn read_into(
        &mut self,
        parser: &mut RecordParser,
        schedule: &mut Schedule,
        keep: bool,
        until: u64,
    ) -> Result<Ended, NotUtf8> {
        self.read_until(parser, schedule, keep, |rows, _| {
            (rows.offset().saturating_add(1) >= until).then_some(Ended::Offset)
        })
    }

    /// Reads rows into `schedule` until the end of the file, or until it
    /// holds `records` records (`Ended::Full`).
    pub(super) fn read_records(
        &mut self,
        parser: &mut RecordParser,
        schedule: &mut Schedule,
        keep: bool,
        records: usize,
    ) -> Result<Ended, NotUtf8> {
        self.read_until(parser, schedule, keep, |_, schedule| {
            (schedule.records.len() >= records).then_some(Ended::Full)
        })
    }

    fn read_until(
        &mut self,
        parser: &mut RecordParser,
        schedule: &mut Schedule,
        keep: bool,
        stop: impl Fn(&Self, &Schedule) -> Option<Ended>,
    ) -> Result<Ended, NotUtf8> {
        loop {
            if let Some(ended) = self.read_row(parser, schedule, keep)? {
                return Ok(ended);
            }
            if let Some(ended) = stop(self, schedule) {
                return Ok(ended);
            }
        }
    }

    /// Reads one row; `Some` when there was none left to read.
    fn read_row(
        &mut self,
        parser: &mut RecordParser,
        schedule: &mut Schedule,
        keep: bool,
    ) -> Result<Option<Ended>, NotUtf8> {
        let (file, kind) = (parser.file, parser.kind);
        let name = FileName(Path::new(&**file));
        let raw = &mut self.raw;
        match self.reader.read(raw) {
            Ok(true) => {}
            Ok(false) => return Ok(Some(Ended::End)),
            Err(error) => {
                parser.findings.push(
                    Finding::new(&IN001, read_error(file, &error))
                        .in_file(file, Some(kind))
                        .at_line(1),
                );
                return Ok(Some(Ended::Broken));
            }
        }
        let line = record_line(raw, &self.reader, &self.lines);
        if self.lines.nul_before(self.reader.position()) {
            parser.findings.push(
                Finding::new(
                    &IN001,
                    format!("{name} contains NUL bytes at line {line}: it is a binary file, not a CSV export"),
                )
                .in_file(file, Some(kind))
                .at_line(line),
            );
            return Ok(Some(Ended::Broken));
        }
        let Some(row) = CsvRow::new(raw) else {
            return Err(NotUtf8 { line });
        };
        // Excel writes a row of commas for every empty row of the used range.
        if raw.iter().all(super::cells::is_blank) {
            return Ok(None);
        }
        let width = parser.header.width;
        if raw.len() != width {
            self.counted += 1;
            // A quote that is never closed swallows the rest of the file into one cell.
            let cause = match raw.iter().next_back() {
                Some(last) if last.contains(&b'\n') => "a quote that is never closed?",
                _ => "a stray comma or an unquoted line break?",
            };
            parser.findings.push(
                Finding::new(
                    &IN007,
                    format!(
                        "record has {} fields but the header has {width}; the record was skipped ({cause})",
                        raw.len(),
                    ),
                )
                .in_file(file, Some(kind))
                .at_line(line)
                .value(raw.len().to_string()),
            );
            return Ok(None);
        }
        self.counted += parser.parse(&row, line).file_into(schedule, keep);
        Ok(None)
    }
}

/// The parser itself never fails (every byte sequence is some CSV); only
/// reading can.
pub(super) fn read_error(file: &str, error: &std::io::Error) -> String {
    let name = crate::location::file_name(Path::new(file));
    format!("cannot read {name}: {error}")
}
