//! A rule's `examples` run as tests (`zhenggai test-rules`, and the built-in rules in
//! `cargo test`): each `bad` text or file must make the rule report, each `good` one must
//! not. The rule runs alone, against the examples' `feedback` when they give one.

use super::Rule;
use crate::input::{self, Source, markdown};
use crate::parse::parse;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The outcome of one example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Which example: `bad #2`, `good file fixtures/clean.txt`.
    pub name: String,
    /// Whether the rule behaved as the example says.
    pub passed: bool,
    /// Why it failed: what was (not) reported, and the example's first line.
    pub detail: String,
}

/// Where a rule's example files are looked up: beside its rule file. Built-in rules have
/// no directory (they are embedded), so they cannot name files.
fn base_dir(rule: &Rule) -> Option<PathBuf> {
    if rule.meta.source.starts_with("builtin:") {
        return None;
    }
    Path::new(&rule.meta.source).parent().map(Path::to_path_buf)
}

/// The rule's messages on `text` (Markdown masked when `markdown`).
/// The messages `rule` reports on an example text (Markdown-masked when `markdown_text`).
pub fn messages(rule: &Rule, text: &str, markdown_text: bool) -> Vec<String> {
    if rule.meta.kind == "suppression" {
        // The suppression pass runs after every other rule on a Markdown text: check the
        // example as a whole `.md` document with the built-in rules and keep this rule's.
        let mut all = super::RuleSet::default();
        if all
            .extend(super::load_builtin().unwrap_or_default())
            .is_err()
        {
            return Vec::new();
        }
        let report = crate::check::check_text("example.md", text.to_string(), true, &all);
        return report
            .diagnostics
            .into_iter()
            .filter(|d| d.rule == rule.meta.id)
            .map(|d| d.message)
            .collect();
    }
    let text = if markdown_text {
        markdown::mask(text)
    } else {
        text.to_string()
    };
    let mut doc = parse(text);
    doc.feedback = rule.meta.examples.feedback.clone().map(Arc::new);
    rule.run(&doc).into_iter().map(|d| d.message).collect()
}

fn first_line(s: &str) -> &str {
    s.trim().lines().next().unwrap_or("")
}

fn judge(name: String, bad: bool, got: Vec<String>, shown: &str) -> Case {
    let passed = bad != got.is_empty();
    let detail = match (passed, bad) {
        (true, _) => String::new(),
        (false, true) => format!("not reported on: {}", first_line(shown)),
        (false, false) => format!(
            "reported on: {}\n        {}",
            first_line(shown),
            got.join("\n        ")
        ),
    };
    Case {
        name,
        passed,
        detail,
    }
}

/// Runs every example of `rule`.
pub fn run_examples(rule: &Rule) -> Vec<Case> {
    let ex = &rule.meta.examples;
    let mut out = Vec::new();
    for (bad, list) in [(true, &ex.bad), (false, &ex.good)] {
        for (i, text) in list.iter().enumerate() {
            let name = format!("{} #{}", if bad { "bad" } else { "good" }, i + 1);
            out.push(judge(name, bad, messages(rule, text, false), text));
        }
    }
    let base = base_dir(rule);
    for (bad, list) in [(true, &ex.bad_files), (false, &ex.good_files)] {
        for file in list {
            let name = format!("{} file {file}", if bad { "bad" } else { "good" });
            let Some(dir) = &base else {
                out.push(Case {
                    name,
                    passed: false,
                    detail: "a built-in rule cannot name example files".to_string(),
                });
                continue;
            };
            let source = Source::File(dir.join(file));
            match input::load(&source, None) {
                Ok(decoded) => {
                    let got = messages(
                        rule,
                        &decoded.text,
                        decoded.format == input::InputFormat::Markdown,
                    );
                    out.push(judge(name, bad, got, &source.name()));
                }
                Err(e) => out.push(Case {
                    name,
                    passed: false,
                    detail: e.to_string(),
                }),
            }
        }
    }
    out
}
