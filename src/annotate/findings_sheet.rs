//! The Findings sheet, first in every copy: a short summary (the counts by
//! severity, which are also the legend of the fills; the rulebook edition;
//! the command that made the copy), then every finding of the filing in a
//! table with filters and a frozen header, worst first, each with a link to
//! its cell.

use rust_xlsxwriter::{Format, FormatAlign, Table, TableColumn, Url, Worksheet, XlsxError};

use super::marks::fill_color;
use super::names::quoted_sheet;
use super::{AnnotateOptions, CopiedSheet, Place};
use crate::location::a1;
use crate::report::{FilingReport, Severity};

/// The table's columns, in order.
pub const COLUMNS: [&str; 8] = [
    "severity", "code", "name", "sheet", "cell", "program", "message", "value",
];
const WIDTHS: [f64; 8] = [10.0, 8.0, 30.0, 14.0, 8.0, 10.0, 90.0, 24.0];

/// The 0-based row of the table's header.
pub const HEADER_ROW: u32 = 8;

/// Excel keeps at most 65,530 links on a sheet; later cells are plain text.
const MAX_LINKS: usize = 65_530;

pub(super) fn write(
    name: &str,
    filing: &FilingReport,
    places: &[Option<Place>],
    sheets: &[CopiedSheet],
    options: &AnnotateOptions,
) -> Result<Worksheet, XlsxError> {
    let mut worksheet = Worksheet::new();
    worksheet.set_name(name)?;
    super::print_one_page_wide(&mut worksheet, false);
    summary(&mut worksheet, filing, options)?;
    for (column, width) in WIDTHS.into_iter().enumerate() {
        worksheet.set_column_width(column as u16, width)?;
    }
    if filing.findings.is_empty() {
        worksheet.write_string(HEADER_ROW, 0, "No findings.")?;
        return Ok(worksheet);
    }
    // Worst first; the report's order (file, line, code) within a severity.
    let mut order: Vec<usize> = (0..filing.findings.len()).collect();
    order.sort_by_key(|&at| std::cmp::Reverse(filing.findings[at].severity));
    let mut links = 0;
    for (offset, &at) in order.iter().enumerate() {
        let row = HEADER_ROW + 1 + offset as u32;
        let finding = &filing.findings[at];
        worksheet.write_string_with_format(
            row,
            0,
            finding.severity.as_str(),
            &legend(finding.severity),
        )?;
        worksheet.write_string(row, 1, finding.rule.code)?;
        worksheet.write_string(row, 2, finding.rule.name)?;
        let place = places[at].map(|place| (place, sheets[place.sheet].name.as_str()));
        let sheet_name = place.map(|(_, name)| name).or(finding.sheet_name());
        let mut link = |column: u16, text: &str, target: &str| -> Result<(), XlsxError> {
            if links < MAX_LINKS {
                links += 1;
                worksheet.write_url_with_text(
                    row,
                    column,
                    Url::new(format!("internal:{target}")),
                    text,
                )?;
            } else {
                worksheet.write_string(row, column, text)?;
            }
            Ok(())
        };
        match place {
            Some((place, name)) => {
                link(3, name, &format!("{}!A1", quoted_sheet(name)))?;
                if let Some((cell_row, cell_column)) = place.cell {
                    let cell = a1(u32::from(cell_column), u64::from(cell_row) + 1);
                    link(4, &cell, &format!("{}!{cell}", quoted_sheet(name)))?;
                }
            }
            None => {
                if let Some(sheet_name) = sheet_name {
                    worksheet.write_string(row, 3, sheet_name)?;
                }
            }
        }
        let program = finding.program();
        if !program.is_empty() {
            worksheet.write_string(row, 5, &program)?;
        }
        worksheet.write_string(row, 6, &finding.message)?;
        if let Some(value) = finding.value.as_deref().filter(|value| !value.is_empty()) {
            worksheet.write_string(row, 7, value)?;
        }
    }
    let columns: Vec<TableColumn> = COLUMNS
        .iter()
        .map(|header| TableColumn::new().set_header(*header))
        .collect();
    let table = Table::new().set_columns(&columns).set_name("Findings");
    let last_row = HEADER_ROW + order.len() as u32;
    worksheet.add_table(HEADER_ROW, 0, last_row, COLUMNS.len() as u16 - 1, &table)?;
    worksheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    Ok(worksheet)
}

/// The rows above the table: what was checked, how, and what was found.
fn summary(
    worksheet: &mut Worksheet,
    filing: &FilingReport,
    options: &AnnotateOptions,
) -> Result<(), XlsxError> {
    let title = Format::new().set_bold().set_font_size(14);
    let label = Format::new().set_bold().set_align(FormatAlign::Left);
    worksheet.write_string_with_format(
        0,
        0,
        format!("cfrcheck findings: {}", filing.path),
        &title,
    )?;
    worksheet.write_string_with_format(1, 0, "command", &label)?;
    worksheet.write_string(1, 1, options.command)?;
    worksheet.write_string_with_format(2, 0, "rulebook", &label)?;
    worksheet.write_string(2, 1, filing.edition.as_deref().unwrap_or("-"))?;
    let severities = [
        (Severity::Error, "errors"),
        (Severity::Warning, "warnings"),
        (Severity::Info, "infos"),
    ];
    for (offset, (severity, plural)) in severities.into_iter().enumerate() {
        let row = 3 + offset as u32;
        worksheet.write_string_with_format(row, 0, severity.as_str(), &legend(severity))?;
        worksheet.write_number(row, 1, filing.count(severity) as f64)?;
        worksheet.write_string(
            row,
            2,
            format!("{plural}: the cells at fault are filled like this one, and their note (hover or click the cell) says what is wrong"),
        )?;
    }
    worksheet.write_string(
        6,
        0,
        "Click a cell below to go to it. Findings about a whole sheet are noted on its A1; those about a file or the filing are listed here only. `cfrcheck explain CODE` says how to fix each.",
    )?;
    if filing.hidden_by_baseline > 0 {
        worksheet.write_string(
            7,
            0,
            format!(
                "{} findings recorded in the baseline (--baseline) are not listed.",
                filing.hidden_by_baseline
            ),
        )?;
    }
    Ok(())
}

/// A cell filled as the cells of a severity are: the legend.
fn legend(severity: Severity) -> Format {
    Format::new().set_background_color(fill_color(severity))
}
