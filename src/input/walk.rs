//! Which files a run checks: explicit files as given, directories walked for `.txt`, `.md`
//! and `.docx` files (hidden entries skipped, `.gitignore` honoured, as ripgrep and ruff do),
//! in a deterministic order. Symbolic links are followed; a link loop or a broken link is
//! reported and skipped, and the walk goes on.

use super::{InputError, Source};
use std::path::{Path, PathBuf};

/// Extensions linted when walking a directory.
pub(crate) const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "docx"];

/// Expands the command line's paths into sources. Problems (missing paths, directories
/// without matching files, unreadable entries) are returned beside the sources so the run
/// can go on and still exit 2.
///
/// With `ignore_files`, a walk skips what `.gitignore`, `.ignore`, `.git/info/exclude` and
/// git's global excludes file name (as ripgrep does, also outside a git repository);
/// without (`--no-ignore`), only hidden entries are skipped. A file met twice (named twice,
/// named and walked, or reached through a link) is checked once, under its first name.
pub(crate) fn collect(paths: &[PathBuf], ignore_files: bool) -> (Vec<Source>, Vec<InputError>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            sources.push(Source::Stdin { name: "-".into() });
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => errors.push(InputError {
                name: p.display().to_string(),
                message: format!("cannot access: {e}"),
            }),
            Ok(m) if m.is_dir() => {
                let before = sources.len();
                walk_dir(p, ignore_files, &mut sources, &mut errors);
                if sources.len() == before {
                    errors.push(InputError {
                        name: p.display().to_string(),
                        message: format!("no .{} files in this directory", EXTENSIONS.join("/.")),
                    });
                }
            }
            Ok(_) => sources.push(Source::File(p.clone())),
        }
    }
    let mut seen = std::collections::HashSet::new();
    sources.retain(|s| match s {
        Source::File(p) => seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())),
        Source::Stdin { .. } => true,
    });
    (sources, errors)
}

fn walk_dir(
    dir: &Path,
    ignore_files: bool,
    sources: &mut Vec<Source>,
    errors: &mut Vec<InputError>,
) {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(ignore_files)
        .git_global(ignore_files)
        .git_exclude(ignore_files)
        .ignore(ignore_files)
        .parents(ignore_files)
        .require_git(false)
        .follow_links(true)
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                let path = e.path();
                let wanted = e.file_type().is_some_and(|t| t.is_file())
                    && path
                        .extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()));
                if wanted {
                    found.push(path.to_path_buf());
                }
            }
            Err(e) => errors.push(walk_error(dir, e)),
        }
    }
    found.sort();
    sources.extend(found.into_iter().map(Source::File));
}

/// A walk error as `path: message`, naming the entry rather than the directory walked.
fn walk_error(dir: &Path, e: ignore::Error) -> InputError {
    let mut e = &e;
    let mut path = None;
    loop {
        match e {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.clone());
                e = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                e = err
            }
            _ => break,
        }
    }
    let message = match e {
        ignore::Error::Loop { ancestor, child } => format!(
            "symbolic link loop: {} points back to {}; skipped",
            child.display(),
            ancestor.display()
        ),
        other => format!("{other}; skipped"),
    };
    InputError {
        name: path
            .unwrap_or_else(|| dir.to_path_buf())
            .display()
            .to_string(),
        message,
    }
}
