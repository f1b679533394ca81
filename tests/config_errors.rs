//! Configuration errors and the `packs:` key (issue 13 items 4 and 7): an error that is in
//! no file prints without a location; `packs:` names the rule packs, `extends:` (its old
//! name, one letter from `extend:`) still works with a warning, and both is an error.

use std::path::PathBuf;
use std::process::{Command, Output};

/// A fresh directory for one test.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("zg-config-errors-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn zg(cwd: &PathBuf, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Was `zhenggai: error: :0:0: unknown rule pack …` and `… :0:0: unknown rule id …`.
#[test]
fn errors_from_the_command_line_have_no_location() {
    let d = dir("cli");
    std::fs::write(d.join("a.txt"), "XX\n").unwrap();
    let o = zg(
        &d,
        &["check", "--no-config", "--extends", "core,nope", "a.txt"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("zhenggai: error: unknown rule pack `nope` (packs: core, "),
        "{}",
        stderr(&o)
    );
    let o = zg(&d, &["check", "--no-config", "--select", "nope", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "zhenggai: error: unknown rule id `nope` (see `zhenggai rules`)\n"
    );
}

#[test]
fn packs_names_the_rule_packs() {
    let d = dir("packs");
    std::fs::write(d.join("a.txt"), "XX\n").unwrap();
    std::fs::write(d.join("zhenggai.yaml"), "packs: [core, style]\n").unwrap();
    let o = zg(&d, &["config", "a.txt"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("packs: [core, style]  # zhenggai.yaml"),
        "{out}"
    );
    assert!(!out.contains("heading-marker,"), "style runs: {out}");
    assert_eq!(stderr(&o), "");
    // An unknown pack is located where the file names it.
    std::fs::write(d.join("zhenggai.yaml"), "packs: [core, nope]\n").unwrap();
    let o = zg(&d, &["check", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("zhenggai.yaml:1:15: unknown rule pack `nope`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn extends_still_works_with_a_warning_once_per_file() {
    let d = dir("extends");
    std::fs::write(d.join("a.txt"), "XX\n").unwrap();
    std::fs::write(d.join("b.txt"), "XX\n").unwrap();
    std::fs::write(d.join("zhenggai.yaml"), "extends: [core, style]\n").unwrap();
    let old = zg(&d, &["check", "--format", "json", "a.txt", "b.txt"]);
    std::fs::write(d.join("zhenggai.yaml"), "packs: [core, style]\n").unwrap();
    let new = zg(&d, &["check", "--format", "json", "a.txt", "b.txt"]);
    assert_eq!(old.stdout, new.stdout);
    assert_eq!(old.status.code(), new.status.code());
    let warnings: Vec<String> = stderr(&old).lines().map(String::from).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("zhenggai: warning: ")
            && warnings[0]
                .contains("zhenggai.yaml:1:1: `extends` is deprecated: `packs` replaces it"),
        "{warnings:?}"
    );
    std::fs::write(d.join("zhenggai.yaml"), "packs: [core]\nextends: [core]\n").unwrap();
    let o = zg(&d, &["check", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("zhenggai.yaml:2:1: both `packs` and `extends` are given"),
        "{}",
        stderr(&o)
    );
}
