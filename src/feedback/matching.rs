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
pub const DENSE_LIMIT: usize = 250_000;

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
    pub synonyms: Synonyms,
}

/// A part of the report that can answer a problem.
#[derive(Debug, Clone)]
pub struct Unit {
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
pub struct ProblemMatch {
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
pub struct AreaMatch {
    /// The section (position in [`Table::sections`]).
    pub section: usize,
    /// Its score.
    pub score: f64,
}

/// The whole assignment: feedback areas to sections, problems to units.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Heading indices of the report's feedback-area sections (empty when it has none).
    pub sections: Vec<usize>,
    /// Each section's heading title (its first sentence) and span.
    pub section_titles: Vec<(String, Span)>,
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
pub fn shown(score: f64) -> String {
    format!("{:.2}", (score * 100.0).floor() / 100.0)
}

/// A heading's span from its marker to the end of its first sentence.
pub fn heading_span(doc: &Document, h: usize) -> Span {
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

impl Table {
    /// Matches `fb` with the report `doc`.
    pub fn build(doc: &Document, fb: &Feedback, opt: &Options) -> Table {
        let syn = &opt.synonyms;
        let mut vocab = Vocab::default();
        let sections = doc.areas.clone();
        let bodies = bodies(doc);
        let body_text = |h: usize| -> String {
            bodies[h]
                .iter()
                .map(|s| doc.slice(s))
                .collect::<Vec<_>>()
                .join("\n")
        };

        // 1. Units.
        let mut units: Vec<Unit> = Vec::new();
        let mut section_units: Vec<Vec<usize>> = vec![Vec::new(); sections.len()];
        let position: HashMap<usize, usize> =
            sections.iter().enumerate().map(|(p, &h)| (h, p)).collect();
        for h in 0..doc.headings.len() {
            let sec = section_of(doc, &position, h);
            if sections.is_empty() || sec.is_some_and(|s| sections[s] != h) {
                let t = doc.slice(&doc.headings[h].title);
                let title = heading_title(t).to_string();
                let u = Unit {
                    heading: Some(h),
                    span: heading_span(doc, h),
                    head: vocab.bag(&title, syn),
                    body: vocab.bag(&body_text(h), syn),
                    title,
                    section: sec,
                };
                // Headings outside every section (a report without sections) are answered
                // through the pool of units no area took.
                if let Some(s) = sec {
                    section_units[s].push(units.len());
                }
                units.push(u);
            }
        }
        // Area sections with no heading below them: their paragraphs, split at 一是/二是.
        for (s, &h) in sections.iter().enumerate() {
            if !doc.headings[h].children.is_empty() {
                continue;
            }
            for span in &bodies[h] {
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
                    section_units[s].push(units.len());
                    units.push(Unit {
                        heading: None,
                        span: span.start + r.start..span.start + r.end,
                        head: vocab.bag(&title, syn),
                        body: vocab.bag(piece, syn),
                        title,
                        section: Some(s),
                    });
                }
            }
        }
        let section_head: Vec<Vec<u32>> = sections
            .iter()
            .map(|&h| vocab.bag(heading_title(doc.slice(&doc.headings[h].title)), syn))
            .collect();
        let section_body: Vec<Vec<u32>> = sections
            .iter()
            .map(|&h| vocab.bag(&body_text(h), syn))
            .collect();

        // 2. Problems.
        struct P {
            area: usize,
            problem: Option<usize>,
            text: String,
        }
        let mut ps: Vec<P> = Vec::new();
        let mut problem_bags: Vec<Vec<u32>> = Vec::new();
        // Per problem: words only its details have.
        let mut light: Vec<Vec<u32>> = Vec::new();
        // Per problem: words that are only parts of its longer words.
        let mut part_words: Vec<Vec<u32>> = Vec::new();
        for (i, a) in fb.areas.iter().enumerate() {
            if a.problems.is_empty() {
                let (bag, parts) = vocab.marked(&a.area, syn);
                problem_bags.push(bag);
                light.push(Vec::new());
                part_words.push(parts);
                ps.push(P {
                    area: i,
                    problem: None,
                    text: a.area.clone(),
                });
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
                problem_bags.push(bag);
                light.push(extra);
                part_words.push(parts);
                ps.push(P {
                    area: i,
                    problem: Some(k),
                    text: p.clone(),
                });
            }
        }
        let area_bags: Vec<(Vec<u32>, Vec<u32>)> = fb
            .areas
            .iter()
            .map(|a| vocab.marked(&a.area, syn))
            .collect();

        // 3. Weights: general rarity × rarity among the report's units.
        let nv = vocab.words.len();
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
                local * rarity(&vocab.words[t]) * role(&vocab.words[t])
            })
            .collect();
        let topic: Vec<bool> = vocab.words.iter().map(|w| role(w) == 1.0).collect();
        let weigh = |bag: &[u32], light: &[u32], parts: &[u32]| -> Vec<(u32, f64)> {
            bag.iter()
                .map(|&t| {
                    let mut f = if light.contains(&t) { DETAIL } else { 1.0 };
                    if parts.contains(&t) {
                        f *= PART;
                    }
                    (t, weight[t as usize] * f)
                })
                .collect()
        };
        let weighted: Vec<Vec<(u32, f64)>> = (0..problem_bags.len())
            .map(|k| weigh(&problem_bags[k], &light[k], &part_words[k]))
            .collect();
        let area_weighted: Vec<Vec<(u32, f64)>> = area_bags
            .iter()
            .map(|(b, parts)| weigh(b, &[], parts))
            .collect();

        // 4. Candidate pairs through an inverted index; a word in more than `cap` units is
        // too common to propose candidates (it still counts in the score).
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); nv];
        for (k, u) in units.iter().enumerate() {
            let mut ts: Vec<u32> = u.head.iter().chain(&u.body).copied().collect();
            ts.sort_unstable();
            ts.dedup();
            for t in ts {
                postings[t as usize].push(k as u32);
            }
        }
        let cap = 64.max(units.len() / 8);
        let mut mark = vec![usize::MAX; units.len()];
        let mut acc = vec![0.0f64; units.len()];
        let mut pairs: Vec<Vec<(usize, f64)>> = Vec::with_capacity(ps.len());
        for (pi, bag) in weighted.iter().enumerate() {
            let mut cands = Vec::new();
            for &(t, x) in bag {
                let post = &postings[t as usize];
                if post.len() > cap {
                    continue;
                }
                for &u in post {
                    let u = u as usize;
                    if mark[u] != pi {
                        mark[u] = pi;
                        acc[u] = 0.0;
                        cands.push(u);
                    }
                    acc[u] += x;
                }
            }
            // Only the units sharing the most weight are scored in full: the work per problem
            // stays bounded however many units share one of its words.
            if cands.len() > CANDIDATES {
                cands.select_nth_unstable_by(CANDIDATES, |a, b| {
                    acc[*b].total_cmp(&acc[*a]).then(a.cmp(b))
                });
                cands.truncate(CANDIDATES);
            }
            let mut scored: Vec<(usize, f64)> = cands
                .into_iter()
                .map(|u| {
                    (
                        u,
                        score(
                            &weighted[pi],
                            &units[u].head,
                            &units[u].body,
                            &weight,
                            &topic,
                        ),
                    )
                })
                .filter(|&(_, s)| s >= FLOOR)
                .collect();
            scored.sort_by_key(|&(u, _)| u);
            pairs.push(scored);
        }
        let closest: Vec<Option<(usize, f64)>> = pairs
            .iter()
            .map(|v| {
                v.iter()
                    .copied()
                    .fold(None, |acc: Option<(usize, f64)>, (u, s)| match acc {
                        Some((_, b)) if b >= s => acc,
                        _ => Some((u, s)),
                    })
            })
            .collect();

        // 5. Areas to sections: the titles, and how well the area's problems are answered
        // inside the section.
        let mut areas: Vec<Option<AreaMatch>> = vec![None; fb.areas.len()];
        if !sections.is_empty() {
            let mut evidence: HashMap<(usize, usize), f64> = HashMap::new();
            let mut per_area = vec![0usize; fb.areas.len()];
            for (pi, p) in ps.iter().enumerate() {
                per_area[p.area] += 1;
                let mut best: HashMap<usize, f64> = HashMap::new();
                for &(u, s) in &pairs[pi] {
                    if let Some(sec) = units[u].section {
                        let e = best.entry(sec).or_insert(0.0);
                        *e = e.max(s);
                    }
                }
                for (sec, s) in best {
                    *evidence.entry((p.area, sec)).or_insert(0.0) += s;
                }
            }
            let mut gains: Vec<(usize, usize, f64)> = Vec::new();
            let dense = fb.areas.len().saturating_mul(sections.len()) <= DENSE_LIMIT;
            // Sections with evidence, per area (the only ones tried when not dense).
            let mut with_evidence: Vec<Vec<usize>> = vec![Vec::new(); fb.areas.len()];
            for &(i, sec) in evidence.keys() {
                with_evidence[i].push(sec);
            }
            for (i, bag) in area_weighted.iter().enumerate() {
                let secs: Vec<usize> = if dense {
                    (0..sections.len()).collect()
                } else {
                    let mut v = std::mem::take(&mut with_evidence[i]);
                    v.sort_unstable();
                    v
                };
                for s in secs {
                    let title = score(bag, &section_head[s], &section_body[s], &weight, &topic);
                    let ev =
                        evidence.get(&(i, s)).copied().unwrap_or(0.0) / per_area[i].max(1) as f64;
                    let g = 0.4 * title + 0.6 * ev;
                    // Any evidence counts here: a heavily reworded area shares little with its
                    // section, and the assignment is one-to-one anyway.
                    if g >= AREA_FLOOR {
                        gains.push((i, s, g + order_bonus(i, fb.areas.len(), s, sections.len())));
                    }
                }
            }
            let gain_of: HashMap<(usize, usize), f64> =
                gains.iter().map(|&(i, s, g)| ((i, s), g)).collect();
            for (i, s) in assign(fb.areas.len(), sections.len(), &gains)
                .into_iter()
                .enumerate()
            {
                if let Some(s) = s {
                    let g = gain_of.get(&(i, s)).map_or(0.0, |g| {
                        g - order_bonus(i, fb.areas.len(), s, sections.len())
                    });
                    areas[i] = Some(AreaMatch {
                        section: s,
                        score: g,
                    });
                }
            }
        }

        // 6. Problems to units: within each matched area's section, then the rest among the
        // units nothing took.
        let mut unit_of: Vec<Option<usize>> = vec![None; ps.len()];
        let mut taken = vec![false; units.len()];
        let mut solve = |rows: &[usize], cols: &[usize], taken: &mut Vec<bool>| {
            let col_pos: HashMap<usize, usize> =
                cols.iter().enumerate().map(|(k, &u)| (u, k)).collect();
            let mut gains = Vec::new();
            for (r, &pi) in rows.iter().enumerate() {
                for &(u, s) in &pairs[pi] {
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
        };
        let mut rest: Vec<usize> = Vec::new();
        let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); fb.areas.len()];
        for (k, p) in ps.iter().enumerate() {
            rows_of[p.area].push(k);
        }
        for (i, a) in areas.iter().enumerate() {
            let rows = std::mem::take(&mut rows_of[i]);
            match a {
                Some(a) => {
                    // An area that lists no problem is answered by its section.
                    let rows: Vec<usize> = rows
                        .into_iter()
                        .filter(|&k| ps[k].problem.is_some())
                        .collect();
                    solve(&rows, &section_units[a.section], &mut taken);
                }
                None => rest.extend(rows),
            }
        }
        if !rest.is_empty() {
            let cols: Vec<usize> = (0..units.len()).filter(|&u| !taken[u]).collect();
            solve(&rest, &cols, &mut taken);
        }

        // The problem each unit fits best, for the mutual-best test below.
        let mut unit_best: Vec<Option<(usize, f64)>> = vec![None; units.len()];
        for (k, v) in pairs.iter().enumerate() {
            let sec = areas[ps[k].area].map(|a| a.section);
            for &(u, s) in v {
                // Within the area's section: a problem of another area does not compete.
                let rival = sec.is_none() || units[u].section.is_none() || units[u].section == sec;
                if rival && unit_best[u].is_none_or(|(_, b)| s > b) {
                    unit_best[u] = Some((k, s));
                }
            }
        }
        let problems = ps
            .into_iter()
            .enumerate()
            .map(|(k, p)| {
                let (unit, score) = if p.problem.is_none() && areas[p.area].is_some() {
                    (None, areas[p.area].map_or(0.0, |a| a.score))
                } else {
                    let u = unit_of[k];
                    let s = u.map_or(0.0, |u| {
                        pairs[k]
                            .binary_search_by_key(&u, |x| x.0)
                            .map_or(0.0, |i| pairs[k][i].1)
                    });
                    (u, s)
                };
                ProblemMatch {
                    area: p.area,
                    problem: p.problem,
                    text: p.text,
                    unit,
                    score,
                    // Enough shared words, or little but a choice both sides make: the unit
                    // is the problem's best and the problem the unit's best.
                    answered: score >= opt.threshold
                        || unit.is_some_and(|u| {
                            closest[k].is_some_and(|c| c.0 == u)
                                && unit_best[u].is_some_and(|b| b.0 == k)
                        }),
                    closest: closest[k],
                }
            })
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
            units,
            areas,
            problems,
            threshold: opt.threshold,
            vocab: vocab.words,
            weight,
            problem_bags,
        }
    }

    /// The words problem `k` shares with unit `u`, heaviest first (at most `max`).
    pub fn shared(&self, k: usize, u: usize, max: usize) -> Vec<String> {
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
    pub fn owners(&self) -> Vec<Option<usize>> {
        let mut v = vec![None; self.units.len()];
        for (k, p) in self.problems.iter().enumerate() {
            if let Some(u) = p.unit {
                v[u] = Some(k);
            }
        }
        v
    }

    /// Whether the unit is assigned to some problem.
    pub fn used(&self) -> Vec<bool> {
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
