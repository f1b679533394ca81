//! The intro: who inspected whom (inspecting body, inspected body, kind of inspection), when
//! (the period) and when the feedback was given — read from the opening paragraphs, before
//! the first heading.
//!
//! The inspection statement is an inspecting body ([`GROUP_FORMS`]), then `对`/`进驻` and the
//! inspected body, then `开展`/`进行`/`实施`. The period is the first range of dates (day or
//! month precision) in the statement's paragraph. The feedback is the first sentence of the
//! opening paragraphs with a [`FEEDBACK_CUES`] phrase and a date outside the period — in the
//! same sentence as the period, the next sentence or the next paragraph; a range of dates
//! there is a feedback range (`6月17日至6月21日，…分别反馈了巡察意见`).
//!
//! Prefilter: paragraphs without `巡视`/`巡察` are not tried for the statement; sentences
//! without `反馈` are not tried for the feedback.

use super::dates::is_range;
use super::{re, sentence_around};
use crate::model::{DateRole, Document, InspectionTerm, Intro, LineKind, Span};
use memchr::memmem;
use regex::Regex;
use std::sync::LazyLock;

/// Forms of the inspecting body, one row each: (name shown by `inspect`, regex of the form's
/// end). Every form follows the issuing body's name ([`GROUP_PREFIX`]: `省委`, `十届区委`,
/// `区委组建`); they are tried as one alternation, leftmost match first, then in this order.
pub(crate) const GROUP_FORMS: &[(&str, &str)] = &[
    // 省委第七巡视组, 中央第十四巡视组, 市委第3巡察组
    (
        "numbered-group",
        r"第[一二三四五六七八九十〇零两百0-9０-９]{1,4}(?:巡视|巡察)组",
    ),
    // 十届区委第六轮巡察, 十九届中央第七轮巡视
    (
        "round",
        r"第[一二三四五六七八九十0-9０-９]{1,3}轮(?:巡视|巡察)",
    ),
    // 区委组建4个巡察组, 区委4个巡察组, 派出3个巡视组
    (
        "several-groups",
        r"[0-9０-９一二三四五六七八九十两]{1,3}个(?:巡视|巡察)组",
    ),
    // 中央巡视组, 市委巡察组, 省委巡视办, 巡察机构
    ("group", r"(?:巡视|巡察)(?:组|办|机构)"),
];

/// The issuing body's name before a form (at most 10 Han characters, cut by
/// [`BEFORE_GROUP`]). One prefix for all forms: a Unicode class per form cost its compilation
/// four times over (a start-up cost of every run).
const GROUP_PREFIX: &str = r"\p{Han}{0,10}?";

/// Words that end the text before an inspecting body's name. The forms' Han prefix is lazy,
/// but a regex match starts as far left as it can, so a matched group is cut after the last of
/// these (`经研究同意省委第七巡视组` → `省委第七巡视组`) and, for a round, at its term of office
/// (`况列为十三届市委第五轮巡察` → `十三届市委第五轮巡察`).
pub(crate) const BEFORE_GROUP: &[&str] =
    &["为", "把", "经", "由", "将", "同意", "批准", "根据", "按照"];

/// Between the inspecting body and `对`/`进驻`: a comma, `于…`, `分别` (at most 16 characters,
/// no sentence end).
const GROUP_TO_TARGET: &str = r"[^。；;：:]{0,16}?";

/// Verbs that start the inspection after the inspected body.
const INSPECT_VERBS: &str = "开展|进行|实施";

/// Kinds of inspection as written after the verb (`开展了常规巡察`, `开展巡视“回头看”`).
pub(crate) const KINDS: &[&str] = &[
    "常规",
    "专项",
    "机动",
    "提级",
    "联动",
    "延伸",
    "交叉",
    "回头看",
];

/// Phrases that make a sentence the feedback sentence (`反馈了巡视意见`, `召开巡视反馈会议`,
/// `全面反馈巡察情况`); so does `向…反馈` (`向市委反馈巡视意见`). `收到反馈意见后` is none of them.
pub(crate) const FEEDBACK_CUES: &[&str] = &[
    "反馈了",
    "集中反馈",
    "全面反馈",
    "反馈会",
    "反馈巡视意见",
    "反馈巡察意见",
    "反馈巡视情况",
    "反馈巡察情况",
];

/// Whether a sentence states the feedback: a phrase of [`FEEDBACK_CUES`], or `向` before
/// `反馈` in the same clause run (`向青禾市委反馈`). Literal tests: a regex with a bounded
/// gap cost more to compile than all of a short draft's checking.
fn is_feedback_sentence(s: &str) -> bool {
    if FEEDBACK_CUES.iter().any(|c| s.contains(c)) {
        return true;
    }
    s.match_indices("反馈").any(|(at, _)| {
        let before = &s[..at];
        before
            .rfind('向')
            .is_some_and(|v| !before[v..].contains(['；', ';']))
    })
}

/// How many paragraphs, from the one with the statement, may hold the feedback sentence.
const FEEDBACK_PARAGRAPHS: usize = 3;

/// How many opening paragraphs may hold the inspection statement (a report without headings
/// is all opening; its statement is still near the top).
const STATEMENT_PARAGRAPHS: usize = 6;

static STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    let groups = GROUP_FORMS
        .iter()
        .enumerate()
        .map(|(i, (_, r))| format!("(?P<g{i}>{r})"))
        .collect::<Vec<_>>()
        .join("|");
    re(&format!(
        r"(?P<group>{GROUP_PREFIX}(?:{groups})){GROUP_TO_TARGET}(?:对|进驻)(?P<body>[^，,。；;：:]{{1,40}}?)(?:{INSPECT_VERBS})了?"
    ))
});

/// The opening paragraphs: every paragraph before the first heading.
fn opening(doc: &Document) -> Vec<Span> {
    doc.lines
        .iter()
        .take_while(|l| !matches!(l.kind, LineKind::Heading(_)))
        .filter(|l| l.kind == LineKind::Paragraph)
        .map(|l| l.span.clone())
        .collect()
}

/// The inspection statement in one paragraph: (statement sentence, group, form, body, kind,
/// term).
struct Statement {
    sentence: Span,
    group: Span,
    form: &'static str,
    body: Span,
    kind: Option<Span>,
    term: InspectionTerm,
}

fn statement(text: &str, para: &Span) -> Option<Statement> {
    let s = &text[para.clone()];
    if memmem::find(s.as_bytes(), "巡视".as_bytes()).is_none()
        && memmem::find(s.as_bytes(), "巡察".as_bytes()).is_none()
    {
        return None;
    }
    let c = STATEMENT.captures(s)?;
    let base = para.start;
    let g = c.name("group")?;
    let form = (0..GROUP_FORMS.len())
        .find(|i| c.name(&format!("g{i}")).is_some())
        .map_or("group", |i| GROUP_FORMS[i].0);
    let b = c.name("body")?;
    let group = base + g.start() + group_start(g.as_str())..base + g.end();
    let whole = c.get(0)?;
    let term = if g.as_str().contains("巡视") {
        InspectionTerm::Xunshi
    } else {
        InspectionTerm::Xuncha
    };
    // The kind: a word of KINDS between the verb and 巡视/巡察 (or right after it).
    let after = &s[whole.end()..];
    let window: String = after.chars().take(16).collect();
    let kind = KINDS.iter().find_map(|k| {
        let p = window.find(k)?;
        let upto = &window[..p];
        (!upto.contains(['，', ',', '。', '；'])).then(|| {
            let st = base + whole.end() + p;
            st..st + k.len()
        })
    });
    Some(Statement {
        sentence: sentence_around(text, para, &group),
        group,
        form,
        body: base + b.start()..base + b.end(),
        kind,
        term,
    })
}

/// Where the inspecting body's name starts inside a matched group (see [`BEFORE_GROUP`]).
fn group_start(g: &str) -> usize {
    let start = BEFORE_GROUP
        .iter()
        .filter_map(|w| g.rfind(w).map(|p| p + w.len()))
        .max()
        .unwrap_or(0);
    match g[start..].find('届') {
        // The term's ordinal before 届: `十三届`.
        Some(at) if g[start..].contains('轮') => {
            super::back_over(g, start + at, 3, super::is_cn_digit)
        }
        _ => start,
    }
}

/// The first range of dates inside `span`: (start index, end index) into `doc.dates`.
fn period_in(doc: &Document, span: &Span) -> Option<(usize, usize)> {
    let idx: Vec<usize> = (0..doc.dates.len())
        .filter(|&i| doc.dates[i].span.start >= span.start && doc.dates[i].span.end <= span.end)
        .collect();
    idx.windows(2)
        .find(|w| is_range(&doc.text, &doc.dates[w[0]], &doc.dates[w[1]]))
        .map(|w| (w[0], w[1]))
}

/// Reads the intro facts into `doc.intro` and marks the period and feedback dates.
pub(super) fn intro(doc: &mut Document) {
    let text = doc.text.as_str();
    let paras = opening(doc);
    let found = paras
        .iter()
        .take(STATEMENT_PARAGRAPHS)
        .enumerate()
        .find_map(|(i, p)| statement(text, p).map(|s| (i, s)));
    // Without a statement, the period is a range in a paragraph that names the inspection.
    let (first, stmt) = match found {
        Some((i, s)) => (i, Some(s)),
        None => {
            let Some(i) = paras.iter().take(STATEMENT_PARAGRAPHS).position(|p| {
                let s = &text[p.clone()];
                (s.contains("巡视") || s.contains("巡察")) && period_in(doc, p).is_some()
            }) else {
                return feedback_only(doc, &paras);
            };
            (i, None)
        }
    };
    let span = paras[first].clone();
    let period = period_in(doc, &span);
    let (feedback, feedback_end, feedback_sentence) =
        feedback(doc, &paras[first..], period).unwrap_or((None, None, None));
    let mut intro = Intro {
        span,
        period,
        feedback,
        feedback_end,
        feedback_sentence,
        ..Default::default()
    };
    if let Some(s) = stmt {
        intro.statement = Some(s.sentence);
        intro.group = Some(s.group);
        intro.group_form = Some(s.form);
        intro.body = Some(s.body);
        intro.kind = s.kind;
        intro.term = Some(s.term);
    }
    mark_roles(doc, &intro);
    doc.intro = Some(intro);
}

/// No statement and no period: a feedback sentence alone still counts (an aggregate report
/// may state only the feedback).
fn feedback_only(doc: &mut Document, paras: &[Span]) {
    let Some((Some(f), end, sentence)) = feedback(doc, paras, None) else {
        return;
    };
    let span = paras
        .iter()
        .find(|p| p.contains(&doc.dates[f].span.start))
        .cloned()
        .unwrap_or_default();
    let intro = Intro {
        span,
        feedback: Some(f),
        feedback_end: end,
        feedback_sentence: sentence,
        ..Default::default()
    };
    mark_roles(doc, &intro);
    doc.intro = Some(intro);
}

type FeedbackFound = (Option<usize>, Option<usize>, Option<Span>);

/// The feedback date (and range end) and its sentence, in the first
/// [`FEEDBACK_PARAGRAPHS`] of `paras`.
fn feedback(
    doc: &Document,
    paras: &[Span],
    period: Option<(usize, usize)>,
) -> Option<FeedbackFound> {
    let text = doc.text.as_str();
    let in_period = |i: usize| period.is_some_and(|(a, b)| i == a || i == b);
    for para in paras.iter().take(FEEDBACK_PARAGRAPHS) {
        let s = &text[para.clone()];
        if memmem::find(s.as_bytes(), "反馈".as_bytes()).is_none() {
            continue;
        }
        let dates: Vec<usize> = (0..doc.dates.len())
            .filter(|&i| doc.dates[i].span.start >= para.start && doc.dates[i].span.end <= para.end)
            .filter(|&i| !in_period(i))
            .collect();
        for (k, &i) in dates.iter().enumerate() {
            let sentence = sentence_around(text, para, &doc.dates[i].span);
            let st = &text[sentence.clone()];
            if !is_feedback_sentence(st) {
                continue;
            }
            let end = dates
                .get(k + 1)
                .copied()
                .filter(|&j| is_range(text, &doc.dates[i], &doc.dates[j]));
            return Some((Some(i), end, Some(sentence)));
        }
    }
    None
}

fn mark_roles(doc: &mut Document, intro: &Intro) {
    if let Some((a, b)) = intro.period {
        doc.dates[a].role = DateRole::PeriodStart;
        doc.dates[b].role = DateRole::PeriodEnd;
    }
    if let Some(f) = intro.feedback {
        doc.dates[f].role = DateRole::Feedback;
        // A bare feedback date that falls before the period end probably belongs to the next year.
        if let (Some((start, end)), true) = (intro.period, doc.dates[f].inherited) {
            let latest = if doc.dates[start].is_after(&doc.dates[end]) {
                start
            } else {
                end
            };
            doc.dates[f].ambiguous = doc.dates[latest].is_after(&doc.dates[f]);
        }
    }
    if let Some(e) = intro.feedback_end {
        doc.dates[e].role = DateRole::FeedbackEnd;
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{DateRole, InspectionTerm};
    use crate::parse::parse;

    /// (group, form, body, kind, period, feedback) as written/displayed.
    fn intro(text: &str) -> [String; 6] {
        let doc = parse(text.to_string());
        let i = doc.intro.clone().unwrap_or_default();
        let s = |sp: Option<std::ops::Range<usize>>| {
            sp.map_or(String::new(), |s| doc.slice(&s).to_string())
        };
        let period = i.period.map_or(String::new(), |(a, b)| {
            format!("{}~{}", doc.dates[a].display(), doc.dates[b].display())
        });
        let mut fb = i.feedback.map_or(String::new(), |f| doc.dates[f].display());
        if let Some(e) = i.feedback_end {
            fb = format!("{fb}~{}", doc.dates[e].display());
        }
        [
            s(i.group),
            i.group_form.unwrap_or("").to_string(),
            s(i.body),
            s(i.kind),
            period,
            fb,
        ]
    }

    #[test]
    fn numbered_group() {
        let [g, form, body, kind, period, fb] = intro(
            "根据省委统一部署，2024年3月18日至5月20日，省委第七巡视组对临溪市开展了常规巡视。8月9日，省委第七巡视组向临溪市委反馈了巡视意见。",
        );
        assert_eq!(
            (g.as_str(), form.as_str()),
            ("省委第七巡视组", "numbered-group")
        );
        assert_eq!((body.as_str(), kind.as_str()), ("临溪市", "常规"));
        assert_eq!(period, "2024年3月18日~2024年5月20日");
        assert_eq!(fb, "2024年8月9日");
    }

    #[test]
    fn several_groups_with_a_comma() {
        let [g, form, body, ..] = intro(
            "2024年4月1日至5月31日，区委组建4个巡察组，对区教育局等9个单位党组织开展常规巡察。7月3日，区委4个巡察组分别向被巡察党组织反馈了巡察意见。",
        );
        assert_eq!(g, "区委组建4个巡察组");
        assert_eq!(form, "several-groups");
        assert_eq!(body, "区教育局等9个单位党组织");
    }

    #[test]
    fn a_round_as_the_inspecting_body() {
        let [g, form, _, kind, period, fb] = intro(
            "2023年4月10日至5月26日，十届县委第六轮巡察对县水利局党组开展了常规巡察。2023年7月4日，县委第三巡察组向县水利局党组反馈了巡察情况。",
        );
        assert_eq!((g.as_str(), form.as_str()), ("十届县委第六轮巡察", "round"));
        assert_eq!(kind, "常规");
        assert_eq!(period, "2023年4月10日~2023年5月26日");
        assert_eq!(fb, "2023年7月4日");
    }

    #[test]
    fn groups_without_an_ordinal() {
        for (text, want) in [
            (
                "2023年10月9日至12月15日，中央巡视组对远山集团党组开展了常规巡视。",
                "中央巡视组",
            ),
            (
                "2024年3月1日至4月30日，市委巡察组对市档案馆党组开展了巡察。",
                "市委巡察组",
            ),
        ] {
            assert_eq!(intro(text)[0], want);
        }
    }

    #[test]
    fn month_precision_period() {
        let [.., period, _] = intro("2023年11月至12月，市委第二巡察组对桐林镇党委开展了巡察。");
        assert_eq!(period, "2023年11月~2023年12月");
        let [.., period, _] =
            intro("2023年11月10日至2024年1月12日，省委第一巡视组对云岭市开展了巡视。");
        assert_eq!(period, "2023年11月10日~2024年1月12日");
        let [.., period, _] = intro("3月4日—5月17日，县委第一巡察组对石门乡党委开展了巡察。");
        assert_eq!(period, "3月4日~5月17日");
    }

    #[test]
    fn feedback_forms() {
        let base = "2024年3月4日至5月17日，省委第三巡视组对青禾市开展了巡视。";
        for (second, want) in [
            (
                "8月9日，省委第三巡视组向青禾市委反馈了巡视意见。",
                "2024年8月9日",
            ),
            ("8月9日，省委第三巡视组召开巡视反馈会议。", "2024年8月9日"),
            (
                "8月9日，省委第三巡视组向青禾市委集中反馈了巡视意见。",
                "2024年8月9日",
            ),
            (
                "2024.8.9，省委第三巡视组向青禾市委反馈了巡视意见。",
                "2024年8月9日",
            ),
            (
                "2024-08-09，省委第三巡视组向青禾市委反馈了巡视意见。",
                "2024年8月9日",
            ),
            (
                "2025年1月6日，省委第三巡视组向青禾市委反馈了巡视意见。",
                "2025年1月6日",
            ),
        ] {
            assert_eq!(intro(&format!("{base}{second}"))[5], want, "{second}");
        }
        // Same sentence as the period.
        let [.., fb] = intro(
            "2024年3月4日至5月17日，省委第三巡视组对青禾市开展了巡视，并于10月11日反馈了巡视情况。",
        );
        assert_eq!(fb, "2024年10月11日");
        // In the next paragraph, as a range, with 全面反馈.
        let [.., fb] = intro(&format!(
            "{base}\n2024年6月20日至6月28日，区委5个巡察组分别向被巡察党组织反馈了巡察意见。"
        ));
        assert_eq!(fb, "2024年6月20日~2024年6月28日");
        let [.., fb] =
            intro("2022年1月27日，区委4个巡察组向40家被巡察单位党组织全面反馈巡察情况。");
        assert_eq!(fb, "2022年1月27日");
    }

    #[test]
    fn not_feedback_sentences() {
        let doc = parse(
            "2024年3月4日至5月17日，省委第三巡视组对青禾市开展了巡视。收到反馈意见后，6月2日召开会议。"
                .to_string(),
        );
        let intro = doc.intro.unwrap();
        assert!(intro.feedback.is_none());
        assert!(doc.dates.iter().all(|d| d.role != DateRole::Feedback));
    }

    #[test]
    fn the_group_starts_at_its_body() {
        for (text, group) in [
            (
                "情况列为十三届市委第五轮巡察对市水务局党组开展了常规巡察。",
                "十三届市委第五轮巡察",
            ),
            (
                "经研究同意省委第七巡视组对临溪市开展了巡视。",
                "省委第七巡视组",
            ),
            (
                "2024年3月4日至5月17日，集团公司党组第一巡察组对物流分公司党委开展了巡察。",
                "集团公司党组第一巡察组",
            ),
            (
                "2024年3月4日至5月17日，中共临溪市委第一巡察组对石门乡党委开展了巡察。",
                "中共临溪市委第一巡察组",
            ),
        ] {
            assert_eq!(intro(text)[0], group, "{text}");
        }
    }

    #[test]
    fn term_of_the_group() {
        let doc = parse(
            "2024年3月4日至5月17日，十九届中央第七轮巡视对远山集团开展了常规巡视。".to_string(),
        );
        assert_eq!(doc.intro.unwrap().term, Some(InspectionTerm::Xunshi));
    }
}
