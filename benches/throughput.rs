//! End-to-end throughput of `cfrcheck check` against a parsing floor.
//!
//! `cargo bench --bench throughput` generates a synthetic corpus (3,000
//! filings, fixed seed, see `benches/corpus/mod.rs`), then times
//!
//! * the floor: walking the corpus and reading every CSV with the csv crate
//!   into one reused `ByteRecord`, single thread, no checks. Nothing that
//!   parses the files can be much faster, so it is the yardstick;
//! * `cfrcheck check --format json --output FILE CORPUS`, the release binary,
//!   as a child process, so start-up, the walk, decoding, every rule and the
//!   report all count;
//!
//! and prints both, their ratio, MB/s, filings/s and the checker's peak RSS.
//! Then the scaling run: one filing with 10,000 and one with 100,000 CFR-1
//! columns, checked the same way; ten times the input should take about ten
//! times as long. Last the workbook case (the 10,000-column filing as one
//! workbook, against calamine alone) and its annotated copy: the workbook
//! with a fault in every tenth CFR-1 column, checked with and without
//! `--annotate OUT` (`--max-per-rule 0`, so every finding is noted).
//!
//! Missed targets print `TARGET MISSED` and do not fail the run: timings on
//! shared machines are too noisy to gate on. The exit status is non-zero only
//! on an I/O error or when cfrcheck crashes (exit status other than 0 or 1).
//!
//! Environment: `CFRCHECK_BENCH_FILINGS` (default 3000) and
//! `CFRCHECK_BENCH_RUNS` (default 3; each timing is the best of that many).
//! Under `cargo test --benches` (no `--bench` argument) it runs a small smoke
//! version so that the harness itself stays tested.

mod corpus;
mod workbook;

use std::ffi::OsString;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::time::Instant;

const SEED: u64 = 2009;
/// 1% of the corpus carries a seeded violation, so exit status 1 and a
/// non-empty report are part of what is measured.
const FAULTY_EVERY: usize = 100;
/// The smoke run is small, so it needs denser faults to exercise exit 1.
const FAULTY_EVERY_SMOKE: usize = 10;
const TARGET_RATIO: f64 = 2.0;
const TARGET_RSS_MB: f64 = 100.0;
const TARGET_SCALING: f64 = 15.0;
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
        "timings: best of {} runs, warm page cache, {cpus} CPUs available",
        config.runs
    );

    let floor = best_of(config.runs, || time_floor(&corpus_dir))?;
    if floor.records != stats.records {
        return Err(io::Error::other(format!(
            "floor read {} records, generator wrote {}",
            floor.records, stats.records
        )));
    }
    let report = tmp.path().join("report.json");
    let check = best_of(config.runs, || {
        time_check(bin, &corpus_dir, &report, tmp.path())
    })?;

    let filings = stats.filings as f64;
    println!();
    println!(
        "{:<34} {:>9} {:>9} {:>11} {:>7} {:>10}",
        "", "seconds", "MB/s", "filings/s", "ratio", "peak RSS"
    );
    println!(
        "{:<34} {:>9.3} {:>9.1} {:>11.0} {:>7.2} {:>10}",
        "floor: csv ByteRecord, 1 thread",
        floor.secs,
        mb / floor.secs,
        filings / floor.secs,
        1.0,
        "-"
    );
    println!(
        "{:<34} {:>9.3} {:>9.1} {:>11.0} {:>7.2} {:>10}",
        "cfrcheck check --format json",
        check.secs,
        mb / check.secs,
        filings / check.secs,
        check.secs / floor.secs,
        fmt_rss(check.peak_rss)
    );
    println!(
        "cfrcheck exit status {}, report {:.2} MB",
        check.code,
        fs::metadata(&report).map_or(0, |m| m.len()) as f64 / 1e6
    );
    report_faults(&stats, &report, check.code)?;

    println!();
    target(
        &format!("check time <= {TARGET_RATIO} x floor"),
        check.secs / floor.secs <= TARGET_RATIO,
        &format!("{:.2} x", check.secs / floor.secs),
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
        "{:>14} {:>9} {:>9} {:>9} {:>10}",
        "CFR-1 columns", "MB", "floor s", "check s", "peak RSS"
    );
    let mut times = Vec::new();
    for (i, &columns) in config.scaling.iter().enumerate() {
        let dir = tmp.path().join(format!("scale-{columns}"));
        let agency = 90_001 + i as u32;
        let bytes = corpus::write_filing(&dir, agency, columns, SEED + columns as u64, None)?;
        let filing = dir.join(corpus::filing_dir_name(agency));
        let floor = best_of(config.runs, || time_floor(&filing))?;
        let report = dir.join("report.json");
        let check = best_of(config.runs, || time_check(bin, &filing, &report, &dir))?;
        println!(
            "{columns:>14} {:>9.2} {:>9.3} {:>9.3} {:>10}",
            bytes as f64 / 1e6,
            floor.secs,
            check.secs,
            fmt_rss(check.peak_rss)
        );
        if check.code != 0 {
            println!(
                "  note: the clean {columns}-column filing exited {}",
                check.code
            );
        }
        times.push((floor.secs, check.secs));
    }
    let [small, large] = config.scaling;
    let ratio = times[1].1 / times[0].1;
    println!(
        "time ratio {large}/{small} columns: floor {:.1} x, check {ratio:.1} x",
        times[1].0 / times[0].0
    );
    target(
        &format!("{large}-column filing <= {TARGET_SCALING} x the {small}-column one"),
        ratio <= TARGET_SCALING,
        &format!("{ratio:.1} x"),
    );
    workbook_case(config, bin, tmp.path())?;
    if config.smoke {
        println!("1 passed, 0 failed");
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
    let floor = best_of(config.runs, || {
        let (secs, counted) = workbook::time_calamine(&book)?;
        cells = counted;
        Ok(Opened(secs))
    })?;
    let report = dir.join("report.json");
    let check = best_of(config.runs, || time_check(bin, &book, &report, &dir))?;
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
    let check = best_of(config.runs, || {
        time_check_with(bin, &book, &report, dir, &all)
    })?;
    let findings = fs::read_to_string(&report)?.matches("\"code\":").count();
    let out = dir.join("annotated");
    let annotate_args = [
        &all[..],
        &[OsString::from("--annotate"), out.clone().into()],
    ]
    .concat();
    let annotate = best_of(config.runs, || {
        time_check_with(bin, &book, &report, dir, &annotate_args)
    })?;
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

/// Runs `f` `runs` times and keeps the fastest result: the minimum is the
/// least disturbed by other load on the machine.
fn best_of<T: Timed>(runs: usize, mut f: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    let mut best: Option<T> = None;
    for _ in 0..runs.max(1) {
        let r = f()?;
        if best.as_ref().is_none_or(|b| r.secs() < b.secs()) {
            best = Some(r);
        }
    }
    Ok(best.expect("at least one run"))
}

// ---- floor -------------------------------------------------------------

struct Floor {
    secs: f64,
    records: u64,
}

impl Timed for Floor {
    fn secs(&self) -> f64 {
        self.secs
    }
}

/// Walks `root` and reads every CSV, counting records. The walk is timed
/// too, because cfrcheck has to do it as well.
fn time_floor(root: &Path) -> io::Result<Floor> {
    let start = Instant::now();
    let mut files = Vec::new();
    csv_files(root, &mut files)?;
    let mut record = csv::ByteRecord::new();
    let mut records = 0;
    for path in &files {
        let mut reader = csv::ReaderBuilder::new().from_path(path)?;
        while reader.read_byte_record(&mut record)? {
            records += 1;
        }
    }
    Ok(Floor {
        secs: start.elapsed().as_secs_f64(),
        records,
    })
}

/// The CSV files under `dir`, skipping hidden entries as cfrcheck does.
fn csv_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            csv_files(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            out.push(path);
        }
    }
    Ok(())
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
