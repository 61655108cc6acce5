//! The typed model of a filing: what the input layer builds from the CSV
//! files and what the rules read. Every record keeps the physical line it
//! came from so that every finding can point at it.

use std::fmt;
use std::sync::Arc;

use compact_str::CompactString;
use rust_decimal::Decimal;

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
        let reduced: String = stem
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        Self::ALL
            .into_iter()
            .find(|kind| reduced.ends_with(kind.token()))
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

    pub fn from_name(name: &str) -> Option<Column> {
        Self::ALL.into_iter().find(|column| column.name() == name)
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

    /// The six expense amounts that make up total_expenses (CFR-1, DMH-1, DMH-2).
    pub const EXPENSES: [Amount; 6] = [
        Amount::PersonalServices,
        Amount::FringeBenefits,
        Amount::Otps,
        Amount::Property,
        Amount::Equipment,
        Amount::AgencyAdministration,
    ];

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

/// A four-digit OMH program code, e.g. `0890`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProgramCode([u8; 4]);

impl ProgramCode {
    /// `digits` must be exactly four ASCII digits.
    pub fn from_digits(digits: &str) -> Option<ProgramCode> {
        let bytes: [u8; 4] = digits.as_bytes().try_into().ok()?;
        bytes
            .iter()
            .all(u8::is_ascii_digit)
            .then_some(ProgramCode(bytes))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("????")
    }
}

impl fmt::Display for ProgramCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ProgramCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProgramCode({})", self.as_str())
    }
}

/// A program index: none, `00`-`99`, or `A0`-`A9` (start-up / PDG columns).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ProgramIndex([u8; 2]);

impl ProgramIndex {
    pub const NONE: ProgramIndex = ProgramIndex([0, 0]);

    pub fn from_chars(first: u8, second: u8) -> ProgramIndex {
        ProgramIndex([first, second])
    }

    pub fn is_none(self) -> bool {
        self == Self::NONE
    }

    /// Start-up and Program Development Grant columns (CBR manual section 40).
    pub fn is_startup(self) -> bool {
        self.0[0] == b'A'
    }

    /// The numeric value of a `00`-`99` index.
    pub fn number(self) -> Option<u8> {
        (self.0[0].is_ascii_digit() && self.0[1].is_ascii_digit())
            .then(|| (self.0[0] - b'0') * 10 + (self.0[1] - b'0'))
    }

    pub fn as_str(&self) -> &str {
        if self.is_none() {
            ""
        } else {
            std::str::from_utf8(&self.0).unwrap_or("??")
        }
    }
}

impl fmt::Display for ProgramIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ProgramIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProgramIndex({:?})", self.as_str())
    }
}

/// A program row of the claiming schedules: (program_code, program_index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProgramRow {
    pub code: ProgramCode,
    pub index: ProgramIndex,
}

impl fmt::Display for ProgramRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.index.is_none() {
            write!(f, "{}", self.code)
        } else {
            write!(f, "{} {}", self.code, self.index)
        }
    }
}

/// A funding source as on DMH-3: a code (`001`, `170B`) and an optional index (`A`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FundSource {
    pub code: CompactString,
    pub index: Option<CompactString>,
}

impl fmt::Display for FundSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.index {
            Some(index) => write!(f, "{} index {}", self.code, index),
            None => f.write_str(&self.code),
        }
    }
}

/// The state agency a record belongs to; only OMH records are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateAgency {
    Omh,
    Oasas,
    Opwdd,
    Other,
}

/// A calendar date, enough for reporting periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Days since an arbitrary epoch, for "nearest edition" distances.
    pub fn ordinal(self) -> i64 {
        // Days from civil (Howard Hinnant's algorithm).
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A reporting period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    /// OMH periods are a calendar year or a July-June fiscal year.
    pub fn is_full_year(self) -> bool {
        let Period { start, end } = self;
        let calendar = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
            && end.year == start.year;
        let fiscal = (start.month, start.day, end.month, end.day) == (7, 1, 6, 30)
            && end.year == start.year + 1;
        calendar || fiscal
    }
}

/// One record (row) of a schedule file.
#[derive(Clone, Debug)]
pub struct Record {
    /// 1-based physical line in the file (the header is line 1).
    pub line: u64,
    /// The program code, or the raw cell when it is not a code (PC001).
    pub program_code: Result<ProgramCode, CompactString>,
    /// The program index, or the raw cell when it is malformed (IX001).
    pub program_index: Result<ProgramIndex, CompactString>,
    pub program_name: Option<CompactString>,
    pub site: Option<CompactString>,
    pub county: Option<CompactString>,
    pub fund: Option<FundSource>,
    amounts: [Decimal; Amount::COUNT],
    /// Amount cells that could not be read (IN004); checks using them are skipped.
    unreadable: u16,
}

impl Record {
    pub fn new(line: u64) -> Record {
        Record {
            line,
            program_code: Err(CompactString::default()),
            program_index: Ok(ProgramIndex::NONE),
            program_name: None,
            site: None,
            county: None,
            fund: None,
            amounts: [Decimal::ZERO; Amount::COUNT],
            unreadable: 0,
        }
    }

    /// The amount, `None` when the cell could not be read (already reported).
    pub fn amount(&self, amount: Amount) -> Option<Decimal> {
        (self.unreadable & (1 << amount as u16) == 0).then(|| self.amounts[amount as usize])
    }

    pub fn set_amount(&mut self, amount: Amount, value: Option<Decimal>) {
        match value {
            Some(value) => {
                self.amounts[amount as usize] = value;
                self.unreadable &= !(1 << amount as u16);
            }
            None => self.unreadable |= 1 << amount as u16,
        }
    }

    /// The (program_code, program_index) key, when both are well formed.
    pub fn program_row(&self) -> Option<ProgramRow> {
        match (&self.program_code, &self.program_index) {
            (Ok(code), Ok(index)) => Some(ProgramRow {
                code: *code,
                index: *index,
            }),
            _ => None,
        }
    }

    /// The program code as written after normalisation, for messages.
    pub fn program_code_text(&self) -> &str {
        match &self.program_code {
            Ok(code) => code.as_str(),
            Err(raw) => raw,
        }
    }

    pub fn program_index_text(&self) -> &str {
        match &self.program_index {
            Ok(index) => index.as_str(),
            Err(raw) => raw,
        }
    }

    pub fn county_text(&self) -> &str {
        self.county.as_deref().unwrap_or("")
    }
}

/// One schedule file of a filing, as read.
#[derive(Debug)]
pub struct Schedule {
    pub kind: ScheduleKind,
    /// The file's path as the user gave it (relative stays relative).
    pub file: Arc<str>,
    /// The worksheet the schedule was read from, when the file is a workbook.
    pub sheet: Option<Arc<crate::location::Sheet>>,
    /// The columns the header carries.
    pub columns: ColumnSet,
    /// OMH records in file order.
    pub records: Vec<Record>,
    /// Records of other state agencies, counted and skipped (IN011).
    pub other_agency_records: usize,
}

impl Schedule {
    /// Whether the header carries the column; required amount columns that are
    /// absent were reported (IN003) and the checks that add them up are skipped.
    pub fn has(&self, column: Column) -> bool {
        self.columns.contains(column)
    }
}

/// The heading of a filing: who filed it and for what period.
#[derive(Clone, Debug, Default)]
pub struct Heading {
    pub agency_code: Option<CompactString>,
    pub period: Option<Period>,
}

/// A file that belongs to a filing, whether or not it could be read.
#[derive(Clone, Debug)]
pub struct FileEntry {
    pub path: Arc<str>,
    pub schedule: Option<ScheduleKind>,
    pub records: usize,
}

/// One provider's report for one period: the schedules found in its folder.
#[derive(Debug, Default)]
pub struct Filing {
    /// The filing's path as the user gave it.
    pub path: String,
    /// True when the user pointed at one CSV: that schedule is validated alone.
    pub single_file: bool,
    pub heading: Heading,
    /// Schedules that could be read, by kind.
    pub schedules: [Option<Schedule>; 5],
    /// Every file of the filing, in path order (read or not).
    pub files: Vec<FileEntry>,
}

impl Filing {
    pub fn schedule(&self, kind: ScheduleKind) -> Option<&Schedule> {
        self.schedules[kind.position()].as_ref()
    }

    /// Whether a file for the schedule was found, readable or not.
    pub fn has_file_for(&self, kind: ScheduleKind) -> bool {
        self.files.iter().any(|file| file.schedule == Some(kind))
    }
}
