//! cfrcheck: a validator for New York State Consolidated Fiscal Report (CFR)
//! filings of mental-health providers funded by the Office of Mental Health.
//!
//! The pipeline: [`input`] reads CSV exports into the typed [`model`];
//! [`rules`] check them against the [`rulebook`] and produce findings;
//! [`report`] collects them; [`emit`] prints them; [`annotate`] writes
//! copies of the filings with the findings on their cells; [`cli`] is the
//! command line.

pub mod annotate;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod config;
pub mod emit;
pub mod input;
pub mod model;
pub mod report;
pub mod rulebook;
pub mod rules;
pub mod settings;
pub mod template;
pub mod vocabulary;

// Locations are part of the model (a schedule holds its sheet); the short
// path stays for the layers and tests that name them.
pub use model::location;
