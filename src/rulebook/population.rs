//! Whom a program serves, in the words of its Appendix F definition, and
//! whom a funding-source index pays for (Appendix N: 001 index A = adults),
//! and reading both from a rulebook file.

use super::fields::{Located, Problems};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Population {
    /// "children and adolescents", "children and youth", "the child".
    Children,
    /// "for adults as defined in 14NYCRR595", "older adults".
    Adults,
    /// The definition names no population, or names both.
    #[default]
    Any,
}

impl Population {
    /// The rulebook's spelling: `population = "children"`.
    pub fn parse(text: &str) -> Option<Population> {
        match text {
            "children" => Some(Population::Children),
            "adults" => Some(Population::Adults),
            "any" => Some(Population::Any),
            _ => None,
        }
    }

    /// How findings and `cfrcheck programs` name it.
    pub fn describe(self) -> &'static str {
        match self {
            Population::Children => "children and adolescents",
            Population::Adults => "adults only",
            Population::Any => "anyone",
        }
    }
}

/// `population = "children"`, with the line of a value that is none of the three.
pub fn read(spelled: &Located<String>, problems: &mut Problems) -> Option<Population> {
    let population = Population::parse(spelled.value.trim());
    if population.is_none() {
        problems.at(
            &spelled.span,
            format!(
                "population {:?} is not \"children\", \"adults\" or \"any\"",
                spelled.value
            ),
        );
    }
    population
}
