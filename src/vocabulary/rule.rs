//! A rule of the catalogue, as its family's module declares it. Here, below
//! the report (a finding holds its rule) and the input layer (which makes
//! findings of the input rules), so that neither imports the rules engine
//! for it.

use super::{Family, Severity};
use crate::model::ScheduleKind;

/// A rule of the catalogue (`../shared/spec/rules.md`).
#[derive(Debug)]
pub struct Rule {
    /// Stable public code, e.g. `FS002`; its letters name the family.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `restricted-fund-source`.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: when the rule fires.
    pub summary: &'static str,
    /// Markdown: what is wrong, why (with its source), how to fix it, an example.
    pub explanation: &'static str,
    /// Schedules the rule cannot run without; it is skipped (and IN009 says so)
    /// when one of them is missing.
    pub needs: &'static [ScheduleKind],
}

impl Rule {
    pub fn family(&self) -> Family {
        Family::of(self.code)
    }

    /// The explanation for plain-text readers: the Markdown without its bold marks.
    pub fn plain_explanation(&self) -> String {
        self.explanation.trim().replace("**", "")
    }

    /// What `cfrcheck explain CODE` prints, and the HTML report embeds: the
    /// heading, the summary, the plain explanation, the schedules it needs.
    pub fn explain(&self) -> String {
        let mut text = format!(
            "{} {} ({})\n{}\n\n{}\n",
            self.code,
            self.name,
            self.severity,
            self.summary,
            self.plain_explanation()
        );
        if !self.needs.is_empty() {
            let needs: Vec<&str> = self.needs.iter().map(|kind| kind.label()).collect();
            text.push_str(&format!("\nNeeds: {}.\n", needs.join(", ")));
        }
        text
    }
}
