//! End-to-end throughput of `cfrcheck check` against parsing floors.
//!
//! `cargo bench --bench throughput` generates a synthetic corpus (3,000
//! filings, fixed seed, see `benches/corpus/mod.rs`), then times
//!
//! * the floors (`benches/floor/mod.rs`): the fair floor, walking the corpus
//!   and parsing every CSV with one `csv_core` parser per thread on every
//!   core, and for reference the typed floor (the fair floor typing every
//!   cell as cheaply as can be) and the old csv floor, a new `csv::Reader`
//!   per file on one thread. Nothing that parses the files can be much
//!   faster than the fair floor, so it is the yardstick;
//! * `cfrcheck check --format json --output FILE CORPUS`, the release binary,
//!   as a child process, so start-up, the walk, decoding, every rule and the
//!   report all count;
//! * the same check with only the input rules selected (`--select IN`):
//!   reading alone, so the gap between the fair floor and the check splits
//!   into what reading costs and what the rule families cost;
//!
//! and prints them, the ratios to both floors, MB/s, filings/s and the
//! checker's peak RSS. Then the scaling run: one filing with 10,000 and one
//! with 100,000 CFR-1 columns, checked the same way; ten times the input
//! should take about ten times as long, and the larger within 3x its own
//! fair floor. Then the findings case (a CFR-1 of 625,001 records at one
//! site: IX002 625,000 times, capped), the workbook case against calamine and its
//! annotated copy (`--annotate OUT` against the same check without it), and
//! last the HTML report of 100,000 findings: its size, the emit time
//! and (with Chromium installed) the time the page takes to open, filter,
//! search and turn a page (`benches/html/mod.rs`).
//!
//! Missed targets print `TARGET MISSED` and do not fail the run: timings on
//! shared machines are too noisy to gate on. The exit status is non-zero only
//! on an I/O error or when cfrcheck crashes (exit status other than 0 or 1).
//!
//! Environment: `CFRCHECK_BENCH_FILINGS` (default 3000) and
//! `CFRCHECK_BENCH_RUNS` (default 3; each timing is the best of that many;
//! each floor and the check compared with it, and the plain and the
//! annotated check, are run by turns, so that they see the same moments of
//! the machine).
//! Under `cargo test --benches` (no `--bench` argument) it runs a small smoke
//! version so that the harness itself stays tested.

mod cases;
mod child;
mod corpus;
mod floor;
mod html;
mod timing;
mod workbook;

use std::fs;
use std::io;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use child::{time_check, time_reading};
use timing::best_by_turns;

const SEED: u64 = 2009;
/// The corpus table's line for `time_reading`.
const READING_LABEL: &str = "... reading alone (--select IN)";
/// 1% of the corpus carries a seeded violation, so exit status 1 and a
/// non-empty report are part of what is measured.
const FAULTY_EVERY: usize = 100;
/// The smoke run is small, so it needs denser faults to exercise exit 1.
const FAULTY_EVERY_SMOKE: usize = 10;
/// The corpus: cfrcheck at most this many times the fair floor.
const TARGET_RATIO: f64 = 1.5;
const TARGET_RSS_MB: f64 = 100.0;
const TARGET_SCALING: f64 = 15.0;
/// The largest scaling filing: at most this many times its own fair floor,
/// in at most this much memory.
const TARGET_BIG_FILING: f64 = 3.0;
const TARGET_BIG_FILING_RSS_MB: f64 = 30.0;
/// The findings case: a CFR-1 of this many records repeating one site, so
/// IX002 fires on every record but the first, 625,000 times.
const FINDINGS_RECORDS: usize = 625_001;
/// Its report is capped (`--max-per-rule`), so its memory must stay bounded
/// by the records, not grow with the findings.
const TARGET_FINDINGS_RSS_MB: f64 = 100.0;
/// ... of which the findings (report memory, bounded by the cap) at most this.
const TARGET_FINDINGS_MEMORY_MB: f64 = 5.0;
/// The workbook case: cfrcheck on a 10,000-column workbook at most this many
/// times calamine's own open-and-visit-every-cell.
const TARGET_WORKBOOK: f64 = 3.0;
/// `check --annotate` on that workbook with a thousand findings, at most
/// this many times the same check without it.
const TARGET_ANNOTATE: f64 = 2.0;

struct Config {
    filings: usize,
    runs: usize,
    scaling: [usize; 2],
    smoke: bool,
}

fn main() -> ExitCode {
    // cargo bench passes --bench; cargo test --benches does not.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let env = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or(default)
    };
    let config = Config {
        filings: env("CFRCHECK_BENCH_FILINGS", if smoke { 30 } else { 3000 }),
        runs: env("CFRCHECK_BENCH_RUNS", if smoke { 1 } else { 3 }),
        scaling: if smoke {
            [1_000, 10_000]
        } else {
            [10_000, 100_000]
        },
        smoke,
    };
    match run(&config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("throughput: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(config: &Config) -> io::Result<()> {
    let bin = Path::new(env!("CARGO_BIN_EXE_cfrcheck"));
    let tmp = tempfile::Builder::new()
        .prefix("cfrcheck-bench-")
        .tempdir()?;
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    if config.smoke {
        println!("smoke run (use `cargo bench --bench throughput` for measurements)");
    }

    // ---- corpus -------------------------------------------------------
    let corpus_dir = tmp.path().join("corpus");
    let spec = corpus::CorpusSpec {
        filings: config.filings,
        seed: SEED,
        faulty_every: if config.smoke {
            FAULTY_EVERY_SMOKE
        } else {
            FAULTY_EVERY
        },
    };
    let start = Instant::now();
    let stats = corpus::write_corpus(&corpus_dir, &spec)?;
    let gen_secs = start.elapsed().as_secs_f64();
    let mb = stats.bytes as f64 / 1e6;
    println!(
        "corpus: {} filings, {} files, {} records, {mb:.2} MB, {} CFR-1 columns (largest filing {}), \
         {} with a seeded fault; generated in {gen_secs:.2} s (seed {SEED})",
        stats.filings,
        stats.files,
        stats.records,
        stats.cfr1_columns,
        stats.largest_filing_columns,
        stats.faulty.len(),
    );
    println!(
        "timings: best of {} runs (floors and check by turns), warm page cache, {cpus} CPUs available",
        config.runs
    );

    let report = tmp.path().join("report.json");
    let reading_report = tmp.path().join("reading.json");
    let (fair, typed, csv_floor, check, reading) = best_by_turns(
        config.runs,
        || floor::time_fair(&corpus_dir, cpus),
        || floor::time_typed(&corpus_dir, cpus),
        || floor::time_csv(&corpus_dir),
        || time_check(bin, &corpus_dir, &report, tmp.path()),
        || time_reading(bin, &corpus_dir, &reading_report, tmp.path()),
    )?;
    for floor in [&fair, &typed, &csv_floor] {
        if floor.records != stats.records {
            return Err(io::Error::other(format!(
                "floor read {} records, generator wrote {}",
                floor.records, stats.records
            )));
        }
    }

    let filings = stats.filings as f64;
    println!();
    println!(
        "{:<38} {:>9} {:>9} {:>11} {:>7} {:>10}",
        "", "seconds", "MB/s", "filings/s", "ratio", "peak RSS"
    );
    let fair_label = format!("fair floor: csv_core, {cpus} threads");
    for (label, secs, rss) in [
        (fair_label.as_str(), fair.secs, None),
        ("typed floor: fair + every cell typed", typed.secs, None),
        ("csv floor: csv::Reader, 1 thread", csv_floor.secs, None),
        ("cfrcheck check --format json", check.secs, check.peak_rss),
        (READING_LABEL, reading.secs, reading.peak_rss),
    ] {
        println!(
            "{label:<38} {secs:>9.3} {:>9.1} {:>11.0} {:>7.2} {:>10}",
            mb / secs,
            filings / secs,
            secs / fair.secs,
            rss.map_or_else(|| "-".into(), |rss| fmt_rss(Some(rss)))
        );
    }
    println!(
        "ratio to the csv floor: {:.2} x; cfrcheck exit status {}, report {:.2} MB",
        check.secs / csv_floor.secs,
        check.code,
        fs::metadata(&report).map_or(0, |m| m.len()) as f64 / 1e6
    );
    println!(
        "of which the rule families (check - reading alone): {:.3} s, {:.0}%",
        check.secs - reading.secs,
        100.0 * (check.secs - reading.secs) / check.secs
    );
    // What the target asks of reading: were typing the cells free (reading
    // no dearer than the floor), the check would still take this long.
    let floor_and_rules = fair.secs + check.secs - reading.secs;
    println!(
        "were reading no dearer than the fair floor: {floor_and_rules:.3} s, {:.2} x the fair floor",
        floor_and_rules / fair.secs
    );
    // What the target leaves, once every cell is typed at the least cost,
    // for the rest of reading and for every rule.
    println!(
        "the target leaves beyond the typed floor: {:.3} s; the check spends {:.3} s there",
        TARGET_RATIO * fair.secs - typed.secs,
        check.secs - typed.secs
    );
    report_faults(&stats, &report, check.code)?;

    println!();
    target(
        &format!("check time <= {TARGET_RATIO} x fair floor"),
        check.secs / fair.secs <= TARGET_RATIO,
        &format!("{:.2} x", check.secs / fair.secs),
    );
    match check.peak_rss {
        Some(rss) => target(
            &format!("peak RSS < {TARGET_RSS_MB} MB"),
            (rss as f64 / 1e6) < TARGET_RSS_MB,
            &fmt_rss(Some(rss)),
        ),
        None => println!("peak RSS < {TARGET_RSS_MB} MB: not measured on this platform"),
    }

    // ---- scaling --------------------------------------------------------
    println!();
    println!("scaling: one filing, cfrcheck check --format json");
    println!(
        "{:>14} {:>9} {:>13} {:>13} {:>12} {:>9} {:>7} {:>10} {:>10} {:>7}",
        "CFR-1 columns",
        "MB",
        "fair floor s",
        "typed floor s",
        "csv floor s",
        "check s",
        "ratio",
        "peak RSS",
        "reading s",
        "ratio"
    );
    let mut times = Vec::new();
    for (i, &columns) in config.scaling.iter().enumerate() {
        let dir = tmp.path().join(format!("scale-{columns}"));
        let agency = 90_001 + i as u32;
        let bytes = corpus::write_filing(&dir, agency, columns, SEED + columns as u64, None)?;
        let filing = dir.join(corpus::filing_dir_name(agency));
        let report = dir.join("report.json");
        let reading_report = dir.join("reading.json");
        let (fair, typed, csv_floor, check, reading) = best_by_turns(
            config.runs,
            || floor::time_fair(&filing, cpus),
            || floor::time_typed(&filing, cpus),
            || floor::time_csv(&filing),
            || time_check(bin, &filing, &report, &dir),
            || time_reading(bin, &filing, &reading_report, &dir),
        )?;
        println!(
            "{columns:>14} {:>9.2} {:>13.3} {:>13.3} {:>12.3} {:>9.3} {:>7.2} {:>10} {:>10.3} {:>7.2}",
            bytes as f64 / 1e6,
            fair.secs,
            typed.secs,
            csv_floor.secs,
            check.secs,
            check.secs / fair.secs,
            fmt_rss(check.peak_rss),
            reading.secs,
            reading.secs / fair.secs
        );
        if check.code != 0 {
            println!(
                "  note: the clean {columns}-column filing exited {}",
                check.code
            );
        }
        times.push((fair.secs, check.secs, check.peak_rss));
    }
    let [small, large] = config.scaling;
    let ratio = times[1].1 / times[0].1;
    println!(
        "time ratio {large}/{small} columns: fair floor {:.1} x, check {ratio:.1} x",
        times[1].0 / times[0].0
    );
    target(
        &format!("{large}-column filing <= {TARGET_SCALING} x the {small}-column one"),
        ratio <= TARGET_SCALING,
        &format!("{ratio:.1} x"),
    );
    let (big_floor, big_check, big_rss) = times[1];
    target(
        &format!("{large}-column filing <= {TARGET_BIG_FILING} x its fair floor"),
        big_check / big_floor <= TARGET_BIG_FILING,
        &format!("{:.2} x", big_check / big_floor),
    );
    if let Some(rss) = big_rss {
        target(
            &format!("{large}-column filing peak RSS <= {TARGET_BIG_FILING_RSS_MB} MB"),
            rss as f64 / 1e6 <= TARGET_BIG_FILING_RSS_MB,
            &fmt_rss(Some(rss)),
        );
    }
    cases::findings_case(config, bin, tmp.path())?;
    cases::workbook_case(config, bin, tmp.path())?;

    // ---- the html report --------------------------------------------------
    html::run(
        if config.smoke { 2_000 } else { 100_000 },
        tmp.path(),
        !config.smoke,
    )?;
    if config.smoke {
        println!("1 passed, 0 failed");
    }
    Ok(())
}

fn target(what: &str, met: bool, value: &str) {
    if met {
        println!("target ok: {what} ({value})");
    } else {
        println!("TARGET MISSED: {what} ({value})");
    }
}

fn fmt_rss(rss: Option<u64>) -> String {
    rss.map_or_else(|| "n/a".into(), |b| format!("{:.1} MB", b as f64 / 1e6))
}

/// Says whether the report mentions the rule each seeded fault should
/// trigger. A plain substring test keeps the bench free of a JSON parser;
/// it is a hint for whoever reads the numbers, not a test.
fn report_faults(stats: &corpus::CorpusStats, report: &Path, code: i32) -> io::Result<()> {
    if stats.faulty.is_empty() {
        return Ok(());
    }
    if code == 0 {
        println!(
            "note: exit status 0 although {} filings carry a seeded fault",
            stats.faulty.len()
        );
    }
    let text = fs::read_to_string(report).unwrap_or_default();
    for fault in corpus::Fault::ALL {
        let seeded = stats.faulty.iter().filter(|(_, f)| *f == fault).count();
        let rule = fault.expected_rule();
        let found = text.matches(&format!("\"{rule}\"")).count();
        if seeded > 0 && found < seeded {
            println!(
                "note: {seeded} filings seeded with {} but the report names {rule} {found} times",
                fault.name()
            );
        }
    }
    Ok(())
}
