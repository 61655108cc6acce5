//! `cfrcheck.toml`: the settings a repository or an agency keeps with its
//! filings. Found by `--config FILE`, or in the current folder or its
//! parents. Command-line flags override it. A bad file stops the run
//! (exit status 2) with a message that names the key and the line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{anyhow, bail, Context as _, Result};
use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use crate::report::Severity;

pub const FILE_NAME: &str = "cfrcheck.toml";

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    fail_on: Option<Spanned<String>>,
    tolerance: Option<Spanned<toml::Value>>,
    rulebook: Option<Spanned<String>>,
    rulebooks: Option<Spanned<String>>,
    encoding: Option<Spanned<String>>,
    max_per_rule: Option<usize>,
    #[serde(default)]
    severity: HashMap<String, Spanned<String>>,
}

/// A config file, checked and resolved.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub fail_on: Option<Severity>,
    pub tolerance: Option<Decimal>,
    /// A rulebook file, resolved relative to the config file's folder.
    pub rulebook: Option<ConfigPath>,
    /// A folder of rulebook files (every edition in it is loaded), resolved likewise.
    pub rulebooks: Option<ConfigPath>,
    pub encoding: Option<String>,
    /// `max-per-rule`: findings listed per rule and file (0: all).
    pub max_per_rule: Option<usize>,
    pub severity: HashMap<String, Severity>,
}

/// A path a config key names, resolved relative to the config file, and
/// the line of the key, for the error when it does not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigPath {
    pub path: PathBuf,
    pub line: usize,
}

impl Config {
    /// The user rulebooks of a run: the `rulebooks` folder, then `explicit`
    /// (`--rulebook`) or else the `rulebook` file. A path the config names
    /// must exist; the error names the config file and the key's line.
    pub fn rulebook_paths(&self, explicit: Option<&Path>) -> Result<Vec<PathBuf>> {
        let config = self
            .path
            .as_deref()
            .map_or_else(|| FILE_NAME.into(), |path| path.display().to_string());
        let mut paths = Vec::new();
        if let Some(folder) = &self.rulebooks {
            if !folder.path.is_dir() {
                bail!(
                    "invalid config {config}: line {}: `rulebooks` folder {} does not exist (paths are relative to the config file)",
                    folder.line,
                    folder.path.display()
                );
            }
            paths.push(folder.path.clone());
        }
        match (explicit, &self.rulebook) {
            (Some(path), _) => paths.push(path.to_path_buf()),
            (None, Some(file)) if !file.path.is_file() => bail!(
                "invalid config {config}: line {}: `rulebook` file {} does not exist (paths are relative to the config file)",
                file.line,
                file.path.display()
            ),
            (None, Some(file)) => paths.push(file.path.clone()),
            (None, None) => {}
        }
        Ok(paths)
    }

    /// The explicit file, else `cfrcheck.toml` in `start` or its parents,
    /// else the defaults.
    pub fn load(explicit: Option<&Path>, start: &Path) -> Result<Config> {
        match explicit {
            Some(path) => Config::from_file(path),
            None => match find(start) {
                Some(path) => Config::from_file(&path),
                None => Ok(Config::default()),
            },
        }
    }

    pub fn from_file(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        parse(&text, path).with_context(|| format!("invalid config {}", path.display()))
    }
}

/// The nearest `cfrcheck.toml`; relative to `start` when it is in `start`
/// itself, so that messages name `cfrcheck.toml` and `rulebooks/omh-2025.toml`.
fn find(start: &Path) -> Option<PathBuf> {
    let found = start
        .ancestors()
        .map(|folder| folder.join(FILE_NAME))
        .find(|candidate| candidate.is_file())?;
    Some(match found.strip_prefix(start) {
        Ok(relative) => relative.to_path_buf(),
        Err(_) => found,
    })
}

fn parse(text: &str, path: &Path) -> Result<Config> {
    let raw: RawConfig = toml::from_str(text)?;
    let line =
        |span: std::ops::Range<usize>| text[..span.start.min(text.len())].matches('\n').count() + 1;
    let codes = |key: &str, list: Option<Vec<Spanned<String>>>| -> Result<Option<Vec<String>>> {
        let Some(list) = list else { return Ok(None) };
        list.into_iter()
            .map(|code| {
                let value = code.get_ref().trim().to_string();
                if is_rule_pattern(&value) {
                    Ok(value)
                } else {
                    Err(anyhow!(
                        "line {}: `{key}` entry {value:?} is not a rule code, a family prefix (like TO) or ALL",
                        line(code.span())
                    ))
                }
            })
            .collect::<Result<Vec<_>>>()
            .map(Some)
    };
    let severity_of = |key: &str, spelled: &Spanned<String>| -> Result<Severity> {
        Severity::parse(spelled.get_ref()).ok_or_else(|| {
            anyhow!(
                "line {}: `{key}` = {:?} is not error, warning or info",
                line(spelled.span()),
                spelled.get_ref()
            )
        })
    };
    let mut config = Config {
        path: Some(path.to_path_buf()),
        select: codes("select", raw.select)?,
        ignore: codes("ignore", raw.ignore)?,
        max_per_rule: raw.max_per_rule,
        ..Config::default()
    };
    if let Some(fail_on) = &raw.fail_on {
        config.fail_on = Some(severity_of("fail-on", fail_on)?);
    }
    if let Some(tolerance) = &raw.tolerance {
        let parsed = match tolerance.get_ref() {
            toml::Value::Float(value) => Decimal::from_str(&value.to_string()).ok(),
            toml::Value::Integer(value) => Some(Decimal::from(*value)),
            toml::Value::String(value) => Decimal::from_str(value.trim()).ok(),
            _ => None,
        };
        match parsed {
            Some(value) if !value.is_sign_negative() => config.tolerance = Some(value),
            _ => bail!(
                "line {}: `tolerance` must be a non-negative number of dollars, like 1.00",
                line(tolerance.span())
            ),
        }
    }
    if let Some(encoding) = &raw.encoding {
        config.encoding = Some(encoding.get_ref().clone());
    }
    let resolve = |relative: Spanned<String>| ConfigPath {
        line: line(relative.span()),
        path: path.parent().map_or_else(
            || PathBuf::from(relative.get_ref()),
            |folder| folder.join(relative.get_ref()),
        ),
    };
    config.rulebook = raw.rulebook.map(resolve);
    config.rulebooks = raw.rulebooks.map(resolve);
    for (code, spelled) in &raw.severity {
        if crate::rules::find(code).is_none() {
            bail!(
                "line {}: [severity] names {code:?}, which is not a rule code",
                line(spelled.span())
            );
        }
        config
            .severity
            .insert(code.to_ascii_uppercase(), severity_of(code, spelled)?);
    }
    Ok(config)
}

/// `ALL`, a family prefix (`TO`), or a rule code (`TO001`) of the catalogue.
pub fn is_rule_pattern(pattern: &str) -> bool {
    pattern.eq_ignore_ascii_case("ALL")
        || crate::rules::registry().iter().any(|rule| {
            rule.code.len() >= pattern.len()
                && rule.code[..pattern.len()].eq_ignore_ascii_case(pattern)
                && !pattern.is_empty()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let text = r#"
select = ["ALL"]
ignore = ["IN012"]
fail-on = "warning"
tolerance = 1.00
rulebook = "rulebook-2024.toml"
rulebooks = "rulebooks/"

[severity]
IN008 = "error"
"#;
        let config = parse(text, Path::new("repo/cfrcheck.toml")).expect("valid");
        assert_eq!(config.fail_on, Some(Severity::Warning));
        assert_eq!(config.tolerance, Some(Decimal::ONE));
        assert_eq!(
            config.rulebook,
            Some(ConfigPath {
                path: PathBuf::from("repo/rulebook-2024.toml"),
                line: 6
            })
        );
        assert_eq!(
            config.rulebooks.as_ref().map(|folder| folder.path.clone()),
            Some(PathBuf::from("repo/rulebooks/"))
        );
        let error = config
            .rulebook_paths(None)
            .expect_err("no such folder")
            .to_string();
        assert!(
            error.contains("repo/cfrcheck.toml: line 7: `rulebooks`"),
            "{error}"
        );
        assert_eq!(config.severity.get("IN008"), Some(&Severity::Error));
    }

    #[test]
    fn errors_name_key_and_line() {
        let error = parse(
            "select = [\"ALL\"]\nfail-on = \"sometimes\"\n",
            Path::new("c.toml"),
        )
        .expect_err("bad fail-on")
        .to_string();
        assert!(
            error.contains("line 2") && error.contains("fail-on"),
            "{error}"
        );
        let error = parse("ignore = [\"ZZ999\"]\n", Path::new("c.toml"))
            .expect_err("bad code")
            .to_string();
        assert!(
            error.contains("line 1") && error.contains("ZZ999"),
            "{error}"
        );
        assert!(parse("colour = true\n", Path::new("c.toml")).is_err());
    }
}
