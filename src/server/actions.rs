//! Hover and code actions, computed from a document's current text and the check of that
//! text (never from diagnostics of an older text: an edit at stale offsets corrupts it).

use super::position::{Index, Units};
use super::{Doc, lsp_diagnostic, lsp_range};
use crate::check::{check_file, fix_file, utf8};
use crate::diagnostic::Diagnostic;
use crate::fix;
use crate::rules::RuleMeta;
use serde_json::{Value, json};

/// The fix-all kind (ruff's `source.fixAll.ruff`).
pub(super) const FIX_ALL: &str = "source.fixAll.zhenggai";

/// A hovered diagnostic covers the position: its span's end is exclusive (an empty span
/// covers its one position).
fn covers(d: &Diagnostic, at: usize) -> bool {
    d.span.start <= at && (at < d.span.end || d.span.is_empty() && at == d.span.start)
}

/// Rationale and examples of the rules flagging the hovered position, with the flagged
/// range.
pub(super) fn hover(doc: &Doc, line: usize, ch: usize, units: Units) -> Value {
    let Some(checked) = &doc.checked else {
        return Value::Null;
    };
    let index = Index::new(&doc.text);
    let at = index.offset(line, ch, units);
    let hits: Vec<&Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| covers(d, at))
        .collect();
    let parts: Vec<String> = hits
        .iter()
        .filter_map(|d| {
            let rule = checked.ctx.rules.get(&d.rule)?;
            Some(describe(&rule.meta, d))
        })
        .collect();
    if parts.is_empty() {
        return Value::Null;
    }
    let span = hits.iter().map(|d| d.span.start).min().unwrap_or(at)
        ..hits.iter().map(|d| d.span.end).max().unwrap_or(at);
    json!({
        "contents": {"kind": "markdown", "value": parts.join("\n\n---\n\n")},
        "range": lsp_range(&index, &span, units),
    })
}

/// One rule's hover text: summary, rationale as unwrapped paragraphs, examples.
fn describe(meta: &RuleMeta, d: &Diagnostic) -> String {
    let mut s = format!(
        "**{}** ({}): {}\n\n{}",
        meta.id,
        d.severity,
        meta.summary,
        unwrap_prose(&meta.rationale)
    );
    for (label, texts) in [
        ("不规范", &meta.examples.bad),
        ("规范", &meta.examples.good),
    ] {
        if texts.is_empty() {
            continue;
        }
        s.push_str(&format!("\n\n{label}示例：\n"));
        for t in texts {
            let t = t.trim_end();
            if t.contains('\n') {
                s.push_str(&format!("\n```text\n{t}\n```\n"));
            } else {
                let tick = if t.contains('`') { "``" } else { "`" };
                s.push_str(&format!("\n- {tick} {t} {tick}"));
            }
        }
    }
    s
}

/// Joins the lines of each paragraph: editors that reflow Markdown turn a line break into a
/// space, which between two Chinese characters is a stray space. Blank lines and list items
/// keep their breaks; a break between two ASCII words becomes a space.
pub(super) fn unwrap_prose(text: &str) -> String {
    let mut out = String::new();
    let mut prev_blank = true;
    for line in text.trim().lines() {
        let line = line.trim();
        let item = line.starts_with("- ")
            || line.starts_with("* ")
            || line.starts_with('#')
            || line
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if line.is_empty() {
            out.push_str("\n\n");
            prev_blank = true;
            continue;
        }
        if !prev_blank {
            if item {
                out.push('\n');
            } else if out.ends_with(|c: char| c.is_ascii())
                && line.starts_with(|c: char| c.is_ascii())
            {
                out.push(' ');
            }
        }
        out.push_str(line);
        prev_blank = false;
    }
    out
}

/// A code action request.
pub(super) struct Ask<'a> {
    pub(super) uri: &'a str,
    pub(super) start: (usize, usize),
    pub(super) end: (usize, usize),
    /// The kinds asked for (`context.only`), if restricted.
    pub(super) only: Option<&'a [String]>,
    pub(super) units: Units,
    /// Edits as `documentChanges` with the document version.
    pub(super) document_changes: bool,
    /// The client resolves an action's edit when it is chosen (`codeAction/resolve`).
    pub(super) resolve: bool,
}

impl Ask<'_> {
    /// Whether actions of `kind` were asked for (a kind asked for covers its sub-kinds).
    fn wants(&self, kind: &str) -> bool {
        self.only.is_none_or(|only| {
            only.iter().any(|k| {
                kind == k || kind.starts_with(k.as_str()) && kind[k.len()..].starts_with('.')
            })
        })
    }
}

/// The smallest replacement turning `old` into `new`: (byte range of `old`, new text).
fn minimal_edit<'n>(old: &str, new: &'n str) -> (std::ops::Range<usize>, &'n str) {
    let mut pre = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(pre) || !new.is_char_boundary(pre) {
        pre -= 1;
    }
    let max_suf = old.len().min(new.len()) - pre;
    let mut suf = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suf)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suf) || !new.is_char_boundary(new.len() - suf) {
        suf -= 1;
    }
    (pre..old.len() - suf, &new[pre..new.len() - suf])
}

/// [`minimal_edit`] widened to cover `at` of `old` (an action replaces what it flags).
fn edit_covering<'n>(
    old: &str,
    new: &'n str,
    at: &std::ops::Range<usize>,
) -> (std::ops::Range<usize>, &'n str) {
    let (span, _) = minimal_edit(old, new);
    let start = span.start.min(at.start);
    let end = span.end.max(at.end).min(old.len());
    // Outside the minimal range both texts agree, so the ends map across by length.
    (start..end, &new[start..new.len() - (old.len() - end)])
}

/// A workspace edit of one document, versioned when the client supports it.
fn workspace_edit(
    doc: &Doc,
    ask: &Ask,
    index: &Index,
    edits: &[(std::ops::Range<usize>, &str)],
) -> Value {
    let edits: Vec<Value> = edits
        .iter()
        .map(|(span, text)| json!({"range": lsp_range(index, span, ask.units), "newText": text}))
        .collect();
    if ask.document_changes {
        json!({"documentChanges": [{
            "textDocument": {"uri": ask.uri, "version": doc.version},
            "edits": edits,
        }]})
    } else {
        json!({"changes": {ask.uri: edits}})
    }
}

/// The characters around `region` that belong to the same word (letters and digits, which
/// include Chinese characters): where further fixes of the same rule finish one fix.
fn word_around(text: &str, region: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = text[..region.start]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(region.start, |(i, _)| i);
    let end = region.end
        + text[region.end..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .map(char::len_utf8)
            .sum::<usize>();
    start..end
}

/// `d`'s fix, followed by the fixes of the same rule that it leaves in the same word
/// (`二零零五年` reports one `零` at a time; one action fixes the year). The text after it.
fn quick_fix(doc: &Doc, d: &Diagnostic) -> Option<String> {
    let checked = doc.checked.as_ref()?;
    let f = d.fix.as_ref()?;
    let mut text = fix::apply(&doc.text, std::slice::from_ref(d))?;
    let mut region = f.span.start..f.span.start + f.replacement.len();
    for _ in 1..fix::MAX_ROUNDS {
        let report = check_file(
            "",
            utf8(text.clone(), doc.markdown),
            &doc.path,
            &checked.ctx,
            checked.feedback.clone(),
        );
        let word = word_around(&text, &region);
        let Some((next, span, len)) = report.diagnostics.iter().find_map(|e| {
            let g = e.fix.as_ref()?;
            (e.rule == d.rule && g.span.start >= word.start && g.span.end <= word.end)
                .then(|| (e, g.span.clone(), g.replacement.len()))
        }) else {
            break;
        };
        let Some(fixed) = fix::apply(&text, std::slice::from_ref(next)) else {
            break;
        };
        let shift = |x: usize| {
            if x >= span.end {
                x + len - span.len()
            } else {
                x
            }
        };
        region = region.start.min(span.start)..shift(region.end).max(span.start + len);
        text = fixed;
    }
    Some(text)
}

/// Quick fixes and suppression comments for the diagnostics in the range, and the fix-all
/// action.
pub(super) fn code_actions(doc: &Doc, ask: &Ask) -> Value {
    let Some(checked) = &doc.checked else {
        return json!([]);
    };
    let index = Index::new(&doc.text);
    let from = index.offset(ask.start.0, ask.start.1, ask.units);
    let to = index.offset(ask.end.0, ask.end.1, ask.units);
    let lsp = |d: &Diagnostic| lsp_diagnostic(d, &index, ask.units, ask.uri, &checked.ctx.config);
    let mut actions: Vec<(String, Value)> = Vec::new();
    let in_range = checked
        .diagnostics
        .iter()
        .filter(|d| d.span.start <= to && from <= d.span.end);
    for d in in_range.filter(|_| ask.wants("quickfix")) {
        if d.fix.is_some() {
            actions.extend(quick_fix_action(doc, ask, &index, d, lsp(d)));
        }
        if doc.markdown && d.rule != "unused-suppression" {
            actions.push(disable_action(doc, ask, &index, d, lsp(d)));
        }
    }
    disambiguate(&mut actions);
    let mut out: Vec<Value> = actions
        .into_iter()
        .map(|(title, mut a)| {
            a["title"] = json!(title);
            a
        })
        .collect();
    let fixable: Vec<Value> = checked
        .diagnostics
        .iter()
        .filter(|d| d.fix.is_some())
        .map(lsp)
        .collect();
    if ask.wants(FIX_ALL) && !fixable.is_empty() {
        out.extend(fix_all_action(doc, ask, fixable));
    }
    json!(out)
}

/// The quick fix of `d` (shown to the client as `lsp`), with its title.
fn quick_fix_action(
    doc: &Doc,
    ask: &Ask,
    index: &Index,
    d: &Diagnostic,
    lsp: Value,
) -> Option<(String, Value)> {
    let new = quick_fix(doc, d)?;
    let fixed = d.fix.as_ref().map_or(0..0, |f| f.span.clone());
    let (span, text) = edit_covering(&doc.text, &new, &fixed);
    let old = &doc.text[span.clone()];
    let title = format!("将“{old}”改为“{text}”（{}）", d.rule);
    let action = json!({
        "kind": "quickfix",
        "diagnostics": [lsp],
        "isPreferred": true,
        "edit": workspace_edit(doc, ask, index, &[(span, text)]),
    });
    Some((title, action))
}

/// A `zhenggai-disable-next-line` comment above the line of `d` (Markdown), with its title.
fn disable_action(
    doc: &Doc,
    ask: &Ask,
    index: &Index,
    d: &Diagnostic,
    lsp: Value,
) -> (String, Value) {
    let (_, start) = index.line_start(d.span.start);
    let line = &doc.text[start..];
    let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    let eol = [("\r\n"), ("\n"), ("\r")]
        .into_iter()
        .find(|e| doc.text.contains(e))
        .unwrap_or("\n");
    let comment = format!(
        "{indent}<!-- zhenggai-disable-next-line {} -->{eol}",
        d.rule
    );
    let title = format!(
        "本行停用 {}（添加 zhenggai-disable-next-line 注释）",
        d.rule
    );
    let action = json!({
        "kind": "quickfix",
        "diagnostics": [lsp],
        "edit": workspace_edit(doc, ask, index, &[(start..start, comment.as_str())]),
    });
    (title, action)
}

/// Two actions with one title (two fixes alike on one line): each says where it is.
fn disambiguate(actions: &mut [(String, Value)]) {
    let titles: Vec<String> = actions.iter().map(|(t, _)| t.clone()).collect();
    for (title, action) in actions {
        if titles.iter().filter(|t| *t == title).count() > 1 {
            let r = &action["diagnostics"][0]["range"]["start"];
            title.push_str(&format!(
                "，第{}行第{}列",
                r["line"].as_u64().unwrap_or(0) + 1,
                r["character"].as_u64().unwrap_or(0) + 1
            ));
        }
    }
}

/// The fix-all action for the `fixable` diagnostics; `None` when fixing changes nothing.
fn fix_all_action(doc: &Doc, ask: &Ask, fixable: Vec<Value>) -> Option<Value> {
    let mut action = json!({
        "title": "修复全部可自动修复的问题（zhenggai）",
        "kind": FIX_ALL,
        "diagnostics": fixable,
    });
    if ask.resolve {
        // Fixing the whole document costs two checks or more: only when it is chosen
        // (editors ask for code actions on every move of the cursor).
        action["data"] = json!({"uri": ask.uri, "version": doc.version});
    } else {
        action["edit"] = fix_all_edit(doc, ask)?;
    }
    Some(action)
}

/// Every safe fix in one edit: what `zhenggai check --fix` would write. `None` when nothing
/// changes.
pub(super) fn fix_all_edit(doc: &Doc, ask: &Ask) -> Option<Value> {
    let checked = doc.checked.as_ref()?;
    let fixed = fix_file(
        "",
        doc.text.clone(),
        doc.markdown,
        &doc.path,
        &checked.ctx,
        checked.feedback.clone(),
    );
    let new = fixed.text?;
    let index = Index::new(&doc.text);
    let (span, text) = minimal_edit(&doc.text, &new);
    Some(workspace_edit(doc, ask, &index, &[(span, text)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_edit_keeps_common_ends_on_character_boundaries() {
        assert_eq!(minimal_edit("二零零五年", "二〇〇五年"), (3..9, "〇〇"));
        assert_eq!(minimal_edit("全部完成。。", "全部完成。"), (15..18, ""));
        assert_eq!(minimal_edit("a", "a"), (1..1, ""));
    }

    #[test]
    fn prose_is_unwrapped_without_spaces_between_chinese_lines() {
        assert_eq!(
            unwrap_prose("第一行，\n第二行。\n\n- 甲\n- 乙\n\nGB/T 15834\nsays so"),
            "第一行，第二行。\n\n- 甲\n- 乙\n\nGB/T 15834 says so"
        );
    }
}
