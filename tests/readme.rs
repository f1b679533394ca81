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
