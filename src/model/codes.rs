//! The codes that identify a record: program code and index, the program
//! row they make, funding source and state agency.

use std::fmt;
use std::hash::{Hash, Hasher};

use compact_str::CompactString;

/// A four-digit OMH program code, e.g. `0890`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ProgramCode([u8; 4]);

// Codes, indexes and program rows key most of the rules' maps: each is
// hashed as one integer, not as a slice (its length, then its bytes).
impl Hash for ProgramCode {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u32(u32::from_le_bytes(self.0));
    }
}

impl ProgramCode {
    /// What a record holds before its code cell is read; never shown, as
    /// the record says it has no code.
    pub(super) const UNREAD: ProgramCode = ProgramCode(*b"0000");

    /// `digits` must be exactly four ASCII digits.
    pub fn from_digits(digits: &str) -> Option<ProgramCode> {
        let bytes: [u8; 4] = digits.as_bytes().try_into().ok()?;
        bytes
            .iter()
            .all(u8::is_ascii_digit)
            .then_some(ProgramCode(bytes))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("????")
    }
}

impl fmt::Display for ProgramCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ProgramCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProgramCode({})", self.as_str())
    }
}

/// A program index: none, `00`-`99`, or `A0`-`A9` (start-up / PDG columns).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct ProgramIndex([u8; 2]);

impl Hash for ProgramIndex {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u16(u16::from_le_bytes(self.0));
    }
}

impl ProgramIndex {
    pub const NONE: ProgramIndex = ProgramIndex([0, 0]);

    pub fn from_chars(first: u8, second: u8) -> ProgramIndex {
        ProgramIndex([first, second])
    }

    pub fn is_none(self) -> bool {
        self == Self::NONE
    }

    /// Start-up and Program Development Grant columns (CBR manual section 40).
    pub fn is_startup(self) -> bool {
        self.0[0] == b'A'
    }

    /// The numeric value of a `00`-`99` index.
    pub fn number(self) -> Option<u8> {
        (self.0[0].is_ascii_digit() && self.0[1].is_ascii_digit())
            .then(|| (self.0[0] - b'0') * 10 + (self.0[1] - b'0'))
    }

    /// The digit of an `A0`-`A9` (start-up) index: `A3` is 3.
    pub fn startup_number(self) -> Option<u8> {
        (self.is_startup() && self.0[1].is_ascii_digit()).then(|| self.0[1] - b'0')
    }

    pub fn as_str(&self) -> &str {
        if self.is_none() {
            ""
        } else {
            std::str::from_utf8(&self.0).unwrap_or("??")
        }
    }
}

impl fmt::Display for ProgramIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ProgramIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProgramIndex({:?})", self.as_str())
    }
}

/// A program row of the claiming schedules: (program_code, program_index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ProgramRow {
    pub code: ProgramCode,
    pub index: ProgramIndex,
}

impl Hash for ProgramRow {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let code = u64::from(u32::from_le_bytes(self.code.0));
        let index = u64::from(u16::from_le_bytes(self.index.0));
        state.write_u64(code << 16 | index);
    }
}

impl fmt::Display for ProgramRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.index.is_none() {
            write!(f, "{}", self.code)
        } else {
            write!(f, "{} {}", self.code, self.index)
        }
    }
}

/// A funding source as on DMH-3: a code (`001`, `170B`) and an optional index (`A`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FundSource {
    pub code: CompactString,
    pub index: Option<CompactString>,
}

impl fmt::Display for FundSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.index {
            Some(index) => write!(f, "{} index {}", self.code, index),
            None => f.write_str(&self.code),
        }
    }
}

/// The state agency a record belongs to; only OMH records are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateAgency {
    Omh,
    Oasas,
    Opwdd,
    Other,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_are_numbered_by_their_kind() {
        let index = |text: &[u8; 2]| ProgramIndex::from_chars(text[0], text[1]);
        assert_eq!(index(b"07").number(), Some(7));
        assert_eq!(index(b"07").startup_number(), None);
        assert_eq!(index(b"A3").startup_number(), Some(3));
        assert_eq!(index(b"A3").number(), None);
        assert_eq!(ProgramIndex::NONE.number(), None);
        assert_eq!(ProgramIndex::NONE.startup_number(), None);
    }
}
