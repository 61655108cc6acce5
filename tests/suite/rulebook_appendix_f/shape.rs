//! The shape of both files: Appendix F parses into its two lists, the
//! rulebook's `[edition]` header and top-level keys, and every program
//! entry's keys and values are well formed.

use std::collections::BTreeSet;

use super::{
    collapse, is_code, report, req_string, strings, table, Fixture, APPENDIX_F,
    POPULATION_FROM_SIBLINGS, RULEBOOK,
};

const PROGRAM_KEYS: [&str; 23] = [
    "code",
    "name",
    "aliases",
    "licensed",
    "units",
    "units_apply",
    "fund_sources",
    "fund_source_rule",
    "companions",
    "companion_severity",
    "companion_rule",
    "admin",
    "aggregated_on_claiming",
    "forbidden_fund_sources",
    "forbidden_fund_source_rule",
    "not_through_omh_code",
    "not_through_omh_rule",
    "population",
    "population_rule",
    "companions_one_of",
    "expects_revenue",
    "revenue_rule",
    "units_known",
];

#[test]
fn appendix_f_parses_as_expected() {
    let f = Fixture::load();
    assert_eq!(
        f.appf.alphabetic.len(),
        88,
        "{APPENDIX_F}: the alphabetic list should have 88 entries"
    );
    assert_eq!(
        f.appf.definitions.len(),
        89,
        "{APPENDIX_F}: the numeric list should have 89 definitions"
    );
}

#[test]
fn edition_header() {
    let f = Fixture::load();
    let edition = table(
        f.rulebook
            .get("edition")
            .unwrap_or_else(|| panic!("{RULEBOOK}: no [edition] table")),
        "[edition]",
    );
    let keys: BTreeSet<&str> = edition.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = ["id", "title", "source", "period_starts"].into();
    assert_eq!(keys, expected, "{RULEBOOK}: [edition] keys");
    assert_eq!(req_string(edition, "id", "[edition]"), "omh-2009");
    assert_eq!(
        req_string(edition, "source", "[edition]"),
        "https://www.omh.ny.gov/omhweb/cbr/fy09/section_30.html"
    );
    assert_eq!(
        strings(edition, "period_starts", "[edition]"),
        ["2009-01-01", "2009-07-01"],
        "{RULEBOOK}: [edition] period_starts (AppF covers 1/1/2009-12/31/2009 and 7/1/2009-6/30/2010)"
    );
    let top: BTreeSet<&str> = table(&f.rulebook, "the file")
        .keys()
        .map(String::as_str)
        .collect();
    let expected: BTreeSet<&str> = ["edition", "fund_sources", "programs"].into();
    assert_eq!(top, expected, "{RULEBOOK}: top-level keys");
}

#[test]
fn program_entries_are_well_formed() {
    let f = Fixture::load();
    let mut problems = Vec::new();
    if f.programs.len() != 89 {
        problems.push(format!("{} programs, expected 89", f.programs.len()));
    }
    let mut seen = BTreeSet::new();
    let mut previous: Option<&str> = None;
    for p in &f.programs {
        let c = &p.code;
        if !is_code(c) {
            problems.push(format!("program code {c:?} is not 4 digits"));
        }
        if !seen.insert(c.as_str()) {
            problems.push(format!("program {c} appears twice"));
        }
        if previous.is_some_and(|prev| prev >= c.as_str()) {
            problems.push(format!("program {c} is out of code order"));
        }
        previous = Some(c);
        for k in &p.keys {
            if !PROGRAM_KEYS.contains(&k.as_str()) {
                problems.push(format!("program {c}: unknown key `{k}`"));
            }
        }
        if ![
            "allocated",
            "redistributed",
            "excluded",
            "excluded-and-redistributed",
        ]
        .contains(&p.admin.as_str())
        {
            problems.push(format!("program {c}: admin = {:?}", p.admin));
        }
        if p.fund_sources.is_empty() != p.fund_source_rule.is_none() {
            problems.push(format!(
                "program {c}: fund_source_rule must be given exactly when fund_sources is non-empty"
            ));
        }
        let tied = !p.companions.is_empty() || !p.companions_one_of.is_empty();
        if !p.companions.is_empty() && p.companion_rule.is_none() {
            problems.push(format!("program {c}: companions without a companion_rule"));
        }
        if !tied && (p.companion_rule.is_some() || p.companion_severity.is_some()) {
            problems.push(format!(
                "program {c}: companion_rule or companion_severity without companions"
            ));
        }
        let wordings = [
            (
                "forbidden_fund_sources",
                !p.forbidden_fund_sources.is_empty(),
                &p.forbidden_fund_source_rule,
            ),
            (
                "not_through_omh_code",
                p.not_through_omh_code.is_some(),
                &p.not_through_omh_rule,
            ),
            ("expects_revenue", p.expects_revenue, &p.revenue_rule),
            (
                "population",
                p.population != "any" && !POPULATION_FROM_SIBLINGS.contains(&c.as_str()),
                &p.population_rule,
            ),
        ];
        for (key, set, wording) in wordings {
            if set != wording.is_some() {
                problems.push(format!(
                    "program {c}: the wording of `{key}` must be given exactly when it is set"
                ));
            }
        }
        if !["children", "adults", "any"].contains(&p.population.as_str()) {
            problems.push(format!("program {c}: population = {:?}", p.population));
        }
        if p.name != collapse(&p.name) || p.name.is_empty() {
            problems.push(format!(
                "program {c}: name {:?} is empty or has stray whitespace",
                p.name
            ));
        }
        if p.units != collapse(&p.units) {
            problems.push(format!(
                "program {c}: units text is not whitespace-collapsed"
            ));
        }
    }
    report("program entries", problems);
}
