//! `--format sarif`: SARIF 2.1.0 for code scanning. One run; `tool.driver.rules` lists every
//! loaded rule with its summary, rationale and page (`help`, the same text as
//! `zhenggai explain`, so code-scanning UIs show it without a web site; `helpUri` when the
//! configuration sets `docs-url`); regions use 1-based lines and columns in
//! Unicode code points (`columnKind: unicodeCodePoints`) plus byte offsets.

use super::LineIndex;
use crate::check::FileReport;
use crate::diagnostic::Severity;
use crate::rules::RuleMeta;
use serde_json::{Value, json};
use std::collections::HashMap;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Off => "note",
    }
}

/// What SARIF says about each rule beyond its metadata.
#[derive(Debug, Default)]
pub(crate) struct RuleDocs {
    /// Each rule's page (Markdown), by id.
    pub pages: HashMap<String, String>,
    /// Each rule's page address (from `docs-url`), by id.
    pub links: HashMap<String, String>,
}

/// A Markdown page as plain text: fences and HTML comments dropped.
fn plain(markdown: &str) -> String {
    markdown
        .lines()
        .filter(|l| !l.starts_with("```") && !l.starts_with("<!--"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// `tool.driver` with every rule of the run (the union over all configurations used).
pub(crate) fn driver(rules: &[&RuleMeta], docs: &RuleDocs) -> Value {
    let rules: Vec<Value> = rules
        .iter()
        .map(|m| {
            let mut v = json!({
                "id": m.id,
                "name": m.id,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.rationale.trim()},
                "defaultConfiguration": {"level": level(m.severity), "enabled": m.enabled},
                "properties": {"kind": m.kind},
            });
            if let Some(page) = docs.pages.get(&m.id) {
                v["help"] = json!({"text": plain(page), "markdown": page});
            }
            if let Some(link) = docs.links.get(&m.id) {
                v["helpUri"] = json!(link);
            }
            v
        })
        .collect();
    json!({
        "name": "zhenggai",
        "version": env!("CARGO_PKG_VERSION"),
        "informationUri": "https://github.com/zhenggai/zhenggai",
        "rules": rules,
    })
}

/// Percent-encodes a path for an artifact URI (relative paths stay relative).
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One file's results; `index` maps rule ids to their position in the driver's rules.
pub fn file(r: &FileReport, rule_index: &HashMap<String, usize>) -> Vec<Value> {
    let index = LineIndex::new(&r.text);
    r.diagnostics
        .iter()
        .map(|d| {
            let (line, col) = index.position(d.span.start);
            let (end_line, end_col) = index.position(d.span.end);
            let mut v = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&r.path)},
                        "region": {
                            "startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col,
                            "byteOffset": d.span.start, "byteLength": d.span.end - d.span.start,
                            "snippet": {"text": r.text.get(d.span.clone()).unwrap_or("")},
                        }
                    }
                }],
            });
            if let Some(i) = rule_index.get(&d.rule) {
                v["ruleIndex"] = json!(i);
            }
            v
        })
        .collect()
}

/// The log around the results. Files that could not be read are tool notifications.
pub(crate) fn wrap(
    rules: &[&RuleMeta],
    docs: &RuleDocs,
    results: &str,
    unreadable: &[(String, String)],
) -> String {
    let notifications: Vec<Value> = unreadable
        .iter()
        .map(|(path, msg)| {
            json!({"level": "error", "message": {"text": msg}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(path)}}}]})
        })
        .collect();
    let head = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
    });
    let run = json!({
        "tool": {"driver": driver(rules, docs)},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": unreadable.is_empty(), "toolExecutionNotifications": notifications}],
    });
    let head = head.to_string();
    let run = run.to_string();
    format!(
        "{},\"runs\":[{},\"results\":[{results}]}}]}}\n",
        &head[..head.len() - 1],
        &run[..run.len() - 1]
    )
}

/// `--format sarif`: one log with the run's rules, every file's results and the files that
/// could not be read.
pub(crate) struct SarifEmitter<'a> {
    rules: Vec<&'a RuleMeta>,
    docs: RuleDocs,
    /// Each rule's position in `rules` (a result's `ruleIndex`).
    index: HashMap<String, usize>,
}

impl<'a> SarifEmitter<'a> {
    /// An emitter listing `rules` (every rule of the run, once) with what `docs` says of them.
    pub(crate) fn new(rules: Vec<&'a RuleMeta>, docs: RuleDocs) -> Self {
        let index = rules
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
        SarifEmitter { rules, docs, index }
    }
}

impl super::Emitter for SarifEmitter<'_> {
    fn file(&self, report: &FileReport) -> String {
        super::join_json(&file(report, &self.index), ",")
    }

    fn finish(&self, parts: &[&super::Part], _: &super::Summary) -> String {
        let results: Vec<&str> = super::chunks(parts).collect();
        let unreadable: Vec<(String, String)> =
            parts.iter().filter_map(|p| p.unreadable.clone()).collect();
        wrap(&self.rules, &self.docs, &results.join(","), &unreadable)
    }
}
