//! Configuration errors and the `packs:` key: an error that is in no file prints without a
//! location; `packs:` names the rule packs, `extends:` (its old name, one letter from
//! `extend:`) still works with a warning, and both is an error.

use crate::support::Scratch;

/// Was `zhenggai: error: :0:0: unknown rule pack …` and `… :0:0: unknown rule id …`.
#[test]
fn errors_from_the_command_line_have_no_location() {
    let d = Scratch::new("config_errors", "cli");
    d.write("a.txt", "XX\n");
    let o = zg!("check", "--no-config", "--extends", "core,nope", "a.txt")
        .cwd(d.path())
        .run();
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .starts_with("zhenggai: error: unknown rule pack `nope` (packs: core, "),
        "{}",
        o.stderr
    );
    let o = zg!("check", "--no-config", "--select", "nope", "a.txt")
        .cwd(d.path())
        .run();
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        "zhenggai: error: unknown rule id `nope` (see `zhenggai rules`)\n"
    );
}

#[test]
fn packs_names_the_rule_packs() {
    let d = Scratch::new("config_errors", "packs");
    d.write("a.txt", "XX\n");
    d.write("zhenggai.yaml", "packs: [core, style]\n");
    let o = zg!("config", "a.txt").cwd(d.path()).run();
    let out = &o.stdout;
    assert!(
        out.contains("packs: [core, style]  # zhenggai.yaml"),
        "{out}"
    );
    assert!(!out.contains("heading-marker,"), "style runs: {out}");
    assert_eq!(o.stderr, "");
    // An unknown pack is located where the file names it.
    d.write("zhenggai.yaml", "packs: [core, nope]\n");
    let o = zg!("check", "a.txt").cwd(d.path()).run();
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("zhenggai.yaml:1:15: unknown rule pack `nope`"),
        "{}",
        o.stderr
    );
}

#[test]
fn extends_still_works_with_a_warning_once_per_file() {
    let d = Scratch::new("config_errors", "extends");
    d.write("a.txt", "XX\n");
    d.write("b.txt", "XX\n");
    d.write("zhenggai.yaml", "extends: [core, style]\n");
    let old = zg!("check", "--format", "json", "a.txt", "b.txt")
        .cwd(d.path())
        .run();
    d.write("zhenggai.yaml", "packs: [core, style]\n");
    let new = zg!("check", "--format", "json", "a.txt", "b.txt")
        .cwd(d.path())
        .run();
    assert_eq!(old.stdout, new.stdout);
    assert_eq!(old.code, new.code);
    let warnings: Vec<String> = old.stderr.lines().map(String::from).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("zhenggai: warning: ")
            && warnings[0]
                .contains("zhenggai.yaml:1:1: `extends` is deprecated: `packs` replaces it"),
        "{warnings:?}"
    );
    d.write("zhenggai.yaml", "packs: [core]\nextends: [core]\n");
    let o = zg!("check", "a.txt").cwd(d.path()).run();
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("zhenggai.yaml:2:1: both `packs` and `extends` are given"),
        "{}",
        o.stderr
    );
}
