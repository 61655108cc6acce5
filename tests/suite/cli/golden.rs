//! Every output format of the golden batch against its reviewed expected
//! file in tests/expected/, and `--jobs` changing none of the output.

use std::fs;

use super::{cfrcheck, golden_run, root, FORMATS};

#[test]
fn every_format_matches_its_expected_file() {
    let bless = std::env::var_os("CFRCHECK_BLESS").is_some_and(|value| value == "1");
    let mut differ = Vec::new();
    for (format, extension) in FORMATS {
        let actual = golden_run(format, "2");
        let expected_path = root()
            .join("tests/expected")
            .join(format!("batch.{extension}"));
        if bless {
            fs::create_dir_all(root().join("tests/expected")).expect("create tests/expected");
            fs::write(&expected_path, &actual).expect("write expected file");
            continue;
        }
        let expected = fs::read(&expected_path).unwrap_or_default();
        if actual != expected {
            differ.push(format!(
                "--format {format} differs from {}:\n{}",
                expected_path.display(),
                String::from_utf8_lossy(&actual)
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{}\n(after an intended change: CFRCHECK_BLESS=1 cargo test --test suite cli::, then review the diff)",
        differ.join("\n\n")
    );
}

#[test]
fn jobs_do_not_change_any_output() {
    for (format, _) in FORMATS {
        assert!(
            golden_run(format, "1") == golden_run(format, "4"),
            "--format {format}"
        );
    }
    // The whole sample folder, found recursively.
    for (format, _) in FORMATS {
        let one = cfrcheck()
            .args([
                "check",
                "--jobs",
                "1",
                "--format",
                format,
                "fixtures/filings",
            ])
            .output();
        let four = cfrcheck()
            .args([
                "check",
                "--jobs",
                "4",
                "--format",
                format,
                "fixtures/filings",
            ])
            .output();
        let (one, four) = (one.expect("runs"), four.expect("runs"));
        assert_eq!(one.status.code(), four.status.code(), "{format}");
        assert!(
            one.stdout == four.stdout,
            "--format {format} on fixtures/filings"
        );
    }
}
