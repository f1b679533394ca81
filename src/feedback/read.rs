//! The feedback text as inspection groups write it, read line by line (independent of the
//! announcement parser: feedback is not an announcement).
//!
//! - Numbered areas with numbered problems: `一、area` then `（一）title。details` (or `1.`,
//!   `（1）`: the next level present under the area). A title is the first clause: up to the
//!   first `。`, `；`, `：` or `，` (`（一）意识形态工作责任制落实存在薄弱环节，阵地管理不严。…`
//!   has the title before the comma); the rest are details used for matching.
//! - Run-ins: an area whose problems are written `一是…；二是…` in its paragraph(s).
//! - Framed documents: `一、巡视发现的主要问题` / `二、意见建议` / `三、问题线索移交情况`. The
//!   areas are the numbered items under the problems frame; suggestion and hand-over frames
//!   are not areas.
//!
//! Warnings name the line: a list marker the reader does not know (`①`, `1、`, `●`), an area
//! with paragraphs but neither numbered problems nor run-ins, text after the last problem
//! that looks like another problem.

use super::{Area, Feedback};

/// A numbered line: its level (1 `一、`, 2 `（一）`, 3 `1.`, 4 `（1）`) and the text after the marker.
fn heading(line: &str) -> Option<(u8, &str)> {
    const CN: &str = "一二三四五六七八九十百零〇";
    let cn_run = |s: &str| s.chars().take_while(|c| CN.contains(*c)).count();
    // 一、
    let n = cn_run(line);
    if n > 0 {
        let rest = &line[n * 3..];
        if let Some(r) = rest.strip_prefix('、') {
            return Some((1, r));
        }
        return None;
    }
    // （一） or (一), （1） or (1)
    for open in ['（', '('] {
        if let Some(r) = line.strip_prefix(open) {
            let cn = cn_run(r);
            let digits = r.chars().take_while(char::is_ascii_digit).count();
            let (level, len) = if cn > 0 { (2, cn * 3) } else { (4, digits) };
            if len == 0 {
                continue;
            }
            for close in ['）', ')'] {
                if let Some(t) = r[len..].strip_prefix(close) {
                    return Some((level, t));
                }
            }
        }
    }
    // 1. 1． 1、
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &line[digits..];
        for sep in ['.', '．', '、'] {
            if let Some(t) = rest.strip_prefix(sep) {
                // `2024.3` is a number, not a marker.
                if t.starts_with(|c: char| c.is_ascii_digit()) {
                    return None;
                }
                return Some((3, t));
            }
        }
    }
    None
}

/// List markers the reader does not take as problems; a line starting with one is a warning.
fn unknown_marker(line: &str) -> bool {
    line.starts_with([
        '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '●', '•', '·', '■', '◆', '★', '-', '*',
    ]) || ["第一，", "第二，", "第三，", "首先，", "其次，"]
        .iter()
        .any(|p| line.starts_with(p))
}

/// The title and the details: the first clause, and what follows it.
pub(crate) fn split_title(s: &str) -> (String, String) {
    let s = s.trim();
    let end = s
        .find(['。', '；', '：', ':', ';', '，', ','])
        .unwrap_or(s.len());
    let title = s[..end].trim().to_string();
    let rest = s[end..]
        .trim_start_matches(['。', '；', '：', ':', ';', '，', ','])
        .trim()
        .to_string();
    (title, rest)
}

/// What a level-1 heading of a framed feedback is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Frame {
    /// `巡视发现的主要问题`: its items are the areas.
    Problems,
    /// `意见建议`, `问题线索移交情况`, `总体评价`: not areas.
    Other,
}

fn frame(title: &str) -> Option<Frame> {
    let t = title.trim_end_matches(['。', '：', ':']);
    if t.chars().count() > 16 {
        return None;
    }
    if (t.contains("发现") || t.contains("反馈") || t.contains("存在"))
        && t.contains("问题")
        && !t.contains("线索")
    {
        return Some(Frame::Problems);
    }
    const OTHER: &[&str] = &[
        "意见建议",
        "整改建议",
        "工作建议",
        "线索",
        "总体评价",
        "基本情况",
        "工作开展情况",
        "巡视巡察工作开展情况",
        "有关要求",
        "整改要求",
    ];
    OTHER.iter().any(|o| t.contains(o)).then_some(Frame::Other)
}

/// `一是`, `二是`… positions (byte offsets of the marker, and of the text after it).
fn run_ins(s: &str) -> Vec<(usize, usize)> {
    const CN: &str = "一二三四五六七八九十";
    let mut out = Vec::new();
    let mut expect = 1u32;
    for (i, _) in s.match_indices('是') {
        let before = &s[..i];
        let num: String = before
            .chars()
            .rev()
            .take_while(|c| CN.contains(*c))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if num.is_empty() {
            continue;
        }
        let start = i - num.len();
        // A run-in starts the text or follows punctuation: `统一是` is not one.
        let ok_before = s[..start]
            .chars()
            .next_back()
            .is_none_or(|c| "。；;，,：: ".contains(c));
        if ok_before && crate::numbers::parse_chinese(&num).is_some_and(|n| n == u64::from(expect))
        {
            out.push((start, i + '是'.len_utf8()));
            expect += 1;
        }
    }
    out
}

/// Problems written as `一是…；二是…` in `text`: (title, details) of each.
fn split_run_ins(text: &str) -> Vec<(String, String)> {
    let marks = run_ins(text);
    if marks.len() < 2 {
        return Vec::new();
    }
    marks
        .iter()
        .enumerate()
        .map(|(k, &(_, body))| {
            let end = marks.get(k + 1).map_or(text.len(), |m| m.0);
            split_title(&text[body..end])
        })
        .collect()
}

struct Line<'a> {
    no: usize,
    level: Option<u8>,
    text: &'a str,
}

/// Reads the feedback text; an error only when nothing at all can be read as areas.
pub fn read(text: &str) -> Result<Feedback, String> {
    let lines = numbered_lines(text);
    let Some(top) = lines.iter().filter_map(|l| l.level).min() else {
        return Err("no numbered headings (一、 （一） 1.) found in the feedback text".into());
    };
    let (range, area_level) = match scope(&lines, top)? {
        Scope::Numbered { range, level } => (range, level),
        Scope::RunIns(areas) => {
            return Ok(Feedback {
                areas,
                warnings: Vec::new(),
                ..Default::default()
            });
        }
    };
    let mut reader = Areas {
        top,
        area_level,
        areas: Vec::new(),
        problem_level: None,
        paragraphs: Vec::new(),
        warnings: Vec::new(),
    };
    for l in &lines[range] {
        reader.line(l);
    }
    reader.finish_area();
    if reader.areas.is_empty() {
        return Err("no numbered areas found in the feedback text".into());
    }
    Ok(Feedback {
        areas: reader.areas,
        warnings: reader.warnings,
        ..Default::default()
    })
}

/// Each line trimmed, with its level and the text after its marker when it is numbered.
fn numbered_lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            let t = l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
            match heading(t) {
                Some((level, rest)) => Line {
                    no: i + 1,
                    level: Some(level),
                    text: rest.trim(),
                },
                None => Line {
                    no: i + 1,
                    level: None,
                    text: t,
                },
            }
        })
        .collect()
}

/// Where the areas are.
enum Scope {
    /// The numbered lines of `level` in `range` of the lines.
    Numbered {
        range: std::ops::Range<usize>,
        level: u8,
    },
    /// Run-ins right under the problems frame, already read.
    RunIns(Vec<Area>),
}

/// Where the areas are, given the top numbering level: in a framed document only the problems
/// frame's contents (`top` the frames' level), else every line at level `top`.
fn scope(lines: &[Line], top: u8) -> Result<Scope, String> {
    let tops: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].level == Some(top))
        .collect();
    let frames: Vec<Option<Frame>> = tops.iter().map(|&i| frame(lines[i].text)).collect();
    let Some(k) = frames.iter().position(|f| *f == Some(Frame::Problems)) else {
        return Ok(Scope::Numbered {
            range: 0..lines.len(),
            level: top,
        });
    };
    if frames.iter().filter(|f| f.is_some()).count() < 2 {
        return Ok(Scope::Numbered {
            range: 0..lines.len(),
            level: top,
        });
    }
    let start = tops[k] + 1;
    let end = tops.get(k + 1).copied().unwrap_or(lines.len());
    let range = start..end;
    if let Some(level) = lines[range.clone()].iter().filter_map(|l| l.level).min() {
        return Ok(Scope::Numbered { range, level });
    }
    // Areas as run-ins right under the frame.
    let body = lines[range].iter().map(|l| l.text).collect::<String>();
    let areas: Vec<Area> = split_run_ins(&body)
        .into_iter()
        .map(|(t, _)| Area::new(t, Vec::new()))
        .collect();
    if areas.is_empty() {
        return Err(format!(
            "line {}: the problems frame lists no numbered area",
            tops[k] + 1
        ));
    }
    Ok(Scope::RunIns(areas))
}

/// The areas read so far, line by line, and what the next line continues.
struct Areas {
    /// The top numbering level of the whole text (a frame's, in a framed document).
    top: u8,
    /// The level of the areas' lines.
    area_level: u8,
    areas: Vec<Area>,
    /// The level of the current area's problems: the first deeper level met.
    problem_level: Option<u8>,
    /// The current area's paragraphs (line number, text), read for run-ins when it ends.
    paragraphs: Vec<(usize, String)>,
    warnings: Vec<String>,
}

impl Areas {
    /// Reads one line of the areas' scope.
    fn line(&mut self, l: &Line) {
        match l.level {
            Some(level) if level == self.area_level => self.area(l),
            Some(level) if level > self.area_level => self.problem(l, level),
            Some(_) => {
                self.warnings.push(format!(
                    "line {}: a numbered line above the areas' level: skipped",
                    l.no
                ));
            }
            None if l.text.is_empty() => {}
            None => self.unnumbered(l),
        }
    }

    /// An area's line: ends the current area and starts the next.
    fn area(&mut self, l: &Line) {
        self.finish_area();
        let (title, rest) = split_title(l.text);
        let mut a = Area::new(title, Vec::new());
        self.problem_level = None;
        if !rest.is_empty() {
            self.paragraphs.push((l.no, rest));
        }
        if frame(l.text) == Some(Frame::Other) && self.top == self.area_level {
            self.warnings.push(format!(
                "line {}: “{}” reads as a frame, not an area; it is checked as an area because the feedback has no 巡视发现的主要问题 frame",
                l.no, a.area
            ));
        }
        a.details.clear();
        self.areas.push(a);
    }

    /// A line numbered below the areas: a problem of the current area, or more details of
    /// its last problem when numbered deeper still.
    fn problem(&mut self, l: &Line, level: u8) {
        let Some(area) = self.areas.last_mut() else {
            self.warnings.push(format!(
                "line {}: a numbered item before any area: skipped",
                l.no
            ));
            return;
        };
        let pl = *self.problem_level.get_or_insert(level);
        if level == pl {
            let (title, details) = split_title(l.text);
            area.problems.push(title);
            area.details.push(details);
        } else if level > pl {
            // Sub-items of a problem: more details.
            if let Some(d) = area.details.last_mut() {
                d.push_str(l.text);
            }
        } else {
            self.warnings.push(format!(
                "line {}: numbering level changes inside “{}”: read as a problem",
                l.no, area.area
            ));
            let (title, details) = split_title(l.text);
            area.problems.push(title);
            area.details.push(details);
        }
    }

    /// An unnumbered line: details of the last problem, or a paragraph of the area.
    fn unnumbered(&mut self, l: &Line) {
        if unknown_marker(l.text) {
            self.warnings.push(format!(
                "line {}: a list marker the reader does not know (“{}”): not read as a problem",
                l.no,
                l.text.chars().take(12).collect::<String>()
            ));
        }
        if self.areas.is_empty() {
            return;
        }
        match (self.problem_level, self.areas.last_mut()) {
            (Some(_), Some(a)) => {
                if let Some(d) = a.details.last_mut() {
                    d.push_str(l.text);
                }
            }
            _ => self.paragraphs.push((l.no, l.text.to_string())),
        }
    }

    /// Ends the current area: one without numbered problems takes its run-ins (`一是…`)
    /// from its paragraphs.
    fn finish_area(&mut self) {
        let Some(area) = self.areas.last_mut() else {
            self.paragraphs.clear();
            return;
        };
        if area.problems.is_empty() && !self.paragraphs.is_empty() {
            let body: String = self.paragraphs.iter().map(|(_, t)| t.as_str()).collect();
            let found = split_run_ins(&body);
            if found.is_empty() {
                self.warnings.push(format!(
                    "line {}: “{}” lists no numbered problem and no 一是/二是 items: checked as one problem",
                    self.paragraphs[0].0, area.area
                ));
            }
            for (t, d) in found {
                area.problems.push(t);
                area.details.push(d);
            }
        }
        self.paragraphs.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(heading("一、甲"), Some((1, "甲")));
        assert_eq!(heading("（十二）甲"), Some((2, "甲")));
        assert_eq!(heading("(3)甲"), Some((4, "甲")));
        assert_eq!(heading("3.甲"), Some((3, "甲")));
        assert_eq!(heading("2024.3月"), None);
        assert_eq!(heading("一是甲"), None);
    }

    #[test]
    fn run_ins_need_order_and_a_boundary() {
        let s = "存在问题。一是甲不到位；二是乙不严格，统一是丙；三是丁。";
        let got = split_run_ins(s);
        let titles: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(titles, vec!["甲不到位", "乙不严格", "丁"]);
    }
}
