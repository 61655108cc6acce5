//! The optional program keys for what a definition says beyond its code,
//! units and funding list (docs/rulebook.md, "What else a definition
//! says"): read from a `[[programs]]` entry like the other keys, each bad
//! value reported with its line.

use super::edition::Program;
use super::fields::{Fields, Problems};
use super::population;
use super::references::{ProgramReference, Written};
use super::values::{allowed_fund, program_code};

/// Applies the keys the entry gives; the ones left out keep their values.
pub fn read(
    entry: &mut Fields,
    program: &mut Program,
    problems: &mut Problems,
    written: &mut Written,
) {
    let code = program.code;
    if let Some(aggregated) = entry.boolean("aggregated_on_claiming", problems) {
        program.aggregated_on_claiming = aggregated;
    }
    if let Some(funds) = entry.strings("forbidden_fund_sources", problems) {
        program.forbidden_fund_sources.clear();
        for spelled in &funds {
            if let Some(fund) = allowed_fund(spelled, problems) {
                program.forbidden_fund_sources.push(fund.clone());
                written.fund(code, fund, spelled.span.clone());
            }
        }
    }
    if let Some(rule) = entry.string("forbidden_fund_source_rule", problems) {
        program.forbidden_fund_source_rule = rule.value;
    }
    if let Some(spelled) = entry.string("not_through_omh_code", problems) {
        // "" takes back a code the base edition gave.
        program.not_through_omh_code = None;
        if !spelled.value.trim().is_empty() {
            if let Some(other) = program_code(&spelled, problems) {
                program.not_through_omh_code = Some(other);
                written.reference(ProgramReference::NotThroughOmh, code, other, spelled.span);
            }
        }
    }
    if let Some(rule) = entry.string("not_through_omh_rule", problems) {
        program.not_through_omh_rule = rule.value;
    }
    if let Some(spelled) = entry.string("population", problems) {
        if let Some(population) = population::read(&spelled, problems) {
            program.population = population;
        }
    }
    if let Some(rule) = entry.string("population_rule", problems) {
        program.population_rule = rule.value;
    }
    if let Some(companions) = entry.strings("companions_one_of", problems) {
        program.companions_one_of.clear();
        for spelled in companions {
            if let Some(companion) = program_code(&spelled, problems) {
                program.companions_one_of.push(companion);
                written.reference(ProgramReference::OneOf, code, companion, spelled.span);
            }
        }
    }
    if let Some(expects) = entry.boolean("expects_revenue", problems) {
        program.expects_revenue = expects;
    }
    if let Some(rule) = entry.string("revenue_rule", problems) {
        program.revenue_rule = rule.value;
    }
    if let Some(known) = entry.boolean("units_known", problems) {
        program.units_known = known;
    }
}
