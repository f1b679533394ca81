//! 截至 (as-of) dates: the dates the statistics are stated at, which must fall between the
//! feedback and the issue date (`截至2024年12月31日`, `截至2022年3月` at month precision).

use crate::model::{DateRole, Document};

/// Words right before a date that make it an as-of date.
pub(crate) const CUES: &[&str] = &["截至", "截止", "截止到", "截至目前的"];

/// Marks every date written right after a cue of [`CUES`] as an as-of date (a date with a
/// role already, such as the feedback date, keeps it).
pub(super) fn as_of_dates(doc: &mut Document) {
    let text = doc.text.as_str();
    for d in doc.dates.iter_mut() {
        let before = text[..d.span.start].trim_end_matches(['到', ' ']);
        if d.role == DateRole::Other && CUES.iter().any(|c| before.ends_with(c)) {
            d.role = DateRole::AsOf;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::DateRole;
    use crate::parse::parse;

    #[test]
    fn as_of_cues() {
        for text in [
            "截至2024年12月31日，",
            "截止2024年12月31日，",
            "截止到2024年12月31日，",
            "截至2024年12月，",
        ] {
            let doc = parse(text.to_string());
            assert_eq!(doc.dates[0].role, DateRole::AsOf, "{text}");
        }
        let doc = parse("2024年12月31日，召开会议。".to_string());
        assert_eq!(doc.dates[0].role, DateRole::Other);
    }
}
