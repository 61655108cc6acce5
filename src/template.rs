//! The blank filing fiscal staff start from: CSVs with the contract's
//! headers, or one workbook (`template --xlsx`) that prevents the mistakes
//! cfrcheck would otherwise report: code columns stored as text (no zero
//! is ever stripped), program codes and funding sources chosen from the
//! rulebook's lists, indexes validated, amounts in a currency format.

use std::path::Path;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, Formula, Workbook, Worksheet,
    XlsxError,
};

use crate::model::{Column, Presence, ScheduleKind};
use crate::rulebook::Edition;

/// The file name `template --xlsx` writes.
pub const WORKBOOK_NAME: &str = "cfr-filing.xlsx";

/// Rows the validations and formats cover: far more than any CFR has.
const ROWS: u32 = 5_000;

/// The header row of a schedule: its columns, required ones first.
pub fn header(kind: ScheduleKind) -> Vec<&'static str> {
    kind.columns()
        .iter()
        .map(|(column, _)| column.name())
        .collect()
}

/// Writes the template workbook: a sheet per schedule, then `Programs`
/// (the rulebook's codes, and the lists the dropdowns use) and `About`.
pub fn write_workbook(path: &Path, edition: &Edition) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    for kind in ScheduleKind::ALL {
        let sheet = workbook.add_worksheet();
        schedule_sheet(sheet, kind, edition, &formats)?;
    }
    programs_sheet(workbook.add_worksheet(), edition, &formats)?;
    about_sheet(workbook.add_worksheet(), edition, &formats)?;
    workbook.save(path)
}

struct Formats {
    header: Format,
    required: Format,
    text: Format,
    amount: Format,
    date: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold().set_background_color("#DDE7F0"),
            required: Format::new().set_bold().set_background_color("#C7D7E6"),
            text: Format::new().set_num_format("@"),
            amount: Format::new()
                .set_num_format("_($* #,##0.00_);_($* (#,##0.00);_($* \"-\"??_);_(@_)"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// Where the dropdown lists live on the Programs sheet.
const PROGRAM_CODES: &str = "Programs!$A$2:$A$";
const FUND_SOURCES: &str = "Programs!$G$2:$G$";
const INDEXES: &str = "Programs!$I$2:$I$111";

fn schedule_sheet(
    sheet: &mut Worksheet,
    kind: ScheduleKind,
    edition: &Edition,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(kind.label())?;
    for (at, (column, presence)) in kind.columns().iter().enumerate() {
        let col = at as u16;
        let format = match presence {
            Presence::Required => &formats.required,
            Presence::Optional => &formats.header,
        };
        sheet.write_string_with_format(0, col, column.name(), format)?;
        sheet.set_column_width(col, (column.name().len() + 4).max(12) as f64)?;
        if column.is_code() {
            sheet.set_column_format(col, &formats.text)?;
        } else if column.amount().is_some() {
            sheet.set_column_format(col, &formats.amount)?;
        } else if matches!(column, Column::PeriodStart | Column::PeriodEnd) {
            sheet.set_column_format(col, &formats.date)?;
        }
        if let Some(validation) = validation(*column, edition)? {
            sheet.add_data_validation(1, col, ROWS, col, &validation)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The dropdown or check of a column, where it has one.
fn validation(column: Column, edition: &Edition) -> Result<Option<DataValidation>, XlsxError> {
    let list = |range: String, title: &str, message: &str| -> Result<DataValidation, XlsxError> {
        DataValidation::new()
            .allow_list_formula(Formula::new(range))
            .set_input_title(title)?
            .set_input_message(message)?
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title(title)?
            .set_error_message(
                "Not in the rulebook's list: cfrcheck will report it. See the Programs sheet.",
            )
    };
    Ok(Some(match column {
        Column::ProgramCode => list(
            format!("={PROGRAM_CODES}{}", edition.programs.len() + 1),
            "Program code",
            "The four-digit Appendix F code of this program/site (see the Programs sheet).",
        )?,
        Column::FundSource => list(
            format!("={FUND_SOURCES}{}", edition.fund_sources.len() + 1),
            "Funding source",
            "A funding source code (Appendix N); give its index in fund_index (001: A for adults).",
        )?,
        Column::ProgramIndex => list(
            format!("={INDEXES}"),
            "Program index",
            "Empty when not indexed; 01, 02, ... for program/sites of one type; A0-A9 for start-up columns.",
        )?,
        _ => return Ok(None),
    }))
}

fn programs_sheet(
    sheet: &mut Worksheet,
    edition: &Edition,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Programs")?;
    let headings = [
        "program_code",
        "name",
        "units of service",
        "units apply",
        "funding sources",
    ];
    for (col, heading) in headings.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *heading, &formats.header)?;
    }
    sheet.write_string_with_format(0, 6, "fund_source", &formats.header)?;
    sheet.write_string_with_format(0, 7, "funding source name", &formats.header)?;
    sheet.write_string_with_format(0, 8, "program_index", &formats.header)?;
    for (row, program) in edition.programs.iter().enumerate() {
        let row = row as u32 + 1;
        sheet.write_string_with_format(row, 0, program.code.as_str(), &formats.text)?;
        sheet.write_string(row, 1, &program.name)?;
        sheet.write_string_with_format(row, 2, &program.units, &formats.wrap)?;
        sheet.write_string(row, 3, if program.units_apply { "yes" } else { "no" })?;
        let funds = if program.fund_source_rule.is_empty() {
            "any".to_string()
        } else {
            program.fund_source_rule.clone()
        };
        sheet.write_string(row, 4, &funds)?;
    }
    for (row, fund) in edition.fund_sources.iter().enumerate() {
        let row = row as u32 + 1;
        sheet.write_string_with_format(row, 6, fund.code.as_str(), &formats.text)?;
        sheet.write_string(row, 7, &fund.name)?;
    }
    let indexes = (0..100)
        .map(|number| format!("{number:02}"))
        .chain((0..10).map(|number| format!("A{number}")));
    for (row, index) in indexes.enumerate() {
        sheet.write_string_with_format(row as u32 + 1, 8, &index, &formats.text)?;
    }
    sheet.set_column_width(0, 13)?;
    sheet.set_column_width(1, 50)?;
    sheet.set_column_width(2, 60)?;
    sheet.set_column_width(4, 40)?;
    sheet.set_column_width(7, 30)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn about_sheet(
    sheet: &mut Worksheet,
    edition: &Edition,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("About")?;
    let lines = [
        "cfrcheck CFR filing template".to_string(),
        String::new(),
        format!("Rulebook edition: {} ({})", edition.id, edition.title),
        String::new(),
        "How to fill it".to_string(),
        "- One row per column of the cost report on CFR-1 (one program/site), and per program row on DMH-1, DMH-2, DMH-3 and the approved CBR.".to_string(),
        "- Darker headings are required columns; keep the headings as they are (their order is free, more columns are ignored).".to_string(),
        "- program_code, fund_source and program_index offer the rulebook's lists; the Programs sheet lists every program, its units of service and its funding-source rule.".to_string(),
        "- Code columns (agency, program, index, site, county, fund) are Text: type 0890, not 890.".to_string(),
        "- Amounts are dollars; leave a cell empty for zero. Do not add totals rows.".to_string(),
        "- Dates: 2009-01-01 or 1/1/2009.".to_string(),
        String::new(),
        "How to check it".to_string(),
        "  cfrcheck check cfr-filing.xlsx".to_string(),
        "Every finding names the sheet and the cell to fix, e.g. [CFR-1]!D7. `cfrcheck explain CODE` says why and how to fix it.".to_string(),
    ];
    for (row, line) in lines.iter().enumerate() {
        if row == 0 {
            sheet.write_string_with_format(row as u32, 0, line, &formats.header)?;
        } else {
            sheet.write_string(row as u32, 0, line)?;
        }
    }
    sheet.set_column_width(0, 120)?;
    Ok(())
}
