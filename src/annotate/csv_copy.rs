//! The copy of a CSV filing: one sheet per schedule file, named after the
//! file, with each cell of line N in row N and the same column, so that a
//! finding's line and column are a cell of the copy. Codes and names stay
//! text (`0890` keeps its zero), plain numbers become numbers, the period
//! dates become dates; everything else is the text of the file.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Workbook, Worksheet, XlsxError};

use super::marks::{cell_text, put, OnSheet, SheetMarks, Shown, Styles, MAX_COLUMN, MAX_ROW};
use super::names::sheet_names;
use super::{CopiedSheet, Place};
use crate::input::cells::parse_date;
use crate::input::csv_records::record_line;
use crate::input::csv_records::{CsvReader, RawRecord};
use crate::input::discover::FoundFile;
use crate::input::lines::LineTracking;
use crate::input::read::MAX_FILE_BYTES;
use crate::input::row::CsvRow;
use crate::input::{column_positions, Target};
use crate::location::Sheet;
use crate::model::{Column, ScheduleKind};
use crate::report::{FilingReport, Finding};
use crate::settings::Encoding;

/// Copies the schedule files of a CSV filing, CFR-1 first. A file that
/// cannot be read gets an empty sheet, with its findings noted on A1.
pub(super) fn copy_sheets(
    workbook: &mut Workbook,
    target: &Target,
    filing: &FilingReport,
    places: &mut [Option<Place>],
    styles: &Styles,
    encoding: Encoding,
) -> Result<Vec<CopiedSheet>, XlsxError> {
    let mut files: Vec<&FoundFile> = target
        .files
        .iter()
        .filter(|file| file.schedule.is_some() && !file.is_dir)
        .collect();
    files.sort_by_key(|file| {
        (
            file.schedule.map(ScheduleKind::position),
            file.display.clone(),
        )
    });
    let stems: Vec<String> = files
        .iter()
        .map(|file| match file.path.file_stem() {
            Some(stem) => stem.to_string_lossy().into_owned(),
            None => file.display.clone(),
        })
        .collect();
    let names = sheet_names(stems.iter().map(String::as_str));
    let mut sheets = Vec::with_capacity(files.len());
    for (file, name) in files.into_iter().zip(names) {
        let worksheet = workbook.new_worksheet_with_constant_memory()?;
        let copy = FileCopy {
            file,
            index: sheets.len(),
            filing,
            styles,
        };
        let worksheet = copy.write(worksheet, &name, places, encoding)?;
        sheets.push(CopiedSheet { name, worksheet });
    }
    Ok(sheets)
}

/// One schedule file being copied into the sheet `index` of the copy.
struct FileCopy<'a> {
    file: &'a FoundFile,
    index: usize,
    filing: &'a FilingReport,
    styles: &'a Styles,
}

impl FileCopy<'_> {
    fn write(
        &self,
        mut worksheet: Worksheet,
        name: &str,
        places: &mut [Option<Place>],
        encoding: Encoding,
    ) -> Result<Worksheet, XlsxError> {
        worksheet.set_name(name)?;
        super::print_one_page_wide(&mut worksheet, true);
        let kind = self.file.schedule.unwrap_or(ScheduleKind::Cfr1);
        let text = read_text(&self.file.path, encoding).unwrap_or_default();
        let (tracked, lines) = LineTracking::new(text.as_slice());
        let mut reader = CsvReader::new(tracked);
        let mut record = RawRecord::default();
        let has_header = matches!(reader.read(&mut record), Ok(true));
        let positions = match CsvRow::new(&record).filter(|_| has_header) {
            Some(header) => column_positions(&header, kind),
            None => [None; Column::COUNT],
        };
        // The file laid out as a sheet: each column where the header has it.
        let layout = Sheet {
            name: name.into(),
            columns: positions.map(|position| position.and_then(|at| u32::try_from(at).ok())),
        };
        let display = &self.file.display;
        let mut marks = SheetMarks::collect(self.index, self.filing, places, |finding| {
            locate(finding, display, &layout)
        });
        let mut column_of = Vec::new();
        for (column, position) in Column::ALL.into_iter().zip(positions) {
            if let Some(position) = position {
                column_of.resize(column_of.len().max(position + 1), None);
                column_of[position] = Some(column);
            }
        }
        let codes = super::code_columns(&positions);
        let mut rows = RowWriter {
            column_of: &column_of,
            codes: &codes,
            marks: &mut marks,
            styles: self.styles,
            filing: self.filing,
        };
        if has_header {
            let names = record
                .iter()
                .map(|name| String::from_utf8_lossy(name).chars().count())
                .enumerate();
            super::lay_out_schedule(&mut worksheet, self.styles, 0, &codes, names)?;
            rows.write(&mut worksheet, 0, &record, true)?;
        }
        while let Ok(true) = reader.read(&mut record) {
            let line = record_line(&record, &reader, &lines);
            match u32::try_from(line - 1) {
                Ok(row) if row <= MAX_ROW => rows.write(&mut worksheet, row, &record, false)?,
                _ => break,
            }
        }
        let marks = rows.marks;
        marks.fill_through(u32::MAX, &mut worksheet, self.styles, self.filing, &codes)?;
        marks.write_notes(&mut worksheet, self.filing)?;
        Ok(worksheet)
    }
}

/// The file as UTF-8, decoded as the check decoded it: UTF-8, or
/// Windows-1252 when asked or when it is not UTF-8 (IN012). `None` for a
/// file the check did not read for its kind or size.
fn read_text(path: &Path, encoding: Encoding) -> Option<Vec<u8>> {
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > MAX_FILE_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    if let Some(utf8) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Some(utf8.to_vec());
    }
    let is_utf8 = std::str::from_utf8(&bytes).is_ok();
    Some(match encoding {
        Encoding::Windows1252 => windows_1252(&bytes),
        Encoding::Auto if !is_utf8 => windows_1252(&bytes),
        Encoding::Auto | Encoding::Utf8 => match String::from_utf8_lossy(&bytes) {
            std::borrow::Cow::Borrowed(_) => bytes,
            std::borrow::Cow::Owned(text) => text.into_bytes(),
        },
    })
}

fn windows_1252(bytes: &[u8]) -> Vec<u8> {
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    text.into_owned().into_bytes()
}

/// Where a finding is on the sheet of the file `display`: the cell of its
/// column (or of program_code, for a finding about the whole record) on
/// its line, as a worksheet finding's cell is; else the whole sheet.
fn locate(finding: &Finding, display: &str, layout: &Sheet) -> OnSheet {
    if finding.file.as_deref() != Some(display) {
        return OnSheet::Elsewhere;
    }
    OnSheet::of(finding, layout)
}

/// Writes the records of one file.
struct RowWriter<'a> {
    /// The schedule column at each position of the header.
    column_of: &'a [Option<Column>],
    /// The code columns, formatted as text.
    codes: &'a [u16],
    marks: &'a mut SheetMarks,
    styles: &'a Styles,
    filing: &'a FilingReport,
}

impl RowWriter<'_> {
    fn write(
        &mut self,
        worksheet: &mut Worksheet,
        row: u32,
        record: &RawRecord,
        is_header: bool,
    ) -> Result<(), XlsxError> {
        self.marks
            .fill_through(row, worksheet, self.styles, self.filing, self.codes)?;
        for (position, cell) in record.iter().enumerate() {
            let Ok(column) = u16::try_from(position) else {
                break;
            };
            if cell.is_empty() || u32::from(column) > MAX_COLUMN {
                continue;
            }
            let text = String::from_utf8_lossy(cell);
            let text = cell_text(&text);
            let severity = self.marks.severity_at(row, column, self.filing);
            let format = |shown| self.styles.get(shown, severity);
            let at = (row, column);
            let kind = self.column_of.get(position).copied().flatten();
            match kind.filter(|_| !is_header) {
                // Text in a column formatted as text; a cell at fault is
                // text itself (the cell the preparer retypes).
                Some(kind) if kind.is_code() => {
                    let shown = if severity.is_some() {
                        Shown::Text
                    } else {
                        Shown::General
                    };
                    put(worksheet, at, text, format(shown))?
                }
                Some(Column::ProgramName | Column::StateAgency) => {
                    put(worksheet, at, text, format(Shown::General))?
                }
                Some(Column::PeriodStart | Column::PeriodEnd) => match date_of(text) {
                    Some(date) => put(worksheet, at, date, format(Shown::Date))?,
                    None => put(worksheet, at, text, format(Shown::General))?,
                },
                _ => match plain_number(text).filter(|_| !is_header) {
                    Some(number) => put(worksheet, at, number, format(Shown::General))?,
                    None => put(worksheet, at, text, format(Shown::General))?,
                },
            }
        }
        Ok(())
    }
}

/// A date as the reader accepts it (`2009-01-01`, `1/1/2009`).
fn date_of(text: &str) -> Option<ExcelDateTime> {
    let date = parse_date(text)?;
    ExcelDateTime::from_ymd(date.year, date.month, date.day).ok()
}

/// A plain decimal (`1234`, `-12.50`) that a double holds exactly enough
/// (15 digits): a number in the copy. `$1,234`, ` 12 ` and `1e3` stay text.
fn plain_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain = !whole.is_empty()
        && !fraction.is_empty()
        && whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
        && whole.len() + fraction.len() <= 15;
    plain.then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_only() {
        assert_eq!(plain_number("1234"), Some(1234.0));
        assert_eq!(plain_number("-12.50"), Some(-12.5));
        for text in [
            "$1,234",
            " 12",
            "1e3",
            "1.",
            ".5",
            "12a",
            "#REF!",
            "1234567890123456",
        ] {
            assert_eq!(plain_number(text), None, "{text}");
        }
    }
}
