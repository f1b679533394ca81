//! Progress statements: a total of problems (or measures, tasks) divided into categories —
//! done and the rest — and the completion rate (`26个问题中已完成整改23个，其余3个…，整改完成率
//! 88.5%`).
//!
//! Forms read (each has a test below):
//! - totals `N个问题中`, `N项整改措施已完成M项`, `共有问题N个，已完成整改M个`;
//! - categories in any number, in [`DONE`] or [`NOT_DONE`] (`完成整改688个、基本完成4个、
//!   未完成5个`, `已完成整改12个、取得阶段性进展7个`, `长期坚持`, `正在推进`); all of them add up
//!   to the total and the rate counts only the done one;
//! - across two sentences: `177项整改任务，已完成174项。长期整改任务3项。`;
//! - ASCII and full-width punctuation alike.
//!
//! A rate with no counts (`办结率97.8%`) is no statement. Prefilter: a line and a clause
//! without a word of [`DONE_SCREEN`] are skipped before any regex runs.

use super::re;
use crate::model::{Count, Document, LineKind, Progress, ProgressPart, Span};
use crate::numbers::{Number, parse_arabic, parse_count};
use regex::Regex;
use std::sync::LazyLock;

/// Categories that count as done. `完成整改`, `整改到位` and `办结` stand without `已`; a done
/// word right after `基本`, `未` or `尚未` is not done (it is read by [`NOT_DONE`]).
pub(crate) const DONE: &[&str] = &[
    "已完成整改",
    "已完成",
    "已整改到位",
    "已落实",
    "已办结",
    "已销号",
    "完成整改",
    "整改到位",
    "办结",
];

/// Categories that are not done but count toward the total.
pub(crate) const NOT_DONE: &[&str] = &[
    "基本完成整改",
    "基本完成",
    "取得阶段性进展",
    "取得阶段性成效",
    "长期坚持",
    "长期整改任务",
    "长期整改",
    "持续推进",
    "持续整改",
    "正在整改",
    "正在推进",
    "尚未完成",
    "未完成",
    "其余",
    "剩余",
    "还有",
];

/// One of these is in every [`DONE`] category: the literal screen a line passes before any
/// regex runs on it (`已` alone, the old screen, is in most lines of a report).
const DONE_SCREEN: &[&str] = &["完成", "到位", "办结", "落实", "销号"];

static SCREEN: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
    DONE_SCREEN
        .iter()
        .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
        .collect()
});

/// Whether `s` can hold a done category at all.
fn may_have_done(s: &str) -> bool {
    SCREEN.iter().any(|f| f.find(s.as_bytes()).is_some())
}

/// Offsets in `text` where a screen word stands, sorted: one pass per word over the whole
/// text (a search per line cost more than the rest of this module on heading-heavy drafts).
fn screen_hits(text: &str) -> Vec<usize> {
    let mut hits: Vec<usize> = SCREEN
        .iter()
        .flat_map(|f| f.find_iter(text.as_bytes()))
        .collect();
    hits.sort_unstable();
    hits
}

/// Words before a done category that make it not done.
const NEGATIONS: &[&str] = &["基本", "未", "尚未", "没有"];

/// Counting units of progress statements.
const UNITS: &str = "个|项|条|件";

/// What is counted (`问题`, `整改措施`…).
const SUBJECTS: &str = "问题|整改措施|整改任务|整改事项|措施|任务";

fn alternation(words: &[&str]) -> String {
    words.join("|")
}

static DONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<cat>{})(?:整改)?(?:的)?(?:{SUBJECTS})?(?P<n>[0-9０-９]+)(?P<u>{UNITS})",
        alternation(DONE)
    ))
});
static REST_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<cat>{})(?:整改)?(?:的)?(?:{SUBJECTS})?(?P<n>[0-9０-９]+)(?P<u>{UNITS})",
        alternation(NOT_DONE)
    ))
});
/// Totals written before their subject (`26个问题中`, `103项整改措施`) and after it
/// (`共有问题231个`, `整改任务共177项`). Two regexes: one match of the first shape
/// (`6个部门共有问题`) must not hide a total of the second that overlaps it.
static TOTAL_RES: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    [
        re(&format!(
            r"(?P<n>[0-9０-９]+)(?P<u>{UNITS})[^，,；;。]{{0,6}}?(?:{SUBJECTS})中?"
        )),
        re(&format!(
            r"(?:共有|共计|共)?(?:{SUBJECTS})(?:共|共计|总数)?(?P<n>[0-9０-９]+)(?P<u>{UNITS})"
        )),
    ]
});
static RATE_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"完成率(?:为|达到|达)?(?P<r>[0-9０-９]+(?:[.．][0-9０-９]+)?)[%％]"));

fn count_at(base: usize, m: regex::Match) -> Option<Count> {
    Some(Count {
        span: base + m.start()..base + m.end(),
        value: parse_count(m.as_str())?,
    })
}

/// Done matches in `s` that are not negated (`基本完成整改4个` is not done).
fn done_items(s: &str) -> impl Iterator<Item = regex::Captures<'_>> {
    DONE_RE.captures_iter(s).filter(move |c| {
        let at = c.get(0).map_or(0, |m| m.start());
        !NEGATIONS.iter().any(|n| s[..at].ends_with(n))
    })
}

/// A total found in a clause: its count and where its match ends.
struct Total {
    count: Count,
    unit: String,
    start: usize,
    end: usize,
}

fn totals(clause: &str, base: usize) -> Vec<Total> {
    let mut found: Vec<Total> = TOTAL_RES
        .iter()
        .flat_map(|r| r.captures_iter(clause))
        .filter_map(|t| {
            let whole = t.get(0)?;
            let (n, u) = (t.name("n")?, t.name("u")?);
            // A total is followed by 中, or (after a comma at most) by its done category:
            // `3个需长期推进的问题已取得阶段性成效` after 其余 is not one.
            let rest = clause[whole.end()..].trim_start_matches(['，', ',', '：', ':']);
            // `find` is leftmost: a done category at 0 is the first match (and nothing
            // before it can negate it).
            let followed = whole.as_str().ends_with('中')
                || DONE_RE.find(rest).is_some_and(|m| m.start() == 0);
            followed.then(|| Total {
                count: Count {
                    span: base + n.start()..base + n.end(),
                    value: parse_count(n.as_str()).unwrap_or(0),
                },
                unit: u.as_str().to_string(),
                start: whole.start(),
                end: whole.end(),
            })
        })
        .collect();
    found.sort_by_key(|t| t.start);
    let mut kept: Vec<Total> = Vec::new();
    for t in found {
        if kept.last().is_none_or(|k| t.start >= k.end) {
            kept.push(t);
        }
    }
    kept
}

fn part(base: usize, c: &regex::Captures, done: bool) -> Option<ProgressPart> {
    let cat = c.name("cat")?;
    Some(ProgressPart {
        label: base + cat.start()..base + cat.end(),
        done,
        count: count_at(base, c.name("n")?)?,
    })
}

/// Every progress statement, one per total in each clause (clauses end at `；`, `;`, `。`).
pub(super) fn progress(doc: &mut Document) {
    let text = doc.text.as_str();
    let hits = screen_hits(text);
    if hits.is_empty() {
        return;
    }
    let mut out = Vec::new();
    for line in doc
        .lines
        .iter()
        .filter(|l| matches!(l.kind, LineKind::Paragraph | LineKind::Heading(_)))
    {
        // A screen word inside this line?
        let first = hits.partition_point(|&h| h < line.span.start);
        if hits.get(first).is_none_or(|&h| h >= line.span.end) {
            continue;
        }
        let s = &text[line.span.clone()];
        if !DONE_RE.is_match(s) {
            continue;
        }
        let clauses: Vec<(usize, &str)> = s
            .split_inclusive(['；', ';', '。'])
            .scan(0, |at, c| {
                let start = *at;
                *at += c.len();
                Some((line.span.start + start, c))
            })
            .collect();
        for ci in 0..clauses.len() {
            clause_statements(&clauses, ci, &mut out);
        }
    }
    doc.progress = out;
}

/// The statements of clause `ci` of a line's `clauses` (each with its offset in the text):
/// one per total, read in the stretch up to the next total.
fn clause_statements(clauses: &[(usize, &str)], ci: usize, out: &mut Vec<Progress>) {
    let (base, clause) = clauses[ci];
    if !may_have_done(clause) || !DONE_RE.is_match(clause) {
        return;
    }
    let totals = totals(clause, base);
    for (k, t) in totals.iter().enumerate() {
        let seg_end = totals.get(k + 1).map_or(clause.len(), |n| n.start);
        // Only the clause's last total may take its rest from the next sentence.
        let next = if k + 1 == totals.len() && clause.ends_with('。') {
            clauses.get(ci + 1).copied()
        } else {
            None
        };
        out.extend(statement(t, base, &clause[t.end..seg_end], next));
    }
}

/// The statement of total `t` of the clause at `base`: the done category (required) and the
/// rest in `seg`, the text after the total up to the next one (at `base + t.end`).
fn statement(t: &Total, base: usize, seg: &str, next: Option<(usize, &str)>) -> Option<Progress> {
    let seg_base = base + t.end;
    let d = done_items(seg).find(|d| d["u"] == t.unit)?;
    let done = part(seg_base, &d, true)?;
    let after_done = d.get(0).map_or(0, |m| m.end());
    let mut categories = vec![done.clone()];
    categories.extend(
        REST_RE
            .captures_iter(&seg[after_done..])
            .filter(|r| r["u"] == t.unit)
            .filter_map(|r| part(seg_base + after_done, &r, false)),
    );
    let mut end = seg_base + seg.len();
    if categories.len() == 1
        && let Some((nbase, next)) = next
        && let Some(more) = rest_in_next(nbase, next, &t.unit)
    {
        end = nbase + next.len();
        categories.extend(more);
    }
    Some(Progress {
        span: base + t.start..end,
        total: t.count.clone(),
        done: done.count.clone(),
        rest: categories[1..].iter().map(|c| c.count.clone()).collect(),
        rate: rate(seg, seg_base),
        unit: t.unit.clone(),
        categories,
    })
}

/// `177项整改任务，已完成174项。长期整改任务3项。`: the rest, in `unit`, when the next
/// sentence (at `nbase`) starts with it and names nothing done.
fn rest_in_next(nbase: usize, next: &str, unit: &str) -> Option<Vec<ProgressPart>> {
    let lead = next.len() - next.trim_start().len();
    let more: Vec<ProgressPart> = REST_RE
        .captures_iter(next)
        .filter(|r| &r["u"] == unit)
        .filter_map(|r| part(nbase, &r, false))
        .collect();
    let starts_with_rest = REST_RE.find(next).is_some_and(|m| m.start() == lead);
    (starts_with_rest && done_items(next).next().is_none()).then_some(more)
}

/// The completion rate in `seg` (at `seg_base`): its span, over the figure and its percent
/// sign, and its value.
fn rate(seg: &str, seg_base: usize) -> Option<(Span, Number)> {
    let r = RATE_RE.captures(seg)?;
    let m = r.name("r")?;
    let end = r.get(0).map_or(m.end(), |w| w.end());
    Some((
        seg_base + m.start()..seg_base + end,
        parse_arabic(&m.as_str().replace('．', "."))?,
    ))
}

#[cfg(test)]
mod tests {
    use crate::parse::parse;

    /// (category, count, done).
    type Category = (String, u64, bool);

    /// (total, categories, rate) of each statement.
    fn progress(text: &str) -> Vec<(u64, Vec<Category>, Option<f64>)> {
        let doc = parse(text.to_string());
        doc.progress
            .iter()
            .map(|p| {
                (
                    p.total.value,
                    p.categories
                        .iter()
                        .map(|c| (doc.slice(&c.label).to_string(), c.count.value, c.done))
                        .collect(),
                    p.rate.as_ref().map(|r| r.1.value),
                )
            })
            .collect()
    }

    fn cats(v: &[(&str, u64, bool)]) -> Vec<Category> {
        v.iter().map(|&(a, b, c)| (a.to_string(), b, c)).collect()
    }

    #[test]
    fn the_screen_covers_every_done_category() {
        for d in super::DONE {
            assert!(super::may_have_done(d), "{d}");
        }
    }

    #[test]
    fn done_and_rest() {
        assert_eq!(
            progress("26个问题中已完成整改23个，其余3个正在推进，整改完成率88.5%。"),
            [(
                26,
                cats(&[("已完成整改", 23, true), ("其余", 3, false)]),
                Some(88.5)
            )]
        );
    }

    #[test]
    fn three_or_more_categories() {
        assert_eq!(
            progress(
                "反馈的697个问题中，完成整改688个、基本完成4个、未完成5个，整改完成率98.71%。"
            )[0]
            .1,
            cats(&[
                ("完成整改", 688, true),
                ("基本完成", 4, false),
                ("未完成", 5, false)
            ])
        );
        assert_eq!(
            progress("18个问题中已完成整改12个、取得阶段性进展6个，整改完成率66.7%。")[0].1,
            cats(&[("已完成整改", 12, true), ("取得阶段性进展", 6, false)])
        );
        // ASCII punctuation.
        assert_eq!(
            progress("846个问题中,已完成整改829个,基本完成11个,未完成6个,整改完成率97.99%。")[0]
                .1
                .len(),
            3
        );
    }

    #[test]
    fn total_written_after_its_subject() {
        assert_eq!(
            progress("6个部门共有问题231个,已完成整改227个,基本完成3个,未完成1个,完成率98.27%;")[0]
                .0,
            231
        );
    }

    #[test]
    fn across_two_sentences() {
        assert_eq!(
            progress("177项整改任务，已完成174项。长期整改任务3项。"),
            [(
                177,
                cats(&[("已完成", 174, true), ("长期整改任务", 3, false)]),
                None
            )]
        );
    }

    #[test]
    fn rates_without_counts_are_no_statement() {
        assert!(progress("信访件办结率97.8%，整改完成率100%。").is_empty());
    }
}
