//! `pattern`: text that must not appear (placeholders, obsolete terms, half-width
//! punctuation). Each pattern is a regex compiled at load; the span is the named group
//! `hit` when the regex has one, else the whole match. With `fix: true` the suggestion
//! replaces the span under `--fix` (only for mechanical edits such as punctuation width).

use super::{Re, compile};
use crate::model::Document;
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Emitter};
use memchr::memmem::Finder;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use serde::Deserialize;
use std::sync::OnceLock;

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
    /// A character class the character before the match must not be in (`[A-Za-z]`).
    /// Written here rather than as `(?:^|[^A-Za-z])` in the regex, so that the regex starts
    /// with its literal and the regex engine can skip ahead to it (20–100× faster).
    #[serde(default, rename = "not-after")]
    pub not_after: Option<String>,
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
                let not_after = match &p.not_after {
                    Some(class) => Some(compile(&format!("^(?:{class})$"))?),
                    None => None,
                };
                Ok(Compiled {
                    re: compile(&p.regex)?,
                    screen: Screen(OnceLock::new()),
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
    screen: Screen,
    suggest: String,
    /// Whether the suggestion is a safe fix.
    fix: bool,
    /// Matches the single character before a match that disqualifies it.
    not_after: Option<Re>,
}

struct Pattern {
    patterns: Vec<Compiled>,
}

/// The characters a pattern's matches can start with, when there are at most
/// [`Screen::MAX`]: a document holding none of them cannot match, and memchr/memmem tell
/// that several times faster than the regex's own multi-literal prefilter does on Chinese
/// text, where most characters share their leading bytes (`[XＸ]{2,}`: 0.30 → 0.06 ms per
/// 100 documents). Built on first use, from the same prefix literals regex uses, so a
/// pattern is skipped only where it has no match.
struct Screen(OnceLock<Option<Vec<Finder<'static>>>>);

impl Screen {
    const MAX: usize = 4;

    /// Whether `text` may hold a match of `pattern`.
    fn admits(&self, pattern: &str, text: &str) -> bool {
        self.0
            .get_or_init(|| Self::build(pattern))
            .as_ref()
            .is_none_or(|fs| fs.iter().any(|f| f.find(text.as_bytes()).is_some()))
    }

    fn build(pattern: &str) -> Option<Vec<Finder<'static>>> {
        let hir = regex_syntax::ParserBuilder::new()
            .nest_limit(64)
            .build()
            .parse(pattern)
            .ok()?;
        let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
        let mut firsts: Vec<char> = Vec::new();
        for lit in seq.literals()? {
            let c = first_char(lit.as_bytes())?;
            if !firsts.contains(&c) {
                firsts.push(c);
            }
        }
        (!firsts.is_empty() && firsts.len() <= Self::MAX).then(|| {
            firsts
                .iter()
                .map(|c| Finder::new(c.encode_utf8(&mut [0; 4]).as_bytes()).into_owned())
                .collect()
        })
    }
}

/// The first character of a literal's bytes (a literal may be cut inside a later one).
fn first_char(bytes: &[u8]) -> Option<char> {
    let width = match *bytes.first()? {
        b if b < 0x80 => 1,
        b if b >= 0xF0 => 4,
        b if b >= 0xE0 => 3,
        _ => 2,
    };
    std::str::from_utf8(bytes.get(..width)?)
        .ok()?
        .chars()
        .next()
}

impl Check for Pattern {
    fn run(&self, doc: &Document, out: &mut Emitter) {
        for Compiled {
            re,
            screen,
            suggest,
            fix,
            not_after,
        } in &self.patterns
        {
            if !screen.admits(re.source(), &doc.text) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn firsts(pattern: &str) -> Option<Vec<String>> {
        Screen::build(pattern).map(|fs| {
            fs.iter()
                .map(|f| String::from_utf8(f.needle().to_vec()).unwrap())
                .collect()
        })
    }

    #[test]
    fn screens_by_the_characters_a_match_starts_with() {
        assert_eq!(firsts("[XＸ]{2,}").unwrap(), ["X", "Ｘ"]);
        assert_eq!(firsts("待补充|待定|TODO|TBD").unwrap(), ["待", "T"]);
        assert_eq!(firsts("(?P<hit>两规)(?:[^范划则格]|$)").unwrap(), ["两"]);
        // Too many first characters, or a match that may start anywhere: no screen.
        assert_eq!(firsts("[一二三四五六七八九〇]零"), None);
        assert_eq!(firsts(r"\p{Han},\p{Han}"), None);
        assert_eq!(firsts("x*"), None);
    }

    #[test]
    fn a_screen_only_skips_text_without_a_match() {
        let s = Screen(OnceLock::new());
        assert!(!s.admits("[XＸ]{2,}", "整改完成率100%。"));
        assert!(s.admits("[XＸ]{2,}", "于2025年ＸＸ月"));
        // A first character present without a match still runs the regex.
        assert!(s.admits("[XＸ]{2,}", "X光机"));
        let none = Screen(OnceLock::new());
        assert!(none.admits("x*", "anything"));
    }
}
