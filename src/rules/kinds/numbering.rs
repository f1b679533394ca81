//! `numbering`: ordinals run 1, 2, 3… without gaps, repeats or reversals.
//!
//! Headings are checked among siblings: same parent in the outline and same level
//! (`一、二、三、`, the `（一）（二）` under each `一、`, and so on), each sequence starting at 1.
//! With `inline: true`, `一是…二是…` markers are checked too, each run on its own (a run never
//! crosses a heading; see `parse::enumerations`), and a new `一是` starts a new sequence. After a wrong ordinal, the next one may continue from either the wrong or the
//! expected value, so one typo yields one diagnostic.

use crate::model::Document;
use crate::numbers::to_chinese;
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};
use std::collections::BTreeMap;

rule_spec! {
    /// Rule file of kind `numbering`.
    pub(crate) struct Spec {
        /// Also check `一是、二是` enumerations.
        #[serde(default)]
        pub inline: bool,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = &["expected", "found"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        Ok(Box::new(Numbering {
            inline: self.inline,
        }))
    }
}

struct Numbering {
    inline: bool,
}

/// The marker of `n` at `level` as GB/T 9704 writes it.
fn marker(level: u8, n: u64) -> String {
    match level {
        1 => format!("{}、", to_chinese(n)),
        2 => format!("（{}）", to_chinese(n)),
        3 => format!("{n}."),
        4 => format!("（{n}）"),
        _ => format!("{}是", to_chinese(n)),
    }
}

/// Ordinals in writing order: (marker span, number).
type Sequence = Vec<(std::ops::Range<usize>, u64)>;

/// Walks one sequence of (span, number); reports each ordinal that does not follow.
fn sequence(
    level: u8,
    items: &[(std::ops::Range<usize>, u64)],
    restart_at_one: bool,
    out: &mut Reporter,
) {
    let mut accept: Vec<u64> = vec![1];
    for (span, n) in items {
        if restart_at_one && *n == 1 {
            accept = vec![2];
            continue;
        }
        if accept.contains(n) {
            accept = vec![n + 1];
            continue;
        }
        let expected = accept[0];
        out.report(
            span.clone(),
            &[
                ("expected", marker(level, expected)),
                ("found", marker(level, *n)),
            ],
        );
        accept = vec![n + 1, expected + 1];
    }
}

impl Check for Numbering {
    fn run(&self, doc: &Document, out: &mut Reporter) {
        let mut groups: BTreeMap<(Option<usize>, u8), Sequence> = BTreeMap::new();
        for h in &doc.headings {
            if let Some(n) = h.number {
                groups
                    .entry((h.parent, h.level))
                    .or_default()
                    .push((h.marker.clone(), n));
            }
        }
        for ((_, level), items) in &groups {
            sequence(*level, items, false, out);
        }
        if self.inline {
            // Runs are numbered on their own; they are built in order, so one pass splits them.
            let mut runs: BTreeMap<usize, Sequence> = BTreeMap::new();
            for e in &doc.enumerations {
                runs.entry(e.run)
                    .or_default()
                    .push((e.span.clone(), e.number));
            }
            for items in runs.values() {
                sequence(0, items, true, out);
            }
        }
    }
}
