//! The copy of a workbook filing: every worksheet of the original, in its
//! order and under its name, each value in its own cell with its type
//! (numbers, text, booleans, dates with a date format), formulas of
//! `.xlsx`/`.xlsm` workbooks written back as formulas with their cached
//! result, error values as error values. On schedule sheets the code
//! columns are formatted as text (what is typed there keeps its zeros) and
//! the rows above and the header row stay in view.

use std::path::Path;

use calamine::{open_workbook_auto, CellErrorType, Data, ExcelDateTime, Range, Reader, Sheets};
use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

use super::marks::{OnSheet, SheetMarks, Shown, Styles};
use super::{CopiedSheet, Place};
use crate::input::row::{number_text, Cell, Row};
use crate::input::workbook::{error_name, HEADER_SEARCH_ROWS, MAX_WORKBOOK_BYTES};
use crate::input::{column_positions, names_program_code, Target};
use crate::model::{Column, ScheduleKind};
use crate::report::{Finding, FilingReport};

/// Copies every sheet of the target's workbook. A workbook that cannot be
/// opened (IN001 says why) has no sheet to copy: its copy holds the
/// Findings sheet alone.
pub(super) fn copy_sheets(
    target: &Target,
    filing: &FilingReport,
    places: &mut [Option<Place>],
    styles: &Styles,
) -> Result<Vec<CopiedSheet>, XlsxError> {
    let Some(found) = target.files.first() else {
        return Ok(Vec::new());
    };
    let Some(mut workbook) = open(&found.path) else {
        return Ok(Vec::new());
    };
    // Other formats' formulas are not in Excel's syntax (OpenDocument's
    // `of:=[.A1]`), and calamine rebuilds .xls/.xlsb formulas from tokens:
    // their copies keep the cached values only.
    let keep_formulas = found.path.extension().is_some_and(|extension| {
        extension.eq_ignore_ascii_case("xlsx") || extension.eq_ignore_ascii_case("xlsm")
    });
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let values = guarded(|| workbook.worksheet_range(&name)).unwrap_or_default();
        let formulas = keep_formulas
            .then(|| guarded(|| workbook.worksheet_formula(&name)))
            .flatten();
        let marks = SheetMarks::collect(sheets.len(), filing, places, |finding| {
            locate(finding, &name)
        });
        let copy = SheetCopy {
            values: &values,
            formulas: formulas.as_ref(),
            marks: &marks,
            styles,
            filing,
        };
        let worksheet = copy.write(&name)?;
        sheets.push(CopiedSheet { name, worksheet });
    }
    Ok(sheets)
}

/// Opens the workbook as the check did; `None` when the check could not.
fn open(path: &Path) -> Option<Sheets<std::io::BufReader<std::fs::File>>> {
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > MAX_WORKBOOK_BYTES {
        return None;
    }
    std::panic::catch_unwind(|| open_workbook_auto(path))
        .ok()?
        .ok()
}

/// A sheet read by calamine, which is a parser of untrusted files: a
/// failure (or a panic) is an empty sheet in the copy, never the end.
fn guarded<T, E>(read: impl FnOnce() -> Result<T, E>) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .ok()?
        .ok()
}

/// Where a finding is on the sheet `name`: the cell the finding names
/// (`Finding::cell`), or the whole sheet when it names none.
fn locate(finding: &Finding, name: &str) -> OnSheet {
    if finding.sheet_name() != Some(name) {
        return OnSheet::Elsewhere;
    }
    let cell = finding.sheet.as_ref().and_then(|sheet| {
        let row = u32::try_from(finding.line?.checked_sub(1)?).ok()?;
        let column = u16::try_from(sheet.column_of(finding.column)?).ok()?;
        Some(OnSheet::Cell(row, column))
    });
    cell.unwrap_or(OnSheet::Whole)
}

struct SheetCopy<'a> {
    values: &'a Range<Data>,
    formulas: Option<&'a Range<String>>,
    marks: &'a SheetMarks,
    styles: &'a Styles,
    filing: &'a FilingReport,
}

impl SheetCopy<'_> {
    fn write(&self, name: &str) -> Result<Worksheet, XlsxError> {
        let mut worksheet = Worksheet::new();
        worksheet.set_name(name)?;
        let (first_row, first_column) = self.values.start().unwrap_or((0, 0));
        let header = ScheduleKind::from_stem(name).and_then(|kind| self.header(kind));
        let is_code = |column: u32| header.as_ref().is_some_and(|h| h.codes.contains(&column));
        self.marks.write_blanks(&mut worksheet, self.styles, self.filing)?;
        for (offset, cells) in self.values.rows().enumerate() {
            let row = first_row + offset as u32;
            for (position, value) in cells.iter().enumerate() {
                let column = first_column + position as u32;
                let formula = self.formula_at(row, column);
                if matches!(value, Data::Empty) && formula.is_none() {
                    continue;
                }
                let code = is_code(column) && header.as_ref().is_some_and(|h| row > h.row);
                self.cell(&mut worksheet, (row, column), value, formula, code)?;
            }
        }
        // Formulas never calculated have no value: they were not met above.
        if let Some(formulas) = self.formulas {
            let (formula_row, formula_column) = formulas.start().unwrap_or((0, 0));
            for (row, column, _) in formulas.used_cells() {
                let at = (formula_row + row as u32, formula_column + column as u32);
                let empty = matches!(self.values.get_value(at), None | Some(Data::Empty));
                if let (true, Some(formula)) = (empty, self.formula_at(at.0, at.1)) {
                    self.cell(&mut worksheet, at, &Data::Empty, Some(formula), false)?;
                }
            }
        }
        self.marks.write_notes(&mut worksheet, self.filing)?;
        if let Some(header) = header {
            worksheet.set_freeze_panes(header.row + 1, 0)?;
            for (column, width) in header.widths {
                worksheet.set_column_width(column, width)?;
            }
        }
        Ok(worksheet)
    }

    fn formula_at(&self, row: u32, column: u32) -> Option<&str> {
        let formula = self.formulas?.get_value((row, column))?;
        (!formula.is_empty()).then_some(formula.as_str())
    }

    /// The header row of a schedule sheet, found as the reader finds it.
    fn header(&self, kind: ScheduleKind) -> Option<Header> {
        let (first_row, first_column) = self.values.start()?;
        let (offset, cells) = self
            .values
            .rows()
            .enumerate()
            .take_while(|(offset, _)| first_row + (*offset as u32) < HEADER_SEARCH_ROWS)
            .find(|(_, cells)| names_program_code(&DataRow(cells)))?;
        let positions = column_positions(&DataRow(cells), kind);
        let codes = Column::ALL
            .into_iter()
            .filter(|column| column.is_code())
            .filter_map(|column| positions[column as usize])
            .map(|position| first_column + position as u32)
            .collect();
        let widths = cells
            .iter()
            .enumerate()
            .filter_map(|(position, cell)| {
                let column = u16::try_from(first_column + position as u32).ok()?;
                let length = cell.to_string().chars().count();
                Some((column, (length + 2).clamp(8, 40) as f64))
            })
            .collect();
        Some(Header {
            row: first_row + offset as u32,
            codes,
            widths,
        })
    }

    /// Writes one cell of the copy, with its fill when it is at fault.
    fn cell(
        &self,
        worksheet: &mut Worksheet,
        (row, column): (u32, u32),
        value: &Data,
        formula: Option<&str>,
        code: bool,
    ) -> Result<(), XlsxError> {
        let Ok(column) = u16::try_from(column) else {
            return Ok(()); // beyond Excel's last column: no workbook has it
        };
        let severity = self.marks.severity_at(row, column, self.filing);
        let format = |shown| self.styles.get(shown, severity);
        if let Some(formula) = formula {
            let (result, shown) = cached_result(value);
            let formula = Formula::new(formula).set_result(result);
            worksheet.write_formula_with_format(row, column, formula, format(shown))?;
            return Ok(());
        }
        match value {
            Data::Empty => worksheet.write_blank(row, column, format(Shown::General)),
            Data::String(text) => {
                let shown = if code { Shown::Text } else { Shown::General };
                worksheet.write_string_with_format(row, column, text, format(shown))
            }
            Data::Float(number) => worksheet.write_number_with_format(row, column, *number, format(Shown::General)),
            Data::Int(number) => worksheet.write_number_with_format(row, column, *number as f64, format(Shown::General)),
            Data::Bool(value) => worksheet.write_boolean_with_format(row, column, *value, format(Shown::General)),
            Data::DateTime(datetime) => worksheet.write_number_with_format(
                row,
                column,
                datetime.as_f64(),
                format(date_shown(datetime)),
            ),
            Data::DateTimeIso(text) => match rust_xlsxwriter::ExcelDateTime::parse_from_str(text) {
                Ok(datetime) => {
                    let shown = if text.contains('T') { Shown::DateTime } else { Shown::Date };
                    worksheet.write_datetime_with_format(row, column, datetime, format(shown))
                }
                Err(_) => worksheet.write_string_with_format(row, column, text, format(Shown::General)),
            },
            Data::DurationIso(text) => worksheet.write_string_with_format(row, column, text, format(Shown::General)),
            // An error value is written as the formula of that error
            // (`=#REF!`), the one way to store it; it reads back the same.
            Data::Error(CellErrorType::GettingData) => {
                worksheet.write_string_with_format(row, column, "#GETTING_DATA", format(Shown::General))
            }
            Data::Error(error) => {
                let name = error_name(error);
                let formula = Formula::new(name).set_result(name);
                worksheet.write_formula_with_format(row, column, formula, format(Shown::General))
            }
        }?;
        Ok(())
    }
}

/// A formula's cached result as the copy stores it, and how it is shown.
fn cached_result(value: &Data) -> (String, Shown) {
    match value {
        Data::Float(number) => (number_text(*number), Shown::General),
        Data::Int(number) => (number.to_string(), Shown::General),
        Data::Bool(value) => ((if *value { "TRUE" } else { "FALSE" }).to_string(), Shown::General),
        Data::DateTime(datetime) => (number_text(datetime.as_f64()), date_shown(datetime)),
        Data::Error(error) => (error_name(error).to_string(), Shown::General),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            (text.clone(), Shown::General)
        }
        // Never calculated: Excel computes it when the copy is opened.
        Data::Empty => (String::new(), Shown::General),
    }
}

/// How a date cell is shown: a date, a date and time, or a duration.
fn date_shown(datetime: &ExcelDateTime) -> Shown {
    if datetime.is_duration() {
        Shown::Duration
    } else if datetime.as_f64().fract() == 0.0 {
        Shown::Date
    } else {
        Shown::DateTime
    }
}

/// The header row of a schedule sheet: where it is, its code columns
/// (0-based sheet columns) and column widths that fit its names.
struct Header {
    row: u32,
    codes: Vec<u32>,
    widths: Vec<(u16, f64)>,
}

/// A row of calamine cells as the header parser reads it (header cells
/// are text, or numbers at most).
struct DataRow<'a>(&'a [Data]);

impl Row for DataRow<'_> {
    fn cell(&self, position: usize) -> Cell<'_> {
        match self.0.get(position) {
            Some(Data::String(text)) => Cell::Text(text),
            Some(Data::Float(number)) => Cell::Number(*number),
            Some(Data::Int(number)) => Cell::Number(*number as f64),
            _ => Cell::Empty,
        }
    }

    fn width(&self) -> usize {
        self.0.len()
    }
}
