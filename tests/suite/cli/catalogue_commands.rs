//! The commands besides `check`: `rules`, `explain` and `template`.

use std::collections::BTreeSet;
use std::fs;

use super::{cfrcheck, check, findings, json, path_text, run};
use crate::support::names_in;

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
    let names = names_in(&target);
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
