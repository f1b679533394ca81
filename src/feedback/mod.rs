//! The inspection's feedback: the areas and problems a report must answer, read from
//! `--feedback FILE`, and the matching of problems with report sections that the
//! `coverage` kind and `zhenggai coverage` use.
//!
//! Two forms are read:
//! - YAML (`.yaml`/`.yml`): a list of areas in feedback order, each with its problems:
//!   ```yaml
//!   - area: 落实全面从严治党主体责任不够有力
//!     problems:
//!       - 班子成员“一岗双责”履行不到位
//!       - 对下级党组织督促指导偏软
//!   ```
//! - the feedback text itself (any other extension), in the layouts inspection groups write
//!   (see [`read`]): numbered areas with numbered problems, `一是…；二是…` run-ins, framed
//!   documents whose problems sit under `巡视发现的主要问题`. What the reader cannot place is
//!   a warning naming the line ([`Feedback::warnings`]), never a silent drop.
//!
//! Both are bounded: a regular file of at most `MAX_BYTES`, at most `MAX_ITEMS` areas and
//! problems, and no YAML anchors or aliases (an alias repeats a subtree: 44 KB of nested
//! aliases expanded to a million problems).
//!
//! The feedback is attached to the [`Document`](crate::model::Document) it concerns
//! (`Document::feedback`): it is an input about that one document, like its text, so every
//! kind keeps the same `run(doc)` signature and a configuration can give each file its own.

pub(crate) mod matching;
pub mod read;
pub mod words;

use serde::Deserialize;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest feedback file read: feedback lists run to tens of KB; 4 MiB is a hundred times
/// the longest seen and reads in milliseconds.
pub(crate) const MAX_BYTES: u64 = 4 << 20;

/// The most areas plus problems a feedback may list (20,000 problems still check in well
/// under a second; see the README's limits table).
pub(crate) const MAX_ITEMS: usize = 50_000;

/// A feedback that cannot be used: the file, where in it when known, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackError {
    /// The file, when it was read from one.
    pub file: Option<PathBuf>,
    /// 1-based line and column of the problem (in the YAML form), when known.
    pub at: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl FeedbackError {
    /// An error somewhere in the feedback, or about all of it.
    pub(crate) fn new(message: impl Into<String>) -> Self {
        FeedbackError {
            file: None,
            at: None,
            message: message.into(),
        }
    }

    /// An error at a line and column.
    fn at(line: usize, column: usize, message: impl Into<String>) -> Self {
        FeedbackError {
            at: Some((line, column)),
            ..FeedbackError::new(message)
        }
    }

    /// The same error, in the file `path`.
    fn in_file(self, path: &Path) -> Self {
        FeedbackError {
            file: Some(path.to_path_buf()),
            ..self
        }
    }
}

impl std::fmt::Display for FeedbackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}:", file.display())?;
            if self.at.is_none() {
                f.write_str(" ")?;
            }
        }
        if let Some((line, column)) = self.at {
            write!(f, "{line}:{column}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for FeedbackError {}

/// The areas and problems the inspection fed back, in feedback order. Its YAML form is the
/// list of areas: `zhenggai schema feedback` is derived from this struct and [`Area`], whose
/// doc comments are the descriptions an editor shows.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(transparent)]
#[schemars(description = "The areas the inspection fed back, in feedback order.")]
pub struct Feedback {
    /// The areas (方面), in order (at least one: `from_yaml` refuses an empty list).
    #[schemars(length(min = 1))]
    pub areas: Vec<Area>,
    /// What the text reader could not place, `line N: what` (empty for YAML).
    #[serde(skip)]
    pub warnings: Vec<String>,
    /// Synonym groups the configuration adds to the rule's table (`feedback-synonyms`).
    #[serde(skip)]
    pub synonyms: Vec<Vec<String>>,
}

/// One feedback area and its problems.
#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// The area's title as the feedback words it.
    pub area: String,
    /// The problems listed under the area; when none, the area itself must be answered.
    #[serde(default)]
    pub problems: Vec<String>,
    /// The text the feedback writes after each problem's title (`…。具体表现为…`), one per
    /// problem when the text reader found it; extra words for matching, never shown as a title.
    #[serde(skip)]
    pub details: Vec<String>,
}

impl Area {
    /// An area with its problems and no details.
    pub fn new(area: impl Into<String>, problems: Vec<String>) -> Area {
        Area {
            area: area.into(),
            problems,
            details: Vec::new(),
        }
    }
}

impl Feedback {
    /// The number of problems listed (areas without problems count as one each).
    pub fn problem_count(&self) -> usize {
        self.areas.iter().map(|a| a.problems.len().max(1)).sum()
    }

    /// Reads the YAML form; errors give the line and column where they can.
    pub fn from_yaml(src: &str) -> Result<Feedback, FeedbackError> {
        if let Some((line, col)) = find_alias(src) {
            return Err(FeedbackError::at(
                line,
                col,
                "YAML anchors and aliases (&name, *name) are not accepted in a feedback file: write each problem out",
            ));
        }
        let f: Feedback = serde_yaml::from_str(src).map_err(|e| {
            let e = crate::yaml::error(src, &e);
            FeedbackError {
                at: e.at,
                ..FeedbackError::new(e.message)
            }
        })?;
        if f.areas.is_empty() {
            return Err(FeedbackError::at(1, 1, "the feedback lists no area"));
        }
        f.check_items()?;
        Ok(f)
    }

    /// Reads the feedback text (see [`read`]); what it cannot place is in `warnings`.
    pub fn from_text(text: &str) -> Result<Feedback, FeedbackError> {
        let f = read::read(text).map_err(FeedbackError::new)?;
        f.check_items()?;
        Ok(f)
    }

    fn check_items(&self) -> Result<(), FeedbackError> {
        let items: usize = self.areas.iter().map(|a| 1 + a.problems.len()).sum();
        if items > MAX_ITEMS {
            return Err(FeedbackError::new(format!(
                "the feedback lists {items} areas and problems, more than the limit of {MAX_ITEMS}"
            )));
        }
        Ok(())
    }

    /// Reads a feedback file: YAML by extension, else the feedback text. Only a regular file
    /// of at most `MAX_BYTES` is read (not a device, a FIFO or a directory).
    pub fn load(path: &Path) -> Result<Feedback, FeedbackError> {
        let in_file = |e: FeedbackError| e.in_file(path);
        let text = read_bounded(path)
            .map_err(FeedbackError::new)
            .map_err(in_file)?;
        words::warm_up();
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if yaml {
            Feedback::from_yaml(text).map_err(in_file)
        } else {
            Feedback::from_text(text).map_err(in_file)
        }
    }
}

/// The file's text, when it is a regular UTF-8 file of at most [`MAX_BYTES`].
fn read_bounded(path: &Path) -> Result<String, String> {
    // Opening a FIFO for reading blocks until a writer comes: look before opening.
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("cannot read: not a regular file".to_string());
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    // The file may have been swapped since: check what was opened, and read at most one byte
    // past the limit whatever its size says.
    let opened = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if !opened.is_file() {
        return Err("cannot read: not a regular file".to_string());
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "larger than the limit of {} MiB for a feedback file",
            MAX_BYTES >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|_| "not UTF-8".to_string())
}

/// Where the first YAML anchor (`&a`) or alias (`*a`) stands, as (line, column), outside
/// quoted scalars and comments. Plain scalars cannot start with `&` or `*`, so the first
/// character of a node that is one of them is an anchor or an alias.
fn find_alias(src: &str) -> Option<(usize, usize)> {
    // Inside a block scalar (`|`, `>`), lines indented more than its key are text.
    let mut block: Option<usize> = None;
    for (n, line) in src.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if let Some(b) = block {
            if line.trim().is_empty() || indent > b {
                continue;
            }
            block = None;
        }
        let body = line.split(" #").next().unwrap_or(line).trim_end();
        if body
            .trim_end_matches(['-', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
            .ends_with(['|', '>'])
        {
            block = Some(indent);
        }
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        // The last non-blank character before this one: a node starts after an indicator.
        let mut last: Option<char> = None;
        for (col, c) in line.chars().enumerate() {
            match quote {
                Some(q) => {
                    if c == q {
                        quote = None;
                    }
                }
                None => {
                    if c == '#' && prev.is_whitespace() {
                        break;
                    }
                    let node_start = (prev.is_whitespace() || matches!(prev, '[' | '{' | ','))
                        && last.is_none_or(|l| matches!(l, '-' | ':' | '[' | '{' | ',' | '?'));
                    if node_start && matches!(c, '"' | '\'') {
                        quote = Some(c);
                    } else if node_start && matches!(c, '&' | '*') {
                        return Some((n + 1, col + 1));
                    }
                }
            }
            if !c.is_whitespace() {
                last = Some(c);
            }
            prev = c;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn anchors_and_aliases_are_refused() {
        let y = "- area: 甲\n  problems: &p [一, 二]\n- area: 乙\n  problems: *p\n";
        let e = Feedback::from_yaml(y).unwrap_err();
        assert!(e.to_string().starts_with("2:13: YAML anchors"), "{e}");
        // `&` and `*` inside a scalar are text.
        let ok = "- area: 甲&乙 * 丙\n  problems: ['*一', \"&二\"]  # *注\n";
        assert_eq!(Feedback::from_yaml(ok).unwrap().areas[0].area, "甲&乙 * 丙");
        // A block scalar's lines are text, whatever they start with.
        let block = "- area: 甲\n  problems:\n    - |-\n      *重点问题\n      &附注\n- area: 乙\n";
        let f = Feedback::from_yaml(block).unwrap();
        assert_eq!(f.areas[0].problems, vec!["*重点问题\n&附注"]);
        assert!(Feedback::from_yaml("- area: 甲\n  problems: |\n    x\n- area: *a\n").is_err());
    }

    /// Issue 13 item 4: a feedback file's error without a line printed as `f.yaml:message`
    /// (no space: the path was glued to a message expected to start with `line:column:`).
    #[test]
    fn errors_name_the_file_and_the_place_when_known() {
        let f = Path::new("f.yaml");
        let e = FeedbackError::new("the feedback lists 2 areas").in_file(f);
        assert_eq!(e.to_string(), "f.yaml: the feedback lists 2 areas");
        let e = FeedbackError::at(2, 13, "YAML anchors").in_file(f);
        assert_eq!(e.to_string(), "f.yaml:2:13: YAML anchors");
        assert_eq!(FeedbackError::at(1, 1, "x").to_string(), "1:1: x");
    }

    #[test]
    fn too_many_items_are_refused() {
        let mut y = String::from("- area: 甲\n  problems:\n");
        for i in 0..MAX_ITEMS {
            y.push_str(&format!("    - 问题{i}\n"));
        }
        let e = Feedback::from_yaml(&y).unwrap_err();
        assert!(
            e.to_string().contains("more than the limit of 50000"),
            "{e}"
        );
    }
}
