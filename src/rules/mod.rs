//! Rules: YAML instances of a closed set of kinds implemented in Rust.
//!
//! A rule file names its `kind` (one file under `kinds/`), its `id`, `severity`, `message`
//! template and documentation; the kind's own fields configure it. Everything is validated
//! and compiled when the file is loaded ([`load`]); running a rule only matches.

/// Declares a kind's rule-file struct: the fields every rule file has, then the kind's own.
/// This is the one definition of the common fields: their doc comments are what
/// `zhenggai schema rule` shows an editor, and [`load::HasCommon::meta`] turns them into a
/// [`RuleMeta`]. Unknown keys are refused (`deny_unknown_fields`), so a typo in a rule file
/// is a load error with its line and column rather than a rule that silently does something
/// else; serde's `flatten` would lose both that and the error locations.
macro_rules! rule_spec {
    ($(#[$m:meta])* $vis:vis struct $name:ident { $($(#[$fm:meta])* $fvis:vis $f:ident : $t:ty,)* }) => {
        $(#[$m])*
        #[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        $vis struct $name {
            /// Stable rule id: lowercase letters, digits and dashes; unique.
            #[schemars(schema_with = "crate::schema::id")]
            $vis id: String,
            /// The rule kind.
            $vis kind: String,
            /// Severity of its diagnostics (default: error).
            #[serde(default)]
            #[schemars(schema_with = "crate::schema::severity")]
            $vis severity: Option<$crate::diagnostic::Severity>,
            /// false: runs only when selected (default: true).
            #[serde(default)]
            $vis enabled: Option<bool>,
            /// Rule pack: core (default, runs unless configured otherwise), style, gbt9704, or
            /// your own.
            #[serde(default)]
            #[schemars(schema_with = "crate::schema::pack")]
            $vis pack: Option<String>,
            /// One line: what it reports (shown by `zhenggai rules`).
            #[serde(default)]
            $vis summary: String,
            /// Message template; {name} placeholders are filled by the kind.
            $vis message: String,
            /// Templates for the kind's other cases.
            #[serde(default, deserialize_with = "crate::yaml::unique_keys")]
            $vis messages: std::collections::BTreeMap<String, String>,
            /// Why, with the regulation or standard it rests on.
            #[serde(default)]
            $vis rationale: String,
            /// Run by `zhenggai test-rules`: each bad text must be reported, each good one must
            /// not.
            #[serde(default)]
            #[schemars(schema_with = "crate::schema::examples")]
            $vis examples: $crate::rules::Examples,
            $($(#[$fm])* $fvis $f: $t,)*
        }

        impl $crate::rules::load::HasCommon for $name {
            fn meta(&self) -> $crate::rules::RuleMeta {
                let (severity, default_enabled, pack) =
                    $crate::rules::RuleMeta::defaults(self.severity, self.enabled, &self.pack);
                $crate::rules::RuleMeta {
                    id: self.id.clone(),
                    kind: self.kind.clone(),
                    severity,
                    enabled: default_enabled,
                    default_enabled,
                    pack,
                    summary: self.summary.clone(),
                    message: self.message.clone(),
                    messages: self.messages.clone(),
                    rationale: self.rationale.clone(),
                    examples: self.examples.clone(),
                    source: String::new(),
                    id_at: (1, 1),
                }
            }
        }
    };
}

pub mod expr;
pub mod kinds;
pub mod load;
pub mod selftest;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Document, Span};
use serde::Deserialize;
use std::collections::BTreeMap;

pub(crate) use load::load_set;
pub use load::{LoadError, load_builtin, load_dir, load_dir_all};

/// `bad:` and `good:` snippets of a rule: documentation that doubles as tests
/// (`zhenggai test-rules`).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Examples {
    /// Texts the rule must report.
    #[serde(default)]
    pub bad: Vec<String>,
    /// Texts the rule must not report.
    #[serde(default)]
    pub good: Vec<String>,
    /// Documents (relative to the rule file) the rule must report.
    #[serde(default)]
    pub(crate) bad_files: Vec<String>,
    /// Documents (relative to the rule file) the rule must not report.
    #[serde(default)]
    pub(crate) good_files: Vec<String>,
    /// The inspection feedback the examples are checked against (`--feedback` in a run).
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::feedback_body")]
    pub feedback: Option<crate::feedback::Feedback>,
}

impl Examples {
    /// Whether the rule has no example at all.
    pub fn is_empty(&self) -> bool {
        self.bad.is_empty()
            && self.good.is_empty()
            && self.bad_files.is_empty()
            && self.good_files.is_empty()
    }
}

/// What every rule file says besides its kind's fields.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// Stable id (`tally-sum`): used in output, suppression and configuration.
    pub id: String,
    /// The kind implementing it.
    pub kind: String,
    /// Severity of its diagnostics.
    pub severity: Severity,
    /// Whether it runs in this rule set (its pack is on, or it was selected).
    pub enabled: bool,
    /// The file's `enabled`: whether it runs when its pack is on.
    pub default_enabled: bool,
    /// The pack it belongs to (`core`, `style`, `gbt9704` or a pack of the user's).
    pub pack: String,
    /// One line: what it reports.
    pub summary: String,
    /// The message template (`{name}` placeholders filled by the kind).
    pub message: String,
    /// Message templates for the kind's other cases (e.g. `subset`).
    pub messages: BTreeMap<String, String>,
    /// Why, and the regulation or standard it rests on.
    pub rationale: String,
    /// Examples, run as tests.
    pub examples: Examples,
    /// Where it was loaded from (`builtin:tally-sum.yaml` or a path).
    pub source: String,
    /// Line and column of its `id` in the source, for errors about the rule as a whole.
    pub(crate) id_at: (usize, usize),
}

impl RuleMeta {
    /// Whether the rule runs: enabled in this set and not `off`.
    pub(crate) fn is_active(&self) -> bool {
        self.enabled && self.severity != Severity::Off
    }

    /// A rule file's severity, `enabled` and pack with their defaults filled in: `error`,
    /// enabled unless off, pack `core`.
    pub(crate) fn defaults(
        severity: Option<Severity>,
        enabled: Option<bool>,
        pack: &Option<String>,
    ) -> (Severity, bool, String) {
        let severity = severity.unwrap_or(Severity::Error);
        let default_enabled = enabled.unwrap_or(true) && severity != Severity::Off;
        let pack = pack.clone().unwrap_or_else(|| "core".to_string());
        (severity, default_enabled, pack)
    }
}

/// A kind's matching logic, compiled from its fields.
pub(crate) trait Check: Send + Sync {
    /// Reports every finding in `doc` through `out`.
    fn run(&self, doc: &Document, out: &mut Reporter);
}

/// A loaded rule.
pub struct Rule {
    /// Its documentation and settings.
    pub meta: RuleMeta,
    /// Its compiled check.
    pub(crate) check: Box<dyn Check>,
    /// Problems found at load that do not stop it from running (an example-less rule, a
    /// capture its message never shows), to be printed as warnings.
    pub warnings: Vec<LoadError>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("meta", &self.meta)
            .finish_non_exhaustive()
    }
}

impl Rule {
    /// Runs this rule alone on a parsed document.
    pub fn run(&self, doc: &Document) -> Vec<Diagnostic> {
        let mut e = Reporter {
            meta: &self.meta,
            diags: Vec::new(),
        };
        // Named, so that a panic in it is reported with the rule's id.
        crate::guard::rule(&self.meta.id, &doc.text, || self.check.run(doc, &mut e));
        e.diags
    }
}

/// Collects one rule's diagnostics, filling its message templates.
pub(crate) struct Reporter<'r> {
    meta: &'r RuleMeta,
    diags: Vec<Diagnostic>,
}

impl Reporter<'_> {
    /// Reports `span` with the rule's main message.
    pub(crate) fn report(&mut self, span: Span, vars: &[(&str, String)]) -> &mut Diagnostic {
        self.report_as("", span, vars)
    }

    /// Reports `span` with the message of case `variant` (the main message when the rule
    /// file does not define that case).
    pub(crate) fn report_as(
        &mut self,
        variant: &str,
        span: Span,
        vars: &[(&str, String)],
    ) -> &mut Diagnostic {
        let template = self
            .meta
            .messages
            .get(variant)
            .unwrap_or(&self.meta.message);
        self.diags.push(Diagnostic {
            rule: self.meta.id.clone(),
            severity: self.meta.severity,
            message: fill(template, vars),
            span,
            labels: Vec::new(),
            notes: Vec::new(),
            fix: None,
        });
        self.diags.last_mut().expect("just pushed")
    }
}

/// Replaces `{name}` with its value; `{{` and `}}` are literal braces.
pub(crate) fn fill(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            let name = &tail[1..end];
            match vars.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => out.push_str(v),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders a template uses.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            rest = after;
            continue;
        }
        match tail.find('}') {
            Some(end) => {
                out.push(&tail[1..end]);
                rest = &tail[end + 1..];
            }
            None => break,
        }
    }
    out
}

/// The packs a rule set runs when nothing else is said.
pub(crate) const DEFAULT_PACKS: &[&str] = &["core"];

/// The rules a run uses, in a stable order (by id).
#[derive(Debug, Default)]
pub struct RuleSet {
    /// The rules, sorted by id.
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// Every pack some loaded rule belongs to, sorted.
    pub fn packs(&self) -> Vec<&str> {
        let mut p: Vec<&str> = self.rules.iter().map(|r| r.meta.pack.as_str()).collect();
        p.sort_unstable();
        p.dedup();
        p
    }

    /// Turns on exactly the rules of `packs` (each rule still as its file's `enabled` says);
    /// the configuration's `packs:` and `--extends` call this before \[`configure`\]
    /// (`RuleSet::configure`). Rules start with `DEFAULT_PACKS`. An unknown pack is an error.
    pub fn extends(&mut self, packs: &[String]) -> Result<(), crate::error::ErrorKind> {
        let known = self.packs();
        for p in packs {
            if !known.contains(&p.as_str()) {
                return Err(crate::error::ErrorKind::UnknownPack {
                    pack: p.clone(),
                    known: known.iter().map(|k| k.to_string()).collect(),
                });
            }
        }
        for r in &mut self.rules {
            r.meta.enabled = r.meta.default_enabled && packs.contains(&r.meta.pack);
        }
        Ok(())
    }

    /// The built-in rules, as a run uses them without `--rules`.
    pub fn builtin() -> Result<Self, LoadError> {
        let mut set = RuleSet::default();
        set.extend(load_builtin()?)?;
        Ok(set)
    }

    /// The built-in rules with every one of them on, those of packs off by default too
    /// (for tests and fuzzing that must reach every rule).
    pub fn builtin_all() -> Result<Self, LoadError> {
        let mut set = Self::builtin()?;
        let ids: Vec<String> = set.rules.iter().map(|r| r.meta.id.clone()).collect();
        set.configure(&ids, &[])
            .expect("the set's own ids are known to it");
        Ok(set)
    }

    /// The rule with `id`.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.meta.id == id)
    }

    /// Adds rules; a duplicate id is an error naming both sources.
    pub fn extend(&mut self, rules: Vec<Rule>) -> Result<(), LoadError> {
        for r in rules {
            if let Some(old) = self.get(&r.meta.id) {
                return Err(LoadError::at(
                    &r.meta.source,
                    r.meta.id_at.0,
                    r.meta.id_at.1,
                    format!(
                        "duplicate rule id `{}` (already defined in {})",
                        r.meta.id, old.meta.source
                    ),
                ));
            }
            self.rules.push(r);
        }
        self.rules.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
        Ok(())
    }

    /// Keeps only the rules that run: `select` (when non-empty) enables exactly those ids,
    /// including rules off by default; `ignore` removes ids. Unknown ids are an error.
    pub fn configure(
        &mut self,
        select: &[String],
        ignore: &[String],
    ) -> Result<(), crate::error::ErrorKind> {
        for id in select.iter().chain(ignore) {
            if self.get(id).is_none() {
                return Err(crate::error::ErrorKind::UnknownRule(id.clone()));
            }
        }
        for r in &mut self.rules {
            if !select.is_empty() {
                r.meta.enabled = select.contains(&r.meta.id);
                if r.meta.enabled && r.meta.severity == Severity::Off {
                    r.meta.severity = Severity::Info;
                }
            }
            if ignore.contains(&r.meta.id) {
                r.meta.enabled = false;
            }
        }
        Ok(())
    }

    /// Runs every enabled rule; diagnostics sorted by position, then rule id.
    pub fn run(&self, doc: &Document) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self
            .rules
            .iter()
            .filter(|r| r.meta.is_active())
            .flat_map(|r| r.run(doc))
            .collect();
        crate::diagnostic::sort(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let v = [("total", "58人".to_string()), ("sum", "59人".to_string())];
        assert_eq!(fill("合计{total}，分项{sum}", &v), "合计58人，分项59人");
        assert_eq!(fill("{{x}} {missing}", &v), "{x} {missing}");
        assert_eq!(placeholders("a{b}c{{d}}{e}"), vec!["b", "e"]);
    }
}
