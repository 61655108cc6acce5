//! docs/rules.md, generated from the rule declarations (a test keeps the
//! committed file equal to this output; `cfrcheck rules --format markdown`
//! regenerates it).

use std::fmt::Write;

use super::{registry, Family};

pub fn markdown() -> String {
    let mut doc = String::from(
        "# cfrcheck rules\n\n\
         Generated from the rule declarations by `cfrcheck rules --format markdown`; do not edit by hand.\n\
         Severities are defaults: change them per code under `[severity]` in `cfrcheck.toml`.\n\
         `cfrcheck explain CODE` prints one rule's explanation.\n",
    );
    for family in Family::ALL {
        let rules: Vec<_> = registry()
            .iter()
            .filter(|rule| rule.family() == family)
            .collect();
        if rules.is_empty() {
            continue;
        }
        let _ = write!(doc, "\n## {} - {}\n\n", family.prefix(), family.title());
        let sources: Vec<String> = family
            .sources()
            .iter()
            .map(|source| source.markdown())
            .collect();
        if !sources.is_empty() {
            let _ = write!(doc, "Sources: {}.\n\n", sources.join("; "));
        }
        doc.push_str("| code | name | severity | fires when |\n|---|---|---|---|\n");
        for rule in &rules {
            let _ = writeln!(
                doc,
                "| [{code}](#{anchor}) | {name} | {severity} | {summary} |",
                code = rule.code,
                anchor = rule.code.to_ascii_lowercase(),
                name = rule.name,
                severity = rule.severity,
                summary = rule.summary.replace('|', "\\|"),
            );
        }
        for rule in rules {
            let _ = write!(
                doc,
                "\n### {}\n\n`{}` - default severity **{}**",
                rule.code, rule.name, rule.severity
            );
            if !rule.needs.is_empty() {
                let needs: Vec<&str> = rule.needs.iter().map(|kind| kind.label()).collect();
                let _ = write!(doc, " - needs {}", needs.join(", "));
            }
            let _ = write!(doc, "\n\n{}\n", rule.explanation.trim());
        }
    }
    doc
}
