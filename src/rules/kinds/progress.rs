//! `progress`: rectification progress must add up.
//!
//! `check: sum`: completed + remaining = total (`26个问题中已完成整改23个，其余3个`); completed
//! never exceeds the total. `check: rate`: a completion rate equals completed / total to the
//! digits written (`23/26 = 88.46%` → `88.5%`); either rounding of a tie is accepted.

use crate::model::Document;
use crate::numbers::format_number;
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Emitter};
use serde::Deserialize;

/// Which arithmetic to check.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum What {
    /// done + rest = total.
    Sum,
    /// rate = done / total.
    Rate,
}

rule_spec! {
    /// Rule file of kind `progress`.
    pub struct Spec {
        /// `sum` or `rate`.
        pub check: What,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] =
        &["total", "done", "rest", "sum", "rate", "expected", "unit"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        Ok(Box::new(Progress { what: self.check }))
    }
}

struct Progress {
    what: What,
}

impl Check for Progress {
    fn run(&self, doc: &Document, out: &mut Emitter) {
        for p in &doc.progress {
            let rest: u64 = p.rest.iter().map(|r| r.value).sum();
            let sum = p.done.value + rest;
            let rest_text = p
                .rest
                .iter()
                .map(|r| r.value.to_string())
                .collect::<Vec<_>>()
                .join("+");
            let mut vars = vec![
                ("total", p.total.value.to_string()),
                ("done", p.done.value.to_string()),
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
                    if (!p.rest.is_empty() && sum != p.total.value) || p.done.value > p.total.value
                    {
                        let d = out.report(p.done.span.clone(), &vars);
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
                    let exact = p.done.value as f64 * 100.0 / p.total.value as f64;
                    if (rate.value - exact).abs() > rate.half_ulp() + 1e-9 {
                        vars.push((
                            "rate",
                            format!("{}%", format_number(rate.value, rate.decimals)),
                        ));
                        vars.push((
                            "expected",
                            format!("{}%", format_number(exact, rate.decimals.max(1))),
                        ));
                        out.report(span.clone(), &vars)
                            .label(p.done.span.clone(), "已完成")
                            .label(p.total.span.clone(), "总数");
                    }
                }
            }
        }
    }
}
