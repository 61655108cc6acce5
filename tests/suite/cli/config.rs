//! The `cfrcheck.toml` config: found in the current folder or a parent,
//! replaced by `--config`, overridden by flags, changing severities.

use std::fs;

use super::{cfrcheck, codes, findings, json, path_text, root, run};

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
