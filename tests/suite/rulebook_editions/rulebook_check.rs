//! Checking user editions: `rulebook check` names the line of each kind of
//! problem, a config's `rulebooks` folder that is missing or holds a bad
//! file, and editions in a folder that extend each other.

use std::fs;
use std::path::Path;

use cfrcheck::rulebook::Rulebook;

use super::{acme_2025, cfrcheck, run, PILOT};

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
