//! The pipeline for one text: decode → (mask Markdown) → parse → rules → diagnostics.
//! Reading and rendering happen outside, so this is what a language server calls per change.

use crate::diagnostic::Diagnostic;
use crate::input::{self, Decoded, Format, InputError, Source, markdown};
use crate::parse::parse;
use crate::rules::RuleSet;

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
    pub format: Format,
    /// Diagnostics, ordered by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Why the source could not be checked, if it could not.
    pub error: Option<InputError>,
}

/// Checks a decoded UTF-8 text. `markdown` masks Markdown markup first.
pub fn check_text(path: &str, text: String, markdown: bool, rules: &RuleSet) -> FileReport {
    let format = if markdown {
        Format::Markdown
    } else {
        Format::Text
    };
    check_decoded(
        path,
        Decoded {
            text,
            encoding: "UTF-8",
            format,
        },
        rules,
    )
}

/// Checks a decoded source of any format.
pub fn check_decoded(path: &str, input: Decoded, rules: &RuleSet) -> FileReport {
    let (text, diagnostics) = if input.format == Format::Markdown {
        let doc = parse(markdown::mask(&input.text));
        let d = rules.run(&doc);
        (input.text, d)
    } else {
        let doc = parse(input.text);
        let d = rules.run(&doc);
        (doc.text, d)
    };
    FileReport {
        path: path.to_string(),
        text,
        encoding: Some(input.encoding),
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
    let name = source.name();
    match input::load(source, encoding) {
        Ok(decoded) => check_decoded(&name, decoded, rules),
        Err(e) => FileReport {
            path: name,
            text: String::new(),
            encoding: None,
            format: source.format(),
            diagnostics: Vec::new(),
            error: Some(e),
        },
    }
}
