//! The integration tests, one binary (as ripgrep's): each suite is a module here, so the
//! crate is linked once, not once per suite. `cargo test --test integration cli::` runs one
//! suite, `cargo test --test integration NAME` the tests whose path contains NAME.
//!
//! A new suite is a file tests/NAME.rs and one line `mod NAME;` below. Helpers shared by
//! suites live in tests/support/; the suites share one process, so a test must not change
//! the process's environment or current directory (give a run its own with `zg!(..).env(..)`
//! or `.cwd(..)`).

#[macro_use]
mod support;

mod annotate;
mod bounds;
mod broken_rules;
mod cli;
mod cli_inputs;
mod config;
mod docs;
mod feedback_coverage;
mod feedback_eval;
mod fix;
mod formats;
mod html_report;
mod inputs;
mod lsp;
mod packs;
mod parse_snapshots;
mod proptest_check;
mod published_forms;
mod readme;
mod rule_examples;
mod rules;
mod schemas;
mod serve;
mod suppress;
mod worked_examples;
