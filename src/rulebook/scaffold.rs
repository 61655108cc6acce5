//! `cfrcheck rulebook new`: the file a user starts a new year's edition
//! from. It extends an edition, so it is complete before any change, and
//! shows, commented out, how to add, rename and retire a program and add a
//! funding source.

use std::fmt::Write as _;

use super::edition::{Edition, Program};
use super::format::is_edition_id;
use crate::model::Date;

/// What `rulebook new` was asked for.
pub struct Scaffold<'a> {
    pub id: &'a str,
    pub period_starts: &'a [Date],
    /// The edition it extends.
    pub base: &'a Edition,
    /// The file it will be written to, for the commands its comments give.
    pub file: &'a str,
}

/// The commented TOML of a new edition, or why it cannot be written.
pub fn scaffold(request: &Scaffold) -> Result<String, String> {
    let Scaffold {
        id,
        period_starts,
        base,
        file,
    } = *request;
    if !is_edition_id(id) {
        return Err(format!(
            "--id {id:?}: an edition id may hold only letters, digits, '.', '_' and '-' (like omh-2025)"
        ));
    }
    if id == base.id {
        return Err(format!(
            "--id {id:?} is the id of the edition it extends; give the new edition its own id"
        ));
    }
    let Some(first) = period_starts.iter().min() else {
        return Err(
            "give the first day of each period the edition covers: --period-start 2025-01-01"
                .into(),
        );
    };
    if let Some(taken) = period_starts
        .iter()
        .find(|start| base.period_starts.contains(start))
    {
        return Err(format!(
            "--period-start {taken} is a period of {}, the edition it extends; a new edition covers new periods",
            base.id
        ));
    }
    let starts: Vec<String> = period_starts
        .iter()
        .map(|start| quote(&start.to_string()))
        .collect();
    let renamed = base
        .programs
        .iter()
        .find(|program| program.code.as_str() == "2100")
        .or_else(|| base.programs.first());
    let retired = base
        .programs
        .iter()
        .find(|program| Some(program.code) != renamed.map(|renamed| renamed.code));

    let mut text = String::new();
    let base_id = &base.id;
    let diff = format!("cfrcheck rulebook diff {base_id} {file}");
    let check = format!(
        "{:width$}",
        format!("cfrcheck rulebook check {file}"),
        width = diff.len()
    );
    let list: Vec<String> = period_starts.iter().map(ToString::to_string).collect();
    let list = list.join(", ");
    let quoted_id = quote(id);
    let title = quote(&format!(
        "OMH Appendix F: Program Types, Definitions and Codes ({})",
        first.year
    ));
    let starts = starts.join(", ");
    let quoted_base = quote(base_id);
    let _ = write!(
        text,
        r#"# cfrcheck rulebook, edition {id}: the OMH program codes of the periods
# starting {list}, written as changes to {base_id} (by `cfrcheck rulebook new`).
#
# Fill it in from that year's Appendix F ("OMH Program Types, Definitions and
# Codes"): for each change, copy an example below, uncomment it and fill it in.
# Then:
#   {check}  # every problem, with its line
#   {diff}  # what this edition changes
# and use it: put it in the folder that cfrcheck.toml names with
# `rulebooks = "rulebooks/"`, or `cfrcheck check --rulebook {file} FILINGS`.
# The format is in docs/rulebook.md.

[edition]
id = {quoted_id}
title = {title}
# Fill in where these codes come from: the Appendix F page or OMH notice
# (its address, or its title and date).
source = ""
# The first days of the reporting periods this edition covers.
period_starts = [{starts}]
# Every program and funding source of {base_id}, with the changes below.
extends = {quoted_base}

# ---- Add a program: one entry for each code new in this year's Appendix F.
# [[programs]]
# code = "NNNN"                          # the four-digit code
# name = "Program Name"                  # exactly as in the alphabetic list
# aliases = []                           # other spellings Appendix F uses ("ACT")
# licensed = true                        # "(Licensed Program)"
# units = "Count one visit as one unit." # the definition's Units of Service text
# units_apply = true                     # false where the units are "Not applicable"
# fund_sources = []                      # allowed funding sources, [] = any; "001A" = 001 index A
# fund_source_rule = ""                  # Appendix F's words for that restriction
# companions = []                        # programs it must be reported with
# companion_rule = ""                    # Appendix F's words for that
# admin = "allocated"                    # or "redistributed", "excluded", "excluded-and-redistributed" (AD001)
# What else the definition says (population, forbidden_fund_sources,
# companions_one_of, ...): docs/rulebook.md, "What else a definition says".
"#,
    );
    if let Some(program) = renamed {
        let _ = write!(
            text,
            r#"
# ---- Rename a program: its code and the new name. The keys you leave out
# keep their {base_id} values. List the old name under aliases, so that
# filings which still print it get no PC003.
# [[programs]]
# code = "{code}"                          # {base_id}: {name}
# name = "New Name"
# aliases = [{old}]
"#,
            code = program.code,
            name = one_line(program),
            old = quote(&program.name),
        );
    }
    if let Some(program) = retired {
        let _ = write!(
            text,
            r#"
# ---- Retire a program: a filing of this edition's periods that still uses
# the code gets PC005, which names the replacement when there is one.
# [[programs]]
# code = "{code}"                          # {base_id}: {name}
# retired = true
# replaced_by = "NNNN"                   # optional: the code to use instead
"#,
            code = program.code,
            name = one_line(program),
        );
    }
    text.push_str(
        r#"
# ---- Add a funding source (CBR manual, Appendix N), as written on DMH-3.
# [[fund_sources]]
# code = "NNN"
# name = "Funding Source Name"
# indexes = []                           # the fund indexes it takes, such as ["A"]
# index_required = false                 # true: FS003 when a row gives no index
# index_populations = {}                 # whom each index pays for, such as { A = "adults" } (FS007)
"#,
    );
    Ok(text)
}

/// A TOML basic string, escaped as TOML needs.
fn quote(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_string()
}

/// The program's name for a comment: one line, whatever the rulebook holds.
fn one_line(program: &Program) -> String {
    program
        .name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
