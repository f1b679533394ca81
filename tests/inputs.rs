//! Every input form gives the same diagnostics as the plain UTF-8 text: `examples/faulty.txt`
//! as GBK, UTF-16 LE/BE, with a BOM, with CRLF or lone CR endings, as Markdown with front
//! matter and comments, and as a .docx built here (tables, tracked changes, Word numbering).

use crate::support::{Scratch, zip_parts};
use zhenggai::check::FileReport;
use zhenggai::input::Source;
use zhenggai::render::LineIndex;
use zhenggai::{RuleSet, check_source};

const FAULTY: &str = include_str!("../examples/faulty.txt");

fn rules() -> RuleSet {
    RuleSet::builtin().expect("built-in rules")
}

fn check_bytes(dir: &str, file: &str, bytes: &[u8]) -> FileReport {
    let s = Scratch::new("inputs", dir);
    let path = s.write(file, bytes);
    check_source(&Source::File(path), None, &rules())
}

/// (rule, line, column, end line, end column, covered text) of every diagnostic.
type Seen = Vec<(String, usize, usize, usize, usize, String)>;

fn seen(r: &FileReport) -> Seen {
    assert!(r.error.is_none(), "{:?}", r.error);
    let index = LineIndex::new(&r.text);
    r.diagnostics
        .iter()
        .map(|d| {
            let (l, c) = index.position(d.span.start);
            let (el, ec) = index.position(d.span.end);
            (
                d.rule.clone(),
                l,
                c,
                el,
                ec,
                r.text[d.span.clone()].to_string(),
            )
        })
        .collect()
}

fn plain() -> Seen {
    let r = zhenggai::check_text("faulty.txt", FAULTY.to_string(), false, &rules());
    let s = seen(&r);
    assert_eq!(s.len(), 15, "faulty.txt seeds 15 diagnostics: {s:?}");
    s
}

#[test]
fn gbk_file_gives_the_same_diagnostics() {
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(FAULTY);
    assert!(!unmappable);
    let r = check_bytes("gbk", "faulty-gbk.txt", &gbk);
    assert!(
        matches!(r.encoding, Some("GBK" | "gb18030")),
        "{:?}",
        r.encoding
    );
    assert_eq!(seen(&r), plain());
    let json = zhenggai::render::json::file(&r);
    assert_eq!(json["encoding"], r.encoding.unwrap());
    // Offsets are into the decoded UTF-8 text.
    assert_eq!(r.text, FAULTY);
}

#[test]
fn gb18030_can_be_forced() {
    let (gbk, _, _) = encoding_rs::GB18030.encode(FAULTY);
    let s = Scratch::new("inputs", "gb18030");
    let path = s.write("faulty.txt", &gbk);
    let r = check_source(&Source::File(path), Some(encoding_rs::GB18030), &rules());
    assert_eq!(r.encoding, Some("gb18030"));
    assert_eq!(seen(&r), plain());
}

#[test]
fn utf16_files_give_the_same_diagnostics() {
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(FAULTY.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let r = check_bytes("utf16le", "faulty.txt", &le);
    assert_eq!(r.encoding, Some("UTF-16LE"));
    assert_eq!(seen(&r), plain());
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(FAULTY.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let r = check_bytes("utf16be", "faulty.txt", &be);
    assert_eq!(r.encoding, Some("UTF-16BE"));
    assert_eq!(seen(&r), plain());
}

#[test]
fn utf8_bom_keeps_file_offsets_and_columns() {
    let bytes = [&[0xEF, 0xBB, 0xBF][..], FAULTY.as_bytes()].concat();
    let r = check_bytes("bom", "faulty.txt", &bytes);
    assert_eq!(r.encoding, Some("UTF-8"));
    assert_eq!(seen(&r), plain());
    // Byte offsets are the file's own: three more than without the BOM.
    let plain_r = zhenggai::check_text("f", FAULTY.to_string(), false, &rules());
    assert_eq!(
        r.diagnostics[0].span.start,
        plain_r.diagnostics[0].span.start + 3
    );
}

#[test]
fn crlf_and_lone_cr_give_the_same_diagnostics() {
    for (name, ending) in [("crlf", "\r\n"), ("cr", "\r")] {
        let text = FAULTY.replace('\n', ending);
        let r = check_bytes(name, "faulty.txt", text.as_bytes());
        assert_eq!(seen(&r), plain(), "{name}");
    }
}

/// `s` with the digits and the point of one width (`from`: its zero and its point) written
/// in the other (`to`).
fn swap_digits(s: &str, from: (char, char), to: (char, char)) -> String {
    s.chars()
        .map(|c| match (c as u32).wrapping_sub(from.0 as u32) {
            d @ 0..=9 => char::from_u32(to.0 as u32 + d).unwrap(),
            _ if c == from.1 => to.1,
            _ => c,
        })
        .collect()
}

#[test]
fn spaces_and_full_width_digits_parse_like_their_plain_forms() {
    // Ideographic-space indentation, a tab and NBSP in the header, full-width digits and
    // points everywhere but the header and the contact line.
    let full = |s: &str| swap_digits(s, ('0', '.'), ('０', '．'));
    let lines: Vec<String> = FAULTY
        .split('\n')
        .enumerate()
        .map(|(i, l)| match i {
            0 => l.replacen(' ', "\t", 1).replace(' ', "\u{a0}"),
            30 => format!("\u{3000}\u{3000}{l}"),
            _ if l.chars().count() > 40 => format!("\u{3000}\u{3000}{}", full(l)),
            _ => full(l),
        })
        .collect();
    let text = lines.join("\n");
    let r = check_bytes("spaces", "faulty.txt", text.as_bytes());
    let to_plain = |s: &str| swap_digits(s, ('０', '．'), ('0', '.'));
    let got: Vec<_> = seen(&r)
        .into_iter()
        .map(|(rule, l, c, el, ec, t)| {
            // Indented lines are two columns to the right.
            let shift = if FAULTY.split('\n').nth(l - 1).unwrap().chars().count() > 40 {
                2
            } else {
                0
            };
            (rule, l, c - shift, el, ec - shift, to_plain(&t))
        })
        .collect();
    assert_eq!(got, plain());
}

#[test]
fn markdown_with_front_matter_and_comments() {
    let mut lines: Vec<String> = FAULTY.split('\n').map(str::to_string).collect();
    lines[1] = format!("# {}", lines[1]);
    // A review comment with placeholders in it must not be reported.
    lines[6].push_str("<!-- 审核意见：XX处待补充 -->");
    let md = format!(
        "---\ntitle: 临溪市委巡视整改进展情况\ndraft: true\n---\n{}\n<!--\nTODO：核对数字\n-->\n",
        lines.join("\n")
    );
    let r = check_bytes("markdown", "faulty.md", md.as_bytes());
    let expected: Seen = plain()
        .into_iter()
        .map(|(rule, l, c, el, ec, t)| (rule, l + 4, c, el + 4, ec, t))
        .collect();
    assert_eq!(seen(&r), expected);
}

// ------------------------------------------------------------------ .docx built here

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn run(text: &str) -> String {
    format!(
        r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

/// `examples/faulty.txt` as a Word document: each line a paragraph. The `一、`…`五、`
/// headings lose their marker to Word numbering (the first directly through `w:numPr`, the
/// others through the heading style); line 4 carries a tracked deletion and insertion;
/// line 24 sits in a table cell; runs are split and interleaved with Word's bookmarks.
fn faulty_docx() -> Vec<u8> {
    let mut body = String::new();
    for (i, line) in FAULTY.split('\n').enumerate() {
        let n = i + 1;
        let heading = ["一、", "二、", "三、", "四、", "五、"]
            .iter()
            .find_map(|m| line.strip_prefix(m));
        let p = if let Some(rest) = heading {
            let ppr = if n == 8 {
                r#"<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>"#
            } else {
                r#"<w:pPr><w:pStyle w:val="1"/></w:pPr>"#
            };
            format!("<w:p>{ppr}{}</w:p>", run(rest))
        } else if n == 4 {
            let (a, b) = line.split_at(line.find("一是").unwrap());
            let (b, c) = b.split_at(b.find("二是").unwrap());
            format!(
                r#"<w:p>{}<w:del w:id="1" w:author="审核"><w:r><w:delText>删去的XX待补充</w:delText></w:r></w:del><w:bookmarkStart w:id="0" w:name="a"/>{}<w:bookmarkEnd w:id="0"/><w:ins w:id="2" w:author="审核">{}</w:ins><w:proofErr w:type="spellStart"/></w:p>"#,
                run(a),
                run(b),
                run(c)
            )
        } else if n == 24 {
            format!(
                "<w:tbl><w:tblPr/><w:tr><w:tc><w:tcPr/><w:p>{}</w:p></w:tc></w:tr></w:tbl>",
                run(line)
            )
        } else {
            let mid = line
                .char_indices()
                .nth(line.chars().count() / 2)
                .map_or(0, |(i, _)| i);
            format!("<w:p>{}{}</w:p>", run(&line[..mid]), run(&line[mid..]))
        };
        body.push_str(&p);
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let numbering = r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="3"/></w:num></w:numbering>"#;
    let styles = r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style></w:styles>"#;
    zip_parts(&[
        ("[Content_Types].xml", "<Types/>"),
        ("word/document.xml", document.as_str()),
        ("word/numbering.xml", numbering),
        ("word/styles.xml", styles),
    ])
}

#[test]
fn docx_gives_the_same_diagnostics_by_paragraph() {
    let r = check_bytes("docx", "faulty.docx", &faulty_docx());
    assert_eq!(r.format, zhenggai::input::InputFormat::Docx);
    // Word's numbering came back as text, the deletion stayed out, the insertion in.
    assert_eq!(r.text, FAULTY);
    assert_eq!(seen(&r), plain());
    let json = zhenggai::render::json::file(&r);
    assert_eq!(json["format"], "docx");
    for d in json["diagnostics"].as_array().unwrap() {
        assert_eq!(d["paragraph"], d["span"]["line"]);
        assert!(!d["excerpt"].as_str().unwrap().is_empty());
    }
    let concise = String::from_utf8(zhenggai::render::human::concise(&r)).unwrap();
    assert!(
        concise.contains("faulty.docx:¶19:1: error[section-numbering]"),
        "{concise}"
    );
}

#[test]
fn docx_headings_numbered_by_word_are_not_numbering_errors() {
    // Headings whose 一、 lives only in Word's numbering, at two levels.
    let p = |style: &str, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{}</w:p>"#,
            run(text)
        )
    };
    let body = [
        p("1", "关于“甲”问题的整改情况"),
        p("2", "第一项。"),
        p("2", "第二项。"),
        p("1", "关于“乙”问题的整改情况"),
        p("2", "第一项。"),
    ]
    .concat();
    let document = format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#);
    let numbering = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
    let styles = r#"<w:styles xmlns:w="w"><w:style w:styleId="1"><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style><w:style w:styleId="2"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr></w:pPr></w:style></w:styles>"#;
    let bytes = zip_parts(&[
        ("word/document.xml", document.as_str()),
        ("word/numbering.xml", numbering),
        ("word/styles.xml", styles),
    ]);
    let text = zhenggai::input::docx::extract(&bytes).unwrap();
    assert_eq!(
        text,
        "一、关于“甲”问题的整改情况\n（一）第一项。\n（二）第二项。\n二、关于“乙”问题的整改情况\n（一）第一项。"
    );
    let r = check_bytes("docx-numbering", "n.docx", &bytes);
    assert!(
        r.diagnostics.iter().all(|d| d.rule != "section-numbering"),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn docx_zip_bomb_is_refused() {
    // 80 MiB of spaces inside document.xml: over the 64 MiB cap, a few hundred KiB zipped.
    let big = format!(
        "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
        " ".repeat(80 << 20)
    );
    let bytes = zip_parts(&[("word/document.xml", &big)]);
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    let r = check_bytes("bomb", "bomb.docx", &bytes);
    let e = r.error.expect("refused").message;
    assert!(e.contains("64 MiB"), "{e}");
    // The same archive claiming a small size in its headers is stopped by the cap too.
    let mut lying = bytes.clone();
    for sig in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
        let at = lying.windows(4).position(|w| w == sig).unwrap();
        let field = if sig[2] == 3 { at + 22 } else { at + 24 };
        lying[field..field + 4].copy_from_slice(&1000u32.to_le_bytes());
    }
    let r = check_bytes("bomb-lying", "bomb.docx", &lying);
    assert!(r.text.len() <= 64 << 20);
}

#[test]
fn docx_with_too_many_entries_is_refused() {
    let names: Vec<String> = (0..10_001).map(|i| format!("word/media/{i}.xml")).collect();
    let mut parts: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "")).collect();
    parts.push(("word/document.xml", "<w:document/>"));
    let e = zhenggai::input::docx::extract(&zip_parts(&parts))
        .unwrap_err()
        .to_string();
    assert!(e.contains("10000"), "{e}");
}

#[test]
fn unreadable_formats_are_refused_by_their_bytes() {
    for (file, bytes, needle) in [
        (
            "old.doc",
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0][..],
            "Word 97-2003",
        ),
        ("scan.txt", b"%PDF-1.7\n\x00\x01", "PDF"),
        ("a.docx", b"plain text, not a zip", ".docx"),
        ("notes.txt", &b"PK\x03\x04 junk"[..], "zip"),
    ] {
        let r = check_bytes("formats", file, bytes);
        let e = r.error.expect(file).message;
        assert!(e.contains(needle), "{file}: {e}");
    }
}

proptest::proptest! {
    /// Any paragraphs, split across runs, with markup characters and tracked deletions
    /// between them, come back exactly, one per line.
    #[test]
    fn docx_paragraphs_round_trip(
        paras in proptest::collection::vec("[a-z0-9 \t&<>\"'中文一、（）“”]{0,30}", 0..8),
        deleted in "[a-z&<>中]{1,10}",
    ) {
        let body: String = paras
            .iter()
            .map(|p| {
                let mid = p.char_indices().nth(p.chars().count() / 2).map_or(p.len(), |(i, _)| i);
                format!(
                    "<w:p>{}<w:del><w:r><w:delText>{}</w:delText></w:r></w:del>{}</w:p>",
                    run(&p[..mid]),
                    esc(&deleted),
                    run(&p[mid..])
                )
            })
            .collect();
        let document = format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#);
        let text = zhenggai::input::docx::extract(&zip_parts(&[("word/document.xml", &document)]))
            .unwrap();
        proptest::prop_assert_eq!(text, paras.join("\n"));
    }
}

/// The messages of `rule` for `text`, checked with every built-in rule.
fn messages(text: &str, rule: &str) -> Vec<String> {
    zhenggai::check_text("m.txt", text.to_string(), false, &rules())
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == rule)
        .map(|d| d.message)
        .collect()
}

/// Messages quote figures as written and compute exactly. Before: a tally
/// without a recognised category said `合计合计`, a 24-digit total differed by
/// `-999999999999999983222784` (f64), a rate was re-formatted from its f64 (full-width
/// digits lost, `87.500000000000000000000%` expected), and a completed count above the total
/// was reported with `其余0个`, a phrase the text does not contain.
#[test]
fn messages_quote_the_text_and_compute_exactly() {
    // 24 digits, the longest amount read: computed exactly, quoted as written.
    let m = messages(
        "给予党纪处分999999999999999999999999人（党内警告5人，党内严重警告4人）。",
        "tally-sum",
    );
    assert_eq!(
        m,
        [
            "党纪处分合计999999999999999999999999人，但分项相加为9人（差-999999999999999999999990人）"
        ]
    );
    // A longer number is not read at all, rather than quoted as its last 24 digits.
    let m = messages(
        "给予党纪处分9999999999999999999999999999人（党内警告5人，党内严重警告4人）。",
        "tally-sum",
    );
    assert!(m.is_empty(), "{m:?}");
    let m = messages(
        "反馈的20个问题中已完成整改16个，整改完成率８７．５％。",
        "progress-rate",
    );
    assert_eq!(m, ["完成率写作８７．５％，但16÷20为80.0%"]);
    let m = messages(
        "反馈的20个问题中已完成整改16个，整改完成率87.500000000000000000000%。",
        "progress-rate",
    );
    assert_eq!(
        m,
        ["完成率写作87.500000000000000000000%，但16÷20为80.0000%"]
    );
    let m = messages(
        "反馈的20个问题中已完成整改21个，整改完成率105%。",
        "progress-sum",
    );
    assert_eq!(m, ["已完成21个，超过总数20个"]);
    // Rounding is still judged to the digits written, now in integers.
    assert!(
        messages(
            "26个问题中已完成整改23个，整改完成率88.5%。",
            "progress-rate"
        )
        .is_empty()
    );
    assert!(
        messages(
            "26个问题中已完成整改23个，整改完成率88.46%。",
            "progress-rate"
        )
        .is_empty()
    );
    assert_eq!(
        messages(
            "26个问题中已完成整改23个，整改完成率88.4%。",
            "progress-rate"
        ),
        ["完成率写作88.4%，但23÷26为88.5%"]
    );
}
