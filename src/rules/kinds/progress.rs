//! `progress`: rectification progress must add up.
//!
//! `check: sum`: completed + remaining = total (`26个问题中已完成整改23个，其余3个`); completed
//! never exceeds the total. `check: rate`: a completion rate equals completed / total to the
//! digits written (`23/26 = 88.46%` → `88.5%`); either rounding of a tie is accepted.

use crate::model::Document;
use crate::numbers::{exact, percent_exact};
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};
use serde::Deserialize;

/// Which arithmetic to check.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum What {
    /// done + rest = total.
    Sum,
    /// rate = done / total.
    Rate,
}

rule_spec! {
    /// Rule file of kind `progress`.
    pub(crate) struct Spec {
        /// `sum` or `rate`.
        pub check: What,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] =
        &["total", "done", "rest", "sum", "rate", "expected", "unit"];
    /// `exceeds`: completed is more than the total and no remainder is written.
    const VARIANTS: &'static [&'static str] = &["exceeds"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        Ok(Box::new(Progress { what: self.check }))
    }
}

struct Progress {
    what: What,
}

impl Check for Progress {
    fn run(&self, doc: &Document, out: &mut Reporter) {
        for p in &doc.progress {
            // u128: counts near u64::MAX must not overflow when added.
            let rest: u128 = p.rest.iter().map(|r| r.value as u128).sum();
            let sum = p.done.value as u128 + rest;
            // Figures as written (`二十六`, `２６` stay so).
            let rest_text = p
                .rest
                .iter()
                .map(|r| doc.slice(&r.span).to_string())
                .collect::<Vec<_>>()
                .join("+");
            let mut vars = vec![
                ("total", doc.slice(&p.total.span).to_string()),
                ("done", doc.slice(&p.done.span).to_string()),
                (
                    "rest",
                    if rest_text.is_empty() {
                        "0".to_string()
                    } else {
                        rest_text
                    },
                ),
                ("sum", sum.to_string()),
                ("unit", p.unit.clone()),
            ];
            match self.what {
                What::Sum => {
                    if (!p.rest.is_empty() && sum != p.total.value as u128)
                        || p.done.value > p.total.value
                    {
                        // Without a remainder written, the message names none (no `其余0个`).
                        let case = if p.rest.is_empty() { "exceeds" } else { "" };
                        let d = out.report_as(case, p.done.span.clone(), &vars);
                        d.label(p.total.span.clone(), "总数");
                        for r in &p.rest {
                            d.label(r.span.clone(), "其余");
                        }
                    }
                }
                What::Rate => {
                    let Some((span, rate)) = &p.rate else {
                        continue;
                    };
                    if p.total.value == 0 {
                        continue;
                    }
                    let written = doc.slice(span);
                    // Exactly: |r/10^k − done·100/total| > ½·10^-k, in integers; the f64
                    // comparison only for a rate too long for a u128 (then far off anyway).
                    let (done, total) = (p.done.value as u128, p.total.value as u128);
                    let wrong = match exact(written) {
                        Some((r, k)) => 10u128.checked_pow(k).and_then(|scale| {
                            let lhs = r.checked_mul(total)?.checked_mul(2)?;
                            let rhs = done.checked_mul(200)?.checked_mul(scale)?;
                            Some(lhs.abs_diff(rhs) > total)
                        }),
                        None => None,
                    }
                    .unwrap_or_else(|| {
                        let e = p.done.value as f64 * 100.0 / p.total.value as f64;
                        (rate.value - e).abs() > rate.half_ulp() + 1e-9
                    });
                    if wrong {
                        // The rate as written; the expected one to the digits written (at
                        // least one, at most four), computed exactly.
                        vars.push(("rate", written.to_string()));
                        let places = rate.decimals.clamp(1, 4);
                        let expected =
                            percent_exact(p.done.value, p.total.value, places).unwrap_or_default();
                        vars.push(("expected", format!("{expected}%")));
                        out.report(span.clone(), &vars)
                            .label(p.done.span.clone(), "已完成")
                            .label(p.total.span.clone(), "总数");
                    }
                }
            }
        }
    }
}
