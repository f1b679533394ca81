//! `zhenggai check`: collect sources, check them in parallel, render in input order.

use super::{
    CheckArgs, Color, EXIT_CLEAN, EXIT_FOUND, EXIT_TROUBLE, Format, load_rules, report_err,
};
use crate::check::{FileReport, check_source};
use crate::input::{Source, walk};
use crate::render::{self, Summary, human};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};

/// Runs `check`; returns the exit code.
pub(crate) fn run(args: CheckArgs) -> u8 {
    let mut rules = match load_rules(&args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Err(e) = rules.configure(&args.select, &args.ignore) {
        return report_err(&e);
    }
    let encoding = match &args.encoding {
        None => None,
        Some(label) => match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
            Some(e) => Some(e),
            None => {
                return report_err(&format!(
                    "unknown encoding `{label}` (try UTF-8, UTF-16LE, UTF-16BE, GBK or GB18030)"
                ));
            }
        },
    };
    let mut paths = args.paths.clone();
    if args.stdin && !paths.iter().any(|p| p.as_os_str() == "-") {
        paths.push("-".into());
    }
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
            let r = check_source(s, encoding, &rules);
            let out = match format {
                Format::Human => human::file(&r, color),
                Format::Concise => human::concise(&r),
                Format::Json => {
                    let mut out = Vec::new();
                    render::json::write_file(&r, &mut out);
                    out
                }
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
