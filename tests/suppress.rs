//! Suppression comments in Markdown: `zhenggai-disable-next-line`,
//! `zhenggai-disable` … `zhenggai-enable`, `zhenggai-disable-file`, several ids, a `-- reason`;
//! unused, unknown and empty suppressions reported by `unused-suppression`; plain text has no
//! comments. Every text is the fictional announcement tests/fixtures/announcement/base.txt with
//! faults and comments put in.

use crate::support::announcement::base;
use crate::support::{Scratch, offset, pos_chars, variant};
use serde_json::Value;

fn scratch(test: &str) -> Scratch {
    Scratch::new("suppress", test)
}

/// Line 5: a placeholder among the figures.
const L5: (&str, &str) = ("共处置问题线索52件", "共处置问题线索XX件");
/// Line 7: a placeholder and duplicated punctuation.
const L7: (&str, &str) = ("新建水质监测点8处。", "新建水质监测点XX处。。");
/// Line 8: a placeholder.
const L8: (&str, &str) = ("追回违规使用资金21.4万元", "追回违规使用资金XX万元");
/// The start of lines 5, 7 and 8, where comments are put above.
const AT5: &str = "整改期间，县纪委监委";
const AT7: &str = "（一）完善河道巡查机制";
const AT8: &str = "（二）加强专项资金监管";

/// The base text with the faults of lines 5, 7 and 8.
fn faulty() -> String {
    let t = variant(&base(), L5.0, L5.1);
    let t = variant(&t, L7.0, L7.1);
    variant(&t, L8.0, L8.1)
}

/// `text` with `comment` on a line of its own above the line starting with `line_start`.
fn above(text: &str, line_start: &str, comment: &str) -> String {
    variant(text, line_start, &format!("{comment}\n{line_start}"))
}

/// Checks `text` as Markdown (`doc.md` on standard input); json-lines diagnostics.
fn check_named(s: &Scratch, name: &str, text: &str, extra: &[&str]) -> (i32, Vec<Value>) {
    let o = zg!("check", "--format", "json-lines", "--stdin-filename", name)
        .args(extra)
        .cwd(s.path())
        .stdin(text)
        .run();
    assert!(o.code == 0 || o.code == 1, "{o:?}");
    (o.code, o.json_lines())
}

fn check_md(s: &Scratch, text: &str) -> Vec<Value> {
    check_named(s, "doc.md", text, &[]).1
}

/// `rule@line:column` of each diagnostic.
fn brief(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            format!(
                "{}@{}:{}",
                d["rule"].as_str().unwrap(),
                d["span"]["line"],
                d["span"]["column"]
            )
        })
        .collect()
}

/// `rule@line:column` for the first `needle` in `text`.
fn at(rule: &str, text: &str, needle: &str) -> String {
    let (l, c) = pos_chars(text, offset(text, needle));
    format!("{rule}@{l}:{c}")
}

/// `rule@line:column` for the n-th (0-based) `needle` in `text`.
fn at_nth(rule: &str, text: &str, needle: &str, n: usize) -> String {
    let off = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("no {n}th {needle:?}"))
        .0;
    let (l, c) = pos_chars(text, off);
    format!("{rule}@{l}:{c}")
}

/// The four faults of [`faulty`] in `t` (whose comments hold no `XX`), in order: line 5's
/// placeholder, line 7's placeholder and duplicated punctuation, line 8's placeholder.
fn faults(t: &str) -> [String; 4] {
    [
        at_nth("placeholder", t, "XX", 0),
        at_nth("placeholder", t, "XX", 1),
        at("duplicate-punctuation", t, "。。"),
        at_nth("placeholder", t, "XX", 2),
    ]
}

// ---------------------------------------------------------------------------------------
// What each form suppresses
// ---------------------------------------------------------------------------------------

#[test]
fn the_unsuppressed_text_has_four_faults() {
    let s = scratch("baseline");
    let t = faulty();
    assert_eq!(brief(&check_md(&s, &t)), faults(&t));
}

#[test]
fn disable_next_line_suppresses_the_next_line_only() {
    let s = scratch("next-line");
    let t = above(
        &faulty(),
        AT7,
        "<!-- zhenggai-disable-next-line placeholder -->",
    );
    // Line 7's placeholder is suppressed; its other fault is not.
    let [p5, _, d7, p8] = faults(&t);
    assert_eq!(brief(&check_md(&s, &t)), [p5, d7, p8]);

    // Blank lines and other comments between the comment and the line are skipped.
    let t = above(
        &faulty(),
        AT7,
        "<!-- zhenggai-disable-next-line placeholder -->\n\n<!-- 编者按：本段待复核 -->\n",
    );
    let [p5, _, d7, p8] = faults(&t);
    assert_eq!(brief(&check_md(&s, &t)), [p5, d7, p8]);
}

#[test]
fn several_ids_separated_by_commas_or_spaces_with_a_reason() {
    let s = scratch("ids");
    for comment in [
        "<!-- zhenggai-disable-next-line placeholder, duplicate-punctuation -->",
        "<!-- zhenggai-disable-next-line placeholder,duplicate-punctuation -->",
        "<!-- zhenggai-disable-next-line placeholder duplicate-punctuation -->",
        "<!-- zhenggai-disable-next-line placeholder，duplicate-punctuation -->",
        "<!-- zhenggai-disable-next-line placeholder, duplicate-punctuation -- 原稿如此，待核实 -->",
        // Words of the reason are not rule ids, even ones that look like ids.
        "<!-- zhenggai-disable-next-line placeholder, duplicate-punctuation -- 与 tally-sum 无关 -->",
        "<!--zhenggai-disable-next-line placeholder, duplicate-punctuation-->",
    ] {
        let t = above(&faulty(), AT7, comment);
        let [p5, _, _, p8] = faults(&t);
        assert_eq!(brief(&check_md(&s, &t)), [p5, p8], "{comment}");
    }
}

#[test]
fn disable_enable_suppresses_a_range_of_lines() {
    let s = scratch("range");
    let t = above(&faulty(), AT5, "<!-- zhenggai-disable placeholder -->");
    let t = above(&t, AT8, "<!-- zhenggai-enable placeholder -->");
    let [_, _, d7, p8] = faults(&t);
    assert_eq!(brief(&check_md(&s, &t)), [d7, p8]);

    // Without an enable the rest of the file is covered.
    let t = above(
        &faulty(),
        AT7,
        "<!-- zhenggai-disable placeholder -- 数据待补 -->",
    );
    let [p5, _, d7, _] = faults(&t);
    assert_eq!(brief(&check_md(&s, &t)), [p5, d7]);

    // Enabling one rule does not end the range of another.
    let t = above(
        &faulty(),
        AT5,
        "<!-- zhenggai-disable placeholder, duplicate-punctuation -->",
    );
    let t = above(&t, AT8, "<!-- zhenggai-enable duplicate-punctuation -->");
    assert_eq!(brief(&check_md(&s, &t)), Vec::<String>::new());
}

#[test]
fn disable_file_suppresses_the_named_rules_everywhere() {
    let s = scratch("file");
    // At the end of the file: it covers the lines above it too.
    let t = format!("{}\n<!-- zhenggai-disable-file placeholder -->\n", faulty());
    let [_, _, d7, _] = faults(&t);
    assert_eq!(brief(&check_md(&s, &t)), [d7]);
    let t = above(
        &faulty(),
        AT5,
        "<!-- zhenggai-disable-file duplicate-punctuation, placeholder -- 内部草稿 -->",
    );
    assert_eq!(brief(&check_md(&s, &t)), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------
// unused-suppression
// ---------------------------------------------------------------------------------------

#[test]
fn an_unused_suppression_is_a_warning_on_the_id_in_the_comment() {
    let s = scratch("unused");
    let comment = "<!-- zhenggai-disable-next-line year-zero -- 旧稿遗留 -->";
    let t = above(&base(), AT7, comment);
    let (code, diags) = check_named(&s, "doc.md", &t, &[]);
    assert_eq!(code, 0, "a warning does not fail the run");
    assert_eq!(diags.len(), 1, "{diags:?}");
    let start = offset(&t, comment) + comment.find("year-zero").unwrap();
    let (line, col) = pos_chars(&t, start);
    assert_eq!((line, col), (7, 33));
    let expected = format!(
        r#"{{"labels":[],"message":"抑制注释中的“year-zero”没有抑制任何诊断，可以删除","notes":[],"path":"doc.md","rule":"unused-suppression","severity":"warning","span":{{"column":{col},"end":{end},"end_column":{end_col},"end_line":{line},"line":{line},"start":{start}}}}}"#,
        end = start + "year-zero".len(),
        end_col = col + "year-zero".len(),
    );
    assert_eq!(diags[0].to_string(), expected);

    // --fail-on warning makes it fail.
    let (code, _) = check_named(&s, "doc.md", &t, &["--fail-on", "warning"]);
    assert_eq!(code, 1);
}

#[test]
fn each_unused_id_of_each_form_is_reported() {
    let s = scratch("unused-forms");
    let t = above(
        &faulty(),
        AT7,
        "<!-- zhenggai-disable-next-line placeholder, year-zero -->",
    );
    let t = above(&t, AT5, "<!-- zhenggai-disable tally-sum -->");
    let t = above(&t, AT8, "<!-- zhenggai-enable tally-sum -->");
    let t = format!("{t}<!-- zhenggai-disable-file date-format -->\n");
    let [p5, _, d7, p8] = faults(&t);
    assert_eq!(
        brief(&check_md(&s, &t)),
        [
            at("unused-suppression", &t, "tally-sum -->"),
            p5,
            at("unused-suppression", &t, "year-zero"),
            d7,
            p8,
            at("unused-suppression", &t, "date-format"),
        ]
    );
}

#[test]
fn an_unknown_rule_id_is_reported_and_suppresses_nothing() {
    let s = scratch("unknown");
    let t = above(
        &faulty(),
        AT8,
        "<!-- zhenggai-disable-next-line placeholdr -->",
    );
    let diags = check_md(&s, &t);
    let [p5, p7, d7, p8] = faults(&t);
    assert_eq!(
        brief(&diags),
        [p5, p7, d7, at("unused-suppression", &t, "placeholdr"), p8]
    );
    let d = &diags[3];
    assert_eq!(d["message"], "抑制注释中的规则“placeholdr”不存在");
    assert_eq!(d["severity"], "warning");
    let start = offset(&t, "placeholdr");
    assert_eq!(
        (d["span"]["start"].as_u64(), d["span"]["end"].as_u64()),
        (Some(start as u64), Some((start + 10) as u64))
    );

    // Also in an enable comment, and next to a known id.
    let t = above(
        &base(),
        AT7,
        "<!-- zhenggai-enable placeholder, tallysum -->",
    );
    let diags = check_md(&s, &t);
    assert_eq!(
        brief(&diags),
        vec![at("unused-suppression", &t, "tallysum")]
    );
    assert_eq!(diags[0]["message"], "抑制注释中的规则“tallysum”不存在");
}

#[test]
fn a_comment_without_a_rule_id_is_reported_on_the_comment() {
    let s = scratch("empty");
    for comment in [
        "<!-- zhenggai-disable-next-line -->",
        "<!-- zhenggai-disable-next-line -- 全部忽略 -->",
        "<!-- zhenggai-disable -->",
        "<!-- zhenggai-disable-file -->",
    ] {
        let t = above(&faulty(), AT7, comment);
        let diags = check_md(&s, &t);
        let start = offset(&t, comment);
        let empty: Vec<&Value> = diags
            .iter()
            .filter(|d| d["rule"] == "unused-suppression")
            .collect();
        assert_eq!(empty.len(), 1, "{comment}: {diags:?}");
        assert_eq!(empty[0]["message"], "抑制注释必须写明要抑制的规则 id");
        assert_eq!(empty[0]["severity"], "warning");
        assert_eq!(
            (
                empty[0]["span"]["start"].as_u64(),
                empty[0]["span"]["end"].as_u64()
            ),
            (Some(start as u64), Some((start + comment.len()) as u64)),
            "{comment}"
        );
        // No blanket disable: every fault is still reported.
        assert_eq!(diags.len(), 5, "{comment}: {diags:?}");
    }
}

#[test]
fn unused_suppression_follows_the_configuration() {
    let s = scratch("config");
    let t = above(
        &base(),
        AT7,
        "<!-- zhenggai-disable-next-line year-zero -->",
    );
    // Ignored: nothing reported.
    let (code, diags) = check_named(&s, "doc.md", &t, &["--ignore", "unused-suppression"]);
    assert_eq!((code, diags.len()), (0, 0), "{diags:?}");
    // As an error: fails the run.
    s.write(
        "proj/zhenggai.yaml",
        "rules:\n  unused-suppression: error\n",
    );
    let (code, diags) = check_named(&s, "proj/doc.md", &t, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        brief(&diags),
        vec![at("unused-suppression", &t, "year-zero")]
    );
    assert_eq!(diags[0]["severity"], "error");
}

#[test]
fn a_suppression_for_a_rule_that_did_not_run_is_not_reported() {
    let s = scratch("not-run");
    // fullwidth-punctuation is off by default; year-zero is ignored on the command line.
    let t = above(
        &base(),
        AT7,
        "<!-- zhenggai-disable-next-line fullwidth-punctuation, year-zero -->",
    );
    let (_, diags) = check_named(&s, "doc.md", &t, &["--ignore", "year-zero"]);
    assert_eq!(diags.len(), 0, "{diags:?}");
    // Selected, the rule runs and the suppression is unused.
    let (_, diags) = check_named(
        &s,
        "doc.md",
        &t,
        &["--select", "fullwidth-punctuation,unused-suppression"],
    );
    assert_eq!(
        brief(&diags),
        vec![at("unused-suppression", &t, "fullwidth-punctuation")]
    );
}

#[test]
fn other_comments_are_not_directives() {
    let s = scratch("other");
    for comment in [
        "<!-- 审核意见：XX处数据待补充 -->",
        "<!-- zhenggai-disabled placeholder -->",
        "<!-- zhenggai-disable-nextline placeholder -->",
        "<!-- see zhenggai-disable-next-line placeholder -->",
    ] {
        let t = above(&faulty(), AT7, comment);
        assert_eq!(
            brief(&check_md(&s, &t)),
            vec![
                at_nth("placeholder", &t, "XX", 0),
                at_nth("placeholder", &t, "XX", comment.matches("XX").count() + 1),
                at("duplicate-punctuation", &t, "。。"),
                at_nth("placeholder", &t, "XX", comment.matches("XX").count() + 2),
            ],
            "{comment}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------------------

#[test]
fn plain_text_files_do_not_honour_comments() {
    let s = scratch("txt");
    let t = above(
        &faulty(),
        AT7,
        "<!-- zhenggai-disable-next-line placeholder, duplicate-punctuation -->",
    );
    let t = above(&t, AT5, "<!-- zhenggai-disable-file nosuchrule -->");
    let expected = faults(&t);
    // Standard input named .txt, and a file on disk.
    let (_, diags) = check_named(&s, "doc.txt", &t, &[]);
    assert_eq!(brief(&diags), expected);
    s.write("proj/doc.txt", &t);
    let o = zg!("check", "--format", "json-lines", "doc.txt")
        .cwd(s.join("proj"))
        .run();
    assert_eq!(brief(&o.json_lines()), expected, "{o:?}");
    // The same file as Markdown honours them.
    s.write("proj/doc.md", &t);
    let o = zg!("check", "--format", "json-lines", "doc.md")
        .cwd(s.join("proj"))
        .run();
    let [p5, _, _, p8] = faults(&t);
    assert_eq!(
        brief(&o.json_lines()),
        [at("unused-suppression", &t, "nosuchrule"), p5, p8],
        "{o:?}"
    );
}

#[test]
fn comments_inside_code_blocks_are_not_directives() {
    let s = scratch("code-block");
    let t = above(
        &faulty(),
        AT7,
        "```\n<!-- zhenggai-disable-file placeholder -->\n```",
    );
    assert_eq!(brief(&check_md(&s, &t)), faults(&t));
}
