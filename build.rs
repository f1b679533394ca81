//! Embeds every `rules/*.yaml` file in the binary, so a built `zhenggai` carries its
//! built-in rules wherever it is copied. Adding a rule file needs no code change.
use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("rules");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("rules/ directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    let mut out = String::from(
        "/// Built-in rule files: (file name, contents).\npub static BUILTIN_RULES: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        let path = dir.join(n);
        out.push_str(&format!(
            "    ({n:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_rules.rs"),
        out,
    )
    .unwrap();
}
