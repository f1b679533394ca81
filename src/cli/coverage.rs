//! `zhenggai coverage --feedback F FILE`: the whole assignment of feedback problems to the
//! report's sections, with scores and the words each pair shares, so a drafter (or whoever
//! tunes the synonym table) can see why a problem counts as answered or not.

use super::{EXIT_CLEAN, EXIT_FOUND, print_out, report_err};
use crate::feedback::Feedback;
use crate::feedback::matching::{Table, shown};
use crate::input::{self, Source};
use crate::rules::kinds::coverage::{builtin, explain, options};
use std::fmt::Write as _;
use std::path::Path;

/// Arguments of `coverage`.
#[derive(Debug, clap::Args)]
pub(crate) struct CoverageArgs {
    /// The announcement to compare with the feedback.
    pub file: std::path::PathBuf,
    /// The inspection feedback (YAML list of areas and problems, or the feedback text).
    #[arg(long, value_name = "FILE")]
    pub feedback: std::path::PathBuf,
    /// Print the table as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Line number (1-based) of a byte offset.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Prints the table; exit 1 when a problem is not answered, 2 when an input cannot be read.
pub(crate) fn run(args: CoverageArgs) -> u8 {
    let mut fb = match Feedback::load(&args.feedback) {
        Ok(f) => f,
        Err(e) => return report_err(&format!("feedback: {e}")),
    };
    // The configuration that applies to the file may add synonym groups.
    let dir = args
        .file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(path) = crate::config::Config::discover(dir) {
        match crate::config::Config::load(&path) {
            Ok(c) => fb.synonyms = c.feedback_synonyms.map(|s| s.value).unwrap_or_default(),
            Err(e) => return report_err(&e.to_string()),
        }
    }
    for w in &fb.warnings {
        eprintln!("zhenggai: warning: {}: {w}", args.feedback.display());
    }
    let source = Source::File(args.file.clone());
    let decoded = match input::load(&source, None) {
        Ok(d) => d,
        Err(e) => return report_err(&e.to_string()),
    };
    let doc = crate::parse::parse(decoded.text);
    let (threshold, synonyms) = builtin();
    let table = Table::build(&doc, &fb, &options(threshold, &synonyms, &fb));
    let out = if args.json {
        json(&table, &fb, &doc.text)
    } else {
        text(&table, &fb, &doc.text, &args.file)
    };
    let code = print_out(&out);
    if code != EXIT_CLEAN {
        return code;
    }
    if table.problems.iter().all(|p| p.answered) {
        EXIT_CLEAN
    } else {
        EXIT_FOUND
    }
}

fn text(table: &Table, fb: &Feedback, src: &str, file: &Path) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}：反馈意见{}个方面{}个问题，得分需要{:.2}",
        file.display(),
        fb.areas.len(),
        fb.problem_count(),
        table.threshold
    );
    let owners = table.owners();
    let unit = |u: usize| {
        let x = &table.units[u];
        format!("第{}行“{}”", line_of(src, x.span.start), x.title)
    };
    for (i, a) in fb.areas.iter().enumerate() {
        let to = match table.areas[i] {
            Some(m) => {
                let (title, span) = &table.section_titles[m.section];
                format!(
                    "→ 第{}行“{title}”，得分{}",
                    line_of(src, span.start),
                    shown(m.score)
                )
            }
            None if table.sections.is_empty() => "（正文没有分方面的小节：在全文中对应）".into(),
            None => "→ 没有对应的方面小节".into(),
        };
        let _ = writeln!(s, "方面{} “{}” {to}", i + 1, a.area);
        for (k, p) in table
            .problems
            .iter()
            .enumerate()
            .filter(|(_, p)| p.area == i)
        {
            let label = p.problem.map_or_else(
                || "  （本方面未列问题）".to_string(),
                |n| format!("  {}.{}", i + 1, n + 1),
            );
            match p.unit {
                Some(u) if p.answered => {
                    let words = table.shared(k, u, 5).join("、");
                    let _ = writeln!(
                        s,
                        "{label} “{}” → {}，得分{}，共同词语：{words}",
                        p.text,
                        unit(u),
                        shown(p.score)
                    );
                }
                None if p.answered => {
                    let _ = writeln!(
                        s,
                        "{label} “{}” → 方面小节本身，得分{}",
                        p.text,
                        shown(p.score)
                    );
                }
                _ => {
                    let why = explain(table, &owners, k)
                        .unwrap_or_else(|| "正文中没有与之共有实义词语的小节".into());
                    let _ = writeln!(s, "{label} “{}” → 未回应：{why}", p.text);
                }
            }
        }
    }
    let used = table.used();
    let spare: Vec<String> = (0..table.units.len())
        .filter(|&u| !used[u])
        .map(unit)
        .collect();
    if !spare.is_empty() {
        let _ = writeln!(s, "未对应任何问题的小节：{}", spare.join("；"));
    }
    s
}

fn json(table: &Table, fb: &Feedback, src: &str) -> String {
    let unit = |u: usize| {
        let x = &table.units[u];
        serde_json::json!({"title": x.title, "line": line_of(src, x.span.start)})
    };
    let problems: Vec<serde_json::Value> = table
        .problems
        .iter()
        .enumerate()
        .map(|(k, p)| {
            serde_json::json!({
                "area": fb.areas[p.area].area,
                "problem": p.text,
                "answered": p.answered,
                "score": (p.score * 100.0).round() / 100.0,
                "section": p.unit.map(unit),
                "shared": p.unit.map(|u| table.shared(k, u, 8)).unwrap_or_default(),
                "closest": p.closest.map(|(u, s)| serde_json::json!({
                    "section": unit(u), "score": (s * 100.0).round() / 100.0
                })),
            })
        })
        .collect();
    let v = serde_json::json!({
        "threshold": table.threshold,
        "warnings": fb.warnings,
        "problems": problems,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
