//! A running sum of exact amounts. A CFR-1 of 100,000 columns is added up
//! amount by amount into its DMH-1 rows, and exact decimal additions were a
//! tenth of its time; nearly every amount is dollars and cents. So a sum
//! stays a 64-bit mantissa with a scale while the amounts allow it (the
//! scales are aligned as decimal addition aligns them, and the result has
//! the larger scale), and becomes an exact decimal only when they do not.
//! Either way it is, digit for digit and scale for scale, the sum decimal
//! addition gives.

use rust_decimal::Decimal;

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
    pub(super) fn plus(self, value: Decimal) -> Option<Sum> {
        if let Sum::Small { mantissa, scale } = self {
            if let Some(small) = small_plus(mantissa, scale, value) {
                return Some(small);
            }
        }
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

fn small_plus(mantissa: i64, scale: u32, value: Decimal) -> Option<Sum> {
    // Decimal addition gives back the other side, scale and sign as they
    // are, when one side is zero (the left one first); a negative zero is
    // left to it.
    if value.is_zero() && value.is_sign_negative() {
        return None;
    }
    let other = i64::try_from(value.mantissa()).ok()?;
    if mantissa == 0 {
        return Some(Sum::Small {
            mantissa: other,
            scale: value.scale(),
        });
    }
    if other == 0 {
        return Some(Sum::Small { mantissa, scale });
    }
    let other_scale = value.scale();
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
            for value in values {
                exact = exact.and_then(|total| total.checked_add(value));
                sum = sum.and_then(|total| total.plus(value));
                proptest::prop_assert_eq!(exact.is_some(), sum.is_some());
                if let (Some(exact), Some(sum)) = (exact, sum) {
                    proptest::prop_assert_eq!(exact.to_string(), sum.value().to_string());
                    proptest::prop_assert_eq!(exact.scale(), sum.value().scale());
                }
            }
        }
    }
}
