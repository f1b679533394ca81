//! `tally-sum`: a breakdown must agree with its total.
//!
//! * A parenthesised breakdown is a partition: parts add up to the total
//!   (`党纪处分58人（党内警告34人，…）`).
//! * A `其中` list is a subset: parts add up to at most the total.
//! * The four forms (`其中第一种形态…`) are a partition when all four are listed, and their
//!   shares add up to 100% within rounding.
//! * Parts that are overlapping categories (`52人（其中党纪处分47人、政务处分15人）`): one
//!   person can receive both, so they are never summed, only each compared with the total.
//! * Parts compare only in the total's unit class (人 and 人次 never mix; 万元 and 亿元 are
//!   normalised); decimals carry half a unit of their last digit as rounding slack.

use crate::model::{Document, Tally, TallyShape};
use crate::numbers::{exact, format_number, show_exact, unit_class};
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Emitter};

rule_spec! {
    /// Rule file of kind `tally-sum`.
    pub struct Spec {
        /// Groups of categories that overlap (`[党纪处分, 政务处分]`: one person can receive
        /// both). A breakdown into two or more members of a group is never summed; each part
        /// is compared with the total instead.
        #[serde(default)]
        pub overlapping: Vec<Vec<String>>,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = &["category", "total", "sum", "diff"];
    const VARIANTS: &'static [&'static str] = &["subset", "part", "shares"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        Ok(Box::new(TallySum {
            overlapping: self.overlapping,
        }))
    }
}

struct TallySum {
    overlapping: Vec<Vec<String>>,
}

fn ordinal(label: &str) -> Option<u8> {
    let c = label.strip_prefix('第')?.chars().next()?;
    "一二三四".chars().position(|x| x == c).map(|p| p as u8 + 1)
}

impl TallySum {
    fn check(&self, doc: &Document, t: &Tally, out: &mut Emitter) {
        let (class, tfactor) = unit_class(&t.total.unit);
        let parts: Vec<_> = t
            .parts
            .iter()
            .filter(|p| unit_class(&p.amount.unit).0 == class)
            .collect();
        if parts.is_empty() || (t.shape == TallyShape::Partition && parts.len() != t.parts.len()) {
            return; // mixed units: not a breakdown of this total
        }
        let total = t.total.number.value * tfactor;
        // The messages say `{category}合计`: without a category, just `合计` (not `合计合计`).
        let category = t
            .category
            .as_ref()
            .map_or_else(String::new, |c| doc.slice(c).to_string());
        let total_text = doc.slice(&t.total.span).to_string();
        let decimals = parts
            .iter()
            .map(|p| p.amount.number.decimals)
            .max()
            .unwrap_or(0)
            .max(t.total.number.decimals);
        let vars = |sum: f64| {
            let diff = (sum - total) / tfactor;
            let sign = if diff < 0.0 { "-" } else { "+" };
            vec![
                ("category", category.clone()),
                ("total", total_text.clone()),
                (
                    "sum",
                    format!("{}{}", format_number(sum / tfactor, decimals), t.total.unit),
                ),
                (
                    "diff",
                    format!(
                        "{sign}{}{}",
                        format_number(diff.abs(), decimals),
                        t.total.unit
                    ),
                ),
            ]
        };

        let overlapping = self.overlapping.iter().any(|group| {
            let named = |m: &String| {
                parts
                    .iter()
                    .any(|p| doc.slice(&p.label).ends_with(m.as_str()))
            };
            group.iter().filter(|m| named(m)).count() >= 2
        });
        if overlapping {
            for p in &parts {
                let v = p.amount.number.value * unit_class(&p.amount.unit).1;
                if v > total + 1e-9 {
                    out.report_as("part", p.amount.span.clone(), &vars(v))
                        .label(t.total.span.clone(), "合计");
                }
            }
            return;
        }

        let sum: f64 = parts
            .iter()
            .map(|p| p.amount.number.value * unit_class(&p.amount.unit).1)
            .sum();
        let slack: f64 = parts
            .iter()
            .map(|p| &p.amount)
            .chain(std::iter::once(&t.total))
            .filter(|a| a.number.decimals > 0)
            .map(|a| a.number.half_ulp() * unit_class(&a.unit).1)
            .sum::<f64>()
            + 1e-9;
        let complete_forms = t.shape == TallyShape::FourForms && {
            let mut seen: Vec<u8> = parts
                .iter()
                .filter_map(|p| ordinal(doc.slice(&p.label)))
                .collect();
            seen.sort_unstable();
            seen.dedup();
            seen == [1, 2, 3, 4]
        };
        let partition = t.shape == TallyShape::Partition || complete_forms;
        // Exactly, when every figure is written in digits in the total's unit: a 28-digit
        // count is beyond what an f64 holds (it showed `差-999999999999999983222784人`).
        let exact = exact_sum(doc, t, &parts, tfactor);
        let wrong = match &exact {
            Some(e) if partition => e.differs,
            Some(e) => e.exceeds,
            None if partition => (sum - total).abs() > slack,
            None => sum > total + slack,
        };
        if wrong {
            let vars = match &exact {
                Some(e) => vec![
                    ("category", category.clone()),
                    ("total", total_text.clone()),
                    ("sum", format!("{}{}", e.sum, t.total.unit)),
                    ("diff", format!("{}{}", e.diff, t.total.unit)),
                ],
                None => vars(sum),
            };
            let d = out.report_as(
                if partition { "" } else { "subset" },
                t.total.span.clone(),
                &vars,
            );
            for p in &parts {
                d.label(p.amount.span.clone(), doc.slice(&p.label));
            }
        }

        if complete_forms {
            let shares: Vec<_> = parts.iter().filter_map(|p| p.share.as_ref()).collect();
            if shares.len() == parts.len() {
                let sum: f64 = shares.iter().map(|(_, n)| n.value).sum();
                let slack: f64 = shares.iter().map(|(_, n)| n.half_ulp()).sum::<f64>() + 1e-9;
                if (sum - 100.0).abs() > slack {
                    let decimals = shares.iter().map(|(_, n)| n.decimals).max().unwrap_or(0);
                    let d = out.report_as(
                        "shares",
                        t.total.span.clone(),
                        &[
                            ("category", category.clone()),
                            ("total", "100%".to_string()),
                            ("sum", format!("{}%", format_number(sum, decimals))),
                            ("diff", format_number(sum - 100.0, decimals)),
                        ],
                    );
                    for (span, _) in &shares {
                        d.label(span.clone(), "占比");
                    }
                }
            }
        }
    }
}

/// A breakdown added up exactly.
struct Exact {
    /// The parts differ from the total by more than their rounding.
    differs: bool,
    /// The parts exceed the total by more than their rounding.
    exceeds: bool,
    /// The sum and the signed difference, written out.
    sum: String,
    diff: String,
}

/// The breakdown added up in integers, when the total and every part are written in digits
/// in the total's unit (`None` otherwise, or beyond a `u128`: then f64 as before).
fn exact_sum(
    doc: &Document,
    t: &Tally,
    parts: &[&crate::model::Part],
    tfactor: f64,
) -> Option<Exact> {
    let read = |a: &crate::model::Amount| {
        (unit_class(&a.unit).1 == tfactor)
            .then(|| exact(doc.slice(&a.span)))
            .flatten()
    };
    let total = read(&t.total)?;
    let figures: Vec<(u128, u32)> = parts
        .iter()
        .map(|p| read(&p.amount))
        .collect::<Option<_>>()?;
    let d = figures.iter().map(|f| f.1).chain([total.1]).max()?;
    let scale = |(v, k): (u128, u32)| v.checked_mul(10u128.checked_pow(d - k)?);
    let mut sum = 0u128;
    // Twice the rounding slack: half a unit of the last digit of each decimal figure.
    let mut slack2 = 0u128;
    for &f in figures.iter().chain([&total]) {
        if f.1 > 0 {
            slack2 = slack2.checked_add(10u128.checked_pow(d - f.1)?)?;
        }
    }
    for &f in &figures {
        sum = sum.checked_add(scale(f)?)?;
    }
    let total = scale(total)?;
    let gap = sum.abs_diff(total);
    let sign = if sum < total { "-" } else { "+" };
    Some(Exact {
        differs: gap.checked_mul(2)? > slack2,
        exceeds: sum > total && gap.checked_mul(2)? > slack2,
        sum: show_exact(sum, d),
        diff: format!("{sign}{}", show_exact(gap, d)),
    })
}

impl Check for TallySum {
    fn run(&self, doc: &Document, out: &mut Emitter) {
        for t in &doc.tallies {
            self.check(doc, t, out);
        }
    }
}
