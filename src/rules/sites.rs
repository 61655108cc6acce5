//! Sites as keys of the rules' maps. A site is compared without regard to
//! ASCII case (`Main St` and `MAIN ST` are one site), and a big CFR-1 has a
//! site per column: the keys borrow the record's own text and fold case as
//! they hash and compare, instead of keeping an upper-cased copy of each.

use std::hash::{Hash, Hasher};

use compact_str::CompactString;

use crate::model::Record;

/// A site compared and hashed without regard to ASCII case.
#[derive(Clone, Copy, Debug)]
pub struct Caseless<'r>(pub &'r str);

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Caseless<'_> {}

impl Hash for Caseless<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Eight upper-cased bytes at a time, then the length, as `str` does.
        for chunk in self.0.as_bytes().chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            state.write_u64(upper_case_ascii(u64::from_le_bytes(word)));
        }
        state.write_usize(self.0.len());
    }
}

/// The eight bytes of `word` with `a`-`z` made `A`-`Z` and every other byte
/// as it was, all at once: a big CFR-1 hashes a site per column, and a loop
/// over the bytes was most of that hashing.
fn upper_case_ascii(word: u64) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH_BITS: u64 = ONES * 0x80;
    // Per byte, with its high bit cleared so that adding cannot carry into
    // the next byte: the high bit of `byte + (0x80 - b'a')` is set from `a`
    // up, that of `byte + (0x80 - b'z' - 1)` from past `z` up.
    let low_seven = word & !HIGH_BITS;
    let from_a = low_seven + ONES * u64::from(0x80 - b'a');
    let past_z = low_seven + ONES * u64::from(0x80 - b'z' - 1);
    // Bytes with the high bit set (not ASCII) are no letters.
    let lower_case = from_a & !past_z & !word & HIGH_BITS;
    // 0x80 >> 2 is 0x20, the difference between `a` and `A`.
    word - (lower_case >> 2)
}

/// The record's site as a key: `None` without one (the site was trimmed
/// when it was read, and an empty one is none).
pub fn site_of(record: &Record) -> Option<Caseless<'_>> {
    record
        .site
        .as_deref()
        .map(str::trim)
        .filter(|site| !site.is_empty())
        .map(Caseless)
}

/// The record's site as messages show it: upper-cased, as it is compared.
pub fn site_key(record: &Record) -> Option<CompactString> {
    site_of(record).map(|site| CompactString::from(site.0).to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::*;

    #[test]
    fn words_upper_case_as_their_bytes_do() {
        // Every byte value in every position, beside neighbours that could
        // carry into it (0x7f, 0xff) or borrow from it (0x00).
        for byte in 0..=255u8 {
            for position in 0..8 {
                for neighbour in [0x00u8, b'a', b'z', 0x7f, 0xff] {
                    let mut bytes = [neighbour; 8];
                    bytes[position] = byte;
                    let expected = bytes.map(|byte| byte.to_ascii_uppercase());
                    let word = upper_case_ascii(u64::from_le_bytes(bytes));
                    assert_eq!(word.to_le_bytes(), expected, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn sites_differing_in_ascii_case_are_one_key() {
        let hasher = rustc_hash::FxBuildHasher;
        let pairs = [
            ("Main St", "MAIN ST"),
            ("b-12", "B-12"),
            ("Élan 1", "Élan 1"),
            ("", ""),
        ];
        for (a, b) in pairs {
            assert_eq!(Caseless(a), Caseless(b));
            assert_eq!(hasher.hash_one(Caseless(a)), hasher.hash_one(Caseless(b)));
        }
        assert_ne!(
            Caseless("élan"),
            Caseless("ÉLAN"),
            "non-ASCII letters are not folded"
        );
        assert_ne!(Caseless("12"), Caseless("12 "));
        assert_ne!(
            hasher.hash_one(Caseless("ab")),
            hasher.hash_one(Caseless("ab\0"))
        );
    }
}
