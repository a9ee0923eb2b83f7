//! Time expressions: found with a small hand-written grammar over the tokens of each sentence
//! and resolved to closed day ranges, relative ones against the publication date (the anchor).
//!
//! Conventions (each a choice; the table in `data/times/table.tsv` pins them down):
//! - Spans leave out a leading plain preposition ("on Monday" → `Monday`, "in June" → `June`)
//!   but keep words that change the meaning ("last", "the past", "between", "early", "the end of").
//! - A weekday or a month without a year is the most recent one on or before the anchor ("on
//!   Wednesday" in a Wednesday article is that day), or the next one on or after it when the
//!   sentence signals the future ("will", "upcoming", "scheduled") with no speech verb between
//!   ("officials said Monday that talks will resume" keeps Monday in the past).
//! - "last Monday" is the latest Monday strictly before the anchor, "next Monday" the first
//!   strictly after it, "this Monday" the one in the anchor's Monday–Sunday week. "Over the
//!   weekend" is the latest Saturday–Sunday begun by the anchor.
//! - A month and day without a year take the anchor's year (AP style drops the current year),
//!   unless that lies more than half a year after the anchor (then the year before).
//! - "this week" is the whole Monday–Sunday calendar week of the anchor (precision `week`);
//!   "last week" and "next week" the ones before and after. "this month" / "this year" likewise.
//! - "the past year", "the last three months", "in recent weeks": the range from that far back
//!   to the anchor (precision `range`); plurals without a number ("recent weeks") count as about
//!   a month for weeks, half a year for months, five years for years, a week for days.
//! - "early / mid / late YEAR" are thirds of the year (Jan–Apr, May–Aug, Sep–Dec), precision
//!   `season`; of a month they are days 1–10, 11–20, 21–end, of a decade years 0–3, 4–6, 7–9
//!   (precision `range`). "the beginning / middle / end of" mean early / mid / late.
//! - "a few / several days ago" is the range from n + 2 to n − 1 units back (few, several = 3).
//! - "the end of the year", "earlier in the month": "the" + unit is the anchor's own period.
//! - Seasons are northern-hemisphere meteorological ones; winter YEAR runs December YEAR to
//!   February YEAR+1.
//! - "21/04/2022": day-first when either reading works (international usage); month-first only
//!   when the first number cannot be a day's month ("04/21/2022"). ISO `2022-04-21` is read as such.
//! - A bare four-digit number is a year only in 1900..=2100, outside a larger number ("1,000",
//!   "2019.5"), and in a year-like context (after "in", "since", "by", "of"…, before punctuation,
//!   or as "the 2019 attack"); round hundreds (2000) need a stronger cue ("in 2000").
//! - "May" and "March" alone are months only after a preposition such as "in", "since", "by";
//!   other months also after "the", "a", "an" ("an October suicide bombing").
//! - Fixed-date holidays (Christmas, Christmas Eve, New Year's Day and Eve) are month-day dates;
//!   movable feasts (Easter, Eid, Ramadan) are not recognised.
//! - "recently", "so far", "in the near future" are not resolved and not reported.
//! - Without an anchor, relative expressions are reported with no value and
//!   `unresolved: "no publication date"`.
//! - When the page gives only its month or year ([`Anchor::Period`]), a relative expression is
//!   resolved against the period's first and last day and kept only where the two readings agree
//!   or one contains the other ("last year", "earlier this year" against 2022); where the answer
//!   depends on the unknown day ("on Monday", "last month", "in June": June of that year or the
//!   year before) it has no value. A copyright year is often the crawl's, not the article's, so
//!   guessing the year of a bare month would date events wrongly.

mod calendar;
mod table;

pub use table::{time_table_failures, time_table_pass_rate, TIME_TABLE};

use calendar::{Days, Part, Period, Season};
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::HashSet;
use std::sync::OnceLock;
use vigil_core::{Sentence, Span, TimeExpr, TimePrecision, TimeValue};

/// What relative times are resolved against: the publication date, as precisely as the page
/// gives it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Anchor {
    /// No publication date: relative expressions stay unresolved.
    #[default]
    Unknown,
    /// The day of publication.
    Day(NaiveDate),
    /// Only the month or the year of publication is known: its first and last day.
    Period { first: NaiveDate, last: NaiveDate },
}

impl Anchor {
    /// The anchor a publication date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD…` gives.
    #[must_use]
    pub fn from_published(value: &str) -> Anchor {
        let number = |range: std::ops::Range<usize>| value.get(range)?.parse::<u32>().ok();
        let Some(year) = number(0..4).and_then(|y| i32::try_from(y).ok()) else {
            return Anchor::Unknown;
        };
        let month = value
            .get(4..5)
            .filter(|sep| *sep == "-")
            .and_then(|_| number(5..7));
        let day = month.and(
            value
                .get(7..8)
                .filter(|sep| *sep == "-")
                .and_then(|_| number(8..10)),
        );
        let period = |first: Option<NaiveDate>, next: Option<NaiveDate>| match (first, next) {
            (Some(first), Some(next)) => next
                .pred_opt()
                .map_or(Anchor::Unknown, |last| Anchor::Period { first, last }),
            _ => Anchor::Unknown,
        };
        match (month, day) {
            (Some(m), Some(d)) => {
                NaiveDate::from_ymd_opt(year, m, d).map_or(Anchor::Unknown, Anchor::Day)
            }
            (Some(m), None) => period(
                NaiveDate::from_ymd_opt(year, m, 1),
                if m == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, m + 1, 1)
                },
            ),
            _ => period(
                NaiveDate::from_ymd_opt(year, 1, 1),
                NaiveDate::from_ymd_opt(year + 1, 1, 1),
            ),
        }
    }
}

impl From<NaiveDate> for Anchor {
    fn from(day: NaiveDate) -> Anchor {
        Anchor::Day(day)
    }
}

impl From<Option<NaiveDate>> for Anchor {
    fn from(day: Option<NaiveDate>) -> Anchor {
        day.map_or(Anchor::Unknown, Anchor::Day)
    }
}

/// Finds time expressions and resolves them against `anchor` (the publication date).
/// Expressions never cross a sentence; with no sentences the whole text is one.
#[must_use]
pub fn find_times(text: &str, sentences: &[Sentence], anchor: impl Into<Anchor>) -> Vec<TimeExpr> {
    match anchor.into() {
        Anchor::Unknown => scan(text, sentences, None),
        Anchor::Day(day) => scan(text, sentences, Some(day)),
        Anchor::Period { first, last } => {
            let early = scan(text, sentences, Some(first));
            let late = scan(text, sentences, Some(last));
            if early.len() != late.len() {
                return scan(text, sentences, None);
            }
            early
                .into_iter()
                .zip(late)
                .map(|(a, b)| within_period(a, b))
                .collect()
        }
    }
}

/// One expression read against the first (`a`) and the last day (`b`) of a coarse publication
/// date: kept where the readings agree or one contains the other, unresolved otherwise.
fn within_period(a: TimeExpr, b: TimeExpr) -> TimeExpr {
    if !a.relative || a.span != b.span {
        return a;
    }
    let (Some(x), Some(y)) = (&a.value, &b.value) else {
        return a;
    };
    let days = |v: &TimeValue| (v.end - v.start).num_days();
    let union = TimeValue {
        start: x.start.min(y.start),
        end: x.end.max(y.end),
    };
    if union == *y {
        b
    } else if union == *x {
        a
    } else if days(&union) <= days(x).max(days(y)) {
        TimeExpr {
            value: Some(union),
            ..b
        }
    } else {
        TimeExpr {
            value: None,
            unresolved: Some("the publication date is not known to the day".to_string()),
            ..a
        }
    }
}

fn scan(text: &str, sentences: &[Sentence], anchor: Option<NaiveDate>) -> Vec<TimeExpr> {
    let whole = [Sentence {
        span: Span::new(0, text.len()),
        paragraph: 0,
    }];
    let sentences = if sentences.is_empty() {
        &whole[..]
    } else {
        sentences
    };
    let mut out = Vec::new();
    let mut toks = Vec::with_capacity(64);
    for sentence in sentences {
        let Some(slice) = text.get(sentence.span.start..sentence.span.end) else {
            continue;
        };
        toks.clear();
        tokenize(slice, sentence.span.start, &mut toks);
        let cx = Cx {
            text,
            toks: &toks,
            anchor,
        };
        let mut i = 0;
        while i < toks.len() {
            match cx.find_at(i) {
                Some(found) if found.end > i => {
                    out.push(cx.expr(&found));
                    i = found.end;
                }
                _ => i += 1,
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
}

/// Splits a sentence into letter runs, digit runs and single punctuation characters.
fn tokenize(slice: &str, offset: usize, toks: &mut Vec<Tok>) {
    let mut chars = slice.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let kind = if c.is_alphabetic() {
            Kind::Word
        } else if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_whitespace() {
            continue;
        } else {
            toks.push(Tok {
                start: offset + at,
                end: offset + at + c.len_utf8(),
                kind: Kind::Punct,
            });
            continue;
        };
        let mut end = at + c.len_utf8();
        while let Some(&(next_at, next)) = chars.peek() {
            let same = match kind {
                Kind::Word => next.is_alphabetic(),
                _ => next.is_ascii_digit(),
            };
            if !same {
                break;
            }
            end = next_at + next.len_utf8();
            chars.next();
        }
        toks.push(Tok {
            start: offset + at,
            end: offset + end,
            kind,
        });
    }
}

/// A matched expression: tokens `first..end` and its value.
#[derive(Debug, Clone, Copy)]
struct Found {
    first: usize,
    end: usize,
    precision: TimePrecision,
    relative: bool,
    value: Option<Days>,
}

/// A date with optional parts ("April 21", "January 2015", "2019", "June").
#[derive(Debug, Clone, Copy)]
struct Partial {
    first: usize,
    end: usize,
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
}

/// A period a modifier applies to ("2019", "June", "this year", "the 1990s").
#[derive(Debug, Clone, Copy)]
struct Base {
    end: usize,
    period: Period,
    relative: bool,
    whole: Option<Days>,
    /// "this year/month/week" or "today": the only bases "earlier" and "later" take.
    current: bool,
}

/// How a month was named (the grammar is `vigil-dates`').
use vigil_dates::MonthWord as MonthName;

const TIMES_OF_DAY: [&str; 6] = [
    "morning",
    "afternoon",
    "evening",
    "night",
    "overnight",
    "midnight",
];
const NUMBER_WORDS: [&str; 12] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

/// The tokens of one sentence and what resolution needs.
struct Cx<'a> {
    text: &'a str,
    toks: &'a [Tok],
    anchor: Option<NaiveDate>,
}

impl Cx<'_> {
    // ---- token access -------------------------------------------------------------------

    fn s(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.kind(i) == Some(Kind::Word) && self.s(i).eq_ignore_ascii_case(word)
    }

    fn is_any(&self, i: usize, words: &[&str]) -> bool {
        self.kind(i) == Some(Kind::Word) && words.iter().any(|w| self.s(i).eq_ignore_ascii_case(w))
    }

    fn punct(&self, i: usize, p: &str) -> bool {
        self.kind(i) == Some(Kind::Punct) && self.s(i) == p
    }

    fn dash(&self, i: usize) -> bool {
        self.punct(i, "-") || self.punct(i, "–")
    }

    /// Whether token `i` touches token `i - 1` (no space between).
    fn glued(&self, i: usize) -> bool {
        match (
            i.checked_sub(1).and_then(|p| self.toks.get(p)),
            self.toks.get(i),
        ) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    fn capitalized(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Word) && self.s(i).chars().next().is_some_and(char::is_uppercase)
    }

    fn num(&self, i: usize) -> Option<u32> {
        let s = self.s(i);
        if self.kind(i) != Some(Kind::Num) || s.len() > 9 {
            return None;
        }
        s.parse().ok()
    }

    /// The word at `i` in lower case, without allocating; `None` for other tokens or long words.
    fn lower(&self, i: usize) -> Option<Lower> {
        if self.kind(i) != Some(Kind::Word) {
            return None;
        }
        Lower::new(self.s(i))
    }

    fn prev_in(&self, i: usize, words: &HashSet<&str>) -> bool {
        i.checked_sub(1)
            .and_then(|p| self.lower(p))
            .is_some_and(|w| words.contains(w.as_str()))
    }

    fn prev_is_any(&self, i: usize, words: &[&str]) -> bool {
        i.checked_sub(1).is_some_and(|p| self.is_any(p, words))
    }

    /// Whether a number at `i` continues into a larger one ("1,000", "3.5", "5:30", "5km").
    fn number_continues(&self, i: usize) -> bool {
        let next = i + 1;
        if !self.glued(next) {
            return false;
        }
        match self.kind(next) {
            Some(Kind::Num) => true,
            Some(Kind::Word) => true,
            Some(Kind::Punct) => {
                (self.punct(next, ",") || self.punct(next, ".") || self.punct(next, ":"))
                    && self.glued(next + 1)
                    && self.kind(next + 1) == Some(Kind::Num)
                    || self.punct(next, "%")
            }
            None => false,
        }
    }

    /// Whether a number at `i` is the tail of a larger one or carries a currency sign.
    fn number_preceded(&self, i: usize) -> bool {
        if !self.glued(i) {
            return false;
        }
        let Some(p) = i.checked_sub(1) else {
            return false;
        };
        match self.kind(p) {
            Some(Kind::Num | Kind::Word) => true,
            Some(Kind::Punct) => {
                matches!(self.s(p), "$" | "£" | "€" | "#")
                    || (matches!(self.s(p), "," | "." | ":")
                        && self.glued(p)
                        && p.checked_sub(1).and_then(|q| self.kind(q)) == Some(Kind::Num))
            }
            None => false,
        }
    }

    fn in_set(&self, i: usize, set: &HashSet<&str>) -> bool {
        self.lower(i).is_some_and(|w| set.contains(w.as_str()))
    }

    /// Whether the expression starting at token `at` speaks of the future: a future word
    /// ("will", "scheduled") in its sentence with no speech verb between them. A date right
    /// after a speech verb ("said Monday that talks will resume") is when it was said.
    fn future_at(&self, at: usize) -> bool {
        let lexicon = lexicon();
        let before = if self.is(at.wrapping_sub(1), "on") {
            at.wrapping_sub(2)
        } else {
            at.wrapping_sub(1)
        };
        if self.in_set(before, &lexicon.speech) {
            return false;
        }
        (0..self.toks.len())
            .filter(|&f| self.in_set(f, &lexicon.future))
            .any(|f| {
                let (lo, hi) = if f < at { (f, at) } else { (at, f) };
                !(lo..hi).any(|k| self.in_set(k, &lexicon.speech))
            })
    }

    // ---- lexical pieces ------------------------------------------------------------------

    /// A month name at `i`: its number, the index after it (and after an abbreviation's period).
    fn month_at(&self, i: usize) -> Option<(u32, usize, MonthName)> {
        if !self.capitalized(i) {
            return None;
        }
        let (m, kind) = vigil_dates::month(self.s(i))?;
        let next = if kind == MonthName::Abbrev && self.punct(i + 1, ".") && self.glued(i + 1) {
            i + 2
        } else {
            i + 1
        };
        Some((m, next, kind))
    }

    fn weekday_at(&self, i: usize) -> Option<Weekday> {
        if !self.capitalized(i) {
            return None;
        }
        vigil_dates::weekday(self.s(i))
    }

    /// A day of the month at `i` ("21", "21st"): the day and the index after it.
    fn day_at(&self, i: usize) -> Option<(u32, usize)> {
        let d = self.num(i)?;
        if self.s(i).len() > 2 || !(1..=31).contains(&d) || self.number_preceded(i) {
            return None;
        }
        if self.glued(i + 1) && self.is_any(i + 1, &["st", "nd", "rd", "th"]) {
            return Some((d, i + 2));
        }
        if self.number_continues(i) {
            return None;
        }
        Some((d, i + 1))
    }

    /// A standalone four-digit year in 1900..=2100 at `i`.
    fn year_at(&self, i: usize) -> Option<i32> {
        let y = self.num(i)?;
        if self.s(i).len() != 4 || !(1900..=2100).contains(&y) {
            return None;
        }
        if self.number_preceded(i) || self.number_continues(i) {
            return None;
        }
        // The tail of a phone or serial number ("510-574-2091"); "2014-2016" stays a range.
        if i >= 2
            && self.glued(i)
            && self.dash(i - 1)
            && self.glued(i - 1)
            && self.kind(i - 2) == Some(Kind::Num)
            && self.s(i - 2).len() != 4
        {
            return None;
        }
        i32::try_from(y).ok()
    }

    /// A count: digits, "a"/"an", or a number word up to twelve; and the index after it.
    fn count_at(&self, i: usize) -> Option<(u32, usize)> {
        if let Some(n) = self.num(i) {
            return (!self.number_continues(i) && n > 0 && n <= 1000).then_some((n, i + 1));
        }
        if self.is_any(i, &["a", "an"]) {
            return Some((1, i + 1));
        }
        if self.is(i, "couple") {
            return Some((2, if self.is(i + 1, "of") { i + 2 } else { i + 1 }));
        }
        if self.is_any(i, &["few", "several"]) {
            return Some((3, i + 1));
        }
        let w = self.s(i);
        NUMBER_WORDS
            .iter()
            .position(|n| w.eq_ignore_ascii_case(n))
            .map(|k| (k as u32 + 1, i + 1))
    }

    /// A calendar unit at `i`: (unit, plural).
    fn unit_at(&self, i: usize) -> Option<(Unit, bool)> {
        let w = self.lower(i)?;
        let (unit, plural) = match w.as_str() {
            "day" => (Unit::Day, false),
            "days" => (Unit::Day, true),
            "week" => (Unit::Week, false),
            "weeks" => (Unit::Week, true),
            "month" => (Unit::Month, false),
            "months" => (Unit::Month, true),
            "year" => (Unit::Year, false),
            "years" => (Unit::Year, true),
            "hours" => (Unit::Hour, true),
            "decade" => (Unit::Decade, false),
            "decades" => (Unit::Decade, true),
            _ => return None,
        };
        (self.kind(i) == Some(Kind::Word)).then_some((unit, plural))
    }

    // ---- grammar -------------------------------------------------------------------------

    fn find_at(&self, i: usize) -> Option<Found> {
        // Most tokens cannot start an expression: a set lookup rules them out early.
        let starts = match self.kind(i) {
            Some(Kind::Num) => true,
            Some(Kind::Word) => self
                .lower(i)
                .is_some_and(|w| lexicon().is_trigger(w.as_str())),
            _ => self.punct(i, "'") || self.punct(i, "’"),
        };
        if !starts {
            return None;
        }
        self.range(i)
            .or_else(|| self.modified(i))
            .or_else(|| self.relative_period(i))
            .or_else(|| self.season(i))
            .or_else(|| self.numeric(i))
            .or_else(|| self.weekday(i))
            .or_else(|| self.day_word(i))
            .or_else(|| self.ago(i))
            .or_else(|| {
                self.decade(i)
                    .map(|b| self.found(i, &b, TimePrecision::Range))
            })
            .or_else(|| self.calendar(i))
    }

    fn found(&self, first: usize, base: &Base, precision: TimePrecision) -> Found {
        Found {
            first,
            end: base.end,
            precision,
            relative: base.relative,
            value: base.whole,
        }
    }

    fn relative(
        &self,
        first: usize,
        end: usize,
        precision: TimePrecision,
        f: impl FnOnce(NaiveDate) -> Option<Days>,
    ) -> Option<Found> {
        Some(Found {
            first,
            end,
            precision,
            relative: true,
            value: self.anchor.and_then(f),
        })
    }

    /// "between March and May 2020", "from 2014 to 2016", "April 21-23, 2022", "2014–16".
    fn range(&self, i: usize) -> Option<Found> {
        let between = self.is(i, "between");
        if !between && !self.is(i, "from") {
            return None;
        }
        let p1 = self.partial(i + 1)?;
        let k = p1.end;
        let joined = if between {
            self.is(k, "and")
        } else {
            self.is_any(k, &["to", "until", "till", "through"]) || self.dash(k)
        };
        if !joined {
            return None;
        }
        self.join(i, p1, k + 1)
    }

    /// The second half of a range after its connector at `k`, joined with `p1` into one found range.
    fn join(&self, first: usize, p1: Partial, k: usize) -> Option<Found> {
        let p2 = if let Some(p) = self
            .partial(k)
            .filter(|p| p.month.is_some() || p1.month.is_none())
        {
            p
        } else if p1.day.is_some() {
            // "April 21-23, 2022": a bare day takes the first date's month.
            let (d, end) = self.day_at(k)?;
            let (year, end) = self.year_after(end);
            Partial {
                first: k,
                end,
                year,
                month: p1.month,
                day: Some(d),
            }
        } else if p1.month.is_none() && p1.year.is_some() && self.s(k).len() == 2 {
            // "2014-16".
            let yy = i32::try_from(self.num(k)?).ok()?;
            let y1 = p1.year?;
            let y2 = y1 - y1 % 100 + yy;
            if y2 <= y1 || self.number_continues(k) {
                return None;
            }
            Partial {
                first: k,
                end: k + 1,
                year: Some(y2),
                month: None,
                day: None,
            }
        } else {
            return None;
        };
        // The first half may borrow the year (and month) of the second: "March to May 2020".
        if p1.month.is_some() != p2.month.is_some() {
            return None;
        }
        let mut a = p1;
        let mut b = p2;
        if a.year.is_none() {
            if let (Some(y2), Some(m1), Some(m2)) = (b.year, a.month, b.month) {
                let later = (m1, a.day.unwrap_or(1)) > (m2, b.day.unwrap_or(31));
                a.year = Some(if later { y2 - 1 } else { y2 });
            }
        }
        if b.year.is_none() {
            if let (Some(y1), Some(m1), Some(m2)) = (a.year, a.month, b.month) {
                b.year = Some(if m2 < m1 { y1 + 1 } else { y1 });
            }
        }
        let relative = a.year.is_none() || b.year.is_none();
        let value = if relative {
            // Neither names a year: resolve the end against the anchor, the start before it.
            self.anchor.and_then(|anchor| {
                let (end_days, _) = self.resolve_yearless(b, anchor)?;
                let y2 = end_days.1.year();
                let later = (a.month?, a.day.unwrap_or(1)) > (b.month?, b.day.unwrap_or(31));
                let a = Partial {
                    year: Some(if later { y2 - 1 } else { y2 }),
                    ..a
                };
                Some((self.absolute(a)?.0, end_days.1))
            })
        } else {
            self.absolute(a)
                .zip(self.absolute(b))
                .map(|(x, y)| (x.0, y.1))
        };
        let value = value.filter(|(s, e)| s <= e);
        if !relative && value.is_none() {
            return None;
        }
        Some(Found {
            first,
            end: b.end,
            precision: TimePrecision::Range,
            relative,
            value,
        })
    }

    /// "late 2019", "early 2020", "mid-2021", "mid-June", "the end of last year",
    /// "earlier this year", "later this month", "the first half of 2021", "the early 1990s".
    fn modified(&self, i: usize) -> Option<Found> {
        let (part, mut j) = self.part_at(i)?;
        if matches!(part, Part::Earlier | Part::Later | Part::Early | Part::Late)
            && self.is(j, "in")
        {
            j += 1;
        }
        let base = if self.is(j, "the") && self.unit_at(j + 1).is_some_and(|(_, plural)| !plural) {
            // "earlier in the year", "the end of the month": the anchor's own period.
            self.calendar_unit(j + 1, "this", j + 2)?
        } else {
            self.base(j)?
        };
        if matches!(part, Part::Earlier | Part::Later) && !base.current {
            return None;
        }
        let precision = match (base.period, part) {
            (Period::Day, _) => TimePrecision::Day,
            (Period::Year, Part::Early | Part::Mid | Part::Late) => TimePrecision::Season,
            _ => TimePrecision::Range,
        };
        let value = base
            .whole
            .and_then(|w| calendar::part_of(w, base.period, part, self.anchor));
        if !base.relative && value.is_none() {
            return None;
        }
        Some(Found {
            first: i,
            end: base.end,
            precision,
            relative: base.relative || matches!(part, Part::Earlier | Part::Later),
            value,
        })
    }

    /// A part word or phrase at `i` and the index after it.
    fn part_at(&self, i: usize) -> Option<(Part, usize)> {
        let simple = if self.is(i, "early") {
            Some(Part::Early)
        } else if self.is(i, "mid") {
            Some(Part::Mid)
        } else if self.is(i, "late") {
            Some(Part::Late)
        } else if self.is(i, "earlier") {
            Some(Part::Earlier)
        } else if self.is(i, "later") {
            Some(Part::Later)
        } else {
            None
        };
        if let Some(part) = simple {
            let next = if self.dash(i + 1) && self.glued(i + 1) {
                i + 2
            } else {
                i + 1
            };
            return Some((part, next));
        }
        let j = if self.is(i, "the") { i + 1 } else { i };
        if self.is(j + 1, "of") {
            let part = if self.is(j, "end") {
                Part::Late
            } else if self.is_any(j, &["beginning", "start"]) {
                Part::Early
            } else if self.is(j, "middle") {
                Part::Mid
            } else {
                return None;
            };
            return Some((part, j + 2));
        }
        if self.is(j + 2, "of") {
            let ordinal = ["first", "second", "third", "fourth", "last"]
                .iter()
                .position(|w| self.is(j, w))?;
            let part = if self.is(j + 1, "half") {
                match ordinal {
                    0 => Part::FirstHalf,
                    1 | 4 => Part::SecondHalf,
                    _ => return None,
                }
            } else if self.is(j + 1, "quarter") {
                Part::Quarter(if ordinal == 4 { 4 } else { ordinal as u32 + 1 })
            } else {
                return None;
            };
            return Some((part, j + 3));
        }
        if j == i + 1 && self.is_any(j, &["early", "mid", "late"]) {
            // "the early 1990s".
            let (part, next) = self.part_at(j)?;
            return self.decade(next).is_some().then_some((part, next));
        }
        None
    }

    /// What a part applies to.
    fn base(&self, j: usize) -> Option<Base> {
        if let Some(b) = self.decade(j) {
            return Some(b);
        }
        if let Some(p) = self.partial(j) {
            if p.day.is_none() {
                if p.year.is_some() {
                    let whole = self.absolute(p)?;
                    let period = if p.month.is_some() {
                        Period::Month
                    } else {
                        Period::Year
                    };
                    return Some(Base {
                        end: p.end,
                        period,
                        relative: false,
                        whole: Some(whole),
                        current: false,
                    });
                }
                let whole = self
                    .anchor
                    .and_then(|a| self.resolve_yearless(p, a))
                    .map(|(w, _)| w);
                return Some(Base {
                    end: p.end,
                    period: Period::Month,
                    relative: true,
                    whole,
                    current: false,
                });
            }
        }
        if self.is_any(j, &["this", "last", "next"]) {
            let which = self.lower(j)?;
            return self.calendar_unit(j + 1, which.as_str(), j + 2);
        }
        if self.is_any(j, &["today", "yesterday", "tomorrow", "tonight"]) {
            let shift = self.day_word_shift(j)?;
            let whole = self
                .anchor
                .and_then(|a| calendar::add_days(a, shift))
                .map(calendar::day);
            return Some(Base {
                end: j + 1,
                period: Period::Day,
                relative: true,
                whole,
                current: true,
            });
        }
        if let Some(w) = self.weekday_at(j) {
            let whole = self
                .anchor
                .and_then(|a| self.resolve_weekday(a, w, ""))
                .map(calendar::day);
            return Some(Base {
                end: j + 1,
                period: Period::Day,
                relative: true,
                whole,
                current: false,
            });
        }
        None
    }

    /// "this|last|next week|month|year" as a base; `unit_at` is the unit's index.
    fn calendar_unit(&self, unit_at: usize, which: &str, end: usize) -> Option<Base> {
        let (unit, plural) = self.unit_at(unit_at)?;
        if plural {
            return None;
        }
        let shift = match which {
            "this" => 0,
            "last" => -1,
            "next" => 1,
            _ => return None,
        };
        let period = match unit {
            Unit::Week => Period::Week,
            Unit::Month => Period::Month,
            Unit::Year => Period::Year,
            _ => return None,
        };
        let whole = self.anchor.and_then(|a| match period {
            Period::Week => calendar::week(calendar::add_days(a, 7 * i64::from(shift))?),
            Period::Month => {
                let d = calendar::add_months(a, shift)?;
                calendar::month(d.year(), d.month())
            }
            _ => calendar::year(a.year() + shift),
        });
        Some(Base {
            end,
            period,
            relative: true,
            whole,
            current: shift == 0,
        })
    }

    /// "this week", "last month", "next year", "this weekend", "last summer", "last June",
    /// "the past year", "the last three months", "in recent weeks", "the coming days".
    fn relative_period(&self, i: usize) -> Option<Found> {
        if self.is_any(i, &["this", "last", "next"]) {
            let lower = self.lower(i)?;
            let which = lower.as_str();
            if which == "this" && self.is(i + 1, "past") {
                // "this past week" = "the past week"; "this past weekend" = "last weekend".
                if self.is(i + 2, "weekend") {
                    return self.weekend(i, i + 3, "last");
                }
                return self.past_range(i, i + 2);
            }
            if let Some(base) = self.calendar_unit(i + 1, which, i + 2) {
                let precision = match base.period {
                    Period::Week => TimePrecision::Week,
                    Period::Month => TimePrecision::Month,
                    _ => TimePrecision::Year,
                };
                return Some(self.found(i, &base, precision));
            }
            if self.is(i + 1, "weekend") {
                return self.weekend(i, i + 2, which);
            }
            if let Some(season) = self.kind(i + 1).and(Season::from_word(self.s(i + 1))) {
                return self.relative(i, i + 2, TimePrecision::Season, |a| {
                    resolve_season(a, season, which)
                });
            }
            if let Some((m, end, kind)) = self.month_at(i + 1) {
                if kind != MonthName::Abbrev
                    && end == i + 2
                    && self
                        .partial(i + 1)
                        .is_some_and(|p| p.year.is_none() && p.day.is_none())
                {
                    return self.relative(i, end, TimePrecision::Month, |a| {
                        let y = match which {
                            "last" if m < a.month() => a.year(),
                            "last" => a.year() - 1,
                            "next" if m > a.month() => a.year(),
                            "next" => a.year() + 1,
                            _ => a.year(),
                        };
                        calendar::month(y, m)
                    });
                }
            }
            if which == "last" {
                return self.past_range(i, i + 1);
            }
            return None;
        }
        if self.is(i, "the") && self.is_any(i + 1, &["past", "last"]) {
            return self.past_range(i, i + 2);
        }
        if self.is(i, "past") {
            return self.past_range(i, i + 1);
        }
        if self.is(i, "the") && self.is_any(i + 1, &["coming", "next"]) {
            let (n, j) = self.count_at(i + 2).unwrap_or((0, i + 2));
            let (unit, plural) = self.unit_at(j)?;
            if !plural {
                // "the next day" counts from the story's events, not from publication.
                return None;
            }
            let n = if n == 0 {
                approx_count(unit, plural)?
            } else {
                n
            };
            return self.relative(i, j + 1, TimePrecision::Range, |a| {
                Some((a, unit.shift(a, i64::from(n))?))
            });
        }
        if self.is(i, "the")
            && self.is(i + 1, "weekend")
            && self.prev_is_any(i, &["over", "during", "at", "on", "through"])
        {
            // "over the weekend": the latest weekend begun by the anchor, or the coming one.
            let which = if self.future_at(i) { "this" } else { "latest" };
            return self.weekend(i, i + 2, which);
        }
        if self.is(i, "recent") && self.prev_is_any(i, &["in", "over", "during"]) {
            let (unit, plural) = self.unit_at(i + 1)?;
            let n = approx_count(unit, plural)?;
            return self.relative(i, i + 2, TimePrecision::Range, |a| {
                Some((unit.shift(a, -i64::from(n))?, a))
            });
        }
        None
    }

    /// "[the] past|last [N] units" starting at `first`; the count or unit is at `j`.
    fn past_range(&self, first: usize, j: usize) -> Option<Found> {
        let (n, k) = match self.count_at(j) {
            Some((n, k)) if !self.is_any(j, &["a", "an"]) => (n, k),
            _ => (0, j),
        };
        let (unit, plural) = self.unit_at(k)?;
        if n > 1 && !plural || self.is(k + 1, "of") {
            return None;
        }
        let n = if n == 0 {
            if plural {
                approx_count(unit, plural)?
            } else {
                1
            }
        } else {
            n
        };
        self.relative(first, k + 1, TimePrecision::Range, |a| {
            Some((unit.shift(a, -i64::from(n))?, a))
        })
    }

    fn weekend(&self, first: usize, end: usize, which: &str) -> Option<Found> {
        self.relative(first, end, TimePrecision::Range, move |a| {
            let sunday = match which {
                "last" => calendar::weekday_before(a, Weekday::Sun, true)?,
                "latest" => {
                    calendar::add_days(calendar::weekday_before(a, Weekday::Sat, false)?, 1)?
                }
                "next" => calendar::add_days(calendar::week(a)?.1, 7)?,
                _ => calendar::week(a)?.1,
            };
            Some((calendar::add_days(sunday, -1)?, sunday))
        })
    }

    /// "the summer of 2021", "summer 2021", "in the summer", "spring of 2020".
    fn season(&self, i: usize) -> Option<Found> {
        let with_the = self.is(i, "the");
        let s = if with_the { i + 1 } else { i };
        if self.kind(s) != Some(Kind::Word) || self.capitalized(s) && s > 0 {
            return None;
        }
        let season = Season::from_word(self.s(s))?;
        let k = if self.is(s + 1, "of") { s + 2 } else { s + 1 };
        if let Some(y) = self.year_at(k) {
            let value = season.of_year(y)?;
            return Some(Found {
                first: i,
                end: k + 1,
                precision: TimePrecision::Season,
                relative: false,
                value: Some(value),
            });
        }
        // Without a year: only "in/during/over the summer" (not "the fall of Kabul").
        if !with_the
            || self.is(s + 1, "of")
            || !self.prev_is_any(
                i,
                &["in", "during", "over", "through", "by", "until", "since"],
            )
        {
            return None;
        }
        let future = self.future_at(i);
        self.relative(i, s + 1, TimePrecision::Season, move |a| {
            resolve_season(
                a,
                season,
                if future {
                    "next-or-this"
                } else {
                    "this-or-last"
                },
            )
        })
    }

    /// "21/04/2022", "04/21/2022", "2022-04-21", "21.04.2022".
    fn numeric(&self, i: usize) -> Option<Found> {
        if self.number_preceded(i) {
            return None;
        }
        let sep = self.s(i + 1);
        if [i, i + 2, i + 4]
            .iter()
            .any(|&k| self.kind(k) != Some(Kind::Num))
            || !matches!(sep, "/" | "-" | ".")
            || self.s(i + 3) != sep
            || self.kind(i + 1) != Some(Kind::Punct)
        {
            return None;
        }
        if !(self.glued(i + 1) && self.glued(i + 2) && self.glued(i + 3) && self.glued(i + 4))
            || self.number_continues(i + 4)
        {
            return None;
        }
        let sep = sep.chars().next()?;
        let date = vigil_dates::numeric(
            self.s(i),
            self.s(i + 2),
            self.s(i + 4),
            sep,
            vigil_dates::Order::DayFirst,
        )?;
        Some(Found {
            first: i,
            end: i + 5,
            precision: TimePrecision::Day,
            relative: false,
            value: Some(calendar::day(date)),
        })
    }

    /// "Monday", "Monday's attack", "Monday night", "last Friday", "next Tuesday",
    /// "Monday, Dec. 12, 2022" (the date wins).
    fn weekday(&self, i: usize) -> Option<Found> {
        let prefix = ["last", "this", "next", "past", "coming"]
            .into_iter()
            .find(|w| self.is(i, w));
        let (which, w_at) = match prefix {
            Some(w) => (w, i + 1),
            None => ("", i),
        };
        let w = self.weekday_at(w_at)?;
        if which.is_empty() && self.prev_in(i, &lexicon().weekday_names) {
            // "Black Friday", "Bloody Sunday".
            return None;
        }
        if which.is_empty() && self.punct(w_at + 1, ",") {
            if let Some(p) = self.partial(w_at + 2).filter(|p| p.day.is_some()) {
                let mut found = self.calendar_found(p)?;
                found.first = i;
                return Some(found);
            }
        }
        let mut end = w_at + 1;
        if self.is_any(end, &TIMES_OF_DAY) {
            end += 1;
        }
        let which = if which.is_empty() && self.future_at(i) {
            "future"
        } else {
            which
        };
        self.relative(i, end, TimePrecision::Day, move |a| {
            self.resolve_weekday(a, w, which).map(calendar::day)
        })
    }

    fn resolve_weekday(&self, anchor: NaiveDate, w: Weekday, which: &str) -> Option<NaiveDate> {
        match which {
            "last" | "past" => calendar::weekday_before(anchor, w, true),
            "next" | "coming" => calendar::weekday_after(anchor, w, true),
            "future" => calendar::weekday_after(anchor, w, false),
            "this" => {
                // The day of that name in the anchor's Monday–Sunday week.
                let monday = calendar::week(anchor)?.0;
                calendar::add_days(monday, i64::from(w.num_days_from_monday()))
            }
            _ => calendar::weekday_before(anchor, w, false),
        }
    }

    fn day_word_shift(&self, i: usize) -> Option<i64> {
        Some(match self.lower(i)?.as_str() {
            "today" | "tonight" => 0,
            "yesterday" => -1,
            "tomorrow" => 1,
            _ => return None,
        })
    }

    /// "today", "yesterday morning", "tonight", "tomorrow", "this morning", "last night".
    fn day_word(&self, i: usize) -> Option<Found> {
        let (shift, mut end) = if let Some(shift) = self
            .day_word_shift(i)
            .filter(|_| self.kind(i) == Some(Kind::Word))
        {
            (shift, i + 1)
        } else if self.is(i, "this") && self.is_any(i + 1, &["morning", "afternoon", "evening"]) {
            (0, i + 2)
        } else if self.is(i, "last") && self.is(i + 1, "night") {
            (-1, i + 2)
        } else {
            return None;
        };
        if end == i + 1 && self.is_any(end, &TIMES_OF_DAY) {
            end += 1;
        }
        self.relative(i, end, TimePrecision::Day, |a| {
            calendar::add_days(a, shift).map(calendar::day)
        })
    }

    /// "two days ago", "three years ago", "a week ago", "10 months ago".
    fn ago(&self, i: usize) -> Option<Found> {
        let vague_at = if self.is(i, "a") && self.is_any(i + 1, &["few", "couple"]) {
            Some(i + 1)
        } else if self.is_any(i, &["few", "several", "couple"]) {
            Some(i)
        } else {
            None
        };
        if let Some(at) = vague_at {
            // "a few days ago": from n + 2 units back to n - 1 (at least one) units back.
            let (n, j) = self.count_at(at)?;
            let (unit, plural) = self.unit_at(j)?;
            if !self.is(j + 1, "ago") || !plural {
                return None;
            }
            let (far, near) = (i64::from(n) + 2, (i64::from(n) - 1).max(1));
            return self.relative(i, j + 2, TimePrecision::Range, move |a| {
                Some((unit.shift(a, -far)?, unit.shift(a, -near)?))
            });
        }
        let (n, j) = self.count_at(i)?;
        let (unit, plural) = self.unit_at(j)?;
        if !self.is(j + 1, "ago") || (n > 1) != plural {
            return None;
        }
        let n = i64::from(n);
        let precision = match unit {
            Unit::Day | Unit::Hour => TimePrecision::Day,
            Unit::Week => TimePrecision::Week,
            Unit::Month => TimePrecision::Month,
            Unit::Year => TimePrecision::Year,
            Unit::Decade => return None,
        };
        self.relative(i, j + 2, precision, move |a| {
            let then = unit.shift(a, -n)?;
            match unit {
                Unit::Day | Unit::Hour => Some(calendar::day(then)),
                Unit::Week => calendar::week(then),
                Unit::Month => calendar::month(then.year(), then.month()),
                _ => calendar::year(then.year()),
            }
        })
    }

    /// "the 1990s", "1990s", "the '90s", "1990's".
    fn decade(&self, i: usize) -> Option<Base> {
        let j = if self.is(i, "the") { i + 1 } else { i };
        let (y, end) = if self.punct(j, "'") || self.punct(j, "’") {
            let yy = self
                .num(j + 1)
                .filter(|_| self.s(j + 1).len() == 2 && self.glued(j + 1))?;
            if !(self.glued(j + 2) && self.is(j + 2, "s")) || yy % 10 != 0 {
                return None;
            }
            (if yy >= 30 { 1900 + yy } else { 2000 + yy }, j + 3)
        } else {
            let y = self.num(j).filter(|_| self.s(j).len() == 4)?;
            if self.number_preceded(j) {
                return None;
            }
            let end = if self.glued(j + 1) && self.is(j + 1, "s") {
                j + 2
            } else if (self.punct(j + 1, "'") || self.punct(j + 1, "’"))
                && self.glued(j + 1)
                && self.glued(j + 2)
                && self.is(j + 2, "s")
            {
                j + 3
            } else {
                return None;
            };
            (y, end)
        };
        if y % 10 != 0 || !(1900..=2100).contains(&y) {
            return None;
        }
        let y = i32::try_from(y).ok()?;
        Some(Base {
            end,
            period: Period::Decade,
            relative: false,
            whole: Some((calendar::year(y)?.0, calendar::year(y + 9)?.1)),
            current: false,
        })
    }

    /// Dates from words: "April 21, 2022", "21 April 2022", "Jan. 5", "January 2015", "in June",
    /// "2019", and ranges glued by a dash ("March-May 2020", "2014-2016").
    fn calendar(&self, i: usize) -> Option<Found> {
        let p = self.partial(i)?;
        if self.dash(p.end) || self.is(p.end, "through") {
            if let Some(found) = self.join(i, p, p.end + 1) {
                return Some(found);
            }
        }
        if let (None, Some(m), None) = (p.year, p.month, p.day) {
            // "March this year", "in June of last year".
            let k = if self.is(p.end, "of") {
                p.end + 1
            } else {
                p.end
            };
            if self.is(k + 1, "year") {
                let shift = match self.lower(k).as_ref().map(Lower::as_str) {
                    Some("this") => Some(0),
                    Some("last") => Some(-1),
                    Some("next") => Some(1),
                    _ => None,
                };
                if let Some(shift) = shift {
                    return self.relative(i, k + 2, TimePrecision::Month, |a| {
                        calendar::month(a.year() + shift, m)
                    });
                }
            }
        }
        match (p.year, p.month, p.day) {
            (_, Some(_), Some(_)) | (Some(_), Some(_), None) => {}
            (None, Some(_), None) => {
                let (_, _, kind) = self.month_at(i)?;
                let cued = match kind {
                    MonthName::Ambiguous => self.prev_in(i, &lexicon().strong_cues),
                    _ => {
                        self.prev_in(i, &lexicon().date_cues)
                            // "the October attack", "an October suicide bombing".
                            || self.prev_is_any(i, &["the", "a", "an", "last", "this", "next"])
                    }
                };
                if !cued {
                    return None;
                }
            }
            (Some(y), None, None) => {
                if !self.year_in_context(i, y) {
                    return None;
                }
            }
            _ => return None,
        }
        self.calendar_found(p)
    }

    fn calendar_found(&self, p: Partial) -> Option<Found> {
        let precision = if p.day.is_some() {
            TimePrecision::Day
        } else if p.month.is_some() {
            TimePrecision::Month
        } else {
            TimePrecision::Year
        };
        if p.year.is_some() {
            let value = self.absolute(p)?;
            return Some(Found {
                first: p.first,
                end: p.end,
                precision,
                relative: false,
                value: Some(value),
            });
        }
        self.relative(p.first, p.end, precision, |a| {
            self.resolve_yearless(p, a).map(|(w, _)| w)
        })
    }

    /// Whether a bare year at `i` reads as a year here ("in 2019", "2019,", "the 2019 attack"),
    /// not a count ("killed 2019 people") or a copyright line ("(c) 2022").
    fn year_in_context(&self, i: usize, y: i32) -> bool {
        let round = y % 100 == 0;
        if i >= 2 && self.punct(i - 1, ")") && self.is(i - 2, "c")
            || i >= 1 && (self.punct(i - 1, "©") || self.is(i - 1, "copyright"))
        {
            return false;
        }
        if self.prev_in(i, &lexicon().strong_cues) {
            return true;
        }
        if self.prev_in(i, &lexicon().date_cues) {
            return !round;
        }
        let next_is_punct = match self.kind(i + 1) {
            None => true,
            Some(Kind::Punct) => matches!(
                self.s(i + 1),
                "," | "." | ";" | ":" | ")" | "]" | "'" | "’" | "!" | "?" | "\"" | "”" | "—" | "–"
            ),
            _ => false,
        };
        if next_is_punct {
            return !round || i == 0;
        }
        if self.prev_is_any(
            i,
            &[
                "the", "a", "its", "their", "his", "her", "this", "that", "our", "last",
            ],
        ) {
            return !round;
        }
        i == 0 && y % 10 != 0 && self.kind(i + 1) == Some(Kind::Word) && !self.capitalized(i + 1)
    }

    /// A date with optional parts at `i`.
    fn partial(&self, i: usize) -> Option<Partial> {
        if let Some((m, d, j)) = self.holiday_at(i) {
            let (year, end) = self.year_after(j);
            return Some(Partial {
                first: i,
                end,
                year,
                month: Some(m),
                day: Some(d),
            });
        }
        if let Some((d, j)) = self.day_at(i) {
            let j = if self.is(j, "of") { j + 1 } else { j };
            if let Some((m, k, _)) = self.month_at(j) {
                let (year, end) = self.year_after(k);
                return self.valid(Partial {
                    first: i,
                    end,
                    year,
                    month: Some(m),
                    day: Some(d),
                });
            }
        }
        if let Some((m, j, kind)) = self.month_at(i) {
            if let Some((d, k)) = self.day_at(j) {
                let (year, end) = self.year_after(k);
                return self.valid(Partial {
                    first: i,
                    end,
                    year,
                    month: Some(m),
                    day: Some(d),
                });
            }
            let k = if self.is(j, "of") || self.punct(j, ",") {
                j + 1
            } else {
                j
            };
            if let Some(y) = self.year_at(k) {
                return Some(Partial {
                    first: i,
                    end: k + 1,
                    year: Some(y),
                    month: Some(m),
                    day: None,
                });
            }
            if kind == MonthName::Abbrev {
                return None;
            }
            return Some(Partial {
                first: i,
                end: j,
                year: None,
                month: Some(m),
                day: None,
            });
        }
        let y = self.year_at(i)?;
        Some(Partial {
            first: i,
            end: i + 1,
            year: Some(y),
            month: None,
            day: None,
        })
    }

    /// A fixed-date holiday at `i` ("Christmas", "Christmas Eve", "New Year's Day"): month, day
    /// and the index after it.
    fn holiday_at(&self, i: usize) -> Option<(u32, u32, usize)> {
        if !self.capitalized(i) {
            return None;
        }
        if self.is(i, "christmas") {
            if self.is(i + 1, "eve") && self.capitalized(i + 1) {
                return Some((12, 24, i + 2));
            }
            let end = if self.is(i + 1, "day") && self.capitalized(i + 1) {
                i + 2
            } else {
                i + 1
            };
            return Some((12, 25, end));
        }
        let apostrophe = self.punct(i + 2, "'") || self.punct(i + 2, "’");
        if self.is(i, "new")
            && self.is(i + 1, "year")
            && apostrophe
            && self.is(i + 3, "s")
            && self.capitalized(i + 4)
        {
            if self.is(i + 4, "day") {
                return Some((1, 1, i + 5));
            }
            if self.is(i + 4, "eve") {
                return Some((12, 31, i + 5));
            }
        }
        None
    }

    /// An optional ", 2022" or " 2022" at `k`.
    fn year_after(&self, k: usize) -> (Option<i32>, usize) {
        if self.punct(k, ",") {
            if let Some(y) = self.year_at(k + 1) {
                return (Some(y), k + 2);
            }
        }
        match self.year_at(k) {
            Some(y) => (Some(y), k + 1),
            None => (None, k),
        }
    }

    fn valid(&self, p: Partial) -> Option<Partial> {
        let (m, d) = (p.month?, p.day?);
        (d <= calendar::days_in_month(p.year.unwrap_or(2000), m)).then_some(p)
    }

    /// The days of a partial date that names its year.
    fn absolute(&self, p: Partial) -> Option<Days> {
        let y = p.year?;
        match (p.month, p.day) {
            (Some(m), Some(d)) => calendar::ymd(y, m, d).map(calendar::day),
            (Some(m), None) => calendar::month(y, m),
            _ => calendar::year(y),
        }
    }

    /// The days of a month or month-and-day without a year, placed relative to the anchor.
    fn resolve_yearless(&self, p: Partial, anchor: NaiveDate) -> Option<(Days, i32)> {
        let m = p.month?;
        let future = self.future_at(p.first);
        let y = anchor.year();
        let year = match p.day {
            Some(d) => {
                let this = calendar::ymd(y, m, d).or_else(|| calendar::ymd(y, m, 28))?;
                let gap = (this - anchor).num_days();
                if future && gap < -30 {
                    y + 1
                } else if !future && gap > 183 {
                    y - 1
                } else {
                    y
                }
            }
            None => {
                let (start, end) = calendar::month(y, m)?;
                if future {
                    if end >= anchor {
                        y
                    } else {
                        y + 1
                    }
                } else if start <= anchor {
                    y
                } else {
                    y - 1
                }
            }
        };
        let days = self.absolute(Partial {
            year: Some(year),
            ..p
        })?;
        Some((days, year))
    }

    fn expr(&self, f: &Found) -> TimeExpr {
        let start = self.toks.get(f.first).map_or(0, |t| t.start);
        let end = f
            .end
            .checked_sub(1)
            .and_then(|l| self.toks.get(l))
            .map_or(start, |t| t.end);
        let unresolved = if f.value.is_some() {
            None
        } else if f.relative && self.anchor.is_none() {
            Some("no publication date".to_string())
        } else {
            Some("cannot be placed on the calendar".to_string())
        };
        TimeExpr {
            span: Span::new(start, end),
            text: self.text.get(start..end).unwrap_or("").to_string(),
            value: f.value.map(|(start, end)| TimeValue { start, end }),
            precision: f.precision,
            relative: f.relative,
            anchor: if f.relative { self.anchor } else { None },
            unresolved,
        }
    }
}

/// A calendar unit counted in relative expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hour,
    Day,
    Week,
    Month,
    Year,
    Decade,
}

impl Unit {
    /// `date` moved by `n` units (hours count as days).
    fn shift(self, date: NaiveDate, n: i64) -> Option<NaiveDate> {
        match self {
            Unit::Hour => calendar::add_days(date, n.signum() * ((n.abs() + 23) / 24)),
            Unit::Day => calendar::add_days(date, n),
            Unit::Week => calendar::add_days(date, 7 * n),
            Unit::Month => calendar::add_months(date, i32::try_from(n).ok()?),
            Unit::Year => calendar::add_months(date, i32::try_from(12 * n).ok()?),
            Unit::Decade => calendar::add_months(date, i32::try_from(120 * n).ok()?),
        }
    }
}

/// How many units a plural without a number stands for ("recent weeks" ≈ 4 weeks).
fn approx_count(unit: Unit, plural: bool) -> Option<u32> {
    if !plural {
        return Some(1);
    }
    match unit {
        Unit::Day => Some(7),
        Unit::Week => Some(4),
        Unit::Month => Some(6),
        Unit::Year => Some(5),
        Unit::Hour => Some(24),
        Unit::Decade => None,
    }
}

/// A season relative to `anchor`: "this" (the anchor's), "last" (the latest that has ended),
/// "next" (the first not yet begun), "this-or-last" (the latest begun), "next-or-this" (the
/// first not yet ended).
fn resolve_season(anchor: NaiveDate, season: Season, which: &str) -> Option<Days> {
    let y = anchor.year();
    let candidates = [y - 2, y - 1, y, y + 1].map(|year| season.of_year(year));
    let pick = |pred: &dyn Fn(Days) -> bool, last: bool| {
        let mut it = candidates.iter().flatten().copied().filter(|d| pred(*d));
        if last {
            it.last()
        } else {
            it.next()
        }
    };
    match which {
        "this" => pick(&|(s, e)| s <= anchor && anchor <= e, false).or_else(|| {
            let start_year = if season == Season::Winter && anchor.month() <= 2 {
                y - 1
            } else {
                y
            };
            season.of_year(start_year)
        }),
        "last" => pick(&|(_, e)| e < anchor, true),
        "next" => pick(&|(s, _)| s > anchor, false),
        "next-or-this" => pick(&|(_, e)| e >= anchor, false),
        _ => pick(&|(s, _)| s <= anchor, true),
    }
}

/// A short word in lower case, held on the stack.
#[derive(Clone, Copy)]
struct Lower {
    buf: [u8; 16],
    len: usize,
}

impl Lower {
    fn new(word: &str) -> Option<Lower> {
        let bytes = word.as_bytes();
        if bytes.len() > 16 || !word.is_ascii() {
            return None;
        }
        let mut buf = [0u8; 16];
        for (d, s) in buf.iter_mut().zip(bytes) {
            *d = s.to_ascii_lowercase();
        }
        Some(Lower {
            buf,
            len: bytes.len(),
        })
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// The cue words from `data/times/words.txt` and the words an expression can start with.
struct Lexicon {
    date_cues: HashSet<&'static str>,
    strong_cues: HashSet<&'static str>,
    future: HashSet<&'static str>,
    speech: HashSet<&'static str>,
    weekday_names: HashSet<&'static str>,
    /// Trigger words by first letter: a short scan beats hashing on this hot path.
    triggers: [Vec<&'static str>; 26],
}

impl Lexicon {
    fn is_trigger(&self, lower: &str) -> bool {
        let Some(first) = lower.bytes().next().filter(u8::is_ascii_lowercase) else {
            return false;
        };
        self.triggers
            .get(usize::from(first - b'a'))
            .is_some_and(|bucket| bucket.contains(&lower))
    }
}

const WORDS: &str = include_str!("../../data/times/words.txt");

/// Words (besides month and weekday names) on which some rule of the grammar starts.
const TRIGGERS: [&str; 38] = [
    "between",
    "from",
    "early",
    "mid",
    "late",
    "earlier",
    "later",
    "the",
    "end",
    "beginning",
    "start",
    "middle",
    "first",
    "second",
    "third",
    "fourth",
    "last",
    "this",
    "next",
    "past",
    "coming",
    "recent",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "a",
    "an",
    "few",
    "several",
    "couple",
    "christmas",
    "new",
];

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lexicon = Lexicon {
            date_cues: HashSet::new(),
            strong_cues: HashSet::new(),
            future: HashSet::new(),
            speech: HashSet::new(),
            weekday_names: HashSet::new(),
            triggers: Default::default(),
        };
        for (section, word) in crate::sentences::sectioned_words(WORDS) {
            let set = match section {
                "date_cues" => &mut lexicon.date_cues,
                "strong_cues" => &mut lexicon.strong_cues,
                "future" => &mut lexicon.future,
                "speech" => &mut lexicon.speech,
                "weekday_names" => &mut lexicon.weekday_names,
                _ => continue,
            };
            set.insert(word);
        }
        let words = TRIGGERS
            .into_iter()
            .chain(vigil_dates::names())
            .chain(NUMBER_WORDS);
        for word in words {
            let bucket = word
                .bytes()
                .next()
                .and_then(|b| lexicon.triggers.get_mut(usize::from(b.wrapping_sub(b'a'))));
            if let Some(bucket) = bucket {
                bucket.push(word);
            }
        }
        lexicon
    })
}
