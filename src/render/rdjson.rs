//! `--format rdjson`: reviewdog's Diagnostic Format. Columns are 1-based UTF-8 byte
//! offsets within the line, as reviewdog expects.

use super::LineIndex;
use crate::check::FileReport;
use crate::diagnostic::Severity;
use serde_json::{Value, json};

fn range(index: &LineIndex, span: &std::ops::Range<usize>) -> Value {
    let (l, c) = index.position_utf8(span.start);
    let (el, ec) = index.position_utf8(span.end);
    json!({"start": {"line": l, "column": c}, "end": {"line": el, "column": ec}})
}

/// One file's diagnostics as rdjson diagnostic objects.
pub fn file(r: &FileReport) -> Vec<Value> {
    let index = LineIndex::new(&r.text);
    if let Some(e) = &r.error {
        return vec![
            json!({"message": e.message, "location": {"path": r.path}, "severity": "ERROR", "code": {"value": "io"}}),
        ];
    }
    r.diagnostics
        .iter()
        .map(|d| {
            let mut v = json!({
                "message": d.message,
                "location": {"path": r.path, "range": range(&index, &d.span)},
                "severity": match d.severity { Severity::Error => "ERROR", Severity::Warning => "WARNING", _ => "INFO" },
                "source": {"name": "zhenggai"},
                "code": {"value": d.rule},
            });
            if let Some(f) = &d.fix {
                v["suggestions"] = json!([{"range": range(&index, &f.span), "text": f.replacement}]);
            }
            v
        })
        .collect()
}

/// The document around the diagnostics.
pub(crate) fn wrap(diagnostics: &str) -> String {
    format!("{{\"source\":{{\"name\":\"zhenggai\"}},\"diagnostics\":[{diagnostics}]}}\n")
}

/// `--format rdjson`: one document with every file's diagnostics.
pub(crate) struct RdjsonEmitter;

impl super::Emitter for RdjsonEmitter {
    fn file(&self, report: &FileReport) -> String {
        super::join_json(&file(report), ",")
    }

    fn finish(&self, parts: &[&super::Part], _: &super::Summary) -> String {
        wrap(&super::chunks(parts).collect::<Vec<_>>().join(","))
    }
}
