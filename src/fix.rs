//! Safe fixes: `--fix` applies them, `--diff` shows them. A fix is a byte-span replacement
//! within one line (punctuation width, duplicated punctuation, 〇 in years, zero padding in
//! the issue date); content — numbers, names, missing elements — is never changed.
//!
//! Fixes are applied in rounds until none is left (at most [`MAX_ROUNDS`]): a round applies
//! the non-overlapping fixes, then the text is checked again. Files are written atomically
//! (a temporary file in the same directory, then a rename) with their permissions kept,
//! and a file without fixes is never touched.

use crate::check::{FileReport, check_text_with};
use crate::diagnostic::Diagnostic;
use crate::feedback::Feedback;
use crate::rules::RuleSet;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// At most this many fix-and-recheck rounds.
pub const MAX_ROUNDS: usize = 10;

/// Applies the non-overlapping fixes of `diags` to `text`; `None` when there is none.
pub fn apply(text: &str, diags: &[Diagnostic]) -> Option<String> {
    let mut fixes: Vec<_> = diags
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| {
            f.span.end <= text.len()
                && text.is_char_boundary(f.span.start)
                && text.is_char_boundary(f.span.end)
        })
        .filter(|f| {
            !f.replacement.contains(['\n', '\r']) && !text[f.span.clone()].contains(['\n', '\r'])
        })
        .collect();
    if fixes.is_empty() {
        return None;
    }
    fixes.sort_by_key(|f| (f.span.start, f.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in fixes {
        if f.span.start < at {
            continue; // overlaps an earlier fix: next round
        }
        out.push_str(&text[at..f.span.start]);
        out.push_str(&f.replacement);
        at = f.span.end;
    }
    out.push_str(&text[at..]);
    (out != text).then_some(out)
}

/// Fixes `text` in rounds; returns the final text (if it changed) and the final report.
/// Diagnostics of the `ignored` rules (per-file ignores) are neither fixed nor reported.
pub fn fix_text(
    path: &str,
    text: String,
    markdown: bool,
    rules: &RuleSet,
    ignored: &[&str],
    feedback: Option<Arc<Feedback>>,
) -> (Option<String>, FileReport) {
    let original = text.clone();
    let check = |text: String| {
        let mut r = check_text_with(path, text, markdown, rules, feedback.clone());
        r.diagnostics
            .retain(|d| !ignored.contains(&d.rule.as_str()));
        r
    };
    let mut report = check(text);
    for _ in 0..MAX_ROUNDS {
        let Some(next) = apply(&report.text, &report.diagnostics) else {
            break;
        };
        report = check(next);
    }
    let changed = (report.text != original).then(|| report.text.clone());
    (changed, report)
}

/// Writes `contents` to `path` atomically, keeping the file's permissions.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.zhenggai-{}.tmp", std::process::id()));
    let perms = std::fs::metadata(path)?.permissions();
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::set_permissions(&tmp, perms)?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A unified diff of two texts with the same line count (fixes never add or remove lines),
/// three lines of context.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    if a.len() != b.len() {
        return format!("--- {path}\n+++ {path}\n(line count changed; diff not shown)\n");
    }
    let changed: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    if changed.is_empty() {
        return String::new();
    }
    let mut out = format!("--- {path}\n+++ {path}\n");
    let ctx = 3;
    let mut i = 0;
    while i < changed.len() {
        let start = changed[i].saturating_sub(ctx);
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] <= changed[j] + 2 * ctx {
            j += 1;
        }
        let end = (changed[j] + ctx + 1).min(a.len());
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            start + 1,
            end - start,
            start + 1,
            end - start
        ));
        for k in start..end {
            let line = |s: &str| {
                if s.ends_with('\n') {
                    s.to_string()
                } else {
                    format!("{s}\n\\ No newline at end of file\n")
                }
            };
            if a[k] == b[k] {
                out.push(' ');
                out.push_str(&line(a[k]));
            } else {
                out.push('-');
                out.push_str(&line(a[k]));
                out.push('+');
                out.push_str(&line(b[k]));
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
