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
    pub fn half_ulp(&self) -> f64 {
        0.5 * 10f64.powi(-(self.decimals as i32))
    }
}

/// Maps a full-width digit (`０`–`９`) to its ASCII form; other characters are unchanged.
pub fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        _ => c,
    }
}

/// Parses Arabic digits, full-width digits, thousands separators and a decimal point.
pub fn parse_arabic(s: &str) -> Option<Number> {
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
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Parses a Chinese numeral up to the thousands: `九`, `十二`, `二十一`, `一百零五`,
/// `一百一十五`, `两`. Returns `None` for anything else.
pub fn parse_chinese(s: &str) -> Option<u64> {
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
pub fn parse_count(s: &str) -> Option<u64> {
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
pub fn parse_chinese_digits(s: &str) -> Option<u64> {
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
/// Returns (unit class, factor); amounts compare only within a class.
pub fn unit_class(unit: &str) -> (&'static str, f64) {
    match unit {
        "人" | "名" => ("人", 1.0),
        "人次" => ("人次", 1.0),
        "元" => ("元", 1.0),
        "万元" => ("元", 1e4),
        "亿元" => ("元", 1e8),
        "平方米" => ("平方米", 1.0),
        "万平方米" => ("平方米", 1e4),
        "件" => ("件", 1.0),
        "起" => ("起", 1.0),
        "个" => ("个", 1.0),
        "项" => ("项", 1.0),
        "条" => ("条", 1.0),
        "份" => ("份", 1.0),
        "笔" => ("笔", 1.0),
        "家" => ("家", 1.0),
        "次" => ("次", 1.0),
        "户" => ("户", 1.0),
        "处" => ("处", 1.0),
        _ => ("其他", 1.0),
    }
}

/// Whether `year` is a leap year in the Gregorian calendar.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` of `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Formats a value without a trailing `.0` and with the given decimals.
pub fn format_number(v: f64, decimals: u32) -> String {
    format!("{:.*}", decimals as usize, v)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn calendar() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2025, 2), 28);
        assert_eq!(days_in_month(2025, 13), 0);
        assert_eq!(parse_chinese_digits("二〇二五"), Some(2025));
        assert_eq!(parse_chinese_digits("二零二五"), Some(2025));
    }
}
