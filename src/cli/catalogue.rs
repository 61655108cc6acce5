//! `cfrcheck rules`, `explain` and `programs`: the catalogue and the rulebook,
//! printed from their one declaration.

use std::process::ExitCode;

use anyhow::{bail, Result};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use serde::Serialize;

use super::CatalogueFormat;
use crate::model::ProgramCode;
use crate::rulebook::{AdminTreatment, Edition, Population, Program, Rulebook};
use crate::rules::{self, registry};

#[derive(Serialize)]
struct RuleEntry {
    code: &'static str,
    name: &'static str,
    family: &'static str,
    severity: &'static str,
    summary: &'static str,
    explanation: &'static str,
}

pub fn rules(format: CatalogueFormat) -> Result<ExitCode> {
    match format {
        CatalogueFormat::Json => {
            let entries: Vec<RuleEntry> = registry()
                .iter()
                .map(|rule| RuleEntry {
                    code: rule.code,
                    name: rule.name,
                    family: rule.family().prefix(),
                    severity: rule.severity.as_str(),
                    summary: rule.summary,
                    explanation: rule.explanation,
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&entries)?);
        }
        CatalogueFormat::Markdown => print!("{}", rules::docs::markdown()),
        CatalogueFormat::Text => {
            let mut table = table();
            table.set_header(["code", "name", "severity", "summary"]);
            for rule in registry() {
                table.add_row([rule.code, rule.name, rule.severity.as_str(), rule.summary]);
            }
            println!("{table}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn explain(code: &str) -> Result<ExitCode> {
    let Some(rule) = rules::find(code) else {
        let near = rules::closest(code, registry().iter().map(|rule| rule.code));
        let hint = match near.as_slice() {
            [] => "; `cfrcheck rules` lists every rule".to_string(),
            codes => format!("; did you mean {}?", codes.join(" or ")),
        };
        bail!("no rule {code:?}{hint}");
    };
    print!("{}", rule.explain());
    Ok(ExitCode::SUCCESS)
}

pub fn programs(
    code: Option<&str>,
    rulebook: &Rulebook,
    edition: Option<&str>,
) -> Result<ExitCode> {
    let edition = match edition {
        Some(id) => match rulebook.edition(id) {
            Some(edition) => edition,
            None => bail!("no rulebook edition {id:?}"),
        },
        None => rulebook.default_edition(),
    };
    match code {
        None => list_programs(edition),
        Some(code) => show_program(edition, code)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn list_programs(edition: &Edition) {
    println!("{} ({})", edition.title, edition.id);
    let mut table = table();
    table.set_header([
        "code",
        "name",
        "licensed",
        "units of service",
        "funding sources",
    ]);
    for program in &edition.programs {
        table.add_row([
            program.code.to_string(),
            program.name.clone(),
            yes_no(program.licensed).to_string(),
            if program.units_apply {
                "apply"
            } else {
                "not applicable"
            }
            .to_string(),
            funding(program),
        ]);
    }
    println!("{table}");
    println!(
        "{} program codes. `cfrcheck programs CODE` shows one in full.",
        edition.programs.len()
    );
}

fn show_program(edition: &Edition, code: &str) -> Result<()> {
    let trimmed = code.trim();
    let normalised = format!("{trimmed:0>4}");
    let code_given = ProgramCode::from_digits(&normalised);
    if let Some(retired) = code_given.and_then(|code| edition.retired_program(code)) {
        let replacement = match retired.replaced_by {
            Some(replacement) => match edition.program(replacement) {
                Some(program) => format!("; use {replacement} {}", program.name),
                None => format!("; use {replacement}"),
            },
            None => String::new(),
        };
        let name = if retired.name.is_empty() {
            "(no name given)"
        } else {
            &retired.name
        };
        println!("{} - {name}", retired.code);
        println!(
            "Retired by edition {}{replacement} (PC005 in filings of {}'s periods)",
            retired.retired_by, edition.id
        );
        return Ok(());
    }
    let Some(program) = code_given.and_then(|code| edition.program(code)) else {
        let near = rules::closest(
            trimmed,
            edition.programs.iter().map(|program| program.code.as_str()),
        );
        let hint = match near.as_slice() {
            [] => String::new(),
            codes => format!("; did you mean {}?", codes.join(" or ")),
        };
        bail!("{code:?} is not a program code of {}{hint}", edition.id);
    };
    println!("{} - {}", program.code, program.name);
    if !program.aliases.is_empty() {
        println!("Also written:        {}", program.aliases.join("; "));
    }
    println!("Licensed:            {}", yes_no(program.licensed));
    let units = match (program.units.as_str(), program.units_apply) {
        ("", true) if !program.units_known => "(Appendix F gives no text; not checked)".to_string(),
        ("", true) => "(Appendix F gives no text)".to_string(),
        ("", false) => "not applicable".to_string(),
        (text, true) => text.to_string(),
        // A rulebook may say "not applicable" in other words: make it explicit.
        (text, false) if text.to_ascii_lowercase().contains("not applicable") => text.to_string(),
        (text, false) => format!("{text} (units not applicable)"),
    };
    println!("Units of service:    {units}");
    println!("Funding sources:     {}", funding(program));
    if !program.fund_source_rule.is_empty() {
        println!(
            "                     Appendix F: \"{}\"",
            program.fund_source_rule
        );
    }
    if !program.companions.is_empty() {
        let companions: Vec<String> = program
            .companions
            .iter()
            .map(|code| match edition.program(*code) {
                Some(companion) => format!("{} {}", code, companion.name),
                None => code.to_string(),
            })
            .collect();
        println!("Needs program:       {}", companions.join(", "));
        if !program.companion_rule.is_empty() {
            println!(
                "                     Appendix F: \"{}\"",
                program.companion_rule
            );
        }
    }
    definition_facts(edition, program);
    println!(
        "Agency admin:        {}",
        match program.admin {
            AdminTreatment::Allocated => "allocated as usual (ratio value)",
            AdminTreatment::Redistributed =>
                "redistributed to other OMH programs: report none here",
            AdminTreatment::Excluded => "the program does not include agency administration",
            AdminTreatment::ExcludedAndRedistributed =>
                "the program does not include agency administration; what is allocated to it is redistributed to other OMH programs: report none here",
        }
    );
    let source = match (&edition.file, edition.source.trim()) {
        (_, source) if !source.is_empty() => source.to_string(),
        (Some(file), _) => file.display().to_string(),
        (None, _) => "embedded".to_string(),
    };
    println!("Rulebook edition:    {} ({source})", edition.id);
    Ok(())
}

/// What else the definition says (docs/rulebook.md, "What else a definition says").
fn definition_facts(edition: &Edition, program: &Program) {
    let label = |code: &ProgramCode| match edition.program(*code) {
        Some(other) => format!("{code} {}", other.name),
        None => code.to_string(),
    };
    let quote = |wording: &str| {
        if !wording.is_empty() {
            println!("                     Appendix F: \"{wording}\"");
        }
    };
    if !program.forbidden_fund_sources.is_empty() {
        let never: Vec<String> = program
            .forbidden_fund_sources
            .iter()
            .map(ToString::to_string)
            .collect();
        println!("Never funded by:     {}", never.join(", "));
        quote(&program.forbidden_fund_source_rule);
    }
    if let Some(code) = &program.not_through_omh_code {
        println!("Funds not via OMH:   report under {}", label(code));
        quote(&program.not_through_omh_rule);
    }
    if program.population != Population::Any {
        println!("Serves:              {}", program.population.describe());
        quote(&program.population_rule);
    }
    if !program.companions_one_of.is_empty() {
        let any: Vec<String> = program.companions_one_of.iter().map(label).collect();
        println!("Needs one of:        {}", any.join(", "));
    }
    if !program.aggregated_on_claiming {
        println!("Claiming schedules:  not aggregated by program type: index every program/site");
    }
    if program.expects_revenue {
        println!("Revenue:             expected");
        quote(&program.revenue_rule);
    }
}

fn funding(program: &Program) -> String {
    if program.fund_sources.is_empty() {
        "any".to_string()
    } else {
        let allowed: Vec<String> = program
            .fund_sources
            .iter()
            .map(ToString::to_string)
            .collect();
        format!("only {}", allowed.join(", "))
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

fn table() -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(140)
        .force_no_tty();
    table
}
