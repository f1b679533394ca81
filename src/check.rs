//! The pipeline for one text: decode → (mask Markdown) → parse → rules → suppression →
//! diagnostics. Reading and rendering happen outside, so this is what a language server
//! calls per change.

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::feedback::Feedback;
use crate::input::{self, Decoded, InputError, InputFormat, Source, markdown};
use crate::parse::parse;
use crate::rules::RuleSet;
use crate::suppress;
use std::path::Path;
use std::sync::Arc;

/// The result of checking one source.
#[derive(Debug)]
pub struct FileReport {
    /// The name shown in output.
    pub path: String,
    /// The text as read and decoded (spans index into it); empty when it could not be read.
    pub text: String,
    /// The encoding the text was decoded from; `None` when it could not be read.
    pub encoding: Option<&'static str>,
    /// What kind of document it was (a .docx has one paragraph per line).
    pub format: InputFormat,
    /// Diagnostics, ordered by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Why the source could not be checked, if it could not.
    pub error: Option<InputError>,
}

impl FileReport {
    /// A report for a source that could not be read or decoded.
    pub fn unreadable(path: &str, format: InputFormat, error: InputError) -> Self {
        FileReport {
            path: path.to_string(),
            text: String::new(),
            encoding: None,
            format,
            diagnostics: Vec::new(),
            error: Some(error),
        }
    }
}

/// Checks a decoded UTF-8 text. `markdown` masks Markdown markup first and honours
/// suppression comments.
pub fn check_text(path: &str, text: String, markdown: bool, rules: &RuleSet) -> FileReport {
    check_text_with(path, text, markdown, rules, None)
}

/// [`check_text`] against the inspection feedback the text answers, when there is one.
pub fn check_text_with(
    path: &str,
    text: String,
    markdown: bool,
    rules: &RuleSet,
    feedback: Option<Arc<Feedback>>,
) -> FileReport {
    check_decoded(path, utf8(text, markdown), rules, feedback)
}

/// A text already in UTF-8 (an editor's buffer), as a decoded source.
pub(crate) fn utf8(text: String, markdown: bool) -> Decoded {
    Decoded {
        text,
        encoding: encoding_rs::UTF_8,
        format: if markdown {
            InputFormat::Markdown
        } else {
            InputFormat::Text
        },
    }
}

/// Checks one file in its resolved context: the context's rules, the per-file ignores that
/// match `path`, the inspection feedback it answers (resolved by the caller, which reports
/// a feedback file that cannot be read) and its suppression comments. The command line and
/// the language server both check through here, so they cannot disagree about a file.
pub(crate) fn check_file(
    name: &str,
    input: Decoded,
    path: &Path,
    ctx: &Context,
    feedback: Option<Arc<Feedback>>,
) -> FileReport {
    let mut report = check_decoded(name, input, &ctx.rules, feedback);
    let ignored = ctx.config.ignored_for(path);
    if !ignored.is_empty() {
        report
            .diagnostics
            .retain(|d| !ignored.contains(&d.rule.as_str()));
    }
    report
}

/// [`check_file`] with the safe fixes applied, in rounds, to a text file: the fixed text,
/// the edits that make it and the check of the fixed text, in the same resolved context
/// (`check --fix`/`--diff`, `serve`'s fix and the language server's "fix all").
pub(crate) fn fix_file(
    name: &str,
    text: String,
    markdown: bool,
    path: &Path,
    ctx: &Context,
    feedback: Option<Arc<Feedback>>,
) -> crate::fix::Fixed {
    let ignored = ctx.config.ignored_for(path);
    crate::fix::fix_text(name, text, markdown, &ctx.rules, &ignored, feedback)
}

/// Checks a decoded source of any format.
pub(crate) fn check_decoded(
    path: &str,
    input: Decoded,
    rules: &RuleSet,
    feedback: Option<Arc<Feedback>>,
) -> FileReport {
    let (text, diagnostics) = if input.format == InputFormat::Markdown {
        let mut doc = parse(markdown::mask(&input.text));
        doc.feedback = feedback;
        let d = suppress::apply(&input.text, rules.run(&doc), rules);
        let d = input::protect::filter(&input.text, d);
        (input.text, d)
    } else {
        let mut doc = parse(input.text);
        doc.feedback = feedback;
        let d = input::protect::filter(&doc.text, rules.run(&doc));
        (doc.text, d)
    };
    FileReport {
        path: path.to_string(),
        text,
        encoding: Some(input.encoding.name()),
        format: input.format,
        diagnostics,
        error: None,
    }
}

/// Reads, decodes and checks one source; I/O and decoding problems become the report's error.
/// `encoding` overrides detection for text files.
pub fn check_source(
    source: &Source,
    encoding: Option<&'static encoding_rs::Encoding>,
    rules: &RuleSet,
) -> FileReport {
    check_source_with(source, encoding, rules, None)
}

/// [`check_source`] against the inspection feedback the source answers, when there is one.
pub(crate) fn check_source_with(
    source: &Source,
    encoding: Option<&'static encoding_rs::Encoding>,
    rules: &RuleSet,
    feedback: Option<Arc<Feedback>>,
) -> FileReport {
    let name = source.name();
    match input::load(source, encoding) {
        Ok(decoded) => check_decoded(&name, decoded, rules, feedback),
        Err(e) => FileReport::unreadable(&name, source.format(), e),
    }
}
