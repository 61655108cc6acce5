//! Reads one schedule file into a [`Schedule`], streaming: one reused
//! `ByteRecord`, typed values parsed straight from its bytes. Everything
//! wrong with the file becomes a finding (the IN rules), never a panic.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use compact_str::CompactString;

use super::cells::{self, Normalised};
use super::lines::{LineIndex, LineTracking};
use crate::model::{
    Amount, Column, ColumnSet, Heading, Period, Presence, Record, Schedule, ScheduleKind,
    StateAgency,
};
use crate::report::Finding;
use crate::rules::input::{IN001, IN003, IN004, IN005, IN006, IN007, IN008, IN010, IN012};
use crate::settings::Encoding;

/// Largest schedule file read: a hundred times a large agency's CFR-1, and
/// enough for the 100,000-column scaling filing; memory stays bounded.
pub const MAX_FILE_BYTES: u64 = 128_000_000;

/// What reading needs to know beyond the file itself.
pub struct ReadOptions<'a> {
    pub encoding: Encoding,
    /// Funding source codes that end in a letter (`170B`), from the rulebook.
    pub lettered_fund_codes: &'a [CompactString],
}

/// The result of reading one file.
pub struct FileOutcome {
    /// `None` when the file could not be read, or lacks a column that
    /// identifies its records (the findings say why).
    pub schedule: Option<Schedule>,
    pub findings: Vec<Finding>,
    /// Data records in the file, OMH or not.
    pub records: usize,
}

/// Reads a schedule file. `heading` is the filing's heading so far: records
/// are compared with it (IN006), and the first record sets it when empty.
pub fn read_schedule(
    path: &Path,
    file: Arc<str>,
    kind: ScheduleKind,
    options: &ReadOptions,
    heading: &mut Heading,
) -> FileOutcome {
    let name = super::file_name(path);
    let attempt = |encoding| {
        let mut local_heading = heading.clone();
        let outcome = read_with(path, &file, kind, options, encoding, &mut local_heading);
        (outcome, local_heading)
    };
    let (outcome, local_heading) = match attempt(options.encoding) {
        // Excel's "CSV (Comma delimited)" on US Windows writes Windows-1252.
        (Err(NotUtf8 { line }), _) if options.encoding == Encoding::Auto => {
            let (outcome, local_heading) = attempt(Encoding::Windows1252);
            let mut outcome = outcome.unwrap_or_else(|_| unreachable_utf8(&file, kind));
            outcome.findings.push(
                Finding::new(
                    &IN012,
                    format!(
                        "not valid UTF-8 (first at line {line}); read as Windows-1252, the encoding of Excel's \"CSV (Comma delimited)\". In Excel choose \"Save As\" > \"CSV UTF-8 (Comma delimited)\" to avoid this"
                    ),
                )
                .in_file(&file, Some(kind)),
            );
            (outcome, local_heading)
        }
        (Err(NotUtf8 { line }), _) => (
            FileOutcome {
                schedule: None,
                findings: vec![Finding::new(
                    &IN001,
                    format!("{name} is not valid UTF-8 (line {line}); use --encoding windows-1252 if it was saved by Excel as \"CSV (Comma delimited)\""),
                )
                .in_file(&file, Some(kind))
                .at_line(line)],
                records: 0,
            },
            heading.clone(),
        ),
        (Ok(outcome), local_heading) => (outcome, local_heading),
    };
    *heading = local_heading;
    outcome
}

/// Decoding to UTF-8 cannot fail after transcoding; kept total all the same.
fn unreachable_utf8(file: &Arc<str>, kind: ScheduleKind) -> FileOutcome {
    let name = super::file_name(Path::new(&**file));
    FileOutcome {
        schedule: None,
        findings: vec![
            Finding::new(&IN001, format!("{name} could not be decoded")).in_file(file, Some(kind))
        ],
        records: 0,
    }
}

/// The file turned out not to be UTF-8 (at this line).
struct NotUtf8 {
    line: u64,
}

fn read_with(
    path: &Path,
    file: &Arc<str>,
    kind: ScheduleKind,
    options: &ReadOptions,
    encoding: Encoding,
    heading: &mut Heading,
) -> Result<FileOutcome, NotUtf8> {
    let name = super::file_name(path);
    let unreadable = |message: String, line: Option<u64>| {
        let mut finding = Finding::new(&IN001, message).in_file(file, Some(kind));
        finding.line = line;
        FileOutcome {
            schedule: None,
            findings: vec![finding],
            records: 0,
        }
    };
    let opened = match File::open(path) {
        Ok(opened) => opened,
        Err(error) => return Ok(unreadable(format!("cannot open {name}: {error}"), None)),
    };
    // A filing's records are held while it is checked, so the file size bounds memory.
    if let Ok(metadata) = opened.metadata() {
        if metadata.len() > MAX_FILE_BYTES {
            return Ok(unreadable(
                format!(
                    "{name} is {} MB; a CFR schedule export is a few MB at most, so it was not read (over {} MB)",
                    metadata.len() / 1_000_000,
                    MAX_FILE_BYTES / 1_000_000
                ),
                None,
            ));
        }
    }
    let source: Box<dyn Read> = match encoding {
        Encoding::Windows1252 => Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding_rs::WINDOWS_1252))
                // A UTF-8 byte-order mark still means UTF-8.
                .bom_override(true)
                .build(opened),
        ),
        Encoding::Auto | Encoding::Utf8 => Box::new(opened),
    };
    let mut buffered = BufReader::with_capacity(64 * 1024, source);
    match buffered.fill_buf() {
        // A UTF-8 byte-order mark is not part of the first header name.
        Ok(start) if start.starts_with(b"\xEF\xBB\xBF") => buffered.consume(3),
        // Excel's "Unicode Text" and some exports write UTF-16.
        Ok(start) if start.starts_with(b"\xFF\xFE") || start.starts_with(b"\xFE\xFF") => {
            return Ok(unreadable(
                format!("{name} is UTF-16 text; save it as \"CSV UTF-8 (Comma delimited)\""),
                None,
            ))
        }
        // NUL bytes never occur in a text export: this is a workbook or a binary file.
        Ok(start) if start.contains(&0) => {
            return Ok(unreadable(
                format!("{name} contains NUL bytes: it is a binary file (an .xlsx renamed to .csv?), not a CSV export"),
                None,
            ))
        }
        Ok(_) => {}
        Err(error) => return Ok(unreadable(format!("cannot read {name}: {error}"), None)),
    }
    let (tracked, lines) = LineTracking::new(buffered);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(64 * 1024)
        .from_reader(tracked);

    let mut raw = csv::ByteRecord::new();
    match reader.read_byte_record(&mut raw) {
        Ok(true) => {}
        Ok(false) => {
            return Ok(unreadable(
                format!("{name} is empty: a {kind} export needs a header row"),
                None,
            ))
        }
        Err(error) => return Ok(unreadable(csv_error(file, &error), error_line(&error))),
    }
    if raw.iter().any(|field| field.contains(&0)) {
        return Ok(unreadable(
            format!("{name} contains NUL bytes: it is a binary file, not a CSV export"),
            Some(1),
        ));
    }
    let header = Header::parse(&raw, kind).map_err(|()| NotUtf8 { line: 1 })?;
    let mut findings = header.missing_column_findings(file, kind);
    let identity_missing = header
        .missing
        .iter()
        .any(|column| identifies_records(*column, kind));

    let mut schedule = Schedule {
        kind,
        file: file.clone(),
        columns: header.present,
        records: Vec::new(),
        other_agency_records: 0,
    };
    let mut parser = RecordParser {
        file,
        kind,
        options,
        header: &header,
        heading,
        findings: &mut findings,
        notes: Notes::default(),
    };
    let mut records = 0usize;
    loop {
        match reader.read_byte_record(&mut raw) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                parser.findings.push(
                    Finding::new(&IN001, csv_error(file, &error))
                        .in_file(file, Some(kind))
                        .at_line(error_line(&error).unwrap_or(1)),
                );
                break;
            }
        }
        let line = record_line(&raw, &reader, &lines);
        if raw.as_slice().contains(&0) {
            parser.findings.push(
                Finding::new(
                    &IN001,
                    format!("{name} contains NUL bytes at line {line}: it is a binary file, not a CSV export"),
                )
                .in_file(file, Some(kind))
                .at_line(line),
            );
            break;
        }
        if std::str::from_utf8(raw.as_slice()).is_err() {
            return Err(NotUtf8 { line });
        }
        records += 1;
        if raw.len() != header.width {
            // A quote that is never closed swallows the rest of the file into one cell.
            let cause = match raw.iter().next_back() {
                Some(last) if last.contains(&b'\n') => "a quote that is never closed?",
                _ => "a stray comma or an unquoted line break?",
            };
            parser.findings.push(
                Finding::new(
                    &IN007,
                    format!(
                        "record has {} fields but the header has {}; the record was skipped ({cause})",
                        raw.len(),
                        header.width
                    ),
                )
                .in_file(file, Some(kind))
                .at_line(line)
                .value(raw.len().to_string()),
            );
            continue;
        }
        if let Some(record) = parser.parse(&raw, line) {
            if !identity_missing {
                schedule.records.push(record);
            }
        } else {
            schedule.other_agency_records += 1;
        }
    }
    parser.finish();
    if records == 0 && findings.iter().all(|finding| finding.rule.code != "IN001") {
        findings.push(
            Finding::new(&IN010, format!("{name} has a header but no records"))
                .in_file(file, Some(kind)),
        );
    }
    Ok(FileOutcome {
        schedule: (!identity_missing).then_some(schedule),
        findings,
        records,
    })
}

/// Columns without which a record cannot be placed: its program, its county
/// on county schedules, its funding source on DMH-3.
fn identifies_records(column: Column, kind: ScheduleKind) -> bool {
    match column {
        Column::ProgramCode => true,
        Column::County => kind.has_county(),
        Column::FundSource => kind == ScheduleKind::Dmh3,
        _ => false,
    }
}

/// The physical line on which a record starts (see `lines.rs`).
fn record_line<R: Read>(raw: &csv::ByteRecord, reader: &csv::Reader<R>, lines: &LineIndex) -> u64 {
    let end = reader.position().byte();
    let last_line = lines.line_of(end.saturating_sub(1));
    let inner_newlines = memchr::memchr_iter(b'\n', raw.as_slice()).count() as u64;
    last_line.saturating_sub(inner_newlines).max(2)
}

fn csv_error(file: &str, error: &csv::Error) -> String {
    let name = super::file_name(Path::new(file));
    match error.kind() {
        csv::ErrorKind::Io(io) => format!("cannot read {name}: {io}"),
        _ => format!("{name} is not a readable CSV: {error}"),
    }
}

fn error_line(error: &csv::Error) -> Option<u64> {
    error.position().map(|position| position.line())
}

/// The header of a file: where each known column is.
struct Header {
    at: [Option<usize>; Column::COUNT],
    present: ColumnSet,
    missing: Vec<Column>,
    /// Header names cfrcheck does not know (for "did you mean").
    unknown: Vec<String>,
    width: usize,
}

impl Header {
    fn parse(raw: &csv::ByteRecord, kind: ScheduleKind) -> Result<Header, ()> {
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

    fn missing_column_findings(&self, file: &Arc<str>, kind: ScheduleKind) -> Vec<Finding> {
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

    fn field<'r>(&self, raw: &'r csv::ByteRecord, column: Column) -> Option<&'r str> {
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

/// Findings that are about a whole column, collected while reading and
/// reported once per file (a spreadsheet mangles every row the same way).
#[derive(Default)]
struct Notes {
    /// IN008: first line, first value as written, restored value, count.
    restored: Vec<(Column, u64, String, String, usize)>,
    /// IN005/IN006 per heading column and message: first line, value, count.
    heading: Vec<(
        Column,
        u64,
        String,
        usize,
        &'static crate::rules::Rule,
        String,
    )>,
}

struct RecordParser<'p, 'h> {
    file: &'p Arc<str>,
    kind: ScheduleKind,
    options: &'p ReadOptions<'p>,
    header: &'p Header,
    heading: &'h mut Heading,
    findings: &'p mut Vec<Finding>,
    notes: Notes,
}

impl RecordParser<'_, '_> {
    /// Parses one record; `None` for records of another state agency.
    fn parse(&mut self, raw: &csv::ByteRecord, line: u64) -> Option<Record> {
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
        rule: &'static crate::rules::Rule,
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
    fn finish(self) {
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
