//! `cfrcheck rulebook diff A B`: what changed between two editions, by
//! code: programs and funding sources added, retired, renamed, and changed
//! in their other keys.

use std::fmt;

use super::edition::{Edition, FundSourceDef, Program};

/// The differences from one edition to another.
pub struct EditionDiff<'a> {
    pub from: &'a Edition,
    pub to: &'a Edition,
    pub programs_added: Vec<&'a Program>,
    pub programs_retired: Vec<&'a Program>,
    /// (before, after)
    pub programs_renamed: Vec<(&'a Program, &'a Program)>,
    /// The program after, and the keys other than its name that differ.
    pub programs_changed: Vec<(&'a Program, Vec<&'static str>)>,
    pub funds_added: Vec<&'a FundSourceDef>,
    pub funds_retired: Vec<&'a FundSourceDef>,
    pub funds_renamed: Vec<(&'a FundSourceDef, &'a FundSourceDef)>,
    pub funds_changed: Vec<(&'a FundSourceDef, Vec<&'static str>)>,
}

impl<'a> EditionDiff<'a> {
    pub fn between(from: &'a Edition, to: &'a Edition) -> EditionDiff<'a> {
        let mut diff = EditionDiff {
            from,
            to,
            programs_added: Vec::new(),
            programs_retired: Vec::new(),
            programs_renamed: Vec::new(),
            programs_changed: Vec::new(),
            funds_added: Vec::new(),
            funds_retired: Vec::new(),
            funds_renamed: Vec::new(),
            funds_changed: Vec::new(),
        };
        for after in &to.programs {
            match from.program(after.code) {
                None => diff.programs_added.push(after),
                Some(before) => {
                    if before.name != after.name {
                        diff.programs_renamed.push((before, after));
                    }
                    let keys = program_keys_changed(before, after);
                    if !keys.is_empty() {
                        diff.programs_changed.push((after, keys));
                    }
                }
            }
        }
        diff.programs_retired = from
            .programs
            .iter()
            .filter(|before| to.program(before.code).is_none())
            .collect();
        let mut funds: Vec<&FundSourceDef> = to.fund_sources.iter().collect();
        funds.sort_by(|a, b| a.code.cmp(&b.code));
        for after in funds {
            match from.fund_source(&after.code) {
                None => diff.funds_added.push(after),
                Some(before) => {
                    if before.name != after.name {
                        diff.funds_renamed.push((before, after));
                    }
                    let mut keys = Vec::new();
                    if before.indexes != after.indexes {
                        keys.push("indexes");
                    }
                    if before.index_required != after.index_required {
                        keys.push("index_required");
                    }
                    if before.index_populations != after.index_populations {
                        keys.push("index_populations");
                    }
                    if !keys.is_empty() {
                        diff.funds_changed.push((after, keys));
                    }
                }
            }
        }
        diff.funds_retired = from
            .fund_sources
            .iter()
            .filter(|before| to.fund_source(&before.code).is_none())
            .collect();
        diff.funds_retired.sort_by(|a, b| a.code.cmp(&b.code));
        diff
    }

    pub fn is_empty(&self) -> bool {
        self.programs_added.is_empty()
            && self.programs_retired.is_empty()
            && self.programs_renamed.is_empty()
            && self.programs_changed.is_empty()
            && self.funds_added.is_empty()
            && self.funds_retired.is_empty()
            && self.funds_renamed.is_empty()
            && self.funds_changed.is_empty()
    }
}

/// The keys of a program entry, other than its code and name, that differ.
fn program_keys_changed(before: &Program, after: &Program) -> Vec<&'static str> {
    let differs = [
        ("aliases", before.aliases != after.aliases),
        ("licensed", before.licensed != after.licensed),
        ("units", before.units != after.units),
        ("units_apply", before.units_apply != after.units_apply),
        ("fund_sources", before.fund_sources != after.fund_sources),
        (
            "fund_source_rule",
            before.fund_source_rule != after.fund_source_rule,
        ),
        ("companions", before.companions != after.companions),
        (
            "companion_severity",
            before.companion_severity != after.companion_severity,
        ),
        (
            "companion_rule",
            before.companion_rule != after.companion_rule,
        ),
        ("admin", before.admin != after.admin),
        (
            "aggregated_on_claiming",
            before.aggregated_on_claiming != after.aggregated_on_claiming,
        ),
        (
            "forbidden_fund_sources",
            before.forbidden_fund_sources != after.forbidden_fund_sources,
        ),
        (
            "forbidden_fund_source_rule",
            before.forbidden_fund_source_rule != after.forbidden_fund_source_rule,
        ),
        (
            "not_through_omh_code",
            before.not_through_omh_code != after.not_through_omh_code,
        ),
        (
            "not_through_omh_rule",
            before.not_through_omh_rule != after.not_through_omh_rule,
        ),
        ("population", before.population != after.population),
        (
            "population_rule",
            before.population_rule != after.population_rule,
        ),
        (
            "companions_one_of",
            before.companions_one_of != after.companions_one_of,
        ),
        (
            "expects_revenue",
            before.expects_revenue != after.expects_revenue,
        ),
        ("revenue_rule", before.revenue_rule != after.revenue_rule),
        ("units_known", before.units_known != after.units_known),
    ];
    differs
        .into_iter()
        .filter(|(_, differs)| *differs)
        .map(|(key, _)| key)
        .collect()
}

impl fmt::Display for EditionDiff<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} -> {}", self.from.id, self.to.id)?;
        if self.is_empty() {
            return writeln!(f, "no program or funding source differs");
        }
        let to = self.to;
        section(f, "programs added", &self.programs_added, |program| {
            format!("+ {} {}", program.code, program.name)
        })?;
        section(f, "programs retired", &self.programs_retired, |program| {
            let replacement = to
                .retired_program(program.code)
                .and_then(|retired| retired.replaced_by)
                .map(|code| match to.program(code) {
                    Some(replacement) => format!(" (replaced by {code} {})", replacement.name),
                    None => format!(" (replaced by {code})"),
                });
            format!(
                "- {} {}{}",
                program.code,
                program.name,
                replacement.unwrap_or_default()
            )
        })?;
        section(
            f,
            "programs renamed",
            &self.programs_renamed,
            |(before, after)| format!("~ {} {} -> {}", after.code, before.name, after.name),
        )?;
        section(
            f,
            "programs changed",
            &self.programs_changed,
            |(program, keys)| format!("~ {} {}: {}", program.code, program.name, keys.join(", ")),
        )?;
        section(f, "funding sources added", &self.funds_added, |fund| {
            format!("+ {} {}", fund.code, fund.name)
        })?;
        section(f, "funding sources retired", &self.funds_retired, |fund| {
            format!("- {} {}", fund.code, fund.name)
        })?;
        section(
            f,
            "funding sources renamed",
            &self.funds_renamed,
            |(before, after)| format!("~ {} {} -> {}", after.code, before.name, after.name),
        )?;
        section(
            f,
            "funding sources changed",
            &self.funds_changed,
            |(fund, keys)| format!("~ {} {}: {}", fund.code, fund.name, keys.join(", ")),
        )
    }
}

fn section<T>(
    f: &mut fmt::Formatter<'_>,
    title: &str,
    entries: &[T],
    line: impl Fn(&T) -> String,
) -> fmt::Result {
    if entries.is_empty() {
        return Ok(());
    }
    writeln!(f, "{title}:")?;
    for entry in entries {
        writeln!(f, "  {}", line(entry))?;
    }
    Ok(())
}
