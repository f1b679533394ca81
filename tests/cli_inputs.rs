//! The command line's inputs: standard input, paths that are missing, empty or unreadable,
//! symbolic-link loops in a walked directory, `--encoding`, and rule directories with
//! thousands of files. Trouble is exit 2 with a message, and the rest of the run goes on.

use crate::support::{Scratch, zip_parts};

const FAULTY: &str = include_str!("../examples/faulty.txt");

#[test]
fn dash_and_stdin_flag_read_standard_input() {
    let (gbk, _, _) = encoding_rs::GBK.encode(FAULTY);
    let want = zg!("check", "--format", "concise", "examples/faulty.txt").run();
    let want = want.stdout.replace("examples/faulty.txt", "-");
    for args in [
        &["check", "--format", "concise", "-"][..],
        &["check", "--format", "concise", "--stdin"],
    ] {
        let out = zg!().args(args).stdin(&gbk).run();
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert_eq!(out.stdout, want);
    }
    let out = zg!(
        "check",
        "--format",
        "json",
        "--stdin",
        "--stdin-filename",
        "draft.txt"
    )
    .stdin(FAULTY.as_bytes())
    .run();
    let v: serde_json::Value = out.json();
    assert_eq!(v["files"][0]["path"], "draft.txt");
    assert_eq!(v["files"][0]["encoding"], "UTF-8");
}

#[test]
fn missing_paths_and_empty_directories_are_exit_2_and_the_rest_is_checked() {
    let s = Scratch::new("cli_inputs", "cli-missing");
    let dir = s.path();
    let empty = dir.join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("notes.pdf"), b"%PDF-1.4").unwrap();
    let out = zg!(
        "check",
        "--format",
        "concise",
        dir.join("nope.txt").to_str().unwrap(),
        empty.to_str().unwrap(),
        "examples/faulty.txt"
    )
    .run();
    assert_eq!(out.code, 2);
    let err = out.stderr;
    assert!(err.contains("nope.txt: cannot access"), "{err}");
    assert!(err.contains("no .txt/.md/.markdown/.docx files"), "{err}");
    assert!(
        out.stdout
            .contains("examples/faulty.txt:6:69: error[tally-sum]")
    );
}

#[test]
fn unreadable_file_types_are_exit_2() {
    let s = Scratch::new("cli_inputs", "cli-types");
    let dir = s.path();
    let pdf = dir.join("report.txt");
    std::fs::write(&pdf, b"%PDF-1.7 \x00\x01\x02").unwrap();
    let doc = dir.join("old.doc");
    std::fs::write(&doc, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).unwrap();
    let out = zg!("check", pdf.to_str().unwrap(), doc.to_str().unwrap()).run();
    assert_eq!(out.code, 2);
    let o = out.stdout;
    assert!(
        o.contains("a PDF file") && o.contains("Word 97-2003"),
        "{o}"
    );
    assert!(o.contains("(2 could not be read)"), "{o}");
}

#[test]
fn unknown_encoding_is_a_usage_error() {
    let out = zg!("check", "--encoding", "klingon", "examples/faulty.txt").run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown encoding `klingon`"));
    let (gbk, _, _) = encoding_rs::GBK.encode("通报：巡视整改情况");
    let out = zg!("check", "--encoding", "UTF-8", "-").stdin(&gbk).run();
    assert_eq!(out.code, 2);
    assert!(
        out.stdout
            .contains("not valid UTF-8 (given with --encoding)")
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_broken_links_are_reported_and_skipped() {
    use std::os::unix::fs::symlink;
    let s = Scratch::new("cli_inputs", "cli-links");
    let dir = s.path();
    let sub = dir.join("drafts");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("a.txt"), FAULTY).unwrap();
    symlink(dir, sub.join("loop")).unwrap();
    symlink(dir.join("missing.txt"), sub.join("broken.txt")).unwrap();
    let out = zg!("check", "--format", "concise", sub.to_str().unwrap()).run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    let err = out.stderr;
    assert!(err.contains("symbolic link loop"), "{err}");
    assert!(err.contains("broken.txt"), "{err}");
    assert!(out.stdout.contains("a.txt:6:69: error[tally-sum]"));
}

#[cfg(unix)]
#[test]
fn unreadable_files_in_a_walk_are_reported_and_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::new("cli_inputs", "cli-perm");
    let dir = s.path();
    std::fs::write(dir.join("a.txt"), FAULTY).unwrap();
    let locked = dir.join("b.txt");
    std::fs::write(&locked, FAULTY).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        eprintln!("running as root: permissions do not stop reads, nothing to test");
        return;
    }
    let out = zg!("check", "--format", "concise", dir.to_str().unwrap()).run();
    assert_eq!(out.code, 2);
    let o = out.stdout;
    assert!(o.contains("b.txt: error[io] cannot read"), "{o}");
    assert!(o.contains("a.txt:6:69: error[tally-sum]"), "{o}");
}

#[test]
fn walk_picks_up_docx_files() {
    let s = Scratch::new("cli_inputs", "cli-walk-docx");
    let dir = s.path();
    let doc = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>新增养老床位XX张。</w:t></w:r></w:p></w:body></w:document>"#;
    std::fs::write(
        dir.join("draft.docx"),
        zip_parts(&[("word/document.xml", doc)]),
    )
    .unwrap();
    let out = zg!("check", "--format", "concise", dir.to_str().unwrap()).run();
    assert!(
        out.stdout.contains("draft.docx:¶1:7: error[placeholder]"),
        "{}",
        out.stdout
    );
}

fn pattern_rule(id: &str, regex: &str) -> String {
    format!(
        "id: {id}\nkind: pattern\nseverity: warning\nsummary: 测试规则\nmessage: “{{match}}”\npatterns:\n  - regex: '{regex}'\n    suggest: 无\n"
    )
}

#[test]
fn a_rule_directory_with_two_thousand_files_loads() {
    let s = Scratch::new("cli_inputs", "rules-2000");
    // Not the scratch root: its fence `zhenggai.yaml` is no rule.
    let dir = &s.mkdir("rules");
    for i in 0..2000 {
        let sub = dir.join(format!("{:02}", i % 50));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join(format!("r{i}.yaml")),
            pattern_rule(&format!("gen-{i}"), &format!("临溪{i}号")),
        )
        .unwrap();
    }
    let start = std::time::Instant::now();
    let rules = zhenggai::rules::load_dir(dir).expect("loads");
    assert_eq!(rules.len(), 2000);
    let mut set = zhenggai::RuleSet::default();
    set.extend(rules).unwrap();
    let r = zhenggai::check_text("t", "临溪1999号、临溪7号".into(), false, &set);
    assert_eq!(r.diagnostics.len(), 2);
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());

    // One broken file among them: every error is reported, the CLI exits 2.
    std::fs::write(
        dir.join("00").join("bad.yaml"),
        "id: bad\nkind: nope\nmessage: x\n",
    )
    .unwrap();
    std::fs::write(dir.join("01").join("dup.yaml"), pattern_rule("gen-7", "x")).unwrap();
    // Both are load errors: the unknown kind, and the id defined twice in the directory.
    let errors = zhenggai::rules::load_dir(dir).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    let out = zg!(
        "check",
        "--rules",
        dir.to_str().unwrap(),
        "examples/faulty.txt"
    )
    .run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown kind `nope`"));
}

#[test]
fn a_catastrophic_looking_regex_runs_in_linear_time() {
    let rule =
        zhenggai::rules::load::load_str("slow.yaml", &pattern_rule("nested", "(?P<hit>(a+)+$)"))
            .expect("loads");
    let text = format!("{}b\n", "a".repeat(1 << 18));
    let start = std::time::Instant::now();
    let doc = zhenggai::parse(text);
    assert!(rule.run(&doc).is_empty());
    let text = "a".repeat(1 << 18);
    let doc = zhenggai::parse(text);
    assert_eq!(rule.run(&doc).len(), 1);
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

/// A walk skips what `.gitignore`, `.ignore` and git's exclude files name,
/// also outside a git repository; `--no-ignore` walks them too (hidden files stay skipped).
#[test]
fn walks_honour_ignore_files_and_no_ignore_turns_them_off() {
    let s = Scratch::new("cli_inputs", "ignore-files");
    let dir = s.path();
    std::fs::write(dir.join("zhenggai.yaml"), "").unwrap();
    let d = dir.join("docs");
    std::fs::create_dir_all(d.join(".git/info")).unwrap();
    for f in ["a.txt", "b.txt", "c.txt", "d.txt", ".hidden.txt"] {
        std::fs::write(d.join(f), FAULTY).unwrap();
    }
    std::fs::write(d.join(".gitignore"), "b.txt\n").unwrap();
    std::fs::write(d.join(".ignore"), "c.txt\n").unwrap();
    std::fs::write(d.join(".git/info/exclude"), "d.txt\n").unwrap();
    let files = |args: &[&str]| -> Vec<String> {
        let o = zg!().args(args).cwd(dir).run();
        let mut v: Vec<String> = o
            .stdout
            .lines()
            .filter(|l| l.contains(".txt:"))
            .filter_map(|l| l.split(':').next())
            .map(str::to_string)
            .collect();
        v.dedup();
        v
    };
    assert_eq!(
        files(&["check", "--format", "concise", "docs"]),
        ["docs/a.txt"]
    );
    assert_eq!(
        files(&["check", "--format", "concise", "--no-ignore", "docs"]),
        ["docs/a.txt", "docs/b.txt", "docs/c.txt", "docs/d.txt"]
    );
}
