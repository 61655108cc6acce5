//! What a run is told to do, after the config file and the command line
//! have been merged: which rules, which severities, which tolerance.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::report::{Finding, Severity};

/// How to decode files that are not plain UTF-8.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (with or without BOM); Windows-1252 when the file is not valid UTF-8.
    #[default]
    Auto,
    Utf8,
    Windows1252,
}

/// Which rules run: `select` and `ignore` take codes (`FS002`), family
/// prefixes (`TO`) and `ALL`.
#[derive(Clone, Debug)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            select: vec!["ALL".to_string()],
            ignore: Vec::new(),
        }
    }
}

impl Selection {
    /// A code is selected when some `select` entry matches it and no `ignore`
    /// entry matches it more specifically (so `select = ["TO001"]` wins over
    /// `ignore = ["TO"]`, as in ruff).
    pub fn selects(&self, code: &str) -> bool {
        let strongest = |patterns: &[String]| {
            patterns
                .iter()
                .filter(|pattern| matches(pattern, code))
                .map(|pattern| specificity(pattern))
                .max()
        };
        match (strongest(&self.select), strongest(&self.ignore)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(selected), Some(ignored)) => selected > ignored,
        }
    }
}

fn matches(pattern: &str, code: &str) -> bool {
    let pattern = pattern.trim();
    pattern.eq_ignore_ascii_case("ALL")
        || (code.len() >= pattern.len() && code[..pattern.len()].eq_ignore_ascii_case(pattern))
}

fn specificity(pattern: &str) -> usize {
    if pattern.trim().eq_ignore_ascii_case("ALL") {
        0
    } else {
        pattern.trim().len()
    }
}

/// Everything that changes how filings are checked.
#[derive(Clone, Debug)]
pub struct Settings {
    pub selection: Selection,
    /// Amount comparisons allow this much difference (default one dollar).
    pub tolerance: Decimal,
    /// Per-code severity overrides from the config file.
    pub severities: HashMap<String, Severity>,
    pub encoding: Encoding,
    /// `--max-per-rule`: findings listed per rule and file (0: all; IN014).
    pub max_per_rule: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            selection: Selection::default(),
            tolerance: Decimal::ONE,
            severities: HashMap::new(),
            encoding: Encoding::Auto,
            max_per_rule: crate::report::cap::DEFAULT_MAX_PER_RULE,
        }
    }
}

impl Settings {
    /// Applies the user's severity override for the finding's code, if any.
    pub fn apply_severity(&self, finding: Finding) -> Finding {
        match self.severities.get(finding.rule.code) {
            Some(severity) => finding.severity(*severity),
            None => finding,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(select: &[&str], ignore: &[&str]) -> Selection {
        Selection {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn select_and_ignore_by_code_family_and_all() {
        assert!(Selection::default().selects("FS002"));
        assert!(!selection(&["ALL"], &["FS"]).selects("FS002"));
        assert!(selection(&["ALL"], &["FS"]).selects("TO001"));
        assert!(selection(&["FS002"], &["FS"]).selects("FS002"));
        assert!(!selection(&["TO"], &[]).selects("FS002"));
        assert!(selection(&["to"], &[]).selects("TO004"));
        assert!(!selection(&["ALL"], &["IX005"]).selects("IX005"));
    }
}
