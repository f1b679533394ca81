//! `suppression`: how the suppression comments of a Markdown document are reported.
//!
//! This kind matches nothing by itself: the suppression pass (`src/suppress.rs`) runs after
//! every other rule, because only then is it known whether a comment suppressed anything.
//! The rule file gives that pass its id, severity and messages: the main message for a
//! suppression that suppressed nothing, `unknown` for a rule id that does not exist,
//! `empty` for a comment that names no rule.

use crate::model::Document;
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Emitter};

rule_spec! {
    /// Rule file of kind `suppression`.
    pub struct Spec {}
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
    fn run(&self, _doc: &Document, _out: &mut Emitter) {}
}
