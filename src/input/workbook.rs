//! Reads a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) as one
//! filing, with calamine (input-format.md section 6). Each sheet named like
//! a schedule is that schedule; its header row is found among the first 20
//! rows; every row after it is a record, parsed by the same parser as a CSV
//! record through the [`Row`] seam, so that rules see no difference. Cells
//! keep their types: numbers, dates, text, error values, and formulas by
//! their cached value.

use std::path::Path;
use std::sync::Arc;

use calamine::{open_workbook_auto, CellErrorType, Data, Range, Reader};

use super::header::{names_program_code, Header};
use super::notes::Notes;
use super::record::RecordParser;
use super::row::{Cell, Row};
use super::rules::{IN001, IN002, IN003, IN010};
use super::{file_name, ReadOptions};
use crate::location::Sheet;
use crate::model::{Column, Date, FileEntry, Filing, Schedule, ScheduleKind};
use crate::report::cap::CappedFindings;
use crate::report::{Finding, Severity};

/// The header row is looked for among the first rows of a sheet: title
/// rows ("Acme Agency - CFR-1 - 2009") may stand above it.
pub const HEADER_SEARCH_ROWS: u32 = 20;

/// Largest workbook opened: its sheets are held while the filing is checked.
pub const MAX_WORKBOOK_BYTES: u64 = 128_000_000;

/// Reads every schedule sheet of a workbook into the filing. The workbook
/// is listed among the filing's files even when it cannot be read.
pub fn read_workbook(
    path: &Path,
    file: &Arc<str>,
    options: &ReadOptions,
    filing: &mut Filing,
    findings: &mut CappedFindings,
) {
    read_sheets(path, file, options, filing, findings);
    if filing.files.is_empty() {
        filing.files.push(FileEntry {
            path: file.clone(),
            schedule: None,
            records: 0,
        });
    }
}

fn read_sheets(
    path: &Path,
    file: &Arc<str>,
    options: &ReadOptions,
    filing: &mut Filing,
    findings: &mut CappedFindings,
) {
    let name = file_name(path);
    let unreadable = |message: String| Finding::new(&IN001, message).in_file(file, None);
    // Checked through an open that cannot block (a FIFO named `.xlsx`);
    // calamine then opens the path again, as its reader picks the format
    // from the extension: one more open per workbook, beside its unzipping.
    if let Err(refusal) = super::open_regular(path, &name, "workbook", MAX_WORKBOOK_BYTES) {
        findings.push(unreadable(refusal));
        return;
    }
    // calamine is a parser of untrusted files; should it ever panic on a
    // malformed one, that is this file's finding, not the batch's end.
    let opened = std::panic::catch_unwind(|| open_workbook_auto(path));
    let mut workbook = match opened {
        Ok(Ok(workbook)) => workbook,
        Ok(Err(error)) => {
            findings.push(unreadable(format!(
                "{name} cannot be opened as a workbook ({}); if it is encrypted, save it without a password; if it is a CSV, name it .csv",
                one_line(&error.to_string())
            )));
            return;
        }
        Err(_) => {
            findings.push(unreadable(format!(
                "{name} is damaged: the workbook reader failed on it; open and save it again in Excel"
            )));
            return;
        }
    };
    let sheet_names = workbook.sheet_names();
    let mut sheets: Vec<(ScheduleKind, String)> = Vec::new();
    for sheet_name in &sheet_names {
        let Some(kind) = schedule_of_sheet(sheet_name) else {
            continue; // notes, pivot tables: not schedules
        };
        match sheets.iter().find(|(known, _)| *known == kind) {
            Some((_, first)) => findings.push(
                Finding::new(
                    &IN002,
                    format!("sheets `{sheet_name}` and `{first}` of {name} are both {kind}: `{first}` was read and `{sheet_name}` was not; keep one {kind} sheet in the workbook"),
                )
                .severity(Severity::Error)
                .in_file(file, Some(kind))
                .value(sheet_name),
            ),
            None => sheets.push((kind, sheet_name.clone())),
        }
    }
    if sheets.is_empty() {
        findings.push(
            Finding::new(
                &IN002,
                format!(
                    "{name} has no schedule sheet (its sheets: {}); name the sheets CFR-1, DMH-1, DMH-2, DMH-3 and CBR",
                    sheet_names.join(", ")
                ),
            )
            .in_file(file, None),
        );
    }
    sheets.sort_by_key(|(kind, _)| kind.position());
    for (kind, sheet_name) in sheets {
        let values = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            workbook.worksheet_range(&sheet_name)
        }));
        let values = match values {
            Ok(Ok(values)) => values,
            Ok(Err(error)) => {
                findings.push(
                    unreadable(format!(
                        "sheet `{sheet_name}` of {name} cannot be read ({})",
                        one_line(&error.to_string())
                    ))
                    .in_file(file, Some(kind)),
                );
                continue;
            }
            Err(_) => {
                findings.push(unreadable(format!("sheet `{sheet_name}` of {name} is damaged: the workbook reader failed on it")).in_file(file, Some(kind)));
                continue;
            }
        };
        // Formulas tell an empty cell from a formula never calculated.
        let formulas = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            workbook.worksheet_formula(&sheet_name)
        }))
        .ok()
        .and_then(Result::ok);
        let sheet = SheetSource {
            file,
            kind,
            name: &sheet_name,
            values: &values,
            formulas: formulas.as_ref(),
        };
        let records = sheet.read(options, filing, findings);
        filing.files.push(FileEntry {
            path: file.clone(),
            schedule: Some(kind),
            records,
        });
    }
}

/// The schedule a sheet holds, by its name: also a copy Excel made of a
/// schedule sheet (`CFR-1 (2)`, from "Move or Copy" or a dragged tab), so
/// that a copy is named as a second sheet of its schedule, never skipped
/// without a word as if it were notes.
fn schedule_of_sheet(name: &str) -> Option<ScheduleKind> {
    ScheduleKind::from_stem(name).or_else(|| {
        let copied = name.trim_end().strip_suffix(')')?;
        let (original, number) = copied.rsplit_once('(')?;
        let numbered = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
        numbered
            .then(|| ScheduleKind::from_stem(original))
            .flatten()
    })
}

/// The first line of an error message.
fn one_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

/// One schedule sheet being read.
struct SheetSource<'w> {
    file: &'w Arc<str>,
    kind: ScheduleKind,
    name: &'w str,
    values: &'w Range<Data>,
    formulas: Option<&'w Range<String>>,
}

impl SheetSource<'_> {
    /// Reads the sheet's records into the filing; returns how many.
    fn read(
        &self,
        options: &ReadOptions,
        filing: &mut Filing,
        findings: &mut CappedFindings,
    ) -> usize {
        let (first_row, first_column) = self.values.start().unwrap_or((0, 0));
        let row_at = |offset: usize| SheetRow {
            cells: self.values.rows().nth(offset).unwrap_or(&[]),
            sheet_row: first_row + offset as u32,
            first_column,
            formulas: self.formulas,
        };
        let header_offset = (0..self.values.height())
            .take_while(|offset| first_row + (*offset as u32) < HEADER_SEARCH_ROWS)
            .find(|offset| names_program_code(&row_at(*offset)));
        let Some(header_offset) = header_offset else {
            findings.push(
                Finding::new(
                    &IN003,
                    format!(
                        "sheet `{}` has no header row with a `program_code` column in its first {HEADER_SEARCH_ROWS} rows; the sheet's records cannot be checked",
                        self.name
                    ),
                )
                .in_file(self.file, Some(self.kind))
                .in_sheet(Some(&Arc::new(self.layout_without_columns())))
                .column(Column::ProgramCode.name()),
            );
            return 0;
        };
        let header_row = row_at(header_offset);
        let header = Header::parse(&header_row, self.kind);
        let mut columns = [None; Column::COUNT];
        for (column, position) in columns.iter_mut().zip(header.at) {
            *column = position.map(|position| first_column + position as u32);
        }
        let sheet = Arc::new(Sheet {
            name: Arc::from(self.name),
            columns,
        });
        let header_line = u64::from(header_row.sheet_row) + 1;
        for finding in header.findings(self.file, self.kind, Some(&sheet), header_line) {
            findings.push(finding);
        }
        let identity_missing = header.lacks_identity(self.kind);
        let mut schedule = Schedule {
            kind: self.kind,
            file: self.file.clone(),
            sheet: Some(sheet.clone()),
            columns: header.present,
            records: Vec::with_capacity(self.values.height().saturating_sub(header_offset + 1)),
            other_agency_records: 0,
        };
        let mut parser = RecordParser {
            file: self.file,
            kind: self.kind,
            sheet: Some(&sheet),
            options,
            header: &header,
            heading: &mut filing.heading,
            findings,
            notes: Notes::default(),
            dates: Default::default(),
        };
        let mut records = 0usize;
        for (offset, cells) in self.values.rows().enumerate().skip(header_offset + 1) {
            let row = SheetRow {
                cells,
                sheet_row: first_row + offset as u32,
                first_column,
                formulas: self.formulas,
            };
            let line = u64::from(row.sheet_row) + 1;
            records += parser
                .parse(&row, line)
                .file_into(&mut schedule, !identity_missing);
        }
        parser.finish();
        if records == 0 {
            findings.push(
                Finding::new(
                    &IN010,
                    format!("sheet `{}` has a header but no records", self.name),
                )
                .in_file(self.file, Some(self.kind))
                .in_sheet(Some(&sheet)),
            );
        }
        if !identity_missing {
            filing.schedules[self.kind.position()] = Some(schedule);
        }
        records
    }

    fn layout_without_columns(&self) -> Sheet {
        Sheet {
            name: Arc::from(self.name),
            columns: [None; Column::COUNT],
        }
    }
}

/// A worksheet row as the parser sees it.
struct SheetRow<'w> {
    cells: &'w [Data],
    /// 0-based row of the sheet.
    sheet_row: u32,
    /// 0-based sheet column of `cells[0]`.
    first_column: u32,
    formulas: Option<&'w Range<String>>,
}

impl Row for SheetRow<'_> {
    fn cell(&self, position: usize) -> Cell<'_> {
        match self.cells.get(position) {
            None | Some(Data::Empty) => {
                let formula = self.formulas.and_then(|formulas| {
                    formulas.get_value((self.sheet_row, self.first_column + position as u32))
                });
                match formula {
                    Some(formula) if !formula.is_empty() => Cell::Uncalculated,
                    _ => Cell::Empty,
                }
            }
            Some(Data::String(text)) => Cell::Text(text),
            Some(Data::Float(number)) => Cell::Number(*number),
            Some(Data::Int(number)) => Cell::Number(*number as f64),
            Some(Data::Bool(value)) => Cell::Bool(*value),
            Some(Data::DateTime(datetime)) if datetime.is_datetime() => {
                let (year, month, day, ..) = datetime.to_ymd_hms_milli();
                Date::new(year, month, day).map_or(Cell::Number(datetime.as_f64()), Cell::Date)
            }
            Some(Data::DateTime(duration)) => Cell::Number(duration.as_f64()),
            Some(Data::DateTimeIso(text) | Data::DurationIso(text)) => Cell::Text(text),
            Some(Data::Error(error)) => Cell::Error(error_name(error)),
        }
    }

    fn width(&self) -> usize {
        self.cells.len()
    }
}

/// How Excel shows an error value.
pub(crate) fn error_name(error: &CellErrorType) -> &'static str {
    match error {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#GETTING_DATA",
    }
}
