//! JSON Schemas (draft-07, which YAML editors support best) for the files users write: rule
//! files, the configuration file and feedback files. `zhenggai schema NAME` prints them;
//! the same text is committed under `schema/` for `# yaml-language-server: $schema=…`, and a
//! test keeps the two identical and validates every shipped file against them.
//!
//! The rule schema is one closed object per kind (`oneOf`, told apart by `kind`), so an
//! editor completes exactly the fields a rule of that kind may have.

use crate::diagnostic::Severity;
use crate::rules::kinds::{self, KINDS};
use crate::rules::load::Kind;
use serde_json::{Map, Value, json};

/// The schemas `zhenggai schema` knows.
pub const NAMES: &[&str] = &["rule", "config", "feedback"];

/// The schema called `name`, pretty-printed with a final newline.
pub fn text(name: &str) -> Option<String> {
    let v = match name {
        "rule" => rule(),
        "config" => config(),
        "feedback" => feedback(),
        _ => return None,
    };
    Some(serde_json::to_string_pretty(&v).expect("a schema serialises") + "\n")
}

const DRAFT: &str = "http://json-schema.org/draft-07/schema#";
const ID_PATTERN: &str = "^[a-z0-9-]+$";

fn strings(description: &str) -> Value {
    json!({"type": "array", "items": {"type": "string"}, "description": description})
}

fn ids(description: &str) -> Value {
    json!({
        "type": "array",
        "items": {"type": "string", "pattern": ID_PATTERN},
        "description": description
    })
}

fn severity_values(with_off: bool) -> Vec<&'static str> {
    [
        Severity::Off,
        Severity::Info,
        Severity::Warning,
        Severity::Error,
    ]
    .into_iter()
    .filter(|s| with_off || *s != Severity::Off)
    .map(Severity::as_str)
    .collect()
}

/// The feedback form of `--feedback` and of a rule's `examples.feedback`.
fn feedback_body() -> Value {
    json!({
        "type": "array",
        "minItems": 1,
        "description": "The areas the inspection fed back, in feedback order.",
        "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["area"],
            "properties": {
                "area": {"type": "string", "description": "The area's title as the feedback words it."},
                "problems": strings("The problems listed under the area; when none, the area itself must be answered.")
            }
        }
    })
}

/// Schema of a feedback file (`--feedback FILE.yaml`).
pub fn feedback() -> Value {
    let mut v = feedback_body();
    let m = v.as_object_mut().expect("object");
    m.insert("$schema".into(), json!(DRAFT));
    m.insert("title".into(), json!("zhenggai feedback file"));
    v
}

/// The fields every rule file has.
fn common(kind: &str, variants: &[&str]) -> Map<String, Value> {
    let props = json!({
        "id": {"$ref": "#/definitions/id"},
        "kind": {"const": kind, "description": "The rule kind."},
        "severity": {"$ref": "#/definitions/severity"},
        "enabled": {"type": "boolean", "description": "false: runs only when selected (default: true)."},
        "pack": {"$ref": "#/definitions/pack"},
        "summary": {"type": "string", "description": "One line: what it reports (shown by `zhenggai rules`)."},
        "message": {"type": "string", "description": "Message template; {name} placeholders are filled by the kind."},
        "messages": {
            "type": "object",
            "description": "Templates for the kind's other cases.",
            "propertyNames": {"enum": variants},
            "additionalProperties": {"type": "string"}
        },
        "rationale": {"type": "string", "description": "Why, with the regulation or standard it rests on."},
        "examples": {"$ref": "#/definitions/examples"}
    });
    match props {
        Value::Object(m) => m,
        _ => unreachable!("an object literal"),
    }
}

/// A kind's own fields (properties, required) and its message cases.
fn own(kind: &str) -> (Value, Vec<&'static str>, &'static [&'static str]) {
    let regexes = |d: &str| json!({"type": "array", "minItems": 1, "items": {"type": "string"}, "description": d});
    match kind {
        "brackets" => (
            json!({"pairs": {"type": "array", "items": {"type": "string"}, "description": "Strings of alternating open/close characters; '（）()' makes them interchangeable."}}),
            vec!["pairs"],
            <kinds::brackets::Spec as Kind>::VARIANTS,
        ),
        "consistency" => (
            json!({
                "contexts": strings("Structural phrases; {term} stands for either term."),
                "compounds": strings("Compounds in which both terms legitimately stand.")
            }),
            vec!["contexts"],
            <kinds::consistency::Spec as Kind>::VARIANTS,
        ),
        "coverage" => (
            json!({
                "threshold": {"type": "number", "minimum": 0, "maximum": 1, "description": "Score the section assigned to a problem needs to answer it (default 0.12)."},
                "synonyms": {"type": "array", "items": {"type": "array", "minItems": 2, "items": {"type": "string"}}, "description": "Groups of phrases that mean the same in feedback and reports."},
                "extra": {"enum": severity_values(false), "description": "Severity of a section answering no listed problem (default warning)."},
                "order": {"enum": severity_values(false), "description": "Severity of areas out of order (default info)."}
            }),
            vec![],
            <kinds::coverage::Spec as Kind>::VARIANTS,
        ),
        "date-check" => (
            json!({"check": {"enum": ["valid", "order", "published", "issue-format", "malformed"]}}),
            vec!["check"],
            <kinds::date_check::Spec as Kind>::VARIANTS,
        ),
        "declared-count" => (
            json!({
                "target": {"enum": ["areas", "items"]},
                "pattern": {"type": "string", "description": "For target items: regex with a group named n."}
            }),
            vec!["target"],
            <kinds::declared_count::Spec as Kind>::VARIANTS,
        ),
        "format" => (
            json!({"fields": {
                "type": "object",
                "propertyNames": {"enum": ["phone", "email", "postcode", "mailbox", "website"]},
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["patterns"],
                    "properties": {
                        "patterns": regexes("Regexes; the value must match one."),
                        "hint": {"type": "string"}
                    }
                }
            }}),
            vec!["fields"],
            <kinds::format::Spec as Kind>::VARIANTS,
        ),
        "numbering" => (
            json!({"inline": {"type": "boolean", "description": "Also check 一是、二是."}}),
            vec![],
            <kinds::numbering::Spec as Kind>::VARIANTS,
        ),
        "outline" => (json!({}), vec![], <kinds::outline::Spec as Kind>::VARIANTS),
        "pattern" => (
            json!({"patterns": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["regex"],
                    "properties": {
                        "regex": {"type": "string", "description": "Rust regex; the span is the group named hit, else the match."},
                        "suggest": {"type": "string"},
                        "fix": {"type": "boolean", "description": "Replacing the span by suggest is a safe fix (--fix)."},
                        "not-after": {"type": "string", "description": "A character class the character before the match must not be in."}
                    }
                }
            }}),
            vec!["patterns"],
            <kinds::pattern::Spec as Kind>::VARIANTS,
        ),
        "progress" => (
            json!({"check": {"enum": ["sum", "rate"]}}),
            vec!["check"],
            <kinds::progress::Spec as Kind>::VARIANTS,
        ),
        "reconcile" => (
            json!({
                "pattern": {"type": "string", "description": "Regex whose named captures (?P<name>…) are the figures."},
                "assert": {"type": "string", "description": "Comparison over the capture names: + - * / × ÷, == != < <= > >=, parentheses, sum(…), round(x, digits), abs(x)."},
                "units": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "Multiplier of a capture that does not write its own: 万, 亿, 万元, %, …"
                },
                "tolerance": {
                    "oneOf": [{"const": "auto"}, {"type": "number", "minimum": 0}],
                    "description": "auto (half a unit of each rounded figure; default) or an absolute tolerance."
                }
            }),
            vec!["pattern", "assert"],
            <kinds::reconcile::Spec as Kind>::VARIANTS,
        ),
        "suppression" => (
            json!({}),
            vec![],
            <kinds::suppression::Spec as Kind>::VARIANTS,
        ),
        "required" => (
            json!({"element": {"enum": ["inspection-period", "feedback-date", "contact", "signature"]}}),
            vec!["element"],
            <kinds::required::Spec as Kind>::VARIANTS,
        ),
        "tally-sum" => (
            json!({"overlapping": {
                "type": "array",
                "description": "Groups of categories that overlap (one person can receive both).",
                "items": {"type": "array", "items": {"type": "string"}},
            }}),
            vec![],
            <kinds::tally_sum::Spec as Kind>::VARIANTS,
        ),
        "vocabulary" => (
            json!({"categories": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "allowed": {"type": "array", "items": {"type": "string"}},
                        "foreign": {"type": "object", "additionalProperties": {"type": "string"}}
                    }
                }
            }}),
            vec!["categories"],
            <kinds::vocabulary::Spec as Kind>::VARIANTS,
        ),
        other => panic!("kind `{other}` has no schema: add it to schema::own"),
    }
}

/// Schema of a rule file.
pub fn rule() -> Value {
    let branches: Vec<Value> = KINDS
        .iter()
        .map(|&kind| {
            let (fields, required, variants) = own(kind);
            let mut props = common(kind, variants);
            if let Value::Object(f) = fields {
                props.extend(f);
            }
            let mut req = vec!["id", "kind", "message"];
            req.extend(required);
            json!({
                "title": format!("kind: {kind}"),
                "type": "object",
                "additionalProperties": false,
                "required": req,
                "properties": props
            })
        })
        .collect();
    json!({
        "$schema": DRAFT,
        "title": "zhenggai rule file",
        "definitions": {
            "id": {"type": "string", "pattern": ID_PATTERN, "description": "Stable rule id: lowercase letters, digits and dashes; unique."},
            "severity": {"enum": severity_values(true), "description": "Severity of its diagnostics (default: error)."},
            "pack": {"type": "string", "pattern": ID_PATTERN, "description": "Rule pack: core (default, runs unless configured otherwise), style, gbt9704, or your own."},
            "examples": {
                "type": "object",
                "additionalProperties": false,
                "description": "Run by `zhenggai test-rules`: each bad text must be reported, each good one must not.",
                "properties": {
                    "bad": strings("Texts the rule must report."),
                    "good": strings("Texts the rule must not report."),
                    "bad-files": strings("Documents (relative to the rule file) the rule must report."),
                    "good-files": strings("Documents (relative to the rule file) the rule must not report."),
                    "feedback": feedback_body()
                }
            }
        },
        "description": "One rule: id, kind, message and the kind's own fields. See the README's \"Writing rules\".",
        "type": "object",
        "required": ["id", "kind", "message"],
        "properties": {"kind": {"enum": KINDS}},
        "oneOf": branches
    })
}

/// Schema of the configuration file (`zhenggai.yaml`).
pub fn config() -> Value {
    json!({
        "$schema": DRAFT,
        "title": "zhenggai configuration (zhenggai.yaml)",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "packs": {
                "type": "array",
                "items": {"type": "string", "pattern": ID_PATTERN},
                "description": "Rule packs to run: core (the default), style, gbt9704, or packs of your own rules."
            },
            "extends": {
                "type": "array",
                "items": {"type": "string", "pattern": ID_PATTERN},
                "deprecated": true,
                "description": "The old name of `packs` (still read, with a warning); not together with `packs`."
            },
            "extend": {"type": "string", "description": "Path of a parent configuration this one inherits from and overrides."},
            "rules": {
                "type": "object",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"enum": severity_values(true)},
                "description": "Severity per rule id: off, info, warning or error."
            },
            "select": ids("Run only these rules (also rules that are off by default)."),
            "ignore": ids("Do not run these rules."),
            "rule-dirs": strings("Directories of your own rule files, relative to this file."),
            "include": strings("Globs of files to check."),
            "exclude": strings("Globs of files never to check."),
            "per-file-ignores": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
                "description": "Glob → rule ids not run on matching files."
            },
            "fail-on": {"enum": severity_values(false), "description": "Lowest severity that makes the exit code 1 (default error)."},
            "docs-url": {"type": "string", "description": "Where the rule pages (docs/rules/) are published; `{id}` is replaced by the rule id, else `/<id>.md` is appended. SARIF helpUri and the language server's codeDescription."},
            "feedback": {
                "oneOf": [
                    {"type": "string"},
                    {"type": "object", "additionalProperties": {"type": "string"}}
                ],
                "description": "The feedback file every document answers, or glob → feedback file per document."
            },
            "feedback-synonyms": {
                "type": "array",
                "items": {"type": "array", "minItems": 2, "items": {"type": "string"}},
                "description": "Synonym groups feedback-coverage adds to its table ([[八项规定, 四风], …])."
            }
        }
    })
}
