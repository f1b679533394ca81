//! Renderers: diagnostics → text for people (human, concise, html) and programs (json,
//! json-lines, github, sarif, rdjson, gitlab, junit). Positions are computed here, at the
//! edge, from byte spans, in the unit each consumer expects.
//!
//! Each format is one `Emitter`: it renders every file's part on its own (files are
//! checked and rendered in parallel) and then the document around the parts, in input order.

pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod rdjson;
pub mod sarif;

use crate::check::FileReport;
use crate::diagnostic::{Severity, SeverityCounts};

/// One output format (ruff's `Emitter`). The command line chooses one per run and calls only
/// this; whatever a format counts over the run (JUnit's test cases) lives in its emitter.
pub(crate) trait Emitter: Send + Sync {
    /// One file's part of the output (may be empty). Called once per file, from the worker
    /// that checked it, so files render in parallel.
    fn file(&self, report: &FileReport) -> String;

    /// The whole output: the files' parts in input order around the format's document. By
    /// default the parts one after the other, for the formats that stream a line per
    /// diagnostic and have no document around them.
    fn finish(&self, parts: &[&Part], _total: &Summary) -> String {
        chunks(parts).collect()
    }

    /// `--statistics` instead of the report: diagnostics counted per rule, most first
    /// (from [`crate::render::statistics`]). A table of text unless the format is JSON.
    fn statistics(&self, counts: &[(String, Severity, usize)]) -> String {
        let w = counts.iter().map(|(r, _, _)| r.len()).max().unwrap_or(0);
        counts
            .iter()
            .map(|(r, s, n)| format!("{n:>6}  {r:<w$}  [{s}]\n"))
            .collect()
    }
}

/// What a run's document needs of one file: its rendered part and the facts the document
/// around the parts reads.
#[derive(Debug, Default)]
pub(crate) struct Part {
    /// The file's part, as [`Emitter::file`] rendered it (empty when nothing was rendered).
    pub(crate) chunk: String,
    /// (rule, severity) of each diagnostic in order: `--statistics` and human's footer.
    pub(crate) found: Vec<(String, Severity)>,
    /// (path, message) when the file could not be read: SARIF's tool notifications.
    pub(crate) unreadable: Option<(String, String)>,
}

impl Part {
    /// A file's part: its chunk and the facts of its report.
    pub(crate) fn of(report: &FileReport, chunk: String) -> Self {
        Part {
            chunk,
            found: report
                .diagnostics
                .iter()
                .map(|d| (d.rule.clone(), d.severity))
                .collect(),
            unreadable: report
                .error
                .as_ref()
                .map(|e| (e.name.clone(), e.message.clone())),
        }
    }
}

/// The parts that hold anything, in order.
fn chunks<'a>(parts: &'a [&Part]) -> impl Iterator<Item = &'a str> {
    parts
        .iter()
        .map(|p| p.chunk.as_str())
        .filter(|c| !c.is_empty())
}

/// JSON values, each as compact text, joined by `sep`.
fn join_json(values: &[serde_json::Value], sep: &str) -> String {
    values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(sep)
}

/// Line starts of a text, for byte offset → (line, column) conversion. Lines end at `\n`,
/// `\r\n` or a lone `\r`. Columns are counted in characters with a per-block count of
/// characters, so each lookup costs at most one block however long the line is (a 10 MB
/// line with thousands of diagnostics stays linear). The tables are built on the first
/// lookup: most files of a run have no diagnostic and never pay for them.
pub struct LineIndex<'a> {
    text: &'a str,
    tables: std::cell::OnceCell<Tables>,
    /// Bytes of a UTF-8 BOM at the start: not part of the first line's columns.
    bom: usize,
}

struct Tables {
    starts: Vec<usize>,
    /// Characters before byte `k * BLOCK`, for each block `k`.
    blocks: Vec<usize>,
}

/// Bytes per block of the character count.
const BLOCK: usize = 4096;

/// Characters that start in `bytes` (every byte but UTF-8 continuation bytes).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl<'a> LineIndex<'a> {
    /// An index of `text` (built when first asked).
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            tables: std::cell::OnceCell::new(),
            bom: if text.starts_with('\u{feff}') { 3 } else { 0 },
        }
    }

    fn tables(&self) -> &Tables {
        self.tables.get_or_init(|| Tables::new(self.text))
    }

    fn starts(&self) -> &[usize] {
        &self.tables().starts
    }
}

impl Tables {
    fn new(text: &str) -> Self {
        Tables {
            starts: line_starts(text.as_bytes()),
            blocks: block_counts(text.as_bytes(), BLOCK, chars_in),
        }
    }
}

/// Byte offset of each line's start: the first at 0, and one after each `\n`, `\r\n` or
/// lone `\r`. The one definition of a line, shared with the language server's positions.
pub(crate) fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
            starts.push(i + 1);
        }
    }
    starts
}

/// `count` of the bytes before each `block`-byte block, and of all of them last: a column
/// lookup then counts at most one block however long the line.
pub(crate) fn block_counts(bytes: &[u8], block: usize, count: fn(&[u8]) -> usize) -> Vec<usize> {
    let mut blocks = Vec::with_capacity(bytes.len() / block + 1);
    let mut n = 0;
    for chunk in bytes.chunks(block) {
        blocks.push(n);
        n += count(chunk);
    }
    blocks.push(n);
    blocks
}

impl LineIndex<'_> {
    /// Characters before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let k = offset / BLOCK;
        self.tables().blocks[k] + chars_in(&self.text.as_bytes()[k * BLOCK..offset])
    }

    /// 0-based index of the line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts()
            .partition_point(|&s| s <= offset.min(self.text.len()))
            - 1
    }

    /// Byte range of line `line` without its line ending.
    pub(crate) fn line_bounds(&self, line: usize) -> (usize, usize) {
        let line = line.min(self.starts().len() - 1);
        let start = self.starts()[line];
        let Some(&next) = self.starts().get(line + 1) else {
            return (start, self.text.len());
        };
        let bytes = self.text.as_bytes();
        let mut end = next;
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }

    /// 1-based line and 1-based column in characters of byte `offset`. A UTF-8 BOM at the
    /// start of the text is not a column, so a file with and without one agree.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        let col = self.chars_before(offset) - self.chars_before(self.column_base(line, offset));
        (line + 1, col + 1)
    }

    /// Where columns of `line` count from (after a BOM on the first line).
    fn column_base(&self, line: usize, offset: usize) -> usize {
        let start = self.starts()[line];
        if line == 0 && offset >= self.bom {
            start + self.bom
        } else {
            start
        }
    }

    /// 1-based line and 1-based column in UTF-8 bytes of byte `offset`.
    pub(crate) fn position_utf8(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        (line + 1, offset - self.column_base(line, offset) + 1)
    }
}

/// Diagnostics counted per rule, for `--statistics`.
pub fn statistics(
    reports: &[(String, crate::diagnostic::Severity)],
) -> Vec<(String, crate::diagnostic::Severity, usize)> {
    let mut map: std::collections::BTreeMap<(&str, crate::diagnostic::Severity), usize> =
        std::collections::BTreeMap::new();
    for (rule, sev) in reports {
        *map.entry((rule.as_str(), *sev)).or_default() += 1;
    }
    let mut v: Vec<_> = map
        .into_iter()
        .map(|((r, s), n)| (r.to_string(), s, n))
        .collect();
    v.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    v
}

/// Totals over a run.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub(crate) struct Summary {
    /// Files checked (including those that failed to read).
    pub files: usize,
    /// Error-level diagnostics.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Files that could not be read or decoded.
    pub unreadable: usize,
}

impl Summary {
    /// Adds up a run's reports.
    pub(crate) fn of(reports: &[FileReport]) -> Self {
        let mut s = Summary {
            files: reports.len(),
            ..Default::default()
        };
        for r in reports {
            let t = SeverityCounts::of(&r.diagnostics);
            s.errors += t.errors;
            s.warnings += t.warnings;
            s.infos += t.infos;
            s.unreadable += usize::from(r.error.is_some());
        }
        s
    }

    /// Adds another part of the run's totals.
    pub(crate) fn add(&mut self, other: &Summary) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.unreadable += other.unreadable;
    }
}

/// Escapes text for HTML and XML 1.0, content and quoted attributes alike: `& < > " '` as
/// entities, and the characters XML 1.0 cannot hold (control characters other than tab and
/// line endings, U+FFFE, U+FFFF) as spaces, so offsets in characters are kept. The HTML
/// report, JUnit and Word comments all write through this.
pub(crate) fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
