//! `required`: an element of the announcement's skeleton must be present.
//!
//! Reports, once per document, a missing inspection statement (group and period), feedback
//! date, public contact channel or issuing body. The span points where the element belongs.

use crate::model::{ContactKind, DateRole, Document, LineKind, Span};
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Emitter};
use serde::Deserialize;

/// Skeleton elements a rule can require.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Element {
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
    pub struct Spec {
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

/// The first paragraph after the header and title: where the intro belongs.
fn top(doc: &Document) -> Span {
    doc.nonblank_lines()
        .find(|l| l.kind == LineKind::Paragraph && Some(&l.span) != doc.title.as_ref())
        .map_or(0..0, |l| l.span.clone())
}

/// The last non-blank line: where a signature or contact block belongs.
fn bottom(doc: &Document) -> Span {
    doc.nonblank_lines().last().map_or(0..0, |l| l.span.clone())
}

impl Check for Required {
    fn run(&self, doc: &Document, out: &mut Emitter) {
        let (span, missing) = match self.element {
            Element::InspectionPeriod => match &doc.intro {
                None => (top(doc), "巡视（巡察）组及其开展巡视（巡察）的起止日期"),
                Some(i) if i.period.is_none() => (
                    i.group.clone().unwrap_or(i.span.clone()),
                    "开展巡视（巡察）的起止日期",
                ),
                Some(_) => return,
            },
            Element::FeedbackDate => {
                if doc.dates.iter().any(|d| d.role == DateRole::Feedback) {
                    return;
                }
                (
                    doc.intro
                        .as_ref()
                        .map_or_else(|| top(doc), |i| i.span.clone()),
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
        out.report(span, &[("missing", missing.to_string())]);
    }
}
