//! Feedback coverage: one fictional feedback (tests/fixtures/feedback/, in its YAML and its
//! text form) against reports that cover it all, miss one problem, add one, reorder two
//! areas, and declare a wrong count.

mod common;

use common::{first_file_diagnostics, zhenggai};

const DIR: &str = "tests/fixtures/feedback";

/// (line:column, severity, message) of the feedback-coverage diagnostics on `report`.
fn coverage(report: &str, feedback: &str) -> Vec<(String, String, String)> {
    let (fb, doc) = (format!("{DIR}/{feedback}"), format!("{DIR}/{report}"));
    first_file_diagnostics(&["check", "--format", "json", "--feedback", &fb, &doc])
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
    let args = [
        "check",
        "--format",
        "concise",
        "--select",
        "feedback-coverage",
        &doc,
    ];
    let (code, out, _) = zhenggai(&args);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn a_broken_feedback_file_is_a_usage_error() {
    let path = std::env::temp_dir().join(format!("zhenggai-fb-{}.yaml", std::process::id()));
    std::fs::write(&path, "- area: 甲\n  problem: [乙]\n").unwrap();
    let doc = format!("{DIR}/report-complete.txt");
    let (code, _, err) = zhenggai(&["check", "--feedback", path.to_str().unwrap(), &doc]);
    std::fs::remove_file(&path).ok();
    assert_eq!(code, 2);
    assert!(
        err.contains(":2:3: ") && err.contains("unknown field `problem`"),
        "{err}"
    );
}
