//! Loading rule files: YAML → validated, compiled [`Rule`]s. All YAML reading of rules is
//! here. Every problem is reported as `file:line:column: message`.

use super::{Check, Examples, Rule, RuleMeta, kinds, placeholders};
use crate::diagnostic::Severity;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// A rule file that could not be loaded, with where the problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file (or `builtin:NAME`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl LoadError {
    /// An error at a known place.
    pub fn at(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        LoadError {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    /// An error at the first occurrence of `needle` in `src` (line 1 when absent).
    fn near(file: &str, src: &str, needle: &str, message: impl Into<String>) -> Self {
        let (line, column) = locate(src, needle);
        LoadError::at(file, line, column, message)
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for LoadError {}

/// 1-based line and column of the first occurrence of `needle`, as written or as a YAML
/// scalar that decodes to it (a quoted string with escapes); (1, 1) when absent.
fn locate(src: &str, needle: &str) -> (usize, usize) {
    if needle.is_empty() {
        return (1, 1);
    }
    if let Some(pos) = src.find(needle) {
        let line_start = src[..pos].rfind('\n').map_or(0, |p| p + 1);
        return (
            src[..pos].matches('\n').count() + 1,
            src[line_start..pos].chars().count() + 1,
        );
    }
    // The value may be quoted or escaped: decode each scalar that starts on a line.
    for (n, line) in src.lines().enumerate() {
        let starts = line
            .char_indices()
            .filter(|&(i, c)| matches!(c, '"' | '\'') || (i > 0 && line[..i].ends_with(": ")));
        for (i, _) in starts {
            let scalar = line[i..].trim_end().trim_end_matches(',');
            if serde_yaml::from_str::<String>(scalar).is_ok_and(|v| v == needle) {
                return (n + 1, line[..i].chars().count() + 1);
            }
        }
    }
    (1, 1)
}

/// Where a rule file states its id (for errors found after loading, e.g. a duplicate id).
pub(crate) fn id_location(src: &str, id: &str) -> (usize, usize) {
    for (n, line) in src.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("id:") {
            let value = rest.trim_start();
            if serde_yaml::from_str::<String>(value.trim_end()).is_ok_and(|v| v == id) {
                return (n + 1, line.len() - value.len() + 1);
            }
        }
    }
    (1, 1)
}

fn yaml_error(file: &str, e: &serde_yaml::Error) -> LoadError {
    let msg = e.to_string();
    // serde_yaml appends " at line L column C"; the location is given separately.
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    match e.location() {
        Some(loc) => LoadError::at(file, loc.line(), loc.column(), msg),
        None => LoadError::at(file, 1, 1, msg),
    }
}

/// The fields every rule file has, whatever its kind.
#[derive(Debug, Clone)]
pub struct Common {
    /// Rule id.
    pub id: String,
    /// Kind name.
    pub kind: String,
    /// Severity, if given.
    pub severity: Option<Severity>,
    /// Enabled by default, if given.
    pub enabled: Option<bool>,
    /// Summary.
    pub summary: String,
    /// Main message template.
    pub message: String,
    /// Other message templates.
    pub messages: BTreeMap<String, String>,
    /// Rationale.
    pub rationale: String,
    /// Examples.
    pub examples: Examples,
}

/// Implemented by the struct `rule_spec!` declares.
pub trait HasCommon {
    /// The common fields.
    fn common(&self) -> Common;
}

/// A problem a kind found in its own fields, located by the text it concerns.
#[derive(Debug)]
pub struct BuildError {
    /// Text of the rule file to point at (a regex as written, a key).
    pub near: String,
    /// What is wrong.
    pub message: String,
}

impl BuildError {
    /// A problem located at `near`.
    pub fn new(near: impl Into<String>, message: impl Into<String>) -> Self {
        BuildError {
            near: near.into(),
            message: message.into(),
        }
    }
}

/// A rule kind: its rule-file struct, the placeholders its messages may use, and how it
/// compiles into a [`Check`].
pub trait Kind: DeserializeOwned + HasCommon {
    /// Placeholders its message templates may use.
    const VARS: &'static [&'static str];
    /// Names of message cases besides the main one.
    const VARIANTS: &'static [&'static str] = &[];
    /// Validates and compiles the kind's fields.
    fn build(self) -> Result<Box<dyn Check>, BuildError>;
}

/// A rule file's common fields and compiled check.
pub(crate) type Built = Result<(Common, Box<dyn Check>), LoadError>;

/// Deserialises a rule file as kind `K`, validates its templates and compiles it.
pub(crate) fn typed<K: Kind>(file: &str, src: &str) -> Built {
    let spec: K = serde_yaml::from_str(src).map_err(|e| yaml_error(file, &e))?;
    let common = spec.common();
    for (case, template) in std::iter::once(("", &common.message))
        .chain(common.messages.iter().map(|(k, v)| (k.as_str(), v)))
    {
        if !case.is_empty() && !K::VARIANTS.contains(&case) {
            return Err(LoadError::near(
                file,
                src,
                &format!("{case}:"),
                format!(
                    "kind `{}` has no message case `{case}` (cases: {})",
                    common.kind,
                    list(K::VARIANTS)
                ),
            ));
        }
        for p in placeholders(template) {
            if !K::VARS.contains(&p) {
                return Err(LoadError::near(
                    file,
                    src,
                    &format!("{{{p}}}"),
                    format!(
                        "placeholder `{{{p}}}` is not provided by kind `{}` (available: {})",
                        common.kind,
                        list(K::VARS)
                    ),
                ));
            }
        }
    }
    let check = spec
        .build()
        .map_err(|e| LoadError::near(file, src, &e.near, e.message))?;
    Ok((common, check))
}

fn list(items: &[&str]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

/// Loads one rule from YAML text; `file` names it in errors.
pub fn load_str(file: &str, src: &str) -> Result<Rule, LoadError> {
    #[derive(Deserialize)]
    struct Head {
        id: Option<String>,
        kind: Option<String>,
    }
    let head: Head = serde_yaml::from_str(src).map_err(|e| yaml_error(file, &e))?;
    let Some(kind) = head.kind else {
        return Err(LoadError::at(
            file,
            1,
            1,
            format!("missing field `kind` (one of: {})", kinds::KINDS.join(", ")),
        ));
    };
    let Some(id) = head.id else {
        return Err(LoadError::at(file, 1, 1, "missing field `id`"));
    };
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(LoadError::near(
            file,
            src,
            &id,
            format!("rule id `{id}` must be lowercase ASCII letters, digits and dashes"),
        ));
    }
    let (common, check) = kinds::build(&kind, file, src).unwrap_or_else(|| {
        Err(LoadError::near(
            file,
            src,
            &kind,
            format!(
                "unknown kind `{kind}` (one of: {})",
                kinds::KINDS.join(", ")
            ),
        ))
    })?;
    let severity = common.severity.unwrap_or(Severity::Error);
    Ok(Rule {
        meta: RuleMeta {
            id: common.id,
            kind: common.kind,
            severity,
            enabled: common.enabled.unwrap_or(true) && severity != Severity::Off,
            summary: common.summary,
            message: common.message,
            messages: common.messages,
            rationale: common.rationale,
            examples: common.examples,
            source: file.to_string(),
            id_at: id_location(src, &id),
        },
        check,
    })
}

/// The built-in rules embedded in the binary.
pub fn load_builtin() -> Result<Vec<Rule>, LoadError> {
    BUILTIN_RULES
        .iter()
        .map(|(name, src)| load_str(&format!("builtin:{name}"), src))
        .collect()
}

/// Loads every `.yaml`/`.yml` file under `dir` (sorted by path). Returns all the errors,
/// not just the first, so a user fixes a rule directory in one pass.
pub fn load_dir(dir: &Path) -> Result<Vec<Rule>, Vec<LoadError>> {
    let shown = dir.display().to_string();
    let meta = std::fs::metadata(dir).map_err(|e| {
        vec![LoadError::at(
            &shown,
            1,
            1,
            format!("cannot read rule directory: {e}"),
        )]
    })?;
    if !meta.is_dir() {
        return Err(vec![LoadError::at(
            &shown,
            1,
            1,
            "not a directory (--rules takes a directory of YAML rule files)",
        )]);
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
            Err(e) => errors.push(LoadError::at(&shown, 1, 1, e.to_string())),
        }
    }
    paths.sort();
    let mut rules = Vec::new();
    for p in paths {
        let name = p.display().to_string();
        match std::fs::read(&p) {
            Err(e) => errors.push(LoadError::at(&name, 1, 1, format!("cannot read: {e}"))),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => errors.push(LoadError::at(&name, 1, 1, "rule files must be UTF-8")),
                Ok(src) => match load_str(&name, &src) {
                    Ok(r) => rules.push(r),
                    Err(e) => errors.push(e),
                },
            },
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// Built-in rules plus every rule in `dirs`: all load errors, not just the first.
pub fn load_set(dirs: &[impl AsRef<Path>]) -> Result<super::RuleSet, Vec<LoadError>> {
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
