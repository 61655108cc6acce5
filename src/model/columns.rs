//! What a schedule's columns are: the schedules, every column cfrcheck
//! knows, sets of them, and the amounts among them.

use std::fmt;

/// The schedules of a CFR filing that cfrcheck reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScheduleKind {
    Cfr1,
    Dmh1,
    Dmh2,
    Dmh3,
    Cbr,
}

impl ScheduleKind {
    pub const ALL: [ScheduleKind; 5] = [Self::Cfr1, Self::Dmh1, Self::Dmh2, Self::Dmh3, Self::Cbr];

    /// The name users know the schedule by, as printed in every report.
    pub fn label(self) -> &'static str {
        match self {
            Self::Cfr1 => "CFR-1",
            Self::Dmh1 => "DMH-1",
            Self::Dmh2 => "DMH-2",
            Self::Dmh3 => "DMH-3",
            Self::Cbr => "CBR",
        }
    }

    /// The token a file stem reduces to (input-format.md section 1).
    pub fn token(self) -> &'static str {
        match self {
            Self::Cfr1 => "cfr1",
            Self::Dmh1 => "dmh1",
            Self::Dmh2 => "dmh2",
            Self::Dmh3 => "dmh3",
            Self::Cbr => "cbr",
        }
    }

    /// The schedule a file stem names: lower-cased, letters and digits only,
    /// equal to or ending with a schedule token (`acme-2009-DMH-3` is DMH-3).
    pub fn from_stem(stem: &str) -> Option<ScheduleKind> {
        // The stem's letters and digits from its end, compared with each
        // token's from its end: no reduced copy of the stem is made (every
        // file found is asked). Bytes of other characters are never ASCII
        // letters or digits, so going by bytes skips them as by chars.
        Self::ALL.into_iter().find(|kind| {
            let mut reduced = stem
                .bytes()
                .rev()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase());
            kind.token()
                .bytes()
                .rev()
                .all(|t| reduced.next() == Some(t))
        })
    }

    pub fn from_label(label: &str) -> Option<ScheduleKind> {
        Self::from_stem(label).filter(|kind| kind.label().eq_ignore_ascii_case(label.trim()))
    }

    pub fn position(self) -> usize {
        self as usize
    }

    /// Schedules that every OMH filing must carry (CBR is optional).
    pub fn is_required(self) -> bool {
        self != Self::Cbr
    }

    /// Whether the schedule is a claiming schedule keyed by county.
    pub fn has_county(self) -> bool {
        matches!(self, Self::Dmh2 | Self::Dmh3 | Self::Cbr)
    }

    /// The columns of the schedule, required ones first (input-format.md section 3).
    pub fn columns(self) -> &'static [(Column, Presence)] {
        use Column::*;
        use Presence::*;
        const HEADING: [(Column, Presence); 8] = [
            (AgencyCode, Required),
            (PeriodStart, Required),
            (PeriodEnd, Required),
            (StateAgency, Optional),
            (ProgramCode, Required),
            (ProgramIndex, Optional),
            (ProgramName, Optional),
            (Site, Optional),
        ];
        macro_rules! with_heading {
            ($($rest:expr),* $(,)?) => {{
                const COLUMNS: &[(Column, Presence)] = &[
                    HEADING[0], HEADING[1], HEADING[2], HEADING[3],
                    HEADING[4], HEADING[5], HEADING[6], HEADING[7],
                    $($rest),*
                ];
                COLUMNS
            }};
        }
        match self {
            Self::Cfr1 | Self::Dmh1 => with_heading![
                (PersonalServices, Optional),
                (FringeBenefits, Optional),
                (Otps, Optional),
                (Property, Optional),
                (Equipment, Optional),
                (AgencyAdministration, Optional),
                (TotalExpenses, Required),
                (Revenues, Optional),
                (UnitsOfService, Optional),
            ],
            Self::Dmh2 => with_heading![
                (County, Required),
                (FundSource, Optional),
                (FundIndex, Optional),
                (PersonalServices, Optional),
                (FringeBenefits, Optional),
                (Otps, Optional),
                (Property, Optional),
                (Equipment, Optional),
                (AgencyAdministration, Optional),
                (NonAllowableAdjustments, Optional),
                (TotalAdjustedExpenses, Required),
                (Revenues, Optional),
                (NetOperatingCost, Required),
            ],
            Self::Dmh3 => with_heading![
                (County, Required),
                (FundSource, Required),
                (FundIndex, Optional),
                (NetOperatingCost, Required),
            ],
            Self::Cbr => with_heading![
                (County, Required),
                (FundSource, Optional),
                (FundIndex, Optional),
                (NetOperatingCost, Optional),
            ],
        }
    }
}

impl fmt::Display for ScheduleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Required,
    Optional,
}

/// Every column cfrcheck knows, by its canonical (normalised) header name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    AgencyCode,
    PeriodStart,
    PeriodEnd,
    StateAgency,
    ProgramCode,
    ProgramIndex,
    ProgramName,
    Site,
    County,
    FundSource,
    FundIndex,
    PersonalServices,
    FringeBenefits,
    Otps,
    Property,
    Equipment,
    AgencyAdministration,
    TotalExpenses,
    Revenues,
    UnitsOfService,
    NonAllowableAdjustments,
    TotalAdjustedExpenses,
    NetOperatingCost,
}

impl Column {
    pub const COUNT: usize = 23;
    pub const ALL: [Column; Self::COUNT] = {
        use Column::*;
        [
            AgencyCode,
            PeriodStart,
            PeriodEnd,
            StateAgency,
            ProgramCode,
            ProgramIndex,
            ProgramName,
            Site,
            County,
            FundSource,
            FundIndex,
            PersonalServices,
            FringeBenefits,
            Otps,
            Property,
            Equipment,
            AgencyAdministration,
            TotalExpenses,
            Revenues,
            UnitsOfService,
            NonAllowableAdjustments,
            TotalAdjustedExpenses,
            NetOperatingCost,
        ]
    };

    pub fn name(self) -> &'static str {
        use Column::*;
        match self {
            AgencyCode => "agency_code",
            PeriodStart => "period_start",
            PeriodEnd => "period_end",
            StateAgency => "state_agency",
            ProgramCode => "program_code",
            ProgramIndex => "program_index",
            ProgramName => "program_name",
            Site => "site",
            County => "county",
            FundSource => "fund_source",
            FundIndex => "fund_index",
            other => match other.amount() {
                Some(amount) => amount.name(),
                None => unreachable!("every non-amount column is named above"),
            },
        }
    }

    /// The column of a canonical header name. Every header cell of every
    /// file is looked up: a map made once, not a scan of every name.
    pub fn from_name(name: &str) -> Option<Column> {
        static BY_NAME: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, Column>> =
            std::sync::LazyLock::new(|| {
                Column::ALL
                    .into_iter()
                    .map(|column| (column.name(), column))
                    .collect()
            });
        BY_NAME.get(name).copied()
    }

    /// Columns whose cells are codes: kept as text in the workbooks
    /// cfrcheck writes, so that Excel never strips their leading zeros.
    pub fn is_code(self) -> bool {
        use Column::*;
        matches!(
            self,
            AgencyCode | ProgramCode | ProgramIndex | Site | County | FundSource | FundIndex
        )
    }

    pub fn amount(self) -> Option<Amount> {
        use Column::*;
        Some(match self {
            PersonalServices => Amount::PersonalServices,
            FringeBenefits => Amount::FringeBenefits,
            Otps => Amount::Otps,
            Property => Amount::Property,
            Equipment => Amount::Equipment,
            AgencyAdministration => Amount::AgencyAdministration,
            TotalExpenses => Amount::TotalExpenses,
            Revenues => Amount::Revenues,
            UnitsOfService => Amount::UnitsOfService,
            NonAllowableAdjustments => Amount::NonAllowableAdjustments,
            TotalAdjustedExpenses => Amount::TotalAdjustedExpenses,
            NetOperatingCost => Amount::NetOperatingCost,
            _ => return None,
        })
    }

    fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// A set of columns, e.g. the columns a file's header carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ColumnSet(u32);

impl ColumnSet {
    pub fn insert(&mut self, column: Column) {
        self.0 |= column.bit();
    }
    pub fn remove(&mut self, column: Column) {
        self.0 &= !column.bit();
    }
    pub fn contains(self, column: Column) -> bool {
        self.0 & column.bit() != 0
    }
}

/// The numeric cells of a record: dollar amounts, and units of service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Amount {
    PersonalServices,
    FringeBenefits,
    Otps,
    Property,
    Equipment,
    AgencyAdministration,
    TotalExpenses,
    Revenues,
    UnitsOfService,
    NonAllowableAdjustments,
    TotalAdjustedExpenses,
    NetOperatingCost,
}

impl Amount {
    pub const COUNT: usize = 12;

    pub const ALL: [Amount; Amount::COUNT] = [
        Amount::PersonalServices,
        Amount::FringeBenefits,
        Amount::Otps,
        Amount::Property,
        Amount::Equipment,
        Amount::AgencyAdministration,
        Amount::TotalExpenses,
        Amount::Revenues,
        Amount::UnitsOfService,
        Amount::NonAllowableAdjustments,
        Amount::TotalAdjustedExpenses,
        Amount::NetOperatingCost,
    ];

    /// The six expense amounts that make up total_expenses (CFR-1, DMH-1, DMH-2).
    pub const EXPENSES: [Amount; 6] = [
        Amount::PersonalServices,
        Amount::FringeBenefits,
        Amount::Otps,
        Amount::Property,
        Amount::Equipment,
        Amount::AgencyAdministration,
    ];

    /// The column the amount is read from ([`Column::amount`] the other way).
    pub fn column(self) -> Column {
        match self {
            Amount::PersonalServices => Column::PersonalServices,
            Amount::FringeBenefits => Column::FringeBenefits,
            Amount::Otps => Column::Otps,
            Amount::Property => Column::Property,
            Amount::Equipment => Column::Equipment,
            Amount::AgencyAdministration => Column::AgencyAdministration,
            Amount::TotalExpenses => Column::TotalExpenses,
            Amount::Revenues => Column::Revenues,
            Amount::UnitsOfService => Column::UnitsOfService,
            Amount::NonAllowableAdjustments => Column::NonAllowableAdjustments,
            Amount::TotalAdjustedExpenses => Column::TotalAdjustedExpenses,
            Amount::NetOperatingCost => Column::NetOperatingCost,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Amount::PersonalServices => "personal_services",
            Amount::FringeBenefits => "fringe_benefits",
            Amount::Otps => "otps",
            Amount::Property => "property",
            Amount::Equipment => "equipment",
            Amount::AgencyAdministration => "agency_administration",
            Amount::TotalExpenses => "total_expenses",
            Amount::Revenues => "revenues",
            Amount::UnitsOfService => "units_of_service",
            Amount::NonAllowableAdjustments => "non_allowable_adjustments",
            Amount::TotalAdjustedExpenses => "total_adjusted_expenses",
            Amount::NetOperatingCost => "net_operating_cost",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_found_by_its_name_and_every_amount_by_its_column() {
        for column in Column::ALL {
            assert_eq!(Column::from_name(column.name()), Some(column));
        }
        for amount in Amount::ALL {
            assert_eq!(amount.column().amount(), Some(amount));
        }
        for name in [
            "",
            "Program_Code",
            "program code",
            "programcode",
            "site_",
            "sites",
        ] {
            assert_eq!(Column::from_name(name), None, "{name}");
        }
    }
}
