//! What a rulebook file's entries name besides themselves (companions,
//! funding sources, replacements, retired codes), checked once the whole
//! edition is built: a companion may come later in the file, and a retired
//! code may still be named by a program the file does not mention.

use std::ops::Range;

use super::edition::{AllowedFund, Edition, Program};
use super::fields::{Located, Problems};
use crate::model::ProgramCode;

/// A program key that names other programs.
#[derive(Clone, Copy)]
pub enum ProgramReference {
    Companion,
    OneOf,
    NotThroughOmh,
}

impl ProgramReference {
    /// How a problem names the key's value: `companion 9997 of program 9998`.
    fn label(self) -> &'static str {
        match self {
            ProgramReference::Companion => "companion",
            ProgramReference::OneOf => "companions_one_of entry",
            ProgramReference::NotThroughOmh => "not_through_omh_code",
        }
    }

    /// How a problem tells the key to change once `code` is retired.
    fn still_named(self, program: &Program, code: ProgramCode) -> Option<&'static str> {
        let (names, advice) = match self {
            ProgramReference::Companion => (
                program.companions.contains(&code),
                "as its companion: change its companions too",
            ),
            ProgramReference::OneOf => (
                program.companions_one_of.contains(&code),
                "in its companions_one_of: change them too",
            ),
            ProgramReference::NotThroughOmh => (
                program.not_through_omh_code == Some(code),
                "as its not_through_omh_code: change it too",
            ),
        };
        names.then_some(advice)
    }
}

/// What a file wrote that refers to other codes, checked once the whole
/// edition is built (a companion may come later in the file).
#[derive(Default)]
pub struct Written {
    pub references: Vec<(ProgramReference, ProgramCode, Located<ProgramCode>)>,
    pub funds: Vec<(ProgramCode, Located<AllowedFund>)>,
    pub replacements: Vec<(ProgramCode, Located<ProgramCode>)>,
    pub retired_programs: Vec<(ProgramCode, Option<Range<usize>>)>,
    pub retired_funds: Vec<(String, Option<Range<usize>>)>,
}

impl Written {
    /// Program `from` names program `to` under a key of kind `kind`.
    pub fn reference(
        &mut self,
        kind: ProgramReference,
        from: ProgramCode,
        to: ProgramCode,
        span: Option<Range<usize>>,
    ) {
        self.references
            .push((kind, from, Located { value: to, span }));
    }

    /// Program `program` names funding source `fund` (allowed or forbidden).
    pub fn fund(&mut self, program: ProgramCode, fund: AllowedFund, span: Option<Range<usize>>) {
        self.funds.push((program, Located { value: fund, span }));
    }
}

/// The codes a file's entries refer to must be in the edition it builds.
pub fn cross_references(edition: &Edition, written: &Written, problems: &mut Problems) {
    for (kind, code, other) in &written.references {
        if edition.program(*code).is_some() && edition.program(other.value).is_none() {
            problems.at(
                &other.span,
                format!(
                    "{} {} of program {code} is not a program of {}",
                    kind.label(),
                    other.value,
                    edition.id
                ),
            );
        }
    }
    for (code, fund) in &written.funds {
        let Some(definition) = edition.fund_source(&fund.value.code) else {
            problems.at(
                &fund.span,
                format!(
                    "funding source {} of program {code} is not in {}'s [[fund_sources]]",
                    fund.value.code, edition.id
                ),
            );
            continue;
        };
        if let Some(index) = &fund.value.index {
            if !definition.indexes.contains(index) {
                problems.at(
                    &fund.span,
                    format!(
                        "funding source {} has no index {index} (program {code})",
                        fund.value.code
                    ),
                );
            }
        }
    }
    for (code, replacement) in &written.replacements {
        if replacement.value == *code || edition.program(replacement.value).is_none() {
            problems.at(
                &replacement.span,
                format!(
                    "replaced_by {} of program {code} is not a program of {}",
                    replacement.value, edition.id
                ),
            );
        }
    }
    let kinds = [
        ProgramReference::Companion,
        ProgramReference::OneOf,
        ProgramReference::NotThroughOmh,
    ];
    for (retired, span) in &written.retired_programs {
        for program in &edition.programs {
            for advice in kinds
                .iter()
                .filter_map(|kind| kind.still_named(program, *retired))
            {
                problems.at(
                    span,
                    format!("program {} still needs {retired} {advice}", program.code),
                );
            }
        }
    }
    for (fund, span) in &written.retired_funds {
        let names = |list: &[AllowedFund]| list.iter().any(|named| named.code == *fund);
        for program in &edition.programs {
            if names(&program.fund_sources) {
                problems.at(
                    span,
                    format!(
                        "program {} may still be used only with funding source {fund}: change its fund_sources too",
                        program.code
                    ),
                );
            }
            if names(&program.forbidden_fund_sources) {
                problems.at(
                    span,
                    format!(
                        "program {} still names funding source {fund} in its forbidden_fund_sources: change them too",
                        program.code
                    ),
                );
            }
        }
    }
}
