//! End-to-end throughput of `cfrcheck check` against parsing floors.
//!
//! `cargo bench --bench throughput` generates a synthetic corpus (3,000
//! filings, fixed seed, see `benches/corpus/mod.rs`), then times
//!
//! * the floors (`benches/floor/mod.rs`): the fair floor, walking the corpus
//!   and parsing every CSV with one `csv_core` parser per thread on every
//!   core, and for reference the old csv floor, a new `csv::Reader` per
//!   file on one thread. Nothing that parses the files can be much faster
//!   than the fair floor, so it is the yardstick;
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

mod corpus;
mod floor;
mod html;
mod workbook;

use std::ffi::OsString;
use std::fs::{self, File};
use std::io;
use std::path::Path;
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::time::Instant;

const SEED: u64 = 2009;
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
    let (fair, csv_floor, check, reading) = best_by_turns(
        config.runs,
        || floor::time_fair(&corpus_dir, cpus),
        || floor::time_csv(&corpus_dir),
        || time_check(bin, &corpus_dir, &report, tmp.path()),
        || time_reading(bin, &corpus_dir, &reading_report, tmp.path()),
    )?;
    for floor in [&fair, &csv_floor] {
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
        "{:>14} {:>9} {:>13} {:>12} {:>9} {:>7} {:>10} {:>10} {:>7}",
        "CFR-1 columns",
        "MB",
        "fair floor s",
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
        let (fair, csv_floor, check, reading) = best_by_turns(
            config.runs,
            || floor::time_fair(&filing, cpus),
            || floor::time_csv(&filing),
            || time_check(bin, &filing, &report, &dir),
            || time_reading(bin, &filing, &reading_report, &dir),
        )?;
        println!(
            "{columns:>14} {:>9.2} {:>13.3} {:>12.3} {:>9.3} {:>7.2} {:>10} {:>10.3} {:>7.2}",
            bytes as f64 / 1e6,
            fair.secs,
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
    findings_case(config, bin, tmp.path())?;
    workbook_case(config, bin, tmp.path())?;

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

/// One CFR-1 whose every record names the same program and site: IX002
/// fires on all but the first, and the findings cap must keep the report
/// (and the memory holding it) small.
fn findings_case(config: &Config, bin: &Path, tmp: &Path) -> io::Result<()> {
    let records = if config.smoke {
        FINDINGS_RECORDS / 100
    } else {
        FINDINGS_RECORDS
    };
    let dir = tmp.join("findings");
    let filing = dir.join("agency-repeating-site");
    fs::create_dir_all(&filing)?;
    let file = filing.join("CFR-1.csv");
    let bytes = corpus::write_repeating_site_cfr1(&file, records)?;
    let report = dir.join("report.json");
    let check = best_of(config.runs, || time_check(bin, &file, &report, &dir))?;
    let report_mb = fs::metadata(&report).map_or(0, |m| m.len()) as f64 / 1e6;
    // The same file with the rules that fire here turned off: what is left
    // is reading and holding the records. The difference is the memory the
    // 625,000 findings cost: the cap must keep it small.
    let quiet_report = dir.join("report-without-findings.json");
    let without: Vec<OsString> = ["--select", "IN001"].map(OsString::from).into();
    let quiet = best_of(config.runs, || {
        time_check_with(bin, &file, &quiet_report, &dir, &without)
    })?;
    println!();
    println!(
        "findings: one CFR-1 of {records} records repeating one site ({:.2} MB), {} IX002 findings",
        bytes as f64 / 1e6,
        records - 1
    );
    println!(
        "cfrcheck check --format json: {:.3} s, peak RSS {}, report {report_mb:.3} MB, exit status {}",
        check.secs,
        fmt_rss(check.peak_rss),
        check.code
    );
    println!(
        "the same without the rules that fire (--select IN001): {:.3} s, peak RSS {}",
        quiet.secs,
        fmt_rss(quiet.peak_rss)
    );
    if let (Some(rss), Some(quiet_rss)) = (check.peak_rss, quiet.peak_rss) {
        let findings_mb = rss.saturating_sub(quiet_rss) as f64 / 1e6;
        println!("memory of the findings: {findings_mb:.1} MB (peak RSS with them - without them)");
        target(
            &format!("findings case: the findings' memory < {TARGET_FINDINGS_MEMORY_MB} MB"),
            findings_mb < TARGET_FINDINGS_MEMORY_MB,
            &format!("{findings_mb:.1} MB"),
        );
        target(
            &format!("findings case peak RSS < {TARGET_FINDINGS_RSS_MB} MB"),
            (rss as f64 / 1e6) < TARGET_FINDINGS_RSS_MB,
            &fmt_rss(Some(rss)),
        );
    }
    Ok(())
}

/// A workbook with the larger scaling filing's CFR-1 and DMH schedules.
fn workbook_case(config: &Config, bin: &Path, tmp: &Path) -> io::Result<()> {
    let columns = config.scaling[0];
    let dir = tmp.join("workbook");
    let agency = 90_100;
    corpus::write_filing(&dir, agency, columns, SEED + 7, None)?;
    let book = dir.join("filing.xlsx");
    let folder = dir.join(corpus::filing_dir_name(agency));
    let bytes = workbook::workbook_from_filing(&folder, &book, None)?;
    struct Opened(f64);
    impl Timed for Opened {
        fn secs(&self) -> f64 {
            self.0
        }
    }
    let mut cells = 0;
    let report = dir.join("report.json");
    // By turns, as the corpus's floors and check are.
    let (mut floor, mut check) = (Best::new(), Best::new());
    for _ in 0..config.runs.max(1) {
        let (secs, counted) = workbook::time_calamine(&book)?;
        cells = counted;
        floor.keep(Opened(secs));
        check.keep(time_check(bin, &book, &report, &dir)?);
    }
    let (floor, check) = (floor.take()?, check.take()?);
    println!();
    println!(
        "workbook: {columns} CFR-1 columns and their DMH schedules, {:.2} MB, {cells} cells",
        bytes as f64 / 1e6
    );
    println!(
        "{:<34} {:>9} {:>7} {:>10}",
        "", "seconds", "ratio", "peak RSS"
    );
    println!(
        "{:<34} {:>9.3} {:>7.2} {:>10}",
        "floor: calamine open + every cell", floor.0, 1.0, "-"
    );
    let ratio = check.secs / floor.0;
    println!(
        "{:<34} {:>9.3} {:>7.2} {:>10}",
        "cfrcheck check --format json",
        check.secs,
        ratio,
        fmt_rss(check.peak_rss)
    );
    if check.code != 0 {
        println!("  note: the clean workbook exited {}", check.code);
    }
    target(
        &format!("workbook check <= {TARGET_WORKBOOK} x calamine"),
        ratio <= TARGET_WORKBOOK,
        &format!("{ratio:.2} x"),
    );
    annotate_case(config, bin, &folder, &dir)
}

/// The same workbook with a fault in every tenth CFR-1 column, checked
/// with every finding listed (`--max-per-rule 0`), then checked and
/// annotated (`--annotate`): the annotated copy may take at most
/// `TARGET_ANNOTATE` times the plain check.
fn annotate_case(config: &Config, bin: &Path, folder: &Path, dir: &Path) -> io::Result<()> {
    let book = dir.join("faulty.xlsx");
    workbook::workbook_from_filing(folder, &book, Some(10))?;
    let report = dir.join("faulty.json");
    let all = ["--max-per-rule", "0"].map(OsString::from);
    let out = dir.join("annotated");
    let annotate_args = [
        &all[..],
        &[OsString::from("--annotate"), out.clone().into()],
    ]
    .concat();
    // By turns, as the corpus's floors and check are.
    let (mut check, mut annotate) = (Best::new(), Best::new());
    for _ in 0..config.runs.max(1) {
        check.keep(time_check_with(bin, &book, &report, dir, &all)?);
        annotate.keep(time_check_with(bin, &book, &report, dir, &annotate_args)?);
    }
    let (check, annotate) = (check.take()?, annotate.take()?);
    let findings = fs::read_to_string(&report)?.matches("\"code\":").count();
    let copy = out.join("faulty.checked.xlsx");
    let copy_mb = fs::metadata(&copy)?.len() as f64 / 1e6;
    println!("annotated copy: the workbook with {findings} findings, copy {copy_mb:.2} MB");
    let ratio = annotate.secs / check.secs;
    for (what, timed, ratio) in [
        ("cfrcheck check --max-per-rule 0", &check, 1.0),
        ("... --annotate OUT", &annotate, ratio),
    ] {
        println!(
            "{what:<34} {:>9.3} {ratio:>7.2} {:>10}",
            timed.secs,
            fmt_rss(timed.peak_rss)
        );
    }
    target(
        &format!("annotated check <= {TARGET_ANNOTATE} x the plain check"),
        ratio <= TARGET_ANNOTATE,
        &format!("{ratio:.2} x"),
    );
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

trait Timed {
    fn secs(&self) -> f64;
}

/// The fastest result kept so far: the minimum is the least disturbed by
/// other load on the machine.
struct Best<T>(Option<T>);

impl<T: Timed> Best<T> {
    fn new() -> Self {
        Best(None)
    }

    fn keep(&mut self, result: T) {
        if self
            .0
            .as_ref()
            .is_none_or(|best| result.secs() < best.secs())
        {
            self.0 = Some(result);
        }
    }

    fn take(self) -> io::Result<T> {
        self.0.ok_or_else(|| io::Error::other("no run was timed"))
    }
}

/// Runs `f` `runs` times and keeps the fastest result.
fn best_of<T: Timed>(runs: usize, mut f: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    let mut best = Best::new();
    for _ in 0..runs.max(1) {
        best.keep(f()?);
    }
    best.take()
}

/// The fastest of `runs` results of each of four measurements, taken by
/// turns (a, b, c, d, a, b, ...): a floor and the check it is compared
/// with then see the same moments of a noisy machine, instead of the floor
/// all of its runs first and the check later, when the load may differ.
fn best_by_turns<A: Timed, B: Timed, C: Timed, D: Timed>(
    runs: usize,
    mut a: impl FnMut() -> io::Result<A>,
    mut b: impl FnMut() -> io::Result<B>,
    mut c: impl FnMut() -> io::Result<C>,
    mut d: impl FnMut() -> io::Result<D>,
) -> io::Result<(A, B, C, D)> {
    let (mut best_a, mut best_b) = (Best::new(), Best::new());
    let (mut best_c, mut best_d) = (Best::new(), Best::new());
    for _ in 0..runs.max(1) {
        best_a.keep(a()?);
        best_b.keep(b()?);
        best_c.keep(c()?);
        best_d.keep(d()?);
    }
    Ok((
        best_a.take()?,
        best_b.take()?,
        best_c.take()?,
        best_d.take()?,
    ))
}

// ---- floor -------------------------------------------------------------

impl Timed for floor::Floor {
    fn secs(&self) -> f64 {
        self.secs
    }
}

// ---- cfrcheck ------------------------------------------------------------

struct Check {
    secs: f64,
    code: i32,
    /// Peak resident set size of the child in bytes.
    peak_rss: Option<u64>,
}

impl Timed for Check {
    fn secs(&self) -> f64 {
        self.secs
    }
}

/// Runs `cfrcheck check --format json --output REPORT TARGET` once.
/// Exit status 0 (clean) and 1 (findings) are results; anything else means
/// the checker failed, which fails the benchmark.
fn time_check(bin: &Path, target: &Path, report: &Path, scratch: &Path) -> io::Result<Check> {
    time_check_with(bin, target, report, scratch, &[])
}

const READING_LABEL: &str = "... reading alone (--select IN)";

/// [`time_check`] with only the input rules selected: every file is still
/// found, opened, decoded, parsed and typed (and the input rules run), but
/// no other rule family does. What is left between this and the fair floor
/// is reading itself; between this and the check, the rules.
fn time_reading(bin: &Path, target: &Path, report: &Path, scratch: &Path) -> io::Result<Check> {
    time_check_with(
        bin,
        target,
        report,
        scratch,
        &["--select".into(), "IN".into()],
    )
}

/// [`time_check`] with more options.
fn time_check_with(
    bin: &Path,
    target: &Path,
    report: &Path,
    scratch: &Path,
    options: &[OsString],
) -> io::Result<Check> {
    let stderr_path = scratch.join("cfrcheck.stderr");
    let start = Instant::now();
    let child = Command::new(bin)
        .args(["check", "--format", "json", "--output"])
        .arg(report)
        .args(options)
        .arg(target)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&stderr_path)?)
        .spawn()
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", bin.display())))?;
    let (status, peak_rss) = wait_with_peak_rss(child)?;
    let secs = start.elapsed().as_secs_f64();
    match status.code() {
        Some(code @ (0 | 1)) => Ok(Check {
            secs,
            code,
            peak_rss,
        }),
        _ => {
            let stderr = fs::read_to_string(&stderr_path).unwrap_or_default();
            let tail: String = stderr
                .lines()
                .rev()
                .take(20)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n");
            Err(io::Error::other(format!(
                "cfrcheck check {} failed with {status}\n{tail}",
                target.display()
            )))
        }
    }
}

/// Waits for the child and returns its exit status and peak RSS.
///
/// The peak comes from `wait4(2)`, which reaps exactly this child and returns
/// its own `rusage`. That beats the alternatives: `getrusage(RUSAGE_CHILDREN)`
/// is a maximum over every child reaped so far, so the scaling runs could
/// not be told apart from the corpus runs; and polling `/proc/PID/status`
/// `VmHWM` loses whatever the child allocates after the last poll. The
/// kernel's figure is exact and costs nothing. `ru_maxrss` is in KiB on
/// Linux and the BSDs, in bytes on macOS.
#[cfg(unix)]
fn wait_with_peak_rss(child: Child) -> io::Result<(ExitStatus, Option<u64>)> {
    use std::os::unix::process::ExitStatusExt;

    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; all-zero is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our own un-reaped child (std never waited on it),
        // and both out-pointers are valid for the call.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
    // `child` is dropped without waiting again: dropping a Child neither
    // waits nor kills.
    drop(child);
    let maxrss = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    let bytes = if cfg!(target_os = "macos") {
        maxrss
    } else {
        maxrss * 1024
    };
    Ok((ExitStatus::from_raw(status), Some(bytes)))
}

#[cfg(not(unix))]
fn wait_with_peak_rss(mut child: Child) -> io::Result<(ExitStatus, Option<u64>)> {
    Ok((child.wait()?, None))
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
