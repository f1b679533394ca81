//! The rule kinds: a closed set, one file each. A kind is a rule-file struct declared with
//! `rule_spec!`, the placeholders its messages may use, and a [`Check`](super::Check) that
//! only matches (everything is compiled when the rule file loads).

pub mod brackets;
pub mod consistency;
pub mod date_check;
pub mod declared_count;
pub mod format;
pub mod numbering;
pub mod pattern;
pub mod progress;
pub mod required;
pub mod suppression;
pub mod tally_sum;
pub mod vocabulary;

use super::load::{BuildError, Built, typed};
use regex::{Regex, RegexBuilder};

/// Every kind name a rule file may use.
pub const KINDS: &[&str] = &[
    "brackets",
    "consistency",
    "date-check",
    "declared-count",
    "format",
    "numbering",
    "pattern",
    "progress",
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
        "date-check" => typed::<date_check::Spec>(file, src),
        "declared-count" => typed::<declared_count::Spec>(file, src),
        "format" => typed::<format::Spec>(file, src),
        "numbering" => typed::<numbering::Spec>(file, src),
        "pattern" => typed::<pattern::Spec>(file, src),
        "progress" => typed::<progress::Spec>(file, src),
        "required" => typed::<required::Spec>(file, src),
        "suppression" => typed::<suppression::Spec>(file, src),
        "tally-sum" => typed::<tally_sum::Spec>(file, src),
        "vocabulary" => typed::<vocabulary::Spec>(file, src),
        _ => return None,
    })
}

/// Compiles a regex from a rule file with size limits, so a hostile or careless pattern
/// fails at load instead of exhausting memory at run time.
pub(crate) fn compile(pattern: &str) -> Result<Regex, BuildError> {
    RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .dfa_size_limit(4 << 20)
        .nest_limit(64)
        .build()
        .map_err(|e| {
            BuildError::new(
                pattern,
                format!(
                    "bad regex: {}",
                    e.to_string().lines().last().unwrap_or("invalid")
                ),
            )
        })
}
