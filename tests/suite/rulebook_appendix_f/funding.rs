//! Funding sources: the `[[fund_sources]]` list of the spec, the sources a
//! program is restricted to (FS002), never claimed under (FS005) and the
//! flow-through programs whose other funds go to another code (FS006).

use std::collections::{BTreeMap, BTreeSet};

use toml::Value;

use super::{collapse, report, req_bool, req_string, strings, table, Fixture, RULEBOOK};

/// rules.md FS002: program, allowed funding sources.
const FUND_RESTRICTIONS: [(&str, &[&str]); 4] = [
    ("0890", &["001A"]),
    ("0860", &["170D", "200", "300", "400"]),
    ("1970", &["170B"]),
    ("2070", &["090"]),
];

/// FS005: program, funding sources it is never claimed under.
const FORBIDDEN_FUND_SOURCES: [(&str, &[&str]); 1] = [("2600", &["001"])];

/// FS006: flow-through program, the program for funds that do not flow through OMH.
const NOT_THROUGH_OMH: [(&str, &str); 2] = [("1070", "2070"), ("3070", "2070")];

/// The funding-source list of the spec's "Reference data the rules need".
const FUND_SOURCE_CODES: [&str; 9] = [
    "001", "004", "005", "090", "170B", "170D", "200", "300", "400",
];

#[test]
fn fund_sources_list_matches_spec() {
    let f = Fixture::load();
    let list = f
        .rulebook
        .get("fund_sources")
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{RULEBOOK}: no [[fund_sources]] array"));
    let mut problems = Vec::new();
    let mut codes = Vec::new();
    for (i, v) in list.iter().enumerate() {
        let t = table(v, &format!("fund_sources[{i}]"));
        let code = req_string(t, "code", &format!("fund_sources[{i}]"));
        let what = format!("fund source {code}");
        let keys: BTreeSet<&str> = t
            .keys()
            .map(String::as_str)
            .filter(|key| *key != "index_populations")
            .collect();
        let expected: BTreeSet<&str> = ["code", "name", "indexes", "index_required"].into();
        if keys != expected {
            problems.push(format!("{what}: keys {keys:?}, expected {expected:?}"));
        }
        let name = req_string(t, "name", &what);
        let indexes = strings(t, "indexes", &what);
        let required = req_bool(t, "index_required", &what);
        let populations = t.get("index_populations").map(|v| {
            v.as_table()
                .unwrap_or_else(|| panic!("{RULEBOOK}: {what}: index_populations is not a table"))
                .iter()
                .map(|(index, population)| {
                    (
                        index.clone(),
                        population.as_str().unwrap_or("?").to_string(),
                    )
                })
                .collect::<Vec<_>>()
        });
        if code == "001" {
            if indexes != ["A"] || !required {
                problems.push(format!(
                    "{what}: indexes {indexes:?}, index_required {required}; AppN: index A (adults), required"
                ));
            }
            if populations != Some(vec![("A".to_string(), "adults".to_string())]) {
                problems.push(format!(
                    "{what}: index_populations {populations:?}; AppN: A = adults"
                ));
            }
        } else if populations.is_some() {
            problems.push(format!(
                "{what}: index_populations, but the spec gives populations only for 001"
            ));
        }
        if code != "001" && required {
            problems.push(format!("{what}: index_required should be false"));
        }
        if code == "090" && name != "Non-funded" {
            problems.push(format!("{what}: name {name:?}, expected \"Non-funded\""));
        }
        codes.push(code);
    }
    if codes != FUND_SOURCE_CODES {
        problems.push(format!(
            "fund source codes {codes:?}, expected {FUND_SOURCE_CODES:?}"
        ));
    }
    // Every program's allowed source must name a listed code (plus an allowed index).
    let known: Vec<(String, Vec<String>)> = list
        .iter()
        .filter_map(|v| {
            let t = v.as_table()?;
            Some((
                t.get("code")?.as_str()?.to_string(),
                strings(t, "indexes", "fund source"),
            ))
        })
        .collect();
    for p in &f.programs {
        for s in &p.fund_sources {
            let resolves = known.iter().any(|(code, indexes)| {
                s == code
                    || s.strip_prefix(code.as_str())
                        .is_some_and(|ix| indexes.iter().any(|i| i == ix))
            });
            if !resolves {
                problems.push(format!(
                    "program {}: fund source {s:?} is not in the [[fund_sources]] list",
                    p.code
                ));
            }
        }
    }
    report("fund sources", problems);
}

#[test]
fn fund_source_restrictions_match_rules_md() {
    let f = Fixture::load();
    let table: BTreeMap<&str, &[&str]> = FUND_RESTRICTIONS.into_iter().collect();
    let mut problems = Vec::new();
    for p in &f.programs {
        let expected: &[&str] = table.get(p.code.as_str()).copied().unwrap_or(&[]);
        if p.fund_sources != expected {
            problems.push(format!(
                "program {}: fund_sources {:?}, rules.md FS002 says {expected:?}",
                p.code, p.fund_sources
            ));
        }
        if let (Some(rule), Some(d)) = (&p.fund_source_rule, f.definition(&p.code)) {
            if !d.text().contains(&collapse(rule)) {
                problems.push(format!(
                    "program {}: fund_source_rule {rule:?} is not quoted from its Appendix F definition",
                    p.code
                ));
            }
        }
    }
    report("fund-source restrictions", problems);
}

#[test]
fn forbidden_and_flow_through_funding_are_quoted_from_appendix_f() {
    let f = Fixture::load();
    let forbidden: BTreeMap<&str, &[&str]> = FORBIDDEN_FUND_SOURCES.into_iter().collect();
    let flow: BTreeMap<&str, &str> = NOT_THROUGH_OMH.into_iter().collect();
    let mut problems = Vec::new();
    for p in &f.programs {
        let c = p.code.as_str();
        let expected: &[&str] = forbidden.get(c).copied().unwrap_or(&[]);
        if p.forbidden_fund_sources != expected {
            problems.push(format!(
                "program {c}: forbidden_fund_sources {:?}, FS005 says {expected:?}",
                p.forbidden_fund_sources
            ));
        }
        if p.not_through_omh_code.as_deref() != flow.get(c).copied() {
            problems.push(format!(
                "program {c}: not_through_omh_code {:?}, FS006 says {:?}",
                p.not_through_omh_code,
                flow.get(c)
            ));
        }
        let Some(d) = f.definition(c) else {
            continue;
        };
        let text = d.text();
        for rule in [&p.forbidden_fund_source_rule, &p.not_through_omh_rule]
            .into_iter()
            .flatten()
        {
            if !text.contains(&collapse(rule)) {
                problems.push(format!(
                    "program {c}: {rule:?} is not quoted from its definition"
                ));
            }
        }
        if let (Some(alternative), Some(rule)) = (&p.not_through_omh_code, &p.not_through_omh_rule)
        {
            if !rule.contains("do not flow through OMH") || !rule.ends_with(alternative.as_str()) {
                problems.push(format!(
                    "program {c}: not_through_omh_rule {rule:?} should say the funds do not flow through OMH and name {alternative}"
                ));
            }
            match f.program(alternative) {
                Some(alt) if !alt.fund_sources.is_empty() => {}
                _ => problems.push(format!(
                    "program {c}: {alternative} must be a program with its own fund_sources (what FS006 compares with)"
                )),
            }
        }
    }
    // 2600's wording is the sentence that rules out OMH's funding source.
    let beds = f
        .program("2600")
        .and_then(|p| p.forbidden_fund_source_rule.clone());
    if !beds.is_some_and(|rule| rule.contains("neither funded by OMH")) {
        problems.push(
            "program 2600: forbidden_fund_source_rule should quote \"neither funded by OMH\""
                .into(),
        );
    }
    report("forbidden and flow-through funding", problems);
}
