//! The fast reading of the spellings nearly every cell has: amounts
//! (`1234.50`, `$1,234.50`, `-12`), whose digits are taken eight at a time as
//! one machine word (SWAR: SIMD within a register), not one by one. On a
//! 100,000-column CFR-1 the byte-by-byte loop was a tenth of the time.
//! And dates spelled `2009-01-01`.

use crate::model::Date;

/// `10^n` for the eight-digit runs.
const POWERS_OF_TEN: [u64; 9] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
];

/// Most digits the fast reading takes: their value fits an `i64`.
const MOST_DIGITS: usize = 18;

/// The spellings of nearly every amount cell: `1234.50`, `-12`, and as
/// Excel's currency format writes them, `$1,234.50` and `-$1,234.50` (a
/// `-`, then a `$`, then digits whose thousands separators group by three,
/// at most one point, at most 18 digits, no white space), as the mantissa
/// and scale of their decimal. `None` for anything else, which the full
/// reader reads (and gives the same value for these).
pub fn plain_amount_parts(cell: &[u8]) -> Option<(i64, u32)> {
    let (negative, text) = match cell {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, cell),
    };
    let text = text.strip_prefix(b"$").unwrap_or(text);
    let mut number = Number::of(text)?;

    // The whole part: digits, or groups of them split by thousands
    // separators, the first of one to three digits, every later one of three.
    let mut grouped = false;
    let mut in_group = 0;
    loop {
        let taken = number.take_run()?;
        in_group += taken;
        if taken == 8 {
            continue;
        }
        if number.byte() != b',' {
            break;
        }
        let group_ok = if grouped {
            in_group == 3
        } else {
            (1..=3).contains(&in_group)
        };
        if !group_ok {
            return None;
        }
        grouped = true;
        in_group = 0;
        number.at += 1;
    }
    if grouped && in_group != 3 {
        return None;
    }

    let mut scale = 0;
    if number.byte() == b'.' {
        number.at += 1;
        loop {
            let taken = number.take_run()?;
            scale += taken;
            if taken < 8 {
                break;
            }
        }
    }
    // Anything after the digits, or no digit at all (`$`, `.`), is not plain.
    if number.at != number.len || number.digits == 0 {
        return None;
    }
    let mantissa = i64::try_from(number.mantissa).ok()?;
    let mantissa = if negative { -mantissa } else { mantissa };
    Some((mantissa, scale as u32))
}

/// The digits read so far and where reading stands, in a copy of the
/// text with zeros after its end, so that every eight bytes from where
/// reading stands are one load (a zero byte is no digit).
struct Number {
    text: [u8; PADDED],
    len: usize,
    mantissa: u64,
    digits: usize,
    at: usize,
}

/// The longest plain spelling: 18 digits, 5 thousands separators and a
/// point; and eight bytes after it to load.
const LONGEST: usize = MOST_DIGITS + 5 + 1;
const PADDED: usize = LONGEST + 8;

impl Number {
    /// `None` for a text too long to be plain.
    fn of(text: &[u8]) -> Option<Number> {
        if text.len() > LONGEST {
            return None;
        }
        let mut padded = [0u8; PADDED];
        padded[..text.len()].copy_from_slice(text);
        Some(Number {
            text: padded,
            len: text.len(),
            mantissa: 0,
            digits: 0,
            at: 0,
        })
    }

    /// The byte where reading stands (zero at the end).
    fn byte(&self) -> u8 {
        self.text[self.at]
    }

    /// Takes the run of up to eight digits where reading stands into the
    /// mantissa, and says how many there were; `None` past the eighteenth.
    fn take_run(&mut self) -> Option<usize> {
        let mut word = [0u8; 8];
        word.copy_from_slice(&self.text[self.at..self.at + 8]);
        let (value, taken) = digit_run(u64::from_le_bytes(word));
        self.digits += taken;
        if self.digits > MOST_DIGITS {
            return None;
        }
        self.mantissa = self.mantissa * POWERS_OF_TEN[taken] + value;
        self.at += taken;
        Some(taken)
    }
}

/// The value of the run of ASCII digits that a little-endian word of
/// eight bytes starts with, and how many there were.
fn digit_run(word: u64) -> (u64, usize) {
    // A byte is a digit when it is 0x30 to 0x39: its high nibble 3, its
    // low nibble below ten (adding six does not carry into bit 4). The
    // lanes cannot carry into each other: a low nibble plus six is 21 at most.
    let flipped = word ^ 0x3030_3030_3030_3030;
    let values = flipped & 0x0F0F_0F0F_0F0F_0F0F;
    let not_digit = (flipped & 0xF0F0_F0F0_F0F0_F0F0)
        | (values.wrapping_add(0x0606_0606_0606_0606) & 0x1010_1010_1010_1010);
    // The first byte is the lowest lane.
    let taken = (not_digit.trailing_zeros() / 8) as usize;
    if taken == 0 {
        return (0, 0);
    }
    // The run's digits moved to the top lanes, zeros below: leading zeros.
    (eight_digits(values << (8 * (8 - taken))), taken)
}

/// The number that eight digit values spell, the first (most significant)
/// in the lowest lane: pairs, then fours, then all eight, each step
/// combining neighbouring lanes with one multiplication.
fn eight_digits(values: u64) -> u64 {
    let pairs = (values.wrapping_mul(10) + (values >> 8)) & 0x00FF_00FF_00FF_00FF;
    let fours = (pairs.wrapping_mul(100) + (pairs >> 16)) & 0x0000_FFFF_0000_FFFF;
    (fours.wrapping_mul(10_000) + (fours >> 32)) & 0xFFFF_FFFF
}

/// The date of a cell spelled exactly `YYYY-MM-DD`, as nearly every heading
/// cell is (a day that is no date is `Some(None)`); `None` for any other
/// spelling, which `parse_date` reads in full, and reads alike. The
/// general reading splits the text three ways and was 1% of a corpus check.
pub(super) fn plain_date(cell: &[u8]) -> Option<Option<Date>> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = cell else {
        return None;
    };
    let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = |digits: &[u8]| {
        digits
            .iter()
            .fold(0u16, |value, digit| value * 10 + u16::from(digit - b'0'))
    };
    let month = value(&digits[4..6]) as u8;
    let day = value(&digits[6..8]) as u8;
    Some(Date::new(value(&digits[..4]), month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run of digits a text starts with, as `Number` loads it.
    fn run(text: &str) -> (u64, usize) {
        let mut word = [0u8; 8];
        let bytes = &text.as_bytes()[..text.len().min(8)];
        word[..bytes.len()].copy_from_slice(bytes);
        digit_run(u64::from_le_bytes(word))
    }

    #[test]
    fn runs_of_digits_read_eight_at_a_time() {
        assert_eq!(run("12345678"), (12_345_678, 8));
        assert_eq!(run("123456789"), (12_345_678, 8));
        assert_eq!(run("855696.08"), (855_696, 6));
        assert_eq!(run("08"), (8, 2));
        assert_eq!(run("00000001"), (1, 8));
        assert_eq!(run("1,234"), (1, 1));
        assert_eq!(run("x1"), (0, 0));
        assert_eq!(run(""), (0, 0));
        // Bytes next to the digits in the ASCII table are not digits.
        assert_eq!(run("1/"), (1, 1));
        assert_eq!(run("1:"), (1, 1));
        assert_eq!(run("1\u{660}"), (1, 1));
    }

    #[test]
    fn plain_spellings_read_as_mantissa_and_scale() {
        assert_eq!(plain_amount_parts(b"855696.08"), Some((85_569_608, 2)));
        assert_eq!(
            plain_amount_parts(b"123456789012345678"),
            Some((123_456_789_012_345_678, 0))
        );
        assert_eq!(plain_amount_parts(b"1234567890123456789"), None);
        assert_eq!(
            plain_amount_parts(b"12345678.123456789"),
            Some((12_345_678_123_456_789, 9))
        );
        assert_eq!(plain_amount_parts(b"5."), Some((5, 0)));
        assert_eq!(plain_amount_parts(b".5"), Some((5, 1)));
        assert_eq!(plain_amount_parts(b"-0.00"), Some((0, 2)));
        for text in [".", "", "-", "1.2.3", "1.", "12a", "1 "] {
            let expected = (text == "1.").then_some((1, 0));
            assert_eq!(plain_amount_parts(text.as_bytes()), expected, "{text}");
        }
    }
}
