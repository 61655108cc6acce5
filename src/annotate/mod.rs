//! Annotated copies (`cfrcheck check --annotate OUT`): for each filing
//! checked, a workbook a preparer fixes from. It holds every sheet of the
//! original with its values in the same cells (so `D7` in a finding is `D7`
//! in the copy), each cell at fault filled by severity and carrying a note
//! that lists its findings, and a `Findings` sheet first that lists them all
//! with a link to each cell.
//!
//! The parts: [`names`] (the copies' file and sheet names), [`marks`]
//! (which cell each finding marks, the notes and the fills),
//! [`workbook_copy`] and [`csv_copy`] (the sheets of a workbook filing or
//! of a CSV filing, [`sheet_writer`] writing a workbook's cells),
//! [`findings_sheet`]. The report is read, never changed;
//! the inputs are read again, never written.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use rayon::prelude::*;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use crate::input::Target;
use crate::model::Column;
use crate::report::{FilingReport, Report};
use crate::settings::Encoding;

mod csv_copy;
mod findings_sheet;
mod marks;
mod names;
mod sheet_writer;
mod workbook_copy;

pub use names::copy_paths;

/// What a copy says about how it was made.
pub struct AnnotateOptions<'a> {
    /// The command line that produced the copy, shown on its Findings sheet.
    pub command: &'a str,
    /// The `--encoding` in force, to read CSV files as the check did.
    pub encoding: Encoding,
}

/// Where a finding is in the copy: the sheet (an index into the copy's
/// sheets) and, when it points at a cell, the 0-based row and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Place {
    sheet: usize,
    cell: Option<(u32, u16)>,
}

/// Every sheet of a copy prints landscape, one page wide, so that a
/// printed copy keeps each row on one page; a copied sheet prints its
/// grid too, as the screen shows it.
fn print_one_page_wide(worksheet: &mut Worksheet, grid: bool) {
    worksheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_gridlines(grid);
}

/// The code columns of a schedule sheet, from its header's positions.
fn code_columns(positions: &[Option<usize>; Column::COUNT]) -> Vec<u16> {
    Column::ALL
        .into_iter()
        .filter(|column| column.is_code())
        .filter_map(|column| positions[column as usize])
        .filter(|&position| position <= marks::MAX_COLUMN as usize)
        .map(|position| position as u16)
        .collect()
}

/// Lays out a schedule sheet under its header row: the code columns
/// formatted as text (a code typed there keeps its zeros), each column as
/// wide as its header name, the rows down to the header kept in view.
fn lay_out_schedule(
    worksheet: &mut Worksheet,
    styles: &marks::Styles,
    header_row: u32,
    codes: &[u16],
    names: impl Iterator<Item = (usize, usize)>,
) -> Result<(), XlsxError> {
    if let Some(text) = styles.get(marks::Shown::Text, None) {
        for &column in codes {
            worksheet.set_column_format(column, text)?;
        }
    }
    for (column, chars) in names.filter(|(column, _)| *column <= marks::MAX_COLUMN as usize) {
        worksheet.set_column_width(column as u16, (chars + 2).clamp(8, 40) as f64)?;
    }
    worksheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(())
}

/// One sheet of a copy: its name and the worksheet written.
struct CopiedSheet {
    name: String,
    worksheet: Worksheet,
}

/// Writes one annotated copy per filing, `paths[i]` for `targets[i]`
/// (from [`copy_paths`]), the filings in parallel. `report.filings` are in
/// the order of `targets`, as `check_targets` returns them.
pub fn write_copies(
    targets: &[Target],
    report: &Report,
    paths: &[PathBuf],
    options: &AnnotateOptions,
) -> Result<()> {
    if targets.len() != report.filings.len() || targets.len() != paths.len() {
        bail!("internal error: the annotated copies do not match the filings checked");
    }
    if let Some(folder) = paths.first().and_then(|path| path.parent()) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create the folder {}", folder.display()))?;
    }
    targets
        .par_iter()
        .zip(&report.filings)
        .zip(paths)
        .try_for_each(|((target, filing), path)| {
            write_copy(target, filing, path, options)
                .with_context(|| format!("cannot write the annotated copy {}", path.display()))
        })
}

/// Writes the annotated copy of one filing.
fn write_copy(
    target: &Target,
    filing: &FilingReport,
    path: &Path,
    options: &AnnotateOptions,
) -> Result<(), XlsxError> {
    let styles = marks::Styles::new();
    let mut places = vec![None; filing.findings.len()];
    let mut workbook = Workbook::new();
    // Compressing the XML is a third of the time of a large copy; level 2
    // takes half the time of the default 6 for a file a seventh larger.
    workbook.set_zip_compression_level(2);
    let sheets = if target.workbook {
        workbook_copy::copy_sheets(&mut workbook, target, filing, &mut places, &styles)?
    } else {
        csv_copy::copy_sheets(
            &mut workbook,
            target,
            filing,
            &mut places,
            &styles,
            options.encoding,
        )?
    };
    let findings_name = names::findings_sheet_name(sheets.iter().map(|sheet| sheet.name.as_str()));
    let findings = findings_sheet::write(&findings_name, filing, &places, &sheets, options)?;
    workbook.push_worksheet(findings);
    for sheet in sheets {
        workbook.push_worksheet(sheet.worksheet);
    }
    workbook.save(path)
}
