//! Synthetic announcements of a chosen size, grown from the two clean examples.
//!
//! Shared by `benches/check.rs` (as a module, `#[path]`) and `scripts/gen_corpus.rs` (the
//! corpus generator `scripts/bench.sh` compiles with plain `rustc`): no dependencies.
//!
//! A template is split into head (site header, title, intro, summary paragraphs), body and
//! tail (下一步…, contacts, signature). The body is a list of feedback-area sections, each a
//! heading and its units: `（一）…` paragraphs in `examples/announcement.txt`, `1.关于…`
//! blocks with their `（1）…` items in `examples/announcement-xuncha.txt`. A document of
//! `target` bytes keeps the head and tail and deals the template's units round-robin into as
//! many sections as it needs (at most 20 units each), renumbering headings and units and
//! rewriting the declared `N个方面` to match, so a grown document stays clean for the
//! outline rules. Small targets (under ~60 % of the template) keep only the header, title,
//! intro and the contact/signature lines. `seed` varies a few figures (the header's minute,
//! one added sentence per unit) so that no two generated documents are byte-identical.

#![allow(dead_code)]

/// `examples/announcement.txt`: a 巡视 progress announcement, headings `一、` / `（一）`.
pub(crate) const ANNOUNCEMENT: &str = include_str!("../examples/announcement.txt");
/// `examples/announcement-xuncha.txt`: a 巡察 announcement, `（一）在…方面` / `1.` / `（1）`.
pub(crate) const XUNCHA: &str = include_str!("../examples/announcement-xuncha.txt");

/// Which example a document is grown from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Template {
    /// `examples/announcement.txt`.
    Announcement,
    /// `examples/announcement-xuncha.txt`.
    Xuncha,
}

impl Template {
    /// The template's text.
    pub(crate) fn text(self) -> &'static str {
        match self {
            Template::Announcement => ANNOUNCEMENT,
            Template::Xuncha => XUNCHA,
        }
    }
}

const CN: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (1..=99; larger numbers in arabic).
pub(crate) fn cn(n: usize) -> String {
    match n {
        1..=9 => CN[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", CN[n % 10]),
        20..=99 => format!("{}十{}", CN[n / 10], CN[n % 10]),
        _ => n.to_string(),
    }
}

/// Length in bytes of a leading Chinese ordinal (一, 十二, 九十九…).
fn cn_prefix_len(s: &str) -> usize {
    s.char_indices()
        .take_while(|(_, c)| "一二三四五六七八九十".contains(*c))
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0)
}

/// `一、…` (announcement) or `（一）在…` (xuncha): a feedback-area heading.
fn is_area(t: Template, line: &str) -> bool {
    match t {
        Template::Announcement => {
            let n = cn_prefix_len(line);
            n > 0 && line[n..].starts_with('、')
        }
        Template::Xuncha => line
            .strip_prefix('（')
            .map(|r| {
                let n = cn_prefix_len(r);
                n > 0 && r[n..].starts_with("）在")
            })
            .unwrap_or(false),
    }
}

/// Whether a body line starts a new unit (the lines up to the next start belong to it).
fn starts_unit(t: Template, line: &str) -> bool {
    match t {
        Template::Announcement => line.starts_with('（'),
        Template::Xuncha => {
            let d = line.bytes().take_while(u8::is_ascii_digit).count();
            d > 0 && line[d..].starts_with('.')
        }
    }
}

/// The heading text after its ordinal (`关于“…”问题的整改情况`, `在“…”方面`).
fn area_title(t: Template, line: &str) -> &str {
    match t {
        Template::Announcement => &line[cn_prefix_len(line) + '、'.len_utf8()..],
        Template::Xuncha => {
            let r = &line['（'.len_utf8()..];
            &r[cn_prefix_len(r) + '）'.len_utf8()..]
        }
    }
}

/// A unit's first line without its ordinal.
fn unit_text(t: Template, line: &str) -> &str {
    match t {
        Template::Announcement => {
            let r = &line['（'.len_utf8()..];
            &r[cn_prefix_len(r) + '）'.len_utf8()..]
        }
        Template::Xuncha => {
            let d = line.bytes().take_while(u8::is_ascii_digit).count();
            &line[d + 1..]
        }
    }
}

struct Parts {
    head: Vec<&'static str>,
    areas: Vec<&'static str>,
    /// Each unit: its lines (first one still numbered).
    units: Vec<Vec<&'static str>>,
    tail: Vec<&'static str>,
}

fn split(t: Template) -> Parts {
    let lines: Vec<&'static str> = t.text().lines().collect();
    let first = lines
        .iter()
        .position(|l| is_area(t, l))
        .expect("template has feedback-area headings");
    let next = lines
        .iter()
        .position(|l| l.starts_with("下一步"))
        .expect("template has a 下一步 paragraph");
    let mut areas = Vec::new();
    let mut units: Vec<Vec<&'static str>> = Vec::new();
    for &l in &lines[first..next] {
        if is_area(t, l) {
            areas.push(area_title(t, l));
        } else if starts_unit(t, l) || units.is_empty() {
            units.push(vec![l]);
        } else {
            units.last_mut().expect("non-empty").push(l);
        }
    }
    Parts {
        head: lines[..first].to_vec(),
        areas,
        units,
        tail: lines[next..].to_vec(),
    }
}

/// A cheap deterministic mix (splitmix64) for the varied figures.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A clean document of about `target` bytes (never less than the head and tail plus one
/// unit) grown from template `t`; `seed` varies the figures that no rule cross-checks.
pub(crate) fn document(t: Template, target: usize, seed: u64) -> String {
    let p = split(t);
    let small = target < t.text().len() * 6 / 10;
    let (head, tail): (Vec<&str>, Vec<&str>) = if small {
        (p.head[..3].to_vec(), p.tail[p.tail.len() - 3..].to_vec())
    } else {
        (p.head.clone(), p.tail.clone())
    };
    let fixed: usize = head.iter().chain(&tail).map(|l| l.len() + 1).sum();
    let budget = target.saturating_sub(fixed);

    // Units, varied: one sentence with seeded figures appended to each unit's last line.
    let mut units: Vec<Vec<String>> = Vec::new();
    let mut size = 0;
    let mut k = 0u64;
    while units.is_empty() || size < budget {
        let src = &p.units[k as usize % p.units.len()];
        let r = mix(seed.wrapping_mul(1_000_003).wrapping_add(k));
        let mut u: Vec<String> = src.iter().map(|s| s.to_string()).collect();
        let last = u.last_mut().expect("unit has a line");
        last.push_str(&format!(
            "累计投入资金{}.{}万元，覆盖群众{}户。",
            10 + r % 990,
            (r >> 10) % 10,
            100 + (r >> 20) % 9900
        ));
        size += u.iter().map(|l| l.len() + 1).sum::<usize>();
        units.push(u);
        k += 1;
    }

    // Deal them into sections: as many as the template has, up to 20 units each, more
    // sections when needed (at most 99, then the units per section grow).
    let n = units.len();
    let mut per = n.div_ceil(p.areas.len()).clamp(1, 20);
    if n.div_ceil(per) > 99 {
        per = n.div_ceil(99);
    }
    let sections = n.div_ceil(per);

    let mut out = String::with_capacity(target + 4096);
    for (i, l) in head.iter().enumerate() {
        let mut l = l.to_string();
        if i == 0 {
            // `2025-05-16 09:30 site`: vary the minute.
            if let Some(pos) = l.find(':') {
                let minute = format!("{:02}", seed % 60);
                l.replace_range(pos + 1..pos + 3, &minute);
            }
        }
        let declared = format!("{}个方面", cn(p.areas.len()));
        if l.contains(&declared) {
            l = l.replacen(&declared, &format!("{}个方面", cn(sections)), 1);
        }
        out.push_str(&l);
        out.push('\n');
    }
    // A heading that declares its own count (`…的37个问题中还有3个问题…`) would no longer
    // match its grown children: deal only the plain ones.
    let titles: Vec<&str> = p
        .areas
        .iter()
        .copied()
        .filter(|a| !a.contains("个问题"))
        .collect();
    for (s, chunk) in units.chunks(per).enumerate() {
        let title = titles[s % titles.len()];
        match t {
            Template::Announcement => out.push_str(&format!("{}、{}\n", cn(s + 1), title)),
            Template::Xuncha => out.push_str(&format!("（{}）{}\n", cn(s + 1), title)),
        }
        for (j, u) in chunk.iter().enumerate() {
            let first = unit_text(t, &u[0]);
            match t {
                Template::Announcement => out.push_str(&format!("（{}）{}\n", cn(j + 1), first)),
                Template::Xuncha => out.push_str(&format!("{}.{}\n", j + 1, first)),
            }
            for l in &u[1..] {
                out.push_str(l);
                out.push('\n');
            }
        }
    }
    for l in &tail {
        out.push_str(l);
        out.push('\n');
    }
    out
}
