//! Every rule's `examples` are tests: each `bad` snippet must make the rule report, each
//! `good` snippet must not. Rules run alone, so a snippet only has to show its own point.

use zhenggai::rules::{Rule, load_builtin};

fn rules() -> Vec<Rule> {
    load_builtin().expect("built-in rules load")
}

fn reports(rule: &Rule, text: &str) -> Vec<String> {
    if rule.meta.kind == "suppression" {
        // The suppression pass runs after all rules on a Markdown text: check the example as
        // a whole `.md` document and keep this rule's findings.
        let mut all = zhenggai::RuleSet::default();
        all.extend(rules()).expect("no duplicate ids");
        let report = zhenggai::check_text("example.md", text.to_string(), true, &all);
        return report
            .diagnostics
            .into_iter()
            .filter(|d| d.rule == rule.meta.id)
            .map(|d| d.message)
            .collect();
    }
    let doc = zhenggai::parse(text.to_string());
    rule.run(&doc).into_iter().map(|d| d.message).collect()
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
fn bad_examples_are_reported() {
    let mut failures = Vec::new();
    for r in rules() {
        for ex in &r.meta.examples.bad {
            if reports(&r, ex).is_empty() {
                failures.push(format!("{}: not reported:\n{ex}", r.meta.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn good_examples_are_not_reported() {
    let mut failures = Vec::new();
    for r in rules() {
        for ex in &r.meta.examples.good {
            let got = reports(&r, ex);
            if !got.is_empty() {
                failures.push(format!("{}: reported {got:?} on:\n{ex}", r.meta.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn messages_have_no_unfilled_placeholders() {
    for r in rules() {
        for ex in &r.meta.examples.bad {
            for m in reports(&r, ex) {
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
