//! A reader adapter that knows where the lines are.
//!
//! The csv crate's record positions do not account for skipped blank lines
//! or CRLF endings, and findings must name the physical line. This adapter
//! notes the offset of every newline the parser is handed (only the ones
//! still ahead of the parser are kept) and of the first NUL byte, and
//! refuses lines so long that a single record could exhaust memory.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

/// Longest physical line accepted: a record of this size is already absurd
/// for a CFR column; a file of one multi-gigabyte line must not be buffered.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// The buffer a file that is not small is read through.
pub const READ_BUFFER_BYTES: usize = 64 * 1024;

#[derive(Default)]
struct Newlines {
    /// Offsets of newlines the parser has not yet passed.
    ahead: VecDeque<u64>,
    /// Newlines already passed.
    passed: u64,
    /// The offset of the end of the input, once it has been reached.
    end: Option<u64>,
    /// Bytes looked through for newlines so far (consumed or buffered).
    scanned: u64,
    /// The offset of the first NUL byte looked through, which no text
    /// export holds (a binary file).
    first_nul: Option<u64>,
}

/// Answers "on which line is this byte?" for bytes read through [`LineTracking`].
#[derive(Clone, Default)]
pub struct LineIndex(Rc<RefCell<Newlines>>);

impl LineIndex {
    /// The 1-based line of the byte at `offset`; offsets must not decrease
    /// between calls.
    pub fn line_of(&self, offset: u64) -> u64 {
        let mut newlines = self.0.borrow_mut();
        while newlines.ahead.front().is_some_and(|&at| at < offset) {
            newlines.ahead.pop_front();
            newlines.passed += 1;
        }
        newlines.passed + 1
    }
}

impl LineIndex {
    /// Whether `offset` is the end of the input (reached already).
    pub fn is_end(&self, offset: u64) -> bool {
        self.0.borrow().end == Some(offset)
    }

    /// The line breaks before `offset`, if the bytes up to it have been
    /// looked through; offsets must not decrease between calls, as for
    /// [`LineIndex::line_of`].
    pub fn breaks_before(&self, offset: u64) -> Option<u64> {
        let scanned = self.0.borrow().scanned;
        (scanned >= offset).then(|| self.line_of(offset) - 1)
    }

    /// Whether a NUL byte comes before `offset`: for a record ending there,
    /// whether it holds one, when the records before it held none. Each
    /// byte is looked at once, as it comes in, not once per record.
    pub fn nul_before(&self, offset: u64) -> bool {
        self.0.borrow().first_nul.is_some_and(|at| at < offset)
    }
}

/// A buffered reader that notes where its lines end as their bytes come
/// in. It is itself the buffer the parser reads from: a second buffer on
/// top would be zero-filled on every refill (64 KB per file of a corpus of
/// small files).
pub struct LineTracking<R> {
    inner: R,
    index: LineIndex,
    /// Bytes consumed so far.
    offset: u64,
    line_length: usize,
}

impl<R: BufRead> LineTracking<R> {
    pub fn new(inner: R) -> (LineTracking<R>, LineIndex) {
        LineTracking::after_lines(inner, 0)
    }

    /// Tracking for input that starts after `lines` line breaks (a part of
    /// a file read on its own).
    pub fn after_lines(inner: R, lines: u64) -> (LineTracking<R>, LineIndex) {
        let index = LineIndex(Rc::new(RefCell::new(Newlines {
            // Room for the lines of a small file, read in one go.
            ahead: VecDeque::with_capacity(64),
            passed: lines,
            end: None,
            scanned: 0,
            first_nul: None,
        })));
        let reader = LineTracking {
            inner,
            index: index.clone(),
            offset: 0,
            line_length: 0,
        };
        (reader, index)
    }
}

impl<R: BufRead> BufRead for LineTracking<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let buffered = self.inner.fill_buf()?;
        let mut newlines = self.index.0.borrow_mut();
        if buffered.is_empty() {
            newlines.end = Some(self.offset);
            return Ok(buffered);
        }
        // What has not been looked through yet: bytes are buffered once and
        // handed out until consumed.
        let start = newlines.scanned;
        let fresh = &buffered[(start - self.offset) as usize..];
        if !fresh.is_empty() {
            let mut last_newline = None;
            for at in memchr::memchr_iter(b'\n', fresh) {
                newlines.ahead.push_back(start + at as u64);
                last_newline = Some(at);
            }
            self.line_length = match last_newline {
                Some(at) => fresh.len() - at - 1,
                None => self.line_length + fresh.len(),
            };
            if newlines.first_nul.is_none() {
                newlines.first_nul = memchr::memchr(0, fresh).map(|at| start + at as u64);
            }
            newlines.scanned += fresh.len() as u64;
            if self.line_length > MAX_LINE_BYTES {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "a line is longer than {} MiB; this is not a CFR schedule export",
                        MAX_LINE_BYTES / (1024 * 1024)
                    ),
                ));
            }
        }
        Ok(buffered)
    }

    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount);
        self.offset += amount as u64;
    }
}

/// `BufRead` asks for it; the parser itself reads through `fill_buf`.
impl<R: BufRead> Read for LineTracking<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let read = available.len().min(buf.len());
        buf[..read].copy_from_slice(&available[..read]);
        self.consume(read);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_offsets() {
        let text = b"a,b\r\n\r\n1,2\nx\n";
        let (mut reader, index) = LineTracking::new(&text[..]);
        let mut sink = Vec::new();
        reader.read_to_end(&mut sink).expect("in-memory read");
        assert_eq!(index.line_of(0), 1);
        assert_eq!(index.line_of(7), 3);
        assert_eq!(index.line_of(10), 3);
        assert_eq!(index.line_of(11), 4);
    }

    #[test]
    fn refuses_endless_lines() {
        let long = vec![b'x'; MAX_LINE_BYTES + 10];
        let (mut reader, _) = LineTracking::new(&long[..]);
        let mut sink = Vec::new();
        assert!(reader.read_to_end(&mut sink).is_err());
    }
}
