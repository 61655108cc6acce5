//! One record (row) of a schedule, as the rules read it.

use std::sync::Arc;

use compact_str::CompactString;
use rust_decimal::Decimal;

use super::amounts::Wide;
use super::{Amount, Amounts, FundSource, Parts, ProgramCode, ProgramIndex, ProgramRow};

/// One record (row) of a schedule file.
///
/// A filing's records are all held while it is checked, so a record is
/// kept small (a CFR-1 of 100,000 columns is 100,000 of them): amounts are
/// packed (`Amounts`), and what most records lack is in one box (`Extras`:
/// the county and funding source of a claiming row, which CFR-1 and DMH-1
/// have none of; amounts that do not pack; the raw cells of a malformed
/// code or index).
#[derive(Clone, Debug)]
pub struct Record {
    /// 1-based physical line in the file (the header is line 1); four
    /// bytes hold it, as a file is at most 128 MB.
    line: u32,
    code: ProgramCode,
    index: ProgramIndex,
    /// Whether `code` and `index` hold what the cells said; when not, the
    /// raw cells are in the extras (PC001, IX001).
    well_formed: WellFormed,
    /// Shared with the other records that write the same name.
    pub program_name: Option<Arc<str>>,
    pub site: Option<CompactString>,
    amounts: Amounts,
    extras: Option<Box<Extras>>,
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
            program_name: None,
            site: None,
            amounts: Amounts::default(),
            extras: None,
            unreadable: 0,
        }
    }

    /// 1-based physical line in the file (the header is line 1).
    pub fn line(&self) -> u64 {
        u64::from(self.line)
    }

    /// Moves the record `lines` lines further into its file: a part of a
    /// file read on its own counts its lines from where it starts.
    pub fn shift_line(&mut self, lines: u64) {
        self.line = u32::try_from(self.line() + lines).unwrap_or(u32::MAX);
    }

    /// The amount, `None` when the cell could not be read (already reported).
    pub fn amount(&self, amount: Amount) -> Option<Decimal> {
        self.amount_parts(amount).map(Parts::decimal)
    }

    /// The amount as it is held, for sums (see [`Parts`]); `None` as `amount`.
    pub fn amount_parts(&self, amount: Amount) -> Option<Parts> {
        let wide = self
            .extras
            .as_ref()
            .and_then(|extras| extras.wide.as_deref());
        (self.unreadable & (1 << amount as u16) == 0).then(|| self.amounts.parts(amount, wide))
    }

    /// `set_amount` of `Decimal::new(mantissa, scale)`, without making it.
    pub fn set_amount_parts(&mut self, amount: Amount, mantissa: i64, scale: u32) {
        if !self.amounts.set_parts(amount, mantissa, scale) {
            self.hold_wide(amount, Decimal::new(mantissa, scale));
        }
        self.unreadable &= !(1 << amount as u16);
    }

    pub fn set_amount(&mut self, amount: Amount, value: Option<Decimal>) {
        match value {
            Some(value) => {
                if !self.amounts.set(amount, value) {
                    self.hold_wide(amount, value);
                }
                self.unreadable &= !(1 << amount as u16);
            }
            None => self.unreadable |= 1 << amount as u16,
        }
    }

    /// Keeps an amount that did not pack in the side array.
    fn hold_wide(&mut self, amount: Amount, value: Decimal) {
        self.extras().wide.get_or_insert_with(Default::default)[amount as usize] = value;
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
        if let Ok(code) = code {
            self.code = code;
        }
        self.set_well_formed(WellFormed::CODE, code.err(), |malformed| {
            &mut malformed.code
        });
    }

    pub fn set_program_index(&mut self, index: Result<ProgramIndex, &str>) {
        if let Ok(index) = index {
            self.index = index;
        }
        self.set_well_formed(WellFormed::INDEX, index.err(), |malformed| {
            &mut malformed.index
        });
    }

    /// Marks the code or the index well formed, or keeps its raw cell.
    fn set_well_formed(
        &mut self,
        part: u8,
        raw: Option<&str>,
        cell: impl FnOnce(&mut Malformed) -> &mut Box<str>,
    ) {
        self.well_formed.set(part, raw.is_none());
        if let Some(raw) = raw {
            let malformed = self.extras().malformed.get_or_insert_with(Default::default);
            *cell(malformed) = raw.into();
        }
    }

    fn raw(&self, cell: impl Fn(&Malformed) -> &Box<str>) -> &str {
        let malformed = self
            .extras
            .as_ref()
            .and_then(|extras| extras.malformed.as_deref());
        malformed.map_or("", |malformed| cell(malformed))
    }

    fn extras(&mut self) -> &mut Extras {
        self.extras.get_or_insert_with(Default::default)
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
        self.extras.as_ref()?.county.as_deref()
    }

    /// The county, to restore its leading zeros (IN008).
    pub fn county_mut(&mut self) -> Option<&mut CompactString> {
        self.extras.as_mut()?.county.as_mut()
    }

    /// The funding source of a row that names one.
    pub fn fund(&self) -> Option<&FundSource> {
        self.extras.as_ref()?.fund.as_ref()
    }

    /// Sets where a row is claimed: its county and funding source.
    pub fn set_claim(&mut self, county: Option<CompactString>, fund: Option<FundSource>) {
        if county.is_some() || fund.is_some() || self.extras.is_some() {
            let extras = self.extras();
            extras.county = county;
            extras.fund = fund;
        }
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

/// What most records lack (see `Record`).
#[derive(Clone, Debug, Default)]
struct Extras {
    /// Where a claiming row is claimed.
    county: Option<CompactString>,
    fund: Option<FundSource>,
    /// The amounts that do not pack, by `Amount`.
    wide: Option<Box<Wide>>,
    malformed: Option<Box<Malformed>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_most_records_lack_is_kept_when_one_has_it() {
        let mut record = Record::new(7);
        assert_eq!(record.line(), 7);
        assert_eq!(record.program_code(), Err(""));
        assert_eq!(record.program_index(), Ok(ProgramIndex::NONE));
        record.set_program_code(Err("60 70"));
        record.set_program_index(Err("1A"));
        let huge = Decimal::MAX;
        let negative_zero = Decimal::from_parts(0, 0, 0, true, 2);
        record.set_amount(Amount::Otps, Some(huge));
        record.set_amount(Amount::Revenues, Some(negative_zero));
        record.set_amount(Amount::Property, Some(Decimal::new(12345, 2)));
        record.set_amount(Amount::Equipment, None);
        record.set_claim(Some("01".into()), None);
        assert_eq!(record.program_code(), Err("60 70"));
        assert_eq!(record.program_index_text(), "1A");
        assert_eq!(record.program_row(), None);
        assert_eq!(record.amount(Amount::Otps), Some(huge));
        let revenues = record.amount(Amount::Revenues).expect("readable");
        assert_eq!(revenues.to_string(), negative_zero.to_string());
        assert_eq!(
            revenues.is_sign_negative(),
            negative_zero.is_sign_negative()
        );
        assert_eq!(
            record
                .amount(Amount::Property)
                .map(|d| d.to_string())
                .as_deref(),
            Some("123.45")
        );
        assert_eq!(record.amount(Amount::Equipment), None);
        assert_eq!(record.county(), Some("01"));
        assert_eq!(record.fund(), None);
        // A well-formed code replaces the raw cell.
        record.set_program_code(Ok(ProgramCode::from_digits("6070").expect("code")));
        assert_eq!(record.program_code_text(), "6070");
    }
}
