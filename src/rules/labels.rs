//! How findings name a program: `0890 Local Governmental Unit (LGU)
//! Administration`, `6070 01`. Shared by every family, so that none of
//! them imports another for its words.

use crate::model::{ProgramCode, Record};
use crate::rulebook::Edition;

/// `0890 Local Governmental Unit (LGU) Administration`, or the bare code.
pub(crate) fn program_label(edition: &Edition, code: ProgramCode) -> String {
    match edition.program(code) {
        Some(program) => format!("{code} {}", program.name),
        None => code.to_string(),
    }
}

/// The record's program row as written: `6070 01`, `2100`.
pub(crate) fn row_text(record: &Record) -> String {
    match record.program_row() {
        Some(row) => row.to_string(),
        None => record.program_code_text().to_string(),
    }
}
