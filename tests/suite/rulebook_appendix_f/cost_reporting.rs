//! How a program's costs are carried: its agency administration (AD001:
//! allocated, redistributed or excluded) and whether it is aggregated by
//! program type on the claiming schedules (IX008).

use super::{report, Fixture};

/// IX008: program types "not aggregated by program type on the claiming schedules".
const NOT_AGGREGATED: [&str; 1] = ["6070"];

/// rules.md AD001: programs whose allocated agency administration is
/// redistributed, those that do not include it, and 2830, whose definition
/// says both.
const ADMIN_REDISTRIBUTED: [&str; 6] = ["0860", "0870", "1690", "2820", "2860", "8810"];
const ADMIN_EXCLUDED: [&str; 1] = ["0890"];
const ADMIN_BOTH: [&str; 1] = ["2830"];

#[test]
fn admin_matches_rules_md_and_appendix_f() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for p in &f.programs {
        let c = p.code.as_str();
        let expected = if ADMIN_BOTH.contains(&c) {
            "excluded-and-redistributed"
        } else if ADMIN_EXCLUDED.contains(&c) {
            "excluded"
        } else if ADMIN_REDISTRIBUTED.contains(&c) {
            "redistributed"
        } else {
            "allocated"
        };
        if p.admin != expected {
            problems.push(format!(
                "program {c}: admin = {:?}, rules.md AD001 says {expected:?}",
                p.admin
            ));
        }
        if let Some(d) = f.definition(c) {
            let text = d.text();
            let excluded = text.contains("does not include agency administration");
            let redistributed = text.contains("are redistributed to other OMH programs");
            let from_text = match (excluded, redistributed) {
                (true, true) => "excluded-and-redistributed",
                (true, false) => "excluded",
                (false, true) => "redistributed",
                (false, false) => "allocated",
            };
            if from_text != expected {
                problems.push(format!(
                    "program {c}: Appendix F wording implies admin {from_text:?}, rules.md says {expected:?}"
                ));
            }
        }
    }
    report("admin", problems);
}

#[test]
fn not_aggregated_types_are_appendix_fs_indexing_example() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    let example = "This program type is not aggregated by program type on the claiming schedules";
    if !f.appf.text.contains(example) {
        problems.push(format!("Appendix F no longer says {example:?}"));
    }
    for p in &f.programs {
        let c = p.code.as_str();
        let listed = NOT_AGGREGATED.contains(&c);
        if p.aggregated_on_claiming == listed {
            problems.push(format!(
                "program {c}: aggregated_on_claiming = {}, IX008 says {}",
                p.aggregated_on_claiming, !listed
            ));
        }
        // The example names the type by its code in parentheses, and within
        // the next three sentences says it is not aggregated.
        let named = f
            .appf
            .text
            .split(&format!("({c})"))
            .nth(1)
            .is_some_and(|after| {
                after
                    .split(". ")
                    .take(3)
                    .any(|sentence| sentence.trim().starts_with(example))
            });
        if listed != named {
            problems.push(format!(
                "program {c}: aggregated_on_claiming = {}, but the indexing example {} it is not aggregated",
                p.aggregated_on_claiming,
                if named { "says" } else { "does not say" }
            ));
        }
    }
    report("aggregated_on_claiming", problems);
}
