//! `cfrcheck check`: merge config and flags, find the filings, check them,
//! emit the report, and turn it into an exit status.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{bail, Context as _, Result};
use rust_decimal::Decimal;

use super::{CheckArgs, EncodingArg, FailOn};
use crate::baseline::Baseline;
use crate::check::check_targets;
use crate::config::{self, Config};
use crate::emit::{self, EmitOptions};
use crate::input::discover;
use crate::report::Severity;
use crate::rulebook::Rulebook;
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
    let rulebook = match args.rulebook.as_deref().or(config.rulebook.as_deref()) {
        Some(path) => Rulebook::with_user_file(path)?,
        None => Rulebook::embedded(),
    };
    // A baseline that cannot be read stops the run before any work (exit 2).
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let targets = discover(&args.paths)?;
    if let Some(output) = &args.output {
        refuse_to_overwrite_an_input(output, &targets)?;
    }

    let show_progress = !args.quiet && targets.len() > 1 && io::stderr().is_terminal();
    let done = AtomicUsize::new(0);
    let progress = || {
        let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
        if show_progress {
            eprint!("\rchecked {finished}/{} filings", targets.len());
        }
    };
    let mut report = with_threads(args.jobs, || {
        check_targets(&targets, &rulebook, &settings, &progress)
    })?;
    if show_progress {
        eprint!("\r\x1b[2K");
    }

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
    Ok(if report.fails(fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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

/// Inputs are never written: `--output` must not name a file being checked.
fn refuse_to_overwrite_an_input(
    output: &std::path::Path,
    targets: &[crate::input::Target],
) -> Result<()> {
    let Ok(output) = std::fs::canonicalize(output) else {
        return Ok(()); // does not exist yet, so it is no input
    };
    let inputs = targets.iter().flat_map(|target| &target.files);
    for input in inputs {
        if std::fs::canonicalize(&input.path).is_ok_and(|path| path == output) {
            bail!(
                "--output {} is one of the files being checked; choose another file",
                input.display
            );
        }
    }
    Ok(())
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
