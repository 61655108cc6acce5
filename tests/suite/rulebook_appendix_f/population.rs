//! Whom a program serves (FS007): children, adults or anyone, taken from
//! the words of its definition, with the wording quoted.

use super::{collapse, report, Fixture, POPULATION_FROM_SIBLINGS};

/// FS007 (its explanation lists them): programs whose definitions name
/// their population. Every other program is "any".
const CHILDREN: [&str; 19] = [
    "0200", "0790", "1080", "1320", "1510", "1520", "1650", "2040", "2230", "2240", "2250", "2260",
    "2270", "2280", "2880", "2990", "3040", "4040", "7050",
];
const ADULTS: [&str; 7] = ["0320", "1410", "1420", "6070", "7070", "7080", "8050"];

/// Words by which a definition names its population (FS007). A definition
/// with words of both kinds serves anyone.
const CHILDREN_WORDS: [&str; 10] = [
    "children and adolescents",
    "children or adolescents",
    "children and youth",
    "child or adolescent",
    "for children",
    "children who are",
    "children occupying",
    "the child",
    "child/family",
    "adolescents",
];
const ADULT_WORDS: [&str; 4] = ["for adults", "adults,", "older adults", "adult congregate"];

#[test]
fn population_is_taken_from_the_definitions_words() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for p in &f.programs {
        let c = p.code.as_str();
        let listed = if CHILDREN.contains(&c) {
            "children"
        } else if ADULTS.contains(&c) {
            "adults"
        } else {
            "any"
        };
        if p.population != listed {
            problems.push(format!(
                "program {c}: population {:?}, FS007 lists it as {listed:?}",
                p.population
            ));
        }
        let Some(d) = f.definition(c) else {
            continue;
        };
        // The definition before its units section: 0820's units count
        // "1 collateral visit for children" without serving only children.
        let text = d.text();
        let served = text
            .split("Units of Service:")
            .next()
            .unwrap_or(&text)
            .to_lowercase();
        let children = CHILDREN_WORDS.iter().any(|w| served.contains(w));
        let adults = ADULT_WORDS.iter().any(|w| served.contains(w));
        let from_words = match (children, adults) {
            (true, false) => "children",
            (false, true) => "adults",
            _ => "any",
        };
        if from_words != p.population && !POPULATION_FROM_SIBLINGS.contains(&c) {
            problems.push(format!(
                "program {c}: population {:?}, but the definition's words say {from_words:?}",
                p.population
            ));
        }
        if let Some(rule) = &p.population_rule {
            if !text.contains(&collapse(rule)) {
                problems.push(format!(
                    "program {c}: population_rule {rule:?} is not quoted from its definition"
                ));
            }
            let words: &[&str] = if p.population == "children" {
                &CHILDREN_WORDS
            } else {
                &ADULT_WORDS
            };
            let lower = rule.to_lowercase();
            if !words
                .iter()
                .any(|w| lower.contains(w.trim_end_matches(',')))
            {
                problems.push(format!(
                    "program {c}: population_rule {rule:?} does not name {:?}",
                    p.population
                ));
            }
        }
    }
    // The siblings the two HCBS Waiver codes take their population from.
    for code in ["2240", "2250", "2260", "2270"] {
        if f.program(code).map(|p| p.population.as_str()) != Some("children") {
            problems.push(format!(
                "program {code}: the HCBS Waiver sibling of 2230/2280 should serve children"
            ));
        }
    }
    report("population", problems);
}
