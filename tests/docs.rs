//! docs/rules.md is generated from the rule declarations and must never go
//! stale. To regenerate: `cargo run -- rules --format markdown > docs/rules.md`.

use std::path::Path;

#[test]
fn docs_rules_md_matches_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = cfrcheck::rules::docs::markdown();
    assert!(
        committed.replace("\r\n", "\n") == generated,
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn docs_rules_md_lists_every_rule() {
    let generated = cfrcheck::rules::docs::markdown();
    for rule in cfrcheck::rules::registry() {
        assert!(
            generated.contains(&format!("### {}", rule.code)),
            "{}",
            rule.code
        );
        assert!(generated.contains(rule.name), "{}", rule.code);
    }
}
