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

use crate::model::{Document, Part, Tally, TallyShape};
use crate::numbers::{exact, format_number, show_exact, unit_class};
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};

rule_spec! {
    /// Rule file of kind `tally-sum`.
    pub(crate) struct Spec {
        /// Groups of categories that overlap (`[党纪处分, 政务处分]`: one person can receive
        /// both). A breakdown into two or more members of a group is never summed; each part
        /// is compared with the total instead.
        #[serde(default)]
        pub(crate) overlapping: Vec<Vec<String>>,
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

/// One tally's breakdown in the total's unit class, with what its messages show.
struct Breakdown<'a> {
    doc: &'a Document,
    t: &'a Tally,
    /// The parts in the total's unit class.
    parts: Vec<&'a Part>,
    /// The total's unit multiplier (万元: 10⁴).
    tfactor: f64,
    /// The total in base units.
    total: f64,
    /// The tally's category as written; empty without one (the messages say `{category}合计`).
    category: String,
    /// The total as written.
    total_text: String,
    /// The most decimals any figure writes.
    decimals: u32,
}

impl<'a> Breakdown<'a> {
    /// The breakdown of `t`, or `None` when its parts are not in the total's unit class
    /// (mixed units: not a breakdown of this total).
    fn new(doc: &'a Document, t: &'a Tally) -> Option<Self> {
        let (class, tfactor) = unit_class(&t.total.unit);
        let parts: Vec<&Part> = t
            .parts
            .iter()
            .filter(|p| unit_class(&p.amount.unit).0 == class)
            .collect();
        if parts.is_empty() || (t.shape == TallyShape::Partition && parts.len() != t.parts.len()) {
            return None;
        }
        let decimals = parts
            .iter()
            .map(|p| p.amount.number.decimals)
            .max()
            .unwrap_or(0)
            .max(t.total.number.decimals);
        Some(Breakdown {
            doc,
            t,
            tfactor,
            total: t.total.number.value * tfactor,
            category: t
                .category
                .as_ref()
                .map_or_else(String::new, |c| doc.slice(c).to_string()),
            total_text: doc.slice(&t.total.span).to_string(),
            decimals,
            parts,
        })
    }

    /// The message's placeholders for parts adding up to `sum` (base units).
    fn vars(&self, sum: f64) -> Vec<(&'static str, String)> {
        let unit = &self.t.total.unit;
        let diff = (sum - self.total) / self.tfactor;
        let sign = if diff < 0.0 { "-" } else { "+" };
        vec![
            ("category", self.category.clone()),
            ("total", self.total_text.clone()),
            (
                "sum",
                format!("{}{unit}", format_number(sum / self.tfactor, self.decimals)),
            ),
            (
                "diff",
                format!("{sign}{}{unit}", format_number(diff.abs(), self.decimals)),
            ),
        ]
    }

    /// Whether two or more parts are members of one group of `overlapping` categories.
    fn overlaps(&self, overlapping: &[Vec<String>]) -> bool {
        overlapping.iter().any(|group| {
            let named = |m: &String| {
                self.parts
                    .iter()
                    .any(|p| self.doc.slice(&p.label).ends_with(m.as_str()))
            };
            group.iter().filter(|m| named(m)).count() >= 2
        })
    }

    /// Overlapping categories are never summed: each part only stays within the total.
    fn parts_above_total(&self, out: &mut Reporter) {
        for p in &self.parts {
            let v = p.amount.number.value * unit_class(&p.amount.unit).1;
            if v > self.total + 1e-9 {
                out.report_as("part", p.amount.span.clone(), &self.vars(v))
                    .label(self.t.total.span.clone(), "合计");
            }
        }
    }

    /// Whether the parts are the four forms, all four listed.
    fn complete_forms(&self) -> bool {
        self.t.shape == TallyShape::FourForms && {
            let mut seen: Vec<u8> = self
                .parts
                .iter()
                .filter_map(|p| ordinal(self.doc.slice(&p.label)))
                .collect();
            seen.sort_unstable();
            seen.dedup();
            seen == [1, 2, 3, 4]
        }
    }

    /// Reports parts that do not add up to the total (a partition) or exceed it (a subset).
    fn check_sum(&self, partition: bool, out: &mut Reporter) {
        let (doc, t, parts) = (self.doc, self.t, &self.parts);
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
        // Exactly, when every figure is written in digits in the total's unit: a 28-digit
        // count is beyond what an f64 holds (it showed `差-999999999999999983222784人`).
        let exact = exact_sum(doc, t, parts, self.tfactor);
        let wrong = match &exact {
            Some(e) if partition => e.differs,
            Some(e) => e.exceeds,
            None if partition => (sum - self.total).abs() > slack,
            None => sum > self.total + slack,
        };
        if !wrong {
            return;
        }
        let vars = match &exact {
            Some(e) => vec![
                ("category", self.category.clone()),
                ("total", self.total_text.clone()),
                ("sum", format!("{}{}", e.sum, t.total.unit)),
                ("diff", format!("{}{}", e.diff, t.total.unit)),
            ],
            None => self.vars(sum),
        };
        let d = out.report_as(
            if partition { "" } else { "subset" },
            t.total.span.clone(),
            &vars,
        );
        for p in parts {
            d.label(p.amount.span.clone(), doc.slice(&p.label));
        }
    }

    /// The four forms' shares add up to 100% within rounding, when every form gives one.
    fn check_shares(&self, out: &mut Reporter) {
        let shares: Vec<_> = self.parts.iter().filter_map(|p| p.share.as_ref()).collect();
        if shares.len() != self.parts.len() {
            return;
        }
        let sum: f64 = shares.iter().map(|(_, n)| n.value).sum();
        let slack: f64 = shares.iter().map(|(_, n)| n.half_ulp()).sum::<f64>() + 1e-9;
        if (sum - 100.0).abs() <= slack {
            return;
        }
        let decimals = shares.iter().map(|(_, n)| n.decimals).max().unwrap_or(0);
        let d = out.report_as(
            "shares",
            self.t.total.span.clone(),
            &[
                ("category", self.category.clone()),
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

impl TallySum {
    fn check(&self, doc: &Document, t: &Tally, out: &mut Reporter) {
        let Some(b) = Breakdown::new(doc, t) else {
            return;
        };
        if b.overlaps(&self.overlapping) {
            b.parts_above_total(out);
            return;
        }
        let complete_forms = b.complete_forms();
        b.check_sum(t.shape == TallyShape::Partition || complete_forms, out);
        if complete_forms {
            b.check_shares(out);
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
    parts: &[&Part],
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
    fn run(&self, doc: &Document, out: &mut Reporter) {
        for t in &doc.tallies {
            self.check(doc, t, out);
        }
    }
}
