//! Inputs meant to exhaust the checker end with diagnostics in bounded time. The quick ones
//! run with `cargo test`; the heavy ones (100 MB, a 10 MB line, a million headings) are
//! `#[ignore]`d: `cargo test --release --test integration bounds:: -- --ignored`.
//! `scripts/bounds.sh` measures time and peak memory of the same inputs through the binary.

use crate::support::{Out, Scratch};
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

// ---------------------------------------------------------------------------------------
// Configuration and rule files that recursed without a limit
// ---------------------------------------------------------------------------------------

/// A glob with ~125 nested braces panicked inside globset. Now a configuration
/// error at the glob, for each key that takes globs.
#[test]
fn deeply_nested_glob_braces_are_a_config_error() {
    let s = Scratch::new("bounds", "globs");
    let d = s.path();
    std::fs::write(d.join("a.txt"), FAULTY).unwrap();
    // `{a,{a,…{a,b}…}}`: this shape panicked inside globset (glob.rs:290).
    let glob = format!("{}b{}", "{a,".repeat(125), "}".repeat(125));
    for key in ["exclude", "include"] {
        std::fs::write(d.join("zhenggai.yaml"), format!("{key}: ['{glob}']\n")).unwrap();
        let Out {
            code, stderr: err, ..
        } = zg!("check", ".").cwd(d).run();
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("zhenggai.yaml:1:") && err.contains("braces nested 125 deep; at most 8"),
            "{err}"
        );
    }
    std::fs::write(
        d.join("zhenggai.yaml"),
        format!("per-file-ignores:\n  '{glob}': [placeholder]\n"),
    )
    .unwrap();
    let Out {
        code, stderr: err, ..
    } = zg!("check", "a.txt").cwd(d).run();
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("zhenggai.yaml:2:") && err.contains("braces nested"),
        "{err}"
    );
    // Eight levels are still a glob.
    let ok = format!("{}a.txt{}", "{".repeat(8), "}".repeat(8));
    std::fs::write(d.join("zhenggai.yaml"), format!("exclude: ['{ok}']\n")).unwrap();
    let o = zg!("check", ".").cwd(d).run();
    assert_eq!((o.code, o.stderr.as_str()), (0, ""), "a.txt is excluded");
}

/// An `extend` chain of 10,000 files recursed once per file.
#[test]
fn a_long_extend_chain_is_a_config_error() {
    let s = Scratch::new("bounds", "extend");
    let d = s.path();
    std::fs::write(d.join("a.txt"), FAULTY).unwrap();
    for i in 0..10_000 {
        std::fs::write(
            d.join(format!("c{i}.yaml")),
            format!("extend: c{}.yaml\n", i + 1),
        )
        .unwrap();
    }
    std::fs::write(d.join("c10000.yaml"), "").unwrap();
    let Out {
        code, stderr: err, ..
    } = zg!("check", "--config", "c0.yaml", "a.txt").cwd(d).run();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`extend` chain longer than 32 files"), "{err}");
    // 31 files extend fine.
    let Out {
        code, stderr: err, ..
    } = zg!("check", "--config", "c9969.yaml", "a.txt").cwd(d).run();
    assert_eq!(code, 1, "{err}");
}

/// A `reconcile` assertion with 8,000 nested parentheses, 100,000 minus signs or a
/// 30,000-term sum overflowed the stack. Now a load error pointing into the assertion.
#[test]
fn huge_assertions_are_load_errors() {
    let s = Scratch::new("bounds", "asserts");
    let d = s.path();
    std::fs::write(d.join("a.txt"), FAULTY).unwrap();
    std::fs::create_dir_all(d.join("rules")).unwrap();
    let cases = [
        format!("{}a{} == b", "(".repeat(8_000), ")".repeat(8_000)),
        format!("{}a == b", "-".repeat(100_000)),
        format!("{} == b", vec!["a"; 30_000].join(" + ")),
    ];
    for assert in cases {
        std::fs::write(
            d.join("rules/r.yaml"),
            format!(
                "id: r\nkind: reconcile\npattern: '(?P<a>\\d+)人(?P<b>\\d+)'\nassert: '{assert}'\nmessage: x\n"
            ),
        )
        .unwrap();
        let Out {
            code, stderr: err, ..
        } = zg!("check", "--rules", "rules", "a.txt").cwd(d).run();
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("r.yaml:4:") && err.contains("longer than 512"),
            "{err}"
        );
    }
}

/// Human output repeated the whole line for each whole-document diagnostic: a
/// 50 MB one-line file gave 167 MB of output. A span longer than a line's worth is shown
/// by its first 100 characters, with context, whatever the line's length.
#[test]
fn whole_document_diagnostics_on_one_long_line_print_a_window() {
    let text = "整改".repeat(1_000_000); // 6 MB, one line, four whole-document errors
    let r = within(Duration::from_secs(60), text);
    assert!(r.diagnostics.len() >= 4, "{:?}", r.diagnostics);
    let out = String::from_utf8(human::file(&r, false)).unwrap();
    assert!(out.len() < 4_000, "{} bytes of output", out.len());
    assert!(out.contains("bound.txt:1:1"), "{out}");
    assert!(out.contains("…"), "{out}");
}

/// Found by scripts/bounds.sh: 100,000 next-line directives, each suppressing a
/// placeholder, took 3.5 minutes in a release build: every diagnostic scanned every
/// directive, and every disable scanned the directives after it for its enable.
#[test]
fn many_suppression_directives_are_linear() {
    let unit = "<!--> zhenggai- <!-- zhenggai-disable-next-line placeholder -->\nXX\n\
                <!-- zhenggai-disable year-zero -->\n";
    let text = unit.repeat(30_000);
    let start = Instant::now();
    let r = zhenggai::check_text("many.md", text, true, rules());
    let took = start.elapsed();
    assert!(r.diagnostics.iter().all(|d| d.rule != "placeholder"));
    assert!(took < Duration::from_secs(20), "took {took:?}");
}
