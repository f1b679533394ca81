//! `brackets`: brackets and quotation marks are paired within a paragraph.
//!
//! `pairs` lists families as strings of alternating open/close characters: `"（）()"` makes
//! full- and half-width parentheses close each other (web copies mix them), `"“”"` is one
//! pair. A close with no open, or an open left unclosed at the end of the paragraph, is
//! reported. Reports are capped per paragraph so that a line of 100,000 brackets yields a
//! handful of diagnostics, not 100,000.

use crate::model::{Document, LineKind};
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Emitter};

rule_spec! {
    /// Rule file of kind `brackets`.
    pub struct Spec {
        /// Families of alternating open/close characters.
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
        let mut lead = [false; 256];
        for (c, _, _) in opens.iter().chain(&closes) {
            let mut buf = [0; 4];
            lead[c.encode_utf8(&mut buf).as_bytes()[0] as usize] = true;
        }
        Ok(Box::new(Brackets {
            opens,
            closes,
            lead,
        }))
    }
}

/// At most this many reports per paragraph.
const CAP: usize = 5;

struct Brackets {
    opens: Vec<(char, usize, char)>,
    closes: Vec<(char, usize, char)>,
    lead: [bool; 256],
}

impl Check for Brackets {
    fn run(&self, doc: &Document, out: &mut Emitter) {
        for line in doc
            .lines
            .iter()
            .filter(|l| matches!(l.kind, LineKind::Paragraph | LineKind::Heading(_)))
        {
            let s = doc.slice(&line.span);
            let mut stack: Vec<(usize, char, usize, char)> = Vec::new();
            let mut reported = 0;
            let bytes = s.as_bytes();
            let candidates =
                (0..bytes.len()).filter(|&i| self.lead[bytes[i] as usize] && s.is_char_boundary(i));
            for (i, c) in candidates.filter_map(|i| Some((i, s[i..].chars().next()?))) {
                if let Some(&(_, family, close)) = self.opens.iter().find(|o| o.0 == c) {
                    stack.push((i, c, family, close));
                } else if let Some(&(_, family, open)) = self.closes.iter().find(|o| o.0 == c) {
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
