//! Markdown masking: the announcement is the prose inside a Markdown file. Markup (front
//! matter, code blocks, HTML comments, heading and quote markers, emphasis, link targets)
//! is replaced by spaces of the same byte length, so every span found in the masked text is
//! also a span of the original file.

/// Returns `text` with Markdown markup blanked out (same length, same line breaks).
pub fn mask(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    let lines = lines(text);
    let first = front_matter(text, &lines, &mut out);
    let mut in_fence = false;
    for &(line_start, line_end) in &lines[first..] {
        let line = &text[line_start..line_end];
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            blank(&mut out, line_start..line_end);
        } else if in_fence {
            blank(&mut out, line_start..line_end);
        } else if block(line, line_start, &mut out) {
            inline(line, line_start, &mut out);
        }
    }
    html_comments(text, &mut out);
    // Only ASCII bytes were replaced by ASCII spaces, except inside blanked regions where
    // whole UTF-8 sequences were replaced: the result is valid UTF-8 either way.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Replaces the bytes of `r` by spaces, line endings excepted.
fn blank(out: &mut [u8], r: std::ops::Range<usize>) {
    for b in &mut out[r] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// Lines as (start, end without the line ending); endings are `\n`, `\r\n` or `\r`.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        let end = if bytes[i] == b'\n' && i > 0 && bytes[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        lines.push((start, end.max(start)));
        start = i + 1;
    }
    lines.push((start, text.len()));
    lines
}

/// Blanks the front matter (`---` on the first line up to the next `---` line) and returns
/// the first line after it (0 when there is none).
fn front_matter(text: &str, lines: &[(usize, usize)], out: &mut [u8]) -> usize {
    if lines.len() > 1 && text[lines[0].0..lines[0].1].trim_start_matches('\u{feff}') == "---" {
        if let Some(close) =
            (1..lines.len()).find(|&i| text[lines[i].0..lines[i].1].trim_end() == "---")
        {
            blank(out, 0..lines[close].1);
            return close + 1;
        }
    }
    0
}

/// Blanks the block markup of a prose `line` starting at `at`: a heading, quote or list
/// marker, or the whole line when it is a link reference definition. Returns whether the
/// line may still hold inline markup.
fn block(line: &str, at: usize, out: &mut [u8]) -> bool {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let marker = trimmed
        .find(|c: char| c != '#')
        .filter(|&n| (1..=6).contains(&n) && trimmed[n..].starts_with(' '))
        .map(|n| n + 1)
        .or_else(|| {
            ["> ", "- ", "* ", "+ "]
                .iter()
                .find(|m| trimmed.starts_with(*m))
                .map(|m| m.len())
        });
    if let Some(n) = marker {
        blank(out, at + indent..at + indent + n);
    }
    // A link reference definition, `[label]: target "title"`: not prose at all.
    if indent <= 3 && trimmed.starts_with('[') && trimmed.find("]:").is_some_and(|p| p > 1) {
        blank(out, at..at + line.len());
        return false;
    }
    true
}

/// Blanks the inline markup of `line` starting at `at`: code spans, autolinks, emphasis
/// markers and link targets.
fn inline(line: &str, at: usize, out: &mut [u8]) {
    let mut i = 0;
    let bytes = line.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'`' => {
                // A code span: the backtick run up to the same run closing it on
                // this line, content included (code is not prose).
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let close = find_run(&bytes[i + run..], run).map(|p| i + run + p + run);
                let end = close.unwrap_or(i + run);
                blank(out, at + i..at + end);
                i = end;
            }
            b'<' if autolink(&line[i..]).is_some() => {
                let n = autolink(&line[i..]).unwrap_or(1);
                blank(out, at + i..at + i + n);
                i += n;
            }
            b'*' | b'_' if bytes.get(i + 1) == Some(&bytes[i]) => {
                blank(out, at + i..at + i + 2);
                i += 2;
            }
            b']' if bytes.get(i + 1) == Some(&b'(') => {
                let close = line[i..].find(')').map_or(line.len(), |p| i + p + 1);
                blank(out, at + i..at + close);
                if let Some(open) = line[..i].rfind('[') {
                    blank(out, at + open..at + open + 1);
                }
                i = close;
            }
            _ => i += 1,
        }
    }
}

/// Blanks HTML comments, possibly spanning lines.
fn html_comments(text: &str, out: &mut [u8]) {
    let mut from = 0;
    while let Some(s) = text[from..].find("<!--").map(|p| from + p) {
        let e = text[s..].find("-->").map_or(text.len(), |p| s + p + 3);
        blank(out, s..e);
        from = e;
    }
}

/// Where a run of exactly `n` backticks starts in `s`.
fn find_run(s: &[u8], n: usize) -> Option<usize> {
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'`' {
            let run = s[i..].iter().take_while(|&&b| b == b'`').count();
            if run == n {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// The length of an autolink with a scheme at the start of `s` (`<https://…>`,
/// `<mailto:…>`), if there is one.
fn autolink(s: &str) -> Option<usize> {
    let body = s.strip_prefix('<')?;
    let scheme = body.find(':')?;
    let ok_scheme = (2..=32).contains(&scheme)
        && body[..scheme]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'));
    let end = body.find(|c: char| c == '>' || c == '<' || c.is_whitespace())?;
    (ok_scheme && body[end..].starts_with('>') && end > scheme + 1).then_some(end + 2)
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn code_autolinks_and_reference_targets_are_not_prose() {
        let md = "甲`乙,,丙`丁 ``a`b`` <https://x.cn/a,,b?c>\n [网址]: http://y.cn/a,,b \"题\"\n[链接][网址]与<甲@乙.cn>\n";
        let m = mask(md);
        assert_eq!(m.len(), md.len());
        assert!(
            !m.contains(",,") && !m.contains('`') && !m.contains("://"),
            "{m}"
        );
        assert!(m.starts_with(&format!("甲{}丁", " ".repeat(10))), "{m}");
        assert!(m.contains("链接") && m.contains("甲@乙.cn"), "{m}");
        // An unclosed backtick blanks only itself.
        assert_eq!(mask("甲`乙"), "甲 乙");
    }

    #[test]
    fn keeps_offsets() {
        let md = "---\ntitle: 通报\n---\n# 中共临溪市委关于巡视整改情况的通报\n\n<!-- 注释 -->\n一、关于**“甲”**问题\n```\n代码\n```\n";
        let m = mask(md);
        assert_eq!(m.len(), md.len());
        assert!(m.contains("中共临溪市委关于巡视整改情况的通报"));
        assert!(
            !m.contains('#')
                && !m.contains("**")
                && !m.contains("注释")
                && !m.contains("代码")
                && !m.contains("title")
        );
        assert_eq!(m.find("一、关于"), md.find("一、关于"));
    }
}
