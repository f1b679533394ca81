//! Announcements written in the forms published reports use (domain primer §8): each is read,
//! not reported. And the seeded faults that hid behind those forms are caught. Each form is one
//! test here; the texts are our own (fictional places).

use crate::support::Out;
use std::sync::LazyLock;
use zhenggai::rules::load_builtin;
use zhenggai::{Diagnostic, RuleSet, check_text};

static RULES: LazyLock<RuleSet> = LazyLock::new(|| {
    let mut set = RuleSet::default();
    set.extend(load_builtin().expect("built-in rules load"))
        .expect("unique ids");
    set.configure(&[], &[]).expect("defaults");
    set
});

fn check(text: &str) -> Vec<Diagnostic> {
    check_text("draft.txt", text.to_string(), false, &RULES).diagnostics
}

fn ids(text: &str) -> Vec<String> {
    check(text).into_iter().map(|d| d.rule).collect()
}

/// A complete announcement around `intro` (its first paragraphs).
fn announcement(intro: &str) -> String {
    format!(
        "中共青禾市委关于巡视整改进展情况的通报\n{intro}\n\
对照巡视反馈的两个方面8个问题，市委逐项制定整改措施。\n\
一、关于“落实主体责任不到位”问题的整改情况\n（一）压实责任。\n\
二、关于“作风建设存在短板”问题的整改情况\n（一）整治“四风”。\n\
欢迎广大干部群众对巡视整改落实情况进行监督。联系电话：0833-6217045；邮政信箱：青禾市101信箱。\n\
中共青禾市委\n2025年3月10日\n"
    )
}

fn assert_none_of(text: &str, rules: &[&str]) {
    let found = ids(text);
    for r in rules {
        assert!(
            !found.iter().any(|f| f == r),
            "{r} reported on:\n{text}\n{found:?}"
        );
    }
}

const MISSING: &[&str] = &["inspection-period", "feedback-date"];

#[test]
fn several_groups_with_a_comma_are_an_inspecting_body() {
    assert_none_of(
        &announcement(
            "根据区委统一部署，2024年3月11日至5月17日，区委组建5个巡察组，对区水务局等6个区直部门党组织开展常规巡察。7月2日，区委5个巡察组分别向被巡察党组织反馈了巡察意见。",
        ),
        MISSING,
    );
}

#[test]
fn a_round_is_an_inspecting_body() {
    assert_none_of(
        &announcement(
            "根据县委统一部署，2023年4月10日至5月26日，十届县委第六轮巡察对县农业农村局党组开展了常规巡察。2023年7月4日，县委第三巡察组向县农业农村局党组反馈了巡察情况。",
        ),
        MISSING,
    );
}

#[test]
fn a_month_precision_period_is_a_period() {
    assert_none_of(
        &announcement(
            "2023年11月至12月，市委第二巡察组对桐林镇党委开展了巡察。2024年1月18日，市委第二巡察组向桐林镇党委反馈了巡察意见。",
        ),
        MISSING,
    );
}

#[test]
fn a_district_feedback_sentence_with_quanmian() {
    assert_none_of(
        &announcement(
            "2021年11月至12月，区委4个巡察组对40家单位党组织开展了常规巡察。2022年1月27日，区委4个巡察组向40家被巡察单位党组织全面反馈巡察情况。",
        ),
        MISSING,
    );
}

#[test]
fn feedback_in_the_second_paragraph_or_dotted() {
    for intro in [
        "根据省委统一部署，2024年3月4日至5月17日，省委第三巡视组对青禾市开展了巡视。\n2024年8月9日，省委第三巡视组向青禾市委反馈了巡视意见。",
        "根据省委统一部署，2024年3月4日至5月17日，省委第三巡视组对青禾市开展了巡视。2024.8.9，省委第三巡视组向青禾市委反馈了巡视意见。",
    ] {
        assert_none_of(&announcement(intro), MISSING);
    }
}

#[test]
fn quantities_of_different_classes_are_not_added() {
    assert_none_of("共整治10亩（复垦5亩，绿化7公里）。", &["tally-sum"]);
    // Same class still adds up.
    assert!(ids("共整治10亩（复垦5亩，绿化4亩）。").contains(&"tally-sum".to_string()));
}

#[test]
fn enumerations_restart_per_paragraph() {
    // The second paragraph lost its 一是: reported there as 一是 expected, not 四是.
    let d = check(
        "一是提高站位。二是压实责任。三是强化督导。\n持续推进，二是加强监督。三是建章立制。\n",
    );
    let n: Vec<&Diagnostic> = d.iter().filter(|d| d.rule == "section-numbering").collect();
    assert_eq!(n.len(), 1, "{d:?}");
    assert!(n[0].message.contains("一是"), "{}", n[0].message);
    assert!(!n[0].message.contains("四是"), "{}", n[0].message);
}

#[test]
fn xuncha_in_a_xunshi_feedback_sentence_in_the_next_paragraph() {
    let text = announcement(
        "根据省委统一部署，2024年3月4日至5月17日，省委第三巡视组对青禾市开展了巡视。\n2024年8月9日，省委第三巡视组向青禾市委反馈了巡察意见。",
    );
    let d = check(&text);
    let t = d
        .iter()
        .find(|d| d.rule == "term-consistency")
        .unwrap_or_else(|| panic!("{d:?}"));
    assert_eq!(&text[t.span.clone()], "巡察");
}

#[test]
fn staged_progress_counts_toward_the_total() {
    assert_none_of(
        "18个问题中已完成整改13个、取得阶段性进展5个，整改完成率72.2%。",
        &["progress-sum", "progress-rate"],
    );
    let d = ids("18个问题中已完成整改12个、取得阶段性进展5个，整改完成率66.7%。");
    assert!(d.contains(&"progress-sum".to_string()), "{d:?}");
    assert!(!d.contains(&"progress-rate".to_string()), "{d:?}");
}

#[test]
fn four_forms_with_a_thousands_separator_in_an_ascii_document() {
    let ok = "运用\"四种形态\"批评教育和处理1,026人次,其中第一种形态812人次,第二种形态168人次,第三种形态27人次,第四种形态19人次。";
    assert_none_of(ok, &["tally-sum"]);
    let bad = ok.replace("168人次", "169人次");
    assert!(ids(&bad).contains(&"tally-sum".to_string()));
    // Shares after 、 are read, so a changed part is still caught.
    let shares = "处理1184人次，其中第一种形态893人次、占75.4%，第二种形态215人次、占18.1%，第三种形态41人次、占3.5%，第四种形态36人次、占3.0%。";
    assert!(ids(shares).contains(&"tally-sum".to_string()));
}

#[test]
fn three_categories_add_up_and_the_rate_counts_done_only() {
    assert_none_of(
        "697个问题中，完成整改688个、基本完成4个、未完成5个，整改完成率98.71%。",
        &["progress-sum", "progress-rate"],
    );
    assert!(
        ids("697个问题中，完成整改688个、基本完成4个、未完成6个，整改完成率98.71%。")
            .contains(&"progress-sum".to_string())
    );
    // Across two sentences.
    assert_none_of(
        "177项整改任务，已完成174项。长期整改任务3项。",
        &["progress-sum"],
    );
    assert!(
        ids("177项整改任务，已完成174项。长期整改任务4项。").contains(&"progress-sum".to_string())
    );
}

#[test]
fn declaration_anywhere_and_decoys() {
    // Declared inside §一, areas under a problem-oriented frame.
    let text = "一、组织领导情况\n一是压实责任。对照中央巡视反馈的三个方面17大项69子项问题，逐项分析。\n\
二、坚持问题导向，逐条逐项推动整改\n（一）加强党的领导\n（二）健全治理结构\n（三）压实管党治党责任\n三、巩固整改成果\n";
    assert_none_of(text, &["declared-sections"]);
    let d = ids(&text.replace("三个方面", "四个方面"));
    assert!(d.contains(&"declared-sections".to_string()), "{d:?}");
    // A decoy is never the declaration.
    let decoy = "一、组织领导情况\n组织开展了9个方面专项自查，形成涵盖6方面24项125条任务清单。\n\
二、关于“甲”问题的整改情况\n三、关于“乙”问题的整改情况\n";
    assert_none_of(decoy, &["declared-sections"]);
}

#[test]
fn malformed_dates_are_reported_where_they_stand_not_as_missing() {
    let text = announcement(
        "根据省委统一部署，2024717日至830日，省委第三巡视组对青禾市开展了巡视。914日，省委第三巡视组向青禾市委反馈了巡视意见。",
    );
    let d = check(&text);
    let malformed: Vec<&str> = d
        .iter()
        .filter(|d| d.rule == "date-malformed")
        .map(|d| &text[d.span.clone()])
        .collect();
    assert_eq!(malformed, ["2024717日", "830日", "914日"]);
}

#[test]
fn a_missing_element_points_at_a_short_span_with_a_note() {
    let text = "根据省委统一部署，省委第三巡视组对青禾市开展了巡视。随后，省委第三巡视组向青禾市委反馈了巡视意见，市委召开专题会议研究部署整改工作，明确责任分工。\n";
    let d = check(text);
    let fb = d
        .iter()
        .find(|d| d.rule == "feedback-date")
        .expect("reported");
    let period = d
        .iter()
        .find(|d| d.rule == "inspection-period")
        .expect("reported");
    for x in [fb, period] {
        assert_eq!(&text[x.span.clone()], "省委第三巡视组");
        assert!(x.notes.iter().any(|n| n.contains("例如")), "{:?}", x.notes);
    }
    // Without any statement: the first clause, never the whole paragraph.
    let d = check("根据省委统一部署，市委召开会议研究部署整改工作。\n");
    let p = d
        .iter()
        .find(|d| d.rule == "inspection-period")
        .expect("reported");
    assert_eq!(p.span, 0.."根据省委统一部署".len());
}

#[test]
fn a_report_website_is_a_supervision_channel() {
    let d = ids(
        "欢迎监督。举报电话：12388；举报网站：http://www.qhjw.gov.cn。\n中共青禾市委\n2025年3月10日\n",
    );
    assert!(!d.contains(&"contact-info".to_string()), "{d:?}");
    assert!(ids("举报网站：htp:/www.qhjw.gov.cn。\n").contains(&"contact-format".to_string()));
}

#[test]
fn feedback_range_dates_are_ordered_after_the_period() {
    let text = "2024年3月11日至5月17日，区委组建5个巡察组，对区水务局等单位党组织开展常规巡察。\n\
2024年5月10日至5月21日，区委5个巡察组分别向被巡察党组织反馈了巡察意见。\n";
    let d = check(text);
    assert!(d.iter().any(|d| d.rule == "date-order"), "{d:?}");
    let ok = text.replace("2024年5月10日至5月21日", "2024年6月17日至6月21日");
    assert_none_of(&ok, &["date-order"]);
}

// ------------------------------------------------------------------ zhenggai inspect

#[test]
fn inspect_json_on_every_example() {
    for (file, group, areas) in [
        ("examples/announcement.txt", "省委第五巡视组", 5),
        ("examples/announcement-xuncha.txt", "", 0),
        ("examples/faulty.txt", "", 0),
    ] {
        let Out {
            code,
            stdout: out,
            stderr: err,
            ..
        } = zg!("inspect", file, "--format", "json").run();
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        assert_eq!(v["path"], file);
        assert_eq!(v["encoding"], "UTF-8");
        assert!(
            v["intro"]["period"]["start"]["role"] == "period-start",
            "{file}"
        );
        assert!(
            v["intro"]["feedback"]["start"]["role"] == "feedback",
            "{file}"
        );
        if !group.is_empty() {
            assert_eq!(v["intro"]["group"]["text"], group);
            assert_eq!(v["sections"]["areas"].as_array().unwrap().len(), areas);
        }
        // Every span is the text it names.
        let text = std::fs::read_to_string(file).unwrap();
        let g = &v["intro"]["group"];
        let (s, e) = (
            g["span"][0].as_u64().unwrap() as usize,
            g["span"][1].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], g["text"].as_str().unwrap());
    }
}

#[test]
fn inspect_human_names_each_fact_in_chinese() {
    let Out {
        code, stdout: out, ..
    } = zg!("inspect", "tests/parse/intro/several-groups-with-comma.txt").run();
    assert_eq!(code, 0);
    assert!(
        out.contains("巡视（巡察）主体：“区委组建5个巡察组”（第1行） 〔several-groups〕"),
        "{out}"
    );
    assert!(
        out.contains("反馈日期：2024年6月17日（第2行） 至 2024年6月21日（第2行，年份沿用前文）"),
        "{out}"
    );
    let Out { stdout: out, .. } = zg!("inspect", "tests/parse/dates/malformed.txt").run();
    assert!(out.contains("无法识别的日期：“914日”（第1行）"), "{out}");
}

#[test]
fn inspect_reads_standard_input_and_refuses_a_missing_file() {
    let v = zg!("inspect", "-", "--format", "json")
        .stdin("2023年11月至12月，市委第二巡察组对桐林镇党委开展了巡察。")
        .run()
        .json();
    assert_eq!(v["intro"]["period"]["end"]["value"], "2023-12");
    assert_eq!(v["intro"]["period"]["end"]["precision"], "month");
    let Out {
        code, stderr: err, ..
    } = zg!("inspect", "no/such/file.txt").run();
    assert_eq!(code, 2);
    assert!(err.contains("no/such/file.txt"), "{err}");
}
