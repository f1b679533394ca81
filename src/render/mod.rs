//! Renderers: diagnostics → text for people (`human`, `concise`) and programs (`json`).
//! Positions are computed here, at the edge, from byte spans.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod rdjson;
pub mod sarif;

use crate::check::FileReport;
use crate::diagnostic::Tally;

/// Line starts of a text, for byte offset → (line, column) conversion.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Bytes of a UTF-8 BOM at the start: not part of the first line's columns.
    bom: usize,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` (lines end at `\n`; a `\r` before it belongs to the line ending).
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        LineIndex { text, starts, bom }
    }

    /// Where columns of `line` count from (after a BOM on the first line).
    fn column_base(&self, line: usize, offset: usize) -> usize {
        let start = self.starts[line];
        if line == 0 && offset >= self.bom {
            start + self.bom
        } else {
            start
        }
    }

    /// 0-based index of the line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset.min(self.text.len()))
            - 1
    }

    /// Byte range of line `line` without its line ending.
    pub fn line_bounds(&self, line: usize) -> (usize, usize) {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&n| n - 1);
        let end = if self.text[start..end.max(start)].ends_with('\r') {
            end - 1
        } else {
            end.max(start)
        };
        (start, end)
    }

    /// 1-based line and 1-based column in UTF-8 bytes of byte `offset`.
    pub fn position_utf8(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        (line + 1, offset - self.column_base(line, offset) + 1)
    }

    /// 0-based line and 0-based column in UTF-16 code units of byte `offset` (LSP positions).
    pub fn position_utf16(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.encode_utf16().count());
        (line, col)
    }

    /// Byte offset of a 0-based (line, UTF-16 column) position, clamped to the text.
    pub fn offset_utf16(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let (_, end) = self.line_bounds(line);
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= col {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    /// 1-based line and 1-based column in characters of byte `offset`.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.column_base(line, offset);
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
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
pub struct Summary {
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
    pub fn of(reports: &[FileReport]) -> Self {
        let mut s = Summary {
            files: reports.len(),
            ..Default::default()
        };
        for r in reports {
            let t = Tally::of(&r.diagnostics);
            s.errors += t.errors;
            s.warnings += t.warnings;
            s.infos += t.infos;
            s.unreadable += usize::from(r.error.is_some());
        }
        s
    }
}
