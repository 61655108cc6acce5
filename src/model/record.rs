//! One record (row) of a schedule, as the rules read it.

use compact_str::CompactString;
use rust_decimal::Decimal;

use super::{Amount, Amounts, FundSource, ProgramCode, ProgramIndex, ProgramRow};

/// One record (row) of a schedule file.
///
/// A filing's records are all held while it is checked, so a record is
/// kept small (a CFR-1 of 100,000 columns is 100,000 of them): amounts are
/// packed (`Amounts`), and what is rare is boxed (the raw text of a
/// malformed code or index; the county and funding source of a claiming
/// row, which CFR-1 and DMH-1 have none of).
#[derive(Clone, Debug)]
pub struct Record {
    /// 1-based physical line in the file (the header is line 1); four
    /// bytes hold it, as a file is at most 128 MB.
    line: u32,
    code: ProgramCode,
    index: ProgramIndex,
    /// Whether `code` and `index` hold what the cells said; when not, the
    /// raw cells are in `malformed` (PC001, IX001).
    well_formed: WellFormed,
    malformed: Option<Box<Malformed>>,
    pub program_name: Option<CompactString>,
    pub site: Option<CompactString>,
    claim: Option<Box<Claim>>,
    amounts: Amounts,
    /// Amount cells that could not be read (IN004); checks using them are skipped.
    unreadable: u16,
}

impl Record {
    pub fn new(line: u64) -> Record {
        Record {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            // No code until one is set (an empty cell is not a code).
            code: ProgramCode::UNREAD,
            index: ProgramIndex::NONE,
            well_formed: WellFormed(WellFormed::INDEX),
            malformed: None,
            program_name: None,
            site: None,
            claim: None,
            amounts: Amounts::default(),
            unreadable: 0,
        }
    }

    /// 1-based physical line in the file (the header is line 1).
    pub fn line(&self) -> u64 {
        u64::from(self.line)
    }

    /// The amount, `None` when the cell could not be read (already reported).
    pub fn amount(&self, amount: Amount) -> Option<Decimal> {
        (self.unreadable & (1 << amount as u16) == 0).then(|| self.amounts.get(amount))
    }

    pub fn set_amount(&mut self, amount: Amount, value: Option<Decimal>) {
        match value {
            Some(value) => {
                self.amounts.set(amount, value);
                self.unreadable &= !(1 << amount as u16);
            }
            None => self.unreadable |= 1 << amount as u16,
        }
    }

    /// The program code, or the raw cell when it is not a code (PC001).
    pub fn program_code(&self) -> Result<ProgramCode, &str> {
        if self.well_formed.has(WellFormed::CODE) {
            return Ok(self.code);
        }
        Err(self.raw(|malformed| &malformed.code))
    }

    /// The program index, or the raw cell when it is malformed (IX001).
    pub fn program_index(&self) -> Result<ProgramIndex, &str> {
        if self.well_formed.has(WellFormed::INDEX) {
            return Ok(self.index);
        }
        Err(self.raw(|malformed| &malformed.index))
    }

    pub fn set_program_code(&mut self, code: Result<ProgramCode, &str>) {
        match code {
            Ok(code) => {
                self.code = code;
                self.well_formed.set(WellFormed::CODE, true);
            }
            Err(raw) => {
                self.well_formed.set(WellFormed::CODE, false);
                self.malformed.get_or_insert_with(Default::default).code = raw.into();
            }
        }
    }

    pub fn set_program_index(&mut self, index: Result<ProgramIndex, &str>) {
        match index {
            Ok(index) => {
                self.index = index;
                self.well_formed.set(WellFormed::INDEX, true);
            }
            Err(raw) => {
                self.well_formed.set(WellFormed::INDEX, false);
                self.malformed.get_or_insert_with(Default::default).index = raw.into();
            }
        }
    }

    fn raw(&self, cell: impl Fn(&Malformed) -> &Box<str>) -> &str {
        self.malformed
            .as_deref()
            .map_or("", |malformed| cell(malformed))
    }

    /// The (program_code, program_index) key, when both are well formed.
    pub fn program_row(&self) -> Option<ProgramRow> {
        match (self.program_code(), self.program_index()) {
            (Ok(code), Ok(index)) => Some(ProgramRow { code, index }),
            _ => None,
        }
    }

    /// The program code as written after normalisation, for messages.
    pub fn program_code_text(&self) -> &str {
        match self.program_code() {
            Ok(_) => self.code.as_str(),
            Err(raw) => raw,
        }
    }

    pub fn program_index_text(&self) -> &str {
        match self.program_index() {
            Ok(_) => self.index.as_str(),
            Err(raw) => raw,
        }
    }

    pub fn county_text(&self) -> &str {
        self.county().unwrap_or("")
    }

    /// The county of a DMH-2, DMH-3 or CBR row.
    pub fn county(&self) -> Option<&str> {
        self.claim.as_ref()?.county.as_deref()
    }

    /// The county, to restore its leading zeros (IN008).
    pub fn county_mut(&mut self) -> Option<&mut CompactString> {
        self.claim.as_mut()?.county.as_mut()
    }

    /// The funding source of a row that names one.
    pub fn fund(&self) -> Option<&FundSource> {
        self.claim.as_ref()?.fund.as_ref()
    }

    /// Sets where a row is claimed: its county and funding source.
    pub fn set_claim(&mut self, county: Option<CompactString>, fund: Option<FundSource>) {
        self.claim = (county.is_some() || fund.is_some()).then(|| Box::new(Claim { county, fund }));
    }
}

/// Which of a record's code and index are well formed.
#[derive(Clone, Copy, Debug)]
struct WellFormed(u8);

impl WellFormed {
    const CODE: u8 = 1;
    const INDEX: u8 = 2;

    fn has(self, part: u8) -> bool {
        self.0 & part != 0
    }

    fn set(&mut self, part: u8, well_formed: bool) {
        if well_formed {
            self.0 |= part;
        } else {
            self.0 &= !part;
        }
    }
}

/// The cells of a malformed program code or index, as written.
#[derive(Clone, Debug, Default)]
struct Malformed {
    code: Box<str>,
    index: Box<str>,
}

/// Where a claiming row is claimed.
#[derive(Clone, Debug)]
struct Claim {
    county: Option<CompactString>,
    fund: Option<FundSource>,
}
