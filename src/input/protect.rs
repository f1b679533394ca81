//! Text that is not prose: bare URLs and e-mail addresses, in plain text and Markdown alike.
//! A diagnostic inside one (not about the whole of it) is dropped and no fix may touch one,
//! for every rule: `http://a.cn/x,,y?z=1` is not punctuation to correct. (Markdown's inline
//! code, autolinks and link targets are blanked by [`super::markdown::mask`] before any
//! rule runs.)

use crate::diagnostic::Diagnostic;
use std::ops::Range;

/// Bytes that may continue a URL: ASCII graphic characters but quotes and angle brackets.
fn url_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'"' | b'\'' | b'`')
}

/// Characters that may continue a URL: [`url_byte`]s, and letters beyond ASCII (Chinese
/// paths and domain names). A URL ends at a space, a quote or bracket, or at Chinese
/// punctuation (`，。；：？！、（）《》“”…`, full-width forms): where a Chinese sentence goes on.
fn url_char(c: char) -> bool {
    if c.is_ascii() {
        return url_byte(c as u8);
    }
    !c.is_whitespace()
        && !matches!(c as u32, 0x2000..=0x206F | 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
}

/// The end of a URL whose body starts at `from`: up to the first character that cannot be
/// in a URL, less trailing sentence punctuation (as GitHub's autolinks do).
fn url_end(text: &str, from: usize) -> usize {
    let b = text.as_bytes();
    // `from` follows an ASCII match, so it is a character boundary.
    let rest = &text[from..];
    let mut e = from + rest.find(|c: char| !url_char(c)).unwrap_or(rest.len());
    while e > from
        && matches!(
            b[e - 1],
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']'
        )
    {
        e -= 1;
    }
    e
}

/// Byte ranges of the bare URLs (`scheme://…`, `www.…`) and e-mail addresses in `text`,
/// sorted and disjoint.
pub(crate) fn ranges(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    // A match inside the last URL found is part of it: skipped, so that the scans stay
    // linear on `a://a://a://…`.
    let mut last = 0;
    for i in memchr::memmem::find_iter(b, b"://") {
        if i < last {
            continue;
        }
        let mut s = i;
        while s > last
            && (b[s - 1].is_ascii_alphanumeric() || matches!(b[s - 1], b'+' | b'-' | b'.'))
        {
            s -= 1;
        }
        let e = url_end(text, i + 3);
        if s < i && e > i + 3 {
            out.push(s..e);
            last = e;
        }
    }
    last = 0;
    for i in memchr::memmem::find_iter(b, b"www.") {
        if i < last {
            continue;
        }
        let e = url_end(text, i + 4);
        if e > i + 4 && (i == 0 || !url_byte(b[i - 1])) {
            out.push(i..e);
            last = e;
        }
    }
    let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let domain = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-');
    for i in memchr::memchr_iter(b'@', b) {
        let mut s = i;
        while s > 0 && local(b[s - 1]) {
            s -= 1;
        }
        let mut e = i + 1;
        while e < b.len() && domain(b[e]) {
            e += 1;
        }
        while e > i + 1 && b[e - 1] == b'.' {
            e -= 1;
        }
        if s < i && b[i + 1..e].contains(&b'.') {
            out.push(s..e);
        }
    }
    out.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Drops the diagnostics inside a URL or e-mail address (keeping those about all of one,
/// such as a malformed address), and the fixes that would touch one.
pub(crate) fn filter(text: &str, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if memchr::memchr2(b'@', b'/', text.as_bytes()).is_none() && !text.contains("www.") {
        return diags;
    }
    let ranges = ranges(text);
    if ranges.is_empty() {
        return diags;
    }
    // The range that contains or follows `at`.
    let find = |at: usize| ranges.partition_point(|r| r.end <= at);
    diags.retain_mut(|d| {
        if let Some(r) = ranges.get(find(d.span.start)) {
            let inside = r.start <= d.span.start && d.span.end <= r.end && d.span != *r;
            if inside {
                return false;
            }
        }
        if let Some(f) = &d.fix {
            let touches = ranges
                .get(find(f.span.start))
                .is_some_and(|r| r.start < f.span.end.max(f.span.start + 1));
            if touches {
                d.fix = None;
            }
        }
        true
    });
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        ranges(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn urls_and_addresses() {
        assert_eq!(
            found("详见http://www.linxi.gov.cn/a,,b?c=1。邮箱lx_xc@163.com；网址www.lx.cn/x?y."),
            [
                "http://www.linxi.gov.cn/a,,b?c=1",
                "lx_xc@163.com",
                "www.lx.cn/x?y"
            ]
        );
        assert_eq!(
            found("邮箱：lxswxszg@163；无网址，a@b，://"),
            Vec::<&str>::new()
        );
        assert_eq!(found("(https://x.cn/a_(b))"), ["https://x.cn/a_(b"]);
    }
}
