//! CSV records read with one parser per thread.
//!
//! Building a csv parser fills its state tables, which takes longer than
//! parsing a whole small schedule (about 23 microseconds; the corpus of the
//! benchmark has 15,000 files). So each thread keeps one `csv_core` parser
//! and resets it for every file, instead of the csv crate's reader, which
//! builds a new one per file. The records are the csv crate's: the same
//! parser with its defaults, fields and their ends exactly as it makes them.
//! Plain lines, nearly all of them, are split without it
//! (`plain_lines.rs`) into the same fields, ends and positions.

use std::cell::RefCell;
use std::io::{self, BufRead};
use std::thread::LocalKey;

use csv_core::ReadRecordResult;

use super::lines::LineIndex;
use super::plain_lines::split_line;

thread_local! {
    /// The parser of this thread, while no file is being read with it.
    static IDLE_PARSER: RefCell<Option<Box<csv_core::Reader>>> = const { RefCell::new(None) };
    /// The buffers of the last record this thread read, grown to fit its
    /// files' records: a file's first records need not grow them again.
    static IDLE_RECORD: RefCell<Option<RawRecord>> = const { RefCell::new(None) };
}

/// One CSV record: every field's bytes, one after the other, and where
/// each field ends.
#[derive(Debug, Default)]
pub struct RawRecord {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    fields: usize,
}

impl RawRecord {
    /// An empty record with this thread's buffers (see `IDLE_RECORD`);
    /// they go back when it is dropped with [`RawRecord::release`].
    pub fn reused() -> RawRecord {
        take_idle(&IDLE_RECORD)
            .map(|mut record| {
                record.fields = 0;
                record
            })
            .unwrap_or_default()
    }

    /// Gives the record's buffers back to the thread for the next file.
    pub fn release(self) {
        give_back(&IDLE_RECORD, self);
    }

    /// How many fields the record has.
    pub fn len(&self) -> usize {
        self.fields
    }

    pub fn is_empty(&self) -> bool {
        self.fields == 0
    }

    pub fn get(&self, field: usize) -> Option<&[u8]> {
        self.bounds(field).map(|bounds| &self.bytes[bounds])
    }

    /// Where a field's bytes are in `as_slice`.
    pub fn bounds(&self, field: usize) -> Option<std::ops::Range<usize>> {
        if field >= self.fields {
            return None;
        }
        let start = if field == 0 { 0 } else { self.ends[field - 1] };
        Some(start..self.ends[field])
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &[u8]> + '_ {
        (0..self.fields).filter_map(|field| self.get(field))
    }

    /// Where each field ends in `as_slice`.
    pub fn field_ends(&self) -> &[usize] {
        &self.ends[..self.fields]
    }

    /// The bytes of all fields, without separators.
    pub fn as_slice(&self) -> &[u8] {
        match self.fields {
            0 => &[],
            n => &self.bytes[..self.ends[n - 1]],
        }
    }
}

/// Reads the records of one file with the thread's parser.
pub struct CsvReader<R> {
    input: R,
    parser: Option<Box<csv_core::Reader>>,
    /// Bytes of input consumed so far.
    position: u64,
    done: bool,
    /// Whether the parser has been given input from this file.
    parser_started: bool,
    /// Whether the last record was a plain line (so it holds no line break).
    last_was_plain: bool,
}

impl<R: BufRead> CsvReader<R> {
    pub fn new(input: R) -> CsvReader<R> {
        let mut parser =
            take_idle(&IDLE_PARSER).unwrap_or_else(|| Box::new(csv_core::Reader::new()));
        parser.reset();
        CsvReader {
            input,
            parser: Some(parser),
            position: 0,
            done: false,
            parser_started: false,
            last_was_plain: false,
        }
    }

    /// The byte offset just after the last record read.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Reads the next record into `record`; false at the end of the input.
    pub fn read(&mut self, record: &mut RawRecord) -> io::Result<bool> {
        record.fields = 0;
        self.last_was_plain = false;
        if self.done {
            return Ok(false);
        }
        match self.read_plain_line(record) {
            Ok(Some(found)) => {
                self.done = !found;
                self.last_was_plain = found;
                return Ok(found);
            }
            Ok(None) => {}
            Err(error) => {
                self.done = true;
                return Err(error);
            }
        }
        let Some(parser) = self.parser.as_mut() else {
            return Ok(false);
        };
        if !self.parser_started {
            // The parser strips a byte order mark from the first input it
            // is given, which `read_plain_line` has done already: a blank
            // line first (which it skips) makes that input not the first.
            parser.read_record(b"\n", &mut [], &mut []);
            self.parser_started = true;
        }
        let (mut written, mut ended) = (0, 0);
        loop {
            let input = match self.input.fill_buf() {
                Ok(input) => input,
                Err(error) => {
                    self.done = true;
                    return Err(error);
                }
            };
            if record.bytes.len() == written {
                record.bytes.resize((written * 2).max(64), 0);
            }
            if record.ends.len() == ended {
                record.ends.resize((ended * 2).max(16), 0);
            }
            let (result, read, wrote, ends) = parser.read_record(
                input,
                &mut record.bytes[written..],
                &mut record.ends[ended..],
            );
            self.input.consume(read);
            self.position += read as u64;
            written += wrote;
            ended += ends;
            match result {
                ReadRecordResult::InputEmpty
                | ReadRecordResult::OutputFull
                | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::Record => {
                    record.fields = ended;
                    return Ok(true);
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return Ok(false);
                }
            }
        }
    }
}

impl<R: BufRead> CsvReader<R> {
    /// Reads the next record when its line is plain (`plain_lines.rs`:
    /// fields unquoted, or quoted and closed on the line) and already
    /// buffered with its terminator: split at its commas, it costs a
    /// fraction of the parser's time. `Some(false)` at the end of the
    /// input, `None` when the parser must read the record.
    ///
    /// The parser's own rules for such a line, which this follows: blank
    /// lines between records are skipped, `\r`, `\n` and `\r\n` each end a
    /// record, and the terminator's first byte is consumed with its record
    /// (a `\n` after a `\r` is skipped as the start of the next). Whatever
    /// state the parser was left in by its last record (after a `\r` or a
    /// `\n`), it reads on from a record's first byte the same way.
    fn read_plain_line(&mut self, record: &mut RawRecord) -> io::Result<Option<bool>> {
        if self.position == 0 {
            // As the parser does with the first input it is given: a byte
            // order mark is stripped when its three bytes are buffered.
            let input = self.input.fill_buf()?;
            if input.starts_with(BYTE_ORDER_MARK) {
                self.input.consume(BYTE_ORDER_MARK.len());
                self.position += BYTE_ORDER_MARK.len() as u64;
            }
        }
        loop {
            let input = self.input.fill_buf()?;
            if input.is_empty() {
                return Ok(Some(false));
            }
            let blank = input
                .iter()
                .position(|&byte| byte != b'\n' && byte != b'\r')
                .unwrap_or(input.len());
            let line_starts_here = blank < input.len();
            self.input.consume(blank);
            self.position += blank as u64;
            if line_starts_here {
                break;
            }
        }
        let input = self.input.fill_buf()?;
        let Some(end) = memchr::memchr2(b'\n', b'\r', input) else {
            return Ok(None);
        };
        let Some(fields) = split_line(&input[..end], &mut record.bytes, &mut record.ends) else {
            return Ok(None);
        };
        record.fields = fields;
        self.input.consume(end + 1);
        self.position += end as u64 + 1;
        Ok(Some(true))
    }
}

/// UTF-8's byte order mark, which Excel writes at the start of "CSV UTF-8".
const BYTE_ORDER_MARK: &[u8] = b"\xef\xbb\xbf";

impl<R> Drop for CsvReader<R> {
    fn drop(&mut self) {
        if let Some(parser) = self.parser.take() {
            give_back(&IDLE_PARSER, parser);
        }
    }
}

/// What this thread kept in `idle` for the next file, if anything.
fn take_idle<T>(idle: &'static LocalKey<RefCell<Option<T>>>) -> Option<T> {
    idle.try_with(|idle| idle.borrow_mut().take())
        .ok()
        .flatten()
}

/// Keeps `value` in `idle` for this thread's next file.
fn give_back<T>(idle: &'static LocalKey<RefCell<Option<T>>>, value: T) {
    // During thread teardown there is no thread-local to return to.
    let _ = idle.try_with(|idle| *idle.borrow_mut() = Some(value));
}

/// The physical line on which a record starts (see `lines.rs`).
pub(crate) fn record_line<R: BufRead>(
    raw: &RawRecord,
    reader: &CsvReader<R>,
    lines: &LineIndex,
) -> u64 {
    let end = reader.position();
    let last_line = lines.line_of(end.saturating_sub(1));
    // Nearly every record: one line, ended by its line break.
    if reader.last_was_plain {
        return last_line.max(2);
    }
    let mut inner_newlines = memchr::memchr_iter(b'\n', raw.as_slice()).count() as u64;
    // A record cut off by the end of the file (a quote never closed) has no
    // terminator: its last byte is its own, and a newline there ends its last line.
    let cut_off = lines.is_end(end)
        && raw
            .iter()
            .next_back()
            .is_some_and(|field| field.ends_with(b"\n"));
    if cut_off {
        inner_newlines = inner_newlines.saturating_sub(1);
    }
    last_line.saturating_sub(inner_newlines).max(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records and end positions the csv crate reads from `text`.
    fn by_csv_crate(text: &[u8]) -> Vec<(Vec<Vec<u8>>, u64)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        let mut record = csv::ByteRecord::new();
        let mut records = Vec::new();
        while reader.read_byte_record(&mut record).expect("in memory") {
            let fields = record.iter().map(<[u8]>::to_vec).collect();
            records.push((fields, reader.position().byte()));
        }
        records
    }

    fn by_reused_parser(text: &[u8]) -> Vec<(Vec<Vec<u8>>, u64)> {
        // A small buffer, so records and fields span many reads.
        by_reused_parser_buffered(text, 3)
    }

    fn by_reused_parser_buffered(text: &[u8], capacity: usize) -> Vec<(Vec<Vec<u8>>, u64)> {
        let mut reader = CsvReader::new(io::BufReader::with_capacity(capacity, text));
        let mut record = RawRecord::default();
        let mut records = Vec::new();
        while reader.read(&mut record).expect("in memory") {
            assert_eq!(
                record.as_slice(),
                record.iter().collect::<Vec<_>>().concat()
            );
            let fields = record.iter().map(<[u8]>::to_vec).collect();
            records.push((fields, reader.position()));
        }
        records
    }

    #[test]
    fn records_and_positions_are_the_csv_crates() {
        let texts: [&[u8]; 6] = [
            b"a,b,c\n1,2,3\n",
            b"a,b\r\n\r\n\"x, \"\"quoted\"\"\",\"line\nbreak\"\r\nlast,",
            b"\n\n,,\n,\nonly",
            b"\"never closed,1\n2,3\n",
            b"",
            b"a long first field that outgrows the first buffer of all,b\nc",
        ];
        for text in texts {
            // Twice, so the second read starts from a parser reset after use.
            for _ in 0..2 {
                assert_eq!(
                    by_reused_parser(text),
                    by_csv_crate(text),
                    "{}",
                    String::from_utf8_lossy(text)
                );
            }
        }
    }

    proptest::proptest! {
        /// Plain lines are split without the parser (`read_plain_line`):
        /// texts of commas, quotes, blank lines of every terminator, byte
        /// order marks and bytes that are not UTF-8, read through buffers
        /// of many sizes, give the csv crate's records and positions. (The
        /// parser strips a byte order mark only when its three bytes are
        /// buffered together with more, as in every buffer cfrcheck reads with.)
        #[test]
        fn plain_lines_are_read_as_the_csv_crate_reads_them(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                &b"a"[..], b"12.50", b",", b",", b"\n", b"\r", b"\r\n", b"\"", b"\"\"",
                b" ", b"\xef\xbb\xbf", b"\xff", b"\n\n", b"\"$1,234.50\"", b",\"", b"\",",
                b"a long unquoted field,", b"\"a long, quoted field\"",
            ]), 0..40),
            capacity in proptest::sample::select(vec![4usize, 5, 7, 16, 64, 8192]),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(
                by_reused_parser_buffered(&text, capacity),
                by_csv_crate(&text)
            );
        }
    }

    #[test]
    fn plain_lines_after_a_quoted_one_read_on() {
        let texts: [&[u8]; 5] = [
            b"h\r\na,b\r\n\"q\r\n\",c\r\nd,e\r\n\r\nf",
            b"\xef\xbb\xbfh,i\nx,y\n",
            b"h\n\xef\xbb\xbfx,y\n",
            b"h\n,,\n,\n\r\r\rlast,\r",
            b"h\nmid\"quote,b\nc\n",
        ];
        for text in texts {
            for capacity in [4, 7, 8192] {
                assert_eq!(
                    by_reused_parser_buffered(text, capacity),
                    by_csv_crate(text),
                    "{}",
                    String::from_utf8_lossy(text)
                );
            }
        }
    }

    #[test]
    fn a_reader_dropped_mid_file_leaves_a_clean_parser() {
        let mut half = CsvReader::new(&b"\"open quote,a\nb"[..]);
        let mut record = RawRecord::default();
        half.read(&mut record).expect("in memory");
        drop(half);
        assert_eq!(by_reused_parser(b"x,y\n"), by_csv_crate(b"x,y\n"));
    }
}
