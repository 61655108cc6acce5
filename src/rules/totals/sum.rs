//! A running sum of exact amounts. A CFR-1 of 100,000 columns is added up
//! amount by amount into its DMH-1 rows, and exact decimal additions were a
//! tenth of its time; nearly every amount is dollars and cents. So a sum
//! stays a 64-bit mantissa with a scale while the amounts allow it (the
//! scales are aligned as decimal addition aligns them, and the result has
//! the larger scale), and becomes an exact decimal only when they do not.
//! Either way it is, digit for digit and scale for scale, the sum decimal
//! addition gives.

use rust_decimal::Decimal;

use crate::model::Parts;

#[derive(Clone, Copy, Debug)]
pub(super) enum Sum {
    Small { mantissa: i64, scale: u32 },
    Exact(Decimal),
}

impl Sum {
    pub(super) const ZERO: Sum = Sum::Small {
        mantissa: 0,
        scale: 0,
    };

    /// The sum plus `value`; `None` when it is beyond exact decimals.
    fn plus(self, value: Decimal) -> Option<Sum> {
        // A negative zero is left to decimal addition, which knows its sign.
        let small = !(value.is_zero() && value.is_sign_negative());
        match (self, i64::try_from(value.mantissa())) {
            (Sum::Small { mantissa, scale }, Ok(other)) if small => {
                small_plus(mantissa, scale, other, value.scale())
                    .map_or_else(|| self.exact_plus(value), Some)
            }
            _ => self.exact_plus(value),
        }
    }

    /// The sum plus an amount as a record holds it, without making a
    /// decimal of a packed one.
    pub(super) fn plus_parts(self, value: Parts) -> Option<Sum> {
        match (self, value) {
            (
                Sum::Small { mantissa, scale },
                Parts::Packed {
                    mantissa: other,
                    scale: other_scale,
                },
            ) => small_plus(mantissa, scale, other, other_scale)
                .map_or_else(|| self.exact_plus(value.decimal()), Some),
            _ => self.plus(value.decimal()),
        }
    }

    fn exact_plus(self, value: Decimal) -> Option<Sum> {
        self.value().checked_add(value).map(Sum::Exact)
    }

    pub(super) fn value(self) -> Decimal {
        match self {
            Sum::Small { mantissa, scale } => {
                Decimal::from_i128_with_scale(i128::from(mantissa), scale)
            }
            Sum::Exact(value) => value,
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
    pub(super) fn surely_within(self, other: Parts, tolerance: Option<Tolerance>) -> bool {
        let (
            Sum::Small { mantissa, scale },
            Parts::Packed {
                mantissa: other,
                scale: other_scale,
            },
            Some(tolerance),
        ) = (self, other, tolerance)
        else {
            return false;
        };
        if scale != other_scale || tolerance.mantissa < 0 {
            return false;
        }
        let Some(diff) = other.checked_sub(mantissa).and_then(i64::checked_abs) else {
            return false;
        };
        let widen = |value: i64, by: u32| 10i64.checked_pow(by)?.checked_mul(value);
        let within = if tolerance.scale <= scale {
            widen(tolerance.mantissa, scale - tolerance.scale).map(|tolerance| diff <= tolerance)
        } else {
            widen(diff, tolerance.scale - scale).map(|diff| diff <= tolerance.mantissa)
        };
        within == Some(true)
    }
}

/// Two mantissas with their scales added as decimal addition adds them, or
/// `None` when the result leaves 64 bits. (Packed amounts are never a
/// negative zero.)
fn small_plus(mantissa: i64, scale: u32, other: i64, other_scale: u32) -> Option<Sum> {
    // One scale (dollars and cents, nearly always): a plain addition, which
    // also gives what the rules for zeros below give.
    if scale == other_scale {
        return Some(Sum::Small {
            mantissa: mantissa.checked_add(other)?,
            scale,
        });
    }
    // Decimal addition gives back the other side, scale and sign as they
    // are, when one side is zero (the left one first).
    if mantissa == 0 {
        return Some(Sum::Small {
            mantissa: other,
            scale: other_scale,
        });
    }
    if other == 0 {
        return Some(Sum::Small { mantissa, scale });
    }
    let widen = |mantissa: i64, by: u32| 10i64.checked_pow(by)?.checked_mul(mantissa);
    let (left, right, scale) = if other_scale >= scale {
        (widen(mantissa, other_scale - scale)?, other, other_scale)
    } else {
        (mantissa, widen(other, scale - other_scale)?, scale)
    };
    Some(Sum::Small {
        mantissa: left.checked_add(right)?,
        scale,
    })
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
                via_parts = via_parts.and_then(|total| total.plus_parts(packed.unwrap_or(Parts::Wide(value))));
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
