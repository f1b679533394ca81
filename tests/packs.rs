//! Rule packs: `core` runs by default; `style` and `gbt9704` run when extended; `--select`
//! still names any rule; an unknown pack is a usage error.

use zhenggai::rules::{RuleSet, load_builtin};

fn set() -> RuleSet {
    let mut s = RuleSet::default();
    s.extend(load_builtin().unwrap()).unwrap();
    s
}

fn running(s: &RuleSet) -> Vec<&str> {
    s.rules
        .iter()
        .filter(|r| r.meta.enabled)
        .map(|r| r.meta.id.as_str())
        .collect()
}

const DRAFT: &str = "一、关于“甲”问题的整改情况\n1、完善机制,细化分工。\n";

#[test]
fn only_core_runs_by_default() {
    let s = set();
    assert_eq!(s.packs(), vec!["core", "gbt9704", "style"]);
    let on = running(&s);
    assert!(on.contains(&"tally-sum"));
    for id in [
        "heading-hierarchy",
        "heading-marker",
        "fullwidth-punctuation",
    ] {
        assert!(!on.contains(&id), "{id}");
    }
    let ids: Vec<String> = s
        .run(&zhenggai::parse(DRAFT.into()))
        .into_iter()
        .map(|d| d.rule)
        .collect();
    assert!(
        !ids.iter()
            .any(|i| i.starts_with("heading-") || i == "fullwidth-punctuation"),
        "{ids:?}"
    );
}

#[test]
fn extends_turns_packs_on_and_off() {
    let mut s = set();
    s.extends(&["gbt9704".into(), "style".into()]).unwrap();
    let ids: Vec<String> = s
        .run(&zhenggai::parse(DRAFT.into()))
        .into_iter()
        .map(|d| d.rule)
        .collect();
    assert_eq!(
        ids,
        vec![
            "heading-hierarchy",
            "heading-marker",
            "fullwidth-punctuation"
        ]
    );
    assert!(!running(&s).contains(&"tally-sum"), "core was not extended");
    let err = s.extends(&["gbt7714".into()]).unwrap_err().to_string();
    assert!(err.contains("unknown rule pack `gbt7714`"), "{err}");
}

#[test]
fn select_names_rules_of_any_pack() {
    let mut s = set();
    s.configure(&["heading-marker".into()], &[]).unwrap();
    assert_eq!(running(&s), vec!["heading-marker"]);
}

#[test]
fn the_cli_flag_and_the_listing() {
    let o = zg!("rules").run();
    assert!(o.stdout.lines().next().unwrap().contains("PACK"));
    assert!(
        o.stdout
            .lines()
            .any(|l| l.starts_with("heading-marker") && l.contains(" gbt9704 "))
    );
    let o = zg!("check", "--extends", "core,nope", "-").run();
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("unknown rule pack `nope`"));
}
