//! `zhenggai docs`: the rule and kind reference pages, generated from the rules themselves
//! (each rule's YAML: summary, rationale, examples — every example is run, so the output a
//! page shows is what the checker prints) and from the kinds' `//!` documentation, read
//! into the binary here with `include_str!`. `zhenggai explain ID` prints the same page;
//! `--check` fails when the committed pages differ from what would be generated.

use super::{EXIT_CLEAN, EXIT_FOUND, EXIT_TROUBLE, load_rules, print_out, report_err};
use crate::check::{FileReport, check_text};
use crate::diagnostic::Severity;
use crate::input::InputFormat;
use crate::rules::kinds::{KindEntry, REGISTRY};
use crate::rules::{Rule, RuleSet, load_builtin};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Arguments of `zhenggai docs`.
#[derive(Debug, clap::Args)]
pub(crate) struct DocsArgs {
    /// Compare the pages on disk with what would be generated; exit 1 listing those that
    /// differ, are missing or are stale, and write nothing.
    #[arg(long)]
    pub check: bool,
    /// The documentation directory whose `rules/` and `kinds/` are generated.
    #[arg(long, value_name = "DIR", default_value = "docs")]
    pub dir: PathBuf,
}

/// What a rule protects, for the index: (key, heading, rule ids). A built-in rule missing
/// here is a test failure, so a new rule gets a place deliberately.
pub(crate) const GROUPS: &[(&str, &str, &[&str])] = &[
    (
        "arithmetic",
        "数字：合计、分项与进度前后一致（arithmetic）",
        &[
            "tally-sum",
            "tally-category",
            "progress-sum",
            "progress-rate",
            "declared-sections",
            "declared-items",
        ],
    ),
    (
        "required",
        "必备要素：通报必须写明的内容（required elements）",
        &[
            "inspection-period",
            "feedback-date",
            "feedback-coverage",
            "contact-info",
            "contact-format",
            "signature",
        ],
    ),
    (
        "dates",
        "日期：真实、有序、写法规范（dates）",
        &[
            "date-invalid",
            "date-malformed",
            "date-order",
            "date-mismatch",
            "date-format",
            "year-zero",
        ],
    ),
    (
        "hygiene",
        "文稿卫生：占位符、括号、编号、标点（hygiene）",
        &[
            "placeholder",
            "unbalanced-brackets",
            "section-numbering",
            "duplicate-punctuation",
            "unused-suppression",
        ],
    ),
    (
        "style",
        "文风与格式：用语和公文格式（style）",
        &[
            "term-consistency",
            "obsolete-term",
            "fullwidth-punctuation",
            "heading-marker",
            "heading-hierarchy",
        ],
    ),
];

/// The name example texts are shown under.
const EXAMPLE_NAME: &str = "示例.txt";

fn severity_zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误（error）",
        Severity::Warning => "警告（warning）",
        Severity::Info => "提示（info）",
        Severity::Off => "关闭（off）",
    }
}

/// Checks one example text with `rule` alone (against the examples' feedback), or — for
/// the suppression kind, which judges the other rules' findings — as a Markdown document
/// with every built-in rule, keeping this rule's diagnostics.
fn example_report(rule: &Rule, text: &str) -> FileReport {
    if rule.meta.kind == "suppression" {
        // Loaded once per process: SARIF output builds every page on each run.
        static BUILTIN: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        let all = BUILTIN.get_or_init(|| {
            let mut all = RuleSet::default();
            // The built-in rules load (a unit test says so); else the page shows no output.
            let _ = all.extend(load_builtin().unwrap_or_default());
            all
        });
        let mut r = check_text("示例.md", text.to_string(), true, all);
        r.diagnostics.retain(|d| d.rule == rule.meta.id);
        return r;
    }
    let mut doc = crate::parse::parse(text.to_string());
    doc.feedback = rule.meta.examples.feedback.clone().map(Arc::new);
    let mut diagnostics = rule.run(&doc);
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    FileReport {
        path: EXAMPLE_NAME.to_string(),
        text: text.to_string(),
        encoding: Some("UTF-8"),
        format: InputFormat::Text,
        diagnostics,
        error: None,
    }
}

/// The text with the report's fixes applied (non-overlapping ones, last first), if any.
fn fixed(r: &FileReport) -> Option<String> {
    let mut fixes: Vec<_> = r
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .collect();
    if fixes.is_empty() {
        return None;
    }
    fixes.sort_by_key(|f| std::cmp::Reverse(f.span.start));
    let mut text = r.text.clone();
    let mut floor = usize::MAX;
    for f in fixes {
        if f.span.end <= floor && text.is_char_boundary(f.span.start) {
            text.replace_range(f.span.clone(), &f.replacement);
            floor = f.span.start;
        }
    }
    Some(text)
}

/// A fenced block whose fence is longer than any backtick run inside.
fn fence(lang: &str, body: &str) -> String {
    let mut n = 3;
    while body.contains(&"`".repeat(n)) {
        n += 1;
    }
    let f = "`".repeat(n);
    format!("{f}{lang}\n{}\n{f}\n", body.trim_end())
}

/// Where a rule is defined, as a reader of the repository finds it.
fn defined_in(rule: &Rule) -> String {
    match rule.meta.source.strip_prefix("builtin:") {
        Some(file) => format!("rules/{file}"),
        None => rule.meta.source.clone(),
    }
}

/// One rule's page (Markdown): what `zhenggai explain` prints and `docs/rules/<id>.md` holds.
pub(crate) fn rule_page(rule: &Rule) -> String {
    page_and_fix(rule).0
}

/// The rule's page, and whether its examples show a safe fix.
fn page_and_fix(rule: &Rule) -> (String, bool) {
    let m = &rule.meta;
    // Each example is checked once; whether the rule has a safe fix is read off the bad
    // examples' diagnostics (so the page cannot claim a fix the rule never offers).
    let check = |texts: &[String]| -> Vec<FileReport> {
        texts.iter().map(|t| example_report(rule, t)).collect()
    };
    let (bad, good) = (check(&m.examples.bad), check(&m.examples.good));
    let has_fix = bad
        .iter()
        .any(|r| r.diagnostics.iter().any(|d| d.fix.is_some()));
    let mut out = page_head(rule, has_fix);
    out.push_str("\n## 为什么检查\n\n");
    out.push_str(m.rationale.trim());
    out.push('\n');
    for (title, reports) in [("会报告的写法", &bad), ("不报告的写法", &good)] {
        if !reports.is_empty() {
            out.push_str(&format!("\n## {title}\n"));
            for (i, report) in reports.iter().enumerate() {
                out.push_str(&example_section(i + 1, report));
            }
        }
    }
    out.push_str(&format!(
        "\n## 关闭或调整\n\n\
         - 改变严重程度或关闭：在 `zhenggai.yaml` 中写 `rules: {{{id}: warning}}`（或 `off`）。\n\
         - 某些文件不查：`per-file-ignores: {{\"旧稿/*.txt\": [{id}]}}`。\n\
         - Markdown 文稿中的一处：在该行前加 `<!-- zhenggai-disable-next-line {id} -- 理由 -->`。\n\
         \n定义于 `{}`。\n",
        defined_in(rule),
        id = m.id
    ));
    (out, has_fix)
}

/// A rule page's title, summary and table of severity, pack, kind and fix.
fn page_head(rule: &Rule, has_fix: bool) -> String {
    let m = &rule.meta;
    let mut out = format!(
        "<!-- 由 `zhenggai docs` 从 {} 生成，请勿手改。 -->\n# {}\n\n{}\n\n",
        defined_in(rule),
        m.id,
        m.summary
    );
    let pack = if m.enabled {
        format!("`{}`，默认启用", m.pack)
    } else {
        format!(
            "`{}`，默认不启用（用 `--select {}` 或配置启用）",
            m.pack, m.id
        )
    };
    let kind_link = if crate::rules::kinds::get(&m.kind).is_some() {
        format!("[`{0}`](../kinds/{0}.md)", m.kind)
    } else {
        format!("`{}`", m.kind)
    };
    out.push_str("| 项目 | 内容 |\n|---|---|\n");
    out.push_str(&format!("| 严重程度 | {} |\n", severity_zh(m.severity)));
    out.push_str(&format!("| 规则包 | {pack} |\n"));
    out.push_str(&format!("| 规则类型 | {kind_link} |\n"));
    out.push_str(&format!(
        "| 安全修复 | {} |\n",
        if has_fix {
            "有：`zhenggai check --fix` 自动改正"
        } else {
            "无：需要人工核对改正"
        }
    ));
    out
}

/// Example `n` of a rule page: the text, what zhenggai prints for it, and the text after
/// `--fix` when it has fixes.
fn example_section(n: usize, report: &FileReport) -> String {
    let shown = crate::render::human::file(report, false);
    let shown = String::from_utf8_lossy(&shown);
    let mut out = format!("\n### 示例 {n}\n\n");
    out.push_str(&fence("text", &report.text));
    if shown.trim().is_empty() {
        out.push_str("\nzhenggai 对此不报告。\n");
    } else {
        out.push_str("\nzhenggai 输出：\n\n");
        out.push_str(&fence("text", &shown));
    }
    if let Some(after) = fixed(report) {
        out.push_str("\n`--fix` 改正后：\n\n");
        out.push_str(&fence("text", &after));
    }
    out
}

/// The `//!` header of a kind's source as Markdown (rustdoc links reduced to their text).
fn kind_doc(src: &str) -> String {
    let lines: Vec<&str> = src
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| {
            l.strip_prefix("//! ")
                .unwrap_or(l.trim_start_matches("//!"))
        })
        .collect();
    let text = lines.join("\n");
    // `[`Check`](super::Check)` and `[`Check`]` → `` `Check` ``: their targets are Rust
    // items, not pages. A link to a page keeps its target.
    let re = regex::Regex::new(r"\[([^\]]+)\](\([^)]*\))?").expect("valid");
    re.replace_all(&text, |c: &regex::Captures| match c.get(2) {
        None if c[1].starts_with('`') => c[1].to_string(),
        Some(t)
            if ["(super::", "(crate::", "(self::"]
                .iter()
                .any(|p| t.as_str().starts_with(p)) =>
        {
            c[1].to_string()
        }
        _ => c[0].to_string(),
    })
    .into_owned()
}

/// `a`, `b` as inline code, or `—` when there are none.
fn code_list(items: &[&str]) -> String {
    if items.is_empty() {
        return "—".to_string();
    }
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    quoted.join(", ")
}

/// A kind's placeholders, with what its rule's fields add.
fn vars_cell(kind: &KindEntry) -> String {
    match kind.more_vars {
        Some(more) => format!("{}, {more}", code_list(kind.vars)),
        None => code_list(kind.vars),
    }
}

/// A kind's own fields, placeholders and message cases as a Markdown section: what a rule
/// file of the kind writes, read from its rule-file struct and its [`Kind`](crate::rules::load::Kind) impl.
fn kind_fields(kind: &KindEntry) -> String {
    let fields = crate::schema::own_fields(kind);
    let mut out = String::from("\n## 规则文件的字段\n\n");
    if fields.is_empty() {
        out.push_str("除通用字段（`id`、`kind`、`message` 等）外没有自己的字段。\n");
    } else {
        out.push_str("| 字段 | 必填 | 取值 | 说明 |\n|---|---|---|---|\n");
        for f in &fields {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                f.name,
                if f.required { "是" } else { "否" },
                f.form,
                f.description.replace('|', "\\|")
            ));
        }
    }
    out.push_str(&format!(
        "\n消息占位符：{}。\n`messages` 中的情形：{}。\n",
        vars_cell(kind),
        code_list(kind.variants)
    ));
    out
}

/// A kind's page.
fn kind_page(kind: &KindEntry, rules: &[&Rule]) -> String {
    let mut out = format!(
        "<!-- 由 `zhenggai docs` 从 src/rules/kinds/{} 生成，请勿手改。 -->\n\
         # 规则类型 `{}`\n\n{}\n",
        kind.file,
        kind.name,
        kind_doc(kind.source).trim()
    );
    out.push_str(&kind_fields(kind));
    out.push_str("\n## 使用此类型的内置规则\n\n");
    if rules.is_empty() {
        out.push_str("（无：供自定义规则使用。）\n");
    }
    for r in rules {
        out.push_str(&format!(
            "- [`{0}`](../rules/{0}.md)：{1}\n",
            r.meta.id, r.meta.summary
        ));
    }
    out.push_str(&format!(
        "\n规则文件的 JSON Schema 见 `zhenggai schema rule`；写自己的规则见 [../zh/README.md](../zh/README.md) 的“本单位的规则”一节。\n\
         源代码：`src/rules/kinds/{}`。\n",
        kind.file
    ));
    out
}

fn index_row(r: &Rule, fix: bool) -> String {
    let off = if r.meta.enabled {
        ""
    } else {
        "（默认不启用）"
    };
    format!(
        "| [`{0}`]({0}.md) | {1} | `{2}`{off} | {3} | {4} |\n",
        r.meta.id,
        severity_zh(r.meta.severity),
        r.meta.pack,
        if fix { "有" } else { "" },
        r.meta.summary
    )
}

/// The rule index, grouped by what each rule protects.
fn rules_index(rules: &[(&Rule, bool)]) -> String {
    let mut out = String::from(
        "<!-- 由 `zhenggai docs` 生成，请勿手改。 -->\n# 规则一览\n\n\
         每条规则一页：为什么检查、依据、会报告和不报告的写法，以及 zhenggai 对每个示例的真实输出。\
         命令行中 `zhenggai explain 规则id` 显示同一页内容。\n",
    );
    let header = "\n| 规则 | 严重程度 | 规则包 | 安全修复 | 说明 |\n|---|---|---|---|---|\n";
    let mut placed = Vec::new();
    for (_, title, ids) in GROUPS {
        out.push_str(&format!("\n## {title}\n{header}"));
        for id in *ids {
            if let Some((r, fix)) = rules.iter().find(|(r, _)| r.meta.id == *id) {
                out.push_str(&index_row(r, *fix));
                placed.push(*id);
            }
        }
    }
    let rest: Vec<_> = rules
        .iter()
        .filter(|(r, _)| !placed.contains(&r.meta.id.as_str()))
        .collect();
    if !rest.is_empty() {
        out.push_str(&format!("\n## 其他\n{header}"));
        for (r, fix) in rest {
            out.push_str(&index_row(r, *fix));
        }
    }
    out.push_str(
        "\n规则类型（供编写自定义规则参考）见 [../kinds/README.md](../kinds/README.md)。\n",
    );
    out
}

/// The kinds' own fields in a few words, for the index: `name` (required) or `name?`.
fn fields_cell(kind: &KindEntry) -> String {
    let fields = crate::schema::own_fields(kind);
    if fields.is_empty() {
        return "—".to_string();
    }
    let each: Vec<String> = fields
        .iter()
        .map(|f| {
            let optional = if f.required { "" } else { "?" };
            format!("`{}`{optional}: {}", f.name, f.form)
        })
        .collect();
    each.join("; ")
}

/// The kind index: every kind in the registry, its fields, placeholders, cases and rules.
fn kinds_index(rules: &[&Rule]) -> String {
    let mut out = String::from(
        "<!-- 由 `zhenggai docs` 从 src/rules/kinds/ 生成，请勿手改。 -->\n# 规则类型一览\n\n\
         每条规则（`rules/*.yaml`）都是某一类型的实例：类型用 Rust 实现，规则文件只配置它。\
         除下表的字段外，每个规则文件都有通用字段 `id`、`kind`、`message`（必填）和 `severity`、\
         `enabled`、`pack`、`summary`、`messages`、`rationale`、`examples`（见 \
         [../writing-rules.md](../writing-rules.md#rule-files)）。字段后的 `?` 表示可省略。\n\n\
         | 类型 | 字段 | 占位符 | `messages` 情形 | 内置规则 |\n|---|---|---|---|---|\n",
    );
    for kind in REGISTRY {
        let ids: Vec<String> = rules
            .iter()
            .filter(|r| r.meta.kind == kind.name)
            .map(|r| format!("[`{0}`](../rules/{0}.md)", r.meta.id))
            .collect();
        out.push_str(&format!(
            "| [`{0}`]({0}.md) | {1} | {2} | {3} | {4} |\n",
            kind.name,
            fields_cell(kind),
            vars_cell(kind),
            code_list(kind.variants),
            if ids.is_empty() {
                "—".to_string()
            } else {
                ids.join("、")
            }
        ));
    }
    out
}

/// Every generated page: (path relative to the docs directory, content), built-in rules only.
pub(crate) fn pages(set: &RuleSet) -> Vec<(PathBuf, String)> {
    let mut rules: Vec<&Rule> = set
        .rules
        .iter()
        .filter(|r| r.meta.source.starts_with("builtin:"))
        .collect();
    rules.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
    let built: Vec<(String, bool)> = rules.iter().map(|r| page_and_fix(r)).collect();
    let with_fix: Vec<(&Rule, bool)> = rules
        .iter()
        .copied()
        .zip(built.iter().map(|b| b.1))
        .collect();
    let mut out = vec![(PathBuf::from("rules/README.md"), rules_index(&with_fix))];
    for (r, (page, _)) in rules.iter().zip(built) {
        out.push((PathBuf::from(format!("rules/{}.md", r.meta.id)), page));
    }
    out.push((PathBuf::from("kinds/README.md"), kinds_index(&rules)));
    for kind in REGISTRY {
        let of_kind: Vec<&Rule> = rules
            .iter()
            .copied()
            .filter(|r| r.meta.kind == kind.name)
            .collect();
        out.push((
            PathBuf::from(format!("kinds/{}.md", kind.name)),
            kind_page(kind, &of_kind),
        ));
    }
    out
}

/// Markdown files in `dir/sub` that would not be generated.
fn stale(dir: &Path, generated: &[(PathBuf, String)]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in ["rules", "kinds"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let rel = PathBuf::from(sub).join(e.file_name());
            if rel.extension().is_some_and(|x| x == "md")
                && !generated.iter().any(|(p, _)| *p == rel)
            {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

/// Runs `zhenggai docs`.
pub(crate) fn run(args: DocsArgs) -> u8 {
    let set = match load_rules(&[]) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let generated = pages(&set);
    let stale = stale(&args.dir, &generated);
    if args.check {
        let mut problems = Vec::new();
        for (rel, content) in &generated {
            match std::fs::read_to_string(args.dir.join(rel)) {
                Ok(s) if s == *content => {}
                Ok(_) => problems.push(format!("{}: differs", args.dir.join(rel).display())),
                Err(_) => problems.push(format!("{}: missing", args.dir.join(rel).display())),
            }
        }
        for rel in &stale {
            problems.push(format!(
                "{}: stale (no such rule or kind)",
                args.dir.join(rel).display()
            ));
        }
        if problems.is_empty() {
            return print_out(&format!(
                "{} generated pages are up to date\n",
                generated.len()
            ));
        }
        for p in &problems {
            eprintln!("zhenggai: {p}");
        }
        eprintln!("zhenggai: run `zhenggai docs` to regenerate");
        return EXIT_FOUND;
    }
    for (rel, content) in &generated {
        let path = args.dir.join(rel);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, content));
        if let Err(e) = written {
            return report_err(&format!("cannot write {}: {e}", path.display()));
        }
    }
    for rel in &stale {
        let path = args.dir.join(rel);
        if let Err(e) = std::fs::remove_file(&path) {
            return report_err(&format!("cannot remove {}: {e}", path.display()));
        }
    }
    let code = print_out(&format!(
        "wrote {} pages under {}\n",
        generated.len(),
        args.dir.display()
    ));
    if code == EXIT_CLEAN {
        EXIT_CLEAN
    } else {
        EXIT_TROUBLE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_rule_has_a_group() {
        for r in load_builtin().expect("builtin rules load") {
            assert!(
                GROUPS
                    .iter()
                    .any(|(_, _, ids)| ids.contains(&r.meta.id.as_str())),
                "rule {} has no group in docs::GROUPS",
                r.meta.id
            );
        }
    }

    /// docs/kinds/ is what `zhenggai docs` generates from the registry (the whole of
    /// docs/ is checked by `zhenggai docs --check` in tests/docs.rs; this one also repairs:
    /// `ZHENGGAI_BLESS=1 cargo test --lib kind_pages` rewrites them).
    #[test]
    fn kind_pages_are_generated() {
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        let set = RuleSet::builtin().expect("built-in rules load");
        let mut stale = Vec::new();
        for (rel, text) in pages(&set).iter().filter(|(p, _)| p.starts_with("kinds")) {
            if !crate::generated::is_current(&docs.join(rel), text) {
                stale.push(rel.display().to_string());
            }
        }
        assert!(
            stale.is_empty(),
            "stale kind pages (ZHENGGAI_BLESS=1 cargo test --lib kind_pages rewrites them): {stale:?}"
        );
    }

    #[test]
    fn kind_docs_drop_rust_link_targets() {
        let src = "//! A [`Check`](super::Check) that\n//!\n//! * item\nuse x;";
        assert_eq!(kind_doc(src), "A `Check` that\n\n* item");
        // An intra-doc link without a target loses its brackets; a page link stays.
        let src = "//! See [`crate::feedback`] and [the guide](https://example.org/g).";
        assert_eq!(
            kind_doc(src),
            "See `crate::feedback` and [the guide](https://example.org/g)."
        );
    }
}
