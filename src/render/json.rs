//! `--format json`: one versioned document for the whole run (schema in the README).

use super::{LineIndex, Summary};
use crate::check::FileReport;
use crate::model::Span;
use serde_json::{Value, json};

/// The schema version of the JSON output.
pub const VERSION: u32 = 1;

fn span(index: &LineIndex, s: &Span) -> Value {
    let (line, column) = index.position(s.start);
    let (end_line, end_column) = index.position(s.end);
    json!({
        "start": s.start, "end": s.end,
        "line": line, "column": column,
        "end_line": end_line, "end_column": end_column,
    })
}

/// One file's entry.
pub fn file(r: &FileReport) -> Value {
    let index = LineIndex::new(&r.text);
    let diagnostics: Vec<Value> = r
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "rule": d.rule,
                "severity": d.severity.as_str(),
                "message": d.message,
                "span": span(&index, &d.span),
                "labels": d.labels.iter().map(|l| json!({"message": l.message, "span": span(&index, &l.span)})).collect::<Vec<_>>(),
                "notes": d.notes,
            })
        })
        .collect();
    let mut v = json!({ "path": r.path, "diagnostics": diagnostics });
    if let Some(e) = &r.error {
        v["error"] = json!(e.message);
    }
    v
}

/// The whole run.
pub fn render(reports: &[FileReport]) -> String {
    let doc = json!({
        "version": VERSION,
        "files": reports.iter().map(file).collect::<Vec<_>>(),
        "summary": Summary::of(reports),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// `--format json-lines`: one object per diagnostic (with its `path`), one per line.
pub fn lines(r: &FileReport) -> String {
    let v = file(r);
    let mut out = String::new();
    if let Some(e) = v.get("error") {
        out.push_str(&json!({"path": r.path, "error": e}).to_string());
        out.push('\n');
    }
    if let Some(diags) = v.get("diagnostics").and_then(|d| d.as_array()) {
        for d in diags {
            let mut d = d.clone();
            d["path"] = json!(r.path);
            out.push_str(&d.to_string());
            out.push('\n');
        }
    }
    out
}
