//! What reading needs to know beyond the files themselves.

use compact_str::CompactString;

use crate::settings::Encoding;

pub struct ReadOptions<'a> {
    pub encoding: Encoding,
    /// Funding source codes that end in a letter (`170B`), from the rulebook.
    pub lettered_fund_codes: &'a [CompactString],
    /// `--max-per-rule`: findings of one rule kept per file (0: all).
    pub max_per_rule: usize,
    /// CSV files of at least this many bytes are read in two halves on two
    /// cores (`SPLIT_FROM_BYTES`; tests split small files to prove the
    /// halves join to what one pass reads).
    pub split_from_bytes: u64,
}
