//! `pattern`: text that must not appear (placeholders, obsolete terms, half-width
//! punctuation). Each pattern is a regex compiled at load; the span is the named group
//! `hit` when the regex has one, else the whole match. With `fix: true` the suggestion
//! replaces the span under `--fix` (only for mechanical edits such as punctuation width).

use super::compile;
use crate::model::Document;
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Emitter};
use regex::Regex;
use serde::Deserialize;

/// One forbidden pattern.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternSpec {
    /// The regex.
    pub regex: String,
    /// The replacement to suggest (`{suggest}` in the message).
    #[serde(default)]
    pub suggest: String,
    /// Whether replacing the match by `suggest` is a safe fix (`--fix` applies it).
    #[serde(default)]
    pub fix: bool,
}

rule_spec! {
    /// Rule file of kind `pattern`.
    pub struct Spec {
        /// The forbidden patterns.
        pub patterns: Vec<PatternSpec>,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = &["match", "suggest"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        if self.patterns.is_empty() {
            return Err(BuildError::new(
                "patterns",
                "`patterns` needs at least one entry",
            ));
        }
        let patterns = self
            .patterns
            .into_iter()
            .map(|p| {
                if p.fix && p.suggest.is_empty() {
                    return Err(BuildError::new(
                        p.regex.clone(),
                        "`fix: true` needs a `suggest` to replace the match with",
                    ));
                }
                Ok((compile(&p.regex)?, p.suggest, p.fix))
            })
            .collect::<Result<_, BuildError>>()?;
        Ok(Box::new(Pattern { patterns }))
    }
}

struct Pattern {
    /// Regex, suggestion, whether the suggestion is a safe fix.
    patterns: Vec<(Regex, String, bool)>,
}

impl Check for Pattern {
    fn run(&self, doc: &Document, out: &mut Emitter) {
        for (re, suggest, fix) in &self.patterns {
            for caps in re.captures_iter(&doc.text) {
                let Some(m) = caps.name("hit").or_else(|| caps.get(0)) else {
                    continue;
                };
                if m.is_empty() {
                    continue;
                }
                let d = out.report(
                    m.range(),
                    &[
                        ("match", m.as_str().to_string()),
                        ("suggest", suggest.clone()),
                    ],
                );
                if *fix {
                    d.fix(m.range(), suggest.clone());
                } else if !suggest.is_empty() {
                    d.note(format!("改为：{suggest}"));
                }
            }
        }
    }
}
