//! The rule catalogue and the engine that runs it.
//!
//! Every rule is declared exactly once, as a `static Rule` in its family's
//! module, with its code, name, default severity, summary and explanation.
//! `cfrcheck rules`, `cfrcheck explain`, docs/rules.md and the SARIF rule
//! metadata are all generated from these declarations. Rules never print:
//! they hand findings to the [`Context`].

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::model::{Filing, ScheduleKind};
use crate::report::cap::CappedFindings;
use crate::report::{thousands, Finding};
use crate::rulebook::{Edition, EditionChoice};
use crate::settings::Settings;
use arrays::Arrays;

pub mod administration;
pub mod arrays;
pub mod cbr;
pub mod companions;
pub mod completeness;
pub mod docs;
mod family;
pub mod funding;
pub mod indexing;
pub mod input;
mod labels;
mod maps;
pub mod program_codes;
pub mod program_funding;
pub mod rulebook;
mod sites;
pub mod totals;
pub mod units;

// Declared below the report and the input layer, which name rules too;
// re-exported so that `crate::rules::Rule` keeps serving the layers above.
pub use crate::vocabulary::{closest, edit_distance, Family, Rule, Source};
mod unknown_codes;

/// Every rule, in catalogue order.
pub fn registry() -> &'static [&'static Rule] {
    static REGISTRY: OnceLock<Vec<&'static Rule>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        Family::ALL
            .into_iter()
            .flat_map(|family| family.members().0.iter().copied())
            .collect()
    })
}

pub fn find(code: &str) -> Option<&'static Rule> {
    let code = code.trim();
    registry()
        .iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code) || rule.name == code)
}

/// What a rule sees while it checks one filing.
pub struct Context<'a> {
    pub filing: &'a Filing,
    pub edition: &'a Edition,
    /// False when no edition covers the filing's period (RB001).
    pub edition_covers_period: bool,
    pub settings: &'a Settings,
    /// The schedules' arrays, shared by the checks of the filing.
    pub arrays: &'a Arrays<'a>,
    findings: CappedFindings,
}

impl<'a> Context<'a> {
    pub fn new(
        filing: &'a Filing,
        choice: &EditionChoice<'a>,
        settings: &'a Settings,
        arrays: &'a Arrays<'a>,
    ) -> Context<'a> {
        Context {
            filing,
            edition: choice.edition,
            edition_covers_period: choice.covers_period,
            settings,
            arrays,
            findings: CappedFindings::new(settings.max_per_rule),
        }
    }

    /// Whether the rule is selected and every schedule it needs was read.
    /// Rules call this before expensive work; `report` applies it anyway.
    pub fn enabled(&self, rule: &Rule) -> bool {
        self.settings.selection.selects(rule.code)
            && rule
                .needs
                .iter()
                .all(|kind| self.filing.schedule(*kind).is_some())
    }

    pub fn report(&mut self, finding: Finding) {
        if self.enabled(finding.rule) {
            self.findings.push(self.settings.apply_severity(finding));
        }
    }

    /// `report` for a rule that can fire on every record of a file: once
    /// the findings cap for the rule and file is full, a finding is only
    /// counted, so `make` (its message) is not run 625,000 times.
    pub fn report_with(
        &mut self,
        rule: &'static Rule,
        file: &Arc<str>,
        make: impl FnOnce() -> Finding,
    ) {
        if self.enabled(rule) && !self.findings.count_if_full(rule.code, Some(file)) {
            self.report(make());
        }
    }

    /// The amount tolerance for cross-line and cross-schedule comparisons.
    pub fn tolerance(&self) -> Decimal {
        self.settings.tolerance
    }

    pub fn schedule(&self, kind: ScheduleKind) -> Option<&'a crate::model::Schedule> {
        self.filing.schedule(kind)
    }

    /// The findings, closed by one IN014 for each rule that fired more
    /// often in one file than the cap lists.
    pub fn into_findings(self) -> Vec<Finding> {
        let cap = self.findings.cap();
        let (mut findings, dropped) = self.findings.into_parts();
        if !self.settings.selection.selects(input::IN014.code) {
            return findings;
        }
        for (first, count) in dropped {
            let place = first.file.as_deref().map_or_else(
                || "this filing".to_string(),
                |file| crate::location::file_name(std::path::Path::new(file)),
            );
            let mut capped = Finding::new(
                &input::IN014,
                format!(
                    "{} {} fired {} times in {place}: the first {} are listed, {} more {} counted, not listed; run with --max-per-rule 0 to list them all",
                    first.rule.code,
                    first.rule.name,
                    thousands(cap + count),
                    thousands(cap),
                    thousands(count),
                    if count == 1 { "was" } else { "were" }
                ),
            )
            .value(first.rule.code);
            capped.file = first.file.clone();
            capped.schedule = first.schedule;
            capped.sheet = first.sheet.clone();
            findings.push(self.settings.apply_severity(capped));
        }
        findings
    }
}

/// Runs every selected rule family over a filing that the input layer read.
/// `input_findings` are the findings the input layer made while reading.
pub fn check_filing(
    filing: &Filing,
    choice: &EditionChoice,
    settings: &Settings,
    input_findings: CappedFindings,
) -> Vec<Finding> {
    let arrays = Arrays::default();
    let mut context = Context::new(filing, choice, settings, &arrays);
    let (read, over_cap) = input_findings.into_parts();
    for finding in read {
        context.report(finding);
    }
    for (first, count) in over_cap {
        if context.settings.selection.selects(first.rule.code) {
            context.findings.add_dropped(first, count);
        }
    }
    // Rule families only read the filing and add findings: each check (a
    // family has one or a few independent passes) gathers its own, and they
    // are merged in catalogue order, which gives the findings (and the
    // findings cap) of running them one after the other. A big filing runs
    // its checks side by side on the other cores; a small one is not worth
    // the hand-over (a batch keeps every core busy already).
    let checks: Vec<family::Checker> = Family::ALL
        .iter()
        .filter_map(|family| {
            let (rules, checks) = family.members();
            rules
                .iter()
                .any(|rule| context.enabled(rule))
                .then_some(checks)
        })
        .flatten()
        .copied()
        .collect();
    let run = |check: &family::Checker| {
        let mut own = Context::new(filing, choice, settings, &arrays);
        check(&mut own);
        own.findings
    };
    let records: usize = filing
        .schedules
        .iter()
        .flatten()
        .map(|schedule| schedule.records.len())
        .sum();
    let per_check: Vec<CappedFindings> = if records >= CHECKS_IN_PARALLEL_FROM {
        checks.par_iter().map(run).collect()
    } else {
        checks.iter().map(run).collect()
    };
    for findings in per_check {
        context.findings.absorb(findings);
    }
    context.into_findings()
}

const CHECKS_IN_PARALLEL_FROM: usize = 5_000;

/// ` index 01` after a program code in a message, or nothing when the row
/// is not indexed.
pub fn index_phrase(row: &crate::model::ProgramRow) -> String {
    if row.index.is_none() {
        String::new()
    } else {
        format!(" index {}", row.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_their_family() {
        let mut seen = std::collections::HashSet::new();
        for rule in registry() {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(
                rule.code.starts_with(rule.family().prefix()),
                "{}",
                rule.code
            );
            assert_eq!(rule.code.len(), 5, "{}", rule.code);
            assert!(
                !rule.summary.is_empty() && !rule.explanation.is_empty(),
                "{}",
                rule.code
            );
        }
    }
}
