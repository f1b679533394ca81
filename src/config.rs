//! Configuration files: `zhenggai.yaml` or `.zhenggai.yaml`. The nearest one above a linted
//! file applies (ruff's discovery: the closest file wins); `extend: ../zhenggai.yaml`
//! inherits from another file, whose values the child overrides (maps merge key by key).
//! `--config FILE` and `--no-config` override discovery.
//!
//! `packs:` names the rule packs to run. It was called `extends:`, one letter from
//! `extend:`; `extends:` still works, with a warning.
//!
//! Every value remembers the file it came from, for `zhenggai config` and for errors, which
//! are reported as `file:line:column: message`.

use crate::diagnostic::Severity;
use crate::error::{Error, ErrorKind};
use crate::rules::RuleSet;
use globset::{Glob, GlobBuilder, GlobMatcher};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Names a configuration file may have, in order of preference within one directory.
pub(crate) const FILE_NAMES: &[&str] = &["zhenggai.yaml", ".zhenggai.yaml"];

/// The configuration file as written. `zhenggai schema config` is derived from this struct:
/// its fields' doc comments are the descriptions an editor shows.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(description = "Every key is optional; see docs/configuration.md.")]
pub(crate) struct RawConfig {
    /// Path of a parent configuration this one inherits from and overrides.
    extend: Option<String>,
    /// Rule packs to run: core (the default), style, gbt9704, or packs of your own rules.
    #[schemars(inner(regex(pattern = crate::schema::ID_PATTERN)))]
    packs: Option<Vec<String>>,
    /// The old name of `packs` (still read, with a warning); not together with `packs`.
    #[schemars(inner(regex(pattern = crate::schema::ID_PATTERN)))]
    #[schemars(extend("deprecated" = true))]
    extends: Option<Vec<String>>,
    /// Severity per rule id: off, info, warning or error.
    #[serde(default, deserialize_with = "crate::yaml::unique_keys_opt")]
    #[schemars(extend("propertyNames" = {"pattern": crate::schema::ID_PATTERN}))]
    rules: Option<BTreeMap<String, Severity>>,
    /// Run only these rules (also rules that are off by default).
    #[schemars(inner(regex(pattern = crate::schema::ID_PATTERN)))]
    select: Option<Vec<String>>,
    /// Do not run these rules.
    #[schemars(inner(regex(pattern = crate::schema::ID_PATTERN)))]
    ignore: Option<Vec<String>>,
    /// Directories of your own rule files, relative to this file.
    rule_dirs: Option<Vec<String>>,
    /// Globs of files to check.
    include: Option<Vec<String>>,
    /// Globs of files never to check.
    exclude: Option<Vec<String>>,
    /// Glob → rule ids not run on matching files.
    #[serde(default, deserialize_with = "crate::yaml::unique_keys_opt")]
    #[schemars(schema_with = "crate::schema::ids_by_glob")]
    per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
    /// Lowest severity that makes the exit code 1 (default error).
    // `default`: a field with `schema_with` is otherwise required in the schema.
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::severity_on")]
    fail_on: Option<Severity>,
    /// The feedback file every document answers, or glob → feedback file per document.
    // Read as any YAML value, so that anything else is refused with a message of ours, and
    // a duplicate key with serde_yaml's, at its line (an untagged enum would say only that
    // no variant matched); compiled into `FeedbackFiles`, whose form the schema gives.
    #[serde(default)]
    #[schemars(with = "FeedbackFiles")]
    feedback: Option<serde_yaml::Value>,
    /// Where the rule pages (docs/rules/) are published; `{id}` is replaced by the rule id,
    /// else `/<id>.md` is appended. SARIF helpUri and the language server's codeDescription.
    docs_url: Option<String>,
    /// Synonym groups feedback-coverage adds to its table ([[八项规定, 四风], …]).
    #[schemars(inner(length(min = 2)))]
    feedback_synonyms: Option<Vec<Vec<String>>>,
}

/// The `feedback` setting, its globs compiled when the configuration loads. Its schema is
/// the form it is compiled from (`untagged`: either form as it is written).
#[derive(Debug, Clone, schemars::JsonSchema)]
#[serde(untagged)]
pub(crate) enum FeedbackFiles {
    /// One feedback file for every document.
    One(#[schemars(with = "String")] PathBuf),
    /// The file of the first glob matching the document, in the order written.
    ByGlob(#[schemars(with = "BTreeMap<String, String>")] Vec<FeedbackGlob>),
}

/// One entry of a `feedback` map.
#[derive(Debug, Clone)]
pub(crate) struct FeedbackGlob {
    /// The documents it applies to.
    pub glob: RelGlob,
    /// Their feedback file (absolute when the configuration file's path is).
    pub file: PathBuf,
}

/// A `per-file-ignores` entry.
#[derive(Debug, Clone)]
pub(crate) struct FileIgnores {
    /// The files it applies to.
    pub glob: RelGlob,
    /// The rules ignored in them.
    pub rules: Vec<String>,
}

/// A value and the configuration file that set it.
#[derive(Debug, Clone)]
pub(crate) struct Setting<T> {
    /// The value.
    pub value: T,
    /// The file that set it.
    pub from: PathBuf,
}

impl<T> Setting<T> {
    fn new(value: T, from: &Path) -> Self {
        Setting {
            value,
            from: from.to_path_buf(),
        }
    }
}

/// A glob relative to the directory of the file that wrote it.
#[derive(Debug, Clone)]
pub(crate) struct RelGlob {
    /// The pattern as written.
    pub pattern: String,
    /// Its directory.
    pub root: PathBuf,
    matcher: GlobMatcher,
}

impl RelGlob {
    /// Whether `path` (absolute) matches: by its path relative to the root, or, for a
    /// pattern without `/`, by its file name.
    pub(crate) fn is_match(&self, path: &Path) -> bool {
        if let Ok(rel) = path.strip_prefix(&self.root) {
            if self.matcher.is_match(rel) {
                return true;
            }
        }
        !self.pattern.contains('/') && path.file_name().is_some_and(|n| self.matcher.is_match(n))
    }
}

/// The effective configuration for some files.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    /// The configuration file that applies (the nearest), if any.
    pub path: Option<PathBuf>,
    /// Every file read, nearest first (the `extend` chain).
    pub chain: Vec<PathBuf>,
    /// Rule packs to enable (`packs`, formerly `extends`).
    pub packs: Option<Setting<Vec<String>>>,
    /// Per-rule severities (`off` disables).
    pub rules: BTreeMap<String, Setting<Severity>>,
    /// Run only these rules.
    pub select: Option<Setting<Vec<String>>>,
    /// Do not run these rules.
    pub ignore: Option<Setting<Vec<String>>>,
    /// Extra rule directories (absolute).
    pub(crate) rule_dirs: Vec<Setting<PathBuf>>,
    /// When walking directories, only files matching one of these.
    pub include: Vec<Setting<RelGlob>>,
    /// When walking directories, never files matching these.
    pub exclude: Vec<Setting<RelGlob>>,
    /// Rules ignored in files matching a glob.
    pub(crate) per_file_ignores: Vec<Setting<FileIgnores>>,
    /// The lowest severity that fails a run.
    pub(crate) fail_on: Option<Setting<Severity>>,
    /// The feedback file each document answers (read by the feedback-coverage rule).
    pub feedback: Option<Setting<FeedbackFiles>>,
    /// Where the rule pages are published (`{id}` stands for the rule id): SARIF `helpUri`
    /// and the language server's `codeDescription`.
    pub(crate) docs_url: Option<Setting<String>>,
    /// Synonym groups feedback-coverage adds to its table (`feedback-synonyms`).
    pub(crate) feedback_synonyms: Option<Setting<Vec<Vec<String>>>>,
    /// Source text of each file read, for locating errors.
    sources: BTreeMap<PathBuf, String>,
}

impl Config {
    /// The address of rule `id`'s page under `docs-url`: `{id}` replaced, or, without it,
    /// `<docs-url>/<id>.md`.
    pub(crate) fn docs_link(&self, id: &str) -> Option<String> {
        let base = self.docs_url.as_ref()?.value.trim();
        if base.is_empty() {
            return None;
        }
        Some(if base.contains("{id}") {
            base.replace("{id}", id)
        } else {
            format!("{}/{id}.md", base.trim_end_matches('/'))
        })
    }
}

/// 1-based line and column of `needle` as a whole token outside comments (an id inside a
/// longer id, or in a `# comment`, does not count); (1, 1) when absent.
fn locate(src: &str, needle: &str) -> (usize, usize) {
    let token = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
    for (pos, _) in src.match_indices(needle) {
        let line_start = src[..pos].rfind('\n').map_or(0, |p| p + 1);
        let before = &src[line_start..pos];
        let in_comment = before.starts_with('#') || before.contains(" #") || before.contains("\t#");
        let whole = !token(src[..pos].chars().next_back())
            && !token(src[pos + needle.len()..].chars().next());
        if !in_comment && whole {
            return (
                src[..pos].matches('\n').count() + 1,
                before.chars().count() + 1,
            );
        }
    }
    (1, 1)
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// An error (a kind, or a message) at `needle` in the configuration file `path` (whose text
/// is `src`).
fn located(path: &Path, src: &str, needle: &str, kind: impl Into<ErrorKind>) -> Error {
    let (l, c) = locate(src, needle);
    Error::at(&path.display().to_string(), l, c, kind)
}

/// An error about the configuration file `path` as a whole (reported at its start).
fn file_error(path: &Path, message: String) -> Error {
    Error::at(&path.display().to_string(), 1, 1, message)
}

/// The deepest `{a,{b,c}}` nesting a glob may have: globset recurses (and once panicked)
/// on ~125 levels; real patterns use one or two.
pub(crate) const MAX_GLOB_NESTING: usize = 8;

/// The `extend` chain's longest length: each file is read and kept on the stack.
pub(crate) const MAX_EXTEND_CHAIN: usize = 32;

fn brace_depth(pattern: &str) -> usize {
    let (mut depth, mut max, mut escaped) = (0usize, 0, false);
    for c in pattern.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' => {
                depth += 1;
                max = max.max(depth);
            }
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fn glob(path: &Path, src: &str, root: &Path, pattern: &str) -> Result<RelGlob, Error> {
    if brace_depth(pattern) > MAX_GLOB_NESTING {
        return Err(located(
            path,
            src,
            pattern,
            format!(
                "bad glob: braces nested {} deep; at most {MAX_GLOB_NESTING} levels",
                brace_depth(pattern)
            ),
        ));
    }
    let g: Glob = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| {
            located(
                path,
                src,
                pattern,
                format!("bad glob `{pattern}`: {}", e.kind()),
            )
        })?;
    Ok(RelGlob {
        pattern: pattern.to_string(),
        root: root.to_path_buf(),
        matcher: g.compile_matcher(),
    })
}

/// Replaces `slot` with `value` (set by the file `from`) when the file sets it.
fn override_with<T>(slot: &mut Option<Setting<T>>, value: Option<T>, from: &Path) {
    if let Some(value) = value {
        *slot = Some(Setting::new(value, from));
    }
}

/// `feedback:` compiled: a path, or a map of globs to paths.
fn feedback_files(
    path: &Path,
    src: &str,
    root: &Path,
    raw: &serde_yaml::Value,
) -> Result<FeedbackFiles, Error> {
    match raw {
        serde_yaml::Value::String(p) => Ok(FeedbackFiles::One(root.join(p))),
        serde_yaml::Value::Mapping(m) => m
            .iter()
            .map(|(k, v)| {
                let (Some(k), Some(v)) = (k.as_str(), v.as_str()) else {
                    return Err(located(
                        path,
                        src,
                        "feedback",
                        "`feedback` maps globs to feedback file paths",
                    ));
                };
                Ok(FeedbackGlob {
                    glob: glob(path, src, root, k)?,
                    file: root.join(v),
                })
            })
            .collect::<Result<_, _>>()
            .map(FeedbackFiles::ByGlob),
        _ => Err(located(
            path,
            src,
            "feedback",
            "`feedback` is a path, or a map of globs to paths",
        )),
    }
}

/// Reads one configuration file as written, refusing an `extend` chain that loops or runs
/// too long (`seen`: the files of the chain so far).
fn read_raw(path: &Path, seen: &mut Vec<PathBuf>) -> Result<(String, RawConfig), Error> {
    if seen.contains(&path.to_path_buf()) {
        return Err(file_error(
            path,
            "`extend` chain loops back to this file".into(),
        ));
    }
    seen.push(path.to_path_buf());
    if seen.len() > MAX_EXTEND_CHAIN {
        return Err(file_error(
            path,
            format!("`extend` chain longer than {MAX_EXTEND_CHAIN} files"),
        ));
    }
    let src = std::fs::read_to_string(path)
        .map_err(|e| file_error(path, format!("cannot read configuration: {e}")))?;
    if src.trim().is_empty() {
        return Ok((src, RawConfig::default()));
    }
    match serde_yaml::from_str(&src) {
        Ok(raw) => Ok((src, raw)),
        Err(e) => Err(crate::yaml::located(&path.display().to_string(), &src, &e)),
    }
}

/// Configuration files whose `extends:` was warned about: once each in a run (a file may be
/// read again for each configuration that extends it, and by the language server on change).
static WARNED_EXTENDS: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// The rule packs a file names: `packs:`, or its old name `extends:` with a warning on
/// standard error; both is an error.
fn packs(path: &Path, src: &str, raw: &mut RawConfig) -> Result<Option<Vec<String>>, Error> {
    match (raw.packs.take(), raw.extends.take()) {
        (Some(_), Some(_)) => Err(located(
            path,
            src,
            "extends",
            "both `packs` and `extends` are given: `extends` is the old name of `packs`; keep `packs`",
        )),
        (None, Some(packs)) => {
            let first = WARNED_EXTENDS
                .lock()
                .map_or(true, |mut w| w.insert(path.to_path_buf()));
            if first {
                let (l, c) = locate(src, "extends");
                eprintln!(
                    "zhenggai: warning: {}:{l}:{c}: `extends` is deprecated: `packs` replaces it \
                     (the rule packs to run; `extend` inherits a file)",
                    path.display()
                );
            }
            Ok(Some(packs))
        }
        (packs, None) => Ok(packs),
    }
}

impl Config {
    /// Reads `path` and the files it extends.
    pub(crate) fn load(path: &Path) -> Result<Config, Error> {
        let mut cfg = Config::default();
        let path = normalise(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
        cfg.load_into(&path, &mut Vec::new())?;
        cfg.path = Some(path);
        Ok(cfg)
    }

    /// Reads `path` on top of what is loaded: the file it extends first, then its own values.
    fn load_into(&mut self, path: &Path, seen: &mut Vec<PathBuf>) -> Result<(), Error> {
        let (src, mut raw) = read_raw(path, seen)?;
        if raw.fail_on == Some(Severity::Off) {
            // As `--fail-on` and the schema: `off` is no level to fail at (it was read as
            // `info`, the opposite of what it says).
            let msg = "`fail-on` is error, warning or info: `off` is not a level to fail at";
            return Err(located(path, &src, "fail-on", msg));
        }
        let root = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        // The parent first, so this file's values override it.
        if let Some(parent) = &raw.extend {
            let p = normalise(&root.join(parent));
            if !p.is_file() {
                return Err(located(
                    path,
                    &src,
                    parent,
                    format!("`extend` names a file that does not exist: {}", p.display()),
                ));
            }
            if seen.contains(&p) {
                return Err(located(
                    path,
                    &src,
                    parent,
                    format!("`extend` chain loops back to {}", p.display()),
                ));
            }
            self.load_into(&p, seen)?;
        }
        let feedback = match &raw.feedback {
            Some(v) => Some(feedback_files(path, &src, &root, v)?),
            None => None,
        };
        let packs = packs(path, &src, &mut raw)?;
        let from = path.to_path_buf();
        override_with(&mut self.packs, packs, &from);
        override_with(&mut self.feedback, feedback, &from);
        self.merge_rules(&from, &root, &mut raw);
        self.merge_globs(&from, &src, &root, raw)?;
        self.chain.insert(0, from.clone());
        self.sources.insert(from, src);
        Ok(())
    }

    /// The settings that are not globs: scalars and lists replace the parent's, the `rules`
    /// map merges key by key.
    fn merge_rules(&mut self, from: &Path, root: &Path, raw: &mut RawConfig) {
        override_with(&mut self.select, raw.select.take(), from);
        override_with(&mut self.ignore, raw.ignore.take(), from);
        override_with(&mut self.fail_on, raw.fail_on.take(), from);
        override_with(&mut self.docs_url, raw.docs_url.take(), from);
        override_with(
            &mut self.feedback_synonyms,
            raw.feedback_synonyms.take(),
            from,
        );
        for (id, sev) in raw.rules.take().unwrap_or_default() {
            self.rules.insert(id, Setting::new(sev, from));
        }
        if let Some(dirs) = raw.rule_dirs.take() {
            self.rule_dirs = dirs
                .into_iter()
                .map(|d| Setting::new(root.join(d), from))
                .collect();
        }
    }

    /// The settings that are globs: `include`, `exclude`, `per-file-ignores`.
    fn merge_globs(
        &mut self,
        from: &Path,
        src: &str,
        root: &Path,
        raw: RawConfig,
    ) -> Result<(), Error> {
        let globs = |list: Vec<String>| -> Result<Vec<Setting<RelGlob>>, Error> {
            list.iter()
                .map(|g| Ok(Setting::new(glob(from, src, root, g)?, from)))
                .collect()
        };
        if let Some(list) = raw.include {
            self.include = globs(list)?;
        }
        if let Some(list) = raw.exclude {
            self.exclude = globs(list)?;
        }
        for (pattern, rules) in raw.per_file_ignores.unwrap_or_default() {
            let glob = glob(from, src, root, &pattern)?;
            self.per_file_ignores
                .retain(|s| s.value.glob.pattern != pattern);
            self.per_file_ignores
                .push(Setting::new(FileIgnores { glob, rules }, from));
        }
        Ok(())
    }

    /// Finds the configuration that applies to files in `dir`: the nearest file above it.
    pub(crate) fn discover(dir: &Path) -> Option<PathBuf> {
        let dir = std::path::absolute(dir).ok()?;
        dir.ancestors()
            .find_map(|d| FILE_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()))
    }

    /// The feedback file a document answers, from `feedback`: one path for every file, or
    /// the path of the first glob matching it.
    pub(crate) fn feedback_for(&self, file: &Path) -> Option<PathBuf> {
        match &self.feedback.as_ref()?.value {
            FeedbackFiles::One(p) => Some(p.clone()),
            FeedbackFiles::ByGlob(globs) => globs
                .iter()
                .find(|g| g.glob.is_match(file))
                .map(|g| g.file.clone()),
        }
    }

    /// An error of `kind` located at `needle` in the configuration file `from`.
    pub(crate) fn error_near(&self, from: &Path, needle: &str, kind: ErrorKind) -> Error {
        let src = self.sources.get(from).map_or("", String::as_str);
        located(from, src, needle, kind)
    }

    /// Checks that every rule id the configuration names exists in `rules`.
    pub(crate) fn validate(&self, rules: &RuleSet) -> Result<(), Error> {
        let mut named: Vec<(&str, &Path)> = Vec::new();
        named.extend(
            self.rules
                .iter()
                .map(|(id, s)| (id.as_str(), s.from.as_path())),
        );
        for s in self.select.iter().chain(&self.ignore) {
            named.extend(s.value.iter().map(|id| (id.as_str(), s.from.as_path())));
        }
        for s in &self.per_file_ignores {
            named.extend(
                s.value
                    .rules
                    .iter()
                    .map(|id| (id.as_str(), s.from.as_path())),
            );
        }
        for (id, from) in named {
            if rules.get(id).is_none() {
                return Err(self.error_near(from, id, ErrorKind::UnknownRule(id.to_string())));
            }
        }
        Ok(())
    }

    /// Applies the rule settings to `rules`; CLI `select`/`ignore` take precedence.
    pub(crate) fn apply(
        &self,
        rules: &mut RuleSet,
        cli_select: &[String],
        cli_ignore: &[String],
    ) -> Result<(), ErrorKind> {
        for (id, s) in &self.rules {
            if let Some(r) = rules.rules.iter_mut().find(|r| &r.meta.id == id) {
                r.meta.enabled = s.value != Severity::Off;
                if s.value != Severity::Off {
                    r.meta.severity = s.value;
                }
            }
        }
        let select: Vec<String> = if cli_select.is_empty() {
            self.select
                .as_ref()
                .map(|s| s.value.clone())
                .unwrap_or_default()
        } else {
            cli_select.to_vec()
        };
        let mut ignore: Vec<String> = self
            .ignore
            .as_ref()
            .map(|s| s.value.clone())
            .unwrap_or_default();
        ignore.extend(cli_ignore.iter().cloned());
        rules.configure(&select, &ignore)
    }

    /// Rules ignored for `path` by `per-file-ignores`.
    pub(crate) fn ignored_for(&self, path: &Path) -> Vec<&str> {
        self.per_file_ignores
            .iter()
            .filter(|s| s.value.glob.is_match(path))
            .flat_map(|s| s.value.rules.iter().map(String::as_str))
            .collect()
    }

    /// Whether a file found by walking a directory is linted (`include`/`exclude`).
    pub(crate) fn walks(&self, path: &Path) -> bool {
        (self.include.is_empty() || self.include.iter().any(|g| g.value.is_match(path)))
            && !self.exclude.iter().any(|g| g.value.is_match(path))
    }

    /// The effective configuration as commented YAML, each value with the file it came from.
    pub(crate) fn describe(&self, cwd: &Path) -> String {
        let rel = |p: &Path| p.strip_prefix(cwd).unwrap_or(p).display().to_string();
        let mut out = String::new();
        match &self.path {
            Some(p) => {
                out.push_str(&format!("# configuration: {}\n", rel(p)));
                for p in self.chain.iter().skip(1) {
                    out.push_str(&format!("#   extends: {}\n", rel(p)));
                }
            }
            None => out.push_str("# no configuration file: defaults\n"),
        }
        let list = |v: &[String]| format!("[{}]", v.join(", "));
        if let Some(s) = &self.packs {
            out.push_str(&format!("packs: {}  # {}\n", list(&s.value), rel(&s.from)));
        }
        if !self.rules.is_empty() {
            out.push_str("rules:\n");
            for (id, s) in &self.rules {
                out.push_str(&format!("  {id}: {}  # {}\n", s.value, rel(&s.from)));
            }
        }
        for (key, s) in [("select", &self.select), ("ignore", &self.ignore)] {
            if let Some(s) = s {
                out.push_str(&format!("{key}: {}  # {}\n", list(&s.value), rel(&s.from)));
            }
        }
        if !self.rule_dirs.is_empty() {
            out.push_str("rule-dirs:\n");
            for s in &self.rule_dirs {
                out.push_str(&format!("  - {}  # {}\n", s.value.display(), rel(&s.from)));
            }
        }
        for (key, globs) in [("include", &self.include), ("exclude", &self.exclude)] {
            if !globs.is_empty() {
                out.push_str(&format!("{key}:\n"));
                for g in globs {
                    out.push_str(&format!(
                        "  - \"{}\"  # {}\n",
                        g.value.pattern,
                        rel(&g.from)
                    ));
                }
            }
        }
        if !self.per_file_ignores.is_empty() {
            out.push_str("per-file-ignores:\n");
            for s in &self.per_file_ignores {
                out.push_str(&format!(
                    "  \"{}\": {}  # {}\n",
                    s.value.glob.pattern,
                    list(&s.value.rules),
                    rel(&s.from)
                ));
            }
        }
        match &self.fail_on {
            Some(s) => out.push_str(&format!("fail-on: {}  # {}\n", s.value, rel(&s.from))),
            None => out.push_str("fail-on: error  # default\n"),
        }
        if let Some(s) = &self.docs_url {
            out.push_str(&format!("docs-url: {}  # {}\n", s.value, rel(&s.from)));
        }
        out
    }
}

/// The starter configuration `zhenggai init` writes.
pub(crate) const STARTER: &str = r#"# zhenggai configuration. The nearest zhenggai.yaml (or .zhenggai.yaml) above a checked
# file applies to it. Every key is optional. Run `zhenggai config PATH` to see the
# effective configuration for a file and where each value came from.

# Inherit from another configuration file; values here override it.
# extend: ../zhenggai.yaml

# Per-rule severity: off | info | warning | error. `zhenggai rules` lists the ids.
rules:
  # date-mismatch: off
  # fullwidth-punctuation: info

# Run only these rules (also enables rules that are off by default):
# select: [tally-sum, tally-category]
# Never run these rules:
# ignore: [term-consistency]

# Directories of your own YAML rules, relative to this file.
# rule-dirs: [rules]

# When checking a directory, which files to lint (globs relative to this file).
# include: ["**/*.txt", "**/*.md"]
# exclude: ["drafts/old/**"]

# Rules to ignore in some files.
# per-file-ignores:
#   "drafts/old/*.txt": [date-format]

# The lowest severity that makes `zhenggai check` exit 1: error | warning | info.
# fail-on: error

# Where your copy of docs/rules/ is published; `{id}` is the rule id. Gives SARIF results
# and editors a link to each rule's page.
# docs-url: "https://git.example.org/zhenggai/blob/main/docs/rules/{id}.md"
"#;
