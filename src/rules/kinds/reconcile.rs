//! `reconcile`: figures written in one passage must agree as the rule's arithmetic says.
//!
//! `pattern` is a regex with named captures (`(?P<new>\d+)`); each capture is read as a
//! figure — Arabic, full-width or Chinese numerals, with 万/亿 scaling when the capture
//! includes the multiplier or `units` names one, percentages as fractions (`88.5%` is
//! 0.885) — and `assert` (`expr`) is checked over them:
//!
//! ```yaml
//! pattern: '新建(?P<new>\d+)个、合办(?P<joint>\d+)个老年食堂[^。]*?实现(?P<total>\d+)个'
//! assert: 'new + joint == total'
//! ```
//!
//! Rounding never makes a correct text wrong: a figure with decimals, a multiplier or a
//! percent sign may be off by half a unit of its last written digit, and the assertion
//! fails only when no values within those bounds satisfy it (`tolerance: auto`, the
//! default). `tolerance: 0.1` instead compares the figures as written and lets the two sides
//! differ by 0.1. A capture that did not take part in the match leaves the assertion
//! unjudged, except inside `sum(…)`, where it is simply not a part. Captures the assertion
//! does not read need not be figures (a name to show in the message). The message's
//! placeholders are the capture names (each shows the text as written), `match`, and `lhs`
//! and `rhs` (both sides as computed).

use super::{Re, compile};
use crate::model::Document;
use crate::numbers::{Figure, parse_figure, scale_of};
use crate::rules::expr::{self, Assertion, Tolerance, show_value};
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};
use regex::Regex;
use serde::Deserialize;
use std::cell::OnceCell;
use std::collections::BTreeMap;

/// `tolerance:` as written: `auto` or a number.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum ToleranceSpec {
    /// An absolute tolerance between the two sides.
    Number(f64),
    /// `auto`.
    Word(String),
}

rule_spec! {
    /// Rule file of kind `reconcile`.
    pub(crate) struct Spec {
        /// Regex whose named captures (`(?P<name>…)`) are the figures.
        pub pattern: String,
        /// The comparison that must hold over the capture names (`new + joint == total`):
        /// `+ - * / × ÷`, `== != < <= > >=`, parentheses, `sum(…)`, `round(x, digits)`, `abs(x)`.
        pub assert: String,
        /// Multiplier of a capture that does not write its own (`total: 万元`, `rate: '%'`):
        /// 万, 亿, 万元, %, …
        #[serde(default, deserialize_with = "crate::yaml::unique_keys")]
        pub units: BTreeMap<String, String>,
        /// `auto` (half a unit of each rounded figure; the default) or an absolute tolerance.
        #[serde(default)]
        #[schemars(schema_with = "tolerance_schema")]
        pub(crate) tolerance: Option<ToleranceSpec>,
        /// The compiled pattern and its capture names, computed once: `vars`,
        /// `should_show` and `build` all need them.
        #[serde(skip)]
        pub compiled: OnceCell<(Re, Vec<String>)>,
    }
}

/// `tolerance:` in the schema: what the loader accepts of [`ToleranceSpec`] (the word is
/// only `auto`, the number not negative).
fn tolerance_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"oneOf": [{"const": "auto"}, {"type": "number", "minimum": 0}]})
}

/// Placeholders every reconcile rule has besides its captures.
const EXTRA: &[&str] = &["match", "lhs", "rhs"];

/// The named captures of a compiled pattern, in order.
fn capture_names(re: &Regex) -> Vec<String> {
    re.capture_names().flatten().map(str::to_string).collect()
}

/// Byte offset of the capture group `name` in the pattern as written.
fn capture_offset(pattern: &str, name: &str) -> usize {
    [format!("(?P<{name}>"), format!("(?<{name}>")]
        .iter()
        .filter_map(|g| pattern.find(g.as_str()))
        .min()
        .unwrap_or(0)
}

impl Spec {
    /// The compiled pattern and its capture names, validated.
    fn names(&self) -> Result<&(Re, Vec<String>), BuildError> {
        if let Some(c) = self.compiled.get() {
            return Ok(c);
        }
        let re = compile(&self.pattern)?;
        let names = capture_names(&re);
        if names.is_empty() {
            return Err(BuildError::new(
                &self.pattern,
                "the pattern has no named capture: write each figure as `(?P<name>…)`",
            )
            .under("pattern"));
        }
        for n in &names {
            if EXTRA.contains(&n.as_str()) {
                return Err(BuildError::inside(
                    "pattern",
                    &self.pattern,
                    capture_offset(&self.pattern, n),
                    format!("capture name `{n}` is reserved (match, lhs, rhs): rename it"),
                ));
            }
        }
        Ok(self.compiled.get_or_init(|| (re, names)))
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = EXTRA;
    const MORE_VARS: Option<&'static str> = Some("the capture names of `pattern`");

    fn vars(&self) -> Result<Vec<String>, BuildError> {
        let (_, names) = self.names()?;
        Ok(names
            .iter()
            .cloned()
            .chain(EXTRA.iter().map(|s| s.to_string()))
            .collect())
    }

    fn should_show(&self) -> Vec<(String, BuildError)> {
        let Ok((_, names)) = self.names() else {
            return Vec::new();
        };
        names
            .iter()
            .cloned()
            .map(|n| {
                let w = BuildError::inside(
                    "pattern",
                    &self.pattern,
                    capture_offset(&self.pattern, &n),
                    format!(
                        "capture `{n}` is never shown in the message: add `{{{n}}}` so a reader sees the figure that was checked"
                    ),
                );
                (n, w)
            })
            .collect()
    }

    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        self.names()?;
        let (re, names) = self.compiled.into_inner().expect("compiled just above");
        let assertion = expr::parse(&self.assert, &names)
            .map_err(|e| BuildError::inside("assert", &self.assert, e.offset, e.message))?;
        let mut scales = vec![None; names.len()];
        for (cap, unit) in &self.units {
            let Some(i) = names.iter().position(|n| n == cap) else {
                return Err(BuildError::new(
                    format!("{cap}:"),
                    format!("`units` names `{cap}`, which is not a capture of the pattern"),
                )
                .under("units"));
            };
            match scale_of(unit) {
                Some(f) => scales[i] = Some(f),
                None => {
                    return Err(BuildError::new(
                        unit,
                        format!("unit `{unit}` has no multiplier (万, 亿, 万亿, 千, %, ‰…)"),
                    )
                    .under("units"));
                }
            }
        }
        let tolerance = match self.tolerance {
            None => Tolerance::Auto,
            Some(ToleranceSpec::Word(w)) if w == "auto" => Tolerance::Auto,
            Some(ToleranceSpec::Number(t)) if t >= 0.0 && t.is_finite() => Tolerance::Fixed(t),
            Some(ToleranceSpec::Number(t)) => {
                return Err(BuildError::new(
                    "tolerance",
                    format!("tolerance {t} must be a number ≥ 0 or `auto`"),
                ));
            }
            Some(ToleranceSpec::Word(w)) => {
                return Err(BuildError::new(
                    w.clone(),
                    format!("tolerance `{w}` must be `auto` or a number ≥ 0"),
                )
                .under("tolerance"));
            }
        };
        let mut read = Vec::new();
        assertion.lhs.vars(&mut read);
        assertion.rhs.vars(&mut read);
        let used = (0..names.len()).map(|i| read.contains(&i)).collect();
        Ok(Box::new(Reconcile {
            re,
            used,
            names,
            scales,
            assertion,
            source: self.assert,
            tolerance,
        }))
    }
}

struct Reconcile {
    re: Re,
    names: Vec<String>,
    /// Whether the assertion reads each capture (others are only shown in the message).
    used: Vec<bool>,
    scales: Vec<Option<f64>>,
    assertion: Assertion,
    source: String,
    tolerance: Tolerance,
}

impl Check for Reconcile {
    fn run(&self, doc: &Document, out: &mut Reporter) {
        for caps in self.re.captures_iter(&doc.text) {
            let Some(whole) = caps.get(0) else { continue };
            let mut vals: Vec<Option<Figure>> = Vec::with_capacity(self.names.len());
            let mut readable = true;
            for ((name, scale), used) in self.names.iter().zip(&self.scales).zip(&self.used) {
                match caps.name(name) {
                    None => vals.push(None),
                    Some(_) if !used => vals.push(None),
                    Some(m) => {
                        let f = parse_figure(m.as_str(), *scale);
                        // A capture that is not a figure leaves the passage unjudged.
                        readable &= f.is_some();
                        vals.push(f);
                    }
                }
            }
            if !readable {
                continue;
            }
            let Some((lhs, rhs)) = self.assertion.sides(&vals) else {
                continue;
            };
            if !self.assertion.fails(lhs, rhs, self.tolerance) {
                continue;
            }
            let mut vars: Vec<(&str, String)> = self
                .names
                .iter()
                .map(|n| {
                    let text = caps.name(n).map_or("", |m| m.as_str());
                    (n.as_str(), text.to_string())
                })
                .collect();
            vars.push(("match", whole.as_str().to_string()));
            vars.push(("lhs", show_value(lhs.v)));
            vars.push(("rhs", show_value(rhs.v)));
            let d = out.report(whole.range(), &vars);
            for n in &self.names {
                if let Some(m) = caps.name(n) {
                    d.label(m.range(), n.clone());
                }
            }
            d.note(format!(
                "不成立：{}（左边为{}，右边为{}）",
                self.source,
                show_value(lhs.v),
                show_value(rhs.v)
            ));
        }
    }
}
