//! The integration tests, built as one binary: twenty test files linked
//! each on its own were twenty copies of every crate (a gigabyte of a CI
//! machine's disk, and a link each). Each file is a module; run one with
//! `cargo test --test suite NAME::` (for example `cli::`).

mod annotate;
mod browser;
mod catalogue;
mod cli;
mod corpus_golden;
mod cross_schedule;
mod definition_rules;
mod docs;
mod excel_truth;
mod html;
mod input;
mod layers;
mod program_rules;
mod robustness;
mod rule_fixtures;
mod rulebook_appendix_f;
mod rulebook_definition_keys;
mod rulebook_editions;
mod split_reading;
mod support;
mod terminal;
mod user_rulebook;
mod workbooks;
