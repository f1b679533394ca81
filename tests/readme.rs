//! The README's rule table is generated from the rule files: this test fails, printing the
//! current table, when a rule's id, kind, pack, severity or summary changes.

use crate::support::Scratch;
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
    let s = Scratch::new("readme", "writing-rules");
    let dir = s.path();
    let rules = s.mkdir("my-rules");
    let run = |text: &str| {
        std::fs::write(rules.join("school-count.yaml"), text).unwrap();
        let o = zg!("test-rules", "my-rules").cwd(dir).run();
        (o.code, o.stdout)
    };
    let (code, out) = run(rule);
    assert_eq!(code, 0, "{out}");
    assert!(
        chapter.contains(&out),
        "README shows another output than:\n{out}"
    );
    let (code, out) = run(&rule.replace("== total'", "== totl'"));
    assert_eq!(code, 2, "{out}");
    assert!(
        chapter.contains(&out),
        "README shows another output than:\n{out}"
    );
}
