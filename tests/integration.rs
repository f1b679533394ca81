//! The integration tests, one binary (as ripgrep's): each suite is a module here, so the
//! crate is linked once, not once per suite. `cargo test --test integration cli::` runs one
//! suite, `cargo test --test integration NAME` the tests whose path contains NAME.
//!
//! A new suite is a file tests/NAME.rs and one line `mod NAME;` below (a test fails until
//! that line is there: cargo no longer finds test files on its own). Helpers shared by
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
mod render_snapshots;
mod rule_examples;
mod rules;
mod schemas;
mod serve;
mod suppress;
mod worked_examples;

/// Every tests/*.rs file is a suite declared above: with `autotests = false` cargo builds no
/// test file on its own, so an undeclared one would be skipped without a word.
#[test]
fn every_suite_file_is_declared() {
    let root = include_str!("integration.rs");
    let dir = support::manifest_dir().join("tests");
    for entry in std::fs::read_dir(&dir).expect("tests/") {
        let path = entry.expect("entry").path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs") && name != "integration" {
            assert!(
                root.contains(&format!("\nmod {name};\n")),
                "tests/{name}.rs is not part of the tests: add `mod {name};` to tests/integration.rs"
            );
        }
    }
}
