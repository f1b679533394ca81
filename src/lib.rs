//! zhenggai checks Chinese inspection-rectification announcements (巡视/巡察整改情况通报)
//! like a linter.
//!
//! The pipeline, one module per stage:
//! [`input`] (read, decode, walk, Markdown masking) → [`parse`] (pest grammar → [`model`]
//! with byte spans; [`numbers`] reads numerals and dates) → [`rules`] (YAML rule files of
//! the kinds in [`rules::kinds`]) → [`diagnostic`] → [`render`] (human, concise, JSON).
//! [`check`] runs the middle stages for one text; [`cli`] is the command line.
//! Beside the pipeline: [`feedback`] (the inspection feedback a report answers, attached to
//! the document), [`schema`] (JSON Schemas of the files users write) and [`annotate`] (the
//! draft back as a Word document with a comment at each diagnostic).

pub mod annotate;
pub mod check;
pub mod cli;
pub mod config;
pub mod context;
pub mod diagnostic;
pub mod error;
pub mod feedback;
pub mod fix;
pub mod guard;
pub mod input;
pub mod inspect;
pub mod model;
pub mod numbers;
pub mod parse;
pub mod render;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod server;
pub mod suppress;
pub mod vocab;
pub(crate) mod yaml;

pub use check::{FileReport, check_decoded, check_source, check_text};
pub use diagnostic::{Diagnostic, Label, Severity};
pub use model::Document;
pub use parse::parse;
pub use rules::RuleSet;
