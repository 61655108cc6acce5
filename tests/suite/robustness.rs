//! Nothing a user feeds cfrcheck may crash it, hang it, or change a file.
//! Property tests push arbitrary bytes and mutated real filings through the
//! whole check; case counts are bounded so the suite stays fast.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;
use rust_decimal::Decimal;

use cfrcheck::check::check_path;
use cfrcheck::input::cells::parse_amount;
use cfrcheck::report::Report;
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::Settings;

fn clean_filing() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/filings/acme-2009")
}

/// Checks a filing folder through the library, as `cfrcheck check` does.
fn check_folder(folder: &Path) -> Report {
    check_path(folder, &Rulebook::embedded(), &Settings::default())
        .expect("the folder holds schedule files")
}

fn write_filing(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).expect("write fixture");
    }
    dir
}

/// A mutation of a real file: flip, delete or insert the characters that
/// break CSVs (quotes, commas, line breaks, NUL, non-UTF-8 bytes).
fn mutate(mut bytes: Vec<u8>, edits: &[(usize, u8, u8)]) -> Vec<u8> {
    const NASTY: &[u8] = b"\",\n\r\x00\xff\xe9$()-.#";
    for &(at, kind, byte) in edits {
        if bytes.is_empty() {
            bytes.push(byte);
            continue;
        }
        let at = at % bytes.len();
        let nasty = NASTY[usize::from(byte) % NASTY.len()];
        match kind % 4 {
            0 => bytes[at] = nasty,
            1 => {
                bytes.remove(at);
            }
            2 => bytes.insert(at, nasty),
            _ => bytes[at] = byte,
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(cfr1 in proptest::collection::vec(any::<u8>(), 0..2048),
                                   dmh2 in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let dir = write_filing(&[("CFR-1.csv", &cfr1), ("DMH-2.csv", &dmh2)]);
        let report = check_folder(dir.path());
        prop_assert_eq!(report.filings.len(), 1);
    }

    #[test]
    fn mutated_real_filings_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..12),
                                        which in 0usize..4) {
        let names = ["CFR-1.csv", "DMH-1.csv", "DMH-2.csv", "DMH-3.csv"];
        let mut files: Vec<(&str, Vec<u8>)> = names
            .iter()
            .map(|name| (*name, fs::read(clean_filing().join(name)).expect("fixture")))
            .collect();
        files[which].1 = mutate(files[which].1.clone(), &edits);
        let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(name, bytes)| (*name, bytes.as_slice())).collect();
        let dir = write_filing(&borrowed);
        let report = check_folder(dir.path());
        prop_assert_eq!(report.filings.len(), 1);
    }

    #[test]
    fn amounts_round_trip_in_every_spelling(cents in -10_000_000_000_000i64..10_000_000_000_000i64) {
        let value = Decimal::new(cents, 2);
        let plain = value.abs().to_string();
        let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, "00"));
        let grouped = group_thousands(whole);
        let negative = cents < 0;
        let spellings = if negative {
            vec![format!("-{plain}"), format!("({grouped}.{fraction})"), format!("-${grouped}.{fraction}"), format!(" (${grouped}.{fraction}) ")]
        } else {
            vec![plain.clone(), format!("{grouped}.{fraction}"), format!("${grouped}.{fraction}"), format!("  {plain} ")]
        };
        for spelling in spellings {
            prop_assert_eq!(parse_amount(spelling.as_bytes()), Some(value), "spelling {:?}", spelling);
        }
    }
}

fn group_thousands(digits: &str) -> String {
    let mut grouped = String::new();
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

proptest! {
    // Each case starts the binary: fewer cases, the same guarantee at the door.
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    #[test]
    fn the_binary_exits_0_or_1_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let dir = write_filing(&[("DMH-3.csv", &bytes)]);
        let status = Command::cargo_bin("cfrcheck")
            .expect("binary")
            .args(["check", "--format", "json"])
            .arg(dir.path())
            .output()
            .expect("runs")
            .status
            .code();
        prop_assert!(matches!(status, Some(0) | Some(1)), "exit status {:?}", status);
    }
}

/// Every file of the malformed-input corpus, checked alone, ends in a report.
#[test]
fn the_malformed_input_corpus_never_crashes() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/input");
    let mut checked = 0;
    for entry in fs::read_dir(&corpus).expect("corpus") {
        let path = entry.expect("entry").path();
        if path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let output = Command::cargo_bin("cfrcheck")
            .expect("binary")
            .args(["check", "--format", "json"])
            .arg(&path)
            .output()
            .expect("runs");
        let status = output.status.code();
        // A folder named like a CSV holds no schedule file: that is usage (2).
        let expected: &[i32] = if path.is_dir() { &[2] } else { &[0, 1] };
        assert!(
            status.is_some_and(|code| expected.contains(&code)),
            "{}: exit {status:?}\n{}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        if !path.is_dir() {
            let json: serde_json::Value = serde_json::from_slice(&output.stdout)
                .unwrap_or_else(|error| panic!("{}: not JSON: {error}", path.display()));
            assert_eq!(json["summary"]["filings"], 1, "{}", path.display());
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} corpus files");
}

/// A line longer than any CFR record is refused (IN001), not buffered whole.
#[test]
fn an_endless_line_is_refused() {
    let mut bytes =
        b"agency_code,period_start,period_end,program_code,total_expenses\n12345,".to_vec();
    bytes.resize(bytes.len() + 17 * 1024 * 1024, b'9');
    let dir = write_filing(&[("CFR-1.csv", &bytes)]);
    let report = check_folder(dir.path());
    let codes: Vec<&str> = report
        .findings()
        .map(|(_, finding)| finding.rule.code)
        .collect();
    assert!(codes.contains(&"IN001"), "{codes:?}");
}

/// A 200 MB file is refused with a clear finding before anything is read.
#[test]
fn an_oversized_file_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("CFR-1.csv");
    // Sparse: no 200 MB are written to disk.
    fs::File::create(&path)
        .and_then(|file| file.set_len(200_000_000))
        .expect("sparse file");
    let report = check_folder(dir.path());
    let refused: Vec<&str> = report
        .findings()
        .filter(|(_, finding)| finding.rule.code == "IN001")
        .map(|(_, finding)| finding.message.as_str())
        .collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0].contains("200 MB"), "{}", refused[0]);
}

/// A header of 100,000 columns is read, and the known columns found in it.
#[test]
fn a_hundred_thousand_columns_are_read() {
    let mut header = String::from(
        "agency_code,period_start,period_end,program_code,total_expenses,units_of_service",
    );
    let mut row = String::from("12345,2009-01-01,2009-12-31,2100,100,10");
    for column in 0..100_000 {
        header.push_str(&format!(",extra_{column}"));
        row.push_str(",1");
    }
    let contents = format!("{header}\n{row}\n");
    let dir = write_filing(&[("CFR-1.csv", contents.as_bytes())]);
    let report = check_folder(dir.path());
    assert_eq!(report.filings[0].records(), 1);
    let codes: Vec<&str> = report
        .findings()
        .map(|(_, finding)| finding.rule.code)
        .collect();
    assert!(
        !codes.contains(&"IN001") && !codes.contains(&"IN003"),
        "{codes:?}"
    );
}

/// A NUL past the first buffer a file is read through (64 KB) is found on
/// its line, whether in a row, in the last row with no line break after
/// it, or in a header longer than that buffer.
#[test]
fn a_nul_byte_past_the_first_buffer_is_found_on_its_line() {
    let header =
        "agency_code,period_start,period_end,program_code,total_expenses,units_of_service\n";
    let row = "12345,2009-01-01,2009-12-31,2100,100,10\n";
    let nul_row = b"12345,2009-01-01,2009-12-31,2100,1\x0000,10";
    let nul_line = |contents: &[u8]| {
        let nul_at = contents.iter().position(|&byte| byte == 0);
        assert!(nul_at.is_some_and(|at| at > 64 * 1024));
        let dir = write_filing(&[("CFR-1.csv", contents)]);
        let report = check_folder(dir.path());
        let finding = report
            .findings()
            .map(|(_, finding)| finding)
            .find(|finding| finding.rule.code == "IN001" && finding.message.contains("NUL"))
            .expect("the NUL is reported");
        let line = finding.line.expect("on its line");
        assert!(
            line == 1
                || finding
                    .message
                    .contains(&format!("NUL bytes at line {line}")),
            "{}",
            finding.message
        );
        line
    };

    let mut inside = format!("{header}{}", row.repeat(2_998)).into_bytes();
    inside.extend_from_slice(nul_row);
    inside.extend_from_slice(format!("\n{}", row.repeat(1_000)).as_bytes());
    assert_eq!(nul_line(&inside), 3_000);

    // The first byte of its line: on that line, not the one before.
    let mut first = format!("{header}{}", row.repeat(2_998)).into_bytes();
    first.extend_from_slice(b"\x00");
    first.extend_from_slice(row.repeat(1_000).as_bytes());
    assert_eq!(nul_line(&first), 3_000);

    let mut last = format!("{header}{}", row.repeat(3_998)).into_bytes();
    last.extend_from_slice(nul_row);
    assert_eq!(nul_line(&last), 4_000);

    let mut long_header = header.trim_end().to_string();
    for column in 0..10_000 {
        long_header.push_str(&format!(",extra_{column}"));
    }
    let mut in_header = long_header.into_bytes();
    in_header.extend_from_slice(b",no\x00te\n");
    in_header.extend_from_slice(row.repeat(10).as_bytes());
    assert_eq!(nul_line(&in_header), 1);
}

/// Inputs are opened read-only: bytes and modification times are unchanged.
#[test]
fn inputs_are_never_written() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/filings");
    let copy = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    for filing in fs::read_dir(&source).expect("filings") {
        let filing = filing.expect("entry").path();
        if !filing.is_dir() {
            continue;
        }
        let target = copy.path().join(filing.file_name().expect("name"));
        fs::create_dir_all(&target).expect("mkdir");
        for file in fs::read_dir(&filing).expect("files") {
            let file = file.expect("entry").path();
            let destination = target.join(file.file_name().expect("name"));
            fs::copy(&file, &destination).expect("copy");
            files.push(destination);
        }
    }
    let before: Vec<(Vec<u8>, std::time::SystemTime)> = files
        .iter()
        .map(|file| {
            (
                fs::read(file).expect("read"),
                fs::metadata(file)
                    .and_then(|m| m.modified())
                    .expect("mtime"),
            )
        })
        .collect();
    for format in ["text", "json"] {
        Command::cargo_bin("cfrcheck")
            .expect("binary")
            .args(["check", "--format", format])
            .arg(copy.path())
            .assert()
            .code(1);
    }
    for (file, (bytes, modified)) in files.iter().zip(before) {
        assert_eq!(
            fs::read(file).expect("read"),
            bytes,
            "{} changed",
            file.display()
        );
        assert_eq!(
            fs::metadata(file)
                .and_then(|m| m.modified())
                .expect("mtime"),
            modified,
            "{} touched",
            file.display()
        );
    }
}

/// A workbook fixture whose parts (the sheet XML, shared strings, styles)
/// are mutated and packed again, so that the mutation reaches the workbook
/// reader instead of stopping at the zip's checksum.
fn mutated_workbook(edits: &[(usize, u8, u8)], part_choice: usize) -> Vec<u8> {
    use std::io::{Read, Write};
    let original = fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/workbooks/faulty-riverside-2009.xlsx"),
    )
    .expect("fixture");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original)).expect("a zip");
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|name| name.to_string())
        .collect();
    let target = &names[part_choice % names.len()];
    let mut packed = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in &names {
        let mut bytes = Vec::new();
        archive
            .by_name(name)
            .expect("listed")
            .read_to_end(&mut bytes)
            .expect("unpacks");
        if name == target {
            bytes = mutate(bytes, edits);
        }
        packed
            .start_file(name.clone(), zip::write::SimpleFileOptions::default())
            .expect("packs");
        packed.write_all(&bytes).expect("packs");
    }
    packed.finish().expect("packs").into_inner()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, .. ProptestConfig::default() })]

    #[test]
    fn mutated_workbooks_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..16),
                                     part in any::<usize>()) {
        let bytes = mutated_workbook(&edits, part);
        let dir = write_filing(&[("Book.xlsx", &bytes)]);
        let report = check_folder(dir.path());
        prop_assert_eq!(report.filings.len(), 1);
    }

    #[test]
    fn truncated_and_flipped_workbooks_never_panic(cut in 0usize..12_000, flips in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..6)) {
        let original = fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/workbooks/acme-2009.xlsx")).expect("fixture");
        let mut bytes = mutate(original, &flips);
        bytes.truncate(cut.min(bytes.len()));
        for name in ["Book.xlsx", "Book.ods", "Book.xls"] {
            let dir = write_filing(&[(name, &bytes)]);
            let report = check_folder(dir.path());
            prop_assert_eq!(report.filings.len(), 1);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, .. ProptestConfig::default() })]

    #[test]
    fn the_binary_exits_0_or_1_on_any_workbook(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..16),
                                               part in any::<usize>()) {
        let dir = write_filing(&[("Book.xlsx", &mutated_workbook(&edits, part))]);
        let status = Command::cargo_bin("cfrcheck")
            .expect("binary")
            .args(["check", "--format", "json"])
            .arg(dir.path())
            .output()
            .expect("runs")
            .status
            .code();
        prop_assert!(matches!(status, Some(0) | Some(1)), "exit status {:?}", status);
    }
}
