//! Writes synthetic CFR filings for benchmarks, demos and manual testing.
//!
//! ```text
//! cargo run --release --example gen_corpus -- OUT_DIR [--filings N] [--seed S]
//!     [--faulty-every K] [--columns N [--fault NAME]]
//! ```
//!
//! Without `--columns`: a corpus of N filings (default 3000, seed 2009, every
//! 100th filing faulty) with the long-tailed size mix of the benchmark.
//! With `--columns N`: one clean filing (`OUT_DIR/agency-00001/`) with N CFR-1
//! columns, for scaling runs; `--fault` seeds one violation into it.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: gen_corpus OUT_DIR [--filings N] [--seed S] [--faulty-every K] \
[--columns N [--fault dmh3-off-7000|unknown-program-code-6007|0890-under-170D|bad-amount-REF]]";

struct Args {
    out: PathBuf,
    filings: usize,
    seed: u64,
    faulty_every: usize,
    columns: Option<usize>,
    fault: Option<corpus::Fault>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        out: PathBuf::new(),
        filings: 3000,
        seed: 2009,
        faulty_every: 100,
        columns: None,
        fault: None,
    };
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        let number = |name: &str, v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{name}: not a number: {v}"))
        };
        match arg.as_str() {
            "--filings" => args.filings = number("--filings", value("--filings")?)? as usize,
            "--seed" => args.seed = number("--seed", value("--seed")?)?,
            "--faulty-every" => {
                args.faulty_every = number("--faulty-every", value("--faulty-every")?)? as usize
            }
            "--columns" => args.columns = Some(number("--columns", value("--columns")?)? as usize),
            "--fault" => {
                let v = value("--fault")?;
                args.fault =
                    Some(corpus::Fault::parse(&v).ok_or_else(|| format!("unknown fault {v}"))?);
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s if out.is_none() => out = Some(PathBuf::from(s)),
            s => return Err(format!("unexpected argument {s}")),
        }
    }
    args.out = out.ok_or("OUT_DIR is required")?;
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen_corpus: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    if let Some(columns) = args.columns {
        match corpus::write_filing(&args.out, 1, columns, args.seed, args.fault) {
            Ok(bytes) => {
                println!(
                    "wrote {} with {columns} CFR-1 columns: {:.2} MB in {:.2} s",
                    args.out.join(corpus::filing_dir_name(1)).display(),
                    bytes as f64 / 1e6,
                    start.elapsed().as_secs_f64()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("gen_corpus: {}: {e}", args.out.display());
                ExitCode::FAILURE
            }
        }
    } else {
        let spec = corpus::CorpusSpec {
            filings: args.filings,
            seed: args.seed,
            faulty_every: args.faulty_every,
        };
        match corpus::write_corpus(&args.out, &spec) {
            Ok(stats) => {
                print_stats(&args, &stats, start.elapsed().as_secs_f64());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("gen_corpus: {}: {e}", args.out.display());
                ExitCode::FAILURE
            }
        }
    }
}

fn print_stats(args: &Args, s: &corpus::CorpusStats, secs: f64) {
    println!(
        "wrote {} filings ({} files, {} records, {:.2} MB) to {} in {secs:.2} s",
        s.filings,
        s.files,
        s.records,
        s.bytes as f64 / 1e6,
        args.out.display()
    );
    println!(
        "CFR-1 columns: {} in all, {:.1} per filing on average, largest filing {}",
        s.cfr1_columns,
        s.cfr1_columns as f64 / s.filings.max(1) as f64,
        s.largest_filing_columns
    );
    println!("size mix (CFR-1 columns per filing):");
    for (&(lo, hi), &n) in corpus::SIZE_BUCKETS.iter().zip(&s.size_buckets) {
        let label = if hi == usize::MAX {
            format!("{lo}+")
        } else {
            format!("{lo}-{hi}")
        };
        println!(
            "  {label:>7}  {n:>6}  {:5.1}%",
            100.0 * n as f64 / s.filings.max(1) as f64
        );
    }
    println!(
        "faulty filings: {} (listed in {})",
        s.faulty.len(),
        args.out.join(".corpus-manifest.tsv").display()
    );
    for f in corpus::Fault::ALL {
        let n = s.faulty.iter().filter(|(_, g)| *g == f).count();
        if n > 0 {
            println!("  {:<26} {n:>4}  expect {}", f.name(), f.expected_rule());
        }
    }
}
