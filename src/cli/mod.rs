//! The command line: argument parsing and dispatch. Kept thin: the work is
//! in `input`, `rules`, `check` and `emit`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::emit::Format;

mod catalogue;
mod check;
mod rulebook;
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
        /// A rulebook file (or folder of them) in addition to the embedded edition
        #[arg(long, value_name = "FILE")]
        rulebook: Option<PathBuf>,
        /// The edition to list (default: the last loaded)
        #[arg(long, value_name = "ID")]
        edition: Option<String>,
        /// Config file whose `rulebook` and `rulebooks` are loaded [default: cfrcheck.toml in the current folder or its parents]
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Write, check and compare rulebook editions (docs/rulebook.md)
    Rulebook {
        #[command(subcommand)]
        command: RulebookCommand,
    },
    /// Write empty, correctly headed CSVs for every schedule into DIR (or one workbook with --xlsx)
    Template {
        dir: PathBuf,
        /// Overwrite files that already exist
        #[arg(long)]
        force: bool,
        /// Write one workbook, cfr-filing.xlsx: a sheet per schedule, dropdowns of the rulebook's codes
        #[arg(long)]
        xlsx: bool,
        /// A rulebook file (or folder of them) whose newest edition fills the workbook's lists
        #[arg(long, value_name = "FILE")]
        rulebook: Option<PathBuf>,
        /// Config file whose `rulebook` and `rulebooks` are loaded [default: cfrcheck.toml in the current folder or its parents]
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum RulebookCommand {
    /// Write a commented edition for new periods, extending an existing edition
    New(NewEditionArgs),
    /// Validate rulebook files (or folders of them): every problem, with its line; exit 2 if any
    Check {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        context: RulebookContext,
    },
    /// Programs and funding sources added, retired, renamed and changed from edition A to B
    Diff {
        /// An edition id (embedded, or in the config's rulebooks) or a rulebook file
        #[arg(value_name = "A")]
        from: String,
        /// An edition id or a rulebook file
        #[arg(value_name = "B")]
        to: String,
        #[command(flatten)]
        context: RulebookContext,
    },
}

#[derive(clap::Args, Debug)]
pub struct NewEditionArgs {
    /// The new edition's id, such as omh-2025
    #[arg(long, value_name = "ID")]
    pub id: String,
    /// First day of a reporting period the edition covers (YYYY-MM-DD); repeat for each period
    #[arg(long = "period-start", value_name = "DATE", required = true)]
    pub period_starts: Vec<String>,
    /// The edition it extends: an id or a rulebook file [default: the newest embedded edition]
    #[arg(long, value_name = "EDITION")]
    pub extends: Option<String>,
    /// Write the edition to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub context: RulebookContext,
}

/// The editions a rulebook command can name besides the embedded ones.
#[derive(clap::Args, Debug)]
pub struct RulebookContext {
    /// Config file whose `rulebook` and `rulebooks` are loaded too [default: cfrcheck.toml in the current folder or its parents]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
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
    /// A rulebook file, or a folder of them (same format as the embedded edition)
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
    /// List at most N findings of one rule per file, and count the rest (IN014); 0 lists all [default: 200]
    #[arg(long, value_name = "N")]
    pub max_per_rule: Option<usize>,
    /// Hide the findings recorded in this baseline file; report entries that no longer occur (IN013)
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file (then report as with --baseline FILE)
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Write into folder OUT a copy of each filing, every finding on its cell (OUT/NAME.checked.xlsx)
    #[arg(long, value_name = "OUT")]
    pub annotate: Option<PathBuf>,
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
            config,
        } => rulebook::load(rulebook.as_deref(), config.as_deref()).and_then(|rulebook| {
            catalogue::programs(code.as_deref(), &rulebook, edition.as_deref())
        }),
        Command::Rulebook { command } => rulebook::run(command),
        Command::Template {
            dir,
            force,
            xlsx,
            rulebook,
            config,
        } => rulebook::load(rulebook.as_deref(), config.as_deref())
            .and_then(|rulebook| template::run(&dir, force, xlsx, &rulebook)),
    };
    match outcome {
        Ok(status) => status,
        Err(error) => {
            eprintln!("cfrcheck: error: {error:#}");
            ExitCode::from(2)
        }
    }
}
