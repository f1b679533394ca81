//! Inline enumerations: `一是…二是…三是…` markers at the start of a paragraph or heading line or
//! after any [`BOUNDARIES`] character (a comma as well as a sentence end, in every sentence;
//! `是否` is no marker), grouped into runs that never continue across a heading (see
//! [`assign_runs`]). Prefilter: `是`.

use super::{back_over, is_cn_digit};
use crate::model::{Document, EnumMarker, LineKind};
use memchr::memmem;

/// Characters after which `一是` starts an enumeration item (and the start of a line).
pub(crate) const BOUNDARIES: &[char] = &[
    '。', '；', ';', '：', ':', '，', ',', '！', ' ', '\u{3000}', '）', ')',
];

/// `一是…二是…`: markers after a [`BOUNDARIES`] character or at the start of a line.
pub(super) fn enumerations(doc: &mut Document) {
    let text = doc.text.as_str();
    for (li, line) in doc.lines.iter().enumerate() {
        if !matches!(line.kind, LineKind::Paragraph | LineKind::Heading(_)) {
            continue;
        }
        let s = &text[line.span.clone()];
        for pos in memmem::find_iter(s.as_bytes(), "是".as_bytes()) {
            let start = back_over(s, pos, 3, is_cn_digit);
            if start == pos {
                continue;
            }
            let prev = s[..start].chars().next_back();
            let boundary = prev.is_none_or(|c| BOUNDARIES.contains(&c));
            if !boundary || s[pos..].starts_with("是否") {
                continue;
            }
            let Some(number) = crate::numbers::parse_chinese(&s[start..pos]) else {
                continue;
            };
            if number == 0 {
                continue;
            }
            doc.enumerations.push(EnumMarker {
                span: line.span.start + start..line.span.start + pos + "是".len(),
                number,
                line: li,
                run: 0,
            });
        }
    }
    assign_runs(doc);
}

/// Groups the markers into runs, each numbered from 一是 on its own:
/// - a heading ends every run (its own markers start a new one);
/// - a paragraph with one marker continues the run of the paragraphs before it in the
///   section (`一是…` / `二是…` / an unnumbered paragraph / `三是…`), or starts one;
/// - a paragraph with several markers is a run of its own, unless its first marker continues
///   the run before it (`…三是` then `四是…五是…`); a following one-marker paragraph may
///   continue it.
fn assign_runs(doc: &mut Document) {
    let mut run = 0;
    // (run id, last number) of the run a following paragraph may continue.
    let mut open: Option<(usize, u64)> = None;
    let mut k = 0;
    for (li, line) in doc.lines.iter().enumerate() {
        if matches!(line.kind, LineKind::Heading(_)) {
            open = None;
        }
        let start = k;
        while k < doc.enumerations.len() && doc.enumerations[k].line == li {
            k += 1;
        }
        if start == k {
            continue;
        }
        let markers = &mut doc.enumerations[start..k];
        let first = markers[0].number;
        let id = match open {
            Some((id, last)) if markers.len() == 1 || first == last + 1 => id,
            _ => {
                run += 1;
                run
            }
        };
        for m in markers.iter_mut() {
            m.run = id;
        }
        open = Some((id, markers[markers.len() - 1].number));
    }
}

#[cfg(test)]
mod tests {
    use crate::parse::parse;

    /// (number, run) of every marker.
    fn runs(text: &str) -> Vec<(u64, usize)> {
        parse(text.to_string())
            .enumerations
            .iter()
            .map(|e| (e.number, e.run))
            .collect()
    }

    #[test]
    fn each_paragraph_with_several_markers_is_a_run() {
        assert_eq!(
            runs("一是甲。二是乙。三是丙。\n持续推进，二是丁。三是戊。"),
            [(1, 1), (2, 1), (3, 1), (2, 2), (3, 2)]
        );
    }

    #[test]
    fn one_marker_paragraphs_continue_across_unnumbered_ones() {
        assert_eq!(
            runs("一、组织领导\n一是甲。\n二是乙。\n补充说明。\n三是丙。"),
            [(1, 1), (2, 1), (3, 1)]
        );
    }

    #[test]
    fn a_heading_ends_a_run() {
        assert_eq!(
            runs("一是甲。\n二是乙。\n二、下一步\n一是丙。"),
            [(1, 1), (2, 1), (1, 2)]
        );
    }
}
