//! What the parser recognised in a draft, for people (`zhenggai inspect FILE`) and programs
//! (`--format json`, the snapshot tests under `tests/parse/`). Every fact the rules read is
//! here with its text and byte span, so "why does it say missing?" has an answer that needs no
//! reading of the code.

use crate::model::{
    Amount, Count, DatePrecision, DateRef, DateRole, Document, InspectionTerm, Span, TallyShape,
};
use crate::numbers::unit_class;
use crate::vocab::UnitClass;
use serde_json::{Value, json};

/// The facts of `doc`, one key per fact module of [`crate::parse`].
pub fn facts(doc: &Document) -> Value {
    json!({
        "title": doc.title.as_ref().map(|t| text(doc, t)),
        "intro": intro(doc),
        "dates": doc.dates.iter().map(|d| date(doc, d)).collect::<Vec<_>>(),
        "malformed_dates": doc.malformed_dates.iter().map(|s| text(doc, s)).collect::<Vec<_>>(),
        "declared": doc.declared.iter().map(|d| json!({
            "text": doc.slice(&d.span), "span": span(&d.span),
            "areas": count(&d.areas),
            "problems": d.problems.as_ref().map(count),
        })).collect::<Vec<_>>(),
        "sections": sections(doc),
        "tallies": doc.tallies.iter().map(|t| json!({
            "text": doc.slice(&t.span), "span": span(&t.span),
            "category": t.category.as_ref().map(|c| doc.slice(c)),
            "shape": match t.shape {
                TallyShape::Partition => "partition",
                TallyShape::Subset => "subset",
                TallyShape::FourForms => "four-forms",
            },
            "total": amount(doc, &t.total),
            "parts": t.parts.iter().map(|p| json!({
                "label": doc.slice(&p.label),
                "amount": amount(doc, &p.amount),
                "share": p.share.as_ref().map(|(s, n)| json!({"text": doc.slice(s), "value": n.value})),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "progress": doc.progress.iter().map(|p| json!({
            "text": doc.slice(&p.span), "span": span(&p.span),
            "unit": p.unit,
            "total": count(&p.total),
            "categories": p.categories.iter().map(|c| json!({
                "label": doc.slice(&c.label), "done": c.done, "count": count(&c.count),
            })).collect::<Vec<_>>(),
            "rate": p.rate.as_ref().map(|(s, n)| json!({"text": doc.slice(s), "span": span(s), "value": n.value})),
        })).collect::<Vec<_>>(),
        "contacts": doc.contacts.iter().map(|c| json!({
            "kind": c.kind.as_str(),
            "label": doc.slice(&c.label),
            "value": doc.slice(&c.value),
            "span": span(&c.value),
        })).collect::<Vec<_>>(),
        "enumerations": enumerations(doc),
        "signature": doc.signature.as_ref().map(|s| json!({
            "body": s.body.as_ref().map(|b| text(doc, b)),
            "date": s.date.map(|i| date(doc, &doc.dates[i])),
        })),
    })
}

fn span(s: &Span) -> Value {
    json!([s.start, s.end])
}

fn text(doc: &Document, s: &Span) -> Value {
    json!({"text": doc.slice(s), "span": span(s)})
}

fn count(c: &Count) -> Value {
    json!({"value": c.value, "span": span(&c.span)})
}

fn amount(doc: &Document, a: &Amount) -> Value {
    let class = match unit_class(&a.unit).0 {
        UnitClass::People => "people".to_string(),
        UnitClass::PersonTimes => "person-times".to_string(),
        UnitClass::Money => "money".to_string(),
        UnitClass::Area => "area".to_string(),
        UnitClass::Length => "length".to_string(),
        UnitClass::Count(w) => format!("count:{w}"),
    };
    json!({
        "text": doc.slice(&a.span), "span": span(&a.span),
        "value": a.number.value, "unit": a.unit, "class": class,
    })
}

/// The role's name in JSON.
pub(crate) fn role_name(role: DateRole) -> &'static str {
    match role {
        DateRole::Published => "published",
        DateRole::PeriodStart => "period-start",
        DateRole::PeriodEnd => "period-end",
        DateRole::Feedback => "feedback",
        DateRole::FeedbackEnd => "feedback-end",
        DateRole::AsOf => "as-of",
        DateRole::Issued => "issued",
        DateRole::Other => "other",
    }
}

fn date(doc: &Document, d: &DateRef) -> Value {
    let value = match (d.year, d.precision) {
        (Some(y), DatePrecision::Day) => format!("{y:04}-{:02}-{:02}", d.month, d.day),
        (Some(y), DatePrecision::Month) => format!("{y:04}-{:02}", d.month),
        (None, DatePrecision::Day) => format!("--{:02}-{:02}", d.month, d.day),
        (None, DatePrecision::Month) => format!("--{:02}", d.month),
    };
    json!({
        "text": doc.slice(&d.span), "span": span(&d.span),
        "value": value,
        "precision": if d.precision == DatePrecision::Month { "month" } else { "day" },
        "year_inherited": d.inherited,
        "ambiguous": d.ambiguous,
        "role": role_name(d.role),
    })
}

fn intro(doc: &Document) -> Value {
    let Some(i) = &doc.intro else {
        return Value::Null;
    };
    let opt = |s: &Option<Span>| s.as_ref().map(|s| text(doc, s));
    json!({
        "span": span(&i.span),
        "statement": opt(&i.statement),
        "group": i.group.as_ref().map(|g| json!({
            "text": doc.slice(g), "span": span(g), "form": i.group_form,
        })),
        "body": opt(&i.body),
        "kind": opt(&i.kind),
        "term": i.term.map(InspectionTerm::as_str),
        "period": i.period.map(|(a, b)| json!({
            "start": date(doc, &doc.dates[a]), "end": date(doc, &doc.dates[b]),
        })),
        "feedback": i.feedback.map(|f| json!({
            "start": date(doc, &doc.dates[f]),
            "end": i.feedback_end.map(|e| date(doc, &doc.dates[e])),
            "sentence": opt(&i.feedback_sentence),
        })),
    })
}

fn sections(doc: &Document) -> Value {
    json!({
        "headings": doc.headings.len(),
        "area_level": doc.areas.first().map(|&a| doc.headings[a].level),
        "areas": doc.areas.iter().map(|&a| {
            let h = &doc.headings[a];
            json!({
                "marker": doc.slice(&h.marker), "title": doc.slice(&h.title),
                "level": h.level, "span": span(&h.span),
            })
        }).collect::<Vec<_>>(),
    })
}

fn enumerations(doc: &Document) -> Value {
    let mut runs: Vec<(usize, Vec<Value>)> = Vec::new();
    for e in &doc.enumerations {
        let marker = json!({"text": doc.slice(&e.span), "number": e.number, "span": span(&e.span)});
        match runs.last_mut() {
            Some((r, v)) if *r == e.run => v.push(marker),
            _ => runs.push((e.run, vec![marker])),
        }
    }
    Value::Array(runs.into_iter().map(|(_, v)| Value::Array(v)).collect())
}

/// The facts as Chinese text for a drafter: one line per fact, with line numbers.
pub fn human(doc: &Document, path: &str) -> String {
    let mut f = Facts {
        doc,
        out: format!("{path}：识别结果\n"),
    };
    f.put("标题", doc.title.as_ref().map_or_else(none, |s| f.at(s)));
    f.intro();
    for d in doc.dates.iter().filter(|d| d.role == DateRole::AsOf) {
        f.put("截至日期", f.date(d));
    }
    for m in &doc.malformed_dates {
        f.put("无法识别的日期", f.at(m));
    }
    f.areas();
    f.tallies();
    f.progress();
    for c in &doc.contacts {
        f.put(
            "监督渠道",
            format!("{} {}", doc.slice(&c.label), f.at(&c.value)),
        );
    }
    match &doc.signature {
        None => f.put("署名", none()),
        Some(s) => {
            f.put("发文机关", s.body.as_ref().map_or_else(none, |b| f.at(b)));
            let date = s.date.map_or_else(none, |i| f.date(&doc.dates[i]));
            f.put("成文日期", date);
        }
    }
    f.out
}

/// What is shown for a fact that was not found.
fn none() -> String {
    "未识别".to_string()
}

/// [`human`]'s lines, fact by fact.
struct Facts<'a> {
    doc: &'a Document,
    out: String,
}

impl Facts<'_> {
    /// One fact's line.
    fn put(&mut self, label: &str, value: String) {
        self.out.push_str(&format!("  {label}：{value}\n"));
    }

    /// 1-based line of byte `at`.
    fn line_of(&self, at: usize) -> usize {
        self.doc.text[..at].matches('\n').count() + 1
    }

    /// Quoted text with its line.
    fn at(&self, s: &Span) -> String {
        format!("“{}”（第{}行）", self.doc.slice(s), self.line_of(s.start))
    }

    /// A date with its line and what is uncertain about it.
    fn date(&self, d: &DateRef) -> String {
        let mut s = format!("{}（第{}行", d.display(), self.line_of(d.span.start));
        if d.inherited {
            s.push_str("，年份沿用前文");
        }
        if d.ambiguous {
            s.push_str("，年份存疑");
        }
        s.push('）');
        s
    }

    /// The opening: who inspected whom, when, and the feedback date.
    fn intro(&mut self) {
        let doc = self.doc;
        let Some(i) = &doc.intro else {
            self.put("开篇", none());
            return;
        };
        let group = i.group.as_ref().map_or_else(none, |g| {
            format!("{} 〔{}〕", self.at(g), i.group_form.unwrap_or(""))
        });
        self.put("巡视（巡察）主体", group);
        self.put(
            "被巡视（巡察）单位",
            i.body.as_ref().map_or_else(none, |b| self.at(b)),
        );
        self.put(
            "巡视（巡察）类别",
            i.kind.as_ref().map_or_else(none, |k| self.at(k)),
        );
        self.put("用语", i.term.map_or_else(none, |t| t.as_str().to_string()));
        let period = i.period.map_or_else(none, |(a, b)| {
            let (a, b) = (self.date(&doc.dates[a]), self.date(&doc.dates[b]));
            format!("{a} 至 {b}")
        });
        self.put("起止日期", period);
        let mut fb = i.feedback.map_or_else(none, |f| self.date(&doc.dates[f]));
        if let Some(e) = i.feedback_end {
            fb = format!("{fb} 至 {}", self.date(&doc.dates[e]));
        }
        self.put("反馈日期", fb);
    }

    /// The declared number of areas and the areas found.
    fn areas(&mut self) {
        let doc = self.doc;
        for d in &doc.declared {
            let problems = d
                .problems
                .as_ref()
                .map_or(String::new(), |p| format!("、{}个问题", p.value));
            let value = format!("{}个方面{problems}，{}", d.areas.value, self.at(&d.span));
            self.put("声明的方面数", value);
        }
        let areas: Vec<String> = doc
            .areas
            .iter()
            .map(|&a| doc.slice(&doc.headings[a].span).to_string())
            .collect();
        let found = if areas.is_empty() {
            none()
        } else {
            format!("{}个：{}", areas.len(), areas.join(" ｜ "))
        };
        self.put("反馈问题部分", found);
    }

    /// Each total with its parts.
    fn tallies(&mut self) {
        let doc = self.doc;
        for t in &doc.tallies {
            let parts: Vec<String> = t
                .parts
                .iter()
                .map(|p| format!("{} {}", doc.slice(&p.label), doc.slice(&p.amount.span)))
                .collect();
            let value = format!(
                "{}{} = {}（第{}行）",
                t.category.as_ref().map_or("", |c| doc.slice(c)),
                doc.slice(&t.total.span),
                parts.join(" + "),
                self.line_of(t.span.start)
            );
            self.put("分项统计", value);
        }
    }

    /// Each progress statement: the total, its categories and the rate.
    fn progress(&mut self) {
        let doc = self.doc;
        for p in &doc.progress {
            let cats: Vec<String> = p
                .categories
                .iter()
                .map(|c| format!("{}{}{}", doc.slice(&c.label), c.count.value, p.unit))
                .collect();
            let rate = p
                .rate
                .as_ref()
                .map_or(String::new(), |(s, _)| format!("，完成率{}", doc.slice(s)));
            let value = format!(
                "总数{}{}：{}{rate}（第{}行）",
                p.total.value,
                p.unit,
                cats.join("、"),
                self.line_of(p.span.start)
            );
            self.put("整改进度", value);
        }
    }
}
