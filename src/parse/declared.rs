//! Declared counts: how many feedback areas (and problems) the report says it answers
//! (`对照巡视反馈的九个方面30个重点问题`). `declared-sections` compares the first with the
//! feedback-area sections.
//!
//! A declaration is an `N个方面` (or `N方面`) tied to the feedback, wherever it stands (the
//! intro, the organisation part): either a cue word before it in its clause, or the count of
//! problems right after it. Forms read:
//! - `九个方面30个重点问题`, `3个方面、12个问题`, `两个方面12项问题` (areas and problems);
//! - `反馈的六个方面17大项69子项问题` (大项/子项 counts are not problems to compare);
//! - `将省委巡视反馈5个方面问题进行了细化分解` (areas only).
//!
//! Decoys that are not declarations: `开展了9个方面专项自查`, `形成涵盖6方面24项125条任务清单`,
//! `提出5方面24项90条措施` — no cue, or words of a plan (`DECOYS`) before any `问题`.

use super::{back_over, is_cn_digit, is_digit, re};
use crate::model::{Count, Declared, Document};
use crate::numbers::parse_count;
use memchr::memmem;
use regex::Regex;
use std::sync::LazyLock;

/// Words before `N个方面` in its clause that tie it to the feedback.
pub(crate) const CUES: &[&str] = &["反馈", "指出", "发现", "巡视", "巡察"];

/// Words after `N个方面` that make it a plan of the body's own, not the feedback's areas.
pub(crate) const DECOYS: &[&str] = &["自查", "检查", "任务", "措施", "清单", "举措", "行动"];

/// How far before `N个方面` a cue word is looked for, in characters.
const CUE_WINDOW: usize = 24;

/// The problem count right after the areas: `30个重点问题`, `、12项问题`.
static PROBLEMS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:[、，,的共])?(?P<n>[0-9０-９]+|[一二三四五六七八九十百两〇零]+)(?:个|项|条)(?:重点|突出|具体|主要)?问题",
    )
});

/// Every declaration, in order (prefilter: `方面`).
pub(super) fn declared(doc: &mut Document) {
    let text = doc.text.as_str();
    for pos in memmem::find_iter(text.as_bytes(), "方面".as_bytes()) {
        let count_end = if text[..pos].ends_with('个') {
            pos - '个'.len_utf8()
        } else {
            pos
        };
        let start = back_over(text, count_end, 4, |c| is_digit(c) || is_cn_digit(c));
        if start == count_end {
            continue;
        }
        let Some(areas) = count(text, start..count_end) else {
            continue;
        };
        let after = pos + "方面".len();
        let tail = clause_rest(text, after, 30);
        let problems = PROBLEMS.captures(tail).and_then(|c| {
            let m = c.name("n")?;
            let end = after + c.get(0)?.end();
            Some((count(text, after + m.start()..after + m.end())?, end))
        });
        let span_end = match &problems {
            Some((_, end)) => *end,
            None => {
                let cue = clause_before(text, start, CUE_WINDOW);
                if !CUES.iter().any(|c| cue.contains(c)) {
                    continue;
                }
                let Some(q) = tail.find("问题") else {
                    continue;
                };
                if DECOYS.iter().any(|d| tail[..q].contains(d)) {
                    continue;
                }
                after + q + "问题".len()
            }
        };
        doc.declared.push(Declared {
            span: start..span_end,
            areas,
            problems: problems.map(|(c, _)| c),
        });
    }
}

fn count(text: &str, span: std::ops::Range<usize>) -> Option<Count> {
    let value = parse_count(&text[span.clone()])?;
    Some(Count { span, value })
}

/// The text after `from` up to the end of its clause (`，。；`), at most `max` characters.
fn clause_rest(text: &str, from: usize, max: usize) -> &str {
    let rest = &text[from..];
    let end = rest
        .char_indices()
        .take(max)
        .find(|&(_, c)| matches!(c, '，' | ',' | '。' | '；' | ';' | '\n' | '\r'))
        .map_or_else(
            || rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i),
            |(i, _)| i,
        );
    &rest[..end]
}

/// The text before `to` back to the start of its clause, at most `max` characters.
fn clause_before(text: &str, to: usize, max: usize) -> &str {
    let start = back_over(text, to, max, |c| {
        !matches!(c, '，' | ',' | '。' | '；' | ';' | '\n' | '\r')
    });
    &text[start..to]
}

#[cfg(test)]
mod tests {
    use crate::parse::parse;

    fn declared(text: &str) -> Vec<(u64, Option<u64>, String)> {
        let doc = parse(text.to_string());
        doc.declared
            .iter()
            .map(|d| {
                (
                    d.areas.value,
                    d.problems.as_ref().map(|p| p.value),
                    doc.slice(&d.span).to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn areas_and_problems() {
        assert_eq!(
            declared("对照巡视反馈的九个方面30个重点问题，逐项研究。"),
            [(9, Some(30), "九个方面30个重点问题".into())]
        );
        assert_eq!(declared("围绕3个方面、12项问题")[0].1, Some(12));
    }

    #[test]
    fn areas_with_sub_items_or_alone() {
        assert_eq!(
            declared("对照中央巡视反馈的六个方面17大项69子项问题，逐项分析。"),
            [(6, None, "六个方面17大项69子项问题".into())]
        );
        assert_eq!(
            declared("将省委巡视反馈5个方面问题进行了细化分解。"),
            [(5, None, "5个方面问题".into())]
        );
    }

    #[test]
    fn decoys_are_not_declarations() {
        for text in [
            "学校党委在逐条整改反馈问题的同时，组织开展了8个方面专项自查、检查。",
            "形成涵盖6方面24项125条任务清单。",
            "对照巡视反馈意见，提出5方面24项90条措施。",
            "从3个方面推进工作。",
        ] {
            assert!(declared(text).is_empty(), "{text}");
        }
    }
}
