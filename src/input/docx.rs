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
//! Bounded: at most [`MAX_ENTRIES`] zip entries, and the XML parts read are decompressed
//! under a budget of [`MAX_XML`] bytes in all, whatever sizes the archive declares.

use crate::numbers::to_chinese;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The most zip entries a .docx may have (Word writes a few dozen).
pub const MAX_ENTRIES: usize = 10_000;
/// The most bytes the XML parts read may decompress to, in all (64 MiB).
pub const MAX_XML: u64 = 64 * 1024 * 1024;

/// Extracts the text of a .docx: its paragraphs joined by `\n`.
pub fn extract(bytes: &[u8]) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable .docx (zip) file: {e}"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "a .docx with {} zip entries (more than {MAX_ENTRIES}): refused",
            zip.len()
        ));
    }
    let mut budget = MAX_XML;
    let document = read_part(&mut zip, "word/document.xml", &mut budget)?.ok_or(
        "a zip archive without word/document.xml: not a Word document (zhenggai reads .txt, .md and .docx)",
    )?;
    let numbering = match read_part(&mut zip, "word/numbering.xml", &mut budget)? {
        Some(xml) => parse_numbering(&xml).unwrap_or_default(),
        None => Numbering::default(),
    };
    let styles = match read_part(&mut zip, "word/styles.xml", &mut budget)? {
        Some(xml) => parse_styles(&xml).unwrap_or_default(),
        None => HashMap::new(),
    };
    paragraphs(&document, &numbering, &styles)
        .map_err(|e| format!("word/document.xml is not well-formed XML: {e}"))
}

/// Reads one part, decompressing at most what is left of `budget`.
fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<Vec<u8>>, String> {
    let part = match zip.by_name(name) {
        Ok(p) => p,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot read {name} in the .docx: {e}")),
    };
    let too_big = || {
        format!(
            "decompressing {name} goes past the {} MiB cap on a .docx's XML: refused (a zip bomb?)",
            MAX_XML >> 20
        )
    };
    if part.size() > *budget {
        return Err(too_big());
    }
    let mut buf = Vec::new();
    part.take(*budget + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot decompress {name} in the .docx: {e}"))?;
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
        let mut out = level.text.clone();
        for k in (1..=9).rev() {
            let pat = format!("%{k}");
            if out.contains(&pat) {
                let l = levels.get(k - 1).cloned().unwrap_or_default();
                let value = counts[k - 1].unwrap_or(l.start);
                out = out.replace(&pat, &format_number(&l.format, value));
            }
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
        std::iter::repeat_n((base + (i % 26) as u8) as char, i / 26 + 1).collect()
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

/// The paragraphs of `word/document.xml`, joined by `\n`.
fn paragraphs(
    xml: &[u8],
    numbering: &Numbering,
    styles: &HashMap<String, Style>,
) -> Result<String, quick_xml::Error> {
    let mut r = Reader::from_reader(xml);
    let mut out = String::new();
    let mut first = true;
    let mut stack: Vec<Para> = Vec::new();
    let mut counters = Counters::default();
    // Depths inside elements whose text is not shown (deletions, fallbacks) or that are
    // paragraph properties (styles, numbering; a tracked property change is skipped).
    let mut hidden = 0usize;
    let mut in_ppr = 0usize;
    let mut ppr_change = 0usize;
    let mut in_text = false;
    let mut buf = Vec::new();
    loop {
        let ev = r.read_event_into(&mut buf)?;
        match &ev {
            Event::Start(e) => match e.name().as_ref() {
                b"w:del" | b"w:moveFrom" | b"mc:Fallback" => hidden += 1,
                b"w:p" => stack.push(Para::default()),
                b"w:pPr" => in_ppr += 1,
                b"w:pPrChange" => ppr_change += 1,
                b"w:t" => in_text = hidden == 0,
                _ => properties(e, &mut stack, in_ppr, ppr_change),
            },
            Event::Empty(e) => match e.name().as_ref() {
                b"w:p" if hidden == 0 => emit(
                    &mut out,
                    &mut first,
                    Para::default(),
                    numbering,
                    styles,
                    &mut counters,
                ),
                b"w:tab" if in_ppr == 0 && hidden == 0 => push(&mut stack, "\t"),
                b"w:br" | b"w:cr" if hidden == 0 => push(&mut stack, " "),
                b"w:noBreakHyphen" if hidden == 0 => push(&mut stack, "-"),
                _ => properties(e, &mut stack, in_ppr, ppr_change),
            },
            Event::End(e) => match e.name().as_ref() {
                b"w:del" | b"w:moveFrom" | b"mc:Fallback" => hidden = hidden.saturating_sub(1),
                b"w:pPr" => in_ppr = in_ppr.saturating_sub(1),
                b"w:pPrChange" => ppr_change = ppr_change.saturating_sub(1),
                b"w:t" => in_text = false,
                b"w:p" => {
                    if let Some(p) = stack.pop().filter(|_| hidden == 0) {
                        emit(&mut out, &mut first, p, numbering, styles, &mut counters);
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                let s = t.xml10_content().map_err(quick_xml::Error::from)?;
                push(&mut stack, &s);
            }
            Event::CData(t) if in_text => {
                push(&mut stack, &String::from_utf8_lossy(t));
            }
            Event::GeneralRef(g) if in_text => {
                let resolved = match g.resolve_char_ref()? {
                    Some(c) => Some(c.to_string()),
                    None => {
                        let name = g.decode().map_err(quick_xml::Error::from)?;
                        quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
                    }
                };
                push(&mut stack, resolved.as_deref().unwrap_or(""));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // Unclosed paragraphs (a truncated part): keep their text.
    for p in std::mem::take(&mut stack) {
        emit(&mut out, &mut first, p, numbering, styles, &mut counters);
    }
    Ok(out)
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

/// Writes one finished paragraph as a line, with its synthesised number marker.
fn emit(
    out: &mut String,
    first: &mut bool,
    p: Para,
    numbering: &Numbering,
    styles: &HashMap<String, Style>,
    counters: &mut Counters,
) {
    if !*first {
        out.push('\n');
    }
    *first = false;
    let (mut num, mut ilvl) = (p.num, p.ilvl);
    // Numbering through the style chain, when the paragraph has none of its own.
    let mut style = p.style;
    for _ in 0..16 {
        if num.is_some() {
            break;
        }
        let Some(s) = style.as_ref().and_then(|id| styles.get(id)) else {
            break;
        };
        num = s.num.clone();
        ilvl = ilvl.or(s.ilvl);
        style = s.based_on.clone();
    }
    let marker = num
        .filter(|n| n != "0")
        .and_then(|num| counters.marker(numbering, &num, ilvl.unwrap_or(0)));
    if let Some(m) = marker {
        out.push_str(&m);
    }
    out.push_str(&p.text);
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
}
