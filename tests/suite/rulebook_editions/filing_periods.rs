//! Which edition covers a filing's period: a 2025 filing under the
//! embedded rulebook (RB001, PC004), under a user edition for 2025 that adds
//! its code, and under one that retires a code (PC005).

use std::fs;

use cfrcheck::check::check_path;
use cfrcheck::rulebook::Rulebook;
use cfrcheck::settings::Settings;

use super::{acme_2025, cfrcheck, json_codes, new_2025, run, PILOT};
use crate::support::rule_codes;

#[test]
fn a_2025_filing_gets_exactly_rb001_and_one_pc004_and_passes() {
    let report =
        check_path(&acme_2025(), &Rulebook::embedded(), &Settings::default()).expect("checked");
    assert_eq!(rule_codes(&report), ["RB001", "PC004"]);
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
    assert_eq!(rule_codes(&report), Vec::<&str>::new());

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
    assert_eq!(retired.len(), 10, "{:#?}", rule_codes(&report));
    assert!(
        retired[0].contains("6070 (Treatment Congregate) was retired by rulebook edition omh-2025")
            && retired[0].contains("report it as 9999 Pilot Program"),
        "{}",
        retired[0]
    );
    assert!(
        !rule_codes(&report).contains(&"PC002"),
        "{:?}",
        rule_codes(&report)
    );
}
