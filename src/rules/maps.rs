//! Maps and sets sized for the records their keys come from.
//!
//! A rule keys a map by the program rows (and counties) of a schedule's
//! records, and a growing table rehashes every key it holds each time it
//! doubles: in a batch of 3,000 filings that was 4% of every instruction.
//! So a table is made with room for a key per record, up to a bound: a
//! 100,000-column CFR-1 whose columns share a few hundred program rows
//! would otherwise hold megabytes of room for nothing (the bound is more
//! than a large agency's whole schedule; a bigger one grows as before).

use rustc_hash::{FxHashMap, FxHashSet};

/// Room for at most this many keys is made at once.
const ROOM_AT_MOST: usize = 1024;

/// A map with room for a key per record, `records` of them (up to the bound).
pub fn map_for<K, V>(records: usize) -> FxHashMap<K, V> {
    FxHashMap::with_capacity_and_hasher(records.min(ROOM_AT_MOST), Default::default())
}

/// A set with room for a key per record (up to the bound).
pub fn set_for<K>(records: usize) -> FxHashSet<K> {
    FxHashSet::with_capacity_and_hasher(records.min(ROOM_AT_MOST), Default::default())
}
