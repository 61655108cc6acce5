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

/// docs/input.md lists every schedule's columns, required ones starred,
/// exactly as the reader knows them.
#[test]
fn docs_input_md_lists_the_columns_the_reader_knows() {
    use cfrcheck::model::{Presence, ScheduleKind};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/input.md");
    let doc = std::fs::read_to_string(&path).expect("docs/input.md");
    for kind in ScheduleKind::ALL {
        let columns: Vec<String> = kind
            .columns()
            .iter()
            .map(|(column, presence)| match presence {
                Presence::Required => format!("`{}`*", column.name()),
                Presence::Optional => format!("`{}`", column.name()),
            })
            .collect();
        let line = format!("**{}**: {}", kind.label(), columns.join(", "));
        assert!(
            doc.contains(&line),
            "docs/input.md lacks or misstates:\n{line}"
        );
    }
}
