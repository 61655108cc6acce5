//! The words every layer shares, below all of them: the rulebook sets a
//! rule's severity, the rules make findings with it, the report and the
//! emitters print it. Here, so that none of them imports it from another
//! (the report and the rules re-export what they hand on, for the layers
//! above them). The words: a finding's [`Severity`], a [`Rule`] of the
//! catalogue, its [`Family`] and the manual each family comes from
//! ([`Source`]); and [`closest`], the "did you mean" of the names users
//! type.

use std::fmt;

use serde::{Deserialize, Serialize};

mod closest;
mod family;
mod rule;

pub use closest::{closest, edit_distance};
pub use family::{Family, Source};
pub use rule::Rule;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
