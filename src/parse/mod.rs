//! Parse: text → [`Document`]. The pest grammar (`grammar/announcement.pest`) recognises the
//! line structure and the inline tokens; the builders here turn pairs into the model. Pest
//! pairs never leave this module.
//!
//! One module per fact, each opening with the cue words and accepted forms as tables a
//! domain expert can extend without reading the rest, and with the literal prefilter that
//! guards its grammar entry rule (the prefilter finds the few offsets where the rule can
//! match; pest runs only there):
//!
//! | module | fact | prefilter → entry rule |
//! |---|---|---|
//! | [`structure`] | lines, headings, outline, feedback-area sections | none → `document` |
//! | [`dates`] | dates with roles and inherited years; malformed dates | `月` → `date`; `.-/` after a year; `日` |
//! | [`declared`] | `N个方面…问题` declarations | `方面` |
//! | [`tallies`] | totals with breakdowns, four forms | `（`/`(` → `paren_tally`; `其中` → `qizhong_tally`, `four_forms` |
//! | [`intro`] | inspecting body, inspected body, kind, period, feedback date | `巡视`/`巡察`, `反馈` |
//! | [`as_of`] | 截至 dates | `截至`/`截止` |
//! | [`progress`] | progress with its categories and rate | the done cues |
//! | [`contacts`] | phones, mailboxes, emails, postcodes, websites | `：`/`:` |
//! | [`enumerations`] | `一是…二是…` runs | `是` |
//! | [`signature`] | title, issuing body and issue date | none (first and last lines) |
//!
//! Order matters: structure first, then the inline tokens, then the facts that read them.
//! `zhenggai inspect FILE` prints what each module recognised (see [`crate::inspect`]).

pub(crate) mod as_of;
pub(crate) mod contacts;
pub(crate) mod dates;
pub(crate) mod declared;
pub(crate) mod enumerations;
pub(crate) mod intro;
pub(crate) mod progress;
pub(crate) mod signature;
pub(crate) mod structure;
pub(crate) mod tallies;

use crate::model::Document;
use pest::Parser;
use pest::iterators::Pair;

/// The pest parser generated from `grammar/announcement.pest`, in a module of its own so that
/// its generated `Rule` (a grammar rule) can be named `GrammarRule` here and never meet
/// `rules::Rule` (a rule file's check).
mod grammar {
    use pest_derive::Parser;

    /// The pest parser generated from `grammar/announcement.pest`.
    #[derive(Parser)]
    #[grammar = "../grammar/announcement.pest"]
    pub(crate) struct AnnouncementParser;
}

pub(crate) use grammar::{AnnouncementParser, Rule as GrammarRule};

/// Parses a decoded draft. Never fails: text the grammar does not recognise becomes plain
/// paragraphs.
pub fn parse(text: String) -> Document {
    let mut doc = Document {
        text,
        ..Default::default()
    };
    structure::lines(&mut doc);
    structure::outline(&mut doc);
    dates::dates(&mut doc);
    declared::declared(&mut doc);
    tallies::tallies(&mut doc);
    intro::intro(&mut doc);
    as_of::as_of_dates(&mut doc);
    progress::progress(&mut doc);
    contacts::contacts(&mut doc);
    enumerations::enumerations(&mut doc);
    signature::title_and_signature(&mut doc);
    structure::areas(&mut doc);
    doc
}

/// The longest stretch an inline token is looked for in, in bytes.
const TOKEN_WINDOW: usize = 4096;

/// Runs `rule` anchored at byte `start`; returns its pair when it matches there.
///
/// The rule sees only the rest of the line, at most [`TOKEN_WINDOW`] bytes: pest builds an
/// error for every failed attempt and finds its line by scanning back from the end of the
/// input, so handing it the whole rest of the text made a draft's check quadratic (a 100 MB
/// file would have taken about 20 minutes).
fn parse_at(rule: GrammarRule, text: &str, start: usize) -> Option<Pair<'_, GrammarRule>> {
    let mut end = (start + TOKEN_WINDOW).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let end =
        memchr::memchr2(b'\n', b'\r', &text.as_bytes()[start..end]).map_or(end, |i| start + i);
    AnnouncementParser::parse(rule, &text[start..end])
        .ok()?
        .next()
}

/// Byte span of a pair parsed at `base`.
fn span_at(p: &Pair<GrammarRule>, base: usize) -> std::ops::Range<usize> {
    base + p.as_span().start()..base + p.as_span().end()
}

/// Steps back from byte `end` over chars satisfying `pred`, at most `max` chars; returns the
/// new start (== `end` when none matched).
pub(crate) fn back_over(text: &str, end: usize, max: usize, pred: impl Fn(char) -> bool) -> usize {
    let mut start = end;
    for (n, c) in text[..end].chars().rev().enumerate() {
        if n >= max || !pred(c) {
            break;
        }
        start -= c.len_utf8();
    }
    start
}

/// Chinese digits used in counts and ordinals (with `十`, `百`).
pub(crate) fn is_cn_digit(c: char) -> bool {
    crate::vocab::is_cn_numeral_char(c)
}

/// ASCII or full-width digits.
pub(crate) fn is_digit(c: char) -> bool {
    crate::vocab::is_digit(c)
}

/// The sentence around byte range `at` inside `within`: from after the previous `。`/`！`/`？`
/// (or the start of `within`) to the next one (inclusive) or the end.
pub(crate) fn sentence_around(
    text: &str,
    within: &std::ops::Range<usize>,
    at: &std::ops::Range<usize>,
) -> std::ops::Range<usize> {
    const ENDS: [char; 3] = ['。', '！', '？'];
    let start = text[within.start..at.start]
        .rfind(ENDS)
        .map_or(within.start, |p| within.start + p + '。'.len_utf8());
    let end = text[at.end..within.end]
        .find(ENDS)
        .map_or(within.end, |p| at.end + p + '。'.len_utf8());
    start..end
}

/// Compiles a built-in pattern (a test compiles every one).
pub(crate) fn re(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).expect("built-in pattern")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DateRole, LineKind, TallyShape};

    const DOC: &str = "2025-06-10 09:00 青川省纪委监委网站\n\
中共临溪市委关于巡视整改情况的通报\n\
根据省委统一部署，2024年3月18日至5月20日，省委第七巡视组对临溪市开展了巡视。8月9日，省委巡视组向临溪市委反馈了巡视意见。\n\
对照巡视反馈的两个方面12个问题，逐项研究。\n\
给予党纪处分5人（党内警告3人，严重警告2人）；问责4人，其中诫勉3人。\n\
一、关于“甲”问题的整改情况\n\
（一）第一项。\n\
（二）第二项。\n\
二、关于“乙”问题的整改情况\n\
（一）第一项。\n\
下一步，一是继续。二是巩固。\n\
联系电话：0833-6217045；电子邮箱：a@b.com。\n\
中共临溪市委\n\
2025年6月10日";

    #[test]
    fn builds_the_model() {
        let doc = parse(DOC.to_string());
        assert!(doc.header.is_some());
        assert_eq!(
            doc.slice(doc.title.as_ref().unwrap()),
            "中共临溪市委关于巡视整改情况的通报"
        );
        let intro = doc.intro.as_ref().unwrap();
        assert_eq!(doc.slice(intro.group.as_ref().unwrap()), "省委第七巡视组");
        assert_eq!(doc.slice(intro.body.as_ref().unwrap()), "临溪市");
        let (s, e) = intro.period.unwrap();
        assert_eq!(doc.dates[s].display(), "2024年3月18日");
        assert_eq!(doc.dates[e].display(), "2024年5月20日");
        assert!(doc.dates[e].inherited);
        let fb = &doc.dates[intro.feedback.unwrap()];
        assert_eq!(
            (fb.display().as_str(), fb.role),
            ("2024年8月9日", DateRole::Feedback)
        );
        assert_eq!(doc.declared[0].areas.value, 2);
        assert_eq!(doc.declared[0].problems.as_ref().unwrap().value, 12);
        assert_eq!(doc.headings.len(), 5);
        assert_eq!(doc.areas.len(), 2);
        assert_eq!(doc.headings[0].children.len(), 2);
        assert_eq!(doc.tallies.len(), 2);
        assert_eq!(doc.tallies[0].shape, TallyShape::Partition);
        assert_eq!(doc.tallies[0].parts.len(), 2);
        assert_eq!(doc.tallies[1].shape, TallyShape::Subset);
        assert_eq!(doc.contacts.len(), 2);
        let sig = doc.signature.as_ref().unwrap();
        assert_eq!(doc.slice(sig.body.as_ref().unwrap()), "中共临溪市委");
        assert_eq!(doc.dates[sig.date.unwrap()].role, DateRole::Issued);
        assert_eq!(doc.enumerations.len(), 2);
        assert!(doc.lines.iter().any(|l| l.kind == LineKind::DateLine));
    }

    #[test]
    fn breakdown_labels_are_at_most_24_characters() {
        let (l24, l25) = ("甲".repeat(24), "甲".repeat(25));
        let tallies = |text: &str| {
            let doc = parse(text.to_string());
            doc.tallies
                .iter()
                .map(|t| (t.parts.len(), doc.slice(&t.span).to_string()))
                .collect::<Vec<_>>()
        };
        let ok = format!("党纪处分5人（{l24}3人，乙2人）。");
        assert_eq!(tallies(&ok), [(2, ok.trim_end_matches('。').to_string())]);
        assert!(tallies(&format!("党纪处分5人（{l25}3人，乙2人）。")).is_empty());
        assert!(tallies(&format!("党纪处分5人（乙3人，{l25}2人）。")).is_empty());
        // A 其中 list ends before the long item.
        assert_eq!(
            tallies(&format!("问责9人，其中诫勉3人、{l25}2人、组织处理1人。")),
            [(1, "问责9人，其中诫勉3人".to_string())]
        );
        assert!(tallies(&format!("问责9人，其中{l25}2人。")).is_empty());
        assert_eq!(
            tallies(&format!("问责9人，其中诫勉3人，{l24}2人。"))[0].0,
            2
        );
    }

    #[test]
    fn any_text_parses() {
        for text in [
            "",
            "\n\n",
            "\r\n\r",
            "((((",
            "一、",
            "（一",
            "2025年13月40日",
            "\u{0}\u{1}",
            "月月月年年",
        ] {
            let doc = parse(text.to_string());
            for l in &doc.lines {
                assert!(text.is_char_boundary(l.span.start) && l.span.end <= text.len());
            }
        }
    }
}
