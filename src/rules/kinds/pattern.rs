//! `pattern`: text that must not appear (placeholders, obsolete terms, half-width
//! punctuation). Each pattern is a regex compiled at load; the span is the named group
//! `hit` when the regex has one, else the whole match. With `fix: true` the suggestion
//! replaces the span under `--fix` (only for mechanical edits such as punctuation width).

use super::{Re, compile};
use crate::model::Document;
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};
use serde::Deserialize;

/// One forbidden pattern.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PatternSpec {
    /// Rust regex; the span is the group named `hit`, else the whole match.
    pub regex: String,
    /// The replacement to suggest (`{suggest}` in the message).
    #[serde(default)]
    pub suggest: String,
    /// Whether replacing the match by `suggest` is a safe fix (`--fix` applies it).
    #[serde(default)]
    pub fix: bool,
    /// A character class the character before the match must not be in (`[A-Za-z]`).
    // Written here rather than as `(?:^|[^A-Za-z])` in the regex, so that the regex starts
    // with its literal and the regex engine can skip ahead to it (20–100× faster).
    #[serde(default, rename = "not-after")]
    pub(crate) not_after: Option<String>,
}

rule_spec! {
    /// Rule file of kind `pattern`.
    pub(crate) struct Spec {
        /// The forbidden patterns.
        #[schemars(length(min = 1))]
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
                let not_after = match &p.not_after {
                    Some(class) => Some(compile(&format!("^(?:{class})$"))?),
                    None => None,
                };
                Ok(Compiled {
                    re: compile(&p.regex)?,
                    suggest: p.suggest,
                    fix: p.fix,
                    not_after,
                })
            })
            .collect::<Result<_, BuildError>>()?;
        Ok(Box::new(Pattern { patterns }))
    }
}

struct Compiled {
    re: Re,
    suggest: String,
    /// Whether the suggestion is a safe fix.
    fix: bool,
    /// Matches the single character before a match that disqualifies it.
    not_after: Option<Re>,
}

struct Pattern {
    patterns: Vec<Compiled>,
}

impl Check for Pattern {
    fn run(&self, doc: &Document, out: &mut Reporter) {
        for Compiled {
            re,
            suggest,
            fix,
            not_after,
        } in &self.patterns
        {
            // Most documents hold none of the characters a placeholder starts with.
            if !re.may_match(&doc.text) {
                continue;
            }
            for caps in re.captures_iter(&doc.text) {
                let Some(m) = caps.name("hit").or_else(|| caps.get(0)) else {
                    continue;
                };
                if m.is_empty() {
                    continue;
                }
                if let (Some(na), Some(before)) =
                    (not_after, doc.text[..m.start()].chars().next_back())
                {
                    if na.is_match(before.encode_utf8(&mut [0; 4])) {
                        continue;
                    }
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
