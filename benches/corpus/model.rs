//! The model of one filing: the program codes and funding sources it draws
//! from, its program rows, CFR-1 columns, DMH-2 and DMH-3 rows, and the
//! [`Filing`] that the writer turns into five CSV files.

use super::write::Style;

/// Appendix F program types whose units of service apply and that no FS, XP
/// or AD rule restricts, with their AppF names (so PC003 stays quiet).
pub(super) const PROGRAMS: [(&str, &str); 15] = [
    ("2100", "Clinic Treatment"),
    ("6070", "Treatment Congregate"),
    ("6080", "Support Congregate"),
    ("7070", "Treatment Apartment"),
    ("7080", "Support Apartment"),
    ("0810", "Case Management"),
    ("1760", "Advocacy/Support Services"),
    ("1310", "Continuing Day Treatment"),
    ("0770", "Psychosocial Club"),
    ("2200", "Partial Hospitalization"),
    ("6060", "Supported Housing Community Services"),
    ("6050", "Supported Housing Rental Assistance"),
    ("1380", "Assisted Competitive Employment"),
    ("2680", "Crisis Intervention"),
    ("0690", "Outreach"),
];

pub(super) const LGU_ADMIN: (&str, &str) = ("0890", "Local Governmental Unit (LGU) Administration");

/// (fund_source, fund_index) pairs used on DMH-2 splits and DMH-3.
pub(super) const FUND_SOURCES: [(&str, &str); 3] = [("001", "A"), ("004", ""), ("005", "")];
pub(super) const FUND_170D: (&str, &str) = ("170D", "");

/// An index is two digits, and the series starts at 01.
pub(super) const MAX_INDEX: usize = 99;

/// The six expense amounts, in CFR-1 column order: personal_services,
/// fringe_benefits, otps, property, equipment, agency_administration.
pub(super) type Expenses = [i64; 6];

pub(super) const OTPS: usize = 2;
pub(super) const ADMIN: usize = 5;

/// A program row of DMH-1/2/3 and CBR: (program_code, program_index).
pub(super) struct Program {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    pub(super) index: Option<usize>,
    /// Number of CFR-1 columns planned for this row.
    pub(super) planned: usize,
    /// Indices into `Filing::columns`.
    pub(super) columns: Vec<usize>,
    /// The 0890 program of [`super::Fault::RestrictedFundSource`].
    pub(super) lgu_admin: bool,
}

/// A CFR-1 column (program/site).
pub(super) struct Column {
    pub(super) program: usize,
    pub(super) site: usize,
    pub(super) expenses: Expenses,
    pub(super) revenues: i64,
    pub(super) units: i64,
}

pub(super) struct Dmh2Row {
    pub(super) program: usize,
    pub(super) county: usize,
    pub(super) split: Option<(&'static str, &'static str)>,
    pub(super) expenses: Expenses,
    pub(super) non_allowable: i64,
    pub(super) revenues: i64,
}

impl Dmh2Row {
    pub(super) fn total_adjusted(&self) -> i64 {
        self.expenses.iter().sum::<i64>() - self.non_allowable
    }
    pub(super) fn net_operating_cost(&self) -> i64 {
        self.total_adjusted() - self.revenues
    }
}

pub(super) struct Dmh3Row {
    pub(super) program: usize,
    pub(super) county: usize,
    pub(super) fund: (&'static str, &'static str),
    pub(super) net_operating_cost: i64,
}

pub(super) struct Filing {
    pub(super) agency: String,
    pub(super) counties: Vec<String>,
    pub(super) programs: Vec<Program>,
    /// CFR-1 order.
    pub(super) columns: Vec<Column>,
    /// DMH-2 order, which is also the CBR order.
    pub(super) dmh2: Vec<Dmh2Row>,
    /// DMH-3 order (same program array and order as DMH-2).
    pub(super) dmh3: Vec<Dmh3Row>,
    /// Approved budget net operating cost, one per `dmh2` row.
    pub(super) cbr_noc: Vec<i64>,
    /// CFR-1 record whose otps cell is written as `#REF!`.
    pub(super) ref_cell: Option<usize>,
    pub(super) style: Style,
    pub(super) crlf: bool,
    pub(super) bom: bool,
    pub(super) site_width: usize,
}
