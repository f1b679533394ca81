//! Read and decode: paths and standard input → named UTF-8 texts.
//!
//! Spans everywhere are byte offsets into the text exactly as read (a UTF-8 BOM is kept and
//! skipped by the grammar), so editors can map them back without a source map. Markdown is
//! masked, not stripped: markup bytes become spaces, keeping every offset valid.

pub mod markdown;
pub mod walk;

use std::io::Read;
use std::path::{Path, PathBuf};

/// Where a text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// Standard input, shown under `name`.
    Stdin {
        /// The name used in output (`--stdin-filename`), `-` by default.
        name: String,
    },
}

impl Source {
    /// The name shown in diagnostics.
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin { name } => name.clone(),
        }
    }

    /// Whether the text is Markdown (by extension of the file or the stdin name).
    pub fn is_markdown(&self) -> bool {
        let name = self.name();
        let ext = Path::new(&name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        matches!(ext.as_deref(), Some("md" | "markdown"))
    }
}

/// A text that could not be read or decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The source's name.
    pub name: String,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

/// Reads a source's bytes.
pub fn read(source: &Source) -> Result<Vec<u8>, InputError> {
    let err = |e: std::io::Error| InputError {
        name: source.name(),
        message: format!("cannot read: {e}"),
    };
    match source {
        Source::File(p) => std::fs::read(p).map_err(err),
        Source::Stdin { .. } => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(err)?;
            Ok(buf)
        }
    }
}

/// Decodes bytes as UTF-8. Other encodings are refused with the offset of the first bad
/// byte and a hint, never guessed silently.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError {
            name: name.to_string(),
            message: "the file is UTF-16; save it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)"
                .into(),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        InputError {
            name: name.to_string(),
            message: format!(
                "not valid UTF-8 (first bad byte at offset {at}); if it is GBK/GB18030, convert it with `iconv -f GB18030 -t UTF-8`"
            ),
        }
    })
}
