//! Safe fixes: `--fix` applies them, `--diff` shows them. A fix is a byte-span replacement
//! within one line (punctuation width, duplicated punctuation, 〇 in years, zero padding in
//! the issue date); content — numbers, names, missing elements — is never changed.
//!
//! Fixes are applied in rounds until none is left (at most `MAX_ROUNDS`): a round applies
//! the non-overlapping fixes, then the text is checked again. The rounds' changes are kept
//! as [`Edit`]s of the original text, so that only they are re-encoded and every other byte
//! of the file is written back as it was ([`crate::input::splice`]). Files are written
//! atomically by [`write_fixed`], which refuses whatever could lose data; a file without
//! fixes is never touched.

use crate::check::{FileReport, check_text_with};
use crate::diagnostic::Diagnostic;
use crate::feedback::Feedback;
use crate::rules::RuleSet;
use std::io::Write;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// At most this many fix-and-recheck rounds.
pub(crate) const MAX_ROUNDS: usize = 10;

/// The non-overlapping fixes of `diags` that `text` can take, in order.
fn select<'d>(text: &str, diags: &'d [Diagnostic]) -> Vec<(Range<usize>, &'d str)> {
    let mut fixes: Vec<_> = diags
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| {
            f.span.start <= f.span.end
                && f.span.end <= text.len()
                && text.is_char_boundary(f.span.start)
                && text.is_char_boundary(f.span.end)
        })
        .filter(|f| {
            !f.replacement.contains(['\n', '\r']) && !text[f.span.clone()].contains(['\n', '\r'])
        })
        .map(|f| (f.span.clone(), f.replacement.as_str()))
        .collect();
    fixes.sort_by_key(|(s, _)| (s.start, s.end));
    let mut at = 0;
    // An overlapping fix waits for the next round.
    fixes.retain(|(s, _)| {
        let keep = s.start >= at;
        if keep {
            at = s.end;
        }
        keep
    });
    fixes
}

/// Applies the non-overlapping fixes of `diags` to `text`; `None` when there is none.
pub(crate) fn apply(text: &str, diags: &[Diagnostic]) -> Option<String> {
    let fixes = select(text, diags);
    if fixes.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, rep) in fixes {
        out.push_str(&text[at..span.start]);
        out.push_str(rep);
        at = span.end;
    }
    out.push_str(&text[at..]);
    (out != text).then_some(out)
}

/// One replacement in the original text: the bytes `span` of the text as first read become
/// `replacement`. The edits of a fix are what gets re-encoded; everything between them is
/// written back as the file's own bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the original (decoded) text.
    pub span: Range<usize>,
    /// Its new text.
    pub replacement: String,
}

/// The current text as pieces of the original and new text, so that the edits of several
/// rounds can be expressed against the original.
#[derive(Debug, Clone)]
enum Piece {
    Original(Range<usize>),
    New(String),
}

impl Piece {
    fn len(&self) -> usize {
        match self {
            Piece::Original(r) => r.len(),
            Piece::New(s) => s.len(),
        }
    }
}

/// Rebuilds `pieces` (the current text) with `fixes` (sorted, non-overlapping spans of the
/// current text) applied. Linear in pieces + fixes.
fn rebase(pieces: Vec<Piece>, fixes: &[(Range<usize>, &str)]) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len() + 2 * fixes.len());
    // Copies current-text bytes `from..to` (from ≥ every earlier call's `to`).
    let mut i = 0; // first piece that may still be copied from
    let mut piece_start = 0; // current-text offset of pieces[i]
    let mut copy = |from: usize, to: usize, out: &mut Vec<Piece>| {
        while i < pieces.len() && piece_start + pieces[i].len() <= from {
            piece_start += pieces[i].len();
            i += 1;
        }
        let (mut j, mut start) = (i, piece_start);
        while j < pieces.len() && start < to {
            let len = pieces[j].len();
            let (a, b) = (from.max(start) - start, to.min(start + len) - start);
            if a < b {
                out.push(match &pieces[j] {
                    Piece::Original(r) => Piece::Original(r.start + a..r.start + b),
                    Piece::New(s) => Piece::New(s[a..b].to_string()),
                });
            }
            start += len;
            j += 1;
        }
    };
    let total: usize = pieces.iter().map(Piece::len).sum();
    let mut at = 0;
    for (span, rep) in fixes {
        copy(at, span.start, &mut out);
        if !rep.is_empty() {
            out.push(Piece::New(rep.to_string()));
        }
        at = span.end;
    }
    copy(at, total, &mut out);
    out
}

/// The edits against the original text (of length `len`) that `pieces` amount to.
fn edits(pieces: &[Piece], original: &str) -> Vec<Edit> {
    let mut out = Vec::new();
    let mut at = 0; // original offset after the last original piece
    let mut pending = String::new();
    let flush = |at: usize, to: usize, pending: &mut String, out: &mut Vec<Edit>| {
        if (at < to || !pending.is_empty()) && original[at..to] != **pending {
            out.push(Edit {
                span: at..to,
                replacement: std::mem::take(pending),
            });
        }
        pending.clear();
    };
    for p in pieces {
        match p {
            Piece::New(s) => pending.push_str(s),
            Piece::Original(r) => {
                flush(at, r.start, &mut pending, &mut out);
                at = r.end;
            }
        }
    }
    flush(at, original.len(), &mut pending, &mut out);
    out
}

/// The outcome of fixing a text.
#[derive(Debug)]
pub struct Fixed {
    /// The fixed text, when it differs from the original.
    pub text: Option<String>,
    /// The replacements in the original text that produce it (empty when unchanged).
    pub edits: Vec<Edit>,
    /// The check of the final text.
    pub report: FileReport,
}

/// Fixes `text` in rounds; returns the final text (if it changed), the edits against the
/// original and the final report. Diagnostics of the `ignored` rules (per-file ignores) are
/// neither fixed nor reported.
pub fn fix_text(
    path: &str,
    text: String,
    markdown: bool,
    rules: &RuleSet,
    ignored: &[&str],
    feedback: Option<Arc<Feedback>>,
) -> Fixed {
    let original = text.clone();
    let check = |text: String| {
        let mut r = check_text_with(path, text, markdown, rules, feedback.clone());
        r.diagnostics
            .retain(|d| !ignored.contains(&d.rule.as_str()));
        r
    };
    let mut pieces = vec![Piece::Original(0..original.len())];
    let mut report = check(text);
    for _ in 0..MAX_ROUNDS {
        let Some(next) = apply(&report.text, &report.diagnostics) else {
            break;
        };
        pieces = rebase(pieces, &select(&report.text, &report.diagnostics));
        report = check(next);
    }
    if report.text == original {
        return Fixed {
            text: None,
            edits: Vec::new(),
            report,
        };
    }
    Fixed {
        text: Some(report.text.clone()),
        edits: edits(&pieces, &original),
        report,
    }
}

/// Writes `fixed` over `path`, which held `original` when it was read. Refuses, writing
/// nothing, when that would lose anything:
///
/// * a symbolic link is followed and its target fixed (the link stays a link);
/// * a file with other hard links is refused (a new file would split it from them);
/// * a file the user cannot write, or that no one may write (mode 0444, even for root), is
///   refused, as is one whose owner or group the new file could not keep;
/// * a file that changed since it was read (another program appended to it) is refused.
///
/// The new text goes to a temporary file created exclusively under a short random name in
/// the same directory (so a planted link cannot redirect it, two files fixed at once never
/// share one, and a 255-byte name still has room), with the original's permissions, owner
/// and group, synced, then renamed over the original.
pub fn write_fixed(path: &Path, original: &[u8], fixed: &[u8]) -> Result<(), String> {
    let real = std::fs::canonicalize(path).map_err(|e| format!("cannot resolve: {e}"))?;
    let meta = std::fs::metadata(&real).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file; not written".into());
    }
    unix::may_replace(&meta)?;
    // Opening for writing (without truncating) asks the system whether the user may write it.
    if let Err(e) = std::fs::OpenOptions::new().write(true).open(&real) {
        return Err(format!("cannot be written ({e}); nothing was written"));
    }
    let dir = real.parent().unwrap_or(Path::new("/"));
    let mut tmp = tempfile::Builder::new()
        .prefix(".zg")
        .suffix(".tmp")
        .rand_bytes(8)
        .tempfile_in(dir)
        .map_err(|e| {
            format!(
                "cannot create a temporary file in {} ({e}); nothing was written",
                dir.display()
            )
        })?;
    let file = tmp.as_file_mut();
    file.write_all(fixed)
        .and_then(|_| file.sync_all())
        .map_err(|e| format!("cannot write the fixed text ({e}); nothing was written"))?;
    unix::keep_owner(file, &meta)?;
    file.set_permissions(meta.permissions())
        .map_err(|e| format!("cannot keep the permissions ({e}); nothing was written"))?;
    // The file must still be what was read: text appended meanwhile would be lost.
    if !unchanged(&real, original).map_err(|e| format!("cannot read it again: {e}"))? {
        return Err(
            "changed while it was being checked (another program wrote to it); nothing was \
             written: run the fix again"
                .into(),
        );
    }
    tmp.persist(&real)
        .map_err(|e| format!("cannot replace the file ({}); nothing was written", e.error))?;
    Ok(())
}

/// Whether the file at `path` still holds exactly `original`, read in blocks (a whole second
/// copy of a large file is not needed to compare it).
fn unchanged(path: &Path, original: &[u8]) -> std::io::Result<bool> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    if f.metadata()?.len() != original.len() as u64 {
        return Ok(false);
    }
    let mut buf = vec![0u8; 1 << 16];
    let mut at = 0;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(at == original.len());
        }
        if at + n > original.len() || buf[..n] != original[at..at + n] {
            return Ok(false);
        }
        at += n;
    }
}

/// What only Unix can tell: hard links, mode bits, owner and group.
#[cfg(unix)]
mod unix {
    use std::os::unix::fs::MetadataExt;

    /// Refuses a file with other hard links, or one no one may write.
    pub(super) fn may_replace(meta: &std::fs::Metadata) -> Result<(), String> {
        if meta.nlink() > 1 {
            return Err(format!(
                "has {} hard links; writing the fixes would split it from the others, so \
                 nothing was written (break the links, or fix it through standard input)",
                meta.nlink()
            ));
        }
        // A file marked read-only for everyone stays as it is, even for root.
        if meta.mode() & 0o222 == 0 {
            return Err("is read-only; nothing was written (make it writable to fix it)".into());
        }
        Ok(())
    }

    /// Gives the new file the original's owner and group (root fixing another's file).
    pub(super) fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) -> Result<(), String> {
        let now = file.metadata().map_err(|e| e.to_string())?;
        if (now.uid(), now.gid()) != (meta.uid(), meta.gid()) {
            std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).map_err(|e| {
                format!(
                    "the fixed file could not keep its owner and group ({e}); nothing was \
                     written"
                )
            })?;
        }
        Ok(())
    }
}

#[cfg(not(unix))]
mod unix {
    pub(super) fn may_replace(meta: &std::fs::Metadata) -> Result<(), String> {
        if meta.permissions().readonly() {
            return Err("is read-only; nothing was written (make it writable to fix it)".into());
        }
        Ok(())
    }

    pub(super) fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) -> Result<(), String> {
        Ok(())
    }
}

/// A unified diff of two texts with the same line count (fixes never add or remove lines),
/// three lines of context.
pub(crate) fn unified_diff(path: &str, old: &str, new: &str) -> String {
    String::from_utf8_lossy(&unified_diff_bytes(path, old.as_bytes(), new.as_bytes())).into_owned()
}

/// [`unified_diff`] of the bytes as written (a GBK file's diff is GBK, so `patch` applies it
/// to the file); lines end at `\n`.
pub(crate) fn unified_diff_bytes(path: &str, old: &[u8], new: &[u8]) -> Vec<u8> {
    let a: Vec<&[u8]> = old.split_inclusive(|&b| b == b'\n').collect();
    let b: Vec<&[u8]> = new.split_inclusive(|&b| b == b'\n').collect();
    let mut out = Vec::new();
    if a.len() != b.len() {
        out.extend(
            format!("--- {path}\n+++ {path}\n(line count changed; diff not shown)\n").bytes(),
        );
        return out;
    }
    let changed: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    if changed.is_empty() {
        return out;
    }
    out.extend(format!("--- {path}\n+++ {path}\n").bytes());
    let ctx = 3;
    let mut i = 0;
    let line = |out: &mut Vec<u8>, mark: u8, s: &[u8]| {
        out.push(mark);
        out.extend_from_slice(s);
        if !s.ends_with(b"\n") {
            out.extend_from_slice(b"\n\\ No newline at end of file\n");
        }
    };
    while i < changed.len() {
        let start = changed[i].saturating_sub(ctx);
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] <= changed[j] + 2 * ctx {
            j += 1;
        }
        let end = (changed[j] + ctx + 1).min(a.len());
        out.extend(
            format!(
                "@@ -{},{} +{},{} @@\n",
                start + 1,
                end - start,
                start + 1,
                end - start
            )
            .bytes(),
        );
        for k in start..end {
            if a[k] == b[k] {
                line(&mut out, b' ', a[k]);
            } else {
                line(&mut out, b'-', a[k]);
                line(&mut out, b'+', b[k]);
            }
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn diag(span: std::ops::Range<usize>, rep: &str) -> Diagnostic {
        Diagnostic {
            rule: "x".into(),
            severity: Severity::Info,
            message: String::new(),
            span: span.clone(),
            labels: vec![],
            notes: vec![],
            fix: Some(Fix {
                span,
                replacement: rep.into(),
            }),
        }
    }

    #[test]
    fn applies_non_overlapping_fixes() {
        let t = "甲,乙;丙";
        let d = [diag(3..4, "，"), diag(7..8, "；"), diag(3..5, "?")];
        assert_eq!(apply(t, &d).as_deref(), Some("甲，乙；丙"));
        assert_eq!(apply(t, &[]), None);
    }

    #[test]
    fn diff_shows_changed_lines_with_context() {
        let d = unified_diff("a.txt", "一\r\n二,三\r\n四\n", "一\r\n二，三\r\n四\n");
        assert!(d.contains("-二,三\r\n+二，三\r\n"), "{d}");
        assert!(d.starts_with("--- a.txt\n+++ a.txt\n@@ -1,3 +1,3 @@\n"));
    }
}
