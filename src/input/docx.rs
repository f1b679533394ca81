//! `.docx`: the paragraphs of a Word document as text, one paragraph per line.
//!
//! Read from `word/document.xml` in order: body paragraphs, table cells (each cell paragraph
//! its own line) and text boxes; tracked insertions (`w:ins`) are included, tracked deletions
//! (`w:del`, `w:moveFrom`) excluded, as Word shows the document with changes accepted. Tabs
//! become `\t`, line breaks inside a paragraph a space, so line N of the text is paragraph N.
//!
//! Word's automatic numbering is not in the text: a heading numbered by Word has no `一、`
//! in `w:t`. The marker is synthesised from `word/numbering.xml` (the level's format and
//! `lvlText`, with Word's counters) for every paragraph numbered directly (`w:numPr`) or
//! through its style, so the outline and the numbering checks see what the reader sees.
//! Bullets and levels without a number format add nothing.
//!
//! Bounded: at most `MAX_ENTRIES` zip entries, and the XML parts read are decompressed
//! under a budget of `MAX_XML` bytes in all, whatever sizes the archive declares.

use crate::numbers::to_chinese;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The most zip entries a .docx may have (Word writes a few dozen).
pub(crate) const MAX_ENTRIES: usize = 10_000;
/// The most bytes the XML parts read may decompress to, in all (64 MiB).
pub(crate) const MAX_XML: u64 = 64 * 1024 * 1024;
/// The most bytes of text a .docx may give, numbering markers included: the same cap as
/// any other input ([`super::MAX_INPUT`]).
pub(crate) const MAX_TEXT: usize = super::MAX_INPUT as usize;
/// The longest numbering marker synthesised, in bytes (Word's are a few characters).
pub(crate) const MAX_MARKER: usize = 256;

/// Why a .docx cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// Not a zip archive (the zip reader's message).
    NotZip(String),
    /// A zip archive with more entries than `MAX_ENTRIES` (how many).
    TooManyEntries(usize),
    /// A zip archive without `word/document.xml`.
    NotWord,
    /// A part the zip reader could not open.
    Part {
        /// The part (`word/document.xml`, …).
        part: String,
        /// The zip reader's message.
        message: String,
    },
    /// A part that could not be decompressed.
    Decompress {
        /// The part.
        part: String,
        /// The decompressor's message.
        message: String,
    },
    /// Decompressing this part would pass `MAX_XML` in all (a zip bomb?).
    TooBig {
        /// The part.
        part: String,
    },
    /// More text than the limit, in bytes.
    TooLong {
        /// The limit.
        limit: usize,
    },
    /// `word/document.xml` is not well-formed XML (the whole message).
    Xml(String),
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxError::NotZip(e) => write!(f, "not a readable .docx (zip) file: {e}"),
            DocxError::TooManyEntries(n) => write!(
                f,
                "a .docx with {n} zip entries (more than {MAX_ENTRIES}): refused"
            ),
            DocxError::NotWord => f.write_str(
                "a zip archive without word/document.xml: not a Word document (zhenggai reads .txt, .md and .docx)",
            ),
            DocxError::Part { part, message } => {
                write!(f, "cannot read {part} in the .docx: {message}")
            }
            DocxError::Decompress { part, message } => {
                write!(f, "cannot decompress {part} in the .docx: {message}")
            }
            DocxError::TooBig { part } => write!(
                f,
                "decompressing {part} goes past the {} MiB cap on a .docx's XML: refused (a zip bomb?)",
                MAX_XML >> 20
            ),
            DocxError::TooLong { limit } => write!(
                f,
                "the text of this .docx is longer than {} MiB: refused",
                limit >> 20
            ),
            DocxError::Xml(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for DocxError {}

/// The XML walk (`paragraphs`) words its own messages, all about `word/document.xml`
/// not being well-formed.
impl From<String> for DocxError {
    fn from(message: String) -> Self {
        DocxError::Xml(message)
    }
}

/// Extracts the text of a .docx: its paragraphs joined by `\n`.
pub fn extract(bytes: &[u8]) -> Result<String, DocxError> {
    extract_limited(bytes, MAX_TEXT).map(|m| m.text)
}

fn extract_limited(bytes: &[u8], limit: usize) -> Result<Mapped, DocxError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::NotZip(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(DocxError::TooManyEntries(zip.len()));
    }
    let mut budget = MAX_XML;
    let document =
        read_part(&mut zip, "word/document.xml", &mut budget)?.ok_or(DocxError::NotWord)?;
    let numbering = match read_part(&mut zip, "word/numbering.xml", &mut budget)? {
        Some(xml) => parse_numbering(&xml).unwrap_or_default(),
        None => Numbering::default(),
    };
    let styles = match read_part(&mut zip, "word/styles.xml", &mut budget)? {
        Some(xml) => parse_styles(&xml).unwrap_or_default(),
        None => HashMap::new(),
    };
    let (text, map) = paragraphs(&document, &numbering, &styles, limit)?;
    Ok(Mapped {
        text,
        document,
        map,
    })
}

/// Reads one part, decompressing at most what is left of `budget`.
fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<Vec<u8>>, DocxError> {
    let part = match zip.by_name(name) {
        Ok(p) => p,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(DocxError::Part {
                part: name.to_string(),
                message: e.to_string(),
            });
        }
    };
    let too_big = || DocxError::TooBig {
        part: name.to_string(),
    };
    if part.size() > *budget {
        return Err(too_big());
    }
    let mut buf = Vec::new();
    part.take(*budget + 1)
        .read_to_end(&mut buf)
        .map_err(|e| DocxError::Decompress {
            part: name.to_string(),
            message: e.to_string(),
        })?;
    if buf.len() as u64 > *budget {
        return Err(too_big());
    }
    *budget -= buf.len() as u64;
    Ok(Some(buf))
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// One level of a numbering definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// `word/numbering.xml`: abstract definitions and the numbering instances using them.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, start overrides per level).
    nums: HashMap<String, (String, HashMap<usize, u32>)>,
}

impl Numbering {
    fn level(&self, num: &str, ilvl: usize) -> Option<(Level, &[Level])> {
        let (abs, overrides) = self.nums.get(num)?;
        let levels = self.abstracts.get(abs)?;
        let mut level = levels.get(ilvl)?.clone();
        if let Some(&s) = overrides.get(&ilvl) {
            level.start = s;
        }
        Some((level, levels))
    }
}

fn parse_numbering(xml: &[u8]) -> Result<Numbering, quick_xml::Error> {
    let mut r = Reader::from_reader(xml);
    let mut n = Numbering::default();
    let mut abs: Option<(String, Vec<Level>)> = None;
    let mut num: Option<(String, String, HashMap<usize, u32>)> = None;
    let mut override_lvl: Option<usize> = None;
    let mut cur_lvl: Option<usize> = None;
    let mut buf = Vec::new();
    loop {
        let ev = r.read_event_into(&mut buf)?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"w:abstractNum" => {
                    abs = attr(e, b"w:abstractNumId").map(|id| (id, Vec::new()));
                }
                b"w:lvl" => {
                    if let Some((_, levels)) = &mut abs {
                        let i: usize = attr(e, b"w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        cur_lvl = (i < 9).then_some(i);
                        if i < 9 {
                            levels.resize(levels.len().max(i + 1), Level::default());
                            levels[i].start = 1;
                        }
                    }
                }
                b"w:start" | b"w:numFmt" | b"w:lvlText" => {
                    let level = abs
                        .as_mut()
                        .and_then(|(_, levels)| levels.get_mut(cur_lvl?));
                    if let (Some(l), Some(v)) = (level, attr(e, b"w:val")) {
                        match e.name().as_ref() {
                            b"w:start" => l.start = v.parse().unwrap_or(1),
                            b"w:numFmt" => l.format = v,
                            _ => l.text = v,
                        }
                    }
                }
                b"w:num" => {
                    num = attr(e, b"w:numId").map(|id| (id, String::new(), HashMap::new()));
                }
                b"w:abstractNumId" => {
                    if let (Some(num), Some(v)) = (&mut num, attr(e, b"w:val")) {
                        num.1 = v;
                    }
                }
                b"w:lvlOverride" => {
                    override_lvl = attr(e, b"w:ilvl").and_then(|v| v.parse().ok());
                }
                b"w:startOverride" => {
                    if let (Some(num), Some(l), Some(v)) =
                        (&mut num, override_lvl, attr(e, b"w:val"))
                    {
                        num.2.insert(l, v.parse().unwrap_or(1));
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                b"w:abstractNum" => {
                    if let Some((id, levels)) = abs.take() {
                        n.abstracts.insert(id, levels);
                    }
                }
                b"w:num" => {
                    if let Some((id, a, o)) = num.take() {
                        n.nums.insert(id, (a, o));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(n)
}

/// A paragraph style: its parent and the numbering it applies.
#[derive(Debug, Default, Clone)]
struct Style {
    based_on: Option<String>,
    num: Option<String>,
    ilvl: Option<usize>,
}

fn parse_styles(xml: &[u8]) -> Result<HashMap<String, Style>, quick_xml::Error> {
    let mut r = Reader::from_reader(xml);
    let mut styles = HashMap::new();
    let mut cur: Option<(String, Style)> = None;
    let mut buf = Vec::new();
    loop {
        let ev = r.read_event_into(&mut buf)?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"w:style" => cur = attr(e, b"w:styleId").map(|id| (id, Style::default())),
                b"w:basedOn" => {
                    if let Some((_, s)) = &mut cur {
                        s.based_on = attr(e, b"w:val");
                    }
                }
                b"w:numId" => {
                    if let Some((_, s)) = &mut cur {
                        s.num = attr(e, b"w:val");
                    }
                }
                b"w:ilvl" => {
                    if let Some((_, s)) = &mut cur {
                        s.ilvl = attr(e, b"w:val").and_then(|v| v.parse().ok());
                    }
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == b"w:style" => {
                if let Some((id, s)) = cur.take() {
                    styles.insert(id, s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(styles)
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    num: Option<String>,
    ilvl: Option<usize>,
    /// Origins of `text`, offsets relative to it.
    pieces: Vec<Piece>,
    /// Where a comment on its unmapped text goes (after `w:pPr`).
    anchor: Option<usize>,
}

/// Word's list counters, per numbering instance and level.
#[derive(Default)]
struct Counters(HashMap<String, [Option<u32>; 9]>);

impl Counters {
    /// Advances `num` at `ilvl` and renders the marker, or `None` for bullets and
    /// unnumbered levels.
    fn marker(&mut self, numbering: &Numbering, num: &str, ilvl: usize) -> Option<String> {
        let ilvl = ilvl.min(8);
        let (level, levels) = numbering.level(num, ilvl)?;
        let counts = self.0.entry(num.to_string()).or_insert([None; 9]);
        counts[ilvl] = Some(counts[ilvl].map_or(level.start, |c| c.saturating_add(1)));
        for c in &mut counts[ilvl + 1..] {
            *c = None;
        }
        if matches!(level.format.as_str(), "bullet" | "none") || level.text.is_empty() {
            return None;
        }
        // Left to right, stopping at the cap: a 1 KB file can ask for `%1` 50,000 times.
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if out.len() >= MAX_MARKER {
                break;
            }
            let k = chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .filter(|k| *k >= 1);
            match k {
                Some(k) if c == '%' => {
                    chars.next();
                    let k = k as usize;
                    let l = levels.get(k - 1).cloned().unwrap_or_default();
                    let value = counts[k - 1].unwrap_or(l.start);
                    out.push_str(&format_number(&l.format, value));
                }
                _ => out.push(c),
            }
        }
        if out.len() > MAX_MARKER {
            let mut end = MAX_MARKER;
            while !out.is_char_boundary(end) {
                end -= 1;
            }
            out.truncate(end);
        }
        Some(out)
    }
}

/// A counter value in one of Word's number formats (the common ones; others as decimal).
fn format_number(format: &str, n: u32) -> String {
    const LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    let letters = |base: u8| {
        let i = (n.max(1) - 1) as usize;
        // A letter repeated (i / 26 + 1) times: `start="4294967295"` would be 165 million.
        std::iter::repeat_n(
            (base + (i % 26) as u8) as char,
            (i / 26 + 1).min(MAX_MARKER),
        )
        .collect()
    };
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "ideographDigital" => to_chinese(u64::from(n)),
        "chineseLegalSimplified" => to_chinese(u64::from(n))
            .chars()
            .map(
                |c| match "零一二三四五六七八九".chars().position(|d| d == c) {
                    Some(d) => LEGAL[d],
                    None => match c {
                        '十' => '拾',
                        '百' => '佰',
                        _ => c,
                    },
                },
            )
            .collect(),
        "ideographTraditional" => STEMS[(n.max(1) as usize - 1) % 10].to_string(),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "lowerLetter" => letters(b'a'),
        "upperLetter" => letters(b'A'),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or(n.to_string(), String::from)
        }
        _ => n.to_string(),
    }
}

/// The state of a pass over `word/document.xml`.
struct Walk<'a> {
    numbering: &'a Numbering,
    styles: &'a HashMap<String, Style>,
    limit: usize,
    out: String,
    first: bool,
    counters: Counters,
    map: SourceMap,
    /// The open paragraphs (a text box's paragraph inside a body paragraph).
    stack: Vec<Para>,
    // Depths inside elements whose text is not shown (deletions, fallbacks) or that are
    // paragraph properties (styles, numbering; a tracked property change is skipped).
    hidden: usize,
    in_ppr: usize,
    ppr_change: usize,
    tracked: usize,
    /// The open `w:t` start tag, while inside one whose text is shown.
    text_tag: Option<(usize, usize)>,
    /// Open runs (indices into `map.runs`) and the element depth of each.
    runs: Vec<(usize, usize)>,
    depth: usize,
}

/// The error for a `word/document.xml` quick-xml cannot read.
fn not_xml(e: quick_xml::Error) -> String {
    format!("word/document.xml is not well-formed XML: {e}")
}

/// The paragraphs of `word/document.xml`, joined by `\n`, and where each byte came from.
/// More than `limit` bytes of text is an error.
fn paragraphs(
    xml: &[u8],
    numbering: &Numbering,
    styles: &HashMap<String, Style>,
    limit: usize,
) -> Result<(String, SourceMap), DocxError> {
    let mut r = Reader::from_reader(xml);
    let mut w = Walk::new(numbering, styles, limit);
    loop {
        // Each event with its byte range in the part, for the source map.
        let before = r.buffer_position() as usize;
        let ev = r.read_event().map_err(not_xml)?;
        let after = r.buffer_position() as usize;
        match &ev {
            Event::Start(e) => w.start(e, before, after),
            Event::Empty(e) => w.empty(e, before, after)?,
            Event::End(e) => w.end(e.name().as_ref(), after)?,
            Event::Text(t) if w.text_tag.is_some() => {
                let raw = std::str::from_utf8(t).map_err(|e| {
                    format!("word/document.xml is not well-formed XML: not UTF-8: {e}")
                })?;
                push_text(&mut w.stack, raw, w.runs.last(), w.text_tag, before);
            }
            Event::CData(t) if w.text_tag.is_some() => {
                push(&mut w.stack, &String::from_utf8_lossy(t));
            }
            Event::GeneralRef(g) if w.text_tag.is_some() => w.reference(g, before, after)?,
            Event::Eof => break,
            _ => {}
        }
        if w.stack.last().is_some_and(|p| p.text.len() > w.limit) {
            return Err(w.too_long());
        }
    }
    // Unclosed paragraphs (a truncated part): keep their text.
    for p in std::mem::take(&mut w.stack) {
        w.emit(p)?;
    }
    Ok((w.out, w.map))
}

/// The handlers of [`paragraphs`]' events, one per kind; `before..after` is the event's
/// range in the part.
impl<'a> Walk<'a> {
    /// A walk before the first event: no text, no open element.
    fn new(numbering: &'a Numbering, styles: &'a HashMap<String, Style>, limit: usize) -> Self {
        Walk {
            numbering,
            styles,
            limit,
            out: String::new(),
            first: true,
            counters: Counters::default(),
            map: SourceMap::default(),
            stack: Vec::new(),
            hidden: 0,
            in_ppr: 0,
            ppr_change: 0,
            tracked: 0,
            text_tag: None,
            runs: Vec::new(),
            depth: 0,
        }
    }

    /// A start tag: opens a paragraph, a run, a text or a region that hides or tracks text.
    fn start(&mut self, e: &BytesStart, before: usize, after: usize) {
        self.depth += 1;
        match e.name().as_ref() {
            b"w:del" | b"w:moveFrom" | b"mc:Fallback" => self.hidden += 1,
            b"w:ins" | b"w:moveTo" => self.tracked += 1,
            b"w:p" => self.stack.push(Para {
                anchor: Some(after),
                ..Para::default()
            }),
            b"w:pPr" => self.in_ppr += 1,
            b"w:pPrChange" => self.ppr_change += 1,
            b"w:t" => self.text_tag = (self.hidden == 0).then_some((before, after)),
            b"w:r" => {
                self.runs.push((self.map.runs.len(), self.depth));
                self.map.runs.push(Run {
                    start: before,
                    open_end: after,
                    rpr: (after, after),
                    end: after,
                    tracked: self.tracked > 0,
                });
            }
            b"w:rPr" => {
                let depth = self.depth;
                if let Some(&(i, _)) = self.runs.last().filter(|(_, d)| *d + 1 == depth) {
                    self.map.runs[i].rpr = (before, before);
                }
            }
            _ => properties(e, &mut self.stack, self.in_ppr, self.ppr_change),
        }
    }

    /// An empty element: an empty paragraph, an element standing for text (`w:tab`…), run
    /// or paragraph properties.
    fn empty(&mut self, e: &BytesStart, before: usize, after: usize) -> Result<(), DocxError> {
        let shown = self.hidden == 0;
        let text = match e.name().as_ref() {
            b"w:p" if shown => return self.emit(Para::default()),
            b"w:tab" if self.in_ppr == 0 && shown => "\t",
            b"w:br" | b"w:cr" if shown => " ",
            b"w:noBreakHyphen" if shown => "-",
            b"w:rPr" => {
                let depth = self.depth;
                if let Some(&(i, _)) = self.runs.last().filter(|(_, d)| *d == depth) {
                    self.map.runs[i].rpr = (before, after);
                }
                return Ok(());
            }
            _ => {
                properties(e, &mut self.stack, self.in_ppr, self.ppr_change);
                return Ok(());
            }
        };
        push_element(&mut self.stack, text, self.runs.last(), (before, after));
        Ok(())
    }

    /// An end tag `name`: closes what [`Walk::start`] opened; a closed paragraph is written.
    fn end(&mut self, name: &[u8], after: usize) -> Result<(), DocxError> {
        match name {
            b"w:del" | b"w:moveFrom" | b"mc:Fallback" => {
                self.hidden = self.hidden.saturating_sub(1)
            }
            b"w:ins" | b"w:moveTo" => self.tracked = self.tracked.saturating_sub(1),
            b"w:pPr" => {
                self.in_ppr = self.in_ppr.saturating_sub(1);
                if self.ppr_change == 0 {
                    if let Some(p) = self.stack.last_mut() {
                        p.anchor = Some(after);
                    }
                }
            }
            b"w:pPrChange" => self.ppr_change = self.ppr_change.saturating_sub(1),
            b"w:t" => self.text_tag = None,
            b"w:r" => {
                if let Some((i, _)) = self.runs.pop() {
                    self.map.runs[i].end = after;
                }
            }
            b"w:rPr" => {
                let depth = self.depth;
                if let Some(&(i, _)) = self.runs.last().filter(|(_, d)| *d + 1 == depth) {
                    self.map.runs[i].rpr.1 = after;
                }
            }
            b"w:p" => {
                if let Some(p) = self.stack.pop().filter(|_| self.hidden == 0) {
                    self.emit(p)?;
                }
            }
            _ => {}
        }
        self.depth = self.depth.saturating_sub(1);
        Ok(())
    }

    /// A character or entity reference inside a shown `w:t` (`&amp;`, `&#x4E00;`): its
    /// text, with its origin.
    fn reference(
        &mut self,
        g: &quick_xml::events::BytesRef,
        before: usize,
        after: usize,
    ) -> Result<(), DocxError> {
        let resolved = match g.resolve_char_ref().map_err(not_xml)? {
            Some(c) => Some(c.to_string()),
            None => {
                let name = g.decode().map_err(|e| not_xml(quick_xml::Error::from(e)))?;
                quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
            }
        };
        let s = resolved.as_deref().unwrap_or("");
        let start = self.stack.last().map_or(0, |p| p.text.len());
        push(&mut self.stack, s);
        if let (Some(p), Some(&(run, _)), Some(tag)) =
            (self.stack.last_mut(), self.runs.last(), self.text_tag)
        {
            p.pieces.push(Piece {
                text: start,
                len: p.text.len() - start,
                xml: before,
                xml_len: after - before,
                run,
                text_tag: Some(tag),
            });
        }
        Ok(())
    }
}

/// Appends text to the open paragraph; line breaks become spaces (one paragraph, one line).
fn push(stack: &mut [Para], s: &str) {
    if let Some(p) = stack.last_mut() {
        p.text.extend(
            s.chars()
                .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c }),
        );
    }
}

/// Appends the raw content of a `w:t` starting at `xml` in the part: XML's line-end
/// normalisation (`\r\n` and `\r` are `\n`) and then [`push`]'s, recording origins.
fn push_text(
    stack: &mut [Para],
    raw: &str,
    run: Option<&(usize, usize)>,
    tag: Option<(usize, usize)>,
    xml: usize,
) {
    let Some(p) = stack.last_mut() else { return };
    let piece = |p: &mut Para, text: usize, len: usize, at: usize, xml_len: usize| {
        if let (Some(&(run, _)), true) = (run, len > 0) {
            p.pieces.push(Piece {
                text,
                len,
                xml: at,
                xml_len,
                run,
                text_tag: tag,
            });
        }
    };
    // Split at each `\r\n` (two bytes of XML, one of text); elsewhere a byte is a byte.
    let mut from = 0;
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            let start = p.text.len();
            push_plain(&mut p.text, &raw[from..i]);
            piece(p, start, i - from, xml + from, i - from);
            piece(p, p.text.len(), 1, xml + i, 2);
            p.text.push(' ');
            i += 2;
            from = i;
        } else {
            i += 1;
        }
    }
    let start = p.text.len();
    push_plain(&mut p.text, &raw[from..]);
    piece(p, start, bytes.len() - from, xml + from, bytes.len() - from);
}

fn push_plain(out: &mut String, s: &str) {
    out.extend(
        s.chars()
            .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c }),
    );
}

/// Appends the text an element of a run stands for (`w:tab` is a tab…), with its origin.
fn push_element(stack: &mut [Para], s: &str, run: Option<&(usize, usize)>, xml: (usize, usize)) {
    let Some(p) = stack.last_mut() else { return };
    if let Some(&(run, _)) = run {
        p.pieces.push(Piece {
            text: p.text.len(),
            len: s.len(),
            xml: xml.0,
            xml_len: xml.1 - xml.0,
            run,
            text_tag: None,
        });
    }
    p.text.push_str(s);
}

/// Records a paragraph property (style, numbering) of the open paragraph.
fn properties(e: &BytesStart, stack: &mut [Para], in_ppr: usize, ppr_change: usize) {
    if in_ppr == 0 || ppr_change > 0 {
        return;
    }
    let Some(p) = stack.last_mut() else { return };
    match e.name().as_ref() {
        b"w:pStyle" => p.style = attr(e, b"w:val"),
        b"w:numId" => p.num = attr(e, b"w:val"),
        b"w:ilvl" => p.ilvl = attr(e, b"w:val").and_then(|v| v.parse().ok()),
        _ => {}
    }
}

impl Walk<'_> {
    fn too_long(&self) -> DocxError {
        DocxError::TooLong { limit: self.limit }
    }

    /// Writes one finished paragraph as a line, with its synthesised number marker.
    fn emit(&mut self, p: Para) -> Result<(), DocxError> {
        if !self.first {
            self.out.push('\n');
        }
        self.first = false;
        let (mut num, mut ilvl) = (p.num, p.ilvl);
        // Numbering through the style chain, when the paragraph has none of its own.
        let mut style = p.style;
        for _ in 0..16 {
            if num.is_some() {
                break;
            }
            let Some(s) = style.as_ref().and_then(|id| self.styles.get(id)) else {
                break;
            };
            num = s.num.clone();
            ilvl = ilvl.or(s.ilvl);
            style = s.based_on.clone();
        }
        let marker = num.filter(|n| n != "0").and_then(|num| {
            self.counters
                .marker(self.numbering, &num, ilvl.unwrap_or(0))
        });
        if let Some(m) = marker {
            self.out.push_str(&m);
        }
        self.map.lines.push(p.anchor);
        let base = self.out.len();
        self.map.pieces.extend(p.pieces.into_iter().map(|mut x| {
            x.text += base;
            x
        }));
        self.out.push_str(&p.text);
        if self.out.len() > self.limit {
            return Err(self.too_long());
        }
        Ok(())
    }
}

/// The text of a .docx and where each byte of it is in `word/document.xml`.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    /// The text, exactly as [`extract`] gives it.
    pub text: String,
    /// `word/document.xml` as stored.
    pub document: Vec<u8>,
    /// Where the text's bytes came from in `document`.
    pub map: SourceMap,
}

/// Origins of extracted text in `word/document.xml`. Bytes without an origin (synthesised
/// numbering markers, the `\n` between paragraphs) are in no piece.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// Stretches of text with their XML, in text order.
    pub(crate) pieces: Vec<Piece>,
    /// Every run (`w:r`) of the part, in document order.
    pub runs: Vec<Run>,
    /// Per line of the text: where content of its paragraph may be inserted (after the
    /// start tag and `w:pPr`); `None` for an empty `<w:p/>`.
    pub lines: Vec<Option<usize>>,
}

/// A stretch of extracted text and the XML it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Start in the text.
    pub text: usize,
    /// Length in the text.
    pub len: usize,
    /// Start in the XML.
    pub xml: usize,
    /// Length in the XML: `len` for plain text; more for an entity (`&amp;`), a `\r\n` or
    /// an element (`<w:tab/>`).
    pub(crate) xml_len: usize,
    /// The run it is in (index into [`SourceMap::runs`]).
    pub run: usize,
    /// The start tag of the `w:t` holding it; `None` for an element such as `w:tab`.
    pub(crate) text_tag: Option<(usize, usize)>,
}

impl Piece {
    /// Whether byte offsets inside the piece map one to one onto the XML.
    pub(crate) fn is_plain(&self) -> bool {
        self.text_tag.is_some() && self.len == self.xml_len
    }
}

/// A run (`w:r`) of `word/document.xml`, by byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Its `<`.
    pub start: usize,
    /// Just after its start tag.
    pub(crate) open_end: usize,
    /// Its `w:rPr` element (empty range when it has none).
    pub rpr: (usize, usize),
    /// Just after its end tag.
    pub end: usize,
    /// Inside a tracked insertion (`w:ins`, `w:moveTo`).
    pub tracked: bool,
}

/// Extracts the text of a .docx with the origin of every byte (see [`Mapped`]).
pub fn extract_mapped(bytes: &[u8]) -> Result<Mapped, DocxError> {
    extract_limited(bytes, MAX_TEXT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(format_number("chineseCounting", 3), "三");
        assert_eq!(format_number("chineseCountingThousand", 12), "十二");
        assert_eq!(format_number("decimal", 7), "7");
        assert_eq!(format_number("decimalFullWidth", 12), "１２");
        assert_eq!(format_number("ideographTraditional", 2), "乙");
        assert_eq!(format_number("upperLetter", 27), "AA");
        assert_eq!(format_number("chineseLegalSimplified", 2), "贰");
    }

    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in parts {
            w.start_file(*name, o).unwrap();
            w.write_all(content.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn numbered(level: &str, paragraphs: usize) -> Vec<u8> {
        let numbering = format!(
            r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0">{level}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
        );
        let p = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>甲</w:t></w:r></w:p>"#;
        let document = format!(
            "<w:document {W}><w:body>{}</w:body></w:document>",
            p.repeat(paragraphs)
        );
        docx(&[
            ("word/document.xml", &document),
            ("word/numbering.xml", &numbering),
        ])
    }

    #[test]
    fn a_huge_letter_counter_builds_a_short_marker() {
        let level = r#"<w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl>"#;
        let bytes = numbered(level, 3);
        assert!(bytes.len() < 1024, "{}", bytes.len());
        let text = extract(&bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        for line in lines {
            // The letter repeated up to the cap; the paragraph's own text after it.
            assert!(line.len() <= MAX_MARKER + "甲".len(), "{}", line.len());
            assert!(line.starts_with("UUUU") && line.ends_with('甲'), "{line}");
        }
    }

    #[test]
    fn a_level_text_of_50000_placeholders_builds_a_short_marker() {
        let level = format!(
            r#"<w:lvl w:ilvl="0"><w:start w:val="7"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{}"/></w:lvl>"#,
            "%1".repeat(50_000)
        );
        let bytes = numbered(&level, 20);
        // About 1 KB: 100 KB of `%1` deflates to a few hundred bytes.
        assert!(bytes.len() < 1200, "{}", bytes.len());
        let text = extract(&bytes).unwrap();
        assert_eq!(text.lines().count(), 20);
        let first = text.lines().next().unwrap();
        assert_eq!(first, format!("{}甲", "7".repeat(MAX_MARKER)));
        assert!(text.len() <= 20 * (MAX_MARKER + 4), "{}", text.len());
    }

    #[test]
    fn text_past_the_cap_is_refused() {
        let level = r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1%1%1%1%1%1%1%1"/></w:lvl>"#;
        let bytes = numbered(level, 200);
        // 200 paragraphs of 8+ bytes of marker and 3 of text, against a cap of 1 KiB.
        let e = extract_limited(&bytes, 1024).unwrap_err();
        assert_eq!(e, DocxError::TooLong { limit: 1024 });
        assert!(e.to_string().contains("longer than"), "{e}");
        assert!(extract_limited(&bytes, 1 << 20).is_ok());
    }

    #[test]
    fn every_mapped_byte_points_at_its_xml() {
        let document = format!(
            "<w:document {W}><w:body>\
             <w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>临溪</w:t></w:r><w:r><w:t xml:space=\"preserve\">市 委&amp;</w:t><w:tab/><w:t>x\r\ny</w:t></w:r></w:p>\
             <w:p/><w:tbl><w:tr><w:tc><w:p><w:r><w:t>表&#26684;</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
             <w:p><w:del><w:r><w:delText>删</w:delText></w:r></w:del><w:ins><w:r><w:t>增</w:t></w:r></w:ins></w:p>\
             </w:body></w:document>"
        );
        let m = extract_mapped(&docx(&[("word/document.xml", &document)])).unwrap();
        assert_eq!(m.text, "临溪市 委&\tx y\n\n表格\n增");
        let mut covered = 0;
        for p in &m.map.pieces {
            let text = &m.text[p.text..p.text + p.len];
            let xml = std::str::from_utf8(&m.document[p.xml..p.xml + p.xml_len]).unwrap();
            match xml {
                "&amp;" => assert_eq!(text, "&"),
                "&#26684;" => assert_eq!(text, "格"),
                "<w:tab/>" => assert_eq!(text, "\t"),
                "\r\n" => assert_eq!(text, " "),
                _ => assert_eq!(text, xml),
            }
            covered += p.len;
            let run = m.map.runs[p.run];
            assert!(run.start < p.xml && p.xml + p.xml_len < run.end);
        }
        // Everything but the three line breaks has an origin.
        assert_eq!(covered, m.text.len() - 3);
        assert_eq!(m.map.lines.len(), 4);
        assert_eq!(m.map.lines[1], None);
        let after_ppr = m.map.lines[0].unwrap();
        assert!(
            std::str::from_utf8(&m.document[..after_ppr])
                .unwrap()
                .ends_with("</w:pPr>")
        );
        let bold = m.map.runs[m.map.pieces[0].run];
        assert_eq!(
            &m.document[bold.rpr.0..bold.rpr.1],
            b"<w:rPr><w:b/></w:rPr>"
        );
        assert!(m.map.runs.iter().any(|r| r.tracked));
    }
}
