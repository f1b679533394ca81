//! `zhenggai annotate`: check one draft like `check` and write it back as a `.docx` with a
//! Word comment at each diagnostic (see [`crate::annotate`]).

use super::{EXIT_CLEAN, EXIT_FOUND, EXIT_TROUBLE, FailOn, report_err};
use crate::annotate::{self, Options};
use crate::diagnostic::Severity;
use crate::input::{self, Source};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `annotate`.
#[derive(Debug, clap::Args)]
pub(crate) struct AnnotateArgs {
    /// The draft: a .docx, or a .txt/.md file (written as a new .docx).
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Where to write the annotated .docx (default: FILE with `.reviewed.docx` in place of
    /// its extension). Never the input itself.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Comment only on diagnostics at least this severe.
    #[arg(long, value_enum, default_value_t = FailOn::Info, value_name = "SEVERITY")]
    pub(crate) min_severity: FailOn,
    /// The comments' author, as Word shows it.
    #[arg(long, default_value = "zhenggai", value_name = "NAME")]
    pub author: String,
    /// Also write each safe fix as a tracked change (deletion and insertion) to accept or
    /// reject in Word.
    #[arg(long)]
    pub fix_as_revisions: bool,
    /// The configuration, rules, feedback and encoding, as `check` takes them.
    #[command(flatten)]
    pub(crate) setup: super::setup::CheckSetup,
}

/// `draft.docx` → `draft.reviewed.docx`.
fn default_output(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "draft".into());
    input.with_file_name(format!("{stem}.reviewed.docx"))
}

/// Whether two paths name the same existing file (hard links and symlinks included).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Writes `bytes` to `path` through a temporary file created exclusively beside it, so a
/// reader never sees half a document and a planted link is never followed.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".zhenggai-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // The temporary file is private (0600); the document is as readable as a new file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Runs `annotate`; returns the exit code.
pub(crate) fn run(args: AnnotateArgs) -> u8 {
    match annotate_file(&args) {
        Ok(code) | Err(code) => code,
    }
}

/// `annotate` from its arguments to its exit code; `Err` is an exit on a problem.
fn annotate_file(args: &AnnotateArgs) -> Result<u8, u8> {
    let encoding = args.setup.encoding()?;
    let output = output_path(args)?;
    let resolver = args.setup.resolver()?;
    let path = std::path::absolute(&args.input).unwrap_or_else(|_| args.input.clone());
    let ctx = resolver.for_path(&path).map_err(|errors| {
        for e in errors {
            report_err(&e.to_string());
        }
        EXIT_TROUBLE
    })?;
    super::print_warnings(&ctx.rules);
    let feedback = resolver
        .feedback_for(&path, &ctx)
        .map_err(|e| report_err(&format!("{}: feedback: {e}", args.input.display())))?;
    let src = Source::File(args.input.clone());
    let bytes = input::read(&src).map_err(|e| report_err(&e.to_string()))?;
    let min = match args.min_severity {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let options = Options {
        author: args.author.clone(),
        fix_as_revisions: args.fix_as_revisions,
        date: annotate::timestamp(),
    };
    let draft = annotate::Draft {
        source: &src,
        bytes,
        encoding,
    };
    let checking = annotate::Checking {
        ctx: &ctx,
        path: &path,
        feedback,
        min,
    };
    let (done, report) =
        annotate::annotate_draft(draft, &checking, &options).map_err(|e| report_err(&e))?;
    write_atomic(&output, &done.bytes)
        .map_err(|e| report_err(&format!("cannot write {}: {e}", output.display())))?;
    let revisions = if args.fix_as_revisions {
        format!("，{} 处修订", done.revisions)
    } else {
        String::new()
    };
    eprintln!(
        "zhenggai: 已写入 {}：{} 条批注{revisions}",
        output.display(),
        done.comments
    );
    // Exit 1 as `check` would on these comments: at the configuration's fail-on.
    let fail_on = ctx
        .config
        .fail_on
        .as_ref()
        .map_or(Severity::Error, |s| s.value.max(Severity::Info));
    if report.diagnostics.iter().any(|d| d.severity >= fail_on) {
        Ok(EXIT_FOUND)
    } else {
        Ok(EXIT_CLEAN)
    }
}

/// Where to write: `-o`, or the draft's name with `.reviewed.docx`; never a directory or
/// the draft itself.
fn output_path(args: &AnnotateArgs) -> Result<PathBuf, u8> {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.input));
    if output.is_dir() {
        return Err(report_err(&format!(
            "-o {}: is a directory",
            output.display()
        )));
    }
    if same_file(&args.input, &output) {
        return Err(report_err(&format!(
            "{} is the input: the draft is never overwritten; give another -o",
            output.display()
        )));
    }
    Ok(output)
}
