//! JSON Schemas (draft-07, which YAML editors support best) for the files users write: rule
//! files, the configuration file and feedback files. `zhenggai schema NAME` prints them;
//! the same text is committed under `schema/` for `# yaml-language-server: $schema=…`, and
//! tests keep the two identical and validate every shipped file against them
//! (`ZHENGGAI_BLESS=1 cargo test --lib schema` rewrites the committed files).
//!
//! Each is derived (schemars) from the types the file is read into, so a key cannot be
//! missing from its schema or drift from what the loader accepts, and the types' doc
//! comments are the descriptions an editor shows:
//! - rule files from the kinds' rule-file structs in the registry (`REGISTRY`): one closed
//!   object per kind (`oneOf`, told apart by `kind`), so an editor completes exactly the
//!   fields a rule of that kind may have;
//! - the configuration from `config::RawConfig`;
//! - feedback files from [`Feedback`].

use crate::diagnostic::Severity;
use crate::feedback::Feedback;
use crate::rules::kinds::{KINDS, KindEntry, REGISTRY};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Value, json};

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
/// A rule id or pack name: what `rules::load` accepts.
pub(crate) const ID_PATTERN: &str = "^[a-z0-9-]+$";

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

/// The generator of every schema here: draft-07, each type's schema written where it is
/// used (only the rule schema's common fields are shared definitions, through [`defined`]).
fn generator() -> SchemaGenerator {
    let mut settings = SchemaSettings::draft07();
    settings.inline_subschemas = true;
    settings.meta_schema = None;
    settings.into_generator()
}

/// The schema of the file read as `T`, tidied, with `$schema` and `title`.
fn file_schema<T: JsonSchema>(title: &str) -> Value {
    let mut v = generator().root_schema_for::<T>().to_value();
    tidy(&mut v);
    let m = v.as_object_mut().expect("a schema object");
    m.insert("$schema".into(), json!(DRAFT));
    m.insert("title".into(), json!(title));
    v
}

/// Schema of a feedback file (`--feedback FILE.yaml`).
pub fn feedback() -> Value {
    file_schema::<Feedback>("zhenggai feedback file")
}

/// Schema of the configuration file (`zhenggai.yaml`). Every key may also be left empty
/// (null), as the loader reads it: `zhenggai init` writes `rules:` with only commented
/// entries under it, which an editor must not mark as an error.
pub fn config() -> Value {
    let mut v = file_schema::<crate::config::RawConfig>("zhenggai configuration (zhenggai.yaml)");
    if let Some(props) = v.get_mut("properties").and_then(Value::as_object_mut) {
        for p in props.values_mut() {
            *p = nullable(std::mem::take(p));
        }
    }
    v
}

/// `schema` or null; its description and deprecation stay where editors read them.
fn nullable(schema: Value) -> Value {
    let Value::Object(mut inner) = schema else {
        return schema;
    };
    let mut outer = serde_json::Map::new();
    for key in ["description", "deprecated"] {
        if let Some(v) = inner.remove(key) {
            outer.insert(key.into(), v);
        }
    }
    outer.insert("anyOf".into(), json!([inner, {"type": "null"}]));
    Value::Object(outer)
}

/// Any severity, `off` included (a severity's `JsonSchema` is its names).
impl JsonSchema for Severity {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Severity".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(json!({"enum": severity_values(true)}))
    }
}

/// A value as a schema (every value this module builds is an object).
fn schema(v: Value) -> Schema {
    Schema::try_from(v).expect("a schema object")
}

/// A reference to `#/definitions/NAME`, defining it as `make()` on first use: the common
/// fields every kind shares are written once in the rule schema.
fn defined(
    g: &mut SchemaGenerator,
    name: &str,
    make: impl FnOnce(&mut SchemaGenerator) -> Value,
) -> Schema {
    if !g.definitions().contains_key(name) {
        let v = make(g);
        g.definitions_mut().insert(name.to_string(), v);
    }
    schema(json!({"$ref": format!("#/definitions/{name}")}))
}

/// `schema_with` of a rule's `id`.
pub(crate) fn id(g: &mut SchemaGenerator) -> Schema {
    defined(
        g,
        "id",
        |_| json!({"type": "string", "pattern": ID_PATTERN}),
    )
}

/// `schema_with` of a rule's `pack`.
pub(crate) fn pack(g: &mut SchemaGenerator) -> Schema {
    defined(
        g,
        "pack",
        |_| json!({"type": "string", "pattern": ID_PATTERN}),
    )
}

/// `schema_with` of a rule's `severity`: any severity, `off` included.
pub(crate) fn severity(g: &mut SchemaGenerator) -> Schema {
    defined(g, "severity", |g| Severity::json_schema(g).to_value())
}

/// `schema_with` of a severity that cannot be `off` (a case of a rule that is on, the
/// configuration's `fail-on`).
pub(crate) fn severity_on(_: &mut SchemaGenerator) -> Schema {
    schema(json!({"enum": severity_values(false)}))
}

/// `schema_with` of a rule's `examples`.
pub(crate) fn examples(g: &mut SchemaGenerator) -> Schema {
    defined(g, "examples", |g| {
        crate::rules::Examples::json_schema(g).to_value()
    })
}

/// `schema_with` of `examples.feedback`: the feedback file's form (not `null`).
pub(crate) fn feedback_body(g: &mut SchemaGenerator) -> Schema {
    Feedback::json_schema(g)
}

/// `schema_with` of the configuration's `per-file-ignores`: glob → rule ids.
pub(crate) fn ids_by_glob(_: &mut SchemaGenerator) -> Schema {
    schema(json!({
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}}
    }))
}

/// Drops `default` (schemars writes the Rust default, `null` for an absent `Option`, which
/// says less than the descriptions do) and joins the lines of wrapped doc comments, in a
/// schema and its subschemas.
fn tidy(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("default");
            // An absent key is how a rule file leaves an `Option` out; `null`, which the
            // loader also takes, was never offered by the schema and stays refused.
            if let Some(Value::Array(types)) = m.get("type") {
                if let [t, n] = types.as_slice() {
                    if n == "null" {
                        m.insert("type".into(), t.clone());
                    }
                }
            }
            if let Some(Value::String(d)) = m.get_mut("description") {
                *d = d
                    .replace("\n\n", "\u{0}")
                    .replace('\n', " ")
                    .replace('\u{0}', "\n\n");
            }
            for (key, child) in m.iter_mut() {
                if key == "properties" {
                    // A map of names to schemas: a property may be called `default`.
                    child
                        .as_object_mut()
                        .into_iter()
                        .flat_map(|p| p.values_mut())
                        .for_each(tidy);
                } else if key != "description" {
                    tidy(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// One kind's branch of the rule schema: its rule-file struct, with `kind` fixed to its
/// name and `messages` limited to its cases.
fn branch(g: &mut SchemaGenerator, kind: &KindEntry) -> Value {
    let mut v = (kind.schema)(g).to_value();
    tidy(&mut v);
    let m = v.as_object_mut().expect("a struct's schema is an object");
    // The struct's own title and doc ("Rule file of kind …") say less than the kind's name.
    m.remove("description");
    m.insert("title".into(), json!(format!("kind: {}", kind.name)));
    let props = m
        .get_mut("properties")
        .and_then(Value::as_object_mut)
        .expect("a struct has properties");
    props.insert(
        "kind".into(),
        json!({"const": kind.name, "description": "The rule kind."}),
    );
    if let Some(messages) = props.get_mut("messages").and_then(Value::as_object_mut) {
        messages.insert("propertyNames".into(), json!({"enum": kind.variants}));
    }
    // A common field's description goes with its shared definition (draft-07 ignores the
    // siblings of `$ref`), once rather than in every kind.
    for field in props.values_mut().filter_map(Value::as_object_mut) {
        let Some(Value::String(target)) = field.get("$ref") else {
            continue;
        };
        let name = target.trim_start_matches("#/definitions/").to_string();
        if let (Some(d), Some(Value::Object(def))) = (
            field.remove("description"),
            g.definitions_mut().get_mut(&name),
        ) {
            def.insert("description".into(), d);
        }
    }
    v
}

/// Schema of a rule file.
pub fn rule() -> Value {
    let mut g = generator();
    let branches: Vec<Value> = REGISTRY.iter().map(|k| branch(&mut g, k)).collect();
    let mut definitions = Value::Object(g.take_definitions(true));
    tidy(&mut definitions);
    json!({
        "$schema": DRAFT,
        "title": "zhenggai rule file",
        "definitions": definitions,
        "description": "One rule: id, kind, message and the kind's own fields. See docs/writing-rules.md.",
        "type": "object",
        "required": ["id", "kind", "message"],
        "properties": {"kind": {"enum": KINDS}},
        "oneOf": branches
    })
}

/// One of a kind's own rule-file fields, for its reference page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldDoc {
    /// The key.
    pub(crate) name: String,
    /// Whether a rule file must write it.
    pub(crate) required: bool,
    /// Its values in a few words: `` `sum` \| `rate` ``, `list of text`…
    pub(crate) form: String,
    /// Its doc comment.
    pub(crate) description: String,
}

/// The fields of `kind` that are its own (not every kind's), by name.
pub(crate) fn own_fields(kind: &KindEntry) -> Vec<FieldDoc> {
    let rule = rule();
    let branches = rule["oneOf"].as_array().expect("branches");
    let props = |b: &Value| -> Vec<String> {
        b["properties"]
            .as_object()
            .map_or(Vec::new(), |p| p.keys().cloned().collect())
    };
    // The common fields are those every kind has.
    let common: Vec<String> = props(&branches[0])
        .into_iter()
        .filter(|f| branches.iter().all(|b| b["properties"].get(f).is_some()))
        .collect();
    let title = format!("kind: {}", kind.name);
    let Some(branch) = branches.iter().find(|b| b["title"] == title.as_str()) else {
        return Vec::new();
    };
    let required = |f: &str| {
        branch["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x == f))
    };
    props(branch)
        .into_iter()
        .filter(|f| !common.contains(f))
        .map(|f| {
            let s = &branch["properties"][&f];
            FieldDoc {
                required: required(&f),
                form: form(s),
                description: s["description"].as_str().unwrap_or("").to_string(),
                name: f,
            }
        })
        .collect()
}

/// A value of an enumeration as inline code.
fn code(v: &Value) -> String {
    match v.as_str() {
        Some(t) => format!("`{t}`"),
        None => v.to_string(),
    }
}

/// The values a schema admits, in a few words.
fn form(s: &Value) -> String {
    if let Some(values) = s["enum"].as_array() {
        let each: Vec<String> = values.iter().map(code).collect();
        return each.join(" \\| ");
    }
    if let Some(alts) = s["oneOf"].as_array() {
        let each: Vec<String> = alts
            .iter()
            .map(|a| a.get("const").map_or_else(|| form(a), code))
            .collect();
        return each.join(" \\| ");
    }
    if let Some(c) = s.get("const") {
        return code(c);
    }
    match s["type"].as_str() {
        Some("array") => format!("list of {}", form(&s["items"])),
        Some("object") => object_form(s),
        Some("string") => "text".to_string(),
        Some("boolean") => "`true` \\| `false`".to_string(),
        Some("number") => "number".to_string(),
        _ => "value".to_string(),
    }
}

/// A mapping's form: its keys when fixed, else `map of key → value`.
fn object_form(s: &Value) -> String {
    if let Some(props) = s["properties"].as_object() {
        let keys: Vec<String> = props.keys().map(|k| format!("`{k}`")).collect();
        return format!("{{{}}}", keys.join(", "));
    }
    let keys = match s["propertyNames"]["enum"].as_array() {
        Some(names) => names
            .iter()
            .filter_map(Value::as_str)
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join("/"),
        None => "name".to_string(),
    };
    format!("map of {keys} → {}", form(&s["additionalProperties"]))
}

#[cfg(test)]
mod tests {
    /// The files under `schema/` are what `zhenggai schema` prints;
    /// `ZHENGGAI_BLESS=1 cargo test --lib schema` rewrites them.
    #[test]
    fn committed_schemas_are_generated() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
        let mut stale = Vec::new();
        for name in super::NAMES {
            let path = dir.join(format!("{name}.schema.json"));
            let text = super::text(name).expect("a known schema");
            if !crate::generated::is_current(&path, &text) {
                stale.push(path.display().to_string());
            }
        }
        assert!(
            stale.is_empty(),
            "stale (ZHENGGAI_BLESS=1 cargo test --lib schema rewrites them): {stale:?}"
        );
    }
}
