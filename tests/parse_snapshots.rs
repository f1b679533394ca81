//! Model snapshots: each `tests/parse/<fact>/<form>.txt` is parsed and the part of the model
//! its fact module builds (as `zhenggai inspect --format json` prints it) is compared with
//! `<form>.json` beside it. Adding a form is: write a text, run
//! `ZHENGGAI_BLESS=1 cargo test --test integration parse_snapshots::`, review the new `.json`.

use serde_json::{Value, json};
use std::path::Path;

/// The facts a folder's snapshots hold: the keys of `inspect::facts` its module builds.
fn fact(folder: &str, facts: &Value) -> Value {
    let pick = |keys: &[&str]| {
        Value::Object(
            keys.iter()
                .map(|k| (k.to_string(), facts[*k].clone()))
                .collect(),
        )
    };
    match folder {
        "intro" => facts["intro"].clone(),
        "dates" => pick(&["dates", "malformed_dates"]),
        "declared" => facts["declared"].clone(),
        "structure" => facts["sections"].clone(),
        "tallies" => facts["tallies"].clone(),
        "as_of" => json!(facts["dates"].as_array().map(|d| {
            d.iter()
                .filter(|d| d["role"] == "as-of")
                .cloned()
                .collect::<Vec<_>>()
        })),
        "progress" => facts["progress"].clone(),
        "contacts" => facts["contacts"].clone(),
        "enumerations" => facts["enumerations"].clone(),
        "signature" => pick(&["title", "signature"]),
        other => panic!("tests/parse/{other}: no fact module of that name"),
    }
}

#[test]
fn every_form_gives_its_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parse");
    let bless = std::env::var_os("ZHENGGAI_BLESS").is_some();
    let mut folders: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/parse")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    // Every fact module of src/parse/ has its folder.
    let names: Vec<String> = folders
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for module in [
        "as_of",
        "contacts",
        "dates",
        "declared",
        "enumerations",
        "intro",
        "progress",
        "signature",
        "structure",
        "tallies",
    ] {
        assert!(
            names.iter().any(|n| n == module),
            "tests/parse/{module}/ missing"
        );
    }
    let mut failures = Vec::new();
    let mut seen = 0;
    for dir in &folders {
        let folder = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut texts: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        texts.sort();
        assert!(!texts.is_empty(), "{folder}: no forms");
        for txt in texts {
            seen += 1;
            let text = std::fs::read_to_string(&txt).unwrap();
            let doc = zhenggai::parse(text);
            let got = fact(&folder, &zhenggai::inspect::facts(&doc));
            let got = serde_json::to_string_pretty(&got).unwrap() + "\n";
            let snap = txt.with_extension("json");
            if bless {
                std::fs::write(&snap, &got).unwrap();
                continue;
            }
            match std::fs::read_to_string(&snap) {
                Ok(want) if want == got => {}
                Ok(want) => failures.push(format!(
                    "{}: differs\n--- expected\n{want}\n--- got\n{got}",
                    snap.display()
                )),
                Err(_) => failures.push(format!("{}: no snapshot; got\n{got}", snap.display())),
            }
        }
    }
    assert!(seen > 0);
    assert!(
        failures.is_empty(),
        "{} snapshot(s) differ (ZHENGGAI_BLESS=1 rewrites them; review the diff):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
