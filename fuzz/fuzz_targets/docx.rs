//! .docx extraction: an error or a text, never a panic. Even first byte: the rest is the
//! archive itself (zip parsing, the caps). Odd: the rest is `word/document.xml`, zipped here
//! beside a fixed numbering part, so the fuzzer reaches the XML reader and the numbering.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;

const NUMBERING: &str = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

fn zipped(document: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("word/document.xml", o).unwrap();
    w.write_all(document).unwrap();
    w.start_file("word/numbering.xml", o).unwrap();
    w.write_all(NUMBERING.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode & 1 == 1 {
        zipped(rest)
    } else {
        rest.to_vec()
    };
    if let Ok(text) = zhenggai::input::docx::extract(&bytes) {
        let _ = zhenggai::parse(text);
    }
});
