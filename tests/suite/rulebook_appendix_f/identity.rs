//! Which programs there are and what they are called: the alphabetic list
//! and the definition headings against the rulebook's names and aliases,
//! and `licensed` against each definition's qualifier line.

use std::collections::BTreeMap;

use super::{collapse, report, Fixture};

#[test]
fn alphabetic_list_is_in_rulebook() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for (code, name, line) in &f.appf.alphabetic {
        match f.program(code) {
            None => problems.push(format!(
                "Appendix F line {line}: {code} {name:?} is missing from the rulebook"
            )),
            Some(p) if collapse(&p.name) != *name => problems.push(format!(
                "program {code}: name {:?}, but the alphabetic list (line {line}) says {name:?}",
                p.name
            )),
            Some(_) => {}
        }
    }
    report("alphabetic list", problems);
}

#[test]
fn definition_headings_are_in_rulebook() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for d in &f.appf.definitions {
        let Some(p) = f.program(&d.code) else {
            problems.push(format!(
                "Appendix F line {}: definition {} {:?} is missing from the rulebook",
                d.line, d.code, d.heading
            ));
            continue;
        };
        let known =
            collapse(&p.name) == d.heading || p.aliases.iter().any(|a| collapse(a) == d.heading);
        if !known {
            problems.push(format!(
                "program {}: definition heading {:?} (line {}) is neither the name {:?} nor an alias {:?}",
                d.code, d.heading, d.line, p.name, p.aliases
            ));
        }
    }
    report("definition headings", problems);
}

#[test]
fn every_rulebook_program_is_in_appendix_f() {
    let f = Fixture::load();
    let alphabetic: BTreeMap<&str, &str> = f
        .appf
        .alphabetic
        .iter()
        .map(|(c, n, _)| (c.as_str(), n.as_str()))
        .collect();
    let mut problems = Vec::new();
    for p in &f.programs {
        let in_list = alphabetic.contains_key(p.code.as_str());
        let defined = f.definition(&p.code);
        match (in_list, defined) {
            (false, None) => problems.push(format!(
                "program {} {:?} appears nowhere in Appendix F",
                p.code, p.name
            )),
            // Defined but not in the alphabetic list (2770): the name is the heading.
            (false, Some(d)) if p.name != d.heading => problems.push(format!(
                "program {} is not in the alphabetic list, so its name should be the definition heading {:?}, not {:?}",
                p.code, d.heading, p.name
            )),
            _ => {}
        }
    }
    let only_defined: Vec<&str> = f
        .appf
        .definitions
        .iter()
        .map(|d| d.code.as_str())
        .filter(|c| !alphabetic.contains_key(c))
        .collect();
    if only_defined != ["2770"] {
        problems.push(format!(
            "Appendix F codes defined but not in the alphabetic list: {only_defined:?}, expected [\"2770\"]"
        ));
    }
    report("rulebook programs in Appendix F", problems);
}

#[test]
fn aliases_are_spellings_appendix_f_uses() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    let mut owner: BTreeMap<String, &str> = BTreeMap::new();
    for p in &f.programs {
        if owner.insert(p.name.to_lowercase(), &p.code).is_some() {
            problems.push(format!(
                "program {}: name {:?} is used twice",
                p.code, p.name
            ));
        }
    }
    for p in &f.programs {
        for a in &p.aliases {
            if a == &p.name {
                problems.push(format!("program {}: alias {a:?} repeats the name", p.code));
            }
            if let Some(other) = owner.insert(a.to_lowercase(), &p.code) {
                if other != p.code {
                    problems.push(format!(
                        "program {}: alias {a:?} is already the name or alias of {other}",
                        p.code
                    ));
                } else if p.aliases.iter().filter(|b| *b == a).count() > 1 {
                    // Same program, same spelling; a case-only variant of the
                    // name (a heading like "On-site Rehabilitation") is fine.
                    problems.push(format!("program {}: alias {a:?} is given twice", p.code));
                }
            }
            if !contains_word(&f.appf.text, &collapse(a)) {
                problems.push(format!(
                    "program {}: alias {a:?} does not occur (as a whole word) in Appendix F",
                    p.code
                ));
            }
        }
    }
    report("aliases", problems);
}

/// `needle` occurs in `hay` not preceded or followed by a letter or digit.
fn contains_word(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn licensed_matches_qualifier_line() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for d in &f.appf.definitions {
        let Some(p) = f.program(&d.code) else {
            continue;
        };
        let q = &d.qualifier;
        let expected = if q == "(Licensed Program)" {
            true
        } else if q.starts_with("(Non-Licensed Program") || q == "(Unlicensed Program)" {
            false
        } else if q.starts_with("(Associated with the licensed") || q.starts_with("(Part of the") {
            // 8810 and 2810: dollars tied to another program are not themselves licensed.
            false
        } else {
            problems.push(format!(
                "program {}: unexpected qualifier line {q:?}",
                d.code
            ));
            continue;
        };
        if p.licensed != expected {
            problems.push(format!(
                "program {}: licensed = {}, but Appendix F says {q:?}",
                d.code, p.licensed
            ));
        }
    }
    report("licensed", problems);
}
