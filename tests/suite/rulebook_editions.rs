//! Filings of years the embedded rulebook does not cover (issue 14): a code
//! the nearest edition does not know is a PC004 warning, not a PC002
//! error; a user edition for the year (`rulebook new`, checked by `rulebook
//! check`, compared by `rulebook diff`, kept in the config's `rulebooks`
//! folder) makes the filing clean; a code it retires is PC005.
//!
//! fixtures/editions/acme-2025 is fixtures/filings/acme-2009 with the
//! periods moved to 2025 and 1760 replaced by 9999, a code 2009 does not have.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use cfrcheck::check::check_path;
use cfrcheck::report::Report;
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::Settings;
use serde_json::Value;

fn acme_2025() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/editions/acme-2025")
}

/// A program entry that adds the filing's new code.
const PILOT: &str = r#"
[[programs]]
code = "9999"
name = "Pilot Program"
units = "Count one visit as one unit."
"#;

/// `cfrcheck` run in `folder` (so no config of the repository is found).
fn cfrcheck(folder: &Path) -> Command {
    let mut command = Command::cargo_bin("cfrcheck").expect("binary");
    command
        .current_dir(folder)
        .env_remove("GITHUB_STEP_SUMMARY");
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

/// The codes of a `--format json` report, in order.
fn json_codes(stdout: &str) -> Vec<String> {
    let report: Value =
        serde_json::from_str(stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"));
    report["filings"]
        .as_array()
        .expect("filings")
        .iter()
        .flat_map(|filing| filing["findings"].as_array().expect("findings").iter())
        .map(|finding| finding["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn codes(report: &Report) -> Vec<&'static str> {
    report
        .findings()
        .map(|(_, finding)| finding.rule.code)
        .collect()
}

/// `rulebook new` for 2025 into `folder`/omh-2025.toml, plus `extra` appended.
fn new_2025(folder: &Path, extra: &str) -> PathBuf {
    let file = folder.join("omh-2025.toml");
    let made = run(cfrcheck(folder).args([
        "rulebook",
        "new",
        "--id",
        "omh-2025",
        "--period-start",
        "2025-01-01",
        "--output",
        "omh-2025.toml",
    ]));
    assert_eq!(made.status, 0, "{}", made.stderr);
    let mut text = fs::read_to_string(&file).expect("written");
    text.push_str(extra);
    fs::write(&file, text).expect("rewrite");
    file
}

#[test]
fn a_2025_filing_gets_exactly_rb001_and_one_pc004_and_passes() {
    let report =
        check_path(&acme_2025(), &Rulebook::embedded(), &Settings::default()).expect("checked");
    assert_eq!(codes(&report), ["RB001", "PC004"]);
    let (_, pc004) = report
        .findings()
        .find(|(_, finding)| finding.rule.code == "PC004")
        .expect("PC004");
    assert_eq!(
        (
            pc004
                .file
                .as_deref()
                .map(|file| file.ends_with("CFR-1.csv")),
            pc004.line
        ),
        (Some(true), Some(3)),
        "at the code's first row"
    );
    for said in [
        "9999",
        "omh-2009",
        "cfrcheck rulebook new --id omh-2025 --period-start 2025-01-01",
        "FS002, US001, US002, AD001 and XP001 skip its 5 rows (CFR-1, DMH-1, DMH-2, DMH-3, CBR)",
    ] {
        assert!(
            pc004.message.contains(said),
            "{said:?} not in {}",
            pc004.message
        );
    }

    let dir = tempfile::tempdir().expect("tempdir");
    let checked = run(cfrcheck(dir.path())
        .args(["check", "--format", "json"])
        .arg(acme_2025()));
    assert_eq!(checked.status, 0, "{}", checked.stderr);
    assert_eq!(json_codes(&checked.stdout), ["RB001", "PC004"]);
}

#[test]
fn an_edition_for_2025_that_adds_the_code_leaves_no_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_2025(dir.path(), PILOT);
    let rulebook = Rulebook::with_user_file(&file).expect("valid");
    let report = check_path(&acme_2025(), &rulebook, &Settings::default()).expect("checked");
    assert_eq!(codes(&report), Vec::<&str>::new());

    // The same from a `rulebooks` folder named by cfrcheck.toml.
    let folder = dir.path().join("rulebooks");
    fs::create_dir(&folder).expect("folder");
    fs::rename(&file, folder.join("omh-2025.toml")).expect("move");
    fs::write(
        dir.path().join("cfrcheck.toml"),
        "rulebooks = \"rulebooks/\"\n",
    )
    .expect("config");
    let checked = run(cfrcheck(dir.path())
        .args(["check", "--format", "json"])
        .arg(acme_2025()));
    assert_eq!(
        (checked.status, json_codes(&checked.stdout)),
        (0, vec![]),
        "{}",
        checked.stderr
    );
    // `programs` reads the same config.
    let program = run(cfrcheck(dir.path()).args(["programs", "9999"]));
    assert!(
        program.stdout.contains("9999 - Pilot Program"),
        "{}{}",
        program.stdout,
        program.stderr
    );
}

#[test]
fn the_scaffold_passes_check_and_works_as_rulebook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_2025(dir.path(), "");
    let text = fs::read_to_string(&file).expect("scaffold");
    for example in [
        "retired = true",
        "replaced_by",
        "[[fund_sources]]",
        "aliases = [\"Clinic Treatment\"]",
        "source = \"\"",
    ] {
        assert!(text.contains(example), "scaffold lacks {example:?}");
    }
    let checked = run(cfrcheck(dir.path()).args(["rulebook", "check", "omh-2025.toml"]));
    assert_eq!(checked.status, 0, "{}{}", checked.stdout, checked.stderr);
    assert!(
        checked
            .stdout
            .contains("omh-2025.toml: edition omh-2025, extends omh-2009"),
        "{}",
        checked.stdout
    );

    // As --rulebook it covers 2025: no RB001, and the code it lacks is an error again.
    let used = run(cfrcheck(dir.path())
        .args(["check", "--format", "json", "--rulebook", "omh-2025.toml"])
        .arg(acme_2025()));
    assert_eq!(used.status, 1, "{}", used.stderr);
    assert_eq!(
        json_codes(&used.stdout),
        ["PC002", "PC002", "PC002", "PC002", "PC002"]
    );

    // Without --output it writes to standard output, the same text.
    let printed = run(cfrcheck(dir.path()).args([
        "rulebook",
        "new",
        "--id",
        "omh-2025",
        "--period-start",
        "2025-01-01",
    ]));
    assert_eq!((printed.status, printed.stdout), (0, text));
}

#[test]
fn rulebook_new_never_overwrites_without_force_and_refuses_bad_requests() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("mine.toml"), "keep me").expect("existing");
    let args = [
        "rulebook",
        "new",
        "--id",
        "omh-2025",
        "--period-start",
        "2025-01-01",
        "--output",
        "mine.toml",
    ];
    let refused = run(cfrcheck(dir.path()).args(args));
    assert_eq!(refused.status, 2);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("mine.toml")).expect("file"),
        "keep me"
    );
    assert_eq!(
        run(cfrcheck(dir.path()).args(args).arg("--force")).status,
        0
    );
    assert!(fs::read_to_string(dir.path().join("mine.toml"))
        .expect("file")
        .contains("[edition]"));

    for (bad, said) in [
        (
            vec!["--id", "omh-2025", "--period-start", "2025-13-01"],
            "not a YYYY-MM-DD date",
        ),
        (
            vec!["--id", "omh 2025", "--period-start", "2025-01-01"],
            "may hold only",
        ),
        (
            vec!["--id", "omh-2009", "--period-start", "2025-01-01"],
            "own id",
        ),
        (
            vec!["--id", "omh-2025", "--period-start", "2009-07-01"],
            "is a period of omh-2009",
        ),
        (
            vec![
                "--id",
                "omh-2025",
                "--period-start",
                "2025-01-01",
                "--extends",
                "omh-1999",
            ],
            "no edition \"omh-1999\"",
        ),
    ] {
        let refused = run(cfrcheck(dir.path()).args(["rulebook", "new"]).args(&bad));
        assert_eq!(refused.status, 2, "{bad:?}");
        assert!(refused.stderr.contains(said), "{bad:?}: {}", refused.stderr);
    }
}

/// A valid 2025 edition whose line `line` is replaced by `with` (1-based).
fn broken(line: usize, with: &str) -> String {
    let mut lines: Vec<String> = [
        "[edition]",
        "id = \"omh-2025\"",
        "extends = \"omh-2009\"",
        "period_starts = [\"2025-01-01\"]",
        "",
        "[[programs]]",
        "code = \"9999\"",
        "name = \"Pilot Program\"",
        "",
        "[[programs]]",
        "code = \"9998\"",
        "name = \"Another Pilot\"",
    ]
    .map(String::from)
    .to_vec();
    lines[line - 1] = with.to_string();
    lines.join("\n") + "\n"
}

#[test]
fn rulebook_check_names_the_line_of_each_kind_of_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        (
            "unknown key",
            broken(9, "colour = \"red\""),
            9,
            "unknown key `colour` in [[programs]] 9999",
        ),
        (
            "bad code",
            broken(7, "code = \"999\""),
            7,
            "\"999\" is not four digits",
        ),
        (
            "duplicate code",
            broken(11, "code = \"9999\""),
            11,
            "program 9999 is written twice (also on line 7)",
        ),
        (
            "unknown extends",
            broken(3, "extends = \"omh-2024\""),
            3,
            "extends unknown edition \"omh-2024\"",
        ),
        (
            "overlap",
            broken(4, "period_starts = [\"2025-01-01\", \"2009-07-01\"]"),
            4,
            "2009-07-01 is also covered by omh-2009",
        ),
        ("bad TOML", broken(6, "[[programs]"), 6, "not valid TOML"),
    ];
    for (kind, text, line, said) in cases {
        let file = dir.path().join("bad.toml");
        fs::write(&file, text).expect("write");
        let checked = run(cfrcheck(dir.path()).args(["rulebook", "check", "bad.toml"]));
        assert_eq!(checked.status, 2, "{kind}: {}", checked.stdout);
        let expected = format!("bad.toml: line {line}: ");
        assert!(
            checked
                .stdout
                .lines()
                .any(|found| found.starts_with(&expected) && found.contains(said)),
            "{kind}: no `{expected}...{said}` in:\n{}",
            checked.stdout
        );
        assert_eq!(
            checked.stdout.lines().count(),
            1,
            "{kind}: one problem:\n{}",
            checked.stdout
        );
        // The same file stops a check, with the same words.
        let stopped = run(cfrcheck(dir.path())
            .args(["check", "--rulebook", "bad.toml"])
            .arg(acme_2025()));
        assert_eq!(stopped.status, 2, "{kind}");
        assert!(
            stopped.stderr.contains(&expected) && stopped.stderr.contains(said),
            "{kind}: {}",
            stopped.stderr
        );
    }

    // Every problem of a file at once.
    let mut text = broken(8, "nmae = \"Pilot Program\"");
    text = text.replace("code = \"9998\"", "code = \"9999\"");
    fs::write(dir.path().join("bad.toml"), text).expect("write");
    let checked = run(cfrcheck(dir.path()).args(["rulebook", "check", "bad.toml"]));
    let lines: Vec<&str> = checked.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines[0].starts_with("bad.toml: line 7: program 9999 needs a name"),
        "{lines:#?}"
    );
    assert!(
        lines[1].starts_with("bad.toml: line 8: unknown key"),
        "{lines:#?}"
    );
    assert!(
        lines[2].starts_with("bad.toml: line 11: program 9999 is written twice"),
        "{lines:#?}"
    );
    assert!(checked.stderr.contains("3 problems"), "{}", checked.stderr);
}

#[test]
fn diff_of_a_scaffold_with_one_change_shows_exactly_that_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    new_2025(dir.path(), "\n[[programs]]\ncode = \"2100\"\nname = \"Mental Health Outpatient Treatment and Rehabilitative Services\"\n");
    let diff = run(cfrcheck(dir.path()).args(["rulebook", "diff", "omh-2009", "omh-2025.toml"]));
    assert_eq!(diff.status, 0, "{}", diff.stderr);
    assert_eq!(
        diff.stdout,
        "omh-2009 -> omh-2025\nprograms renamed:\n  ~ 2100 Clinic Treatment -> Mental Health Outpatient Treatment and Rehabilitative Services\n"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    new_2025(dir.path(), "");
    let diff = run(cfrcheck(dir.path()).args(["rulebook", "diff", "omh-2009", "omh-2025.toml"]));
    assert_eq!(
        diff.stdout,
        "omh-2009 -> omh-2025\nno program or funding source differs\n"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    new_2025(dir.path(), &format!("{PILOT}\n[[programs]]\ncode = \"0040\"\nretired = true\nreplaced_by = \"9999\"\n\n[[fund_sources]]\ncode = \"010\"\nname = \"New Source\"\n"));
    let diff = run(cfrcheck(dir.path()).args(["rulebook", "diff", "omh-2009", "omh-2025.toml"]));
    assert_eq!(
        diff.stdout,
        "omh-2009 -> omh-2025\nprograms added:\n  + 9999 Pilot Program\nprograms retired:\n  - 0040 Family Care (replaced by 9999 Pilot Program)\nfunding sources added:\n  + 010 New Source\n"
    );
    let unknown = run(cfrcheck(dir.path()).args(["rulebook", "diff", "omh-2009", "omh-2030"]));
    assert_eq!(unknown.status, 2);
}

#[test]
fn a_code_retired_by_the_covering_edition_is_pc005_naming_edition_and_replacement() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = new_2025(
        dir.path(),
        &format!(
            "{PILOT}\n[[programs]]\ncode = \"6070\"\nretired = true\nreplaced_by = \"9999\"\n"
        ),
    );
    let rulebook = Rulebook::with_user_file(&file).expect("valid");
    let report = check_path(&acme_2025(), &rulebook, &Settings::default()).expect("checked");
    let retired: Vec<&str> = report
        .findings()
        .filter(|(_, finding)| finding.rule.code == "PC005")
        .map(|(_, finding)| finding.message.as_str())
        .collect();
    // 6070 01 and 02 on each of the five schedules.
    assert_eq!(retired.len(), 10, "{:#?}", codes(&report));
    assert!(
        retired[0].contains("6070 (Treatment Congregate) was retired by rulebook edition omh-2025")
            && retired[0].contains("report it as 9999 Pilot Program"),
        "{}",
        retired[0]
    );
    assert!(!codes(&report).contains(&"PC002"), "{:?}", codes(&report));
}

#[test]
fn config_rulebook_paths_that_do_not_exist_name_the_config_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("cfrcheck.toml"),
        "fail-on = \"error\"\nrulebooks = \"rulebooks/\"\n",
    )
    .expect("config");
    let stopped = run(cfrcheck(dir.path()).arg("check").arg(acme_2025()));
    assert_eq!(stopped.status, 2);
    assert!(
        stopped.stderr.contains(
            "invalid config cfrcheck.toml: line 2: `rulebooks` folder rulebooks/ does not exist"
        ),
        "{}",
        stopped.stderr
    );
    // A bad file in the folder is named with its line.
    fs::create_dir(dir.path().join("rulebooks")).expect("folder");
    fs::write(
        dir.path().join("rulebooks/omh-2025.toml"),
        broken(7, "code = \"99\""),
    )
    .expect("file");
    let stopped = run(cfrcheck(dir.path()).arg("check").arg(acme_2025()));
    assert_eq!(stopped.status, 2);
    let named = Path::new("rulebooks").join("omh-2025.toml");
    assert!(
        stopped
            .stderr
            .contains(&format!("{}: line 7: program code \"99\"", named.display())),
        "{}",
        stopped.stderr
    );
}

#[test]
fn editions_in_a_folder_may_extend_each_other_whatever_their_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("rulebooks");
    fs::create_dir(&folder).expect("folder");
    // `a-2025` extends `omh-2024`, which a file later by name defines.
    fs::write(
        folder.join("a-2025.toml"),
        format!("[edition]\nid = \"omh-2025\"\nextends = \"omh-2024\"\nperiod_starts = [\"2025-01-01\"]\n{PILOT}"),
    )
    .expect("2025");
    fs::write(
        folder.join("b-2024.toml"),
        "[edition]\nid = \"omh-2024\"\nextends = \"omh-2009\"\nperiod_starts = [\"2024-01-01\"]\n\n[[programs]]\ncode = \"0040\"\nretired = true\n",
    )
    .expect("2024");
    let rulebook = Rulebook::with_user_paths(std::slice::from_ref(&folder)).expect("valid folder");
    let edition = rulebook.edition("omh-2025").expect("loaded");
    assert_eq!(edition.extends.as_deref(), Some("omh-2024"));
    let code = |digits| cfrcheck::model::ProgramCode::from_digits(digits).expect("code");
    assert!(edition.program(code("9999")).is_some());
    assert_eq!(
        edition
            .retired_program(code("0040"))
            .map(|retired| retired.retired_by.as_str()),
        Some("omh-2024"),
        "a retirement is inherited, naming the edition that made it"
    );

    let checked = run(cfrcheck(dir.path()).args(["rulebook", "check", "rulebooks"]));
    assert_eq!(checked.status, 0, "{}", checked.stdout);
    assert!(
        checked
            .stdout
            .contains("a-2025.toml: edition omh-2025, extends omh-2024")
            && checked
                .stdout
                .contains("b-2024.toml: edition omh-2024, extends omh-2009"),
        "{}",
        checked.stdout
    );

    // Two editions for one period: ambiguous, so a problem.
    fs::write(
        folder.join("c-2025.toml"),
        "[edition]\nid = \"county-2025\"\nextends = \"omh-2009\"\nperiod_starts = [\"2025-01-01\"]\n",
    )
    .expect("rival");
    let error = Rulebook::with_user_paths(&[folder]).expect_err("overlap");
    assert!(
        error
            .to_string()
            .contains("period start 2025-01-01 is also covered by edition omh-2025"),
        "{error}"
    );
}
