//! Behaviour of every built-in rule on whole announcements.
//!
//! For each rule id there are fixtures that must report it (rule id, severity, the exact text
//! of the primary span, and for some rules part of the message) and fixtures that must not,
//! including the legitimate cases listed in the domain primer. Most fixtures are a single
//! substring mutation of the clean sample `examples/announcement.txt`; a mutation of the clean
//! sample is expected to produce exactly the one intended finding, so a rule that fires on
//! the side is caught too. Longer standalone documents live in `tests/fixtures/rules/`.
//!
//! Cases where the checker is currently wrong are `#[ignore]`d with the reason; run them with
//! `cargo test --test integration rules:: -- --ignored`.

// Every built-in rule id: a contract with users' configurations.
use crate::support::CONTRACT_IDS as ALL_IDS;
use std::sync::LazyLock;
use zhenggai::rules::load_builtin;
use zhenggai::{Diagnostic, RuleSet, Severity, check_text};

const ANN: &str = include_str!("../examples/announcement.txt");
const ANN_XUNCHA: &str = include_str!("../examples/announcement-xuncha.txt");
const FAULTY: &str = include_str!("../examples/faulty.txt");
const FAULTY_EXPECT: &str = include_str!("../examples/faulty.expect.tsv");
/// A 巡视 report whose areas are the （一）（二）（三） children of `二、巡视反馈问题整改落实情况`.
const FRAMING: &str = include_str!("fixtures/rules/framing-xunshi.txt");
/// A 巡察 report whose areas are second-level `（一）在“…”方面` headings, three levels deep.
const XUNCHA_LEVELS: &str = include_str!("fixtures/rules/xuncha-second-level.txt");
/// Areas as `一、在…方面` with `（一）关于…的问题。一是…` items and no quotation marks.
const NO_QUOTES: &str = include_str!("fixtures/rules/no-quotes-areas.txt");

use Severity::{Error, Info, Warning};

// ------------------------------------------------------------------------------ helpers

fn builtin(select: &[&str]) -> RuleSet {
    let mut set = RuleSet::default();
    set.extend(load_builtin().expect("built-in rules load"))
        .expect("built-in ids are unique");
    let select: Vec<String> = select.iter().map(|s| s.to_string()).collect();
    set.configure(&select, &[]).expect("known rule ids");
    set
}

/// The rules as a plain `zhenggai check` runs them.
static DEFAULT: LazyLock<RuleSet> = LazyLock::new(|| builtin(&[]));
/// Every rule, including `fullwidth-punctuation` (off by default).
static EVERY: LazyLock<RuleSet> = LazyLock::new(|| builtin(&ALL_IDS));
/// Only `fullwidth-punctuation`, selected as `--select fullwidth-punctuation` does.
static FULLWIDTH: LazyLock<RuleSet> = LazyLock::new(|| builtin(&["fullwidth-punctuation"]));

fn run_with(rules: &RuleSet, text: &str) -> Vec<Diagnostic> {
    let report = check_text("fixture.txt", text.to_string(), false, rules);
    assert!(report.error.is_none(), "{:?}", report.error);
    assert_eq!(report.text, text, "spans must index the text as given");
    for d in &report.diagnostics {
        assert!(
            d.span.start <= d.span.end
                && text.is_char_boundary(d.span.start)
                && text.is_char_boundary(d.span.end),
            "bad span {:?} in {d:?}",
            d.span
        );
    }
    report.diagnostics
}

/// Checks `text` with the default built-in rules.
fn run(text: &str) -> Vec<zhenggai::Diagnostic> {
    run_with(&DEFAULT, text)
}

/// 1-based line of byte `at`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

fn dump(text: &str, diags: &[Diagnostic]) -> String {
    if diags.is_empty() {
        return "  (no diagnostics)".into();
    }
    diags
        .iter()
        .map(|d| {
            format!(
                "  {}:{} {}[{}] span={:?} {}",
                line_of(text, d.span.start),
                d.span.start,
                d.severity,
                d.rule,
                &text[d.span.clone()],
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `base` with the first `from` replaced by `to`; `from` must be there, so that a fixture
/// cannot pass by silently leaving the text unchanged.
#[track_caller]
fn mutate(base: &str, from: &str, to: &str) -> String {
    assert!(
        base.contains(from),
        "fixture base does not contain {from:?}"
    );
    assert_ne!(from, to, "a mutation must change the text");
    base.replacen(from, to, 1)
}

/// The clean sample with one substring replaced.
#[track_caller]
fn ann(from: &str, to: &str) -> String {
    mutate(ANN, from, to)
}

/// Asserts that `diags` holds a `rule` diagnostic of `severity` whose primary span is exactly
/// `span`; returns it.
#[track_caller]
fn find(
    text: &str,
    diags: &[Diagnostic],
    rule: &str,
    severity: Severity,
    span: &str,
) -> Diagnostic {
    let Some(d) = diags
        .iter()
        .find(|d| d.rule == rule && &text[d.span.clone()] == span)
    else {
        panic!("expected {rule} at {span:?}; got:\n{}", dump(text, diags));
    };
    assert_eq!(
        d.severity,
        severity,
        "{rule} severity; got:\n{}",
        dump(text, diags)
    );
    d.clone()
}

/// `text` must report `rule` at `span` (other findings are allowed).
#[track_caller]
fn expect(text: &str, rule: &str, severity: Severity, span: &str) -> Diagnostic {
    find(text, &run(text), rule, severity, span)
}

/// `text` must report `rule` at `span` and nothing else at all: for one-fault mutations of
/// the clean sample.
#[track_caller]
fn expect_only(text: &str, rule: &str, severity: Severity, span: &str) -> Diagnostic {
    let diags = run(text);
    let d = find(text, &diags, rule, severity, span);
    assert_eq!(
        diags.len(),
        1,
        "one fault, one diagnostic; got:\n{}",
        dump(text, &diags)
    );
    d
}

/// `text` must produce no diagnostic of any rule or severity.
#[track_caller]
fn assert_clean(text: &str) {
    let diags = run(text);
    assert!(
        diags.is_empty(),
        "expected no diagnostics; got:\n{}",
        dump(text, &diags)
    );
}

/// `text` must not report `rule` (other rules may report).
#[track_caller]
fn assert_silent(text: &str, rule: &str) {
    let diags = run(text);
    let mine: Vec<Diagnostic> = diags.iter().filter(|d| d.rule == rule).cloned().collect();
    assert!(
        mine.is_empty(),
        "{rule} must not report; got:\n{}",
        dump(text, &mine)
    );
}

#[track_caller]
fn assert_message(d: &Diagnostic, part: &str) {
    assert!(
        d.message.contains(part),
        "message of {} should contain {part:?}: {:?}",
        d.rule,
        d.message
    );
}

// ------------------------------------------------------------------------- whole samples

#[test]
fn builtin_rule_ids_are_the_contract() {
    // The 21 ids below must keep existing; new rules may be added beside them.
    let ids: Vec<String> = load_builtin()
        .expect("built-in rules load")
        .into_iter()
        .map(|r| r.meta.id)
        .collect();
    for id in ALL_IDS {
        assert!(
            ids.iter().any(|i| i == id),
            "built-in rule `{id}` is missing"
        );
    }
}

#[test]
fn fullwidth_punctuation_is_the_only_one_of_these_rules_off_by_default() {
    for id in ALL_IDS {
        let r = DEFAULT.get(id).expect("loaded");
        let on = r.meta.enabled && r.meta.severity != Severity::Off;
        assert_eq!(on, id != "fullwidth-punctuation", "{id}");
    }
}

#[test]
fn clean_samples_produce_no_diagnostics() {
    assert_clean(ANN);
    assert_clean(ANN_XUNCHA);
}

#[test]
fn clean_sample_passes_even_with_every_rule_enabled() {
    // The 巡视 sample uses full-width punctuation throughout.
    let diags = run_with(&EVERY, ANN);
    assert!(diags.is_empty(), "{}", dump(ANN, &diags));
}

#[test]
fn standalone_fixtures_are_clean() {
    assert_clean(FRAMING);
    assert_clean(XUNCHA_LEVELS);
    assert_clean(NO_QUOTES);
}

#[test]
fn faulty_sample_reports_every_seeded_fault() {
    let diags = run(FAULTY);
    let mut rows = 0;
    let mut seeded = Vec::new();
    for row in FAULTY_EXPECT
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
    {
        let mut cols = row.split('\t');
        let line: usize = cols.next().unwrap().parse().expect("line number");
        let rule = cols.next().expect("rule column");
        assert!(ALL_IDS.contains(&rule), "unknown rule {rule} in the .tsv");
        rows += 1;
        seeded.push(rule);
        let mine: Vec<&Diagnostic> = diags.iter().filter(|d| d.rule == rule).collect();
        assert!(
            !mine.is_empty(),
            "line {line}: {rule} not reported; got:\n{}",
            dump(FAULTY, &diags)
        );
        let at_line = |d: &&Diagnostic| line_of(FAULTY, d.span.start) == line;
        if rule == "date-order" {
            // Reported at the issue date (line 33), labelled at the 截至 date it precedes.
            let d = mine
                .iter()
                .find(|d| line_of(FAULTY, d.span.start) == 33)
                .unwrap_or_else(|| panic!("date-order not at line 33:\n{}", dump(FAULTY, &diags)));
            assert_eq!(&FAULTY[d.span.clone()], "2025年05月16日");
            assert!(
                d.labels
                    .iter()
                    .any(|l| line_of(FAULTY, l.span.start) == line
                        && &FAULTY[l.span.clone()] == "2025年6月30日"),
                "date-order should label the 截至 date on line {line}: {d:?}"
            );
        } else {
            assert!(
                mine.iter().any(at_line),
                "{rule} reported, but not on line {line}:\n{}",
                dump(FAULTY, &diags)
            );
        }
    }
    assert_eq!(rows, 14, "faulty.expect.tsv seeds 14 faults");
    // Nothing is reported that the sample does not seed.
    for d in &diags {
        assert!(
            seeded.contains(&d.rule.as_str()),
            "unexpected {}:\n{}",
            d.rule,
            dump(FAULTY, &diags)
        );
    }
}

// -------------------------------------------------------------------------- contact-format

#[test]
fn contact_format_reports_short_landline() {
    let t = ann("联系电话：0833-6217045", "联系电话：0833-621704");
    let d = expect_only(&t, "contact-format", Error, "0833-621704");
    assert_message(&d, "电话号码“0833-621704”格式不对");
    assert_eq!(&t[d.labels[0].span.clone()], "联系电话");
}

#[test]
fn contact_format_reports_local_number_starting_with_one() {
    let t = ann("联系电话：0833-6217045", "联系电话：0833-1217045");
    expect_only(&t, "contact-format", Error, "0833-1217045");
}

#[test]
fn contact_format_reports_too_long_and_missing_area_code() {
    let t = ann("联系电话：0833-6217045", "联系电话：0833-621704512");
    expect_only(&t, "contact-format", Error, "0833-621704512");
    let t = ann("联系电话：0833-6217045", "联系电话：6217045");
    expect_only(&t, "contact-format", Error, "6217045");
}

#[test]
fn contact_format_reports_short_mobile_and_hotline() {
    let t = ann("联系电话：0833-6217045", "联系电话：1390833621");
    expect_only(&t, "contact-format", Error, "1390833621");
    let t = ann("举报电话：12388", "举报电话：1238");
    expect_only(&t, "contact-format", Error, "1238");
}

#[test]
fn contact_format_takes_fullwidth_digits_but_not_other_scripts() {
    // Full-width digits are normalised first; digits of other scripts are not 0-9 (the
    // patterns say [0-9], not Unicode's \d).
    let t = ann(
        "联系电话：0833-6217045",
        "联系电话：０８３３－６２１７０４５",
    );
    let diags = run(&t);
    assert!(
        !diags.iter().any(|d| d.rule == "contact-format"),
        "{diags:?}"
    );
    let t = ann("联系电话：0833-6217045", "联系电话：٠٨٣٣-٦٢١٧٠٤٥");
    expect_only(&t, "contact-format", Error, "٠٨٣٣-٦٢١٧٠٤٥");
}

#[test]
fn contact_format_reports_fullwidth_at_sign() {
    let t = ann("lxswxszg@163.com", "lxswxszg＠163.com");
    let d = expect_only(&t, "contact-format", Error, "lxswxszg＠163.com");
    assert_message(&d, "电子邮箱");
    assert!(d.notes.iter().any(|n| n.contains("＠")), "{d:?}");
}

#[test]
fn contact_format_reports_email_without_at() {
    let t = ann("lxswxszg@163.com", "lxswxszg163.com");
    expect_only(&t, "contact-format", Error, "lxswxszg163.com");
}

#[test]
fn contact_format_reports_five_digit_postcode() {
    let t = ann("（邮编614000）", "（邮编61400）");
    let d = expect_only(&t, "contact-format", Error, "61400");
    assert_message(&d, "邮政编码");
}

#[test]
fn contact_format_accepts_the_usual_phone_forms() {
    let t = ann(
        "联系电话：0833-6217045",
        "联系电话：（0833）6217045、0833 6217046、0833-6217047转123、0833-6217048-12、\
         010-62345678、13912345678、０８３３－６２１７０４５、0833－6217049",
    );
    assert_clean(&t);
}

#[test]
fn contact_format_accepts_hotline_with_area_code_and_other_labels() {
    assert_clean(&ann("举报电话：12388", "举报电话：0833-12388"));
    assert_clean(&ann("联系电话：0833-6217045", "联系方式：0833-6217045"));
    assert_clean(&ann("联系电话：0833-6217045", "联系电话: 0833-6217045"));
    assert_clean(&ann("（邮编614000）", "，邮政编码：614000"));
}

#[test]
fn contact_format_accepts_free_mail_and_missing_postcode() {
    assert_clean(&ann("lxswxszg@163.com", "lx.xszg_2024@qq.com"));
    assert_clean(&ann("lxswxszg@163.com", "lxxszg@126.com"));
    // Postcodes are often absent; absence is not an error.
    assert_clean(&ann("（邮编614000）", ""));
}

#[test]
fn contact_format_accepts_phone_with_office_hours() {
    // Reported today: contact-format error at "0833-6217045（工作日上午8:30—12:00）".
    assert_silent(
        &ann(
            "联系电话：0833-6217045",
            "联系电话：0833-6217045（工作日上午8:30—12:00）",
        ),
        "contact-format",
    );
}

#[test]
fn contact_format_accepts_email_with_bracketed_note() {
    // Reported today: contact-format error at "lxswxszg@163.com（请注明反映事项".
    assert_silent(
        &ann(
            "电子邮箱：lxswxszg@163.com",
            "电子邮箱：lxswxszg@163.com（请注明反映事项）",
        ),
        "contact-format",
    );
}

// ---------------------------------------------------------------------------- contact-info

const CONTACT_LINE: &str = "联系电话：0833-6217045；举报电话：12388；邮政信箱：临溪市人民大道88号市委办公室（邮编614000）；电子邮箱：lxswxszg@163.com。";

#[test]
fn contact_info_reports_missing_channels_at_the_signature() {
    let t = ann(CONTACT_LINE, "");
    let d = expect_only(&t, "contact-info", Error, "中共临溪市委");
    assert_message(&d, "联系电话、邮政信箱或电子邮箱");
}

#[test]
fn contact_info_does_not_count_a_postcode_as_a_channel() {
    let t = ann(CONTACT_LINE, "邮编614000。");
    expect_only(&t, "contact-info", Error, "中共临溪市委");
}

#[test]
fn contact_info_reports_at_the_last_line_without_signature() {
    // The last line's first clause (a missing element points at a short span).
    let t = "根据省委统一部署，省委第五巡视组对临溪市开展了巡视。\n欢迎广大干部群众进行监督。";
    expect(t, "contact-info", Error, "欢迎广大干部群众进行监督");
}

#[test]
fn contact_info_accepts_any_one_channel() {
    for to in [
        "举报电话：12388。",
        "邮政信箱：临溪市第216号邮政专用信箱。",
        "电子邮箱：lxswxszg@163.com。",
        "联系电话：0833-6217045。",
    ] {
        assert_clean(&ann(CONTACT_LINE, to));
    }
}

// ----------------------------------------------------------------------------- date-format

const SIGNED: &str = "中共临溪市委\n2025年5月16日";

#[track_caller]
fn issue_date(written: &str) -> String {
    ann(SIGNED, &format!("中共临溪市委\n{written}"))
}

#[test]
fn date_format_reports_zero_padding() {
    let t = issue_date("2025年05月16日");
    let d = expect_only(&t, "date-format", Warning, "2025年05月16日");
    assert_message(&d, "不编虚位");
    assert_message(&d, "应为“2025年5月16日”");
}

#[test]
fn date_format_reports_chinese_numerals() {
    let t = issue_date("二〇二五年五月十六日");
    let d = expect_only(&t, "date-format", Warning, "二〇二五年五月十六日");
    assert_message(&d, "阿拉伯数字");
    assert_message(&d, "应为“2025年5月16日”");
}

#[test]
fn date_format_reports_wrong_zeros_in_chinese_years() {
    for written in [
        "二零二五年五月十六日",
        "二○二五年五月十六日",
        "二O二五年五月十六日",
    ] {
        let t = issue_date(written);
        let d = expect(&t, "date-format", Warning, written);
        assert_message(&d, "〇");
        // year-zero reports the wrong zero itself (and fixes it); nothing else fires.
        let zero: String = written.chars().nth(1).into_iter().collect();
        expect(&t, "year-zero", Warning, &zero);
        assert_eq!(run(&t).len(), 2, "{}", dump(&t, &run(&t)));
    }
}

#[test]
fn date_format_reports_short_year_hao_and_fullwidth_digits() {
    let d = expect_only(
        &issue_date("25年5月16日"),
        "date-format",
        Warning,
        "25年5月16日",
    );
    assert_message(&d, "四位");
    let d = expect_only(
        &issue_date("2025年5月16号"),
        "date-format",
        Warning,
        "2025年5月16号",
    );
    assert_message(&d, "“日”");
    let t = issue_date("２０２５年５月１６日");
    let d = expect_only(&t, "date-format", Warning, "２０２５年５月１６日");
    assert_message(&d, "半角");
}

#[test]
fn date_format_concerns_only_the_issue_date() {
    // A zero-padded date in the body is not the 成文日期.
    assert_clean(&ann("2025年2月20日", "2025年02月20日"));
    assert_clean(&issue_date("2025年5月16日\n"));
    assert_clean(&ann(SIGNED, "　　　　中共临溪市委\n　　　　2025年5月16日"));
}

// ---------------------------------------------------------------------------- date-invalid

#[test]
fn date_invalid_reports_february_29_of_a_common_year() {
    let t = ann("2025年2月20日", "2025年2月29日");
    let d = expect_only(&t, "date-invalid", Error, "2025年2月29日");
    assert_message(&d, "2月只有28天");
}

#[test]
fn date_invalid_reports_april_31_and_month_13() {
    let t = ann("截至2025年4月30日", "截至2025年4月31日");
    let d = expect_only(&t, "date-invalid", Error, "2025年4月31日");
    assert_message(&d, "4月只有30天");
    let t = ann("2025年2月20日", "2025年13月20日");
    let d = expect_only(&t, "date-invalid", Error, "2025年13月20日");
    assert_message(&d, "没有13月");
}

#[test]
fn date_invalid_reports_an_impossible_header_date() {
    let t = ann("2025-05-16 09:30", "2025-02-30 09:30");
    expect(&t, "date-invalid", Error, "2025-02-30");
}

#[test]
fn date_invalid_accepts_leap_day() {
    assert_clean(&ann("2025年2月20日", "2024年2月29日"));
}

#[test]
fn plan_names_and_sessions_are_not_dates() {
    // 《…（2021-2035年）》 is already in the clean sample; add a range of years, a 届 and a 次.
    let t = ann(
        "编制城市更新专项规划，",
        "编制《临溪市城市更新专项规划（2024—2026年）》，经十二届市委第57次常委会会议审议，",
    );
    assert_clean(&t);
    assert!(ANN.contains("（2021-2035年）"));
}

// --------------------------------------------------------------------------- date-mismatch

#[test]
fn date_mismatch_reports_header_differing_from_issue_date() {
    let t = ann("2025-05-16 09:30", "2025-05-18 09:30");
    let d = expect_only(&t, "date-mismatch", Warning, "2025年5月16日");
    assert_message(&d, "发布日期2025年5月18日");
    assert_eq!(&t[d.labels[0].span.clone()], "2025-05-18");
}

#[test]
fn date_mismatch_accepts_missing_header() {
    assert_clean(&ann("2025-05-16 09:30 青川省纪委监委网站\n", ""));
}

// ------------------------------------------------------------------------------ date-order

#[test]
fn date_order_reports_as_of_date_after_issue_date() {
    let t = ann("截至2025年4月30日", "截至2025年6月30日");
    let d = expect_only(&t, "date-order", Error, "2025年5月16日");
    assert_message(&d, "成文日期2025年5月16日早于截至日期2025年6月30日");
    assert_eq!(&t[d.labels[0].span.clone()], "2025年6月30日");
}

#[test]
fn date_order_reports_feedback_before_period_end() {
    let t = ann("9月3日，省委第五巡视组", "2024年7月3日，省委第五巡视组");
    let d = expect_only(&t, "date-order", Error, "2024年7月3日");
    assert_message(
        &d,
        "反馈日期2024年7月3日早于巡视（巡察）结束日期2024年7月12日",
    );
}

#[test]
fn date_order_reports_as_of_date_before_feedback() {
    let t = ann("截至2025年4月30日", "截至2024年8月30日");
    expect_only(&t, "date-order", Error, "2024年8月30日");
}

#[test]
fn date_order_reports_period_end_before_start() {
    let t = ann("2024年5月6日至7月12日", "2024年8月6日至2024年7月12日");
    expect_only(&t, "date-order", Error, "2024年7月12日");
}

#[test]
fn date_order_reports_ambiguous_inherited_year_of_range_end() {
    let t = ann("2024年5月6日至7月12日", "2024年11月6日至1月12日");
    let d = expect(&t, "date-order", Error, "1月12日");
    assert_message(&d, "未写年份");
    assert_message(&d, "2024年1月12日");
}

#[test]
fn date_order_reports_ambiguous_bare_feedback_date() {
    let t = ann(
        "2024年5月6日至7月12日，省委第五巡视组对临溪市开展了常规巡视。9月3日",
        "2024年10月8日至12月20日，省委第五巡视组对临溪市开展了常规巡视。1月8日",
    );
    let d = expect_only(&t, "date-order", Error, "1月8日");
    assert_message(&d, "按上文推定为2024年1月8日会使时间倒流");
}

#[test]
fn date_order_accepts_ranges_across_years() {
    assert_clean(&ann(
        "2024年5月6日至7月12日",
        "2023年11月10日至2024年1月12日",
    ));
    assert_clean(&ann(
        "2024年5月6日至7月12日，省委第五巡视组对临溪市开展了常规巡视。9月3日",
        "2024年10月8日至12月20日，省委第五巡视组对临溪市开展了常规巡视。2025年1月8日",
    ));
}

// -------------------------------------------------------------------------- declared-items

const STILL_OPEN: &str = "还有3个问题整改不到位";

#[test]
fn declared_items_reports_count_differing_from_sub_items() {
    let t = ann(STILL_OPEN, "还有4个问题整改不到位");
    let d = expect_only(&t, "declared-items", Warning, "4");
    assert_message(&d, "还有4个问题，但其下列出3项");
    assert_eq!(&t[d.labels[0].span.clone()], "五、");
}

#[test]
fn declared_items_reads_chinese_numerals() {
    let t = ann(STILL_OPEN, "还有两个问题整改不到位");
    expect_only(&t, "declared-items", Warning, "两");
}

#[test]
fn declared_items_accepts_matching_count() {
    assert_clean(&ann(STILL_OPEN, "还有三个问题整改不到位"));
}

// ----------------------------------------------------------------------- declared-sections

#[test]
fn declared_sections_reports_more_areas_declared_than_written() {
    let t = ann("五个方面24个问题", "六个方面24个问题");
    let d = expect_only(&t, "declared-sections", Error, "六");
    assert_message(&d, "反馈了6个方面的问题，但正文有5个方面");
}

#[test]
fn declared_sections_reports_arabic_and_fullwidth_counts() {
    let t = ann("五个方面24个问题", "4个方面24个问题");
    let d = expect_only(&t, "declared-sections", Error, "4");
    assert_message(&d, "正文有5个方面");
    let t = ann("五个方面24个问题", "６个方面24个问题");
    expect_only(&t, "declared-sections", Error, "６");
}

#[test]
fn declared_sections_reports_a_dropped_section() {
    let cut = ANN.find("五、关于").unwrap();
    let end = ANN.find("下一步，市委").unwrap();
    let t = format!("{}{}", &ANN[..cut], &ANN[end..]);
    let d = expect_only(&t, "declared-sections", Error, "五");
    assert_message(&d, "正文有4个方面");
}

#[test]
fn declared_sections_counts_children_of_a_framing_heading() {
    assert!(FRAMING.contains("二、巡视反馈问题整改落实情况"));
    assert_clean(FRAMING);
    let t = mutate(FRAMING, "三个方面11个问题", "四个方面11个问题");
    let d = expect_only(&t, "declared-sections", Error, "四");
    assert_message(&d, "正文有3个方面");
}

#[test]
fn declared_sections_counts_second_level_areas_in_xuncha_reports() {
    assert_clean(XUNCHA_LEVELS);
    let t = mutate(XUNCHA_LEVELS, "两个方面9个问题", "三个方面9个问题");
    let d = expect_only(&t, "declared-sections", Error, "三");
    assert_message(&d, "正文有2个方面");
}

#[test]
fn declared_sections_counts_unquoted_top_level_areas() {
    assert_clean(NO_QUOTES);
    let t = mutate(NO_QUOTES, "两个方面8个问题", "三个方面8个问题");
    expect_only(&t, "declared-sections", Error, "三");
}

#[test]
fn declared_sections_accepts_framing_heading_variants() {
    for h in [
        "二、巡视反馈意见整改落实情况",
        "二、巡视反馈问题整改进展情况",
        "二、省委巡视反馈问题整改情况",
        "二、对巡视反馈意见的整改情况",
    ] {
        assert_clean(&mutate(FRAMING, "二、巡视反馈问题整改落实情况", h));
    }
}

#[test]
fn declared_sections_accepts_framing_heading_starting_with_guanyu() {
    // Reported today: declared-sections error at "三": 反馈了3个方面…但正文有1个方面.
    let t = mutate(
        FRAMING,
        "二、巡视反馈问题整改落实情况",
        "二、关于巡视反馈问题的整改落实情况",
    );
    assert_clean(&t);
}

#[test]
fn declared_sections_accepts_aggregate_report_without_area_sections() {
    let t = "中共梧岭县委巡察工作领导小组关于十五届县委第二轮巡察整改情况的通报\n\
根据县委统一部署，2024年4月8日至5月24日，县委四个巡察组对梧岭县18个单位开展了常规巡察。6月27日，各巡察组向被巡察单位反馈了巡察意见。\n\
被巡察单位党组织对照反馈的三个方面126个问题，制定整改措施418条，截至2024年11月30日，126个问题中已完成整改121个，其余5个正在推进，整改完成率96.0%。\n\
欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0736-7213388。\n\
中共梧岭县委巡察工作领导小组办公室\n\
2024年12月10日";
    assert_clean(t);
}

// --------------------------------------------------------------------------- feedback-date

#[test]
fn feedback_date_reports_feedback_sentence_without_date() {
    let t = ann("9月3日，省委第五巡视组向", "随后，省委第五巡视组向");
    let intro = t.lines().nth(2).unwrap();
    assert!(intro.starts_with("根据省委统一部署"));
    // At the inspecting group, not the whole intro paragraph.
    let d = expect_only(&t, "feedback-date", Error, "省委第五巡视组");
    assert!(d.notes.iter().any(|n| n.contains("反馈了巡视意见")));
    assert_message(&d, "反馈巡视（巡察）意见的日期");
}

#[test]
fn feedback_date_accepts_other_phrasings() {
    assert_clean(&ann(
        "开展了常规巡视。9月3日，省委第五巡视组向临溪市委反馈了巡视意见。",
        "开展了常规巡视，并于9月3日向临溪市委反馈了巡视意见。",
    ));
    assert_clean(&ann(
        "9月3日，省委第五巡视组向临溪市委反馈了巡视意见。",
        "9月3日，省委第五巡视组召开巡视反馈会议。",
    ));
    assert_clean(&ann(
        "9月3日，省委第五巡视组",
        "2024年9月3日，省委第五巡视组",
    ));
}

// ------------------------------------------------------------------- fullwidth-punctuation

#[test]
fn fullwidth_punctuation_is_off_by_default() {
    let t = ann("按照巡视工作有关要求，现将", "按照巡视工作有关要求,现将");
    assert_clean(&t);
    // The 巡察 sample is a web copy with half-width commas and brackets.
    assert_clean(ANN_XUNCHA);
}

#[test]
fn fullwidth_punctuation_reports_half_width_comma_when_selected() {
    let t = ann("按照巡视工作有关要求，现将", "按照巡视工作有关要求,现将");
    let diags = run_with(&FULLWIDTH, &t);
    let d = find(&t, &diags, "fullwidth-punctuation", Info, ",");
    assert_message(&d, "全角“，”");
    assert_eq!(diags.len(), 1, "{}", dump(&t, &diags));
}

#[test]
fn fullwidth_punctuation_reports_semicolon_and_brackets_when_selected() {
    let t = ann("研究整改思路；随后", "研究整改思路;随后");
    let diags = run_with(&FULLWIDTH, &t);
    find(&t, &diags, "fullwidth-punctuation", Info, ";");
    let t = ann("县（区）和市直", "县(区)和市直");
    let diags = run_with(&FULLWIDTH, &t);
    find(&t, &diags, "fullwidth-punctuation", Info, "(");
    let d = find(&t, &diags, "fullwidth-punctuation", Info, ")");
    assert_message(&d, "全角“）”");
    assert!(!run_with(&FULLWIDTH, ANN_XUNCHA).is_empty());
}

#[test]
fn fullwidth_punctuation_ignores_ascii_between_digits_and_latin() {
    // Times, thousands separators, decimals, dashes and email addresses.
    let t = ann(
        "清理拖欠中小企业账款2.37亿元",
        "清理拖欠中小企业账款2,370.5万元",
    );
    assert!(run_with(&FULLWIDTH, &t).is_empty());
    assert!(run_with(&FULLWIDTH, ANN).is_empty());
}

// ----------------------------------------------------------------------- inspection-period

#[test]
fn inspection_period_reports_missing_period_at_the_group() {
    let t = ann("2024年5月6日至7月12日，", "");
    let d = expect_only(&t, "inspection-period", Error, "省委第五巡视组");
    assert_message(&d, "开展巡视（巡察）的起止日期");
}

#[test]
fn inspection_period_reports_start_without_end() {
    let t = ann("2024年5月6日至7月12日", "2024年5月6日");
    expect_only(&t, "inspection-period", Error, "省委第五巡视组");
}

#[test]
fn inspection_period_reports_missing_group() {
    let t = "中共临溪市委关于巡视整改情况的通报\n现将整改情况公布如下。\n联系电话：0833-6217045。\n中共临溪市委\n2025年5月16日";
    // At the title, where the intro belongs.
    let d = expect(
        t,
        "inspection-period",
        Error,
        "中共临溪市委关于巡视整改情况的通报",
    );
    assert_message(&d, "巡视（巡察）组");
}

#[test]
fn inspection_period_accepts_range_forms() {
    assert_clean(&ann("2024年5月6日至7月12日", "2024年5月6日—7月12日"));
    assert_clean(&ann("2024年5月6日至7月12日", "2024年5月6日到2024年7月12日"));
    assert_clean(&ann("2024年5月6日至7月12日", "2024年5月6日至2024年7月12日"));
    assert_clean(&ann("对临溪市开展了常规巡视", "对临溪市进行了常规巡视"));
}

#[test]
fn inspection_period_accepts_jinzhu_phrasing() {
    // Reported today: inspection-period and feedback-date errors on the intro paragraph.
    let t = ann(
        "省委第五巡视组对临溪市开展了常规巡视",
        "省委第五巡视组进驻临溪市开展常规巡视",
    );
    assert_clean(&t);
}

// --------------------------------------------------------------------------- obsolete-term

#[test]
fn obsolete_term_reports_zhengji_chufen() {
    let t = ann("给予政务处分4人", "给予政纪处分4人");
    let d = expect_only(&t, "obsolete-term", Warning, "政纪处分");
    assert_message(&d, "应为“政务处分”");
}

#[test]
fn obsolete_term_reports_dangji_zhengji_once() {
    let t = "整改期间共给予党纪政纪处分9人。";
    let diags: Vec<Diagnostic> = run(t)
        .into_iter()
        .filter(|d| d.rule == "obsolete-term")
        .collect();
    assert_eq!(diags.len(), 1, "{}", dump(t, &diags));
    let d = find(t, &diags, "obsolete-term", Warning, "党纪政纪处分");
    assert_message(&d, "应为“党纪政务处分”");
}

#[test]
fn obsolete_term_reports_shuanggui_and_lianggui() {
    let t = ann(
        "查处违反中央八项规定精神问题31起，",
        "查处违反中央八项规定精神问题31起，对过去采取“双规”措施形成的案卷全部移交档案部门，",
    );
    let d = expect_only(&t, "obsolete-term", Warning, "双规");
    assert_message(&d, "应为“留置”");
    let t = ann(
        "查处违反中央八项规定精神问题31起，",
        "查处违反中央八项规定精神问题31起，清理两规档案，",
    );
    expect_only(&t, "obsolete-term", Warning, "两规");
}

#[test]
fn obsolete_term_accepts_shuangguifan_and_similar_words() {
    assert_clean(&ann(
        "大力精简文件会议，",
        "大力精简文件会议，推行双规范管理，落实“两规划”衔接和两规则协同，严格执行双规格审查，",
    ));
}

// ----------------------------------------------------------------------------- placeholder

#[test]
fn placeholder_reports_xx_count() {
    let t = ann("新增养老床位1350张", "新增养老床位XX张");
    let d = expect_only(&t, "placeholder", Error, "XX");
    assert_message(&d, "“XX”");
}

#[test]
fn placeholder_reports_pending_notes_and_todo() {
    let t = ann("新增养老床位1350张", "新增养老床位1350张（具体数据待补充）");
    expect_only(&t, "placeholder", Error, "待补充");
    let t = ann("打通断头路9条。", "打通断头路9条。TODO");
    expect_only(&t, "placeholder", Error, "TODO");
}

#[test]
fn placeholder_reports_placeholder_dates() {
    let t = ann("2025年2月20日", "2025年X月X日");
    expect_only(&t, "placeholder", Error, "X月X日");
    // The span starts at 月: the regex starts with its literal so the engine can skip to it.
    let t = ann("2025年2月20日", "2025年5月X日");
    expect_only(&t, "placeholder", Error, "月X日");
}

#[test]
fn placeholder_reports_empty_brackets_crosses_and_blanks() {
    let t = ann("实现收益3.86亿元", "实现收益【】亿元");
    expect_only(&t, "placeholder", Error, "【】");
    let t = ann(SIGNED, "中共××市委\n2025年5月16日");
    expect_only(&t, "placeholder", Error, "××");
    let t = ann("打通断头路9条", "打通断头路___条");
    expect_only(&t, "placeholder", Error, "___");
    let t = ann("诫勉26人", "诫勉xx人");
    expect_only(&t, "placeholder", Error, "xx");
}

#[test]
fn placeholder_accepts_x_in_names_and_emails() {
    assert_clean(&ann(
        "大力精简文件会议，",
        "大力精简文件会议，构建“1+6+X”监督体系和“X+1”服务模式，",
    ));
    assert_clean(&ann("lxswxszg@163.com", "lxxxzg@163.com"));
}

// --------------------------------------------------------------------------- progress-rate

const PROGRESS: &str = "24个问题中已完成整改21个，其余3个正在按计划推进，整改完成率87.5%";

#[test]
fn progress_rate_reports_rate_differing_from_quotient() {
    let t = ann(
        PROGRESS,
        "24个问题中已完成整改21个，其余3个正在按计划推进，整改完成率88.5%",
    );
    let d = expect_only(&t, "progress-rate", Error, "88.5%");
    assert_message(&d, "完成率写作88.5%，但21÷24为87.5%");
}

#[test]
fn progress_rate_reports_integer_and_fullwidth_rates() {
    let t = ann(
        PROGRESS,
        "24个问题中已完成整改21个，其余3个正在按计划推进，整改完成率达90%",
    );
    expect_only(&t, "progress-rate", Error, "90%");
    let t = ann(
        PROGRESS,
        "２４个问题中已完成整改２１个，其余３个正在按计划推进，整改完成率９０％",
    );
    expect_only(&t, "progress-rate", Error, "９０％");
}

#[test]
fn progress_rate_does_not_count_basically_done() {
    // 基本完成 is not done: 688/697 = 98.71%, not 100%.
    let t = ann(
        PROGRESS,
        "697个问题中已完成整改688个，基本完成9个，整改完成率100%",
    );
    let d = expect_only(&t, "progress-rate", Error, "100%");
    assert_message(&d, "688÷697为98.7%");
}

#[test]
fn progress_rate_accepts_rounded_rates() {
    // 23/26 = 88.46% → 88.5%.
    for to in [
        "26个问题中已完成整改23个，其余3个正在按计划推进，整改完成率88.5%",
        "697个问题中已完成整改688个，基本完成9个，整改完成率98.7%",
        "25个问题中已完成整改19个、正在整改6个，整改完成率76%",
        "24个问题中已完成整改21个，其余3个正在按计划推进，整改完成率为87.50%",
        "２４个问题中已完成整改２１个，其余３个正在按计划推进，整改完成率87.5%",
    ] {
        assert_clean(&ann(PROGRESS, to));
    }
}

#[test]
fn progress_rate_reports_fullwidth_decimal_rate() {
    // Reported today: nothing (the integer ９０％ is reported, see above).
    let t = ann(
        PROGRESS,
        "２４个问题中已完成整改２１个，其余３个正在按计划推进，整改完成率８８.５％",
    );
    expect_only(&t, "progress-rate", Error, "８８.５％");
}

// ---------------------------------------------------------------------------- progress-sum

#[test]
fn progress_sum_reports_done_plus_rest_not_total() {
    let t = ann(
        PROGRESS,
        "24个问题中已完成整改21个，其余2个正在按计划推进，整改完成率87.5%",
    );
    let d = expect_only(&t, "progress-sum", Error, "21");
    assert_message(&d, "已完成21个与其余2个相加为23个，与总数24个不符");
}

#[test]
fn progress_sum_reports_done_exceeding_total() {
    let t = ann("96项整改措施已完成90项", "96项整改措施已完成98项");
    let d = expect_only(&t, "progress-sum", Error, "98");
    assert_message(&d, "已完成98项与其余6项相加为104项，与总数96项不符");
}

#[test]
fn progress_sum_reports_when_total_and_done_are_in_separate_clauses() {
    let t = ann(
        PROGRESS,
        "反馈的24个问题中，已完成整改21个，其余2个正在按计划推进，整改完成率87.5%",
    );
    expect_only(&t, "progress-sum", Error, "21");
}

#[test]
fn progress_sum_counts_basically_done_as_rest() {
    assert_clean(&ann(
        PROGRESS,
        "24个问题中已完成整改19个，基本完成2个，其余3个正在按计划推进，整改完成率79.2%",
    ));
}

// ----------------------------------------------------------------------- section-numbering

#[test]
fn section_numbering_reports_skipped_sub_item() {
    let t = ann("（二）持续优化营商环境", "（三）持续优化营商环境");
    let d = expect_only(&t, "section-numbering", Error, "（三）");
    assert_message(&d, "序号应为“（二）”，这里写作“（三）”");
}

#[test]
fn section_numbering_reports_repeated_sub_item() {
    let t = ann("（二）持续优化营商环境", "（一）持续优化营商环境");
    expect_only(&t, "section-numbering", Error, "（一）");
}

#[test]
fn section_numbering_reports_top_level_gap_and_bad_start() {
    let t = ann("四、关于“全面从严治党", "五、关于“全面从严治党");
    let d = expect_only(&t, "section-numbering", Error, "五、");
    assert_message(&d, "序号应为“四、”");
    let t = ann("一、关于“贯彻落实", "二、关于“贯彻落实");
    expect_only(&t, "section-numbering", Error, "二、");
}

#[test]
fn section_numbering_reports_inline_enumeration_gap() {
    let t = ann("二是压实责任抓落实", "三是压实责任抓落实");
    let d = expect_only(&t, "section-numbering", Error, "三是");
    assert_message(&d, "序号应为“二是”");
    let t = mutate(NO_QUOTES, "三是落实养护资金", "四是落实养护资金");
    expect_only(&t, "section-numbering", Error, "四是");
}

#[test]
fn section_numbering_reports_third_and_fourth_levels() {
    let t = mutate(XUNCHA_LEVELS, "2.关于“安全生产", "1.关于“安全生产");
    expect_only(&t, "section-numbering", Error, "1.");
    let t = mutate(XUNCHA_LEVELS, "（2）对群众", "（3）对群众");
    expect_only(&t, "section-numbering", Error, "（3）");
    let t = mutate(FRAMING, "（二）关于全面从严治党", "（三）关于全面从严治党");
    expect_only(&t, "section-numbering", Error, "（三）");
}

#[test]
fn section_numbering_restarts_under_each_parent() {
    // Every area of the clean sample restarts at （一）, the 巡察 fixtures restart 1. and （1）,
    // and each paragraph's 一是 starts a new enumeration.
    assert_clean(ANN);
    assert_clean(XUNCHA_LEVELS);
    assert_clean(NO_QUOTES);
}

// ------------------------------------------------------------------------------- signature

#[test]
fn signature_reports_date_without_issuing_body() {
    let t = ann(SIGNED, "2025年5月16日");
    let d = expect_only(&t, "signature", Error, "2025年5月16日");
    assert_message(&d, "发文机关署名");
}

#[test]
fn signature_reports_missing_block_at_the_last_line() {
    let t = ann(&format!("\n{SIGNED}"), "");
    let last = t.lines().last().unwrap();
    assert!(last.starts_with("欢迎广大干部群众"));
    // The last line's first clause.
    let first_clause = last.split('，').next().unwrap();
    expect_only(&t, "signature", Error, first_clause);
}

#[test]
fn signature_accepts_party_groups_and_body_without_date() {
    for to in [
        "临溪市交通投资集团有限公司党委\n2025年5月16日",
        "中共临溪市委",
        "中共临溪市委\n2025年5月16日\n\n",
    ] {
        assert_clean(&ann(SIGNED, to));
    }
}

// --------------------------------------------------------------------------- tally-category

const DANGJI: &str =
    "（党内警告15人，党内严重警告11人，撤销党内职务3人，留党察看4人，开除党籍5人）";

#[test]
fn tally_category_reports_chezhi_in_party_discipline() {
    let t = ann("撤销党内职务3人", "撤职3人");
    let d = expect_only(&t, "tally-category", Error, "撤职");
    assert_message(&d, "党纪处分的分项中列有“撤职”，它属于政务处分");
    assert_eq!(&t[d.labels[0].span.clone()], "党纪处分");
}

#[test]
fn tally_category_reports_party_terms_in_government_sanctions() {
    let t = ann("记大过2人", "严重警告2人");
    let d = expect_only(&t, "tally-category", Error, "严重警告");
    assert_message(&d, "它属于党纪处分");
    let t = ann("撤职1人，开除1人", "撤职1人，开除党籍1人");
    expect_only(&t, "tally-category", Error, "开除党籍");
}

#[test]
fn tally_category_reports_jiangji_in_organisational_handling() {
    let t = ann("降职3人", "降级3人");
    let d = expect_only(&t, "tally-category", Error, "降级");
    assert_message(&d, "组织处理的分项中列有“降级”");
}

#[test]
fn tally_category_reports_jiemian_and_bare_kaichu_in_party_discipline() {
    let t = ann("开除党籍5人），政务", "诫勉5人），政务");
    let d = expect_only(&t, "tally-category", Error, "诫勉");
    assert_message(&d, "不是处分");
    let t = ann("开除党籍5人），政务", "开除公职5人），政务");
    expect_only(&t, "tally-category", Error, "开除公职");
}

#[test]
fn tally_category_accepts_kaichu_dangji_in_party_discipline() {
    assert!(ANN.contains(DANGJI));
    assert_clean(&ann(
        DANGJI,
        "（党内警告15人，党内严重警告11人，撤销党内职务3人，留党察看二年4人，开除党籍5人）",
    ));
    let t = "给予党纪处分3人（留党察看一年1人，开除党籍2人），政务处分2人（降级1人，开除公职1人），组织处理4人（停职检查1人，责令辞职1人，降职2人）。";
    assert_silent(t, "tally-category");
    assert_silent(t, "tally-sum");
}

#[test]
fn tally_category_treats_the_combined_category_as_its_own() {
    // 党纪政务处分 lists 党纪处分 and 政务处分; it is not mistaken for 政务处分.
    assert!(ANN.contains("党纪政务处分44人（其中党纪处分38人、政务处分14人）"));
    assert_clean(ANN);
}

// -------------------------------------------------------------------------------- tally-sum

#[test]
fn tally_sum_reports_partition_off_by_one() {
    let t = ann(
        "给予党纪处分9人（党内警告4人，党内严重警告3人，撤销党内职务1人，开除党籍1人）",
        "给予党纪处分58人（党内警告35人，严重警告7人，留党察看4人，开除党籍13人）",
    );
    let d = expect_only(&t, "tally-sum", Error, "58人");
    assert_message(&d, "分项相加为59人");
    assert_message(&d, "差+1人");
    assert_eq!(d.labels.len(), 4);
}

#[test]
fn tally_sum_reports_partition_in_the_statistics_paragraph() {
    let t = ann("党内警告15人", "党内警告16人");
    let d = expect_only(&t, "tally-sum", Error, "38人");
    assert_message(&d, "党纪处分合计38人，但分项相加为39人");
}

#[test]
fn tally_sum_reports_subset_exceeding_total() {
    let t = ann("诫勉26人", "问责30人，其中诫勉26人、组织处理5人");
    let d = expect_only(&t, "tally-sum", Error, "30人");
    assert_message(&d, "“其中”所列分项相加为31人，超过合计");
}

#[test]
fn tally_sum_reports_four_forms_not_adding_up() {
    let t = ann("第二种形态201人次", "第二种形态202人次");
    let d = expect_only(&t, "tally-sum", Error, "958人次");
    assert_message(&d, "分项相加为959人次");
}

#[test]
fn tally_sum_reports_four_form_shares_not_adding_to_100() {
    let t = ann("占71.9%", "占72.9%");
    let d = expect_only(&t, "tally-sum", Error, "958人次");
    assert_message(&d, "占比相加为101.0%");
    let shares: Vec<&str> = d.labels.iter().map(|l| &t[l.span.clone()]).collect();
    assert_eq!(shares, ["72.9%", "21.0%", "4.3%", "2.8%"]);
}

#[test]
fn tally_sum_reports_money_beyond_rounding() {
    let t = ann("118.5万元", "119.5万元");
    let d = expect_only(&t, "tally-sum", Error, "326.8万元");
    assert_message(&d, "分项相加为327.8万元");
}

#[test]
fn tally_sum_normalises_money_units() {
    let t = ann(
        "推动挽回经济损失1.42亿元",
        "推动挽回经济损失1.3亿元（追回违规资金3000万元，挽回损失9000万元）",
    );
    let d = expect_only(&t, "tally-sum", Error, "1.3亿元");
    assert_message(&d, "分项相加为1.2亿元");
    assert_clean(&ann(
        "推动挽回经济损失1.42亿元",
        "推动挽回经济损失1.2亿元（追回违规资金3000万元，挽回损失9000万元）",
    ));
}

#[test]
fn tally_sum_reports_overlapping_part_larger_than_combined_total() {
    let t = ann("其中党纪处分38人", "其中党纪处分46人");
    let d = expect_only(&t, "tally-sum", Error, "46人");
    assert_message(&d, "分项46人超过");
}

#[test]
fn tally_sum_accepts_overlapping_party_and_government_sanctions() {
    // 38 + 14 > 44: one person can receive both.
    assert!(ANN.contains("党纪政务处分44人（其中党纪处分38人、政务处分14人）"));
    assert_clean(ANN);
    assert_clean(&ann(
        "全市合计给予党纪政务处分44人（其中党纪处分38人、政务处分14人）",
        "全市合计给予党纪政务处分44人，其中党纪处分38人、政务处分14人",
    ));
    assert_silent(
        "整改期间合计给予党纪政务处分52人（其中党纪处分47人、政务处分15人）。",
        "tally-sum",
    );
}

#[test]
fn tally_sum_does_not_reconcile_ren_with_renci() {
    assert_clean(&ann(
        "诫勉26人。",
        "诫勉26人，开展提醒谈话52人次（涉及干部47人）。",
    ));
    assert_clean(&ann("诫勉26人。", "诫勉26人，其中重复提醒谈话31人次。"));
    assert_clean(&ann("处理958人次", "处理958人"));
}

#[test]
fn tally_sum_allows_rounding_slack_in_money() {
    // 23.6 + 7.4 + 1.1 + 1.2 = 33.3, published as 33.2.
    assert_clean(&ann(
        "清退收缴各类违规资金共计326.8万元（清退违规发放津补贴118.5万元，追缴违规占用专项资金152.6万元，收回超标准报销费用55.7万元）",
        "清退收缴各类违规资金共计33.2万元（退缴违纪款23.6万元，追缴违规资金7.4万元，收回多发补贴1.1万元，纠正违规报销1.2万元）",
    ));
}

#[test]
fn tally_sum_treats_partial_four_forms_as_a_subset() {
    assert_clean(&ann(
        "、第三种形态41人次（占4.3%）、第四种形态27人次（占2.8%）",
        "",
    ));
}

#[test]
fn tally_sum_accepts_overlap_under_other_total_names() {
    // Reported today: tally-sum error at "44人": 分项相加为52人，超过合计.
    for total in [
        "全市共处分44人（其中党纪处分38人、政务处分14人）",
        "全市合计给予党纪处分和政务处分44人（其中党纪处分38人、政务处分14人）",
    ] {
        assert_clean(&ann(
            "全市合计给予党纪政务处分44人（其中党纪处分38人、政务处分14人）",
            total,
        ));
    }
}

#[test]
fn tally_sum_accepts_overlap_under_obsolete_total_name() {
    // Reported today: obsolete-term warning (right) and tally-sum error at "44人" (wrong).
    let t = ann("党纪政务处分44人", "党纪政纪处分44人");
    expect_only(&t, "obsolete-term", Warning, "党纪政纪处分");
}

#[test]
fn tally_sum_ends_qizhong_list_at_next_category() {
    // Reported today: tally-sum error at "12人": “其中”所列分项相加为19人，超过合计.
    let t = ann(
        &format!("给予党纪处分38人{DANGJI}，政务处分14人"),
        "给予党纪处分12人，其中开除党籍5人，政务处分14人",
    );
    assert_silent(&t, "tally-sum");
}

// ------------------------------------------------------------------------ term-consistency

#[test]
fn term_consistency_reports_xuncha_in_feedback_sentence() {
    let t = ann("反馈了巡视意见", "反馈了巡察意见");
    let d = expect_only(&t, "term-consistency", Warning, "巡察");
    assert_message(&d, "本文是巡视整改通报，此处却写作“巡察”");
}

#[test]
fn term_consistency_reports_title_intro_and_headings() {
    let t = ann("关于省委巡视整改进展情况", "关于省委巡察整改进展情况");
    expect_only(&t, "term-consistency", Warning, "巡察");
    let t = ann("开展了常规巡视", "开展了常规巡察");
    expect_only(&t, "term-consistency", Warning, "巡察");
    let t = ann(
        "不够有力”问题的整改情况\n（一）压实",
        "不够有力”问题的巡察整改情况\n（一）压实",
    );
    expect_only(&t, "term-consistency", Warning, "巡察");
}

#[test]
fn term_consistency_reports_xunshi_in_a_xuncha_report() {
    let t = mutate(XUNCHA_LEVELS, "反馈了巡察意见", "反馈了巡视意见");
    let d = expect_only(&t, "term-consistency", Warning, "巡视");
    assert_message(&d, "本文是巡察整改通报");
}

#[test]
fn term_consistency_accepts_the_other_term_as_a_topic() {
    // The clean sample says 坚持巡视巡察上下联动…本年度巡察监督 in its body.
    assert!(ANN.contains("巡视巡察上下联动"));
    assert_clean(&ann(
        "按照巡视工作有关要求，",
        "按照巡视工作有关要求，结合巡视巡察上下联动和市县巡察工作，",
    ));
    assert_clean(&ann(
        "（四）推动信访矛盾源头化解。",
        "（四）加强对市县巡察工作的指导。",
    ));
    assert_clean(&ann(
        "（四）推动信访矛盾源头化解。",
        "（四）推动巡视巡察上下联动。",
    ));
    assert_clean(&ann(
        "四、关于“全面从严治党和党风廉政建设不够有力”",
        "四、关于“上轮巡察反馈问题整改不彻底”",
    ));
    assert_clean(&mutate(
        XUNCHA_LEVELS,
        "街道党工委成立巡察整改工作领导小组，",
        "街道党工委参照省委巡视整改经验，成立巡察整改工作领导小组，",
    ));
    assert!(FRAMING.contains("坚持巡视巡察上下联动"));
    assert_clean(FRAMING);
}

#[test]
fn term_consistency_accepts_city_county_xuncha_topic_in_heading() {
    // Reported today: term-consistency warning at "巡察".
    assert_clean(&ann(
        "（四）推动信访矛盾源头化解。",
        "（四）推动市县巡察整改同向发力。",
    ));
}

// --------------------------------------------------------------------- unbalanced-brackets

#[test]
fn unbalanced_brackets_reports_unclosed_quote() {
    let t = ann("“后半篇文章”", "“后半篇文章");
    let d = expect_only(&t, "unbalanced-brackets", Error, "“");
    assert_message(&d, "没有配对的“””");
}

#[test]
fn unbalanced_brackets_reports_unopened_parenthesis() {
    let t = ann("（邮编614000）", "邮编614000）");
    let d = expect_only(&t, "unbalanced-brackets", Error, "）");
    assert_message(&d, "前面没有配对的“（”");
}

#[test]
fn unbalanced_brackets_reports_unclosed_title_marks_and_lenticular_brackets() {
    let t = ann(
        "《临溪市先进制造业集群培育三年行动方案》",
        "《临溪市先进制造业集群培育三年行动方案",
    );
    expect_only(&t, "unbalanced-brackets", Error, "《");
    let t = ann("实现收益3.86亿元", "实现收益3.86亿元【数据来源：市国资委");
    expect_only(&t, "unbalanced-brackets", Error, "【");
}

#[test]
fn unbalanced_brackets_accepts_mixed_width_and_nesting() {
    assert_clean(&ann("（邮编614000）", "(邮编614000）"));
    assert_clean(&ann("（邮编614000）", "（邮编614000，“工作日”接待）"));
}
