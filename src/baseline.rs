//! Baselines: accept the findings a filing has today and fail only on new
//! ones. `--write-baseline FILE` records every finding by a key that does not
//! contain the line number (agency code, period, schedule, program code and
//! index, county, rule code), with a count per key; `--baseline FILE` hides
//! up to that many findings per key and reports entries that no longer occur
//! (IN013) so the baseline shrinks as the filings are fixed.
//!
//! The file is JSON, `{"version": 1, "entries": [...]}`, entries sorted by
//! key so that a regenerated baseline diffs cleanly.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context as _, Result};
use serde::{Deserialize, Serialize};

use crate::model::ScheduleKind;
use crate::report::{FilingReport, Finding, Report};
use crate::rules::input::IN013;
use crate::settings::Settings;

/// The baseline file format this build reads and writes.
pub const VERSION: u32 = 1;

/// What identifies a finding across edits that move lines around.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Key {
    pub agency_code: Option<String>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub schedule: Option<String>,
    pub program_code: Option<String>,
    pub program_index: Option<String>,
    pub county: Option<String>,
    pub code: String,
}

impl Key {
    pub fn of(filing: &FilingReport, finding: &Finding) -> Key {
        Key {
            agency_code: filing.agency_code.clone(),
            period_start: filing.period_start.clone(),
            period_end: filing.period_end.clone(),
            schedule: finding.schedule.map(|kind| kind.label().to_string()),
            program_code: finding.program_code.as_deref().map(str::to_string),
            program_index: finding.program_index.as_deref().map(str::to_string),
            county: finding.county.as_deref().map(str::to_string),
            code: finding.rule.code.to_string(),
        }
    }

    fn same_filing(&self, filing: &FilingReport) -> bool {
        self.agency_code == filing.agency_code
            && self.period_start == filing.period_start
            && self.period_end == filing.period_end
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    agency_code: Option<String>,
    period_start: Option<String>,
    period_end: Option<String>,
    schedule: Option<String>,
    program_code: Option<String>,
    program_index: Option<String>,
    county: Option<String>,
    code: String,
    count: usize,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    entries: Vec<Entry>,
}

/// Recorded findings: how many of each key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    pub entries: BTreeMap<Key, usize>,
}

impl Baseline {
    /// Every finding of the report (stale-entry findings excepted).
    pub fn from_report(report: &Report) -> Baseline {
        let mut entries = BTreeMap::new();
        for (filing, finding) in report.findings() {
            if finding.rule.code != IN013.code {
                *entries.entry(Key::of(filing, finding)).or_insert(0) += 1;
            }
        }
        Baseline { entries }
    }

    pub fn load(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read baseline {}", path.display()))?;
        Baseline::parse(&text).with_context(|| format!("invalid baseline {}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Baseline> {
        let file: File = serde_json::from_str(text)?;
        if file.version != VERSION {
            bail!(
                "version {} is not supported (this cfrcheck reads version {VERSION})",
                file.version
            );
        }
        let mut entries = BTreeMap::new();
        for entry in file.entries {
            if crate::rules::find(&entry.code).is_none() {
                bail!("entry code {:?} is not a rule code", entry.code);
            }
            if let Some(schedule) = &entry.schedule {
                if ScheduleKind::from_label(schedule).is_none() {
                    bail!("entry schedule {schedule:?} is not CFR-1, DMH-1, DMH-2, DMH-3 or CBR");
                }
            }
            let key = Key {
                agency_code: entry.agency_code,
                period_start: entry.period_start,
                period_end: entry.period_end,
                schedule: entry.schedule,
                program_code: entry.program_code,
                program_index: entry.program_index,
                county: entry.county,
                code: entry.code.to_ascii_uppercase(),
            };
            *entries.entry(key).or_insert(0) += entry.count;
        }
        Ok(Baseline { entries })
    }

    /// The file's text: sorted entries, pretty-printed, newline at the end.
    pub fn to_json(&self) -> String {
        let file = File {
            version: VERSION,
            entries: self
                .entries
                .iter()
                .map(|(key, count)| Entry {
                    agency_code: key.agency_code.clone(),
                    period_start: key.period_start.clone(),
                    period_end: key.period_end.clone(),
                    schedule: key.schedule.clone(),
                    program_code: key.program_code.clone(),
                    program_index: key.program_index.clone(),
                    county: key.county.clone(),
                    code: key.code.clone(),
                    count: *count,
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_json())
            .with_context(|| format!("cannot write baseline {}", path.display()))
    }

    /// Number of findings recorded.
    pub fn findings(&self) -> usize {
        self.entries.values().sum()
    }

    /// Hides recorded findings (up to the recorded count per key, in report
    /// order) and adds an IN013 finding to the filing of every entry that
    /// matched fewer findings than it records. Entries of filings this run
    /// did not check, and of rules it did not select, are left alone.
    /// Returns how many findings were hidden.
    pub fn apply(&self, report: &mut Report, settings: &Settings) -> usize {
        let mut remaining = self.entries.clone();
        let mut hidden = 0;
        for filing in &mut report.filings {
            let before = filing.findings.len();
            let mut findings = std::mem::take(&mut filing.findings);
            findings.retain(
                |finding| match remaining.get_mut(&Key::of(filing, finding)) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        false
                    }
                    _ => true,
                },
            );
            hidden += before - findings.len();
            filing.hidden_by_baseline += before - findings.len();
            filing.findings = findings;
        }
        if !settings.selection.selects(IN013.code) {
            return hidden;
        }
        for (key, left) in remaining {
            if left == 0 || !settings.selection.selects(&key.code) {
                continue;
            }
            let Some(filing) = report
                .filings
                .iter_mut()
                .find(|filing| key.same_filing(filing))
            else {
                continue;
            };
            let recorded = self.entries.get(&key).copied().unwrap_or(left);
            let finding = stale_finding(&key, recorded, recorded - left);
            filing.findings.push(settings.apply_severity(finding));
        }
        for filing in &mut report.filings {
            filing.sort_findings();
        }
        hidden
    }
}

fn stale_finding(key: &Key, recorded: usize, found: usize) -> Finding {
    let dash = |value: &Option<String>| match value.as_deref() {
        None | Some("") => "-".to_string(),
        Some(value) => value.to_string(),
    };
    let program = match (key.program_code.as_deref(), key.program_index.as_deref()) {
        (Some(code), Some(index)) if !index.is_empty() => format!("{code} {index}"),
        (Some(code), _) => code.to_string(),
        (None, _) => "-".to_string(),
    };
    let mut finding = Finding::new(
        &IN013,
        format!(
            "baseline entry {} ({}, program {program}, county {}) recorded {}, this run found {found}; \
             regenerate the baseline with --write-baseline",
            key.code,
            dash(&key.schedule),
            dash(&key.county),
            plural(recorded, "finding"),
        ),
    );
    finding.schedule = key.schedule.as_deref().and_then(ScheduleKind::from_label);
    finding.program_code = key.program_code.as_deref().map(Into::into);
    finding.program_index = key.program_index.as_deref().map(Into::into);
    finding.county = key.county.as_deref().map(Into::into);
    finding
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_other_versions() {
        let mut baseline = Baseline::default();
        let key = Key {
            agency_code: Some("12345".into()),
            period_start: Some("2009-01-01".into()),
            period_end: Some("2009-12-31".into()),
            schedule: Some("CFR-1".into()),
            program_code: Some("2100".into()),
            program_index: Some(String::new()),
            county: None,
            code: "IN004".into(),
        };
        baseline.entries.insert(key, 2);
        let text = baseline.to_json();
        assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
        assert_eq!(Baseline::parse(&text).expect("parses"), baseline);
        let error = Baseline::parse(&text.replace("\"version\": 1", "\"version\": 2"))
            .expect_err("version 2");
        assert!(error.to_string().contains("version 2"), "{error}");
        assert!(Baseline::parse(&text.replace("IN004", "ZZ999")).is_err());
        assert!(Baseline::parse("[]").is_err());
    }
}
