//! `brackets`: brackets and quotation marks are paired within a paragraph.
//!
//! `pairs` lists families as strings of alternating open/close characters: `"（）()"` makes
//! full- and half-width parentheses close each other (web copies mix them), `"“”"` is one
//! pair. A close with no open, or an open left unclosed at the end of the paragraph, is
//! reported. Reports are capped per paragraph so that a line of 100,000 brackets yields a
//! handful of diagnostics, not 100,000.

use crate::model::{Document, LineKind};
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};

rule_spec! {
    /// Rule file of kind `brackets`.
    pub(crate) struct Spec {
        /// Strings of alternating open/close characters; `'（）()'` makes them interchangeable.
        pub pairs: Vec<String>,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] = &["open", "close"];
    const VARIANTS: &'static [&'static str] = &["unopened"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        let mut opens = Vec::new();
        let mut closes = Vec::new();
        for (family, p) in self.pairs.iter().enumerate() {
            let chars: Vec<char> = p.chars().collect();
            if chars.is_empty() || chars.len() % 2 != 0 {
                return Err(BuildError::new(
                    p.clone(),
                    format!("`{p}` must alternate open and close characters"),
                ));
            }
            for pair in chars.chunks(2) {
                opens.push((pair[0], family, pair[1]));
                closes.push((pair[1], family, pair[0]));
            }
        }
        // The first UTF-8 byte of every bracket character: lines are scanned byte by byte
        // for these, and only there decoded (most bytes of Chinese prose are skipped).
        let mut chars: Vec<(char, Role)> = opens
            .iter()
            .map(|&(c, family, close)| (c, Role::Open(family, close)))
            .chain(
                closes
                    .iter()
                    .map(|&(c, family, open)| (c, Role::Close(family, open))),
            )
            .collect();
        // A character listed twice keeps its first role, as the linear search it replaces.
        chars.sort_by_key(|e| e.0);
        chars.dedup_by_key(|e| e.0);
        let mut leads: Vec<u8> = chars
            .iter()
            .map(|(c, _)| c.encode_utf8(&mut [0; 4]).as_bytes()[0])
            .collect();
        leads.sort_unstable();
        leads.dedup();
        let mut tails = [false; 256];
        for (c, _) in &chars {
            let mut buf = [0; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            tails[b[b.len() - 1] as usize] = true;
        }
        Ok(Box::new(Brackets {
            chars,
            leads,
            tails,
        }))
    }
}

/// At most this many reports per paragraph.
const CAP: usize = 5;

#[derive(Clone, Copy)]
enum Role {
    /// Opens `family`, closed by the char.
    Open(usize, char),
    /// Closes `family`, opened by the char.
    Close(usize, char),
}

struct Brackets {
    /// Every bracket character with its role, sorted for binary search.
    chars: Vec<(char, Role)>,
    /// The distinct first bytes of their UTF-8 encodings.
    leads: Vec<u8>,
    /// The last bytes of their encodings: 、。，：； share the first bytes of the brackets
    /// (0xE3, 0xEF) but not the last, and are most of the candidates in Chinese text.
    tails: [bool; 256],
}

impl Brackets {
    /// Byte offsets in `bytes` where a bracket character may start, ascending: memchr over
    /// the pairs' first bytes for the whole text at once (two runs of up to three bytes
    /// each, merged), or a byte loop when there are more. The built-in pairs start with five
    /// bytes (`(`, `)`, 0xE2, 0xE3, 0xEF); a byte-by-byte scan of each line was 7% of a run.
    fn candidates(&self, bytes: &[u8]) -> Vec<usize> {
        fn scan(set: &[u8], bytes: &[u8], out: &mut Vec<usize>) {
            match *set {
                [a] => out.extend(memchr::memchr_iter(a, bytes)),
                [a, b] => out.extend(memchr::memchr2_iter(a, b, bytes)),
                [a, b, c] => out.extend(memchr::memchr3_iter(a, b, c, bytes)),
                _ => {}
            }
        }
        let l = &self.leads;
        let mut out = Vec::new();
        if l.len() > 6 {
            out.extend((0..bytes.len()).filter(|&i| l.binary_search(&bytes[i]).is_ok()));
            return out;
        }
        let (first, rest) = l.split_at(l.len().min(3));
        scan(first, bytes, &mut out);
        scan(rest, bytes, &mut out);
        out.retain(|&i| {
            bytes
                .get(i + super::utf8_width(bytes[i]) - 1)
                .is_some_and(|&b| self.tails[b as usize])
        });
        // Two ascending runs: the stable sort merges them in one linear pass.
        out.sort();
        out
    }

    fn role(&self, c: char) -> Option<Role> {
        let i = self.chars.binary_search_by_key(&c, |e| e.0).ok()?;
        Some(self.chars[i].1)
    }
}

impl Check for Brackets {
    fn run(&self, doc: &Document, out: &mut Reporter) {
        let all = self.candidates(doc.text.as_bytes());
        for line in doc
            .lines
            .iter()
            .filter(|l| matches!(l.kind, LineKind::Paragraph | LineKind::Heading(_)))
        {
            let s = doc.slice(&line.span);
            let mut stack: Vec<(usize, char, usize, char)> = Vec::new();
            let mut reported = 0;
            let from = all.partition_point(|&i| i < line.span.start);
            let candidates = all[from..]
                .iter()
                .take_while(|&&i| i < line.span.end)
                .map(|&i| i - line.span.start)
                .filter(|&i| s.is_char_boundary(i));
            for (i, c) in candidates.filter_map(|i| Some((i, s[i..].chars().next()?))) {
                match self.role(c) {
                    Some(Role::Open(family, close)) => stack.push((i, c, family, close)),
                    Some(Role::Close(family, open)) => {
                        match stack.iter().rposition(|e| e.2 == family) {
                            Some(k) => {
                                // Opens above the match were never closed.
                                for (j, o, _, cl) in stack.drain(k..).skip(1) {
                                    if reported < CAP {
                                        out.report(
                                            line.span.start + j..line.span.start + j + o.len_utf8(),
                                            &[("open", o.into()), ("close", cl.into())],
                                        );
                                        reported += 1;
                                    }
                                }
                            }
                            None => {
                                if reported < CAP {
                                    let at = line.span.start + i;
                                    out.report_as(
                                        "unopened",
                                        at..at + c.len_utf8(),
                                        &[("open", open.into()), ("close", c.into())],
                                    );
                                    reported += 1;
                                }
                            }
                        }
                    }
                    None => {}
                }
            }
            for (j, o, _, cl) in stack.into_iter().rev() {
                if reported >= CAP {
                    break;
                }
                out.report(
                    line.span.start + j..line.span.start + j + o.len_utf8(),
                    &[("open", o.into()), ("close", cl.into())],
                );
                reported += 1;
            }
        }
    }
}
