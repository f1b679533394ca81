//! Safe fixes: `--fix` rewrites half-width punctuation between Chinese characters,
//! duplicated punctuation, `零` in Chinese-numeral years and zero padding in the issue date;
//! it keeps line endings and permissions, never touches a file without fixes and never
//! changes content; `--diff` prints a unified diff without writing; `--fix -` prints the
//! fixed text.
//!
//! The fixture tests/fixtures/announcement/fixable.txt is the fictional base announcement with
//! (line 4) `,` and `;` between Han characters, (line 5) a tally that does not add up,
//! (line 7) `二零二五年` and `。。`, (line 8) the number `1,260`, and (line 11) the issue date
//! `2025年04月22日`.

use crate::support::announcement::{base, fixture};
use crate::support::{Out, Scratch, manifest_dir, variant, zip_parts};
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::{Duration, SystemTime};

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

/// The fixture after the default fixes (`fullwidth-punctuation` is off by default).
fn default_fixed() -> String {
    replaced(&fixture("fixable.txt"), &OTHERS)
}

/// The fixture after every safe fix.
fn all_fixed() -> String {
    let t = replaced(&fixture("fixable.txt"), &WIDTH);
    replaced(&t, &OTHERS)
}

/// The tally-sum error that no fix may touch, as `concise` prints it.
const TALLY: &str =
    "fixable.txt:5:28: error[tally-sum] 党纪处分合计9人，但分项相加为10人（差+1人）\n";

/// The whole concise report when the tally-sum error is all that is left.
fn tally_left() -> String {
    format!("{TALLY}1 error, 0 warnings, 0 infos in 1 file\n")
}

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
    let o = zg!("check", "--fix", "--format", "concise", "fixable.txt")
        .cwd(s.path())
        .run();
    assert_eq!(fs::read_to_string(&p).unwrap(), all_fixed());
    // What is left is reported: the tally, which is content.
    assert_eq!(o.stdout, tally_left(), "{o:?}");
    assert_eq!(o.code, 1);
    // A second run finds nothing more to fix and leaves the file alone.
    let before = set_old_mtime(&p);
    let o = zg!("check", "--fix", "--format", "concise", "fixable.txt")
        .cwd(s.path())
        .run();
    assert_eq!(o.stdout, tally_left());
    assert_eq!(fs::metadata(&p).unwrap().modified().unwrap(), before);
}

#[test]
fn fix_with_select_fullwidth_fixes_only_punctuation_width() {
    let s = scratch("select");
    let p = s.write("fixable.txt", fixture("fixable.txt"));
    let o = zg!(
        "check",
        "--fix",
        "--select",
        "fullwidth-punctuation",
        "fixable.txt"
    )
    .cwd(s.path())
    .run();
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
    let o = zg!("check", "--fix", "--format", "concise", "fixable.txt")
        .cwd(s.path())
        .run();
    assert_eq!(fs::read_to_string(&p).unwrap(), default_fixed());
    assert_eq!(o.stdout, tally_left());
}

#[test]
fn fix_keeps_crlf_line_endings_and_permissions() {
    let s = scratch("crlf");
    s.write("zhenggai.yaml", "rules:\n  fullwidth-punctuation: info\n");
    let crlf = fixture("fixable.txt").replace('\n', "\r\n");
    let p = s.write("fixable.txt", &crlf);
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    let o = zg!("check", "--fix", "--format", "concise", "fixable.txt")
        .cwd(s.path())
        .run();
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
    zg!("check", "--fix", "fixable.txt").cwd(s.path()).run();
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
    let o = zg!("check", "--fix", "--format", "concise", "a.txt", "b.md")
        .cwd(s.path())
        .run();
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
    zg!("check", "--fix", "fixable.txt").cwd(s.path()).run();
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
    let o = zg!("check", "--fix", "--format", "concise", "a.txt")
        .cwd(s.path())
        .run();
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
    zg!("check", "--fix", "doc.md").cwd(s.path()).run();
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
    let o = zg!("check", "--fix", "--format", "concise", "docs")
        .cwd(s.path())
        .run();
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(fs::read_to_string(&a).unwrap(), default_fixed());
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
    let o = zg!("check", "--diff", "fixable.txt").cwd(s.path()).run();
    // No diff; exit 1 for the tally-sum error no fix touches (README's exit-code table).
    assert_eq!((o.code, o.stdout.as_str()), (1, ""), "{o:?}");
    zg!("check", "--fix", "fixable.txt").cwd(s.path()).run();
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
    zg!(
        "check",
        "--fix",
        "--select",
        "fullwidth-punctuation",
        "a.txt"
    )
    .cwd(s.path())
    .run();
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
    let o = zg!("check", "--diff", "fixable.txt").cwd(s.path()).run();
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
    let o = zg!("check", "--diff", "a.txt").cwd(s.path()).run();
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
    let o = zg!("check", "--diff", "clean.txt").cwd(s.path()).run();
    assert_eq!((o.code, o.stdout.as_str()), (0, ""), "{o:?}");
    // --fix and --diff together are a usage error.
    let o = zg!("check", "--fix", "--diff", "clean.txt")
        .cwd(s.path())
        .run();
    assert_eq!(o.code, 2, "{o:?}");
}

/// `--diff` exited 0 for a file with errors but no fixes, against the
/// README's exit-code table. Standard output still carries only diffs (none here); what is
/// left goes to standard error.
#[test]
fn diff_without_fixes_exits_1_with_unfixable_errors() {
    let s = scratch("diff-unfixable");
    s.write(
        "a.txt",
        variant(&base(), "党内严重警告3人", "党内严重警告4人"),
    );
    let o = zg!("check", "--diff", "a.txt").cwd(s.path()).run();
    assert_eq!((o.code, o.stdout.as_str()), (1, ""), "{o:?}");
    assert!(o.stderr.contains("error[tally-sum]"), "{o:?}");
    // Warnings alone do not fail it, as without --diff.
    let o = zg!(
        "check",
        "--diff",
        "--fail-on",
        "error",
        "--ignore",
        "tally-sum",
        "a.txt"
    )
    .cwd(s.path())
    .run();
    assert_eq!((o.code, o.stdout.as_str()), (0, ""), "{o:?}");
}

// ---------------------------------------------------------------------------------------
// Standard input
// ---------------------------------------------------------------------------------------

#[test]
fn fix_on_standard_input_prints_the_fixed_text() {
    let s = scratch("stdin");
    let o = zg!("check", "--fix", "-")
        .cwd(s.path())
        .stdin(fixture("fixable.txt"))
        .run();
    assert_eq!(o.stdout, default_fixed(), "{o:?}");
    // With --stdin-filename the configuration of that path applies.
    s.write(
        "proj/zhenggai.yaml",
        "rules:\n  fullwidth-punctuation: info\n",
    );
    let o = zg!("check", "--fix", "--stdin-filename", "proj/doc.txt")
        .cwd(s.path())
        .stdin(fixture("fixable.txt"))
        .run();
    assert_eq!(o.stdout, all_fixed(), "{o:?}");
    // CRLF survives on standard input too.
    let o = zg!("check", "--fix", "-")
        .cwd(s.path())
        .stdin(fixture("fixable.txt").replace('\n', "\r\n"))
        .run();
    assert_eq!(o.stdout, default_fixed().replace('\n', "\r\n"));
}

#[test]
fn fix_on_standard_input_without_fixes_prints_the_text_unchanged() {
    let s = scratch("stdin-none");
    let t = variant(&base(), "党内严重警告3人", "党内严重警告4人");
    let o = zg!("check", "--fix", "-")
        .cwd(s.path())
        .stdin(t.clone())
        .run();
    assert_eq!(o.stdout, t, "{o:?}");
}

#[test]
fn fix_on_standard_input_exits_1_when_errors_remain() {
    let s = scratch("stdin-left");
    let o = zg!("check", "--fix", "-")
        .cwd(s.path())
        .stdin(fixture("fixable.txt"))
        .run();
    assert_eq!(o.stdout, default_fixed());
    assert_eq!(o.code, 1, "the tally-sum error is still there: {o:?}");
    assert!(o.stderr.contains("tally-sum"), "{o:?}");
}

// ---------------------------------------------------------------------------------------
// --fix never loses a byte
// ---------------------------------------------------------------------------------------

fn gbk(s: &str) -> Vec<u8> {
    let (b, _, lossy) = encoding_rs::GB18030.encode(s);
    assert!(!lossy);
    b.into_owned()
}

/// `fixable.txt` in GB18030 with bytes that do not survive a GBK decode-encode round trip
/// (`A2E3` → `80`, `A3A0` → `A1A1`) and a four-byte character (𠮷) in line 7, between its
/// two fixes; and the same after the default fixes, every other byte as it was.
fn gbk_fixture() -> (Vec<u8>, Vec<u8>) {
    let t = fixture("fixable.txt");
    let (pre, post) = t.split_at(t.find("，新建水质").unwrap());
    let odd: &[u8] = &[0xA2, 0xE3, 0xA3, 0xA0, 0x95, 0x32, 0x82, 0x36];
    let fixed = |s: &str| {
        replaced(
            s,
            &OTHERS
                .iter()
                .copied()
                .filter(|(f, _)| s.contains(f))
                .collect::<Vec<_>>(),
        )
    };
    let before = [gbk(pre), odd.to_vec(), gbk(post)].concat();
    let after = [gbk(&fixed(pre)), odd.to_vec(), gbk(&fixed(post))].concat();
    (before, after)
}

/// A GBK/GB18030 file keeps every byte outside the fixed spans (before: `A2E3`
/// became `80`, `A3A0` became `A1A1` and 𠮷 became `&#134071;`, with exit 0), and is
/// reported as GB18030 when it needs GB18030.
#[test]
fn fix_keeps_every_byte_of_a_gb18030_file_outside_the_fixes() {
    let s = scratch("gb18030");
    let (before, after) = gbk_fixture();
    let p = s.write("a.txt", &before);
    let Out {
        code,
        stdout_bytes: out,
        stderr: err,
        ..
    } = zg!("check", "--fix", "--format", "json", "a.txt")
        .cwd(s.path())
        .run();
    assert_eq!(code, 1, "the tally-sum error is left: {err}");
    assert_eq!(fs::read(&p).unwrap(), after);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["files"][0]["encoding"], "gb18030", "{v}");
    // Standard input: the fixed bytes come back in the same encoding, and nothing else.
    let Out {
        code,
        stdout_bytes: out,
        stderr: err,
        ..
    } = zg!("check", "--fix", "-")
        .cwd(s.path())
        .stdin(&before)
        .run();
    assert_eq!((code, out == after), (1, true), "{err}");
    // --diff prints the changes in the file's encoding (so `patch` applies them).
    fs::write(&p, &before).unwrap();
    let Out {
        code,
        stdout_bytes: out,
        ..
    } = zg!("check", "--diff", "a.txt").cwd(s.path()).run();
    assert_eq!(code, 1);
    let odd_line = after.split(|&b| b == b'\n').nth(6).unwrap();
    assert!(
        out.windows(odd_line.len()).any(|w| w == odd_line),
        "diff keeps the line's bytes"
    );
    assert_eq!(fs::read(&p).unwrap(), before, "--diff writes nothing");
}

/// `--encoding UTF-16LE` on a file without a byte-order mark added one.
#[test]
fn fix_adds_no_byte_order_mark() {
    let s = scratch("utf16");
    let t = fixture("fixable.txt");
    let le = |s: &str| {
        s.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>()
    };
    let p = s.write("a.txt", le(&t));
    let o = zg!("check", "--fix", "--encoding", "UTF-16LE", "a.txt")
        .cwd(s.path())
        .run();
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(fs::read(&p).unwrap(), le(&replaced(&t, &OTHERS)));
    // With a BOM, the BOM stays (and is not doubled).
    let with_bom = [vec![0xFF, 0xFE], le(&t)].concat();
    fs::write(&p, &with_bom).unwrap();
    zg!("check", "--fix", "a.txt").cwd(s.path()).run();
    assert_eq!(
        fs::read(&p).unwrap(),
        [vec![0xFF, 0xFE], le(&replaced(&t, &OTHERS))].concat()
    );
}

/// A replacement the encoding cannot write is refused, not written as `&#…;`.
#[test]
fn a_replacement_the_encoding_cannot_write_is_refused() {
    let text = "甲,乙";
    let edits = [zhenggai::fix::Edit {
        span: 3..4,
        replacement: "𠮷".into(),
    }];
    let e =
        zhenggai::input::splice(&gbk(text), encoding_rs::GBK, text, &edits, "甲𠮷乙").unwrap_err();
    assert!(
        e.contains("GBK cannot write `𠮷`") && e.contains("nothing was written"),
        "{e}"
    );
    let ok =
        zhenggai::input::splice(&gbk(text), encoding_rs::GB18030, text, &edits, "甲𠮷乙").unwrap();
    assert_eq!(ok, gbk("甲𠮷乙"));
    // The result must decode to the fixed text, or nothing is written.
    let e = zhenggai::input::splice(&gbk(text), encoding_rs::GBK, text, &edits[..0], "甲，乙")
        .unwrap_err();
    assert!(e.contains("does not survive"), "{e}");
}

/// Fixes of many files whose names are not UTF-8 (GBK names, as unzip leaves them)
/// once shared one temporary name (`.file.zhenggai-PID.tmp`): fixed in parallel, one
/// file's text could end up in another. Each file must get its own fixed text.
#[test]
fn files_with_non_utf8_names_each_get_their_own_fixes() {
    use std::os::unix::ffi::OsStrExt;
    let s = scratch("gbk-names");
    let dir = s.mkdir("d");
    let t = fixture("fixable.txt");
    let mut files = Vec::new();
    for i in 0..24 {
        let mut name = gbk(&format!("通报{i}"));
        name.extend_from_slice(b".txt");
        let p = dir.join(std::ffi::OsStr::from_bytes(&name));
        let text = t.replace("52件", &format!("{}件", 100 + i));
        fs::write(&p, &text).unwrap();
        files.push((p, replaced(&text, &OTHERS)));
    }
    zg!("check", "--fix", "d").cwd(s.path()).run();
    for (p, want) in &files {
        assert_eq!(&fs::read_to_string(p).unwrap(), want, "{}", p.display());
    }
    assert_eq!(
        fs::read_dir(&dir).unwrap().count(),
        24,
        "no temporary file left"
    );
}

/// The temporary file was `.NAME.zhenggai-PID.tmp`, created with `File::create`:
/// a symlink planted at that name made the fix overwrite the link's target. Now it is
/// created exclusively under a random name, and the planted link's target is untouched.
#[test]
fn a_planted_link_at_the_old_temporary_name_redirects_nothing() {
    let s = scratch("planted");
    let p = s.write("a.txt", fixture("fixable.txt"));
    let victim = s.write("victim.txt", "do not touch\n");
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o600)).unwrap();
    let planted = s.join(&format!(".a.txt.zhenggai-{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let new = default_fixed();
    zhenggai::fix::write_fixed(&p, fixture("fixable.txt").as_bytes(), new.as_bytes()).unwrap();
    assert_eq!(fs::read_to_string(&p).unwrap(), new);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "do not touch\n");
    assert_eq!(fs::metadata(&victim).unwrap().mode() & 0o777, 0o600);
}

/// A file that changed after it was read (another program appended to it) is not
/// replaced: the appended text would be lost.
#[test]
fn a_file_changed_since_it_was_read_is_not_replaced() {
    let s = scratch("changed");
    let t = fixture("fixable.txt");
    let p = s.write("a.txt", format!("{t}追加的一段。\n"));
    let e =
        zhenggai::fix::write_fixed(&p, t.as_bytes(), replaced(&t, &OTHERS).as_bytes()).unwrap_err();
    assert!(e.contains("changed while it was being checked"), "{e}");
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        format!("{t}追加的一段。\n")
    );
    assert_eq!(listing(s.path()), ["a.txt", "zhenggai.yaml"]);
}

/// A symbolic link stays a link and its target is fixed; a hard-linked file and a
/// read-only one are refused (exit 2) and reported as they are on disk.
#[test]
fn links_and_read_only_files() {
    let s = scratch("links");
    let t = fixture("fixable.txt");
    let target = s.write("real.txt", &t);
    std::os::unix::fs::symlink("real.txt", s.join("link.txt")).unwrap();
    let o = zg!("check", "--fix", "link.txt").cwd(s.path()).run();
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        fs::symlink_metadata(s.join("link.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), replaced(&t, &OTHERS));

    let a = s.write("a.txt", &t);
    fs::hard_link(&a, s.join("b.txt")).unwrap();
    let o = zg!("check", "--fix", "--format", "concise", "a.txt")
        .cwd(s.path())
        .run();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(
        o.stderr
            .contains("a.txt: cannot write the fixes: has 2 hard links"),
        "{o:?}"
    );
    assert_eq!(fs::read_to_string(&a).unwrap(), t);
    assert_eq!(fs::metadata(&a).unwrap().nlink(), 2);
    // What is reported is the file as it is: its fixable warnings are still there.
    assert!(o.stdout.contains("warning[duplicate-punctuation]"), "{o:?}");

    let r = s.write("ro.txt", &t);
    fs::set_permissions(&r, fs::Permissions::from_mode(0o444)).unwrap();
    let o = zg!("check", "--fix", "--format", "concise", "ro.txt")
        .cwd(s.path())
        .run();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(
        o.stderr
            .contains("ro.txt: cannot write the fixes: is read-only"),
        "{o:?}"
    );
    assert!(o.stdout.contains("warning[year-zero]"), "{o:?}");
    assert_eq!(fs::read_to_string(&r).unwrap(), t);
    assert_eq!(fs::metadata(&r).unwrap().mode() & 0o777, 0o444);
}

/// Root fixing another user's file keeps its owner and group.
#[test]
fn fix_keeps_owner_and_group() {
    let s = scratch("owner");
    let p = s.write("a.txt", fixture("fixable.txt"));
    if fs::metadata(&p).unwrap().uid() != 0 {
        return; // only root can give a file away
    }
    std::os::unix::fs::chown(&p, Some(4321), Some(4322)).unwrap();
    zg!("check", "--fix", "a.txt").cwd(s.path()).run();
    assert_eq!(fs::read_to_string(&p).unwrap(), default_fixed());
    let m = fs::metadata(&p).unwrap();
    assert_eq!((m.uid(), m.gid()), (4321, 4322));
}

/// Fixes that cannot be written (a read-only directory, for a user who is not root)
/// are reported as not written, with the diagnostics of the file on disk.
#[test]
fn fixes_into_a_read_only_directory_report_the_file_on_disk() {
    let s = scratch("ro-dir");
    let d = s.mkdir("d");
    let p = s.write("d/a.txt", fixture("fixable.txt"));
    fs::set_permissions(&d, fs::Permissions::from_mode(0o555)).unwrap();
    let root = fs::File::create(d.join("probe")).is_ok();
    let o = zg!("check", "--fix", "--format", "concise", "d/a.txt")
        .cwd(s.path())
        .run();
    fs::set_permissions(&d, fs::Permissions::from_mode(0o755)).unwrap();
    if root {
        return; // root may write there
    }
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("cannot create a temporary file"), "{o:?}");
    assert!(o.stdout.contains("warning[year-zero]"), "{o:?}");
    assert_eq!(fs::read_to_string(&p).unwrap(), fixture("fixable.txt"));
}

/// The same file named twice was checked twice (doubled diagnostics) and fixed
/// twice (a spurious write error).
#[test]
fn a_file_named_twice_is_checked_and_fixed_once() {
    let s = scratch("twice");
    let p = s.write("a.txt", fixture("fixable.txt"));
    let o = zg!("check", "--format", "concise", "a.txt", "./a.txt", ".")
        .cwd(s.path())
        .run();
    assert_eq!(o.stdout.matches("error[tally-sum]").count(), 1, "{o:?}");
    let o = zg!("check", "--fix", "a.txt", "./a.txt")
        .cwd(s.path())
        .run();
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(o.stderr, "", "{o:?}");
    assert_eq!(fs::read_to_string(&p).unwrap(), default_fixed());
}

/// A 253-byte file name could not be fixed (the temporary name added 20 bytes).
#[test]
fn a_long_file_name_can_be_fixed() {
    let s = scratch("long-name");
    let name = format!("{}.txt", "通".repeat(83)); // 249 + 4 = 253 bytes
    assert_eq!(name.len(), 253);
    let p = s.write(&name, fixture("fixable.txt"));
    let o = zg!("check", "--fix", &name).cwd(s.path()).run();
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(fs::read_to_string(&p).unwrap(), default_fixed());
}

/// Fixes (and diagnostics) stayed out of URLs, e-mail addresses and Markdown code:
/// `,,` → `，` and `?` → `？` were applied inside them.
#[test]
fn fixes_stay_out_of_urls_addresses_and_code() {
    let s = scratch("urls");
    let line = "详见http://www.sx.gov.cn/通报?id=1,,2；网址www.sx.gov.cn/通报?甲,乙，邮箱sx_xw@example.com；";
    let fix = |name: &str| {
        let select = "duplicate-punctuation,fullwidth-punctuation";
        zg!("check", "--fix", "--select", select, name)
            .cwd(s.path())
            .run()
    };
    let t = fixture("fixable.txt").replace("欢迎广大", &format!("{line}欢迎广大"));
    let p = s.write("a.txt", &t);
    let o = fix("a.txt");
    assert_eq!(o.code, 0, "{o:?}");
    let got = fs::read_to_string(&p).unwrap();
    assert!(got.contains(line), "{got}");
    assert!(
        got.contains("8处。\n"),
        "the fix outside them is made: {got}"
    );

    let md = "# 通报\n\n正文`甲,,乙`与<https://x.cn/a,,b>及[链接][1]，重复。。\n\n[1]: https://y.cn/甲?乙,,丙\n";
    let p = s.write("a.md", md);
    let o = fix("a.md");
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(fs::read_to_string(&p).unwrap(), md.replace("。。", "。"));
}

/// Standard output carries exactly one thing. `--fix ff.txt -` mixed a report into
/// the fixed text (now a usage error); `--stdin-filename x.docx --fix` printed a report
/// (now the document's bytes, unchanged); `--diff` on a .docx printed diagnostics into the
/// diff (now nothing).
#[test]
fn standard_output_carries_one_thing() {
    let s = scratch("one-thing");
    s.write("ff.txt", fixture("fixable.txt"));
    let Out {
        code,
        stdout_bytes: out,
        stderr: err,
        ..
    } = zg!("check", "--fix", "ff.txt", "-").cwd(s.path()).run();
    assert_eq!((code, out.as_slice()), (2, &b""[..]), "{err}");
    assert!(err.contains("give no other paths"), "{err}");
    let docx = docx(&fixture("fixable.txt"));
    let Out {
        code,
        stdout_bytes: out,
        stderr: err,
        ..
    } = zg!("check", "--fix", "--stdin-filename", "x.docx")
        .cwd(s.path())
        .stdin(&docx)
        .run();
    assert_eq!(out, docx, "the document passes through: {err}");
    assert_eq!(code, 1, "{err}");
    s.write("x.docx", &docx);
    let Out {
        code,
        stdout_bytes: out,
        stderr: err,
        ..
    } = zg!("check", "--diff", "x.docx").cwd(s.path()).run();
    assert_eq!(
        (code, String::from_utf8_lossy(&out).as_ref()),
        (1, ""),
        "{err}"
    );
}

/// `text` as a Word document, one paragraph per line.
fn docx(text: &str) -> Vec<u8> {
    let body: String = text
        .lines()
        .map(|l| format!("<w:p><w:r><w:t>{l}</w:t></w:r></w:p>"))
        .collect();
    let doc = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip_parts(&[("word/document.xml", doc)])
}

/// A bug (a panic) met in one file was an abort that lost every other file's
/// output. Now it is an internal error for that file: exit 2, nothing written for it, and
/// the other files checked and fixed.
#[test]
fn a_panic_in_one_file_loses_nothing_else() {
    let s = scratch("panic");
    let t = fixture("fixable.txt");
    let a = s.write("a.txt", &t);
    let b = s.write("b.txt", format!("{t}ZHENGGAI_TEST_PANIC\n"));
    let Out {
        code,
        stdout_bytes: out,
        stderr: err,
        ..
    } = zg!("check", "--fix", "--format", "concise", "a.txt", "b.txt")
        .cwd(s.path())
        .env("ZHENGGAI_TEST_PANIC", "year-zero")
        .run();
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("internal error while checking b.txt (rule year-zero): ZHENGGAI_TEST_PANIC asked rule year-zero to panic at src/guard.rs:"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out).contains("a.txt:5:28: error[tally-sum]"));
    assert_eq!(fs::read_to_string(&a).unwrap(), replaced(&t, &OTHERS));
    assert_eq!(
        fs::read_to_string(&b).unwrap(),
        format!("{t}ZHENGGAI_TEST_PANIC\n")
    );
    // Under --fix - the text passes through unchanged.
    let input = format!("{t}ZHENGGAI_TEST_PANIC\n");
    let Out {
        code,
        stdout_bytes: out,
        stderr: err,
        ..
    } = zg!("check", "--fix", "-")
        .cwd(s.path())
        .stdin(input.as_bytes())
        .env("ZHENGGAI_TEST_PANIC", "year-zero")
        .run();
    assert_eq!((code, out), (2, input.into_bytes()), "{err}");
}

/// The release profile unwinds, or the per-file catch would be an abort there.
#[test]
fn the_release_profile_unwinds() {
    let toml = fs::read_to_string(manifest_dir().join("Cargo.toml")).unwrap();
    let release = toml.split("[profile.release]").nth(1).unwrap();
    let release = release.split("\n[").next().unwrap();
    assert!(release.contains("panic = \"unwind\""), "{release}");
}

// ---------------------------------------------------------------------------------------
// Fix safety as a property
// ---------------------------------------------------------------------------------------

mod fix_safety {
    use proptest::prelude::*;
    use std::sync::OnceLock;
    use zhenggai::RuleSet;

    fn rules() -> &'static RuleSet {
        static RULES: OnceLock<RuleSet> = OnceLock::new();
        // Every rule, fullwidth-punctuation included: the most fixes.
        RULES.get_or_init(|| RuleSet::builtin_all().unwrap())
    }

    /// Pieces of a document: prose, what the fixes rewrite, line endings, a URL, and
    /// characters that stress encodings (𠮷: four bytes in UTF-8 and GB18030, a surrogate
    /// pair in UTF-16). `GBK_ODD` is spliced in as raw bytes.
    const PIECES: &[&str] = &[
        "整改",
        "问题",
        "临溪县",
        "，",
        "。",
        ",",
        ";",
        ",,",
        "。。",
        "；；",
        "二零二五年",
        "?",
        "(",
        ")",
        "abc",
        "2025",
        " ",
        "\n",
        "\r\n",
        "\r",
        "http://a.cn/甲,,乙?丙",
        "𠮷",
        "⑪",
        "XX",
    ];

    /// Raw GBK/GB18030 bytes that decode to a character whose re-encoding differs (`A2E3`,
    /// the euro sign, encodes as `80`).
    const GBK_ODD: &[u8] = &[0xA2, 0xE3];

    #[derive(Debug, Clone, Copy)]
    enum Enc {
        Utf8,
        Utf8Bom,
        Utf16LeBom,
        Utf16BeBom,
        Utf16LeForced,
        Gbk,
        Gb18030,
    }

    impl Enc {
        fn forced(self) -> Option<&'static encoding_rs::Encoding> {
            match self {
                Enc::Utf16LeForced => Some(encoding_rs::UTF_16LE),
                Enc::Gbk => Some(encoding_rs::GBK),
                Enc::Gb18030 => Some(encoding_rs::GB18030),
                _ => None,
            }
        }
        fn gbk_family(self) -> bool {
            matches!(self, Enc::Gbk | Enc::Gb18030)
        }
        /// The bytes of `s`, written independently of zhenggai (one character at a time).
        fn encode(self, s: &str) -> Option<Vec<u8>> {
            match self {
                Enc::Utf8 | Enc::Utf8Bom => Some(s.as_bytes().to_vec()),
                Enc::Utf16LeBom | Enc::Utf16LeForced => {
                    Some(s.encode_utf16().flat_map(u16::to_le_bytes).collect())
                }
                Enc::Utf16BeBom => Some(s.encode_utf16().flat_map(u16::to_be_bytes).collect()),
                Enc::Gbk | Enc::Gb18030 => {
                    let e = if let Enc::Gbk = self {
                        encoding_rs::GBK
                    } else {
                        encoding_rs::GB18030
                    };
                    let (b, _, lossy) = e.encode(s);
                    (!lossy).then(|| b.into_owned())
                }
            }
        }
    }

    /// Each character of a document with its bytes.
    type Chars = Vec<(String, Vec<u8>)>;

    /// A document as (text, bytes) per character, its whole text and whole bytes.
    fn build(enc: Enc, picks: &[usize]) -> (Chars, String, Vec<u8>) {
        let mut chars: Vec<(String, Vec<u8>)> = Vec::new();
        match enc {
            Enc::Utf8Bom => chars.push(("\u{FEFF}".into(), vec![0xEF, 0xBB, 0xBF])),
            Enc::Utf16LeBom => chars.push((String::new(), vec![0xFF, 0xFE])),
            Enc::Utf16BeBom => chars.push((String::new(), vec![0xFE, 0xFF])),
            _ => {}
        }
        for &p in picks {
            if p == PIECES.len() {
                if enc.gbk_family() {
                    chars.push(("\u{20AC}".into(), GBK_ODD.to_vec()));
                }
                continue;
            }
            for c in PIECES[p].chars() {
                let s = c.to_string();
                if let Some(b) = enc.encode(&s) {
                    chars.push((s, b));
                }
            }
        }
        let text = chars.iter().map(|c| c.0.as_str()).collect();
        let bytes = chars.iter().flat_map(|c| c.1.iter().copied()).collect();
        (chars, text, bytes)
    }

    fn an_encoding() -> impl Strategy<Value = Enc> {
        prop_oneof![
            Just(Enc::Utf8),
            Just(Enc::Utf8Bom),
            Just(Enc::Utf16LeBom),
            Just(Enc::Utf16BeBom),
            Just(Enc::Utf16LeForced),
            Just(Enc::Gbk),
            Just(Enc::Gb18030),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// For random documents, encodings and line endings: the bytes written are the
        /// original bytes with only the fixed spans re-encoded (mapped through an offset
        /// table built here, one character at a time), and they decode to the fixed text.
        #[test]
        fn bytes_outside_the_fixes_never_change(
            enc in an_encoding(),
            picks in proptest::collection::vec(0..=PIECES.len(), 0..40),
            markdown in any::<bool>(),
        ) {
            let (chars, text, bytes) = build(enc, &picks);
            let (decoded, e) = zhenggai::input::decode("p.txt", bytes.clone(), enc.forced())
                .expect("the document decodes");
            prop_assert_eq!(&decoded, &text);
            let fixed = zhenggai::fix::fix_text("p.txt", text.clone(), markdown, rules(), &[], None);
            let Some(new) = fixed.text else {
                prop_assert!(fixed.edits.is_empty());
                return Ok(());
            };
            // Text offset → byte offset at every character boundary.
            let mut table = std::collections::HashMap::new();
            let (mut t, mut b) = (0, 0);
            for (s, bs) in &chars {
                table.entry(t).or_insert(b);
                t += s.len();
                b += bs.len();
            }
            table.insert(t, b);
            if let Some(first) = chars.first().filter(|c| c.0.is_empty()) {
                table.insert(0, first.1.len()); // a UTF-16 BOM is before offset 0
            }
            let mut want = Vec::new();
            let mut at = 0;
            for edit in &fixed.edits {
                let (s, x) = (table[&edit.span.start], table[&edit.span.end]);
                want.extend_from_slice(&bytes[at..s]);
                want.extend(enc.encode(&edit.replacement).expect("fixes are encodable here"));
                at = x;
            }
            want.extend_from_slice(&bytes[at..]);
            let got = zhenggai::input::splice(&bytes, e, &text, &fixed.edits, &new);
            prop_assert_eq!(got.as_ref(), Ok(&want), "{:?} {:?}", e.name(), text);
            let (back, _) = zhenggai::input::decode("p.txt", want, enc.forced()).unwrap();
            prop_assert_eq!(back, new);
        }
    }
}
