//! `format`: contact values have a valid form.
//!
//! For each contact field named in the rule (`phone`, `email`, `postcode`, `mailbox`, `website`), the
//! value must match one of the field's patterns after normalisation: full-width digits and
//! dashes become ASCII, spaces are dropped and an area code in brackets (`（0571）89510031`)
//! becomes `0571-89510031`.

use super::{Re, compile};
use crate::model::{ContactKind, Document};
use crate::numbers::ascii_digit;
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One field's accepted forms.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Field {
    /// Regexes; the value must match one (anchor them with `^…$`).
    #[schemars(length(min = 1))]
    pub patterns: Vec<String>,
    /// What a correct value looks like (`{hint}` in the message).
    #[serde(default)]
    pub hint: String,
}

rule_spec! {
    /// Rule file of kind `format`.
    pub(crate) struct Spec {
        /// Fields by name: `phone`, `email`, `postcode`, `mailbox`, `website`.
        #[serde(deserialize_with = "crate::yaml::unique_keys")]
        #[schemars(extend("propertyNames" = {
            "enum": ["phone", "email", "postcode", "mailbox", "website"]
        }))]
        pub(crate) fields: BTreeMap<String, Field>,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = &["field", "value", "hint"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        let mut fields = Vec::new();
        for (name, f) in self.fields {
            let Some(kind) = ContactKind::from_name(&name) else {
                let names: Vec<&str> = ContactKind::ALL.iter().map(|k| k.as_str()).collect();
                return Err(BuildError::new(
                    format!("{name}:"),
                    format!("unknown field `{name}` ({})", names.join(", ")),
                ));
            };
            if f.patterns.is_empty() {
                return Err(BuildError::new(
                    format!("{name}:"),
                    format!("field `{name}` needs at least one pattern"),
                ));
            }
            let res = f
                .patterns
                .iter()
                .map(|p| compile(p))
                .collect::<Result<Vec<_>, _>>()?;
            fields.push(FieldCheck {
                kind,
                patterns: res,
                hint: f.hint,
            });
        }
        Ok(Box::new(Format { fields }))
    }
}

struct Format {
    fields: Vec<FieldCheck>,
}

/// What one field of a contact must look like.
struct FieldCheck {
    kind: ContactKind,
    /// The value must match one of these.
    patterns: Vec<Re>,
    /// The rule's advice when it does not (`{hint}`).
    hint: String,
}

/// The value as the patterns see it.
fn normalise(value: &str) -> String {
    let mut s: String = value
        .chars()
        .map(ascii_digit)
        .map(|c| match c {
            '－' | '—' | '–' => '-',
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if let Some(rest) = s.strip_prefix('(') {
        if let Some((area, local)) = rest.split_once(')') {
            s = format!("{area}-{local}");
        }
    }
    s
}

fn field_name(kind: ContactKind) -> &'static str {
    match kind {
        ContactKind::Phone => "电话号码",
        ContactKind::Email => "电子邮箱",
        ContactKind::Postcode => "邮政编码",
        ContactKind::Mailbox => "邮政信箱",
        ContactKind::Website => "网址",
    }
}

impl Check for Format {
    fn run(&self, doc: &Document, out: &mut Reporter) {
        for c in &doc.contacts {
            let Some(field) = self.fields.iter().find(|f| f.kind == c.kind) else {
                continue;
            };
            let value = doc.slice(&c.value);
            if field
                .patterns
                .iter()
                .any(|re| re.is_match(&normalise(value)))
            {
                continue;
            }
            let d = out.report(
                c.value.clone(),
                &[
                    ("field", field_name(c.kind).to_string()),
                    ("value", value.to_string()),
                    ("hint", field.hint.clone()),
                ],
            );
            d.label(c.label.clone(), "标签");
            if value.contains('＠') {
                d.note("全角“＠”应为半角“@”");
            }
        }
    }
}
