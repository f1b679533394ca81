//! `--format gitlab`: GitLab Code Quality report. Fingerprints are stable across edits that
//! move a finding: they hash the path, rule, message and flagged text, plus the occurrence
//! number among identical findings in the file — never line numbers.

use super::LineIndex;
use crate::check::FileReport;
use crate::diagnostic::Severity;
use serde_json::{Value, json};
use std::collections::HashMap;

/// FNV-1a, 64 bit: stable across platforms and Rust versions (unlike `DefaultHasher`).
fn fnv1a(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

/// One file's issues.
pub fn file(r: &FileReport) -> Vec<Value> {
    let index = LineIndex::new(&r.text);
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    let mut out = Vec::new();
    if let Some(e) = &r.error {
        out.push(json!({
            "description": e.message, "check_name": "io", "fingerprint": fnv1a(&[&r.path, "io"]),
            "severity": "blocker", "location": {"path": r.path, "lines": {"begin": 1}},
        }));
    }
    for d in &r.diagnostics {
        let flagged = r.text.get(d.span.clone()).unwrap_or("").to_string();
        let n = seen
            .entry((d.rule.clone(), d.message.clone(), flagged.clone()))
            .or_default();
        *n += 1;
        let (line, _) = index.position(d.span.start);
        out.push(json!({
            "description": d.message,
            "check_name": d.rule,
            "fingerprint": fnv1a(&[&r.path, &d.rule, &d.message, &flagged, &n.to_string()]),
            "severity": match d.severity { Severity::Error => "major", Severity::Warning => "minor", _ => "info" },
            "location": {"path": r.path, "lines": {"begin": line}},
        }));
    }
    out
}

/// `--format gitlab`: one JSON array of every file's issues.
pub(crate) struct GitlabEmitter;

impl super::Emitter for GitlabEmitter {
    fn file(&self, report: &FileReport) -> String {
        super::join_json(&file(report), ",")
    }

    fn finish(&self, parts: &[&super::Part], _: &super::Summary) -> String {
        format!("[{}]\n", super::chunks(parts).collect::<Vec<_>>().join(","))
    }
}
