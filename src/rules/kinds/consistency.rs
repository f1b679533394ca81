//! `consistency`: one of two terms is used throughout the structural places.
//!
//! The document's term is the one its inspecting group is named with (`省委第七巡视组` →
//! 巡视), else the title's. In the title, the intro paragraph and the headings, the other
//! term is reported where it stands in a structural phrase (`contexts`, with `{term}` for
//! the term: `反馈了{term}意见`, `{term}整改`…), outside quotation marks and not as part of
//! a compound (`巡视巡察上下联动`). Mentions of the other term as a topic elsewhere are fine.

use super::{Re, compile};
use crate::model::{Document, InspectionTerm, Span};
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};

rule_spec! {
    /// Rule file of kind `consistency`.
    pub(crate) struct Spec {
        /// Structural phrases; `{term}` stands for either term.
        pub(crate) contexts: Vec<String>,
        /// Compounds in which both terms legitimately stand (`巡视巡察`).
        #[serde(default)]
        pub(crate) compounds: Vec<String>,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = &["expected", "found"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        if let Some(c) = self.contexts.iter().find(|c| !c.contains("{term}")) {
            return Err(BuildError::new(c.clone(), "each context needs `{term}`"));
        }
        let mut per_term = Vec::new();
        for term in [InspectionTerm::Xunshi, InspectionTerm::Xuncha] {
            // One alternative per context, each with its own group (`t0`, `t1`…) on the term.
            let pattern = self
                .contexts
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    format!(
                        "(?:{})",
                        c.replace("{term}", &format!("(?P<t{i}>{})", term.as_str()))
                    )
                })
                .collect::<Vec<_>>()
                .join("|");
            per_term.push((term, compile(&pattern)?));
        }
        Ok(Box::new(Consistency {
            per_term,
            compounds: self.compounds,
        }))
    }
}

struct Consistency {
    per_term: Vec<(InspectionTerm, Re)>,
    compounds: Vec<String>,
}

/// Byte ranges inside “…” in `s`.
fn quoted(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, c) in s.char_indices() {
        match c {
            '“' => open = Some(i),
            '”' => {
                if let Some(o) = open.take() {
                    out.push(o..i);
                }
            }
            _ => {}
        }
    }
    out
}

impl Consistency {
    fn doc_term(doc: &Document) -> Option<InspectionTerm> {
        if let Some(t) = doc.intro.as_ref().and_then(|i| i.term) {
            return Some(t);
        }
        let title = doc.title.as_ref().map(|t| doc.slice(t))?;
        match (title.contains("巡视"), title.contains("巡察")) {
            (true, false) => Some(InspectionTerm::Xunshi),
            (false, true) => Some(InspectionTerm::Xuncha),
            _ => None,
        }
    }

    fn places(doc: &Document) -> Vec<Span> {
        let mut v: Vec<Span> = doc.title.iter().cloned().collect();
        if let Some(i) = &doc.intro {
            v.push(i.span.clone());
            // The feedback sentence may stand in the next paragraph.
            v.extend(
                i.feedback_sentence
                    .clone()
                    .filter(|s| !i.span.contains(&s.start)),
            );
        }
        v.extend(doc.headings.iter().map(|h| h.title.clone()));
        v
    }
}

impl Check for Consistency {
    fn run(&self, doc: &Document, out: &mut Reporter) {
        let Some(term) = Self::doc_term(doc) else {
            return;
        };
        let Some((other, re)) = self.per_term.iter().find(|(t, _)| *t != term) else {
            return;
        };
        let finder = memchr::memmem::Finder::new(other.as_str());
        for place in Self::places(doc) {
            let s = doc.slice(&place);
            // Most places never name the other term: skip the regex for them.
            if finder.find(s.as_bytes()).is_none() {
                continue;
            }
            let quotes = quoted(s);
            for caps in re.captures_iter(s) {
                let Some(m) = caps.iter().skip(1).flatten().next() else {
                    continue;
                };
                if quotes.iter().any(|q| q.contains(&m.start())) {
                    continue;
                }
                let in_compound = self.compounds.iter().any(|c| {
                    s[..m.end()].ends_with(c.as_str()) || s[m.start()..].starts_with(c.as_str())
                });
                if in_compound {
                    continue;
                }
                out.report(
                    place.start + m.start()..place.start + m.end(),
                    &[
                        ("expected", term.as_str().to_string()),
                        ("found", other.as_str().to_string()),
                    ],
                );
            }
        }
    }
}
