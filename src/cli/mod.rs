//! The command line: clap definitions and the subcommands. `main.rs` only maps the result
//! to an exit code.

mod check;
mod rules;

use crate::rules::{RuleSet, load_dir};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

/// Exit code: no error-level diagnostic.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: at least one error-level diagnostic.
pub const EXIT_FOUND: u8 = 1;
/// Exit code: usage, configuration or I/O problem.
pub const EXIT_TROUBLE: u8 = 2;

/// zhenggai: a linter for Chinese inspection-rectification announcements (巡视/巡察整改情况通报).
#[derive(Debug, Parser)]
#[command(name = "zhenggai", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and directories (.txt, .md and .docx files are linted when walking directories).
    Check(CheckArgs),
    /// List every rule: id, kind, severity, summary.
    Rules(RulesArgs),
    /// Print a rule's rationale and examples.
    Explain {
        /// The rule id (e.g. tally-sum).
        id: String,
        /// Also load the YAML rules in this directory (repeatable).
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with the text underlined.
    Human,
    /// One line per diagnostic: path:line:col: severity[rule] message.
    Concise,
    /// One JSON document (schema in the README).
    Json,
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// When standard output is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Read standard input (the same as the path `-`).
    #[arg(long)]
    pub stdin: bool,
    /// Read standard input and report it under this name (its extension selects Markdown
    /// or .docx).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Decode text files as this encoding instead of detecting it (UTF-8, UTF-16LE,
    /// UTF-16BE, GBK, GB18030, Big5, …: any WHATWG encoding label).
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Also load the YAML rules in this directory (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Run only these rules (comma-separated ids); enables rules that are off by default.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub select: Vec<String>,
    /// Do not run these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub ignore: Vec<String>,
    /// Colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// Arguments of `rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Also load the YAML rules in this directory (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Loads built-in rules and every `--rules` directory; reports all load errors.
pub(crate) fn load_rules(dirs: &[PathBuf]) -> Result<RuleSet, u8> {
    let mut set = RuleSet::builtin().map_err(|e| report_err(&e.to_string()))?;
    let mut failed = false;
    for dir in dirs {
        match load_dir(dir) {
            Ok(r) => {
                if let Err(e) = set.extend(r) {
                    report_err(&e.to_string());
                    failed = true;
                }
            }
            Err(errors) => {
                for e in errors {
                    report_err(&e.to_string());
                }
                failed = true;
            }
        }
    }
    if failed { Err(EXIT_TROUBLE) } else { Ok(set) }
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
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules::list(args),
        Command::Explain { id, rules } => rules::explain(&id, &rules),
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
