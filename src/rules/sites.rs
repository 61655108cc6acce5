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
            for (to, from) in word.iter_mut().zip(chunk) {
                *to = from.to_ascii_uppercase();
            }
            state.write_u64(u64::from_le_bytes(word));
        }
        state.write_usize(self.0.len());
    }
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
