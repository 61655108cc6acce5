//! Writes one worksheet of a workbook's copy from the cells read, in row
//! order (rust_xlsxwriter's constant-memory mode: each row goes to a
//! temporary file as soon as the next begins, so a sheet of any size costs
//! one row of memory). Values keep their types: numbers, text, booleans,
//! dates with a date format, formulas with their cached result, error
//! values. On a schedule sheet the code columns below the header are
//! formatted as text (what is typed there keeps its zeros) and the header
//! stays in view; the header is found as the reader finds it, so the rows
//! above it are held until it is.

use calamine::{CellErrorType, Data, ExcelDateTime};
use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

use super::marks::{cell_text, put, SheetMarks, Shown, Styles, MAX_COLUMN, MAX_ROW};
use crate::input::row::{number_text, Cell, Row};
use crate::input::workbook::{error_name, HEADER_SEARCH_ROWS};
use crate::input::{column_positions, names_program_code};
use crate::model::ScheduleKind;
use crate::report::FilingReport;

/// A cell as read from the original: its 0-based row and column, its
/// value (the cached result, for a formula) and its formula.
pub(super) type ReadCell = ((u32, u32), Data, Option<String>);

pub(super) struct SheetWriter<'a> {
    worksheet: Worksheet,
    marks: SheetMarks,
    styles: &'a Styles,
    filing: &'a FilingReport,
    header: HeaderSearch,
    /// The cells read while the header is looked for.
    held: Vec<ReadCell>,
}

enum HeaderSearch {
    /// A schedule sheet whose header row is not yet known.
    Looking(ScheduleKind),
    Found(Header),
    /// Not a schedule sheet, or no header in its first rows.
    None,
}

/// The header row of a schedule sheet: where it is and its code columns
/// (0-based sheet columns).
struct Header {
    row: u32,
    codes: Vec<u16>,
}

impl<'a> SheetWriter<'a> {
    pub(super) fn new(
        mut worksheet: Worksheet,
        name: &str,
        kind: Option<ScheduleKind>,
        marks: SheetMarks,
        styles: &'a Styles,
        filing: &'a FilingReport,
    ) -> Result<SheetWriter<'a>, XlsxError> {
        worksheet.set_name(name)?;
        // A formula never calculated has no result to copy: none, not the
        // 0 rust_xlsxwriter would store (Excel computes it on opening).
        worksheet.set_formula_result_default("");
        super::print_one_page_wide(&mut worksheet, true);
        Ok(SheetWriter {
            worksheet,
            marks,
            styles,
            filing,
            header: kind.map_or(HeaderSearch::None, HeaderSearch::Looking),
            held: Vec::new(),
        })
    }

    /// Writes the next cell read (cells come in row order).
    pub(super) fn cell(
        &mut self,
        at: (u32, u32),
        value: Data,
        formula: Option<String>,
    ) -> Result<(), XlsxError> {
        if let HeaderSearch::Looking(kind) = self.header {
            let last_row = self.held.last().map(|((row, _), ..)| *row);
            if last_row.is_some_and(|row| row < at.0) {
                self.look_for_header(kind)?;
            }
        }
        if let HeaderSearch::Looking(kind) = self.header {
            if at.0 < HEADER_SEARCH_ROWS {
                self.held.push((at, value, formula));
                return Ok(());
            }
            self.look_for_header(kind)?;
            if matches!(self.header, HeaderSearch::Looking(_)) {
                self.header = HeaderSearch::None;
            }
        }
        self.write_held()?;
        self.write(at, &value, formula.as_deref())
    }

    /// Writes what is left, the notes and the header's view; the sheet is
    /// then complete.
    pub(super) fn finish(mut self) -> Result<Worksheet, XlsxError> {
        if let HeaderSearch::Looking(kind) = self.header {
            self.look_for_header(kind)?;
        }
        self.write_held()?;
        let codes: &[u16] = match &self.header {
            HeaderSearch::Found(header) => &header.codes,
            _ => &[],
        };
        self.marks.fill_through(
            u32::MAX,
            &mut self.worksheet,
            self.styles,
            self.filing,
            codes,
        )?;
        self.marks.write_notes(&mut self.worksheet, self.filing)?;
        Ok(self.worksheet)
    }

    /// Whether the last row held is the header (it is complete: a cell of
    /// a later row has come, or the sheet has ended).
    fn look_for_header(&mut self, kind: ScheduleKind) -> Result<(), XlsxError> {
        let Some(((row, _), ..)) = self.held.last() else {
            return Ok(());
        };
        let row = *row;
        let mut cells: Vec<Data> = Vec::new();
        let last_row = self.held.iter().rev().take_while(|((r, _), ..)| *r == row);
        for ((_, column), value, _) in last_row.filter(|((_, c), ..)| *c <= MAX_COLUMN) {
            let column = *column as usize;
            if cells.len() <= column {
                cells.resize(column + 1, Data::Empty);
            }
            cells[column] = value.clone();
        }
        if !names_program_code(&DataRow(&cells)) {
            return Ok(());
        }
        let positions = column_positions(&DataRow(&cells), kind);
        let codes = super::code_columns(&positions);
        let names = cells
            .iter()
            .enumerate()
            .filter(|(_, name)| !matches!(name, Data::Empty))
            .map(|(column, name)| (column, name.to_string().chars().count()));
        super::lay_out_schedule(&mut self.worksheet, self.styles, row, &codes, names)?;
        self.header = HeaderSearch::Found(Header { row, codes });
        Ok(())
    }

    fn write_held(&mut self) -> Result<(), XlsxError> {
        for (at, value, formula) in std::mem::take(&mut self.held) {
            self.write(at, &value, formula.as_deref())?;
        }
        Ok(())
    }

    /// Writes one cell of the copy, with its fill when it is at fault.
    fn write(
        &mut self,
        (row, column): (u32, u32),
        value: &Data,
        formula: Option<&str>,
    ) -> Result<(), XlsxError> {
        if column > MAX_COLUMN || row > MAX_ROW {
            return Ok(()); // beyond Excel's last cell: no workbook has it
        }
        let column = column as u16;
        let (codes, header_row): (&[u16], _) = match &self.header {
            HeaderSearch::Found(header) => (&header.codes, header.row),
            _ => (&[], u32::MAX),
        };
        self.marks
            .fill_through(row, &mut self.worksheet, self.styles, self.filing, codes)?;
        // The code columns are formatted as text; a cell of one is text
        // itself only when it is at fault (the cell the preparer retypes).
        let code = row > header_row && codes.contains(&column);
        let severity = self.marks.severity_at(row, column, self.filing);
        let format = |shown| self.styles.get(shown, severity);
        let at = (row, column);
        let worksheet = &mut self.worksheet;
        if let Some(formula) = formula {
            let (result, shown) = cached_result(value);
            return put(
                worksheet,
                at,
                Formula::new(formula).set_result(result),
                format(shown),
            );
        }
        match value {
            Data::Empty => match format(Shown::General) {
                Some(format) => worksheet.write_blank(row, column, format).map(|_| ()),
                None => Ok(()),
            },
            Data::String(text) if code && severity.is_some() => {
                put(worksheet, at, cell_text(text), format(Shown::Text))
            }
            Data::String(text) | Data::DurationIso(text) => {
                put(worksheet, at, cell_text(text), format(Shown::General))
            }
            Data::Float(number) => put(worksheet, at, *number, format(Shown::General)),
            Data::Int(number) => put(worksheet, at, *number as f64, format(Shown::General)),
            Data::Bool(value) => put(worksheet, at, *value, format(Shown::General)),
            Data::DateTime(datetime) => put(
                worksheet,
                at,
                datetime.as_f64(),
                format(date_shown(datetime)),
            ),
            Data::DateTimeIso(text) => match rust_xlsxwriter::ExcelDateTime::parse_from_str(text) {
                Ok(datetime) => {
                    let shown = if text.contains('T') {
                        Shown::DateTime
                    } else {
                        Shown::Date
                    };
                    put(worksheet, at, datetime, format(shown))
                }
                Err(_) => put(worksheet, at, text, format(Shown::General)),
            },
            Data::Error(CellErrorType::GettingData) => {
                put(worksheet, at, "#GETTING_DATA", format(Shown::General))
            }
            // An error value is stored as the formula of that error
            // (`=#REF!`), the one way to write it; it reads back the same.
            Data::Error(error) => {
                let name = error_name(error);
                put(
                    worksheet,
                    at,
                    Formula::new(name).set_result(name),
                    format(Shown::General),
                )
            }
        }
    }
}

/// A formula's cached result as the copy stores it, and how it is shown.
fn cached_result(value: &Data) -> (String, Shown) {
    match value {
        Data::Float(number) => (number_text(*number), Shown::General),
        Data::Int(number) => (number.to_string(), Shown::General),
        Data::Bool(value) => (
            (if *value { "TRUE" } else { "FALSE" }).to_string(),
            Shown::General,
        ),
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
