//! The worked `reconcile` rules in examples/rules/: `zhenggai test-rules` passes on them and
//! on the built-in rules, and on the seeded copies of a clean fictional announcement each
//! catches its own fault while the clean original draws no diagnostic at all.

use crate::support::{Out, Scratch};

/// Rule ids reported on `file` with the example rules loaded.
fn reported(file: &str) -> Vec<String> {
    zg!(
        "check",
        "--rules",
        "examples/rules",
        "--format",
        "json",
        file
    )
    .run()
    .first_file_diagnostics()
    .iter()
    .map(|d| d["rule"].as_str().unwrap_or("").to_string())
    .collect()
}

#[test]
fn test_rules_passes_on_builtin_and_example_rules() {
    for args in [
        &["test-rules"][..],
        &["test-rules", "examples/rules"],
        &["test-rules", "rules"],
    ] {
        let Out {
            code, stdout: out, ..
        } = zg!().args(args).run();
        assert_eq!(code, 0, "{args:?}:\n{out}");
        let last = out.lines().last().unwrap_or("");
        assert!(last.ends_with(" passed, 0 failed"), "{args:?}: {last}");
        assert!(!out.contains("FAIL") && !out.contains("warning"), "{out}");
    }
}

#[test]
fn seeded_faults_are_caught_and_the_clean_text_is_silent() {
    assert_eq!(
        reported("examples/rules/fixtures/clean.txt"),
        Vec::<String>::new()
    );
    let examples = ["funding-breakdown", "progress-triple", "share-of-whole"];
    for (file, rule) in [
        ("faulty-funding.txt", "funding-breakdown"),
        ("faulty-triple.txt", "progress-triple"),
        ("faulty-share.txt", "share-of-whole"),
    ] {
        let got = reported(&format!("examples/rules/fixtures/{file}"));
        let ours: Vec<&String> = got
            .iter()
            .filter(|r| examples.contains(&r.as_str()))
            .collect();
        assert_eq!(ours, vec![rule], "{file}: {got:?}");
    }
}

#[test]
fn a_failing_example_fails_the_run() {
    let s = Scratch::new("worked_examples", "failing");
    let dir = s.mkdir("rules");
    std::fs::write(
        dir.join("sum.yaml"),
        "id: wrong-sum\nkind: reconcile\npattern: '(?P<a>\\d+)加(?P<b>\\d+)得(?P<c>\\d+)'\n\
         assert: 'a + b == c'\nmessage: '{a}+{b}≠{c}'\n\
         examples:\n  bad: ['2加2得4']\n  good: ['2加2得4']\n",
    )
    .unwrap();
    let Out {
        code, stdout: out, ..
    } = zg!("test-rules", dir.to_str().unwrap()).run();
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL  wrong-sum"), "{out}");
    assert!(out.contains("bad #1: not reported on: 2加2得4"), "{out}");
    assert!(out.ends_with("1 passed, 1 failed\n"), "{out}");
}
