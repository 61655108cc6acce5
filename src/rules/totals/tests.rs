//! `difference` told in integers as decimal subtraction tells it.

use super::*;

/// `difference` as decimal subtraction alone tells it.
fn by_decimals(left: Decimal, right: Decimal, tolerance: Decimal) -> Option<Option<Decimal>> {
    match left.checked_sub(right) {
        Some(diff) if diff.abs() <= tolerance => None,
        Some(diff) => Some(Some(diff)),
        None => Some(None),
    }
}

fn decimal(mantissa: i64, scale: u32) -> Decimal {
    Decimal::new(mantissa, scale)
}

#[test]
fn agreement_is_told_in_integers_as_in_decimals() {
    let cents = |mantissa| decimal(mantissa, 2);
    for (left, right, tolerance) in [
        (cents(10_000), cents(9_900), cents(100)),
        (cents(10_000), cents(9_899), cents(100)),
        (cents(-5), cents(95), decimal(1, 0)),
        (cents(-5), cents(96), decimal(1, 0)),
        (cents(i64::MAX), cents(i64::MIN), cents(100)),
        (cents(i64::MIN), cents(0), cents(100)),
        (decimal(5, 0), cents(500), cents(100)),
        (cents(5), cents(5), decimal(1, 3)),
        (cents(5), cents(6), decimal(-1, 0)),
        (Decimal::MAX, Decimal::MAX, cents(100)),
    ] {
        assert_eq!(
            difference(left, right, tolerance),
            by_decimals(left, right, tolerance),
            "{left} - {right} within {tolerance}"
        );
    }
}

proptest::proptest! {
    #[test]
    fn differences_are_those_of_decimal_subtraction(
        left in proptest::num::i64::ANY,
        right in proptest::num::i64::ANY,
        near in -300i64..300,
        near_right in proptest::bool::ANY,
        scales in (0u32..4, 0u32..4, 0u32..4),
        tolerance in 0i64..1000,
    ) {
        let (left_scale, right_scale, tolerance_scale) = scales;
        // Half the time two amounts a few cents apart, as totals nearly always are.
        let right = if near_right { left.saturating_add(near) } else { right };
        let (left, right) = (decimal(left, left_scale), decimal(right, right_scale));
        let tolerance = decimal(tolerance, tolerance_scale);
        proptest::prop_assert_eq!(
            difference(left, right, tolerance),
            by_decimals(left, right, tolerance)
        );
    }
}
