//! The command line: argument parsing and dispatch. Kept thin: the work is
//! in `input`, `rules`, `check` and `emit`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::emit::Format;

mod catalogue;
mod check;
mod template;

#[derive(Parser, Debug)]
#[command(
    name = "cfrcheck",
    version,
    about = "Validate New York State CFR filings of OMH-funded mental-health providers",
    long_about = "Validate New York State Consolidated Fiscal Report (CFR) filings of OMH-funded mental-health providers: \
the CFR-1 cost schedule and the DMH-1, DMH-2, DMH-3 claiming schedules (and the approved CBR), exported as CSV, \
against the OMH rulebook (Appendix F program codes, funding sources, indexing) and cross-schedule arithmetic."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate filings: folders, single CSVs, or folders of filings
    Check(CheckArgs),
    /// List every rule: code, name, default severity, summary
    Rules {
        #[arg(long, value_enum, default_value_t = CatalogueFormat::Text)]
        format: CatalogueFormat,
    },
    /// What a rule checks, why (with its source), how to fix it, an example
    Explain {
        /// A rule code such as FS002 (or its name, such as restricted-fund-source)
        code: String,
    },
    /// The rulebook's program codes, or one code in full
    Programs {
        /// A four-digit program code, such as 0890
        code: Option<String>,
        /// A rulebook file to use instead of / in addition to the embedded edition
        #[arg(long, value_name = "FILE")]
        rulebook: Option<PathBuf>,
        /// The edition to list (default: the newest loaded)
        #[arg(long, value_name = "ID")]
        edition: Option<String>,
    },
    /// Write empty, correctly headed CSVs for every schedule into DIR
    Template {
        dir: PathBuf,
        /// Overwrite files that already exist
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CatalogueFormat {
    Text,
    Json,
    /// docs/rules.md
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "windows-1252", alias = "cp1252")]
    Windows1252,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Filing folders, single schedule CSVs, or folders of filings
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format [default: text; html when --output ends in .html]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the report to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Rules to run: codes, family prefixes (TO) or ALL, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Option<Vec<String>>,
    /// Rules to skip: codes or family prefixes, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Option<Vec<String>>,
    /// Exit with status 1 when a finding is at or above this severity [default: error]
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Dollars two amounts may differ by and still agree [default: 1.00]
    #[arg(long, value_name = "DOLLARS")]
    pub tolerance: Option<String>,
    /// A rulebook file (same format as the embedded edition)
    #[arg(long, value_name = "FILE")]
    pub rulebook: Option<PathBuf>,
    /// Encoding of the CSV files [default: UTF-8, Windows-1252 when a file is not UTF-8]
    #[arg(long, value_enum)]
    pub encoding: Option<EncodingArg>,
    /// Config file [default: cfrcheck.toml in the current folder or its parents]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Threads for checking filings in parallel [default: one per core]
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Print findings only: no summaries, nothing for clean filings, no progress
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Hide the findings recorded in this baseline file; report entries that no longer occur (IN013)
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file (then report as with --baseline FILE)
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
}

/// Runs the command line; the exit status of cli.md (0, 1, 2).
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Usage errors exit 2; --help and --version exit 0.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let outcome = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules { format } => catalogue::rules(format),
        Command::Explain { code } => catalogue::explain(&code),
        Command::Programs {
            code,
            rulebook,
            edition,
        } => catalogue::programs(code.as_deref(), rulebook.as_deref(), edition.as_deref()),
        Command::Template { dir, force } => template::run(&dir, force),
    };
    match outcome {
        Ok(status) => status,
        Err(error) => {
            eprintln!("cfrcheck: error: {error:#}");
            ExitCode::from(2)
        }
    }
}
