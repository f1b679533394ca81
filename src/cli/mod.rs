//! The command line: clap definitions and the subcommands. `main.rs` only maps the result
//! to an exit code.

mod annotate;
mod check;
mod config;
mod coverage;
mod docs;
mod inspect;
mod rules;
mod schema;
mod serve;
mod server;
mod setup;
mod test_rules;

use crate::rules::{RuleSet, load_set};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

/// Exit code: no error-level diagnostic.
pub(crate) const EXIT_CLEAN: u8 = 0;
/// Exit code: at least one error-level diagnostic.
pub(crate) const EXIT_FOUND: u8 = 1;
/// Exit code: usage, configuration or I/O problem.
pub(crate) const EXIT_TROUBLE: u8 = 2;

/// zhenggai: a linter for Chinese inspection-rectification announcements (巡视/巡察整改情况通报).
#[derive(Debug, Parser)]
#[command(name = "zhenggai", version, about, long_about = None)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check files and directories (.txt, .md and .docx files are linted when walking directories).
    Check(Box<CheckArgs>),
    /// List every rule: id, kind, severity, summary.
    Rules(RulesArgs),
    /// Print what was recognised in a draft: intro facts, dates and their roles, declared
    /// counts, feedback-area sections, tallies, progress, contacts, signature.
    Inspect(InspectArgs),
    /// Write the draft back as a .docx with a Word comment (批注) at each diagnostic.
    Annotate(annotate::AnnotateArgs),
    /// Print a rule's page: summary, severity, rationale with its basis, and each example
    /// with what the checker prints for it (the same page as docs/rules/ID.md).
    Explain {
        /// The rule id (e.g. tally-sum).
        id: String,
        /// Also load the YAML rules in this directory (repeatable).
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
    /// Generate the rule and kind reference pages (docs/rules/, docs/kinds/) from the rules;
    /// `--check` fails when the committed pages differ.
    Docs(docs::DocsArgs),
    /// Write a commented starter zhenggai.yaml in the current directory.
    Init {
        /// Overwrite an existing zhenggai.yaml.
        #[arg(long)]
        force: bool,
    },
    /// Print the effective configuration for a path and where each value came from.
    Config {
        /// The file or directory whose configuration to show.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// `--config` / `--no-config`.
        #[command(flatten)]
        config: setup::ConfigArgs,
    },
    /// Speak the Language Server Protocol over standard input and output.
    Server,
    /// Serve a checking page and its HTTP API (127.0.0.1:8716 by default).
    Serve(serve::ServeArgs),
    /// Run every rule's examples as tests: each bad example must be reported, each good one
    /// must not (the built-in rules, or the rule files in DIR).
    TestRules {
        /// A directory of rule files (default: the built-in rules).
        dir: Option<PathBuf>,
    },
    /// Print which section answers each feedback problem: the assignment table with scores
    /// and shared words (exit 1 when a problem is not answered).
    Coverage(coverage::CoverageArgs),
    /// Print the JSON Schema of rule files, the configuration file or feedback files.
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        name: SchemaName,
    },
}

/// Arguments of `zhenggai inspect`.
#[derive(Debug, clap::Args)]
pub(crate) struct InspectArgs {
    /// The draft (.txt, .md or .docx); `-` reads standard input.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = InspectFormat::Human)]
    pub format: InspectFormat,
    /// The name standard input is shown under (its extension selects .md/.docx handling).
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<String>,
}

/// Output formats of `inspect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum InspectFormat {
    /// Chinese text, one fact a line.
    Human,
    /// One JSON document (schema in the README).
    Json,
}

/// The schemas `zhenggai schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaName {
    /// A rule file (rules/*.yaml, --rules DIR).
    Rule,
    /// The configuration file (zhenggai.yaml).
    Config,
    /// A feedback file (--feedback FILE.yaml).
    Feedback,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// rustc-style diagnostics with the text underlined.
    Human,
    /// One line per diagnostic: path:line:col: severity[rule] message.
    // The doc comment is clap's help text, where `[rule]` is literal, not a link.
    #[allow(rustdoc::broken_intra_doc_links)]
    Concise,
    /// One JSON document (schema in the README).
    Json,
    /// One JSON object per diagnostic per line.
    JsonLines,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// reviewdog diagnostic format (rdjson).
    Rdjson,
    /// GitLab Code Quality report.
    Gitlab,
    /// JUnit XML.
    Junit,
    /// One self-contained HTML report (use with -o report.html).
    Html,
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Color {
    /// When standard output is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The lowest severity that fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Errors only (the default).
    Error,
    /// Warnings and errors.
    Warning,
    /// Any diagnostic.
    Info,
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
// The shared `--config` help, with what the file applies to.
#[command(mut_arg("config", |a| a.help(
    "Use this configuration file for every checked file instead of discovering one"
)))]
pub(crate) struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Write the output to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print the number of diagnostics per rule instead of the diagnostics (text, or JSON
    /// with --format json).
    #[arg(long)]
    pub statistics: bool,
    /// Read standard input and report it under this name (its extension selects Markdown,
    /// its directory the configuration).
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<String>,
    /// Read standard input (the same as the path `-`).
    #[arg(long)]
    pub stdin: bool,
    /// The configuration, rules, feedback and encoding.
    #[command(flatten)]
    pub(crate) setup: setup::CheckSetup,
    /// The lowest severity that makes the exit code 1 (default: the configuration's
    /// `fail-on`, else error).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub(crate) fail_on: Option<FailOn>,
    /// Apply safe fixes to the files (punctuation width, duplicated punctuation, 〇 in years,
    /// zero padding in the issue date); report what is left.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print the safe fixes as a unified diff without writing; exit 1 if there are any.
    #[arg(long)]
    pub diff: bool,
    /// Colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Walk directories without the ignore files (.gitignore, .ignore, .git/info/exclude,
    /// git's global excludes); hidden files are still skipped.
    #[arg(long)]
    pub(crate) no_ignore: bool,
}

/// Arguments of `rules`.
#[derive(Debug, clap::Args)]
pub(crate) struct RulesArgs {
    /// Also load the YAML rules in this directory (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Loads built-in rules and every `--rules` directory; prints all load errors, and load
/// warnings (which do not fail the run) to standard error.
pub(crate) fn load_rules(dirs: &[PathBuf]) -> Result<RuleSet, u8> {
    load_set(dirs)
        .map_err(|errors| {
            for e in errors {
                report_err(&e.to_string());
            }
            EXIT_TROUBLE
        })
        .inspect(print_warnings)
}

/// Prints the rules' load warnings (a capture the message never shows, no examples…).
pub(crate) fn print_warnings(set: &RuleSet) {
    for r in &set.rules {
        for w in &r.warnings {
            eprintln!("zhenggai: warning: {w}");
        }
    }
}

pub(crate) fn report_err(msg: &str) -> u8 {
    eprintln!("zhenggai: error: {msg}");
    EXIT_TROUBLE
}

/// Parses arguments and runs; returns the exit code.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_TROUBLE
            } else {
                EXIT_CLEAN
            };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(*args),
        Command::Rules(args) => rules::list(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Annotate(args) => annotate::run(args),
        Command::Explain { id, rules } => rules::explain(&id, &rules),
        Command::Docs(args) => docs::run(args),
        Command::Init { force } => config::init(force),
        Command::Config { path, config } => config::show(&path, &config),
        Command::Server => server::run(),
        Command::Serve(args) => serve::run(args),
        Command::TestRules { dir } => test_rules::run(dir.as_deref()),
        Command::Schema { name } => schema::run(name),
        Command::Coverage(args) => coverage::run(args),
    }
}

/// Writes to standard output; a closed pipe is not an error.
pub(crate) fn print_out(s: &str) -> u8 {
    let mut o = std::io::stdout().lock();
    match o.write_all(s.as_bytes()).and_then(|_| o.flush()) {
        Ok(()) => EXIT_CLEAN,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => report_err(&format!("cannot write output: {e}")),
    }
}
