//! Suppression comments in Markdown (and HTML) documents:
//!
//! * `<!-- zhenggai-disable-next-line RULE[, RULE] -- reason -->`: the next non-blank line;
//! * `<!-- zhenggai-disable RULE -->` … `<!-- zhenggai-enable RULE -->`: a range of lines;
//! * `<!-- zhenggai-disable-file RULE -->`: the whole file.
//!
//! Rule ids are required: there is no blanket disable. A suppression that suppresses
//! nothing, names an unknown rule or names none is reported through the
//! `unused-suppression` rule (as ruff's RUF100 does for `noqa`).

use crate::diagnostic::Diagnostic;
use crate::model::Span;
use crate::render::LineIndex;
use crate::rules::RuleSet;
use crate::rules::kinds::suppression::{self, Problem};
use std::collections::HashMap;
use std::ops::Range;

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

/// The lines one rule named by one directive covers.
#[derive(Debug)]
struct Cover {
    /// Index of the directive.
    directive: usize,
    /// Index of the rule among the directive's.
    rule: usize,
    /// 0-based lines, end exclusive.
    lines: Range<usize>,
}

/// Directive names, longest first so `disable-next-line` is not read as `disable`.
const NAMES: [(Scope, &str); 4] = [
    (Scope::NextLine, "zhenggai-disable-next-line"),
    (Scope::File, "zhenggai-disable-file"),
    (Scope::Disable, "zhenggai-disable"),
    (Scope::Enable, "zhenggai-enable"),
];

/// Lines of the text: `line_of(len)` is the last line (empty after a final line ending).
fn line_count(text: &str, index: &LineIndex) -> usize {
    index.line_of(text.len()) + 1
}

/// The text of line `line` without its line ending.
fn line_text<'t>(text: &'t str, index: &LineIndex, line: usize) -> &'t str {
    let (start, end) = index.line_bounds(line);
    &text[start..end]
}

/// Byte ranges of fenced code blocks (```` ``` ```` or `~~~`): examples, not directives.
fn fences(text: &str, index: &LineIndex) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for l in 0..line_count(text, index) {
        let (start, end) = index.line_bounds(l);
        let line = text[start..end].trim_start();
        if line.starts_with("```") || line.starts_with("~~~") {
            match open.take() {
                Some(o) => out.push(o..end),
                None => open = Some(start),
            }
        }
    }
    if let Some(o) = open {
        out.push(o..text.len());
    }
    out
}

/// The directive a comment body (after `<!--` and blanks) starts with, if any.
fn directive_name(trimmed: &str) -> Option<(Scope, &'static str)> {
    NAMES.into_iter().find(|(_, n)| {
        trimmed
            .strip_prefix(n)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
    })
}

/// The rule ids in `text[start..close]` up to ` -- reason`, separated by commas or spaces.
fn rule_ids(text: &str, start: usize, close: usize) -> Vec<(String, Span)> {
    let end = text[start..close].find(" --").map_or(close, |p| start + p);
    let args = &text[start..end];
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
                rules.push((args[w..i].to_string(), start + w..start + i));
                word = None;
            }
            _ => {}
        }
    }
    rules
}

fn parse(text: &str, index: &LineIndex) -> Vec<Directive> {
    let mut out = Vec::new();
    let code = fences(text, index);
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
        let Some((scope, name)) = directive_name(trimmed) else {
            continue;
        };
        out.push(Directive {
            scope,
            span: open..close + 3,
            rules: rule_ids(text, lead + name.len(), close),
            line: index.line_of(close),
        });
    }
    out
}

/// The line a `disable-next-line` directive on line `line` covers: the next line with text
/// that is not itself a comment line (past the end when there is none).
fn next_line(text: &str, index: &LineIndex, line: usize) -> usize {
    let nlines = line_count(text, index);
    let mut l = line + 1;
    while l < nlines {
        let s = line_text(text, index, l).trim();
        if !s.is_empty() && !s.starts_with("<!--") {
            break;
        }
        l += 1;
    }
    l
}

/// The lines each (directive, rule) covers.
fn coverage(text: &str, index: &LineIndex, dirs: &[Directive]) -> Vec<Cover> {
    let nlines = line_count(text, index);
    let mut out = Vec::new();
    // Each rule's enable directives in order, so that a disable finds its enable by binary
    // search: a scan per disable was quadratic in 100,000 directives.
    let mut enables: HashMap<&str, Vec<usize>> = HashMap::new();
    for (di, d) in dirs.iter().enumerate() {
        if d.scope == Scope::Enable {
            for (r, _) in &d.rules {
                enables.entry(r.as_str()).or_default().push(di);
            }
        }
    }
    for (di, d) in dirs.iter().enumerate() {
        for (ri, (id, _)) in d.rules.iter().enumerate() {
            let lines = match d.scope {
                Scope::File => 0..nlines,
                Scope::NextLine => {
                    let l = next_line(text, index, d.line);
                    l..l + 1
                }
                Scope::Disable => {
                    let end = enables
                        .get(id.as_str())
                        .and_then(|v| v.get(v.partition_point(|&e| e <= di)))
                        .map_or(nlines, |&e| dirs[e].line + 1);
                    d.line..end
                }
                Scope::Enable => continue,
            };
            out.push(Cover {
                directive: di,
                rule: ri,
                lines,
            });
        }
    }
    out
}

/// Keeps the diagnostics no cover applies to; marks in the returned flags the covers used.
fn filter(
    index: &LineIndex,
    dirs: &[Directive],
    cover: &[Cover],
    diags: Vec<Diagnostic>,
) -> (Vec<Diagnostic>, Vec<bool>) {
    let mut used = vec![false; cover.len()];
    let mut kept = Vec::with_capacity(diags.len());
    // Covers indexed by rule: one-line covers by (rule, line), the others (ranges, whole
    // file) per rule in order. Scanning every cover for every diagnostic was quadratic
    // (100,000 directives and diagnostics: minutes).
    let mut one_line: HashMap<(&str, usize), usize> = HashMap::new();
    let mut ranges: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in cover.iter().enumerate() {
        let id = dirs[c.directive].rules[c.rule].0.as_str();
        if c.lines.len() == 1 {
            one_line.entry((id, c.lines.start)).or_insert(i);
        } else {
            ranges.entry(id).or_default().push(i);
        }
    }
    for d in diags {
        let line = index.line_of(d.span.start);
        let in_range = |i: &&usize| cover[**i].lines.contains(&line);
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
    (kept, used)
}

/// What is wrong with the comments: no rule named, an unknown rule, or a rule that ran and
/// was not suppressed by it.
fn problems(rules: &RuleSet, dirs: &[Directive], cover: &[Cover], used: &[bool]) -> Vec<Problem> {
    let mut out = Vec::new();
    for d in dirs {
        if d.rules.is_empty() && d.scope != Scope::Enable {
            out.push(Problem::empty(d.span.clone()));
        }
        for (id, span) in &d.rules {
            if rules.get(id).is_none() {
                out.push(Problem::unknown(id, span.clone()));
            }
        }
    }
    for (c, &used) in cover.iter().zip(used) {
        let (id, span) = &dirs[c.directive].rules[c.rule];
        // Only rules that ran can be known to suppress nothing.
        if !used && rules.get(id).is_some_and(|r| r.meta.is_active()) {
            out.push(Problem::unused(id, span.clone()));
        }
    }
    out
}

/// Removes suppressed diagnostics and reports unused, unknown or empty suppressions.
pub(crate) fn apply(text: &str, diags: Vec<Diagnostic>, rules: &RuleSet) -> Vec<Diagnostic> {
    if !text.contains("zhenggai-") {
        return diags;
    }
    // The line index the renderers use: lines end at `\n`, `\r\n` or a lone `\r`.
    let index = LineIndex::new(text);
    let dirs = parse(text, &index);
    if dirs.is_empty() {
        return diags;
    }
    let cover = coverage(text, &index, &dirs);
    let (mut kept, used) = filter(&index, &dirs, &cover, diags);
    let reporters: Vec<_> = suppression::reporters(rules).collect();
    if !reporters.is_empty() {
        let problems = problems(rules, &dirs, &cover, &used);
        for r in reporters {
            kept.extend(suppression::report(r, &problems));
        }
    }
    crate::diagnostic::sort(&mut kept);
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
            let dirs = parse(&text, &LineIndex::new(&text));
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

    /// Issue 13 item 3: lines end at a lone `\r` too, as everywhere else (the renderers'
    /// line index). Suppression split lines on `\n` only, so in a file with old Mac line
    /// endings the whole file was one line: a `disable-next-line` applied to nothing and
    /// was itself reported as unused.
    #[test]
    fn lone_cr_ends_a_line() {
        let rules = RuleSet::builtin_all().unwrap();
        for eol in ["\n", "\r\n", "\r"] {
            let text =
                format!("<!-- zhenggai-disable-next-line placeholder -->{eol}XX{eol}{eol}XX{eol}");
            let second = text.rfind("XX").unwrap();
            let r = crate::check::check_text("a.md", text, true, &rules);
            let found: Vec<(&str, usize)> = r
                .diagnostics
                .iter()
                .filter(|d| ["placeholder", "unused-suppression"].contains(&d.rule.as_str()))
                .map(|d| (d.rule.as_str(), d.span.start))
                .collect();
            assert_eq!(found, [("placeholder", second)], "{eol:?}: {found:?}");
        }
    }
}
