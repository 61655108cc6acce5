//! Deterministic generator of synthetic CFR filings in the cfrcheck input
//! contract (`shared/spec/input-format.md`, sections 3 and 4).
//!
//! Shared by `benches/throughput.rs` (`mod corpus;`),
//! `examples/gen_corpus.rs` and `tests/suite/corpus_golden.rs` (`#[path]`).
//! It depends on std only, so none of them needs a dependency the crate does
//! not already have.
//!
//! Every clean filing is internally consistent to the cent: CFR-1 row totals,
//! DMH-1 = its CFR-1 column(s), DMH-2 summed over counties and fund splits =
//! DMH-1, DMH-3 summed over funding sources = DMH-2 net operating cost, and
//! CBR / DMH-2 / DMH-3 share one program array in one order. Only program
//! codes whose units of service apply and that carry no funding-source,
//! companion or administration restriction are used, so a clean filing should
//! produce no finding at all. A faulty filing is clean but for one seeded
//! violation (see [`Fault`]).
//!
//! Amounts are integer cents (`i64`): exact, and cheaper than decimals.
//!
//! This file holds the public face: what to generate ([`CorpusSpec`]), what
//! was written ([`CorpusStats`]), the seeded faults, the corpus size mix and
//! [`write_corpus`] / [`write_filing`]. The parts:
//!
//! * `rng`: the splitmix64 generator and the per-filing seeds;
//! * `model`: the program codes and funding sources used, and the types of a
//!   filing (program rows, CFR-1 columns, DMH-2/DMH-3 rows, `Filing`);
//! * `plan`: a filing's counties, program types, columns and their amounts,
//!   the seeded fault and its spelling choices;
//! * `splits`: DMH-1 sums and the exact DMH-2 / DMH-3 splits over counties
//!   and funding sources;
//! * `write`: the five CSV files, with the amount styles;
//! * `repeating_site`: the repeating-site CFR-1 of the findings case.

// Each including crate uses a different subset of this module.
#![allow(dead_code)]

mod model;
mod plan;
mod repeating_site;
mod rng;
mod splits;
mod write;

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

use plan::generate_filing;
// Used by the benchmark and the golden test, not by the example.
#[allow(unused_imports)]
pub use repeating_site::write_repeating_site_cfr1;
use rng::derive_seed;
pub use rng::Rng;

/// What to generate with [`write_corpus`].
#[derive(Debug, Clone)]
pub struct CorpusSpec {
    /// Number of filings (agency folders).
    pub filings: usize,
    /// Seed; the same spec always yields byte-identical files.
    pub seed: u64,
    /// Every `faulty_every`-th filing carries one seeded violation, cycling
    /// through [`Fault::ALL`]; 0 = all filings clean.
    pub faulty_every: usize,
}

/// Size-mix buckets of CFR-1 columns per filing, used by [`CorpusStats`].
pub const SIZE_BUCKETS: [(usize, usize); 5] =
    [(1, 5), (6, 10), (11, 20), (21, 99), (100, usize::MAX)];

/// What [`write_corpus`] wrote.
#[derive(Debug, Clone, Default)]
pub struct CorpusStats {
    pub filings: usize,
    pub files: usize,
    pub bytes: u64,
    /// CFR-1 records (program/site columns) over all filings.
    pub cfr1_columns: u64,
    /// Records of all schedules, headers excluded.
    pub records: u64,
    pub largest_filing_columns: usize,
    /// Filings per [`SIZE_BUCKETS`] entry.
    pub size_buckets: [usize; SIZE_BUCKETS.len()],
    /// (agency number, fault) of every faulty filing.
    pub faulty: Vec<(u32, Fault)>,
}

/// A seeded violation. Each one should make cfrcheck report the rule in
/// [`Fault::expected_rule`] (and the filing fail with exit status 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// One DMH-3 row's net operating cost is 7,000.00 too high (TO004).
    Dmh3Off7000,
    /// Every row of one program type uses code 6007, a transposition of
    /// 6070 that is not in Appendix F (PC002).
    UnknownProgramCode,
    /// An extra LGU Administration (0890) program claimed under funding
    /// source 170D; 0890 may only use 001A (FS002).
    RestrictedFundSource,
    /// One CFR-1 `otps` cell reads `#REF!`, a broken Excel formula (IN004).
    BadAmount,
}

impl Fault {
    pub const ALL: [Fault; 4] = [
        Fault::Dmh3Off7000,
        Fault::UnknownProgramCode,
        Fault::RestrictedFundSource,
        Fault::BadAmount,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Fault::Dmh3Off7000 => "dmh3-off-7000",
            Fault::UnknownProgramCode => "unknown-program-code-6007",
            Fault::RestrictedFundSource => "0890-under-170D",
            Fault::BadAmount => "bad-amount-REF",
        }
    }

    pub fn expected_rule(self) -> &'static str {
        match self {
            Fault::Dmh3Off7000 => "TO004",
            Fault::UnknownProgramCode => "PC002",
            Fault::RestrictedFundSource => "FS002",
            Fault::BadAmount => "IN004",
        }
    }

    pub fn parse(s: &str) -> Option<Fault> {
        Fault::ALL.into_iter().find(|f| f.name() == s)
    }
}

/// Draws the CFR-1 column count of one filing from the corpus size mix:
/// 96% have 3-20 columns with a long tail (the product of two uniforms
/// piles up at the small end), 3% have 21-99 and 1% have 100-300.
pub fn draw_columns(rng: &mut Rng) -> usize {
    let roll = rng.below(1000);
    if roll < 10 {
        rng.range(100, 300) as usize
    } else if roll < 40 {
        rng.range(21, 99) as usize
    } else {
        3 + (rng.below(18) * rng.below(18) / 17) as usize
    }
}

/// Writes `spec.filings` filings as `dir/agency-00001/` ... plus a hidden
/// `dir/.corpus-manifest.tsv` (hidden entries are skipped by cfrcheck and by
/// the benchmark's file walk) listing each filing's size and fault.
pub fn write_corpus(dir: &Path, spec: &CorpusSpec) -> io::Result<CorpusStats> {
    fs::create_dir_all(dir)?;
    let mut stats = CorpusStats::default();
    let mut manifest = BufWriter::new(File::create(dir.join(".corpus-manifest.tsv"))?);
    writeln!(
        manifest,
        "agency\tcfr1_columns\tbytes\tfault\texpected_rule"
    )?;
    for i in 0..spec.filings {
        let agency = u32::try_from(i + 1).expect("too many filings");
        let mut rng = Rng::new(derive_seed(spec.seed, i as u64));
        let columns = draw_columns(&mut rng);
        let fault = match spec.faulty_every {
            0 => None,
            k if (i + 1) % k == 0 => Some(Fault::ALL[((i + 1) / k - 1) % Fault::ALL.len()]),
            _ => None,
        };
        let filing = generate_filing(agency, columns, rng.next_u64(), fault);
        let (bytes, records) = filing.write(&dir.join(filing_dir_name(agency)))?;
        let cols = filing.columns.len();
        writeln!(
            manifest,
            "{agency:05}\t{cols}\t{bytes}\t{}\t{}",
            fault.map_or("-", Fault::name),
            fault.map_or("-", Fault::expected_rule)
        )?;
        stats.filings += 1;
        stats.files += 5;
        stats.bytes += bytes;
        stats.records += records;
        stats.cfr1_columns += cols as u64;
        stats.largest_filing_columns = stats.largest_filing_columns.max(cols);
        if let Some(b) = SIZE_BUCKETS
            .iter()
            .position(|&(lo, hi)| (lo..=hi).contains(&cols))
        {
            stats.size_buckets[b] += 1;
        }
        if let Some(f) = fault {
            stats.faulty.push((agency, f));
        }
    }
    manifest.flush()?;
    Ok(stats)
}

/// Writes one filing with exactly `columns` clean CFR-1 columns (one more
/// with [`Fault::RestrictedFundSource`], which adds a program) into
/// `dir/agency-NNNNN/`. Returns the bytes written. Used for scaling runs.
pub fn write_filing(
    dir: &Path,
    agency: u32,
    columns: usize,
    seed: u64,
    fault: Option<Fault>,
) -> io::Result<u64> {
    let filing = generate_filing(agency, columns, seed, fault);
    Ok(filing.write(&dir.join(filing_dir_name(agency)))?.0)
}

pub fn filing_dir_name(agency: u32) -> String {
    format!("agency-{agency:05}")
}
