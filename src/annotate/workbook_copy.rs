//! The copy of a workbook filing: every worksheet of the original, in its
//! order and under its name, read cell by cell on one thread and written
//! as it is read on another (see [`super::sheet_writer`]). An `.xlsx`/`.xlsm` sheet is read in one
//! pass, each value with its formula; other formats are read by value, and
//! their copies keep the cached values only: OpenDocument formulas are not
//! in Excel's syntax (`of:=[.A1]`), and calamine rebuilds `.xls`/`.xlsb`
//! formulas from tokens.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::mpsc;

use calamine::{open_workbook_auto, Data, Reader, Sheets, Xlsx};
use rust_xlsxwriter::{Workbook, XlsxError};

use super::marks::{OnSheet, SheetMarks, Styles};
use super::sheet_writer::{ReadCell, SheetWriter};
use super::{CopiedSheet, Place};
use crate::input::workbook::MAX_WORKBOOK_BYTES;
use crate::input::Target;
use crate::model::ScheduleKind;
use crate::report::{FilingReport, Finding};

/// Copies every sheet of the target's workbook into `workbook`. A workbook
/// that cannot be opened (IN001 says why) has no sheet to copy: its copy
/// holds the Findings sheet alone.
pub(super) fn copy_sheets(
    workbook: &mut Workbook,
    target: &Target,
    filing: &FilingReport,
    places: &mut [Option<Place>],
    styles: &Styles,
) -> Result<Vec<CopiedSheet>, XlsxError> {
    let Some(found) = target.files.first() else {
        return Ok(Vec::new());
    };
    let Some(mut original) = open(&found.path) else {
        return Ok(Vec::new());
    };
    let mut sheets = Vec::new();
    for name in original.sheet_names() {
        let marks = SheetMarks::collect(sheets.len(), filing, places, |finding| {
            locate(finding, &name)
        });
        let worksheet = workbook.new_worksheet_with_constant_memory()?;
        let kind = ScheduleKind::from_stem(&name);
        let mut writer = SheetWriter::new(worksheet, &name, kind, marks, styles, filing)?;
        copy_cells(&mut original, &name, &mut writer)?;
        let worksheet = writer.finish()?;
        sheets.push(CopiedSheet { name, worksheet });
    }
    Ok(sheets)
}

/// Opens the workbook as the check did; `None` when the check could not.
fn open(path: &Path) -> Option<Sheets<BufReader<File>>> {
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > MAX_WORKBOOK_BYTES {
        return None;
    }
    std::panic::catch_unwind(|| open_workbook_auto(path))
        .ok()?
        .ok()
}

/// Cells read and not yet written, at most: the reading thread waits
/// for the writing one beyond this.
const BATCH: usize = 4096;
const BATCHES_AHEAD: usize = 8;

/// Copies every cell of a sheet: one thread reads the original while this
/// one writes the copy, so that the copy takes the longer of the two, not
/// their sum. calamine parses untrusted files: a sheet it fails on (or
/// panics on) is copied as far as it was read, never the end of the run.
fn copy_cells(
    original: &mut Sheets<BufReader<File>>,
    name: &str,
    writer: &mut SheetWriter,
) -> Result<(), XlsxError> {
    std::thread::scope(|scope| {
        let (batches, received) = mpsc::sync_channel::<Vec<ReadCell>>(BATCHES_AHEAD);
        let reading = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            read_sheet(original, name, &mut |cell| {
                batch.push(cell);
                batch.len() < BATCH
                    || batches
                        .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                        .is_ok()
            });
            let _ = batches.send(batch);
        });
        let written = received
            .iter()
            .flatten()
            .try_for_each(|(at, value, formula)| writer.cell(at, value, formula));
        // A writing error ends the reading too: nothing receives any more.
        drop(received);
        let _ = reading.join();
        written
    })
}

/// Reads every cell of a sheet, in row order, into `emit` while it
/// returns true.
fn read_sheet(
    original: &mut Sheets<BufReader<File>>,
    name: &str,
    emit: &mut dyn FnMut(ReadCell) -> bool,
) {
    if let Sheets::Xlsx(xlsx) = original {
        return read_xlsx_sheet(xlsx, name, emit);
    }
    let Ok(values) = original.worksheet_range(name) else {
        return;
    };
    let (first_row, first_column) = values.start().unwrap_or((0, 0));
    for (offset, cells) in values.rows().enumerate() {
        for (position, value) in cells.iter().enumerate() {
            if matches!(value, Data::Empty) {
                continue;
            }
            let at = (first_row + offset as u32, first_column + position as u32);
            if !emit((at, value.clone(), None)) {
                return;
            }
        }
    }
}

/// One pass over an `.xlsx` sheet's XML: each cell's cached value and its
/// formula together (the check reads them in two).
fn read_xlsx_sheet(
    xlsx: &mut Xlsx<BufReader<File>>,
    name: &str,
    emit: &mut dyn FnMut(ReadCell) -> bool,
) {
    let Ok(mut cells) = xlsx.worksheet_cells_reader(name) else {
        return;
    };
    while let Ok(Some(cell)) = cells.next_cell_with_formula() {
        let formula = cell.formula.filter(|formula| !formula.is_empty());
        let value = Data::from(cell.value);
        let any = formula.is_some() || !matches!(value, Data::Empty);
        if any && !emit((cell.pos, value, formula)) {
            return;
        }
    }
}

/// Where a finding is on the sheet `name`: the cell the finding names,
/// or the whole sheet when it names none.
fn locate(finding: &Finding, name: &str) -> OnSheet {
    match &finding.sheet {
        Some(sheet) if *sheet.name == *name => OnSheet::of(finding, sheet),
        _ => OnSheet::Elsewhere,
    }
}
