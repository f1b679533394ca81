//! The document model: what the parser recognised in a draft, each part with its byte span
//! into the decoded text. Rules read only this model (and the text), never pest pairs.

use crate::numbers::Number;
use std::ops::Range;

/// A byte range into the document text, always on char boundaries.
pub type Span = Range<usize>;

/// A parsed announcement.
#[derive(Debug, Default)]
pub struct Document {
    /// The decoded text every span points into.
    pub text: String,
    /// Every line, in order, with its classification.
    pub lines: Vec<Line>,
    /// The site header line (`2025-06-10 09:00 ＜site＞`), if present.
    pub header: Option<Header>,
    /// The title line, if present.
    pub title: Option<Span>,
    /// The intro paragraph's facts.
    pub intro: Option<Intro>,
    /// Declared counts (`九个方面30个重点问题`) in the order they appear.
    pub declared: Vec<Declared>,
    /// Every heading (`一、`, `（一）`, `1.`, `（1）`), with its parent in the outline.
    pub headings: Vec<Heading>,
    /// Indices into `headings` of the feedback-area sections, wherever they sit.
    pub areas: Vec<usize>,
    /// Inline enumeration markers (`一是`, `二是`…), in order.
    pub enumerations: Vec<EnumMarker>,
    /// Every date written in the text, in order, with its role and inherited year.
    pub dates: Vec<DateRef>,
    /// Totals with breakdowns: parenthesised, 其中 lists and four-forms statistics.
    pub tallies: Vec<Tally>,
    /// Progress statements (`26个问题中已完成整改23个，其余3个…，整改完成率88.5%`).
    pub progress: Vec<Progress>,
    /// Contact entries (phone, mailbox, email, postcode) in the supervision paragraph.
    pub contacts: Vec<Contact>,
    /// The 下一步 paragraph, if present.
    pub next_steps: Option<Span>,
    /// The signature: issuing body and the date line below it.
    pub signature: Option<Signature>,
    /// The inspection's feedback this report answers, when the run was given one
    /// (`--feedback`): not parsed from the text but attached by the caller, so rules that
    /// compare the report with the feedback read it where they read everything else.
    pub feedback: Option<std::sync::Arc<crate::feedback::Feedback>>,
}

impl Document {
    /// The text of a span.
    pub fn slice(&self, span: &Span) -> &str {
        &self.text[span.clone()]
    }

    /// The issue date under the signature, if the draft has one.
    pub fn issue_date(&self) -> Option<&DateRef> {
        self.signature
            .as_ref()
            .and_then(|s| s.date)
            .map(|i| &self.dates[i])
    }

    /// Lines that are paragraphs or headings with text (not blank), in order.
    pub fn nonblank_lines(&self) -> impl DoubleEndedIterator<Item = &Line> {
        self.lines.iter().filter(|l| l.kind != LineKind::Blank)
    }
}

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Empty or only spaces.
    Blank,
    /// The site header.
    Header,
    /// A heading; the index into `Document::headings`.
    Heading(usize),
    /// A date alone on its line.
    DateLine,
    /// Any other line.
    Paragraph,
}

/// One line of the text.
#[derive(Debug, Clone)]
pub struct Line {
    /// The line without its line ending.
    pub span: Span,
    /// Its classification.
    pub kind: LineKind,
}

/// The site header: publication date and the publishing site.
#[derive(Debug, Clone)]
pub struct Header {
    /// The whole line.
    pub span: Span,
    /// The publication date.
    pub date: DateRef,
}

/// Facts of the intro: who inspected whom, when, and when feedback was given.
#[derive(Debug, Clone, Default)]
pub struct Intro {
    /// The intro paragraph.
    pub span: Span,
    /// The inspecting group (`省委第七巡视组`).
    pub group: Option<Span>,
    /// The inspected body (`杭州市西湖区`).
    pub body: Option<Span>,
    /// 巡视 or 巡察, as the group's name says.
    pub term: Option<InspectionTerm>,
    /// Index into `Document::dates` of the period start and end.
    pub period: Option<(usize, usize)>,
    /// Index into `Document::dates` of the feedback date.
    pub feedback: Option<usize>,
}

/// The two inspection terms; a document uses one of them in its structural places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InspectionTerm {
    /// 巡视: central or provincial.
    Xunshi,
    /// 巡察: city or county.
    Xuncha,
}

impl InspectionTerm {
    /// The term as written.
    pub fn as_str(self) -> &'static str {
        match self {
            InspectionTerm::Xunshi => "巡视",
            InspectionTerm::Xuncha => "巡察",
        }
    }
}

/// A count as written, with its span and value.
#[derive(Debug, Clone)]
pub struct Count {
    /// Where it is written.
    pub span: Span,
    /// Its value.
    pub value: u64,
}

/// `对照巡视反馈的九个方面30个重点问题`: the declared number of areas and problems.
#[derive(Debug, Clone)]
pub struct Declared {
    /// The whole phrase.
    pub span: Span,
    /// The number of areas (方面).
    pub areas: Count,
    /// The number of problems.
    pub problems: Count,
}

/// A numbered heading.
#[derive(Debug, Clone)]
pub struct Heading {
    /// The whole heading line (without indentation).
    pub span: Span,
    /// The marker (`一、`, `（一）`, `1.`, `（1）`).
    pub marker: Span,
    /// The text after the marker.
    pub title: Span,
    /// 1 = `一、`, 2 = `（一）`, 3 = `1.`, 4 = `（1）`.
    pub level: u8,
    /// The ordinal the marker writes, when it reads as a number.
    pub number: Option<u64>,
    /// The enclosing heading in the outline.
    pub parent: Option<usize>,
    /// Direct children in the outline.
    pub children: Vec<usize>,
}

/// `一是`, `二是`…: an inline enumeration marker.
#[derive(Debug, Clone)]
pub struct EnumMarker {
    /// The marker.
    pub span: Span,
    /// Its ordinal.
    pub number: u64,
    /// The line it stands in.
    pub line: usize,
}

/// What a date means in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRole {
    /// The header's publication date.
    Published,
    /// Start of the inspection period.
    PeriodStart,
    /// End of the inspection period.
    PeriodEnd,
    /// The date feedback was given.
    Feedback,
    /// A `截至` (as of) date of the statistics.
    AsOf,
    /// The issue date under the signature.
    Issued,
    /// Any other date.
    Other,
}

/// A date in the text.
#[derive(Debug, Clone)]
pub struct DateRef {
    /// Where it is written.
    pub span: Span,
    /// The year, written or inherited.
    pub year: Option<i32>,
    /// The month as written (may be invalid).
    pub month: u32,
    /// The day as written (may be invalid).
    pub day: u32,
    /// Whether the year was inherited from an earlier date.
    pub inherited: bool,
    /// Whether the inherited year is doubtful (the date would go backwards).
    pub ambiguous: bool,
    /// Its role.
    pub role: DateRole,
}

impl DateRef {
    /// Whether the date exists in the calendar (a missing year is checked against a leap year).
    pub fn is_valid(&self) -> bool {
        let y = self.year.unwrap_or(2024);
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= crate::numbers::days_in_month(y, self.month)
    }

    /// A sortable key when the date is complete and valid.
    pub fn key(&self) -> Option<(i32, u32, u32)> {
        (self.is_valid() && self.year.is_some())
            .then(|| (self.year.unwrap_or(0), self.month, self.day))
    }

    /// `2024年3月18日`.
    pub fn display(&self) -> String {
        match self.year {
            Some(y) => format!("{y}年{}月{}日", self.month, self.day),
            None => format!("{}月{}日", self.month, self.day),
        }
    }
}

/// How the parts of a tally relate to its total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TallyShape {
    /// `58人（党内警告34人，…）`: parts add up to the total.
    Partition,
    /// `12人，其中诫勉5人、…`: parts are a subset, at most the total.
    Subset,
    /// `412人次，其中第一种形态298人次…`: the four forms, a partition when all four are listed.
    FourForms,
}

/// An amount: number and unit.
#[derive(Debug, Clone)]
pub struct Amount {
    /// Where it is written (number and unit).
    pub span: Span,
    /// The number.
    pub number: Number,
    /// The unit as written (`人`, `万元`).
    pub unit: String,
}

/// One part of a breakdown.
#[derive(Debug, Clone)]
pub struct Part {
    /// The whole part (`党内警告34人`).
    pub span: Span,
    /// The label (`党内警告`).
    pub label: Span,
    /// The amount.
    pub amount: Amount,
    /// The share written after it (`占72.3%`), if any.
    pub share: Option<(Span, Number)>,
}

/// A total and its breakdown.
#[derive(Debug, Clone)]
pub struct Tally {
    /// From the category to the end of the breakdown.
    pub span: Span,
    /// The category named before the total (`党纪处分`), if recognised.
    pub category: Option<Span>,
    /// The total.
    pub total: Amount,
    /// The parts.
    pub parts: Vec<Part>,
    /// How parts relate to the total.
    pub shape: TallyShape,
}

/// `26个问题中已完成整改23个，其余3个…，整改完成率88.5%`.
#[derive(Debug, Clone)]
pub struct Progress {
    /// The clause holding the statement.
    pub span: Span,
    /// Total problems or measures.
    pub total: Count,
    /// Completed.
    pub done: Count,
    /// The remaining groups (`其余3个`, `正在整改6个`).
    pub rest: Vec<Count>,
    /// The completion rate written, if any.
    pub rate: Option<(Span, Number)>,
    /// The counting unit (`个`, `项`, `条`).
    pub unit: String,
}

/// What a contact entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactKind {
    /// A telephone number (landline, mobile, 12388).
    Phone,
    /// A postal mailbox or address.
    Mailbox,
    /// An email address.
    Email,
    /// A postcode.
    Postcode,
}

impl ContactKind {
    /// The name used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactKind::Phone => "phone",
            ContactKind::Mailbox => "mailbox",
            ContactKind::Email => "email",
            ContactKind::Postcode => "postcode",
        }
    }
}

/// A contact entry: `联系电话：0571-89510031`.
#[derive(Debug, Clone)]
pub struct Contact {
    /// Its kind.
    pub kind: ContactKind,
    /// The label (`联系电话`).
    pub label: Span,
    /// The value (one number, address, email or postcode).
    pub value: Span,
}

/// The signature block at the end.
#[derive(Debug, Clone)]
pub struct Signature {
    /// The issuing body's line.
    pub body: Option<Span>,
    /// Index into `Document::dates` of the issue date.
    pub date: Option<usize>,
}
