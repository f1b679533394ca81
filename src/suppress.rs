//! Suppression comments in Markdown (and HTML) documents:
//!
//! * `<!-- zhenggai-disable-next-line RULE[, RULE] -- reason -->`: the next non-blank line;
//! * `<!-- zhenggai-disable RULE -->` … `<!-- zhenggai-enable RULE -->`: a range of lines;
//! * `<!-- zhenggai-disable-file RULE -->`: the whole file.
//!
//! Rule ids are required: there is no blanket disable. A suppression that suppresses
//! nothing, names an unknown rule or names none is reported through the
//! `unused-suppression` rule (as ruff's RUF100 does for `noqa`).

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Span;
use crate::rules::{RuleSet, fill};

/// What a directive covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    NextLine,
    Disable,
    Enable,
    File,
}

/// One comment.
#[derive(Debug)]
struct Directive {
    scope: Scope,
    /// The comment.
    span: Span,
    /// Named rules and where each is written.
    rules: Vec<(String, Span)>,
    /// 0-based line of the comment's end.
    line: usize,
}

/// Directive names, longest first so `disable-next-line` is not read as `disable`.
const NAMES: [(Scope, &str); 4] = [
    (Scope::NextLine, "zhenggai-disable-next-line"),
    (Scope::File, "zhenggai-disable-file"),
    (Scope::Disable, "zhenggai-disable"),
    (Scope::Enable, "zhenggai-enable"),
];

fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset) - 1
}

/// Byte ranges of fenced code blocks (```` ``` ```` or `~~~`): examples, not directives.
fn fences(text: &str, starts: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &s) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let line = text[s..end].trim_start();
        if line.starts_with("```") || line.starts_with("~~~") {
            match open.take() {
                Some(o) => out.push(o..end),
                None => open = Some(s),
            }
        }
    }
    if let Some(o) = open {
        out.push(o..text.len());
    }
    out
}

fn parse(text: &str, starts: &[usize]) -> Vec<Directive> {
    let mut out = Vec::new();
    let code = fences(text, starts);
    let mut from = 0;
    while let Some(open) = text[from..].find("<!--").map(|p| from + p) {
        let Some(close) = text[open..].find("-->").map(|p| open + p) else {
            break;
        };
        from = close + 3;
        if code.iter().any(|c| c.contains(&open)) {
            continue;
        }
        // `<!-->` and `<!--->` are (abruptly) closed empty comments, as HTML reads them:
        // their `-->` starts before the body would.
        let body_start = (open + 4).min(close);
        let body = &text[body_start..close];
        let trimmed = body.trim_start();
        let lead = body_start + (body.len() - trimmed.len());
        let Some((scope, name)) = NAMES.into_iter().find(|(_, n)| {
            trimmed
                .strip_prefix(n)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
        }) else {
            continue;
        };
        // Ids up to ` -- reason`, separated by commas or spaces.
        let args_start = lead + name.len();
        let args_end = text[args_start..close]
            .find(" --")
            .map_or(close, |p| args_start + p);
        let args = &text[args_start..args_end];
        let mut rules = Vec::new();
        let mut word: Option<usize> = None;
        for (i, c) in args
            .char_indices()
            .chain(std::iter::once((args.len(), ' ')))
        {
            let sep = c.is_whitespace() || c == ',' || c == '，';
            match (word, sep) {
                (None, false) => word = Some(i),
                (Some(w), true) => {
                    rules.push((args[w..i].to_string(), args_start + w..args_start + i));
                    word = None;
                }
                _ => {}
            }
        }
        out.push(Directive {
            scope,
            span: open..close + 3,
            rules,
            line: line_of(starts, close),
        });
    }
    out
}

/// Line ranges (0-based, inclusive start, exclusive end) each (directive, rule) covers.
fn coverage(text: &str, starts: &[usize], dirs: &[Directive]) -> Vec<(usize, usize, usize, usize)> {
    let nlines = starts.len();
    let mut out = Vec::new(); // (directive, rule index, from line, to line)
    // Each rule's enable directives in order, so that a disable finds its enable by binary
    // search: a scan per disable was quadratic in 100,000 directives.
    let mut enables: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (di, d) in dirs.iter().enumerate() {
        if d.scope == Scope::Enable {
            for (r, _) in &d.rules {
                enables.entry(r.as_str()).or_default().push(di);
            }
        }
    }
    for (di, d) in dirs.iter().enumerate() {
        for (ri, (id, _)) in d.rules.iter().enumerate() {
            match d.scope {
                Scope::File => out.push((di, ri, 0, nlines)),
                Scope::NextLine => {
                    // The next line with text that is not itself a comment line.
                    let mut l = d.line + 1;
                    while l < nlines {
                        let end = starts.get(l + 1).map_or(text.len(), |&e| e);
                        let s = text[starts[l]..end].trim();
                        if !s.is_empty() && !s.starts_with("<!--") {
                            break;
                        }
                        l += 1;
                    }
                    out.push((di, ri, l, l + 1));
                }
                Scope::Disable => {
                    let end = enables
                        .get(id.as_str())
                        .and_then(|v| v.get(v.partition_point(|&e| e <= di)))
                        .map_or(nlines, |&e| dirs[e].line + 1);
                    out.push((di, ri, d.line, end));
                }
                Scope::Enable => {}
            }
        }
    }
    out
}

/// Removes suppressed diagnostics and reports unused, unknown or empty suppressions.
pub fn apply(text: &str, diags: Vec<Diagnostic>, rules: &RuleSet) -> Vec<Diagnostic> {
    if !text.contains("zhenggai-") {
        return diags;
    }
    let mut starts = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    let dirs = parse(text, &starts);
    if dirs.is_empty() {
        return diags;
    }
    let cover = coverage(text, &starts, &dirs);
    let mut used = vec![false; cover.len()];
    let mut kept = Vec::with_capacity(diags.len());
    // Covers indexed by rule: one-line covers by (rule, line), the others (ranges, whole
    // file) per rule in order. Scanning every cover for every diagnostic was quadratic
    // (100,000 directives and diagnostics: minutes).
    let mut one_line: std::collections::HashMap<(&str, usize), usize> = Default::default();
    let mut ranges: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, &(di, ri, from, to)) in cover.iter().enumerate() {
        let id = dirs[di].rules[ri].0.as_str();
        if to == from + 1 {
            one_line.entry((id, from)).or_insert(i);
        } else {
            ranges.entry(id).or_default().push(i);
        }
    }
    for d in diags {
        let line = line_of(&starts, d.span.start);
        let in_range = |i: &&usize| (cover[**i].2..cover[**i].3).contains(&line);
        let hit = match (
            one_line.get(&(d.rule.as_str(), line)),
            ranges
                .get(d.rule.as_str())
                .and_then(|v| v.iter().find(in_range)),
        ) {
            (Some(&a), Some(&b)) => Some(a.min(b)),
            (a, b) => a.or(b).copied(),
        };
        match hit {
            Some(i) => used[i] = true,
            None => kept.push(d),
        }
    }
    let Some(meta) = rules
        .get("unused-suppression")
        .map(|r| &r.meta)
        .filter(|m| m.enabled && m.severity != Severity::Off)
    else {
        return kept;
    };
    let mut report = |case: &str, span: Span, rule: &str| {
        let template = meta.messages.get(case).unwrap_or(&meta.message);
        kept.push(Diagnostic {
            rule: meta.id.clone(),
            severity: meta.severity,
            message: fill(template, &[("rule", rule.to_string())]),
            span,
            labels: Vec::new(),
            notes: Vec::new(),
            fix: None,
        });
    };
    for d in &dirs {
        if d.rules.is_empty() && d.scope != Scope::Enable {
            report("empty", d.span.clone(), "");
        }
        for (id, span) in &d.rules {
            if rules.get(id).is_none() {
                report("unknown", span.clone(), id);
            }
        }
    }
    for (i, &(di, ri, _, _)) in cover.iter().enumerate() {
        let (id, span) = &dirs[di].rules[ri];
        // Only rules that ran can be known to suppress nothing.
        let ran = rules
            .get(id)
            .is_some_and(|r| r.meta.enabled && r.meta.severity != Severity::Off);
        if !used[i] && ran {
            report("", span.clone(), id);
        }
    }
    kept.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 11 item 11: `<!-->` and `<!--->` (closed empty comments) with `zhenggai-`
    /// anywhere panicked (begin > end). They are comments that suppress nothing; a directive
    /// after them still works.
    #[test]
    fn abruptly_closed_comments_are_empty_comments() {
        let rules = RuleSet::builtin_all().unwrap();
        for open in ["<!-->", "<!--->", "<!---->"] {
            let text =
                format!("{open} zhenggai-\n<!-- zhenggai-disable-next-line placeholder -->\nXX\n");
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let dirs = parse(&text, &starts);
            assert_eq!(dirs.len(), 1, "{open}: {dirs:?}");
            assert_eq!(dirs[0].scope, Scope::NextLine);
            assert_eq!(dirs[0].rules[0].0, "placeholder");
            // And the whole pipeline: the placeholder on line 3 is suppressed.
            let r = crate::check::check_text("a.md", text.clone(), true, &rules);
            assert!(
                !r.diagnostics.iter().any(|d| d.rule == "placeholder"),
                "{open}: {:?}",
                r.diagnostics
            );
        }
        let r = crate::check::check_text("a.md", "<!--> zhenggai-".into(), true, &rules);
        assert!(r.diagnostics.iter().all(|d| d.rule != "unused-suppression"));
    }
}
