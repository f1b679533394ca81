//! Facts written in loose sentences rather than fixed tokens: the intro (group, body, period,
//! feedback date), 截至 dates, progress statements, contact entries and 一是/二是 markers.
//! These read the dates and lines found earlier; the patterns are anchored on literals.

use super::{back_over, inline::is_range, is_cn_digit};
use crate::model::{
    Contact, ContactKind, Count, DateRole, Document, EnumMarker, InspectionTerm, Intro, LineKind,
    Progress,
};
use crate::numbers::{parse_arabic, parse_count};
use memchr::memmem;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern")
}

/// `省委第七巡视组对杭州市西湖区开展了巡视`, `省委第五巡视组进驻临溪市开展常规巡视`.
static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<group>\p{Han}{0,10}?(?:巡视|巡察)(?:组|办|机构))(?:\p{Han}{0,4}?)(?:对|进驻)(?P<body>[^，,。；;：:]{1,40}?)(?:开展|进行|实施)了?",
    )
});

/// The intro: the first paragraph before any heading that names an inspecting group.
pub(super) fn intro(doc: &mut Document) {
    let text = doc.text.as_str();
    let mut found = None;
    for line in &doc.lines {
        match line.kind {
            LineKind::Heading(_) => break,
            LineKind::Paragraph => {}
            _ => continue,
        }
        let s = &text[line.span.clone()];
        if let Some(c) = GROUP.captures(s) {
            let base = line.span.start;
            let g = c.name("group").map(|m| base + m.start()..base + m.end());
            let b = c.name("body").map(|m| base + m.start()..base + m.end());
            found = Some((line.span.clone(), g, b));
            break;
        }
    }
    let Some((span, group, body)) = found else {
        return;
    };
    let term = group.as_ref().map(|g| {
        if text[g.clone()].contains("巡视") {
            InspectionTerm::Xunshi
        } else {
            InspectionTerm::Xuncha
        }
    });
    let in_span = |r: &Range<usize>| r.start >= span.start && r.end <= span.end;
    let idx: Vec<usize> = (0..doc.dates.len())
        .filter(|&i| in_span(&doc.dates[i].span))
        .collect();
    let period = idx
        .windows(2)
        .find(|w| is_range(text, &doc.dates[w[0]], &doc.dates[w[1]]))
        .map(|w| (w[0], w[1]));
    // The feedback date: a date in the sentence that says 反馈.
    let feedback = idx.iter().copied().find(|&i| {
        let d = &doc.dates[i];
        if period.is_some_and(|(a, b)| i == a || i == b) {
            return false;
        }
        let sent_start = text[span.start..d.span.start]
            .rfind('。')
            .map_or(span.start, |p| span.start + p + '。'.len_utf8());
        let sent_end = text[d.span.end..span.end]
            .find('。')
            .map_or(span.end, |p| d.span.end + p);
        text[sent_start..sent_end].contains("反馈")
    });
    if let Some((a, b)) = period {
        doc.dates[a].role = DateRole::PeriodStart;
        doc.dates[b].role = DateRole::PeriodEnd;
    }
    if let Some(f) = feedback {
        doc.dates[f].role = DateRole::Feedback;
        // A bare feedback date that falls before the period end probably belongs to the next year.
        if let (Some((start, end)), true) = (period, doc.dates[f].inherited) {
            let latest = doc.dates[start].key().max(doc.dates[end].key());
            if let (Some(e), Some(k)) = (latest, doc.dates[f].key()) {
                doc.dates[f].ambiguous = k < e;
            }
        }
    }
    doc.intro = Some(Intro {
        span,
        group,
        body,
        term,
        period,
        feedback,
    });
}

/// Dates introduced by 截至 (as of): statistics dates that must fall between feedback and issue.
pub(super) fn as_of_dates(doc: &mut Document) {
    let text = doc.text.as_str();
    for d in doc.dates.iter_mut() {
        if d.role == DateRole::Other
            && (text[..d.span.start].ends_with("截至") || text[..d.span.start].ends_with("截止"))
        {
            d.role = DateRole::AsOf;
        }
    }
}

static PROGRESS_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<n>[0-9０-９]+)(?P<u>个|项|条|件)[^，,；;。]{0,6}?(?:问题|整改措施|整改任务|整改事项|措施|任务)中?",
    )
});
static PROGRESS_DONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"已(?:完成|落实|办结|销号)(?:整改)?(?P<n>[0-9０-９]+)(?P<u>个|项|条|件)"));
static PROGRESS_REST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:其余|剩余|还有|正在整改|正在推进|持续推进|取得阶段性成效|基本完成|尚未完成|未完成)(?P<n>[0-9０-９]+)(?P<u>个|项|条|件)",
    )
});
static PROGRESS_RATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"完成率(?:为|达)?(?P<r>[0-9０-９]+(?:[.．][0-9０-９]+)?)[%％]"));

fn count_at(base: usize, m: regex::Match) -> Option<Count> {
    Some(Count {
        span: base + m.start()..base + m.end(),
        value: parse_count(m.as_str())?,
    })
}

/// `26个问题中已完成整改23个，其余3个…，整改完成率88.5%`, one per total in each clause.
pub(super) fn progress(doc: &mut Document) {
    let text = doc.text.as_str();
    // Every statement has its completed count (`已完成…23个`) inside the clause: lines and
    // clauses without one are skipped before the total's regex, which has no literal to
    // start from (`已` alone was in most lines).
    for line in doc
        .lines
        .iter()
        .filter(|l| matches!(l.kind, LineKind::Paragraph | LineKind::Heading(_)))
    {
        let s = &text[line.span.clone()];
        if !PROGRESS_DONE.is_match(s) {
            continue;
        }
        let mut clause_start = 0;
        for clause in s.split_inclusive(['；', ';', '。']) {
            let base = line.span.start + clause_start;
            clause_start += clause.len();
            if !PROGRESS_DONE.is_match(clause) {
                continue;
            }
            // A total is followed by 中 or directly by its completed count (`103项整改措施已完成92项`);
            // `3个需长期推进的问题已取得阶段性成效` after 其余 is not one.
            let totals: Vec<regex::Captures> = PROGRESS_TOTAL
                .captures_iter(clause)
                .filter(|t| {
                    let m = t.get(0).expect("whole match");
                    m.as_str().ends_with('中')
                        || PROGRESS_DONE
                            .find(&clause[m.end()..])
                            .is_some_and(|d| d.start() == 0)
                })
                .collect();
            for (k, t) in totals.iter().enumerate() {
                let whole = t.get(0).map_or(0..0, |m| m.range());
                let seg_end = totals
                    .get(k + 1)
                    .and_then(|n| n.get(0))
                    .map_or(clause.len(), |m| m.start());
                let seg = &clause[whole.end..seg_end];
                let seg_base = base + whole.end;
                let unit = &t["u"];
                let Some(d) = PROGRESS_DONE.captures(seg).filter(|d| &d["u"] == unit) else {
                    continue;
                };
                let (Some(total), Some(done)) = (
                    count_at(base, t.name("n").unwrap()),
                    count_at(seg_base, d.name("n").unwrap()),
                ) else {
                    continue;
                };
                let after_done = d.get(0).map_or(0, |m| m.end());
                let rest = PROGRESS_REST
                    .captures_iter(&seg[after_done..])
                    .filter(|r| &r["u"] == unit)
                    .filter_map(|r| count_at(seg_base + after_done, r.name("n").unwrap()))
                    .collect();
                let rate = PROGRESS_RATE.captures(seg).and_then(|r| {
                    let m = r.name("r").unwrap();
                    // The span covers the figure and its percent sign.
                    let end = r.get(0).map_or(m.end(), |w| w.end());
                    Some((
                        seg_base + m.start()..seg_base + end,
                        parse_arabic(m.as_str())?,
                    ))
                });
                doc.progress.push(Progress {
                    span: base + whole.start..seg_base + seg.len(),
                    total,
                    done,
                    rest,
                    rate,
                    unit: unit.to_string(),
                });
            }
        }
    }
}

/// `联系电话：`, `电子邮箱：`…: a contact label followed by a colon.
static CONTACT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<label>电子邮箱|电子信箱|电子邮件|E-?mail|e-?mail|Email|邮箱|邮政信箱|通信地址|通讯地址|来信地址|邮寄地址|信箱|地址|联系电话|举报电话|监督电话|咨询电话|值班电话|电话|手机|联系方式|热线)\s*[：:]\s*",
    )
});
static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:邮编|邮政编码)\s*[：:]?\s*(?P<v>[0-9０-９]+)"));

/// Contact entries: phones, mailboxes, emails and postcodes after their labels.
pub(super) fn contacts(doc: &mut Document) {
    let text = doc.text.as_str();
    let mut out = Vec::new();
    for line in doc.lines.iter().filter(|l| l.kind == LineKind::Paragraph) {
        let s = &text[line.span.clone()];
        // Contact lines have a label and its colon (memchr: `contains` with a char set
        // decodes every character).
        if memchr::memchr(b':', s.as_bytes()).is_none()
            && memmem::find(s.as_bytes(), "：".as_bytes()).is_none()
        {
            continue;
        }
        let base = line.span.start;
        let labels: Vec<regex::Captures> = CONTACT_LABEL.captures_iter(s).collect();
        for (k, c) in labels.iter().enumerate() {
            let label_m = c.name("label").unwrap();
            let label = label_m.as_str();
            let vstart = c.get(0).unwrap().end();
            let next = labels
                .get(k + 1)
                .map_or(s.len(), |n| n.get(0).unwrap().start());
            let vend = s[vstart..next]
                .find(['；', ';', '。'])
                .map_or(next, |p| vstart + p);
            let value = &s[vstart..vend];
            let label_span = base + label_m.start()..base + label_m.end();
            let kind = match label {
                l if l.contains("邮箱") && !l.contains("信箱")
                    || l.contains("邮件")
                    || l.to_lowercase().contains("mail") =>
                {
                    ContactKind::Email
                }
                "电子信箱" => ContactKind::Email,
                l if l.contains("信箱") || l.contains("地址") => ContactKind::Mailbox,
                "联系方式" if value.contains(['@', '＠']) => ContactKind::Email,
                "联系方式"
                    if !value.starts_with(|c: char| {
                        c.is_ascii_digit() || matches!(c, '（' | '(' | '０'..='９')
                    }) =>
                {
                    continue; // a lead-in (`联系方式：电话…`); the labels inside follow
                }
                _ => ContactKind::Phone,
            };
            match kind {
                ContactKind::Phone => {
                    // Several numbers: `0736-2819035、0736-2819036`.
                    // `联系方式：电话0833-…`: the number follows a word without a colon.
                    let (value, vstart) = match ["电话", "手机", "热线"]
                        .iter()
                        .find(|w| value.starts_with(*w))
                    {
                        Some(w) if label == "联系方式" => (&value[w.len()..], vstart + w.len()),
                        _ => (value, vstart),
                    };
                    for (off, item) in split_items(value, &['、', '，', ',', '/', '或']) {
                        let lead = item.len() - item.trim_start().len();
                        let mut t = item.trim();
                        // A remark after the number: `0833-6217045（工作日上午8:30—12:00）`.
                        if let Some(p) = t
                            .char_indices()
                            .skip(1)
                            .find(|&(_, c)| c == '（' || c == '(')
                            .map(|(p, _)| p)
                        {
                            let inside_area_code = t.starts_with(['（', '('])
                                && t[..p].chars().filter(|c| matches!(c, '）' | ')')).count() == 0;
                            if !inside_area_code {
                                t = t[..p].trim_end();
                            }
                        }
                        if !t.is_empty() {
                            let st = base + vstart + off + lead;
                            out.push(Contact {
                                kind,
                                label: label_span.clone(),
                                value: st..st + t.len(),
                            });
                        }
                    }
                }
                ContactKind::Email => {
                    let t = value.trim();
                    let lead = value.len() - value.trim_start().len();
                    let end = t
                        .find(|c: char| {
                            c.is_whitespace()
                                || matches!(c, '，' | ',' | '（' | '(' | '）' | ')' | '、')
                        })
                        .unwrap_or(t.len());
                    let st = base + vstart + lead;
                    out.push(Contact {
                        kind,
                        label: label_span.clone(),
                        value: st..st + end,
                    });
                }
                _ => {
                    // The postcode is often inside the address: `…办公室（邮编416300）`.
                    let cut = POSTCODE.find(value).map_or(value.len(), |m| {
                        value[..m.start()].trim_end_matches(['（', '(']).len()
                    });
                    let t = value[..cut].trim_end();
                    let st = base + vstart;
                    out.push(Contact {
                        kind,
                        label: label_span.clone(),
                        value: st..st + t.len(),
                    });
                }
            }
        }
        for c in POSTCODE.captures_iter(s) {
            let m = c.name("v").unwrap();
            let whole = c.get(0).unwrap();
            let label_end = whole.start() + whole.as_str().find(['编', '码']).map_or(0, |p| p + 3);
            out.push(Contact {
                kind: ContactKind::Postcode,
                label: base + whole.start()..base + label_end,
                value: base + m.start()..base + m.end(),
            });
        }
    }
    out.sort_by_key(|c| c.value.start);
    doc.contacts = out;
}

/// Splits at any of `seps`, keeping each item's byte offset.
fn split_items<'a>(value: &'a str, seps: &[char]) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in value.char_indices() {
        if seps.contains(&c) {
            out.push((start, &value[start..i]));
            start = i + c.len_utf8();
        }
    }
    out.push((start, &value[start..]));
    out
}

/// `一是…二是…`: markers after a sentence boundary or at the start of a paragraph.
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
            let boundary = prev.is_none_or(|c| {
                matches!(
                    c,
                    '。' | '；'
                        | ';'
                        | '：'
                        | ':'
                        | '，'
                        | ','
                        | '！'
                        | ' '
                        | '\u{3000}'
                        | '）'
                        | ')'
                )
            });
            // `一是` after a comma reads as an enumeration only when a sentence holds several.
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
            });
        }
    }
    let text = doc.text.as_str();
    doc.next_steps = doc
        .lines
        .iter()
        .find(|l| {
            l.kind == LineKind::Paragraph && text[l.span.clone()].trim_start().starts_with("下一步")
        })
        .map(|l| l.span.clone());
}
