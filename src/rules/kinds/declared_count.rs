//! `declared-count`: counts announced in the text match the sections written.
//!
//! `target: areas`: the first `N个方面` declared (`对照巡视反馈的九个方面30个重点问题`) equals
//! the number of feedback-area sections, at whatever outline level they sit.
//! `target: items`: a heading announcing a number of problems (`还有3个问题整改不够到位`,
//! matched by `pattern` with a group named `n`) has that many sub-items.

use super::{Re, compile};
use crate::model::Document;
use crate::numbers::parse_count;
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};
use serde::Deserialize;

/// What is counted.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// Declared areas vs feedback-area sections.
    Areas,
    /// A heading's announced problems vs its sub-items.
    Items,
}

rule_spec! {
    /// Rule file of kind `declared-count`.
    pub(crate) struct Spec {
        /// `areas` or `items`.
        pub target: Target,
        /// For `items`: the regex finding the announced number in a heading (group `n`).
        #[serde(default)]
        pub pattern: Option<String>,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = &["declared", "found"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        let pattern = match (self.target, self.pattern) {
            (Target::Items, None) => {
                return Err(BuildError::new(
                    "target",
                    "`target: items` needs a `pattern` with a group named `n`",
                ));
            }
            (_, Some(p)) => {
                let re = compile(&p)?;
                if !re.capture_names().any(|n| n == Some("n")) {
                    return Err(BuildError::new(
                        p,
                        "the pattern needs a capture group named `n` (the announced number)",
                    ));
                }
                Some(re)
            }
            (Target::Areas, None) => None,
        };
        Ok(Box::new(DeclaredCount {
            target: self.target,
            pattern,
        }))
    }
}

struct DeclaredCount {
    target: Target,
    pattern: Option<Re>,
}

impl Check for DeclaredCount {
    fn run(&self, doc: &Document, out: &mut Reporter) {
        match self.target {
            Target::Areas => {
                let Some(decl) = doc.declared.first() else {
                    return;
                };
                let found = doc.areas.len() as u64;
                if found == 0 || found == decl.areas.value {
                    return;
                }
                let d = out.report(
                    decl.areas.span.clone(),
                    &[
                        ("declared", decl.areas.value.to_string()),
                        ("found", found.to_string()),
                    ],
                );
                if let Some(&last) = doc.areas.last() {
                    d.label(
                        doc.headings[last].marker.clone(),
                        format!("第{found}个反馈问题部分"),
                    );
                }
            }
            Target::Items => {
                let Some(re) = &self.pattern else { return };
                for h in &doc.headings {
                    let title = doc.slice(&h.title);
                    let Some(m) = re.captures(title).and_then(|c| c.name("n")) else {
                        continue;
                    };
                    let Some(n) = parse_count(m.as_str()) else {
                        continue;
                    };
                    let found = h.children.len() as u64;
                    if found == 0 || found == n {
                        continue;
                    }
                    let span = h.title.start + m.start()..h.title.start + m.end();
                    out.report(
                        span,
                        &[("declared", n.to_string()), ("found", found.to_string())],
                    )
                    .label(h.marker.clone(), "本部分");
                }
            }
        }
    }
}
