//! The vocabulary every stage shares: units of measure and the Chinese digits. One row per
//! word, so a unit added here is known to the parser (amounts, tallies), to the arithmetic
//! rules (which quantities may be added) and, through the test that holds the grammar's
//! `unit` rule to this table, to the pest grammar.

/// What a quantity measures. Quantities of different classes are never added or compared:
/// `10亩（复垦5亩，绿化7公里）` is not a sum, and neither is `人` against `人次`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum UnitClass {
    /// Persons (`人`, `名`).
    People,
    /// Person-times (`人次`): the four forms count these.
    PersonTimes,
    /// Money, in yuan.
    Money,
    /// Area, in square metres.
    Area,
    /// Length, in metres.
    Length,
    /// A count with its own measure word (`件`, `个`, `项`…): counts with different measure
    /// words are different things (`件` of cases, `项` of rules).
    Count(&'static str),
}

/// One unit as written: its class and its factor to the class's base unit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit {
    /// The unit as written (`万元`).
    pub text: &'static str,
    /// What it measures.
    pub class: UnitClass,
    /// Multiply a number in this unit by this to get the class's base unit.
    pub(crate) factor: f64,
}

const fn unit(text: &'static str, class: UnitClass, factor: f64) -> Unit {
    Unit {
        text,
        class,
        factor,
    }
}

const fn count(text: &'static str) -> Unit {
    unit(text, UnitClass::Count(text), 1.0)
}

/// Every unit an amount can end with, longest first where one ends another (`人次` before
/// `人`, `万平方米` before `平方米`), because the parser takes the first that matches.
pub(crate) const UNITS: &[Unit] = &[
    unit("万平方米", UnitClass::Area, 1e4),
    unit("平方米", UnitClass::Area, 1.0),
    unit("人次", UnitClass::PersonTimes, 1.0),
    unit("万元", UnitClass::Money, 1e4),
    unit("亿元", UnitClass::Money, 1e8),
    unit("公里", UnitClass::Length, 1e3),
    unit("人", UnitClass::People, 1.0),
    unit("名", UnitClass::People, 1.0),
    unit("元", UnitClass::Money, 1.0),
    count("件"),
    count("起"),
    count("个"),
    count("项"),
    count("条"),
    count("份"),
    count("笔"),
    count("家"),
    count("次"),
    count("户"),
    count("处"),
    count("篇"),
    count("期"),
    count("宗"),
    count("所"),
    count("座"),
    count("套"),
    // 1 亩 = 666.67 m² (1/15 hectare).
    unit("亩", UnitClass::Area, 10_000.0 / 15.0),
];

/// The unit written as `text`, if it is one of [`UNITS`].
pub(crate) fn unit_of(text: &str) -> Option<&'static Unit> {
    UNITS.iter().find(|u| u.text == text)
}

/// The unit that `text` ends with, the longest first.
pub(crate) fn unit_suffix(text: &str) -> Option<&'static Unit> {
    UNITS.iter().find(|u| text.ends_with(u.text))
}

/// Chinese digits and their values (`两` is 2, `〇` and `零` are 0). `十` and `百` are
/// multipliers, read by [`crate::numbers::parse_chinese`].
pub(crate) const CN_DIGITS: &[(char, u64)] = &[
    ('〇', 0),
    ('零', 0),
    ('一', 1),
    ('二', 2),
    ('两', 2),
    ('三', 3),
    ('四', 4),
    ('五', 5),
    ('六', 6),
    ('七', 7),
    ('八', 8),
    ('九', 9),
];

/// Characters that write a count or an ordinal in Chinese: the digits and `十`, `百`.
pub(crate) fn is_cn_numeral_char(c: char) -> bool {
    matches!(c, '十' | '百') || CN_DIGITS.iter().any(|&(d, _)| d == c)
}

/// The value of one Chinese digit.
pub(crate) fn cn_digit_value(c: char) -> Option<u64> {
    CN_DIGITS.iter().find(|&&(d, _)| d == c).map(|&(_, v)| v)
}

/// ASCII or full-width digits.
pub(crate) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grammar's `unit` rule lists exactly the units of [`UNITS`], longest first where
    /// one ends another. pest reads its grammar at compile time from a file, so the table
    /// cannot generate it; this test keeps the two in step.
    #[test]
    fn grammar_units_are_the_table() {
        let grammar = include_str!("../grammar/announcement.pest");
        let rule = grammar
            .split("\nunit    = @{")
            .nth(1)
            .and_then(|r| r.split('}').next())
            .expect("the grammar has a `unit` rule");
        let in_grammar: Vec<&str> = rule
            .split('|')
            .map(|a| a.trim().trim_matches('"'))
            .collect();
        let table: Vec<&str> = UNITS.iter().map(|u| u.text).collect();
        assert_eq!(
            in_grammar, table,
            "grammar/announcement.pest `unit` vs vocab::UNITS"
        );
    }

    #[test]
    fn longer_units_come_first() {
        for (i, a) in UNITS.iter().enumerate() {
            for b in &UNITS[i + 1..] {
                assert!(
                    !b.text.ends_with(a.text) || a.text == b.text,
                    "{} must come before {}",
                    b.text,
                    a.text
                );
            }
        }
    }

    #[test]
    fn classes_keep_unlike_quantities_apart() {
        let class = |t| unit_of(t).unwrap().class;
        assert_ne!(class("亩"), class("公里"));
        assert_ne!(class("人"), class("人次"));
        assert_ne!(class("件"), class("项"));
        assert_eq!(class("万元"), class("亿元"));
        assert_eq!(unit_of("亿元").unwrap().factor, 1e8);
        assert!(unit_of("斤").is_none());
    }
}
