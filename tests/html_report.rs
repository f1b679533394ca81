//! `check --format html -o report.html`: one self-contained file whose counts are the JSON
//! output's, whose text is escaped, and whose size follows the diagnostics.

use crate::support::Scratch;

const FAULTY: &str = include_str!("../examples/faulty.txt");
const CLEAN: &str = include_str!("../examples/announcement.txt");

#[test]
fn report_counts_match_json_and_nothing_is_external() {
    let dir = Scratch::new("html", "counts");
    dir.write("docs/a.txt", FAULTY);
    dir.write("docs/b.txt", CLEAN);
    dir.write(
        "docs/c.md",
        FAULTY.replacen(
            "临溪市",
            "<script>alert(1)</script><img src=x onerror=alert(2)>",
            1,
        ),
    );
    let o = zg!("check", "docs", "--format", "html", "-o", "report.html")
        .cwd(dir.path())
        .run();
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stdout.is_empty());
    let html = dir.read("report.html");
    let json = zg!("check", "docs", "--format", "json")
        .cwd(dir.path())
        .run()
        .json();
    let s = &json["summary"];
    for k in ["files", "errors", "warnings", "infos"] {
        assert!(
            html.contains(&format!("data-{k}=\"{}\"", s[k])),
            "{k} = {} not in the totals",
            s[k]
        );
    }
    let total: u64 = ["errors", "warnings", "infos"]
        .iter()
        .map(|k| s[k].as_u64().unwrap())
        .sum();
    assert_eq!(html.matches("<div class=\"d ").count() as u64, total);
    // Each file is listed, the clean one too; each rule's count is in the table.
    for f in ["docs/a.txt", "docs/b.txt", "docs/c.md"] {
        assert!(html.contains(f), "{f} not listed");
    }
    let mut placeholder = 0;
    for f in json["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            placeholder += usize::from(d["rule"] == "placeholder");
        }
    }
    assert!(html.contains(&format!(
        "<tr data-rule=\"placeholder\"><td><code>placeholder</code></td><td>错误</td><td class=\"n\">{placeholder}</td></tr>"
    )));
    // Filters: one box per severity and per rule.
    assert_eq!(html.matches("name=\"sev\"").count(), 3);
    // Self-contained, and the draft's markup is text.
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    assert!(!html.contains("<script>alert") && !html.contains("<img"));
    assert_eq!(html.matches("<script>").count(), 1);
}

#[test]
fn report_size_follows_diagnostics_not_documents() {
    let dir = Scratch::new("html", "size");
    dir.write("one/a.txt", FAULTY);
    let padded = format!(
        "{FAULTY}{}",
        "\n这是一段没有问题的补充说明文字。".repeat(2000)
    );
    dir.write("two/a.txt", &padded);
    let size = |d: &str| {
        zg!("check", d, "--format", "html", "-o", &format!("{d}.html"))
            .cwd(dir.path())
            .run();
        std::fs::metadata(dir.join(&format!("{d}.html")))
            .unwrap()
            .len()
    };
    let (small, big) = (size("one"), size("two"));
    assert!(
        padded.len() > 50 * FAULTY.len() / 10,
        "the padding is large"
    );
    assert!(big < small + 2_000, "{small} -> {big} bytes");
}
