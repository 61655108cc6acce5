//! One record: typed values parsed from the cells of a `ByteRecord`, with
//! the heading checks (IN005, IN006) and the per-column notes (IN008) that
//! are reported once per file.

use std::sync::Arc;

use compact_str::CompactString;

use super::cells::{self, Normalised};
use super::header::Header;
use super::read::ReadOptions;
use crate::model::{Amount, Column, Heading, Period, Presence, Record, ScheduleKind, StateAgency};
use crate::report::Finding;
use crate::rules::input::{IN004, IN005, IN006, IN008};
use crate::rules::Rule;

/// Findings that are about a whole column, collected while reading and
/// reported once per file (a spreadsheet mangles every row the same way).
#[derive(Default)]
pub(super) struct Notes {
    /// IN008: first line, first value as written, restored value, count.
    restored: Vec<(Column, u64, String, String, usize)>,
    /// IN005/IN006 per heading column and message: first line, value, count.
    heading: Vec<(Column, u64, String, usize, &'static Rule, String)>,
}

pub(super) struct RecordParser<'p, 'h> {
    pub(super) file: &'p Arc<str>,
    pub(super) kind: ScheduleKind,
    pub(super) options: &'p ReadOptions<'p>,
    pub(super) header: &'p Header,
    pub(super) heading: &'h mut Heading,
    pub(super) findings: &'p mut Vec<Finding>,
    pub(super) notes: Notes,
}

impl RecordParser<'_, '_> {
    /// Parses one record; `None` for records of another state agency.
    pub(super) fn parse(&mut self, raw: &csv::ByteRecord, line: u64) -> Option<Record> {
        let header = self.header;
        if let Some(agency) = header.field(raw, Column::StateAgency) {
            if state_agency(agency) != StateAgency::Omh {
                return None;
            }
        }
        self.check_heading(raw, line);

        let mut record = Record::new(line);
        let code_cell = header.field(raw, Column::ProgramCode).unwrap_or("");
        record.program_code = match cells::parse_program_code(code_cell) {
            Some(code) => Ok(self.note_restored(Column::ProgramCode, line, code_cell, code)),
            None => Err(code_cell.trim().into()),
        };
        let index_cell = header.field(raw, Column::ProgramIndex).unwrap_or("");
        record.program_index = match cells::parse_program_index(index_cell) {
            Some(index) => Ok(self.note_restored(Column::ProgramIndex, line, index_cell, index)),
            None => Err(index_cell.trim().into()),
        };
        record.program_name = text(header.field(raw, Column::ProgramName));
        record.site = text(header.field(raw, Column::Site));
        record.county = text(header.field(raw, Column::County));
        let fund_cell = header.field(raw, Column::FundSource).unwrap_or("");
        let fund_index_cell = header.field(raw, Column::FundIndex).unwrap_or("");
        record.fund =
            cells::parse_fund_source(fund_cell, fund_index_cell, self.options.lettered_fund_codes)
                .map(|fund| self.note_restored(Column::FundSource, line, fund_cell, fund));

        for &(column, presence) in self.kind.columns() {
            let Some(amount) = column.amount() else {
                continue;
            };
            let Some(cell) = raw.get(header.at[column as usize].unwrap_or(usize::MAX)) else {
                // An absent required amount was reported (IN003): its checks skip.
                if presence == Presence::Required {
                    record.set_amount(amount, None);
                }
                continue;
            };
            let value = cells::parse_amount(cell);
            if value.is_none() {
                self.bad_amount(&record, line, amount, cell);
            }
            record.set_amount(amount, value);
        }
        Some(record)
    }

    fn bad_amount(&mut self, record: &Record, line: u64, amount: Amount, cell: &[u8]) {
        let written = String::from_utf8_lossy(cell);
        self.findings.push(
            Finding::new(
                &IN004,
                format!(
                    "{} `{}` is not an amount (write dollars like 1234.50, $1,234 or (1,234)); checks that use it are skipped",
                    amount.name(),
                    crate::report::clip(written.trim())
                ),
            )
            .in_file(self.file, Some(self.kind))
            .at_line(line)
            .about(record)
            .column(amount.name())
            .value(written.trim()),
        );
    }

    /// Records that a cell had lost its leading zeros (IN008) and returns the value.
    fn note_restored<T: std::fmt::Display>(
        &mut self,
        column: Column,
        line: u64,
        written: &str,
        normalised: Normalised<T>,
    ) -> T {
        if normalised.restored {
            match self.notes.restored.iter_mut().find(|note| note.0 == column) {
                Some(note) => note.4 += 1,
                None => self.notes.restored.push((
                    column,
                    line,
                    written.trim().to_string(),
                    normalised.value.to_string(),
                    1,
                )),
            }
        }
        normalised.value
    }

    /// Agency code and period: parsable, a full year, the same everywhere.
    fn check_heading(&mut self, raw: &csv::ByteRecord, line: u64) {
        let header = self.header;
        let agency = header.field(raw, Column::AgencyCode).map(str::trim);
        let start_cell = header.field(raw, Column::PeriodStart).map(str::trim);
        let end_cell = header.field(raw, Column::PeriodEnd).map(str::trim);
        let start = start_cell.map(cells::parse_date);
        let end = end_cell.map(cells::parse_date);
        for (column, cell, date) in [
            (Column::PeriodStart, start_cell, start),
            (Column::PeriodEnd, end_cell, end),
        ] {
            if let (Some(cell), Some(None)) = (cell, date) {
                self.note_heading(
                    column,
                    line,
                    cell,
                    &IN005,
                    format!(
                        "{} `{cell}` is not a date (write YYYY-MM-DD or M/D/YYYY)",
                        column.name()
                    ),
                );
            }
        }
        let period = match (start.flatten(), end.flatten()) {
            (Some(start), Some(end)) => Some(Period { start, end }),
            _ => None,
        };

        if let Some(agency) = agency.filter(|agency| !agency.is_empty()) {
            match &self.heading.agency_code {
                None => self.heading.agency_code = Some(agency.into()),
                Some(expected) if expected != agency => {
                    let message = format!(
                        "agency_code `{agency}` differs from the filing's agency code `{expected}`"
                    );
                    self.note_heading(Column::AgencyCode, line, agency, &IN006, message);
                }
                Some(_) => {}
            }
        }
        let Some(period) = period else { return };
        if let Some(problem) = period_problem(period) {
            let value = format!("{} to {}", period.start, period.end);
            self.note_heading(Column::PeriodEnd, line, &value, &IN005, problem);
            // Not also a mismatch: the period itself is what is wrong.
            if self.heading.period.is_some() {
                return;
            }
        }
        match self.heading.period {
            None => self.heading.period = Some(period),
            Some(expected) if expected != period => {
                let message = format!(
                    "period {} to {} differs from the filing's period {} to {}",
                    period.start, period.end, expected.start, expected.end
                );
                let value = format!("{} to {}", period.start, period.end);
                self.note_heading(Column::PeriodEnd, line, &value, &IN006, message);
            }
            Some(_) => {}
        }
    }

    fn note_heading(
        &mut self,
        column: Column,
        line: u64,
        value: &str,
        rule: &'static Rule,
        message: String,
    ) {
        match self
            .notes
            .heading
            .iter_mut()
            .find(|note| note.0 == column && std::ptr::eq(note.4, rule) && note.5 == message)
        {
            Some(note) => note.3 += 1,
            None => self
                .notes
                .heading
                .push((column, line, value.to_string(), 1, rule, message)),
        }
    }

    /// Reports the per-column notes, once per file.
    pub(super) fn finish(self) {
        for (column, line, written, restored, count) in self.notes.restored {
            let more = match count {
                1 => String::new(),
                _ => format!(" ({} cells of this column in all)", count),
            };
            self.findings.push(
                Finding::new(
                    &IN008,
                    format!(
                        "{} `{written}` lost its leading zeros in a spreadsheet and was read as `{restored}`{more}; format the column as Text in Excel",
                        column.name()
                    ),
                )
                .in_file(self.file, Some(self.kind))
                .at_line(line)
                .column(column.name())
                .value(&written),
            );
        }
        for (column, line, value, count, rule, message) in self.notes.heading {
            let more = match count {
                1 => String::new(),
                _ => format!(" ({count} records of this file)"),
            };
            self.findings.push(
                Finding::new(rule, format!("{message}{more}"))
                    .in_file(self.file, Some(self.kind))
                    .at_line(line)
                    .column(column.name())
                    .value(&value),
            );
        }
    }
}

/// Why a period is not an OMH reporting period, if it is not.
fn period_problem(period: Period) -> Option<String> {
    if period.end < period.start {
        Some(format!(
            "period ends ({}) before it starts ({})",
            period.end, period.start
        ))
    } else if !period.is_full_year() {
        Some(format!(
            "period {} to {} is not a full reporting year (January 1 - December 31 or July 1 - June 30)",
            period.start, period.end
        ))
    } else {
        None
    }
}

fn state_agency(cell: &str) -> StateAgency {
    let cell = cell.trim();
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

fn text(cell: Option<&str>) -> Option<CompactString> {
    cell.map(str::trim)
        .filter(|cell| !cell.is_empty())
        .map(CompactString::from)
}
