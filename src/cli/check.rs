//! `zhenggai check`: collect sources, resolve their configuration, check them in parallel,
//! apply or show fixes, and render in input order to standard output or `-o FILE`.

use super::{CheckArgs, Color, EXIT_CLEAN, EXIT_FOUND, EXIT_TROUBLE, FailOn, Format, report_err};
use crate::check::{FileReport, check_decoded, check_file};
use crate::context::{Context, Resolver};
use crate::diagnostic::Severity;
use crate::fix;
use crate::guard;
use crate::input::{self, Decoded, Source, walk};
use crate::render::{self, Summary, github, gitlab, html, human, json, junit, rdjson, sarif};
use crate::rules::RuleMeta;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What one file contributes to the output.
struct FileOut {
    /// The rendered chunk (format-specific; may be empty).
    chunk: String,
    /// Bytes for standard output instead of a chunk: a diff, or the text of `--fix -`.
    raw: Vec<u8>,
    summary: Summary,
    /// (rule, severity) of each diagnostic, for --statistics.
    found: Vec<(String, Severity)>,
    /// Whether the file fails the run at its fail-on threshold.
    failed: bool,
    /// Whether the file had fixes (for --diff's exit code).
    fixable: bool,
    /// Why the file could not be read, if so.
    unreadable: Option<(String, String)>,
    /// JUnit test cases, failures and errors in the chunk.
    cases: (usize, usize, usize),
    /// A problem that is not about the text (configuration, writing a fix).
    trouble: Option<String>,
    /// Printed on standard error (diagnostics left after fixing standard input).
    stderr: String,
}

impl FileOut {
    /// Output that is not a diagnostic report (a diff, or fixed text from standard input).
    fn text(chunk: String, summary: Summary, fixable: bool) -> Self {
        FileOut {
            chunk,
            raw: Vec::new(),
            summary,
            found: Vec::new(),
            failed: false,
            fixable,
            unreadable: None,
            cases: (0, 0, 0),
            trouble: None,
            stderr: String::new(),
        }
    }
}

fn threshold(args: &CheckArgs, ctx: &Context) -> Severity {
    match args.fail_on {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Info) => Severity::Info,
        None => ctx
            .config
            .fail_on
            .as_ref()
            .map_or(Severity::Error, |s| s.value.max(Severity::Info)),
    }
}

/// The path a source's configuration is looked up from.
fn lookup_path(source: &Source) -> PathBuf {
    match source {
        Source::File(p) => std::path::absolute(p).unwrap_or_else(|_| p.clone()),
        Source::Stdin { name } if name != "-" => {
            std::path::absolute(name).unwrap_or_else(|_| PathBuf::from(name))
        }
        Source::Stdin { .. } => std::env::current_dir().unwrap_or_default().join("stdin"),
    }
}

fn render_chunk(
    format: Format,
    r: &FileReport,
    sarif_index: &HashMap<String, usize>,
    color: bool,
) -> (String, (usize, usize, usize)) {
    let join = |values: Vec<serde_json::Value>, sep: &str| {
        values
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(sep)
    };
    match format {
        Format::Human => (
            String::from_utf8_lossy(&human::file(r, color)).into_owned(),
            (0, 0, 0),
        ),
        Format::Concise => (
            String::from_utf8_lossy(&human::concise(r)).into_owned(),
            (0, 0, 0),
        ),
        Format::Json => {
            let mut out = Vec::new();
            json::write_file(r, &mut out);
            (String::from_utf8_lossy(&out).into_owned(), (0, 0, 0))
        }
        Format::JsonLines => (json::lines(r), (0, 0, 0)),
        Format::Github => (github::file(r), (0, 0, 0)),
        Format::Sarif => (join(sarif::file(r, sarif_index), ","), (0, 0, 0)),
        Format::Rdjson => (join(rdjson::file(r), ","), (0, 0, 0)),
        Format::Gitlab => (join(gitlab::file(r), ","), (0, 0, 0)),
        Format::Html => (html::file(r), (0, 0, 0)),
        Format::Junit => {
            let (xml, cases, failures, errors) = junit::file(r);
            (xml, (cases, failures, errors))
        }
    }
}

/// Checks one source, containing any panic to it: a bug met in one file is reported as an
/// internal error for that file (exit 2), nothing is written for it, and the others go on.
fn check_one(
    source: &Source,
    ctx: &Context,
    resolver: &Resolver,
    args: &CheckArgs,
    encoding: Option<&'static encoding_rs::Encoding>,
    sarif_index: &HashMap<String, usize>,
    color: bool,
) -> FileOut {
    let name = source.name();
    // Read outside the guard: standard input can be read only once, and its bytes are
    // passed through unchanged when anything goes wrong under `--fix -`.
    let bytes = input::read(source);
    let passthrough = match (&bytes, source) {
        (Ok(b), Source::Stdin { .. }) if args.fix => b.clone(),
        _ => Vec::new(),
    };
    let run = || {
        guard::stage("checking", || {
            check_read(
                source,
                bytes,
                ctx,
                resolver,
                args,
                encoding,
                sarif_index,
                color,
            )
        })
    };
    match guard::catch(run) {
        Ok(out) => out,
        Err(e) => {
            let mut out = FileOut::text(
                String::new(),
                Summary {
                    files: 1,
                    ..Default::default()
                },
                false,
            );
            out.raw = passthrough;
            out.trouble = Some(e.describe(&name));
            out
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_read(
    source: &Source,
    bytes: Result<Vec<u8>, input::InputError>,
    ctx: &Context,
    resolver: &Resolver,
    args: &CheckArgs,
    encoding: Option<&'static encoding_rs::Encoding>,
    sarif_index: &HashMap<String, usize>,
    color: bool,
) -> FileOut {
    let name = source.name();
    let path = lookup_path(source);
    let ignored = ctx.config.ignored_for(&path);
    let limit = threshold(args, ctx);
    let (feedback, mut trouble) = match resolver.feedback_for(&path, ctx) {
        Ok(f) => (f, None),
        Err(e) => (None, Some(format!("{name}: feedback: {e}"))),
    };
    let fixing = args.fix || args.diff;
    // The bytes as read are kept for fixing: only the fixed spans are re-encoded.
    let (raw, decoded) = match bytes {
        Err(e) => (Vec::new(), Err(e)),
        Ok(b) => {
            let raw = if fixing { b.clone() } else { Vec::new() };
            let d = guard::stage("reading", || input::load_bytes(source, b, encoding));
            (raw, d)
        }
    };
    let stdin = matches!(source, Source::Stdin { .. });
    let mut fixable = false;
    let mut report = match decoded {
        Err(e) if args.diff || (args.fix && stdin) => {
            // Not a diff or a document: the problem goes to standard error only, and
            // standard input passes through unchanged.
            let report = FileReport::unreadable(&name, source.format(), e.clone());
            let mut out = FileOut::text(
                String::new(),
                Summary::of(std::slice::from_ref(&report)),
                false,
            );
            out.unreadable = Some((e.name.clone(), e.message.clone()));
            out.stderr = format!("zhenggai: error: {e}\n");
            if args.fix {
                out.raw = raw;
            }
            out.trouble = trouble;
            return out;
        }
        Err(e) => FileReport::unreadable(&name, source.format(), e),
        // Fixes rewrite text files; a Word document is checked, never rewritten.
        Ok(Decoded {
            text,
            encoding: enc,
            format,
        }) if fixing && format != input::Format::Docx => {
            let markdown = format == input::Format::Markdown;
            let original = text.clone();
            let fixed = guard::stage("fixing", || {
                fix::fix_text(
                    &name,
                    text,
                    markdown,
                    &ctx.rules,
                    &ignored,
                    feedback.clone(),
                )
            });
            // The file's own bytes with only the fixed spans re-encoded.
            let written = fixed.text.as_deref().map(|new| {
                guard::stage("encoding the fixes", || {
                    input::splice(&raw, enc, &original, &fixed.edits, new)
                })
            });
            let mut report = fixed.report;
            report.encoding = Some(enc.name());
            let new_bytes = match written {
                Some(Ok(b)) => Some(b),
                Some(Err(e)) => {
                    trouble = Some(format!("{name}: cannot apply the fixes: {e}"));
                    None
                }
                None => None,
            };
            fixable = fixed.text.is_some();
            if args.diff {
                let mut out = FileOut::text(
                    String::new(),
                    Summary::of(std::slice::from_ref(&report)),
                    fixable,
                );
                // Only the changes go to standard output, in the file's encoding (so that
                // `patch` applies them); a UTF-16 file's diff is shown in UTF-8. What is left
                // to fix by hand goes to standard error.
                out.raw = match (&new_bytes, &fixed.text) {
                    (Some(b), _) if !enc.name().starts_with("UTF-16") => {
                        fix::unified_diff_bytes(&name, &raw, b)
                    }
                    (Some(_), Some(new)) => fix::unified_diff(&name, &original, new).into_bytes(),
                    _ => Vec::new(),
                };
                out.failed = report.diagnostics.iter().any(|d| d.severity >= limit);
                out.stderr = String::from_utf8_lossy(&human::concise(&report)).into_owned();
                out.trouble = trouble;
                return out;
            }
            if stdin {
                // Standard input: the fixed (or unchanged) bytes go to standard output, in
                // the encoding they came in; what is left to fix by hand to standard error.
                let mut out = FileOut::text(
                    String::new(),
                    Summary::of(std::slice::from_ref(&report)),
                    fixable,
                );
                if new_bytes.is_none() && fixable {
                    // Not fixed after all: report the text as it came.
                    report = check_original(&name, original, markdown, ctx, &ignored, feedback);
                    report.encoding = Some(enc.name());
                }
                out.raw = new_bytes.unwrap_or(raw);
                out.failed = report.diagnostics.iter().any(|d| d.severity >= limit);
                out.stderr = String::from_utf8_lossy(&human::concise(&report)).into_owned();
                out.trouble = trouble;
                return out;
            }
            if let (Some(b), Source::File(p)) = (&new_bytes, source) {
                if let Err(e) = guard::stage("writing", || fix::write_fixed(p, &raw, b)) {
                    trouble = Some(format!("{name}: cannot write the fixes: {e}"));
                }
            }
            if trouble.is_some() && fixable {
                // Nothing was written: report what is on disk, not what the fixes would give.
                report = check_original(&name, original, markdown, ctx, &ignored, feedback);
                report.encoding = Some(enc.name());
            }
            report
        }
        Ok(decoded) if fixing => {
            // A Word document: never rewritten. Under --diff nothing goes to standard output
            // but diffs; under --fix - its bytes pass through unchanged.
            let report = check_decoded(&name, decoded, &ctx.rules, feedback);
            if args.diff || stdin {
                let mut out = FileOut::text(
                    String::new(),
                    Summary::of(std::slice::from_ref(&report)),
                    false,
                );
                let mut report = report;
                report
                    .diagnostics
                    .retain(|d| !ignored.contains(&d.rule.as_str()));
                out.failed = report.diagnostics.iter().any(|d| d.severity >= limit);
                out.stderr = String::from_utf8_lossy(&human::concise(&report)).into_owned();
                if stdin && args.fix {
                    out.raw = raw;
                }
                out.trouble = trouble;
                return out;
            }
            report
        }
        Ok(decoded) => check_file(&name, decoded, &path, ctx, feedback),
    };
    if !ignored.is_empty() {
        report
            .diagnostics
            .retain(|d| !ignored.contains(&d.rule.as_str()));
    }
    let (chunk, cases) = guard::stage("rendering", || {
        render_chunk(args.format, &report, sarif_index, color)
    });
    FileOut {
        chunk,
        raw: Vec::new(),
        summary: Summary::of(std::slice::from_ref(&report)),
        found: report
            .diagnostics
            .iter()
            .map(|d| (d.rule.clone(), d.severity))
            .collect(),
        failed: report.diagnostics.iter().any(|d| d.severity >= limit),
        fixable,
        unreadable: report
            .error
            .as_ref()
            .map(|e| (e.name.clone(), e.message.clone())),
        cases,
        trouble,
        stderr: String::new(),
    }
}

/// The report of a text as read, when its fixes were not written.
fn check_original(
    name: &str,
    text: String,
    markdown: bool,
    ctx: &Context,
    ignored: &[&str],
    feedback: Option<Arc<crate::feedback::Feedback>>,
) -> FileReport {
    let mut r = crate::check::check_text_with(name, text, markdown, &ctx.rules, feedback);
    r.diagnostics
        .retain(|d| !ignored.contains(&d.rule.as_str()));
    r
}

/// Assembles the per-file chunks into the format's document.
fn assemble(
    format: Format,
    outs: &[FileOut],
    total: &Summary,
    sarif_rules: &[&RuleMeta],
    sarif_docs: &sarif::RuleDocs,
) -> String {
    let chunks = || {
        outs.iter()
            .map(|o| o.chunk.as_str())
            .filter(|c| !c.is_empty())
    };
    match format {
        Format::Human | Format::Concise => {
            let mut s: String = chunks().collect();
            if format == Format::Human || total.errors + total.warnings + total.infos > 0 {
                s.push_str(&human::summary(total));
            }
            if format == Format::Human {
                let seen = outs
                    .iter()
                    .flat_map(|o| o.found.iter().map(|(r, _)| r.as_str()));
                s.push_str(&human::explain_footer(seen));
            }
            s
        }
        Format::Json => {
            let files: Vec<&str> = outs.iter().map(|o| o.chunk.as_str()).collect();
            format!(
                "{{\"version\":{},\"files\":[\n{}\n],\"summary\":{}}}\n",
                json::VERSION,
                files.join(",\n"),
                serde_json::to_string(total).unwrap_or_default()
            )
        }
        Format::JsonLines | Format::Github => chunks().collect(),
        Format::Sarif => {
            let results: Vec<&str> = chunks().collect();
            let unreadable: Vec<(String, String)> =
                outs.iter().filter_map(|o| o.unreadable.clone()).collect();
            sarif::wrap(sarif_rules, sarif_docs, &results.join(","), &unreadable)
        }
        Format::Rdjson => rdjson::wrap(&chunks().collect::<Vec<_>>().join(",")),
        Format::Gitlab => format!("[{}]\n", chunks().collect::<Vec<_>>().join(",")),
        Format::Html => html::wrap(&chunks().collect::<Vec<_>>(), total),
        Format::Junit => {
            let tests = outs.iter().map(|o| o.cases.0).sum();
            let failures = outs.iter().map(|o| o.cases.1).sum();
            let errors = outs.iter().map(|o| o.cases.2).sum();
            junit::wrap(&chunks().collect::<String>(), tests, failures, errors)
        }
    }
}

fn statistics(args: &CheckArgs, outs: &[FileOut]) -> String {
    let all: Vec<(String, Severity)> = outs.iter().flat_map(|o| o.found.iter().cloned()).collect();
    let stats = render::statistics(&all);
    if args.format == Format::Json {
        let v: Vec<_> = stats
            .iter()
            .map(|(r, s, n)| serde_json::json!({"rule": r, "severity": s.as_str(), "count": n}))
            .collect();
        let mut s = serde_json::to_string_pretty(
            &serde_json::json!({"version": json::VERSION, "statistics": v}),
        )
        .unwrap_or_default();
        s.push('\n');
        s
    } else {
        let w = stats.iter().map(|(r, _, _)| r.len()).max().unwrap_or(0);
        stats
            .iter()
            .map(|(r, s, n)| format!("{n:>6}  {r:<w$}  [{s}]\n"))
            .collect()
    }
}

/// Runs `check`; returns the exit code.
pub(crate) fn run(args: CheckArgs) -> u8 {
    let encoding = match super::encoding_arg(args.encoding.as_ref()) {
        Ok(e) => e,
        Err(code) => return code,
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
    let resolver = match super::resolver(super::Selection {
        config: args.config.as_ref(),
        no_config: args.no_config,
        rules: &args.rules,
        select: &args.select,
        ignore: &args.ignore,
        extends: &args.extends,
        feedback: &args.feedback,
    }) {
        Ok(r) => r,
        Err(code) => return code,
    };

    let fix_stdin =
        args.fix && (args.stdin_filename.is_some() || paths.iter().any(|p| p.as_os_str() == "-"));
    if fix_stdin && (paths.len() > 1 || (args.stdin_filename.is_some() && !paths.is_empty())) {
        return report_err(
            "--fix on standard input prints the fixed text to standard output: give no other \
             paths (fix files in a separate run)",
        );
    }
    let (walked, errors) = walk::collect(&paths, !args.no_ignore);
    // Also on standard error: the output may be a file or a pipe read by a program.
    let mut trouble: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    let mut sources: Vec<(Source, Arc<Context>)> = Vec::new();
    let mut bad_config = false;
    let explicit = |p: &Path| paths.iter().any(|q| q == p);
    let stdin = args
        .stdin_filename
        .as_ref()
        .map(|n| Source::Stdin { name: n.clone() });
    for s in walked.into_iter().chain(stdin) {
        match resolver.for_path(&lookup_path(&s)) {
            Ok(ctx) => {
                let keep = match &s {
                    Source::File(p) => explicit(p) || ctx.config.walks(&lookup_path(&s)),
                    Source::Stdin { .. } => true,
                };
                if keep {
                    sources.push((s, ctx));
                }
            }
            Err(errs) => {
                if !bad_config {
                    trouble.extend(errs.iter().map(|e| e.to_string()));
                }
                bad_config = true;
            }
        }
    }
    if bad_config {
        for t in &trouble {
            eprintln!("zhenggai: error: {t}");
        }
        return EXIT_TROUBLE;
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    // Paths that could not be walked are reported like unreadable files, first.
    let fallback = match sources.first() {
        Some((_, c)) => c.clone(),
        None => match resolver.for_path(&std::env::current_dir().unwrap_or_default().join("_")) {
            Ok(c) => c,
            Err(errs) => {
                for e in errs {
                    eprintln!("zhenggai: error: {e}");
                }
                return EXIT_TROUBLE;
            }
        },
    };
    // Load warnings (a capture the message never shows…), once each, whatever the config.
    let mut warned = std::collections::BTreeSet::new();
    for ctx in std::iter::once(&fallback).chain(sources.iter().map(|(_, c)| c)) {
        for w in ctx.rules.rules.iter().flat_map(|r| &r.warnings) {
            if warned.insert(w.to_string()) {
                eprintln!("zhenggai: warning: {w}");
            }
        }
    }
    // SARIF lists every rule of the run once: the union over the configurations in use.
    let mut sarif_rules: Vec<&RuleMeta> = Vec::new();
    let mut sarif_docs = sarif::RuleDocs::default();
    for ctx in std::iter::once(&fallback).chain(sources.iter().map(|(_, c)| c)) {
        for r in &ctx.rules.rules {
            if !sarif_rules.iter().any(|m| m.id == r.meta.id) {
                sarif_rules.push(&r.meta);
                if args.format == Format::Sarif && !args.statistics && !args.diff {
                    let id = r.meta.id.clone();
                    if let Some(link) = ctx.config.docs_link(&id) {
                        sarif_docs.links.insert(id.clone(), link);
                    }
                    sarif_docs.pages.insert(id, super::docs::rule_page(r));
                }
            }
        }
    }
    let sarif_index: HashMap<String, usize> = sarif_rules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.clone(), i))
        .collect();
    let mut outs: Vec<FileOut> = errors
        .into_iter()
        .map(|e| {
            let r = FileReport::unreadable(&e.name.clone(), input::Format::Text, e);
            let (chunk, cases) = if args.diff || args.statistics {
                (String::new(), (0, 0, 0))
            } else {
                render_chunk(args.format, &r, &sarif_index, color)
            };
            FileOut {
                chunk,
                raw: Vec::new(),
                summary: Summary::of(std::slice::from_ref(&r)),
                found: Vec::new(),
                failed: false,
                fixable: false,
                unreadable: r
                    .error
                    .as_ref()
                    .map(|e| (e.name.clone(), e.message.clone())),
                cases,
                trouble: None,
                stderr: String::new(),
            }
        })
        .collect();
    // Checked in parallel; collected in input order.
    outs.extend(
        sources
            .par_iter()
            .map(|(s, ctx)| check_one(s, ctx, &resolver, &args, encoding, &sarif_index, color))
            .collect::<Vec<_>>(),
    );
    let mut total = Summary::default();
    for o in &outs {
        total.files += o.summary.files;
        total.errors += o.summary.errors;
        total.warnings += o.summary.warnings;
        total.infos += o.summary.infos;
        total.unreadable += o.summary.unreadable;
        trouble.extend(o.trouble.clone());
    }
    // Standard output carries one thing: diffs, the fixed text of standard input, or the
    // report.
    let text: Vec<u8> = if args.diff || fix_stdin {
        outs.iter().flat_map(|o| o.raw.iter().copied()).collect()
    } else if args.statistics {
        statistics(&args, &outs).into_bytes()
    } else {
        assemble(args.format, &outs, &total, &sarif_rules, &sarif_docs).into_bytes()
    };
    for t in &trouble {
        eprintln!("zhenggai: error: {t}");
    }
    for o in outs.iter().filter(|o| !o.stderr.is_empty()) {
        eprint!("{}", o.stderr);
    }
    let written = match &args.output {
        Some(p) => {
            std::fs::write(p, &text).map_err(|e| format!("cannot write {}: {e}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(&text).and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write output: {e}"))
                }
                _ => Ok(()),
            }
        }
    };
    if let Err(e) = written {
        return report_err(&e);
    }
    if !trouble.is_empty() || total.unreadable > 0 {
        EXIT_TROUBLE
    } else if outs.iter().any(|o| o.failed) || (args.diff && outs.iter().any(|o| o.fixable)) {
        // (With --diff, `failed` counts what is left after the fixes: a file with errors and
        // no fix fails as it does without --diff.)
        EXIT_FOUND
    } else {
        EXIT_CLEAN
    }
}
