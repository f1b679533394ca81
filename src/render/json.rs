//! `--format json`: one versioned document for the whole run (schema in the README).

use super::LineIndex;
use crate::check::FileReport;
use crate::input::InputFormat;
use crate::model::Span;
use serde_json::{Value, json};

/// The schema version of the JSON output.
pub(crate) const VERSION: u32 = 1;

fn span(index: &LineIndex, s: &Span) -> Value {
    let (line, column) = index.position(s.start);
    let (end_line, end_column) = index.position(s.end);
    json!({
        "start": s.start, "end": s.end,
        "line": line, "column": column,
        "end_line": end_line, "end_column": end_column,
    })
}

/// Characters of a span shown as a diagnostic's excerpt, at most.
const EXCERPT: usize = 60;

/// The text of a span, cut to [`EXCERPT`] characters with `…`.
fn excerpt(text: &str, s: &Span) -> String {
    let t = text.get(s.start..s.end.min(text.len())).unwrap_or("");
    match t.char_indices().nth(EXCERPT) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

/// One diagnostic's entry.
fn diagnostic(index: &LineIndex, r: &FileReport, d: &crate::diagnostic::Diagnostic) -> Value {
    let mut v = json!({
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "message": d.message,
        "span": span(index, &d.span),
        "labels": d.labels.iter().map(|l| json!({"message": l.message, "span": span(index, &l.span)})).collect::<Vec<_>>(),
        "notes": d.notes,
    });
    if r.format == InputFormat::Docx {
        v["paragraph"] = json!(index.position(d.span.start).0);
        v["excerpt"] = json!(excerpt(&r.text, &d.span));
    }
    v
}

/// A file's entry without its diagnostics.
fn head(r: &FileReport) -> Value {
    let mut v = json!({ "path": r.path, "format": r.format.as_str() });
    if let Some(enc) = r.encoding {
        v["encoding"] = json!(enc);
    }
    if let Some(e) = &r.error {
        v["error"] = json!(e.message);
    }
    v
}

/// One file's entry.
pub fn file(r: &FileReport) -> Value {
    let index = LineIndex::new(&r.text);
    let mut v = head(r);
    v["diagnostics"] = r
        .diagnostics
        .iter()
        .map(|d| diagnostic(&index, r, d))
        .collect();
    v
}

/// Writes one file's entry (the same as [`file`]) diagnostic by diagnostic, without
/// building the whole tree: a file with 100,000 diagnostics costs its output, not a
/// `Value` per field.
pub(crate) fn write_file(r: &FileReport, out: &mut Vec<u8>) {
    let index = LineIndex::new(&r.text);
    let mut head = serde_json::to_vec(&head(r)).unwrap_or_else(|_| b"{}".to_vec());
    head.pop(); // the closing brace
    out.extend_from_slice(&head);
    if head.len() > 1 {
        out.push(b',');
    }
    out.extend_from_slice(b"\"diagnostics\":[");
    for (i, d) in r.diagnostics.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let _ = serde_json::to_writer(&mut *out, &diagnostic(&index, r, d));
    }
    out.extend_from_slice(b"]}");
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

/// `--format json`: one document with every file's entry (empty parts included, as
/// [`write_file`] renders them) and the totals.
pub(crate) struct JsonEmitter;

impl super::Emitter for JsonEmitter {
    fn file(&self, report: &FileReport) -> String {
        let mut out = Vec::new();
        write_file(report, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    fn finish(&self, parts: &[&super::Part], total: &super::Summary) -> String {
        let files: Vec<&str> = parts.iter().map(|p| p.chunk.as_str()).collect();
        format!(
            "{{\"version\":{VERSION},\"files\":[\n{}\n],\"summary\":{}}}\n",
            files.join(",\n"),
            serde_json::to_string(total).unwrap_or_default()
        )
    }

    fn statistics(&self, counts: &[(String, crate::diagnostic::Severity, usize)]) -> String {
        let v: Vec<_> = counts
            .iter()
            .map(|(r, s, n)| json!({"rule": r, "severity": s.as_str(), "count": n}))
            .collect();
        let mut s = serde_json::to_string_pretty(&json!({"version": VERSION, "statistics": v}))
            .unwrap_or_default();
        s.push('\n');
        s
    }
}

/// `--format json-lines`: [`lines`] per file, one after the other.
pub(crate) struct JsonLinesEmitter;

impl super::Emitter for JsonLinesEmitter {
    fn file(&self, report: &FileReport) -> String {
        lines(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn streamed_entry_equals_the_tree() {
        let rules = RuleSet::builtin().unwrap();
        let text = include_str!("../../examples/faulty.txt").to_string();
        let r = crate::check_text("f.txt", text, false, &rules);
        let mut out = Vec::new();
        write_file(&r, &mut out);
        let streamed: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(streamed, file(&r));
        assert_eq!(streamed["diagnostics"].as_array().unwrap().len(), 15);
    }
}
