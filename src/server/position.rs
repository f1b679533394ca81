//! LSP positions ↔ byte offsets of the text the client sent. Unlike the command line's
//! `LineIndex`, a leading U+FEFF is an ordinary character here: it is in the client's
//! buffer, so the client counts it (one UTF-16 unit, three UTF-8 bytes). Columns come from a
//! per-block count of UTF-16 units, so each conversion walks at most one block however long
//! the line (a 5 MB line took 11.6 s per check when each position re-encoded its line).

/// Position units agreed with the client.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Units {
    Utf8,
    Utf16,
}

/// Bytes per block of the UTF-16 count.
const BLOCK: usize = 4096;

/// UTF-16 units of the characters that start in `bytes`: one per character, two for one
/// outside the Basic Multilingual Plane (a four-byte sequence).
fn units16(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0))
        .sum()
}

/// Line starts and UTF-16 block counts of one text.
pub(crate) struct Index<'a> {
    text: &'a str,
    /// Byte offset of each line's start; lines end at `\n`, `\r\n` or a lone `\r` (LSP's).
    starts: Vec<usize>,
    /// UTF-16 units before byte `k * BLOCK`, for each block `k` (and one past the end).
    blocks: Vec<usize>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let starts = crate::render::line_starts(bytes);
        let blocks = crate::render::block_counts(bytes, BLOCK, units16);
        Index {
            text,
            starts,
            blocks,
        }
    }

    /// UTF-16 units before byte `offset` (a character boundary).
    fn utf16_before(&self, offset: usize) -> usize {
        let k = offset / BLOCK;
        self.blocks[k] + units16(&self.text.as_bytes()[k * BLOCK..offset])
    }

    /// 0-based line of byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of line `line` without its ending; past the last line, the end of text.
    fn line_bounds(&self, line: usize) -> (usize, usize) {
        let Some(&start) = self.starts.get(line) else {
            return (self.text.len(), self.text.len());
        };
        let bytes = self.text.as_bytes();
        let mut end = self.starts.get(line + 1).copied().unwrap_or(bytes.len());
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }

    /// The start of the line holding byte `offset`, with the line's number.
    pub(crate) fn line_start(&self, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset.min(self.text.len()));
        (line, self.starts[line])
    }

    /// (line, character) of byte `offset`, 0-based, in `units`.
    pub(crate) fn position(&self, offset: usize, units: Units) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col = match units {
            Units::Utf8 => offset - start,
            Units::Utf16 => self.utf16_before(offset) - self.utf16_before(start),
        };
        (line, col)
    }

    /// Byte offset of a 0-based (line, character) position, clamped to its line (a column
    /// inside a character goes to the character's start).
    pub(crate) fn offset(&self, line: usize, col: usize, units: Units) -> usize {
        let (start, end) = self.line_bounds(line);
        match units {
            Units::Utf8 => {
                let mut o = start.saturating_add(col).min(end);
                while !self.text.is_char_boundary(o) {
                    o -= 1;
                }
                o
            }
            Units::Utf16 => {
                let target = self.utf16_before(start).saturating_add(col);
                // The last block starting at or before the target, then one walk.
                let k = self
                    .blocks
                    .partition_point(|&n| n <= target)
                    .saturating_sub(1);
                let mut at = (k * BLOCK).clamp(start, end);
                while !self.text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut units = self.utf16_before(at);
                for (i, c) in self.text[at..end].char_indices() {
                    if units >= target {
                        return at + i;
                    }
                    units += c.len_utf16();
                    if units > target {
                        return at + i; // inside a surrogate pair
                    }
                }
                end
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Positions computed naively, character by character.
    fn naive(text: &str, offset: usize, units: Units) -> (usize, usize) {
        let before = &text[..offset];
        let line_start = before
            .char_indices()
            .filter(|&(i, c)| c == '\n' || (c == '\r' && !text[i + 1..].starts_with('\n')))
            .map(|(i, _)| i + 1)
            .next_back()
            .unwrap_or(0);
        let line = text[..line_start]
            .char_indices()
            .filter(|&(i, c)| c == '\n' || (c == '\r' && !text[i + 1..].starts_with('\n')))
            .count();
        let prefix = &text[line_start..offset];
        let col = match units {
            Units::Utf8 => prefix.len(),
            Units::Utf16 => prefix.encode_utf16().count(),
        };
        (line, col)
    }

    #[test]
    fn round_trips_across_blocks_bom_and_line_endings() {
        let line = "\u{feff}通报𠮷a\r".to_string() + &"整改𠮷，".repeat(900) + "\r\nb\nc";
        let text = line.as_str();
        let idx = Index::new(text);
        for units in [Units::Utf8, Units::Utf16] {
            for (o, _) in text.char_indices().chain([(text.len(), ' ')]) {
                if text[..o].ends_with('\r') && text[o..].starts_with('\n') {
                    continue; // inside a line ending: not a position of its own
                }
                let p = idx.position(o, units);
                assert_eq!(p, naive(text, o, units), "offset {o} {units:?}");
                assert_eq!(idx.offset(p.0, p.1, units), o, "offset {o} {units:?}");
            }
        }
        // The mark is one UTF-16 unit and three bytes on line 0.
        assert_eq!(idx.position(3, Units::Utf16), (0, 1));
        assert_eq!(idx.position(3, Units::Utf8), (0, 3));
        // Past a line's end: its end; past the last line: the text's end.
        assert_eq!(idx.offset(1, 1_000_000, Units::Utf16), text.len() - 5);
        assert_eq!(idx.offset(9, 0, Units::Utf8), text.len());
        // Inside 𠮷 (two units, four bytes): its start.
        let g = text.find('𠮷').unwrap();
        assert_eq!(idx.offset(0, 4, Units::Utf16), g);
        assert_eq!(idx.offset(0, g + 2, Units::Utf8), g);
    }
}
