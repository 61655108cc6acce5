//! Programs that go with other programs: the companions a program needs
//! (XP001, including its "one of" ties) and the revenue a program reports
//! from another (XP002).

use std::collections::BTreeMap;

use super::{collapse, report, Fixture};

/// rules.md XP001: program, companion programs, severity; the last two
/// rows are the ties Appendix F implies (XP001's explanation).
const COMPANIONS: [(&str, &[&str], &str); 9] = [
    ("8810", &["0800"], "error"),
    ("2810", &["1810"], "error"),
    ("1680", &["3130"], "error"),
    ("1920", &["3130"], "error"),
    ("2600", &["3130"], "error"),
    ("0790", &["2100"], "error"),
    ("1510", &["2100"], "warning"),
    ("3130", &["1680", "1920", "2600"], "warning"),
    ("2880", &["1080"], "warning"),
];

/// XP001 "one of": 2830's name lists the programs whose service dollars it
/// holds; a warning, as the tie is implied by the name.
const COMPANIONS_ONE_OF: [(&str, &[&str], &str); 1] =
    [("2830", &["1810", "6810", "0820"], "warning")];

/// XP002: programs whose definition says they report revenue.
const EXPECTS_REVENUE: [&str; 1] = ["9340"];

#[test]
fn companions_match_rules_md() {
    let f = Fixture::load();
    let table: BTreeMap<&str, (&[&str], &str)> = COMPANIONS
        .into_iter()
        .map(|(p, c, s)| (p, (c, s)))
        .collect();
    let mut problems = Vec::new();
    for p in &f.programs {
        let (one_of, one_of_severity): (&[&str], Option<&str>) = COMPANIONS_ONE_OF
            .iter()
            .find(|(code, _, _)| *code == p.code)
            .map_or((&[], None), |(_, any, severity)| (*any, Some(*severity)));
        let (expected, severity) = match (table.get(p.code.as_str()).copied(), one_of_severity) {
            (Some(row), _) => row,
            (None, Some(severity)) => (&[][..], severity),
            (None, None) => (&[][..], "error"),
        };
        if p.companions != expected {
            problems.push(format!(
                "program {}: companions {:?}, rules.md XP001 says {expected:?}",
                p.code, p.companions
            ));
        }
        let given = p.companion_severity.as_deref();
        let ok = match severity {
            "warning" => given == Some("warning"),
            _ => given.is_none(),
        };
        if !ok {
            problems.push(format!(
                "program {}: companion_severity {given:?}, rules.md XP001 says {severity} (only a warning is written out)",
                p.code
            ));
        }
        if p.companions_one_of != one_of {
            problems.push(format!(
                "program {}: companions_one_of {:?}, XP001 says {one_of:?}",
                p.code, p.companions_one_of
            ));
        }
        // "One of" ties without wording come from the name: it names each alternative.
        if p.companion_rule.is_none() {
            for c in &p.companions_one_of {
                let Some(alternative) = f.program(c) else {
                    continue;
                };
                let short = alternative
                    .name
                    .split(" (")
                    .next()
                    .unwrap_or(&alternative.name);
                if !p.name.contains(short) {
                    problems.push(format!(
                        "program {}: alternative {c} ({short:?}) is not named in {:?}, and no companion_rule says why it is one",
                        p.code, p.name
                    ));
                }
            }
        }
        for c in p.companions.iter().chain(&p.companions_one_of) {
            if f.program(c).is_none() {
                problems.push(format!(
                    "program {}: companion {c} is not a program",
                    p.code
                ));
            }
        }
        if let Some(rule) = &p.companion_rule {
            // Quoted from the program's own definition or its companion's.
            let rule = collapse(rule);
            let quoted = std::iter::once(&p.code)
                .chain(p.companions.iter())
                .filter_map(|c| f.definition(c))
                .any(|d| d.text().contains(&rule));
            if !quoted {
                problems.push(format!(
                    "program {}: companion_rule {rule:?} is not quoted from Appendix F",
                    p.code
                ));
            }
        }
    }
    report("companions", problems);
}

#[test]
fn expects_revenue_where_the_definition_reports_revenue() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    for p in &f.programs {
        let c = p.code.as_str();
        let listed = EXPECTS_REVENUE.contains(&c);
        if p.expects_revenue != listed {
            problems.push(format!(
                "program {c}: expects_revenue = {}, XP002 says {listed}",
                p.expects_revenue
            ));
        }
        let Some(d) = f.definition(c) else {
            continue;
        };
        let says = d.text().contains("the revenue received from");
        if says != p.expects_revenue {
            problems.push(format!(
                "program {c}: expects_revenue = {}, but its definition {} report \"the revenue received from\" another program",
                p.expects_revenue,
                if says { "does" } else { "does not" }
            ));
        }
        if let Some(rule) = &p.revenue_rule {
            if !d.text().contains(&collapse(rule)) {
                problems.push(format!(
                    "program {c}: revenue_rule {rule:?} is not quoted from its definition"
                ));
            }
        }
    }
    report("expects_revenue", problems);
}
