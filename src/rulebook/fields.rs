//! Reading a TOML document key by key with the line of every key and value,
//! collecting every problem instead of stopping at the first: `rulebook
//! check` lists them all, and a key nobody asked for is reported as unknown.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml_edit::{Item, TableLike, Value};

/// One thing wrong with a rulebook file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: Option<PathBuf>,
    /// 1-based; `None` for a problem with the whole file.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    /// `my-2025.toml: line 6: program code "12345" is not four digits`, as
    /// config errors name their line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => {
                write!(f, "{}: line {line}: {}", file.display(), self.message)
            }
            (Some(file), None) => write!(f, "{}: {}", file.display(), self.message),
            (None, Some(line)) => write!(f, "line {line}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

/// The problems found in one file, and how to turn its byte offsets into lines.
pub struct Problems {
    file: Option<PathBuf>,
    line_starts: Vec<usize>,
    pub list: Vec<Problem>,
}

impl Problems {
    pub fn new(text: &str, file: Option<&Path>) -> Problems {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Problems {
            file: file.map(Path::to_path_buf),
            line_starts,
            list: Vec::new(),
        }
    }

    pub fn line(&self, span: &Option<Range<usize>>) -> Option<usize> {
        let offset = span.as_ref()?.start;
        Some(self.line_starts.partition_point(|&start| start <= offset))
    }

    pub fn at(&mut self, span: &Option<Range<usize>>, message: impl Into<String>) {
        let line = self.line(span);
        self.list.push(Problem {
            file: self.file.clone(),
            line,
            message: message.into(),
        });
    }
}

/// A value and where it was written.
#[derive(Clone, Debug)]
pub struct Located<T> {
    pub value: T,
    pub span: Option<Range<usize>>,
}

/// The keys of one table, read one by one; [`Fields::finish`] reports the
/// keys that were never read.
pub struct Fields<'d> {
    table: &'d dyn TableLike,
    /// How messages name the table: `[edition]`, `[[programs]] 0890`.
    pub what: String,
    pub span: Option<Range<usize>>,
    read: Vec<&'static str>,
    /// Set when the entry was not read for a problem already reported:
    /// its other keys are not unknown, just unread.
    abandoned: bool,
}

impl<'d> Fields<'d> {
    pub fn new(table: &'d dyn TableLike, span: Option<Range<usize>>, what: String) -> Fields<'d> {
        Fields {
            table,
            what,
            span,
            read: Vec::new(),
            abandoned: false,
        }
    }

    /// Stops reading the entry (its code is wrong or repeated): its other
    /// keys are not reported as unknown.
    pub fn abandon(&mut self) {
        self.abandoned = true;
    }

    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// The item under `key`, marked as read, with the span of its key.
    fn item(&mut self, key: &'static str) -> Option<(&'d Item, Option<Range<usize>>)> {
        self.read.push(key);
        let (found, item) = self.table.get_key_value(key)?;
        Some((item, item.span().or_else(|| found.span())))
    }

    pub fn string(
        &mut self,
        key: &'static str,
        problems: &mut Problems,
    ) -> Option<Located<String>> {
        let (item, span) = self.item(key)?;
        match item.as_str() {
            Some(text) => Some(Located {
                value: text.to_string(),
                span,
            }),
            None => {
                problems.at(&span, format!("`{key}` in {} must be a string", self.what));
                None
            }
        }
    }

    pub fn boolean(&mut self, key: &'static str, problems: &mut Problems) -> Option<bool> {
        let (item, span) = self.item(key)?;
        let value = item.as_bool();
        if value.is_none() {
            problems.at(
                &span,
                format!("`{key}` in {} must be true or false", self.what),
            );
        }
        value
    }

    /// A list of strings; TOML dates (`2025-01-01` unquoted) are read as their text.
    pub fn strings(
        &mut self,
        key: &'static str,
        problems: &mut Problems,
    ) -> Option<Vec<Located<String>>> {
        let (item, span) = self.item(key)?;
        let Some(array) = item.as_array() else {
            problems.at(
                &span,
                format!("`{key}` in {} must be a list: [\"...\", ...]", self.what),
            );
            return None;
        };
        let mut list = Vec::with_capacity(array.len());
        for value in array.iter() {
            let text = match value {
                Value::String(text) => text.value().clone(),
                Value::Datetime(date) => date.value().to_string(),
                _ => {
                    problems.at(
                        &value.span(),
                        format!("`{key}` in {} must hold strings", self.what),
                    );
                    continue;
                }
            };
            list.push(Located {
                value: text,
                span: value.span(),
            });
        }
        Some(list)
    }

    /// A table of strings (`index_populations = { A = "adults" }`): each
    /// key and its value, with their spans.
    pub fn string_table(
        &mut self,
        key: &'static str,
        problems: &mut Problems,
    ) -> Option<Vec<(Located<String>, Located<String>)>> {
        let (item, span) = self.item(key)?;
        let Some(table) = item.as_table_like() else {
            problems.at(
                &span,
                format!(
                    "`{key}` in {} must be a table: {{ A = \"...\" }}",
                    self.what
                ),
            );
            return None;
        };
        let mut pairs = Vec::new();
        for (name, value) in table.iter() {
            let name_span = table.key(name).and_then(toml_edit::Key::span);
            match value.as_str() {
                Some(text) => pairs.push((
                    Located {
                        value: name.to_string(),
                        span: name_span,
                    },
                    Located {
                        value: text.to_string(),
                        span: value.span(),
                    },
                )),
                None => problems.at(
                    &value.span().or(name_span),
                    format!("`{key}.{name}` in {} must be a string", self.what),
                ),
            }
        }
        Some(pairs)
    }

    /// A table (`[edition]`).
    pub fn table(&mut self, key: &'static str, problems: &mut Problems) -> Option<Fields<'d>> {
        let (item, span) = self.item(key)?;
        match item.as_table_like() {
            Some(table) => Some(Fields::new(table, span, format!("[{key}]"))),
            None => {
                problems.at(&span, format!("`{key}` must be a table: [{key}]"));
                None
            }
        }
    }

    /// An array of tables (`[[programs]]`, or `programs = [{ ... }]`).
    pub fn tables(&mut self, key: &'static str, problems: &mut Problems) -> Vec<Fields<'d>> {
        let Some((item, span)) = self.item(key) else {
            return Vec::new();
        };
        let what = format!("[[{key}]]");
        if let Some(tables) = item.as_array_of_tables() {
            return tables
                .iter()
                .map(|table| Fields::new(table, table.span(), what.clone()))
                .collect();
        }
        let mut entries = Vec::new();
        match item.as_array() {
            Some(array) => {
                for value in array.iter() {
                    match value.as_inline_table() {
                        Some(table) => entries.push(Fields::new(table, value.span(), what.clone())),
                        None => problems.at(
                            &value.span(),
                            format!("`{key}` must hold tables: [[{key}]]"),
                        ),
                    }
                }
            }
            None => problems.at(
                &span,
                format!("`{key}` must be a list of tables: [[{key}]]"),
            ),
        }
        entries
    }

    /// Reports every key of the table that was never read.
    pub fn finish(self, problems: &mut Problems) {
        if self.abandoned {
            return;
        }
        for (key, item) in self.table.iter() {
            if self.read.contains(&key) {
                continue;
            }
            let span = self
                .table
                .key(key)
                .and_then(toml_edit::Key::span)
                .or_else(|| item.span());
            problems.at(
                &span,
                format!(
                    "unknown key `{key}` in {}; its keys are: {}",
                    self.what,
                    self.read.join(", ")
                ),
            );
        }
    }
}

/// The entries of one file already read, by what they define: a code
/// written twice is a mistake, whichever of the two was meant.
#[derive(Default)]
pub struct Seen(std::collections::HashMap<String, usize>);

impl Seen {
    /// Records `what` (`program 2100`); false, with a problem, when the file had it already.
    pub fn once(
        &mut self,
        what: &str,
        span: &Option<Range<usize>>,
        problems: &mut Problems,
    ) -> bool {
        if let Some(first) = self.0.get(what) {
            let message = format!("{what} is written twice (also on line {first})");
            problems.at(span, message);
            return false;
        }
        let line = problems.line(span).unwrap_or(0);
        self.0.insert(what.to_string(), line);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unknown_key_and_wrong_type_is_reported_with_its_line() {
        let text = "[edition]\nid = 3\ncolour = \"red\"\nflavour = 1\n";
        let document = toml_edit::ImDocument::parse(text).expect("valid TOML");
        let mut problems = Problems::new(text, None);
        let mut root = Fields::new(document.as_table(), None, "the file".into());
        let mut edition = root.table("edition", &mut problems).expect("table");
        assert!(edition.string("id", &mut problems).is_none());
        edition.finish(&mut problems);
        root.finish(&mut problems);
        let lines: Vec<Option<usize>> = problems.list.iter().map(|problem| problem.line).collect();
        assert_eq!(
            lines,
            vec![Some(2), Some(3), Some(4)],
            "{:?}",
            problems.list
        );
        assert!(problems.list[1].message.contains("`colour`"));
    }
}
