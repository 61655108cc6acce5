//! Names in and of the copies: `OUT/<name>.checked.xlsx` per filing, each
//! distinct, and the sheet names of a CSV filing's copy, valid in Excel.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::input::Target;

/// What ends the file name of every annotated copy.
pub const COPY_SUFFIX: &str = ".checked.xlsx";

/// The copy of each target in `out`, in order: `<stem>.checked.xlsx` for a
/// workbook or a CSV checked alone, `<folder name>.checked.xlsx` for a CSV
/// filing folder. Two filings with one name (`a/acme.xlsx`, `b/acme.xlsx`,
/// or the folder `acme` beside `acme.xlsx`) get `acme.checked.xlsx` and
/// `acme-2.checked.xlsx`, in the order the filings are checked; names are
/// compared ignoring case, as Windows and macOS do.
pub fn copy_paths(targets: &[Target], out: &Path) -> Vec<PathBuf> {
    let mut taken = HashSet::new();
    targets
        .iter()
        .map(|target| {
            let base = filing_name(target);
            let mut name = base.clone();
            let mut number = 1;
            while !taken.insert(name.to_lowercase()) {
                number += 1;
                name = format!("{base}-{number}");
            }
            out.join(format!("{name}{COPY_SUFFIX}"))
        })
        .collect()
}

/// The name a filing's copy is called by.
fn filing_name(target: &Target) -> String {
    let path = Path::new(&target.display);
    let name = if target.workbook || target.single_file {
        path.file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
    } else {
        // `.` or `..` have no name of their own: the folder's real one.
        path.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .or_else(|| {
                std::fs::canonicalize(path)
                    .ok()?
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
            })
    };
    name.filter(|name| !name.is_empty())
        .unwrap_or_else(|| "filing".to_string())
}

/// Excel's longest sheet name.
const MAX_SHEET_NAME: usize = 31;

/// Sheet names for files, in order: each stem with the characters Excel
/// forbids (`[]:*?/\`) turned into `_`, cut to 31 characters, and made
/// distinct (ignoring case) with ` (2)`, ` (3)`.
pub(super) fn sheet_names<'a>(stems: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = HashSet::new();
    stems
        .into_iter()
        .map(|stem| {
            let clean: String = stem
                .chars()
                .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
                .collect();
            let clean = clean.trim_matches('\'');
            let clean = if clean.is_empty() { "Sheet" } else { clean };
            let mut name = shorten(clean, MAX_SHEET_NAME);
            let mut number = 1;
            while !taken.insert(name.to_lowercase()) {
                number += 1;
                let suffix = format!(" ({number})");
                name = format!("{}{suffix}", shorten(clean, MAX_SHEET_NAME - suffix.len()));
            }
            name
        })
        .collect()
}

/// The name of the Findings sheet: `Findings`, unless the original has a
/// sheet of that name.
pub(super) fn findings_sheet_name<'a>(taken: impl IntoIterator<Item = &'a str>) -> String {
    let taken: Vec<String> = taken.into_iter().map(str::to_lowercase).collect();
    ["Findings", "cfrcheck Findings", "cfrcheck findings list"]
        .into_iter()
        .find(|name| !taken.contains(&name.to_lowercase()))
        .unwrap_or("cfrcheck")
        .to_string()
}

fn shorten(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

/// A sheet name as a formula or link quotes it: `'CFR-1'`, with `'` doubled.
pub(super) fn quoted_sheet(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::discover::FoundFile;

    fn target(display: &str, workbook: bool) -> Target {
        Target {
            display: display.to_string(),
            single_file: false,
            workbook,
            files: Vec::<FoundFile>::new(),
        }
    }

    #[test]
    fn copies_with_one_name_get_distinct_names() {
        let targets = [
            target("a/acme.xlsx", true),
            target("b/ACME.xlsx", true),
            target("c/acme", false),
            target("riverside-2009", false),
        ];
        let names: Vec<String> = copy_paths(&targets, Path::new("out"))
            .iter()
            .map(|path| {
                path.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            names,
            [
                "acme.checked.xlsx",
                "ACME-2.checked.xlsx",
                "acme-3.checked.xlsx",
                "riverside-2009.checked.xlsx"
            ]
        );
    }

    #[test]
    fn sheet_names_are_valid_and_distinct() {
        let names = sheet_names([
            "CFR-1",
            "cfr-1",
            "a[b]:c",
            "a very long file name for one schedule DMH-3",
        ]);
        assert_eq!(names[0], "CFR-1");
        assert_eq!(names[1], "cfr-1 (2)");
        assert_eq!(names[2], "a_b__c");
        assert_eq!(names[3].chars().count(), 31);
        assert_eq!(
            findings_sheet_name(["CFR-1", "FINDINGS"]),
            "cfrcheck Findings"
        );
    }
}
