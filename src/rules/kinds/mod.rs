//! The rule kinds: a closed set, one file each. A kind is a rule-file struct declared with
//! `rule_spec!`, the placeholders its messages may use, and a `Check` that
//! only matches (everything is compiled when the rule file loads). The `kinds!` registry
//! below lists them; loading, the rule schema and the kind pages all read it.

use super::load::{BuildError, Built, Kind, typed};
use memchr::memmem::Finder;
use regex::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::cell::Cell;
use std::sync::OnceLock;

/// What the rest of the program knows about a kind, all taken from its module.
pub(crate) struct KindEntry {
    /// The name rule files write in `kind:`.
    pub(crate) name: &'static str,
    /// Deserialises, validates and compiles a rule file of this kind.
    pub(crate) build: fn(&str, &str) -> Built,
    /// The JSON Schema of its rule files (`rule_spec!`'s struct and doc comments).
    pub(crate) schema: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
    /// Placeholders its messages may use ([`Kind::VARS`]).
    pub(crate) vars: &'static [&'static str],
    /// What the rule's own fields add to `vars` ([`Kind::MORE_VARS`]).
    pub(crate) more_vars: Option<&'static str>,
    /// Its message cases besides the main one ([`Kind::VARIANTS`]).
    pub(crate) variants: &'static [&'static str],
    /// Its source file, whose `//!` header is its reference page (`zhenggai docs`).
    pub(crate) source: &'static str,
    /// Its source file's name under `src/rules/kinds/`.
    pub(crate) file: &'static str,
}

/// Declares the kinds: each `module: "name"` line is a module of this directory whose
/// `Spec` (declared with `rule_spec!`) implements [`Kind`]. Everything else — the list of
/// names, loading, the schema, the reference pages — is read from [`REGISTRY`].
macro_rules! kinds {
    ($($module:ident: $name:literal,)*) => {
        $(pub mod $module;)*

        /// Every kind, in name order.
        pub(crate) const REGISTRY: &[KindEntry] = &[$(KindEntry {
            name: $name,
            build: typed::<$module::Spec>,
            schema: <$module::Spec as schemars::JsonSchema>::json_schema,
            vars: <$module::Spec as Kind>::VARS,
            more_vars: <$module::Spec as Kind>::MORE_VARS,
            variants: <$module::Spec as Kind>::VARIANTS,
            source: include_str!(concat!(stringify!($module), ".rs")),
            file: concat!(stringify!($module), ".rs"),
        },)*];

        /// Every kind name a rule file may use.
        pub(crate) const KINDS: &[&str] = &[$($name,)*];
    };
}

// The registry. Adding a kind: its file in this directory, one line here, its tests.
kinds! {
    brackets: "brackets",
    consistency: "consistency",
    coverage: "coverage",
    date_check: "date-check",
    declared_count: "declared-count",
    format: "format",
    numbering: "numbering",
    outline: "outline",
    pattern: "pattern",
    progress: "progress",
    reconcile: "reconcile",
    required: "required",
    suppression: "suppression",
    tally_sum: "tally-sum",
    vocabulary: "vocabulary",
}

/// The kind called `name`.
pub(crate) fn get(name: &str) -> Option<&'static KindEntry> {
    REGISTRY.iter().find(|k| k.name == name)
}

/// Builds a rule of `kind` from its file; `None` when the kind does not exist.
pub(crate) fn build(kind: &str, file: &str, src: &str) -> Option<Built> {
    get(kind).map(|k| (k.build)(file, src))
}

/// A rule file's regex: compiled at load, or — for the built-in rules, whose regexes the
/// test suite compiles — checked for syntax at load and compiled on first use, so a run
/// pays only for the rules it runs (start-up is most of a one-file check).
pub struct Re {
    source: String,
    cell: OnceLock<Regex>,
    /// Finders for the characters every match starts with, when there are at most
    /// [`FIRST_CHARS_MAX`]; built on first use of [`Re::may_match`].
    first: OnceLock<Option<Vec<Finder<'static>>>>,
}

/// The most first characters [`Re::may_match`] looks for (each is a pass over the text).
const FIRST_CHARS_MAX: usize = 4;

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

    /// Whether `text` may hold a match: `false` only when it holds none of the characters
    /// every match starts with (taken from the prefix literals regex itself uses, when
    /// there are at most [`FIRST_CHARS_MAX`]). memchr/memmem tell that several times faster
    /// than regex's multi-literal prefilter does on Chinese text, where most characters
    /// share their leading bytes (`[XＸ]{2,}`: 0.30 → 0.06 ms per 100 documents), and a
    /// regex that is never needed is never compiled.
    pub(crate) fn may_match(&self, text: &str) -> bool {
        self.first
            .get_or_init(|| first_chars(&self.source))
            .as_ref()
            .is_none_or(|fs| fs.iter().any(|f| f.find(text.as_bytes()).is_some()))
    }
}

/// Finders for the characters every match of `pattern` starts with, or `None` when a match
/// may start with more than [`FIRST_CHARS_MAX`] characters, or with anything (an empty or
/// unbounded prefix).
fn first_chars(pattern: &str) -> Option<Vec<Finder<'static>>> {
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
    (!firsts.is_empty() && firsts.len() <= FIRST_CHARS_MAX).then(|| {
        firsts
            .iter()
            .map(|c| Finder::new(c.encode_utf8(&mut [0; 4]).as_bytes()).into_owned())
            .collect()
    })
}

/// Bytes of the UTF-8 character whose first byte is `lead`.
pub(crate) fn utf8_width(lead: u8) -> usize {
    match lead {
        b if b < 0x80 => 1,
        b if b >= 0xF0 => 4,
        b if b >= 0xE0 => 3,
        _ => 2,
    }
}

/// The first character of a literal's bytes (a literal may be cut inside a later one).
fn first_char(bytes: &[u8]) -> Option<char> {
    let width = utf8_width(*bytes.first()?);
    std::str::from_utf8(bytes.get(..width)?)
        .ok()?
        .chars()
        .next()
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
        first: OnceLock::new(),
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
    use super::{first_chars, han_word_boundary};

    fn firsts(pattern: &str) -> Option<Vec<String>> {
        first_chars(pattern).map(|fs| {
            fs.iter()
                .map(|f| String::from_utf8(f.needle().to_vec()).unwrap())
                .collect()
        })
    }

    #[test]
    fn the_characters_a_match_starts_with() {
        assert_eq!(firsts("[XＸ]{2,}").unwrap(), ["X", "Ｘ"]);
        assert_eq!(firsts("待补充|待定|TODO|TBD").unwrap(), ["待", "T"]);
        assert_eq!(
            firsts("(?P<hit>两规|双规)(?:[^范划则格]|$)").unwrap(),
            ["两", "双"]
        );
        assert_eq!(firsts("(?m)^TODO").unwrap(), ["T"]);
        assert_eq!(firsts("(?i)tbd").unwrap().len(), 2);
        // Too many first characters, or a match that may start anywhere: no screen.
        assert_eq!(firsts("[一二三四五六七八九〇]零"), None);
        assert_eq!(firsts(r"\p{Han},\p{Han}"), None);
        assert_eq!(firsts("x*"), None);
        assert_eq!(firsts("a|"), None);
    }

    #[test]
    fn may_match_is_false_only_without_a_first_character() {
        let re = super::compile("[XＸ]{2,}").unwrap();
        assert!(!re.may_match("整改完成率100%。"));
        assert!(re.may_match("于2025年ＸＸ月"));
        // A first character present without a match still runs the regex.
        assert!(re.may_match("X光机"));
        assert!(super::compile("x*").unwrap().may_match("anything"));
    }

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
