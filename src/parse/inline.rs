//! Inline tokens: dates, declared counts and tallies. A literal prefilter (memchr/memmem)
//! finds the few offsets where a token can start, and only there is the grammar's entry rule
//! run; most of a draft's bytes are never looked at by pest.

use super::{AnnouncementParser, Rule, back_over, is_cn_digit, is_digit};
use crate::model::{Amount, Count, DateRef, DateRole, Declared, Document, Part, Tally, TallyShape};
use crate::numbers::{parse_arabic, parse_chinese_digits, parse_count};
use memchr::memmem;
use pest::Parser;
use pest::iterators::Pair;

/// The longest stretch an inline token is looked for in, in bytes.
const TOKEN_WINDOW: usize = 4096;

/// Runs `rule` anchored at byte `start`; returns its pair when it matches there.
///
/// The rule sees only the rest of the line, at most [`TOKEN_WINDOW`] bytes: pest builds an
/// error for every failed attempt and finds its line by scanning back from the end of the
/// input, so handing it the whole rest of the text made a draft's check quadratic (a 100 MB
/// file would have taken about 20 minutes).
fn parse_at(rule: Rule, text: &str, start: usize) -> Option<Pair<'_, Rule>> {
    let mut end = (start + TOKEN_WINDOW).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let end =
        memchr::memchr2(b'\n', b'\r', &text.as_bytes()[start..end]).map_or(end, |i| start + i);
    AnnouncementParser::parse(rule, &text[start..end])
        .ok()?
        .next()
}

/// Byte span of a pair parsed at `base`.
fn span_at(p: &Pair<Rule>, base: usize) -> std::ops::Range<usize> {
    base + p.as_span().start()..base + p.as_span().end()
}

/// All dates (`2024年3月18日`, `5月20日`), in order, with years inherited from the latest
/// stated year and period ranges (`…至5月20日`) inheriting from their start.
pub(super) fn dates(doc: &mut Document) {
    let text = doc.text.as_str();
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
            if ystart < mstart - '年'.len_utf8() {
                start = ystart;
            }
        }
        let Some(pair) = parse_at(Rule::date, text, start) else {
            continue;
        };
        let span = span_at(&pair, start);
        let (mut year, mut month, mut day) = (None, 0, 0);
        for p in pair.into_inner() {
            let s = p.as_str();
            let v = parse_count(s).or_else(|| parse_chinese_digits(s));
            match p.as_rule() {
                Rule::date_year => year = parse_chinese_digits(s).or(v).map(|y| y as i32),
                Rule::date_month => month = v.unwrap_or(0) as u32,
                Rule::date_day => day = v.unwrap_or(0) as u32,
                _ => {}
            }
        }
        // A two-digit year (`25年`) is kept for the format rule but not trusted for order.
        let year = year.filter(|y| (1000..=9999).contains(y));
        last_end = span.end;
        out.push(DateRef {
            span,
            year,
            month,
            day,
            inherited: false,
            ambiguous: false,
            role: DateRole::Other,
        });
    }
    inherit_years(text, &mut out);
    doc.dates = out;
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
            if let (Some(a), Some(b)) = (dates[i - 1].key(), dates[i].key()) {
                dates[i].ambiguous = b < a;
            }
        }
    }
}

/// Whether `b` ends a range that `a` starts (`A至B`, `A—B`, `A-B`).
pub(super) fn is_range(text: &str, a: &DateRef, b: &DateRef) -> bool {
    let between = text.get(a.span.end..b.span.start).unwrap_or("");
    matches!(
        between.trim(),
        "至" | "到" | "—" | "-" | "－" | "~" | "～" | "——"
    )
}

/// `九个方面30个重点问题`.
pub(super) fn declared(doc: &mut Document) {
    let text = doc.text.as_str();
    for pos in memmem::find_iter(text.as_bytes(), "个方面".as_bytes()) {
        let start = back_over(text, pos, 4, |c| is_digit(c) || is_cn_digit(c));
        if start == pos {
            continue;
        }
        let Some(pair) = parse_at(Rule::declared, text, start) else {
            continue;
        };
        let span = span_at(&pair, start);
        let counts: Vec<Count> = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::count)
            .filter_map(|p| {
                Some(Count {
                    span: span_at(&p, start),
                    value: parse_count(p.as_str())?,
                })
            })
            .collect();
        if let [areas, problems] = &counts[..] {
            doc.declared.push(Declared {
                span,
                areas: areas.clone(),
                problems: problems.clone(),
            });
        }
    }
}

/// Units an amount can end with, longest first (so `人次` wins over `人`).
const UNITS: &[&str] = &[
    "万平方米",
    "平方米",
    "人次",
    "万元",
    "亿元",
    "公里",
    "人",
    "名",
    "元",
    "件",
    "起",
    "个",
    "项",
    "条",
    "份",
    "笔",
    "家",
    "次",
    "户",
    "处",
    "篇",
    "期",
    "宗",
    "所",
    "座",
    "套",
    "亩",
];

/// The start of an amount (`58人`, `2,119.78万元`) ending at byte `end`, if one does.
fn amount_start(text: &str, end: usize) -> Option<usize> {
    // Most brackets follow no unit: reject on the last character before trying each unit.
    let last = text[..end].chars().next_back()?;
    if !UNITS.iter().any(|u| u.ends_with(last)) {
        return None;
    }
    let unit = UNITS.iter().find(|u| text[..end].ends_with(*u))?;
    let num_end = end - unit.len();
    let start = back_over(text, num_end, 24, |c| {
        is_digit(c) || matches!(c, ',' | '.' | '．')
    });
    (start < num_end && text[start..].starts_with(|c: char| is_digit(c))).then_some(start)
}

fn amount(p: Pair<Rule>, base: usize) -> Option<Amount> {
    let span = span_at(&p, base);
    let mut inner = p.into_inner();
    let number = parse_arabic(inner.next()?.as_str())?;
    let unit = inner.next()?.as_str().to_string();
    Some(Amount { span, number, unit })
}

/// The longest label of a breakdown item, in characters. The grammar's `label` takes any
/// run of label characters (a bounded repetition costs pest a nested closure per step: it
/// was 7% of a run); the bound is applied here, with the grammar's old meaning: a
/// parenthesised breakdown with a longer label is not one, and a 其中 list ends before it.
const LABEL_MAX: usize = 24;

/// Whether a `part` pair's label is longer than [`LABEL_MAX`].
fn label_too_long(p: &Pair<Rule>) -> bool {
    p.clone()
        .into_inner()
        .any(|q| q.as_rule() == Rule::label && q.as_str().chars().nth(LABEL_MAX).is_some())
}

fn part(p: Pair<Rule>, base: usize) -> Option<Part> {
    let span = span_at(&p, base);
    let mut label = None;
    let mut amt = None;
    let mut share = None;
    for q in p.into_inner() {
        match q.as_rule() {
            Rule::label => label = Some(span_at(&q, base)),
            Rule::amount => amt = amount(q, base),
            Rule::share => {
                let pct = q.into_inner().next()?;
                let digits = pct.as_str().trim_end_matches(['%', '％']);
                share = Some((span_at(&pct, base), parse_arabic(digits)?));
            }
            _ => {}
        }
    }
    // A four-forms part has no label pair; its label is the whole `第一种形态` prefix.
    let amount = amt?;
    let label = label.unwrap_or(span.start..amount.span.start);
    Some(Part {
        span,
        label,
        amount,
        share,
    })
}

/// The category phrase written before a total (`给予党纪处分` → `党纪处分`), or `None`
/// when no clause boundary is near (a phrase cut mid-word would read wrong in messages).
fn category_before(text: &str, num_start: usize) -> Option<std::ops::Range<usize>> {
    const MAX: usize = 16;
    let is_boundary = |c: char| {
        matches!(
            c,
            '，' | ','
                | '；'
                | ';'
                | '。'
                | '：'
                | ':'
                | '、'
                | '（'
                | '('
                | '）'
                | ')'
                | '“'
                | '”'
                | '\n'
                | '\r'
        ) || is_digit(c)
    };
    let start = back_over(text, num_start, MAX, |c| !is_boundary(c));
    let bounded = start == 0 || text[..start].chars().next_back().is_some_and(is_boundary);
    if !bounded {
        return None;
    }
    let mut s = &text[start..num_start];
    let mut begin = start;
    for prefix in [
        "其中", "全市", "全县", "全区", "全镇", "合计", "共计", "累计", "给予", "共", "对",
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            begin += prefix.len();
            s = rest;
        }
    }
    let mut end = num_start;
    for suffix in ["合计", "共计", "累计", "总计", "共"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            end -= suffix.len();
            s = rest;
        }
    }
    (!s.is_empty()).then_some(begin..end)
}

/// Parenthesised breakdowns, 其中 lists and four-forms statistics.
pub(super) fn tallies(doc: &mut Document) {
    let text = doc.text.as_str();
    let bytes = text.as_bytes();
    let mut out = Vec::new();

    // `58人（党内警告34人，…）`: an amount right before an opening bracket.
    let opens = memmem::find_iter(bytes, "（".as_bytes()).chain(memchr::memchr_iter(b'(', bytes));
    let mut opens: Vec<usize> = opens.collect();
    opens.sort_unstable();
    for pos in opens {
        let Some(start) = amount_start(text, pos) else {
            continue;
        };
        let Some(pair) = parse_at(Rule::paren_tally, text, start) else {
            continue;
        };
        if pair.clone().into_inner().any(|p| label_too_long(&p)) {
            continue;
        }
        let span = span_at(&pair, start);
        let mut total = None;
        let mut parts = Vec::new();
        let mut subset = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::amount => total = amount(p, start),
                Rule::qizhong => subset = true,
                Rule::part => parts.extend(part(p, start)),
                _ => {}
            }
        }
        let Some(total) = total else { continue };
        let category = category_before(text, start);
        let shape = if subset {
            TallyShape::Subset
        } else {
            TallyShape::Partition
        };
        out.push(Tally {
            span: category.as_ref().map_or(span.start, |c| c.start)..span.end,
            category,
            total,
            parts,
            shape,
        });
    }

    // `412人次，其中第一种形态…` and `问责12人，其中诫勉5人、…`.
    for pos in memmem::find_iter(bytes, "其中".as_bytes()) {
        let before = text[..pos].trim_end_matches([',', '，', '：', ':']);
        if before.ends_with(['（', '(']) {
            continue; // handled as a parenthesised breakdown
        }
        let Some(tstart) = amount_start(text, before.len()) else {
            continue;
        };
        let Some(tpair) = parse_at(Rule::amount, text, tstart) else {
            continue;
        };
        let Some(total) = amount(tpair, tstart) else {
            continue;
        };
        let after = pos + "其中".len();
        let (shape, pair, base) = if text[after..].starts_with('第')
            && text[after..]
                .chars()
                .take(6)
                .collect::<String>()
                .contains("种形态")
        {
            (
                TallyShape::FourForms,
                parse_at(Rule::four_forms, text, after),
                after,
            )
        } else {
            (
                TallyShape::Subset,
                parse_at(Rule::qizhong_tally, text, pos),
                pos,
            )
        };
        let Some(pair) = pair else { continue };
        // The list ends before an item with too long a label; it ends with its last item.
        let items: Vec<Pair<Rule>> = pair
            .into_inner()
            .filter(|p| matches!(p.as_rule(), Rule::part | Rule::form_part))
            .take_while(|p| !label_too_long(p))
            .collect();
        let Some(end) = items.last().map(|p| span_at(p, base).end) else {
            continue;
        };
        let parts: Vec<Part> = items.into_iter().filter_map(|p| part(p, base)).collect();
        if parts.is_empty() {
            continue;
        }
        let category = category_before(text, tstart);
        let start = category.as_ref().map_or(tstart, |c| c.start);
        out.push(Tally {
            span: start..end,
            category,
            total,
            parts,
            shape,
        });
    }
    out.sort_by_key(|t| t.span.start);
    doc.tallies = out;
}
