//! The amounts of one record, stored compactly and exactly.
//!
//! A record has up to twelve amounts. Exact decimals are 16 bytes each, and
//! a CFR-1 of 100,000 columns holds 1.2 million of them, so most of a big
//! filing's memory was amounts. Nearly every amount a preparer writes is
//! dollars and cents (`1234.50`, `$1,234`): a mantissa far inside 59 bits
//! with a scale of at most 28. Such an amount is packed into one `i64`:
//! the mantissa shifted left by five bits, the scale in the low five. Any
//! other value (a mantissa too wide, a negative zero) is kept as the exact
//! decimal it was, in a side array boxed only for the records that need
//! one. Either way `get` gives back the decimal that was `set`, digit for
//! digit and scale for scale, so every sum and every message is what it
//! was with plain decimals.

use rust_decimal::Decimal;

use super::Amount;

const SCALE_BITS: u32 = 5;
const SCALE_MASK: i64 = (1 << SCALE_BITS) - 1;
/// The widest mantissa that still leaves room for the scale bits.
const MAX_PACKED: i128 = (i64::MAX >> SCALE_BITS) as i128;
const MIN_PACKED: i128 = (i64::MIN >> SCALE_BITS) as i128;

#[derive(Clone, Debug, Default)]
pub struct Amounts {
    packed: [i64; Amount::COUNT],
    /// Bit `a` set: amount `a` is in `wide`, not in `packed`.
    wide_mask: u16,
    wide: Option<Box<[Decimal; Amount::COUNT]>>,
}

impl Amounts {
    pub fn get(&self, amount: Amount) -> Decimal {
        let slot = amount as usize;
        if self.wide_mask & (1 << slot) != 0 {
            if let Some(wide) = &self.wide {
                return wide[slot];
            }
        }
        let packed = self.packed[slot];
        // The scale is at most 28 by construction (Decimal's own limit).
        Decimal::from_i128_with_scale(
            i128::from(packed >> SCALE_BITS),
            (packed & SCALE_MASK) as u32,
        )
    }

    pub fn set(&mut self, amount: Amount, value: Decimal) {
        let slot = amount as usize;
        let mantissa = value.mantissa();
        let exact = (MIN_PACKED..=MAX_PACKED).contains(&mantissa)
            && !(mantissa == 0 && value.is_sign_negative());
        if exact {
            self.packed[slot] = ((mantissa as i64) << SCALE_BITS) | i64::from(value.scale());
            self.wide_mask &= !(1 << slot);
        } else {
            self.wide.get_or_insert_with(Default::default)[slot] = value;
            self.wide_mask |= 1 << slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    #[test]
    fn every_decimal_comes_back_digit_for_digit() {
        let written = [
            "0",
            "0.00",
            "-0",
            "-0.00",
            "1234.50",
            "1234",
            "-1234.567",
            "12.3456789012345678901234567",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "4503599627370495",
            "4503599627370496",
            "-4503599627370496",
            "-4503599627370497",
            "0.0000000000000000000000000001",
        ];
        for text in written {
            let value = Decimal::from_str(text).unwrap();
            let mut amounts = Amounts::default();
            amounts.set(Amount::Otps, value);
            let back = amounts.get(Amount::Otps);
            assert_eq!(back.to_string(), value.to_string(), "{text}");
            assert_eq!(back.scale(), value.scale(), "{text}");
            assert_eq!(back.is_sign_negative(), value.is_sign_negative(), "{text}");
            assert_eq!(amounts.get(Amount::Revenues), Decimal::ZERO);
        }
    }

    #[test]
    fn a_packed_amount_replaces_a_wide_one() {
        let mut amounts = Amounts::default();
        amounts.set(Amount::Otps, Decimal::MAX);
        amounts.set(Amount::Otps, Decimal::new(125, 2));
        assert_eq!(amounts.get(Amount::Otps).to_string(), "1.25");
    }
}
