//! Deterministic generator of synthetic CFR filings in the cfrcheck input
//! contract (`shared/spec/input-format.md`, sections 3 and 4).
//!
//! Shared by `benches/throughput.rs` (`mod corpus;`) and
//! `examples/gen_corpus.rs` (`#[path]`). It depends on std only, so neither
//! needs a dependency the crate does not already have.
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

// Each including crate uses a different subset of this module.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

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

/// splitmix64: tiny, fast, and good enough for test data; keeps the
/// generator free of the rand crate and stable across its releases.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-shift; the bias is far below what test
    /// data could notice). `n` must be > 0.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    pub fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            v.swap(i, j);
        }
    }
}

/// Derives independent per-filing seeds, so filing `i` of a corpus does not
/// depend on how many random numbers filings `0..i` consumed.
fn derive_seed(seed: u64, n: u64) -> u64 {
    Rng::new(seed ^ n.wrapping_mul(0xD1B5_4A32_D192_ED03)).next_u64()
}

/// Appendix F program types whose units of service apply and that no FS, XP
/// or AD rule restricts, with their AppF names (so PC003 stays quiet).
const PROGRAMS: [(&str, &str); 15] = [
    ("2100", "Clinic Treatment"),
    ("6070", "Treatment Congregate"),
    ("6080", "Support Congregate"),
    ("7070", "Treatment Apartment"),
    ("7080", "Support Apartment"),
    ("0810", "Case Management"),
    ("1760", "Advocacy/Support Services"),
    ("1310", "Continuing Day Treatment"),
    ("0770", "Psychosocial Club"),
    ("2200", "Partial Hospitalization"),
    ("6060", "Supported Housing Community Services"),
    ("6050", "Supported Housing Rental Assistance"),
    ("1380", "Assisted Competitive Employment"),
    ("2680", "Crisis Intervention"),
    ("0690", "Outreach"),
];

const LGU_ADMIN: (&str, &str) = ("0890", "Local Governmental Unit (LGU) Administration");

/// (fund_source, fund_index) pairs used on DMH-2 splits and DMH-3.
const FUND_SOURCES: [(&str, &str); 3] = [("001", "A"), ("004", ""), ("005", "")];
const FUND_170D: (&str, &str) = ("170D", "");

/// An index is two digits, and the series starts at 01.
const MAX_INDEX: usize = 99;

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

// ---------------------------------------------------------------------------
// Model

/// The six expense amounts, in CFR-1 column order: personal_services,
/// fringe_benefits, otps, property, equipment, agency_administration.
type Expenses = [i64; 6];

const OTPS: usize = 2;
const ADMIN: usize = 5;

/// A program row of DMH-1/2/3 and CBR: (program_code, program_index).
struct Program {
    code: &'static str,
    name: &'static str,
    index: Option<usize>,
    /// Number of CFR-1 columns planned for this row.
    planned: usize,
    /// Indices into `Filing::columns`.
    columns: Vec<usize>,
    /// The 0890 program of [`Fault::RestrictedFundSource`].
    lgu_admin: bool,
}

/// A CFR-1 column (program/site).
struct Column {
    program: usize,
    site: usize,
    expenses: Expenses,
    revenues: i64,
    units: i64,
}

struct Dmh2Row {
    program: usize,
    county: usize,
    split: Option<(&'static str, &'static str)>,
    expenses: Expenses,
    non_allowable: i64,
    revenues: i64,
}

impl Dmh2Row {
    fn total_adjusted(&self) -> i64 {
        self.expenses.iter().sum::<i64>() - self.non_allowable
    }
    fn net_operating_cost(&self) -> i64 {
        self.total_adjusted() - self.revenues
    }
}

struct Dmh3Row {
    program: usize,
    county: usize,
    fund: (&'static str, &'static str),
    net_operating_cost: i64,
}

/// How amounts are spelled, per filing: both are accepted by the contract
/// and both occur in real Excel exports.
#[derive(Clone, Copy)]
enum Style {
    /// `1234.56`
    Plain,
    /// `"$1,234.56"`
    Dollars,
}

struct Filing {
    agency: String,
    counties: Vec<String>,
    programs: Vec<Program>,
    /// CFR-1 order.
    columns: Vec<Column>,
    /// DMH-2 order, which is also the CBR order.
    dmh2: Vec<Dmh2Row>,
    /// DMH-3 order (same program array and order as DMH-2).
    dmh3: Vec<Dmh3Row>,
    /// Approved budget net operating cost, one per `dmh2` row.
    cbr_noc: Vec<i64>,
    /// CFR-1 record whose otps cell is written as `#REF!`.
    ref_cell: Option<usize>,
    style: Style,
    crlf: bool,
    bom: bool,
    site_width: usize,
}

fn generate_filing(agency: u32, columns: usize, seed: u64, fault: Option<Fault>) -> Filing {
    let mut rng = Rng::new(seed);
    let columns = columns.max(1);

    // Counties: mostly one, sometimes two or three (NYS has 62).
    let n_counties = match rng.below(10) {
        0..=5 => 1,
        6..=8 => 2,
        _ => 3,
    };
    let mut county_pool: Vec<usize> = (1..=62).collect();
    rng.shuffle(&mut county_pool);
    let counties: Vec<String> = county_pool[..n_counties]
        .iter()
        .map(|c| format!("{c:02}"))
        .collect();

    let mut programs = plan_programs(&mut rng, columns);
    if fault == Some(Fault::RestrictedFundSource) {
        programs.push(Program {
            code: LGU_ADMIN.0,
            name: LGU_ADMIN.1,
            index: None,
            planned: 1,
            columns: vec![],
            lgu_admin: true,
        });
    }

    // CFR-1 columns, shuffled so that the checker cannot rely on CFR-1
    // being grouped by program; sites are numbered in file order.
    let mut cols: Vec<Column> = Vec::with_capacity(columns + 1);
    for (p, prog) in programs.iter().enumerate() {
        for _ in 0..prog.planned {
            cols.push(column_amounts(&mut rng, p, prog.lgu_admin));
        }
    }
    rng.shuffle(&mut cols);
    for (i, c) in cols.iter_mut().enumerate() {
        c.site = i + 1;
        programs[c.program].columns.push(i);
    }

    let dmh2 = dmh2_rows(&mut rng, &programs, &cols, n_counties);
    let mut dmh3 = dmh3_rows(&mut rng, &programs, &dmh2);

    // The approved budget is within 10% of the actuals.
    let cbr_noc = dmh2
        .iter()
        .map(|r| r.net_operating_cost() * rng.range(90, 110) as i64 / 100)
        .collect();

    let mut ref_cell = None;
    match fault {
        Some(Fault::Dmh3Off7000) => {
            let k = rng.below(dmh3.len() as u64) as usize;
            dmh3[k].net_operating_cost += 7_000 * 100;
        }
        Some(Fault::UnknownProgramCode) => {
            // Rename a whole program type, so that nothing but the code
            // itself is wrong (indexes and aggregation stay consistent).
            let code = programs[rng.below(programs.len() as u64) as usize].code;
            for p in programs.iter_mut().filter(|p| p.code == code) {
                p.code = "6007";
            }
        }
        Some(Fault::BadAmount) => ref_cell = Some(rng.below(cols.len() as u64) as usize),
        Some(Fault::RestrictedFundSource) | None => {}
    }

    // Dollar spellings, CRLF and a BOM are what Excel's exports look like;
    // a minority of filings use them so the checker's slower paths are
    // exercised without dominating the corpus.
    let style = if rng.percent(20) {
        Style::Dollars
    } else {
        Style::Plain
    };
    let crlf = rng.percent(30);
    let bom = rng.percent(5);
    let site_width = cols.len().to_string().len().max(3);

    Filing {
        agency: format!("{agency:05}"),
        counties,
        programs,
        columns: cols,
        dmh2,
        dmh3,
        cbr_noc,
        ref_cell,
        style,
        crlf,
        bom,
        site_width,
    }
}

/// DMH-2 rows: each program row's DMH-1 amounts split over the counties it
/// serves, and in some counties over two funding sources. Some unindexed
/// programs have no State Aid and so no DMH-2 rows at all.
fn dmh2_rows(
    rng: &mut Rng,
    programs: &[Program],
    cols: &[Column],
    n_counties: usize,
) -> Vec<Dmh2Row> {
    // cells[program][county]: the DMH-2 rows of one (program row, county).
    let mut cells: Vec<Vec<Vec<Dmh2Row>>> = Vec::with_capacity(programs.len());
    for (p, prog) in programs.iter().enumerate() {
        let mut per_county: Vec<Vec<Dmh2Row>> = (0..n_counties).map(|_| Vec::new()).collect();
        // Only aggregated (unindexed) rows go without State Aid: a missing
        // indexed row would leave a gap in the indexes on DMH-2/DMH-3/CBR,
        // which cfrcheck reports as IX005. The first program always has
        // State Aid, so that no claiming schedule is empty (IN010).
        if p > 0 && prog.index.is_none() && !prog.lgu_admin && rng.percent(8) {
            cells.push(per_county);
            continue;
        }
        let (expenses, revenues, _) = dmh1_amounts(prog, cols);
        let served: Vec<usize> = if prog.lgu_admin {
            vec![0]
        } else {
            let mut s: Vec<usize> = (0..n_counties).filter(|_| rng.percent(70)).collect();
            if s.is_empty() {
                s.push(rng.below(n_counties as u64) as usize);
            }
            s
        };
        let county_weights: Vec<u64> = served.iter().map(|_| rng.range(1, 100)).collect();
        for (k, &county) in served.iter().enumerate() {
            let exp = expenses.map(|a| share(a, &county_weights, k));
            let rev = share(revenues, &county_weights, k);
            let splits: Vec<Option<(&str, &str)>> = if !prog.lgu_admin && rng.percent(10) {
                vec![
                    Some(FUND_SOURCES[0]),
                    Some(FUND_SOURCES[1 + rng.below(2) as usize]),
                ]
            } else {
                vec![None]
            };
            let split_weights: Vec<u64> = splits.iter().map(|_| rng.range(1, 100)).collect();
            for (s, split) in splits.iter().enumerate() {
                let expenses = exp.map(|a| share(a, &split_weights, s));
                let six: i64 = expenses.iter().sum();
                // Non-allowable adjustments stay small, and revenues are at
                // most 90% of expenses, so net operating cost stays positive.
                let non_allowable = if rng.percent(30) {
                    six * rng.range(1, 200) as i64 / 10_000
                } else {
                    0
                };
                per_county[county].push(Dmh2Row {
                    program: p,
                    county,
                    split: *split,
                    expenses,
                    non_allowable,
                    revenues: share(rev, &split_weights, s),
                });
            }
        }
        cells.push(per_county);
    }

    // One DMH-2 and DMH-3 per county, in program order (CBR13/15): emit
    // county-major, so DMH-2, DMH-3 and CBR share one order.
    let mut dmh2 = Vec::new();
    for county in 0..n_counties {
        for cell in cells.iter_mut() {
            dmh2.append(&mut cell[county]);
        }
    }
    dmh2
}

/// DMH-3 rows, in DMH-2 order: a split DMH-2 row is claimed under its own
/// funding source; an unsplit one is spread over one to three funding sources.
fn dmh3_rows(rng: &mut Rng, programs: &[Program], dmh2: &[Dmh2Row]) -> Vec<Dmh3Row> {
    let mut dmh3 = Vec::new();
    for row in dmh2 {
        if let Some(fund) = row.split {
            dmh3.push(Dmh3Row {
                program: row.program,
                county: row.county,
                fund,
                net_operating_cost: row.net_operating_cost(),
            });
        } else if programs[row.program].lgu_admin {
            dmh3.push(Dmh3Row {
                program: row.program,
                county: row.county,
                fund: FUND_170D,
                net_operating_cost: row.net_operating_cost(),
            });
        } else {
            let funds: Vec<(&str, &str)> = FUND_SOURCES
                .iter()
                .copied()
                .filter(|_| rng.percent(50))
                .collect();
            let funds = if funds.is_empty() {
                vec![FUND_SOURCES[0]]
            } else {
                funds
            };
            let weights: Vec<u64> = funds.iter().map(|_| rng.range(1, 100)).collect();
            for (k, &fund) in funds.iter().enumerate() {
                dmh3.push(Dmh3Row {
                    program: row.program,
                    county: row.county,
                    fund,
                    net_operating_cost: share(row.net_operating_cost(), &weights, k),
                });
            }
        }
    }
    dmh3
}

/// Chooses the program types of a filing and how its `n` columns are spread
/// over them. Returns program rows with `planned` set and `columns` empty.
///
/// A program type is either indexed (one program row per column, indexes 01,
/// 02, ... without gaps) or aggregated (one unindexed row for all its
/// columns), never both (IX004). An index has two digits, so an indexed type
/// holds at most 99 columns; the excess of a large filing goes to an
/// aggregated type, which keeps the DMH schedules of huge filings at most
/// ~15 x 99 program rows.
fn plan_programs(rng: &mut Rng, n: usize) -> Vec<Program> {
    let max_types = n.min(PROGRAMS.len());
    let types = (1 + rng.below(n.min(6) as u64) as usize + n / 12).min(max_types);
    let mut order: Vec<usize> = (0..PROGRAMS.len()).collect();
    rng.shuffle(&mut order);
    let chosen = &order[..types];

    let weights: Vec<u64> = chosen.iter().map(|_| rng.range(1, 10)).collect();
    let total_w: u64 = weights.iter().sum();
    let spare = (n - types) as u64;
    let mut counts: Vec<usize> = weights
        .iter()
        .map(|w| 1 + (spare * w / total_w) as usize)
        .collect();
    let assigned: usize = counts.iter().sum();
    counts[rng.below(types as u64) as usize] += n - assigned;

    // 6070 "is not aggregated by program type on the claiming schedules"
    // (Appendix F, IX008): its sites are always indexed. The draw is made
    // for every type all the same, so the rest of the corpus is unchanged.
    let mut indexed: Vec<bool> = chosen
        .iter()
        .map(|&t| {
            let drawn = rng.percent(40);
            drawn || PROGRAMS[t].0 == "6070"
        })
        .collect();
    let mut overflow = 0;
    for (c, &ix) in counts.iter_mut().zip(&indexed) {
        if ix && *c > MAX_INDEX {
            overflow += *c - MAX_INDEX;
            *c = MAX_INDEX;
        }
    }
    if overflow > 0 {
        let t = indexed.iter().position(|&ix| !ix).unwrap_or(types - 1);
        indexed[t] = false;
        counts[t] += overflow;
    }

    let mut programs = Vec::new();
    for (k, &t) in chosen.iter().enumerate() {
        let (code, name) = PROGRAMS[t];
        if indexed[k] {
            for index in 1..=counts[k] {
                programs.push(Program {
                    code,
                    name,
                    index: Some(index),
                    planned: 1,
                    columns: Vec::new(),
                    lgu_admin: false,
                });
            }
        } else {
            programs.push(Program {
                code,
                name,
                index: None,
                planned: counts[k],
                columns: Vec::new(),
                lgu_admin: false,
            });
        }
    }
    programs
}

/// Plausible amounts for one program/site column, in cents.
fn column_amounts(rng: &mut Rng, program: usize, lgu_admin: bool) -> Column {
    let cents = |rng: &mut Rng| rng.below(100) as i64;
    let pct = |rng: &mut Rng, base: i64, lo: u64, hi: u64| base * rng.range(lo, hi) as i64 / 100;
    let ps = rng.range(25_000, 900_000) as i64 * 100 + cents(rng);
    let fringe = pct(rng, ps, 18, 32) + cents(rng);
    let otps = pct(rng, ps, 5, 45) + cents(rng);
    let property = if rng.percent(30) {
        0
    } else {
        pct(rng, ps, 2, 30) + cents(rng)
    };
    let equipment = if rng.percent(60) {
        0
    } else {
        rng.range(100, 15_000) as i64 * 100 + cents(rng)
    };
    let direct = ps + fringe + otps + property + equipment;
    // 0890 "does not include agency administration" and has no units (AD001,
    // US001): the LGU fault must trip FS002 and nothing else.
    let admin = if lgu_admin {
        0
    } else {
        pct(rng, direct, 8, 16) + cents(rng)
    };
    let total = direct + admin;
    Column {
        program,
        site: 0,
        expenses: [ps, fringe, otps, property, equipment, admin],
        revenues: pct(rng, total, 40, 90),
        units: if lgu_admin {
            0
        } else {
            rng.range(50, 20_000) as i64
        },
    }
}

/// DMH-1 amounts of a program row: the sum of its CFR-1 columns.
fn dmh1_amounts(prog: &Program, cols: &[Column]) -> (Expenses, i64, i64) {
    let mut exp = [0i64; 6];
    let (mut rev, mut units) = (0, 0);
    for &c in &prog.columns {
        for (e, a) in exp.iter_mut().zip(cols[c].expenses) {
            *e += a;
        }
        rev += cols[c].revenues;
        units += cols[c].units;
    }
    (exp, rev, units)
}

/// Part `k` of `amount` split by `weights`, exact: the last part takes the
/// rounding remainder, so the parts always add up to `amount`.
fn share(amount: i64, weights: &[u64], k: usize) -> i64 {
    let total: u64 = weights.iter().sum();
    let part = |i: usize| (i128::from(amount) * i128::from(weights[i]) / i128::from(total)) as i64;
    if k + 1 == weights.len() {
        amount - (0..k).map(part).sum::<i64>()
    } else {
        part(k)
    }
}

// ---------------------------------------------------------------------------
// Writing

const CFR1_HEADER: &str = "agency_code,period_start,period_end,program_code,program_index,site,program_name,\
personal_services,fringe_benefits,otps,property,equipment,agency_administration,total_expenses,revenues,units_of_service";
const DMH2_HEADER: &str = "agency_code,period_start,period_end,program_code,program_index,program_name,county,\
fund_source,fund_index,personal_services,fringe_benefits,otps,property,equipment,agency_administration,\
non_allowable_adjustments,total_adjusted_expenses,revenues,net_operating_cost";
const DMH3_HEADER: &str =
    "agency_code,period_start,period_end,program_code,program_index,program_name,county,fund_source,fund_index,net_operating_cost";
const CBR_HEADER: &str = DMH3_HEADER;

/// A CSV file written line by line; fields never need quoting except the
/// dollar-style amounts, which [`push_amount`] quotes itself.
struct CsvOut {
    out: BufWriter<File>,
    line: String,
    eol: &'static str,
    bytes: u64,
    records: u64,
}

impl CsvOut {
    fn create(path: PathBuf, header: &str, filing: &Filing) -> io::Result<CsvOut> {
        let mut out = CsvOut {
            out: BufWriter::with_capacity(64 * 1024, File::create(path)?),
            line: String::with_capacity(256),
            eol: if filing.crlf { "\r\n" } else { "\n" },
            bytes: 0,
            records: 0,
        };
        if filing.bom {
            out.out.write_all("\u{feff}".as_bytes())?;
            out.bytes += 3;
        }
        out.line.push_str(header);
        out.end_line()?;
        out.records = 0;
        Ok(out)
    }

    /// Starts a record with the heading and program columns.
    fn start(&mut self, filing: &Filing, prog: &Program) {
        self.line.push_str(&filing.agency);
        self.line.push_str(",2009-01-01,2009-12-31,");
        self.line.push_str(prog.code);
        self.line.push(',');
        if let Some(ix) = prog.index {
            let _ = write!(self.line, "{ix:02}");
        }
    }

    fn field(&mut self, s: &str) {
        self.line.push(',');
        self.line.push_str(s);
    }

    fn amount(&mut self, cents: i64, style: Style) {
        self.line.push(',');
        push_amount(&mut self.line, cents, style);
    }

    fn end_line(&mut self) -> io::Result<()> {
        self.line.push_str(self.eol);
        self.out.write_all(self.line.as_bytes())?;
        self.bytes += self.line.len() as u64;
        self.records += 1;
        self.line.clear();
        Ok(())
    }

    fn finish(mut self) -> io::Result<(u64, u64)> {
        self.out.flush()?;
        Ok((self.bytes, self.records))
    }
}

/// Formats cents as dollars: `1234.56`, or `"$1,234.56"` in dollar style.
fn push_amount(s: &mut String, cents: i64, style: Style) {
    let neg = cents < 0;
    let (dollars, rest) = (cents.unsigned_abs() / 100, cents.unsigned_abs() % 100);
    match style {
        Style::Plain => {
            let _ = write!(s, "{}{dollars}.{rest:02}", if neg { "-" } else { "" });
        }
        Style::Dollars => {
            s.push_str(if neg { "\"-$" } else { "\"$" });
            let digits = dollars.to_string();
            for (i, d) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    s.push(',');
                }
                s.push(d);
            }
            let _ = write!(s, ".{rest:02}\"");
        }
    }
}

impl Filing {
    /// Writes the five schedule files into `dir`; returns (bytes, records).
    fn write(&self, dir: &Path) -> io::Result<(u64, u64)> {
        fs::create_dir_all(dir)?;
        let mut bytes = 0;
        let mut records = 0;
        for (b, r) in [
            self.write_cfr1(dir.join("CFR-1.csv"))?,
            self.write_dmh1(dir.join("DMH-1.csv"))?,
            self.write_dmh2(dir.join("DMH-2.csv"))?,
            self.write_dmh3(dir.join("DMH-3.csv"))?,
            self.write_cbr(dir.join("CBR.csv"))?,
        ] {
            bytes += b;
            records += r;
        }
        Ok((bytes, records))
    }

    fn write_cfr1(&self, path: PathBuf) -> io::Result<(u64, u64)> {
        let mut out = CsvOut::create(path, CFR1_HEADER, self)?;
        for (i, col) in self.columns.iter().enumerate() {
            let prog = &self.programs[col.program];
            out.start(self, prog);
            out.line.push(',');
            let _ = write!(out.line, "{:0w$}", col.site, w = self.site_width);
            out.field(prog.name);
            for (k, &a) in col.expenses.iter().enumerate() {
                if k == OTPS && self.ref_cell == Some(i) {
                    out.field("#REF!");
                } else {
                    out.amount(a, self.style);
                }
            }
            out.amount(col.expenses.iter().sum(), self.style);
            out.amount(col.revenues, self.style);
            let _ = write!(out.line, ",{}", col.units);
            out.end_line()?;
        }
        out.finish()
    }

    fn write_dmh1(&self, path: PathBuf) -> io::Result<(u64, u64)> {
        let mut out = CsvOut::create(path, CFR1_HEADER, self)?;
        for prog in &self.programs {
            let (exp, rev, units) = dmh1_amounts(prog, &self.columns);
            out.start(self, prog);
            out.line.push(',');
            if prog.index.is_some() {
                let site = self.columns[prog.columns[0]].site;
                let _ = write!(out.line, "{site:0w$}", w = self.site_width);
            }
            out.field(prog.name);
            for a in exp {
                out.amount(a, self.style);
            }
            out.amount(exp.iter().sum(), self.style);
            out.amount(rev, self.style);
            let _ = write!(out.line, ",{units}");
            out.end_line()?;
        }
        out.finish()
    }

    fn write_dmh2(&self, path: PathBuf) -> io::Result<(u64, u64)> {
        let mut out = CsvOut::create(path, DMH2_HEADER, self)?;
        for row in &self.dmh2 {
            self.start_claim(&mut out, row.program, row.county, row.split);
            for a in row.expenses {
                out.amount(a, self.style);
            }
            out.amount(row.non_allowable, self.style);
            out.amount(row.total_adjusted(), self.style);
            out.amount(row.revenues, self.style);
            out.amount(row.net_operating_cost(), self.style);
            out.end_line()?;
        }
        out.finish()
    }

    fn write_dmh3(&self, path: PathBuf) -> io::Result<(u64, u64)> {
        let mut out = CsvOut::create(path, DMH3_HEADER, self)?;
        for row in &self.dmh3 {
            self.start_claim(&mut out, row.program, row.county, Some(row.fund));
            out.amount(row.net_operating_cost, self.style);
            out.end_line()?;
        }
        out.finish()
    }

    fn write_cbr(&self, path: PathBuf) -> io::Result<(u64, u64)> {
        let mut out = CsvOut::create(path, CBR_HEADER, self)?;
        for (row, &noc) in self.dmh2.iter().zip(&self.cbr_noc) {
            self.start_claim(&mut out, row.program, row.county, row.split);
            out.amount(noc, self.style);
            out.end_line()?;
        }
        out.finish()
    }

    /// Heading, program, county and fund columns of DMH-2/DMH-3/CBR.
    fn start_claim(
        &self,
        out: &mut CsvOut,
        program: usize,
        county: usize,
        fund: Option<(&str, &str)>,
    ) {
        let prog = &self.programs[program];
        out.start(self, prog);
        out.field(prog.name);
        out.field(&self.counties[county]);
        let (source, index) = fund.unwrap_or(("", ""));
        out.field(source);
        out.field(index);
    }
}

/// Writes a CFR-1 of `records` identical, internally consistent records:
/// one program (7070, Treatment Apartment) at one site, so every record but
/// the first repeats the site (IX002) and nothing else is wrong with it.
/// Returns the file's size in bytes.
pub fn write_repeating_site_cfr1(path: &Path, records: usize) -> io::Result<u64> {
    let mut out = BufWriter::new(File::create(path)?);
    writeln!(out, "{CFR1_HEADER}")?;
    for _ in 0..records {
        writeln!(
            out,
            "00001,2009-01-01,2009-12-31,7070,,001,Treatment Apartment,100.00,20.00,10.00,5.00,0.00,15.00,150.00,90.00,3"
        )?;
    }
    out.flush()?;
    Ok(fs::metadata(path)?.len())
}
