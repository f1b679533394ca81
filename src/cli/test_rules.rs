//! `zhenggai test-rules [DIR]`: every rule's examples run as tests, like a test runner.
//!
//! Prints one line per rule (`ok` or `FAIL` with each failing example), load warnings and
//! errors, then `N passed, M failed` counting examples. Exit 0 when all pass, 1 when an
//! example fails, 2 when a rule file does not load (the rules that did load are still run).

use super::{EXIT_CLEAN, EXIT_FOUND, EXIT_TROUBLE, print_out};
use crate::rules::selftest::run_examples;
use crate::rules::{LoadError, Rule, load_builtin, load_dir_all};
use std::path::Path;

/// Runs `test-rules` on `dir`, or on the built-in rules.
pub(crate) fn run(dir: Option<&Path>) -> u8 {
    let (rules, errors, from): (Vec<Rule>, Vec<LoadError>, String) = match dir {
        None => match load_builtin() {
            Ok(r) => (r, Vec::new(), "built-in rules".to_string()),
            Err(e) => (Vec::new(), vec![e], "built-in rules".to_string()),
        },
        Some(d) => {
            let (r, e) = load_dir_all(d);
            (r, e, d.display().to_string())
        }
    };
    let (out, code) = report(&rules, &errors, &from);
    let printed = print_out(&out);
    if printed != EXIT_CLEAN { printed } else { code }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The report text and exit code for loaded `rules` and load `errors`.
pub(crate) fn report(rules: &[Rule], errors: &[LoadError], from: &str) -> (String, u8) {
    let mut out = format!("testing {} from {from}\n", plural(rules.len(), "rule"));
    let (mut passed, mut failed, mut warnings) = (0usize, 0usize, 0usize);
    for e in errors {
        out.push_str(&format!("error: {e}\n"));
    }
    let width = rules.iter().map(|r| r.meta.id.len()).max().unwrap_or(0);
    for r in rules {
        for w in &r.warnings {
            warnings += 1;
            out.push_str(&format!("warning: {w}\n"));
        }
        let cases = run_examples(r);
        let bad: Vec<_> = cases.iter().filter(|c| !c.passed).collect();
        passed += cases.len() - bad.len();
        failed += bad.len();
        if bad.is_empty() {
            out.push_str(&format!(
                "ok    {:width$}  {}\n",
                r.meta.id,
                plural(cases.len(), "example")
            ));
        } else {
            out.push_str(&format!(
                "FAIL  {:width$}  ({})\n",
                r.meta.id, r.meta.source
            ));
            for c in bad {
                out.push_str(&format!("      {}: {}\n", c.name, c.detail));
            }
        }
    }
    if !errors.is_empty() || warnings > 0 {
        out.push_str(&format!(
            "{}, {}\n",
            plural(errors.len(), "load error"),
            plural(warnings, "warning")
        ));
    }
    out.push_str(&format!("{passed} passed, {failed} failed\n"));
    let code = if !errors.is_empty() {
        EXIT_TROUBLE
    } else if failed > 0 {
        EXIT_FOUND
    } else {
        EXIT_CLEAN
    };
    (out, code)
}
