//! `[[programs]]` entries of a rulebook file: adding a program, changing or
//! renaming one (the keys given replace the base edition's, the others are
//! kept), and retiring one (`retired = true`, optionally `replaced_by`).
//! The keys for what else a definition says are read in `definition`; the
//! codes an entry names are checked in `references`.

use super::definition;
use super::edition::{AdminTreatment, Edition, Program, RetiredProgram};
use super::fields::{Fields, Located, Problems, Seen};
use super::references::{ProgramReference, Written};
use super::values::{allowed_fund, program_code};
use crate::model::ProgramCode;
use crate::vocabulary::Severity;

pub fn program(
    entry: &mut Fields,
    edition: &mut Edition,
    parent: Option<&Edition>,
    problems: &mut Problems,
    seen: &mut Seen,
    written: &mut Written,
) {
    let Some(spelled) = entry.string("code", problems) else {
        problems.at(&entry.span, "[[programs]] entry without a code");
        entry.abandon();
        return;
    };
    let Some(code) = program_code(&spelled, problems) else {
        entry.abandon();
        return;
    };
    entry.what = format!("[[programs]] {code}");
    if !seen.once(&format!("program {code}"), &spelled.span, problems) {
        entry.abandon();
        return;
    }
    let retired = entry.boolean("retired", problems) == Some(true);
    let replaced_by = entry.string("replaced_by", problems);
    if retired {
        retire(
            entry,
            edition,
            parent,
            problems,
            written,
            code,
            &spelled,
            replaced_by,
        );
        return;
    }
    if let Some(replaced_by) = &replaced_by {
        problems.at(
            &replaced_by.span,
            format!("replaced_by applies only to a retired program: add retired = true to {code}, or drop replaced_by"),
        );
    }
    let name = entry.string("name", problems);
    let mut program = match (edition.program(code), name) {
        (Some(existing), name) => {
            let mut program = existing.clone();
            if let Some(name) = name {
                program.name = name.value;
            }
            program
        }
        (None, Some(name)) => Program::new(code, name.value),
        (None, None) => {
            problems.at(&spelled.span, format!("program {code} needs a name"));
            Program::new(code, String::new())
        }
    };
    if let Some(aliases) = entry.strings("aliases", problems) {
        program.aliases = aliases.into_iter().map(|alias| alias.value).collect();
    }
    if let Some(licensed) = entry.boolean("licensed", problems) {
        program.licensed = licensed;
    }
    if let Some(units) = entry.string("units", problems) {
        program.units = units.value;
    }
    if let Some(units_apply) = entry.boolean("units_apply", problems) {
        program.units_apply = units_apply;
    }
    if let Some(funds) = entry.strings("fund_sources", problems) {
        program.fund_sources.clear();
        for spelled in &funds {
            if let Some(fund) = allowed_fund(spelled, problems) {
                program.fund_sources.push(fund.clone());
                written.fund(code, fund, spelled.span.clone());
            }
        }
    }
    if let Some(rule) = entry.string("fund_source_rule", problems) {
        program.fund_source_rule = rule.value;
    }
    if let Some(companions) = entry.strings("companions", problems) {
        program.companions.clear();
        for spelled in &companions {
            if let Some(companion) = program_code(spelled, problems) {
                program.companions.push(companion);
                written.reference(
                    ProgramReference::Companion,
                    code,
                    companion,
                    spelled.span.clone(),
                );
            }
        }
    }
    if let Some(spelled) = entry.string("companion_severity", problems) {
        match Severity::parse(&spelled.value) {
            Some(severity) => program.companion_severity = Some(severity),
            None => problems.at(
                &spelled.span,
                format!(
                    "companion_severity {:?} is not error, warning or info",
                    spelled.value
                ),
            ),
        }
    }
    if let Some(rule) = entry.string("companion_rule", problems) {
        program.companion_rule = rule.value;
    }
    if let Some(spelled) = entry.string("admin", problems) {
        match AdminTreatment::parse(spelled.value.trim()) {
            Some(admin) => program.admin = admin,
            None => problems.at(
                &spelled.span,
                format!(
                    "admin {:?} is not \"allocated\", \"redistributed\", \"excluded\" or \"excluded-and-redistributed\"",
                    spelled.value
                ),
            ),
        }
    }
    definition::read(entry, &mut program, problems, written);
    edition.put_program(program);
}

/// `retired = true`: the code leaves the edition, and PC005 names it.
#[allow(clippy::too_many_arguments)]
fn retire(
    entry: &mut Fields,
    edition: &mut Edition,
    parent: Option<&Edition>,
    problems: &mut Problems,
    written: &mut Written,
    code: ProgramCode,
    spelled: &Located<String>,
    replaced_by: Option<Located<String>>,
) {
    entry.what = format!("[[programs]] {code} (retired)");
    let name = entry.string("name", problems).map(|name| name.value);
    let replacement = replaced_by
        .as_ref()
        .and_then(|spelled| program_code(spelled, problems));
    let name = match (edition.program(code), edition.retired_program(code), parent) {
        (Some(existing), _, _) => existing.name.clone(),
        (None, Some(earlier), _) => {
            problems.at(
                &spelled.span,
                format!(
                    "program {code} was already retired by {}",
                    earlier.retired_by
                ),
            );
            return;
        }
        (None, None, Some(parent)) => {
            problems.at(
                &spelled.span,
                format!("retires program {code}, which {} does not have", parent.id),
            );
            return;
        }
        // A standalone edition may record codes retired before it.
        (None, None, None) => name.unwrap_or_default(),
    };
    edition.retire(RetiredProgram {
        code,
        name,
        retired_by: edition.id.clone(),
        replaced_by: replacement,
    });
    written.retired_programs.push((code, spelled.span.clone()));
    if let (Some(replacement), Some(spelled)) = (replacement, replaced_by) {
        written.replacements.push((
            code,
            Located {
                value: replacement,
                span: spelled.span,
            },
        ));
    }
}
