//! The header row of a schedule file: which known column is where, and
//! which required ones are missing (IN003).

use std::sync::Arc;

use crate::model::{Column, ColumnSet, Presence, ScheduleKind};
use crate::report::Finding;
use crate::rules::input::IN003;

/// Columns without which a record cannot be placed: its program, its county
/// on county schedules, its funding source on DMH-3.
pub(super) fn identifies_records(column: Column, kind: ScheduleKind) -> bool {
    match column {
        Column::ProgramCode => true,
        Column::County => kind.has_county(),
        Column::FundSource => kind == ScheduleKind::Dmh3,
        _ => false,
    }
}

/// The header of a file: where each known column is.
pub(super) struct Header {
    pub(super) at: [Option<usize>; Column::COUNT],
    pub(super) present: ColumnSet,
    pub(super) missing: Vec<Column>,
    /// Header names cfrcheck does not know (for "did you mean").
    unknown: Vec<String>,
    pub(super) width: usize,
}

impl Header {
    pub(super) fn parse(raw: &csv::ByteRecord, kind: ScheduleKind) -> Result<Header, ()> {
        let mut header = Header {
            at: [None; Column::COUNT],
            present: ColumnSet::default(),
            missing: Vec::new(),
            unknown: Vec::new(),
            width: raw.len(),
        };
        for (position, name) in raw.iter().enumerate() {
            let name = std::str::from_utf8(name).map_err(|_| ())?;
            let canonical = normalise_header(name);
            match Column::from_name(&canonical) {
                // The first of two equally named columns wins.
                Some(column) if header.at[column as usize].is_none() => {
                    header.at[column as usize] = Some(position);
                    header.present.insert(column);
                }
                Some(_) => {}
                None if !canonical.is_empty() => header.unknown.push(canonical),
                None => {}
            }
        }
        header.missing = kind
            .columns()
            .iter()
            .filter(|(column, presence)| {
                *presence == Presence::Required && !header.present.contains(*column)
            })
            .map(|(column, _)| *column)
            .collect();
        Ok(header)
    }

    pub(super) fn missing_column_findings(
        &self,
        file: &Arc<str>,
        kind: ScheduleKind,
    ) -> Vec<Finding> {
        self.missing
            .iter()
            .map(|column| {
                let hint =
                    crate::rules::closest(column.name(), self.unknown.iter().map(String::as_str))
                        .first()
                        .map(|near| format!(" (the header has `{near}`: is that it?)"))
                        .unwrap_or_default();
                let consequence = if identifies_records(*column, kind) {
                    "the file's records cannot be checked"
                } else {
                    "checks that need it are skipped"
                };
                Finding::new(
                    &IN003,
                    format!(
                        "{kind} has no `{}` column{hint}; {consequence}",
                        column.name()
                    ),
                )
                .in_file(file, Some(kind))
                .at_line(1)
                .column(column.name())
            })
            .collect()
    }

    pub(super) fn field<'r>(&self, raw: &'r csv::ByteRecord, column: Column) -> Option<&'r str> {
        let position = self.at[column as usize]?;
        std::str::from_utf8(raw.get(position)?).ok()
    }
}

/// Lower-case, every run of non-alphanumerics one `_`, trimmed:
/// `Program Code`, `program-code` and `PROGRAM_CODE` are all `program_code`.
pub fn normalise_header(name: &str) -> String {
    let mut canonical = String::with_capacity(name.len());
    let mut pending_separator = false;
    for c in name.trim_start_matches('\u{feff}').chars() {
        if c.is_alphanumeric() {
            if pending_separator && !canonical.is_empty() {
                canonical.push('_');
            }
            pending_separator = false;
            canonical.extend(c.to_lowercase());
        } else {
            pending_separator = true;
        }
    }
    canonical
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_normalise() {
        assert_eq!(normalise_header("Program Code"), "program_code");
        assert_eq!(normalise_header("program-code"), "program_code");
        assert_eq!(normalise_header(" PROGRAM_CODE "), "program_code");
        assert_eq!(
            normalise_header("Units of Service (UOS)"),
            "units_of_service_uos"
        );
        assert_eq!(normalise_header("\u{feff}agency_code"), "agency_code");
    }
}
