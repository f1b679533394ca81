//! `--format github`: GitHub Actions workflow commands, one per diagnostic
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`). Every diagnostic
//! is printed, even though GitHub shows only the first few annotations of a step.

use super::LineIndex;
use crate::check::FileReport;
use crate::diagnostic::Severity;
use std::fmt::Write;

/// Escapes a message (`%`, CR, LF) for a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One file's commands. Columns are 1-based characters.
pub fn file(r: &FileReport) -> String {
    let mut out = String::new();
    let path = escape_property(&r.path);
    if let Some(e) = &r.error {
        let _ = writeln!(
            out,
            "::error file={path},title=zhenggai::{}",
            escape_data(&e.message)
        );
        return out;
    }
    let index = LineIndex::new(&r.text);
    for d in &r.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Off => "notice",
        };
        let (line, col) = index.position(d.span.start);
        let (end_line, end_col) = index.position(d.span.end);
        let _ = writeln!(
            out,
            "::{level} file={path},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            escape_property(&format!("zhenggai({})", d.rule)),
            escape_data(&d.message)
        );
    }
    out
}

/// `--format github`: the files' commands, one after the other.
pub(crate) struct GithubEmitter;

impl super::Emitter for GithubEmitter {
    fn file(&self, report: &FileReport) -> String {
        file(report)
    }
}
