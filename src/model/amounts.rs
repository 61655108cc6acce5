//! The amounts of one record, stored compactly and exactly.
//!
//! A record has up to twelve amounts. Exact decimals are 16 bytes each, and
//! a CFR-1 of 100,000 columns holds a million of them, so most of a big
//! filing's memory was amounts. Two things make them small:
//!
//! - Nearly every amount a preparer writes is dollars and cents (`1234.50`,
//!   `$1,234`): a mantissa within 43 bits (up to 43 billion dollars in
//!   cents) with a scale of at most 28. Such an amount is packed into six
//!   bytes: the mantissa shifted left by five bits, the scale in the low
//!   five. Any other value (a mantissa too wide, a negative zero) does not
//!   pack: the record keeps it as the exact decimal it was, in a side array
//!   boxed only for the records that need one.
//! - No schedule has all twelve: CFR-1 and DMH-1 carry `total_expenses` and
//!   `units_of_service`, DMH-2 `non_allowable_adjustments` and
//!   `total_adjusted_expenses` instead, so each pair shares one slot (ten
//!   slots in all), with a bit saying which of the two is in it.
//!
//! Either way the record gives back the decimal that was set, digit for
//! digit and scale for scale, and zero for an amount never set, so every sum
//! and every message is what it was with plain decimals.

use rust_decimal::Decimal;

use super::Amount;

const SCALE_BITS: u32 = 5;
const SCALE_MASK: i64 = (1 << SCALE_BITS) - 1;
/// Six bytes: 48 bits, five of them the scale.
const PACKED_BITS: u32 = 48;
const MAX_PACKED: i128 = (1 << (PACKED_BITS - SCALE_BITS - 1)) - 1;
const MIN_PACKED: i128 = -(1 << (PACKED_BITS - SCALE_BITS - 1));
const SLOTS: usize = 10;

/// The side array of the amounts that do not pack, by `Amount`.
pub type Wide = [Decimal; Amount::COUNT];

#[derive(Clone, Debug, Default)]
pub struct Amounts {
    packed: [[u8; 6]; SLOTS],
    /// Bit `a` set: amount `a` is in the side array, not in a slot.
    wide_mask: u16,
    /// Which amount of a shared slot is in it (see `slot`).
    second_of_pair: u8,
}

/// The slot of an amount, and for a shared slot the bit of
/// `second_of_pair` that is set when this amount (not its pair) is in it.
fn slot(amount: Amount) -> (usize, Option<(u8, bool)>) {
    match amount {
        Amount::TotalExpenses => (6, Some((1, false))),
        Amount::NonAllowableAdjustments => (6, Some((1, true))),
        Amount::Revenues => (7, None),
        Amount::UnitsOfService => (8, Some((2, false))),
        Amount::TotalAdjustedExpenses => (8, Some((2, true))),
        Amount::NetOperatingCost => (9, None),
        // The six expense amounts: slots 0 to 5.
        expense => (expense as usize, None),
    }
}

fn pack(value: Decimal) -> Option<[u8; 6]> {
    pack_parts(value.mantissa(), value.scale(), value.is_sign_negative())
}

/// Packs a decimal's mantissa and scale (`negative`: its sign, which only a
/// zero's mantissa does not carry).
fn pack_parts(mantissa: i128, scale: u32, negative: bool) -> Option<[u8; 6]> {
    let exact = (MIN_PACKED..=MAX_PACKED).contains(&mantissa) && !(mantissa == 0 && negative);
    if !exact {
        return None;
    }
    let packed = ((mantissa as i64) << SCALE_BITS) | i64::from(scale);
    let bytes = packed.to_le_bytes();
    Some([bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]])
}

/// The mantissa and scale of a packed amount.
fn unpack(bytes: [u8; 6]) -> (i64, u32) {
    let [b0, b1, b2, b3, b4, b5] = bytes;
    // Sign-extend the 48 bits.
    let packed = i64::from_le_bytes([b0, b1, b2, b3, b4, b5, 0, 0]) << 16 >> 16;
    (packed >> SCALE_BITS, (packed & SCALE_MASK) as u32)
}

/// An amount as it is held: the mantissa and scale of one that packed (a
/// sum adds those without making a decimal), or the decimal itself.
#[derive(Clone, Copy, Debug)]
pub enum Parts {
    Packed { mantissa: i64, scale: u32 },
    Wide(Decimal),
}

impl Parts {
    pub fn decimal(self) -> Decimal {
        match self {
            // The scale is at most 28 by construction (Decimal's own limit).
            Parts::Packed { mantissa, scale } => {
                Decimal::from_i128_with_scale(i128::from(mantissa), scale)
            }
            Parts::Wide(value) => value,
        }
    }
}

impl Amounts {
    /// The amount as it is held (see [`Parts`]); `wide` is the side array
    /// of the amounts that did not pack.
    pub fn parts(&self, amount: Amount, wide: Option<&Wide>) -> Parts {
        if self.wide_mask & (1 << amount as u16) != 0 {
            if let Some(wide) = wide {
                return Parts::Wide(wide[amount as usize]);
            }
        }
        let (slot, pair) = slot(amount);
        let (mantissa, scale) = match pair {
            Some((bit, second)) if (self.second_of_pair & bit != 0) != second => (0, 0),
            _ => unpack(self.packed[slot]),
        };
        Parts::Packed { mantissa, scale }
    }

    /// Packs the amount; false when it does not pack and the caller must
    /// keep it in the side array.
    pub fn set(&mut self, amount: Amount, value: Decimal) -> bool {
        self.set_packed(amount, pack(value))
    }

    /// [`set`](Self::set) of the decimal `mantissa` and `scale` make,
    /// without making it (a plain amount cell read straight into parts).
    pub fn set_parts(&mut self, amount: Amount, mantissa: i64, scale: u32) -> bool {
        self.set_packed(amount, pack_parts(i128::from(mantissa), scale, false))
    }

    fn set_packed(&mut self, amount: Amount, packed: Option<[u8; 6]>) -> bool {
        let (slot, pair) = slot(amount);
        // A shared slot that holds its pair's value (anything but a plain
        // zero) keeps it; this one then goes to the side array.
        let taken_by_pair = pair.is_some_and(|(bit, second)| {
            (self.second_of_pair & bit != 0) != second && self.packed[slot] != [0; 6]
        });
        match packed.filter(|_| !taken_by_pair) {
            Some(packed) => {
                self.packed[slot] = packed;
                if let Some((bit, second)) = pair {
                    if second {
                        self.second_of_pair |= bit;
                    } else {
                        self.second_of_pair &= !bit;
                    }
                }
                self.wide_mask &= !(1 << amount as u16);
                true
            }
            None => {
                self.wide_mask |= 1 << amount as u16;
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    /// Amounts with their side array, as a record holds them.
    #[derive(Default)]
    struct Held(Amounts, Wide);

    impl Held {
        fn set(&mut self, amount: Amount, value: Decimal) {
            if !self.0.set(amount, value) {
                self.1[amount as usize] = value;
            }
        }

        fn get(&self, amount: Amount) -> Decimal {
            self.0.parts(amount, Some(&self.1)).decimal()
        }
    }

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
            "4398046511103",
            "4398046511104",
            "-4398046511104",
            "-4398046511105",
            "43980465111.03",
            "-43980465111.04",
            "0.0000000000000000000000000001",
        ];
        for text in written {
            let value = Decimal::from_str(text).unwrap();
            let mut amounts = Held::default();
            amounts.set(Amount::Otps, value);
            let back = amounts.get(Amount::Otps);
            assert_eq!(back.to_string(), value.to_string(), "{text}");
            assert_eq!(back.scale(), value.scale(), "{text}");
            assert_eq!(back.is_sign_negative(), value.is_sign_negative(), "{text}");
            assert_eq!(amounts.get(Amount::Revenues), Decimal::ZERO);
        }
    }

    proptest::proptest! {
        /// A plain cell's digits packed straight hold what its decimal does,
        /// bit for bit, in every slot and after any amount before it.
        #[test]
        fn parts_pack_as_their_decimal_does(
            mantissa in proptest::prop_oneof![-10_000_000i64..10_000_000, proptest::prelude::any::<i64>()],
            scale in 0u32..=17,
            before in proptest::prelude::any::<Option<(i64, u32)>>(),
            amount in 0..Amount::COUNT,
        ) {
            let amount = Amount::ALL[amount];
            let (mut by_decimal, mut by_parts) = (Amounts::default(), Amounts::default());
            if let Some((mantissa, scale)) = before {
                let pair = match amount {
                    Amount::TotalExpenses => Amount::NonAllowableAdjustments,
                    Amount::UnitsOfService => Amount::TotalAdjustedExpenses,
                    other => other,
                };
                let value = Decimal::new(mantissa, scale % 18);
                by_decimal.set(pair, value);
                by_parts.set(pair, value);
            }
            let decimal_packed = by_decimal.set(amount, Decimal::new(mantissa, scale));
            let parts_packed = by_parts.set_parts(amount, mantissa, scale);
            proptest::prop_assert_eq!(decimal_packed, parts_packed);
            proptest::prop_assert_eq!(format!("{by_decimal:?}"), format!("{by_parts:?}"));
        }
    }

    #[test]
    fn amounts_that_share_a_slot_keep_their_own_values() {
        let mut amounts = Held::default();
        amounts.set(Amount::TotalExpenses, Decimal::new(5000, 2));
        assert_eq!(amounts.get(Amount::NonAllowableAdjustments), Decimal::ZERO);
        amounts.set(Amount::NonAllowableAdjustments, Decimal::new(125, 2));
        assert_eq!(amounts.get(Amount::TotalExpenses).to_string(), "50.00");
        assert_eq!(
            amounts.get(Amount::NonAllowableAdjustments).to_string(),
            "1.25"
        );
        amounts.set(Amount::TotalAdjustedExpenses, Decimal::new(7, 0));
        assert_eq!(amounts.get(Amount::UnitsOfService), Decimal::ZERO);
        assert_eq!(amounts.get(Amount::TotalAdjustedExpenses).to_string(), "7");
        // Every amount of every schedule at once: each reads back as set.
        let mut all = Held::default();
        for (at, amount) in Amount::ALL.into_iter().enumerate() {
            all.set(amount, Decimal::new(at as i64 * 100 + 1, 2));
        }
        for (at, amount) in Amount::ALL.into_iter().enumerate() {
            assert_eq!(
                all.get(amount),
                Decimal::new(at as i64 * 100 + 1, 2),
                "{amount:?}"
            );
        }
    }

    #[test]
    fn a_packed_amount_replaces_a_wide_one() {
        let mut amounts = Held::default();
        amounts.set(Amount::Otps, Decimal::MAX);
        amounts.set(Amount::Otps, Decimal::new(125, 2));
        assert_eq!(amounts.get(Amount::Otps).to_string(), "1.25");
    }
}
