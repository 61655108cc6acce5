//! `cfrcheck rulebook new | check | diff`, and the rulebook every command
//! loads: the embedded editions, the config's `rulebooks` folder and
//! `rulebook` file (or `--rulebook` instead of the latter).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context as _, Result};

use super::{NewEditionArgs, RulebookCommand, RulebookContext};
use crate::config::Config;
use crate::input::cells::parse_date;
use crate::rulebook::{rulebook_files, scaffold, Edition, EditionDiff, Rulebook, Scaffold};

/// The rulebook of a run configured by `config`, with `--rulebook` if given.
pub fn from_config(config: &Config, explicit: Option<&Path>) -> Result<Rulebook> {
    let paths = config.rulebook_paths(explicit)?;
    if paths.is_empty() {
        return Ok(Rulebook::embedded());
    }
    Ok(Rulebook::with_user_paths(&paths)?)
}

/// The rulebook of the config file found as `check` finds it.
pub fn load(explicit: Option<&Path>, config: Option<&Path>) -> Result<Rulebook> {
    let current_dir = std::env::current_dir().context("cannot read the current folder")?;
    from_config(&Config::load(config, &current_dir)?, explicit)
}

pub fn run(command: RulebookCommand) -> Result<ExitCode> {
    match command {
        RulebookCommand::New(args) => new(&args),
        RulebookCommand::Check { paths, context } => check(&paths, &context),
        RulebookCommand::Diff { from, to, context } => diff(&from, &to, &context),
    }
}

/// The editions a command may name: the config's and these files'.
fn with_files(context: &RulebookContext, files: &[&str]) -> Result<Rulebook> {
    let current_dir = std::env::current_dir().context("cannot read the current folder")?;
    let config = Config::load(context.config.as_deref(), &current_dir)?;
    let mut paths = config.rulebook_paths(None)?;
    paths.extend(
        files
            .iter()
            .map(PathBuf::from)
            .filter(|path| path.is_file()),
    );
    Ok(Rulebook::with_user_paths(&paths)?)
}

/// An edition named on the command line: a rulebook file, or an id.
fn named<'r>(rulebook: &'r Rulebook, name: &str) -> Result<&'r Edition> {
    let path = Path::new(name);
    if path.is_file() {
        let wanted = std::fs::canonicalize(path).ok();
        return rulebook
            .user_editions()
            .find(|edition| {
                edition
                    .file
                    .as_deref()
                    .and_then(|file| std::fs::canonicalize(file).ok())
                    == wanted
            })
            .ok_or_else(|| anyhow!("{name} holds no edition"));
    }
    rulebook.edition(name).ok_or_else(|| {
        let known: Vec<&str> = rulebook
            .editions
            .iter()
            .map(|edition| edition.id.as_str())
            .collect();
        anyhow!(
            "no edition {name:?} and no such file; the editions are: {}",
            known.join(", ")
        )
    })
}

fn new(args: &NewEditionArgs) -> Result<ExitCode> {
    let period_starts = args
        .period_starts
        .iter()
        .map(|start| {
            parse_date(start)
                .ok_or_else(|| anyhow!("--period-start {start:?} is not a YYYY-MM-DD date"))
        })
        .collect::<Result<Vec<_>>>()?;
    let extends: Vec<&str> = args.extends.iter().map(String::as_str).collect();
    let rulebook = with_files(&args.context, &extends)?;
    let embedded = Rulebook::embedded();
    let base = match &args.extends {
        Some(name) => named(&rulebook, name)?,
        None => embedded.newest(),
    };
    if let Some(existing) = rulebook
        .edition(&args.id)
        .filter(|existing| existing.id != base.id)
    {
        let place = existing
            .file
            .as_ref()
            .map_or("embedded".to_string(), |file| file.display().to_string());
        bail!(
            "--id {:?} is the id of an edition already ({place}); give the new edition its own id",
            args.id
        );
    }
    let file = match &args.output {
        Some(output) => output.display().to_string(),
        None => format!("{}.toml", args.id),
    };
    let text = scaffold(&Scaffold {
        id: &args.id,
        period_starts: &period_starts,
        base,
        file: &file,
    })
    .map_err(|message| anyhow!(message))?;
    let Some(output) = &args.output else {
        print!("{text}");
        return Ok(ExitCode::SUCCESS);
    };
    if output.exists() && !args.force {
        bail!("{} exists; pass --force to overwrite it", output.display());
    }
    // `--output rulebooks/omh-2025.toml` starts the folder cfrcheck.toml names.
    if let Some(folder) = output
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
    {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    std::fs::write(output, text).with_context(|| format!("cannot write {}", output.display()))?;
    println!(
        "wrote {}: edition {} extending {}; fill it in, then `cfrcheck rulebook check {}`",
        output.display(),
        args.id,
        base.id,
        output.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn check(paths: &[PathBuf], context: &RulebookContext) -> Result<ExitCode> {
    let mut checked = Vec::new();
    for path in paths {
        if !path.exists() {
            bail!("{} does not exist", path.display());
        }
        let files = rulebook_files(path).map_err(|problem| anyhow!("{problem}"))?;
        if files.is_empty() {
            bail!("{} holds no .toml rulebook file", path.display());
        }
        checked.extend(
            files
                .iter()
                .filter_map(|file| std::fs::canonicalize(file).ok()),
        );
    }
    let current_dir = std::env::current_dir().context("cannot read the current folder")?;
    let config = Config::load(context.config.as_deref(), &current_dir)?;
    // The files given first, so that messages name them as they were given.
    let mut all = paths.to_vec();
    all.extend(config.rulebook_paths(None)?);
    let rulebook = match Rulebook::with_user_paths(&all) {
        Ok(rulebook) => rulebook,
        Err(error) => {
            for problem in &error.problems {
                println!("{problem}");
            }
            eprintln!(
                "cfrcheck: {} in the rulebook",
                count(error.problems.len(), "problem")
            );
            return Ok(ExitCode::from(2));
        }
    };
    for edition in rulebook.user_editions() {
        let file = edition
            .file
            .as_deref()
            .and_then(|file| std::fs::canonicalize(file).ok());
        if !file.is_some_and(|file| checked.contains(&file)) {
            continue;
        }
        let starts: Vec<String> = edition
            .period_starts
            .iter()
            .map(ToString::to_string)
            .collect();
        let extends = edition
            .extends
            .as_ref()
            .map_or(String::new(), |parent| format!(", extends {parent}"));
        println!(
            "{}: edition {}{extends}, periods starting {}: {}, {}, {}; no problems",
            edition.file.as_deref().unwrap_or(Path::new("")).display(),
            edition.id,
            starts.join(", "),
            count(edition.programs.len(), "program"),
            count(edition.fund_sources.len(), "funding source"),
            count(edition.retired.len(), "retired code"),
        );
        if edition.source.trim().is_empty() {
            println!("  note: `source` is empty; say where the codes come from (the Appendix F page or OMH notice)");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `1 program`, `89 programs`.
fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

fn diff(from: &str, to: &str, context: &RulebookContext) -> Result<ExitCode> {
    let rulebook = with_files(context, &[from, to])?;
    let diff = EditionDiff::between(named(&rulebook, from)?, named(&rulebook, to)?);
    print!("{diff}");
    Ok(ExitCode::SUCCESS)
}
