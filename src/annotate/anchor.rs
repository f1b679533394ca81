//! Spans of extracted text → places in `word/document.xml`, and the rewritten part.
//!
//! A place is either between runs (nothing to split) or inside a run, which is then split in
//! two copies of it with the same properties: comment marks are only allowed between runs.
//! Every byte of the part outside the places is copied as it was.

use crate::input::docx::{Piece, SourceMap};
use std::collections::BTreeMap;

/// Where a mark goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cut {
    /// Between elements outside runs (before or after a run, after `w:pPr`).
    Between(usize),
    /// Inside the text of a `w:t` of run `run`, whose start tag is `tag`.
    InText {
        at: usize,
        run: usize,
        tag: (usize, usize),
    },
    /// Between two children of run `run`.
    InRun { at: usize, run: usize },
}

impl Cut {
    pub(crate) fn at(self) -> usize {
        match self {
            Cut::Between(at) | Cut::InText { at, .. } | Cut::InRun { at, .. } => at,
        }
    }
}

/// The piece holding text byte `b`.
fn piece_at(map: &SourceMap, b: usize) -> Option<usize> {
    let i = map.pieces.partition_point(|p| p.text <= b).checked_sub(1)?;
    let p = &map.pieces[i];
    (b < p.text + p.len).then_some(i)
}

/// The XML offset of text offset `b`, which is inside piece `p` or at one of its ends.
fn xml_of(p: &Piece, b: usize) -> usize {
    if b == p.text {
        p.xml
    } else if b == p.text + p.len || !p.is_plain() {
        p.xml + p.xml_len
    } else {
        p.xml + (b - p.text)
    }
}

/// A cut at text offset `b` of piece `i` (split inside its run).
fn split(map: &SourceMap, i: usize, b: usize) -> Cut {
    let p = &map.pieces[i];
    let at = xml_of(p, b);
    match p.text_tag {
        Some(tag) => Cut::InText {
            at,
            run: p.run,
            tag,
        },
        None => Cut::InRun { at, run: p.run },
    }
}

/// The text and where its lines start (a diagnostic per line would otherwise count lines
/// from the top each time).
pub(crate) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// The line of text offset `b`.
    fn of(&self, b: usize) -> usize {
        self.starts.partition_point(|&s| s <= b).saturating_sub(1)
    }
}

/// Where a range starting at text offset `s` starts. A byte without an origin (a numbering
/// marker) starts at its paragraph's start; a paragraph break at the next paragraph's.
pub(crate) fn start_cut(map: &SourceMap, lines: &Lines, s: usize) -> Option<Cut> {
    if let Some(i) = piece_at(map, s) {
        let p = &map.pieces[i];
        let first_of_run = i == 0 || map.pieces[i - 1].run != p.run;
        if s == p.text && first_of_run {
            return Some(Cut::Between(map.runs[p.run].start));
        }
        return Some(split(map, i, s));
    }
    let mut line = lines.of(s);
    if lines.text.as_bytes().get(s) == Some(&b'\n') {
        line += 1;
    }
    if let Some(Some(at)) = map.lines.get(line) {
        return Some(Cut::Between(*at));
    }
    // An empty `<w:p/>` has no inside: the next text with an origin, else the last.
    let next = map.pieces.partition_point(|p| p.text < s);
    match map.pieces.get(next) {
        Some(p) => start_cut(map, lines, p.text),
        None => map
            .pieces
            .last()
            .map(|p| end_of(map, map.pieces.len() - 1, p.text + p.len)),
    }
}

/// A cut just after text offset `e - 1` in piece `i`.
fn end_of(map: &SourceMap, i: usize, e: usize) -> Cut {
    let p = &map.pieces[i];
    let last_of_run = map.pieces.get(i + 1).is_none_or(|n| n.run != p.run);
    if e == p.text + p.len && last_of_run {
        return Cut::Between(map.runs[p.run].end);
    }
    split(map, i, e)
}

/// Where a range `s..e` ends: after its last byte with an origin, or where it starts when
/// none of its bytes has one.
pub(crate) fn end_cut(map: &SourceMap, lines: &Lines, s: usize, e: usize) -> Option<Cut> {
    let start = start_cut(map, lines, s)?;
    if e <= s {
        return Some(start);
    }
    // The last piece beginning before `e`, if it overlaps `s..e`.
    let i = map.pieces.partition_point(|p| p.text < e).checked_sub(1);
    let end = match i {
        Some(i) if map.pieces[i].text + map.pieces[i].len > s => {
            let p = &map.pieces[i];
            end_of(map, i, e.min(p.text + p.len))
        }
        _ => start,
    };
    // Text boxes are emitted before the paragraph holding them: never end before the start.
    Some(if end.at() < start.at() { start } else { end })
}

/// What goes at one place of the part.
#[derive(Debug, Default)]
struct Point {
    /// The run to split here, and whether inside a `w:t`.
    split: Option<(usize, bool)>,
    /// Marks that end ranges (written first), then marks that start them.
    ends: Vec<String>,
    starts: Vec<String>,
    /// A tracked change starting here: its XML and where the replaced text ends.
    change: Option<(String, usize)>,
    /// A tracked change ends here (its runs are closed already).
    change_end: bool,
    /// A `w:t` start tag replaced (so its split halves keep their spaces).
    tag: Option<(usize, String)>,
}

/// Edits to `word/document.xml`, applied in one pass.
#[derive(Debug, Default)]
pub(crate) struct Edits {
    points: BTreeMap<usize, Point>,
}

impl Edits {
    fn point(&mut self, cut: Cut) -> &mut Point {
        let p = self.points.entry(cut.at()).or_default();
        match cut {
            Cut::Between(_) => {}
            Cut::InText { run, .. } => p.split = Some((run, true)),
            Cut::InRun { run, .. } => p.split = Some((run, false)),
        }
        p
    }

    fn preserve(&mut self, xml: &[u8], cut: Cut) {
        if let Cut::InText { tag, .. } = cut {
            let old = String::from_utf8_lossy(&xml[tag.0..tag.1]);
            if !old.contains("xml:space") {
                let new = old.replacen("<w:t", r#"<w:t xml:space="preserve""#, 1);
                self.points.entry(tag.0).or_default().tag = Some((tag.1, new));
            }
        }
    }

    /// A mark that starts a range at `cut`.
    pub(crate) fn start(&mut self, xml: &[u8], cut: Cut, mark: String) {
        self.preserve(xml, cut);
        self.point(cut).starts.push(mark);
    }

    /// A mark that ends a range at `cut`.
    pub(crate) fn end(&mut self, xml: &[u8], cut: Cut, mark: String) {
        self.preserve(xml, cut);
        self.point(cut).ends.push(mark);
    }

    /// Whether some place lies strictly between `a` and `b`.
    pub(crate) fn any_inside(&self, a: usize, b: usize) -> bool {
        a + 1 < b && self.points.range(a + 1..b).next().is_some()
    }

    /// Replaces the text between two cuts inside one `w:t` by `change` (a `w:del`/`w:ins`
    /// pair of whole runs).
    pub(crate) fn change(&mut self, xml: &[u8], a: Cut, b: Cut, change: String) {
        self.preserve(xml, a);
        self.point(a).change = Some((change, b.at()));
        // An insertion alone starts and ends at one place: its runs are opened again there.
        if b.at() != a.at() {
            self.point(b).change_end = true;
        }
    }

    /// Whether a change starts or ends at `at`.
    pub(crate) fn has_change_at(&self, at: usize) -> bool {
        self.points
            .get(&at)
            .is_some_and(|p| p.change.is_some() || p.change_end)
    }

    /// The part with every edit applied.
    pub(crate) fn apply(&self, xml: &[u8], map: &SourceMap) -> Vec<u8> {
        let mut out = Vec::with_capacity(xml.len() + self.points.len() * 160);
        let mut from = 0;
        for (&at, p) in &self.points {
            if at < from {
                // Inside replaced text: cannot happen for the edits built by `annotate`.
                continue;
            }
            out.extend_from_slice(&xml[from..at]);
            from = at;
            let (close, open) = match p.split {
                Some((run, in_text)) => {
                    let r = &map.runs[run];
                    let mut open = xml[r.start..r.open_end].to_vec();
                    open.extend_from_slice(&xml[r.rpr.0..r.rpr.1]);
                    if in_text {
                        open.extend_from_slice(br#"<w:t xml:space="preserve">"#);
                    }
                    let close: &[u8] = if in_text { b"</w:t></w:r>" } else { b"</w:r>" };
                    (close, open)
                }
                None => (&b""[..], Vec::new()),
            };
            if !p.change_end {
                out.extend_from_slice(close);
            }
            for m in p.ends.iter().chain(&p.starts) {
                out.extend_from_slice(m.as_bytes());
            }
            match &p.change {
                Some((change, end)) => {
                    out.extend_from_slice(change.as_bytes());
                    from = *end;
                    if *end == at {
                        out.extend_from_slice(&open);
                    }
                }
                None => out.extend_from_slice(&open),
            }
            // A `w:t` start tag right here comes after the marks (`<w:tab/>|<w:t>`).
            if let Some((end, tag)) = &p.tag {
                out.extend_from_slice(tag.as_bytes());
                from = *end;
            }
        }
        out.extend_from_slice(&xml[from..]);
        out
    }
}
