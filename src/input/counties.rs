//! County codes that lost their leading zeros. A spreadsheet turns the
//! county `01` into `1` just as it turns `0890` into `890`; the CBR typed by
//! one person and the DMH-2 exported by another then name the same county
//! differently and every comparison between them fails. Numeric county
//! codes are padded to the width the filing's other county codes use (at
//! least two digits, the width of New York's county codes), with IN008.

use super::rules::IN008;
use crate::model::{Column, Filing, Schedule};
use crate::report::cap::CappedFindings;
use crate::report::Finding;

/// County codes are at least this wide.
const COUNTY_DIGITS: usize = 2;

pub(super) fn restore_zeros(filing: &mut Filing, findings: &mut CappedFindings) {
    let numeric = |county: &str| !county.is_empty() && county.bytes().all(|b| b.is_ascii_digit());
    // Only a schedule with a county column has records with a county: the
    // big CFR-1 is not walked for none.
    let with_counties = |schedule: &Schedule| schedule.has(Column::County);
    let width = filing
        .schedules
        .iter()
        .flatten()
        .filter(|schedule| with_counties(schedule))
        .flat_map(|schedule| &schedule.records)
        .filter_map(|record| record.county())
        .filter(|county| numeric(county))
        .map(str::len)
        .fold(COUNTY_DIGITS, usize::max);
    for schedule in filing.schedules.iter_mut().flatten() {
        if !with_counties(schedule) {
            continue;
        }
        // First line, as written, as restored, and how many.
        let mut first: Option<(u64, String, String)> = None;
        let mut count = 0usize;
        for record in &mut schedule.records {
            let line = record.line();
            let Some(county) = record.county_mut() else {
                continue;
            };
            if !numeric(county) || county.len() >= width {
                continue;
            }
            let mut padded = compact_str::CompactString::with_capacity(width);
            padded.extend(std::iter::repeat_n('0', width - county.len()));
            padded.push_str(county);
            count += 1;
            if first.is_none() {
                first = Some((line, county.to_string(), padded.to_string()));
            }
            *county = padded;
        }
        let Some((line, written, restored)) = first else {
            continue;
        };
        let more = match count {
            1 => String::new(),
            _ => format!(" ({count} cells of this column in all)"),
        };
        findings.push(
            Finding::new(
                &IN008,
                format!(
                    "county `{written}` lost its leading zeros in a spreadsheet and was read as `{restored}`{more}; format the column as Text in Excel"
                ),
            )
            .in_schedule(schedule)
            .at_line(line)
            .column("county")
            .value(written),
        );
    }
}
