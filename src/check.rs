//! The pipeline for one text: decode → (mask Markdown) → parse → rules → suppression →
//! diagnostics. Reading and rendering happen outside, so this is what a language server
//! calls per change.

use crate::diagnostic::Diagnostic;
use crate::feedback::Feedback;
use crate::input::{self, InputError, Source, markdown};
use crate::parse::parse;
use crate::rules::RuleSet;
use crate::suppress;
use std::sync::Arc;

/// The result of checking one source.
#[derive(Debug)]
pub struct FileReport {
    /// The name shown in output.
    pub path: String,
    /// The text as read (spans index into it); empty when it could not be read.
    pub text: String,
    /// Diagnostics, ordered by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Why the source could not be checked, if it could not.
    pub error: Option<InputError>,
}

/// Checks a decoded text. `markdown` masks Markdown markup first and honours suppression
/// comments.
pub fn check_text(path: &str, text: String, markdown: bool, rules: &RuleSet) -> FileReport {
    check_text_with(path, text, markdown, rules, None)
}

/// Checks a decoded text against the inspection feedback it answers, when there is one.
pub fn check_text_with(
    path: &str,
    text: String,
    markdown: bool,
    rules: &RuleSet,
    feedback: Option<Arc<Feedback>>,
) -> FileReport {
    let (text, diagnostics) = if markdown {
        let mut doc = parse(markdown::mask(&text));
        doc.feedback = feedback;
        let d = suppress::apply(&text, rules.run(&doc), rules);
        (text, d)
    } else {
        let mut doc = parse(text);
        doc.feedback = feedback;
        let d = rules.run(&doc);
        (doc.text, d)
    };
    FileReport {
        path: path.to_string(),
        text,
        diagnostics,
        error: None,
    }
}

/// Reads, decodes and checks one source; I/O and decoding problems become the report's error.
pub fn check_source(source: &Source, rules: &RuleSet) -> FileReport {
    check_source_with(source, rules, None)
}

/// [`check_source`] against the inspection feedback the source answers, when there is one.
pub fn check_source_with(
    source: &Source,
    rules: &RuleSet,
    feedback: Option<Arc<Feedback>>,
) -> FileReport {
    let name = source.name();
    match input::read(source).and_then(|bytes| input::decode(&name, bytes)) {
        Ok(text) => check_text_with(&name, text, source.is_markdown(), rules, feedback),
        Err(e) => FileReport {
            path: name,
            text: String::new(),
            diagnostics: Vec::new(),
            error: Some(e),
        },
    }
}
