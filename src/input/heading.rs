//! The heading of every record: agency code and period, parsable, a full
//! reporting year, and the same on every record and schedule of a filing
//! (IN005, IN006), reported once per column and message.

use super::cells;
use super::record::RecordParser;
use super::row::{Cell, Row};
use super::rules::{IN005, IN006};
use crate::model::{Column, Date, Period};

impl RecordParser<'_, '_> {
    /// Agency code and period: parsable, a full year, the same everywhere.
    pub(super) fn check_heading<R: Row>(&mut self, row: &R, line: u64) {
        let agency = self.text(row, Column::AgencyCode);
        let agency = agency.as_deref().map(cells::trim_text);
        let mut period_cells = [Column::PeriodStart, Column::PeriodEnd].map(|column| {
            let cell = self.cell(row, column);
            let date = match cell {
                Cell::Date(date) => Some(Some(date)),
                Cell::Empty => None,
                Cell::Text(text) => Some(self.date_of_text(column, text)),
                other => Some(other.text().as_deref().and_then(cells::parse_date)),
            };
            (column, cell, date)
        });
        for (column, cell, date) in &mut period_cells {
            if let Some(None) = date {
                let shown = cell.shown();
                let shown = shown.trim();
                let message = format!(
                    "{} `{}` is not a date (write YYYY-MM-DD or M/D/YYYY)",
                    column.name(),
                    crate::report::clip(shown)
                );
                self.notes.heading(*column, line, shown, &IN005, message);
            }
        }
        let [(_, _, start), (_, _, end)] = period_cells;
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
                    self.notes
                        .heading(Column::AgencyCode, line, agency, &IN006, message);
                }
                Some(_) => {}
            }
        }
        let Some(period) = period else { return };
        if let Some(problem) = period_problem(period) {
            let value = format!("{} to {}", period.start, period.end);
            self.notes
                .heading(Column::PeriodEnd, line, &value, &IN005, problem);
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
                self.notes
                    .heading(Column::PeriodEnd, line, &value, &IN006, message);
            }
            Some(_) => {}
        }
    }

    /// The date a period cell's text reads as, parsed only when it differs
    /// from the text of the record before.
    fn date_of_text(&mut self, column: Column, text: &str) -> Option<Date> {
        let slot = &mut self.dates[usize::from(column == Column::PeriodEnd)];
        match slot {
            Some((last, date)) if last.as_str() == text => *date,
            _ => {
                let date = cells::parse_date(text);
                *slot = Some((text.into(), date));
                date
            }
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
