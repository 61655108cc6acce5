//! A big CSV file is read in two halves on two cores (`input/split.rs`).
//! Wherever the cut falls (inside a quoted line break, between the `\r` and
//! `\n` of a line end, among blank lines, before a byte-order mark, before
//! a NUL byte or a byte that is not UTF-8), the halves must join to exactly
//! what reading the file in one go gives: the same records, findings,
//! notes and heading. Each case is written many times with the middle of
//! the file moved a few bytes each time, so the cut crosses every byte of
//! the tricky rows; the files are small, and the split threshold is zero.

use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use compact_str::CompactString;

use cfrcheck::input::{discover, load_filing, split, ReadOptions};
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::Encoding;

const HEADER: &str = "agency_code,period_start,period_end,program_code,program_index,site,program_name,personal_services,fringe_benefits,otps,property,equipment,agency_administration,total_expenses,revenues,units_of_service";

fn row(site: usize, name: &str) -> String {
    agency_row("12345", site, name)
}

fn agency_row(agency: &str, site: usize, name: &str) -> String {
    format!("{agency},2009-01-01,2009-12-31,2100,,{site:03},{name},100,25,10,5,0,14,154,120,20")
}

/// Everything reading produced, spelled out, to compare two reads.
fn read(path: &Path, split_from_bytes: u64) -> String {
    static LETTERED: OnceLock<Vec<CompactString>> = OnceLock::new();
    let lettered = LETTERED.get_or_init(|| Rulebook::embedded().lettered_fund_codes());
    let targets = discover(&[path.to_path_buf()]).expect("the file");
    let options = ReadOptions {
        encoding: Encoding::Auto,
        lettered_fund_codes: lettered,
        // A small cap, so that capped findings of both halves are merged.
        max_per_rule: 3,
        split_from_bytes,
    };
    let loaded = load_filing(&targets[0], &options);
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}",
        loaded.filing.schedules,
        loaded.filing.heading,
        loaded.filing.files,
        loaded.findings.into_parts()
    )
}

/// A file whose middle rows are `middle`, and where the cut falls.
struct Case<'c> {
    name: &'c str,
    /// The line end of the rows around the middle.
    lines: &'c str,
    middle: Vec<u8>,
    /// The agency code of the rows before the middle (empty: the heading
    /// is set only by a later row).
    agency_before: &'c str,
}

impl Case<'_> {
    /// The file, its last row padded by `pad` bytes, and where `middle` starts.
    fn bytes(&self, pad: usize) -> (Vec<u8>, usize) {
        let lines = self.lines;
        let before: String = (0..20)
            .map(|site| format!("{}{lines}", agency_row(self.agency_before, site, "Clinic")))
            .collect();
        let padded = format!("Clinic{}", "x".repeat(pad));
        let after: String = (40..48)
            .map(|site| {
                format!(
                    "{}{lines}",
                    agency_row("54321", site, if site == 47 { &padded } else { "Clinic" })
                )
            })
            .collect();
        let mut bytes = format!("{HEADER}{lines}{before}").into_bytes();
        let middle_at = bytes.len();
        bytes.extend_from_slice(&self.middle);
        bytes.extend_from_slice(after.as_bytes());
        (bytes, middle_at)
    }

    /// Writes the file with the middle of the file at every byte from a
    /// little before `middle` to a little after it, and checks that both
    /// reads agree each time. Returns how many were read in halves.
    fn agrees_wherever_the_cut_falls(&self, dir: &Path) -> usize {
        let (unpadded, middle_at) = self.bytes(0);
        // Padding the last row by two bytes moves the middle by one.
        let first = (2 * middle_at.saturating_sub(20)).saturating_sub(unpadded.len());
        let last = 2 * (middle_at + self.middle.len() + 20) - unpadded.len();
        let mut joined = 0;
        for pad in first..=last {
            let (bytes, _) = self.bytes(pad);
            let path = dir.join(format!("{}-{pad}-CFR-1.csv", self.name));
            fs::write(&path, &bytes).expect("write");
            let before = split::files_read_in_halves();
            let in_halves = read(&path, 0);
            let in_one_go = read(&path, u64::MAX);
            assert_eq!(
                in_halves, in_one_go,
                "{}, padded by {pad}: reading in halves differs",
                self.name
            );
            joined += usize::from(split::files_read_in_halves() > before);
        }
        joined
    }
}

/// Two workers, whatever the machine: a file is split only when a second
/// one can read.
fn two_workers() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("two workers")
}

#[test]
fn halves_join_to_what_one_pass_reads_wherever_the_cut_falls() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = two_workers();
    let quoted = format!(
        "{}\n12345,2009-01-01,2009-12-31,2100,,013,\"Clinic\nTreatment\r\nEast\",1,1,1,1,1,1,6,0,1\n{}\n",
        row(14, "Clinic"),
        row(15, "Clinic")
    );
    let faults = format!(
        "0810,,,,\n12345,2009-01-01,2009-12-31,810,,016,Clinic,#REF!,0,0,0,0,0,0,0,1\n\n\n,,,,,,,,,,,,,,,\nTotal,,,,,,,1,1,1,1,1,1,6,0,1\n54321,2009-01-01,2009-12-31,810,,017,Clinic,#REF!,0,0,0,0,0,0,0,1\n{}\n",
        row(18, "Clinic")
    );
    let mut bom = format!("{}\n", row(14, "Clinic")).into_bytes();
    bom.extend_from_slice(b"\xEF\xBB\xBF");
    bom.extend_from_slice(format!("{}\n", row(15, "Clinic")).as_bytes());
    let mut nul = format!("{}\n", row(14, "Clinic")).into_bytes();
    nul.extend_from_slice(b"12345,2009-01-01,2009-12-31,2100,,015,Cl\0inic,1,1,1,1,1,1,6,0,1\n");
    let mut latin = format!("{}\n", row(14, "Clinic")).into_bytes();
    latin.extend_from_slice(b"12345,2009-01-01,2009-12-31,2100,,015,Caf\xE9,1,1,1,1,1,1,6,0,1\n");
    let unclosed = format!(
        "{}\n12345,\"never closed,1\n{}\n",
        row(14, "Clinic"),
        row(15, "Clinic")
    );
    let case = |name, lines, middle: Vec<u8>| Case {
        name,
        lines,
        middle,
        agency_before: "12345",
    };
    let cases = [
        case("quoted-line-breaks", "\n", quoted.clone().into_bytes()),
        case("crlf", "\r\n", quoted.replace('\n', "\r\n").into_bytes()),
        case("faults-and-notes", "\n", faults.into_bytes()),
        case("byte-order-mark", "\n", bom),
        case("nul", "\n", nul),
        case("windows-1252", "\n", latin),
        case("unclosed-quote", "\n", unclosed.into_bytes()),
        Case {
            agency_before: "",
            ..case(
                "heading-set-late",
                "\n",
                format!("{}\n", row(14, "Clinic")).into_bytes(),
            )
        },
    ];
    pool.install(|| {
        for case in &cases {
            let joined = case.agrees_wherever_the_cut_falls(dir.path());
            // Where a fault ends or redoes the read, or the heading changed
            // in the first half, the halves are never kept; the other cases
            // must really have been read in halves.
            let kept = [
                "quoted-line-breaks",
                "crlf",
                "faults-and-notes",
                "byte-order-mark",
            ];
            if kept.contains(&case.name) {
                assert!(joined > 0, "{}: never read in halves", case.name);
            }
        }
    });
}

#[test]
fn a_second_half_of_many_blocks_joins_in_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = two_workers();
    // Far more records than a block of the second half holds (8,192).
    let rows: String = (0..40_000)
        .map(|site| format!("{}\n", row(site, "Clinic")))
        .collect();
    let path = dir.path().join("CFR-1.csv");
    fs::write(&path, format!("{HEADER}\n{rows}")).expect("write");
    pool.install(|| {
        let before = split::files_read_in_halves();
        let in_halves = read(&path, 0);
        assert!(split::files_read_in_halves() > before, "not read in halves");
        assert_eq!(in_halves, read(&path, u64::MAX));
    });
}

#[test]
fn lines_stay_the_files_when_a_line_end_straddles_the_first_halfs_buffer() {
    // A CRLF file of exactly 2 x 64 KB: its middle is the `\n` of the row
    // whose `\r` is the last byte of the first 64 KB read buffer, so the
    // first half stops before it has looked at the `\n` and the line
    // breaks before the cut are counted apart. A bad amount after the cut
    // puts a line into a finding too.
    const BUFFER: usize = 64 * 1024;
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = two_workers();
    let mut text = format!("{HEADER}\r\n");
    let mut site = 0;
    let padded_row = |site: usize, fill: usize| {
        format!("{}\r\n", row(site, &format!("Clinic{}", "x".repeat(fill))))
    };
    while text.len() + 2 * padded_row(site, 0).len() < BUFFER {
        text.push_str(&padded_row(site, 0));
        site += 1;
    }
    // This row's `\r` ends the first buffer.
    let fill = BUFFER - 1 - text.len() - (padded_row(site, 0).len() - 2);
    text.push_str(&padded_row(site, fill));
    assert_eq!(text.as_bytes()[BUFFER - 1], b'\r');
    site += 1;
    text.push_str("12345,2009-01-01,2009-12-31,2100,,999,Clinic,#REF!,25,10,5,0,14,154,120,20\r\n");
    while text.len() + 2 * padded_row(site, 0).len() < 2 * BUFFER {
        text.push_str(&padded_row(site, 0));
        site += 1;
    }
    let fill = 2 * BUFFER - text.len() - padded_row(site, 0).len();
    text.push_str(&padded_row(site, fill));
    assert_eq!(text.len(), 2 * BUFFER);
    let path = dir.path().join("CFR-1.csv");
    fs::write(&path, &text).expect("write");
    pool.install(|| {
        let before = split::files_read_in_halves();
        let in_halves = read(&path, 0);
        assert!(split::files_read_in_halves() > before, "not read in halves");
        assert_eq!(in_halves, read(&path, u64::MAX));
        assert!(in_halves.contains("IN004"), "{in_halves}");
    });
}
