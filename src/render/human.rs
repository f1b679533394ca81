//! Human output: rustc-style diagnostics through codespan-reporting (correct under wide CJK
//! characters), or one line per diagnostic with `concise`, and a summary line.

use super::{LineIndex, Summary};
use crate::check::FileReport;
use crate::diagnostic::Severity;
use crate::input::InputFormat;
use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
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

/// Lines longer than this (in characters) are shown as a window around the spans.
const MAX_LINE: usize = 100;
/// Characters of context kept on each side of the spans in a window.
const CONTEXT: usize = 24;

/// One diagnostic's view of a file for codespan: only the lines it touches, long lines cut
/// to a window around its spans (announcements put a whole paragraph on one line). Line
/// numbers and columns are reported from the original text.
struct Excerpt<'a> {
    name: &'a str,
    text: &'a str,
    index: &'a LineIndex<'a>,
    /// The excerpt shown: the windows, one per touched line.
    shown: String,
    /// Per shown line: (start in `shown`, original byte of its first shown char, "…" bytes
    /// before it, original line index, original byte where the window ends).
    lines: Vec<(usize, usize, usize, usize, usize)>,
}

impl<'a> Excerpt<'a> {
    fn new(
        name: &'a str,
        text: &'a str,
        index: &'a LineIndex<'a>,
        spans: &[std::ops::Range<usize>],
    ) -> Self {
        // Byte windows per original line.
        let mut windows: Vec<(usize, usize, usize)> = Vec::new();
        for s in spans {
            for off in [s.start, s.end] {
                let line = index.line_of(off);
                let (ls, le) = index.line_bounds(line);
                let off = off.clamp(ls, le);
                match windows.iter_mut().find(|w| w.0 == line) {
                    Some(w) => {
                        w.1 = w.1.min(off);
                        w.2 = w.2.max(off);
                    }
                    None => windows.push((line, off, off)),
                }
            }
        }
        windows.sort_unstable();
        let mut shown = String::new();
        let mut lines = Vec::new();
        for (line, lo, hi) in windows {
            let (ls, le) = index.line_bounds(line);
            let full = &text[ls..le];
            let (ws, we) = if full.chars().nth(MAX_LINE).is_none() {
                (ls, le)
            } else {
                let ws = text[ls..lo]
                    .char_indices()
                    .rev()
                    .nth(CONTEXT - 1)
                    .map_or(ls, |(i, _)| ls + i);
                // A span longer than a line's worth (a whole-document diagnostic on a 50 MB
                // line) is shown by its beginning only: the output stays the size of a line.
                let hi = text[lo..hi]
                    .char_indices()
                    .nth(MAX_LINE)
                    .map_or(hi, |(i, _)| lo + i);
                let we = text[hi..le]
                    .char_indices()
                    .nth(CONTEXT)
                    .map_or(le, |(i, _)| hi + i);
                (ws, we)
            };
            let start = shown.len();
            let prefix = if ws > ls { "…" } else { "" };
            shown.push_str(prefix);
            shown.push_str(&text[ws..we]);
            if we < le {
                shown.push('…');
            }
            shown.push('\n');
            lines.push((start, ws, prefix.len(), line, we));
        }
        Excerpt {
            name,
            text,
            index,
            shown,
            lines,
        }
    }

    /// An original byte offset as an offset into `shown`.
    fn map(&self, off: usize) -> usize {
        let line = self.index.line_of(off);
        match self.lines.iter().find(|l| l.3 == line) {
            Some(&(start, ws, prefix, _, we)) => start + prefix + off.clamp(ws, we) - ws,
            None => 0,
        }
    }

    fn shown_line(&self, byte: usize) -> usize {
        self.lines
            .partition_point(|l| l.0 <= byte)
            .saturating_sub(1)
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.shown)
    }

    fn line_index(
        &'a self,
        (): (),
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.shown_line(byte))
    }

    fn line_number(
        &'a self,
        (): (),
        line: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.lines.get(line).map_or(line, |l| l.3) + 1)
    }

    fn line_range(
        &'a self,
        (): (),
        line: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        let start = self.lines.get(line).map_or(self.shown.len(), |l| l.0);
        let end = self.lines.get(line + 1).map_or(self.shown.len(), |l| l.0);
        Ok(start..end)
    }

    fn location(
        &'a self,
        (): (),
        byte: usize,
    ) -> Result<codespan_reporting::files::Location, codespan_reporting::files::Error> {
        // Back to the original text for the `path:line:column` header.
        let i = self.shown_line(byte);
        let (start, ws, prefix, _, _) = self.lines.get(i).copied().unwrap_or_default();
        let rel = byte.saturating_sub(start + prefix);
        let original = (ws + rel).min(self.text.len());
        let (line_number, column_number) = self.index.position(original);
        Ok(codespan_reporting::files::Location {
            line_number,
            column_number,
        })
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
    let index = LineIndex::new(&r.text);
    let config = Config::default();
    for d in &r.diagnostics {
        let spans: Vec<_> = std::iter::once(d.span.clone())
            .chain(d.labels.iter().map(|l| l.span.clone()))
            .collect();
        let files = Excerpt::new(&r.path, &r.text, &index, &spans);
        let at = |s: &std::ops::Range<usize>| files.map(s.start)..files.map(s.end);
        let mut labels = vec![CsLabel::primary((), at(&d.span))];
        labels.extend(
            d.labels
                .iter()
                .map(|l| CsLabel::secondary((), at(&l.span)).with_message(&l.message)),
        );
        let mut notes = d.notes.clone();
        if r.format == InputFormat::Docx {
            let (line, _) = index.position(d.span.start);
            notes.push(format!("in paragraph ¶{line} of the Word document"));
        }
        let cs = CsDiagnostic::new(severity(d.severity))
            .with_code(&d.rule)
            .with_message(&d.message)
            .with_labels(labels)
            .with_notes(notes);
        if term::emit_to_write_style(&mut out, &config, &files, &cs).is_err() {
            // A span codespan cannot place (should not happen): fall back to one line.
            let (line, col) = index.position(d.span.start);
            let _ = writeln!(
                out,
                "{}:{line}:{col}: {}[{}] {}",
                r.path, d.severity, d.rule, d.message
            );
        }
    }
    out.into_inner()
}

/// One line per diagnostic: `path:line:col: severity[rule] message`; for a .docx
/// `path:¶N:col: …` with the paragraph number (one paragraph is one line of its text).
pub fn concise(r: &FileReport) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(e) = &r.error {
        let _ = writeln!(out, "{}: error[io] {}", r.path, e.message);
        return out;
    }
    let index = LineIndex::new(&r.text);
    for d in &r.diagnostics {
        let (line, col) = index.position(d.span.start);
        let pilcrow = if r.format == InputFormat::Docx {
            "¶"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{}:{pilcrow}{line}:{col}: {}[{}] {}",
            r.path, d.severity, d.rule, d.message
        );
    }
    out
}

/// The closing line: `3 errors, 1 warning in 2 files`.
pub(crate) fn summary(s: &Summary) -> String {
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

/// The pointers after the summary: one `说明：zhenggai explain ID` line per rule seen, in
/// order of first appearance (rustc's "For more information about this error, try…").
pub(crate) fn explain_footer<'a>(rules: impl IntoIterator<Item = &'a str>) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for r in rules {
        if !seen.contains(&r) {
            seen.push(r);
        }
    }
    seen.iter()
        .map(|r| format!("说明：zhenggai explain {r}\n"))
        .collect()
}

/// `--format human`: [`file`] per file, then the summary and the `explain` pointers.
pub(crate) struct HumanEmitter {
    /// Whether to colour the output (ANSI escapes).
    pub(crate) color: bool,
}

impl super::Emitter for HumanEmitter {
    fn file(&self, report: &FileReport) -> String {
        String::from_utf8_lossy(&file(report, self.color)).into_owned()
    }

    fn finish(&self, parts: &[&super::Part], total: &Summary) -> String {
        let mut s: String = super::chunks(parts).collect();
        s.push_str(&summary(total));
        let seen = parts
            .iter()
            .flat_map(|p| p.found.iter().map(|(r, _)| r.as_str()));
        s.push_str(&explain_footer(seen));
        s
    }
}

/// `--format concise`: [`concise`] per file, then the summary when anything was found.
pub(crate) struct ConciseEmitter;

impl super::Emitter for ConciseEmitter {
    fn file(&self, report: &FileReport) -> String {
        String::from_utf8_lossy(&concise(report)).into_owned()
    }

    fn finish(&self, parts: &[&super::Part], total: &Summary) -> String {
        let mut s: String = super::chunks(parts).collect();
        if total.errors + total.warnings + total.infos > 0 {
            s.push_str(&summary(total));
        }
        s
    }
}
