//! `cfrcheck check`: merge config and flags, find the filings, check them,
//! emit the report, and turn it into an exit status.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

use anyhow::{bail, Context as _, Result};
use rayon::prelude::*;
use rust_decimal::Decimal;

use super::{CheckArgs, EncodingArg, FailOn};
use crate::annotate::{self, AnnotateOptions};
use crate::baseline::Baseline;
use crate::check::check_targets;
use crate::config::{self, Config};
use crate::emit::{self, EmitOptions};
use crate::input::discover;
use crate::input::discover::file_identity;
use crate::input::Target;
use crate::report::Severity;
use crate::settings::{Encoding, Selection, Settings};

pub fn run(args: CheckArgs) -> Result<ExitCode> {
    let current_dir = std::env::current_dir().context("cannot read the current folder")?;
    let config = Config::load(args.config.as_deref(), &current_dir)?;
    let settings = settings(&args, &config)?;
    let fail_on = match args.fail_on {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Info) => Severity::Info,
        None => config.fail_on.unwrap_or(Severity::Error),
    };
    // The rulebook (the embedded one is parsed at every start, a few
    // milliseconds) is read on a worker while the folders are listed, on
    // the workers too (with `--jobs 1`, one after the other). Its errors
    // come first, as if it had been read before.
    let (rulebook, targets) = with_threads(args.jobs, || {
        rayon::join(
            || super::rulebook::from_config(&config, args.rulebook.as_deref()),
            || discover(&args.paths),
        )
    })?;
    let rulebook = rulebook?;
    // A baseline that cannot be read stops the run before any work (exit 2).
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let targets = targets?;
    let writes = [
        ("--output", args.output.as_deref()),
        ("--write-baseline", args.write_baseline.as_deref()),
    ];
    // On the workers: one look-up per input is thousands in a batch.
    with_threads(args.jobs, || {
        writes.iter().try_for_each(|(flag, path)| match path {
            Some(path) => refuse_to_overwrite_an_input(flag, path, &targets),
            None => Ok(()),
        })
    })??;
    let copies = args
        .annotate
        .as_deref()
        .map(|out| copy_paths(out, &targets))
        .transpose()?;

    let progress = Progress::new(targets.len(), !args.quiet && io::stderr().is_terminal());
    let mut report = with_threads(args.jobs, || {
        check_targets(&targets, &rulebook, &settings, &|| progress.tick())
    })?;
    progress.finish();

    let baseline = match &args.write_baseline {
        Some(path) => {
            let written = Baseline::from_report(&report);
            written.save(path)?;
            if !args.quiet {
                eprintln!(
                    "cfrcheck: wrote baseline {} ({} findings under {} keys)",
                    path.display(),
                    written.findings(),
                    written.entries.len()
                );
            }
            Some(written)
        }
        None => baseline,
    };
    if let Some(baseline) = &baseline {
        let hidden = baseline.apply(&mut report, &settings);
        if !args.quiet && hidden > 0 {
            eprintln!("cfrcheck: {hidden} recorded findings hidden by the baseline");
        }
    }

    if let (Some(out), Some(paths)) = (&args.annotate, &copies) {
        let options = AnnotateOptions {
            command: &command_line(),
            encoding: settings.encoding,
        };
        annotate::write_copies(&targets, &report, paths, &options)?;
        if !args.quiet {
            let copies = if paths.len() == 1 { "copy" } else { "copies" };
            eprintln!(
                "cfrcheck: wrote {} annotated {copies} into {}",
                paths.len(),
                out.display()
            );
        }
    }

    let format = args
        .format
        .unwrap_or_else(|| emit::Format::for_output(args.output.as_deref()));
    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let options = EmitOptions {
        color: to_terminal && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
        quiet: args.quiet,
        // Tables fit the terminal; files and pipes get a fixed, reproducible width.
        width: if to_terminal {
            emit::text::terminal_width()
        } else {
            None
        },
        fail_on,
        // Read here, not in the emitter, so that tests can pass any file.
        step_summary: std::env::var_os("GITHUB_STEP_SUMMARY")
            .filter(|value| !value.is_empty())
            .map(std::path::PathBuf::from),
        run_at: Some(run_at()),
    };
    match &args.output {
        Some(path) => {
            let file = File::create(path)
                .with_context(|| format!("cannot write the report to {}", path.display()))?;
            let mut out = BufWriter::new(file);
            emit::emit(format, &report, &options, &mut out)?;
            out.flush()?;
        }
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            // A closed pipe (`| head`) is not an error worth a message.
            if let Err(error) =
                emit::emit(format, &report, &options, &mut out).and_then(|()| out.flush())
            {
                if error.kind() != io::ErrorKind::BrokenPipe {
                    return Err(error.into());
                }
            }
        }
    }
    let status = if report.fails(fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends with this run: freeing the findings, records and
    // paths of thousands of filings one by one would be its last, serial
    // milliseconds (about 2% of a check of 3,000 filings), so they go with
    // the process instead.
    std::mem::forget((report, targets, rulebook));
    Ok(status)
}

/// Now, or `SOURCE_DATE_EPOCH` (seconds since 1970) when it is set, so that
/// builds and tests can make byte-identical reports.
fn run_at() -> std::time::SystemTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|seconds| seconds.trim().parse::<u64>().ok())
        .map_or_else(std::time::SystemTime::now, |seconds| {
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds)
        })
}

/// Inputs are never written: no file cfrcheck writes may be a file being
/// checked, whatever the path says (links, `..`): files are compared by
/// identity, with one look-up per input.
pub(super) fn refuse_to_overwrite_an_input(
    flag: &str,
    output: &std::path::Path,
    targets: &[crate::input::Target],
) -> Result<()> {
    let Some(output_identity) = file_identity(output) else {
        return Ok(()); // does not exist yet, so it is no input
    };
    let inputs: Vec<_> = targets.iter().flat_map(|target| &target.files).collect();
    let first_match = inputs.par_iter().find_first(|input| match &input.identity {
        Some(identity) => *identity == output_identity,
        None => file_identity(&input.path).is_some_and(|id| id == output_identity),
    });
    match first_match {
        Some(input) => bail!(
            "{flag} {} is one of the files being checked ({}); choose another file",
            output.display(),
            input.display
        ),
        None => Ok(()),
    }
}

/// The annotated copies of `--annotate OUT`, refused (exit 2, before any
/// work) when OUT is a file or a copy would replace a file being checked.
fn copy_paths(out: &Path, targets: &[Target]) -> Result<Vec<PathBuf>> {
    refuse_to_overwrite_an_input("--annotate", out, targets)?;
    if out.exists() && !out.is_dir() {
        bail!(
            "--annotate {} is a file; give a folder (it is created if missing)",
            out.display()
        );
    }
    let paths = annotate::copy_paths(targets, out);
    for path in &paths {
        refuse_to_overwrite_an_input("--annotate", path, targets).with_context(|| {
            format!(
                "--annotate {}: a copy would replace an input",
                out.display()
            )
        })?;
    }
    Ok(paths)
}

/// The command line, as the Findings sheet of a copy shows it.
fn command_line() -> String {
    let mut words = vec!["cfrcheck".to_string()];
    for argument in std::env::args_os().skip(1) {
        let argument = argument.to_string_lossy();
        let plain = !argument.is_empty()
            && argument
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./,:=@%+".contains(c));
        words.push(if plain {
            argument.into_owned()
        } else {
            format!("'{}'", argument.replace('\'', "'\\''"))
        });
    }
    words.join(" ")
}

/// A progress bar on standard error for a batch, when it is a terminal:
/// filings done, filings per second and the time left.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(filings: usize, on_terminal: bool) -> Progress {
        if !on_terminal || filings < 2 {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new(filings as u64);
        let style = indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} filings, {rate} filings/s, {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .with_key(
            "rate",
            |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
                let _ = write!(out, "{:.0}", state.per_sec());
            },
        );
        bar.set_style(style);
        Progress(Some(bar))
    }

    fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// The config file, overridden by the command line.
fn settings(args: &CheckArgs, config: &Config) -> Result<Settings> {
    let mut settings = Settings::default();
    let defaults = Selection::default();
    for pattern in args.select.iter().chain(args.ignore.iter()).flatten() {
        if !config::is_rule_pattern(pattern.trim()) {
            bail!("{pattern:?} is not a rule code, a family prefix (like TO) or ALL; see `cfrcheck rules`");
        }
    }
    settings.selection = Selection {
        select: args
            .select
            .clone()
            .or_else(|| config.select.clone())
            .unwrap_or(defaults.select),
        ignore: args
            .ignore
            .clone()
            .or_else(|| config.ignore.clone())
            .unwrap_or(defaults.ignore),
    };
    if let Some(tolerance) = config.tolerance {
        settings.tolerance = tolerance;
    }
    if let Some(tolerance) = &args.tolerance {
        settings.tolerance = match Decimal::from_str(tolerance.trim().trim_start_matches('$')) {
            Ok(value) if !value.is_sign_negative() => value,
            _ => bail!("--tolerance {tolerance:?} is not a non-negative number of dollars"),
        };
    }
    settings.severities = config.severity.clone();
    if let Some(max) = args.max_per_rule.or(config.max_per_rule) {
        settings.max_per_rule = max;
    }
    settings.encoding = match (args.encoding, config.encoding.as_deref()) {
        (Some(EncodingArg::Utf8), _) => Encoding::Utf8,
        (Some(EncodingArg::Windows1252), _) => Encoding::Windows1252,
        (None, None) => Encoding::Auto,
        (None, Some(name)) => match name.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "windows-1252" | "cp1252" => Encoding::Windows1252,
            "auto" => Encoding::Auto,
            _ => bail!("config `encoding` = {name:?} is not utf-8, windows-1252 or auto"),
        },
    };
    Ok(settings)
}

/// Runs `work` on a pool of `jobs` threads (default: rayon's, one per core).
fn with_threads<T: Send>(jobs: Option<usize>, work: impl FnOnce() -> T + Send) -> Result<T> {
    match jobs {
        None => Ok(work()),
        Some(0) => bail!("--jobs must be at least 1"),
        Some(jobs) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .build()
                .context("cannot start worker threads")?;
            Ok(pool.install(work))
        }
    }
}
