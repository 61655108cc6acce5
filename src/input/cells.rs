//! Reading single cells the way spreadsheets write them: `$1,234.00`,
//! `(1,234)`, codes whose leading zeros Excel stripped, `1/1/2009`.
//! Nothing here allocates for a well-formed cell.

use compact_str::CompactString;
use rust_decimal::Decimal;

use crate::model::{Date, FundSource, ProgramCode, ProgramIndex};

mod plain;

pub use plain::plain_amount_parts;
use plain::plain_date;

/// A value read from a cell, and whether a spreadsheet had mangled it
/// (leading zeros stripped) so that it had to be restored (IN008).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalised<T> {
    pub value: T,
    pub restored: bool,
}

/// Most significant digits an amount may have (rust_decimal holds 28).
pub const MAX_DIGITS: usize = 27;

/// Why a cell is not an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAnAmount {
    /// Not a number in any accepted spelling (`#REF!`, `12a`, `1.2.3`).
    Unreadable,
    /// A number with more digits than exact arithmetic holds.
    TooLarge,
}

/// Parses a dollar amount: `1234`, `1234.50`, `1234.`, `+1234`, `1,234`,
/// `$1,234.00`, `-1234`, `(1,234)` (negative), the accounting formats Excel
/// writes (`$ (1,234.00)`, `($1,234.00)`, and `$ -` or `-` for zero), with
/// surrounding white space of any kind (a non-breaking space too); empty
/// means zero. `None` for anything else (`#REF!`, `12a`, `1.2.3`).
pub fn parse_amount(cell: &[u8]) -> Option<Decimal> {
    read_amount(cell).ok()
}

/// As [`parse_amount`], saying why a cell is not an amount.
pub fn read_amount(cell: &[u8]) -> Result<Decimal, NotAnAmount> {
    match plain_amount(cell) {
        Some(amount) => Ok(amount),
        None => read_any_amount(cell),
    }
}

/// The spellings nearly every amount cell has (see [`plain_amount_parts`]),
/// as a decimal.
fn plain_amount(cell: &[u8]) -> Option<Decimal> {
    let (mantissa, scale) = plain_amount_parts(cell)?;
    Some(Decimal::new(mantissa, scale))
}

/// Any spelling of an amount (see [`parse_amount`]).
fn read_any_amount(cell: &[u8]) -> Result<Decimal, NotAnAmount> {
    use NotAnAmount::Unreadable;
    let mut text = trim(cell);
    if text.is_empty() {
        return Ok(Decimal::ZERO);
    }
    let mut negative = false;
    let sign = |negative: &mut bool| {
        if *negative {
            Err(Unreadable)
        } else {
            *negative = true;
            Ok(())
        }
    };
    // `$ (1,234.00)`: Excel's accounting format puts the currency sign outside.
    if let [b'$', rest @ ..] = text {
        if trim(rest).starts_with(b"(") {
            text = trim(rest);
        }
    }
    if let [b'(', inner @ .., b')'] = text {
        sign(&mut negative)?;
        text = trim(inner);
    }
    if let [b'-', rest @ ..] = text {
        sign(&mut negative)?;
        text = trim(rest);
    } else if let [b'+', rest @ ..] = text {
        text = rest;
    }
    if let [b'$', rest @ ..] = text {
        text = trim(rest);
        // `$-5` is how some exports spell a negative dollar amount.
        if let [b'-', rest @ ..] = text {
            sign(&mut negative)?;
            text = trim(rest);
        }
    }
    // A lone dash (`-`, `$ -`, `$ (-)`) is how the accounting format shows zero.
    if text.is_empty() {
        return if negative && !cell.contains(&b'(') {
            Ok(Decimal::ZERO)
        } else {
            Err(Unreadable)
        };
    }
    let (whole, fraction) = match text.iter().position(|&b| b == b'.') {
        Some(dot) => (&text[..dot], Some(&text[dot + 1..])),
        None => (text, None),
    };
    let mut mantissa: i128 = 0;
    let mut digits = 0usize;
    if whole.is_empty() && fraction.is_none_or(<[u8]>::is_empty) {
        return Err(Unreadable);
    }
    if !whole_part(whole, &mut mantissa, &mut digits) {
        return Err(Unreadable);
    }
    let mut scale = 0u32;
    for &byte in fraction.unwrap_or_default() {
        if !byte.is_ascii_digit() {
            return Err(Unreadable);
        }
        push_digit(&mut mantissa, &mut digits, byte);
        scale += 1;
    }
    if digits > MAX_DIGITS || scale > MAX_DIGITS as u32 {
        return Err(NotAnAmount::TooLarge);
    }
    if negative {
        mantissa = -mantissa;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| NotAnAmount::TooLarge)
}

/// Digits with optional thousands separators, which must then group by three.
fn whole_part(whole: &[u8], mantissa: &mut i128, digits: &mut usize) -> bool {
    let grouped = whole.contains(&b',');
    let mut since_comma: Option<usize> = None;
    for (at, &byte) in whole.iter().enumerate() {
        match byte {
            b'0'..=b'9' => {
                push_digit(mantissa, digits, byte);
                if let Some(count) = since_comma.as_mut() {
                    *count += 1;
                }
            }
            b',' => {
                let first_group_ok = since_comma.is_some() || (1..=3).contains(&at);
                if !first_group_ok || since_comma.is_some_and(|count| count != 3) {
                    return false;
                }
                since_comma = Some(0);
            }
            _ => return false,
        }
    }
    !grouped || since_comma == Some(3)
}

fn push_digit(mantissa: &mut i128, digits: &mut usize, byte: u8) {
    if *digits > 0 || byte != b'0' {
        *digits += 1;
    }
    if *digits <= MAX_DIGITS {
        *mantissa = *mantissa * 10 + i128::from(byte - b'0');
    }
}

/// Trims white space of every kind a spreadsheet writes: ASCII, and the
/// non-breaking (U+00A0), narrow and thin spaces (U+202F, U+2009) that
/// Excel's number formats and pasted web tables put around numbers.
fn trim(cell: &[u8]) -> &[u8] {
    let mut cell = cell.trim_ascii();
    // Every one of those spaces starts and ends with a non-ASCII byte: a
    // cell that does not is trimmed already (nearly every cell).
    if cell.first().is_none_or(u8::is_ascii) && cell.last().is_none_or(u8::is_ascii) {
        return cell;
    }
    loop {
        let before = cell.len();
        for space in UNICODE_SPACES {
            cell = cell.strip_prefix(space).unwrap_or(cell);
            cell = cell.strip_suffix(space).unwrap_or(cell);
        }
        cell = cell.trim_ascii();
        if cell.len() == before {
            return cell;
        }
    }
}

/// `str::trim`, answered at once for the usual cell: one whose first and
/// last bytes are visible ASCII characters has nothing to trim, and
/// `str::trim` decodes characters to find that out (a few percent of
/// reading a big CFR-1, where it runs on half a dozen cells per record).
pub fn trim_text(cell: &str) -> &str {
    match (cell.as_bytes().first(), cell.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => cell,
        _ => cell.trim(),
    }
}

/// UTF-8 spellings of the non-ASCII spaces that [`trim`] removes.
const UNICODE_SPACES: [&[u8]; 4] = [
    "\u{a0}".as_bytes(),
    "\u{2009}".as_bytes(),
    "\u{202f}".as_bytes(),
    "\u{2007}".as_bytes(),
];

/// Whether a cell holds nothing but white space (a blank spreadsheet cell).
pub fn is_blank(cell: &[u8]) -> bool {
    trim(cell).is_empty()
}

/// A program code: four digits; one to three digits are a code whose leading
/// zeros a spreadsheet stripped (`890` is `0890`).
pub fn parse_program_code(cell: &str) -> Option<Normalised<ProgramCode>> {
    let cell = trim_text(cell);
    if cell.is_empty() || cell.len() > 4 || !cell.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits = [b'0'; 4];
    digits[4 - cell.len()..].copy_from_slice(cell.as_bytes());
    let text = std::str::from_utf8(&digits).ok()?;
    Some(Normalised {
        value: ProgramCode::from_digits(text)?,
        restored: cell.len() < 4,
    })
}

/// A program index: empty, `00`-`99` (a lone digit is one whose zero was
/// stripped), or `A0`-`A9`, case-insensitively.
pub fn parse_program_index(cell: &str) -> Option<Normalised<ProgramIndex>> {
    let cell = trim_text(cell);
    let index = |first, second, restored| {
        Some(Normalised {
            value: ProgramIndex::from_chars(first, second),
            restored,
        })
    };
    match cell.as_bytes() {
        [] => Some(Normalised {
            value: ProgramIndex::NONE,
            restored: false,
        }),
        [digit] if digit.is_ascii_digit() => index(b'0', *digit, true),
        [first, second] if first.is_ascii_digit() && second.is_ascii_digit() => {
            index(*first, *second, false)
        }
        [letter, digit] if letter.eq_ignore_ascii_case(&b'A') && digit.is_ascii_digit() => {
            index(b'A', *digit, false)
        }
        _ => None,
    }
}

/// A funding source from the `fund_source` cell and the `fund_index` cell.
/// `001A`, `001 A` and `001-A` in the code cell mean code 001 index A, except
/// for codes that end in a letter themselves (`170B`, listed in
/// `lettered_codes`). Numeric codes shorter than three digits had their
/// leading zeros stripped (`1` is `001`). `None` when both cells are empty.
pub fn parse_fund_source(
    code_cell: &str,
    index_cell: &str,
    lettered_codes: &[CompactString],
) -> Option<Normalised<FundSource>> {
    let cleaned = trim_text(code_cell);
    let index_cell = trim_text(index_cell);
    if cleaned.is_empty() && index_cell.is_empty() {
        return None;
    }
    let upper = CompactString::from(cleaned).to_ascii_uppercase();
    let digits = upper.bytes().take_while(u8::is_ascii_digit).count();
    let (number, rest) = upper.split_at(digits);
    let suffix = rest.trim_start_matches([' ', '-', '_']);
    let separated = suffix.len() < rest.len();
    let mut restored = false;
    let mut code = if digits > 0 && digits < 3 {
        restored = true;
        let mut padded = CompactString::from("000"[..3 - digits].to_string());
        padded.push_str(number);
        padded
    } else {
        CompactString::from(number)
    };
    let mut index =
        (!index_cell.is_empty()).then(|| CompactString::from(index_cell).to_ascii_uppercase());
    let letter_suffix = !suffix.is_empty() && suffix.bytes().all(|b| b.is_ascii_alphabetic());
    if digits == 0 || !(suffix.is_empty() || letter_suffix) {
        // Not a recognisable code: keep the cell as written for FS001 to report.
        return Some(Normalised {
            value: FundSource { code: upper, index },
            restored: false,
        });
    }
    if letter_suffix {
        let mut lettered = code.clone();
        lettered.push_str(suffix);
        if !separated && lettered_codes.contains(&lettered) {
            code = lettered;
        } else if index.is_none() {
            index = Some(suffix.into());
        }
    }
    Some(Normalised {
        value: FundSource { code, index },
        restored,
    })
}

/// A date as `YYYY-MM-DD` or `M/D/YYYY` (also `MM/DD/YYYY`).
/// A time of day after the date (`1/1/2009 0:00`, `2009-01-01 00:00:00`,
/// `2009-01-01T00:00`), as Excel writes date cells, is ignored.
pub fn parse_date(cell: &str) -> Option<Date> {
    plain_date(cell.as_bytes()).unwrap_or_else(|| parse_any_date(cell))
}

/// [`parse_date`] without the fast reading of `YYYY-MM-DD`.
fn parse_any_date(cell: &str) -> Option<Date> {
    let cell = trim_text(cell);
    let cell = match cell.split_once([' ', 'T']) {
        Some((date, time)) if is_time_of_day(time.trim()) => date,
        _ => cell,
    };
    let number = |part: &str, max_len: usize| -> Option<u16> {
        (!part.is_empty() && part.len() <= max_len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let dashed = cell.contains('-');
    let mut parts = cell.split(if dashed { '-' } else { '/' });
    let parts = (parts.next(), parts.next(), parts.next(), parts.next());
    let (year, month, day) = match (dashed, parts) {
        (true, (Some(year), Some(month), Some(day), None)) if year.len() == 4 => {
            (number(year, 4)?, number(month, 2)?, number(day, 2)?)
        }
        (false, (Some(month), Some(day), Some(year), None)) if year.len() == 4 => {
            (number(year, 4)?, number(month, 2)?, number(day, 2)?)
        }
        _ => return None,
    };
    Date::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
}

/// `0:00`, `00:00:00`, `12:00 AM`, `00:00:00.000`.
fn is_time_of_day(text: &str) -> bool {
    let clock = text
        .strip_suffix("AM")
        .or_else(|| text.strip_suffix("PM"))
        .or_else(|| text.strip_suffix("am"))
        .or_else(|| text.strip_suffix("pm"))
        .unwrap_or(text)
        .trim_end();
    let mut parts = clock.split(':');
    let hours = parts.next().unwrap_or("");
    let minutes = parts.next();
    let digits = |part: &str| {
        let whole = part.split('.').next().unwrap_or("");
        (1..=2).contains(&whole.len()) && part.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    };
    digits(hours) && minutes.is_some_and(digits) && parts.all(digits)
}

#[cfg(test)]
mod tests;
