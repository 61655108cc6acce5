//! The rule families, in catalogue order, with the manual sections each
//! one's rules come from (rules.md "Sources"). Which rules a family holds
//! and the function that checks them are the rules layer's business (its
//! `family` module), so that this stays below every layer that names a
//! family.

/// Rule families, in catalogue order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Input,
    Rulebook,
    ProgramCodes,
    Indexing,
    FundingSources,
    Companions,
    Administration,
    Units,
    Totals,
    Completeness,
    Cbr,
}

impl Family {
    pub const ALL: [Family; 11] = [
        Family::Input,
        Family::Rulebook,
        Family::ProgramCodes,
        Family::Indexing,
        Family::FundingSources,
        Family::Companions,
        Family::Administration,
        Family::Units,
        Family::Totals,
        Family::Completeness,
        Family::Cbr,
    ];

    pub fn prefix(self) -> &'static str {
        match self {
            Family::Input => "IN",
            Family::Rulebook => "RB",
            Family::ProgramCodes => "PC",
            Family::Indexing => "IX",
            Family::FundingSources => "FS",
            Family::Companions => "XP",
            Family::Administration => "AD",
            Family::Units => "US",
            Family::Totals => "TO",
            Family::Completeness => "SC",
            Family::Cbr => "CB",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Family::Input => "input and structure",
            Family::Rulebook => "rulebook",
            Family::ProgramCodes => "program codes (AppF)",
            Family::Indexing => "program code indexing (AppF, CFRM, CBR40)",
            Family::FundingSources => "funding sources (AppF, AppN)",
            Family::Companions => "programs that need a companion program (AppF)",
            Family::Administration => "agency administration (AppF, CBR40)",
            Family::Units => "units of service (AppF)",
            Family::Totals => "arithmetic across lines and schedules",
            Family::Completeness => "schedule completeness and order (CBR13/15)",
            Family::Cbr => "approved CBR vs CFR (CBR2, CBR13/15)",
        }
    }

    /// The manual sections the family's rules come from (rules.md "Sources"),
    /// linked from docs/rules.md and SARIF's `helpUri`.
    pub fn sources(self) -> &'static [Source] {
        use Source::*;
        match self {
            Family::Input => &[],
            Family::Rulebook | Family::ProgramCodes | Family::Companions | Family::Units => &[AppF],
            Family::Indexing => &[AppF, Cbr40, Cfrm],
            Family::FundingSources => &[AppF, AppN],
            Family::Administration => &[AppF, Cbr40],
            Family::Totals | Family::Completeness => &[Cbr13, Cbr15],
            Family::Cbr => &[Cbr2, Cbr13, Cbr15],
        }
    }

    pub(super) fn of(code: &str) -> Family {
        Family::ALL
            .into_iter()
            .find(|family| code.starts_with(family.prefix()))
            .unwrap_or(Family::Input)
    }
}

/// A source document of the rules (rules.md "Sources"): the OMH Consolidated
/// Budget and Claiming Manual, 2009 edition, and the CFR Manual.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    AppF,
    AppN,
    Cbr2,
    Cbr13,
    Cbr15,
    Cbr40,
    Cfrm,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::AppF => {
                "Appendix F, program types, definitions and codes (CBR/CFR manual section 30)"
            }
            Source::AppN => "Appendix N, funding source codes (CBR manual section 38)",
            Source::Cbr2 => "CBR manual section 2, general instructions",
            Source::Cbr13 => "CBR manual section 13 (DMH-2)",
            Source::Cbr15 => "CBR manual section 15 (DMH-3)",
            Source::Cbr40 => {
                "CBR manual section 40, start-up and Program Development Grant columns"
            }
            Source::Cfrm => {
                "CFR Manual, state agency specific instructions regarding program/site reporting"
            }
        }
    }

    /// The page of the OMH manual, where there is one online.
    pub fn url(self) -> Option<&'static str> {
        Some(match self {
            Source::AppF => "https://www.omh.ny.gov/omhweb/cbr/fy09/section_30.html",
            Source::AppN => "https://www.omh.ny.gov/omhweb/cbr/fy09/section_38.html",
            Source::Cbr2 => "https://www.omh.ny.gov/omhweb/cbr/fy09/section_2.html",
            Source::Cbr13 => "https://www.omh.ny.gov/omhweb/cbr/fy09/section_13.html",
            Source::Cbr15 => "https://www.omh.ny.gov/omhweb/cbr/fy09/section_15.html",
            Source::Cbr40 => "https://www.omh.ny.gov/omhweb/cbr/fy09/section_40.html",
            Source::Cfrm => return None,
        })
    }

    /// A Markdown link, or the label alone.
    pub fn markdown(self) -> String {
        match self.url() {
            Some(url) => format!("[{}]({url})", self.label()),
            None => self.label().to_string(),
        }
    }
}
