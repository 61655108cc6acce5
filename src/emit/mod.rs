//! Output formats. Each emitter sees only the [`Report`] (and the rule
//! catalogue for metadata), never the schedules.

use std::io::{self, Write};

use crate::report::Report;

pub mod json;
pub mod text;

/// The formats of `cfrcheck check --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Presentation choices that do not change what is reported.
#[derive(Clone, Copy, Debug, Default)]
pub struct EmitOptions {
    /// ANSI colours (only on a terminal, never with NO_COLOR).
    pub color: bool,
    /// Findings only: no per-filing headings for clean filings, no summaries.
    pub quiet: bool,
    /// Table width for text output.
    pub width: Option<u16>,
}

pub fn emit(
    format: Format,
    report: &Report,
    options: &EmitOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Text => text::emit(report, options, out),
        Format::Json => json::emit(report, out),
    }
}
