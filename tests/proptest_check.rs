//! Property tests: arbitrary text, and the examples with random edits (CJK, brackets, digits,
//! line endings), through the whole check with every built-in rule and every renderer.
//! No panic; every span and label inside the text and on character boundaries; the same
//! input twice gives the same diagnostics.

use proptest::prelude::*;
use std::sync::OnceLock;
use zhenggai::RuleSet;
use zhenggai::render::{human, json};

const EXAMPLES: [&str; 3] = [
    include_str!("../examples/faulty.txt"),
    include_str!("../examples/announcement.txt"),
    include_str!("../examples/announcement-xuncha.txt"),
];

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    // Rules off by default run too.
    RULES.get_or_init(|| RuleSet::builtin_all().expect("built-in rules"))
}

/// Characters that carry structure in announcements, weighted in.
const SPECIAL: &[char] = &[
    '\n', '\r', '\t', ' ', '\u{3000}', '\u{a0}', '\u{feff}', '（', '）', '(', ')', '“', '”', '‘',
    '’', '《', '》', '【', '】', '「', '」', '、', '，', '。', '；', '：', '.', '．', '%', '％',
    '0', '1', '2', '3', '9', '０', '１', '９', '一', '二', '三', '十', '百', '〇', '年', '月',
    '日', '号', '人', '次', '件', '万', '元', '个', '方', '面', '问', '题', '其', '中', '是', '第',
    '种', '形', '态', '占', '巡', '视', '察', '党', '纪', '处', '分', 'X', 'Ｘ', '#', '*', '-',
    '>', '`', '<', '!', '_', '[', ']',
];

fn a_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::sample::select(SPECIAL),
        1 => any::<char>(),
        1 => proptest::char::range('\u{4e00}', '\u{9fff}'),
    ]
}

fn a_string(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(a_char(), 0..max).prop_map(String::from_iter)
}

/// One edit: (what, where as a fraction of the text, how many chars, what to put).
type Edit = (u8, f64, usize, String);

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    proptest::collection::vec((0u8..3, 0.0f64..1.0, 0usize..40, a_string(12)), 1..10)
}

fn mutate(base: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = base.chars().collect();
    for (kind, at, len, s) in edits {
        let at = ((chars.len() as f64) * at) as usize;
        let end = (at + len).min(chars.len());
        match kind {
            0 => {
                chars.splice(at..at, s.chars());
            }
            1 => {
                chars.drain(at..end);
            }
            _ => {
                chars.splice(at..end, s.chars());
            }
        }
    }
    chars.into_iter().collect()
}

fn holds(text: &str, markdown: bool) -> Result<(), TestCaseError> {
    let r = zhenggai::check_text("p.txt", text.to_string(), markdown, rules());
    prop_assert_eq!(&r.text, text);
    for d in &r.diagnostics {
        for s in std::iter::once(&d.span).chain(d.labels.iter().map(|l| &l.span)) {
            prop_assert!(
                s.start <= s.end
                    && s.end <= text.len()
                    && text.is_char_boundary(s.start)
                    && text.is_char_boundary(s.end),
                "{}: span {:?} in a text of {} bytes",
                d.rule,
                s,
                text.len()
            );
        }
    }
    let again = zhenggai::check_text("p.txt", text.to_string(), markdown, rules());
    prop_assert_eq!(&r.diagnostics, &again.diagnostics);
    human::file(&r, false);
    human::concise(&r);
    json::file(&r);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(text in a_string(600), markdown in any::<bool>()) {
        holds(&text, markdown)?;
    }

    #[test]
    fn mutated_examples(which in 0usize..3, edits in edits(), markdown in any::<bool>()) {
        let text = mutate(EXAMPLES[which], &edits);
        holds(&text, markdown)?;
    }
}

#[test]
fn examples_hold_in_every_line_ending() {
    for e in EXAMPLES {
        for ending in ["\n", "\r\n", "\r"] {
            holds(&e.replace('\n', ending), false).unwrap();
            holds(&e.replace('\n', ending), true).unwrap();
        }
    }
}
