//! `coverage`: the report answers every problem the inspection fed back, in its order.
//!
//! Runs only when the document comes with its feedback (`--feedback FILE`, see
//! [`crate::feedback`]). The matching (`crate::feedback::matching`) compares each problem
//! with each answering section's heading and body by weighted words (jieba, a synonym table,
//! rarity weights) and assigns them one-to-one: areas first, then the problems inside each
//! area's section. Reports:
//! - a problem no section answers (the main message, the rule's severity), with a note
//!   naming the closest section, its score and the words they share;
//! - `extra`: a feedback-area section, or a problem-level heading among answered siblings,
//!   that answers no listed problem (`extra:` severity, warning by default);
//! - `order`: areas answered in another order than the feedback's (`order:`, info);
//! - `count`: declared counts (`三个方面6个问题`) that disagree with the feedback.
//!
//! A case's severity never exceeds the rule's, so lowering the rule lowers them all.

use crate::diagnostic::Severity;
use crate::feedback::Feedback;
use crate::feedback::matching::{Options, Table, heading_span, shown};
use crate::feedback::words::Synonyms;
use crate::model::Document;
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};

rule_spec! {
    /// Rule file of kind `coverage`.
    pub(crate) struct Spec {
        /// Score (0–1) the section assigned to a problem needs to answer it (default 0.12).
        #[serde(default)]
        #[schemars(range(min = 0, max = 1))]
        pub threshold: Option<f64>,
        /// Severity of a section answering no listed problem (default warning).
        #[serde(default)]
        #[schemars(schema_with = "crate::schema::severity_on")]
        pub extra: Option<Severity>,
        /// Severity of areas out of order (default info).
        #[serde(default)]
        #[schemars(schema_with = "crate::schema::severity_on")]
        pub order: Option<Severity>,
        /// Groups of phrases that mean the same in feedback and reports (`[八项规定, 四风]`);
        /// each group's phrases match each other.
        #[serde(default)]
        #[schemars(inner(length(min = 2)))]
        pub synonyms: Vec<Vec<String>>,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = &[
        "problem", "area", "section", "best", "score", "expected", "found", "declared",
    ];
    const VARIANTS: &'static [&'static str] = &["extra", "order", "count"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        let threshold = self.threshold.unwrap_or(DEFAULT_THRESHOLD);
        if !(0.0..=1.0).contains(&threshold) {
            return Err(BuildError::new(
                "threshold",
                format!("threshold {threshold} must be between 0 and 1"),
            ));
        }
        if let Some(g) = self.synonyms.iter().find(|g| g.len() < 2) {
            return Err(BuildError::new(
                "synonyms",
                format!("a synonym group needs at least two phrases: {g:?}"),
            ));
        }
        Ok(Box::new(Coverage {
            threshold,
            synonyms: self.synonyms,
            extra: self.extra.unwrap_or(Severity::Warning),
            order: self.order.unwrap_or(Severity::Info),
        }))
    }
}

/// The score an answer needs when the rule file does not say.
pub(crate) const DEFAULT_THRESHOLD: f64 = 0.12;

/// The rule's matching options: its threshold and its synonym table plus the groups the
/// feedback brings from the configuration.
pub fn options(
    threshold: f64,
    synonyms: &[Vec<String>],
    fb: &crate::feedback::Feedback,
) -> Options {
    let mut groups = synonyms.to_vec();
    groups.extend(fb.synonyms.iter().cloned());
    Options {
        threshold,
        synonyms: Synonyms::new(&groups),
    }
}

/// The built-in rule's threshold and synonym table (`rules/feedback-coverage.yaml`), for
/// `zhenggai coverage`.
pub fn builtin() -> (f64, Vec<Vec<String>>) {
    #[derive(serde::Deserialize)]
    struct Part {
        #[serde(default)]
        threshold: Option<f64>,
        #[serde(default)]
        synonyms: Vec<Vec<String>>,
    }
    let p: Option<Part> =
        serde_yaml::from_str(include_str!("../../../rules/feedback-coverage.yaml")).ok();
    p.map_or((DEFAULT_THRESHOLD, Vec::new()), |p| {
        (p.threshold.unwrap_or(DEFAULT_THRESHOLD), p.synonyms)
    })
}

struct Coverage {
    threshold: f64,
    synonyms: Vec<Vec<String>>,
    extra: Severity,
    order: Severity,
}

/// Whether `h` or a heading below it is in `answered`.
fn subtree_answered(doc: &Document, h: usize, answered: &[bool]) -> bool {
    answered[h]
        || doc.headings[h]
            .children
            .iter()
            .any(|&c| subtree_answered(doc, c, answered))
}

/// Positions (into `seq`) of a longest strictly increasing subsequence; among equally long
/// ones the one that ends first (so the area moved later is the one reported). O(n²) in the
/// number of areas.
fn longest_increasing(seq: &[usize]) -> Vec<usize> {
    let n = seq.len();
    if n > 2_000 {
        return longest_increasing_fast(seq);
    }
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

/// A longest strictly increasing subsequence in O(n log n), for thousands of areas.
fn longest_increasing_fast(seq: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; seq.len()];
    for i in 0..seq.len() {
        let k = tails.partition_point(|&t| seq[t] < seq[i]);
        if k > 0 {
            prev[i] = tails[k - 1];
        }
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut out = Vec::new();
    let mut i = tails.last().copied().unwrap_or(usize::MAX);
    while i != usize::MAX {
        out.push(i);
        i = prev[i];
    }
    out.reverse();
    out
}

/// The note on a problem no section answers: the closest section, its score, the shared words
/// (and the problem that section went to, if another).
pub(crate) fn explain(table: &Table, owners: &[Option<usize>], k: usize) -> Option<String> {
    let p = &table.problems[k];
    let (u, score) = match (p.unit, p.closest) {
        (Some(u), _) => (u, p.score),
        (None, Some((u, s))) => (u, s),
        (None, None) => return Some("正文中没有与之共有实义词语的小节".to_string()),
    };
    let unit = &table.units[u];
    let shared = table.shared(k, u, 5);
    let words = if shared.is_empty() {
        "没有共同词语".to_string()
    } else {
        format!("共同词语：{}", shared.join("、"))
    };
    let mut note = format!(
        "最接近的是“{}”，得分{}（需要{:.2}），{words}",
        unit.title,
        shown(score),
        table.threshold
    );
    if p.unit != Some(u)
        && let Some(other) = owners[u]
    {
        note.push_str(&format!("；该节已对应问题“{}”", table.problems[other].text));
    }
    Some(note)
}

impl Check for Coverage {
    fn run(&self, doc: &Document, out: &mut Reporter) {
        let Some(fb) = doc.feedback.as_deref() else {
            return;
        };
        let table = Table::build(doc, fb, &options(self.threshold, &self.synonyms, fb));
        unanswered_problems(doc, fb, &table, out);
        self.extra_sections(doc, &table, out);
        self.areas_out_of_order(doc, fb, &table, out);
        declared_counts(doc, fb, out);
    }
}

/// Lowers a case's diagnostic to the case's severity (never above the rule's).
fn lower(d: &mut crate::diagnostic::Diagnostic, s: Severity) {
    d.severity = d.severity.min(s);
}

/// Step 1: problems nobody answers, at their area's section when it has one.
fn unanswered_problems(doc: &Document, fb: &Feedback, table: &Table, out: &mut Reporter) {
    let owners = table.owners();
    let fallback = doc
        .declared
        .first()
        .map(|d| d.span.clone())
        .or_else(|| doc.areas.first().map(|&h| heading_span(doc, h)))
        .or_else(|| doc.title.clone())
        .unwrap_or(0..0);
    for (k, p) in table.problems.iter().enumerate() {
        if p.answered {
            continue;
        }
        let area = &fb.areas[p.area].area;
        let span = table.areas[p.area]
            .map(|a| heading_span(doc, table.sections[a.section]))
            .unwrap_or_else(|| fallback.clone());
        let (best, score) = p
            .unit
            .map(|u| (u, p.score))
            .or(p.closest)
            .map(|(u, s)| (table.units[u].title.clone(), s))
            .unwrap_or_default();
        let d = out.report(
            span,
            &[
                ("problem", p.text.clone()),
                ("area", area.clone()),
                ("best", best),
                ("score", shown(score)),
            ],
        );
        if let Some(note) = explain(table, &owners, k) {
            d.note(note);
        }
    }
}

/// Which headings answer a problem, and which feedback-area sections are used (by an
/// answer inside them or by their area).
fn answered_and_used(doc: &Document, table: &Table) -> (Vec<bool>, Vec<bool>) {
    let mut answered = vec![false; doc.headings.len()];
    let mut section_used = vec![false; table.sections.len()];
    for p in &table.problems {
        if let Some(u) = p.unit.filter(|_| p.answered) {
            if let Some(h) = table.units[u].heading {
                answered[h] = true;
            }
            if let Some(s) = table.units[u].section {
                section_used[s] = true;
            }
        }
    }
    for a in table.areas.iter().flatten() {
        section_used[a.section] = true;
    }
    (answered, section_used)
}

impl Coverage {
    /// Step 2: sections that answer nothing listed.
    fn extra_sections(&self, doc: &Document, table: &Table, out: &mut Reporter) {
        let (answered, section_used) = answered_and_used(doc, table);
        let mut extra = |h: usize| {
            let section = table_title(doc, h);
            let d = out.report_as("extra", heading_span(doc, h), &[("section", section)]);
            lower(d, self.extra);
        };
        for (s, &h) in table.sections.iter().enumerate() {
            if !section_used[s] {
                extra(h);
                continue;
            }
            // Problem-level headings: when some children answer problems, a sibling that
            // answers none is an addition.
            let children = &doc.headings[h].children;
            if !children.iter().any(|&c| answered[c]) {
                continue;
            }
            for &c in children {
                if !subtree_answered(doc, c, &answered) {
                    extra(c);
                }
            }
        }
    }

    /// Step 3: areas out of order: those outside a longest run in feedback order. Positions are
    /// ranks among the matched areas on both sides, so a missing area does not shift them,
    /// and an area at the same rank on both sides is never reported.
    fn areas_out_of_order(&self, doc: &Document, fb: &Feedback, table: &Table, out: &mut Reporter) {
        let placed: Vec<(usize, usize)> = table
            .areas
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.map(|a| (i, a.section)))
            .collect();
        let mut by_section: Vec<usize> = placed.iter().map(|&(_, s)| s).collect();
        by_section.sort_unstable();
        let positions: Vec<usize> = placed.iter().map(|&(_, s)| s).collect();
        let mut keep = vec![false; placed.len()];
        for k in longest_increasing(&positions) {
            keep[k] = true;
        }
        for (k, &(i, s)) in placed.iter().enumerate() {
            let found = by_section.partition_point(|&x| x < s);
            if keep[k] || found == k {
                continue;
            }
            let d = out.report_as(
                "order",
                heading_span(doc, table.sections[s]),
                &[
                    ("area", fb.areas[i].area.clone()),
                    ("expected", (k + 1).to_string()),
                    ("found", (found + 1).to_string()),
                ],
            );
            lower(d, self.order);
        }
    }
}

/// Step 4: declared counts against the feedback.
fn declared_counts(doc: &Document, fb: &Feedback, out: &mut Reporter) {
    let Some(decl) = doc.declared.first() else {
        return;
    };
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

/// A heading's first sentence, as messages quote it.
fn table_title(doc: &Document, h: usize) -> String {
    let t = doc.slice(&doc.headings[h].title);
    let end = t.find(['。', '：', ':']).unwrap_or(t.len());
    t[..end].trim().to_string()
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
        assert_eq!(longest_increasing(&[2, 0, 1, 3]), vec![1, 2, 3]);
        let long: Vec<usize> = (0..3000).map(|i| (i * 7919) % 3001).collect();
        let fast = super::longest_increasing_fast(&long);
        assert!(
            fast.windows(2)
                .all(|w| long[w[0]] < long[w[1]] && w[0] < w[1])
        );
        let slow_len = {
            // Patience length computed independently.
            let mut t: Vec<usize> = Vec::new();
            for &x in &long {
                let k = t.partition_point(|&y| y < x);
                if k == t.len() { t.push(x) } else { t[k] = x }
            }
            t.len()
        };
        assert_eq!(fast.len(), slow_len);
    }
}
