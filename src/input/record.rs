//! One record: typed values parsed from the cells of a CSV record, with
//! the heading checks (IN005, IN006, `heading.rs`); what is about a whole
//! column is noted (`notes.rs`) and reported once per file.

use std::borrow::Cow;
use std::sync::Arc;

use compact_str::CompactString;
use rust_decimal::Decimal;

use super::cells::{self, NotAnAmount};
use super::header::Header;
use super::notes::Notes;
use super::row::{Cell, Row};
use super::rules::{IN004, IN015};
use super::ReadOptions;
use crate::location::Sheet;
use crate::model::{
    Amount, Column, Date, Heading, Presence, Record, Schedule, ScheduleKind, StateAgency,
};
use crate::report::cap::CappedFindings;
use crate::report::Finding;

pub(super) struct RecordParser<'p, 'h> {
    pub(super) file: &'p Arc<str>,
    pub(super) kind: ScheduleKind,
    pub(super) sheet: Option<&'p Arc<Sheet>>,
    pub(super) options: &'p ReadOptions<'p>,
    pub(super) header: &'p Header,
    pub(super) heading: &'h mut Heading,
    pub(super) findings: &'p mut CappedFindings,
    pub(super) notes: Notes,
    /// The last text of each period column and the date it read as: every
    /// record repeats the filing's period, so it is parsed once per file.
    pub(super) dates: [Option<(CompactString, Option<Date>)>; 2],
}

/// What one row of a schedule turned out to be.
// Returned once per row and moved straight into the schedule: boxing the
// record would cost an allocation per row for nothing.
#[allow(clippy::large_enum_variant)]
pub(super) enum Parsed {
    Record(Record),
    /// A record of another state agency (IN011).
    OtherAgency,
    /// A row of nothing but blank cells: skipped without a word.
    Blank,
    /// A totals row people add at the bottom (IN015, reported here).
    Totals,
}

impl Parsed {
    /// Files the row into its schedule (records only when `keep`: a file
    /// whose records cannot be placed keeps none); returns how many data
    /// records it counts for (blank and totals rows are none).
    pub(super) fn file_into(self, schedule: &mut Schedule, keep: bool) -> usize {
        match self {
            Parsed::Record(record) => {
                if keep {
                    schedule.records.push(record);
                }
                1
            }
            Parsed::OtherAgency => {
                schedule.other_agency_records += 1;
                1
            }
            Parsed::Blank | Parsed::Totals => 0,
        }
    }
}

impl RecordParser<'_, '_> {
    /// Points a finding at this file (and sheet).
    fn here(&self, finding: Finding) -> Finding {
        finding
            .in_file(self.file, Some(self.kind))
            .in_sheet(self.sheet)
    }

    /// The cell of a column on a row (`Empty` when the header lacks it).
    pub(super) fn cell<'r, R: Row>(&self, row: &'r R, column: Column) -> Cell<'r> {
        match self.header.at[column as usize] {
            Some(position) => row.cell(position),
            None => Cell::Empty,
        }
    }

    /// The cell of a text column, as text (numbers as their digits).
    pub(super) fn text<'r, R: Row>(&self, row: &'r R, column: Column) -> Option<Cow<'r, str>> {
        self.cell(row, column).text()
    }

    /// Parses one row.
    pub(super) fn parse<R: Row>(&mut self, row: &R, line: u64) -> Parsed {
        if (0..row.width()).all(|position| row.cell(position).is_blank()) {
            return Parsed::Blank;
        }
        if let Some(agency) = self.text(row, Column::StateAgency) {
            if state_agency(&agency) != StateAgency::Omh {
                return Parsed::OtherAgency;
            }
        }
        if let Some(label) = self.totals_label(row) {
            let finding = Finding::new(
                &IN015,
                format!("this row looks like a totals row ({label}); it was skipped: cfrcheck adds up the schedules itself, so leave totals rows out of the export"),
            )
            .at_line(line)
            .column(Column::ProgramCode.name())
            .value(&label);
            let finding = self.here(finding);
            self.findings.push(finding);
            return Parsed::Totals;
        }
        self.check_heading(row, line);

        let mut record = Record::new(line);
        let code_cell = self.text(row, Column::ProgramCode).unwrap_or_default();
        record.set_program_code(match cells::parse_program_code(&code_cell) {
            Some(code) => Ok(self
                .notes
                .restored(Column::ProgramCode, line, &code_cell, code)),
            None => Err(code_cell.trim()),
        });
        let index_cell = self.text(row, Column::ProgramIndex).unwrap_or_default();
        record.set_program_index(match cells::parse_program_index(&index_cell) {
            Some(index) => Ok(self
                .notes
                .restored(Column::ProgramIndex, line, &index_cell, index)),
            None => Err(index_cell.trim()),
        });
        record.program_name = self.text(row, Column::ProgramName).and_then(|name| {
            let name = cells::trim_text(&name);
            (!name.is_empty()).then(|| super::shared_names::shared(name))
        });
        record.site = trimmed(self.text(row, Column::Site));
        let county = trimmed(self.text(row, Column::County));
        let fund_cell = self.text(row, Column::FundSource).unwrap_or_default();
        let fund_index_cell = self.text(row, Column::FundIndex).unwrap_or_default();
        let fund = cells::parse_fund_source(
            &fund_cell,
            &fund_index_cell,
            self.options.lettered_fund_codes,
        )
        .map(|fund| {
            self.notes
                .restored(Column::FundSource, line, &fund_cell, fund)
        });
        record.set_claim(county, fund);

        for &(column, presence) in self.kind.columns() {
            let Some(amount) = column.amount() else {
                continue;
            };
            if self.header.at[column as usize].is_none() {
                // An absent required amount was reported (IN003): its checks skip.
                if presence == Presence::Required {
                    record.set_amount(amount, None);
                }
                continue;
            }
            let cell = self.cell(row, column);
            // Nearly every amount is plain (`1234.50`): packed straight from its digits.
            if let Some((mantissa, scale)) = match cell {
                Cell::Text(text) => cells::plain_amount_parts(text.as_bytes()),
                _ => None,
            } {
                record.set_amount_parts(amount, mantissa, scale);
                continue;
            }
            let value = match amount_of(cell) {
                Ok(value) => Some(value),
                Err(problem) => {
                    self.bad_amount(&record, line, amount, cell, problem);
                    None
                }
            };
            record.set_amount(amount, value);
        }
        Parsed::Record(record)
    }

    /// The label of a totals row, if the row is one: `Total`, `TOTAL`,
    /// `Subtotal`, `Grand Total` where the program code belongs (or in the
    /// row's first text columns, with no code), or no code and nothing but
    /// amounts.
    fn totals_label<R: Row>(&self, row: &R) -> Option<String> {
        let code = self.cell(row, Column::ProgramCode);
        if let Some(label) = code.text().filter(|text| is_total_label(text)) {
            return Some(format!("`{}` where the program code belongs", label.trim()));
        }
        if !code.is_blank() {
            return None;
        }
        let labelled = [Column::ProgramName, Column::AgencyCode, Column::Site]
            .into_iter()
            .find_map(|column| self.text(row, column).filter(|text| is_total_label(text)));
        if let Some(label) = labelled {
            return Some(format!("`{}` and no program code", label.trim()));
        }
        let identity = [
            Column::ProgramIndex,
            Column::ProgramName,
            Column::Site,
            Column::County,
            Column::FundSource,
            Column::FundIndex,
            Column::AgencyCode,
            Column::PeriodStart,
            Column::PeriodEnd,
        ];
        let anonymous = identity
            .iter()
            .all(|column| self.cell(row, *column).is_blank());
        let amounts = Column::ALL
            .iter()
            .filter(|column| column.amount().is_some())
            .any(|column| !self.cell(row, *column).is_blank());
        (anonymous && amounts).then(|| "no program code and nothing but amounts".to_string())
    }

    fn bad_amount(
        &mut self,
        record: &Record,
        line: u64,
        amount: Amount,
        cell: Cell,
        problem: AmountProblem,
    ) {
        let written = cell.shown();
        let written = written.trim();
        let shown = crate::report::clip(written);
        let message = match problem {
            AmountProblem::NotANumber => format!(
                "{} `{shown}` is not an amount (write dollars like 1234.50, $1,234 or (1,234)); checks that use it are skipped",
                amount.name()
            ),
            AmountProblem::TooLarge => format!(
                "{} `{shown}` is too large: more than {} significant digits; checks that use it are skipped",
                amount.name(),
                cells::MAX_DIGITS
            ),
            AmountProblem::Uncalculated => format!(
                "{} is a formula without a computed value (the workbook was written by a program that does not calculate); open and save it in Excel; checks that use it are skipped",
                amount.name()
            ),
        };
        let finding = Finding::new(&IN004, message)
            .at_line(line)
            .about(record)
            .column(amount.name())
            .value(written);
        let finding = self.here(finding);
        self.findings.push(finding);
    }

    /// Reports the per-column notes, once per file.
    pub(super) fn finish(self) {
        self.notes
            .report(self.findings, self.file, self.kind, self.sheet);
    }
}

fn state_agency(cell: &str) -> StateAgency {
    let cell = cells::trim_text(cell);
    if cell.is_empty() || cell.eq_ignore_ascii_case("OMH") {
        StateAgency::Omh
    } else if cell.eq_ignore_ascii_case("OASAS") {
        StateAgency::Oasas
    } else if cell.eq_ignore_ascii_case("OPWDD") || cell.eq_ignore_ascii_case("OMRDD") {
        StateAgency::Opwdd
    } else {
        StateAgency::Other
    }
}

fn trimmed(cell: Option<Cow<str>>) -> Option<CompactString> {
    let cell = cell?;
    let cell = cells::trim_text(&cell);
    (!cell.is_empty()).then(|| CompactString::from(cell))
}

/// `Total`, `TOTAL`, `Subtotal`, `Grand Total`, `Totals:`, compared
/// without allocating: it runs on every record's code cell.
fn is_total_label(text: &str) -> bool {
    let label = cells::trim_text(text).trim_end_matches(':');
    // A code cell nearly always holds digits: no label starts with one.
    if !label
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphabetic)
    {
        return false;
    }
    let label = label.strip_suffix(['s', 'S']).unwrap_or(label).trim_end();
    ["total", "subtotal", "sub-total", "sub total", "grand total"]
        .iter()
        .any(|known| label.eq_ignore_ascii_case(known))
}

/// Why an amount cell could not be read. An error value (`#REF!`) or a
/// boolean in a worksheet reads as the same text in a CSV export, so it
/// gets the same message.
enum AmountProblem {
    NotANumber,
    TooLarge,
    Uncalculated,
}

/// The amount a cell holds: text through the CSV spellings, a number cell
/// as the shortest decimal that round-trips its double.
fn amount_of(cell: Cell) -> Result<Decimal, AmountProblem> {
    let from_text = |text: &str| {
        cells::read_amount(text.as_bytes()).map_err(|problem| match problem {
            NotAnAmount::Unreadable => AmountProblem::NotANumber,
            NotAnAmount::TooLarge => AmountProblem::TooLarge,
        })
    };
    match cell {
        Cell::Empty => Ok(Decimal::ZERO),
        Cell::Text(text) => from_text(text),
        Cell::Number(number) if number.is_finite() => from_text(&super::row::number_text(number)),
        Cell::Number(_) => Err(AmountProblem::TooLarge),
        Cell::Date(_) | Cell::Bool(_) | Cell::Error(_) => Err(AmountProblem::NotANumber),
        Cell::Uncalculated => Err(AmountProblem::Uncalculated),
    }
}
