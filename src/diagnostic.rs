//! Diagnostics as plain data: what a rule found, where, and how bad. Renderers turn these
//! into text, JSON and the rest at the edge, so every output says the same thing.

use crate::model::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is. `Off` only appears in rule configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The rule does not run.
    Off,
    /// Worth knowing; never fails a run.
    Info,
    /// Probably wrong; does not fail a run by default.
    Warning,
    /// Wrong: the exit code is 1.
    Error,
}

impl Severity {
    /// The lowercase name used in rule files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary span with its own message (e.g. each part of a failing tally).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Byte range in the document text.
    pub span: Span,
    /// What this span shows.
    pub message: String,
}

/// A safe, mechanical edit that resolves a diagnostic (never a change of content).
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// The bytes to replace.
    pub span: Span,
    /// What to put there.
    pub replacement: String,
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The rule id (`tally-sum`).
    pub rule: String,
    /// Its severity.
    pub severity: Severity,
    /// What is wrong, filled from the rule's message template.
    pub message: String,
    /// The primary span.
    pub span: Span,
    /// Secondary spans.
    pub labels: Vec<Label>,
    /// Extra lines of explanation or advice.
    pub notes: Vec<String>,
    /// A safe fix, if the rule offers one.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// Adds a secondary label.
    pub fn label(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Attaches a safe fix.
    pub fn fix(&mut self, span: Span, replacement: impl Into<String>) -> &mut Self {
        self.fix = Some(Fix {
            span,
            replacement: replacement.into(),
        });
        self
    }

    /// Adds a note.
    pub fn note(&mut self, note: impl Into<String>) -> &mut Self {
        self.notes.push(note.into());
        self
    }
}

/// Sorts diagnostics as every output lists them: by position, then rule id (stable, so
/// one rule's findings at one place keep the order it reported them in).
pub(crate) fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
}

/// Counts of diagnostics by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct SeverityCounts {
    /// Error-level diagnostics.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl SeverityCounts {
    /// Counts a list of diagnostics.
    pub(crate) fn of<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) -> Self {
        let mut t = SeverityCounts::default();
        for d in diags {
            t.add(d.severity);
        }
        t
    }

    /// Counts one diagnostic of `severity`.
    pub(crate) fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
            Severity::Off => {}
        }
    }
}
