//! The command line as outside suites drive it (`../shared/spec/cli.md`):
//! every output format against reviewed expected files, exit statuses,
//! the JSON shape, config discovery and precedence, baselines, batches.
//!
//! Expected files live in tests/expected/. The rule set grows in other
//! branches, so the golden runs use `--select IN` (findings of the input
//! rules only). After an intended change of output, regenerate them with
//! `CFRCHECK_BLESS=1 cargo test --test suite cli::` and review the diff.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `cfrcheck` run from the crate root, with no CI variables leaking in.
fn cfrcheck() -> Command {
    let mut command = Command::cargo_bin("cfrcheck").expect("the cfrcheck binary is built");
    command
        .current_dir(root())
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR")
        // The HTML report's "when it ran": fixed, so that runs compare.
        .env("SOURCE_DATE_EPOCH", "1262304000");
    command
}

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn run(command: &mut Command) -> Run {
    let output = command.output().expect("cfrcheck runs");
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn check(args: &[&str]) -> Run {
    run(cfrcheck().arg("check").args(args))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("not JSON ({error}): {text}"))
}

/// Every finding of a `--format json` report, with its filing's path.
fn findings(report: &Value) -> Vec<(String, Value)> {
    report["filings"]
        .as_array()
        .expect("filings")
        .iter()
        .flat_map(|filing| {
            let path = filing["path"].as_str().unwrap_or_default().to_string();
            filing["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .map(move |finding| (path.clone(), finding.clone()))
        })
        .collect()
}

fn codes(report: &Value) -> Vec<String> {
    findings(report)
        .iter()
        .map(|(_, finding)| finding["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Copies a folder (one level: filings are flat) into `to`.
fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), to.join(entry.file_name())).expect("copy file");
    }
}

fn path_text(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

// ---------------------------------------------------------------- formats

/// A clean filing, two faulty ones, a single CSV, and a filing whose only
/// file is binary garbage (IN001) and that lacks three schedules (IN009,
/// findings about the whole filing).
const GOLDEN_INPUTS: &[&str] = &[
    "fixtures/filings/acme-2009",
    "fixtures/filings/faulty-lakeside-2009",
    "fixtures/filings/faulty-riverside-2009",
    "fixtures/input/bad-amounts-CFR-1.csv",
    "tests/data/garbled-2009",
];

const FORMATS: &[(&str, &str)] = &[
    ("text", "txt"),
    ("json", "json"),
    ("sarif", "sarif"),
    ("junit", "xml"),
    ("github", "github.txt"),
    ("gitlab", "gitlab.json"),
    ("csv", "csv"),
    ("html", "html"),
];

fn golden_run(format: &str, jobs: &str) -> Vec<u8> {
    let output = cfrcheck()
        .args([
            "check", "--select", "IN", "--jobs", jobs, "--format", format,
        ])
        .args(GOLDEN_INPUTS)
        // The html header says when the check ran.
        .env("SOURCE_DATE_EPOCH", "1262304000")
        .output()
        .expect("cfrcheck runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{format}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

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

#[test]
fn json_shape_is_exactly_the_contract() {
    let result = check(&[
        "--select",
        "IN",
        "--format",
        "json",
        "fixtures/filings/faulty-lakeside-2009",
        "tests/data/garbled-2009",
    ]);
    assert_eq!(result.status, 1, "{}", result.stderr);
    let report = json(&result.stdout);
    let keys = |value: &Value| -> BTreeSet<String> {
        value.as_object().expect("object").keys().cloned().collect()
    };
    let set = |names: &[&str]| -> BTreeSet<String> {
        names.iter().map(|name| name.to_string()).collect()
    };
    assert_eq!(
        keys(&report),
        set(&["tool", "version", "filings", "summary"])
    );
    assert_eq!(report["tool"], "cfrcheck");
    assert_eq!(report["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        keys(&report["summary"]),
        set(&["filings", "files", "records", "errors", "warnings", "infos"])
    );
    let filings = report["filings"].as_array().expect("filings");
    assert_eq!(filings.len(), 2);
    let lakeside = &filings[0];
    assert_eq!(
        keys(lakeside),
        set(&[
            "path",
            "agency_code",
            "period_start",
            "period_end",
            "schedules",
            "findings"
        ])
    );
    assert_eq!(lakeside["path"], "fixtures/filings/faulty-lakeside-2009");
    assert_eq!(lakeside["agency_code"], "34567");
    assert_eq!(lakeside["period_start"], "2009-01-01");
    assert_eq!(lakeside["period_end"], "2009-12-31");
    assert_eq!(
        lakeside["schedules"],
        serde_json::json!(["CFR-1", "DMH-1", "DMH-2", "DMH-3", "CBR"])
    );
    // The garbled filing has no heading: nulls, not missing keys.
    let garbled = &filings[1];
    assert_eq!(garbled["agency_code"], Value::Null);
    assert_eq!(garbled["period_start"], Value::Null);

    let finding_keys = set(&[
        "code",
        "name",
        "severity",
        "message",
        "schedule",
        "file",
        "line",
        "sheet",
        "cell",
        "column",
        "program_code",
        "program_index",
        "value",
    ]);
    for (path, finding) in findings(&report) {
        assert_eq!(keys(&finding), finding_keys, "{path}: {finding}");
        assert!(
            ["error", "warning", "info"]
                .contains(&finding["severity"].as_str().unwrap_or_default()),
            "{finding}"
        );
    }
    // A finding about a whole file: line and column are null.
    let (_, stray) = findings(&report)
        .into_iter()
        .find(|(_, finding)| finding["code"] == "IN002")
        .expect("IN002 on the stray notes.csv");
    assert_eq!(
        stray["file"],
        "fixtures/filings/faulty-lakeside-2009/notes.csv"
    );
    assert_eq!(stray["schedule"], Value::Null);
    assert_eq!(stray["line"], Value::Null);
    assert_eq!(stray["column"], Value::Null);
    // The first line that is not UTF-8 is where the decoding note points.
    let (_, decoded) = findings(&report)
        .into_iter()
        .find(|(_, finding)| finding["code"] == "IN012")
        .expect("IN012 on the Windows-1252 CFR-1");
    assert_eq!(decoded["schedule"], "CFR-1");
    assert_eq!(decoded["line"], 2);
    // A finding about the whole filing: no file either.
    let (_, missing) = findings(&report)
        .into_iter()
        .find(|(_, finding)| finding["code"] == "IN009")
        .expect("IN009 on the garbled filing");
    assert_eq!(missing["file"], Value::Null);
    assert_eq!(missing["schedule"], Value::Null);

    // Sorted by file, line, code within each filing (nulls first).
    for filing in filings {
        let order: Vec<(Option<String>, Option<u64>, String)> = filing["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|finding| {
                (
                    finding["file"].as_str().map(str::to_string),
                    finding["line"].as_u64(),
                    finding["code"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "{}", filing["path"]);
    }
    let summary = &report["summary"];
    assert_eq!(summary["filings"], 2);
    let count = |severity: &str| {
        findings(&report)
            .iter()
            .filter(|(_, f)| f["severity"] == severity)
            .count()
    };
    assert_eq!(summary["errors"], count("error"));
    assert_eq!(summary["warnings"], count("warning"));
    assert_eq!(summary["infos"], count("info"));
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema = json(
        &fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).expect("schema"),
    );
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let sarif = json(&String::from_utf8(golden_run("sarif", "2")).expect("UTF-8"));
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|error| format!("{} at {}", error, error.instance_path))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The validator does reject what the schema forbids.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));

    assert_eq!(sarif["version"], "2.1.0");
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "cfrcheck");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver.get("informationUri").is_none(),
        "no placeholder project URL"
    );
    let rules = driver["rules"].as_array().expect("rules");
    let registry = cfrcheck::rules::registry();
    assert_eq!(rules.len(), registry.len());
    for (rule, declared) in rules.iter().zip(registry) {
        assert_eq!(rule["id"], declared.code);
        assert_eq!(rule["name"], declared.name);
        assert_eq!(rule["shortDescription"]["text"], declared.summary);
        assert_eq!(rule["help"]["markdown"], declared.explanation.trim());
        assert!(rule["help"]["text"]
            .as_str()
            .is_some_and(|text| !text.contains("**")));
    }
    let results = runs[0]["results"].as_array().expect("results");
    let report = json(&String::from_utf8(golden_run("json", "2")).expect("UTF-8"));
    assert_eq!(results.len(), findings(&report).len());
    for (result, (filing, finding)) in results.iter().zip(findings(&report)) {
        assert_eq!(result["ruleId"], finding["code"]);
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], finding["code"]);
        let level = match finding["severity"].as_str() {
            Some("error") => "error",
            Some("warning") => "warning",
            _ => "note",
        };
        assert_eq!(result["level"], level);
        assert_eq!(result["message"]["text"], finding["message"]);
        let location = &result["locations"][0]["physicalLocation"];
        match finding["file"].as_str() {
            Some(file) => assert_eq!(location["artifactLocation"]["uri"], file),
            None => assert_eq!(location["artifactLocation"]["uri"], format!("{filing}/")),
        }
        assert_eq!(location["region"]["startLine"], finding["line"], "{result}");
    }
}

#[test]
fn junit_has_a_suite_per_filing_and_a_case_per_file() {
    let xml = String::from_utf8(golden_run("junit", "2")).expect("UTF-8");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    assert_eq!(xml.matches("<testsuite ").count(), GOLDEN_INPUTS.len());
    // acme: five schedule files, no failure.
    assert!(xml.contains(
        "<testsuite name=\"fixtures/filings/acme-2009\" tests=\"5\" failures=\"0\" errors=\"0\" skipped=\"0\">"
    ));
    assert!(xml.contains("<testcase classname=\"fixtures/filings/acme-2009\" name=\"DMH-3.csv\"/>"));
    // The garbled filing: its CFR-1 fails, and the missing schedules (IN009,
    // warnings, below the default --fail-on) are in the (filing) case's output.
    assert!(xml.contains("<testcase classname=\"tests/data/garbled-2009\" name=\"(filing)\">"));
    let filing_case = xml
        .split("name=\"(filing)\">")
        .nth(1)
        .expect("(filing) case");
    let filing_case = filing_case.split("</testcase>").next().expect("case end");
    assert!(
        filing_case.contains("<system-out>") && !filing_case.contains("<failure"),
        "{filing_case}"
    );
    // Warnings fail the test cases with --fail-on warning.
    let strict = check(&[
        "--select",
        "IN",
        "--format",
        "junit",
        "--fail-on",
        "warning",
        "tests/data/garbled-2009",
    ]);
    assert!(
        strict
            .stdout
            .contains("<failure type=\"warning\" message=\"3 findings, first IN009"),
        "{}",
        strict.stdout
    );
    // Every failure element is well formed: no raw markup from messages.
    for body in xml.split("<failure ").skip(1) {
        let body = body.split("</failure>").next().expect("closed");
        assert!(!body.contains('<'), "{body}");
    }
}

#[test]
fn github_annotations_and_step_summary() {
    let text = String::from_utf8(golden_run("github", "2")).expect("UTF-8");
    assert!(text.contains(
        "::error file=fixtures/input/bad-amounts-CFR-1.csv,line=2,title=IN004 bad-amount::otps `#REF!` is not an amount"
    ));
    assert!(text.contains("::notice file=fixtures/filings/faulty-lakeside-2009/CFR-1.csv,line=2,title=IN012 decoded-as-windows-1252::"));
    assert!(text.contains(
        "::warning title=IN009 missing-schedule::tests/data/garbled-2009: filing has no DMH-1 file"
    ));
    assert!(!text.contains("GITHUB_STEP_SUMMARY"));

    let folder = tempfile::tempdir().expect("temp dir");
    let summary = folder.path().join("summary.md");
    fs::write(&summary, "earlier step\n").expect("write");
    let result = run(cfrcheck()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "--select", "IN", "--format", "github"])
        .args(GOLDEN_INPUTS));
    assert_eq!(result.status, 1);
    let markdown = fs::read_to_string(&summary).expect("summary written");
    assert!(
        markdown.starts_with("earlier step\n## cfrcheck\n"),
        "appended: {markdown}"
    );
    assert!(markdown.contains("5 filings checked"), "{markdown}");
    assert!(
        markdown.contains("| tests/data/garbled-2009 |  | 1 | 3 | 0 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| fixtures/filings/acme-2009 | 12345 | 0 | 0 | 0 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| IN004 | bad-amount | error | 7 |"),
        "{markdown}"
    );
    // Worst filing first.
    let garbled = markdown
        .find("tests/data/garbled-2009")
        .expect("garbled row");
    let acme = markdown
        .find("fixtures/filings/acme-2009")
        .expect("acme row");
    assert!(garbled < acme);
    // Other formats leave the summary alone.
    fs::write(&summary, "").expect("truncate");
    run(cfrcheck().env("GITHUB_STEP_SUMMARY", &summary).args([
        "check",
        "--format",
        "json",
        "fixtures/filings/acme-2009",
    ]));
    assert_eq!(fs::read_to_string(&summary).expect("read"), "");
}

#[test]
fn gitlab_fingerprints_are_unique_and_stable() {
    let issues = json(&String::from_utf8(golden_run("gitlab", "2")).expect("UTF-8"));
    let issues = issues.as_array().expect("array");
    let fingerprints: BTreeSet<&str> = issues
        .iter()
        .map(|issue| issue["fingerprint"].as_str().expect("fingerprint"))
        .collect();
    assert_eq!(fingerprints.len(), issues.len(), "unique");
    for issue in issues {
        assert!(issue["fingerprint"]
            .as_str()
            .is_some_and(|f| f.len() == 64 && f.bytes().all(|b| b.is_ascii_hexdigit())));
        assert!(
            ["major", "minor", "info"].contains(&issue["severity"].as_str().unwrap_or_default())
        );
        assert!(issue["location"]["lines"]["begin"]
            .as_u64()
            .is_some_and(|line| line >= 1));
        assert!(issue["check_name"]
            .as_str()
            .is_some_and(|code| code.starts_with("IN")));
    }
    // Filing-level findings point at the filing folder.
    assert!(issues.iter().any(|issue| issue["check_name"] == "IN009"
        && issue["location"]["path"] == "tests/data/garbled-2009"));
}

#[test]
fn gitlab_fingerprints_survive_re_sorted_rows() {
    let folder = tempfile::tempdir().expect("temp dir");
    let filing = folder.path().join("riverside");
    copy_folder(
        &root().join("fixtures/filings/faulty-riverside-2009"),
        &filing,
    );
    let fingerprints = || -> BTreeSet<String> {
        let result = check(&["--select", "IN", "--format", "gitlab", path_text(&filing)]);
        json(&result.stdout)
            .as_array()
            .expect("array")
            .iter()
            .map(|issue| {
                issue["fingerprint"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    };
    let before = fingerprints();
    re_sort(&filing);
    assert_eq!(fingerprints(), before);
}

#[test]
fn csv_has_a_bom_a_header_and_a_row_per_finding() {
    let bytes = golden_run("csv", "2");
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM for Excel");
    let text = String::from_utf8(bytes).expect("UTF-8");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "filing",
            "code",
            "name",
            "severity",
            "message",
            "schedule",
            "file",
            "line",
            "sheet",
            "cell",
            "column",
            "program_code",
            "program_index",
            "value"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|row| row.expect("row")).collect();
    let report = json(&String::from_utf8(golden_run("json", "2")).expect("UTF-8"));
    let expected = findings(&report);
    assert_eq!(rows.len(), expected.len());
    for (row, (filing, finding)) in rows.iter().zip(&expected) {
        assert_eq!(&row[0], filing);
        assert_eq!(&row[1], finding["code"].as_str().unwrap_or_default());
        assert_eq!(&row[4], finding["message"].as_str().unwrap_or_default());
        assert_eq!(
            &row[7],
            finding["line"]
                .as_u64()
                .map(|line| line.to_string())
                .unwrap_or_default()
        );
    }
}

// ------------------------------------------------------------ exit status

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

// ------------------------------------------------------------------ batch

#[test]
fn a_batch_reports_clean_faulty_and_unreadable_filings() {
    let folder = tempfile::tempdir().expect("temp dir");
    let batch = folder.path().join("filings");
    copy_folder(
        &root().join("fixtures/filings/acme-2009"),
        &batch.join("acme-2009"),
    );
    copy_folder(
        &root().join("fixtures/filings/faulty-riverside-2009"),
        &batch.join("riverside-2009"),
    );
    copy_folder(
        &root().join("tests/data/garbled-2009"),
        &batch.join("garbled-2009"),
    );

    let result = check(&["--format", "json", path_text(&batch)]);
    assert_eq!(result.status, 1, "{}", result.stderr);
    let report = json(&result.stdout);
    let paths: Vec<&str> = report["filings"]
        .as_array()
        .expect("filings")
        .iter()
        .map(|filing| filing["path"].as_str().unwrap_or_default())
        .collect();
    let expected: Vec<String> = ["acme-2009", "garbled-2009", "riverside-2009"]
        .iter()
        .map(|name| batch.join(name).display().to_string())
        .collect();
    assert_eq!(paths, expected, "sorted discovery order");
    let of = |name: &str| -> Vec<String> {
        findings(&report)
            .into_iter()
            .filter(|(path, _)| path.ends_with(name))
            .map(|(_, finding)| {
                format!(
                    "{} {}",
                    finding["code"].as_str().unwrap_or_default(),
                    finding["severity"]
                )
            })
            .collect()
    };
    assert!(of("acme-2009").is_empty(), "{:?}", of("acme-2009"));
    assert!(
        of("garbled-2009").contains(&"IN001 \"error\"".to_string()),
        "{:?}",
        of("garbled-2009")
    );
    assert!(of("riverside-2009")
        .iter()
        .any(|finding| finding.ends_with("\"error\"")));

    // Text: each filing, then the summary across filings, worst first, then the totals.
    let text = check(&[path_text(&batch)]);
    assert_eq!(text.status, 1);
    let out = &text.stdout;
    let summary_at = out.find("Summary across filings").expect("batch summary");
    for name in ["acme-2009", "garbled-2009", "riverside-2009"] {
        let heading = out.find(name).expect("filing reported");
        assert!(heading < summary_at, "{name} reported before the summary");
    }
    let rows: Vec<(String, usize, usize)> = out[summary_at..]
        .lines()
        .filter(|line| line.contains("-2009"))
        .map(|line| {
            let cells: Vec<&str> = line
                .split(['│', '┆'])
                .map(str::trim)
                .filter(|cell| !cell.is_empty())
                .collect();
            let number = |index: usize| {
                cells
                    .get(index)
                    .and_then(|cell| cell.parse().ok())
                    .unwrap_or(usize::MAX)
            };
            (
                cells[0].to_string(),
                number(cells.len() - 3),
                number(cells.len() - 2),
            )
        })
        .collect();
    assert_eq!(rows.len(), 3, "{out}");
    for pair in rows.windows(2) {
        assert!(
            (pair[0].1, pair[0].2) >= (pair[1].1, pair[1].2),
            "worst first: {rows:?}"
        );
    }
    assert!(
        rows[2].0.ends_with("acme-2009"),
        "the clean filing last: {rows:?}"
    );
    let last = out
        .lines()
        .rev()
        .find(|line| line.contains("checked"))
        .expect("totals line");
    assert!(last.starts_with("3 filings checked"), "{last}");
    assert!(out.trim_end().ends_with("how to fix it."), "{out}");
}

// ------------------------------------------------------------ config file

#[test]
fn config_is_found_in_the_current_folder_or_a_parent() {
    let folder = tempfile::tempdir().expect("temp dir");
    fs::write(
        folder.path().join("cfrcheck.toml"),
        "ignore = [\"IN004\"]\n",
    )
    .expect("write");
    let nested = folder.path().join("a/b");
    fs::create_dir_all(&nested).expect("mkdir");
    let riverside = root().join("fixtures/filings/faulty-riverside-2009");
    for cwd in [folder.path(), nested.as_path()] {
        let result = run(cfrcheck().current_dir(cwd).args([
            "check",
            "--select",
            "IN",
            "--format",
            "json",
            path_text(&riverside),
        ]));
        assert_eq!(
            result.status, 0,
            "IN004 ignored by the config: {}",
            result.stdout
        );
        assert_eq!(codes(&json(&result.stdout)), ["IN008"]);
    }
    // --config replaces discovery.
    let other = folder.path().join("other.toml");
    fs::write(&other, "ignore = [\"IN008\"]\n").expect("write");
    let result = run(cfrcheck().current_dir(&nested).args([
        "check",
        "--select",
        "IN",
        "--format",
        "json",
        "--config",
        path_text(&other),
        path_text(&riverside),
    ]));
    assert_eq!(codes(&json(&result.stdout)), ["IN004"]);
    // A bad discovered config stops the run.
    fs::write(folder.path().join("cfrcheck.toml"), "colour = true\n").expect("write");
    let result = run(cfrcheck()
        .current_dir(&nested)
        .args(["check", path_text(&riverside)]));
    assert_eq!(result.status, 2);
    assert!(result.stderr.contains("cfrcheck.toml"), "{}", result.stderr);
}

#[test]
fn flags_override_the_config_and_severities_can_be_changed() {
    let folder = tempfile::tempdir().expect("temp dir");
    let config = folder.path().join("cfrcheck.toml");
    let mangled = root().join("fixtures/input/excel-mangled-CFR-1.csv");
    let riverside = root().join("fixtures/filings/faulty-riverside-2009");
    let in_folder = |args: &[&str]| {
        run(cfrcheck()
            .current_dir(folder.path())
            .arg("check")
            .args(args))
    };

    fs::write(&config, "select = [\"IN\"]\nfail-on = \"warning\"\n").expect("write");
    assert_eq!(
        in_folder(&[path_text(&mangled)]).status,
        1,
        "fail-on from the file"
    );
    assert_eq!(
        in_folder(&["--fail-on", "error", path_text(&mangled)]).status,
        0,
        "the flag wins"
    );

    fs::write(
        &config,
        "select = [\"IN\"]\n[severity]\nIN008 = \"error\"\n",
    )
    .expect("write");
    let result = in_folder(&["--format", "json", path_text(&mangled)]);
    assert_eq!(result.status, 1);
    let report = json(&result.stdout);
    assert!(findings(&report)
        .iter()
        .all(|(_, f)| f["code"] == "IN008" && f["severity"] == "error"));
    assert!(!findings(&report).is_empty());

    fs::write(&config, "select = [\"IN\"]\nignore = [\"IN004\"]\n").expect("write");
    assert_eq!(
        codes(&json(
            &in_folder(&["--format", "json", path_text(&riverside)]).stdout
        )),
        ["IN008"]
    );
    // --ignore replaces the file's list, --select the file's selection.
    assert_eq!(
        codes(&json(
            &in_folder(&[
                "--format",
                "json",
                "--ignore",
                "IN008",
                path_text(&riverside)
            ])
            .stdout
        )),
        ["IN004"]
    );
    // --select replaces the file's selection; the file's ignore still applies.
    assert_eq!(
        codes(&json(
            &in_folder(&[
                "--format",
                "json",
                "--select",
                "IN008,IN004",
                path_text(&riverside)
            ])
            .stdout
        )),
        ["IN008"]
    );
    // A whole family can be ignored.
    let result = in_folder(&["--format", "json", "--ignore", "IN", path_text(&riverside)]);
    assert_eq!(result.status, 0);
    assert!(codes(&json(&result.stdout))
        .iter()
        .all(|code| !code.starts_with("IN")));
}

// ------------------------------------------------------- output and colour

#[test]
fn output_file_quiet_and_no_colour() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("report.json");
    let result = check(&[
        "--format",
        "json",
        "--output",
        path_text(&out),
        "fixtures/filings/faulty-riverside-2009",
    ]);
    assert_eq!(result.status, 1);
    assert!(result.stdout.is_empty(), "{}", result.stdout);
    let report = json(&fs::read_to_string(&out).expect("report written"));
    assert_eq!(
        report["filings"][0]["path"],
        "fixtures/filings/faulty-riverside-2009"
    );
    // An output file that cannot be created: exit 2.
    let nowhere = folder.path().join("no/such/folder/report.json");
    assert_eq!(
        check(&[
            "--output",
            path_text(&nowhere),
            "fixtures/filings/acme-2009"
        ])
        .status,
        2
    );

    let loud = check(&[
        "--select",
        "IN",
        "fixtures/filings/acme-2009",
        "fixtures/filings/faulty-riverside-2009",
    ]);
    assert!(loud.stdout.contains("no findings: every rule passed"));
    assert!(loud.stdout.contains("2 filings checked"));
    let quiet = check(&[
        "--quiet",
        "--select",
        "IN",
        "fixtures/filings/acme-2009",
        "fixtures/filings/faulty-riverside-2009",
    ]);
    assert_eq!(quiet.status, 1);
    assert!(!quiet.stdout.contains("acme-2009"), "{}", quiet.stdout);
    assert!(!quiet.stdout.contains("checked"), "{}", quiet.stdout);
    assert!(
        !quiet.stdout.contains("Summary across filings"),
        "{}",
        quiet.stdout
    );
    assert!(quiet.stdout.contains("IN004"));
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);

    for no_color in [None, Some("1")] {
        let mut command = cfrcheck();
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        let result = run(command.args([
            "check",
            "fixtures/filings/faulty-riverside-2009",
            "fixtures/filings/faulty-lakeside-2009",
        ]));
        assert!(
            !result.stdout.contains('\x1b'),
            "escape codes in {no_color:?}: {}",
            result.stdout
        );
        assert!(
            !result.stderr.contains('\x1b'),
            "escape codes on stderr: {}",
            result.stderr
        );
    }
}

// ------------------------------------------------------ catalogue commands

#[test]
fn rules_explain_and_template() {
    let result = run(cfrcheck().args(["rules", "--format", "json"]));
    assert_eq!(result.status, 0);
    let listed: Vec<String> = json(&result.stdout)
        .as_array()
        .expect("array")
        .iter()
        .map(|rule| rule["code"].as_str().unwrap_or_default().to_string())
        .collect();
    let registry: Vec<String> = cfrcheck::rules::registry()
        .iter()
        .map(|rule| rule.code.to_string())
        .collect();
    assert_eq!(listed, registry);
    assert!(listed.contains(&"IN013".to_string()));

    let explain = run(cfrcheck().args(["explain", "IN004"]));
    assert_eq!(explain.status, 0);
    assert!(
        explain.stdout.starts_with("IN004 bad-amount (error)"),
        "{}",
        explain.stdout
    );
    assert!(explain.stdout.contains("\nHow to fix. "));
    let by_name = run(cfrcheck().args(["explain", "stale-baseline-entry"]));
    assert!(
        by_name
            .stdout
            .starts_with("IN013 stale-baseline-entry (warning)"),
        "{}",
        by_name.stdout
    );
    let unknown = run(cfrcheck().args(["explain", "IN04"]));
    assert_eq!(unknown.status, 2);
    assert!(
        unknown.stderr.contains("did you mean") && unknown.stderr.contains("IN004"),
        "{}",
        unknown.stderr
    );

    let folder = tempfile::tempdir().expect("temp dir");
    let target = folder.path().join("blank");
    let written = run(cfrcheck().args(["template", path_text(&target)]));
    assert_eq!(written.status, 0, "{}", written.stderr);
    let mut names: Vec<String> = fs::read_dir(&target)
        .expect("template folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "CBR.csv",
            "CFR-1.csv",
            "DMH-1.csv",
            "DMH-2.csv",
            "DMH-3.csv"
        ]
    );
    for name in &names {
        let text = fs::read_to_string(target.join(name)).expect("read");
        assert!(
            text.starts_with("agency_code,") && text.lines().count() == 1,
            "{name}: {text}"
        );
    }
    let result = check(&["--format", "json", path_text(&target)]);
    assert_eq!(result.status, 0, "{}", result.stdout);
    let report = json(&result.stdout);
    assert_eq!(report["summary"]["errors"], 0);
    let empty: BTreeSet<String> = findings(&report)
        .iter()
        .filter(|(_, finding)| finding["code"] == "IN010")
        .map(|(_, finding)| finding["schedule"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(empty.len(), 5, "IN010 for every schedule: {empty:?}");
    // Overwriting needs --force.
    assert_eq!(
        run(cfrcheck().args(["template", path_text(&target)])).status,
        2
    );
    assert_eq!(
        run(cfrcheck().args(["template", "--force", path_text(&target)])).status,
        0
    );
}

// ---------------------------------------------------------------- baseline

/// Moves rows without changing what the filing says: CFR-1's records in
/// reverse order, and on DMH-3 the two funding rows of 0810 and of 2100
/// Albany swapped (program order, which SC003/CB004 check, is unchanged).
fn re_sort(filing: &Path) {
    let cfr1 = filing.join("CFR-1.csv");
    let text = fs::read_to_string(&cfr1).expect("CFR-1");
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    fs::write(&cfr1, format!("{}\n", lines.join("\n"))).expect("write CFR-1");

    let dmh3 = filing.join("DMH-3.csv");
    let text = fs::read_to_string(&dmh3).expect("DMH-3");
    let mut lines: Vec<&str> = text.lines().collect();
    assert!(lines[2].contains(",0810,") && lines[3].contains(",0810,"));
    assert!(lines[5].contains(",2100,") && lines[6].contains(",2100,"));
    lines.swap(2, 3);
    lines.swap(5, 6);
    fs::write(&dmh3, format!("{}\n", lines.join("\n"))).expect("write DMH-3");
}

fn riverside_copy(folder: &Path) -> PathBuf {
    let filing = folder.join("riverside");
    copy_folder(
        &root().join("fixtures/filings/faulty-riverside-2009"),
        &filing,
    );
    filing
}

#[test]
fn a_baseline_hides_recorded_findings_even_after_re_sorting() {
    let folder = tempfile::tempdir().expect("temp dir");
    let filing = riverside_copy(folder.path());
    let baseline = folder.path().join("baseline.json");

    let before = check(&["--format", "json", path_text(&filing)]);
    assert_eq!(before.status, 1);
    let before = json(&before.stdout);
    let recorded = findings(&before).len();
    assert!(recorded >= 2);

    let written = check(&[
        "--format",
        "json",
        "--write-baseline",
        path_text(&baseline),
        path_text(&filing),
    ]);
    assert_eq!(
        written.status, 0,
        "the written baseline applies at once: {}",
        written.stdout
    );
    assert!(findings(&json(&written.stdout)).is_empty());
    assert!(
        written.stderr.contains("wrote baseline"),
        "{}",
        written.stderr
    );

    let file = json(&fs::read_to_string(&baseline).expect("baseline written"));
    assert_eq!(file["version"], 1);
    let entries = file["entries"].as_array().expect("entries");
    let total: u64 = entries
        .iter()
        .map(|entry| entry["count"].as_u64().expect("count"))
        .sum();
    assert_eq!(total as usize, recorded);
    for entry in entries {
        assert_eq!(entry["agency_code"], "23456");
        assert_eq!(entry["period_start"], "2009-01-01");
        assert!(entry.get("line").is_none(), "no line numbers: {entry}");
    }
    // Sorted, so a regenerated baseline diffs cleanly; and written the same twice.
    let keys: Vec<String> = entries.iter().map(|entry| entry.to_string()).collect();
    let again = folder.path().join("again.json");
    check(&["--write-baseline", path_text(&again), path_text(&filing)]);
    assert_eq!(
        fs::read(&baseline).expect("read"),
        fs::read(&again).expect("read")
    );
    assert!(!keys.is_empty());

    re_sort(&filing);
    // The rows moved: the same findings are on other lines now...
    let moved = json(&check(&["--format", "json", path_text(&filing)]).stdout);
    let lines = |report: &Value| -> Vec<Option<u64>> {
        findings(report)
            .iter()
            .map(|(_, f)| f["line"].as_u64())
            .collect()
    };
    assert_ne!(lines(&moved), lines(&before));
    assert_eq!(findings(&moved).len(), recorded);
    // ...and the baseline still hides every one of them.
    let result = check(&[
        "--format",
        "json",
        "--fail-on",
        "warning",
        "--baseline",
        path_text(&baseline),
        path_text(&filing),
    ]);
    assert_eq!(result.status, 0, "{}", result.stdout);
    assert!(
        findings(&json(&result.stdout)).is_empty(),
        "{}",
        result.stdout
    );
    assert!(
        result.stderr.contains(&format!(
            "{recorded} recorded findings hidden by the baseline"
        )),
        "{}",
        result.stderr
    );
}

#[test]
fn a_baseline_reports_new_findings_and_stale_entries() {
    let folder = tempfile::tempdir().expect("temp dir");
    let filing = riverside_copy(folder.path());
    let baseline = folder.path().join("baseline.json");
    let select = ["--select", "IN", "--format", "json"];
    let with_baseline = |extra: &[&str]| {
        let mut args: Vec<&str> = select.to_vec();
        args.extend_from_slice(extra);
        args.extend(["--baseline", path_text(&baseline), path_text(&filing)]);
        check(&args)
    };
    check(
        &[
            &select[..],
            &["--write-baseline", path_text(&baseline), path_text(&filing)],
        ]
        .concat(),
    );
    let cfr1 = filing.join("CFR-1.csv");
    let original = fs::read_to_string(&cfr1).expect("CFR-1");

    // A second bad amount in the same record: the key (CFR-1, 2100, IN004)
    // was recorded once, so one of the two is new.
    fs::write(&cfr1, original.replace("\"$298,450.00\"", "#N/A")).expect("write");
    let result = with_baseline(&[]);
    assert_eq!(result.status, 1, "{}", result.stdout);
    assert_eq!(codes(&json(&result.stdout)), ["IN004"]);

    // The #REF! fixed: the IN004 entry no longer occurs (IN013, a warning).
    fs::write(&cfr1, original.replace("#REF!", "\"$41,210.55\"")).expect("write");
    let result = with_baseline(&[]);
    assert_eq!(
        result.status, 0,
        "a warning does not fail by default: {}",
        result.stdout
    );
    let report = json(&result.stdout);
    let found = findings(&report);
    assert_eq!(codes(&report), ["IN013"]);
    let stale = &found[0].1;
    assert_eq!(stale["severity"], "warning");
    assert_eq!(stale["name"], "stale-baseline-entry");
    assert_eq!(stale["file"], Value::Null, "about the filing");
    assert_eq!(stale["schedule"], "CFR-1");
    assert_eq!(stale["program_code"], "2100");
    let message = stale["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("IN004") && message.contains("recorded 1 finding, this run found 0"),
        "{message}"
    );
    assert_eq!(with_baseline(&["--fail-on", "warning"]).status, 1);
    // IN013 follows --ignore, and entries of rules not selected are not stale.
    assert_eq!(
        codes(&json(&with_baseline(&["--ignore", "IN013"]).stdout)),
        Vec::<String>::new()
    );
    assert_eq!(
        codes(&json(&with_baseline(&["--ignore", "IN004"]).stdout)),
        Vec::<String>::new()
    );
    // The text and SARIF formats show it at the filing.
    let text = check(&[
        "--select",
        "IN",
        "--baseline",
        path_text(&baseline),
        path_text(&filing),
    ]);
    assert!(
        text.stdout.contains("(filing)") && text.stdout.contains("IN013"),
        "{}",
        text.stdout
    );
    let sarif = json(
        &check(&[
            "--select",
            "IN",
            "--format",
            "sarif",
            "--baseline",
            path_text(&baseline),
            path_text(&filing),
        ])
        .stdout,
    );
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"];
    assert!(
        uri.as_str().is_some_and(|uri| uri.ends_with("riverside/")),
        "{uri}"
    );

    // A filing the run did not check: its entries are not stale.
    let other = check(&[
        "--select",
        "IN",
        "--format",
        "json",
        "--baseline",
        path_text(&baseline),
        "fixtures/filings/acme-2009",
    ]);
    assert_eq!(other.status, 0);
    assert!(codes(&json(&other.stdout)).is_empty());
}

#[test]
fn a_bad_baseline_stops_the_run() {
    let folder = tempfile::tempdir().expect("temp dir");
    let baseline = folder.path().join("baseline.json");
    let acme = "fixtures/filings/acme-2009";
    assert_eq!(
        check(&["--baseline", path_text(&baseline), acme]).status,
        2,
        "missing file"
    );
    fs::write(&baseline, "{\"version\": 2, \"entries\": []}").expect("write");
    let result = check(&["--baseline", path_text(&baseline), acme]);
    assert_eq!(result.status, 2);
    assert!(result.stderr.contains("version 2"), "{}", result.stderr);
    fs::write(&baseline, "not json").expect("write");
    assert_eq!(check(&["--baseline", path_text(&baseline), acme]).status, 2);
    fs::write(&baseline, "{\"version\": 1, \"entries\": []}").expect("write");
    assert_eq!(check(&["--baseline", path_text(&baseline), acme]).status, 0);
    // Both flags at once is a usage error.
    let other = folder.path().join("other.json");
    assert_eq!(
        check(&[
            "--baseline",
            path_text(&baseline),
            "--write-baseline",
            path_text(&other),
            acme
        ])
        .status,
        2
    );
}
