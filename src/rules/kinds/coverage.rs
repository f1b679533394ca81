//! `coverage`: the report answers every problem the inspection fed back, in its order.
//!
//! Runs only when the document comes with its feedback (`--feedback FILE`, see
//! [`crate::feedback`]). Each listed problem (or an area that lists none) must be answered
//! by a heading whose title is similar enough — character-bigram Dice similarity after
//! dropping quotes and the `关于…问题的整改情况` wrapping, at least `threshold` (0.5) — so
//! a paraphrased or slightly reworded title still counts. Reports:
//! - a problem no heading answers (the main message, the rule's severity);
//! - `extra`: a feedback-area section, or a problem-level heading among answered siblings,
//!   that answers no listed problem (`extra:` severity, warning by default);
//! - `order`: areas answered in another order than the feedback's (`order:`, info);
//! - `count`: declared counts (`三个方面6个问题`) that disagree with the feedback.
//!
//! A case's severity never exceeds the rule's, so lowering the rule lowers them all.

use crate::diagnostic::Severity;
use crate::feedback::{short_title, similarity};
use crate::model::{Document, Span};
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Emitter};

rule_spec! {
    /// Rule file of kind `coverage`.
    pub struct Spec {
        /// Similarity (0–1) a heading's title needs to answer a problem; 0.5 when absent.
        #[serde(default)]
        pub threshold: Option<f64>,
        /// Severity of a section answering no listed problem; warning when absent.
        #[serde(default)]
        pub extra: Option<Severity>,
        /// Severity of areas out of order; info when absent.
        #[serde(default)]
        pub order: Option<Severity>,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = &[
        "problem", "area", "section", "best", "score", "expected", "found", "declared",
    ];
    const VARIANTS: &'static [&'static str] = &["extra", "order", "count"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        let threshold = self.threshold.unwrap_or(0.5);
        if !(0.0..=1.0).contains(&threshold) {
            return Err(BuildError::new(
                "threshold",
                format!("threshold {threshold} must be between 0 and 1"),
            ));
        }
        Ok(Box::new(Coverage {
            threshold,
            extra: self.extra.unwrap_or(Severity::Warning),
            order: self.order.unwrap_or(Severity::Info),
        }))
    }
}

struct Coverage {
    threshold: f64,
    extra: Severity,
    order: Severity,
}

/// What the report must answer: a problem, or an area that lists none.
struct Unit<'f> {
    area: usize,
    text: &'f str,
}

impl Coverage {
    /// The heading best answering `text` among `scope`, with its score.
    fn best(&self, doc: &Document, scope: &[usize], text: &str) -> Option<(usize, f64)> {
        scope
            .iter()
            .map(|&h| (h, similarity(text, &title(doc, h))))
            .fold(None, |acc: Option<(usize, f64)>, (h, s)| match acc {
                Some((_, b)) if b >= s => acc,
                _ => Some((h, s)),
            })
    }
}

/// The feedback-area section `h` stands in (itself or an ancestor), as a position in
/// `doc.areas`.
fn area_of(doc: &Document, mut h: usize) -> Option<usize> {
    loop {
        if let Some(p) = doc.areas.iter().position(|&a| a == h) {
            return Some(p);
        }
        h = doc.headings[h].parent?;
    }
}

/// Whether `h` or a heading below it is in `answered`.
fn subtree_answered(doc: &Document, h: usize, answered: &[bool]) -> bool {
    answered[h]
        || doc.headings[h]
            .children
            .iter()
            .any(|&c| subtree_answered(doc, c, answered))
}

/// Positions (into `seq`) of a longest strictly increasing subsequence.
fn longest_increasing(seq: &[usize]) -> Vec<usize> {
    let n = seq.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if seq[j] < seq[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let Some(mut i) = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i))) else {
        return Vec::new();
    };
    let mut out = vec![i];
    while prev[i] != usize::MAX {
        i = prev[i];
        out.push(i);
    }
    out.reverse();
    out
}

/// A heading's title without the paragraph that may follow it on the same line.
fn title(doc: &Document, h: usize) -> String {
    short_title(doc.slice(&doc.headings[h].title))
}

/// The heading's marker and short title.
fn heading_span(doc: &Document, h: usize) -> Span {
    let hd = &doc.headings[h];
    let t = doc.slice(&hd.title);
    let end = t.find(['。', '：', ':']).unwrap_or(t.len());
    hd.marker.start..(hd.title.start + end).max(hd.marker.end)
}

impl Check for Coverage {
    fn run(&self, doc: &Document, out: &mut Emitter) {
        let Some(fb) = doc.feedback.as_deref() else {
            return;
        };
        // Headings that may answer: the feedback-area sections and everything under them,
        // or every heading when the report has no per-area sections.
        let scope: Vec<usize> = if doc.areas.is_empty() {
            (0..doc.headings.len()).collect()
        } else {
            (0..doc.headings.len())
                .filter(|&h| area_of(doc, h).is_some())
                .collect()
        };
        let units: Vec<Unit> = fb
            .areas
            .iter()
            .enumerate()
            .flat_map(|(i, a)| {
                let texts: Vec<&str> = if a.problems.is_empty() {
                    vec![a.area.as_str()]
                } else {
                    a.problems.iter().map(String::as_str).collect()
                };
                texts.into_iter().map(move |text| Unit { area: i, text })
            })
            .collect();
        let mut answered = vec![false; doc.headings.len()];
        let mut matches: Vec<Option<usize>> = Vec::with_capacity(units.len());
        let mut best_guess: Vec<Option<(usize, f64)>> = Vec::with_capacity(units.len());
        for u in &units {
            let best = self.best(doc, &scope, u.text);
            let hit = best.filter(|&(_, s)| s >= self.threshold).map(|(h, _)| h);
            if let Some(h) = hit {
                answered[h] = true;
            }
            matches.push(hit);
            best_guess.push(best);
        }
        // Which section answers each feedback area: by its own title, else where most of
        // its problems were answered.
        let area_section: Vec<Option<usize>> = fb
            .areas
            .iter()
            .enumerate()
            .map(|(i, a)| {
                if let Some((h, _)) = self
                    .best(doc, &doc.areas, &a.area)
                    .filter(|&(_, s)| s >= self.threshold)
                {
                    return area_of(doc, h);
                }
                let mut votes: Vec<usize> = units
                    .iter()
                    .zip(&matches)
                    .filter(|(u, _)| u.area == i)
                    .filter_map(|(_, m)| m.and_then(|h| area_of(doc, h)))
                    .collect();
                votes.sort_unstable();
                votes
                    .chunk_by(|a, b| a == b)
                    .max_by_key(|c| c.len())
                    .map(|c| c[0])
            })
            .collect();
        for p in area_section.iter().flatten() {
            answered[doc.areas[*p]] = true;
        }
        let fallback = doc
            .declared
            .first()
            .map(|d| d.span.clone())
            .or_else(|| doc.areas.first().map(|&h| heading_span(doc, h)))
            .or_else(|| doc.title.clone())
            .unwrap_or(0..0);

        // 1. Problems nobody answers.
        for (k, u) in units.iter().enumerate() {
            if matches[k].is_some() {
                continue;
            }
            let area = &fb.areas[u.area].area;
            let span = area_section[u.area]
                .map(|p| heading_span(doc, doc.areas[p]))
                .unwrap_or_else(|| fallback.clone());
            let (best, score) = best_guess[k]
                .map(|(h, s)| (title(doc, h), s))
                .unwrap_or_default();
            let d = out.report(
                span,
                &[
                    ("problem", u.text.to_string()),
                    ("area", area.clone()),
                    ("best", best.clone()),
                    ("score", format!("{score:.2}")),
                ],
            );
            if score >= 0.3 {
                d.note(format!(
                    "最接近的标题是“{best}”，相似度{score:.2}，低于阈值{:.2}",
                    self.threshold
                ));
            }
        }

        // 2. Sections that answer nothing listed.
        let lower = |d: &mut crate::diagnostic::Diagnostic, s: Severity| {
            d.severity = d.severity.min(s);
        };
        for (p, &h) in doc.areas.iter().enumerate() {
            let mapped = area_section.iter().position(|s| *s == Some(p));
            if !subtree_answered(doc, h, &answered) {
                let section = title(doc, h);
                let d = out.report_as("extra", heading_span(doc, h), &[("section", section)]);
                lower(d, self.extra);
                continue;
            }
            // Problem-level headings: when some children answer problems, a sibling that
            // answers none is an addition.
            let lists_problems = mapped.is_some_and(|i| !fb.areas[i].problems.is_empty());
            let children = &doc.headings[h].children;
            if !lists_problems || !children.iter().any(|&c| answered[c]) {
                continue;
            }
            for &c in children {
                if !subtree_answered(doc, c, &answered) {
                    let section = title(doc, c);
                    let d = out.report_as("extra", heading_span(doc, c), &[("section", section)]);
                    lower(d, self.extra);
                }
            }
        }

        // 3. Areas out of order: those outside a longest run in feedback order.
        let placed: Vec<(usize, usize)> = area_section
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| (i, p)))
            .collect();
        let positions: Vec<usize> = placed.iter().map(|&(_, p)| p).collect();
        let keep = longest_increasing(&positions);
        for (k, &(i, p)) in placed.iter().enumerate() {
            if keep.contains(&k) {
                continue;
            }
            let d = out.report_as(
                "order",
                heading_span(doc, doc.areas[p]),
                &[
                    ("area", fb.areas[i].area.clone()),
                    ("expected", (i + 1).to_string()),
                    ("found", (p + 1).to_string()),
                ],
            );
            lower(d, self.order);
        }

        // 4. Declared counts against the feedback.
        if let Some(decl) = doc.declared.first() {
            let problems_listed = fb.areas.iter().any(|a| !a.problems.is_empty());
            let checks = [
                (Some(&decl.areas), fb.areas.len(), "个方面", true),
                (
                    decl.problems.as_ref(),
                    fb.problem_count(),
                    "个问题",
                    problems_listed,
                ),
            ];
            for (count, expected, unit, applies) in checks {
                let Some(count) = count else { continue };
                if applies && count.value != expected as u64 {
                    out.report_as(
                        "count",
                        count.span.clone(),
                        &[
                            ("declared", format!("{}{unit}", count.value)),
                            ("expected", format!("{expected}{unit}")),
                        ],
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::longest_increasing;

    #[test]
    fn longest_increasing_run() {
        assert_eq!(longest_increasing(&[0, 2, 1]), vec![0, 1]);
        assert_eq!(longest_increasing(&[0, 1, 2]), vec![0, 1, 2]);
        assert_eq!(longest_increasing(&[1, 0]), vec![0]);
        assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
    }
}
