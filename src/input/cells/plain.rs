//! The fast reading of the spellings nearly every cell has: amounts
//! (`1234.50`, `$1,234.50`, `-12`), read in one pass over their bytes, and
//! dates spelled `2009-01-01`.

use crate::model::Date;

/// Most digits the fast reading takes: their value fits an `i64`.
const MOST_DIGITS: usize = 18;

/// The longest plain spelling: 18 digits, 5 thousands separators and a point.
const LONGEST: usize = MOST_DIGITS + 5 + 1;

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
    if text.len() > LONGEST {
        return None;
    }
    // One pass, a multiply and a branch per digit: copying the cell into a
    // padded buffer to take its digits eight at a time cost as much as it
    // saved. The mantissa wraps past 18 digits, which are refused below.
    let mut mantissa = 0u64;
    let mut digits = 0;
    // The whole part: digits, or groups of them split by thousands
    // separators, the first of one to three digits, every later one of three.
    let mut grouped = false;
    let mut in_group = 0;
    // The digits before the point, once it is read.
    let mut point = None;
    let whole_part_ok = |grouped: bool, in_group: usize| !grouped || in_group == 3;
    for &byte in text {
        match byte {
            b'0'..=b'9' => {
                mantissa = mantissa
                    .wrapping_mul(10)
                    .wrapping_add(u64::from(byte - b'0'));
                digits += 1;
                in_group += 1;
            }
            b',' if point.is_none() => {
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
            }
            b'.' if point.is_none() => {
                if !whole_part_ok(grouped, in_group) {
                    return None;
                }
                point = Some(digits);
            }
            _ => return None,
        }
    }
    // No digit at all (`$`, `.`) is not plain.
    if digits == 0 || digits > MOST_DIGITS {
        return None;
    }
    if point.is_none() && !whole_part_ok(grouped, in_group) {
        return None;
    }
    let scale = point.map_or(0, |before| digits - before);
    let mantissa = i64::try_from(mantissa).ok()?;
    let mantissa = if negative { -mantissa } else { mantissa };
    Some((mantissa, scale as u32))
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
        assert_eq!(
            plain_amount_parts(b"0000000000000000001"),
            None,
            "19 digits, if only zeros lead"
        );
        // Bytes next to the digits in the ASCII table are not digits.
        for text in [
            ".", "", "-", "1.2.3", "1.", "12a", "1 ", "1/", "1:", "/1", ":1", "1\u{660}",
        ] {
            let expected = (text == "1.").then_some((1, 0));
            assert_eq!(plain_amount_parts(text.as_bytes()), expected, "{text}");
        }
    }
}
