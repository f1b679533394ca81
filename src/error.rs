//! The errors that stop a run before any file is checked (a configuration, rule file or
//! command-line setting that cannot be used), as ripgrep's `Error { location, kind }`: what
//! went wrong, and where when it is in a file. An error from the command line has no
//! location and prints as its message alone.
//!
//! A rule file's load errors and warnings are this type too ([`rules::LoadError`] names it
//! where rules are loaded): one located error, printed one way, `file:line:column: message`.
//!
//! [`rules::LoadError`]: crate::rules::LoadError

use std::fmt;

/// A place in a file: 1-based line and column (characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as shown (a path, or `builtin:NAME`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A rule pack no loaded rule belongs to.
    UnknownPack {
        /// The pack as written.
        pack: String,
        /// The packs there are, sorted.
        known: Vec<String>,
    },
    /// A rule id no loaded rule has.
    UnknownRule(String),
    /// Any other problem of a configuration or rule file, as its message says.
    Other(String),
}

/// A message is an [`ErrorKind::Other`]: `Error::at(file, line, column, "message")`.
impl From<String> for ErrorKind {
    fn from(message: String) -> Self {
        ErrorKind::Other(message)
    }
}

impl From<&str> for ErrorKind {
    fn from(message: &str) -> Self {
        ErrorKind::Other(message.to_string())
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::UnknownPack { pack, known } => write!(
                f,
                "unknown rule pack `{pack}` (packs: {})",
                known.join(", ")
            ),
            ErrorKind::UnknownRule(id) => {
                write!(f, "unknown rule id `{id}` (see `zhenggai rules`)")
            }
            ErrorKind::Other(message) => f.write_str(message),
        }
    }
}

/// An error, located in a file when it comes from one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Where, when the error is in a file (not for a command-line setting).
    pub location: Option<Location>,
    /// What.
    pub kind: ErrorKind,
}

impl Error {
    /// An error at line `line`, column `column` of `file`: a kind, or a message.
    pub(crate) fn at(file: &str, line: usize, column: usize, kind: impl Into<ErrorKind>) -> Self {
        Error {
            location: Some(Location {
                file: file.to_string(),
                line,
                column,
            }),
            kind: kind.into(),
        }
    }

    /// An error in no file (a command-line setting).
    pub(crate) fn unlocated(kind: ErrorKind) -> Self {
        Error {
            location: None,
            kind,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::unlocated(kind)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(l) = &self.location {
            write!(f, "{}:{}:{}: ", l.file, l.line, l.column)?;
        }
        self.kind.fmt(f)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 13 item 4: an error in no file printed as `:0:0: unknown rule pack …`.
    #[test]
    fn an_error_without_a_file_prints_without_a_location() {
        let kind = ErrorKind::UnknownPack {
            pack: "nope".into(),
            known: vec!["core".into(), "style".into()],
        };
        assert_eq!(
            Error::from(kind.clone()).to_string(),
            "unknown rule pack `nope` (packs: core, style)"
        );
        assert_eq!(
            Error::at("z.yaml", 2, 10, kind).to_string(),
            "z.yaml:2:10: unknown rule pack `nope` (packs: core, style)"
        );
        // A rule file's load error is a message at a place.
        assert_eq!(
            Error::at("r.yaml", 3, 5, "missing field `id`").to_string(),
            "r.yaml:3:5: missing field `id`"
        );
    }
}
