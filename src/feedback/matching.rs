//! Which part of the report answers which feedback problem.
//!
//! 1. **Units**: the parts that can answer. Under each feedback-area section of the report,
//!    every heading below it (its title and the paragraph text up to the next heading); an
//!    area section with no heading below it gives its paragraphs, split at `一是/二是`. A report
//!    without area sections has every heading as a unit.
//! 2. **Words** ([`super::words`]): synonyms to concepts, jieba for the rest. A word weighs
//!    its general rarity times its rarity in this report (a word in every section tells
//!    nothing about which one answers).
//! 3. **Score** of a problem against a unit: the weighted Dice overlap with the heading, or,
//!    when the body says more, a blend with how much of the problem the body covers.
//!    Candidates come from an inverted index (word → units), so the work grows with the
//!    pairs that share a word, not with problems × units.
//! 4. **Assignment**, one-to-one and optimal (Hungarian method; greedy by score above
//!    [`DENSE_LIMIT`] pairs): areas first (an area's title against the section's, plus how
//!    well its problems are answered inside the section), then each area's problems among the
//!    units of its section. The position of both in their lists is a small prior, so that
//!    equal scores follow the order. Problems of an area no section takes compete for the
//!    units nothing else took.

use super::Feedback;
use super::words::{Synonyms, rarity, role, words_marked};
use crate::model::{Document, LineKind, Span};
use std::collections::HashMap;

/// Above this many cells an assignment is greedy (by score, highest first) instead of optimal.
pub(crate) const DENSE_LIMIT: usize = 250_000;

/// A score below this is no evidence at all: such a pair is never assigned.
const FLOOR: f64 = 0.04;

/// Weight of a two-character part of a longer word (`隐形` of `隐形变异`): it lets two
/// segmentations of one compound meet, but an unmatched long word should not weigh three times.
const PART: f64 = 0.4;

/// The most units scored in full for one problem (those sharing the most weight with it).
const CANDIDATES: usize = 48;

/// The least gain that ties a feedback area to a section.
const AREA_FLOOR: f64 = 0.02;

/// Weight of the order prior: at most this much is added to a pair at the same relative
/// position in both lists.
const ORDER: f64 = 0.04;

/// What the matcher needs besides the texts.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The score an assigned pair needs to count as an answer.
    pub threshold: f64,
    /// The synonym table.
    pub(crate) synonyms: Synonyms,
}

/// A part of the report that can answer a problem.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// The heading it is, if it is one (else a paragraph or a `一是…` item).
    pub heading: Option<usize>,
    /// What a diagnostic points at: the heading's marker and title, or the paragraph.
    pub span: Span,
    /// Its title as shown in messages: the heading's first sentence, or the item's first clause.
    pub title: String,
    /// The area section (a position in [`Table::sections`]) it sits in.
    pub section: Option<usize>,
    head: Vec<u32>,
    body: Vec<u32>,
}

/// What answers one feedback problem (or an area that lists none).
#[derive(Debug, Clone)]
pub(crate) struct ProblemMatch {
    /// The feedback area (position in `Feedback::areas`).
    pub area: usize,
    /// The problem's position in its area, `None` for an area that lists none.
    pub problem: Option<usize>,
    /// The problem's text.
    pub text: String,
    /// The unit assigned to it (position in [`Table::units`]), even when below the threshold.
    pub unit: Option<usize>,
    /// The assigned unit's score (0 when none).
    pub score: f64,
    /// Whether the assignment counts as an answer (score at least the threshold).
    pub answered: bool,
    /// The best-scoring unit over the whole report (which may have gone to another problem).
    pub closest: Option<(usize, f64)>,
}

/// Which report section answers one feedback area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct AreaMatch {
    /// The section (position in [`Table::sections`]).
    pub section: usize,
    /// Its score.
    pub score: f64,
}

/// The whole assignment: feedback areas to sections, problems to units.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    /// Heading indices of the report's feedback-area sections (empty when it has none).
    pub sections: Vec<usize>,
    /// Each section's heading title (its first sentence) and span.
    pub(crate) section_titles: Vec<(String, Span)>,
    /// The parts that can answer.
    pub units: Vec<Unit>,
    /// For each feedback area, the section that answers it.
    pub areas: Vec<Option<AreaMatch>>,
    /// For each problem in feedback order (areas without problems as one).
    pub problems: Vec<ProblemMatch>,
    /// The score an answer needs.
    pub threshold: f64,
    vocab: Vec<String>,
    weight: Vec<f64>,
    problem_bags: Vec<Vec<u32>>,
}

/// Interned words of all texts, with their weights once every unit is known.
#[derive(Default)]
struct Vocab {
    ids: HashMap<String, u32>,
    words: Vec<String>,
}

impl Vocab {
    fn bag(&mut self, text: &str, syn: &Synonyms) -> Vec<u32> {
        self.marked(text, syn).0
    }

    /// The sorted words of `text`, and those that are only parts of a longer word in it.
    fn marked(&mut self, text: &str, syn: &Synonyms) -> (Vec<u32>, Vec<u32>) {
        let mut all = Vec::new();
        let mut parts = Vec::new();
        for (w, part) in words_marked(text, syn) {
            let n = self.words.len() as u32;
            let id = *self.ids.entry(w.clone()).or_insert_with(|| {
                self.words.push(w);
                n
            });
            all.push(id);
            if part {
                parts.push(id);
            }
        }
        all.sort_unstable();
        all.dedup();
        parts.sort_unstable();
        parts.dedup();
        // A word written whole somewhere in the text is not only a part.
        let whole: Vec<u32> = words_marked(text, syn)
            .into_iter()
            .filter(|(_, p)| !p)
            .filter_map(|(w, _)| self.ids.get(&w).copied())
            .collect();
        parts.retain(|t| !whole.contains(t));
        (all, parts)
    }
}

fn mass(a: &[u32], w: &[f64]) -> f64 {
    a.iter().map(|&t| w[t as usize]).sum()
}

/// Weight a detail word counts with, against a title word's 1: details (`…。具体表现为…`)
/// help find the section but are not what the heading must say.
const DETAIL: f64 = 0.3;

/// The score of a problem's weighted words against a unit's heading and body, 0–1.
///
/// A pair that shares only predicate words (`管理`, `不规范`: see [`role`]) scores 0: two
/// problems about different things fall short in the same words.
fn score(p: &[(u32, f64)], head: &[u32], body: &[u32], w: &[f64], topic: &[bool]) -> f64 {
    let wp: f64 = p.iter().map(|x| x.1).sum();
    if wp == 0.0 {
        return 0.0;
    }
    let wh = mass(head, w);
    let (mut ovh, mut both, mut on_topic) = (0.0, 0.0, false);
    for &(t, x) in p {
        let in_head = head.binary_search(&t).is_ok();
        if in_head {
            ovh += x;
        }
        if in_head || body.binary_search(&t).is_ok() {
            both += x;
            on_topic |= topic[t as usize];
        }
    }
    if !on_topic {
        return 0.0;
    }
    let h = 2.0 * ovh / (wp + wh);
    // The heading's and the body's words together: a generic heading whose paragraph names
    // the problem, or a heading that rewords half of it and a body the other half.
    let b = both / wp;
    h.max(0.35 * h + 0.55 * b)
}

/// The first sentence of a heading's title (`关于…的问题。对在建项目…` → `关于…的问题`).
fn heading_title(s: &str) -> &str {
    let end = s.find(['。', '：', ':']).unwrap_or(s.len());
    s[..end].trim()
}

/// A score as messages show it: two decimals, rounded down, so a score just under the
/// threshold never reads as equal to it.
pub(crate) fn shown(score: f64) -> String {
    format!("{:.2}", (score * 100.0).floor() / 100.0)
}

/// A heading's span from its marker to the end of its first sentence.
pub(crate) fn heading_span(doc: &Document, h: usize) -> Span {
    let hd = &doc.headings[h];
    let t = doc.slice(&hd.title);
    let end = t.find(['。', '：', ':']).unwrap_or(t.len());
    hd.marker.start..(hd.title.start + end).max(hd.marker.end)
}

/// The paragraph text under each heading up to the next heading, and the heading's own text
/// after its first sentence: (heading → (span of each paragraph line)).
fn bodies(doc: &Document) -> Vec<Vec<Span>> {
    let mut out = vec![Vec::new(); doc.headings.len()];
    let mut cur: Option<usize> = None;
    for l in &doc.lines {
        match l.kind {
            LineKind::Heading(h) => {
                cur = Some(h);
                let hd = &doc.headings[h];
                let t = doc.slice(&hd.title);
                let first = heading_title(t).len();
                let start = hd.title.start + t[..].find(heading_title(t)).unwrap_or(0) + first;
                if start < hd.title.end {
                    out[h].push(start..hd.title.end);
                }
            }
            LineKind::Paragraph => {
                if let Some(h) = cur {
                    out[h].push(l.span.clone());
                }
            }
            _ => {}
        }
    }
    out
}

/// The feedback-area section `h` stands in (itself or an ancestor), as a position in the
/// sections (`position`: heading → its position).
fn section_of(doc: &Document, position: &HashMap<usize, usize>, mut h: usize) -> Option<usize> {
    loop {
        if let Some(&p) = position.get(&h) {
            return Some(p);
        }
        h = doc.headings[h].parent?;
    }
}

/// Items of an enumeration (`一是…二是…`) in `text`: byte ranges of each item.
fn items(text: &str) -> Vec<std::ops::Range<usize>> {
    const CN: &str = "一二三四五六七八九十";
    let mut starts = Vec::new();
    let mut expect = 1u64;
    for (i, _) in text.match_indices('是') {
        let num_len: usize = text[..i]
            .chars()
            .rev()
            .take_while(|c| CN.contains(*c))
            .map(char::len_utf8)
            .sum();
        if num_len == 0 {
            continue;
        }
        let start = i - num_len;
        let boundary = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| "。；;，,：: \u{3000}".contains(c));
        if boundary && crate::numbers::parse_chinese(&text[start..i]) == Some(expect) {
            starts.push(start);
            expect += 1;
        }
    }
    if starts.len() < 2 {
        return Vec::new();
    }
    (0..starts.len())
        .map(|k| starts[k]..starts.get(k + 1).copied().unwrap_or(text.len()))
        .collect()
}

/// An optimal one-to-one assignment maximising the total of `gain` (rows × cols, row-major);
/// pairs with gain 0 may be returned and are dropped by the caller. Hungarian method,
/// O(rows² × cols) with rows ≤ cols (transposed otherwise).
fn hungarian(rows: usize, cols: usize, gain: &[f64]) -> Vec<Option<usize>> {
    if rows == 0 || cols == 0 {
        return vec![None; rows];
    }
    if rows > cols {
        let t: Vec<f64> = (0..cols * rows)
            .map(|k| gain[(k % rows) * cols + k / rows])
            .collect();
        let back = hungarian(cols, rows, &t);
        let mut out = vec![None; rows];
        for (c, r) in back.iter().enumerate() {
            if let Some(r) = r {
                out[*r] = Some(c);
            }
        }
        return out;
    }
    let (n, m) = (rows, cols);
    let cost = |i: usize, j: usize| -gain[i * m + j];
    let inf = f64::INFINITY;
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out = vec![None; n];
    for j in 1..=m {
        if p[j] != 0 {
            out[p[j] - 1] = Some(j - 1);
        }
    }
    out
}

/// One-to-one assignment of `rows` to `cols` from sparse pairs `(row, col, gain)`: optimal
/// when the matrix is small enough, greedy by gain otherwise.
fn assign(rows: usize, cols: usize, pairs: &[(usize, usize, f64)]) -> Vec<Option<usize>> {
    if rows.saturating_mul(cols) <= DENSE_LIMIT {
        let mut gain = vec![0.0; rows * cols];
        for &(r, c, g) in pairs {
            gain[r * cols + c] = g;
        }
        let mut out = hungarian(rows, cols, &gain);
        for (r, c) in out.iter_mut().enumerate() {
            if c.is_some_and(|c| gain[r * cols + c] <= 0.0) {
                *c = None;
            }
        }
        return out;
    }
    let mut sorted: Vec<&(usize, usize, f64)> = pairs.iter().filter(|p| p.2 > 0.0).collect();
    sorted.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut out = vec![None; rows];
    let mut taken = vec![false; cols];
    for &&(r, c, _) in &sorted {
        if out[r].is_none() && !taken[c] {
            out[r] = Some(c);
            taken[c] = true;
        }
    }
    out
}

/// The order prior: `ORDER` for the same relative position in both lists, less further apart.
fn order_bonus(i: usize, n: usize, j: usize, m: usize) -> f64 {
    let rel = |k: usize, len: usize| {
        if len <= 1 {
            0.5
        } else {
            k as f64 / (len - 1) as f64
        }
    };
    ORDER * (1.0 - (rel(i, n) - rel(j, m)).abs())
}

/// A row of the assignment: a feedback problem, or an area that lists none.
struct Row {
    area: usize,
    problem: Option<usize>,
    text: String,
}

impl Row {
    /// A row of `area`: its problem `problem`, or the area itself when `None`.
    fn new(area: usize, problem: Option<usize>, text: &str) -> Row {
        Row {
            area,
            problem,
            text: text.to_string(),
        }
    }
}

/// The report's side of the match: the units and each area section's words.
#[derive(Default)]
struct Report {
    units: Vec<Unit>,
    /// Per area section: its units (positions in `units`).
    section_units: Vec<Vec<usize>>,
    /// Per area section: the words of its heading's title.
    section_head: Vec<Vec<u32>>,
    /// Per area section: the words of its own text.
    section_body: Vec<Vec<u32>>,
}

impl Report {
    /// Adds a unit, listed under its section when it has one.
    fn push(&mut self, u: Unit) {
        if let Some(s) = u.section {
            self.section_units[s].push(self.units.len());
        }
        self.units.push(u);
    }
}

/// The feedback's side of the match, in words.
struct Problems {
    rows: Vec<Row>,
    /// Per row: its words, title and details, sorted.
    bags: Vec<Vec<u32>>,
    /// Per row: words only its details have.
    light: Vec<Vec<u32>>,
    /// Per row: words that are only parts of its longer words.
    parts: Vec<Vec<u32>>,
    /// Per feedback area: the words of its title, and those only parts of longer words.
    area_bags: Vec<(Vec<u32>, Vec<u32>)>,
}

/// Reads both sides into words of one vocabulary (steps 1 and 2 of the module comment). The order words are first
/// met in fixes their ids, so the order of reading is part of the result.
struct Reader<'a> {
    doc: &'a Document,
    syn: &'a Synonyms,
    vocab: Vocab,
    /// The paragraph spans under each heading (see [`bodies`]).
    bodies: Vec<Vec<Span>>,
}

impl Reader<'_> {
    /// The text under heading `h`, its paragraphs joined by line breaks.
    fn body_text(&self, h: usize) -> String {
        self.bodies[h]
            .iter()
            .map(|s| self.doc.slice(s))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The units under the area `sections` (heading indices), then their own words.
    fn report(&mut self, sections: &[usize]) -> Report {
        let mut report = Report {
            section_units: vec![Vec::new(); sections.len()],
            ..Report::default()
        };
        self.heading_units(sections, &mut report);
        self.item_units(sections, &mut report);
        let doc = self.doc;
        report.section_head = sections
            .iter()
            .map(|&h| {
                let title = heading_title(doc.slice(&doc.headings[h].title));
                self.vocab.bag(title, self.syn)
            })
            .collect();
        report.section_body = sections
            .iter()
            .map(|&h| {
                let body = self.body_text(h);
                self.vocab.bag(&body, self.syn)
            })
            .collect();
        report
    }

    /// Every heading below an area section (every heading, when there are no sections).
    fn heading_units(&mut self, sections: &[usize], report: &mut Report) {
        let doc = self.doc;
        let position: HashMap<usize, usize> =
            sections.iter().enumerate().map(|(p, &h)| (h, p)).collect();
        for h in 0..doc.headings.len() {
            let sec = section_of(doc, &position, h);
            if sections.is_empty() || sec.is_some_and(|s| sections[s] != h) {
                let t = doc.slice(&doc.headings[h].title);
                let title = heading_title(t).to_string();
                let head = self.vocab.bag(&title, self.syn);
                let body = self.body_text(h);
                let body = self.vocab.bag(&body, self.syn);
                // Headings outside every section (a report without sections) are answered
                // through the pool of units no area took.
                report.push(Unit {
                    heading: Some(h),
                    span: heading_span(doc, h),
                    head,
                    body,
                    title,
                    section: sec,
                });
            }
        }
    }

    /// Area sections with no heading below them: their paragraphs, split at 一是/二是.
    fn item_units(&mut self, sections: &[usize], report: &mut Report) {
        let doc = self.doc;
        for (s, &h) in sections.iter().enumerate() {
            if !doc.headings[h].children.is_empty() {
                continue;
            }
            for span in &self.bodies[h] {
                let text = doc.slice(span);
                let mut parts = items(text);
                if parts.is_empty() {
                    parts.push(0..text.len());
                }
                for r in parts {
                    let piece = &text[r.clone()];
                    let (title, _) = super::read::split_title(piece);
                    let title = title
                        .trim_start_matches(|c: char| "一二三四五六七八九十是".contains(c))
                        .to_string();
                    report.push(Unit {
                        heading: None,
                        span: span.start + r.start..span.start + r.end,
                        head: self.vocab.bag(&title, self.syn),
                        body: self.vocab.bag(piece, self.syn),
                        title,
                        section: Some(s),
                    });
                }
            }
        }
    }

    /// The rows of `fb` in feedback order, then each area title's words.
    fn problems(&mut self, fb: &Feedback) -> Problems {
        let syn = self.syn;
        let vocab = &mut self.vocab;
        let mut out = Problems {
            rows: Vec::new(),
            bags: Vec::new(),
            light: Vec::new(),
            parts: Vec::new(),
            area_bags: Vec::new(),
        };
        for (i, a) in fb.areas.iter().enumerate() {
            if a.problems.is_empty() {
                let (bag, parts) = vocab.marked(&a.area, syn);
                out.push(Row::new(i, None, &a.area), bag, Vec::new(), parts);
            }
            for (k, p) in a.problems.iter().enumerate() {
                // The details after the title (`…，管网延伸滞后`) are words of the problem too.
                let (mut bag, parts) = vocab.marked(p, syn);
                let mut extra = Vec::new();
                if let Some(d) = a.details.get(k).filter(|d| !d.is_empty()) {
                    extra = vocab.bag(d, syn);
                    extra.retain(|t| bag.binary_search(t).is_err());
                    bag.extend(&extra);
                    bag.sort_unstable();
                }
                out.push(Row::new(i, Some(k), p), bag, extra, parts);
            }
        }
        out.area_bags = fb
            .areas
            .iter()
            .map(|a| vocab.marked(&a.area, syn))
            .collect();
        out
    }
}

impl Problems {
    /// Adds a row with its words, those only its details have and those only parts.
    fn push(&mut self, row: Row, bag: Vec<u32>, light: Vec<u32>, parts: Vec<u32>) {
        self.rows.push(row);
        self.bags.push(bag);
        self.light.push(light);
        self.parts.push(parts);
    }

    /// Per row (step 3), the units scoring at least [`FLOOR`] with their scores, by unit.
    fn pairs(&self, units: &[Unit], w: &Weights) -> Vec<Vec<(usize, f64)>> {
        let mut index = Index::new(units, w.weight.len());
        (0..self.rows.len())
            .map(|pi| {
                let bag = w.weigh(&self.bags[pi], &self.light[pi], &self.parts[pi]);
                let mut scored: Vec<(usize, f64)> = index
                    .candidates(pi, &bag)
                    .into_iter()
                    .map(|u| (u, w.score(&bag, &units[u].head, &units[u].body)))
                    .filter(|&(_, s)| s >= FLOOR)
                    .collect();
                scored.sort_by_key(|&(u, _)| u);
                scored
            })
            .collect()
    }
}

/// What each word weighs (step 2), and the scores that use the weights.
struct Weights {
    weight: Vec<f64>,
    /// Whether a word names a topic (not a predicate word: see [`role`]).
    topic: Vec<bool>,
}

impl Weights {
    /// General rarity × rarity among the report's `units`, for each of `words`.
    fn new(words: &[String], units: &[Unit]) -> Weights {
        let nv = words.len();
        let mut df = vec![0u32; nv];
        let mut seen = vec![u32::MAX; nv];
        for (k, u) in units.iter().enumerate() {
            for &t in u.head.iter().chain(&u.body) {
                if seen[t as usize] != k as u32 {
                    seen[t as usize] = k as u32;
                    df[t as usize] += 1;
                }
            }
        }
        let n = units.len().max(1) as f64;
        let weight: Vec<f64> = (0..nv)
            .map(|t| {
                let local = (1.0 + n / (df[t] as f64 + 0.5)).ln() / (1.0 + n / 0.5).ln();
                local * rarity(&words[t]) * role(&words[t])
            })
            .collect();
        let topic = words.iter().map(|w| role(w) == 1.0).collect();
        Weights { weight, topic }
    }

    /// The words of `bag` with their weights: less for those in `light` (details) and in
    /// `parts` (parts of a longer word).
    fn weigh(&self, bag: &[u32], light: &[u32], parts: &[u32]) -> Vec<(u32, f64)> {
        bag.iter()
            .map(|&t| {
                let mut f = if light.contains(&t) { DETAIL } else { 1.0 };
                if parts.contains(&t) {
                    f *= PART;
                }
                (t, self.weight[t as usize] * f)
            })
            .collect()
    }

    /// [`score`] with these weights.
    fn score(&self, p: &[(u32, f64)], head: &[u32], body: &[u32]) -> f64 {
        score(p, head, body, &self.weight, &self.topic)
    }
}

/// The inverted index of step 3 (word → the units holding it), and the scratch space that
/// gathers one row's candidates without allocating per row.
struct Index {
    postings: Vec<Vec<u32>>,
    /// A word in more than this many units is too common to propose candidates (it still
    /// counts in the score).
    cap: usize,
    /// Per unit: the last row that met it.
    mark: Vec<usize>,
    /// Per unit: the weight it shares with that row.
    acc: Vec<f64>,
}

impl Index {
    /// The postings of `units` over a vocabulary of `words` words.
    fn new(units: &[Unit], words: usize) -> Index {
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); words];
        for (k, u) in units.iter().enumerate() {
            let mut ts: Vec<u32> = u.head.iter().chain(&u.body).copied().collect();
            ts.sort_unstable();
            ts.dedup();
            for t in ts {
                postings[t as usize].push(k as u32);
            }
        }
        Index {
            postings,
            cap: 64.max(units.len() / 8),
            mark: vec![usize::MAX; units.len()],
            acc: vec![0.0; units.len()],
        }
    }

    /// The units sharing the most weight with row `pi`'s weighted words `bag`: only these
    /// are scored in full, so the work per row stays bounded however many units share one
    /// of its words.
    fn candidates(&mut self, pi: usize, bag: &[(u32, f64)]) -> Vec<usize> {
        let mut cands = Vec::new();
        for &(t, x) in bag {
            let post = &self.postings[t as usize];
            if post.len() > self.cap {
                continue;
            }
            for &u in post {
                let u = u as usize;
                if self.mark[u] != pi {
                    self.mark[u] = pi;
                    self.acc[u] = 0.0;
                    cands.push(u);
                }
                self.acc[u] += x;
            }
        }
        if cands.len() > CANDIDATES {
            let acc = &self.acc;
            cands.select_nth_unstable_by(CANDIDATES, |a, b| {
                acc[*b].total_cmp(&acc[*a]).then(a.cmp(b))
            });
            cands.truncate(CANDIDATES);
        }
        cands
    }
}

/// The best-scoring unit of each row's `pairs` (the first of equal ones).
fn closest(pairs: &[Vec<(usize, f64)>]) -> Vec<Option<(usize, f64)>> {
    pairs
        .iter()
        .map(|v| {
            v.iter()
                .copied()
                .fold(None, |acc: Option<(usize, f64)>, (u, s)| match acc {
                    Some((_, b)) if b >= s => acc,
                    _ => Some((u, s)),
                })
        })
        .collect()
}

/// Both sides scored: what the assignments (step 4) read.
struct Matcher<'a> {
    report: &'a Report,
    problems: &'a Problems,
    weights: &'a Weights,
    /// Per row: the units it scores with (see [`Problems::pairs`]).
    pairs: &'a [Vec<(usize, f64)>],
}

impl Matcher<'_> {
    /// Each feedback area's section, one-to-one.
    fn areas(&self) -> Vec<Option<AreaMatch>> {
        let (n, m) = (
            self.problems.area_bags.len(),
            self.report.section_units.len(),
        );
        let mut areas = vec![None; n];
        if m == 0 {
            return areas;
        }
        let gains = self.area_gains();
        let gain_of: HashMap<(usize, usize), f64> =
            gains.iter().map(|&(i, s, g)| ((i, s), g)).collect();
        for (i, s) in assign(n, m, &gains).into_iter().enumerate() {
            if let Some(s) = s {
                let g = gain_of
                    .get(&(i, s))
                    .map_or(0.0, |g| g - order_bonus(i, n, s, m));
                areas[i] = Some(AreaMatch {
                    section: s,
                    score: g,
                });
            }
        }
        areas
    }

    /// How well each area's problems are answered inside each section: the sum over its
    /// rows of their best score there, keyed (area, section); and the rows per area.
    fn evidence(&self) -> (HashMap<(usize, usize), f64>, Vec<usize>) {
        let mut evidence: HashMap<(usize, usize), f64> = HashMap::new();
        let mut per_area = vec![0usize; self.problems.area_bags.len()];
        for (pi, p) in self.problems.rows.iter().enumerate() {
            per_area[p.area] += 1;
            let mut best: HashMap<usize, f64> = HashMap::new();
            for &(u, s) in &self.pairs[pi] {
                if let Some(sec) = self.report.units[u].section {
                    let e = best.entry(sec).or_insert(0.0);
                    *e = e.max(s);
                }
            }
            for (sec, s) in best {
                *evidence.entry((p.area, sec)).or_insert(0.0) += s;
            }
        }
        (evidence, per_area)
    }

    /// The (area, section, gain) pairs worth assigning: the titles, and how well the area's
    /// problems are answered inside the section, plus the order prior.
    fn area_gains(&self) -> Vec<(usize, usize, f64)> {
        let (n, m) = (
            self.problems.area_bags.len(),
            self.report.section_units.len(),
        );
        let (evidence, per_area) = self.evidence();
        let mut gains: Vec<(usize, usize, f64)> = Vec::new();
        let dense = n.saturating_mul(m) <= DENSE_LIMIT;
        // Sections with evidence, per area (the only ones tried when not dense).
        let mut with_evidence: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &(i, sec) in evidence.keys() {
            with_evidence[i].push(sec);
        }
        for (i, (bag, parts)) in self.problems.area_bags.iter().enumerate() {
            let bag = self.weights.weigh(bag, &[], parts);
            let secs: Vec<usize> = if dense {
                (0..m).collect()
            } else {
                let mut v = std::mem::take(&mut with_evidence[i]);
                v.sort_unstable();
                v
            };
            for s in secs {
                let (head, body) = (&self.report.section_head[s], &self.report.section_body[s]);
                let title = self.weights.score(&bag, head, body);
                let ev = evidence.get(&(i, s)).copied().unwrap_or(0.0) / per_area[i].max(1) as f64;
                let g = 0.4 * title + 0.6 * ev;
                // Any evidence counts here: a heavily reworded area shares little with its
                // section, and the assignment is one-to-one anyway.
                if g >= AREA_FLOOR {
                    gains.push((i, s, g + order_bonus(i, n, s, m)));
                }
            }
        }
        gains
    }

    /// Each row's unit, within its matched area's section, then the rest among the
    /// units nothing took.
    fn units_of(&self, areas: &[Option<AreaMatch>]) -> Vec<Option<usize>> {
        let rows = &self.problems.rows;
        let mut unit_of: Vec<Option<usize>> = vec![None; rows.len()];
        let mut taken = vec![false; self.report.units.len()];
        let mut rest: Vec<usize> = Vec::new();
        let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); areas.len()];
        for (k, p) in rows.iter().enumerate() {
            rows_of[p.area].push(k);
        }
        for (i, a) in areas.iter().enumerate() {
            let area_rows = std::mem::take(&mut rows_of[i]);
            match a {
                Some(a) => {
                    // An area that lists no problem is answered by its section.
                    let area_rows: Vec<usize> = area_rows
                        .into_iter()
                        .filter(|&k| rows[k].problem.is_some())
                        .collect();
                    let cols = &self.report.section_units[a.section];
                    self.solve(&area_rows, cols, &mut unit_of, &mut taken);
                }
                None => rest.extend(area_rows),
            }
        }
        if !rest.is_empty() {
            let cols: Vec<usize> = (0..taken.len()).filter(|&u| !taken[u]).collect();
            self.solve(&rest, &cols, &mut unit_of, &mut taken);
        }
        unit_of
    }

    /// Assigns `rows` to the units `cols` one-to-one, recording it in `unit_of` and `taken`.
    fn solve(
        &self,
        rows: &[usize],
        cols: &[usize],
        unit_of: &mut [Option<usize>],
        taken: &mut [bool],
    ) {
        let col_pos: HashMap<usize, usize> =
            cols.iter().enumerate().map(|(k, &u)| (u, k)).collect();
        let mut gains = Vec::new();
        for (r, &pi) in rows.iter().enumerate() {
            for &(u, s) in &self.pairs[pi] {
                if let Some(&c) = col_pos.get(&u) {
                    gains.push((r, c, s + order_bonus(r, rows.len(), c, cols.len())));
                }
            }
        }
        for (r, c) in assign(rows.len(), cols.len(), &gains)
            .into_iter()
            .enumerate()
        {
            if let Some(c) = c {
                unit_of[rows[r]] = Some(cols[c]);
                taken[cols[c]] = true;
            }
        }
    }

    /// The row each unit fits best, for the mutual-best test of [`Verdicts::verdict`].
    fn unit_best(&self, areas: &[Option<AreaMatch>]) -> Vec<Option<(usize, f64)>> {
        let units = &self.report.units;
        let mut unit_best: Vec<Option<(usize, f64)>> = vec![None; units.len()];
        for (k, v) in self.pairs.iter().enumerate() {
            let sec = areas[self.problems.rows[k].area].map(|a| a.section);
            for &(u, s) in v {
                // Within the area's section: a problem of another area does not compete.
                let rival = sec.is_none() || units[u].section.is_none() || units[u].section == sec;
                if rival && unit_best[u].is_none_or(|(_, b)| s > b) {
                    unit_best[u] = Some((k, s));
                }
            }
        }
        unit_best
    }
}

/// What the verdict on each row reads once both assignments are made.
struct Verdicts<'a> {
    areas: &'a [Option<AreaMatch>],
    pairs: &'a [Vec<(usize, f64)>],
    unit_of: Vec<Option<usize>>,
    closest: Vec<Option<(usize, f64)>>,
    unit_best: Vec<Option<(usize, f64)>>,
    threshold: f64,
}

impl Verdicts<'_> {
    /// Row `k`'s unit, score and whether it counts as answered.
    fn verdict(&self, k: usize, p: Row) -> ProblemMatch {
        let (unit, score) = if p.problem.is_none() && self.areas[p.area].is_some() {
            (None, self.areas[p.area].map_or(0.0, |a| a.score))
        } else {
            let u = self.unit_of[k];
            let pairs = &self.pairs[k];
            let s = u.map_or(0.0, |u| {
                pairs
                    .binary_search_by_key(&u, |x| x.0)
                    .map_or(0.0, |i| pairs[i].1)
            });
            (u, s)
        };
        let closest = self.closest[k];
        ProblemMatch {
            area: p.area,
            problem: p.problem,
            text: p.text,
            unit,
            score,
            // Enough shared words, or little but a choice both sides make: the unit
            // is the problem's best and the problem the unit's best.
            answered: score >= self.threshold
                || unit.is_some_and(|u| {
                    closest.is_some_and(|c| c.0 == u) && self.unit_best[u].is_some_and(|b| b.0 == k)
                }),
            closest,
        }
    }
}

impl Table {
    /// Matches `fb` with the report `doc`, in the steps of the module comment.
    pub(crate) fn build(doc: &Document, fb: &Feedback, opt: &Options) -> Table {
        let sections = doc.areas.clone();
        let mut reader = Reader {
            doc,
            syn: &opt.synonyms,
            vocab: Vocab::default(),
            bodies: bodies(doc),
        };
        // 1. Units; 2. words, interned in this order, then weighed.
        let report = reader.report(&sections);
        let problems = reader.problems(fb);
        let vocab = reader.vocab.words;
        let weights = Weights::new(&vocab, &report.units);
        // 3. Scores of the candidate pairs.
        let pairs = problems.pairs(&report.units, &weights);
        // 4. Assignment: areas to sections, then problems to units.
        let matcher = Matcher {
            report: &report,
            problems: &problems,
            weights: &weights,
            pairs: &pairs,
        };
        let areas = matcher.areas();
        let verdicts = Verdicts {
            areas: &areas,
            pairs: &pairs,
            unit_of: matcher.units_of(&areas),
            closest: closest(&pairs),
            unit_best: matcher.unit_best(&areas),
            threshold: opt.threshold,
        };
        let matched = problems
            .rows
            .into_iter()
            .enumerate()
            .map(|(k, p)| verdicts.verdict(k, p))
            .collect();
        let section_titles = sections
            .iter()
            .map(|&h| {
                let t = heading_title(doc.slice(&doc.headings[h].title)).to_string();
                (t, heading_span(doc, h))
            })
            .collect();
        Table {
            section_titles,
            sections,
            units: report.units,
            areas,
            problems: matched,
            threshold: opt.threshold,
            vocab,
            weight: weights.weight,
            problem_bags: problems.bags,
        }
    }

    /// The words problem `k` shares with unit `u`, heaviest first (at most `max`).
    pub(crate) fn shared(&self, k: usize, u: usize, max: usize) -> Vec<String> {
        let unit = &self.units[u];
        let mut v: Vec<(f64, &str)> = self.problem_bags[k]
            .iter()
            .filter(|t| unit.head.binary_search(t).is_ok() || unit.body.binary_search(t).is_ok())
            .map(|&t| (self.weight[t as usize], self.vocab[t as usize].as_str()))
            .collect();
        v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        // A two-character part of a word already listed says nothing more.
        let mut out: Vec<String> = Vec::new();
        for (_, w) in v {
            if out.iter().any(|o| o.contains(w)) {
                continue;
            }
            out.retain(|o| !w.contains(o.as_str()));
            out.push(w.to_string());
            if out.len() == max {
                break;
            }
        }
        out
    }

    /// The problem each unit is assigned to (by position in `problems`).
    pub(crate) fn owners(&self) -> Vec<Option<usize>> {
        let mut v = vec![None; self.units.len()];
        for (k, p) in self.problems.iter().enumerate() {
            if let Some(u) = p.unit {
                v[u] = Some(k);
            }
        }
        v
    }

    /// Whether the unit is assigned to some problem.
    pub(crate) fn used(&self) -> Vec<bool> {
        let mut v = vec![false; self.units.len()];
        for p in &self.problems {
            if let Some(u) = p.unit {
                v[u] = true;
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hungarian_finds_the_best_total() {
        // Greedy would take (0,0)=0.9 and leave row 1 with 0.1; the optimum is 0.8 + 0.85.
        let g = [0.9, 0.8, 0.85, 0.1];
        assert_eq!(hungarian(2, 2, &g), vec![Some(1), Some(0)]);
        let t = [0.2, 0.9, 0.5];
        assert_eq!(hungarian(3, 1, &t), vec![None, Some(0), None]);
        assert_eq!(hungarian(1, 3, &t), vec![Some(1)]);
    }

    #[test]
    fn items_split_at_run_ins() {
        let s = "一是建立台账；二是完善制度，统一是口径；三是加强督查。";
        let got: Vec<&str> = items(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(
            got,
            vec![
                "一是建立台账；",
                "二是完善制度，统一是口径；",
                "三是加强督查。"
            ]
        );
    }
}
