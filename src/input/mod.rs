//! Read and decode: paths and standard input → named UTF-8 texts.
//!
//! Spans everywhere are byte offsets into the text as read: for UTF-8 the file's own bytes (a
//! BOM is kept and skipped by the grammar); for UTF-16 and GBK/GB18030 the decoded UTF-8
//! text; for `.docx` the extracted text, one paragraph per line. Markdown is masked, not
//! stripped: markup bytes become spaces, keeping every offset valid.
//!
//! Every stage is bounded: a source larger than `MAX_INPUT` is refused before it is read
//! into memory, and a `.docx` is decompressed under the caps in [`docx`].

pub mod docx;
pub mod markdown;
pub(crate) mod protect;
pub mod walk;

use encoding_rs::Encoding;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest source read, in bytes (256 MiB). Larger files are refused with exit 2
/// rather than read into memory.
pub(crate) const MAX_INPUT: u64 = 256 * 1024 * 1024;

/// How much of a non-UTF-8 file the encoding detector looks at (and the NUL check).
const SNIFF: usize = 1024 * 1024;

/// Where a text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// Standard input, shown under `name`.
    Stdin {
        /// The name used in output (`--stdin-filename`), `-` by default.
        name: String,
    },
}

/// What kind of document a source holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Plain text: an announcement as written.
    #[default]
    Text,
    /// Markdown: the prose inside it is checked (see [`markdown`]).
    Markdown,
    /// A Word document: its paragraphs, one per line (see [`docx`]).
    Docx,
}

impl InputFormat {
    /// The name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Markdown => "markdown",
            InputFormat::Docx => "docx",
        }
    }
}

impl Source {
    /// The name shown in diagnostics.
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin { name } => name.clone(),
        }
    }

    fn extension(&self) -> Option<String> {
        let name = self.name();
        Path::new(&name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
    }

    /// The format its name says (the content may still overrule: see [`load`]).
    pub fn format(&self) -> InputFormat {
        match self.extension().as_deref() {
            Some("md" | "markdown") => InputFormat::Markdown,
            Some("docx") => InputFormat::Docx,
            _ => InputFormat::Text,
        }
    }
}

/// A text that could not be read or decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The source's name.
    pub name: String,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

/// A source ready to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text every span points into.
    pub text: String,
    /// The encoding it was decoded from (UTF-8, UTF-16LE, GBK, …; UTF-8 for .docx, whose
    /// XML is UTF-8): the fixes are written back in it.
    pub encoding: &'static Encoding,
    /// What kind of document it was.
    pub format: InputFormat,
}

/// Reads a source's bytes, refusing anything larger than `MAX_INPUT`.
pub fn read(source: &Source) -> Result<Vec<u8>, InputError> {
    let err = |message: String| InputError {
        name: source.name(),
        message,
    };
    let too_big = || {
        err(format!(
            "larger than {} MiB; zhenggai does not read files this big",
            MAX_INPUT >> 20
        ))
    };
    let mut buf = Vec::new();
    match source {
        Source::File(p) => {
            let file = std::fs::File::open(p).map_err(|e| err(format!("cannot read: {e}")))?;
            let meta = file
                .metadata()
                .map_err(|e| err(format!("cannot read: {e}")))?;
            if meta.is_dir() {
                return Err(err("is a directory".into()));
            }
            if meta.len() > MAX_INPUT {
                return Err(too_big());
            }
            buf.reserve(meta.len() as usize);
            file.take(MAX_INPUT + 1)
                .read_to_end(&mut buf)
                .map_err(|e| err(format!("cannot read: {e}")))?;
        }
        Source::Stdin { .. } => {
            std::io::stdin()
                .lock()
                .take(MAX_INPUT + 1)
                .read_to_end(&mut buf)
                .map_err(|e| err(format!("cannot read: {e}")))?;
        }
    }
    if buf.len() as u64 > MAX_INPUT {
        return Err(too_big());
    }
    Ok(buf)
}

/// Reads a source and turns it into text: a `.docx` (or any zip) is extracted, binary
/// formats it cannot read are refused by their magic bytes, everything else is decoded
/// (`encoding` overrides detection).
pub fn load(source: &Source, encoding: Option<&'static Encoding>) -> Result<Decoded, InputError> {
    load_bytes(source, read(source)?, encoding)
}

/// [`load`] for bytes already in memory (an upload to `zhenggai serve`): `source` gives the
/// name and, by its extension, the format.
pub(crate) fn load_bytes(
    source: &Source,
    bytes: Vec<u8>,
    encoding: Option<&'static Encoding>,
) -> Result<Decoded, InputError> {
    let name = source.name();
    let err = |message: String| InputError {
        name: name.clone(),
        message,
    };
    if bytes.starts_with(b"PK\x03\x04") || source.format() == InputFormat::Docx {
        let text = docx::extract(&bytes).map_err(|e| err(e.to_string()))?;
        return Ok(Decoded {
            text,
            encoding: encoding_rs::UTF_8,
            format: InputFormat::Docx,
        });
    }
    if let Some(what) = binary_kind(&bytes) {
        return Err(err(format!("{what}; zhenggai reads .txt, .md and .docx")));
    }
    let (text, enc) = decode(&name, bytes, encoding)?;
    Ok(Decoded {
        text,
        encoding: enc,
        format: source.format(),
    })
}

/// Names a binary format recognised by its first bytes.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some("a Word 97-2003 (.doc), WPS or Excel binary file: save it as .docx or .txt")
    } else if bytes.starts_with(b"%PDF-") {
        Some("a PDF file: copy its text into a .txt file")
    } else if bytes.starts_with(b"{\\rtf") {
        Some("an RTF file: save it as .docx or .txt")
    } else {
        None
    }
}

/// Decodes bytes. With `forced`, exactly that encoding (malformed input is refused).
/// Otherwise: a BOM decides (UTF-8, UTF-16LE/BE); valid UTF-8 is UTF-8; anything else goes
/// to the detector, and only a GBK/GB18030 guess that decodes without error is accepted —
/// other guesses are refused with the guess named, never decoded silently.
///
/// A UTF-8 BOM stays in the text (offsets are the file's own); a UTF-16 BOM is dropped.
pub fn decode(
    name: &str,
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
) -> Result<(String, &'static Encoding), InputError> {
    let err = |message: String| InputError {
        name: name.to_string(),
        message,
    };
    if let Some(enc) = forced {
        return decode_as(enc, bytes).ok_or_else(|| {
            err(format!(
                "not valid {} (given with --encoding): it has byte sequences that do not decode",
                enc.name()
            ))
        });
    }
    if let Some((enc, _)) = Encoding::for_bom(&bytes) {
        return decode_as(enc, bytes).ok_or_else(|| {
            err(format!(
                "starts with a {} byte-order mark but does not decode as {}",
                enc.name(),
                enc.name()
            ))
        });
    }
    let bytes = match utf8(bytes) {
        Ok(text) => return Ok((text, encoding_rs::UTF_8)),
        Err(bytes) => bytes,
    };
    if memchr::memchr(0, &bytes[..bytes.len().min(SNIFF)]).is_some() {
        return Err(err(
            "contains NUL bytes: a binary file, or UTF-16 without a byte-order mark \
             (give --encoding UTF-16LE or UTF-16BE)"
                .into(),
        ));
    }
    let first_bad = std::str::from_utf8(&bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    // The detector looks at the first MiB from the first byte that is not UTF-8: a long
    // ASCII preamble would tell it nothing.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let window = &bytes[first_bad..bytes.len().min(first_bad + SNIFF)];
    detector.feed(window, first_bad + window.len() == bytes.len());
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        let guessed = guess.name();
        let (text, enc) = decode_as(guess, bytes).ok_or_else(|| {
            err(format!(
                "not UTF-8 (first bad byte at offset {first_bad}) and looks like {guessed}, \
                 but does not decode as {guessed} either; give --encoding NAME if you know it"
            ))
        })?;
        // encoding_rs decodes GB18030's four-byte sequences as GBK too; a text with a
        // character GBK cannot write (𠮷, ⑪) is GB18030.
        let enc = if enc == encoding_rs::GBK && encoding_rs::GBK.encode(&text).2 {
            encoding_rs::GB18030
        } else {
            enc
        };
        return Ok((text, enc));
    }
    Err(err(format!(
        "not UTF-8 (first bad byte at offset {first_bad}); it looks like {}, which is not \
         detected automatically: give --encoding {} if that is right, or convert it to UTF-8",
        guess.name(),
        guess.name()
    )))
}

/// `bytes` as a `String` when they are UTF-8, else the bytes back. Same as
/// `String::from_utf8`, validated with SIMD: std's check was 6% of a run's time.
fn utf8(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return Err(bytes);
    }
    // SAFETY: simdutf8 has just validated the bytes as UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Decodes all of `bytes` as `enc`, or `None` when some sequence is malformed. UTF-8 keeps
/// its BOM; other encodings drop theirs.
fn decode_as(enc: &'static Encoding, bytes: Vec<u8>) -> Option<(String, &'static Encoding)> {
    if enc == encoding_rs::UTF_8 {
        return utf8(bytes).ok().map(|t| (t, enc));
    }
    let body = match Encoding::for_bom(&bytes) {
        Some((bom, len)) if bom == enc => &bytes[len..],
        _ => &bytes[..],
    };
    enc.decode_without_bom_handling_and_without_replacement(body)
        .map(|t| (t.into_owned(), enc))
}

/// Encodes `text` in `encoding` (as a [`Decoded`] carries it), or names the first
/// character that encoding cannot write. No BOM is added.
fn encode_exact(text: &str, encoding: &'static Encoding) -> Result<Vec<u8>, char> {
    if encoding == encoding_rs::UTF_8 {
        return Ok(text.as_bytes().to_vec());
    }
    if encoding == encoding_rs::UTF_16LE {
        return Ok(text.encode_utf16().flat_map(u16::to_le_bytes).collect());
    }
    if encoding == encoding_rs::UTF_16BE {
        return Ok(text.encode_utf16().flat_map(u16::to_be_bytes).collect());
    }
    let (bytes, _, lossy) = encoding.encode(text);
    if !lossy {
        return Ok(bytes.into_owned());
    }
    // Find the character for the message.
    let bad = text
        .chars()
        .find(|c| encoding.encode(c.encode_utf8(&mut [0; 4])).2)
        .unwrap_or('\u{FFFD}');
    Err(bad)
}

/// Byte offsets in `bytes` (as read, in `encoding`) of the sorted offsets `at` into the
/// text [`decode`] made of them; `None` if some offset is not a character boundary of both.
fn byte_offsets(bytes: &[u8], encoding: &'static Encoding, at: &[usize]) -> Option<Vec<usize>> {
    if encoding == encoding_rs::UTF_8 {
        return Some(at.to_vec()); // the text is the file's own bytes, BOM included
    }
    let start = match Encoding::for_bom(bytes) {
        Some((bom, len)) if bom == encoding => len,
        _ => 0,
    };
    let mut out = Vec::with_capacity(at.len());
    let mut next = at.iter().copied().peekable();
    let mut written = 0; // UTF-8 bytes decoded so far
    let mut read = start;
    let mut take = |written: usize, read: usize, out: &mut Vec<usize>| -> Option<()> {
        while let Some(&t) = next.peek() {
            if t > written {
                break;
            }
            if t < written {
                return None;
            }
            out.push(read);
            next.next();
        }
        Some(())
    };
    take(0, start, &mut out)?;
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut buf = vec![0u8; 1 << 16];
    while read < bytes.len() {
        // Far from the next offset, decode in bulk (no encoding makes more than two bytes of
        // UTF-8 of one byte, so a quarter of the gap cannot reach it); near it, byte by byte,
        // so that the offset is met exactly and never with a sequence half read.
        let gap = at
            .get(out.len())
            .map_or(usize::MAX, |&t| t.saturating_sub(written));
        let n = if gap > 64 {
            (gap / 4).min(buf.len() / 4)
        } else {
            1
        }
        .min(bytes.len() - read);
        let (r, got, put) = decoder.decode_to_utf8_without_replacement(
            &bytes[read..read + n],
            &mut buf,
            read + n == bytes.len(),
        );
        if let encoding_rs::DecoderResult::Malformed(..) = r {
            return None;
        }
        read += got;
        written += put;
        if put > 0 {
            take(written, read, &mut out)?;
        }
    }
    take(written, read, &mut out)?;
    (out.len() == at.len()).then_some(out)
}

/// The bytes of the file fixed: `bytes` (as read, in `encoding`, decoded to `original`) with
/// only the `edits` re-encoded and every other byte kept as it was. Refused (nothing to
/// write) when the encoding cannot write a replacement, or when the result would not decode
/// to exactly `fixed`.
pub fn splice(
    bytes: &[u8],
    enc: &'static Encoding,
    original: &str,
    edits: &[crate::fix::Edit],
    fixed: &str,
) -> Result<Vec<u8>, String> {
    let encoding = enc.name();
    let mut at = Vec::with_capacity(edits.len() * 2);
    for e in edits {
        if e.span.end > original.len() {
            return Err("a fix outside the text; nothing was written".into());
        }
        at.extend([e.span.start, e.span.end]);
    }
    let offsets = byte_offsets(bytes, enc, &at).ok_or_else(|| {
        format!("the fixes do not fall on character boundaries of the {encoding} file; nothing was written")
    })?;
    let mut out = Vec::with_capacity(bytes.len() + 16);
    let mut from = 0;
    for (e, o) in edits.iter().zip(offsets.chunks(2)) {
        out.extend_from_slice(&bytes[from..o[0]]);
        let rep = encode_exact(&e.replacement, enc).map_err(|c| {
            format!(
                "{encoding} cannot write `{c}` (U+{:04X}) that a fix would put in; nothing was \
                 written (convert the file to UTF-8, or give --encoding GB18030 if it is one)",
                c as u32
            )
        })?;
        out.extend_from_slice(&rep);
        from = o[1];
    }
    out.extend_from_slice(&bytes[from..]);
    // Decoded from a borrow: a copy of a 100 MB file's bytes would only be thrown away.
    let back = if enc == encoding_rs::UTF_8 {
        std::str::from_utf8(&out)
            .ok()
            .map(std::borrow::Cow::Borrowed)
    } else {
        let body = match Encoding::for_bom(&out) {
            Some((bom, len)) if bom == enc => &out[len..],
            _ => &out[..],
        };
        enc.decode_without_bom_handling_and_without_replacement(body)
    };
    if back.as_deref() == Some(fixed) {
        Ok(out)
    } else {
        Err(format!(
            "the fixed text does not survive re-encoding as {encoding}; nothing was written"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8]) -> Result<(String, &'static str), String> {
        decode("f", bytes.to_vec(), None)
            .map(|(t, e)| (t, e.name()))
            .map_err(|e| e.message)
    }

    #[test]
    fn boms_and_utf8() {
        assert_eq!(dec("通报".as_bytes()).unwrap(), ("通报".into(), "UTF-8"));
        let bom = [&[0xEF, 0xBB, 0xBF][..], "通报".as_bytes()].concat();
        assert_eq!(dec(&bom).unwrap(), ("\u{FEFF}通报".into(), "UTF-8"));
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("通报\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(dec(&utf16le).unwrap(), ("通报\n".into(), "UTF-16LE"));
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("通报".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(dec(&utf16be).unwrap(), ("通报".into(), "UTF-16BE"));
    }

    #[test]
    fn gbk_is_detected() {
        let text = "中共临溪市委关于巡视整改情况的通报\n根据省委统一部署，省委第七巡视组对临溪市开展了巡视。";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let (t, e) = dec(&gbk).unwrap();
        assert_eq!(t, text);
        assert!(e == "GBK" || e == "gb18030", "{e}");
    }

    #[test]
    fn gbk_after_a_long_ascii_preamble_is_detected() {
        let text = format!(
            "{}\n中共临溪市委关于巡视整改情况的通报，省委第七巡视组对临溪市开展了巡视。",
            "2025-06-10 09:00 www ".repeat(100_000)
        );
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        assert!(gbk.len() > SNIFF);
        assert_eq!(dec(&gbk).unwrap().0, text);
    }

    #[test]
    fn other_guesses_are_refused_with_the_guess() {
        let (sjis, _, _) =
            encoding_rs::SHIFT_JIS.encode("これは日本語の文章です。ひらがなとカタカナ。");
        let e = dec(&sjis).unwrap_err();
        assert!(e.contains("Shift_JIS") && e.contains("--encoding"), "{e}");
        assert!(dec(b"\x00\x01\xff").unwrap_err().contains("NUL"));
    }

    #[test]
    fn forced_encoding() {
        let (gbk, _, _) = encoding_rs::GBK.encode("通报");
        let got = decode("f", gbk.to_vec(), Some(encoding_rs::GB18030)).unwrap();
        assert_eq!(got.0, "通报");
        let e = decode("f", vec![0xFF, 0xFF], Some(encoding_rs::UTF_8)).unwrap_err();
        assert!(e.message.contains("UTF-8"), "{}", e.message);
    }
}
