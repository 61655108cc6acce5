//! Plain CSV lines split without the parser (see
//! `CsvReader::read_plain_line`): csv_core steps a state machine byte by
//! byte, where a line of plain fields needs only its commas found, and
//! those are found eight bytes at a time.

/// Splits a line as the parser would: each field's bytes one after the
/// other into `bytes`, where each ends into `ends` (a record's buffers,
/// grown here when short); says how many fields there are. `None` (the
/// buffers half written) when the line holds more than unquoted fields
/// and quoted ones closed on the line by a quote that a comma or the
/// line's end follows: a doubled quote, a quoted line break or text after
/// a closing quote is the parser's to read. A quote inside an unquoted
/// field is text to the parser, as here.
pub(super) fn split_line(line: &[u8], bytes: &mut Vec<u8>, ends: &mut Vec<usize>) -> Option<usize> {
    // Room for a whole word stored at the last field's end (see
    // `Copy::until`), and a field end per byte and one more.
    if bytes.len() < line.len() + WORD {
        bytes.resize((line.len() + WORD).max(64), 0);
    }
    if ends.len() <= line.len() {
        ends.resize((line.len() + 1).max(16), 0);
    }
    let mut fields = 0;
    let mut copy = Copy {
        line,
        read: 0,
        bytes,
        written: 0,
    };
    loop {
        let ended_by_comma = if line.get(copy.read) == Some(&b'"') {
            copy.read += 1;
            if !copy.until(b'"') {
                return None;
            }
            copy.read += 1;
            match line.get(copy.read) {
                None => false,
                Some(b',') => true,
                Some(_) => return None,
            }
        } else {
            copy.until(b',')
        };
        ends[fields] = copy.written;
        fields += 1;
        if !ended_by_comma {
            return Some(fields);
        }
        copy.read += 1;
    }
}

/// Bytes in a machine word.
const WORD: usize = 8;

/// A line's bytes being copied into a record's, field by field.
struct Copy<'a> {
    line: &'a [u8],
    read: usize,
    bytes: &'a mut [u8],
    written: usize,
}

impl Copy<'_> {
    /// Copies the line's bytes up to the next `byte` (where reading then
    /// stands) or to its end; says whether `byte` was found. The line is
    /// taken eight bytes at a time as one machine word (SWAR): each word
    /// is stored whole, and only its bytes before the first `byte` in it
    /// are kept; a few instructions per word where a byte-by-byte parser
    /// takes as many per byte.
    fn until(&mut self, byte: u8) -> bool {
        let sought = u64::from_ne_bytes([byte; WORD]);
        const LOWS: u64 = u64::from_ne_bytes([0x01; WORD]);
        const HIGHS: u64 = u64::from_ne_bytes([0x80; WORD]);
        while let Some(chunk) = self.line.get(self.read..self.read + WORD) {
            self.bytes[self.written..self.written + WORD].copy_from_slice(chunk);
            let mut word = [0; WORD];
            word.copy_from_slice(chunk);
            // The sought byte is zero in `others`; the lowest byte found
            // zero is exact (a borrow reaches only bytes above it).
            let others = u64::from_le_bytes(word) ^ sought;
            let found = others.wrapping_sub(LOWS) & !others & HIGHS;
            if found != 0 {
                let before = found.trailing_zeros() as usize / WORD;
                self.read += before;
                self.written += before;
                return true;
            }
            self.read += WORD;
            self.written += WORD;
        }
        while let Some(&next) = self.line.get(self.read) {
            if next == byte {
                return true;
            }
            self.bytes[self.written] = next;
            self.written += 1;
            self.read += 1;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Word by word, a line of unquoted fields splits as it does byte
        /// by byte, whatever bytes are around its commas (one above a
        /// comma, a comma with the high bit set), wherever in a word the
        /// commas fall.
        #[test]
        fn lines_split_at_commas_word_by_word_as_byte_by_byte(
            line in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b',', b'-', b'+', 0x80, 0xac, 0x01, 0]),
                0..70,
            ),
        ) {
            let (mut bytes, mut ends) = (Vec::new(), Vec::new());
            let count = split_line(&line, &mut bytes, &mut ends);
            proptest::prop_assert!(count.is_some());
            let starts = [0].into_iter().chain(ends.iter().copied());
            let fields: Vec<&[u8]> = starts
                .zip(&ends[..count.unwrap_or_default()])
                .map(|(start, &end)| &bytes[start..end])
                .collect();
            let expected: Vec<&[u8]> = line.split(|&byte| byte == b',').collect();
            proptest::prop_assert_eq!(fields, expected);
        }
    }
}
