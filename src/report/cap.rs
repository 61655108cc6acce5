//! The findings cap (`--max-per-rule`): a rule that fires on every record
//! of a huge file must not make a report of millions of lines, nor hold
//! them in memory. Each rule keeps its first N findings per file; the rest
//! are only counted, and the rules layer closes with one IN014 per rule and
//! file saying how many more there were.

// Keyed by rule code and file: the run's own, so the fast hasher (see Cargo.toml).
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::Finding;

/// The default `--max-per-rule`.
pub const DEFAULT_MAX_PER_RULE: usize = 200;

/// Findings kept under the cap, and the count of those over it.
#[derive(Debug, Default)]
pub struct CappedFindings {
    /// Findings per rule and file at most; 0 keeps every finding.
    cap: usize,
    kept: Vec<Finding>,
    /// Findings seen per (rule code, file).
    seen: HashMap<(&'static str, Option<Arc<str>>), usize>,
    /// The first finding dropped per (rule code, file), to locate IN014.
    dropped: Vec<(Finding, usize)>,
}

impl CappedFindings {
    pub fn new(cap: usize) -> CappedFindings {
        CappedFindings {
            cap,
            ..CappedFindings::default()
        }
    }

    /// A single finding (a file that could not be read at all).
    pub fn one(finding: Finding) -> CappedFindings {
        let mut findings = CappedFindings::default();
        findings.push(finding);
        findings
    }

    pub fn push(&mut self, finding: Finding) {
        if self.cap == 0 {
            self.kept.push(finding);
            return;
        }
        let key = (finding.rule.code, finding.file.clone());
        let seen = self.seen.entry(key).or_insert(0);
        *seen += 1;
        if *seen <= self.cap {
            self.kept.push(finding);
        } else if *seen == self.cap + 1 {
            self.dropped.push((finding, 1));
        } else if let Some(entry) = self.dropped_of(finding.rule.code, finding.file.as_ref()) {
            entry.1 += 1;
        }
    }

    /// The first dropped finding of rule `code` in `file`, with its count.
    fn dropped_of(&mut self, code: &str, file: Option<&Arc<str>>) -> Option<&mut (Finding, usize)> {
        self.dropped
            .iter_mut()
            .rev()
            .find(|(first, _)| first.rule.code == code && first.file.as_ref() == file)
    }

    /// Counts one more finding of rule `code` in `file` without the finding,
    /// when the cap for them is full and their first dropped finding is kept
    /// already: all that would happen to it. False when the finding must be
    /// made and pushed.
    pub fn count_if_full(&mut self, code: &'static str, file: Option<&Arc<str>>) -> bool {
        if self.cap == 0 {
            return false;
        }
        let Some(seen) = self.seen.get_mut(&(code, file.cloned())) else {
            return false;
        };
        if *seen <= self.cap {
            return false;
        }
        *seen += 1;
        if let Some(entry) = self.dropped_of(code, file) {
            entry.1 += 1;
        }
        true
    }

    /// The cap in force (0: none).
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// Moves another collection's findings and counts into this one.
    pub fn absorb(&mut self, other: CappedFindings) {
        for finding in other.kept {
            self.push(finding);
        }
        for (first, count) in other.dropped {
            self.add_dropped(first, count);
        }
    }

    /// Moves every finding with a line `lines` lines further into its file
    /// (see `Record::shift_line`).
    pub fn shift_lines(&mut self, lines: u64) {
        let dropped = self.dropped.iter_mut().map(|(first, _)| first);
        for line in self
            .kept
            .iter_mut()
            .chain(dropped)
            .filter_map(|f| f.line.as_mut())
        {
            *line += lines;
        }
    }

    /// Counts `count` findings dropped elsewhere, `first` the first of them.
    pub fn add_dropped(&mut self, first: Finding, count: usize) {
        let key = (first.rule.code, first.file.clone());
        *self.seen.entry(key).or_insert(0) += count;
        match self.dropped_of(first.rule.code, first.file.as_ref()) {
            Some(entry) => entry.1 += count,
            None => self.dropped.push((first, count)),
        }
    }

    /// The kept findings, and for each rule and file over the cap its first
    /// dropped finding with the number dropped.
    pub fn into_parts(self) -> (Vec<Finding>, Vec<(Finding, usize)>) {
        (self.kept, self.dropped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::{Rule, Severity};

    // A rule of the test's own: the report sits below the rules, so its
    // tests do not borrow the catalogue's declarations.
    static IN004: Rule = Rule {
        code: "IN004",
        name: "bad-amount",
        severity: Severity::Error,
        summary: "an amount cell is not a number",
        explanation: "",
        needs: &[],
    };

    #[test]
    fn keeps_the_first_findings_per_rule_and_file_and_counts_the_rest() {
        let file: Arc<str> = Arc::from("CFR-1.csv");
        let other: Arc<str> = Arc::from("DMH-1.csv");
        let mut findings = CappedFindings::new(2);
        for line in 1..=5 {
            findings.push(Finding::new(&IN004, "x").in_file(&file, None).at_line(line));
        }
        findings.push(Finding::new(&IN004, "y").in_file(&other, None));
        let (kept, dropped) = findings.into_parts();
        assert_eq!(kept.len(), 3);
        assert_eq!(dropped.len(), 1);
        assert_eq!(dropped[0].1, 3);
        assert_eq!(dropped[0].0.line, Some(3));
    }

    #[test]
    fn counting_without_the_finding_is_pushing_it_past_the_cap() {
        let file: Arc<str> = Arc::from("CFR-1.csv");
        let (mut pushed, mut counted) = (CappedFindings::new(2), CappedFindings::new(2));
        for line in 1..=6 {
            let finding = Finding::new(&IN004, "x").in_file(&file, None).at_line(line);
            pushed.push(finding.clone());
            if !counted.count_if_full(IN004.code, Some(&file)) {
                counted.push(finding);
            }
        }
        // Not before the first dropped finding is kept, and never with no cap.
        assert!(!CappedFindings::new(0).count_if_full(IN004.code, Some(&file)));
        let (pushed, counted) = (pushed.into_parts(), counted.into_parts());
        assert_eq!(pushed.0.len(), counted.0.len());
        assert_eq!(pushed.1.len(), 1);
        assert_eq!(counted.1.len(), 1);
        assert_eq!((pushed.1[0].0.line, pushed.1[0].1), (Some(3), 4));
        assert_eq!((counted.1[0].0.line, counted.1[0].1), (Some(3), 4));
    }

    #[test]
    fn no_cap_keeps_everything() {
        let mut findings = CappedFindings::new(0);
        for _ in 0..500 {
            findings.push(Finding::new(&IN004, "x"));
        }
        assert_eq!(findings.into_parts().0.len(), 500);
    }
}
