//! Reads one schedule file into a [`Schedule`], streaming: one reused
//! record read by the thread's parser (`csv_records`), typed values parsed
//! straight from its bytes. Everything wrong with the file becomes a
//! finding (the IN rules), never a panic.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use super::csv_records::{CsvReader, RawRecord};
use super::header::{foreign_delimiter, Header};
use super::lines::{LineTracking, READ_BUFFER_BYTES};
use super::notes::Notes;
use super::record::RecordParser;
use super::row::CsvRow;
use super::rows::{read_error, Ended, NotUtf8, Rows};
use super::rules::{IN001, IN010, IN012};
use super::split::{self, WholeFile};
use super::ReadOptions;
use crate::model::location::FileName;
use crate::model::{Heading, Schedule, ScheduleKind};
use crate::report::cap::CappedFindings;
use crate::report::Finding;
use crate::settings::Encoding;

/// Largest schedule file read: a hundred times a large agency's CFR-1, and
/// enough for the 100,000-column scaling filing; memory stays bounded.
pub const MAX_FILE_BYTES: u64 = 128_000_000;

/// About the fewest bytes a record of a real export takes (a program code,
/// name, site and a dozen amounts), to size the records from the file's
/// size; a file of shorter records grows its list as usual.
const BYTES_PER_RECORD_AT_LEAST: u64 = 128;

/// The result of reading one file.
pub struct FileOutcome {
    /// `None` when the file could not be read, or lacks a column that
    /// identifies its records (the findings say why).
    pub schedule: Option<Schedule>,
    pub findings: CappedFindings,
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
    let name = FileName(path);
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
                        "{name} is not valid UTF-8 (first here); read as Windows-1252, the encoding of Excel's \"CSV (Comma delimited)\". In Excel choose \"Save As\" > \"CSV UTF-8 (Comma delimited)\" to avoid this"
                    ),
                )
                .in_file(&file, Some(kind))
                .at_line(line),
            );
            (outcome, local_heading)
        }
        (Err(NotUtf8 { line }), _) => (
            FileOutcome {
                schedule: None,
                findings: CappedFindings::one(Finding::new(
                    &IN001,
                    format!("{name} is not valid UTF-8 (line {line}); use --encoding windows-1252 if it was saved by Excel as \"CSV (Comma delimited)\""),
                )
                .in_file(&file, Some(kind))
                .at_line(line)),
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
        findings: CappedFindings::one(
            Finding::new(&IN001, format!("{name} could not be decoded")).in_file(file, Some(kind)),
        ),
        records: 0,
    }
}

fn read_with(
    path: &Path,
    file: &Arc<str>,
    kind: ScheduleKind,
    options: &ReadOptions,
    encoding: Encoding,
    heading: &mut Heading,
) -> Result<FileOutcome, NotUtf8> {
    let name = FileName(path);
    let unreadable = |message: String, line: Option<u64>| {
        let mut finding = Finding::new(&IN001, message).in_file(file, Some(kind));
        finding.line = line;
        FileOutcome {
            schedule: None,
            findings: CappedFindings::one(finding),
            records: 0,
        }
    };
    let (opened, size) = match super::open_regular(path, name, "schedule export", MAX_FILE_BYTES) {
        Ok(opened) => opened,
        Err(refusal) => return Ok(unreadable(refusal, None)),
    };
    // Borrowed: the second half of a big file reads through it too (split.rs).
    // The size the file had when opened is what is read: the read that
    // would only find the end is saved, one system call per file of a batch
    // (a file still being written is read as it was when opened).
    let bytes = (&opened).take(size);
    let source: Box<dyn Read + '_> = match encoding {
        Encoding::Windows1252 => Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding_rs::WINDOWS_1252))
                // A UTF-8 byte-order mark still means UTF-8.
                .bom_override(true)
                .build(bytes),
        ),
        Encoding::Auto | Encoding::Utf8 => Box::new(bytes),
    };
    // The whole of a small file in one read (most schedules are a few KB):
    // a 64 KB buffer per file of a large batch is mostly allocator work.
    let capacity = usize::try_from(size + 1)
        .map_or(READ_BUFFER_BYTES, |size| size.clamp(512, READ_BUFFER_BYTES));
    let mut buffered = BufReader::with_capacity(capacity, source);
    // The file offset of the first byte the parser reads.
    let mut origin = 0;
    match buffered.fill_buf() {
        // A UTF-8 byte-order mark is not part of the first header name.
        Ok(start) if start.starts_with(b"\xEF\xBB\xBF") => {
            buffered.consume(3);
            origin = 3;
        }
        // Excel's "Unicode Text" and some exports write UTF-16.
        Ok(start) if start.starts_with(b"\xFF\xFE") || start.starts_with(b"\xFE\xFF") => {
            return Ok(unreadable(
                format!("{name} is UTF-16 text; save it as \"CSV UTF-8 (Comma delimited)\""),
                None,
            ))
        }
        // .xlsx and .ods workbooks are zip archives.
        Ok(start) if start.starts_with(b"PK\x03\x04") => {
            return Ok(unreadable(
                format!("{name} is a spreadsheet workbook (.xlsx), not a CSV export; in Excel use \"Save As\" > \"CSV UTF-8 (Comma delimited)\" for each schedule"),
                None,
            ))
        }
        // NUL bytes never occur in a text export: this is a binary file.
        Ok(start) if memchr::memchr(0, start).is_some() => {
            return Ok(unreadable(
                format!("{name} contains NUL bytes: it is a binary file (an .xlsx renamed to .csv?), not a CSV export"),
                None,
            ))
        }
        Ok(_) => {}
        Err(error) => return Ok(unreadable(format!("cannot read {name}: {error}"), None)),
    }
    let (tracked, lines) = LineTracking::new(buffered);
    let mut reader = CsvReader::new(tracked);

    let mut raw = RawRecord::reused();
    match reader.read(&mut raw) {
        Ok(true) => {}
        Ok(false) => {
            return Ok(unreadable(
                format!("{name} is empty: a {kind} export needs a header row"),
                None,
            ))
        }
        Err(error) => return Ok(unreadable(read_error(file, &error), None)),
    }
    if lines.nul_before(reader.position()) {
        return Ok(unreadable(
            format!("{name} contains NUL bytes: it is a binary file, not a CSV export"),
            Some(1),
        ));
    }
    let Some(header_row) = CsvRow::new(&raw) else {
        return Err(NotUtf8 { line: 1 });
    };
    if let Some(delimiter) = foreign_delimiter(&header_row) {
        let shown = if delimiter == '\t' {
            "tabs".to_string()
        } else {
            format!("`{delimiter}`")
        };
        return Ok(unreadable(
            format!("{name} is separated by {shown}, not commas; in Excel use \"Save As\" > \"CSV UTF-8 (Comma delimited)\" (or \"CSV (Comma delimited)\")"),
            Some(1),
        ));
    }
    let header = Header::parse_csv(&raw, &header_row, kind);
    let mut findings = CappedFindings::new(options.max_per_rule);
    for finding in header.findings(file, kind, None, 1) {
        findings.push(finding);
    }
    let identity_missing = header.lacks_identity(kind);

    let mut schedule = Schedule {
        kind,
        file: file.clone(),
        sheet: None,
        columns: header.present,
        // Room for the records the file can hold, so that a big CFR-1 is
        // not copied over and over as it grows (untouched room costs no memory).
        records: Vec::with_capacity((size / BYTES_PER_RECORD_AT_LEAST) as usize),
        other_agency_records: 0,
    };
    let mut parser = RecordParser {
        file,
        kind,
        sheet: None,
        options,
        header: &header,
        heading,
        findings: &mut findings,
        notes: Notes::default(),
        dates: Default::default(),
    };
    let whole = (encoding != Encoding::Windows1252).then_some(WholeFile {
        handle: &opened,
        size,
    });
    let mut rows = Rows::new(reader, lines, raw, origin);
    let ended = split::read_rows(
        &mut rows,
        &mut parser,
        &mut schedule,
        !identity_missing,
        whole,
    )?;
    parser.finish();
    let records = rows.counted;
    if records == 0 && ended != Ended::Broken {
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
