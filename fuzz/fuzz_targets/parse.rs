//! The grammar and the model builders on arbitrary text: never a panic, every span of the
//! model inside the text and on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = zhenggai::parse(text.clone());
    assert_eq!(doc.text, text);
    let ok = |s: &std::ops::Range<usize>| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for l in &doc.lines {
        assert!(ok(&l.span), "line {:?}", l.span);
    }
    for h in &doc.headings {
        assert!(
            ok(&h.span) && ok(&h.marker) && ok(&h.title),
            "heading {h:?}"
        );
    }
    for d in &doc.dates {
        assert!(ok(&d.span), "date {d:?}");
    }
    for t in &doc.tallies {
        assert!(ok(&t.span) && ok(&t.total.span), "tally {t:?}");
        for p in &t.parts {
            assert!(ok(&p.span) && ok(&p.label), "part {p:?}");
        }
    }
});
