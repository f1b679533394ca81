//! The whole check with the built-in rules, as text and as Markdown, then every renderer:
//! never a panic, every diagnostic and label span inside the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use zhenggai::RuleSet;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    // Rules off by default run too.
    RULES.get_or_init(|| RuleSet::builtin_all().expect("built-in rules"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let r = zhenggai::check_text("fuzz", text.clone(), mode & 1 == 1, rules());
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
    let _ = zhenggai::render::human::concise(&r);
    let _ = zhenggai::render::json::file(&r);
});
