//! Loading rule files: YAML → validated, compiled [`Rule`]s. All YAML reading of rules is
//! here. Every problem is reported as `file:line:column: message`.

use super::{Check, Rule, RuleMeta, kinds, placeholders};
use crate::error::Error;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// A rule file that could not be loaded, or a load warning: the crate's one located
/// [`Error`], in the rule file (or `builtin:NAME`), printed `file:line:column: message`.
pub type LoadError = Error;

/// An error at the first occurrence of `needle` in `src` (line 1 when absent).
fn near(file: &str, src: &str, needle: &str, message: impl Into<String>) -> Error {
    let (line, column) = locate_after(src, None, needle);
    Error::at(file, line, column, message.into())
}

/// Byte offset where the top-level or nested key `key:` starts a line (after indentation
/// or a `- `), if the file has one.
fn key_offset(src: &str, key: &str) -> Option<usize> {
    let mut start = 0;
    for line in src.split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '-']);
        if body.starts_with(key) && body[key.len()..].starts_with(':') {
            return Some(start + (line.len() - body.len()));
        }
        start += line.len();
    }
    None
}

fn line_col(src: &str, pos: usize) -> (usize, usize) {
    let line_start = src[..pos].rfind('\n').map_or(0, |p| p + 1);
    (
        src[..pos].matches('\n').count() + 1,
        src[line_start..pos].chars().count() + 1,
    )
}

/// Byte offset of `needle` in `src`, searched from the line of `key` when the file has that
/// key (so a regex that also appears in an example is found where it is defined).
fn find_after(src: &str, key: Option<&str>, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let from = key.and_then(|k| key_offset(src, k)).unwrap_or(0);
    src[from..]
        .find(needle)
        .map(|p| from + p)
        .or_else(|| src.find(needle))
        .or_else(|| decoded_scalar(src, needle))
}

/// Byte offset of a YAML scalar on some line that decodes to `needle` (a double-quoted
/// string with escapes, a quoted kind): the text as written differs from the value.
fn decoded_scalar(src: &str, needle: &str) -> Option<usize> {
    let mut start = 0;
    for line in src.split_inclusive('\n') {
        let body = line.trim_end();
        for (i, c) in body.char_indices() {
            if matches!(c, '"' | '\'') || (i > 0 && body[..i].ends_with(": ")) {
                let scalar = body[i..].trim_end_matches(',');
                if serde_yaml::from_str::<String>(scalar).is_ok_and(|v| v == needle) {
                    return Some(start + i);
                }
            }
        }
        start += line.len();
    }
    None
}

/// 1-based line and column of `needle`, preferring an occurrence after `key`; the key
/// itself, then line 1, when the needle is not in the file as written.
fn locate_after(src: &str, key: Option<&str>, needle: &str) -> (usize, usize) {
    match find_after(src, key, needle).or_else(|| key.and_then(|k| key_offset(src, k))) {
        Some(pos) => line_col(src, pos),
        None => (1, 1),
    }
}

/// 1-based line and column of byte `offset` inside the scalar value `value` as the YAML
/// file writes it. Plain and single-quoted scalars (without `''`) appear verbatim; a block
/// scalar (`|`) is found by its first line, and later lines share its indentation. When
/// the value is not found as written (escapes), the key or the value's start is given.
fn locate_inside(src: &str, key: Option<&str>, value: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(value.len());
    if let Some(pos) = find_after(src, key, value) {
        return line_col(src, pos + offset);
    }
    let first = value.lines().next().unwrap_or("");
    let Some(pos) = find_after(src, key, first) else {
        return locate_after(src, key, value);
    };
    let (line, column) = line_col(src, pos);
    let before = &value[..offset];
    let nl = before.matches('\n').count();
    if nl == 0 {
        return (line, column + before.chars().count());
    }
    // Later lines of a block scalar are indented like its first; the value keeps any
    // indentation beyond that.
    let tail = &before[before.rfind('\n').map_or(0, |p| p + 1)..];
    (line + nl, column + tail.chars().count())
}

/// Implemented by the struct `rule_spec!` declares.
pub(crate) trait HasCommon {
    /// The rule's meta from the file's common fields, defaults filled in; `load_str` sets
    /// where it came from and whether its pack is on.
    fn meta(&self) -> RuleMeta;
}

/// A problem a kind found in its own fields, located by the text it concerns.
#[derive(Debug)]
pub(crate) struct BuildError {
    /// Text of the rule file to point at (a regex as written, a key).
    pub near: String,
    /// The key whose value holds `near`, to search from (`assert`), if known.
    pub key: Option<&'static str>,
    /// A byte offset inside `near` (the position of a syntax error in an expression).
    pub offset: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl BuildError {
    /// A problem located at `near`.
    pub(crate) fn new(near: impl Into<String>, message: impl Into<String>) -> Self {
        BuildError {
            near: near.into(),
            key: None,
            offset: None,
            message: message.into(),
        }
    }

    /// A problem at byte `offset` inside the value `near` of `key`.
    pub(crate) fn inside(
        key: &'static str,
        near: impl Into<String>,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        BuildError {
            near: near.into(),
            key: Some(key),
            offset: Some(offset),
            message: message.into(),
        }
    }

    /// Locates `near` inside the value of `key` (when `near` is a key, the key itself).
    pub(crate) fn under(mut self, key: &'static str) -> Self {
        self.key = Some(key);
        self
    }

    /// The error in the rule file `file` (whose text is `src`), at what `near` points to.
    fn located(self, file: &str, src: &str) -> Error {
        let (line, column) = match self.offset {
            Some(offset) => locate_inside(src, self.key, &self.near, offset),
            None => locate_after(src, self.key, &self.near),
        };
        Error::at(file, line, column, self.message)
    }
}

/// A rule kind: its rule-file struct, the placeholders its messages may use, and how it
/// compiles into a [`Check`].
pub(crate) trait Kind: DeserializeOwned + HasCommon + schemars::JsonSchema {
    /// Placeholders its message templates may use.
    const VARS: &'static [&'static str];
    /// Names of message cases besides the main one.
    const VARIANTS: &'static [&'static str] = &[];
    /// The placeholders [`Kind::vars`] adds to [`Kind::VARS`] from the rule's own fields,
    /// in words, for the kind's reference page (`reconcile`: its capture names).
    const MORE_VARS: Option<&'static str> = None;
    /// The placeholders this rule's messages may use: [`Kind::VARS`], unless the kind
    /// derives them from the rule's own fields (`reconcile`: its capture names). An error
    /// here (a bad regex) is reported before the templates are checked.
    fn vars(&self) -> Result<Vec<String>, BuildError> {
        Ok(Self::VARS.iter().map(|v| v.to_string()).collect())
    }
    /// Placeholders the main message ought to show, each with the warning to give, located,
    /// when it does not (`reconcile`: a capture the reader would never see).
    fn should_show(&self) -> Vec<(String, BuildError)> {
        Vec::new()
    }
    /// Validates and compiles the kind's fields.
    fn build(self) -> Result<Box<dyn Check>, BuildError>;
}

/// A rule file's meta, compiled check and load warnings.
pub(crate) type Built = Result<(RuleMeta, Box<dyn Check>, Vec<Error>), Error>;

/// Deserialises a rule file as kind `K`, validates its templates and compiles it.
pub(crate) fn typed<K: Kind>(file: &str, src: &str) -> Built {
    let spec: K = serde_yaml::from_str(src).map_err(|e| crate::yaml::located(file, src, &e))?;
    let meta = spec.meta();
    let vars = spec.vars().map_err(|e| e.located(file, src))?;
    let var_names: Vec<&str> = vars.iter().map(String::as_str).collect();
    for (case, template) in std::iter::once(("", &meta.message))
        .chain(meta.messages.iter().map(|(k, v)| (k.as_str(), v)))
    {
        if !case.is_empty() && !K::VARIANTS.contains(&case) {
            return Err(near(
                file,
                src,
                &format!("{case}:"),
                format!(
                    "kind `{}` has no message case `{case}` (cases: {})",
                    meta.kind,
                    list(K::VARIANTS)
                ),
            ));
        }
        for p in placeholders(template) {
            if !var_names.contains(&p) {
                let key = if case.is_empty() { "message" } else { case };
                let (line, column) = locate_after(src, Some(key), &format!("{{{p}}}"));
                return Err(Error::at(
                    file,
                    line,
                    column,
                    format!(
                        "placeholder `{{{p}}}` is not provided by this `{}` rule (available: {})",
                        meta.kind,
                        list(&var_names)
                    ),
                ));
            }
        }
    }
    let shown = placeholders(&meta.message);
    let mut warnings: Vec<Error> = spec
        .should_show()
        .into_iter()
        .filter(|(name, _)| !shown.contains(&name.as_str()))
        .map(|(_, w)| w.located(file, src))
        .collect();
    if meta.examples.is_empty() {
        let (line, column) = key_offset(src, "id").map_or((1, 1), |p| line_col(src, p));
        warnings.push(Error::at(
            file,
            line,
            column,
            "rule has no `examples`: add a `bad` text it must report and a `good` one it must not, so `zhenggai test-rules` can prove it matches",
        ));
    }
    let check = spec.build().map_err(|e| e.located(file, src))?;
    Ok((meta, check, warnings))
}

fn list(items: &[&str]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

/// Loads one rule from YAML text; `file` names it in errors.
pub fn load_str(file: &str, src: &str) -> Result<Rule, Error> {
    #[derive(Deserialize)]
    struct Head {
        id: Option<String>,
        kind: Option<String>,
    }
    let head: Head = serde_yaml::from_str(src).map_err(|e| crate::yaml::located(file, src, &e))?;
    let Some(kind) = head.kind else {
        return Err(Error::at(
            file,
            1,
            1,
            format!("missing field `kind` (one of: {})", kinds::KINDS.join(", ")),
        ));
    };
    let Some(id) = head.id else {
        return Err(Error::at(file, 1, 1, "missing field `id`"));
    };
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(near(
            file,
            src,
            &id,
            format!("rule id `{id}` must be lowercase ASCII letters, digits and dashes"),
        ));
    }
    let (mut meta, check, warnings) = kinds::build(&kind, file, src).unwrap_or_else(|| {
        Err(near(
            file,
            src,
            &kind,
            format!(
                "unknown kind `{kind}` (one of: {})",
                kinds::KINDS.join(", ")
            ),
        ))
    })?;
    let pack = &meta.pack;
    if pack.is_empty()
        || !pack
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        let (line, column) = locate_after(src, Some("pack"), pack);
        return Err(Error::at(
            file,
            line,
            column,
            format!("pack `{pack}` must be lowercase ASCII letters, digits and dashes"),
        ));
    }
    meta.enabled = meta.default_enabled && super::DEFAULT_PACKS.contains(&pack.as_str());
    meta.source = file.to_string();
    meta.id_at = locate_after(src, Some("id"), &id);
    Ok(Rule {
        meta,
        check,
        warnings,
    })
}

/// The built-in rules embedded in the binary.
pub fn load_builtin() -> Result<Vec<Rule>, Error> {
    // The built-in rules' regexes are compiled by the test suite; here they are only
    // checked for syntax and compiled when a rule first runs. The files are parsed in
    // parallel (order kept): loading is most of a one-file check and happens before any
    // file of a run is checked.
    use rayon::prelude::*;
    BUILTIN_RULES
        .par_iter()
        .map(|(name, src)| kinds::deferring(|| load_str(&format!("builtin:{name}"), src)))
        .collect()
}

/// Loads every `.yaml`/`.yml` file under `dir` (sorted by path). Returns all the errors,
/// not just the first, so a user fixes a rule directory in one pass.
pub fn load_dir(dir: &Path) -> Result<Vec<Rule>, Vec<Error>> {
    let (rules, errors) = load_dir_all(dir);
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// Loads what loads in `dir` and every error besides, including ids defined twice in the
/// directory (`zhenggai test-rules` reports both and tests the rules that loaded).
pub fn load_dir_all(dir: &Path) -> (Vec<Rule>, Vec<Error>) {
    let shown = dir.display().to_string();
    match std::fs::metadata(dir) {
        Err(e) => {
            let msg = format!("cannot read rule directory: {e}");
            return (Vec::new(), vec![Error::at(&shown, 1, 1, msg)]);
        }
        Ok(m) if !m.is_dir() => {
            let msg = "not a directory (--rules takes a directory of YAML rule files)";
            return (Vec::new(), vec![Error::at(&shown, 1, 1, msg)]);
        }
        Ok(_) => {}
    }
    let mut paths = Vec::new();
    let mut errors = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .hidden(true)
        .build()
    {
        match entry {
            Ok(e) => {
                let p = e.path();
                if p.is_file()
                    && matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml"))
                {
                    paths.push(p.to_path_buf());
                }
            }
            Err(e) => errors.push(Error::at(&shown, 1, 1, e.to_string())),
        }
    }
    paths.sort();
    let mut rules: Vec<Rule> = Vec::new();
    for p in paths {
        let name = p.display().to_string();
        match std::fs::read(&p) {
            Err(e) => errors.push(Error::at(&name, 1, 1, format!("cannot read: {e}"))),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => errors.push(Error::at(&name, 1, 1, "rule files must be UTF-8")),
                Ok(src) => match load_str(&name, &src) {
                    Ok(r) => match rules.iter().find(|o| o.meta.id == r.meta.id) {
                        Some(first) => errors.push(Error::at(
                            &name,
                            r.meta.id_at.0,
                            r.meta.id_at.1,
                            format!(
                                "duplicate rule id `{}` (already defined in {})",
                                r.meta.id, first.meta.source
                            ),
                        )),
                        None => rules.push(r),
                    },
                    Err(e) => errors.push(e),
                },
            },
        }
    }
    (rules, errors)
}

/// Built-in rules plus every rule in `dirs`: all load errors, not just the first.
pub(crate) fn load_set(dirs: &[impl AsRef<Path>]) -> Result<super::RuleSet, Vec<Error>> {
    let mut set = super::RuleSet::default();
    set.extend(load_builtin().map_err(|e| vec![e])?)
        .map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    for dir in dirs {
        match load_dir(dir.as_ref()) {
            Ok(r) => {
                if let Err(e) = set.extend(r) {
                    errors.push(e);
                }
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(set)
    } else {
        Err(errors)
    }
}
