//! The README's rule table is generated from the rule files: this test fails, printing the
//! current table, when a rule's id, kind, pack, severity or summary changes.

use zhenggai::rules::load_builtin;

#[test]
fn readme_rule_table_matches_rule_files() {
    let mut table =
        String::from("| id | kind | pack | severity | reports |\n|---|---|---|---|---|\n");
    for r in load_builtin().expect("built-in rules load") {
        let sev = if r.meta.default_enabled {
            r.meta.severity.to_string()
        } else {
            format!("{} (off by default)", r.meta.severity)
        };
        table.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.meta.id, r.meta.kind, r.meta.pack, sev, r.meta.summary
        ));
    }
    let readme = include_str!("../README.md");
    let start = readme.find("<!-- rules:start -->\n").expect("start marker")
        + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("end marker");
    assert_eq!(
        &readme[start..end],
        table,
        "README rule table is stale; replace it with:\n{table}"
    );
}

/// The rule the "Writing rules" chapter (docs/writing-rules.md) writes loads, passes
/// `test-rules`, and the typo the chapter shows is reported where the chapter says.
#[test]
fn the_writing_rules_example_works_as_shown() {
    let readme = include_str!("../docs/writing-rules.md");
    let chapter = &readme[readme.find("## Writing rules").expect("chapter")..];
    let start = chapter.find("```yaml\n").expect("yaml block") + "```yaml\n".len();
    let rule = &chapter[start..start + chapter[start..].find("```").unwrap()];
    let dir = std::env::temp_dir().join(format!("zhenggai-readme-{}", std::process::id()));
    let rules = dir.join("my-rules");
    std::fs::create_dir_all(&rules).unwrap();
    let run = |text: &str| {
        std::fs::write(rules.join("school-count.yaml"), text).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_zhenggai"))
            .current_dir(&dir)
            .args(["test-rules", "my-rules"])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, out) = run(rule);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        chapter.contains(&out),
        "README shows another output than:\n{out}"
    );
    let (code, out) = run(&rule.replace("== total'", "== totl'"));
    assert_eq!(code, Some(2), "{out}");
    assert!(
        chapter.contains(&out),
        "README shows another output than:\n{out}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
