//! The documentation cannot lie: the generated rule and kind pages are what `zhenggai docs`
//! would write (and `explain` prints the same page), every command block of the guide
//! marked `<!-- runnable -->` prints what the guide shows when run from a clean copy of
//! `examples/`, files the guide quotes (`<!-- file: PATH -->`) are the files shipped, and
//! the CI examples' command lines run against `examples/` as documented.
//!
//! `ZHENGGAI_BLESS=1 cargo test --test integration docs::` rewrites the guide's outputs from
//! real runs.

use crate::support::{BIN, Scratch, manifest_dir};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The guide's pages.
fn guide_pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = fs::read_dir(manifest_dir().join("docs/zh"))
        .expect("docs/zh exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    pages.sort();
    pages
}

/// Copies `from` into `to` recursively.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            fs::copy(&p, &dest).unwrap();
        }
    }
}

/// Runs one shell command line in `dir` with the binary under test first on PATH;
/// standard output then standard error, as a terminal would show them (no colour).
fn shell(dir: &Path, line: &str) -> String {
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("{line} 2>&1"))
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A runnable block: its commands, each with the output the page shows, and where the
/// block's body sits in the page (for blessing).
struct Block {
    body: std::ops::Range<usize>,
    steps: Vec<(String, String)>,
}

/// The `<!-- runnable -->` blocks of a page: fenced blocks whose lines starting with `$ `
/// are commands and whose other lines are the expected output of the command above.
fn runnable_blocks(page: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(i) = page[rest..].find("<!-- runnable -->") {
        let at = rest + i;
        let fence_start = at + page[at..].find("```").expect("a fence after the marker");
        // The closing fence is a line of as many backticks as the opening one (longer
        // fences hold output that itself contains ``` blocks, such as a rule page).
        let ticks = page[fence_start..].len() - page[fence_start..].trim_start_matches('`').len();
        let body_start = fence_start + page[fence_start..].find('\n').unwrap() + 1;
        let close = format!("\n{}\n", "`".repeat(ticks));
        let body_end = if page[body_start..].starts_with(&close[1..]) {
            body_start
        } else {
            body_start + page[body_start..].find(&close).expect("closing fence") + 1
        };
        let mut steps: Vec<(String, String)> = Vec::new();
        for line in page[body_start..body_end].lines() {
            if let Some(cmd) = line.strip_prefix("$ ") {
                steps.push((cmd.to_string(), String::new()));
            } else {
                let step = steps
                    .last_mut()
                    .expect("a block starts with a `$ ` command");
                step.1.push_str(line);
                step.1.push('\n');
            }
        }
        out.push(Block {
            body: body_start..body_end,
            steps,
        });
        rest = body_end;
    }
    out
}

#[test]
fn every_runnable_block_of_the_guide_prints_what_it_shows() {
    let bless = std::env::var_os("ZHENGGAI_BLESS").is_some();
    let mut ran = 0;
    for page_path in guide_pages() {
        let page = fs::read_to_string(&page_path).unwrap();
        // Each page starts from a clean copy of examples/, and its blocks run in order.
        let name = page_path.file_stem().unwrap().to_string_lossy().to_string();
        let s = Scratch::new("docs", &name);
        copy_tree(&manifest_dir().join("examples"), s.path());
        let mut blessed = page.clone();
        let mut failures = Vec::new();
        let blocks = runnable_blocks(&page);
        let mut new_bodies = Vec::new();
        for block in &blocks {
            let mut body = String::new();
            for (cmd, want) in &block.steps {
                let got = shell(s.path(), cmd);
                ran += 1;
                if got != *want {
                    failures.push(format!(
                        "{}: `{cmd}`\n--- shown\n{want}--- printed\n{got}",
                        page_path.display()
                    ));
                }
                body.push_str(&format!("$ {cmd}\n{got}"));
            }
            new_bodies.push((block.body.clone(), body));
        }
        if bless {
            for (range, body) in new_bodies.into_iter().rev() {
                blessed.replace_range(range, &body);
            }
            fs::write(&page_path, blessed).unwrap();
        } else {
            assert!(failures.is_empty(), "{}", failures.join("\n"));
        }
    }
    assert!(
        ran >= 10,
        "only {ran} commands in the guide's runnable blocks"
    );
}

#[test]
fn files_the_guide_quotes_are_the_files_shipped() {
    let mut quoted = 0;
    for page_path in guide_pages() {
        let page = fs::read_to_string(&page_path).unwrap();
        for (i, _) in page.match_indices("<!-- file: ") {
            let rest = &page[i + "<!-- file: ".len()..];
            let rel = &rest[..rest.find(" -->").unwrap()];
            let fence = &rest[rest.find("```").unwrap()..];
            let body_start = fence.find('\n').unwrap() + 1;
            let body = &fence[body_start..body_start + fence[body_start..].find("```").unwrap()];
            let shipped = fs::read_to_string(manifest_dir().join(rel))
                .unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert_eq!(body, shipped, "{}: {rel}", page_path.display());
            quoted += 1;
        }
    }
    assert!(quoted >= 2);
}

#[test]
fn the_guide_walks_a_new_user_to_a_checked_word_file_and_a_fixed_draft() {
    // The acceptance path, by the commands the guide shows (not only that they match).
    let page = fs::read_to_string(manifest_dir().join("docs/zh/README.md")).unwrap();
    let commands: Vec<String> = runnable_blocks(&page)
        .into_iter()
        .flat_map(|b| b.steps.into_iter().map(|s| s.0))
        .collect();
    let has = |needle: &str| commands.iter().any(|c| c.contains(needle));
    assert!(has("check guide/整改通报.docx"), "{commands:?}");
    assert!(has("check --fix guide/草稿.txt"), "{commands:?}");
    assert!(has("inspect "), "{commands:?}");
    assert!(has("explain "), "{commands:?}");
    assert!(has("--diff"), "{commands:?}");
}

#[test]
fn generated_pages_are_in_sync() {
    let o = zg!("docs", "--check").run();
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("generated pages are up to date"));
}

#[test]
fn docs_check_names_pages_that_differ_are_missing_or_stale() {
    let s = Scratch::new("docs", "check");
    copy_tree(&manifest_dir().join("docs"), &s.join("docs"));
    let o = zg!("docs", "--check").cwd(s.path()).run();
    assert_eq!(o.code, 0, "{}", o.stderr);

    let page = s.join("docs/rules/tally-sum.md");
    let edited = fs::read_to_string(&page)
        .unwrap()
        .replace("差+1人", "差1人");
    fs::write(&page, edited).unwrap();
    fs::remove_file(s.join("docs/kinds/pattern.md")).unwrap();
    s.write("docs/rules/retired-rule.md", "# retired-rule\n");
    let o = zg!("docs", "--check").cwd(s.path()).run();
    assert_eq!(o.code, 1, "{o:?}");
    let mut named: Vec<&str> = o
        .stderr
        .lines()
        .filter(|l| l.ends_with(": differs") || l.contains(": missing") || l.contains(": stale"))
        .collect();
    named.sort();
    assert_eq!(
        named,
        [
            "zhenggai: docs/kinds/pattern.md: missing",
            "zhenggai: docs/rules/retired-rule.md: stale (no such rule or kind)",
            "zhenggai: docs/rules/tally-sum.md: differs",
        ]
    );

    // Regenerating repairs all three.
    let o = zg!("docs").cwd(s.path()).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert!(!s.join("docs/rules/retired-rule.md").exists());
    let o = zg!("docs", "--check").cwd(s.path()).run();
    assert_eq!(o.code, 0, "{o:?}");
}

/// Every built-in rule id, from `zhenggai rules --json`.
fn rule_ids() -> Vec<String> {
    let o = zg!("rules", "--json").run();
    o.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn explain_prints_each_rules_page_and_the_index_links_every_rule() {
    let index = fs::read_to_string(manifest_dir().join("docs/rules/README.md")).unwrap();
    let ids = rule_ids();
    assert!(ids.len() >= 27);
    for id in &ids {
        let page = fs::read_to_string(manifest_dir().join(format!("docs/rules/{id}.md")))
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let o = zg!("explain", id).run();
        assert_eq!(o.code, 0, "{o:?}");
        assert_eq!(o.stdout, page, "explain {id}");
        assert_eq!(
            index.matches(&format!("[`{id}`]({id}.md)")).count(),
            1,
            "{id} in the index"
        );
    }
    for group in ["数字", "必备要素", "日期", "文稿卫生", "文风与格式"] {
        assert!(index.contains(&format!("\n## {group}")), "{group}");
    }
    assert!(!index.contains("## 其他"), "every rule belongs to a group");
}

#[test]
fn rule_pages_show_what_the_checker_prints_for_each_example() {
    // Cross-checked against the concise output of a real run on the example text.
    let page = fs::read_to_string(manifest_dir().join("docs/rules/placeholder.md")).unwrap();
    let s = Scratch::new("docs", "examples");
    s.write("示例.txt", "于X月X日召开专题会议。");
    let o = zg!(
        "check",
        "--format",
        "concise",
        "--select",
        "placeholder",
        "示例.txt"
    )
    .cwd(s.path())
    .run();
    let line = o.stdout.lines().next().unwrap();
    // `示例.txt:1:2: error[placeholder] 留有草稿占位符“X月X日”`
    let (at, rest) = line.split_once(": error[placeholder] ").unwrap();
    assert!(
        page.contains(&format!("error[placeholder]: {rest}\n")),
        "{rest}"
    );
    assert!(page.contains(&format!("┌─ {at}\n")), "{at}");
    // A rule with a safe fix says so and shows the fixed text; one without says it has none.
    let year = fs::read_to_string(manifest_dir().join("docs/rules/year-zero.md")).unwrap();
    assert!(year.contains("| 安全修复 | 有"));
    assert!(year.contains("`--fix` 改正后：\n\n```text\n二〇二五年六月十日\n```"));
    assert!(page.contains("| 安全修复 | 无"));
}

#[test]
fn kind_pages_carry_the_kinds_own_documentation() {
    let src = fs::read_to_string(manifest_dir().join("src/rules/kinds/tally_sum.rs")).unwrap();
    let first = src.lines().next().unwrap().trim_start_matches("//! ");
    let page = fs::read_to_string(manifest_dir().join("docs/kinds/tally-sum.md")).unwrap();
    assert!(page.contains(first), "{first}");
    assert!(page.contains("[`tally-sum`](../rules/tally-sum.md)"));
    for e in fs::read_dir(manifest_dir().join("src/rules/kinds"))
        .unwrap()
        .flatten()
    {
        let file = e.file_name().to_string_lossy().replace(".rs", "");
        if file == "mod" {
            continue;
        }
        let kind = file.replace('_', "-");
        assert!(
            manifest_dir()
                .join(format!("docs/kinds/{kind}.md"))
                .is_file(),
            "{kind}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// CI examples
// ---------------------------------------------------------------------------------------

/// Lines of a CI example that run zhenggai (after `run:` / `- ` / `entry:`), with the
/// documents folder `docs/` pointed at the copy of examples/ and `|| …` tails kept.
fn zhenggai_lines(file: &str) -> Vec<String> {
    let text = fs::read_to_string(manifest_dir().join("examples/ci").join(file)).unwrap();
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l
                .strip_prefix("run: ")
                .or_else(|| l.strip_prefix("- "))
                .unwrap_or(l);
            l.starts_with("zhenggai ").then(|| l.to_string())
        })
        .collect()
}

#[test]
fn ci_examples_command_lines_run_against_the_examples() {
    let s = Scratch::new("docs", "ci");
    copy_tree(&manifest_dir().join("examples"), &s.join("docs"));
    let run = |line: &str| {
        let bin_dir = Path::new(BIN).parent().unwrap();
        Command::new("sh")
            .arg("-c")
            .arg(line)
            .current_dir(s.path())
            .env(
                "PATH",
                format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap()),
            )
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };

    // GitHub Actions: annotations, then SARIF that validates.
    let gh = zhenggai_lines("github-actions.yml");
    assert!(gh.iter().any(|l| l.contains("--format github")), "{gh:?}");
    assert!(gh.iter().any(|l| l.contains("--format sarif")), "{gh:?}");
    for line in &gh {
        let o = run(line);
        let stdout = String::from_utf8_lossy(&o.stdout);
        if line.contains("--format github") {
            // examples/ holds faulty drafts: the step fails and annotates them.
            assert_eq!(o.status.code(), Some(1), "{line}");
            assert!(
                stdout.contains("::error file=docs/faulty.txt,line=6,col=69,"),
                "{stdout}"
            );
        }
    }
    let sarif: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(s.join("zhenggai.sarif")).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "tally-sum"));
    assert!(sarif["runs"][0]["tool"]["driver"]["rules"][0]["help"]["markdown"].is_string());

    // GitLab: the code-quality report, and the job's exit status carried through.
    let gl = zhenggai_lines("gitlab-ci.yml");
    assert!(gl.iter().any(|l| l.contains("--format gitlab")), "{gl:?}");
    let script: String = gl.join("\n") + "\nexit ${status:-0}";
    let o = run(&script);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(s.join("gl-code-quality.json")).unwrap()).unwrap();
    let issues = report.as_array().unwrap();
    assert!(
        issues
            .iter()
            .any(|i| i["check_name"] == "tally-sum" && i["location"]["path"] == "docs/faulty.txt")
    );
    assert!(
        fs::read_to_string(s.join("zhenggai-junit.xml"))
            .unwrap()
            .contains("<testsuites")
    );

    // pre-commit: the hook's entry runs on the staged files pre-commit appends.
    let config =
        fs::read_to_string(manifest_dir().join("examples/ci/pre-commit-config.yaml")).unwrap();
    let entry = config
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: "))
        .expect("an entry");
    let o = run(&format!("{entry} docs/faulty.txt docs/announcement.txt"));
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("docs/faulty.txt:6:69: error[tally-sum]"),
        "{stdout}"
    );
    let o = run(&format!("{entry} docs/announcement.txt"));
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    // The files pattern selects drafts and nothing else.
    let files = config
        .lines()
        .find_map(|l| l.trim().strip_prefix("files: "))
        .unwrap()
        .trim_matches('\'');
    let re = regex::Regex::new(files).unwrap();
    for (name, wanted) in [
        ("a.txt", true),
        ("b.md", true),
        ("c.docx", true),
        ("d.yaml", false),
    ] {
        assert_eq!(re.is_match(name), wanted, "{name}");
    }
}

#[test]
fn docs_url_is_a_configuration_key_that_config_shows() {
    let s = Scratch::new("docs", "config");
    s.write(
        "zhenggai.yaml",
        "docs-url: https://docs.example.org/rules/{id}.html\n",
    );
    let o = zg!("config", ".").cwd(s.path()).run();
    assert_eq!(o.code, 0, "{o:?}");
    assert!(
        o.stdout
            .contains("docs-url: https://docs.example.org/rules/{id}.html  # zhenggai.yaml\n"),
        "{}",
        o.stdout
    );
    // A misspelt key is still refused (the key was added, not the checking loosened).
    s.write("zhenggai.yaml", "docs-uri: https://docs.example.org/\n");
    let o = zg!("config", ".").cwd(s.path()).run();
    assert_eq!(o.code, 2, "{o:?}");
}

/// Markdown files under `dir`, recursively.
fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

#[test]
fn relative_links_in_the_docs_point_at_files_that_exist() {
    let mut files = Vec::new();
    markdown_files(&manifest_dir().join("docs"), &mut files);
    files.push(manifest_dir().join("examples/ci/README.md"));
    // The README is a landing page of links: every one must lead somewhere.
    files.push(manifest_dir().join("README.md"));
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let mut checked = 0;
    let mut broken = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        for c in link.captures_iter(&text) {
            let target = &c[1];
            if target.starts_with("http") || target.starts_with('#') {
                continue;
            }
            let path = target.split('#').next().unwrap();
            checked += 1;
            if !f.parent().unwrap().join(path).exists() {
                broken.push(format!("{}: {target}", f.display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(checked > 100, "{checked}");
}
