//! Every rule's `examples` are tests: each `bad` snippet must make the rule report, each
//! `good` snippet must not (the same runner as `zhenggai test-rules`). Rules run alone, so a
//! snippet only has to show its own point.

use zhenggai::rules::selftest::{messages, run_examples};
use zhenggai::rules::{Rule, load_builtin};

fn rules() -> Vec<Rule> {
    load_builtin().expect("built-in rules load")
}

#[test]
fn every_rule_has_bad_and_good_examples() {
    for r in rules() {
        assert!(
            !r.meta.examples.bad.is_empty(),
            "{} has no bad example",
            r.meta.id
        );
        assert!(
            !r.meta.examples.good.is_empty(),
            "{} has no good example",
            r.meta.id
        );
        assert!(
            !r.meta.summary.is_empty() && !r.meta.rationale.is_empty(),
            "{} lacks documentation",
            r.meta.id
        );
    }
}

#[test]
fn examples_pass_as_tests() {
    let mut failures = Vec::new();
    for r in rules() {
        for c in run_examples(&r) {
            if !c.passed {
                failures.push(format!("{} {}: {}", r.meta.id, c.name, c.detail));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn builtin_rules_load_without_warnings() {
    for r in rules() {
        assert!(r.warnings.is_empty(), "{}: {:?}", r.meta.id, r.warnings);
    }
}

#[test]
fn messages_have_no_unfilled_placeholders() {
    for r in rules() {
        for ex in &r.meta.examples.bad {
            for m in messages(&r, ex, false) {
                assert!(
                    !m.contains('{'),
                    "{}: unfilled placeholder in {m:?}",
                    r.meta.id
                );
            }
        }
    }
}

#[test]
fn builtin_ids_match_file_names() {
    for r in rules() {
        assert_eq!(r.meta.source, format!("builtin:{}.yaml", r.meta.id));
    }
}
