//! `date-check`: dates exist, run in order, agree, and the issue date has its standard form.
//!
//! * `valid`: a date that does not exist (`2月30日`, `13月`).
//! * `order`: inspection start ≤ end ≤ feedback ≤ every 截至 date ≤ issue date; a bare date
//!   whose inherited year would make it go backwards is reported as ambiguous (case
//!   `ambiguous`) instead of being guessed.
//! * `published`: the header's publication date equals the issue date.
//! * `issue-format`: the issue date is written `2025年6月10日` (GB/T 9704-2012 7.3.5.4):
//!   Arabic digits, four-digit year, no zero padding.
//! * `malformed`: a statement of a date that cannot be read — digits and `日` with no `月`
//!   (`2024717日至830日`, `914日`). Reported where it stands, so a lost `月` is not mistaken for
//!   a missing period or feedback date.

use crate::model::{DateRef, DateRole, Document};
use crate::numbers::ascii_digit;
use crate::rules::load::{BuildError, Kind};
use crate::rules::{Check, Reporter};
use serde::Deserialize;

/// Which check.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum What {
    /// Calendar validity.
    Valid,
    /// Chronology.
    Order,
    /// Header date = issue date.
    Published,
    /// The issue date's written form.
    IssueFormat,
    /// Dates that lost their `月`.
    Malformed,
}

rule_spec! {
    /// Rule file of kind `date-check`.
    pub(crate) struct Spec {
        /// Which check.
        pub check: What,
    }
}

impl Kind for Spec {
    const VARS: &'static [&'static str] =
        &["date", "role", "other", "other_role", "reason", "expected"];
    const VARIANTS: &'static [&'static str] = &["ambiguous"];
    fn build(self) -> Result<Box<dyn Check>, BuildError> {
        Ok(Box::new(DateCheck { what: self.check }))
    }
}

struct DateCheck {
    what: What,
}

fn role_name(role: DateRole) -> &'static str {
    match role {
        DateRole::Published => "发布日期",
        DateRole::PeriodStart => "巡视（巡察）开始日期",
        DateRole::PeriodEnd => "巡视（巡察）结束日期",
        DateRole::Feedback => "反馈日期",
        DateRole::FeedbackEnd => "反馈结束日期",
        DateRole::AsOf => "截至日期",
        DateRole::Issued => "成文日期",
        DateRole::Other => "日期",
    }
}

fn why_invalid(d: &DateRef) -> String {
    if !(1..=12).contains(&d.month) {
        format!("没有{}月", d.month)
    } else if d.day == 0 {
        "日期从1日开始".to_string()
    } else {
        let y = d.year.unwrap_or(2024);
        format!(
            "{}月只有{}天",
            d.month,
            crate::numbers::days_in_month(y, d.month)
        )
    }
}

impl DateCheck {
    fn order(&self, doc: &Document, out: &mut Reporter) {
        let pick = |role: DateRole| doc.dates.iter().filter(move |d| d.role == role);
        for d in doc.dates.iter().filter(|d| d.ambiguous) {
            out.report_as(
                "ambiguous",
                d.span.clone(),
                &[
                    ("date", doc.slice(&d.span).to_string()),
                    ("role", role_name(d.role).to_string()),
                    ("expected", d.display()),
                ],
            );
        }
        // Each role's dates against the latest earlier-role date that must not be later.
        let chain = [
            DateRole::PeriodStart,
            DateRole::PeriodEnd,
            DateRole::Feedback,
            DateRole::FeedbackEnd,
            DateRole::AsOf,
            DateRole::Issued,
        ];
        // The latest date of the roles checked so far (on a tie, the last one written), kept
        // as the chain advances: comparing each date with every earlier-role date was
        // quadratic, half the time of a 100 MB draft.
        let mut latest: Option<&DateRef> = None;
        for &role in &chain {
            for d in pick(role) {
                if d.key().is_none() || d.ambiguous {
                    continue;
                }
                let earlier = latest.filter(|e| e.is_after(d));
                if let Some(e) = earlier {
                    out.report(
                        d.span.clone(),
                        &[
                            ("date", d.display()),
                            ("role", role_name(d.role).to_string()),
                            ("other", e.display()),
                            ("other_role", role_name(e.role).to_string()),
                        ],
                    )
                    .label(e.span.clone(), role_name(e.role));
                }
            }
            for e in pick(role).filter(|e| !e.ambiguous && e.key().is_some()) {
                if latest.is_none_or(|l| e.key() >= l.key()) {
                    latest = Some(e);
                }
            }
        }
    }

    fn issue_format(&self, doc: &Document, out: &mut Reporter) {
        let Some(d) = doc.issue_date() else { return };
        let written = doc.slice(&d.span);
        let (Some(y), Some(rest)) = (
            written.split_once('年').map(|p| p.0),
            written.split_once('年').map(|p| p.1),
        ) else {
            return;
        };
        let (m, rest) = rest.split_once('月').unwrap_or((rest, ""));
        let dd = rest.trim_end_matches(['日', '号']);
        let all = || y.chars().chain(m.chars()).chain(dd.chars());
        let chinese = all().any(|c| !ascii_digit(c).is_ascii_digit());
        let reason = if chinese
            && y.chars()
                .any(|c| matches!(c, '零' | '○' | 'O' | 'Ｏ' | '0' | '０'))
        {
            Some("年份中的“零”应写作“〇”；成文日期应使用阿拉伯数字")
        } else if chinese {
            Some("成文日期应使用阿拉伯数字")
        } else if all().any(|c| !c.is_ascii_digit()) {
            Some("成文日期应使用半角阿拉伯数字")
        } else if y.len() != 4 {
            Some("年份应写全四位")
        } else if m.starts_with('0') || dd.starts_with('0') {
            Some("月、日不编虚位（不补零）")
        } else if rest.ends_with('号') {
            Some("应写作“日”")
        } else {
            None
        };
        let Some(reason) = reason else { return };
        let year = d.year.map_or_else(
            || {
                if y.chars().count() == 2 {
                    format!("20{y}")
                } else {
                    y.to_string()
                }
            },
            |v| v.to_string(),
        );
        let expected = format!("{year}年{}月{}日", d.month, d.day);
        let diag = out.report(
            d.span.clone(),
            &[
                ("date", written.to_string()),
                ("reason", reason.to_string()),
                ("expected", expected.clone()),
            ],
        );
        // The same date in the standard form is safe to write, except where a two-digit
        // year's century is a guess.
        if y.chars().count() == 4 && d.is_valid() {
            diag.fix(d.span.clone(), expected);
        }
    }
}

impl Check for DateCheck {
    fn run(&self, doc: &Document, out: &mut Reporter) {
        match self.what {
            What::Valid => {
                let header = doc.header.as_ref().map(|h| &h.date);
                for d in doc.dates.iter().chain(header) {
                    if !d.is_valid() {
                        out.report(
                            d.span.clone(),
                            &[
                                ("date", doc.slice(&d.span).to_string()),
                                ("reason", why_invalid(d)),
                            ],
                        );
                    }
                }
            }
            What::Order => self.order(doc, out),
            What::Published => {
                let Some(h) = &doc.header else { return };
                let Some(d) = doc.issue_date() else { return };
                if let (Some(a), Some(b)) = (h.date.key(), d.key()) {
                    if a != b {
                        out.report(
                            d.span.clone(),
                            &[
                                ("date", d.display()),
                                ("other", h.date.display()),
                                ("role", "成文日期".into()),
                                ("other_role", "发布日期".into()),
                            ],
                        )
                        .label(h.date.span.clone(), "发布日期");
                    }
                }
            }
            What::IssueFormat => self.issue_format(doc, out),
            What::Malformed => {
                for m in &doc.malformed_dates {
                    out.report(
                        m.clone(),
                        &[
                            ("date", doc.slice(m).to_string()),
                            ("reason", "数字与“日”之间缺少“月”".to_string()),
                        ],
                    );
                }
            }
        }
    }
}
