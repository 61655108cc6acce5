//! Whom a program serves, in the words of its Appendix F definition, and
//! whom a funding-source index pays for (Appendix N: 001 index A = adults).

use serde::Deserialize;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
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
    /// How findings and `cfrcheck programs` name it.
    pub fn describe(self) -> &'static str {
        match self {
            Population::Children => "children and adolescents",
            Population::Adults => "adults only",
            Population::Any => "anyone",
        }
    }
}
