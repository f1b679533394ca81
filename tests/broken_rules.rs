//! tests/fixtures/broken-rules/ holds one deliberately broken rule per load-time check. Each
//! must be reported at its exact file:line:column — errors fail the run with exit 2,
//! warnings are printed and do not.

use crate::support::{Out, Scratch};
use std::path::Path;
use zhenggai::rules::load_dir_all;

const DIR: &str = "tests/fixtures/broken-rules";

/// (location, a phrase of the message) of every expected error.
const ERRORS: &[(&str, &str)] = &[
    ("assert-block.yaml:7:12", "unknown name `d`"),
    ("assert-syntax.yaml:5:21", "use `==` to compare"),
    ("assert-unknown-name.yaml:5:16", "unknown name `jiont`"),
    ("duplicate-b.yaml:2:5", "duplicate rule id `same-id`"),
    (
        "key-twice.yaml:8:3",
        "`unopened` is given twice in `messages`",
    ),
    (
        "placeholder-without-capture.yaml:6:23",
        "placeholder `{totl}`",
    ),
    ("unknown-key.yaml:5:1", "unknown field `asert`"),
    ("word-boundary.yaml:6:13", "`\\b` next to a Han character"),
];

/// The same for warnings.
const WARNINGS: &[(&str, &str)] = &[
    (
        "capture-not-shown.yaml:4:13",
        "capture `done` is never shown",
    ),
    ("no-examples.yaml:1:1", "rule has no `examples`"),
];

fn located(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(at, what)| (format!("{DIR}/{at}"), what.to_string()))
        .collect()
}

fn check(found: &[String], expected: &[(String, String)]) {
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for ((at, what), line) in expected.iter().zip(found) {
        assert!(
            line.starts_with(&format!("{at}: ")) && line.contains(what.as_str()),
            "expected {at}: …{what}…, got {line}"
        );
    }
}

#[test]
fn each_load_error_and_warning_has_its_exact_location() {
    let (rules, errors) = load_dir_all(Path::new(DIR));
    let errors: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    check(&errors, &located(ERRORS));
    let mut warnings: Vec<String> = rules
        .iter()
        .flat_map(|r| r.warnings.iter().map(|w| w.to_string()))
        .collect();
    warnings.sort();
    check(&warnings, &located(WARNINGS));
}

#[test]
fn load_errors_exit_2_on_every_command() {
    for args in [
        &["test-rules", DIR][..],
        &["check", "--rules", DIR, "examples/announcement.txt"],
        &["rules", "--rules", DIR],
    ] {
        let Out {
            code,
            stdout: out,
            stderr: err,
            ..
        } = zg!().args(args).run();
        assert_eq!(code, 2, "{args:?}");
        let shown = format!("{out}{err}");
        for (at, _) in located(ERRORS) {
            assert!(shown.contains(&at), "{args:?} does not show {at}:\n{shown}");
        }
    }
    let Out { stdout: out, .. } = zg!("test-rules", DIR).run();
    assert!(out.contains("8 load errors, 2 warnings"), "{out}");
}

#[test]
fn warnings_are_printed_and_do_not_fail() {
    let s = Scratch::new("broken_rules", "advice");
    let dir = s.mkdir("rules");
    for f in ["capture-not-shown.yaml", "no-examples.yaml"] {
        std::fs::copy(Path::new(DIR).join(f), dir.join(f)).unwrap();
    }
    let d = dir.to_str().unwrap();
    let Out {
        code, stderr: err, ..
    } = zg!("check", "--rules", d, "examples/announcement.txt").run();
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("zhenggai: warning: ").count(), 2, "{err}");
    let Out {
        code, stderr: err, ..
    } = zg!("rules", "--rules", d).run();
    assert_eq!((code, err.matches("warning").count()), (0, 2), "{err}");
    let Out {
        code, stdout: out, ..
    } = zg!("test-rules", d).run();
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches("\nwarning: ").count(), 2, "{out}");
}
