//! The JSON Schemas under schema/ are exactly what `zhenggai schema` prints, they accept
//! every shipped rule, configuration and feedback file, and they reject broken ones.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema(name: &str) -> Value {
    serde_json::from_str(&zhenggai::schema::text(name).unwrap()).unwrap()
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let v = jsonschema::validator_for(schema).expect("the schema compiles");
    v.iter_errors(instance).map(|e| e.to_string()).collect()
}

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    out.sort();
    out
}

#[test]
fn committed_schemas_match_the_command() {
    for name in zhenggai::schema::NAMES {
        let path = root().join(format!("schema/{name}.schema.json"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == zhenggai::schema::text(name).unwrap(),
            "{} is stale: run `cargo run -- schema {name} > schema/{name}.schema.json`",
            path.display()
        );
        assert!(
            jsonschema::meta::is_valid(&schema(name)),
            "{name} is not a valid schema"
        );
    }
}

#[test]
fn every_shipped_rule_file_validates() {
    let s = schema("rule");
    let files: Vec<PathBuf> = ["rules", "examples/rules"]
        .iter()
        .flat_map(|d| yaml_files(d))
        .collect();
    assert!(files.len() > 20);
    for f in files {
        let errs = errors(&s, &yaml(&f));
        assert!(errs.is_empty(), "{}: {errs:#?}", f.display());
    }
}

#[test]
fn broken_rule_files_are_rejected() {
    let s = schema("rule");
    let unknown_key = yaml(&root().join("tests/fixtures/broken-rules/unknown-key.yaml"));
    assert!(!errors(&s, &unknown_key).is_empty());
    for (text, why) in [
        (
            "id: a\nkind: reconcile\npattern: '(?P<x>1)'\nmessage: m\n",
            "no assert",
        ),
        (
            "id: a\nkind: pattern\nseverity: fatal\nmessage: m\npatterns: [{regex: x}]\n",
            "bad severity",
        ),
        ("id: A b\nkind: outline\nmessage: m\n", "bad id"),
        (
            "id: a\nkind: outline\nmessage: m\nmessages: {extra: x}\n",
            "no such case",
        ),
        ("id: a\nkind: nope\nmessage: m\n", "unknown kind"),
        (
            "id: a\nkind: outline\nmessage: m\nexamples: {bad: [x], wrong: [y]}\n",
            "unknown examples key",
        ),
    ] {
        let v: Value = serde_yaml::from_str(text).unwrap();
        assert!(!errors(&s, &v).is_empty(), "accepted a rule with {why}");
    }
}

#[test]
fn configuration_files_validate_and_broken_ones_do_not() {
    let s = schema("config");
    let mut files = vec![root().join("tests/fixtures/config/zhenggai.yaml")];
    // Example configurations shipped elsewhere in the repository, as they are added.
    for dir in ["", "examples"] {
        for name in ["zhenggai.yaml", ".zhenggai.yaml"] {
            let p = root().join(dir).join(name);
            if p.exists() {
                files.push(p);
            }
        }
    }
    for f in files {
        let errs = errors(&s, &yaml(&f));
        assert!(errs.is_empty(), "{}: {errs:#?}", f.display());
    }
    // What `zhenggai init` writes (`rules:` with only comments under it: null), and every
    // key left empty, load; the schema takes them too.
    let scratch = crate::support::Scratch::new("schemas", "init");
    std::fs::remove_file(scratch.join("zhenggai.yaml")).unwrap();
    assert_eq!(zg!("init").cwd(scratch.path()).run().code, 0);
    let errs = errors(&s, &yaml(&scratch.join("zhenggai.yaml")));
    assert!(errs.is_empty(), "zhenggai init's file: {errs:#?}");
    let keys = s["properties"].as_object().unwrap().keys();
    let empty: String = keys.map(|k| format!("{k}:\n")).collect();
    let v: Value = serde_yaml::from_str(&empty).unwrap();
    assert!(errors(&s, &v).is_empty(), "every key empty: {empty}");
    for (text, why) in [
        ("rule: {tally-sum: off}\n", "unknown key"),
        ("rules: {tally-sum: fatal}\n", "bad severity"),
        ("fail-on: off\n", "fail-on off"),
        ("per-file-ignores: {'*.txt': tally-sum}\n", "ids not a list"),
        ("extends: core\n", "packs not a list"),
    ] {
        let v: Value = serde_yaml::from_str(text).unwrap();
        assert!(
            !errors(&s, &v).is_empty(),
            "accepted a configuration with {why}"
        );
    }
}

#[test]
fn feedback_files_validate() {
    let s = schema("feedback");
    let ok = yaml(&root().join("tests/fixtures/feedback/feedback.yaml"));
    assert_eq!(errors(&s, &ok), Vec::<String>::new());
    let bad: Value = serde_yaml::from_str("- area: 甲\n  problem: [乙]\n").unwrap();
    assert!(!errors(&s, &bad).is_empty());
}
