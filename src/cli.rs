//! The command line: clap definitions and the subcommands. `main.rs` only maps the result
//! to an exit code.

use crate::check::{FileReport, check_source};
use crate::input::{Source, walk};
use crate::render::{self, Summary, human};
use crate::rules::{RuleSet, load_builtin, load_dir};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
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
    /// Check files and directories (.txt and .md files are linted when walking directories).
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
    /// Read standard input and report it under this name (its extension selects Markdown).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
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
fn load_rules(dirs: &[PathBuf]) -> Result<RuleSet, u8> {
    let mut set = RuleSet::default();
    let mut failed = false;
    match load_builtin() {
        Ok(r) => set.extend(r).map_err(|e| report_err(&e.to_string()))?,
        Err(e) => return Err(report_err(&e.to_string())),
    }
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

fn report_err(msg: &str) -> u8 {
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
        Command::Check(args) => check(args),
        Command::Rules(args) => rules(args),
        Command::Explain { id, rules } => explain(&id, &rules),
    }
}

fn check(args: CheckArgs) -> u8 {
    let mut rules = match load_rules(&args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Err(e) = rules.configure(&args.select, &args.ignore) {
        return report_err(&e);
    }
    let mut paths = args.paths.clone();
    if args.stdin_filename.is_some() {
        paths.retain(|p| p.as_os_str() != "-");
        if !paths.is_empty() {
            return report_err("--stdin-filename reads standard input; do not also give paths");
        }
    } else if paths.is_empty() {
        return report_err(
            "no input: give files or directories to check, or `-` for standard input",
        );
    }
    let (mut sources, errors) = walk::collect(&paths);
    if let Some(name) = &args.stdin_filename {
        sources.push(Source::Stdin { name: name.clone() });
    }
    for e in &errors {
        eprintln!("zhenggai: error: {e}");
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let format = args.format;
    // Files are checked in parallel; each report is rendered and its text dropped at once,
    // and the output keeps the order of the input.
    let rendered: Vec<(Vec<u8>, Summary)> = sources
        .par_iter()
        .map(|s| {
            let r = check_source(s, &rules);
            let out = match format {
                Format::Human => human::file(&r, color),
                Format::Concise => human::concise(&r),
                Format::Json => serde_json::to_vec(&render::json::file(&r)).unwrap_or_default(),
            };
            (out, Summary::of(std::slice::from_ref::<FileReport>(&r)))
        })
        .collect();
    let mut total = Summary::default();
    for (_, s) in &rendered {
        total.files += s.files;
        total.errors += s.errors;
        total.warnings += s.warnings;
        total.infos += s.infos;
        total.unreadable += s.unreadable;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = (|| -> std::io::Result<()> {
        match format {
            Format::Json => {
                write!(out, "{{\"version\":{},\"files\":[", render::json::VERSION)?;
                for (i, (bytes, _)) in rendered.iter().enumerate() {
                    out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
                    out.write_all(bytes)?;
                }
                writeln!(
                    out,
                    "\n],\"summary\":{}}}",
                    serde_json::to_string(&total).unwrap_or_default()
                )?;
            }
            _ => {
                for (bytes, _) in &rendered {
                    out.write_all(bytes)?;
                }
                if format == Format::Human || total.errors + total.warnings + total.infos > 0 {
                    out.write_all(human::summary(&total).as_bytes())?;
                }
            }
        }
        out.flush()
    })();
    if let Err(e) = written {
        // A closed pipe (`| head`) is not the checker's failure.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return report_err(&format!("cannot write output: {e}"));
        }
    }
    if !errors.is_empty() || total.unreadable > 0 {
        EXIT_TROUBLE
    } else if total.errors > 0 {
        EXIT_FOUND
    } else {
        EXIT_CLEAN
    }
}

fn severity_text(r: &crate::rules::Rule) -> String {
    if r.meta.enabled {
        r.meta.severity.to_string()
    } else {
        format!("{} (off by default)", r.meta.severity)
    }
}

fn rules(args: RulesArgs) -> u8 {
    let set = match load_rules(&args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let mut out = String::new();
    if args.json {
        let v: Vec<_> = set
            .rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.meta.id, "kind": r.meta.kind, "severity": r.meta.severity.as_str(),
                    "enabled": r.meta.enabled, "summary": r.meta.summary, "source": r.meta.source,
                })
            })
            .collect();
        out = serde_json::to_string_pretty(&v).unwrap_or_default();
        out.push('\n');
    } else {
        let w = set
            .rules
            .iter()
            .map(|r| r.meta.id.len())
            .max()
            .unwrap_or(2)
            .max(2);
        let k = set
            .rules
            .iter()
            .map(|r| r.meta.kind.len())
            .max()
            .unwrap_or(4)
            .max(4);
        out.push_str(&format!(
            "{:w$}  {:k$}  {:25}  SUMMARY\n",
            "ID", "KIND", "SEVERITY"
        ));
        for r in &set.rules {
            out.push_str(&format!(
                "{:w$}  {:k$}  {:25}  {}\n",
                r.meta.id,
                r.meta.kind,
                severity_text(r),
                r.meta.summary
            ));
        }
    }
    print_out(&out)
}

fn explain(id: &str, dirs: &[PathBuf]) -> u8 {
    let set = match load_rules(dirs) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(r) = set.get(id) else {
        return report_err(&format!("unknown rule id `{id}` (see `zhenggai rules`)"));
    };
    let m = &r.meta;
    let mut out = format!(
        "{} ({}, {})\n\n{}\n\n",
        m.id,
        m.kind,
        severity_text(r),
        m.summary
    );
    out.push_str(m.rationale.trim_end());
    out.push('\n');
    for (title, list) in [
        ("Reported", &m.examples.bad),
        ("Not reported", &m.examples.good),
    ] {
        if !list.is_empty() {
            out.push_str(&format!("\n{title}:\n"));
            for e in list {
                for (i, line) in e.trim_end().lines().enumerate() {
                    out.push_str(if i == 0 { "  - " } else { "    " });
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    out.push_str(&format!("\nDefined in {}\n", m.source));
    print_out(&out)
}

fn print_out(s: &str) -> u8 {
    let mut o = std::io::stdout().lock();
    match o.write_all(s.as_bytes()).and_then(|_| o.flush()) {
        Ok(()) => EXIT_CLEAN,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => report_err(&format!("cannot write output: {e}")),
    }
}
