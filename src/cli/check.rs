//! `zhenggai check`: collect sources, resolve their configuration, check them in parallel,
//! apply or show fixes, and render in input order to standard output or `-o FILE` through
//! the format's [`Emitter`].

use super::{
    CheckArgs, Color, EXIT_CLEAN, EXIT_FOUND, EXIT_TROUBLE, FailOn, OutputFormat, report_err,
};
use crate::check::{FileReport, check_file, fix_file, utf8};
use crate::context::{Context, Resolver};
use crate::diagnostic::Severity;
use crate::feedback::Feedback;
use crate::fix;
use crate::guard;
use crate::input::{self, Decoded, InputError, Source, walk};
use crate::render::{
    self, Emitter, Part, Summary, github, gitlab, html, human, json, junit, rdjson, sarif,
};
use crate::rules::RuleMeta;
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What one file contributes to the output.
struct FileOut {
    /// Its part of the report (an empty chunk when it has none: a diff, an internal error).
    part: Part,
    /// Bytes for standard output instead of a part: a diff, or the text of `--fix -`.
    raw: Vec<u8>,
    summary: Summary,
    /// Whether the file fails the run at its fail-on threshold.
    failed: bool,
    /// Whether the file had fixes (for --diff's exit code).
    fixable: bool,
    /// A problem that is not about the text (configuration, writing a fix).
    trouble: Option<String>,
    /// Printed on standard error (diagnostics left after fixing standard input).
    stderr: String,
}

impl FileOut {
    /// Output beside the report (a diff, fixed text from standard input, an internal error):
    /// no part of it yet.
    fn aside(summary: Summary, fixable: bool) -> Self {
        FileOut {
            part: Part::default(),
            raw: Vec::new(),
            summary,
            failed: false,
            fixable,
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
            .map_or(Severity::Error, |s| s.value),
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

/// The one place an output format becomes its emitter. `contexts` are the configurations in
/// use (SARIF lists their rules).
fn emitter<'a>(args: &CheckArgs, contexts: &[&'a Context]) -> Box<dyn Emitter + 'a> {
    match args.format {
        OutputFormat::Human => Box::new(human::HumanEmitter { color: color(args) }),
        OutputFormat::Concise => Box::new(human::ConciseEmitter),
        OutputFormat::Json => Box::new(json::JsonEmitter),
        OutputFormat::JsonLines => Box::new(json::JsonLinesEmitter),
        OutputFormat::Github => Box::new(github::GithubEmitter),
        // The rules' pages only when SARIF is printed (not the statistics or diffs).
        OutputFormat::Sarif => Box::new(sarif_emitter(contexts, !args.statistics && !args.diff)),
        OutputFormat::Rdjson => Box::new(rdjson::RdjsonEmitter),
        OutputFormat::Gitlab => Box::new(gitlab::GitlabEmitter),
        OutputFormat::Junit => Box::<junit::JunitEmitter>::default(),
        OutputFormat::Html => Box::new(html::HtmlEmitter),
    }
}

/// Whether to colour human output.
fn color(args: &CheckArgs) -> bool {
    match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// SARIF lists every rule of the run once: the union over the configurations in use, with
/// each rule's page and address when `pages`.
fn sarif_emitter<'a>(contexts: &[&'a Context], pages: bool) -> sarif::SarifEmitter<'a> {
    let mut rules: Vec<&RuleMeta> = Vec::new();
    let mut docs = sarif::RuleDocs::default();
    for ctx in contexts {
        for r in &ctx.rules.rules {
            if rules.iter().any(|m| m.id == r.meta.id) {
                continue;
            }
            rules.push(&r.meta);
            if pages {
                let id = r.meta.id.clone();
                if let Some(link) = ctx.config.docs_link(&id) {
                    docs.links.insert(id.clone(), link);
                }
                docs.pages.insert(id, super::docs::rule_page(r));
            }
        }
    }
    sarif::SarifEmitter::new(rules, docs)
}

/// Runs `check`; returns the exit code.
pub(crate) fn run(args: CheckArgs) -> u8 {
    match check_all(&args) {
        Ok(code) | Err(code) => code,
    }
}

/// `check` from its arguments to its exit code; `Err` is an exit before any file is checked.
fn check_all(args: &CheckArgs) -> Result<u8, u8> {
    let encoding = args.setup.encoding()?;
    let paths = input_paths(args)?;
    let resolver = args.setup.resolver()?;
    let fix_stdin = fixes_stdin(args, &paths)?;
    let (walked, errors) = walk::collect(&paths, !args.no_ignore);
    // Also on standard error: the output may be a file or a pipe read by a program.
    let mut trouble: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    let sources = resolve(args, &paths, walked, &resolver, &mut trouble)?;
    let fallback = fallback(&sources, &resolver)?;
    let contexts = distinct(&fallback, &sources);
    warn_once(&contexts);
    let emitter = emitter(args, &contexts);
    let run = Run {
        args,
        resolver: &resolver,
        encoding,
        emitter: emitter.as_ref(),
    };
    // Paths that could not be walked are reported like unreadable files, first.
    let mut outs: Vec<FileOut> = errors.into_iter().map(|e| run.unwalkable(e)).collect();
    // Checked in parallel; collected in input order.
    outs.extend(
        sources
            .par_iter()
            .map(|(s, ctx)| run.check_one(s, ctx))
            .collect::<Vec<_>>(),
    );
    Ok(run.finish(&outs, trouble, fix_stdin))
}

/// The paths to check: `--stdin` adds `-`; `--stdin-filename` reads standard input alone.
fn input_paths(args: &CheckArgs) -> Result<Vec<PathBuf>, u8> {
    let mut paths = args.paths.clone();
    if args.stdin && !paths.iter().any(|p| p.as_os_str() == "-") {
        paths.push("-".into());
    }
    if args.stdin_filename.is_some() {
        paths.retain(|p| p.as_os_str() != "-");
        if !paths.is_empty() {
            return Err(report_err(
                "--stdin-filename reads standard input; do not also give paths",
            ));
        }
    } else if paths.is_empty() {
        return Err(report_err(
            "no input: give files or directories to check, or `-` for standard input",
        ));
    }
    Ok(paths)
}

/// Whether `--fix` rewrites standard input (to standard output), which must then be the
/// only input.
fn fixes_stdin(args: &CheckArgs, paths: &[PathBuf]) -> Result<bool, u8> {
    let fix_stdin =
        args.fix && (args.stdin_filename.is_some() || paths.iter().any(|p| p.as_os_str() == "-"));
    if fix_stdin && (paths.len() > 1 || (args.stdin_filename.is_some() && !paths.is_empty())) {
        return Err(report_err(
            "--fix on standard input prints the fixed text to standard output: give no other \
             paths (fix files in a separate run)",
        ));
    }
    Ok(fix_stdin)
}

/// Each source with the configuration of its path, without the files that configuration
/// excludes (unless named on the command line). A configuration that cannot be loaded ends
/// the run before anything is checked, with `trouble` so far and its own errors.
fn resolve(
    args: &CheckArgs,
    paths: &[PathBuf],
    walked: Vec<Source>,
    resolver: &Resolver,
    trouble: &mut Vec<String>,
) -> Result<Vec<(Source, Arc<Context>)>, u8> {
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
        for t in trouble.iter() {
            eprintln!("zhenggai: error: {t}");
        }
        return Err(EXIT_TROUBLE);
    }
    Ok(sources)
}

/// The configuration of paths that could not be walked (and of a run without sources): the
/// first source's, or the current directory's.
fn fallback(sources: &[(Source, Arc<Context>)], resolver: &Resolver) -> Result<Arc<Context>, u8> {
    match sources.first() {
        Some((_, c)) => Ok(c.clone()),
        None => resolver
            .for_path(&std::env::current_dir().unwrap_or_default().join("_"))
            .map_err(|errs| {
                for e in errs {
                    eprintln!("zhenggai: error: {e}");
                }
                EXIT_TROUBLE
            }),
    }
}

/// The configurations in use, each once, in order of first use (the fallback first).
fn distinct<'a>(
    fallback: &'a Arc<Context>,
    sources: &'a [(Source, Arc<Context>)],
) -> Vec<&'a Context> {
    let mut contexts: Vec<&Context> = Vec::new();
    for ctx in std::iter::once(fallback).chain(sources.iter().map(|(_, c)| c)) {
        if !contexts.iter().any(|c| std::ptr::eq(*c, &**ctx)) {
            contexts.push(ctx);
        }
    }
    contexts
}

/// Load warnings (a capture the message never shows…), once each, whatever the config.
fn warn_once(contexts: &[&Context]) {
    let mut warned = std::collections::BTreeSet::new();
    for w in contexts
        .iter()
        .flat_map(|c| &c.rules.rules)
        .flat_map(|r| &r.warnings)
    {
        if warned.insert(w.to_string()) {
            eprintln!("zhenggai: warning: {w}");
        }
    }
}

/// Writes the run's output to `-o FILE` or standard output (a closed pipe is not an error).
fn write_output(output: Option<&Path>, text: &[u8]) -> Result<(), String> {
    match output {
        Some(p) => {
            std::fs::write(p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text).and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write output: {e}"))
                }
                _ => Ok(()),
            }
        }
    }
}

/// What every file of a run shares.
struct Run<'a> {
    args: &'a CheckArgs,
    resolver: &'a Resolver,
    /// `--encoding`: decode text files as this instead of detecting.
    encoding: Option<&'static encoding_rs::Encoding>,
    emitter: &'a dyn Emitter,
}

impl Run<'_> {
    /// A path that could not be walked, reported like a file that cannot be read.
    fn unwalkable(&self, e: InputError) -> FileOut {
        let r = FileReport::unreadable(&e.name.clone(), input::InputFormat::Text, e);
        let chunk = if self.args.diff || self.args.statistics {
            String::new()
        } else {
            self.emitter.file(&r)
        };
        let mut out = FileOut::aside(Summary::of(std::slice::from_ref(&r)), false);
        out.part = Part::of(&r, chunk);
        out
    }

    /// Checks one source, containing any panic to it: a bug met in one file is reported as
    /// an internal error for that file (exit 2), nothing is written for it, and the others
    /// go on.
    fn check_one(&self, source: &Source, ctx: &Context) -> FileOut {
        // Read outside the guard: standard input can be read only once, and its bytes are
        // passed through unchanged when anything goes wrong under `--fix -`.
        let bytes = input::read(source);
        let passthrough = match (&bytes, source) {
            (Ok(b), Source::Stdin { .. }) if self.args.fix => b.clone(),
            _ => Vec::new(),
        };
        let run = || guard::stage("checking", || FileRun::new(self, source, ctx).check(bytes));
        guard::catch(run).unwrap_or_else(|e| {
            let one = Summary {
                files: 1,
                ..Default::default()
            };
            let mut out = FileOut::aside(one, false);
            out.raw = passthrough;
            out.trouble = Some(e.describe(&source.name()));
            out
        })
    }

    /// Prints the run's output and its problems; returns the exit code.
    fn finish(&self, outs: &[FileOut], mut trouble: Vec<String>, fix_stdin: bool) -> u8 {
        let mut total = Summary::default();
        for o in outs {
            total.add(&o.summary);
            trouble.extend(o.trouble.clone());
        }
        let text = self.output(outs, &total, fix_stdin);
        for t in &trouble {
            eprintln!("zhenggai: error: {t}");
        }
        for o in outs.iter().filter(|o| !o.stderr.is_empty()) {
            eprint!("{}", o.stderr);
        }
        if let Err(e) = write_output(self.args.output.as_deref(), &text) {
            return report_err(&e);
        }
        if !trouble.is_empty() || total.unreadable > 0 {
            EXIT_TROUBLE
        } else if outs.iter().any(|o| o.failed)
            || (self.args.diff && outs.iter().any(|o| o.fixable))
        {
            // (With --diff, `failed` counts what is left after the fixes: a file with errors
            // and no fix fails as it does without --diff.)
            EXIT_FOUND
        } else {
            EXIT_CLEAN
        }
    }

    /// Standard output carries one thing: diffs, the fixed text of standard input, the
    /// statistics or the report.
    fn output(&self, outs: &[FileOut], total: &Summary, fix_stdin: bool) -> Vec<u8> {
        if self.args.diff || fix_stdin {
            outs.iter().flat_map(|o| o.raw.iter().copied()).collect()
        } else if self.args.statistics {
            let found: Vec<(String, Severity)> = outs
                .iter()
                .flat_map(|o| o.part.found.iter().cloned())
                .collect();
            self.emitter
                .statistics(&render::statistics(&found))
                .into_bytes()
        } else {
            let parts: Vec<&Part> = outs.iter().map(|o| &o.part).collect();
            self.emitter.finish(&parts, total).into_bytes()
        }
    }
}

/// One file's check: what it is checked against, and the last problem met that is not about
/// its text (its feedback file, applying or writing its fixes).
struct FileRun<'a> {
    run: &'a Run<'a>,
    source: &'a Source,
    ctx: &'a Context,
    name: String,
    /// Where its configuration was looked up (per-file ignores match it).
    path: PathBuf,
    feedback: Option<Arc<Feedback>>,
    /// Diagnostics at this severity or above fail the run.
    limit: Severity,
    trouble: Option<String>,
    stdin: bool,
}

/// A file's report to render and whether it had fixes; or its output, complete already
/// (a diff, standard input under `--fix`).
type Outcome = ControlFlow<FileOut, (FileReport, bool)>;

impl<'a> FileRun<'a> {
    fn new(run: &'a Run<'a>, source: &'a Source, ctx: &'a Context) -> Self {
        let name = source.name();
        let path = lookup_path(source);
        let (feedback, trouble) = match run.resolver.feedback_for(&path, ctx) {
            Ok(f) => (f, None),
            Err(e) => (None, Some(format!("{name}: feedback: {e}"))),
        };
        FileRun {
            run,
            source,
            ctx,
            name,
            path,
            feedback,
            limit: threshold(run.args, ctx),
            trouble,
            stdin: matches!(source, Source::Stdin { .. }),
        }
    }

    /// Decodes the file read as `bytes`, checks it (fixing it under `--fix`/`--diff`) and
    /// renders it.
    fn check(mut self, bytes: Result<Vec<u8>, InputError>) -> FileOut {
        let args = self.run.args;
        let fixing = args.fix || args.diff;
        // The bytes as read are kept for fixing: only the fixed spans are re-encoded.
        let (raw, decoded) = match bytes {
            Err(e) => (Vec::new(), Err(e)),
            Ok(b) => {
                let raw = if fixing { b.clone() } else { Vec::new() };
                let encoding = self.run.encoding;
                let d = guard::stage("reading", || input::load_bytes(self.source, b, encoding));
                (raw, d)
            }
        };
        let outcome = match decoded {
            Err(e) if args.diff || (args.fix && self.stdin) => {
                ControlFlow::Break(self.unreadable_aside(e, raw))
            }
            Err(e) => {
                let report = FileReport::unreadable(&self.name, self.source.format(), e);
                ControlFlow::Continue((report, false))
            }
            // Fixes rewrite text files; a Word document is checked, never rewritten.
            Ok(d) if fixing && d.format != input::InputFormat::Docx => self.fix(d, raw),
            Ok(d) if fixing => self.docx_unfixed(d, raw),
            Ok(d) => ControlFlow::Continue((self.checked(d), false)),
        };
        match outcome {
            ControlFlow::Break(out) => out,
            ControlFlow::Continue((report, fixable)) => self.rendered(report, fixable),
        }
    }

    /// The file checked in its resolved context.
    fn checked(&self, decoded: Decoded) -> FileReport {
        check_file(
            &self.name,
            decoded,
            &self.path,
            self.ctx,
            self.feedback.clone(),
        )
    }

    /// Whether `report` fails the run.
    fn fails(&self, report: &FileReport) -> bool {
        report.diagnostics.iter().any(|d| d.severity >= self.limit)
    }

    /// The file's part of the report.
    fn rendered(self, report: FileReport, fixable: bool) -> FileOut {
        let chunk = guard::stage("rendering", || self.run.emitter.file(&report));
        FileOut {
            summary: Summary::of(std::slice::from_ref(&report)),
            failed: self.fails(&report),
            part: Part::of(&report, chunk),
            raw: Vec::new(),
            fixable,
            trouble: self.trouble,
            stderr: String::new(),
        }
    }

    /// Output beside the report: `raw` for standard output, and what is left to fix by hand
    /// (`report`) one line each on standard error.
    fn aside(&self, report: &FileReport, fixable: bool, raw: Vec<u8>) -> FileOut {
        let mut out = FileOut::aside(Summary::of(std::slice::from_ref(report)), fixable);
        out.raw = raw;
        out.failed = self.fails(report);
        out.stderr = String::from_utf8_lossy(&human::concise(report)).into_owned();
        out.trouble = self.trouble.clone();
        out
    }

    /// A file that cannot be decoded under `--diff` or `--fix -`: not a diff or a document,
    /// so the problem goes to standard error only, and standard input passes through
    /// unchanged.
    fn unreadable_aside(&self, e: InputError, raw: Vec<u8>) -> FileOut {
        let report = FileReport::unreadable(&self.name, self.source.format(), e.clone());
        let mut out = FileOut::aside(Summary::of(std::slice::from_ref(&report)), false);
        out.part.unreadable = Some((e.name.clone(), e.message.clone()));
        out.stderr = format!("zhenggai: error: {e}\n");
        if self.run.args.fix {
            out.raw = raw;
        }
        out.trouble = self.trouble.clone();
        out
    }

    /// `--fix` or `--diff` of a text file (`raw` as read, `decoded` from it): the diff, the
    /// fixed text of standard input, or the file rewritten and its report.
    fn fix(&mut self, decoded: Decoded, raw: Vec<u8>) -> Outcome {
        let Decoded {
            text,
            encoding: enc,
            format,
        } = decoded;
        let markdown = format == input::InputFormat::Markdown;
        let original = text.clone();
        let fixed = guard::stage("fixing", || {
            let feedback = self.feedback.clone();
            fix_file(&self.name, text, markdown, &self.path, self.ctx, feedback)
        });
        let new_bytes = self.encode(&fixed, &raw, enc, &original);
        let fixable = fixed.text.is_some();
        let mut report = fixed.report;
        report.encoding = Some(enc.name());
        if self.run.args.diff {
            let diff = diff(
                &self.name,
                &raw,
                enc,
                &original,
                new_bytes.as_deref(),
                fixed.text,
            );
            return ControlFlow::Break(self.aside(&report, fixable, diff));
        }
        if self.stdin {
            // Standard input: the fixed (or unchanged) bytes go to standard output, in the
            // encoding they came in; what is left to fix by hand to standard error.
            if new_bytes.is_none() && fixable {
                // Not fixed after all: report the text as it came.
                report = self.recheck(original, markdown, enc);
            }
            return ControlFlow::Break(self.aside(&report, fixable, new_bytes.unwrap_or(raw)));
        }
        if let (Some(b), Source::File(p)) = (&new_bytes, self.source) {
            if let Err(e) = guard::stage("writing", || fix::write_fixed(p, &raw, b)) {
                self.trouble = Some(format!("{}: cannot write the fixes: {e}", self.name));
            }
        }
        if self.trouble.is_some() && fixable {
            // Nothing was written: report what is on disk, not what the fixes would give.
            report = self.recheck(original, markdown, enc);
        }
        ControlFlow::Continue((report, fixable))
    }

    /// The file's own bytes with only the fixed spans re-encoded; `None` when nothing was
    /// fixed, or when the fixes cannot be encoded (a trouble).
    fn encode(
        &mut self,
        fixed: &fix::Fixed,
        raw: &[u8],
        enc: &'static encoding_rs::Encoding,
        original: &str,
    ) -> Option<Vec<u8>> {
        let new = fixed.text.as_deref()?;
        let spliced = guard::stage("encoding the fixes", || {
            input::splice(raw, enc, original, &fixed.edits, new)
        });
        match spliced {
            Ok(b) => Some(b),
            Err(e) => {
                self.trouble = Some(format!("{}: cannot apply the fixes: {e}", self.name));
                None
            }
        }
    }

    /// The report of the text as read, when its fixes were not written.
    fn recheck(
        &self,
        original: String,
        markdown: bool,
        enc: &'static encoding_rs::Encoding,
    ) -> FileReport {
        let mut report = self.checked(utf8(original, markdown));
        report.encoding = Some(enc.name());
        report
    }

    /// `--fix` or `--diff` of a Word document: checked, never rewritten. Under `--diff`
    /// nothing goes to standard output but diffs; under `--fix -` its bytes pass through
    /// unchanged.
    fn docx_unfixed(&self, decoded: Decoded, raw: Vec<u8>) -> Outcome {
        let report = self.checked(decoded);
        if !(self.run.args.diff || self.stdin) {
            return ControlFlow::Continue((report, false));
        }
        let raw = if self.stdin && self.run.args.fix {
            raw
        } else {
            Vec::new()
        };
        ControlFlow::Break(self.aside(&report, false, raw))
    }
}

/// A fix's changes for standard output: in the file's encoding (so that `patch` applies
/// them); a UTF-16 file's diff is shown in UTF-8.
fn diff(
    name: &str,
    raw: &[u8],
    enc: &'static encoding_rs::Encoding,
    original: &str,
    new_bytes: Option<&[u8]>,
    new_text: Option<String>,
) -> Vec<u8> {
    match (new_bytes, new_text) {
        (Some(b), _) if !enc.name().starts_with("UTF-16") => fix::unified_diff_bytes(name, raw, b),
        (Some(_), Some(new)) => fix::unified_diff(name, original, &new).into_bytes(),
        _ => Vec::new(),
    }
}
