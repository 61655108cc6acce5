//! `--format gitlab`: Code Quality issues whose fingerprints are unique
//! and survive rows moving within a file.

use std::collections::BTreeSet;

use super::{check, copy_folder, golden_run, json, path_text, re_sort, root};

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
