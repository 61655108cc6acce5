//! Where a finding points when its records come from a worksheet: the
//! sheet's name and the column of the sheet each schedule column is in, so
//! that a finding about a record's `otps` names the cell (`[CFR-1]!F7`).
//! Shared vocabulary of the input layer (which builds it) and the report
//! (which prints it). Also how a file is named in a message. Part of the
//! model, whose schedules carry their sheet and whose columns it maps, so
//! that the two do not import each other.

use std::path::Path;
use std::sync::Arc;

use super::Column;

/// The file name of a path as text, for messages.
pub fn file_name(path: &Path) -> String {
    FileName(path).to_string()
}

/// A file's name as `file_name` spells it, written only when a message is
/// (readers name their file in many messages, and most files get none).
#[derive(Clone, Copy)]
pub struct FileName<'p>(pub &'p Path);

impl std::fmt::Display for FileName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.file_name() {
            Some(name) => write!(f, "{}", name.to_string_lossy()),
            None => write!(f, "{}", self.0.display()),
        }
    }
}

/// A worksheet that a schedule was read from.
#[derive(Debug, PartialEq, Eq)]
pub struct Sheet {
    pub name: Arc<str>,
    /// The 0-based sheet column of each schedule column, where present.
    pub columns: [Option<u32>; Column::COUNT],
}

impl Sheet {
    /// The A1 reference of a column's cell on a 1-based sheet row; without
    /// a column, the row's program_code cell (a finding about the whole
    /// record). `None` when the column is not on the sheet.
    pub fn cell(&self, column: Option<&str>, row: u64) -> Option<String> {
        let at = self.column_of(column)?;
        Some(a1(at, row))
    }

    /// The 0-based sheet column of the cell [`Sheet::cell`] names.
    pub fn column_of(&self, column: Option<&str>) -> Option<u32> {
        let column = match column {
            Some(name) => Column::from_name(name)?,
            None => Column::ProgramCode,
        };
        self.columns[column as usize]
    }
}

/// `A1` reference of a 0-based column and a 1-based row: 0, 7 is `A7`;
/// 26, 1 is `AA1`.
pub fn a1(column: u32, row: u64) -> String {
    let mut letters = Vec::with_capacity(3);
    let mut rest = column + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(b'A' + digit as u8);
        rest = (rest - 1) / 26;
    }
    letters.reverse();
    let mut name = String::from_utf8(letters).unwrap_or_default();
    name.push_str(&row.to_string());
    name
}

/// The letters of a 0-based column, as spreadsheets head it (`A`, `AA`).
pub fn column_letters(column: u32) -> String {
    let mut name = a1(column, 0);
    name.truncate(name.len() - 1);
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 1), "A1");
        assert_eq!(a1(3, 7), "D7");
        assert_eq!(a1(25, 2), "Z2");
        assert_eq!(a1(26, 2), "AA2");
        assert_eq!(a1(701, 3), "ZZ3");
        assert_eq!(a1(702, 3), "AAA3");
        assert_eq!(column_letters(27), "AB");
    }

    #[test]
    fn cells_of_columns() {
        let mut columns = [None; Column::COUNT];
        columns[Column::ProgramCode as usize] = Some(1);
        columns[Column::Otps as usize] = Some(5);
        let sheet = Sheet {
            name: "CFR-1".into(),
            columns,
        };
        assert_eq!(sheet.cell(Some("otps"), 7).as_deref(), Some("F7"));
        assert_eq!(sheet.cell(None, 7).as_deref(), Some("B7"));
        assert_eq!(sheet.cell(Some("county"), 7), None);
    }
}
