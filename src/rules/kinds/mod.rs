//! The rule kinds: a closed set, one file each. A kind is a rule-file struct declared with
//! `rule_spec!`, the placeholders its messages may use, and a [`Check`](super::Check) that
//! only matches (everything is compiled when the rule file loads).

pub mod brackets;
pub mod consistency;
pub mod coverage;
pub mod date_check;
pub mod declared_count;
pub mod format;
pub mod numbering;
pub mod outline;
pub mod pattern;
pub mod progress;
pub mod reconcile;
pub mod required;
pub mod suppression;
pub mod tally_sum;
pub mod vocabulary;

use super::load::{BuildError, Built, typed};
use regex::{Regex, RegexBuilder};
use std::cell::Cell;
use std::sync::OnceLock;

/// Every kind name a rule file may use.
pub const KINDS: &[&str] = &[
    "brackets",
    "consistency",
    "coverage",
    "date-check",
    "declared-count",
    "format",
    "numbering",
    "outline",
    "pattern",
    "progress",
    "reconcile",
    "required",
    "suppression",
    "tally-sum",
    "vocabulary",
];

/// Builds a rule of `kind` from its file; `None` when the kind does not exist.
pub(crate) fn build(kind: &str, file: &str, src: &str) -> Option<Built> {
    Some(match kind {
        "brackets" => typed::<brackets::Spec>(file, src),
        "consistency" => typed::<consistency::Spec>(file, src),
        "coverage" => typed::<coverage::Spec>(file, src),
        "date-check" => typed::<date_check::Spec>(file, src),
        "declared-count" => typed::<declared_count::Spec>(file, src),
        "format" => typed::<format::Spec>(file, src),
        "numbering" => typed::<numbering::Spec>(file, src),
        "outline" => typed::<outline::Spec>(file, src),
        "pattern" => typed::<pattern::Spec>(file, src),
        "progress" => typed::<progress::Spec>(file, src),
        "reconcile" => typed::<reconcile::Spec>(file, src),
        "required" => typed::<required::Spec>(file, src),
        "suppression" => typed::<suppression::Spec>(file, src),
        "tally-sum" => typed::<tally_sum::Spec>(file, src),
        "vocabulary" => typed::<vocabulary::Spec>(file, src),
        _ => return None,
    })
}

/// A rule file's regex: compiled at load, or — for the built-in rules, whose regexes the
/// test suite compiles — checked for syntax at load and compiled on first use, so a run
/// pays only for the rules it runs (start-up is most of a one-file check).
pub struct Re {
    source: String,
    cell: OnceLock<Regex>,
}

impl std::fmt::Debug for Re {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Re({:?})", self.source)
    }
}

impl Re {
    /// The pattern as written in the rule file (does not compile it).
    pub fn source(&self) -> &str {
        &self.source
    }
}

impl std::ops::Deref for Re {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        self.cell.get_or_init(|| {
            // The syntax was checked at load; only a size limit can fail here, and the
            // built-in rules' tests compile every pattern. Fail closed: match nothing.
            builder(&self.source)
                .build()
                .unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("constant regex"))
        })
    }
}

thread_local! {
    /// Set while the built-in rules load: their regexes are compiled on first use.
    static DEFER: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with regex compilation deferred (for the built-in rules).
pub(crate) fn deferring<T>(f: impl FnOnce() -> T) -> T {
    DEFER.with(|d| d.set(true));
    let out = f();
    DEFER.with(|d| d.set(false));
    out
}

fn builder(pattern: &str) -> RegexBuilder {
    let mut b = RegexBuilder::new(pattern);
    b.size_limit(1 << 20).dfa_size_limit(4 << 20).nest_limit(64);
    b
}

fn bad(pattern: &str, e: impl std::fmt::Display) -> BuildError {
    BuildError::new(
        pattern,
        format!(
            "bad regex: {}",
            e.to_string().lines().last().unwrap_or("invalid")
        ),
    )
}

/// Compiles a regex from a rule file with size limits, so a hostile or careless pattern
/// fails at load instead of exhausting memory at run time.
pub(crate) fn compile(pattern: &str) -> Result<Re, BuildError> {
    if let Some(at) = han_word_boundary(pattern) {
        return Err(BuildError {
            near: pattern.to_string(),
            key: None,
            offset: Some(at),
            message: "`\\b` next to a Han character: Chinese puts no spaces between words and Han characters are word characters, so `\\b` never holds between two of them and the rule silently misses what it was written for; remove it, or write the boundary you mean, e.g. `(?:^|[^\\p{Han}])`".to_string(),
        });
    }
    let cell = OnceLock::new();
    if DEFER.with(|d| d.get()) {
        regex_syntax::ParserBuilder::new()
            .nest_limit(64)
            .build()
            .parse(pattern)
            .map_err(|e| bad(pattern, e))?;
    } else {
        let _ = cell.set(builder(pattern).build().map_err(|e| bad(pattern, e))?);
    }
    Ok(Re {
        source: pattern.to_string(),
        cell,
    })
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '〇')
}

/// Whether a piece of regex (a class body, a group's start) mentions Han characters.
fn mentions_han(s: &str) -> bool {
    s.chars().any(is_han) || s.contains(r"\p{Han}") || s.contains(r"\p{Script=Han}")
}

/// Byte offset of a `\b` written right next to a Han literal, `\p{Han}` or a class or
/// group of them, if the pattern has one. Vale's users keep writing rules that load and
/// never match; with Chinese, `\b` is the usual cause.
pub(crate) fn han_word_boundary(pattern: &str) -> Option<usize> {
    let mut chars = pattern.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            continue;
        }
        match chars.next() {
            Some((_, 'b')) => {}
            _ => continue,
        }
        let (before, after) = (&pattern[..i], &pattern[i + 2..]);
        let prev = if let Some(class) = before.strip_suffix(']') {
            class.rfind('[').is_some_and(|s| mentions_han(&class[s..]))
        } else {
            before.ends_with(r"\p{Han}") || before.chars().last().is_some_and(is_han)
        };
        let group = after.trim_start_matches(['(', '?', ':']);
        let next = if let Some(class) = after.strip_prefix('[') {
            class.find(']').is_some_and(|e| mentions_han(&class[..e]))
        } else {
            group.starts_with(r"\p{Han}") || group.chars().next().is_some_and(is_han)
        };
        if prev || next {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::han_word_boundary;

    #[test]
    fn word_boundary_next_to_han() {
        assert_eq!(han_word_boundary(r"\b关于"), Some(0));
        assert_eq!(han_word_boundary(r"问题\b"), Some(6));
        assert_eq!(han_word_boundary(r"\p{Han}\b"), Some(7));
        assert_eq!(han_word_boundary(r"[甲乙]\b"), Some(8));
        assert_eq!(han_word_boundary(r"\b(?:整改|落实)"), Some(0));
        assert_eq!(han_word_boundary(r"\bTODO\b"), None);
        assert_eq!(han_word_boundary(r"\\b关于"), None);
        assert_eq!(han_word_boundary(r"\d+\b"), None);
    }
}
