//! Units of service: the units text, `units_apply` (rules.md US001, "Not
//! applicable") and `units_known` (a definition with no units text).

use super::{collapse, report, Fixture};

/// Codes whose Appendix F units are "Not applicable" (rules.md US001).
const UNITS_NOT_APPLICABLE: [&str; 13] = [
    "0860", "0870", "0890", "1070", "1190", "1400", "1690", "2070", "2810", "2830", "2860", "3070",
    "8810",
];

#[test]
fn units_text_matches_appendix_f() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for d in &f.appf.definitions {
        let Some(p) = f.program(&d.code) else {
            continue;
        };
        let expected = d.units();
        if collapse(&p.units) != expected {
            problems.push(format!(
                "program {}: units {:?}, but Appendix F (line {}) gives {expected:?}",
                d.code, p.units, d.line
            ));
        }
    }
    report("units text", problems);
}

#[test]
fn units_apply_is_false_exactly_where_appendix_f_says_not_applicable() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for p in &f.programs {
        let listed = UNITS_NOT_APPLICABLE.contains(&p.code.as_str());
        if p.units_apply == listed {
            problems.push(format!(
                "program {}: units_apply = {}, rules.md US001 says {}",
                p.code, p.units_apply, !listed
            ));
        }
        if let Some(d) = f.definition(&p.code) {
            let not_applicable = d.units().starts_with("Not applicable");
            if not_applicable != listed {
                problems.push(format!(
                    "program {}: Appendix F units {:?} disagree with the US001 list",
                    p.code,
                    d.units()
                ));
            }
        }
    }
    report("units_apply", problems);
}

#[test]
fn units_known_is_false_exactly_where_appendix_f_gives_no_units_text() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for d in &f.appf.definitions {
        let Some(p) = f.program(&d.code) else {
            continue;
        };
        let blank = d.units().is_empty();
        if p.units_known == blank {
            problems.push(format!(
                "program {}: units_known = {}, but Appendix F's units text is {:?}",
                d.code,
                p.units_known,
                d.units()
            ));
        }
        if !p.units_known && !p.units_apply {
            problems.push(format!(
                "program {}: units_known = false means units apply but are not described; units_apply is false",
                d.code
            ));
        }
    }
    report("units_known", problems);
}
