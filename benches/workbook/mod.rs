//! The workbook case of the benchmark: a workbook holding a 10,000-column
//! CFR-1 and its DMH schedules, as fiscal staff keep them. Its floor is what
//! calamine alone takes to open the workbook and visit every cell of every
//! sheet; cfrcheck must stay within a few times that.

use std::fs;
use std::io;
use std::path::Path;
use std::time::Instant;

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::Workbook;

/// Converts the CSV files of a filing folder into one workbook, a sheet per
/// schedule: plain numbers become number cells, everything else text (as a
/// preparer's workbook holds them). With `fault_every` N, every Nth CFR-1
/// column's total_expenses is 1,000.00 too high (a TO001 finding each, and
/// the DMH-1 totals they add up to disagree). Returns the workbook's size
/// in bytes.
pub fn workbook_from_filing(
    folder: &Path,
    target: &Path,
    fault_every: Option<usize>,
) -> io::Result<u64> {
    let mut workbook = Workbook::new();
    let mut entries: Vec<_> = fs::read_dir(folder)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "csv"))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).map_err(io::Error::other)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(&path)?;
        let mut record = csv::StringRecord::new();
        let mut row = 0u32;
        let mut header: Vec<String> = Vec::new();
        while reader.read_record(&mut record)? {
            if row == 0 {
                header = record.iter().map(str::to_string).collect();
            }
            for (col, cell) in record.iter().enumerate() {
                let is_code = header.get(col).is_some_and(|name| {
                    matches!(
                        name.as_str(),
                        "agency_code"
                            | "program_code"
                            | "program_index"
                            | "site"
                            | "county"
                            | "fund_source"
                            | "fund_index"
                    )
                });
                // Amounts spelled `"$1,234.56"` in the CSV are number cells
                // in a workbook (the dollar sign and commas are its format).
                let plain: String = cell.chars().filter(|c| !matches!(c, '$' | ',')).collect();
                let mut number = plain.parse::<f64>().ok().filter(|_| row > 0 && !is_code);
                let faulty = fault_every.is_some_and(|every| (row as usize).is_multiple_of(every))
                    && name == "CFR-1"
                    && header.get(col).is_some_and(|name| name == "total_expenses");
                if faulty {
                    number = number.map(|total| total + 1000.0);
                }
                match number {
                    Some(number) => sheet.write_number(row, col as u16, number),
                    None => sheet.write_string(row, col as u16, cell),
                }
                .map_err(io::Error::other)?;
            }
            row += 1;
        }
    }
    workbook.save(target).map_err(io::Error::other)?;
    Ok(fs::metadata(target)?.len())
}

/// The floor: open the workbook with calamine and visit every cell of
/// every sheet (values and formulas, as cfrcheck reads both).
pub fn time_calamine(path: &Path) -> io::Result<(f64, u64)> {
    let start = Instant::now();
    let mut workbook = open_workbook_auto(path).map_err(io::Error::other)?;
    let mut cells = 0u64;
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(io::Error::other)?;
        for row in range.rows() {
            for cell in row {
                if !matches!(cell, Data::Empty) {
                    cells += 1;
                }
            }
        }
    }
    Ok((start.elapsed().as_secs_f64(), cells))
}
