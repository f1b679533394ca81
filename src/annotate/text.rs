//! A text or Markdown draft as a new `.docx`: one paragraph per line, tabs as `w:tab`.
//!
//! The document is then read back like any `.docx`, so comments are anchored by the same
//! code. Its text is the draft's, less what Word cannot hold: a UTF-8 byte-order mark and
//! the `\r` of `\r\n` are dropped (`Translation` moves spans past them), control
//! characters become spaces.

use super::escape;
use std::io::Write;

/// Byte offsets of the draft that the document's text does not have, ascending.
#[derive(Debug, Clone, Default)]
pub(crate) struct Translation {
    removed: Vec<usize>,
}

impl Translation {
    /// The offset in the document's text of the draft's offset `b`.
    pub(crate) fn offset(&self, b: usize) -> usize {
        b - self.removed.partition_point(|&r| r < b)
    }
}

/// The `.docx` of a draft's text, and how its offsets move.
pub(crate) fn to_docx(text: &str) -> (Vec<u8>, Translation) {
    let mut removed = Vec::new();
    let mut body = String::with_capacity(text.len() + text.len() / 4);
    let mut pos = 0;
    if text.starts_with('\u{FEFF}') {
        removed.extend(0..3);
        pos = 3;
    }
    for line in text[pos..].split('\n') {
        let mut line_text = line;
        if let Some(l) = line.strip_suffix('\r') {
            removed.push(pos + l.len());
            line_text = l;
        }
        body.push_str(r#"<w:p><w:r><w:t xml:space="preserve">"#);
        for (i, part) in line_text.split('\t').enumerate() {
            if i > 0 {
                body.push_str(r#"</w:t><w:tab/><w:t xml:space="preserve">"#);
            }
            // A lone `\r` would read back as a line end: a space, as the extraction gives.
            body.push_str(&escape(&part.replace('\r', " ")));
        }
        body.push_str("</w:t></w:r></w:p>");
        pos += line.len() + 1;
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{}"><w:body>{body}</w:body></w:document>"#,
        super::W_NS
    );
    let parts: [(&str, &str); 3] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        ("word/document.xml", &document),
    ];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        // Writing to memory cannot fail.
        let _ = w.start_file(name, options);
        let _ = w.write_all(content.as_bytes());
    }
    let bytes = w.finish().map(|c| c.into_inner()).unwrap_or_default();
    (bytes, Translation { removed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_as_the_same_text() {
        let draft = "\u{FEFF}一、标题\r\n正文\t甲&乙<丙>\r\n\n末行\u{1}";
        let (bytes, t) = to_docx(draft);
        let text = crate::input::docx::extract(&bytes).unwrap();
        assert_eq!(text, "一、标题\n正文\t甲&乙<丙>\n\n末行 ");
        // Every draft offset lands on the same character.
        for (b, c) in draft
            .char_indices()
            .filter(|(_, c)| !matches!(c, '\u{FEFF}' | '\r' | '\u{1}'))
        {
            assert_eq!(text[t.offset(b)..].chars().next(), Some(c), "{b}");
        }
    }
}
