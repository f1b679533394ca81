//! zhenggai checks Chinese inspection-rectification announcements (巡视/巡察整改情况通报)
//! like a linter.
//!
//! The pipeline, one module per stage:
//! [`input`] (read, decode, walk, Markdown masking, Word documents) → `parse` (pest grammar
//! and one recogniser per fact → [`model`] with byte spans; [`numbers`] reads numerals and
//! dates) → [`rules`] (YAML rule files of the kinds registered in `rules::kinds`) →
//! [`diagnostic`] → [`render`] (one `Emitter` per output format: human, concise, JSON,
//! JSON Lines, GitHub, SARIF, rdjson, GitLab, JUnit, HTML).
//! [`check`] runs the middle stages for one file in its resolved configuration (the
//! command line, `--fix`, the language server, `annotate` and `serve` all go through it);
//! [`cli`] is the command line. Beside the pipeline: [`feedback`] (the inspection feedback a
//! report answers, attached to the document), [`schema`] (JSON Schemas of the files users
//! write), [`annotate`] (the draft back as a Word document with a comment at each
//! diagnostic) and [`inspect`] (the facts recognised, for `zhenggai inspect`).
//!
//! The public items are what the benches, fuzz targets and tests use: [`check_text`],
//! [`parse()`], the model, rule loading and the renderers; everything else is crate-private
//! (`unreachable_pub` is on).

pub mod annotate;
pub mod check;
pub mod cli;
pub(crate) mod config;
pub(crate) mod context;
pub mod diagnostic;
pub mod error;
pub mod feedback;
pub mod fix;
#[cfg(test)]
mod generated;
pub(crate) mod guard;
pub mod input;
pub mod inspect;
pub mod model;
pub mod numbers;
pub(crate) mod parse;
pub mod render;
pub mod rules;
pub mod schema;
pub(crate) mod serve;
pub(crate) mod server;
pub(crate) mod suppress;
pub(crate) mod vocab;
pub(crate) mod yaml;

pub use check::{FileReport, check_source, check_text};
pub use diagnostic::{Diagnostic, Label, Severity};
pub use model::Document;
pub use parse::parse;
pub use rules::RuleSet;
