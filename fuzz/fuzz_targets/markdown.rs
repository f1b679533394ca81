//! Markdown and suppression comments: masking keeps every byte offset and line break,
//! `<!-- zhenggai-… -->` directives in any shape (`<!-->`, unclosed, nested, in fences)
//! never panic, every diagnostic span stays inside the text on character boundaries, and
//! fixing the Markdown changes nothing but the fixed spans (the text outside them, and every
//! line break, stays).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use zhenggai::RuleSet;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin_all().expect("built-in rules"))
}

/// Pieces the fuzzer splices in by their first byte, so that short inputs reach the
/// directive parser and the masker's corners.
const PIECES: [&str; 16] = [
    "<!-- zhenggai-disable-next-line placeholder -->\n",
    "<!-- zhenggai-disable duplicate-punctuation, year-zero -- 理由 -->",
    "<!-- zhenggai-enable duplicate-punctuation -->",
    "<!-- zhenggai-disable-file fullwidth-punctuation -->",
    "<!-->",
    "<!--->",
    "<!--",
    "-->",
    "```\n",
    "`",
    "<https://a.cn/x,,y?z>",
    "[a]: http://b.cn/甲,,乙\n",
    "http://c.cn/通报?id=1,,2 ",
    "XX，，。。二零二五年",
    "\r\n",
    "一、关于“甲”问题的整改情况\n",
];

fuzz_target!(|data: &[u8]| {
    // Bytes ≥ 0xF0 followed by an index splice a piece in; everything else is text.
    let mut text = String::new();
    let mut rest = data;
    while let Some((&b, tail)) = rest.split_first() {
        if b >= 0xF0 {
            text.push_str(PIECES[(b & 0x0F) as usize]);
            rest = tail;
            continue;
        }
        let n = rest.iter().position(|&c| c >= 0xF0).unwrap_or(rest.len());
        text.push_str(&String::from_utf8_lossy(&rest[..n]));
        rest = &rest[n..];
    }
    let masked = zhenggai::input::markdown::mask(&text);
    assert_eq!(masked.len(), text.len());
    for (a, b) in masked.bytes().zip(text.bytes()) {
        assert_eq!(a == b'\n', b == b'\n');
    }
    let r = zhenggai::check_text("fuzz.md", text.clone(), true, rules());
    for d in &r.diagnostics {
        for s in std::iter::once(&d.span).chain(d.labels.iter().map(|l| &l.span)) {
            assert!(
                s.start <= s.end
                    && s.end <= text.len()
                    && text.is_char_boundary(s.start)
                    && text.is_char_boundary(s.end),
                "{} span {s:?}",
                d.rule
            );
        }
    }
    let _ = zhenggai::render::human::file(&r, false);
    let fixed = zhenggai::fix::fix_text("fuzz.md", text.clone(), true, rules(), &[], None);
    if let Some(new) = &fixed.text {
        // The edits, applied to the original, give the fixed text.
        let mut out = String::new();
        let mut at = 0;
        for e in &fixed.edits {
            assert!(e.span.start >= at && e.span.end <= text.len());
            out.push_str(&text[at..e.span.start]);
            out.push_str(&e.replacement);
            at = e.span.end;
        }
        out.push_str(&text[at..]);
        assert_eq!(&out, new);
        assert_eq!(new.matches('\n').count(), text.matches('\n').count());
        // And the splice into UTF-8 bytes is exactly that text.
        let bytes = zhenggai::input::splice(text.as_bytes(), encoding_rs::UTF_8, &text, &fixed.edits, new)
            .expect("UTF-8 writes every fix");
        assert_eq!(bytes, new.as_bytes());
    }
});
