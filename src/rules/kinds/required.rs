//! `required`: an element of the announcement's skeleton must be present.
//!
//! Reports, once per document, a missing inspection statement (group and period), feedback
//! date, public contact channel or issuing body. The span points where the element belongs.

use crate::model::{ContactKind, DateRole, Document, LineKind, Span};
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};
use serde::Deserialize;

/// Skeleton elements a rule can require.
#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Element {
    /// Who inspected whom, from when to when.
    InspectionPeriod,
    /// The date feedback was given.
    FeedbackDate,
    /// A phone number, mailbox or email address for public supervision.
    Contact,
    /// The issuing body at the end.
    Signature,
}

rule_spec! {
    /// Rule file of kind `required`.
    pub(crate) struct Spec {
        /// The element that must be present.
        pub element: Element,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = &["missing"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        Ok(Box::new(Required {
            element: self.element,
        }))
    }
}

struct Required {
    element: Element,
}

/// What a rule looked for and an example of the expected form, shown as a note: a drafter
/// who sees "missing" on a statement written in other words learns what was expected (and
/// `zhenggai inspect` shows what was recognised).
fn looked_for(element: Element) -> &'static str {
    match element {
        Element::InspectionPeriod => {
            "查找的是开篇交代巡视（巡察）的语句及其起止日期，例如“2024年3月18日至5月20日，省委第七巡视组对××开展了巡视”，也可写作“2023年11月至12月，区委组建4个巡察组，对××开展常规巡察”；用 zhenggai inspect 可查看识别到的内容"
        }
        Element::FeedbackDate => {
            "查找的是开篇（含其后两段）中写明反馈日期的语句，例如“8月9日，省委第七巡视组向××反馈了巡视意见”“2024年3月5日，召开巡视反馈会议”；用 zhenggai inspect 可查看识别到的内容"
        }
        Element::Contact => {
            "查找的是“标签：号码”形式的监督渠道，例如“联系电话：0571-89510031”“邮政信箱：××市101信箱”“电子邮箱：×××@163.com”“举报网站：http://…”"
        }
        Element::Signature => {
            "查找的是文末单独一行的发文机关名称，例如“中共××市委”，其下一行为成文日期"
        }
    }
}

/// The first clause (up to `，`, `。`, `；` or a colon) of a span: a missing-element
/// diagnostic points at a short span, never a whole paragraph.
fn first_clause(doc: &Document, span: Span) -> Span {
    let s = doc.slice(&span);
    let lead = s.len() - s.trim_start().len();
    let body = &s[lead..];
    let end = body
        .find(['，', ',', '。', '；', ';', '：', ':'])
        .filter(|&e| e > 0)
        .unwrap_or(body.len());
    span.start + lead..span.start + lead + end
}

/// Where the intro belongs: the title, else the first clause of the first paragraph.
fn top(doc: &Document) -> Span {
    if let Some(t) = &doc.title {
        return t.clone();
    }
    doc.nonblank_lines()
        .find(|l| l.kind == LineKind::Paragraph)
        .map_or(0..0, |l| first_clause(doc, l.span.clone()))
}

/// The last non-blank line's first clause: where a signature or contact block belongs.
fn bottom(doc: &Document) -> Span {
    doc.nonblank_lines()
        .last()
        .map_or(0..0, |l| first_clause(doc, l.span.clone()))
}

impl Check for Required {
    fn run(&self, doc: &Document, out: &mut Reporter) {
        let intro_clause = |i: &crate::model::Intro| {
            i.group
                .clone()
                .unwrap_or_else(|| first_clause(doc, i.span.clone()))
        };
        let (span, missing) = match self.element {
            Element::InspectionPeriod => match &doc.intro {
                Some(i) if i.period.is_some() => return,
                Some(i) if i.group.is_some() => (intro_clause(i), "开展巡视（巡察）的起止日期"),
                _ => (top(doc), "巡视（巡察）组及其开展巡视（巡察）的起止日期"),
            },
            Element::FeedbackDate => {
                if doc.dates.iter().any(|d| d.role == DateRole::Feedback) {
                    return;
                }
                (
                    doc.intro
                        .as_ref()
                        .filter(|i| i.group.is_some())
                        .map_or_else(|| top(doc), intro_clause),
                    "反馈巡视（巡察）意见的日期",
                )
            }
            Element::Contact => {
                if doc.contacts.iter().any(|c| c.kind != ContactKind::Postcode) {
                    return;
                }
                let end = doc
                    .signature
                    .as_ref()
                    .and_then(|s| s.body.clone())
                    .unwrap_or_else(|| bottom(doc));
                (end, "联系电话、邮政信箱或电子邮箱")
            }
            Element::Signature => {
                if doc.signature.as_ref().is_some_and(|s| s.body.is_some()) {
                    return;
                }
                (bottom(doc), "文末的发文机关署名")
            }
        };
        out.report(span, &[("missing", missing.to_string())])
            .note(looked_for(self.element));
    }
}
