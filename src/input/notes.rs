//! Findings about a whole column (IN005, IN006, IN008), collected while a
//! file is read and reported once per file: a spreadsheet mangles every row
//! of a column the same way, so one finding with a count says it all.

use std::sync::Arc;

use super::cells::Normalised;
use super::rules::IN008;
use crate::location::Sheet;
use crate::model::{Column, ScheduleKind};
use crate::report::cap::CappedFindings;
use crate::report::Finding;
use crate::vocabulary::Rule;

#[derive(Default)]
pub(super) struct Notes {
    /// IN008, one per column.
    restored: Vec<Restored>,
    /// IN005/IN006, one per heading column, rule and message.
    heading: Vec<HeadingNote>,
}

/// Cells of a column that lost their leading zeros (IN008).
struct Restored {
    column: Column,
    first_line: u64,
    /// The first such cell as written, and as restored.
    written: String,
    restored: String,
    count: usize,
}

/// Heading cells of a column that say the same wrong thing (IN005, IN006).
struct HeadingNote {
    column: Column,
    first_line: u64,
    /// The first such cell's value.
    value: String,
    count: usize,
    rule: &'static Rule,
    message: String,
}

impl Notes {
    /// The IN008 note of a column, if one was made.
    fn restored_of(&mut self, column: Column) -> Option<&mut Restored> {
        self.restored.iter_mut().find(|note| note.column == column)
    }

    /// The IN005/IN006 note of a column, rule and message, if one was made.
    fn heading_of(
        &mut self,
        column: Column,
        rule: &'static Rule,
        message: &str,
    ) -> Option<&mut HeadingNote> {
        self.heading.iter_mut().find(|note| {
            note.column == column && std::ptr::eq(note.rule, rule) && note.message == message
        })
    }

    /// Notes that a cell had lost its leading zeros (IN008) and returns the value.
    pub(super) fn restored<T: std::fmt::Display>(
        &mut self,
        column: Column,
        line: u64,
        written: &str,
        normalised: Normalised<T>,
    ) -> T {
        if normalised.restored {
            match self.restored_of(column) {
                Some(note) => note.count += 1,
                None => self.restored.push(Restored {
                    column,
                    first_line: line,
                    written: written.trim().to_string(),
                    restored: normalised.value.to_string(),
                    count: 1,
                }),
            }
        }
        normalised.value
    }

    /// Notes a heading cell that disagrees (IN005, IN006): the first line
    /// and value of each column, rule and message, and how many.
    pub(super) fn heading(
        &mut self,
        column: Column,
        line: u64,
        value: &str,
        rule: &'static Rule,
        message: String,
    ) {
        match self.heading_of(column, rule, &message) {
            Some(note) => note.count += 1,
            None => self.heading.push(HeadingNote {
                column,
                first_line: line,
                value: value.to_string(),
                count: 1,
                rule,
                message,
            }),
        }
    }

    /// Moves the notes' first lines `lines` further into the file (see
    /// `Record::shift_line`).
    pub(super) fn shift_lines(&mut self, lines: u64) {
        let restored = self.restored.iter_mut().map(|note| &mut note.first_line);
        let heading = self.heading.iter_mut().map(|note| &mut note.first_line);
        for line in restored.chain(heading) {
            *line += lines;
        }
    }

    /// Adds the notes of the rows that follow (read apart, `split.rs`), as
    /// if noted while reading on: counts add up, first lines stay first.
    pub(super) fn absorb(&mut self, later: Notes) {
        for note in later.restored {
            match self.restored_of(note.column) {
                Some(own) => own.count += note.count,
                None => self.restored.push(note),
            }
        }
        for note in later.heading {
            match self.heading_of(note.column, note.rule, &note.message) {
                Some(own) => own.count += note.count,
                None => self.heading.push(note),
            }
        }
    }

    /// The notes as findings of the file (and sheet), once per file.
    pub(super) fn report(
        self,
        findings: &mut CappedFindings,
        file: &Arc<str>,
        kind: ScheduleKind,
        sheet: Option<&Arc<Sheet>>,
    ) {
        for Restored {
            column,
            first_line: line,
            written,
            restored,
            count,
        } in self.restored
        {
            let more = match count {
                1 => String::new(),
                _ => format!(" ({} cells of this column in all)", count),
            };
            findings.push(
                Finding::new(
                    &IN008,
                    format!(
                        "{} `{written}` lost its leading zeros in a spreadsheet and was read as `{restored}`{more}; format the column as Text in Excel",
                        column.name()
                    ),
                )
                .in_file(file, Some(kind))
                .in_sheet(sheet)
                .at_line(line)
                .column(column.name())
                .value(&written),
            );
        }
        for HeadingNote {
            column,
            first_line: line,
            value,
            count,
            rule,
            message,
        } in self.heading
        {
            let more = match count {
                1 => String::new(),
                _ => format!(" ({count} records of this file)"),
            };
            findings.push(
                Finding::new(rule, format!("{message}{more}"))
                    .in_file(file, Some(kind))
                    .in_sheet(sheet)
                    .at_line(line)
                    .column(column.name())
                    .value(&value),
            );
        }
    }
}
