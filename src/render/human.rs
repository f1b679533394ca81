//! Human output: rustc-style diagnostics through codespan-reporting (correct under wide CJK
//! characters), or one line per diagnostic with `concise`, and a summary line.

use super::{LineIndex, Summary};
use crate::check::FileReport;
use crate::diagnostic::Severity;
use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::{Buffer, ColorSpec, WriteColor};
use codespan_reporting::term::{self, Config};
use std::io::Write;

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info | Severity::Off => CsSeverity::Note,
    }
}

fn buffer(color: bool) -> Buffer {
    if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    }
}

/// Renders one file's diagnostics rustc-style.
pub fn file(r: &FileReport, color: bool) -> Vec<u8> {
    let mut out = buffer(color);
    if let Some(e) = &r.error {
        let _ = out.set_color(
            ColorSpec::new()
                .set_fg(Some(codespan_reporting::term::termcolor::Color::Red))
                .set_bold(true),
        );
        let _ = write!(out, "error[io]");
        let _ = out.reset();
        let _ = writeln!(out, ": {e}");
        return out.into_inner();
    }
    let files = SimpleFile::new(r.path.as_str(), r.text.as_str());
    let config = Config::default();
    for d in &r.diagnostics {
        let mut labels = vec![CsLabel::primary((), d.span.clone())];
        labels.extend(
            d.labels
                .iter()
                .map(|l| CsLabel::secondary((), l.span.clone()).with_message(&l.message)),
        );
        let cs = CsDiagnostic::new(severity(d.severity))
            .with_code(&d.rule)
            .with_message(&d.message)
            .with_labels(labels)
            .with_notes(d.notes.clone());
        if term::emit_to_write_style(&mut out, &config, &files, &cs).is_err() {
            // A span codespan cannot place (should not happen): fall back to one line.
            let (line, col) = LineIndex::new(&r.text).position(d.span.start);
            let _ = writeln!(
                out,
                "{}:{line}:{col}: {}[{}] {}",
                r.path, d.severity, d.rule, d.message
            );
        }
    }
    out.into_inner()
}

/// One line per diagnostic: `path:line:col: severity[rule] message`.
pub fn concise(r: &FileReport) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(e) = &r.error {
        let _ = writeln!(out, "{}: error[io] {}", r.path, e.message);
        return out;
    }
    let index = LineIndex::new(&r.text);
    for d in &r.diagnostics {
        let (line, col) = index.position(d.span.start);
        let _ = writeln!(
            out,
            "{}:{line}:{col}: {}[{}] {}",
            r.path, d.severity, d.rule, d.message
        );
    }
    out
}

/// The closing line: `3 errors, 1 warning in 2 files`.
pub fn summary(s: &Summary) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{}, {}, {} in {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        plural(s.files, "file")
    );
    if s.unreadable > 0 {
        line.push_str(&format!(" ({} could not be read)", s.unreadable));
    }
    line.push('\n');
    line
}
