//! The rulebook file format (docs/rulebook.md): one file is one edition,
//! standing alone or extending one already loaded. Reading collects every
//! problem with its line, and builds as much of the edition as it can, so
//! that `rulebook check` reports a whole file at once.

use toml_edit::ImDocument;

use super::edition::{Edition, FundSourceDef};
use super::fields::{Fields, Located, Problems, Seen};
use super::population;
use super::programs;
use super::references::{self, Written};
use crate::model::Date;

/// The `[edition]` id and `extends` of a file, read before the rest so that
/// the files of a folder can be loaded parents first.
pub fn header(document: &ImDocument<&str>) -> (Option<String>, Option<String>) {
    let edition = document
        .get("edition")
        .and_then(|item| item.as_table_like());
    let key = |key: &str| {
        edition
            .and_then(|table| table.get(key))
            .and_then(|item| item.as_str())
            .map(|text| text.trim().to_string())
    };
    (key("id"), key("extends"))
}

/// Reads one edition. `loaded` are the editions it may extend and must not
/// overlap (user editions). `None` when the file has no usable `[edition]`.
pub fn read_edition(
    document: &ImDocument<&str>,
    problems: &mut Problems,
    loaded: &[Edition],
) -> Option<Edition> {
    let mut root = Fields::new(document.as_table(), None, "the file".into());
    let Some(mut head) = root.table("edition", problems) else {
        if !root.has("edition") {
            problems.at(
                &None,
                "no [edition] table: a rulebook file starts with [edition] and its id (docs/rulebook.md)",
            );
        }
        return None;
    };
    let id = head.string("id", problems);
    let id_text = id
        .as_ref()
        .map_or(String::new(), |id| id.value.trim().to_string());
    match &id {
        None => problems.at(
            &head.span,
            "[edition] needs an id, such as id = \"omh-2025\"",
        ),
        Some(id) if !is_edition_id(&id_text) => problems.at(
            &id.span,
            format!(
                "edition id {:?} may hold only letters, digits, '.', '_' and '-'",
                id.value
            ),
        ),
        Some(id) => {
            let twin = loaded
                .iter()
                .find(|other| other.id == id_text && other.file.is_some());
            if let Some(file) = twin.and_then(|twin| twin.file.as_ref()) {
                problems.at(
                    &id.span,
                    format!(
                        "edition id {id_text:?} is also the id of {}; every edition needs its own id",
                        file.display()
                    ),
                );
            }
        }
    }

    let extends = head.string("extends", problems);
    let parent = extends.as_ref().and_then(|extends| {
        let wanted = extends.value.trim();
        let found = loaded.iter().rev().find(|edition| edition.id == wanted);
        if found.is_none() {
            let known: Vec<&str> = loaded.iter().map(|edition| edition.id.as_str()).collect();
            problems.at(
                &extends.span,
                format!(
                    "extends unknown edition {wanted:?}; the editions it can extend are: {}",
                    known.join(", ")
                ),
            );
        }
        found
    });
    let mut edition = match parent {
        Some(parent) => parent.clone(),
        None => Edition::empty(String::new()),
    };
    edition.id.clone_from(&id_text);
    edition.extends = parent.map(|parent| parent.id.clone());
    edition.file = None;
    if let Some(title) = head.string("title", problems) {
        edition.title = title.value;
    }
    if let Some(source) = head.string("source", problems) {
        edition.source = source.value;
    }
    let starts = head.strings("period_starts", problems);
    if let Some(starts) = &starts {
        edition.period_starts = period_starts(starts, problems);
    }
    if edition.period_starts.is_empty() && starts.as_ref().is_none_or(Vec::is_empty) {
        problems.at(
            &head.span,
            "[edition] needs period_starts, the first days of the periods it covers: [\"2025-01-01\"]",
        );
    }
    let period_span = |date: Date| {
        starts
            .iter()
            .flatten()
            .find(|start| crate::input::cells::parse_date(&start.value) == Some(date))
            .map(|start| start.span.clone())
            .or_else(|| extends.as_ref().map(|extends| extends.span.clone()))
            .unwrap_or_else(|| head.span.clone())
    };
    no_overlap(&edition, parent, loaded, problems, period_span);
    head.finish(problems);

    let mut seen = Seen::default();
    let mut written = Written::default();
    for mut entry in root.tables("fund_sources", problems) {
        fund_source(
            &mut entry,
            &mut edition,
            parent,
            problems,
            &mut seen,
            &mut written,
        );
        entry.finish(problems);
    }
    for mut entry in root.tables("programs", problems) {
        programs::program(
            &mut entry,
            &mut edition,
            parent,
            problems,
            &mut seen,
            &mut written,
        );
        entry.finish(problems);
    }
    root.finish(problems);
    edition.reindex();
    references::cross_references(&edition, &written, problems);
    (id.is_some() && !id_text.is_empty()).then_some(edition)
}

pub fn is_edition_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn period_starts(starts: &[Located<String>], problems: &mut Problems) -> Vec<Date> {
    let mut dates = Vec::new();
    for start in starts {
        match crate::input::cells::parse_date(&start.value) {
            Some(date) if dates.contains(&date) => {
                problems.at(&start.span, format!("period start {date} is listed twice"));
            }
            Some(date) => dates.push(date),
            None => problems.at(
                &start.span,
                format!("period start {:?} is not a YYYY-MM-DD date", start.value),
            ),
        }
    }
    dates
}

/// One period, one edition: a new edition must not claim the periods of the
/// edition it extends (unless it replaces it, with the same id) nor those of
/// another user edition, or which one checks a filing would be a guess.
fn no_overlap(
    edition: &Edition,
    parent: Option<&Edition>,
    loaded: &[Edition],
    problems: &mut Problems,
    span_of: impl Fn(Date) -> Option<std::ops::Range<usize>>,
) {
    let parent_id = parent.map(|parent| parent.id.as_str());
    let rivals = parent.into_iter().chain(
        loaded
            .iter()
            .filter(|other| other.file.is_some() && Some(other.id.as_str()) != parent_id),
    );
    for rival in rivals.filter(|rival| rival.id != edition.id) {
        for start in edition
            .period_starts
            .iter()
            .filter(|start| rival.period_starts.contains(start))
        {
            let message = if Some(rival.id.as_str()) == parent_id {
                format!(
                    "period start {start} is also covered by {}, the edition this one extends: list this edition's own periods, or give it the id {:?} to replace that edition",
                    rival.id, rival.id
                )
            } else {
                let file = rival
                    .file
                    .as_ref()
                    .map_or(String::new(), |file| format!(" ({})", file.display()));
                format!(
                    "period start {start} is also covered by edition {}{file}; one period, one edition",
                    rival.id
                )
            };
            problems.at(&span_of(*start), message);
        }
    }
}

/// A `[[fund_sources]]` entry: adds, changes (the keys given) or retires one.
fn fund_source(
    entry: &mut Fields,
    edition: &mut Edition,
    parent: Option<&Edition>,
    problems: &mut Problems,
    seen: &mut Seen,
    written: &mut Written,
) {
    let Some(code) = entry.string("code", problems) else {
        problems.at(&entry.span, "[[fund_sources]] entry without a code");
        entry.abandon();
        return;
    };
    let normalised: compact_str::CompactString = code.value.trim().to_ascii_uppercase().into();
    if normalised.is_empty() || !normalised.chars().all(|c| c.is_ascii_alphanumeric()) {
        problems.at(
            &code.span,
            format!(
                "funding source code {:?} is not a code like \"001\" or \"170D\"",
                code.value
            ),
        );
        entry.abandon();
        return;
    }
    entry.what = format!("[[fund_sources]] {normalised}");
    if !seen.once(
        &format!("funding source {normalised}"),
        &code.span,
        problems,
    ) {
        entry.abandon();
        return;
    }
    if entry.boolean("retired", problems) == Some(true) {
        if edition.fund_source(&normalised).is_none() {
            problems.at(
                &code.span,
                format!(
                    "retires funding source {normalised}, which {} does not have",
                    parent.map_or("this edition", |parent| parent.id.as_str())
                ),
            );
        }
        edition.fund_sources.retain(|fund| fund.code != normalised);
        written
            .retired_funds
            .push((normalised.to_string(), code.span));
        return;
    }
    let mut fund = edition
        .fund_source(&normalised)
        .cloned()
        .unwrap_or(FundSourceDef {
            code: normalised.clone(),
            name: String::new(),
            indexes: Vec::new(),
            index_required: false,
            index_populations: Vec::new(),
        });
    if let Some(name) = entry.string("name", problems) {
        fund.name = name.value;
    }
    if let Some(indexes) = entry.strings("indexes", problems) {
        fund.indexes = indexes
            .iter()
            .map(|index| index.value.trim().to_ascii_uppercase().into())
            .collect();
    }
    if let Some(required) = entry.boolean("index_required", problems) {
        fund.index_required = required;
    }
    read_index_populations(entry, &mut fund, problems);
    match edition
        .fund_sources
        .iter_mut()
        .find(|existing| existing.code == normalised)
    {
        Some(existing) => *existing = fund,
        None => edition.fund_sources.push(fund),
    }
}

/// A funding source's `index_populations = { A = "adults" }`: replaces the
/// base edition's list; each index must be one the source lists.
pub fn read_index_populations(
    entry: &mut Fields,
    fund: &mut FundSourceDef,
    problems: &mut Problems,
) {
    let Some(pairs) = entry.string_table("index_populations", problems) else {
        return;
    };
    fund.index_populations.clear();
    for (index, spelled) in pairs {
        let Some(population) = population::read(&spelled, problems) else {
            continue;
        };
        let code: compact_str::CompactString = index.value.trim().to_ascii_uppercase().into();
        if !fund.indexes.contains(&code) {
            problems.at(
                &index.span,
                format!(
                    "index_populations names index {code}, which funding source {} does not list in its indexes",
                    fund.code
                ),
            );
            continue;
        }
        fund.index_populations.push((code, population));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::Rulebook;

    fn read(text: &str) -> (Option<Edition>, Vec<String>) {
        let document = ImDocument::parse(text).expect("valid TOML");
        let mut problems = Problems::new(text, None);
        let edition = read_edition(&document, &mut problems, &Rulebook::embedded().editions);
        let list = problems.list.iter().map(ToString::to_string).collect();
        (edition, list)
    }

    #[test]
    fn a_scaffold_like_file_has_no_problem() {
        let (edition, problems) = read(
            "[edition]\nid = \"omh-2025\"\nextends = \"omh-2009\"\nperiod_starts = [\"2025-01-01\"]\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            edition.expect("edition").extends.as_deref(),
            Some("omh-2009")
        );
    }

    #[test]
    fn overlapping_the_extended_edition_is_a_problem_unless_it_replaces_it() {
        let (_, problems) = read(
            "[edition]\nid = \"mine\"\nextends = \"omh-2009\"\nperiod_starts = [\"2025-01-01\", \"2009-07-01\"]\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("line 4:") && problems[0].contains("2009-07-01"));
        let (_, problems) = read("[edition]\nid = \"mine\"\nextends = \"omh-2009\"\n");
        assert!(
            problems.len() == 2 && problems[0].starts_with("line 3:"),
            "{problems:?}"
        );
        let (_, problems) = read("[edition]\nid = \"omh-2009\"\nextends = \"omh-2009\"\n");
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn every_problem_of_a_file_is_listed() {
        let (_, problems) = read(
            "[edition]\nid = \"x\"\nextends = \"omh-1999\"\nperiod_starts = [\"2025-13-01\"]\ncolour = 1\n\n[[fund_sources]]\ncode = \"\"\n",
        );
        let lines: Vec<&str> = problems
            .iter()
            .map(|problem| problem.split(':').next().unwrap_or(""))
            .collect();
        assert_eq!(
            lines,
            ["line 3", "line 4", "line 5", "line 8"],
            "{problems:?}"
        );
    }
}
