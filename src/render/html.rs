//! `--format html`: one self-contained report (inline CSS and script, no external asset) for
//! people and CI artifacts: totals by rule and severity, the files with their counts, and
//! for each diagnostic its line with one line of context either side, the span marked.
//! Filters by severity and rule hide entries in the page.
//!
//! Its size grows with the diagnostics, not with the documents: a file without diagnostics
//! is one table row, and each diagnostic shows at most `WINDOW` characters of a line on
//! each side of its span (a `.docx` paragraph can be a whole page).
//!
//! Every piece of document text, name and message goes through [`escape`]; the script reads
//! only `data-` attributes, so a draft holding `<script>` is shown as text.

use super::LineIndex;
use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity, SeverityCounts};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Characters of context shown before and after a span, and of a span itself, at most.
pub(crate) const WINDOW: usize = 80;

/// Escapes text for HTML content and double-quoted attributes.
pub fn escape(s: &str) -> String {
    super::escape_markup(s)
}

/// Severity names in the report.
fn zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
        Severity::Off => "关闭",
    }
}

/// The last `n` characters of `s` (with `…` when cut).
fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        return s.to_string();
    }
    let skip = s.char_indices().nth(count - n).map_or(0, |(i, _)| i);
    format!("…{}", &s[skip..])
}

/// The first `n` characters of `s` (with `…` when cut).
fn head(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// One file's chunk: a first line of JSON with its path and counts (read back by `wrap`
/// for the totals and the file list), then its section of the report.
pub fn file(r: &FileReport) -> String {
    let mut out = meta(r).to_string();
    out.push('\n');
    if r.diagnostics.is_empty() && r.error.is_none() {
        return out;
    }
    let index = LineIndex::new(&r.text);
    let _ = write!(out, "<section class=\"file\"><h2>{}</h2>", escape(&r.path));
    if let Some(e) = &r.error {
        let _ = write!(
            out,
            "<p class=\"unreadable\">无法读取：{}</p>",
            escape(&e.message)
        );
    }
    for d in &r.diagnostics {
        diagnostic(&mut out, r, &index, d);
    }
    out.push_str("</section>");
    out
}

/// A file's path and counts, by severity and by rule, for [`wrap`].
fn meta(r: &FileReport) -> Value {
    let t = SeverityCounts::of(&r.diagnostics);
    let mut by_rule: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for d in &r.diagnostics {
        *by_rule
            .entry((d.rule.as_str(), d.severity.as_str()))
            .or_default() += 1;
    }
    json!({
        "path": r.path,
        "errors": t.errors, "warnings": t.warnings, "infos": t.infos,
        "error": r.error.as_ref().map(|e| e.message.clone()),
        "rules": by_rule.iter().map(|((r, s), n)| json!([r, s, n])).collect::<Vec<_>>(),
    })
}

/// One diagnostic's entry: its heading, its line with the span marked and a line of context
/// either side, then its labels and notes.
fn diagnostic(out: &mut String, r: &FileReport, index: &LineIndex, d: &Diagnostic) {
    let (line, col) = index.position(d.span.start);
    let _ = write!(
        out,
        "<div class=\"d {sev}\" data-sev=\"{sev}\" data-rule=\"{rule}\">\
         <p class=\"h\"><span class=\"pos\">{line}:{col}</span> <span class=\"sev\">{zh}</span> \
         <code>{rule}</code> {msg}</p><pre>",
        sev = d.severity.as_str(),
        rule = escape(&d.rule),
        zh = zh(d.severity),
        msg = escape(&d.message),
    );
    excerpt(out, r, index, d, line - 1);
    out.push_str("</pre>");
    for l in &d.labels {
        let (ll, lc) = index.position(l.span.start);
        let _ = write!(
            out,
            "<p class=\"label\">{ll}:{lc} {} <q>{}</q></p>",
            escape(&l.message),
            escape(&head(
                r.text.get(l.span.start..l.span.end).unwrap_or(""),
                WINDOW
            ))
        );
    }
    for n in &d.notes {
        let _ = write!(out, "<p class=\"note\">{}</p>", escape(n));
    }
    out.push_str("</div>");
}

/// Line `l0` (0-based) of the diagnostic with its span marked, each side cut to [`WINDOW`]
/// characters, and the lines before and after it.
fn excerpt(out: &mut String, r: &FileReport, index: &LineIndex, d: &Diagnostic, l0: usize) {
    let line_text = |line: usize| {
        let (s, e) = index.line_bounds(line);
        &r.text[s..e]
    };
    let line = l0 + 1;
    let (ls, le) = index.line_bounds(l0);
    let start = d.span.start.clamp(ls, le);
    let end = d.span.end.clamp(start, le);
    if l0 > 0 {
        let _ = writeln!(
            out,
            "<span class=\"ln\">{}</span>{}",
            line - 1,
            escape(&head(line_text(l0 - 1), WINDOW))
        );
    }
    let _ = writeln!(
        out,
        "<span class=\"ln\">{line}</span>{}<mark class=\"{}\">{}</mark>{}",
        escape(&tail(&r.text[ls..start], WINDOW)),
        d.severity.as_str(),
        escape(&head(&r.text[start..end], WINDOW)),
        escape(&head(&r.text[end..le], WINDOW)),
    );
    let lines = index.line_of(r.text.len()) + 1;
    if l0 + 1 < lines {
        let _ = writeln!(
            out,
            "<span class=\"ln\">{}</span>{}",
            line + 1,
            escape(&head(line_text(l0 + 1), WINDOW))
        );
    }
}

const STYLE: &str = r#"body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;color:#222;max-width:70em}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}td.n{text-align:right}
.error mark,mark.error{background:#fcc}.warning mark,mark.warning{background:#fe9}.info mark,mark.info{background:#cdf}
.d{border-left:4px solid #999;margin:.8em 0;padding:.1em .8em}.d.error{border-color:#c00}.d.warning{border-color:#d90}.d.info{border-color:#36c}
.d .sev{font-weight:bold}.d.error .sev{color:#c00}.d.warning .sev{color:#a60}.d.info .sev{color:#36c}
pre{font-family:inherit;background:#f7f7f7;padding:.4em;white-space:pre-wrap;word-break:break-all}.ln{color:#999;display:inline-block;min-width:3em}
.label,.note{margin:.2em 0 .2em 1.5em;color:#555}.unreadable{color:#c00}#filters label{margin-right:1em;white-space:nowrap}[hidden]{display:none!important}"#;

const SCRIPT: &str = r#"(function(){
var boxes=[].slice.call(document.querySelectorAll('#filters input'));
function apply(){
 var on={};boxes.forEach(function(b){on[b.name+':'+b.value]=b.checked;});
 var shown=0;
 [].forEach.call(document.querySelectorAll('.d'),function(d){
  var v=on['sev:'+d.dataset.sev]!==false&&on['rule:'+d.dataset.rule]!==false;
  d.hidden=!v;if(v)shown++;});
 [].forEach.call(document.querySelectorAll('section.file'),function(s){
  s.hidden=!s.querySelector('.d:not([hidden])')&&!s.querySelector('.unreadable');});
 document.getElementById('shown').textContent=shown;
}
boxes.forEach(function(b){b.addEventListener('change',apply);});
apply();
})();"#;

/// The whole report from the files' chunks (each made by [`file`]), in input order.
pub(crate) fn wrap(chunks: &[&str], total: &super::Summary) -> String {
    let files = Files::of(chunks);
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>zhenggai 检查报告</title><style>",
    );
    out.push_str(STYLE);
    totals(&mut out, total);
    by_rule(&mut out, &files.rules);
    filters(&mut out, &files.rules);
    let all = total.errors + total.warnings + total.infos;
    let _ = writeln!(
        out,
        "</p><p>显示 <span id=\"shown\">{all}</span> / {all} 处。</p></div>\
         <h2>文件</h2><table id=\"files\"><tr><th>文件</th><th>错误</th><th>警告</th><th>提示</th><th></th></tr>{}</table>\
         <h2>问题</h2>{}<script>{SCRIPT}</script></body></html>",
        files.rows, files.sections
    );
    out
}

/// What the report gathers from the files' chunks.
struct Files {
    /// Diagnostics per (rule, severity) over all files.
    rules: BTreeMap<(String, String), usize>,
    /// The file table's rows.
    rows: String,
    /// The files' sections, each with its anchor.
    sections: String,
}

impl Files {
    fn of(chunks: &[&str]) -> Self {
        let mut files = Files {
            rules: BTreeMap::new(),
            rows: String::new(),
            sections: String::new(),
        };
        for (i, chunk) in chunks.iter().enumerate() {
            let (meta, section) = chunk.split_once('\n').unwrap_or((chunk, ""));
            let meta: Value = serde_json::from_str(meta).unwrap_or(Value::Null);
            for r in meta["rules"].as_array().into_iter().flatten() {
                let key = (
                    r[0].as_str().unwrap_or("").to_string(),
                    r[1].as_str().unwrap_or("").to_string(),
                );
                *files.rules.entry(key).or_default() += r[2].as_u64().unwrap_or(0) as usize;
            }
            files.row(i, &meta, !section.is_empty());
            if !section.is_empty() {
                let anchored = section.replacen("<section", &format!("<section id=\"f{i}\""), 1);
                files.sections.push_str(&anchored);
            }
        }
        files
    }

    /// File `i`'s row: its name (a link to its section if it has one) and counts.
    fn row(&mut self, i: usize, meta: &Value, linked: bool) {
        let path = escape(meta["path"].as_str().unwrap_or(""));
        let name = if linked {
            format!("<a href=\"#f{i}\">{path}</a>")
        } else {
            path
        };
        let n = |k: &str| meta[k].as_u64().unwrap_or(0);
        let note = meta["error"]
            .as_str()
            .map_or(String::new(), |e| format!("无法读取：{}", escape(e)));
        let _ = write!(
            self.rows,
            "<tr><td>{name}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{note}</td></tr>",
            n("errors"),
            n("warnings"),
            n("infos")
        );
    }
}

/// The heading and the run's totals.
fn totals(out: &mut String, total: &super::Summary) {
    let _ = write!(
        out,
        "</style></head><body><h1>整改通报检查报告</h1>\
         <p id=\"totals\" data-files=\"{}\" data-errors=\"{}\" data-warnings=\"{}\" data-infos=\"{}\">\
         共检查 {} 个文件：错误 {} 处，警告 {} 处，提示 {} 处{}。</p>",
        total.files,
        total.errors,
        total.warnings,
        total.infos,
        total.files,
        total.errors,
        total.warnings,
        total.infos,
        if total.unreadable > 0 {
            format!("，{} 个文件无法读取", total.unreadable)
        } else {
            String::new()
        }
    );
}

/// The table of counts by rule, most first.
fn by_rule(out: &mut String, rules: &BTreeMap<(String, String), usize>) {
    out.push_str(
        "<h2>按规则统计</h2><table id=\"by-rule\"><tr><th>规则</th><th>级别</th><th>数量</th></tr>",
    );
    let mut by_count: Vec<_> = rules.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    for ((rule, sev), n) in &by_count {
        let _ = write!(
            out,
            "<tr data-rule=\"{r}\"><td><code>{r}</code></td><td>{}</td><td class=\"n\">{n}</td></tr>",
            zh(sev_of(sev)),
            r = escape(rule),
        );
    }
    out.push_str("</table>");
}

/// The filters: a box per severity and one per rule seen (the count shown follows them).
fn filters(out: &mut String, rules: &BTreeMap<(String, String), usize>) {
    out.push_str("<h2>筛选</h2><div id=\"filters\"><p>级别：");
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" name=\"sev\" value=\"{}\" checked> {}</label>",
            s.as_str(),
            zh(s)
        );
    }
    out.push_str("</p><p>规则：");
    let mut ids: Vec<&str> = rules.keys().map(|(r, _)| r.as_str()).collect();
    ids.dedup();
    for id in ids {
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" name=\"rule\" value=\"{r}\" checked> <code>{r}</code></label>",
            r = escape(id)
        );
    }
}

/// `--format html`: one page from every file's section.
pub(crate) struct HtmlEmitter;

impl super::Emitter for HtmlEmitter {
    fn file(&self, report: &FileReport) -> String {
        file(report)
    }

    fn finish(&self, parts: &[&super::Part], total: &super::Summary) -> String {
        wrap(&super::chunks(parts).collect::<Vec<_>>(), total)
    }
}

fn sev_of(s: &str) -> Severity {
    match s {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "info" => Severity::Info,
        _ => Severity::Off,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Summary;
    use crate::rules::RuleSet;

    fn report(text: &str) -> String {
        let rules = RuleSet::builtin().unwrap();
        let r = crate::check_text("a<b>.txt", text.to_string(), false, &rules);
        wrap(&[&file(&r)], &Summary::of(std::slice::from_ref(&r)))
    }

    #[test]
    fn document_text_is_escaped() {
        let text = include_str!("../../examples/faulty.txt").replacen(
            "临溪市",
            "<script>alert(1)</script>\"><img src=x onerror=alert(2)>",
            1,
        );
        let html = report(&text);
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("a&lt;b&gt;.txt"));
        // The report's own script is the only one.
        assert_eq!(html.matches("<script>").count(), 1);
    }

    #[test]
    fn size_grows_with_diagnostics_not_text() {
        let faulty = include_str!("../../examples/faulty.txt");
        let one = report(faulty);
        // The same diagnostics (one blank paragraph of filler after the last line) with
        // 200 KB of clean text appended: the report stays about the same size.
        let filler = "\n".to_string() + &"本段为补充说明文字。".repeat(7000);
        let long = report(&format!("{faulty}{filler}"));
        assert!(
            long.len() < one.len() + 2000,
            "{} vs {}",
            long.len(),
            one.len()
        );
    }

    #[test]
    fn counts_add_up() {
        let html = report(include_str!("../../examples/faulty.txt"));
        assert_eq!(html.matches("<div class=\"d ").count(), 15);
        assert!(html.contains("data-errors=\""));
    }
}
