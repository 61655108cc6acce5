//! Which cell of the copy each finding marks, and how: the cell is filled
//! by the worst severity on it (with a border, so that it does not rest on
//! colour alone) and carries a note listing every finding on it, each with
//! its severity in words, code, name, message and `cfrcheck explain CODE`.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Format, FormatBorder, IntoExcelData, Note, Worksheet, XlsxError};

use super::Place;
use crate::location::Sheet;
use crate::report::{FilingReport, Finding, Severity};

/// Where a finding is on one sheet, as the sheet's copier finds it.
pub(super) enum OnSheet {
    /// Not on this sheet.
    Elsewhere,
    /// About the whole sheet (a missing column, no records): noted on A1.
    Whole,
    /// At this 0-based row and column.
    Cell(u32, u16),
}

impl OnSheet {
    /// Where a finding on a sheet laid out as `layout` is: the cell of its
    /// column on its line (`Finding::cell`), else the whole sheet.
    pub(super) fn of(finding: &Finding, layout: &Sheet) -> OnSheet {
        let cell = || {
            let row = u32::try_from(finding.line?.checked_sub(1)?).ok()?;
            let column = u16::try_from(layout.column_of(finding.column)?).ok()?;
            Some(OnSheet::Cell(row, column))
        };
        cell().unwrap_or(OnSheet::Whole)
    }
}

/// The findings marked on one sheet of the copy, by cell.
#[derive(Default)]
pub(super) struct SheetMarks {
    /// Each marked cell and its findings (indexes into the filing's
    /// findings), in row order: looked up for every cell written, by a
    /// binary search, no hashing.
    cells: Vec<((u32, u16), Vec<usize>)>,
    /// The findings about the whole sheet (noted on A1).
    whole_sheet: Vec<usize>,
    /// How many of `cells` are filled so far.
    filled: usize,
}

impl SheetMarks {
    /// Marks every finding of the filing that `locate` puts on this sheet
    /// (the sheet `index` of the copy) and records where it is in `places`.
    /// A finding already placed on an earlier sheet is not placed again.
    pub(super) fn collect(
        index: usize,
        filing: &FilingReport,
        places: &mut [Option<Place>],
        locate: impl Fn(&Finding) -> OnSheet,
    ) -> SheetMarks {
        let mut marks = SheetMarks::default();
        let mut cells: BTreeMap<(u32, u16), Vec<usize>> = BTreeMap::new();
        for (at, finding) in filing.findings.iter().enumerate() {
            if places[at].is_some() {
                continue;
            }
            let cell = match locate(finding) {
                OnSheet::Elsewhere => continue,
                OnSheet::Whole => {
                    marks.whole_sheet.push(at);
                    None
                }
                OnSheet::Cell(row, column) => Some((row, column)),
            };
            cells.entry(cell.unwrap_or((0, 0))).or_default().push(at);
            places[at] = Some(Place { sheet: index, cell });
        }
        marks.cells = cells.into_iter().collect();
        marks
    }

    /// The worst severity of the findings on a cell, if any.
    pub(super) fn severity_at(
        &self,
        row: u32,
        column: u16,
        filing: &FilingReport,
    ) -> Option<Severity> {
        let at = self
            .cells
            .binary_search_by_key(&(row, column), |(cell, _)| *cell)
            .ok()?;
        self.cells[at]
            .1
            .iter()
            .map(|&finding| filing.findings[finding].severity)
            .max()
    }

    /// Fills the marked cells of every row up to `row`, not yet filled.
    /// The copy is written in row order (the rows already written cannot
    /// be changed), so this comes before a row's values: a cell that the
    /// original leaves empty (a missing amount) is filled all the same, and
    /// a value written to a marked cell later replaces the blank, filled.
    /// Marked cells of code columns are text, as their column is.
    pub(super) fn fill_through(
        &mut self,
        row: u32,
        worksheet: &mut Worksheet,
        styles: &Styles,
        filing: &FilingReport,
        code_columns: &[u16],
    ) -> Result<(), XlsxError> {
        while let Some(&((marked_row, column), _)) = self.cells.get(self.filled) {
            if marked_row > row {
                break;
            }
            let shown = if code_columns.contains(&column) {
                Shown::Text
            } else {
                Shown::General
            };
            if let Some(format) = styles.get(shown, self.severity_at(marked_row, column, filing)) {
                worksheet.write_blank(marked_row, column, format)?;
            }
            self.filled += 1;
        }
        Ok(())
    }

    /// Adds the note of every marked cell.
    pub(super) fn write_notes(
        &self,
        worksheet: &mut Worksheet,
        filing: &FilingReport,
    ) -> Result<(), XlsxError> {
        for ((row, column), findings) in &self.cells {
            let (row, column) = (*row, *column);
            let text = note_text(findings, filing, &self.whole_sheet);
            let lines = text.lines().map(|line| 1 + line.len() / 48).sum::<usize>();
            let note = Note::new(text)
                .set_author("cfrcheck")
                .add_author_prefix(false)
                .set_width(360)
                .set_height((lines.clamp(3, 40) * 15) as u32);
            worksheet.insert_note(row, column, &note)?;
        }
        Ok(())
    }
}

/// Findings listed in one note; the rest are counted (a note holds at most
/// 32,767 characters, and a reader stops long before).
const MAX_FINDINGS_PER_NOTE: usize = 20;

/// The text of a cell's note: each finding as `ERROR TO001 name`, its
/// message and the command that explains it.
fn note_text(findings: &[usize], filing: &FilingReport, whole_sheet: &[usize]) -> String {
    let mut text = String::new();
    for &at in findings.iter().take(MAX_FINDINGS_PER_NOTE) {
        let finding = &filing.findings[at];
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let code = finding.rule.code;
        text.push_str(&format!(
            "{} {code} {}\n",
            finding.severity.as_str().to_uppercase(),
            finding.rule.name
        ));
        if whole_sheet.contains(&at) {
            text.push_str("(about the sheet, not this cell) ");
        }
        text.push_str(&finding.message);
        text.push_str(&format!("\ncfrcheck explain {code}"));
    }
    if findings.len() > MAX_FINDINGS_PER_NOTE {
        text.push_str(&format!(
            "\n\n... and {} more findings on this cell: see the Findings sheet",
            findings.len() - MAX_FINDINGS_PER_NOTE
        ));
    }
    text
}

/// The fill of a severity: Excel's own "Bad", "Neutral" and a light blue.
pub(super) fn fill_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#FFC7CE",
        Severity::Warning => "#FFEB9C",
        Severity::Info => "#DDEBF7",
    }
}

/// The border of a marked cell, darker than its fill.
fn border_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#C00000",
        Severity::Warning => "#BF8F00",
        Severity::Info => "#2F75B5",
    }
}

/// How a cell's value is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shown {
    General,
    /// A code column: Excel keeps what is typed there as text (`0890`).
    Text,
    Date,
    DateTime,
    Duration,
}

impl Shown {
    /// In declaration order: `shown as usize` indexes it.
    const ALL: [Shown; 5] = [
        Shown::General,
        Shown::Text,
        Shown::Date,
        Shown::DateTime,
        Shown::Duration,
    ];

    fn number_format(self) -> Option<&'static str> {
        match self {
            Shown::General => None,
            Shown::Text => Some("@"),
            Shown::Date => Some("yyyy-mm-dd"),
            Shown::DateTime => Some("yyyy-mm-dd hh:mm:ss"),
            Shown::Duration => Some("[h]:mm:ss"),
        }
    }
}

/// The formats of a copy: every way a value is shown, plain or marked
/// with a severity.
pub(super) struct Styles {
    /// By [`Shown`], then none, info, warning, error.
    formats: Vec<[Format; 4]>,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let formats = Shown::ALL
            .into_iter()
            .map(|shown| {
                let base = match shown.number_format() {
                    Some(number_format) => Format::new().set_num_format(number_format),
                    None => Format::new(),
                };
                let marked = |severity| {
                    base.clone()
                        .set_background_color(fill_color(severity))
                        .set_border(FormatBorder::Medium)
                        .set_border_color(border_color(severity))
                };
                [
                    base.clone(),
                    marked(Severity::Info),
                    marked(Severity::Warning),
                    marked(Severity::Error),
                ]
            })
            .collect();
        Styles { formats }
    }

    /// The format of a cell; `None` for a plain one, which is written
    /// without any (rust_xlsxwriter looks each format up by its hash, and
    /// most cells of a copy have none).
    pub(super) fn get(&self, shown: Shown, severity: Option<Severity>) -> Option<&Format> {
        let fill = match severity {
            None if shown == Shown::General => return None,
            None => 0,
            Some(Severity::Info) => 1,
            Some(Severity::Warning) => 2,
            Some(Severity::Error) => 3,
        };
        Some(&self.formats[shown as usize][fill])
    }
}

/// Excel's last row and column (0-based), and its longest cell text.
pub(super) const MAX_ROW: u32 = 1_048_575;
pub(super) const MAX_COLUMN: u32 = 16_383;
const MAX_CELL_CHARS: usize = 32_767;

/// A text as a cell holds it: cut at Excel's 32,767 characters (a CSV
/// field, an OpenDocument cell may be longer).
pub(super) fn cell_text(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// Writes a value with its format, or with none.
pub(super) fn put(
    worksheet: &mut Worksheet,
    (row, column): (u32, u16),
    data: impl IntoExcelData,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match format {
        Some(format) => worksheet.write_with_format(row, column, data, format)?,
        None => worksheet.write(row, column, data)?,
    };
    Ok(())
}
