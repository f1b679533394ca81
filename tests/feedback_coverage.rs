//! Feedback coverage: one fictional feedback (tests/fixtures/feedback/, in its YAML and its
//! text form) against reports that cover it all, miss one problem, add one, reorder two
//! areas, and declare a wrong count.

use crate::support::{Out, Scratch, variant};

const DIR: &str = "tests/fixtures/feedback";

/// (line:column, severity, message) of the feedback-coverage diagnostics on `report`.
fn coverage(report: &str, feedback: &str) -> Vec<(String, String, String)> {
    let (fb, doc) = (format!("{DIR}/{feedback}"), format!("{DIR}/{report}"));
    zg!("check", "--format", "json", "--feedback", &fb, &doc)
        .run()
        .first_file_diagnostics()
        .iter()
        .filter(|d| d["rule"] == "feedback-coverage")
        .map(|d| {
            (
                format!("{}:{}", d["span"]["line"], d["span"]["column"]),
                d["severity"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn both_forms(report: &str) -> Vec<(String, String, String)> {
    let yaml = coverage(report, "feedback.yaml");
    assert_eq!(
        yaml,
        coverage(report, "feedback.txt"),
        "{report}: forms disagree"
    );
    yaml
}

fn one(got: Vec<(String, String, String)>, at: &str, severity: &str, message: &str) {
    assert_eq!(got.len(), 1, "{got:#?}");
    let (a, s, m) = &got[0];
    assert_eq!(
        (a.as_str(), s.as_str(), m.as_str()),
        (at, severity, message)
    );
}

#[test]
fn a_report_answering_everything_is_silent() {
    assert_eq!(both_forms("report-complete.txt"), vec![]);
}

#[test]
fn a_missing_problem_is_an_error_at_its_area() {
    one(
        both_forms("report-missing.txt"),
        "7:1",
        "error",
        "反馈意见中“项目资金管理使用不够规范”方面的问题“项目竣工验收把关不严”没有对应的整改情况",
    );
}

#[test]
fn an_added_section_is_a_warning() {
    one(
        both_forms("report-extra.txt"),
        "13:1",
        "warning",
        "本节“关于机关食堂管理不规范的问题”不对应反馈意见列出的任何问题",
    );
}

#[test]
fn reordered_areas_are_an_info() {
    one(
        both_forms("report-reordered.txt"),
        "7:1",
        "info",
        "“基层党组织建设存在薄弱环节”在反馈意见中是第3个方面，本文排在第2个",
    );
}

#[test]
fn a_declared_count_must_match_the_feedback() {
    one(
        both_forms("report-declared.txt"),
        "3:54",
        "error",
        "开头写明7个问题，但反馈意见列出6个问题",
    );
}

#[test]
fn without_feedback_the_rule_does_not_run() {
    let doc = format!("{DIR}/report-missing.txt");
    let o = zg!(
        "check",
        "--format",
        "concise",
        "--select",
        "feedback-coverage",
        &doc
    )
    .run();
    assert_eq!((o.code, o.stdout.as_str()), (0, ""));
}

#[test]
fn a_broken_feedback_file_is_a_usage_error() {
    let s = Scratch::new("feedback_coverage", "broken-feedback");
    let path = s.write("fb.yaml", "- area: 甲\n  problem: [乙]\n");
    let doc = format!("{DIR}/report-complete.txt");
    let Out {
        code, stderr: err, ..
    } = zg!("check", "--feedback", path.to_str().unwrap(), &doc).run();
    assert_eq!(code, 2);
    assert!(
        err.contains(":2:3: ") && err.contains("unknown field `problem`"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------
// Feedback as inspectors write it (tests/fixtures/feedback-findings/: a report and
// its feedback reworded the way it is written months earlier; the text form in the layouts
// inspection groups use).

const FINDINGS: &str = "tests/fixtures/feedback-findings";

/// (severity, message, notes) of feedback-coverage on `report` (text) against `feedback`.
fn findings(test: &str, report: &str, feedback: &str) -> Vec<(String, String, Vec<String>)> {
    let dir = Scratch::new("feedback_coverage", test);
    let doc = dir.write("report.txt", report);
    let fb = format!("{FINDINGS}/{feedback}");
    zg!(
        "check",
        "--format",
        "json",
        "--select",
        "feedback-coverage",
        "--feedback",
        std::path::Path::new(&fb),
        &doc
    )
    .run()
    .first_file_diagnostics()
    .iter()
    .map(|d| {
        (
            d["severity"].as_str().unwrap_or("").to_string(),
            d["message"].as_str().unwrap_or("").to_string(),
            d["notes"]
                .as_array()
                .map(|n| {
                    n.iter()
                        .map(|x| x.as_str().unwrap_or("").to_string())
                        .collect()
                })
                .unwrap_or_default(),
        )
    })
    .collect()
}

fn findings_report() -> String {
    std::fs::read_to_string(format!("{FINDINGS}/report.txt")).unwrap()
}

/// Moderate (`意识形态工作责任制落实存在薄弱环节，阵地管理不严` answered by
/// `关于“落实意识形态工作责任制不到位”问题的整改`) and heavy (`违反中央八项规定精神问题仍有发生`
/// answered by `关于“四风”问题禁而未绝的问题`) rewording: a complete report is silent, in the
/// YAML form and in the framed text form with run-ins and details after commas.
#[test]
fn reworded_feedback_on_a_complete_report_is_silent() {
    let r = findings_report();
    assert_eq!(findings("complete-yaml", &r, "feedback.yaml"), vec![]);
    assert_eq!(
        findings("complete-text", &r, "feedback-layouts.txt"),
        vec![]
    );
}

/// A deleted answer is not absorbed by a heading that answers another problem
/// (`整改长效机制不够健全` by `关于“联农带农机制不够健全”问题的整改`: they share only `不够健全`).
#[test]
fn a_deleted_answer_is_not_absorbed_by_another_problems_heading() {
    let r = variant(
        &findings_report(),
        "（二）关于整改长效机制不够健全的问题。修订完善财务、合同等制度9项，建立整改成效季度评估机制。\n",
        "",
    );
    let got = findings("deleted", &r, "feedback.yaml");
    let want = vec![(
        "error".to_string(),
        "反馈意见中“乡村旅游带动作用发挥不充分”方面的问题“整改长效机制不够健全”没有对应的整改情况"
            .to_string(),
        vec!["正文中没有与之共有实义词语的小节".to_string()],
    )];
    assert_eq!(got, want);
}

/// The note on a problem not answered names the closest section, its score (rounded down,
/// never equal to the threshold it misses) and the words they share, and the problem that
/// section went to.
#[test]
fn a_missing_problem_names_its_closest_section() {
    let r = variant(
        &findings_report(),
        "（二）关于景区门票收入管理不规范的问题。门票收入全部纳入财政专户，实行日清月结。\n",
        "",
    );
    let got = findings("closest", &r, "feedback.yaml");
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(
        got[0].2,
        vec!["最接近的是“关于“联农带农机制不够健全”问题的整改”，得分0.10（需要0.12），共同词语：景区；该节已对应问题“联农带农机制不够健全”".to_string()]
    );
}

/// A deleted answer whose place an unrelated section takes is still reported: sharing only
/// words that say how something falls short (`管理不规范`) is no answer.
#[test]
fn a_section_sharing_only_predicate_words_answers_nothing() {
    let r = variant(
        &findings_report(),
        "（二）关于景区门票收入管理不规范的问题。门票收入全部纳入财政专户，实行日清月结。",
        "（二）关于机关食堂管理不规范的问题。规范食材采购和验收，公开伙食账目。",
    );
    let got = findings("predicates", &r, "feedback.yaml");
    let messages: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "反馈意见中“作风建设不够扎实”方面的问题“景区门票收入管理不规范”没有对应的整改情况",
            "本节“关于机关食堂管理不规范的问题”不对应反馈意见列出的任何问题",
        ],
        "{got:#?}"
    );
}

/// Reordered words (`“四风”问题纠治不严` against `严肃纠治“四风”问题`: bigram Dice 0.40).
#[test]
fn reordered_words_still_match() {
    let r = variant(
        &findings_report(),
        "（一）关于“四风”问题禁而未绝的问题。",
        "（一）严肃纠治“四风”问题。",
    );
    let dir = Scratch::new("feedback_coverage", "reordered-words-fb");
    let fb = dir.write(
        "fb.yaml",
        "- area: 意识形态工作责任制落实不到位\n  problems: [意识形态工作责任制落实存在薄弱环节，阵地管理不严, 文化场馆讲座展览审核把关不严]\n- area: 作风建设不够扎实\n  problems: [“四风”问题纠治不严, 景区门票收入管理不规范]\n- area: 乡村旅游带动作用发挥不充分\n  problems: [联农带农机制不够健全, 整改长效机制不够健全]\n",
    );
    let doc = dir.write("report.txt", &r);
    let Out {
        code,
        stdout: out,
        stderr: err,
        ..
    } = zg!(
        "check",
        "--select",
        "feedback-coverage",
        "--feedback",
        &fb,
        &doc
    )
    .run();
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(!out.contains("feedback-coverage"), "{out}");
}

/// An answer written in the section's body under a generic heading (`（二）完善工作制度`) is
/// found; without the body the problem is reported.
#[test]
fn answers_in_a_section_body_count() {
    let r = findings_report();
    assert_eq!(findings("body", &r, "feedback.yaml"), vec![]);
    let without = variant(
        &r,
        "对全县文化馆、图书馆举办的讲座展览实行“一事一审”，由分管领导签字把关，清理过期宣传品。\n",
        "",
    );
    let got = findings("no-body", &without, "feedback.yaml");
    let messages: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert!(
        messages.contains(
            &"反馈意见中“意识形态工作责任制落实不到位”方面的问题“文化场馆讲座展览审核把关不严”没有对应的整改情况"
        ),
        "{got:#?}"
    );
}

/// The areas of a report nested under a framing heading (`二、巡察反馈问题整改落实情况`) are
/// the areas, not the frames.
#[test]
fn areas_under_a_framing_heading_are_matched() {
    let r = findings_report()
        .replace("一、关于“意识形态工作”方面", "（一）关于“意识形态工作”方面")
        .replace("二、关于“作风建设”方面", "（二）关于“作风建设”方面")
        .replace("三、关于“乡村旅游”方面", "（三）关于“乡村旅游”方面")
        .replace("（一）关于“落实意识", "1.关于“落实意识")
        .replace("（二）完善工作制度", "2.完善工作制度")
        .replace("（一）关于“四风”", "1.关于“四风”")
        .replace("（二）关于景区门票", "2.关于景区门票")
        .replace("（一）关于“联农带农", "1.关于“联农带农")
        .replace("（二）关于整改长效", "2.关于整改长效")
        .replace(
            "（一）关于“意识形态工作”方面",
            "一、巡察整改工作开展情况\n局党组成立整改工作领导小组，逐项制定整改措施。\n二、巡察反馈问题整改落实情况\n（一）关于“意识形态工作”方面",
        )
        .replace("下一步，", "三、下一步工作打算\n下一步，");
    assert_eq!(findings("framed", &r, "feedback.yaml"), vec![]);
}

/// The order message never says an area is where it belongs (`是第2个方面，本文排在第2个`):
/// three areas in reverse order.
#[test]
fn the_order_message_never_contradicts_itself() {
    let r = findings_report();
    let s1 = &r[r.find("一、关于“意识形态").unwrap()..r.find("二、关于“作风").unwrap()];
    let s2 = &r[r.find("二、关于“作风").unwrap()..r.find("三、关于“乡村").unwrap()];
    let s3 = &r[r.find("三、关于“乡村").unwrap()..r.find("下一步").unwrap()];
    let reversed = r.replace(&format!("{s1}{s2}{s3}"), &format!("{s3}{s2}{s1}"));
    let got = findings("order", &reversed, "feedback.yaml");
    let order: Vec<&String> = got
        .iter()
        .map(|g| &g.1)
        .filter(|m| m.contains("本文排在"))
        .collect();
    assert!(!order.is_empty(), "{got:#?}");
    for m in order {
        let nums: Vec<char> = m.chars().filter(char::is_ascii_digit).collect();
        assert_eq!(nums.len(), 2, "{m}");
        assert_ne!(nums[0], nums[1], "{m}");
    }
    assert!(got.iter().all(|g| g.0 == "info"), "{got:#?}");
}

/// The text reader: the first clause is the title (details after a comma are not), run-ins
/// inside an area's paragraph are problems, and the framed document's 意见建议 and
/// 问题线索移交情况 are not areas. `zhenggai coverage --json` shows what was read.
#[test]
fn the_feedback_reader_takes_the_layouts_inspectors_use() {
    let doc = format!("{FINDINGS}/report.txt");
    let fb = format!("{FINDINGS}/feedback-layouts.txt");
    let Out {
        code,
        stdout: out,
        stderr: err,
        ..
    } = zg!("coverage", "--json", "--feedback", &fb, &doc).run();
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let read: Vec<(String, String)> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["area"].as_str().unwrap().to_string(),
                p["problem"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        (
            "意识形态工作责任制落实不到位",
            "意识形态工作责任制落实存在薄弱环节",
        ),
        (
            "意识形态工作责任制落实不到位",
            "文化场馆讲座展览审核把关不严",
        ),
        ("作风建设不够扎实", "违反中央八项规定精神问题仍有发生"),
        ("作风建设不够扎实", "景区门票收入管理不规范"),
        ("乡村旅游带动作用发挥不充分", "联农带农机制不够健全"),
        ("乡村旅游带动作用发挥不充分", "整改长效机制不够健全"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, p)| (a.to_string(), p.to_string()))
        .collect();
    assert_eq!(read, want);
    assert_eq!(v["warnings"], serde_json::json!([]));
}

/// A layout the reader does not know is a warning naming the line, never a silent drop.
#[test]
fn an_unknown_layout_is_a_warning_naming_the_line() {
    let dir = Scratch::new("feedback_coverage", "unknown-layout");
    let fb = dir.write(
        "fb.txt",
        "反馈意见\n一、作风建设不够扎实\n① 违反中央八项规定精神问题仍有发生\n② 景区门票收入管理不规范\n二、乡村旅游带动作用发挥不充分\n（一）联农带农机制不够健全\n",
    );
    let doc = format!("{FINDINGS}/report.txt");
    let Out { stderr: err, .. } = zg!(
        "check",
        "--select",
        "feedback-coverage",
        "--feedback",
        &fb,
        std::path::Path::new(&doc)
    )
    .run();
    assert!(
        err.contains(
            "fb.txt: line 3: a list marker the reader does not know (“① 违反中央八项规定精神”)"
        ),
        "{err}"
    );
    assert!(
        err.contains("fb.txt: line 3: “作风建设不够扎实” lists no numbered problem"),
        "{err}"
    );
    // Once per feedback file, not once per checked file.
    assert_eq!(err.matches("line 4:").count(), 1, "{err}");
}

/// `zhenggai coverage` prints the whole table: each problem, its section, score and shared
/// words; exit 1 when a problem is not answered.
#[test]
fn coverage_prints_the_assignment_table() {
    let doc = format!("{FINDINGS}/report.txt");
    let fb = format!("{FINDINGS}/feedback.yaml");
    let Out {
        code, stdout: out, ..
    } = zg!("coverage", "--feedback", &fb, &doc).run();
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("反馈意见3个方面6个问题，得分需要0.12"),
        "{out}"
    );
    assert!(
        out.contains(
            "  2.1 “违反中央八项规定精神问题仍有发生” → 第8行“关于“四风”问题禁而未绝的问题”，得分0."
        ),
        "{out}"
    );
    assert!(out.contains("共同词语：〔四风〕"), "{out}");
    let dir = Scratch::new("feedback_coverage", "coverage-missing");
    let missing = dir.write(
        "report.txt",
        variant(
            &findings_report(),
            "（二）关于景区门票收入管理不规范的问题。门票收入全部纳入财政专户，实行日清月结。\n",
            "",
        ),
    );
    let Out {
        code, stdout: out, ..
    } = zg!(
        "coverage",
        "--feedback",
        std::path::Path::new(&fb),
        &missing
    )
    .run();
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("  2.2 “景区门票收入管理不规范” → 未回应："),
        "{out}"
    );
}

/// Synonym groups from the configuration (`feedback-synonyms`) join the rule's table.
#[test]
fn the_configuration_extends_the_synonym_table() {
    let dir = Scratch::new("feedback_coverage", "config-synonyms");
    let fb = dir.write(
        "fb.yaml",
        "- area: 乡村旅游带动作用发挥不充分\n  problems: [庄稼地里的游客太少]\n",
    );
    let doc = dir.write(
        "report.txt",
        "一、关于“乡村旅游”方面问题的整改情况\n（一）关于农旅融合不够深入的问题。打造采摘园3处。\n",
    );
    let run = || {
        zg!(
            "check",
            "--format",
            "concise",
            "--select",
            "feedback-coverage",
            "--feedback",
            &fb,
            &doc
        )
        .run()
    };
    assert_eq!(run().code, 1);
    dir.write(
        "zhenggai.yaml",
        "feedback-synonyms:\n  - [庄稼地里的游客, 农旅融合]\n",
    );
    let o = run();
    assert_eq!((o.code, o.stdout.as_str(), o.stderr.as_str()), (0, "", ""));
}

// The feedback file is bounded.

fn feedback_error(fb: &std::path::Path) -> (i32, String) {
    let doc = format!("{DIR}/report-complete.txt");
    let Out {
        code, stderr: err, ..
    } = zg!("check", "--feedback", &fb, std::path::Path::new(&doc)).run();
    (code, err)
}

#[test]
fn a_device_or_a_fifo_is_not_read_as_feedback() {
    let (code, err) = feedback_error(std::path::Path::new("/dev/zero"));
    assert_eq!(code, 2);
    assert!(
        err.contains("/dev/zero: cannot read: not a regular file"),
        "{err}"
    );
    // A FIFO with no writer would block the open forever (the run has a 60 s deadline).
    let dir = Scratch::new("feedback_coverage", "fifo");
    let fifo = dir.join("fb.txt");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let (code, err) = feedback_error(&fifo);
        assert_eq!(code, 2);
        assert!(
            err.contains("fb.txt: cannot read: not a regular file"),
            "{err}"
        );
    }
}

#[test]
fn yaml_aliases_and_oversized_feedback_are_refused() {
    let dir = Scratch::new("feedback_coverage", "bounded");
    // Nine levels of nine aliases: 387 million problems once expanded.
    let mut y = String::from("a0: &a0 [问题, 问题, 问题, 问题, 问题, 问题, 问题, 问题, 问题]\n");
    for i in 1..9 {
        let p = format!("*a{}", i - 1);
        y.push_str(&format!(
            "a{i}: &a{i} [{p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}]\n"
        ));
    }
    let fb = dir.write("bomb.yaml", &y);
    let (code, err) = feedback_error(&fb);
    assert_eq!(code, 2);
    assert!(
        err.contains("bomb.yaml:1:5: YAML anchors and aliases"),
        "{err}"
    );
    let big = dir.write("big.txt", "一、方面\n".repeat(600_000));
    let (code, err) = feedback_error(&big);
    assert_eq!(code, 2);
    assert!(
        err.contains("big.txt: larger than the limit of 4 MiB"),
        "{err}"
    );
}

// User input never panics: feedback text and reports built from the pieces the reader and
// the matcher look for (markers, run-ins, quotes, punctuation, synonyms), in any order.
mod robustness {
    use proptest::prelude::*;
    use std::sync::Arc;
    use zhenggai::feedback::Feedback;

    const PIECES: &[&str] = &[
        "一、",
        "二、",
        "（一）",
        "（二）",
        "(3)",
        "1.",
        "2．",
        "10、",
        "一是",
        "二是",
        "三是",
        "是",
        "巡视发现的主要问题",
        "意见建议",
        "问题线索移交情况",
        "关于“",
        "”问题的整改情况",
        "在“",
        "”方面",
        "四风",
        "八项规定",
        "党支部",
        "长效机制",
        "。",
        "，",
        "；",
        "：",
        "\n",
        "\n\n",
        " ",
        "　",
        "①",
        "●",
        "第一，",
        "整改",
        "问题",
        "不到位",
        "机制",
        "a",
        "9",
        "“",
        "”",
        "&",
        "*",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn reading_and_matching_never_panic(fb in text(), report in text()) {
            let rules = zhenggai::rules::RuleSet::builtin().unwrap();
            if let Ok(f) = Feedback::from_text(&fb) {
                let f = Arc::new(f);
                let r = zhenggai::check::check_text_with("p.txt", report.clone(), false, &rules, Some(f));
                prop_assert!(r.diagnostics.iter().all(|d| d.span.end <= report.len()));
            }
            let _ = Feedback::from_yaml(&fb);
        }
    }
}
