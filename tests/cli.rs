//! Command-line tests: the `zhenggai` binary run as a user runs it, with exact exit codes
//! (0 clean, 1 errors found, 2 trouble) and checks of what it prints.
//!
//! Fixture texts live in tests/fixtures/cli/ (fictional prose); files needed at run time are
//! written to a per-test scratch directory under the system temp dir and removed afterwards.

use crate::support::{CONTRACT_IDS, Scratch, manifest_dir, offset, pos_chars, variant};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn example(name: &str) -> PathBuf {
    manifest_dir().join("examples").join(name)
}

fn fixture(rel: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures/cli").join(rel)
}

fn read_text(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// 1-based line and 1-based column in characters of byte `offset` in `text`, as the JSON
/// output's numbers are read here.
fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let (line, col) = pos_chars(text, offset);
    (line as u64, col as u64)
}

/// Line and column of the first occurrence of `needle` in `src`.
fn locate(src: &str, needle: &str) -> (u64, u64) {
    line_col(src, offset(src, needle))
}

fn diagnostics(doc: &Value, file: usize) -> &Vec<Value> {
    doc["files"][file]["diagnostics"]
        .as_array()
        .expect("diagnostics array")
}

fn rule_ids(doc: &Value, file: usize) -> Vec<String> {
    diagnostics(doc, file)
        .iter()
        .map(|d| d["rule"].as_str().expect("rule").to_string())
        .collect()
}

fn file_paths(doc: &Value) -> Vec<String> {
    doc["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path").to_string())
        .collect()
}

fn u(v: &Value) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("not an unsigned integer: {v}"))
}

/// `3 errors, 1 warning, 0 infos in 2 files`, as the human renderer writes it.
fn summary_line(errors: u64, warnings: u64, infos: u64, files: u64) -> String {
    let p = |n: u64, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {} in {}",
        p(errors, "error"),
        p(warnings, "warning"),
        p(infos, "info"),
        p(files, "file")
    )
}

fn clean_text() -> String {
    read_text(&fixture("clean.txt"))
}

/// The clean fixture with a draft placeholder left after Chinese text on line 4.
fn placeholder_text() -> String {
    variant(&clean_text(), "已完成整改15个", "已完成整改XX个")
}

/// Checks the JSON document's shape for one diagnostic.
fn assert_diagnostic_shape(d: &Value) {
    for k in ["rule", "severity", "message"] {
        assert!(d[k].is_string(), "{k} missing in {d}");
    }
    assert!(
        ["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()),
        "{d}"
    );
    let spans = std::iter::once(&d["span"]).chain(
        d["labels"].as_array().expect("labels").iter().map(|l| {
            assert!(l["message"].is_string(), "label message in {d}");
            &l["span"]
        }),
    );
    for s in spans {
        for k in ["start", "end", "line", "column", "end_line", "end_column"] {
            assert!(s[k].is_u64(), "span.{k} missing in {d}");
        }
        assert!(u(&s["start"]) <= u(&s["end"]));
        assert!(u(&s["line"]) >= 1 && u(&s["column"]) >= 1);
    }
    assert!(d["notes"].is_array(), "notes in {d}");
}

// ---------------------------------------------------------------------------------------
// 1. Exit codes and output on the examples
// ---------------------------------------------------------------------------------------

#[test]
fn clean_example_exits_0_with_summary_line() {
    let path = example("announcement.txt");
    let o = zg!("check", &path).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.stdout, "0 errors, 0 warnings, 0 infos in 1 file\n");
    assert_eq!(o.stderr, "");

    // Concise output prints nothing for a clean file.
    let o = zg!("check", "--format", "concise", &path).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.stdout, "");

    // The own clean fixture is clean too (the other tests derive faults from it).
    let o = zg!("check", fixture("clean.txt")).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.stdout, "0 errors, 0 warnings, 0 infos in 1 file\n");
}

#[test]
fn clean_example_json_exits_0() {
    let path = example("announcement.txt");
    let o = zg!("check", "--format", "json", &path).run();
    assert_eq!(o.code, 0, "{o:?}");
    let doc = o.json();
    assert_eq!(doc["version"], 1);
    assert_eq!(file_paths(&doc), vec![path.display().to_string()]);
    assert!(diagnostics(&doc, 0).is_empty());
    assert!(doc["files"][0].get("error").is_none());
    assert_eq!(
        doc["summary"],
        serde_json::json!({"files":1,"errors":0,"warnings":0,"infos":0,"unreadable":0})
    );
}

#[test]
fn faulty_example_exits_1_and_human_matches_json() {
    let path = example("faulty.txt");
    let human = zg!("check", &path).run();
    assert_eq!(human.code, 1, "{human:?}");
    let json = zg!("check", "--format=json", &path).run();
    assert_eq!(json.code, 1, "{json:?}");
    let doc = json.json();
    let s = &doc["summary"];
    assert!(u(&s["errors"]) >= 1);
    // The summary, then one `说明：zhenggai explain ID` line per rule seen.
    let seen: std::collections::BTreeSet<&str> = diagnostics(&doc, 0)
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    let lines: Vec<&str> = human.stdout.lines().collect();
    let footer = &lines[lines.len() - seen.len()..];
    let mut pointed: Vec<&str> = footer
        .iter()
        .map(|l| l.strip_prefix("说明：zhenggai explain ").unwrap())
        .collect();
    pointed.sort();
    assert_eq!(pointed, seen.into_iter().collect::<Vec<_>>());
    assert_eq!(
        lines[lines.len() - footer.len() - 1],
        summary_line(
            u(&s["errors"]),
            u(&s["warnings"]),
            u(&s["infos"]),
            u(&s["files"])
        )
    );
    let shown = path.display().to_string();
    for d in diagnostics(&doc, 0) {
        let head = format!(
            "[{}]: {}",
            d["rule"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        assert!(human.stdout.contains(&head), "human lacks {head}");
        let at = format!("{shown}:{}:{}", d["span"]["line"], d["span"]["column"]);
        assert!(human.stdout.contains(&at), "human lacks {at}");
    }
    assert!(human.stdout.contains("error[tally-sum]: "));
}

#[test]
fn faulty_json_reports_every_expected_rule_with_its_severity() {
    let path = example("faulty.txt");
    let o = zg!("check", "--format", "json", &path).run();
    assert_eq!(o.code, 1, "{o:?}");
    let doc = o.json();
    assert_eq!(doc["version"], 1);
    assert_eq!(file_paths(&doc), vec![path.display().to_string()]);
    let diags = diagnostics(&doc, 0);
    diags.iter().for_each(assert_diagnostic_shape);

    // Each rule's severity is the one `rules --json` lists.
    let rules = zg!("rules", "--json").run().json();
    let severity_of = |id: &str| -> String {
        rules
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no rule {id}"))["severity"]
            .as_str()
            .unwrap()
            .to_string()
    };
    for d in diags {
        assert_eq!(
            d["severity"].as_str().unwrap(),
            severity_of(d["rule"].as_str().unwrap()),
            "{d}"
        );
    }

    // Every row of faulty.expect.tsv: the rule reports at that line (primary or label).
    let tsv = read_text(&example("faulty.expect.tsv"));
    let mut rows = 0;
    for row in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let mut f = row.split('\t');
        let line: u64 = f.next().unwrap().parse().unwrap();
        let rule = f.next().unwrap();
        rows += 1;
        let hit = diags.iter().any(|d| {
            d["rule"] == rule
                && (u(&d["span"]["line"]) == line
                    || d["labels"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|l| u(&l["span"]["line"]) == line))
        });
        assert!(hit, "no {rule} at line {line}: {:?}", rule_ids(&doc, 0));
    }
    assert!(rows >= 14, "faulty.expect.tsv has {rows} rows");

    // The summary adds up.
    let count = |sev: &str| diags.iter().filter(|d| d["severity"] == sev).count() as u64;
    let s = &doc["summary"];
    assert_eq!(u(&s["files"]), 1);
    assert_eq!(u(&s["errors"]), count("error"));
    assert_eq!(u(&s["warnings"]), count("warning"));
    assert_eq!(u(&s["infos"]), count("info"));
    assert_eq!(u(&s["unreadable"]), 0);
}

#[test]
fn faulty_json_tally_sum_span_is_exact() {
    let path = example("faulty.txt");
    let text = read_text(&path);
    let o = zg!("check", "--format", "json", &path).run();
    assert_eq!(o.code, 1);
    let doc = o.json();
    let tallies: Vec<&Value> = diagnostics(&doc, 0)
        .iter()
        .filter(|d| d["rule"] == "tally-sum")
        .collect();
    assert_eq!(tallies.len(), 1, "{tallies:?}");
    let d = tallies[0];
    assert_eq!(d["severity"], "error");
    let span = &d["span"];
    let (start, end) = (u(&span["start"]) as usize, u(&span["end"]) as usize);

    // The total as written: “给予党纪处分38人（…）”, parts 16+11+3+4+5 = 39.
    let sentence = "给予党纪处分38人（党内警告16人";
    let expected_start = text.find(sentence).expect("sentence") + "给予党纪处分".len();
    assert_eq!(start, expected_start);
    assert_eq!(&text[start..end], "38人");
    let (line, col) = line_col(&text, start);
    let (end_line, end_col) = line_col(&text, end);
    assert_eq!((u(&span["line"]), u(&span["column"])), (line, col));
    assert_eq!(
        (u(&span["end_line"]), u(&span["end_column"])),
        (end_line, end_col)
    );
    // Columns count characters: the byte-based column would be far larger on this line.
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    assert!((start - line_start + 1) as u64 > col);
    assert!(d["message"].as_str().unwrap().contains("38"));
    assert!(d["message"].as_str().unwrap().contains("39"));

    // The labels point at the parts; they add up to the reported sum.
    let mut sum = 0u64;
    for l in d["labels"].as_array().unwrap() {
        let (s, e) = (
            u(&l["span"]["start"]) as usize,
            u(&l["span"]["end"]) as usize,
        );
        let part = &text[s..e];
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        assert_eq!(part, format!("{digits}人"), "label text {part:?}");
        sum += digits.parse::<u64>().unwrap();
        assert_eq!(
            (u(&l["span"]["line"]), u(&l["span"]["column"])),
            line_col(&text, s)
        );
    }
    assert_eq!(sum, 39);
}

// ---------------------------------------------------------------------------------------
// 2. Columns under CJK
// ---------------------------------------------------------------------------------------

#[test]
fn concise_columns_count_characters_not_bytes() {
    let dir = Scratch::new("cli", "concise_columns");
    let text = variant(
        &placeholder_text(),
        "追回违规使用资金38.6万元",
        "追回违规使用资金（数额待补充",
    );
    let file = dir.write("ph.txt", &text);
    let o = zg!("check", "--format", "concise", &file).run();
    assert_eq!(o.code, 1, "{o:?}");
    let shown = file.display().to_string();

    let xx = text.find("XX").unwrap();
    let (l1, c1) = line_col(&text, xx);
    let pending = text.find("待补充").unwrap();
    let (l2, c2) = line_col(&text, pending);
    let bracket = text.find("（数额").unwrap();
    let (l3, c3) = line_col(&text, bracket);
    let expected = [
        format!("{shown}:{l1}:{c1}: error[placeholder] 留有草稿占位符“XX”"),
        format!("{shown}:{l3}:{c3}: error[unbalanced-brackets] “（”没有配对的“）”"),
        format!("{shown}:{l2}:{c2}: error[placeholder] 留有草稿占位符“待补充”"),
    ];
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines[..3], expected, "{}", o.stdout);
    assert_eq!(lines[3], "3 errors, 0 warnings, 0 infos in 1 file");
    assert_eq!(lines.len(), 4);
    // Sanity: these faults follow Chinese text, so a byte column would differ.
    let ls = text[..xx].rfind('\n').unwrap() + 1;
    assert_ne!((xx - ls + 1) as u64, c1);
    assert_eq!((l1, c1), (4, 77));
}

// ---------------------------------------------------------------------------------------
// 3. Standard input
// ---------------------------------------------------------------------------------------

#[test]
fn stdin_dash_is_checked_under_the_name_dash() {
    let text = placeholder_text();
    let (line, col) = line_col(&text, text.find("XX").unwrap());
    let o = zg!("check", "--format", "concise", "-")
        .stdin(text.clone())
        .run();
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(
        o.stdout,
        format!(
            "-:{line}:{col}: error[placeholder] 留有草稿占位符“XX”\n1 error, 0 warnings, 0 infos in 1 file\n"
        )
    );

    let o = zg!("check", "--format", "json", "-").stdin(text).run();
    assert_eq!(o.code, 1);
    assert_eq!(file_paths(&o.json()), vec!["-"]);

    let o = zg!("check", "-").stdin(clean_text()).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.stdout, "0 errors, 0 warnings, 0 infos in 1 file\n");
}

#[test]
fn stdin_filename_md_masks_front_matter_heading_and_comments() {
    let md = read_text(&fixture("draft.md"));
    // The fixture really has markup that would be reported if it were prose.
    assert!(md.starts_with("---\ntitle: "));
    assert!(md.contains("\n# 中共澄川县委"));
    assert!(md.contains("<!-- 审核意见"));

    let o = zg!("check", "--stdin-filename", "draft.md", "--format", "json")
        .stdin(md.clone())
        .run();
    assert_eq!(o.code, 1, "{o:?}");
    let doc = o.json();
    assert_eq!(file_paths(&doc), vec!["draft.md"]);
    let diags = diagnostics(&doc, 0);
    assert_eq!(rule_ids(&doc, 0), vec!["placeholder"], "{diags:?}");
    // Its span is the body's XX in the text as given (masking shifts nothing).
    let xx = md.find("整改XX个").unwrap() + "整改".len();
    let span = &diags[0]["span"];
    assert_eq!(u(&span["start"]) as usize, xx);
    assert_eq!(u(&span["end"]) as usize, xx + 2);
    let (line, col) = line_col(&md, xx);
    assert_eq!((u(&span["line"]), u(&span["column"])), (line, col));

    // Concise output names the given file.
    let o = zg!(
        "check",
        "--stdin-filename",
        "draft.md",
        "--format",
        "concise"
    )
    .stdin(md.clone())
    .run();
    assert_eq!(o.code, 1);
    assert!(
        o.stdout
            .starts_with(&format!("draft.md:{line}:{col}: error[placeholder] ")),
        "{}",
        o.stdout
    );

    // The same bytes named .txt are not masked: the front matter and comments report.
    let o = zg!("check", "--stdin-filename", "draft.txt", "--format", "json")
        .stdin(md.clone())
        .run();
    assert_eq!(o.code, 1);
    let doc = o.json();
    assert_eq!(file_paths(&doc), vec!["draft.txt"]);
    let lines: Vec<u64> = diagnostics(&doc, 0)
        .iter()
        .map(|d| u(&d["span"]["line"]))
        .collect();
    assert!(
        lines.contains(&2),
        "front matter XX not reported: {lines:?}"
    );
    assert!(lines.contains(&6), "comment not reported: {lines:?}");
    assert!(diagnostics(&doc, 0).len() > 1);
}

#[test]
fn stdin_filename_with_paths_is_refused() {
    let o = zg!(
        "check",
        "--stdin-filename",
        "draft.md",
        fixture("clean.txt")
    )
    .stdin(clean_text())
    .run();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("--stdin-filename"), "{}", o.stderr);
}

// ---------------------------------------------------------------------------------------
// 4. Directories
// ---------------------------------------------------------------------------------------

#[test]
fn directory_walk_is_sorted_and_skips_hidden_ignored_and_other_files() {
    let dir = Scratch::new("cli", "directory_walk");
    let clean = clean_text();
    let faulty = placeholder_text();
    // Linted.
    dir.write("d/b.txt", &clean);
    dir.write("d/a.md", &faulty);
    dir.write("d/sub/c.txt", &faulty);
    // Skipped: hidden, listed in d/.gitignore (no git repository), other extensions.
    dir.write("d/.hidden/h.txt", &faulty);
    dir.write("d/.draft.txt", &faulty);
    dir.write("d/sub/.old.md", &faulty);
    dir.write("d/ignored.txt", &faulty);
    dir.write("d/tmp/scratch.txt", &faulty);
    dir.write("d/notes.rst", &faulty);
    dir.write("d/data.json", &faulty);
    dir.write("d/copy.txt.bak", &faulty);
    dir.write("d/.gitignore", "ignored.txt\ntmp/\n");
    assert!(!dir.path().join(".git").exists());

    let o = zg!("check", "--format", "json", "d").cwd(dir.path()).run();
    assert_eq!(o.code, 1, "{o:?}");
    let doc = o.json();
    let expected: Vec<String> = ["a.md", "b.txt", "sub/c.txt"]
        .iter()
        .map(|p| Path::new("d").join(p).display().to_string())
        .collect();
    assert_eq!(file_paths(&doc), expected);
    assert_eq!(rule_ids(&doc, 0), vec!["placeholder"]);
    assert!(diagnostics(&doc, 1).is_empty());
    assert_eq!(rule_ids(&doc, 2), vec!["placeholder"]);
    assert_eq!(u(&doc["summary"]["files"]), 3);

    let o = zg!("check", "d").cwd(dir.path()).run();
    assert_eq!(o.code, 1);
    assert!(
        o.stdout.ends_with(
            "2 errors, 0 warnings, 0 infos in 3 files\n说明：zhenggai explain placeholder\n"
        ),
        "{}",
        o.stdout
    );
    for skipped in [
        ".hidden",
        ".draft.txt",
        ".old.md",
        "ignored.txt",
        "scratch.txt",
        "notes.rst",
        "data.json",
        "copy.txt.bak",
    ] {
        assert!(!o.stdout.contains(skipped), "{skipped} was checked");
    }
}

#[test]
fn directory_without_txt_or_md_files_is_exit_2() {
    let dir = Scratch::new("cli", "directory_empty");
    dir.write("only/notes.rst", "说明");
    dir.write("only/.hidden.txt", clean_text());
    let o = zg!("check", "only").cwd(dir.path()).run();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("only"), "{}", o.stderr);
    assert!(o.stderr.contains("no .txt"), "{}", o.stderr);
}

#[test]
fn nonexistent_path_is_exit_2_naming_it() {
    let dir = Scratch::new("cli", "nonexistent_path");
    for format in ["human", "concise", "json"] {
        let o = zg!("check", "--format", format, "no-such-draft.txt")
            .cwd(dir.path())
            .run();
        assert_eq!(o.code, 2, "{format}: {o:?}");
        assert!(
            o.stderr.contains("no-such-draft.txt"),
            "{format}: {}",
            o.stderr
        );
    }
}

#[test]
fn good_file_still_reported_when_another_path_is_missing() {
    let dir = Scratch::new("cli", "good_and_missing");
    dir.write("good.txt", clean_text());
    dir.write("bad.txt", placeholder_text());

    let o = zg!("check", "good.txt", "missing.txt")
        .cwd(dir.path())
        .run();
    assert_eq!(o.code, 2, "{o:?}");
    // The missing path is part of the report too (first), counted as unreadable.
    assert!(
        o.stdout
            .contains("0 errors, 0 warnings, 0 infos in 2 files (1 could not be read)"),
        "{o:?}"
    );
    assert!(o.stdout.contains("error[io]: missing.txt"), "{o:?}");
    assert!(o.stderr.contains("missing.txt"));

    let o = zg!("check", "--format", "json", "missing.txt", "good.txt")
        .cwd(dir.path())
        .run();
    assert_eq!(o.code, 2, "{o:?}");
    assert_eq!(file_paths(&o.json()), vec!["missing.txt", "good.txt"]);
    assert!(
        o.json()["files"][0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("cannot access"))
    );
    assert_eq!(o.json()["summary"]["unreadable"], 1);
    assert!(o.stderr.contains("missing.txt"));

    // Diagnostics of the readable file are still printed; trouble (2) wins over found (1).
    let o = zg!("check", "--format", "concise", "bad.txt", "missing.txt")
        .cwd(dir.path())
        .run();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(
        o.stdout.contains("bad.txt:4:77: error[placeholder]"),
        "{}",
        o.stdout
    );
}

// ---------------------------------------------------------------------------------------
// 5. Bad inputs
// ---------------------------------------------------------------------------------------

/// Ids of the enabled built-in rules of kind `required`.
fn required_rule_ids() -> Vec<String> {
    let rules = zg!("rules", "--json").run().json();
    let mut ids: Vec<String> = rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "required" && r["enabled"] == true)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn empty_and_blank_files_report_missing_required_elements() {
    let dir = Scratch::new("cli", "empty_file");
    let required = required_rule_ids();
    assert_eq!(
        required,
        [
            "contact-info",
            "feedback-date",
            "inspection-period",
            "signature"
        ]
    );
    for (name, content) in [("empty.txt", ""), ("blank.txt", "\n  \n\n")] {
        let file = dir.write(name, content);
        let o = zg!("check", "--format", "json", &file).run();
        assert_eq!(o.code, 1, "{name}: {o:?}");
        let doc = o.json();
        let mut ids = rule_ids(&doc, 0);
        ids.sort();
        assert_eq!(ids, required, "{name}");
        for d in diagnostics(&doc, 0) {
            assert_eq!(d["severity"], "error");
            assert!(u(&d["span"]["end"]) as usize <= content.len());
            assert!(u(&d["span"]["line"]) >= 1);
        }
        let o = zg!("check", &file).run();
        assert_eq!(o.code, 1);
        assert!(
            o.stdout
                .contains("\n4 errors, 0 warnings, 0 infos in 1 file\n"),
            "{}",
            o.stdout
        );
        // After the summary, one pointer per rule seen.
        let tail = o.stdout.split("0 infos in 1 file\n").nth(1).unwrap();
        assert_eq!(tail.lines().count(), 4, "{tail}");
        assert!(
            tail.lines()
                .all(|l| l.starts_with("说明：zhenggai explain "))
        );
    }
}

#[test]
fn binary_junk_is_exit_2_with_utf8_error() {
    let dir = Scratch::new("cli", "binary_junk");
    // Deterministic pseudo-random bytes, with NUL and bytes never valid in UTF-8.
    let mut x: u32 = 0x2545_F491;
    let mut bytes: Vec<u8> = (0..8192)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    bytes.splice(0..0, [0x00, 0xFF, 0xC0, 0x80, 0xFE]);
    assert!(std::str::from_utf8(&bytes).is_err());
    let file = dir.write("junk.txt", &bytes);
    let shown = file.display().to_string();

    let o = zg!("check", &file).run();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.all().contains("binary file"), "{}", o.all());
    assert!(o.all().contains(&shown));

    let o = zg!("check", "--format", "json", &file).run();
    assert_eq!(o.code, 2, "{o:?}");
    let doc = o.json();
    assert_eq!(file_paths(&doc), vec![shown]);
    assert!(
        doc["files"][0]["error"]
            .as_str()
            .unwrap()
            .contains("binary file")
    );
    assert!(diagnostics(&doc, 0).is_empty());
    assert_eq!(u(&doc["summary"]["unreadable"]), 1);

    // Junk on standard input too.
    let o = zg!("check", "-").stdin(bytes).run();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.all().contains("binary file"));
}

#[test]
fn gbk_file_is_decoded_and_named_in_json() {
    // GBK input is detected and decoded; the JSON says which encoding was used.
    let dir = Scratch::new("cli", "gbk_file");
    let text = placeholder_text();
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let file = dir.write("gbk-draft.txt", &gbk);
    let shown = file.display().to_string();
    let o = zg!("check", "--format", "json", &file).run();
    assert_eq!(o.code, 1, "{o:?}");
    let doc = o.json();
    assert_eq!(doc["files"][0]["path"], shown);
    assert_eq!(doc["files"][0]["encoding"], "GBK");
    let d = diagnostics(&doc, 0);
    assert_eq!(d.len(), 1, "{doc}");
    assert_eq!(d[0]["rule"], "placeholder");
}

#[test]
fn utf16_file_with_bom_is_decoded() {
    let dir = Scratch::new("cli", "utf16_file");
    let mut bytes = vec![0xFF, 0xFE];
    for c in "中共澄川县委\n".encode_utf16() {
        bytes.extend_from_slice(&c.to_le_bytes());
    }
    let file = dir.write("utf16.txt", &bytes);
    let o = zg!("check", "--format", "json", &file).run();
    assert_eq!(o.json()["files"][0]["encoding"], "UTF-16LE", "{o:?}");
    assert!(!o.all().contains("panicked"));
}

#[test]
fn utf8_bom_file_is_parsed_normally() {
    let dir = Scratch::new("cli", "utf8_bom");
    let bom = |s: &str| [&[0xEF, 0xBB, 0xBF][..], s.as_bytes()].concat();

    // Header and signature dates agree: nothing to report.
    let file = dir.write("bom.txt", bom(&clean_text()));
    let o = zg!("check", "--format", "json", &file).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert!(diagnostics(&o.json(), 0).is_empty(), "{}", o.stdout);

    // They disagree: the header date behind the BOM is recognised and compared.
    let later = variant(
        &clean_text(),
        "中共澄川县委\n2025年3月18日",
        "中共澄川县委\n2025年3月19日",
    );
    let file = dir.write("bom-mismatch.txt", bom(&later));
    let o = zg!("check", "--format", "json", &file).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(rule_ids(&o.json(), 0), vec!["date-mismatch"]);

    // Positions after line 1 are unaffected by the BOM.
    let plain = dir.write("plain-ph.txt", placeholder_text());
    let with_bom = dir.write("bom-ph.txt", bom(&placeholder_text()));
    let a = zg!("check", "--format", "json", &plain).run().json();
    let b = zg!("check", "--format", "json", &with_bom).run().json();
    let (da, db) = (
        &diagnostics(&a, 0)[0]["span"],
        &diagnostics(&b, 0)[0]["span"],
    );
    assert_eq!((&da["line"], &da["column"]), (&db["line"], &db["column"]));
    assert_eq!(
        u(&db["start"]),
        u(&da["start"]) + 3,
        "offsets count the BOM"
    );
}

#[test]
fn crlf_line_endings_give_the_same_findings_as_lf() {
    let dir = Scratch::new("cli", "crlf");
    let lf = read_text(&example("faulty.txt"));
    let crlf = lf.replace('\n', "\r\n");
    let a = dir.write("lf.txt", &lf);
    let b = dir.write("crlf.txt", &crlf);
    let run = |p: &Path| {
        let o = zg!("check", "--format", "json", &p).run();
        assert_eq!(o.code, 1, "{o:?}");
        let doc = o.json();
        diagnostics(&doc, 0)
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    u(&d["span"]["line"]),
                    u(&d["span"]["column"]),
                )
            })
            .collect::<Vec<_>>()
    };
    let (x, y) = (run(&a), run(&b));
    assert!(!x.is_empty());
    assert_eq!(x, y);

    let c = dir.write("clean-crlf.txt", clean_text().replace('\n', "\r\n"));
    let o = zg!("check", &c).run();
    assert_eq!(o.code, 0, "{o:?}");
}

#[test]
fn ten_megabyte_single_line_finishes() {
    let dir = Scratch::new("cli", "ten_megabytes");
    let unit = "县委坚持问题导向（清单管理），推动“整改落实”见效，群众满意度持续提升。";
    let n = 10 * 1024 * 1024 / unit.len() + 1;
    let mut text = unit.repeat(n);
    text.push('\n');
    assert!(text.len() >= 10 * 1024 * 1024);
    let file = dir.write("big.txt", &text);
    let o = zg!("check", "--format", "json", &file).run();
    assert!(o.code == 0 || o.code == 1, "{}", o.stderr);
    let doc = o.json();
    let brackets = rule_ids(&doc, 0)
        .iter()
        .filter(|r| *r == "unbalanced-brackets")
        .count();
    assert_eq!(brackets, 0);
}

#[test]
fn hundred_thousand_nested_brackets_finish() {
    let dir = Scratch::new("cli", "nested_brackets");
    let cases = [
        ("open.txt", format!("{}\n", "（".repeat(100_000)), 1),
        (
            "balanced.txt",
            format!("{}整改{}\n", "（".repeat(100_000), "）".repeat(100_000)),
            0,
        ),
        ("mixed.txt", format!("{}\n", "（“《".repeat(100_000 / 3)), 1),
    ];
    for (name, text, min) in cases {
        let file = dir.write(name, &text);
        let o = zg!("check", "--format", "json", &file).run();
        assert!(o.code == 0 || o.code == 1, "{name}: {}", o.stderr);
        let doc = o.json();
        let n = rule_ids(&doc, 0)
            .iter()
            .filter(|r| *r == "unbalanced-brackets")
            .count();
        assert!(
            n >= min && n <= 10,
            "{name}: {n} unbalanced-brackets reports"
        );
    }
}

// ---------------------------------------------------------------------------------------
// 6. Bad flags
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_flag_is_exit_2() {
    let o = zg!("check", "--strict", fixture("clean.txt")).run();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("--strict"), "{}", o.stderr);
    assert_eq!(o.stdout, "");

    let o = zg!("lint", "x.txt").run();
    assert_eq!(o.code, 2, "{o:?}");
}

#[test]
fn unknown_format_is_exit_2() {
    let o = zg!("check", "--format", "xml", fixture("clean.txt")).run();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("xml"), "{}", o.stderr);
    assert_eq!(o.stdout, "");
}

#[test]
fn unknown_rule_id_in_select_or_ignore_is_exit_2_naming_it() {
    for flag in ["--select", "--ignore"] {
        let o = zg!(
            "check",
            flag,
            "placeholder,no-such-rule",
            fixture("clean.txt")
        )
        .run();
        assert_eq!(o.code, 2, "{flag}: {o:?}");
        assert!(o.stderr.contains("no-such-rule"), "{flag}: {}", o.stderr);
        assert_eq!(o.stdout, "");
    }
}

#[test]
fn help_and_version_are_exit_0() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["check", "--help"],
        &["help", "check"],
    ] {
        let o = zg!().args(args).run();
        assert_eq!(o.code, 0, "{args:?}: {o:?}");
        assert!(o.stdout.contains("Usage:"), "{args:?}: {}", o.stdout);
    }
    let o = zg!("check", "--help").run();
    for flag in [
        "--format",
        "--stdin-filename",
        "--rules",
        "--select",
        "--ignore",
        "--color",
    ] {
        assert!(o.stdout.contains(flag), "help lacks {flag}");
    }
    let o = zg!("--version").run();
    assert_eq!(o.code, 0);
    assert!(o.stdout.starts_with("zhenggai "));
}

#[test]
fn no_paths_or_no_subcommand_is_exit_2() {
    let o = zg!("check").run();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("no input"), "{}", o.stderr);
    let o = zg!("check", "--format", "json").run();
    assert_eq!(o.code, 2, "{o:?}");
    let o = zg!().run();
    assert_eq!(o.code, 2, "{o:?}");
}

// ---------------------------------------------------------------------------------------
// 7. rules and explain
// ---------------------------------------------------------------------------------------

/// (id, enabled by default, file name) of every rule file in rules/, sorted by id: the
/// built-in set as the binary embeds it.
fn builtin_rule_files() -> Vec<(String, bool, String)> {
    let mut out = Vec::new();
    for e in fs::read_dir(manifest_dir().join("rules")).expect("rules/") {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "yaml") {
            continue;
        }
        let y: serde_yaml::Value = serde_yaml::from_str(&read_text(&p)).expect("rule YAML");
        // Runs by default: not switched off in its file, and in the default pack (core).
        let pack = y["pack"].as_str().unwrap_or("core");
        let enabled =
            y["enabled"].as_bool().unwrap_or(true) && y["severity"] != "off" && pack == "core";
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        out.push((y["id"].as_str().unwrap().to_string(), enabled, name));
    }
    out.sort();
    out
}

#[test]
fn rules_lists_all_21_ids_with_fullwidth_off_by_default() {
    let o = zg!("rules").run();
    assert_eq!(o.code, 0, "{o:?}");
    let mut lines = o.stdout.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("ID") && header.contains("SEVERITY"),
        "{header}"
    );
    let rows: Vec<&str> = lines.collect();
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r.split_whitespace().next().unwrap())
        .collect();
    // All 21 rules, in id order; rules added to rules/ since are listed as well.
    for id in CONTRACT_IDS {
        assert!(ids.contains(&id), "{id} not listed:\n{}", o.stdout);
    }
    let files = builtin_rule_files();
    assert!(files.len() >= 21);
    assert_eq!(
        ids,
        files.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        "{}",
        o.stdout
    );
    let fw = rows
        .iter()
        .find(|r| r.starts_with("fullwidth-punctuation "))
        .unwrap();
    assert!(fw.contains("info (off by default)"), "{fw}");
    // Exactly the rules whose file says so are marked off.
    for ((id, enabled, _), row) in files.iter().zip(&rows) {
        assert_eq!(row.contains("(off by default)"), !enabled, "{id}: {row}");
    }
    let tally = rows.iter().find(|r| r.starts_with("tally-sum ")).unwrap();
    assert!(
        tally.contains(" tally-sum ") && tally.contains(" error "),
        "{tally}"
    );
}

#[test]
fn rules_json_parses() {
    let o = zg!("rules", "--json").run();
    assert_eq!(o.code, 0, "{o:?}");
    let v = o.json();
    let rules = v.as_array().expect("array");
    let files = builtin_rule_files();
    assert_eq!(rules.len(), files.len());
    for id in CONTRACT_IDS {
        assert!(rules.iter().any(|r| r["id"] == id), "{id} missing");
    }
    for (r, (id, enabled, file)) in rules.iter().zip(&files) {
        assert_eq!(r["id"], id.as_str());
        for k in ["kind", "severity", "summary", "source"] {
            assert!(r[k].is_string(), "{k} in {r}");
        }
        assert_eq!(r["enabled"], *enabled, "{r}");
        assert_eq!(r["source"], format!("builtin:{file}"), "{r}");
    }
    let fw = rules
        .iter()
        .find(|r| r["id"] == "fullwidth-punctuation")
        .unwrap();
    assert_eq!(fw["severity"], "info");
    assert_eq!(fw["kind"], "pattern");
}

#[test]
fn explain_tally_sum_prints_rationale_and_examples() {
    let o = zg!("explain", "tally-sum").run();
    assert_eq!(o.code, 0, "{o:?}");
    assert!(
        o.stdout.contains("\n# tally-sum\n")
            && o.stdout.contains("| 严重程度 | 错误（error） |")
            && o.stdout.contains("| 规则包 | `core`，默认启用 |"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("分项之和应等于合计"));

    // Everything the rule file documents is printed.
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&read_text(&manifest_dir().join("rules/tally-sum.yaml")))
            .expect("rules/tally-sum.yaml");
    assert!(o.stdout.contains(yaml["summary"].as_str().unwrap()));
    for line in yaml["rationale"].as_str().unwrap().lines() {
        assert!(o.stdout.contains(line), "rationale line missing: {line}");
    }
    assert!(o.stdout.contains("\n## 会报告的写法\n"));
    assert!(o.stdout.contains("\n## 不报告的写法\n"));
    for kind in ["bad", "good"] {
        let list = yaml["examples"][kind].as_sequence().unwrap();
        assert!(!list.is_empty());
        for e in list {
            let e = e.as_str().unwrap().trim_end();
            assert!(
                o.stdout.contains(&format!("```text\n{e}\n```\n")),
                "example missing: {e}"
            );
        }
    }
    // Each bad example is shown with what the checker prints for it.
    assert!(
        o.stdout
            .contains("error[tally-sum]: 党纪处分合计58人，但分项相加为59人（差+1人）")
    );
    assert!(o.stdout.contains("定义于 `rules/tally-sum.yaml`"));
}

#[test]
fn explain_unknown_rule_is_exit_2() {
    let o = zg!("explain", "nope").run();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("nope"), "{}", o.stderr);
    assert_eq!(o.stdout, "");
}

// ---------------------------------------------------------------------------------------
// 8. User rules
// ---------------------------------------------------------------------------------------

#[test]
fn user_pattern_rule_is_applied_and_listed() {
    let dir = Scratch::new("cli", "user_rule");
    let rules = fixture("user-rules");
    let text = variant(&clean_text(), "建立问题清单", "会同有关方面建立问题清单");
    let file = dir.write("vague.txt", &text);
    let (line, col) = line_col(&text, text.find("有关方面").unwrap());
    let o = zg!("check", "--rules", &rules, "--format", "concise", &file).run();
    assert_eq!(o.code, 0, "a warning does not fail the run: {o:?}");
    assert_eq!(
        o.stdout,
        format!(
            "{}:{line}:{col}: warning[vague-wording] “有关方面”过于空泛，建议写明具体的责任单位\n0 errors, 1 warning, 0 infos in 1 file\n",
            file.display()
        )
    );

    // JSON carries the note from `suggest`.
    let o = zg!("check", "--rules", &rules, "--format", "json", &file).run();
    let doc = o.json();
    let d = &diagnostics(&doc, 0)[0];
    assert_eq!(d["rule"], "vague-wording");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["notes"], serde_json::json!(["改为：具体的责任单位"]));

    // Without --rules the text is clean.
    let o = zg!("check", &file).run();
    assert_eq!(o.code, 0);
    assert!(!o.stdout.contains("vague-wording"));

    // `rules` and `explain` see it too.
    let o = zg!("rules", "--rules", &rules).run();
    assert_eq!(o.code, 0);
    assert_eq!(o.stdout.lines().count(), builtin_rule_files().len() + 2);
    assert!(o.stdout.lines().any(|l| l.starts_with("vague-wording ")));
    let o = zg!("explain", "vague-wording", "--rules", &rules).run();
    assert_eq!(o.code, 0);
    assert!(
        o.stdout.contains("\n# vague-wording\n")
            && o.stdout.contains("| 严重程度 | 警告（warning） |")
            && o.stdout.contains("[`pattern`](../kinds/pattern.md)"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("会同有关方面建立问题清单"));
    assert!(o.stdout.contains(&format!(
        "定义于 `{}`",
        rules.join("vague-wording.yaml").display()
    )));
}

/// Runs `check --rules <bad-rules/CASE>` on the clean fixture; returns (rule file, source,
/// stderr) after asserting exit 2 and that nothing was checked.
fn bad_rules(case: &str) -> (PathBuf, String, String) {
    let dir = fixture("bad-rules").join(case);
    let files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    assert_eq!(files.len(), 1, "{case} should hold one rule file");
    let o = zg!("check", "--rules", &dir, fixture("clean.txt")).run();
    assert_eq!(o.code, 2, "{case}: {o:?}");
    assert_eq!(o.stdout, "", "{case}: nothing is checked with broken rules");
    let src = read_text(&files[0]);
    (files[0].clone(), src, o.stderr)
}

fn assert_located(stderr: &str, file: &Path, (line, col): (u64, u64), words: &[&str]) {
    let prefix = format!("{}:{line}:{col}: ", file.display());
    let hit = stderr
        .lines()
        .find(|l| l.contains(&prefix))
        .unwrap_or_else(|| panic!("no `{prefix}` in stderr:\n{stderr}"));
    for w in words {
        assert!(hit.contains(w), "{w:?} missing in {hit}");
    }
}

#[test]
fn bad_rule_unknown_key_is_located() {
    let (file, src, stderr) = bad_rules("unknown-key");
    assert_located(
        &stderr,
        &file,
        locate(&src, "sevrity:"),
        &["unknown field", "sevrity"],
    );
    assert_eq!(locate(&src, "sevrity:"), (8, 1));
}

#[test]
fn bad_rule_bad_regex_is_located() {
    let (file, src, stderr) = bad_rules("bad-regex");
    let at = locate(&src, "相关(单位|部门");
    assert_eq!(at, (7, 13));
    assert_located(&stderr, &file, at, &["bad regex"]);
}

#[test]
fn bad_rule_unknown_kind_is_located() {
    let (file, src, stderr) = bad_rules("unknown-kind");
    // Located at the unknown value, as rustc points at the offending token.
    let at = locate(&src, "wordlist");
    assert_eq!(at, (4, 7));
    assert_located(&stderr, &file, at, &["unknown kind", "wordlist", "pattern"]);
}

#[test]
fn bad_rule_message_placeholder_is_located() {
    let (file, src, stderr) = bad_rules("bad-placeholder");
    let at = locate(&src, "{count}");
    assert_eq!(at, (4, 27));
    assert_located(
        &stderr,
        &file,
        at,
        &["{count}", "pattern", "match", "suggest"],
    );
}

#[test]
fn bad_rule_duplicating_a_builtin_id_is_refused() {
    let (file, _src, stderr) = bad_rules("duplicate-id");
    let prefix = format!("{}:", file.display());
    let line = stderr
        .lines()
        .find(|l| l.contains(&prefix))
        .unwrap_or_else(|| panic!("no {prefix} in:\n{stderr}"));
    assert!(line.contains("duplicate rule id `placeholder`"), "{line}");
    assert!(line.contains("builtin:placeholder.yaml"), "{line}");
    // `path:LINE:COL: ` with numbers.
    let rest = &line[line.find(&prefix).unwrap() + prefix.len()..];
    let mut parts = rest.splitn(3, ':');
    assert!(parts.next().unwrap().parse::<u64>().is_ok(), "{line}");
    assert!(parts.next().unwrap().parse::<u64>().is_ok(), "{line}");
}

#[test]
fn bad_rule_duplicating_a_builtin_id_is_located_at_its_id() {
    let (file, src, stderr) = bad_rules("duplicate-id");
    let (line, _) = locate(&src, "id: placeholder");
    assert_eq!(line, 2);
    // Column 1 (the key) or 5 (the value) are both acceptable.
    let ok = [(line, 1), (line, 5)]
        .iter()
        .any(|&(l, c)| stderr.contains(&format!("{}:{l}:{c}: duplicate rule id", file.display())));
    assert!(ok, "duplicate id not located at line {line}:\n{stderr}");
}

#[test]
fn bad_rule_bad_regex_in_double_quotes_is_located() {
    let (file, src, stderr) = bad_rules("bad-regex-escaped");
    let (line, col) = locate(&src, "\"共\\\\d+(个\"");
    assert_eq!((line, col), (5, 12));
    // The opening quote or the first character of the pattern.
    let ok = [col, col + 1]
        .iter()
        .any(|c| stderr.contains(&format!("{}:{line}:{c}: bad regex", file.display())));
    assert!(ok, "bad regex not located at line {line}:\n{stderr}");
}

#[test]
fn bad_rule_quoted_unknown_kind_is_located() {
    let (file, src, stderr) = bad_rules("unknown-kind-quoted");
    let at = locate(&src, "wordlist");
    assert_eq!(at, (3, 8));
    assert_located(&stderr, &file, at, &["unknown kind", "wordlist"]);
}

#[test]
fn all_bad_rule_directories_are_reported_in_one_run() {
    let cases = [
        "unknown-key",
        "bad-regex",
        "unknown-kind",
        "bad-placeholder",
        "duplicate-id",
    ];
    let mut cmd = zg!("check");
    for c in cases {
        cmd = cmd.arg("--rules").arg(fixture("bad-rules").join(c));
    }
    let o = cmd.arg(fixture("clean.txt")).run();
    assert_eq!(o.code, 2, "{o:?}");
    for c in cases {
        let dir = fixture("bad-rules").join(c);
        assert!(
            o.stderr.contains(&format!("{}", dir.display())),
            "{c} not reported:\n{}",
            o.stderr
        );
    }
    assert_eq!(o.stderr.lines().count(), cases.len(), "{}", o.stderr);
}

#[test]
fn rules_dir_that_does_not_exist_is_exit_2() {
    let missing = fixture("no-such-rules-dir");
    for sub in ["check", "rules"] {
        let clean = (sub == "check").then(|| fixture("clean.txt"));
        let o = zg!(sub, "--rules", &missing).args(clean).run();
        assert_eq!(o.code, 2, "{sub}: {o:?}");
        assert!(
            o.stderr.contains(&format!("{}:1:1: ", missing.display())),
            "{sub}: {}",
            o.stderr
        );
    }
}

// ---------------------------------------------------------------------------------------
// 9. --select and --ignore
// ---------------------------------------------------------------------------------------

#[test]
fn select_enables_fullwidth_punctuation_as_info() {
    let dir = Scratch::new("cli", "select_fullwidth");
    let text = variant(
        &clean_text(),
        "根据市委统一部署，2024年",
        "根据市委统一部署,市委于2024年",
    );
    let file = dir.write("halfwidth.txt", &text);
    let comma = text.find(',').unwrap();
    let (line, col) = line_col(&text, comma);

    // Off by default.
    let o = zg!("check", &file).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.stdout, "0 errors, 0 warnings, 0 infos in 1 file\n");

    let o = zg!(
        "check",
        "--select",
        "fullwidth-punctuation",
        "--format",
        "concise",
        &file
    )
    .run();
    assert_eq!(o.code, 0, "infos do not fail the run: {o:?}");
    assert_eq!(
        o.stdout,
        format!(
            "{}:{line}:{col}: info[fullwidth-punctuation] 汉字之间的半角“,”应为全角“，”\n0 errors, 0 warnings, 1 info in 1 file\n",
            file.display()
        )
    );

    let o = zg!(
        "check",
        "--select=fullwidth-punctuation",
        "--format=json",
        &file
    )
    .run();
    assert_eq!(o.code, 0);
    let doc = o.json();
    let d = &diagnostics(&doc, 0)[0];
    assert_eq!(d["severity"], "info");
    assert_eq!(u(&d["span"]["start"]) as usize, comma);
    assert_eq!(u(&d["span"]["end"]) as usize, comma + 1);
    assert_eq!(u(&doc["summary"]["infos"]), 1);

    // --select runs only the selected rules: a placeholder is not reported alongside.
    let both = dir.write(
        "both.txt",
        variant(&text, "已完成整改15个", "已完成整改XX个"),
    );
    let o = zg!(
        "check",
        "--select",
        "fullwidth-punctuation",
        "--format",
        "json",
        &both
    )
    .run();
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(rule_ids(&o.json(), 0), vec!["fullwidth-punctuation"]);
}

#[test]
fn ignore_suppresses_the_placeholder_findings_on_faulty() {
    let path = example("faulty.txt");
    let json = |extra: &[&str]| {
        let o = zg!("check", "--format=json").args(extra).arg(&path).run();
        assert_eq!(o.code, 1, "{o:?}");
        rule_ids(&o.json(), 0)
    };
    let all = json(&[]);
    let ignored = json(&["--ignore", "placeholder"]);
    assert!(all.iter().any(|r| r == "placeholder"));
    assert!(!ignored.iter().any(|r| r == "placeholder"));
    let expected: Vec<String> = all.into_iter().filter(|r| r != "placeholder").collect();
    assert_eq!(ignored, expected);

    // Ignoring several, comma-separated.
    let fewer = json(&["--ignore", "placeholder,tally-sum"]);
    assert!(!fewer.iter().any(|r| r == "placeholder" || r == "tally-sum"));
    assert_eq!(fewer.len(), expected.len() - 1);
}

// ---------------------------------------------------------------------------------------
// 10. Colour
// ---------------------------------------------------------------------------------------

#[test]
fn color_always_puts_ansi_escapes_in_human_output() {
    let dir = Scratch::new("cli", "color_always");
    let file = dir.write("ph.txt", placeholder_text());
    let o = zg!("check", "--color", "always", &file).run();
    assert_eq!(o.code, 1, "{o:?}");
    assert!(o.stdout.contains("\x1b["), "{}", o.stdout);
    assert!(o.stdout.contains("placeholder"));

    // `always` wins over NO_COLOR.
    let o = zg!("check", "--color=always", &file)
        .env("NO_COLOR", "1")
        .run();
    assert!(o.stdout.contains("\x1b["));
}

#[test]
fn color_never_and_piped_default_have_no_escapes() {
    let dir = Scratch::new("cli", "color_never");
    let file = dir.write("ph.txt", placeholder_text());
    for extra in [&["--color", "never"][..], &[], &["--color", "auto"]] {
        let o = zg!("check").args(extra).arg(&file).run();
        assert_eq!(o.code, 1, "{extra:?}: {o:?}");
        assert!(o.stdout.contains("error[placeholder]"), "{extra:?}");
        assert!(!o.stdout.contains('\x1b'), "{extra:?}: {:?}", o.stdout);
        assert!(!o.stderr.contains('\x1b'));
    }
    // Machine formats never carry colour.
    for format in ["concise", "json"] {
        let o = zg!("check", "--color=always", "--format", format, &file).run();
        assert_eq!(o.code, 1);
        assert!(!o.stdout.contains('\x1b'), "{format}");
    }
}

// ---------------------------------------------------------------------------------------
// Markdown behind a UTF-8 BOM
// ---------------------------------------------------------------------------------------

#[test]
fn markdown_front_matter_is_masked_behind_a_bom() {
    let md = read_text(&fixture("draft.md"));
    let with_bom = [&[0xEF, 0xBB, 0xBF][..], md.as_bytes()].concat();
    let o = zg!("check", "--stdin-filename", "draft.md", "--format", "json")
        .stdin(with_bom)
        .run();
    assert_eq!(o.code, 1, "{o:?}");
    let doc = o.json();
    // Only the body's placeholder, as without the BOM.
    assert_eq!(rule_ids(&doc, 0), vec!["placeholder"], "{}", o.stdout);
    let xx = md.find("整改XX个").unwrap() + "整改".len();
    assert_eq!(
        u(&diagnostics(&doc, 0)[0]["span"]["start"]) as usize,
        xx + 3
    );
}
