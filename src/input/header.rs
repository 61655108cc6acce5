//! The header row of a schedule file: which known column is where, and
//! which required ones are missing (IN003).

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use super::csv_records::RawRecord;
use super::row::{CsvRow, Row};
use super::rules::{IN003, IN016};
use crate::location::{column_letters, Sheet};
use crate::model::{Column, ColumnSet, Presence, ScheduleKind};
use crate::report::Finding;

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
#[derive(Clone)]
pub(super) struct Header {
    pub(super) at: [Option<usize>; Column::COUNT],
    pub(super) present: ColumnSet,
    pub(super) missing: Vec<Column>,
    /// Columns named by two header cells (IN016): the first two positions.
    pub(super) duplicated: Vec<(Column, usize, usize)>,
    /// Header names cfrcheck does not know (for "did you mean").
    unknown: Vec<String>,
    pub(super) width: usize,
}

impl Header {
    /// Reads a header row.
    pub(super) fn parse<R: Row>(row: &R, kind: ScheduleKind) -> Header {
        let mut header = Header {
            at: [None; Column::COUNT],
            present: ColumnSet::default(),
            missing: Vec::new(),
            duplicated: Vec::new(),
            unknown: Vec::new(),
            width: row.width(),
        };
        for position in 0..row.width() {
            let Some(name) = row.cell(position).text() else {
                continue;
            };
            let canonical = normalise_header(&name);
            match Column::from_name(&canonical) {
                Some(column) => match header.at[column as usize] {
                    None if !header.is_duplicated(column) => {
                        header.at[column as usize] = Some(position);
                        header.present.insert(column);
                    }
                    // Two cells name the column: neither is used (IN016).
                    Some(first) => {
                        header.duplicated.push((column, first, position));
                        header.at[column as usize] = None;
                        header.present.remove(column);
                    }
                    None => {}
                },
                None if !canonical.is_empty() => header.unknown.push(canonical.into_owned()),
                None => {}
            }
        }
        header.missing = kind
            .columns()
            .iter()
            .filter(|(column, presence)| {
                *presence == Presence::Required
                    && !header.present.contains(*column)
                    && !header.is_duplicated(*column)
            })
            .map(|(column, _)| *column)
            .collect();
        header
    }

    /// [`Header::parse`] of a CSV header row, parsed once per thread and
    /// schedule kind while the files repeat it, as a batch's files do.
    pub(super) fn parse_csv(raw: &RawRecord, row: &CsvRow, kind: ScheduleKind) -> Header {
        LAST_CSV_HEADERS.with_borrow_mut(|last| {
            let last = &mut last[kind.position()];
            match last {
                Some(seen) if seen.bytes == raw.as_slice() && seen.ends == raw.field_ends() => {
                    seen.header.clone()
                }
                _ => {
                    let header = Header::parse(row, kind);
                    *last = Some(SeenHeader {
                        bytes: raw.as_slice().to_vec(),
                        ends: raw.field_ends().to_vec(),
                        header: header.clone(),
                    });
                    header
                }
            }
        })
    }

    fn is_duplicated(&self, column: Column) -> bool {
        self.duplicated.iter().any(|(known, ..)| *known == column)
    }

    /// Whether a column that identifies records is missing or ambiguous:
    /// the file's records cannot then be placed.
    pub(super) fn lacks_identity(&self, kind: ScheduleKind) -> bool {
        self.missing
            .iter()
            .chain(self.duplicated.iter().map(|(column, ..)| column))
            .any(|column| identifies_records(*column, kind))
    }

    /// IN003 for each required column that is absent, IN016 for each named
    /// twice; `line` is the header's line (or sheet row).
    pub(super) fn findings(
        &self,
        file: &Arc<str>,
        kind: ScheduleKind,
        sheet: Option<&Arc<Sheet>>,
        line: u64,
    ) -> Vec<Finding> {
        let consequence = |column: Column| {
            if identifies_records(column, kind) {
                "the file's records cannot be checked"
            } else {
                "checks that need it are skipped"
            }
        };
        let missing = self.missing.iter().map(|column| {
            let hint =
                crate::vocabulary::closest(column.name(), self.unknown.iter().map(String::as_str))
                    .first()
                    .map(|near| format!(" (the header has `{near}`: is that it?)"))
                    .unwrap_or_default();
            Finding::new(
                &IN003,
                format!(
                    "{kind} has no `{}` column{hint}; {}",
                    column.name(),
                    consequence(*column)
                ),
            )
            .column(column.name())
        });
        let duplicated = self.duplicated.iter().map(|(column, first, second)| {
            Finding::new(
                &IN016,
                format!(
                    "two header cells name `{}`: column {} ({}) and column {} ({}); neither is used, so {}: delete or rename one of them",
                    column.name(),
                    first + 1,
                    column_letters(*first as u32),
                    second + 1,
                    column_letters(*second as u32),
                    consequence(*column)
                ),
            )
            .value(format!("{}, {}", first + 1, second + 1))
        });
        missing
            .chain(duplicated)
            .map(|finding| {
                finding
                    .in_file(file, Some(kind))
                    .in_sheet(sheet)
                    .at_line(line)
            })
            .collect()
    }
}

/// A CSV header row as read (its cells' bytes and ends), and its header.
struct SeenHeader {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    header: Header,
}

thread_local! {
    /// The last CSV header row of each schedule kind this thread read.
    static LAST_CSV_HEADERS: RefCell<[Option<SeenHeader>; ScheduleKind::ALL.len()]> =
        const { RefCell::new([const { None }; ScheduleKind::ALL.len()]) };
}

/// The delimiter of a header row that is not comma-separated: a single
/// cell that splits on `;` or tab into names cfrcheck knows (Excel writes
/// `;` where the decimal separator is a comma; "Text (Tab delimited)").
pub(super) fn foreign_delimiter<R: Row>(row: &R) -> Option<char> {
    if row.width() != 1 {
        return None;
    }
    let text = row.cell(0).text()?;
    [';', '\t', '|'].into_iter().find(|delimiter| {
        text.split(*delimiter)
            .filter(|name| Column::from_name(&normalise_header(name)).is_some())
            .count()
            >= 2
    })
}

/// Whether a row has a cell naming `program_code`: the header row of a
/// worksheet (input-format.md section 6).
pub fn names_program_code<R: Row>(row: &R) -> bool {
    (0..row.width()).any(|position| {
        row.cell(position)
            .text()
            .is_some_and(|text| normalise_header(&text) == Column::ProgramCode.name())
    })
}

/// The position of each schedule column in a header row, as the reader
/// places them (a column named twice is in neither place: IN016).
pub fn column_positions<R: Row>(row: &R, kind: ScheduleKind) -> [Option<usize>; Column::COUNT] {
    Header::parse(row, kind).at
}

/// Lower-case, every run of non-alphanumerics one `_`, trimmed:
/// `Program Code`, `program-code` and `PROGRAM_CODE` are all `program_code`.
pub fn normalise_header(name: &str) -> Cow<'_, str> {
    // Exports nearly always carry the canonical names: no copy for those.
    // Words of `a-z0-9` joined by single `_`s, checked byte by byte.
    let bytes = name.as_bytes();
    let canonical_already = bytes.first().is_some_and(|&b| b != b'_')
        && bytes.last().is_some_and(|&b| b != b'_')
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !bytes.windows(2).any(|pair| pair == b"__");
    if canonical_already {
        return Cow::Borrowed(name);
    }
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
    Cow::Owned(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_names_are_kept_as_they_are() {
        for name in ["program_code", "units_of_service", "a1_b2", "site"] {
            assert!(matches!(normalise_header(name), Cow::Borrowed(kept) if kept == name));
        }
        for (name, canonical) in [
            ("_site", "site"),
            ("site_", "site"),
            ("program__code", "program_code"),
            ("", ""),
            ("Site", "site"),
        ] {
            assert_eq!(normalise_header(name), canonical);
        }
    }

    #[test]
    fn a_header_row_seen_before_reads_as_when_parsed_anew() {
        use crate::input::csv_records::CsvReader;
        // The last two have the same bytes but not the same cells.
        let headers = [
            "program_code,site,personal_services\n",
            "program_code,program_code,site\n",
            "program_code,site\n",
            "program_codesite\n",
        ];
        for text in headers.iter().chain(&headers).chain(headers.iter().rev()) {
            let mut reader = CsvReader::new(text.as_bytes());
            let mut raw = RawRecord::default();
            assert!(reader.read(&mut raw).unwrap());
            let row = CsvRow::new(&raw).unwrap();
            let seen = Header::parse_csv(&raw, &row, ScheduleKind::Cfr1);
            let fresh = Header::parse(&row, ScheduleKind::Cfr1);
            assert_eq!(seen.at, fresh.at, "{text}");
            assert_eq!(seen.missing, fresh.missing, "{text}");
            assert_eq!(seen.duplicated, fresh.duplicated, "{text}");
            assert_eq!(seen.unknown, fresh.unknown, "{text}");
            assert_eq!(seen.width, fresh.width, "{text}");
        }
    }

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
