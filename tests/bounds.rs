//! Inputs meant to exhaust the checker end with diagnostics in bounded time. The quick ones
//! run with `cargo test`; the heavy ones (100 MB, a 10 MB line, a million headings) are
//! `#[ignore]`d: `cargo test --release --test bounds -- --ignored`. `scripts/bounds.sh`
//! measures time and peak memory of the same inputs through the binary.

use std::sync::OnceLock;
use std::time::{Duration, Instant};
use zhenggai::RuleSet;
use zhenggai::check::FileReport;
use zhenggai::render::{human, json};

const FAULTY: &str = include_str!("../examples/faulty.txt");

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules"))
}

/// Checks and renders `text`, failing if it takes longer than `limit`.
fn within(limit: Duration, text: String) -> FileReport {
    let start = Instant::now();
    let r = zhenggai::check_text("bound.txt", text, false, rules());
    human::concise(&r);
    json::file(&r);
    let took = start.elapsed();
    assert!(took < limit, "took {took:?}, limit {limit:?}");
    r
}

#[test]
fn many_failed_inline_tokens_on_one_line_are_linear() {
    // 100,000 anchors (月, （, 其中) where no token follows: each failed attempt once
    // scanned to the end of the text, which made this minutes instead of a second.
    let r = within(Duration::from_secs(30), "月（其中".repeat(100_000));
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.rule == "unbalanced-brackets")
    );
}

#[test]
fn a_hundred_thousand_nested_brackets() {
    let nested = format!(
        "{}{}内容{}{}",
        "（".repeat(100_000),
        "“".repeat(100_000),
        "”".repeat(100_000),
        "）".repeat(100_000)
    );
    let r = within(Duration::from_secs(30), nested);
    assert!(
        r.diagnostics
            .iter()
            .all(|d| d.rule != "unbalanced-brackets")
    );
    let open = within(Duration::from_secs(30), "（“(".repeat(100_000));
    assert!(
        open.diagnostics
            .iter()
            .any(|d| d.rule == "unbalanced-brackets")
    );
}

#[test]
fn many_diagnostics_on_one_long_line() {
    // 20,000 placeholders on a 140 KB line: columns come from block counts, not rescans.
    let r = within(Duration::from_secs(30), "XX，".repeat(20_000));
    assert_eq!(
        r.diagnostics
            .iter()
            .filter(|d| d.rule == "placeholder")
            .count(),
        20_000
    );
    let start = Instant::now();
    human::file(&r, false);
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
#[ignore = "heavy: 100 MB; run with --release -- --ignored"]
fn a_hundred_megabyte_file() {
    let copies = 100_000_000 / FAULTY.len() + 1;
    let text = format!("{FAULTY}\n").repeat(copies);
    let r = within(Duration::from_secs(300), text);
    assert!(r.diagnostics.len() >= copies * 10);
}

#[test]
#[ignore = "heavy: a 10 MB line; run with --release -- --ignored"]
fn a_ten_megabyte_line() {
    let line = FAULTY.replace('\n', "");
    let text = line.repeat(10_000_000 / line.len() + 1);
    let r = within(Duration::from_secs(120), text);
    assert!(!r.diagnostics.is_empty());
}

#[test]
#[ignore = "heavy: a million headings; run with --release -- --ignored"]
fn a_million_headings() {
    let mut text = String::new();
    for i in 1..=10u64 {
        text.push_str(&format!(
            "{}、关于第{i}方面问题的整改情况\n",
            zhenggai::numbers::to_chinese(i)
        ));
        for j in 1..=100u64 {
            text.push_str(&format!(
                "（{}）第{j}项\n",
                zhenggai::numbers::to_chinese(j)
            ));
            for k in 1..1000 {
                text.push_str(&format!("{k}.措施\n"));
            }
        }
    }
    let r = within(Duration::from_secs(120), text);
    assert!(r.diagnostics.iter().all(|d| d.rule != "section-numbering"));
    let dup = within(
        Duration::from_secs(300),
        "一、关于问题的整改情况\n".repeat(1_000_000),
    );
    assert_eq!(
        dup.diagnostics
            .iter()
            .filter(|d| d.rule == "section-numbering")
            .count(),
        999_999
    );
}
