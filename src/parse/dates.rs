//! Dates: every date written in the text, with its precision and its year (written or
//! inherited from the latest stated year), and the statements of a date that cannot be read.
//!
//! Forms read (each has a test below and a snapshot under `tests/parse/dates/`):
//! - `2024年3月18日`, `3月18日` (year inherited), `二〇二五年六月十日`, `3月18号` — the grammar's
//!   `date` rule, run where the prefilter finds `月`;
//! - month precision: `2023年11月` (a year and no day: `2023年11月至12月`, `截至2022年3月`), and
//!   a bare `12月` that ends a range a month-precision date starts;
//! - web notations: `2024.8.9`, `2024-08-09`, `2024/8/9` (a four-digit year 19xx/20xx and the
//!   same separator twice), found by the separators after a year;
//! - malformed: digits and `日` with no `月` (`2024717日`, `914日`): recorded as
//!   [`crate::model::Document::malformed_dates`] for the `date-malformed` rule, never taken
//!   for a date.

use super::{GrammarRule, back_over, is_cn_digit, is_digit, parse_at, span_at};
use crate::model::{DatePrecision, DateRef, DateRole, Document, Span};
use crate::numbers::{parse_chinese_digits, parse_count};
use memchr::memmem;

/// Words between two dates that make them a range (`A至B`, `A—B`).
pub(crate) const RANGE_CONNECTORS: &[&str] = &["至", "到", "—", "-", "－", "~", "～", "——"];

/// Separators of the numeric notations web copies use (`2024.8.9`, `2024-08-09`, `2024/8/9`).
const NUMERIC_SEPARATORS: &[u8] = b".-/";

/// All dates, in order, with years inherited from the latest stated year and range ends
/// (`…至5月20日`) inheriting from their start.
pub(super) fn dates(doc: &mut Document) {
    let text = doc.text.as_str();
    let mut out = chinese_dates(text);
    out.extend(numeric_dates(doc));
    out.sort_by_key(|d| d.span.start);
    inherit_years(text, &mut out);
    doc.malformed_dates = malformed(text);
    doc.dates = out;
}

/// `2024年3月18日`, `5月20日`, `2023年11月` and the range end after it.
fn chinese_dates(text: &str) -> Vec<DateRef> {
    let mut out: Vec<DateRef> = Vec::new();
    let mut last_end = 0;
    for pos in memmem::find_iter(text.as_bytes(), "月".as_bytes()) {
        if pos < last_end {
            continue;
        }
        let mstart = back_over(text, pos, 3, |c| is_digit(c) || is_cn_digit(c));
        if mstart == pos {
            continue;
        }
        let mut start = mstart;
        if text[..mstart].ends_with('年') {
            let ystart = back_over(text, mstart - '年'.len_utf8(), 4, |c| {
                is_digit(c) || is_cn_digit(c) || matches!(c, '○' | 'O' | 'Ｏ')
            });
            // More digits before the four a year can have (`9999999年`): not a year this
            // reads, and not a date to quote as `9999年`.
            if text[..ystart].ends_with(|c: char| is_digit(c)) {
                last_end = pos + "月".len();
                continue;
            }
            if ystart < mstart - '年'.len_utf8() {
                start = ystart;
            }
        }
        if let Some(pair) = parse_at(GrammarRule::date, text, start) {
            let span = span_at(&pair, start);
            let (mut year, mut month, mut day) = (None, 0, 0);
            for p in pair.into_inner() {
                let s = p.as_str();
                let v = parse_count(s).or_else(|| parse_chinese_digits(s));
                match p.as_rule() {
                    GrammarRule::date_year => {
                        year = parse_chinese_digits(s).or(v).map(|y| y as i32)
                    }
                    GrammarRule::date_month => month = v.unwrap_or(0) as u32,
                    GrammarRule::date_day => day = v.unwrap_or(0) as u32,
                    _ => {}
                }
            }
            // A two-digit year (`25年`) is kept for the format rule but not trusted for order.
            let year = year.filter(|y| (1000..=9999).contains(y));
            last_end = span.end;
            out.push(date(span, year, month, day, DatePrecision::Day));
        } else if let Some(d) = month_date(text, start, mstart, pos, out.last()) {
            last_end = d.span.end;
            out.push(d);
        }
    }
    out
}

fn date(span: Span, year: Option<i32>, month: u32, day: u32, precision: DatePrecision) -> DateRef {
    DateRef {
        span,
        year,
        month,
        day,
        precision,
        inherited: false,
        ambiguous: false,
        role: DateRole::Other,
    }
}

/// A month-precision date at `月` (byte `pos`): `2023年11月` with a four-digit Arabic year,
/// or a bare `12月` ending a range that a month-precision date starts. Not `3个月`, `5月份`
/// after a number of months, nor a month followed by a day the grammar could not read.
fn month_date(
    text: &str,
    start: usize,
    mstart: usize,
    pos: usize,
    prev: Option<&DateRef>,
) -> Option<DateRef> {
    let end = pos + "月".len();
    // A digit after 月 is a day the date rule refused (`3月32日` is read; `3月1` is not a
    // month): leave it alone.
    if text[end..].starts_with(|c: char| is_digit(c) || is_cn_digit(c)) {
        return None;
    }
    let month = parse_count(&text[mstart..pos])? as u32;
    if !(1..=12).contains(&month) {
        return None;
    }
    if start < mstart {
        let ytext = &text[start..mstart - '年'.len_utf8()];
        if ytext.len() != 4 || !ytext.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = ytext.parse().ok()?;
        return Some(date(start..end, Some(year), month, 0, DatePrecision::Month));
    }
    let prev = prev.filter(|p| p.precision == DatePrecision::Month)?;
    let between = text.get(prev.span.end..start)?;
    RANGE_CONNECTORS
        .contains(&between.trim())
        .then(|| date(start..end, None, month, 0, DatePrecision::Month))
}

/// `2024.8.9`, `2024-08-09`, `2024/8/9`: a year 1900–2099, then month and day with the same
/// separator, month 1–12 and day 1–31, not inside a longer run of digits and separators
/// (`1.2024.8.9.3`, a version or a phone number). The site header's date is its own.
fn numeric_dates(doc: &Document) -> Vec<DateRef> {
    let text = doc.text.as_str();
    let bytes = text.as_bytes();
    let header = doc.header.as_ref().map(|h| h.span.clone());
    let mut out = Vec::new();
    for pos in memchr::memchr3_iter(b'.', b'-', b'/', bytes) {
        if pos < 4 || header.as_ref().is_some_and(|h| h.contains(&pos)) {
            continue;
        }
        let y = &bytes[pos - 4..pos];
        if !y.iter().all(u8::is_ascii_digit) || !(y.starts_with(b"19") || y.starts_with(b"20")) {
            continue;
        }
        if pos > 4 && matches!(bytes[pos - 5], b'0'..=b'9' | b'.' | b'-' | b'/') {
            continue;
        }
        let sep = bytes[pos];
        let digits = |from: usize| {
            let n = bytes[from..]
                .iter()
                .take(3)
                .take_while(|b| b.is_ascii_digit())
                .count();
            (n > 0 && n <= 2).then(|| (from + n, &text[from..from + n]))
        };
        let Some((mend, m)) = digits(pos + 1) else {
            continue;
        };
        if bytes.get(mend) != Some(&sep) {
            continue;
        }
        let Some((dend, d)) = digits(mend + 1) else {
            continue;
        };
        if bytes
            .get(dend)
            .is_some_and(|b| b.is_ascii_digit() || NUMERIC_SEPARATORS.contains(b))
        {
            continue;
        }
        let (Ok(month), Ok(day)) = (m.parse::<u32>(), d.parse::<u32>()) else {
            continue;
        };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            continue;
        }
        let year = text[pos - 4..pos].parse().ok();
        out.push(date(pos - 4..dend, year, month, day, DatePrecision::Day));
    }
    out
}

/// Fills missing years from the latest stated one; a range end that would fall before its
/// start is marked ambiguous (the writer may mean the next year).
fn inherit_years(text: &str, dates: &mut [DateRef]) {
    let mut current: Option<i32> = None;
    for i in 0..dates.len() {
        if dates[i].year.is_some() {
            current = dates[i].year;
            continue;
        }
        let Some(y) = current else { continue };
        dates[i].year = Some(y);
        dates[i].inherited = true;
        if i > 0 && is_range(text, &dates[i - 1], &dates[i]) {
            dates[i].ambiguous = dates[i - 1].is_after(&dates[i]);
        }
    }
}

/// Whether `b` ends a range that `a` starts (`A至B`, `A—B`, `A-B`).
pub(crate) fn is_range(text: &str, a: &DateRef, b: &DateRef) -> bool {
    let between = text.get(a.span.end..b.span.start).unwrap_or("");
    RANGE_CONNECTORS.contains(&between.trim())
}

/// Digits and `日` with no `月` among them (`2024717日`, `914日`), read as a month and a day
/// that exist (3 or 4 digits, after an optional four-digit year): a date whose `月` (and
/// `年`) was lost. `100日` (a hundred days) and `第15日` are not.
fn malformed(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for pos in memmem::find_iter(text.as_bytes(), "日".as_bytes()) {
        let start = back_over(text, pos, 8, |c| c.is_ascii_digit());
        let digits = &text[start..pos];
        if digits.len() < 3 {
            continue;
        }
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| {
            is_digit(c) || matches!(c, '月' | '年' | '第' | '.' | '-' | '/' | '～' | '~')
        }) {
            continue;
        }
        let md = match digits.len() {
            3 | 4 => digits,
            7 | 8 if digits.starts_with("19") || digits.starts_with("20") => &digits[4..],
            _ => continue,
        };
        let plausible = (1..md.len()).any(|cut| {
            let (m, d) = md.split_at(cut);
            let (Ok(m), Ok(d)) = (m.parse::<u32>(), d.parse::<u32>()) else {
                return false;
            };
            d.to_string().len() == md.len() - cut
                && (1..=12).contains(&m)
                && (1..=31).contains(&d)
                && !m.to_string().starts_with('0')
        });
        if plausible {
            out.push(start..pos + "日".len());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::DatePrecision;
    use crate::parse::parse;

    fn dates(text: &str) -> Vec<(String, String, DatePrecision)> {
        let doc = parse(text.to_string());
        doc.dates
            .iter()
            .map(|d| (doc.slice(&d.span).to_string(), d.display(), d.precision))
            .collect()
    }

    #[test]
    fn chinese_dates_inherit_the_year() {
        let d = dates("2024年3月4日至5月17日，巡视。");
        assert_eq!(d[0].1, "2024年3月4日");
        assert_eq!(d[1].1, "2024年5月17日");
    }

    #[test]
    fn month_precision_periods() {
        let d = dates("2023年11月至12月，市委第一巡察组对甲镇开展了巡察。");
        assert_eq!(
            d,
            [
                (
                    "2023年11月".into(),
                    "2023年11月".into(),
                    DatePrecision::Month
                ),
                ("12月".into(), "2023年12月".into(), DatePrecision::Month),
            ]
        );
        let d = dates("2023年11月至2024年1月，巡察。");
        assert_eq!(d[1].1, "2024年1月");
        assert_eq!(dates("截至2022年3月，已完成。")[0].1, "2022年3月");
    }

    #[test]
    fn months_that_are_not_dates() {
        assert!(dates("用3个月时间，每月推进。12月份开展检查。").is_empty());
        // A bare month is a date only as the end of a month range.
        assert!(dates("计划在12月完成。").is_empty());
    }

    #[test]
    fn numeric_notations() {
        for (text, want) in [
            ("2024.8.9，反馈", "2024年8月9日"),
            ("于2024-08-09反馈", "2024年8月9日"),
            ("于2024/8/9反馈", "2024年8月9日"),
        ] {
            assert_eq!(dates(text)[0].1, want, "{text}");
        }
        for text in [
            "2021-2035年规划",
            "版本1.2024.8.9",
            "电话0571-2024-8",
            "2024.13.9",
            "2024.8.9.1",
            "12024.8.9",
        ] {
            assert!(dates(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_year_of_more_than_four_digits_is_no_date() {
        assert!(dates("9999999年3月1日，召开会议。").is_empty());
        assert_eq!(dates("于2024年3月1日召开会议。")[0].1, "2024年3月1日");
    }

    #[test]
    fn malformed_dates_are_not_dates() {
        let doc = parse("2024717日至830日，巡察组进驻。914日反馈。".to_string());
        assert!(doc.dates.is_empty());
        let m: Vec<&str> = doc.malformed_dates.iter().map(|s| doc.slice(s)).collect();
        assert_eq!(m, ["2024717日", "830日", "914日"]);
        for ok in [
            "开展100日攻坚行动",
            "第120日",
            "3月15日",
            "2024年9月14日",
            "每月30日",
        ] {
            assert!(parse(ok.to_string()).malformed_dates.is_empty(), "{ok}");
        }
    }
}
