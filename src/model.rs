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
    /// Statements of a date that cannot be read (`2024717日`, `914日`: digits and 日 with no
    /// 月), in order.
    pub malformed_dates: Vec<Span>,
    /// Totals with breakdowns: parenthesised, 其中 lists and four-forms statistics.
    pub tallies: Vec<Tally>,
    /// Progress statements (`26个问题中已完成整改23个，其余3个…，整改完成率88.5%`).
    pub progress: Vec<Progress>,
    /// Contact entries (phone, mailbox, email, postcode) in the supervision paragraph.
    pub contacts: Vec<Contact>,
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
    /// The paragraph holding the inspection statement (or, without one, the period).
    pub span: Span,
    /// The sentence stating the inspection (`…省委第七巡视组对…开展了巡视`).
    pub statement: Option<Span>,
    /// The inspecting body: a group (`省委第七巡视组`, `中央巡视组`, `区委组建4个巡察组`) or a
    /// round (`十届区委第六轮巡察`).
    pub group: Option<Span>,
    /// Which form of [`crate::parse`]'s group table the inspecting body was read with.
    pub group_form: Option<&'static str>,
    /// The inspected body (`杭州市西湖区`).
    pub body: Option<Span>,
    /// The kind of inspection as written (`常规`, `专项`, `机动`, `提级`, `“回头看”`).
    pub kind: Option<Span>,
    /// 巡视 or 巡察, as the group's name says.
    pub term: Option<InspectionTerm>,
    /// Index into `Document::dates` of the period start and end.
    pub period: Option<(usize, usize)>,
    /// Index into `Document::dates` of the feedback date (the first, for a range).
    pub feedback: Option<usize>,
    /// Index into `Document::dates` of the end of a feedback range (`6月17日至6月21日`).
    pub feedback_end: Option<usize>,
    /// The sentence stating the feedback (`8月9日，…反馈了巡视意见`), wherever it stands.
    pub feedback_sentence: Option<Span>,
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
    /// The number of problems, when written as one count (`30个重点问题`); `None` for
    /// `17大项69子项问题` or no count.
    pub problems: Option<Count>,
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
    /// Its run: markers with the same run are one `一是、二是…` sequence (see
    /// `parse::enumerations`).
    pub run: usize,
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
    /// The date feedback was given (the start of a feedback range).
    Feedback,
    /// The end of a feedback range (`6月17日至6月21日，…分别反馈了巡察意见`).
    FeedbackEnd,
    /// A `截至` (as of) date of the statistics.
    AsOf,
    /// The issue date under the signature.
    Issued,
    /// Any other date.
    Other,
}

/// How precisely a date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DatePrecision {
    /// Year (written or inherited), month and day.
    #[default]
    Day,
    /// Year and month only (`2023年11月至12月`, `截至2022年3月`); the day is 0.
    Month,
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
    /// The day as written (may be invalid); 0 for a month-precision date.
    pub day: u32,
    /// Day or month precision.
    pub precision: DatePrecision,
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
        if self.precision == DatePrecision::Month {
            return (1..=12).contains(&self.month);
        }
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= crate::numbers::days_in_month(y, self.month)
    }

    /// A sortable key when the date is complete and valid.
    pub fn key(&self) -> Option<(i32, u32, u32)> {
        (self.is_valid() && self.year.is_some())
            .then(|| (self.year.unwrap_or(0), self.month, self.day))
    }

    /// Whether this date is certainly later than `other`, compared at the coarser of the
    /// two precisions (`2023年12月` is not later than `2023年12月20日`, nor earlier).
    pub fn is_after(&self, other: &DateRef) -> bool {
        let (Some(a), Some(b)) = (self.key(), other.key()) else {
            return false;
        };
        if self.precision == DatePrecision::Month || other.precision == DatePrecision::Month {
            (a.0, a.1) > (b.0, b.1)
        } else {
            a > b
        }
    }

    /// `2024年3月18日`, `2023年11月`.
    pub fn display(&self) -> String {
        if self.precision == DatePrecision::Month {
            return match self.year {
                Some(y) => format!("{y}年{}月", self.month),
                None => format!("{}月", self.month),
            };
        }
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
    /// Every category the total is divided into, the completed one first
    /// (`已完成整改23个`, `基本完成4个`, `取得阶段性进展7个`, `其余3个`).
    pub categories: Vec<ProgressPart>,
}

/// One category of a progress statement.
#[derive(Debug, Clone)]
pub struct ProgressPart {
    /// The category as written (`基本完成`).
    pub label: Span,
    /// Whether it counts as done (完成, 已完成, 整改到位, 办结…).
    pub done: bool,
    /// Its count.
    pub count: Count,
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
    /// A report website (`举报网站：http://…`).
    Website,
}

impl ContactKind {
    /// Every kind, in the order rule files and messages list them.
    pub const ALL: [ContactKind; 5] = [
        ContactKind::Phone,
        ContactKind::Email,
        ContactKind::Postcode,
        ContactKind::Mailbox,
        ContactKind::Website,
    ];

    /// The kind a rule file names (`phone`, `email`, …).
    pub fn from_name(name: &str) -> Option<ContactKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The name used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactKind::Phone => "phone",
            ContactKind::Mailbox => "mailbox",
            ContactKind::Email => "email",
            ContactKind::Postcode => "postcode",
            ContactKind::Website => "website",
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
