//! What each rule family runs: its rules and the function that checks them.
//! The families themselves are shared vocabulary (`crate::vocabulary`), so
//! that the report and the input layer can name them without importing the
//! rules; their members are the rule modules, so they are listed here.

use super::{Context, Family, Rule};

impl Family {
    /// The family's rules and the checks that run them: independent passes
    /// over the filing, in the order their findings are reported. A family
    /// of several runs them side by side in a big filing.
    pub(super) fn members(self) -> (&'static [&'static Rule], &'static [Checker]) {
        match self {
            Family::Input => (super::input::RULES, &[super::input::check]),
            Family::Rulebook => (super::rulebook::RULES, &[super::rulebook::check]),
            Family::ProgramCodes => (super::program_codes::RULES, &[super::program_codes::check]),
            Family::Indexing => (super::indexing::RULES, super::indexing::CHECKS),
            Family::FundingSources => (super::funding::RULES, &[super::funding::check]),
            Family::Companions => (super::companions::RULES, &[super::companions::check]),
            Family::Administration => (
                super::administration::RULES,
                &[super::administration::check],
            ),
            Family::Units => (super::units::RULES, &[super::units::check]),
            Family::Totals => (super::totals::RULES, super::totals::CHECKS),
            Family::Completeness => (super::completeness::RULES, &[super::completeness::check]),
            Family::Cbr => (super::cbr::RULES, &[super::cbr::check]),
        }
    }
}

pub(super) type Checker = fn(&mut Context);
