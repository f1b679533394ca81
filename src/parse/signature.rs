//! The title at the top and the signature at the end: the issuing body and the issue date
//! (成文日期) on the line below it.
//!
//! The title is the first line after the site header when it is short, has no sentence end
//! and names a report ([`TITLE_WORDS`]); web copies often have none. The issuing body is the
//! last line (or the one above the date line) when it reads as an organisation's name
//! ([`ISSUER_ENDINGS`]) or stands above a date line.

use crate::model::{DateRole, Document, Line, LineKind};

/// Words one of which a title contains.
pub(crate) const TITLE_WORDS: &[&str] = &["通报", "情况", "公告", "公布"];

/// Endings of an organisation's name (without a date line to vouch for the issuer).
pub(crate) const ISSUER_ENDINGS: &[&str] = &[
    "委",
    "党组",
    "党委",
    "委员会",
    "公司",
    "局",
    "院",
    "校",
    "大学",
    "中心",
    "办公室",
    "政府",
    "厅",
    "部",
];

/// The title (a short line near the top naming the report) and the signature (issuing body
/// and the date line at the end).
pub(super) fn title_and_signature(doc: &mut Document) {
    doc.title = title(doc);
    let tail: Vec<Line> = doc.nonblank_lines().rev().take(2).cloned().collect();
    let Some(last) = tail.first() else { return };
    let mut date = None;
    let mut body_line = Some(last);
    if last.kind == LineKind::DateLine {
        date = doc
            .dates
            .iter()
            .position(|d| d.span.start >= last.span.start && d.span.end <= last.span.end);
        body_line = tail.get(1);
    }
    let text = doc.text.as_str();
    let body = body_line
        .filter(|l| {
            l.kind == LineKind::Paragraph && is_issuer(&text[l.span.clone()], date.is_some())
        })
        .map(|l| trim_span(text, &l.span));
    if let Some(i) = date {
        doc.dates[i].role = DateRole::Issued;
    }
    if body.is_some() || date.is_some() {
        doc.signature = Some(crate::model::Signature { body, date });
    }
}

/// The title: the first line after the header, when it is short and names a report.
fn title(doc: &Document) -> Option<std::ops::Range<usize>> {
    let line = doc.nonblank_lines().find(|l| l.kind != LineKind::Header)?;
    let s = &doc.text[line.span.clone()];
    let is_title = line.kind == LineKind::Paragraph
        && s.chars().count() <= 80
        && !s.contains('。')
        && !s.contains("根据")
        && TITLE_WORDS.iter().any(|w| s.contains(w));
    is_title.then(|| trim_span(&doc.text, &line.span))
}

/// Whether a line reads as an issuing body: short, no sentence punctuation, and (without a
/// date line to vouch for it) ending like an organisation's name.
fn is_issuer(s: &str, has_date: bool) -> bool {
    let s = s.trim();
    let short = (2..=40).contains(&s.chars().count());
    let no_sentence = !s.contains(['。', '，', '；', '：', ':', ',', ';', '？', '！']);
    let org_like = ISSUER_ENDINGS.iter().any(|e| s.ends_with(e));
    short && no_sentence && (has_date || org_like)
}

fn trim_span(text: &str, span: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let s = &text[span.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    span.start + lead..span.end - trail
}
