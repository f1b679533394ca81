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
