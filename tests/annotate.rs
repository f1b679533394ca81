//! `zhenggai annotate`: Word documents built here (runs split mid-word, a table, an
//! existing comment, tracked changes, Word numbering, a header, a footnote, an image) come
//! back with one comment per diagnostic, each range covering exactly the diagnostic's text,
//! and every other part as it was.
//!
//! With `ZHENGGAI_ANNOTATE_OUT=DIR` the annotated files are also copied to DIR, where
//! `.ci/run` opens them with LibreOffice.

use crate::support::{Out, Scratch, zip_parts};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;

const FAULTY: &str = include_str!("../examples/faulty.txt");
const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
const HEADINGS: [&str; 5] = ["一、", "二、", "三、", "四、", "五、"];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Runs of at most 5 characters (so most words are split), with three kinds of
/// properties, Word's rsid attributes, and `w:t` with and without `xml:space`.
fn runs(text: &str, seed: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    for (k, chunk) in chars.chunks(5).enumerate() {
        let s: String = chunk.iter().collect();
        let rpr = match (k + seed) % 3 {
            0 => "",
            1 => "<w:rPr><w:b/></w:rPr>",
            _ => r#"<w:rPr><w:rFonts w:hint="eastAsia"/><w:color w:val="C00000"/></w:rPr>"#,
        };
        let t = if s.starts_with(' ') || s.ends_with(' ') || k % 2 == 0 {
            r#"<w:t xml:space="preserve">"#
        } else {
            "<w:t>"
        };
        out.push_str(&format!(
            r#"<w:r w:rsidR="00A1{k:04}">{rpr}{t}{}</w:t></w:r>"#,
            esc(&s)
        ));
    }
    out
}

/// Byte ranges of the text that Word's numbering writes (no origin in the XML).
fn marker_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        if let Some(m) = HEADINGS.iter().find(|m| line.starts_with(**m)) {
            out.push(at..at + m.len());
        }
        at += line.len() + 1;
    }
    out
}

/// `text` as a Word document: each line a paragraph; headings numbered by Word; line 2
/// (the title) under an existing comment; line 4 with a tracked deletion and insertion;
/// line 24 in a table cell; a footnote reference after line 5; a header; an image part.
/// Without `comments`, no comments part (nor its relationship and content type).
fn build_docx(text: &str, comments: bool) -> Vec<u8> {
    let mut body = String::new();
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        let heading = HEADINGS.iter().find_map(|m| line.strip_prefix(m));
        let p = if let Some(rest) = heading {
            format!(
                r#"<w:p w:rsidR="00B2"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:spacing w:line="560"/></w:pPr>{}</w:p>"#,
                runs(rest, n)
            )
        } else if n == 2 && comments {
            format!(
                r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:commentRangeStart w:id="0"/>{}<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#,
                runs(line, n)
            )
        } else if n == 4 {
            let (a, b) = line.split_at(line.find("一是").unwrap());
            let (b, c) = b.split_at(b.find("二是").unwrap());
            format!(
                r#"<w:p>{}<w:del w:id="11" w:author="审核" w:date="2025-05-01T00:00:00Z"><w:r><w:delText>删去的XX待补充</w:delText></w:r></w:del><w:bookmarkStart w:id="12" w:name="b"/>{}<w:bookmarkEnd w:id="12"/><w:ins w:id="13" w:author="审核" w:date="2025-05-01T00:00:00Z">{}</w:ins></w:p>"#,
                runs(a, n),
                runs(b, n),
                runs(c, n)
            )
        } else if n == 5 {
            format!(
                r#"<w:p>{}<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r></w:p>"#,
                runs(line, n)
            )
        } else if n == 24 {
            format!(
                r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="8000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="8000" w:type="dxa"/></w:tcPr><w:p>{}</w:p></w:tc></w:tr></w:tbl>"#,
                runs(line, n)
            )
        } else {
            format!("<w:p>{}</w:p>", runs(line, n))
        };
        body.push_str(&p);
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId4"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    );
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="3"/></w:num></w:numbering>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:rPr><w:rFonts w:eastAsia="仿宋"/><w:sz w:val="32"/></w:rPr></w:style></w:styles>"#
    );
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {W}><w:p><w:r><w:t>临溪市委办公室 XX 待补充</w:t></w:r></w:p></w:hdr>"#
    );
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 据临溪市统计局XX年数据。</w:t></w:r><w:ins w:id="90" w:author="审核"><w:r><w:t>（初步）</w:t></w:r></w:ins></w:p></w:footnote></w:footnotes>"#
    );
    let old_comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments {W}><w:comment w:id="0" w:author="办公室" w:date="2025-05-02T09:00:00Z" w:initials="BGS"><w:p><w:r><w:annotationRef/></w:r><w:r><w:t>标题请再核对。</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let comment_rel = if comments {
        r#"<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>"#
    } else {
        ""
    };
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>{comment_rel}</Relationships>"#
    );
    let comment_type = if comments {
        r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#
    } else {
        ""
    };
    let types = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>{comment_type}</Types>"#
    );
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    // Not a real picture: bytes that must come back unchanged.
    let png: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let mut parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", types.into_bytes()),
        ("_rels/.rels", root_rels.as_bytes().to_vec()),
        ("word/_rels/document.xml.rels", rels.into_bytes()),
        ("word/document.xml", document.into_bytes()),
        ("word/styles.xml", styles.into_bytes()),
        ("word/numbering.xml", numbering.into_bytes()),
        ("word/footnotes.xml", footnotes.into_bytes()),
        ("word/header1.xml", header.into_bytes()),
        ("word/media/image1.png", png),
    ];
    if comments {
        parts.push(("word/comments.xml", old_comments.into_bytes()));
    }
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        let method = if name.ends_with(".png") {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        w.start_file(
            name,
            zip::write::SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        w.write_all(&content).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Every entry of a zip, uncompressed, in order.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip file");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (f.name().to_string(), v)
        })
        .collect()
}

fn part(bytes: &[u8], name: &str) -> String {
    let e = entries(bytes);
    let (_, v) = e
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(v.clone()).expect("a UTF-8 part")
}

/// The text each comment's range covers in `document.xml` (shown text only: `w:t` and
/// `w:tab`, not deleted text), by comment id. Fails on XML that is not well-formed.
fn ranges(document: &str) -> BTreeMap<u64, String> {
    let mut r = Reader::from_str(document);
    // Open comments and the paragraph depth they opened at: a text box inside a commented
    // stretch is not part of its text, nor is the fallback copy of a text box.
    let mut open: Vec<(u64, usize)> = Vec::new();
    let mut fallback = 0;
    let mut out: BTreeMap<u64, String> = BTreeMap::new();
    let mut in_t = false;
    // Open runs of each open paragraph (a text box's paragraphs sit inside a run).
    let mut runs: Vec<usize> = vec![0];
    let id = |e: &quick_xml::events::BytesStart| -> u64 {
        let a = e.try_get_attribute("w:id").unwrap().unwrap();
        String::from_utf8_lossy(&a.value).parse().unwrap()
    };
    loop {
        let ev = r.read_event().expect("well-formed document.xml");
        match &ev {
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_t = true,
            Event::Start(e) if e.name().as_ref() == b"mc:Fallback" => fallback += 1,
            Event::End(e) if e.name().as_ref() == b"mc:Fallback" => fallback -= 1,
            Event::Start(e) if e.name().as_ref() == b"w:p" => runs.push(0),
            Event::End(e) if e.name().as_ref() == b"w:p" => {
                runs.pop();
            }
            Event::Start(e) if e.name().as_ref() == b"w:r" => {
                *runs.last_mut().unwrap() += 1;
                assert_eq!(runs.last(), Some(&1), "a run inside a run");
            }
            Event::End(e) if e.name().as_ref() == b"w:r" => *runs.last_mut().unwrap() -= 1,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
            Event::Empty(e) => match e.name().as_ref() {
                b"w:commentRangeStart" => {
                    assert_eq!(runs.last(), Some(&0), "a comment mark inside a run");
                    let i = id(e);
                    assert!(out.insert(i, String::new()).is_none(), "id {i} twice");
                    open.push((i, runs.len()));
                }
                b"w:commentRangeEnd" => {
                    assert_eq!(runs.last(), Some(&0), "a comment mark inside a run");
                    let i = id(e);
                    let at = open.iter().position(|x| x.0 == i).expect("end after start");
                    open.remove(at);
                }
                b"w:tab" | b"w:br" if runs.last() > Some(&0) => {
                    let c = if e.name().as_ref() == b"w:tab" {
                        '\t'
                    } else {
                        ' '
                    };
                    for (i, _) in open.iter().filter(|o| o.1 == runs.len() && fallback == 0) {
                        out.get_mut(i).unwrap().push(c);
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_t => {
                let s = t.decode().unwrap();
                for (i, _) in open.iter().filter(|o| o.1 == runs.len() && fallback == 0) {
                    out.get_mut(i).unwrap().push_str(&s);
                }
            }
            Event::GeneralRef(g) if in_t => {
                let s = match g.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => {
                        let name = g.decode().unwrap();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .unwrap()
                            .to_string()
                    }
                };
                for (i, _) in open.iter().filter(|o| o.1 == runs.len() && fallback == 0) {
                    out.get_mut(i).unwrap().push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "ranges never ended: {open:?}");
    // XML's line-end normalisation, as the extraction reads it: a \r\n in text is one space.
    for v in out.values_mut() {
        *v = v.replace("\r\n", " ");
    }
    out
}

/// The diagnostics `check` reports on a file: (rule, start, end).
fn check_spans(path: &Path) -> Vec<(String, usize, usize)> {
    let o = zg!("check", "--no-config", "--format", "json")
        .arg(path)
        .run();
    let v = o.json();
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["span"]["start"].as_u64().unwrap() as usize,
                d["span"]["end"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

/// The text of `text[s..e]` a comment can cover: without numbering markers and paragraph
/// breaks, which are not in the document's text runs.
fn coverable(text: &str, s: usize, e: usize, markers: &[std::ops::Range<usize>]) -> String {
    text[s..e]
        .char_indices()
        .filter(|(i, c)| *c != '\n' && !markers.iter().any(|m| m.contains(&(s + i))))
        .map(|(_, c)| c)
        .collect()
}

/// Copies an annotated output where `.ci/run` opens it with LibreOffice.
fn keep(path: &Path, name: &str) {
    if let Some(dir) = std::env::var_os("ZHENGGAI_ANNOTATE_OUT") {
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        std::fs::copy(path, dir.join(name)).unwrap();
    }
}

/// [`keep`] for a file in memory.
fn keep_bytes(bytes: &[u8], name: &str) {
    if let Some(dir) = std::env::var_os("ZHENGGAI_ANNOTATE_OUT") {
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

/// The comments `comments.xml` holds: (id, author, text).
fn comments(xml: &str) -> Vec<(u64, String, String)> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut in_t = false;
    loop {
        match r.read_event().expect("well-formed comments.xml") {
            Event::Start(e) if e.name().as_ref() == b"w:comment" => {
                let get = |k: &str| {
                    String::from_utf8_lossy(&e.try_get_attribute(k).unwrap().unwrap().value)
                        .into_owned()
                };
                out.push((get("w:id").parse().unwrap(), get("w:author"), String::new()));
            }
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
            Event::End(e) if e.name().as_ref() == b"w:p" => {
                if let Some(c) = out.last_mut() {
                    c.2.push('\n');
                }
            }
            Event::Text(t) if in_t => {
                let s = t.decode().unwrap().into_owned();
                out.last_mut().unwrap().2.push_str(&s);
            }
            Event::GeneralRef(g) if in_t => {
                let name = g.decode().unwrap();
                let s = quick_xml::escape::resolve_predefined_entity(&name).unwrap();
                out.last_mut().unwrap().2.push_str(s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Annotates `input` into `output`, asserting success (exit 0 or 1).
fn annotate(input: &Path, output: &Path, extra: &[&str]) -> Out {
    let o = zg!("annotate", "--no-config")
        .arg(input)
        .arg("-o")
        .arg(output)
        .args(extra)
        .run();
    assert!(o.code == 0 || o.code == 1, "{}", o.all());
    o
}

/// Checks a docx fixture both ways: with and without a comments part already there.
fn docx_round_trip(with_comments: bool) {
    let s = Scratch::new("annotate", &format!("docx-{with_comments}"));
    let input_bytes = build_docx(FAULTY, with_comments);
    let input = s.write("draft.docx", &input_bytes);
    let output = s.join("draft.reviewed.docx");
    assert_eq!(
        zhenggai::input::docx::extract(&input_bytes).unwrap(),
        FAULTY
    );
    let expected = check_spans(&input);
    assert!(expected.len() >= 10, "{expected:?}");

    let o = annotate(&input, &output, &[]);
    assert_eq!(o.code, 1, "errors in faulty.txt: exit 1");
    assert!(
        o.stderr.contains(&format!("{} 条批注", expected.len())),
        "{}",
        o.stderr
    );
    assert_eq!(
        std::fs::read(&input).unwrap(),
        input_bytes,
        "input modified"
    );
    let out = std::fs::read(&output).unwrap();
    keep(&output, &format!("faulty-docx-{with_comments}.docx"));

    // One comment per diagnostic, in order, on exactly its text.
    let document = part(&out, "word/document.xml");
    let got = ranges(&document);
    let markers = marker_ranges(FAULTY);
    let all = comments(&part(&out, "word/comments.xml"));
    let new: Vec<_> = all.iter().filter(|c| c.1 == "zhenggai").collect();
    assert_eq!(new.len(), expected.len());
    for ((rule, s, e), (id, _, body)) in expected.iter().zip(&new) {
        assert_eq!(
            got[id],
            coverable(FAULTY, *s, *e, &markers),
            "comment {id} ({rule}) covers the wrong text"
        );
        assert!(body.contains(&format!("[{rule}]")), "{body}");
    }
    // The first-level heading marker `五、` is Word's: its label's comment is on the
    // paragraph, and a diagnostic wholly in a marker gets an empty range there.
    // The documents reads back as the same text, with the same diagnostics.
    let out_path = s.write("back.docx", &out);
    assert_eq!(zhenggai::input::docx::extract(&out).unwrap(), FAULTY);
    assert_eq!(check_spans(&out_path), expected);

    // Everything else as it was.
    let before = entries(&input_bytes);
    let after = entries(&out);
    let changed: Vec<&str> = if with_comments {
        vec!["word/document.xml", "word/comments.xml"]
    } else {
        vec![
            "word/document.xml",
            "[Content_Types].xml",
            "word/_rels/document.xml.rels",
        ]
    };
    for (i, (name, content)) in before.iter().enumerate() {
        assert_eq!(after[i].0, *name, "entry order");
        if !changed.contains(&name.as_str()) {
            assert!(after[i].1 == *content, "{name} changed");
        }
    }
    let original = String::from_utf8(before[3].1.clone()).unwrap();
    for kept in [
        r#"<w:del w:id="11" w:author="审核" w:date="2025-05-01T00:00:00Z"><w:r><w:delText>删去的XX待补充</w:delText></w:r></w:del><w:bookmarkStart w:id="12" w:name="b"/>"#,
        r#"<w:bookmarkEnd w:id="12"/><w:ins w:id="13" w:author="审核" w:date="2025-05-01T00:00:00Z">"#,
        r#"<w:footnoteReference w:id="1"/>"#,
        r#"<w:sectPr><w:headerReference w:type="default" r:id="rId4"/>"#,
        r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
    ] {
        assert!(original.contains(kept) && document.contains(kept), "{kept}");
    }
    if with_comments {
        // The existing comment, its range and its text are kept; new ids do not reuse it.
        assert_eq!(all[0], (0, "办公室".into(), "标题请再核对。\n".into()));
        let title = FAULTY.lines().nth(1).unwrap();
        assert_eq!(got[&0], title);
        // Not even the footnote's tracked insertion (id 90).
        assert!(new.iter().all(|c| c.0 > 90), "{new:?}");
    } else {
        let types = part(&out, "[Content_Types].xml");
        assert!(
            types.contains(r#"PartName="/word/comments.xml""#),
            "{types}"
        );
        let rels = part(&out, "word/_rels/document.xml.rels");
        assert!(rels.contains(r#"relationships/comments" Target="comments.xml""#));
        assert!(rels.contains(r#"<Relationship Id="rId5""#));
    }
}

#[test]
fn docx_with_existing_comments() {
    docx_round_trip(true);
}

#[test]
fn docx_without_a_comments_part() {
    docx_round_trip(false);
}

/// A text draft: with CRLF line ends, a BOM and a tab, to show offsets survive.
const CLEAN_AND_FIXABLE: &str = "\u{FEFF}中共临溪市委关于巡视整改进展情况的通报\r\n根据省委统一部署,省委第五巡视组对临溪市开展了巡视。。现将整改情况予以公布\t。\r\n";

#[test]
fn text_draft_becomes_a_docx_with_comments_on_exact_spans() {
    let s = Scratch::new("annotate", "text");
    for (name, text) in [("faulty.txt", FAULTY), ("crlf.txt", CLEAN_AND_FIXABLE)] {
        let input = s.write(name, text);
        let output = s.join(&format!("{name}.docx"));
        let expected = check_spans(&input);
        assert!(!expected.is_empty());
        annotate(&input, &output, &[]);
        keep(&output, &format!("{name}.docx"));
        let out = std::fs::read(&output).unwrap();
        let got = ranges(&part(&out, "word/document.xml"));
        assert_eq!(got.len(), expected.len(), "{name}");
        for ((rule, s, e), (_, covered)) in expected.iter().zip(&got) {
            let want: String = text[*s..*e]
                .chars()
                .filter(|c| !matches!(c, '\n' | '\r' | '\u{FEFF}'))
                .collect();
            assert_eq!(*covered, want, "{name}: {rule}");
        }
        // The document's text is the draft's, less the BOM and carriage returns.
        let back = zhenggai::input::docx::extract(&out).unwrap();
        assert_eq!(back, text.replace(['\r', '\u{FEFF}'], ""));
    }
}

#[test]
fn safe_fixes_as_tracked_changes_accept_to_the_fixed_text() {
    let s = Scratch::new("annotate", "revisions");
    let input = s.write("draft.txt", CLEAN_AND_FIXABLE);
    let output = s.join("draft.docx");
    let o = annotate(
        &input,
        &output,
        &[
            "--fix-as-revisions",
            "--author",
            "审核人",
            "--extends",
            "core,style",
        ],
    );
    // `check --fix` on a copy: what accepting every change must give.
    let copy = s.write("copy.txt", CLEAN_AND_FIXABLE);
    zg!("check", "--no-config", "--fix", "--extends", "core,style")
        .arg(&copy)
        .run();
    let fixed = std::fs::read_to_string(&copy).unwrap();
    assert_ne!(fixed, CLEAN_AND_FIXABLE);
    let out = std::fs::read(&output).unwrap();
    keep(&output, "revisions.docx");
    let document = part(&out, "word/document.xml");
    let dels = document.matches("<w:del ").count();
    let inss = document.matches("<w:ins ").count();
    assert!(dels == 2 && inss == 1, "{}\n{document}", o.all());
    assert!(document.contains(r#"<w:delText xml:space="preserve">。</w:delText>"#));
    assert!(o.stderr.contains("处修订"), "{}", o.stderr);
    assert!(document.contains(r#"w:author="审核人""#));
    // The extraction shows a document with changes accepted.
    let accepted = zhenggai::input::docx::extract(&out).unwrap();
    assert_eq!(accepted, fixed.replace(['\r', '\u{FEFF}'], ""));
    // The comments say the same.
    let c = comments(&part(&out, "word/comments.xml"));
    assert!(c.iter().all(|c| c.1 == "审核人"));
    assert!(c.iter().any(|c| c.2.contains("建议改为“，”")), "{c:?}");
}

#[test]
fn a_clean_draft_comes_back_byte_identical() {
    let s = Scratch::new("annotate", "clean");
    let text = include_str!("../examples/announcement.txt");
    let bytes = build_docx(text, true);
    let input = s.write("clean.docx", &bytes);
    assert!(check_spans(&input).is_empty());
    let output = s.join("out.docx");
    let o = annotate(&input, &output, &[]);
    assert_eq!(o.code, 0, "{}", o.all());
    assert_eq!(std::fs::read(&output).unwrap(), bytes);
}

#[test]
fn severity_rule_selection_and_configuration_as_check() {
    let s = Scratch::new("annotate", "select");
    let input = s.write("d/faulty.txt", FAULTY);
    let all = check_spans(&input);
    let count = |extra: &[&str]| {
        let out = s.join("d/out.docx");
        annotate(&input, &out, extra);
        comments(&part(&std::fs::read(&out).unwrap(), "word/comments.xml")).len()
    };
    let errors = zg!("check", "--no-config", "--format", "json")
        .arg(&input)
        .run()
        .json()["summary"]["errors"]
        .as_u64()
        .unwrap() as usize;
    assert_eq!(count(&["--min-severity", "error"]), errors);
    assert!(errors < all.len());
    assert_eq!(count(&["--select", "placeholder"]), 2);
    assert_eq!(
        count(&["--ignore", "placeholder"]),
        all.len() - 2,
        "--ignore"
    );
    // A configuration file found beside the draft, as `check` finds it.
    s.write("d/zhenggai.yaml", "ignore: [placeholder, tally-sum]\n");
    let o = zg!("annotate")
        .arg(&input)
        .arg("-o")
        .arg(s.join("d/cfg.docx"))
        .run();
    assert_eq!(o.code, 1, "{}", o.all());
    let n = comments(&part(
        &std::fs::read(s.join("d/cfg.docx")).unwrap(),
        "word/comments.xml",
    ))
    .len();
    assert_eq!(n, all.len() - 3);
}

#[test]
fn the_input_is_never_overwritten() {
    let s = Scratch::new("annotate", "overwrite");
    let bytes = build_docx(FAULTY, false);
    let input = s.write("draft.docx", &bytes);
    let o = zg!("annotate", "--no-config")
        .arg(&input)
        .arg("-o")
        .arg(&input)
        .run();
    assert_eq!(o.code, 2, "{}", o.all());
    assert!(o.stderr.contains("never overwritten"), "{}", o.stderr);
    #[cfg(unix)]
    {
        let link = s.join("link.docx");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        let o = zg!("annotate", "--no-config")
            .arg(&input)
            .arg("-o")
            .arg(&link)
            .run();
        assert_eq!(o.code, 2, "{}", o.all());
    }
    assert_eq!(std::fs::read(&input).unwrap(), bytes);
    // Without -o: beside the input, and no temporary file left behind.
    let o = zg!("annotate", "--no-config").arg(&input).run();
    assert_eq!(o.code, 1, "{}", o.all());
    assert!(s.join("draft.reviewed.docx").is_file());
    let mut names: Vec<String> = std::fs::read_dir(s.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "draft.docx",
            "draft.reviewed.docx",
            "link.docx",
            "zhenggai.yaml"
        ]
    );
}

#[test]
fn markdown_drafts_and_unreadable_inputs() {
    let s = Scratch::new("annotate", "md");
    let md = "# 通报\n\n根据省委统一部署，留有**XX**个问题待补充。\n";
    let input = s.write("a.md", md);
    let expected = check_spans(&input);
    assert!(!expected.is_empty());
    let output = s.join("a.docx");
    annotate(&input, &output, &[]);
    let got = ranges(&part(&std::fs::read(&output).unwrap(), "word/document.xml"));
    let covered: Vec<&str> = got.values().map(String::as_str).collect();
    let want: Vec<&str> = expected.iter().map(|(_, s, e)| &md[*s..*e]).collect();
    assert_eq!(covered, want);
    // Not a zip at all, though named .docx: exit 2, nothing written.
    let bad = s.write("bad.docx", "not a zip");
    let o = zg!("annotate", "--no-config")
        .arg(&bad)
        .arg("-o")
        .arg(s.join("bad.out.docx"))
        .run();
    assert_eq!(o.code, 2, "{}", o.all());
    assert!(!s.join("bad.out.docx").exists());
}

#[test]
fn docx_safe_fixes_as_tracked_changes() {
    let s = Scratch::new("annotate", "docx-revisions");
    let input = s.write("draft.docx", build_docx(FAULTY, true));
    let output = s.join("out.docx");
    let o = annotate(&input, &output, &["--fix-as-revisions"]);
    assert!(o.stderr.contains("1 处修订"), "{}", o.stderr);
    keep(&output, "faulty-docx-revisions.docx");
    let copy = s.write("copy.txt", FAULTY);
    zg!("check", "--no-config", "--fix").arg(&copy).run();
    let fixed = std::fs::read_to_string(&copy).unwrap();
    assert_ne!(fixed, FAULTY);
    let out = std::fs::read(&output).unwrap();
    // Accepting every change (as the extraction reads) gives check --fix's text; the
    // existing tracked changes are still there, still the reviewer's.
    assert_eq!(zhenggai::input::docx::extract(&out).unwrap(), fixed);
    let document = part(&out, "word/document.xml");
    assert!(document.contains(r#"<w:del w:id="11" w:author="审核""#));
    assert!(document.contains(r#"<w:delText xml:space="preserve">0</w:delText>"#));
    // Comments still cover their spans (the fixed one covers the deletion and insertion).
    assert_eq!(
        ranges(&document).len(),
        comments(&part(&out, "word/comments.xml")).len()
    );
}

/// Every range over a small document full of awkward places (entities, a tab, a line break
/// and a CRLF inside text, a hyperlink, tracked changes, an empty paragraph, a table,
/// a numbered paragraph), all at once: each comment covers exactly its text.
#[test]
fn every_span_of_an_awkward_document() {
    let document = format!(
        "<w:document {W}><w:body>\
         <w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>甲乙</w:t></w:r></w:p>\
         <w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr><w:r w:rsidR=\"00C3\"><w:rPr><w:b/></w:rPr><w:t>临&amp;&#x6EAA;</w:t><w:tab/><w:t xml:space=\"preserve\">市 a\r\nb</w:t><w:br/><w:t>委</w:t></w:r>\
         <w:hyperlink r:id=\"rId9\"><w:r><w:t>链接</w:t></w:r></w:hyperlink>\
         <w:del w:id=\"1\" w:author=\"审核\"><w:r><w:delText>删</w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"审核\"><w:r><w:t>增补</w:t></w:r></w:ins></w:p>\
         <w:p/>\
         <w:tbl><w:tr><w:tc><w:p><w:r><w:t>表一</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>表二</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>斜</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
         <w:p><w:r><w:t>末</w:t></w:r></w:p>\
         </w:body></w:document>"
    );
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let bytes = zip_parts(&[
        ("[Content_Types].xml", MINIMAL_TYPES.to_string()),
        ("_rels/.rels", MINIMAL_ROOT_RELS.to_string()),
        ("word/document.xml", document),
        ("word/numbering.xml", numbering),
    ]);
    let text = zhenggai::input::docx::extract(&bytes).unwrap();
    assert_eq!(
        text,
        "一、甲乙\n临&溪\t市 a b 委链接增补\n\n表一\n表二斜\n末"
    );
    // Word's numbering writes `一、`: no origin.
    let marker = 0.."一、".len();
    let out = probe_every_span(&bytes, std::slice::from_ref(&marker), true);
    keep_bytes(&out, "awkward-every-span.docx");
    // Nothing but the marks was added: the same text and runs read back.
    assert_eq!(zhenggai::input::docx::extract(&out).unwrap(), text);
}

/// The package parts Word and LibreOffice need to recognise a document.
const MINIMAL_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#;
const MINIMAL_ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// Annotates `bytes` with one comment on every span between character boundaries (within
/// one line unless `across_lines`), all at once, and checks that each covers exactly its
/// text. Returns the annotated file.
fn probe_every_span(
    bytes: &[u8],
    markers: &[std::ops::Range<usize>],
    across_lines: bool,
) -> Vec<u8> {
    let mapped = zhenggai::input::docx::extract_mapped(bytes).unwrap();
    let text = mapped.text.clone();
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut diagnostics = Vec::new();
    for (k, &s) in bounds.iter().enumerate() {
        for &e in &bounds[k..] {
            if !across_lines && text[s..e].contains('\n') {
                continue;
            }
            diagnostics.push(zhenggai::Diagnostic {
                rule: "probe".into(),
                severity: zhenggai::Severity::Warning,
                message: format!("{s}..{e}"),
                span: s..e,
                labels: Vec::new(),
                notes: Vec::new(),
                fix: None,
            });
        }
    }
    let out = zhenggai::annotate::annotate(
        bytes,
        &mapped,
        &diagnostics,
        &zhenggai::annotate::Options::default(),
    )
    .unwrap();
    assert_eq!(out.comments, diagnostics.len());
    let got = ranges(&part(&out.bytes, "word/document.xml"));
    assert_eq!(got.len(), diagnostics.len());
    for (d, covered) in diagnostics.iter().zip(got.values()) {
        let want = coverable(&text, d.span.start, d.span.end, markers);
        assert_eq!(*covered, want, "span {:?}", d.span);
    }
    out.bytes
}

/// A text box: its paragraph is read before the paragraph holding it (and its VML
/// fallback copy not at all). Spans inside it and around it are anchored exactly.
#[test]
fn text_boxes() {
    let box_p =
        |t: &str| format!("<w:txbxContent><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:txbxContent>");
    let document = format!(
        "<w:document {W} xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" xmlns:v=\"urn:schemas-microsoft-com:vml\"><w:body>\
         <w:p><w:r><w:t>前文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>{}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>后文待补充</w:t></w:r></w:p>\
         </w:body></w:document>",
        box_p("框内XX"),
        box_p("框内XX")
    );
    let bytes = zip_parts(&[
        ("[Content_Types].xml", MINIMAL_TYPES.to_string()),
        ("_rels/.rels", MINIMAL_ROOT_RELS.to_string()),
        ("word/document.xml", document),
    ]);
    assert_eq!(
        zhenggai::input::docx::extract(&bytes).unwrap(),
        "框内XX\n前文后文待补充"
    );
    // Not kept for LibreOffice: this drawing is only its text, which it drops.
    let out = probe_every_span(&bytes, &[], false);
    let document = part(&out, "word/document.xml");
    // The fallback copy is untouched.
    assert!(document.contains(&format!(
        "<mc:Fallback><w:pict><v:textbox>{}",
        box_p("框内XX")
    )));
}

/// Fixes that only insert or only delete, in the middle of a run and at its ends: accepting
/// the changes gives the fixed text.
#[test]
fn insertions_and_deletions_as_tracked_changes() {
    let document = format!(
        "<w:document {W}><w:body><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>甲乙丙</w:t></w:r><w:r><w:t>丁戊</w:t></w:r></w:p></w:body></w:document>"
    );
    let bytes = zip_parts(&[
        ("[Content_Types].xml", MINIMAL_TYPES.to_string()),
        ("_rels/.rels", MINIMAL_ROOT_RELS.to_string()),
        ("word/document.xml", document),
    ]);
    let mapped = zhenggai::input::docx::extract_mapped(&bytes).unwrap();
    assert_eq!(mapped.text, "甲乙丙丁戊");
    let fix = |s: usize, e: usize, r: &str| {
        let mut d = zhenggai::Diagnostic {
            rule: "probe".into(),
            severity: zhenggai::Severity::Warning,
            message: "改".into(),
            span: s..e,
            labels: Vec::new(),
            notes: Vec::new(),
            fix: None,
        };
        d.fix(s..e, r);
        d
    };
    let cases: [(Vec<zhenggai::Diagnostic>, &str); 5] = [
        // Insert inside a run, delete inside another.
        (vec![fix(3, 3, "一"), fix(12, 15, "")], "甲一乙丙丁"),
        // Insert at a run's start and at the document's end.
        (vec![fix(9, 9, "〇"), fix(15, 15, "。")], "甲乙丙〇丁戊。"),
        // Delete a whole run's text.
        (vec![fix(9, 15, "")], "甲乙丙"),
        // A replacement across the run boundary, and one whose text holds another
        // comment's end: left to their comments.
        (vec![fix(6, 12, "x"), fix(9, 15, "")], "甲乙丙丁戊"),
        // Insert at the very start.
        (vec![fix(0, 0, "“")], "“甲乙丙丁戊"),
    ];
    for (diagnostics, accepted) in cases {
        let options = zhenggai::annotate::Options {
            fix_as_revisions: true,
            ..Default::default()
        };
        let out = zhenggai::annotate::annotate(&bytes, &mapped, &diagnostics, &options).unwrap();
        let document = part(&out.bytes, "word/document.xml");
        assert_eq!(
            zhenggai::input::docx::extract(&out.bytes).unwrap(),
            accepted,
            "{document}"
        );
        assert_eq!(ranges(&document).len(), diagnostics.len());
        // Inserted and deleted runs keep the bold of the run they are in.
        if document.contains("<w:ins ") && accepted.starts_with("甲一") {
            assert!(document.contains("<w:ins w:id"));
            assert!(
                document.contains(
                    r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">一</w:t></w:r></w:ins>"#
                ),
                "{document}"
            );
        }
    }
}
