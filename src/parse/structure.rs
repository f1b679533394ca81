//! Line structure: the `document` rule of the grammar, the heading outline and which headings
//! are the feedback-area sections.

use super::{AnnouncementParser, GrammarRule};
use crate::model::{DatePrecision, DateRef, DateRole, Document, Header, Heading, Line, LineKind};
use crate::numbers::{parse_chinese, parse_count};
use pest::Parser;
use pest::iterators::Pair;

/// Bytes of text handed to the `document` rule at a time. pest keeps every token of a parse
/// in memory until it is walked (about 300 bytes per heading line), so a long draft is
/// parsed in pieces that end at a line ending: the lines are the same, the memory is that
/// of one piece.
const CHUNK: usize = 1 << 20;

/// Splits the text into classified lines, with headings and the site header.
pub(super) fn lines(doc: &mut Document) {
    lines_in_chunks(doc, CHUNK);
}

/// Where the piece starting at `base` ends: the first line ending at or after `base + chunk`
/// (not one followed by a line that starts with U+FEFF, which only the first piece may
/// skip), or the end of the text.
fn chunk_end(text: &str, base: usize, chunk: usize) -> usize {
    let bytes = text.as_bytes();
    let mut from = base.saturating_add(chunk);
    loop {
        if from >= bytes.len() {
            return bytes.len();
        }
        let Some(p) = memchr::memchr2(b'\n', b'\r', &bytes[from..]).map(|i| from + i) else {
            return bytes.len();
        };
        let end = if bytes[p] == b'\n' && p > base && bytes[p - 1] == b'\r' {
            p - 1
        } else {
            p
        };
        let next = end + eol_len(bytes, end);
        if !text[next..].starts_with('\u{FEFF}') {
            return end;
        }
        from = next;
    }
}

/// Length of the line ending at byte `at` (`\r\n`, `\n` or `\r`).
fn eol_len(bytes: &[u8], at: usize) -> usize {
    if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
        2
    } else {
        1
    }
}

fn shift(r: &mut std::ops::Range<usize>, by: usize) {
    r.start += by;
    r.end += by;
}

fn lines_in_chunks(doc: &mut Document, chunk: usize) {
    let text = doc.text.as_str();
    let mut lines: Vec<Line> = Vec::new();
    let mut headings: Vec<Heading> = Vec::new();
    let mut header: Option<Header> = None;
    let mut base = 0;
    loop {
        let end = chunk_end(text, base, chunk);
        let piece = &text[base..end];
        let (first_line, first_heading) = (lines.len(), headings.len());
        let had_header = header.is_some();
        let pairs = match AnnouncementParser::parse(GrammarRule::document, piece) {
            Ok(mut p) => p.next().map(|d| d.into_inner()),
            Err(_) => None,
        };
        match pairs {
            Some(pairs) => {
                for pair in pairs {
                    let span = pair.as_span().start()..pair.as_span().end();
                    let kind = match pair.as_rule() {
                        GrammarRule::EOI => continue,
                        GrammarRule::paragraph if pair.as_str().trim().is_empty() => {
                            LineKind::Blank
                        }
                        GrammarRule::paragraph => LineKind::Paragraph,
                        GrammarRule::date_line => LineKind::DateLine,
                        GrammarRule::site_header => {
                            if lines.is_empty()
                                || header.is_none()
                                    && lines.iter().all(|l: &Line| l.kind == LineKind::Blank)
                            {
                                header = site_header(pair, span.clone());
                                LineKind::Header
                            } else {
                                LineKind::Paragraph
                            }
                        }
                        GrammarRule::heading => {
                            headings.push(heading(pair));
                            LineKind::Heading(headings.len() - 1)
                        }
                        _ => LineKind::Paragraph,
                    };
                    lines.push(Line { span, kind });
                }
            }
            None => plain_lines(piece, &mut lines),
        }
        let new_header = if had_header { None } else { header.as_mut() };
        shift_piece(
            &mut lines[first_line..],
            &mut headings[first_heading..],
            new_header,
            base,
        );
        if end == text.len() {
            break;
        }
        base = end + eol_len(text.as_bytes(), end);
    }
    doc.lines = lines;
    doc.headings = headings;
    doc.header = header;
}

/// The grammar accepts any text; if pest ever refuses a piece (resource limits), its lines
/// are plain paragraphs rather than a failed draft.
fn plain_lines(piece: &str, lines: &mut Vec<Line>) {
    let mut start = 0;
    for piece_line in piece.split_inclusive('\n') {
        let body = piece_line.trim_end_matches(['\n', '\r']);
        lines.push(Line {
            span: start..start + body.len(),
            kind: LineKind::Paragraph,
        });
        start += piece_line.len();
    }
}

/// Moves what one piece produced (spans relative to the piece) to `base`, the piece's
/// place in the text.
fn shift_piece(
    lines: &mut [Line],
    headings: &mut [Heading],
    header: Option<&mut Header>,
    base: usize,
) {
    for l in lines {
        shift(&mut l.span, base);
    }
    for h in headings {
        shift(&mut h.span, base);
        shift(&mut h.marker, base);
        shift(&mut h.title, base);
    }
    if let Some(h) = header {
        shift(&mut h.span, base);
        shift(&mut h.date.span, base);
    }
}

fn site_header(pair: Pair<GrammarRule>, span: std::ops::Range<usize>) -> Option<Header> {
    let iso = pair
        .into_inner()
        .find(|p| p.as_rule() == GrammarRule::iso_date)?;
    let dspan = iso.as_span().start()..iso.as_span().end();
    let mut parts = iso
        .into_inner()
        .map(|p| p.as_str().parse::<u32>().unwrap_or(0));
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    Some(Header {
        span,
        date: DateRef {
            span: dspan,
            year: Some(y as i32),
            month: m,
            day: d,
            precision: DatePrecision::Day,
            inherited: false,
            ambiguous: false,
            role: DateRole::Published,
        },
    })
}

fn heading(pair: Pair<GrammarRule>) -> Heading {
    let mut marker = 0..0;
    let mut title = 0..0;
    let mut level = 0;
    let mut number = None;
    let mut start = None;
    for p in pair.into_inner() {
        let span = p.as_span().start()..p.as_span().end();
        match p.as_rule() {
            GrammarRule::h1 | GrammarRule::h2 | GrammarRule::h3 | GrammarRule::h4 => {
                level = match p.as_rule() {
                    GrammarRule::h1 => 1,
                    GrammarRule::h2 => 2,
                    GrammarRule::h3 => 3,
                    _ => 4,
                };
                start = Some(span.start);
                marker = span;
                if let Some(ord) = p.into_inner().next() {
                    number = match ord.as_rule() {
                        GrammarRule::cn_ordinal => parse_chinese(ord.as_str()),
                        _ => parse_count(ord.as_str()),
                    };
                }
            }
            GrammarRule::heading_title => title = span,
            _ => {}
        }
    }
    Heading {
        span: start.unwrap_or(marker.start)..title.end.max(marker.end),
        marker,
        title,
        level,
        number,
        parent: None,
        children: Vec::new(),
    }
}

/// Links each heading to its enclosing heading: the nearest earlier one of a higher level.
pub(super) fn outline(doc: &mut Document) {
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..doc.headings.len() {
        let level = doc.headings[i].level;
        while stack
            .last()
            .is_some_and(|&j| doc.headings[j].level >= level)
        {
            stack.pop();
        }
        if let Some(&parent) = stack.last() {
            doc.headings[i].parent = Some(parent);
            doc.headings[parent].children.push(i);
        }
        stack.push(i);
    }
}

/// Words of a heading that frames the feedback areas below it: `二、巡视反馈问题整改落实情况`,
/// `二、坚持问题导向，逐条逐项推动巡视整改落地见效`.
pub(crate) const FRAME_CUES: &[&str] = &["问题导向", "逐条逐项"];

/// Headings that frame the feedback areas below them.
fn is_framing(title: &str) -> bool {
    !title.contains('“')
        && ((title.contains("反馈问题") || title.contains("反馈意见")) && title.contains("整改")
            || !title.starts_with("关于") && FRAME_CUES.iter().any(|c| title.contains(c)))
}

/// Top-level headings that are not feedback areas: organisation, statistics, next steps.
fn is_non_area(title: &str) -> bool {
    if title.contains('“')
        || title.contains("方面")
        || title.starts_with("关于")
        || title.starts_with("聚焦")
    {
        return false;
    }
    [
        "组织领导",
        "领导",
        "下一步",
        "工作打算",
        "基本情况",
        "总体情况",
        "主要做法",
        "工作开展",
        "整改工作",
        "统计",
        "成效",
    ]
    .iter()
    .any(|k| title.contains(k))
}

/// Finds the feedback-area sections: the top outline level, or the children of a framing
/// heading (`二、巡视反馈问题整改落实情况` → its `（一）…` children).
pub(super) fn areas(doc: &mut Document) {
    let Some(top_level) = doc.headings.iter().map(|h| h.level).min() else {
        return;
    };
    let text = doc.text.as_str();
    let tops: Vec<usize> = (0..doc.headings.len())
        .filter(|&i| doc.headings[i].parent.is_none() && doc.headings[i].level == top_level)
        .collect();
    let title = |i: usize| &text[doc.headings[i].title.clone()];
    if let Some(&frame) = tops
        .iter()
        .find(|&&i| is_framing(title(i)) && !doc.headings[i].children.is_empty())
    {
        doc.areas = doc.headings[frame].children.clone();
        return;
    }
    doc.areas = tops
        .into_iter()
        .filter(|&i| !is_non_area(title(i)))
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(doc: &Document) -> String {
        format!("{:?}\n{:?}\n{:?}", doc.lines, doc.headings, doc.header)
    }

    #[test]
    fn pieces_give_the_same_lines_as_one_parse() {
        let examples = [
            include_str!("../../examples/faulty.txt"),
            include_str!("../../examples/announcement.txt"),
        ];
        for e in examples {
            for text in [
                e.to_string(),
                e.replace('\n', "\r\n"),
                e.replace('\n', "\r"),
                format!("\u{FEFF}\n\n{e}\n\u{FEFF}一、x\r\n\r\n"),
                e.replace('\n', "\n\u{FEFF}"),
            ] {
                let mut whole = Document {
                    text: text.clone(),
                    ..Default::default()
                };
                lines_in_chunks(&mut whole, usize::MAX);
                for chunk in [0, 1, 7, 100, 1000] {
                    let mut pieces = Document {
                        text: text.clone(),
                        ..Default::default()
                    };
                    lines_in_chunks(&mut pieces, chunk);
                    assert_eq!(snapshot(&pieces), snapshot(&whole), "chunk {chunk}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn pieces_agree_on_random_text(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "\n", "\r", "\r\n", "\u{FEFF}", "一、", "（一）", "1.", "（1）", "标题", " ",
                    "\u{3000}", "2025-06-10 09:00 网站", "2025年6月10日", "中共临溪市委", "x",
                ]),
                0..60,
            ),
            chunk in 0usize..40,
        ) {
            let text: String = parts.concat();
            let mut whole = Document { text: text.clone(), ..Default::default() };
            lines_in_chunks(&mut whole, usize::MAX);
            let mut pieces = Document { text, ..Default::default() };
            lines_in_chunks(&mut pieces, chunk);
            proptest::prop_assert_eq!(snapshot(&pieces), snapshot(&whole));
        }
    }
}
