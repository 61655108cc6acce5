//! The seam between the sources of records and the parsing of them: a CSV
//! record and a worksheet row are both a [`Row`] of [`Cell`]s, so that one
//! parser (`record.rs`) reads both, and rules and emitters never know which
//! it was.

use std::borrow::Cow;

use super::csv_records::RawRecord;
use crate::model::Date;

/// One cell as its source holds it. A CSV cell is always text; a worksheet
/// cell keeps the type the spreadsheet stored.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    Date(Date),
    Bool(bool),
    /// An error value such as `#REF!` or `#DIV/0!`.
    Error(&'a str),
    /// A formula whose result was never computed (the program that wrote
    /// the workbook does not calculate).
    Uncalculated,
}

impl<'a> Cell<'a> {
    /// The cell as text: a number as its shortest round-trip spelling
    /// (`890`, `1000000.1`), a date as `YYYY-MM-DD`. `None` for cells that
    /// hold no value (empty, an error, an uncalculated formula).
    // Inlined for the text of a CSV cell, nearly every call: the others
    // format a value, out of line.
    #[inline]
    pub fn text(self) -> Option<Cow<'a, str>> {
        match self {
            Cell::Text(text) => Some(Cow::Borrowed(text)),
            other => other.formatted_text(),
        }
    }

    #[inline(never)]
    fn formatted_text(self) -> Option<Cow<'a, str>> {
        match self {
            Cell::Text(text) => Some(Cow::Borrowed(text)),
            Cell::Number(number) => Some(Cow::Owned(number_text(number))),
            Cell::Date(date) => Some(Cow::Owned(date.to_string())),
            Cell::Bool(value) => Some(Cow::Borrowed(if value { "TRUE" } else { "FALSE" })),
            Cell::Empty | Cell::Error(_) | Cell::Uncalculated => None,
        }
    }

    /// Whether the cell is blank: empty, or text of white space only.
    pub fn is_blank(self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => super::cells::is_blank(text.as_bytes()),
            _ => false,
        }
    }

    /// What the cell holds, for messages: the text, `#REF!`, `TRUE`.
    pub fn shown(self) -> Cow<'a, str> {
        match self {
            Cell::Error(error) => Cow::Borrowed(error),
            Cell::Uncalculated => Cow::Borrowed("(formula without a computed value)"),
            other => other.text().unwrap_or(Cow::Borrowed("")),
        }
    }
}

/// The shortest decimal spelling that reads back as the same double: Rust's
/// `Display` for `f64` is exactly that (and never uses an exponent), so
/// `1000000.1` is `1000000.1`, never `1000000.0999999999`.
pub fn number_text(number: f64) -> String {
    if number == 0.0 {
        // Also for -0.0, which a spreadsheet shows as 0.
        return "0".to_string();
    }
    number.to_string()
}

/// A row of cells, by position (0 is the first column of the source).
pub trait Row {
    fn cell(&self, position: usize) -> Cell<'_>;
    /// How many cells the row has (CSV: fields; worksheet: the used width).
    fn width(&self) -> usize;
}

/// A CSV record, its text checked to be UTF-8 once for all its cells (a
/// record's cells are read several times each).
pub struct CsvRow<'r> {
    record: &'r RawRecord,
    text: &'r str,
}

impl<'r> CsvRow<'r> {
    /// The row, `None` when the record is not UTF-8.
    pub fn new(record: &'r RawRecord) -> Option<CsvRow<'r>> {
        let text = simdutf8::basic::from_utf8(record.as_slice()).ok()?;
        Some(CsvRow { record, text })
    }
}

impl Row for CsvRow<'_> {
    #[inline]
    fn cell(&self, position: usize) -> Cell<'_> {
        // Fields end at separators and quotes, which are ASCII, so each is
        // whole characters of the text.
        let text = self
            .record
            .bounds(position)
            .and_then(|bounds| self.text.get(bounds));
        match text {
            Some("") | None => Cell::Empty,
            Some(text) => Cell::Text(text),
        }
    }

    fn width(&self) -> usize {
        self.record.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_spell_as_their_shortest_round_trip() {
        assert_eq!(number_text(1_000_000.1), "1000000.1");
        assert_eq!(number_text(890.0), "890");
        assert_eq!(number_text(0.07), "0.07");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(1e21), "1000000000000000000000");
    }
}
