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
        /// Use this configuration file instead of discovering one.
        #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
        config: Option<PathBuf>,
        /// Use no configuration file.
        #[arg(long)]
        no_config: bool,
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
pub enum OutputFormat {
    /// rustc-style diagnostics with the text underlined.
    Human,
    /// One line per diagnostic: path:line:col: severity[rule] message.
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
    /// Use this configuration file for every checked file instead of discovering one.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Use no configuration file.
    #[arg(long)]
    pub(crate) no_config: bool,
    /// Read standard input (the same as the path `-`).
    #[arg(long)]
    pub stdin: bool,
    /// Decode text files as this encoding instead of detecting it (UTF-8, UTF-16LE,
    /// UTF-16BE, GBK, GB18030, Big5, …: any WHATWG encoding label).
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Also load the YAML rules in this directory (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Run only these rules (comma-separated ids); enables rules that are off by default.
    /// Overrides the configuration's `select`.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub select: Vec<String>,
    /// Do not run these rules (comma-separated ids), in addition to the configuration's.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub ignore: Vec<String>,
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
    /// Run the rules of these packs (comma-separated; default: core). Packs: core, style,
    /// gbt9704, and any a `--rules` directory defines.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "PACKS",
        visible_alias = "packs"
    )]
    pub extends: Vec<String>,
    /// The inspection feedback the documents answer (YAML list of areas and problems, or
    /// the feedback text); enables `feedback-coverage`.
    #[arg(long, value_name = "FILE")]
    pub feedback: Option<PathBuf>,
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
        Command::Config {
            path,
            config,
            no_config,
        } => config::show(&path, config.as_deref(), no_config),
        Command::Server => server::run(),
        Command::Serve(args) => serve::run(args),
        Command::TestRules { dir } => test_rules::run(dir.as_deref()),
        Command::Schema { name } => schema::run(name),
        Command::Coverage(args) => coverage::run(args),
    }
}

/// Writes to standard output; a closed pipe is not an error.
/// `--encoding LABEL` as an encoding (`None` without the flag); an unknown label is a
/// usage error (its exit code).
pub(crate) fn encoding_arg(
    label: Option<&String>,
) -> Result<Option<&'static encoding_rs::Encoding>, u8> {
    let Some(label) = label else { return Ok(None) };
    encoding_rs::Encoding::for_label(label.trim().as_bytes())
        .map(Some)
        .ok_or_else(|| {
            report_err(&format!(
                "unknown encoding `{label}` (try UTF-8, UTF-16LE, UTF-16BE, GBK or GB18030)"
            ))
        })
}

/// What selects the rules and configuration of a run, as `check` and `annotate` take it.
pub(crate) struct Selection<'a> {
    pub(crate) config: Option<&'a PathBuf>,
    pub(crate) no_config: bool,
    pub(crate) rules: &'a [PathBuf],
    pub(crate) select: &'a [String],
    pub(crate) ignore: &'a [String],
    pub(crate) extends: &'a [String],
    pub(crate) feedback: &'a Option<PathBuf>,
}

/// The resolver of a run's configuration and rules from its flags (a `--config` file that
/// does not exist is a usage error: its exit code).
pub(crate) fn resolver(sel: Selection<'_>) -> Result<crate::context::Resolver, u8> {
    let source = config_source(sel.config, sel.no_config)?;
    Ok(crate::context::Resolver::new(
        source,
        sel.rules.to_vec(),
        sel.select.to_vec(),
        sel.ignore.to_vec(),
    )
    .with_extends(sel.extends.to_vec())
    .with_feedback(sel.feedback.clone()))
}

/// The configuration `--config FILE` / `--no-config` select (discovery otherwise); a
/// `--config` file that does not exist is a usage error (its exit code).
pub(crate) fn config_source(
    config: Option<&PathBuf>,
    no_config: bool,
) -> Result<crate::context::ConfigSource, u8> {
    use crate::context::ConfigSource;
    match (config, no_config) {
        (Some(p), _) if !p.is_file() => Err(report_err(&format!(
            "--config: no such file: {}",
            p.display()
        ))),
        (Some(p), _) => Ok(ConfigSource::File(p.clone())),
        (None, true) => Ok(ConfigSource::None),
        (None, false) => Ok(ConfigSource::Discover),
    }
}

pub(crate) fn print_out(s: &str) -> u8 {
    let mut o = std::io::stdout().lock();
    match o.write_all(s.as_bytes()).and_then(|_| o.flush()) {
        Ok(()) => EXIT_CLEAN,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => report_err(&format!("cannot write output: {e}")),
    }
}
