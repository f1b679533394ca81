//! The inspection's feedback: the areas and problems a report must answer, read from
//! `--feedback FILE`, and the fuzzy title matching the `coverage` kind uses.
//!
//! Two forms are read:
//! - YAML (`.yaml`/`.yml`): a list of areas in feedback order, each with its problems:
//!   ```yaml
//!   - area: 落实全面从严治党主体责任不够有力
//!     problems:
//!       - 班子成员“一岗双责”履行不到位
//!       - 对下级党组织督促指导偏软
//!   ```
//! - the feedback text itself (any other extension): its top-level numbered headings
//!   (`一、…`) are the areas and the numbered items under each (`（一）…`, `1.…`) its problems;
//!   a title is the heading text up to its first `。` or `：`.
//!
//! The feedback is attached to the [`Document`](crate::model::Document) it concerns
//! (`Document::feedback`): it is an input about that one document, like its text, so every
//! kind keeps the same `run(doc)` signature and a configuration can give each file its own.

use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

/// The areas and problems the inspection fed back, in feedback order.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(transparent)]
pub struct Feedback {
    /// The areas (方面), in order.
    pub areas: Vec<Area>,
}

/// One feedback area and its problems.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// The area's title as the feedback words it.
    pub area: String,
    /// The problems listed under it (may be empty: then the area itself must be answered).
    #[serde(default)]
    pub problems: Vec<String>,
}

impl Feedback {
    /// The number of problems listed (areas without problems count as one each).
    pub fn problem_count(&self) -> usize {
        self.areas.iter().map(|a| a.problems.len().max(1)).sum()
    }

    /// Reads the YAML form; errors say `line:column: message`.
    pub fn from_yaml(src: &str) -> Result<Feedback, String> {
        let f: Feedback = serde_yaml::from_str(src).map_err(|e| {
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            match e.location() {
                Some(l) => format!("{}:{}: {msg}", l.line(), l.column()),
                None => msg,
            }
        })?;
        if f.areas.is_empty() {
            return Err("1:1: the feedback lists no area".to_string());
        }
        Ok(f)
    }

    /// Reads the feedback text: top-level numbered headings are areas, their numbered
    /// children the problems.
    pub fn from_text(text: &str) -> Result<Feedback, String> {
        let doc = crate::parse::parse(text.to_string());
        let Some(top) = doc.headings.iter().map(|h| h.level).min() else {
            return Err("no numbered headings (一、 （一） 1.) found in the feedback text".into());
        };
        let title = |i: usize| short_title(doc.slice(&doc.headings[i].title));
        let areas: Vec<Area> = (0..doc.headings.len())
            .filter(|&i| doc.headings[i].parent.is_none() && doc.headings[i].level == top)
            .map(|i| Area {
                area: title(i),
                problems: doc.headings[i].children.iter().map(|&c| title(c)).collect(),
            })
            .collect();
        Ok(Feedback { areas })
    }

    /// Reads a feedback file: YAML by extension, else the feedback text.
    pub fn load(path: &Path) -> Result<Feedback, String> {
        let shown = path.display();
        let bytes = std::fs::read(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
        let text = String::from_utf8(bytes).map_err(|_| format!("{shown}: not UTF-8"))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if yaml {
            Feedback::from_yaml(text).map_err(|e| format!("{shown}:{e}"))
        } else {
            Feedback::from_text(text).map_err(|e| format!("{shown}: {e}"))
        }
    }
}

/// A heading's title up to its first full stop or colon, trimmed: headings often run on
/// into their first paragraph (`（一）关于…的问题。对在建项目…`).
pub fn short_title(s: &str) -> String {
    let end = s.find(['。', '：', ':']).unwrap_or(s.len());
    s[..end].trim().to_string()
}

/// Words that headings add around a problem's title (`关于“…”问题的整改情况`) and that say
/// nothing about which problem it is.
const FILLER: &[&str] = &[
    "整改落实情况",
    "整改进展情况",
    "整改情况",
    "的问题",
    "问题",
    "方面",
    "关于",
    "存在",
    "整改",
];

/// A title reduced to what identifies it: letters, digits and Han characters, without the
/// filler words headings wrap around a problem.
pub fn normalize(title: &str) -> String {
    let mut s: String = title.chars().filter(|c| c.is_alphanumeric()).collect();
    for f in FILLER {
        s = s.replace(f, "");
    }
    s
}

fn bigrams(s: &str) -> BTreeSet<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    match chars.len() {
        0 => BTreeSet::new(),
        1 => BTreeSet::from([(chars[0], chars[0])]),
        _ => chars.windows(2).map(|w| (w[0], w[1])).collect(),
    }
}

/// Dice similarity (0–1) of two titles' character bigrams after [`normalize`]: tolerant of
/// a changed word or two, of quotation marks and of the `关于…问题的整改情况` wrapping.
/// When a title quotes (`“…”`), the quoted part is compared too and the better score kept.
pub fn similarity(a: &str, b: &str) -> f64 {
    let score = |x: &str, y: &str| {
        let (x, y) = (bigrams(&normalize(x)), bigrams(&normalize(y)));
        if x.is_empty() || y.is_empty() {
            return 0.0;
        }
        2.0 * x.intersection(&y).count() as f64 / (x.len() + y.len()) as f64
    };
    let mut best = score(a, b);
    for (x, y) in [(quoted(a), Some(b)), (Some(a), quoted(b))] {
        if let (Some(x), Some(y)) = (x, y) {
            best = best.max(score(x, y));
        }
    }
    best
}

/// The text between the first `“` and the last `”`, if any.
fn quoted(s: &str) -> Option<&str> {
    let start = s.find('“')? + '“'.len_utf8();
    let end = s.rfind('”')?;
    (end > start).then(|| &s[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_tolerates_small_changes() {
        let fb = "基层党组织建设存在薄弱环节";
        assert!(similarity(fb, "关于“基层党组织建设存在薄弱环节”问题的整改情况") > 0.95);
        assert!(similarity(fb, "（二）关于基层党组织建设薄弱的问题") > 0.6);
        assert!(similarity(fb, "关于营商环境优化不够的问题") < 0.2);
    }

    #[test]
    fn reads_both_forms() {
        let y = "- area: 甲方面\n  problems: [问题一, 问题二]\n- area: 乙方面\n";
        let f = Feedback::from_yaml(y).unwrap();
        assert_eq!(f.areas.len(), 2);
        assert_eq!(f.problem_count(), 3);
        let t = "一、甲方面的问题\n（一）问题一。具体表现为……\n（二）问题二：……\n二、乙方面的问题\n（一）问题三\n";
        let g = Feedback::from_text(t).unwrap();
        assert_eq!(g.areas[0].problems, vec!["问题一", "问题二"]);
        assert_eq!(g.areas[1].area, "乙方面的问题");
        assert!(Feedback::from_yaml("- area: x\n  problem: []\n").is_err());
    }
}
