//! `--format sarif`: valid against the official SARIF 2.1.0 schema, with
//! the rule registry as rules and one result per JSON finding.

use std::fs;

use serde_json::Value;

use super::{findings, golden_run, json, root};

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
