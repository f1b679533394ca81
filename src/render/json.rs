//! `--format json`: one versioned document for the whole run (schema in the README).

use super::{LineIndex, Summary};
use crate::check::FileReport;
use crate::input::Format;
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

/// One file's entry.
pub fn file(r: &FileReport) -> Value {
    let index = LineIndex::new(&r.text);
    let diagnostics: Vec<Value> = r
        .diagnostics
        .iter()
        .map(|d| {
            let mut v = json!({
                "rule": d.rule,
                "severity": d.severity.as_str(),
                "message": d.message,
                "span": span(&index, &d.span),
                "labels": d.labels.iter().map(|l| json!({"message": l.message, "span": span(&index, &l.span)})).collect::<Vec<_>>(),
                "notes": d.notes,
            });
            if r.format == Format::Docx {
                v["paragraph"] = json!(index.position(d.span.start).0);
                v["excerpt"] = json!(excerpt(&r.text, &d.span));
            }
            v
        })
        .collect();
    let mut v = json!({ "path": r.path, "format": r.format.as_str(), "diagnostics": diagnostics });
    if let Some(enc) = r.encoding {
        v["encoding"] = json!(enc);
    }
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
