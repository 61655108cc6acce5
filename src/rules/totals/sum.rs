//! A running sum of exact amounts. A CFR-1 of 100,000 columns is added up
//! amount by amount into its DMH-1 rows, and exact decimal additions were a
//! tenth of its time; nearly every amount is dollars and cents. So a sum
//! stays a 64-bit mantissa with a scale while the amounts allow it (the
//! scales are aligned as decimal addition aligns them, and the result has
//! the larger scale), and becomes an exact decimal only when they do not.
//! Either way it is, digit for digit and scale for scale, the sum decimal
//! addition gives.
//!
//! A sum is plain fields, added to in place, so that a running sum stays
//! in registers or is stored field by field: as an enum it was copied
//! whole through memory on every addition, and reading back what had just
//! been written in pieces stalled each one.

use rust_decimal::Decimal;

use crate::model::Parts;

#[derive(Clone, Copy, Debug)]
pub(super) struct Sum {
    /// The sum as a 64-bit mantissa and scale, unless `wide`.
    mantissa: i64,
    scale: u32,
    /// The sum left 64 bits: it is `decimal`.
    wide: bool,
    decimal: Decimal,
}

impl Sum {
    pub(super) const ZERO: Sum = Sum::small(0, 0);

    const fn small(mantissa: i64, scale: u32) -> Sum {
        Sum {
            mantissa,
            scale,
            wide: false,
            decimal: Decimal::ZERO,
        }
    }

    fn exact(decimal: Decimal) -> Sum {
        Sum {
            mantissa: 0,
            scale: 0,
            wide: true,
            decimal,
        }
    }

    /// Adds an amount as a record holds it, without making a decimal of a
    /// packed one; false when the sum is beyond exact decimals (the sum is
    /// then left as it was).
    #[inline(always)]
    pub(super) fn add(&mut self, value: Parts) -> bool {
        if let (false, Parts::Packed { mantissa, scale }) = (self.wide, value) {
            // One scale (dollars and cents, nearly always): a plain addition,
            // which also gives what decimal addition gives for zeros.
            if scale == self.scale {
                if let Some(sum) = self.mantissa.checked_add(mantissa) {
                    self.mantissa = sum;
                    return true;
                }
            } else if let Some((sum, scale)) = zero_plus(self.mantissa, self.scale, mantissa, scale)
            {
                (self.mantissa, self.scale) = (sum, scale);
                return true;
            }
        }
        self.add_slowly(value)
    }

    /// Everything `add` does not do in place: scales to align, a sum that
    /// leaves 64 bits, an amount that did not pack.
    #[inline(never)]
    fn add_slowly(&mut self, value: Parts) -> bool {
        match self.plus(value.decimal()) {
            Some(sum) => {
                *self = sum;
                true
            }
            None => false,
        }
    }

    /// The sum plus `value`; `None` when it is beyond exact decimals.
    fn plus(self, value: Decimal) -> Option<Sum> {
        // A negative zero is left to decimal addition, which knows its sign.
        let small = !(value.is_zero() && value.is_sign_negative());
        match i64::try_from(value.mantissa()) {
            Ok(other) if small && !self.wide => {
                match small_plus(self.mantissa, self.scale, other, value.scale()) {
                    Some((mantissa, scale)) => Some(Sum::small(mantissa, scale)),
                    None => self.exact_plus(value),
                }
            }
            _ => self.exact_plus(value),
        }
    }

    fn exact_plus(self, value: Decimal) -> Option<Sum> {
        self.value().checked_add(value).map(Sum::exact)
    }

    pub(super) fn value(&self) -> Decimal {
        if self.wide {
            self.decimal
        } else {
            Decimal::from_i128_with_scale(i128::from(self.mantissa), self.scale)
        }
    }
}

/// A tolerance as a 64-bit mantissa and scale, for [`Sum::surely_within`].
#[derive(Clone, Copy, Debug)]
pub(super) struct Tolerance {
    mantissa: i64,
    scale: u32,
}

impl Tolerance {
    pub(super) fn of(tolerance: Decimal) -> Option<Tolerance> {
        Some(Tolerance {
            mantissa: i64::try_from(tolerance.mantissa()).ok()?,
            scale: tolerance.scale(),
        })
    }
}

impl Sum {
    /// Whether the sum and `other` differ by at most `tolerance`, when that
    /// is quick to tell (one scale, 64-bit mantissas: a record that adds
    /// up). `false` leaves the question to exact decimals: nearly every
    /// record agrees, and only a disagreement needs them.
    pub(super) fn surely_within(&self, other: Parts, tolerance: Option<Tolerance>) -> bool {
        let (
            Parts::Packed {
                mantissa: other,
                scale: other_scale,
            },
            Some(tolerance),
        ) = (other, tolerance)
        else {
            return false;
        };
        let (mantissa, scale) = (self.mantissa, self.scale);
        if self.wide {
            return false;
        }
        if scale != other_scale || tolerance.mantissa < 0 {
            return false;
        }
        let Some(diff) = other.checked_sub(mantissa).and_then(i64::checked_abs) else {
            return false;
        };
        let within = if tolerance.scale <= scale {
            widen(tolerance.mantissa, scale - tolerance.scale).map(|tolerance| diff <= tolerance)
        } else {
            widen(diff, tolerance.scale - scale).map(|diff| diff <= tolerance.mantissa)
        };
        within == Some(true)
    }
}

/// Decimal addition gives back the other side, scale and sign as they
/// are, when one side is zero (the left one first). (Packed amounts are
/// never a negative zero.)
#[inline(always)]
fn zero_plus(mantissa: i64, scale: u32, other: i64, other_scale: u32) -> Option<(i64, u32)> {
    if mantissa == 0 {
        Some((other, other_scale))
    } else if other == 0 {
        Some((mantissa, scale))
    } else {
        None
    }
}

/// `value` at `by` more decimal places; `None` when that leaves 64 bits.
fn widen(value: i64, by: u32) -> Option<i64> {
    10i64.checked_pow(by)?.checked_mul(value)
}

/// Two mantissas with their scales added as decimal addition adds them, or
/// `None` when the result leaves 64 bits.
fn small_plus(mantissa: i64, scale: u32, other: i64, other_scale: u32) -> Option<(i64, u32)> {
    if scale == other_scale {
        return Some((mantissa.checked_add(other)?, scale));
    }
    if let Some(sum) = zero_plus(mantissa, scale, other, other_scale) {
        return Some(sum);
    }
    let (left, right, scale) = if other_scale >= scale {
        (widen(mantissa, other_scale - scale)?, other, other_scale)
    } else {
        (mantissa, widen(other, scale - other_scale)?, scale)
    };
    Some((left.checked_add(right)?, scale))
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn decimal_strategy() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        prop_oneof![
            (any::<i64>(), 0u32..=28)
                .prop_map(|(m, s)| Decimal::from_i128_with_scale(i128::from(m), s)),
            (-1_000_000_000i64..1_000_000_000, 0u32..=3)
                .prop_map(|(m, s)| Decimal::from_i128_with_scale(i128::from(m), s)),
            Just(Decimal::MAX),
            Just(Decimal::MIN),
            Just(Decimal::from_str("-0.00").unwrap()),
            Just(Decimal::from_str("0.00").unwrap()),
            Just(Decimal::ZERO),
        ]
    }

    proptest::proptest! {
        #[test]
        fn sums_are_what_decimal_addition_gives(values in proptest::collection::vec(decimal_strategy(), 0..12)) {
            let mut exact = Some(Decimal::ZERO);
            let mut sum = Some(Sum::ZERO);
            let mut via_parts = Some(Sum::ZERO);
            for value in values {
                exact = exact.and_then(|total| total.checked_add(value));
                sum = sum.and_then(|total| total.plus(value));
                let packed = i64::try_from(value.mantissa())
                    .ok()
                    .filter(|_| !(value.is_zero() && value.is_sign_negative()))
                    .map(|mantissa| Parts::Packed { mantissa, scale: value.scale() });
                via_parts = via_parts.and_then(|mut total| total.add(packed.unwrap_or(Parts::Wide(value))).then_some(total));
                proptest::prop_assert_eq!(sum.map(|s| s.value().to_string()), via_parts.map(|s| s.value().to_string()));
                proptest::prop_assert_eq!(exact.is_some(), sum.is_some());
                // A quick "they agree" is what exact subtraction says.
                if let (Some(sum), Some(other)) = (sum, packed) {
                    for tolerance in [Decimal::ZERO, Decimal::ONE, Decimal::new(100, 2), Decimal::new(5, 1), Decimal::new(3, 3)] {
                        if sum.surely_within(other, Tolerance::of(tolerance)) {
                            let diff = other.decimal().checked_sub(sum.value());
                            proptest::prop_assert!(diff.is_some_and(|diff| diff.abs() <= tolerance));
                        }
                    }
                }
                if let (Some(exact), Some(sum)) = (exact, sum) {
                    proptest::prop_assert_eq!(exact.to_string(), sum.value().to_string());
                    proptest::prop_assert_eq!(exact.scale(), sum.value().scale());
                }
            }
        }
    }
}
