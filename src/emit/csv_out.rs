//! `--format csv`: one finding per row, for opening in Excel: `filing` then
//! the fields of the JSON finding, in the same order; empty cells for nulls.
//!
//! The file starts with a UTF-8 byte-order mark: without it Excel reads a
//! CSV as the Windows code page and garbles every non-ASCII character (an
//! en dash in a program name, `é` in a site name). Cells that Excel would
//! take for a formula (starting with `=`, `+`, `-`, `@`, tab or carriage
//! return) are prefixed with `'`, because a value comes from a filing and a
//! CSV must not run a formula when it is opened (OWASP "CSV injection").

use std::io::{self, Write};

use super::json::JsonFinding;
use crate::report::Report;

pub const HEADER: [&str; 14] = [
    "filing",
    "code",
    "name",
    "severity",
    "message",
    "schedule",
    "file",
    "line",
    "sheet",
    "cell",
    "column",
    "program_code",
    "program_index",
    "value",
];

pub fn emit(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    for (filing, finding) in report.findings() {
        let json = JsonFinding::from(finding);
        let text = |value: Option<&str>| safe(value.unwrap_or(""));
        writer.write_record([
            safe(&filing.path),
            safe(json.code),
            safe(json.name),
            safe(json.severity),
            safe(json.message),
            text(json.schedule),
            text(json.file),
            json.line.map_or_else(String::new, |line| line.to_string()),
            text(json.sheet),
            text(json.cell.as_deref()),
            text(json.column),
            text(json.program_code),
            text(json.program_index),
            text(json.value),
        ])?;
    }
    writer.flush()
}

fn safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
