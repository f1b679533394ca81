//! Safe fixes (issue 3): `--fix` rewrites half-width punctuation between Chinese characters,
//! duplicated punctuation, `零` in Chinese-numeral years and zero padding in the issue date;
//! it keeps line endings and permissions, never touches a file without fixes and never
//! changes content; `--diff` prints a unified diff without writing; `--fix -` prints the
//! fixed text.
//!
//! The fixture tests/fixtures/issue3/fixable.txt is the fictional base announcement with
//! (line 4) `,` and `;` between Han characters, (line 5) a tally that does not add up,
//! (line 7) `二零二五年` and `。。`, (line 8) the number `1,260`, and (line 11) the issue date
//! `2025年04月22日`.

#[path = "fixtures/issue3/support.rs"]
mod support;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::{Duration, SystemTime};
use support::{Scratch, base, fixture, variant, zg};

fn scratch(test: &str) -> Scratch {
    Scratch::new("fix", test)
}

/// The fixture with `pairs` replaced, each exactly once.
fn replaced(text: &str, pairs: &[(&str, &str)]) -> String {
    let mut t = text.to_string();
    for (from, to) in pairs {
        assert_eq!(t.matches(from).count(), 1, "{from:?} must occur once");
        t = t.replacen(from, to, 1);
    }
    t
}

const WIDTH: [(&str, &str); 1] = [(
    "责任清单,实行销号管理;逐项对账",
    "责任清单，实行销号管理；逐项对账",
)];
const OTHERS: [(&str, &str); 3] = [
    ("二零二五年", "二〇二五年"),
    ("8处。。", "8处。"),
    ("2025年04月22日\n", "2025年4月22日\n"),
];

/// The fixture after every safe fix.
fn all_fixed() -> String {
    let t = replaced(&fixture("fixable.txt"), &WIDTH);
    replaced(&t, &OTHERS)
}

/// The tally-sum error that no fix may touch, as `concise` prints it.
const TALLY: &str =
    "fixable.txt:5:28: error[tally-sum] 党纪处分合计9人，但分项相加为10人（差+1人）\n";

fn set_old_mtime(p: &Path) -> SystemTime {
    let t = SystemTime::UNIX_EPOCH + Duration::from_secs(978_307_200); // 2001-01-01
    fs::File::options()
        .write(true)
        .open(p)
        .unwrap()
        .set_modified(t)
        .unwrap();
    fs::metadata(p).unwrap().modified().unwrap()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------------------------------
// --fix
// ---------------------------------------------------------------------------------------

#[test]
fn fix_with_a_config_enabling_fullwidth_applies_every_safe_fix() {
    let s = scratch("all");
    s.write("zhenggai.yaml", "rules:\n  fullwidth-punctuation: info\n");
    let p = s.write("fixable.txt", fixture("fixable.txt"));
    let o = zg(&["check", "--fix", "--format", "concise", "fixable.txt"])
        .cwd(s.path())
        .out();
    assert_eq!(fs::read_to_string(&p).unwrap(), all_fixed());
    // What is left is reported: the tally, which is content.
    assert_eq!(
        o.stdout,
        format!("{TALLY}1 error, 0 warnings, 0 infos in 1 file\n"),
        "{o:?}"
    );
    assert_eq!(o.code, 1);
    // A second run finds nothing more to fix and leaves the file alone.
    let before = set_old_mtime(&p);
    let o = zg(&["check", "--fix", "--format", "concise", "fixable.txt"])
        .cwd(s.path())
        .out();
    assert_eq!(
        o.stdout,
        format!("{TALLY}1 error, 0 warnings, 0 infos in 1 file\n")
    );
    assert_eq!(fs::metadata(&p).unwrap().modified().unwrap(), before);
}

#[test]
fn fix_with_select_fullwidth_fixes_only_punctuation_width() {
    let s = scratch("select");
    let p = s.write("fixable.txt", fixture("fixable.txt"));
    let o = zg(&[
        "check",
        "--fix",
        "--select",
        "fullwidth-punctuation",
        "fixable.txt",
    ])
    .cwd(s.path())
    .out();
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        replaced(&fixture("fixable.txt"), &WIDTH)
    );
    assert_eq!(
        o.stdout, "0 errors, 0 warnings, 0 infos in 1 file\n",
        "{o:?}"
    );
    assert_eq!(o.code, 0);
}

#[test]
fn fix_by_default_leaves_half_width_punctuation_alone() {
    let s = scratch("default");
    let p = s.write("fixable.txt", fixture("fixable.txt"));
    let o = zg(&["check", "--fix", "--format", "concise", "fixable.txt"])
        .cwd(s.path())
        .out();
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        replaced(&fixture("fixable.txt"), &OTHERS)
    );
    assert_eq!(
        o.stdout,
        format!("{TALLY}1 error, 0 warnings, 0 infos in 1 file\n")
    );
}

#[test]
fn fix_keeps_crlf_line_endings_and_permissions() {
    let s = scratch("crlf");
    s.write("zhenggai.yaml", "rules:\n  fullwidth-punctuation: info\n");
    let crlf = fixture("fixable.txt").replace('\n', "\r\n");
    let p = s.write("fixable.txt", &crlf);
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    let o = zg(&["check", "--fix", "--format", "concise", "fixable.txt"])
        .cwd(s.path())
        .out();
    assert_eq!(o.code, 1, "{o:?}");
    let after = fs::read_to_string(&p).unwrap();
    assert_eq!(after, all_fixed().replace('\n', "\r\n"));
    assert_eq!(after.matches("\r\n").count(), after.matches('\n').count());
    assert_eq!(
        fs::metadata(&p).unwrap().permissions().mode() & 0o7777,
        0o640
    );
    // No temporary file is left behind.
    assert_eq!(listing(s.path()), vec!["fixable.txt", "zhenggai.yaml"]);
}

#[test]
fn fix_keeps_a_missing_final_newline_and_a_bom() {
    let s = scratch("bom");
    let text = format!("\u{feff}{}", fixture("fixable.txt").trim_end_matches('\n'));
    let p = s.write("fixable.txt", &text);
    zg(&["check", "--fix", "fixable.txt"]).cwd(s.path()).out();
    let expected = format!(
        "\u{feff}{}",
        replaced(&fixture("fixable.txt"), &OTHERS[..2]).trim_end_matches('\n')
    )
    .replace("2025年04月22日", "2025年4月22日");
    assert_eq!(fs::read_to_string(&p).unwrap(), expected);
}

#[test]
fn a_file_without_fixes_is_never_touched() {
    let s = scratch("untouched");
    // Only content faults: a tally that does not add up and a placeholder.
    let tally = variant(&base(), "党内严重警告3人", "党内严重警告4人");
    let tally = variant(&tally, "追回违规使用资金21.4万元", "追回违规使用资金XX万元");
    let a = s.write("a.txt", &tally);
    let b = s.write("b.md", base());
    let (ma, mb) = (set_old_mtime(&a), set_old_mtime(&b));
    fs::set_permissions(&a, fs::Permissions::from_mode(0o444)).unwrap();
    let (ia, ib) = (
        fs::metadata(&a).unwrap().ino(),
        fs::metadata(&b).unwrap().ino(),
    );
    let o = zg(&["check", "--fix", "--format", "concise", "a.txt", "b.md"])
        .cwd(s.path())
        .out();
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(
        o.stdout,
        "a.txt:5:28: error[tally-sum] 党纪处分合计9人，但分项相加为10人（差+1人）\n\
         a.txt:8:33: error[placeholder] 留有草稿占位符“XX”\n\
         2 errors, 0 warnings, 0 infos in 2 files\n"
    );
    for (p, text, m, ino) in [(&a, &tally, ma, ia), (&b, &base(), mb, ib)] {
        assert_eq!(&fs::read_to_string(p).unwrap(), text);
        let md = fs::metadata(p).unwrap();
        assert_eq!(md.modified().unwrap(), m, "{}", p.display());
        assert_eq!(md.ino(), ino, "{} was replaced", p.display());
    }
    assert_eq!(
        fs::metadata(&a).unwrap().permissions().mode() & 0o7777,
        0o444
    );
}

#[test]
fn fixes_never_change_numbers_names_or_other_dates() {
    let s = scratch("content");
    // Beside fixable faults: a wrong tally, a number with a comma, a zero-padded date in
    // the body (only the issue date's form is fixed), a name with 零 that is not a year.
    let t = replaced(
        &fixture("fixable.txt"),
        &[
            ("截至2025年4月15日", "截至2025年04月15日"),
            ("对履职不力的干部", "对零陵路社区等履职不力的干部"),
        ],
    );
    let p = s.write("fixable.txt", &t);
    zg(&["check", "--fix", "fixable.txt"]).cwd(s.path()).out();
    let after = fs::read_to_string(&p).unwrap();
    assert_eq!(after, replaced(&t, &OTHERS));
    for kept in [
        "给予党纪处分9人（党内警告5人，党内严重警告4人，开除党籍1人）",
        "资金1,260万元",
        "截至2025年04月15日",
        "零陵路社区",
        "反馈的20个问题中已完成整改16个，其余4个",
    ] {
        assert!(after.contains(kept), "{kept:?} changed:\n{after}");
    }
}

#[test]
fn fixes_run_in_rounds_until_none_is_left() {
    let s = scratch("rounds");
    // Two zeros in one year: year-zero fixes one per round.
    let t = variant(
        &base(),
        "制定松溪县河道巡查办法",
        "修订松溪县二零零八年河道巡查办法",
    );
    let t = variant(&t, "新建水质监测点8处。", "新建水质监测点8处。。。");
    let p = s.write("a.txt", &t);
    let o = zg(&["check", "--fix", "--format", "concise", "a.txt"])
        .cwd(s.path())
        .out();
    assert_eq!((o.code, o.stdout.as_str()), (0, ""), "{o:?}");
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        replaced(&t, &[("二零零八年", "二〇〇八年"), ("8处。。。", "8处。")])
    );
}

#[test]
fn fix_in_markdown_skips_suppressed_diagnostics() {
    let s = scratch("markdown");
    let t = variant(
        &fixture("fixable.txt"),
        "（一）完善河道巡查机制",
        "<!-- zhenggai-disable-next-line duplicate-punctuation -- 原文照录 -->\n（一）完善河道巡查机制",
    );
    let p = s.write("doc.md", &t);
    zg(&["check", "--fix", "doc.md"]).cwd(s.path()).out();
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        replaced(&t, &[OTHERS[0], OTHERS[2]])
    );
}

#[test]
fn fix_walks_directories_and_touches_only_files_with_fixes() {
    let s = scratch("walk");
    let a = s.write("docs/a.txt", fixture("fixable.txt"));
    let b = s.write("docs/sub/b.txt", base());
    let mb = set_old_mtime(&b);
    let o = zg(&["check", "--fix", "--format", "concise", "docs"])
        .cwd(s.path())
        .out();
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(
        fs::read_to_string(&a).unwrap(),
        replaced(&fixture("fixable.txt"), &OTHERS)
    );
    assert_eq!(fs::metadata(&b).unwrap().modified().unwrap(), mb);
    assert_eq!(listing(&s.join("docs")), vec!["a.txt", "sub"]);
}

#[test]
fn fix_respects_per_file_ignores() {
    let s = scratch("pfi");
    s.write(
        "zhenggai.yaml",
        "per-file-ignores:\n  \"*.txt\": [duplicate-punctuation, year-zero, date-format]\n",
    );
    let t = fixture("fixable.txt");
    let p = s.write("fixable.txt", &t);
    let o = zg(&["check", "--diff", "fixable.txt"]).cwd(s.path()).out();
    // No diff; exit 1 for the tally-sum error no fix touches (README's exit-code table).
    assert_eq!((o.code, o.stdout.as_str()), (1, ""), "{o:?}");
    zg(&["check", "--fix", "fixable.txt"]).cwd(s.path()).out();
    assert_eq!(fs::read_to_string(&p).unwrap(), t);
}

#[test]
fn fix_does_not_leave_a_mixed_width_bracket_pair() {
    let s = scratch("brackets");
    let t = variant(
        &base(),
        "制定松溪县河道巡查办法",
        "制定松溪县河道巡查办法(试行)",
    );
    let p = s.write("a.txt", &t);
    zg(&[
        "check",
        "--fix",
        "--select",
        "fullwidth-punctuation",
        "a.txt",
    ])
    .cwd(s.path())
    .out();
    let after = fs::read_to_string(&p).unwrap();
    assert!(
        after.contains("巡查办法(试行)，") || after.contains("巡查办法（试行），"),
        "mixed pair:\n{}",
        after.lines().nth(6).unwrap()
    );
}

// ---------------------------------------------------------------------------------------
// --diff
// ---------------------------------------------------------------------------------------

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let s = scratch("diff");
    s.write("zhenggai.yaml", "rules:\n  fullwidth-punctuation: info\n");
    let original = fixture("fixable.txt");
    let p = s.write("fixable.txt", &original);
    let m = set_old_mtime(&p);
    let o = zg(&["check", "--diff", "fixable.txt"]).cwd(s.path()).out();
    assert_eq!(o.code, 1, "{o:?}");
    // Lines 4, 7 and 11 of 11 change: one hunk with three lines of context.
    let old: Vec<&str> = original.lines().collect();
    let fixed = all_fixed();
    let new: Vec<&str> = fixed.lines().collect();
    assert_eq!(old.len(), 11);
    let mut expected = String::from("--- fixable.txt\n+++ fixable.txt\n@@ -1,11 +1,11 @@\n");
    for i in 0..11 {
        if old[i] == new[i] {
            expected.push_str(&format!(" {}\n", old[i]));
        } else {
            assert!([3, 6, 10].contains(&i), "line {} changed", i + 1);
            expected.push_str(&format!("-{}\n+{}\n", old[i], new[i]));
        }
    }
    assert_eq!(o.stdout, expected);
    assert_eq!(fs::read_to_string(&p).unwrap(), original);
    assert_eq!(fs::metadata(&p).unwrap().modified().unwrap(), m);
    assert_eq!(listing(s.path()), vec!["fixable.txt", "zhenggai.yaml"]);
}

#[test]
fn diff_shows_separate_hunks_and_crlf() {
    let s = scratch("diff-hunks");
    // Faults on lines 1 and 11 only (far apart): two hunks.
    let t = variant(&base(), "云岭市纪委监委网站", "云岭市纪委监委网站。。");
    let t = variant(&t, "2025年4月22日\n", "2025年04月22日\n");
    let crlf = t.replace('\n', "\r\n");
    s.write("a.txt", &crlf);
    let o = zg(&["check", "--diff", "a.txt"]).cwd(s.path()).out();
    assert_eq!(o.code, 1, "{o:?}");
    let base = base();
    let l: Vec<&str> = base.lines().collect();
    let expected = format!(
        "--- a.txt\n+++ a.txt\n@@ -1,4 +1,4 @@\n\
         -2025-04-22 09:00 云岭市纪委监委网站。。\r\n\
         +2025-04-22 09:00 云岭市纪委监委网站。\r\n \
         {}\r\n {}\r\n {}\r\n\
         @@ -8,4 +8,4 @@\n {}\r\n {}\r\n {}\r\n\
         -2025年04月22日\r\n+2025年4月22日\r\n",
        l[1], l[2], l[3], l[7], l[8], l[9]
    );
    assert_eq!(o.stdout, expected);
    assert_eq!(fs::read_to_string(s.join("a.txt")).unwrap(), crlf);
}

#[test]
fn diff_without_fixes_prints_nothing_and_exits_0() {
    let s = scratch("diff-none");
    s.write("clean.txt", base());
    let o = zg(&["check", "--diff", "clean.txt"]).cwd(s.path()).out();
    assert_eq!((o.code, o.stdout.as_str()), (0, ""), "{o:?}");
    // --fix and --diff together are a usage error.
    let o = zg(&["check", "--fix", "--diff", "clean.txt"])
        .cwd(s.path())
        .out();
    assert_eq!(o.code, 2, "{o:?}");
}

/// Issue 11 item 16: `--diff` exited 0 for a file with errors but no fixes, against the
/// README's exit-code table. Standard output still carries only diffs (none here); what is
/// left goes to standard error.
#[test]
fn diff_without_fixes_exits_1_with_unfixable_errors() {
    let s = scratch("diff-unfixable");
    s.write(
        "a.txt",
        variant(&base(), "党内严重警告3人", "党内严重警告4人"),
    );
    let o = zg(&["check", "--diff", "a.txt"]).cwd(s.path()).out();
    assert_eq!((o.code, o.stdout.as_str()), (1, ""), "{o:?}");
    assert!(o.stderr.contains("error[tally-sum]"), "{o:?}");
    // Warnings alone do not fail it, as without --diff.
    let o = zg(&["check", "--diff", "--fail-on", "error", "--ignore", "tally-sum", "a.txt"])
        .cwd(s.path())
        .out();
    assert_eq!((o.code, o.stdout.as_str()), (0, ""), "{o:?}");
}

// ---------------------------------------------------------------------------------------
// Standard input
// ---------------------------------------------------------------------------------------

#[test]
fn fix_on_standard_input_prints_the_fixed_text() {
    let s = scratch("stdin");
    let o = zg(&["check", "--fix", "-"])
        .cwd(s.path())
        .stdin(fixture("fixable.txt"))
        .out();
    assert_eq!(
        o.stdout,
        replaced(&fixture("fixable.txt"), &OTHERS),
        "{o:?}"
    );
    // With --stdin-filename the configuration of that path applies.
    s.write(
        "proj/zhenggai.yaml",
        "rules:\n  fullwidth-punctuation: info\n",
    );
    let o = zg(&["check", "--fix", "--stdin-filename", "proj/doc.txt"])
        .cwd(s.path())
        .stdin(fixture("fixable.txt"))
        .out();
    assert_eq!(o.stdout, all_fixed(), "{o:?}");
    // CRLF survives on standard input too.
    let o = zg(&["check", "--fix", "-"])
        .cwd(s.path())
        .stdin(fixture("fixable.txt").replace('\n', "\r\n"))
        .out();
    assert_eq!(
        o.stdout,
        replaced(&fixture("fixable.txt"), &OTHERS).replace('\n', "\r\n")
    );
}

#[test]
fn fix_on_standard_input_without_fixes_prints_the_text_unchanged() {
    let s = scratch("stdin-none");
    let t = variant(&base(), "党内严重警告3人", "党内严重警告4人");
    let o = zg(&["check", "--fix", "-"])
        .cwd(s.path())
        .stdin(t.clone())
        .out();
    assert_eq!(o.stdout, t, "{o:?}");
}

#[test]
fn fix_on_standard_input_exits_1_when_errors_remain() {
    let s = scratch("stdin-left");
    let o = zg(&["check", "--fix", "-"])
        .cwd(s.path())
        .stdin(fixture("fixable.txt"))
        .out();
    assert_eq!(o.stdout, replaced(&fixture("fixable.txt"), &OTHERS));
    assert_eq!(o.code, 1, "the tally-sum error is still there: {o:?}");
    assert!(o.stderr.contains("tally-sum"), "{o:?}");
}
