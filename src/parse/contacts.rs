//! Contacts: the supervision channels — phones, mailboxes, emails, postcodes and report
//! websites — each a value after its label and a colon (`联系电话：0571-89510031`).
//!
//! Labels are [`CONTACT_LABEL`]'s alternatives; which kind a label gives is decided in
//! [`kind_of`]. A phone value may hold several numbers (`、`, `，`, `或`) and a remark in
//! brackets; a postcode may sit inside an address (`…（邮编416300）`). Prefilter: lines
//! without a colon.

use super::re;
use crate::model::{Contact, ContactKind, Document, LineKind, Span};
use memchr::memmem;
use regex::Regex;
use std::sync::LazyLock;

/// Words a phone number may follow without a colon after `联系方式：` (`联系方式：电话0833-…`).
pub(crate) const PHONE_WORDS: &[&str] = &["电话", "手机", "热线"];

/// `联系电话：`, `电子邮箱：`…: a contact label followed by a colon.
static CONTACT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<label>举报网站|举报网址|网站|网址|电子邮箱|电子信箱|电子邮件|E-?mail|e-?mail|Email|邮箱|邮政信箱|通信地址|通讯地址|来信地址|邮寄地址|信箱|地址|联系电话|举报电话|监督电话|咨询电话|值班电话|电话|手机|联系方式|热线)\s*[：:]\s*",
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
        labelled(s, line.span.start, &mut out);
        postcodes(s, line.span.start, &mut out);
    }
    out.sort_by_key(|c| c.value.start);
    doc.contacts = out;
}

/// The contacts after a label in line `s` (at `base` in the text): each label's value runs
/// to the next label or the end of its sentence.
fn labelled(s: &str, base: usize, out: &mut Vec<Contact>) {
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
        let Some(kind) = kind_of(label, value) else {
            continue; // a lead-in (`联系方式：电话…`); the labels inside follow
        };
        let label = Labelled {
            kind,
            label,
            span: base + label_m.start()..base + label_m.end(),
            value,
            at: base + vstart,
        };
        match kind {
            ContactKind::Phone => label.phones(out),
            ContactKind::Email | ContactKind::Website => label.address(out),
            _ => label.mailbox(out),
        }
    }
}

/// The kind of contact a label gives, given its value; `None` for `联系方式：` introducing
/// other labels.
fn kind_of(label: &str, value: &str) -> Option<ContactKind> {
    Some(match label {
        l if l.contains("网") => ContactKind::Website,
        l if l.contains("邮箱") && !l.contains("信箱")
            || l.contains("邮件")
            || l.to_lowercase().contains("mail") =>
        {
            ContactKind::Email
        }
        "电子信箱" => ContactKind::Email,
        l if l.contains("信箱") || l.contains("地址") => ContactKind::Mailbox,
        "联系方式" if value.contains(['@', '＠']) => ContactKind::Email,
        "联系方式" if PHONE_WORDS.iter().any(|w| value.starts_with(w)) => ContactKind::Phone,
        "联系方式"
            if !value.starts_with(|c: char| {
                c.is_ascii_digit() || matches!(c, '（' | '(' | '０'..='９')
            }) =>
        {
            return None;
        }
        _ => ContactKind::Phone,
    })
}

/// One label and its value, before the value is cut to what the kind holds.
struct Labelled<'a> {
    kind: ContactKind,
    /// The label as written (`联系电话`).
    label: &'a str,
    /// The label's span in the text.
    span: Span,
    /// The value: from after the colon to the next label or the end of the sentence.
    value: &'a str,
    /// Where `value` starts in the text.
    at: usize,
}

impl Labelled<'_> {
    /// Records a value of `len` bytes at `start` in the text under this label.
    fn push(&self, out: &mut Vec<Contact>, start: usize, len: usize) {
        out.push(Contact {
            kind: self.kind,
            label: self.span.clone(),
            value: start..start + len,
        });
    }

    /// Phone numbers: several in one value (`0736-2819035、0736-2819036`), each without its
    /// remark in brackets.
    fn phones(&self, out: &mut Vec<Contact>) {
        // `联系方式：电话0833-…`: the number follows a word without a colon.
        let (value, at) = match PHONE_WORDS.iter().find(|w| self.value.starts_with(*w)) {
            Some(w) if self.label == "联系方式" => (&self.value[w.len()..], self.at + w.len()),
            _ => (self.value, self.at),
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
                self.push(out, at + off + lead, t.len());
            }
        }
    }

    /// An email address or a website: the value up to a space or a bracket.
    fn address(&self, out: &mut Vec<Contact>) {
        let t = self.value.trim();
        let lead = self.value.len() - self.value.trim_start().len();
        let end = t
            .find(|c: char| {
                c.is_whitespace() || matches!(c, '，' | ',' | '（' | '(' | '）' | ')' | '、')
            })
            .unwrap_or(t.len());
        self.push(out, self.at + lead, end);
    }

    /// A mailbox or postal address, without the postcode often inside it
    /// (`…办公室（邮编416300）`; the postcode is read by [`postcodes`]).
    fn mailbox(&self, out: &mut Vec<Contact>) {
        let value = self.value;
        let cut = POSTCODE.find(value).map_or(value.len(), |m| {
            value[..m.start()].trim_end_matches(['（', '(']).len()
        });
        self.push(out, self.at, value[..cut].trim_end().len());
    }
}

/// Postcodes anywhere in line `s` (at `base`), labelled or inside an address.
fn postcodes(s: &str, base: usize, out: &mut Vec<Contact>) {
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
