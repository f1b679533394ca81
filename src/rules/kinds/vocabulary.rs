//! `vocabulary`: a breakdown lists only its own category's types.
//!
//! Each category (`党纪处分`, `政务处分`, `组织处理`…) names its allowed types and the types
//! that belong elsewhere. A part's label is matched against both lists; the longest term it
//! contains decides (so `开除党籍` is allowed under 党纪处分 even though `开除` is foreign).
//! A tally's category is the longest category name its phrase ends with, so
//! `党纪政务处分` is not mistaken for `政务处分`.

use crate::model::{Document, TallyShape};
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One category's vocabulary.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Category {
    /// Types that belong to it.
    #[serde(default)]
    pub allowed: Vec<String>,
    /// Types that belong elsewhere, with where (`记过: 政务处分`).
    #[serde(default, deserialize_with = "crate::yaml::unique_keys")]
    pub(crate) foreign: BTreeMap<String, String>,
}

rule_spec! {
    /// Rule file of kind `vocabulary`.
    pub(crate) struct Spec {
        /// Categories by name.
        #[serde(deserialize_with = "crate::yaml::unique_keys")]
        pub(crate) categories: BTreeMap<String, Category>,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = &["category", "term", "belongs"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        if self.categories.is_empty() {
            return Err(BuildError::new(
                "categories",
                "`categories` needs at least one category",
            ));
        }
        for (name, c) in &self.categories {
            if let Some(t) = c.allowed.iter().find(|t| c.foreign.contains_key(*t)) {
                return Err(BuildError::new(
                    t.clone(),
                    format!("`{t}` is both allowed and foreign in `{name}`"),
                ));
            }
        }
        Ok(Box::new(Vocabulary {
            categories: self.categories,
        }))
    }
}

struct Vocabulary {
    categories: BTreeMap<String, Category>,
}

impl Check for Vocabulary {
    fn run(&self, doc: &Document, out: &mut Reporter) {
        for t in doc
            .tallies
            .iter()
            .filter(|t| t.shape != TallyShape::FourForms)
        {
            let Some(phrase) = t.category.as_ref().map(|c| doc.slice(c)) else {
                continue;
            };
            let Some((name, cat)) = self
                .categories
                .iter()
                .filter(|(name, _)| phrase.ends_with(name.as_str()))
                .max_by_key(|(name, _)| name.len())
            else {
                continue;
            };
            for p in &t.parts {
                let label = doc.slice(&p.label);
                let best_allowed = cat
                    .allowed
                    .iter()
                    .filter(|a| label.contains(a.as_str()))
                    .map(|a| a.len())
                    .max()
                    .unwrap_or(0);
                let foreign = cat
                    .foreign
                    .iter()
                    .filter(|(term, _)| label.contains(term.as_str()) && term.len() > best_allowed)
                    .max_by_key(|(term, _)| term.len());
                if let Some((term, belongs)) = foreign {
                    out.report(
                        p.label.clone(),
                        &[
                            ("category", name.clone()),
                            ("term", term.clone()),
                            ("belongs", belongs.clone()),
                        ],
                    )
                    .label(
                        t.category.clone().unwrap_or(t.total.span.clone()),
                        "所属类别",
                    );
                }
            }
        }
    }
}
