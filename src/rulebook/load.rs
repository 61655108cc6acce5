//! Loading user rulebooks: files, and folders of `.toml` files (a county
//! office keeps one file per year). Files are read parents first, whatever
//! their names, so an edition may extend one in a sibling file. Every
//! problem of every file is collected, named by file and line.

use std::fmt;
use std::path::{Path, PathBuf};

use toml_edit::ImDocument;

use super::edition::Edition;
use super::fields::{Problem, Problems};
use super::format;

/// A rulebook that cannot be used: every problem found in its files.
#[derive(Debug)]
pub struct RulebookError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for RulebookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "invalid rulebook {one}"),
            all => {
                write!(f, "invalid rulebook, {} problems:", all.len())?;
                for problem in all {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RulebookError {}

/// The files a rulebook path names: the file itself, or a folder's `.toml`
/// files in name order.
pub fn rulebook_files(path: &Path) -> Result<Vec<PathBuf>, Problem> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let unreadable = |error: std::io::Error| Problem {
        file: Some(path.to_path_buf()),
        line: None,
        message: format!("cannot read the rulebook folder: {error}"),
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(unreadable)? {
        let file = entry.map_err(unreadable)?.path();
        let visible = file
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| !name.starts_with('.'));
        let toml = file
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("toml"));
        if visible && toml && file.is_file() {
            files.push(file);
        }
    }
    files.sort();
    Ok(files)
}

/// A file read and parsed, waiting for the edition it extends.
struct Pending<'t> {
    file: &'t Path,
    text: &'t str,
    document: ImDocument<&'t str>,
    id: Option<String>,
    extends: Option<String>,
}

/// Adds the editions of `paths` (files or folders) to `editions`: an
/// edition with the id of an embedded one replaces it. Returns every problem.
pub fn load_user(editions: &mut Vec<Edition>, paths: &[PathBuf]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    for path in paths {
        match rulebook_files(path) {
            Ok(found) => {
                for file in found {
                    // A file named twice (a folder and one of its files) is read once.
                    let same = |other: &PathBuf| {
                        other == &file
                            || std::fs::canonicalize(other).ok()
                                == std::fs::canonicalize(&file).ok()
                    };
                    if !files.iter().any(same) {
                        files.push(file);
                    }
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    let mut texts = Vec::new();
    for file in &files {
        match std::fs::read_to_string(file) {
            Ok(text) => texts.push((file.as_path(), text)),
            Err(error) => problems.push(Problem {
                file: Some(file.clone()),
                line: None,
                message: format!("cannot read the rulebook: {error}"),
            }),
        }
    }
    let mut pending = Vec::new();
    for (file, text) in &texts {
        match ImDocument::parse(text.as_str()) {
            Ok(document) => {
                let (id, extends) = format::header(&document);
                pending.push(Pending {
                    file,
                    text,
                    document,
                    id,
                    extends,
                });
            }
            Err(error) => {
                let mut located = Problems::new(text, Some(file));
                let message: Vec<&str> = error.message().lines().map(str::trim).collect();
                located.at(
                    &error.span(),
                    format!("not valid TOML: {}", message.join("; ")),
                );
                problems.append(&mut located.list);
            }
        }
    }

    while !pending.is_empty() {
        // Ready: extends nothing, or nothing still pending (an embedded
        // edition, one loaded already, or one that does not exist).
        let ready = pending.iter().position(|file| {
            file.extends.as_ref().is_none_or(|parent| {
                !pending
                    .iter()
                    .any(|other| other.id.as_ref() == Some(parent) && other.id != file.id)
            })
        });
        let Some(at) = ready else {
            for file in &pending {
                let mut located = Problems::new(file.text, Some(file.file));
                located.at(
                    &extends_span(&file.document),
                    format!(
                        "extends {:?}, which extends this edition back (a cycle)",
                        file.extends.as_deref().unwrap_or_default()
                    ),
                );
                problems.append(&mut located.list);
            }
            break;
        };
        let file = pending.remove(at);
        let mut located = Problems::new(file.text, Some(file.file));
        if let Some(mut edition) = format::read_edition(&file.document, &mut located, editions) {
            edition.file = Some(file.file.to_path_buf());
            let replaces_embedded =
                |other: &Edition| other.id == edition.id && other.file.is_none();
            editions.retain(|other| !replaces_embedded(other));
            if !editions.iter().any(|other| other.id == edition.id) {
                editions.push(edition);
            }
        }
        problems.append(&mut located.list);
    }
    problems
}

fn extends_span(document: &ImDocument<&str>) -> Option<std::ops::Range<usize>> {
    document
        .get("edition")
        .and_then(|item| item.as_table_like())
        .and_then(|table| table.get("extends"))
        .and_then(toml_edit::Item::span)
}
