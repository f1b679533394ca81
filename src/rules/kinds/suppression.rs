//! `suppression`: how the suppression comments of a Markdown document are reported.
//!
//! This kind matches nothing by itself: the suppression pass (`src/suppress.rs`) runs after
//! every other rule, because only then is it known whether a comment suppressed anything.
//! The rule file gives that pass its id, severity and messages: the main message for a
//! suppression that suppressed nothing, `unknown` for a rule id that does not exist,
//! `empty` for a comment that names no rule.

use crate::diagnostic::Diagnostic;
use crate::model::{Document, Span};
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter, Rule, RuleSet};

/// This kind's name in rule files.
pub(crate) const KIND: &str = "suppression";

rule_spec! {
    /// Rule file of kind `suppression`.
    pub(crate) struct Spec {}
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = &["rule"];
    const VARIANTS: &'static [&'static str] = &["unknown", "empty"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        Ok(Box::new(Suppression))
    }
}

struct Suppression;

impl Check for Suppression {
    fn run(&self, _doc: &Document, _out: &mut Reporter) {}
}

/// A suppression comment that is wrong: the message case, where, and the rule id it names.
#[derive(Debug)]
pub(crate) struct Problem {
    /// The message case (`""` for the main message).
    case: &'static str,
    span: Span,
    rule: String,
}

impl Problem {
    /// A comment that names no rule (`span`: the comment).
    pub(crate) fn empty(span: Span) -> Self {
        Problem {
            case: "empty",
            span,
            rule: String::new(),
        }
    }

    /// A rule id that does not exist (`span`: the id).
    pub(crate) fn unknown(rule: &str, span: Span) -> Self {
        Problem {
            case: "unknown",
            span,
            rule: rule.to_string(),
        }
    }

    /// A suppression of a rule that ran and reported nothing there (`span`: the id).
    pub(crate) fn unused(rule: &str, span: Span) -> Self {
        Problem {
            case: "",
            span,
            rule: rule.to_string(),
        }
    }
}

/// The rules of this kind that run in `rules`.
pub(crate) fn reporters(rules: &RuleSet) -> impl Iterator<Item = &Rule> {
    rules
        .rules
        .iter()
        .filter(|r| r.meta.kind == KIND && r.meta.is_active())
}

/// `rule`'s diagnostics for `problems`, in their order: reported as any rule reports, through
/// its [`Reporter`].
pub(crate) fn report(rule: &Rule, problems: &[Problem]) -> Vec<Diagnostic> {
    // A child of `rules`, this module may make the emitter a rule's check is given.
    let mut out = Reporter {
        meta: &rule.meta,
        diags: Vec::new(),
    };
    for p in problems {
        out.report_as(p.case, p.span.clone(), &[("rule", p.rule.clone())]);
    }
    out.diags
}
