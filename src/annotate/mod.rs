//! `zhenggai annotate`: the draft back as a Word document with one comment (批注) per
//! diagnostic, anchored on exactly the text the diagnostic points at, as a reviewer would
//! send it back.
//!
//! A `.docx` is rewritten part by part: `word/document.xml` gets the comment marks (runs
//! split where a span starts or ends inside them, every other byte as it was),
//! `word/comments.xml` the comments (existing ones kept), and the relationship and content
//! type entries when the document had no comments part. Every other zip entry is copied
//! raw, compressed bytes and all. A text or Markdown draft becomes a new `.docx` of its
//! lines first ([`text`]).

mod anchor;
pub mod text;

use crate::diagnostic::{Diagnostic, Severity};
use crate::input::docx::{self, Mapped};
use anchor::{Cut, Edits};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::{Cursor, Read, Write};

/// How to annotate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The comments' author (`zhenggai` by default).
    pub author: String,
    /// Write safe fixes as tracked changes (`w:del`/`w:ins`) the reviewer can accept.
    pub fix_as_revisions: bool,
    /// The comments' and changes' date (`2025-06-01T08:00:00Z`); see `timestamp`.
    pub date: String,
}

/// The current time as Word writes dates, in UTC; `SOURCE_DATE_EPOCH` (seconds) instead when
/// set, for reproducible output. Without a date LibreOffice shows comments as of year 0.
pub(crate) fn timestamp() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    format_utc(secs)
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
fn format_utc(secs: u64) -> String {
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

impl Default for Options {
    fn default() -> Self {
        Options {
            author: "zhenggai".into(),
            fix_as_revisions: false,
            date: timestamp(),
        }
    }
}

/// An annotated document.
#[derive(Debug)]
pub struct Annotated {
    /// The `.docx` file.
    pub bytes: Vec<u8>,
    /// Comments added.
    pub comments: usize,
    /// Safe fixes written as tracked changes.
    pub revisions: usize,
}

const MAIN: &str = "word/document.xml";
const COMMENTS_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Text for XML content and attributes; characters XML 1.0 cannot hold become spaces.
pub(crate) fn escape(s: &str) -> String {
    crate::render::escape_markup(s)
}

fn severity_zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        _ => "提示",
    }
}

/// At most `n` characters of `s`, with an ellipsis when cut.
fn excerpt(s: &str, n: usize) -> String {
    let s = s.trim();
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The paragraphs of one comment: the finding, its labels, its notes and its fix.
fn comment_lines(d: &Diagnostic, text: &str) -> Vec<String> {
    let at = |r: &std::ops::Range<usize>| text.get(r.clone()).unwrap_or("");
    let mut lines = vec![format!(
        "{} [{}] {}",
        severity_zh(d.severity),
        d.rule,
        d.message
    )];
    for l in &d.labels {
        let quoted = excerpt(&at(&l.span).replace('\n', " "), 40);
        lines.push(if quoted.is_empty() {
            format!("· {}", l.message)
        } else {
            format!("· {} {}", l.message, quoted)
        });
    }
    lines.extend(d.notes.iter().map(|n| format!("注：{n}")));
    if let Some(f) = &d.fix {
        lines.push(if f.replacement.is_empty() {
            format!("建议删除“{}”", at(&f.span))
        } else {
            format!("建议改为“{}”", f.replacement)
        });
    }
    lines
}

fn comment_xml(id: u64, author: &str, date: &str, lines: &[String]) -> String {
    let mut s = format!(
        r#"<w:comment w:id="{id}" w:author="{}" w:date="{}" w:initials="ZG">"#,
        escape(author),
        escape(date)
    );
    for (i, line) in lines.iter().enumerate() {
        s.push_str("<w:p>");
        if i == 0 {
            s.push_str("<w:r><w:annotationRef/></w:r>");
        }
        s.push_str(&format!(
            r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
            escape(line)
        ));
    }
    s.push_str("</w:comment>");
    s
}

/// The largest `w:id="N"` in some XML (comments, revisions and bookmarks share nothing
/// with ours then, whatever the ids mean).
fn max_id(xml: &[u8]) -> u64 {
    memchr::memmem::find_iter(xml, b"w:id=\"")
        .filter_map(|i| {
            let digits: &[u8] = &xml[i + 6..];
            let n = digits.iter().take_while(|b| b.is_ascii_digit()).count();
            std::str::from_utf8(&digits[..n]).ok()?.parse::<u64>().ok()
        })
        .max()
        .unwrap_or(0)
}

/// Reads one zip entry whole (the parts read here were already read, under the caps, by
/// the extraction or are small).
fn read_entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, String> {
    let f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot read {name} in the .docx: {e}")),
    };
    let mut buf = Vec::new();
    f.take(docx::MAX_XML + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read {name} in the .docx: {e}"))?;
    if buf.len() as u64 > docx::MAX_XML {
        return Err(format!("{name} in the .docx is too large: refused"));
    }
    Ok(Some(buf))
}

/// The relationships of the main part: (existing ids, the comments part's zip name if any).
fn relationships(rels: &[u8]) -> (Vec<String>, Option<String>) {
    let mut r = Reader::from_reader(rels);
    let mut ids = Vec::new();
    let mut comments = None;
    while let Ok(ev) = r.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let get = |k: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == k)
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                };
                if let Some(id) = get(b"Id") {
                    ids.push(id);
                }
                if get(b"Type").as_deref() == Some(COMMENTS_TYPE)
                    && get(b"TargetMode").as_deref() != Some("External")
                {
                    comments = get(b"Target").map(|t| match t.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("word/{t}"),
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (ids, comments)
}

/// Inserts `content` before the end tag of the root element `root` (or expands an empty
/// root element).
fn insert_before_end(xml: &[u8], root: &str, content: &str) -> Option<Vec<u8>> {
    let end = format!("</{root}>");
    if let Some(i) = memchr::memmem::rfind(xml, end.as_bytes()) {
        return Some([&xml[..i], content.as_bytes(), &xml[i..]].concat());
    }
    let open = memchr::memmem::find(xml, format!("<{root}").as_bytes())?;
    let close = open + memchr::memmem::find(&xml[open..], b"/>")?;
    Some(
        [
            &xml[..close],
            b">",
            content.as_bytes(),
            end.as_bytes(),
            &xml[close + 2..],
        ]
        .concat(),
    )
}

/// The zip name of the main part's relationships.
const RELS: &str = "word/_rels/document.xml.rels";

/// Annotates a `.docx` (its bytes and its extraction) with `diagnostics`, whose spans point
/// into `mapped.text`.
pub fn annotate(
    docx_bytes: &[u8],
    mapped: &Mapped,
    diagnostics: &[Diagnostic],
    options: &Options,
) -> Result<Annotated, String> {
    if diagnostics.is_empty() {
        // Nothing to say: the same file.
        return Ok(Annotated {
            bytes: docx_bytes.to_vec(),
            comments: 0,
            revisions: 0,
        });
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(docx_bytes))
        .map_err(|e| format!("not a readable .docx (zip) file: {e}"))?;
    let rels = read_entry(&mut zip, RELS)?;
    let (rel_ids, comments_name) = rels.as_deref().map(relationships).unwrap_or_default();
    let comments_name = comments_name.filter(|n| zip.index_for_name(n).is_some());
    let existing = match &comments_name {
        Some(n) => read_entry(&mut zip, n)?,
        None => None,
    };
    let mut marks = Marks {
        xml: &mapped.document,
        map: &mapped.map,
        text: &mapped.text,
        next: first_id(&mut zip, &mapped.document, existing.as_deref())?,
        edits: Edits::default(),
    };
    let lines = anchor::Lines::new(&mapped.text);
    let comments: Vec<String> = diagnostics
        .iter()
        .filter_map(|d| marks.comment(d, &lines, options))
        .collect();
    let mut revisions = 0;
    if options.fix_as_revisions {
        let (author, date) = (escape(&options.author), escape(&options.date));
        for d in diagnostics {
            revisions += usize::from(marks.revision(d, &author, &date));
        }
    }
    let mut parts = Parts {
        replaced: vec![(MAIN.into(), marks.edits.apply(marks.xml, marks.map))],
        added: Vec::new(),
    };
    match (&comments_name, existing) {
        (Some(name), Some(old)) => {
            let new = insert_before_end(&old, "w:comments", &comments.concat())
                .ok_or_else(|| format!("{name} in the .docx has no w:comments element"))?;
            parts.replaced.push((name.clone(), new));
        }
        _ => parts.add_comments(&mut zip, &comments.concat(), rels, &rel_ids)?,
    }
    let bytes = write_zip(&mut zip, &parts.replaced, &parts.added)?;
    Ok(Annotated {
        bytes,
        comments: comments.len(),
        revisions,
    })
}

/// The first id for our comments and changes: above any `w:id` in the document's parts
/// (headers and footnotes hold revisions and comment marks too).
fn first_id(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    xml: &[u8],
    existing: Option<&[u8]>,
) -> Result<u64, String> {
    let mut max = max_id(xml).max(existing.map_or(0, max_id));
    let others: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("word/") && n.ends_with(".xml") && *n != MAIN)
        .map(str::to_string)
        .collect();
    for name in others {
        if let Some(part) = read_entry(zip, &name)? {
            max = max.max(max_id(&part));
        }
    }
    Ok(max + 1)
}

/// The marks put into the main part: comment ranges and tracked changes, numbered from
/// `next`.
struct Marks<'a> {
    xml: &'a [u8],
    map: &'a docx::SourceMap,
    text: &'a str,
    next: u64,
    edits: Edits,
}

impl Marks<'_> {
    /// Marks the range of `d` and returns its comment; `None` when there is nowhere to
    /// anchor it (a document without a single run of text).
    fn comment(
        &mut self,
        d: &Diagnostic,
        lines: &anchor::Lines,
        options: &Options,
    ) -> Option<String> {
        let text = self.text;
        let (s, e) = (d.span.start.min(text.len()), d.span.end.min(text.len()));
        let a = anchor::start_cut(self.map, lines, s)?;
        let b = anchor::end_cut(self.map, lines, s, e)?;
        let id = self.next;
        self.next += 1;
        let start = format!(r#"<w:commentRangeStart w:id="{id}"/>"#);
        let end = format!(
            r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>"#
        );
        if a.at() == b.at() {
            self.edits.start(self.xml, a, start + &end);
        } else {
            self.edits.start(self.xml, a, start);
            self.edits.end(self.xml, b, end);
        }
        Some(comment_xml(
            id,
            &options.author,
            &options.date,
            &comment_lines(d, text),
        ))
    }

    /// Writes the safe fix of `d` as a tracked change by `author` (escaped) on `date`, when
    /// it lies in one run and meets no other mark; whether it was written.
    fn revision(&mut self, d: &Diagnostic, author: &str, date: &str) -> bool {
        let Some(f) = &d.fix else { return false };
        let Some(original) = self.text.get(f.span.clone()) else {
            return false;
        };
        // Only what changes: `2025年05月16日` → `2025年5月16日` deletes one `0`, which
        // lies in one run far more often than the whole date.
        let (from, to, replacement) = minimal_edit(original, &f.replacement);
        let span = f.span.start + from..f.span.start + to;
        let Some((a, b)) = fix_cuts(self.map, span) else {
            return false;
        };
        // Another mark inside the replaced text, or another change here: the comment
        // alone says what to change.
        if self.edits.any_inside(a.at(), b.at())
            || self.edits.has_change_at(a.at())
            || self.edits.has_change_at(b.at())
        {
            return false;
        }
        let Cut::InText { run, .. } = a else {
            return false;
        };
        let r = &self.map.runs[run];
        let rpr = String::from_utf8_lossy(&self.xml[r.rpr.0..r.rpr.1]);
        let old = String::from_utf8_lossy(&self.xml[a.at()..b.at()]);
        let mut change = String::new();
        if !old.is_empty() {
            let next = self.next;
            change.push_str(&format!(
                r#"<w:del w:id="{next}" w:author="{author}" w:date="{date}"><w:r>{rpr}<w:delText xml:space="preserve">{old}</w:delText></w:r></w:del>"#
            ));
            self.next += 1;
        }
        if !replacement.is_empty() {
            let next = self.next;
            change.push_str(&format!(
                r#"<w:ins w:id="{next}" w:author="{author}" w:date="{date}"><w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r></w:ins>"#,
                escape(replacement)
            ));
            self.next += 1;
        }
        self.edits.change(self.xml, a, b, change);
        true
    }
}

/// The package's entries to write anew: replaced ones, and ones added at the end.
struct Parts {
    replaced: Vec<(String, Vec<u8>)>,
    added: Vec<(String, Vec<u8>)>,
}

impl Parts {
    /// A new comments part holding `comments`, with its relationship from the main part
    /// (`rels`, whose ids are `rel_ids`) and its content type.
    fn add_comments(
        &mut self,
        zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
        comments: &str,
        rels: Option<Vec<u8>>,
        rel_ids: &[String],
    ) -> Result<(), String> {
        let name = "word/comments.xml".to_string();
        if zip.index_for_name(&name).is_some() {
            return Err(format!(
                "{name} exists but is not the document's comments part: refused"
            ));
        }
        self.added.push((
            name,
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="{W_NS}">{comments}</w:comments>"#
            )
            .into_bytes(),
        ));
        let mut id = 1;
        while rel_ids.iter().any(|r| *r == format!("rIdZhenggai{id}")) {
            id += 1;
        }
        let rel = format!(
            r#"<Relationship Id="rIdZhenggai{id}" Type="{COMMENTS_TYPE}" Target="comments.xml"/>"#
        );
        match rels {
            Some(old) => {
                let new = insert_before_end(&old, "Relationships", &rel)
                    .ok_or_else(|| format!("{RELS} has no Relationships element"))?;
                self.replaced.push((RELS.into(), new));
            }
            None => self.added.push((
                RELS.into(),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rel}</Relationships>"#
                )
                .into_bytes(),
            )),
        }
        self.add_content_type(zip)
    }

    /// The comments part's content type, unless `[Content_Types].xml` has it already.
    fn add_content_type(&mut self, zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), String> {
        let types_name = "[Content_Types].xml";
        let types = read_entry(zip, types_name)?
            .ok_or("a .docx without [Content_Types].xml: not a Word document")?;
        if memchr::memmem::find(&types, b"PartName=\"/word/comments.xml\"").is_none() {
            let over = format!(
                r#"<Override PartName="/word/comments.xml" ContentType="{COMMENTS_CONTENT}"/>"#
            );
            let new = insert_before_end(&types, "Types", &over)
                .ok_or("[Content_Types].xml has no Types element")?;
            self.replaced.push((types_name.into(), new));
        }
        Ok(())
    }
}

/// The part of `old` that differs from `new` (byte range in `old`) and what replaces it:
/// their common prefix and suffix (whole characters) removed.
fn minimal_edit<'a>(old: &str, new: &'a str) -> (usize, usize, &'a str) {
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    (prefix, old.len() - suffix, &new[prefix..new.len() - suffix])
}

/// The two cuts around a safe fix, when its text lies inside one `w:t` of a run that is
/// not itself a tracked insertion.
fn fix_cuts(map: &docx::SourceMap, span: std::ops::Range<usize>) -> Option<(Cut, Cut)> {
    let i = map
        .pieces
        .partition_point(|p| p.text + p.len < span.end.max(span.start + 1))
        .min(map.pieces.len().checked_sub(1)?);
    let p = &map.pieces[i];
    if !(p.is_plain() && p.text <= span.start && span.end <= p.text + p.len)
        || map.runs[p.run].tracked
    {
        return None;
    }
    let tag = p.text_tag?;
    let cut = |b: usize| Cut::InText {
        at: p.xml + (b - p.text),
        run: p.run,
        tag,
    };
    Some((cut(span.start), cut(span.end)))
}

/// The package again: `replaced` entries with new content, `added` ones at the end, every
/// other entry copied raw.
fn write_zip(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    replaced: &[(String, Vec<u8>)],
    added: &[(String, Vec<u8>)],
) -> Result<Vec<u8>, String> {
    let err = |e: zip::result::ZipError| format!("cannot write the .docx: {e}");
    let io = |e: std::io::Error| format!("cannot write the .docx: {e}");
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let file = zip.by_index_raw(i).map_err(err)?;
        let name = file.name().to_string();
        match replaced.iter().find(|(n, _)| *n == name) {
            Some((_, content)) => {
                drop(file);
                w.start_file(name, options).map_err(err)?;
                w.write_all(content).map_err(io)?;
            }
            None => w.raw_copy_file(file).map_err(err)?,
        }
    }
    for (name, content) in added {
        w.start_file(name.as_str(), options).map_err(err)?;
        w.write_all(content).map_err(io)?;
    }
    Ok(w.finish().map_err(err)?.into_inner())
}

/// A draft to annotate, as read: its name (its extension selects .docx/.md/.txt handling)
/// and bytes.
pub(crate) struct Draft<'a> {
    /// The source, for its name and format.
    pub source: &'a crate::input::Source,
    /// The bytes as read.
    pub bytes: Vec<u8>,
    /// Decode text files as this encoding instead of detecting.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// What to comment on: the draft's resolved context (as [`crate::check::check_file`] takes
/// it) and the lowest severity.
pub(crate) struct Checking<'a> {
    /// The configuration and rules that apply to the draft.
    pub(crate) ctx: &'a crate::context::Context,
    /// Where the draft is (or would be): its configuration and per-file ignores match it.
    pub path: &'a std::path::Path,
    /// The inspection feedback it answers, if any.
    pub feedback: Option<std::sync::Arc<crate::feedback::Feedback>>,
    /// Diagnostics below this severity get no comment.
    pub min: Severity,
}

/// Checks a draft as `check` does and writes it back as a `.docx` with a comment at each
/// diagnostic: a `.docx` keeps every other part as it was; text and Markdown become a new
/// `.docx` of one paragraph per line. `zhenggai annotate` and `zhenggai serve` both call this.
/// Returns the document and the report whose diagnostics were commented (spans in the
/// checked text).
pub(crate) fn annotate_draft(
    draft: Draft<'_>,
    checking: &Checking<'_>,
    options: &Options,
) -> Result<(Annotated, crate::check::FileReport), String> {
    use crate::input::{Decoded, InputFormat};
    let name = draft.source.name();
    let is_docx =
        draft.bytes.starts_with(b"PK\x03\x04") || draft.source.format() == InputFormat::Docx;
    let (docx_bytes, decoded, mapped, translation) = if is_docx {
        let m = docx::extract_mapped(&draft.bytes).map_err(|e| format!("{name}: {e}"))?;
        let decoded = Decoded {
            text: m.text.clone(),
            encoding: encoding_rs::UTF_8,
            format: InputFormat::Docx,
        };
        (draft.bytes, decoded, m, None)
    } else {
        let decoded = crate::input::load_bytes(draft.source, draft.bytes, draft.encoding)
            .map_err(|e| e.to_string())?;
        let (docx_bytes, t) = text::to_docx(&decoded.text);
        let m = docx::extract_mapped(&docx_bytes).map_err(|e| format!("{name}: {e}"))?;
        (docx_bytes, decoded, m, Some(t))
    };
    let feedback = checking.feedback.clone();
    let mut report =
        crate::check::check_file(&name, decoded, checking.path, checking.ctx, feedback);
    report.diagnostics.retain(|d| d.severity >= checking.min);
    let mut diagnostics = report.diagnostics.clone();
    if let Some(t) = &translation {
        let mv = |r: &mut std::ops::Range<usize>| *r = t.offset(r.start)..t.offset(r.end);
        for d in &mut diagnostics {
            mv(&mut d.span);
            d.labels.iter_mut().for_each(|l| mv(&mut l.span));
            if let Some(f) = &mut d.fix {
                mv(&mut f.span);
            }
        }
    }
    let done = annotate(&docx_bytes, &mapped, &diagnostics, options)
        .map_err(|e| format!("{name}: {e}"))?;
    Ok((done, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_edits() {
        assert_eq!(minimal_edit("2025年05月16日", "2025年5月16日"), (7, 8, ""));
        assert_eq!(minimal_edit("。。", "。"), (3, 6, ""));
        assert_eq!(minimal_edit("署,省", "署，省"), (3, 4, "，"));
        assert_eq!(minimal_edit("甲", "甲"), (3, 3, ""));
    }

    #[test]
    fn utc_dates() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(
            format_utc(1_748_736_000 + 8 * 3600 + 61),
            "2025-06-01T08:01:01Z"
        );
    }
}
