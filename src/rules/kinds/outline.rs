//! `outline`: headings descend one level at a time, `一、` → `（一）` → `1.` → `（1）`
//! (GB/T 9704-2012 7.3.3).
//!
//! Reports a heading more than one level below the heading it stands under (`一、` followed
//! directly by `1.`), and one that comes before any heading of the level above it (a `1.`
//! before the first `（一）` of a document whose outline has them). A document whose top level is
//! `（一）` (no `一、` at all) is fine: only skipped levels are reported.

use crate::model::Document;
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};

rule_spec! {
    /// Rule file of kind `outline`.
    pub(crate) struct Spec {}
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = &["found", "expected", "parent"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        Ok(Box::new(Outline))
    }
}

struct Outline;

/// How GB/T 9704 writes a marker of `level`.
fn level_name(level: u8) -> &'static str {
    match level {
        1 => "一、",
        2 => "（一）",
        3 => "1.",
        _ => "（1）",
    }
}

impl Check for Outline {
    fn run(&self, doc: &Document, out: &mut Reporter) {
        let Some(top) = doc.headings.iter().map(|h| h.level).min() else {
            return;
        };
        for h in &doc.headings {
            let (allowed, parent) = match h.parent {
                Some(p) => (doc.headings[p].level + 1, Some(p)),
                None => (top, None),
            };
            if h.level <= allowed {
                continue;
            }
            let parent_text = parent.map_or_else(
                || "（文档开头）".to_string(),
                |p| doc.slice(&doc.headings[p].marker).to_string(),
            );
            let d = out.report(
                h.marker.clone(),
                &[
                    ("found", doc.slice(&h.marker).to_string()),
                    ("expected", level_name(allowed).to_string()),
                    ("parent", parent_text),
                ],
            );
            if let Some(p) = parent {
                d.label(doc.headings[p].marker.clone(), "上一级标题");
            }
        }
    }
}
