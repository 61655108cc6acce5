//! `rulebook new` and `rulebook diff`: the scaffold passes `rulebook check`
//! and works as `--rulebook`, `new` never overwrites without `--force` and
//! refuses bad requests, and a diff shows exactly the changes made.

use std::fs;

use super::{acme_2025, cfrcheck, json_codes, new_2025, run, PILOT};

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
