//! Numbers as announcements write them: Arabic (`30`, `1,206`, `2119.78`), full-width
//! (`５４`), Chinese numerals (`九`, `十二`, `一百一十五`, `两`), quantities with units (`万元`),
//! and calendar arithmetic for dates.

/// A number read from the text, with the count of decimals written (for rounding tolerance).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// The value.
    pub value: f64,
    /// Digits written after the decimal point (`33.2` → 1).
    pub decimals: u32,
}

impl Number {
    /// Half a unit of the last written digit: the rounding slack a published figure carries.
    pub(crate) fn half_ulp(&self) -> f64 {
        0.5 * 10f64.powi(-(self.decimals as i32))
    }
}

/// Maps a full-width digit (`０`–`９`) to its ASCII form; other characters are unchanged.
pub(crate) fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        _ => c,
    }
}

/// Parses Arabic digits, full-width digits, thousands separators and a decimal point.
pub(crate) fn parse_arabic(s: &str) -> Option<Number> {
    let mut clean = String::with_capacity(s.len());
    let mut decimals = None;
    for c in s.chars() {
        let c = ascii_digit(c);
        match c {
            '0'..='9' => {
                if let Some(d) = decimals.as_mut() {
                    *d += 1;
                }
                clean.push(c);
            }
            ',' => {}
            '.' | '．' if decimals.is_none() => {
                decimals = Some(0);
                clean.push('.');
            }
            _ => return None,
        }
    }
    let value: f64 = clean.parse().ok()?;
    Some(Number {
        value,
        decimals: decimals.unwrap_or(0),
    })
}

fn cn_digit(c: char) -> Option<u64> {
    // ○ (U+25CB) is a wrong but common 〇 in years; it is read so the year rule can say so.
    crate::vocab::cn_digit_value(c).or((c == '○').then_some(0))
}

/// Parses a Chinese numeral up to the thousands: `九`, `十二`, `二十一`, `一百零五`,
/// `一百一十五`, `两`. Returns `None` for anything else.
pub(crate) fn parse_chinese(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let mut total = 0u64;
    let mut digit: Option<u64> = None;
    for c in s.chars() {
        let mult = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                let d = cn_digit(c)?;
                // Two digits in a row without a multiplier ("二五") is a digit string,
                // which only years use: not a count.
                if digit.is_some_and(|p| p != 0) {
                    return None;
                }
                digit = Some(d);
                continue;
            }
        };
        total += digit.take().unwrap_or(1) * mult;
    }
    Some(total + digit.unwrap_or(0))
}

/// Parses a count written either way (`30`, `３０`, `九`, `二十一`).
pub(crate) fn parse_count(s: &str) -> Option<u64> {
    if s.chars()
        .next()
        .is_some_and(|c| ascii_digit(c).is_ascii_digit())
    {
        let n = parse_arabic(s)?;
        (n.decimals == 0 && n.value >= 0.0 && n.value < 1e15).then_some(n.value as u64)
    } else {
        parse_chinese(s)
    }
}

/// Reads a year written digit by digit in Chinese (`二〇二五`), accepting the wrong zeros
/// (零, ○, O) so the format rule can report them.
pub(crate) fn parse_chinese_digits(s: &str) -> Option<u64> {
    let mut v = 0u64;
    for c in s.chars() {
        let d = match c {
            'O' | 'Ｏ' | '0' | '０' => 0,
            _ => cn_digit(c)?,
        };
        v = v.checked_mul(10)?.checked_add(d)?;
    }
    Some(v)
}

/// Writes `n` (0–999) in Chinese numerals as headings do: 三, 十二, 二十一, 一百零五.
pub fn to_chinese(n: u64) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n % 10 == 0 {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n % 10 == 0 {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", D[rest as usize]),
                10..=19 => format!("一{}", to_chinese(rest)),
                _ => to_chinese(rest),
            };
            format!("{}百{tail}", D[(n / 100) as usize])
        }
        _ => n.to_string(),
    }
}

/// How a unit scales the number before amounts are compared, and which units compare.
/// Returns (unit class, factor to the class's base unit) from [`crate::vocab::UNITS`];
/// amounts compare only within a class. A unit outside the table is a class of its own.
pub(crate) fn unit_class(unit: &str) -> (crate::vocab::UnitClass, f64) {
    match crate::vocab::unit_of(unit) {
        Some(u) => (u.class, u.factor),
        None => (crate::vocab::UnitClass::Count("?"), 1.0),
    }
}

/// A figure read from a sentence for arithmetic: its value in base units (a percentage as
/// a fraction: `88.5%` is 0.885) and how far the true value may lie from it given how it
/// was rounded (`slack`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Figure {
    /// The value, scaled (`3.2万` → 32000, `88.5%` → 0.885).
    pub value: f64,
    /// Half a unit of the last written digit, scaled, for a rounded figure (one with
    /// decimals, 万/亿 or a percentage); 0 for a plain whole count, which is exact.
    pub(crate) slack: f64,
}

/// Multipliers that may follow a number, longest first.
const SCALES: &[(&str, f64)] = &[
    ("万亿", 1e12),
    ("亿", 1e8),
    ("千万", 1e7),
    ("百万", 1e6),
    ("万", 1e4),
    ("千", 1e3),
    ("%", 0.01),
    ("％", 0.01),
    ("‰", 0.001),
];

/// The multiplier a unit starts with (`万元` → 10⁴, `亿` → 10⁸, `%` → 0.01); `None` for a
/// unit without one (`个`, `人`, `元`).
pub(crate) fn scale_of(unit: &str) -> Option<f64> {
    let unit = unit.trim();
    SCALES
        .iter()
        .find(|(w, _)| unit.starts_with(w))
        .map(|&(_, f)| f)
}

fn is_cn_numeral(c: char) -> bool {
    cn_digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万' | '亿')
}

/// A Chinese numeral with 万 and 亿 sections (`两万`, `一万二千`, `三亿五千万`): the value
/// and the place of its last written unit (10⁴ for `两万`, 1 for `一万二千零五`).
fn parse_chinese_big(s: &str) -> Option<(f64, f64)> {
    fn upto_wan(s: &str) -> Option<f64> {
        match s.split_once('万') {
            Some((hi, lo)) => {
                let hi = if hi.is_empty() { 1 } else { parse_chinese(hi)? };
                let lo = if lo.is_empty() { 0 } else { parse_chinese(lo)? };
                Some(hi as f64 * 1e4 + lo as f64)
            }
            None => parse_chinese(s).map(|v| v as f64),
        }
    }
    let value = match s.split_once('亿') {
        Some((hi, lo)) => {
            let hi = if hi.is_empty() { 1.0 } else { upto_wan(hi)? };
            let lo = if lo.is_empty() { 0.0 } else { upto_wan(lo)? };
            hi * 1e8 + lo
        }
        None => upto_wan(s)?,
    };
    let place = if s.ends_with('亿') {
        1e8
    } else if s.ends_with('万') {
        1e4
    } else {
        1.0
    };
    Some((value, place))
}

/// Reads a figure as a sentence writes it: Arabic (`1,206`, `2119.78`), full-width (`５４`,
/// `３．２`) or Chinese numerals (`四十七`, `两万`), then an optional multiplier
/// (`万`, `亿`, `万亿`, `%`, `‰`) and any unit after it (`万元`, `个`). `default_scale`
/// applies when the text writes no multiplier (a rule's `units:` option). Whole counts are
/// exact; a figure with decimals, a multiplier or a percent sign may be off by half a unit
/// of its last written digit.
pub(crate) fn parse_figure(s: &str, default_scale: Option<f64>) -> Option<Figure> {
    let s = s.trim();
    let arabic_len: usize = s
        .chars()
        .take_while(|&c| {
            let c = ascii_digit(c);
            c.is_ascii_digit() || matches!(c, ',' | '.' | '．')
        })
        .map(char::len_utf8)
        .sum();
    if arabic_len > 0 {
        let n = parse_arabic(&s[..arabic_len].replace('．', "."))?;
        let scale = scale_of(&s[arabic_len..]).or(default_scale).unwrap_or(1.0);
        let rounded = n.decimals > 0 || scale != 1.0;
        return Some(Figure {
            value: n.value * scale,
            slack: if rounded { n.half_ulp() * scale } else { 0.0 },
        });
    }
    let cn_len: usize = s
        .chars()
        .take_while(|&c| is_cn_numeral(c))
        .map(char::len_utf8)
        .sum();
    if cn_len == 0 {
        return None;
    }
    let (value, place) = parse_chinese_big(&s[..cn_len])?;
    let (scale, place) = match (place > 1.0, scale_of(&s[cn_len..]).or(default_scale)) {
        (true, _) | (false, None) => (1.0, place),
        (false, Some(f)) => (f, f),
    };
    Some(Figure {
        value: value * scale,
        slack: if place > 1.0 || scale != 1.0 {
            0.5 * place
        } else {
            0.0
        },
    })
}

/// Whether `year` is a leap year in the Gregorian calendar.
pub(crate) fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` of `year`; 0 for a month that does not exist.
pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Formats a value without a trailing `.0` and with the given decimals.
pub(crate) fn format_number(v: f64, decimals: u32) -> String {
    format!("{:.*}", decimals as usize, v)
}

/// A number as written at the start of `written`, exactly: its digits as an integer and the
/// count of decimals (`1,260.5万元` → (12605, 1); full-width digits and point too). `None`
/// for anything else (a Chinese numeral) or more digits than a `u128` holds. Figures too
/// large for an `f64` to hold exactly (a 28-digit count) are compared and shown with this.
pub fn exact(written: &str) -> Option<(u128, u32)> {
    let (mut v, mut decimals, mut point, mut digits) = (0u128, 0u32, false, 0);
    for c in written.chars() {
        match ascii_digit(c) {
            d @ '0'..='9' => {
                v = v.checked_mul(10)?.checked_add(d as u128 - '0' as u128)?;
                digits += 1;
                if point {
                    decimals += 1;
                }
            }
            '.' | '．' if !point && digits > 0 => point = true,
            ',' if !point && digits > 0 => {}
            _ => break,
        }
    }
    (digits > 0).then_some((v, decimals))
}

/// An exact scaled value written out: (12605, 1) → `1260.5`.
pub(crate) fn show_exact(v: u128, decimals: u32) -> String {
    let s = format!("{v:0>width$}", width = decimals as usize + 1);
    let (int, frac) = s.split_at(s.len() - decimals as usize);
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// `n × 100 ÷ d` as a percentage rounded half up to `decimals` places, written out exactly
/// (`16 ÷ 20` at 1 place → `80.0`); `None` when `d` is 0.
pub(crate) fn percent_exact(n: u64, d: u64, decimals: u32) -> Option<String> {
    if d == 0 {
        return None;
    }
    let scale = 10u128.checked_pow(decimals)?;
    let num = (n as u128).checked_mul(100)?.checked_mul(scale)?;
    let q = (num + d as u128 / 2) / d as u128;
    Some(show_exact(q, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_numbers_as_written() {
        assert_eq!(exact("1,260.5万元"), Some((12605, 1)));
        assert_eq!(exact("９１．６％"), Some((916, 1)));
        assert_eq!(
            exact("9999999999999999999999999999人"),
            Some((9_999_999_999_999_999_999_999_999_999, 0))
        );
        assert_eq!(exact("一百人"), None);
        assert_eq!(exact(&"9".repeat(40)), None);
        assert_eq!(show_exact(12605, 1), "1260.5");
        assert_eq!(show_exact(5, 3), "0.005");
        assert_eq!(show_exact(0, 0), "0");
        assert_eq!(percent_exact(16, 20, 1).as_deref(), Some("80.0"));
        assert_eq!(percent_exact(23, 26, 2).as_deref(), Some("88.46"));
        assert_eq!(
            percent_exact(u64::MAX, 1, 0).as_deref(),
            Some("1844674407370955161500")
        );
    }

    #[test]
    fn chinese_numerals() {
        for (s, v) in [
            ("九", 9),
            ("十", 10),
            ("十二", 12),
            ("二十一", 21),
            ("一百一十五", 115),
            ("一百零五", 105),
            ("两", 2),
            ("三百", 300),
        ] {
            assert_eq!(parse_chinese(s), Some(v), "{s}");
        }
        assert_eq!(parse_chinese("二五"), None);
        for n in [1, 9, 10, 12, 20, 21, 99, 100, 105, 115, 999] {
            assert_eq!(parse_chinese(&to_chinese(n)), Some(n), "{n}");
        }
        assert_eq!(parse_chinese("个"), None);
    }

    #[test]
    fn arabic_forms() {
        assert_eq!(parse_arabic("1,206").unwrap().value, 1206.0);
        let n = parse_arabic("2119.78").unwrap();
        assert_eq!((n.value, n.decimals), (2119.78, 2));
        assert_eq!(parse_count("５４"), Some(54));
        assert_eq!(parse_count("一百一十五"), Some(115));
        assert_eq!(parse_arabic("1.2.3"), None);
    }

    #[test]
    fn figures() {
        let f = |s: &str| parse_figure(s, None).map(|f| (f.value, f.slack));
        assert_eq!(f("47"), Some((47.0, 0.0)));
        assert_eq!(f("四十七个"), Some((47.0, 0.0)));
        assert_eq!(f("３２"), Some((32.0, 0.0)));
        let (v, s) = f("3.2万元").unwrap();
        assert!((v - 32000.0).abs() < 1e-6 && (s - 500.0).abs() < 1e-6);
        let (v, s) = f("88.5%").unwrap();
        assert!((v - 0.885).abs() < 1e-12 && (s - 0.0005).abs() < 1e-12);
        assert_eq!(f("两万"), Some((20000.0, 5000.0)));
        assert_eq!(f("一万二千"), Some((12000.0, 0.0)));
        assert_eq!(f("1,206"), Some((1206.0, 0.0)));
        let (v, _) = f("１．５亿").unwrap();
        assert!((v - 1.5e8).abs() < 1e-3);
        let g = parse_figure("326.8", Some(1e4)).unwrap();
        assert!((g.value - 3_268_000.0).abs() < 1e-6 && (g.slack - 500.0).abs() < 1e-6);
        assert_eq!(parse_figure("约", None), None);
    }

    #[test]
    fn calendar() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2025, 2), 28);
        assert_eq!(days_in_month(2025, 13), 0);
        assert_eq!(parse_chinese_digits("二〇二五"), Some(2025));
        assert_eq!(parse_chinese_digits("二零二五"), Some(2025));
    }
}
