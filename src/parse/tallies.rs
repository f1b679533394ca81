//! Tallies: totals with their breakdowns — parenthesised (`58人（党内警告34人，…）`), `其中`
//! lists (`问责12人，其中诫勉5人、…`) and the four forms (`412人次，其中第一种形态298人次…`).
//!
//! Prefilters: an amount right before `（`/`(` → the grammar's `paren_tally`; `其中` →
//! `qizhong_tally` or `four_forms`. Units come from [`crate::vocab::UNITS`]. Forms read:
//! thousands separators (`1,026人次`) in documents with either punctuation, explicit zeros
//! (`政务处分0人`), decimals in 万/亿 (`7.132万元`), shares after a part in brackets, after a
//! comma or after `、` (`893人次、占75.4%`).

use super::{GrammarRule, back_over, is_digit, parse_at, span_at};
use crate::model::{Amount, Document, Part, Tally, TallyShape};
use crate::numbers::parse_arabic;
use crate::vocab::{UNITS, unit_suffix};
use memchr::memmem;
use pest::iterators::Pair;

/// The start of an amount (`58人`, `2,119.78万元`) ending at byte `end`, if one does.
fn amount_start(text: &str, end: usize) -> Option<usize> {
    // Most brackets follow no unit: reject on the last character before trying each unit.
    let last = text[..end].chars().next_back()?;
    if !UNITS.iter().any(|u| u.text.ends_with(last)) {
        return None;
    }
    let unit = unit_suffix(&text[..end])?;
    let num_end = end - unit.text.len();
    let start = back_over(text, num_end, 24, |c| {
        is_digit(c) || matches!(c, ',' | '.' | '．')
    });
    // A number longer than 24 characters is not read at all (rather than its last 24 digits,
    // which a message would then quote as if they were the number written).
    if text[..start].ends_with(|c: char| is_digit(c)) {
        return None;
    }
    (start < num_end && text[start..].starts_with(|c: char| is_digit(c))).then_some(start)
}

fn amount(p: Pair<GrammarRule>, base: usize) -> Option<Amount> {
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
fn label_too_long(p: &Pair<GrammarRule>) -> bool {
    p.clone()
        .into_inner()
        .any(|q| q.as_rule() == GrammarRule::label && q.as_str().chars().nth(LABEL_MAX).is_some())
}

fn part(p: Pair<GrammarRule>, base: usize) -> Option<Part> {
    let span = span_at(&p, base);
    let mut label = None;
    let mut amt = None;
    let mut share = None;
    for q in p.into_inner() {
        match q.as_rule() {
            GrammarRule::label => label = Some(span_at(&q, base)),
            GrammarRule::amount => amt = amount(q, base),
            GrammarRule::share => {
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
    out.extend(opens.into_iter().filter_map(|pos| paren_tally(text, pos)));
    // `412人次，其中第一种形态…` and `问责12人，其中诫勉5人、…`.
    out.extend(
        memmem::find_iter(bytes, "其中".as_bytes()).filter_map(|pos| qizhong_tally(text, pos)),
    );
    out.sort_by_key(|t| t.span.start);
    doc.tallies = out;
}

/// The parenthesised breakdown whose bracket opens at `pos`, if an amount stands before it.
fn paren_tally(text: &str, pos: usize) -> Option<Tally> {
    let start = amount_start(text, pos)?;
    let pair = parse_at(GrammarRule::paren_tally, text, start)?;
    if pair.clone().into_inner().any(|p| label_too_long(&p)) {
        return None;
    }
    let span = span_at(&pair, start);
    let mut total = None;
    let mut parts = Vec::new();
    let mut subset = false;
    for p in pair.into_inner() {
        match p.as_rule() {
            GrammarRule::amount => total = amount(p, start),
            GrammarRule::qizhong => subset = true,
            GrammarRule::part => parts.extend(part(p, start)),
            _ => {}
        }
    }
    let total = total?;
    let category = category_before(text, start);
    let shape = if subset {
        TallyShape::Subset
    } else {
        TallyShape::Partition
    };
    Some(Tally {
        span: category.as_ref().map_or(span.start, |c| c.start)..span.end,
        category,
        total,
        parts,
        shape,
    })
}

/// The 其中 list or four-forms statistics at `pos` (the `其中`), if a total stands before it.
fn qizhong_tally(text: &str, pos: usize) -> Option<Tally> {
    let before = text[..pos].trim_end_matches([',', '，', '：', ':']);
    if before.ends_with(['（', '(']) {
        return None; // handled as a parenthesised breakdown
    }
    let tstart = amount_start(text, before.len())?;
    let total = amount(parse_at(GrammarRule::amount, text, tstart)?, tstart)?;
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
            parse_at(GrammarRule::four_forms, text, after),
            after,
        )
    } else {
        (
            TallyShape::Subset,
            parse_at(GrammarRule::qizhong_tally, text, pos),
            pos,
        )
    };
    // The list ends before an item with too long a label; it ends with its last item.
    let items: Vec<Pair<GrammarRule>> = pair?
        .into_inner()
        .filter(|p| matches!(p.as_rule(), GrammarRule::part | GrammarRule::form_part))
        .take_while(|p| !label_too_long(p))
        .collect();
    let end = items.last().map(|p| span_at(p, base).end)?;
    let parts: Vec<Part> = items.into_iter().filter_map(|p| part(p, base)).collect();
    if parts.is_empty() {
        return None;
    }
    let category = category_before(text, tstart);
    let start = category.as_ref().map_or(tstart, |c| c.start);
    Some(Tally {
        span: start..end,
        category,
        total,
        parts,
        shape,
    })
}

#[cfg(test)]
mod tests {
    use crate::parse::parse;

    #[test]
    fn a_number_longer_than_an_amount_is_not_cut() {
        let long = "1".repeat(30);
        let doc = parse(format!("党纪处分{long}人（警告1人，记过2人）。"));
        assert!(doc.tallies.is_empty());
        let doc = parse("党纪处分3人（警告1人，记过2人）。".to_string());
        assert_eq!(doc.tallies.len(), 1);
    }
}
