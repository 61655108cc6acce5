//! Exit statuses 0, 1 and 2 as the contract gives them, and no file of the
//! malformed input corpus making any format panic.

use std::fs;
use std::path::PathBuf;

use super::{cfrcheck, check, json, path_text, root, run, FORMATS};

#[test]
fn exit_status_follows_the_contract() {
    assert_eq!(check(&["fixtures/filings/acme-2009"]).status, 0);
    assert_eq!(check(&["fixtures/filings/hudson-2009-10"]).status, 0);
    assert_eq!(check(&["fixtures/filings/faulty-riverside-2009"]).status, 1);
    let missing = check(&["fixtures/filings/no-such-filing"]);
    assert_eq!(missing.status, 2);
    assert!(
        missing.stderr.contains("no-such-filing"),
        "{}",
        missing.stderr
    );
    // Bad usage.
    assert_eq!(check(&[]).status, 2);
    assert_eq!(
        check(&["--format", "xml", "fixtures/filings/acme-2009"]).status,
        2
    );
    assert_eq!(
        check(&["--select", "ZZ999", "fixtures/filings/acme-2009"]).status,
        2
    );
    assert_eq!(
        check(&["--jobs", "0", "fixtures/filings/acme-2009"]).status,
        2
    );
    assert_eq!(run(cfrcheck().arg("frobnicate")).status, 2);
    assert_eq!(run(cfrcheck().arg("--help")).status, 0);
    // A config or rulebook that cannot be read.
    let folder = tempfile::tempdir().expect("temp dir");
    let config = folder.path().join("bad.toml");
    fs::write(&config, "fail-on = \"sometimes\"\n").expect("write");
    let bad = check(&["--config", path_text(&config), "fixtures/filings/acme-2009"]);
    assert_eq!(bad.status, 2);
    assert!(
        bad.stderr.contains("line 1") && bad.stderr.contains("fail-on"),
        "{}",
        bad.stderr
    );
    assert_eq!(
        check(&["--config", "no-such.toml", "fixtures/filings/acme-2009"]).status,
        2
    );
    assert_eq!(
        check(&[
            "--rulebook",
            "no-such-rulebook.toml",
            "fixtures/filings/acme-2009"
        ])
        .status,
        2
    );
    // Warnings only: 0 by default, 1 with --fail-on warning.
    let mangled = ["--select", "IN", "fixtures/input/excel-mangled-CFR-1.csv"];
    let result = check(&mangled);
    assert_eq!(result.status, 0, "{}", result.stdout);
    assert!(result.stdout.contains("IN008"));
    assert_eq!(
        check(&[&["--fail-on", "warning"][..], &mangled].concat()).status,
        1
    );
}

#[test]
fn no_file_of_the_malformed_corpus_makes_it_panic() {
    let mut entries: Vec<PathBuf> = fs::read_dir(root().join("fixtures/input"))
        .expect("fixtures/input")
        .map(|entry| entry.expect("entry").path())
        .collect();
    entries.sort();
    assert!(entries.len() >= 15);
    for path in entries {
        let relative = path
            .strip_prefix(root())
            .expect("under the root")
            .to_path_buf();
        let result = check(&["--format", "json", path_text(&relative)]);
        let allowed: &[i32] = if path.is_dir() { &[0, 1, 2] } else { &[0, 1] };
        assert!(
            allowed.contains(&result.status),
            "{}: exit {}\n{}",
            relative.display(),
            result.status,
            result.stderr
        );
        assert!(
            !result.stderr.contains("panicked"),
            "{}: {}",
            relative.display(),
            result.stderr
        );
        if path.is_file() {
            json(&result.stdout);
            // Every emitter copes with what the corpus puts in messages
            // (control characters, a 1 MB cell clipped, Windows-1252 text).
            for (format, _) in FORMATS {
                let result = check(&["--format", format, path_text(&relative)]);
                assert!(
                    [0, 1].contains(&result.status) && !result.stderr.contains("panicked"),
                    "{} --format {format}: exit {}\n{}",
                    relative.display(),
                    result.status,
                    result.stderr
                );
            }
        }
    }
}
