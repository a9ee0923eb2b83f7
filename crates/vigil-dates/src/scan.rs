//! Dates inside short texts written for people: bylines, date lines, headers
//! ("Article Launched: 12/30/2007 01:50:35 AM PST", "Sunday, January 20, 2008 |",
//! "16 Jan 2008 12:25 GMT", "27 December 2007 (15:29)"). Only full dates with a four-digit year.

use crate::words::{self, Order};
use chrono::{Datelike, NaiveDate};
use once_cell::sync::Lazy;
use regex::{Captures, Regex};

/// A date found in a text: the day as written (a time of day, if any, is not converted to
/// UTC: the page's own day is the one its readers saw) and where it lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub day: NaiveDate,
    /// Byte offsets of the date in the text.
    pub start: usize,
    pub end: usize,
    /// A time of day follows the date ("… 2008 7:33 AM", "… 2008, 17:04"): a timestamp.
    pub with_time: bool,
    /// The other reading of a numeric date whose day and month could be swapped.
    pub swapped: Option<NaiveDate>,
}

static YEAR_FIRST: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"\b((?:19|20)\d{2})([/.-])(\d{1,2})([/.-])(\d{1,2})\b").ok());
/// A compact ISO 8601 instant as news feeds write it ("20080118T125454Z"), shown as text.
static COMPACT: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"\b((?:19|20)\d{2})(\d{2})(\d{2})T\d{4}(?:\d{2})?Z?\b").ok());
static YEAR_LAST: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"\b(\d{1,2})([/.-])(\d{1,2})([/.-])((?:19|20)\d{2})\b").ok());
static MONTH_FIRST: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(r"(?i)\b([a-zA-Z\u{C0}-\u{24F}]{3,10})\.?\s*(\d{1,2})(?:st|nd|rd|th)?\b\s*,?\s*((?:19|20)\d{2})\b").ok()
});
static DAY_FIRST: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?[.,]?(?:\s*|-)(?:of\s+|de\s+)?([a-zA-Z\u{C0}-\u{24F}]{3,10})\b\.?(?:,?\s*|-)(?:de\s+)?((?:19|20)\d{2})\b",
    )
    .ok()
});
/// A month and day with no year at the head of a dateline ("New Delhi, Jan 13 (IANS):",
/// "GOLD COAST (Australia), December 30:"): the day must be followed by a colon, a bracket or a
/// dash, as datelines are.
static YEARLESS: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"\b([a-zA-Z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*[:(\-–—]").ok());
static TIME_AFTER: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"(?i)^[\s,|(@\-–—]*(?:at\s+)?(?:[01]?\d|2[0-3])[:.h][0-5]\d\b").ok());

pub(crate) fn prepare() {
    words::prepare();
    for re in [
        &YEAR_FIRST,
        &YEAR_LAST,
        &MONTH_FIRST,
        &DAY_FIRST,
        &TIME_AFTER,
        &YEARLESS,
        &COMPACT,
        &MONTH_ALONE,
    ] {
        Lazy::force(re);
    }
}

/// Whether `text` holds a four-digit run starting 19 or 20 (every full date has one): a cheap
/// test before the patterns run, as most texts of a page hold none.
#[must_use]
pub fn has_year(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(4).enumerate().any(|(i, w)| {
        matches!(&w[..2], b"19" | b"20")
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
            && !(i > 0 && b[i - 1].is_ascii_digit())
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
    })
}

static MONTH_ALONE: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"^\s*((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])\s*$").ok());

/// A text that is only a year and month, year first ("2007/12", "2007-12"): the first day of
/// that month. Meant for an element that says it holds the publication date.
#[must_use]
pub fn month_alone(text: &str) -> Option<NaiveDate> {
    let c = MONTH_ALONE.as_ref()?.captures(text)?;
    NaiveDate::from_ymd_opt(group(&c, 1).parse().ok()?, group(&c, 2).parse().ok()?, 1)
}

/// Whether `text` holds eight digits and a `T` (a compact ISO instant, "20080118T125454Z").
fn has_compact(text: &str) -> bool {
    text.as_bytes()
        .windows(9)
        .any(|w| w[8] == b'T' && w[..8].iter().all(u8::is_ascii_digit))
}

/// Every full date in `text`, in order, none overlapping another. Numeric dates whose day and
/// month could be swapped are read in `order` (dotted ones always day first).
#[must_use]
pub fn scan(text: &str, order: Order) -> Vec<Written> {
    if !has_year(text) && !has_compact(text) {
        return Vec::new();
    }
    let mut out: Vec<Written> = Vec::new();
    let mut push = |c: &Captures, day: Option<NaiveDate>, swapped: Option<NaiveDate>| {
        if let (Some(day), Some(m)) = (day, c.get(0)) {
            out.push(Written {
                day,
                start: m.start(),
                end: m.end(),
                with_time: false,
                swapped,
            });
        }
    };
    let sep = |c: &Captures| {
        let (a, b) = (group(c, 2), group(c, 4));
        (a == b).then(|| a.chars().next()).flatten()
    };
    for c in captures(&YEAR_FIRST, text) {
        let day = sep(&c)
            .and_then(|s| words::numeric(group(&c, 1), group(&c, 3), group(&c, 5), s, order));
        push(&c, day, None);
    }
    for c in captures(&COMPACT, text) {
        let day = words::numeric(group(&c, 1), group(&c, 2), group(&c, 3), '-', order);
        push(&c, day, None);
    }
    for c in captures(&YEAR_LAST, text) {
        let Some(s) = sep(&c) else { continue };
        let (a, b, y) = (group(&c, 1), group(&c, 3), group(&c, 5));
        let day = words::numeric(a, b, y, s, order);
        let other = match order {
            Order::DayFirst => Order::MonthFirst,
            Order::MonthFirst => Order::DayFirst,
        };
        let swapped = words::numeric(a, b, y, s, other).filter(|d| Some(*d) != day);
        // A weekday written just before decides: "Monday | 07/01/2008" is 7 January.
        let start = c.get(0).map_or(0, |m| m.start());
        match (weekday_before(text, start), day, swapped) {
            (Some(w), Some(d), Some(o)) if d.weekday() != w && o.weekday() == w => {
                push(&c, Some(o), None);
            }
            (Some(w), Some(d), Some(_)) if d.weekday() == w => push(&c, day, None),
            _ => push(&c, day, swapped),
        }
    }
    let named = |month: &str, day: &str, year: &str| {
        let m = words::month_in_any_language(month)?;
        NaiveDate::from_ymd_opt(year.parse().ok()?, m, day.parse().ok()?)
    };
    for c in captures(&MONTH_FIRST, text) {
        let day = named(group(&c, 1), group(&c, 2), group(&c, 3));
        push(&c, day, None);
    }
    for c in captures(&DAY_FIRST, text) {
        let day = named(group(&c, 2), group(&c, 1), group(&c, 3));
        push(&c, day, None);
    }
    out.sort_by_key(|w| (w.start, std::cmp::Reverse(w.end)));
    let mut kept: Vec<Written> = Vec::with_capacity(out.len());
    for mut w in out {
        if kept.last().is_some_and(|k| w.start < k.end) {
            continue;
        }
        w.with_time = text
            .get(w.end..)
            .is_some_and(|rest| TIME_AFTER.as_ref().is_some_and(|re| re.is_match(rest)));
        kept.push(w);
    }
    kept
}

/// How far before a numeric date a weekday name may stand to decide its reading.
const WEEKDAY_BEFORE: usize = 16;

/// The weekday named in the few words just before byte `start` of `text`.
fn weekday_before(text: &str, start: usize) -> Option<chrono::Weekday> {
    let mut from = start.saturating_sub(WEEKDAY_BEFORE);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    text.get(from..start)?
        .split(|c: char| !c.is_alphabetic())
        .rfind(|w| !w.is_empty())
        .and_then(words::weekday)
}

/// A month and day written without a year at the head of a dateline, as (month, day, byte
/// offset): "New Delhi, Jan 13 (IANS): …" → (1, 13, 11). English month names only; the caller
/// supplies the year (see `complete_year`).
#[must_use]
pub fn yearless(text: &str) -> Option<(u32, u32, usize)> {
    captures(&YEARLESS, text).find_map(|c| {
        let (month, _) = words::month(group(&c, 1))?;
        let day: u32 = group(&c, 2).parse().ok()?;
        // 29 February of a leap year is checked when the year is known.
        NaiveDate::from_ymd_opt(2000, month, day)?;
        Some((month, day, c.get(0)?.start()))
    })
}

/// The year of a year-less (month, day), from a date the page states elsewhere (`anchor`): the
/// latest such day not after the anchor ("Dec 30" on a page dated 2008-01-15 is 2007-12-30).
#[must_use]
pub fn complete_year(month: u32, day: u32, anchor: NaiveDate) -> Option<NaiveDate> {
    let y = anchor.year();
    NaiveDate::from_ymd_opt(y, month, day)
        .filter(|d| *d <= anchor)
        .or_else(|| NaiveDate::from_ymd_opt(y - 1, month, day))
}

/// The first two numbers of every day–month–year numeric date in `text` ("21/01/2008" →
/// (21, 1)), to tell which order a page writes them in.
#[must_use]
pub fn numeric_pairs(text: &str) -> Vec<(u32, u32)> {
    captures(&YEAR_LAST, text)
        .filter(|c| group(c, 2) == group(c, 4))
        .filter_map(|c| Some((group(&c, 1).parse().ok()?, group(&c, 3).parse().ok()?)))
        .collect()
}

fn group<'t>(c: &Captures<'t>, k: usize) -> &'t str {
    c.get(k).map_or("", |m| m.as_str())
}

fn captures<'t>(re: &'t Lazy<Option<Regex>>, text: &'t str) -> impl Iterator<Item = Captures<'t>> {
    re.as_ref()
        .into_iter()
        .flat_map(move |re| re.captures_iter(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(text: &str, order: Order) -> Vec<(String, bool)> {
        scan(text, order)
            .into_iter()
            .map(|w| (w.day.format("%Y-%m-%d").to_string(), w.with_time))
            .collect()
    }

    #[test]
    fn shapes_of_written_dates() {
        let m = Order::MonthFirst;
        let cases: &[(&str, &[(&str, bool)])] = &[
            (
                "Story Launched: 11/03/2019 04:12:09 PM PST",
                &[("2019-11-03", true)],
            ),
            (
                "Wire Service - March 4, 2019 6:20 AM ET",
                &[("2019-03-04", true)],
            ),
            ("Tuesday, October 8, 2019 |", &[("2019-10-08", false)]),
            ("09 Oct 2019 14:45 GMT", &[("2019-10-09", true)]),
            ("8 October 2019 (10:02)", &[("2019-10-08", true)]),
            (
                "Posted on Wed, Oct. 9, 2019 08:15 AM",
                &[("2019-10-09", true)],
            ),
            ("21:05, October 9, 2019", &[("2019-10-09", false)]),
            ("09.10.2019 21:05", &[("2019-10-09", true)]),
            ("2019-10-09 21:05:11 - ", &[("2019-10-09", true)]),
            ("Oct 9 2019", &[("2019-10-09", false)]),
            ("20191009T104512Z", &[("2019-10-09", false)]),
            ("Wednesday , October 9 , 2019", &[("2019-10-09", false)]),
            ("the 9th of October 2019", &[("2019-10-09", false)]),
            (
                "Mercredi 9 octobre 2019 - No. 16400",
                &[("2019-10-09", false)],
            ),
            ("9. Oktober 2019, 21:05 Uhr", &[("2019-10-09", true)]),
            ("9 de octubre de 2019", &[("2019-10-09", false)]),
            ("Wednesday 09-Oct-2019 11:48 AM", &[("2019-10-09", true)]),
            ("15:43 - 9th, Oct 2019", &[("2019-10-09", false)]),
            (
                "Filed 3 Oct 2019, updated 5 Oct 2019",
                &[("2019-10-03", false), ("2019-10-05", false)],
            ),
            ("In 2019 some 12 people", &[]),
            ("Marching 9, 2019", &[]),
            ("phone 10-12-2019x", &[]),
        ];
        for (text, want) in cases {
            let want: Vec<(String, bool)> =
                want.iter().map(|(d, t)| ((*d).to_owned(), *t)).collect();
            assert_eq!(days(text, m), want, "{text}");
        }
    }

    #[test]
    fn years_are_found_cheaply() {
        assert!(has_year("Oct 9 2019"));
        assert!(has_year("1999"));
        assert!(!has_year("12019 and 201"));
        assert!(!has_year("no digits"));
    }

    #[test]
    fn ambiguous_numbers_follow_the_order() {
        assert_eq!(
            days("05/10/2019", Order::MonthFirst),
            [("2019-05-10".to_owned(), false)]
        );
        assert_eq!(
            days("05/10/2019", Order::DayFirst),
            [("2019-10-05".to_owned(), false)]
        );
        let swapped = |t: &str| scan(t, Order::MonthFirst).first().and_then(|w| w.swapped);
        assert_eq!(swapped("05/10/2019"), NaiveDate::from_ymd_opt(2019, 10, 5));
        assert_eq!(swapped("25/10/2019"), None);
        assert_eq!(swapped("05.05.2019"), None);
    }

    #[test]
    fn a_weekday_before_decides_the_reading() {
        // 5 October 2019 was a Saturday, 10 May 2019 a Friday.
        let m = Order::MonthFirst;
        assert_eq!(
            days("By A. Writer | Saturday | 05/10/2019", m),
            [("2019-10-05".to_owned(), false)]
        );
        assert_eq!(
            days("Friday 05/10/2019", m),
            [("2019-05-10".to_owned(), false)]
        );
        let swapped = |t: &str| scan(t, m).first().and_then(|w| w.swapped);
        assert_eq!(swapped("Friday 05/10/2019"), None);
        assert!(swapped("Monday 05/10/2019").is_some());
    }

    #[test]
    fn datelines_without_a_year() {
        assert_eq!(
            yearless("Mumbai, Oct 9 (PTI): Rains closed the road"),
            Some((10, 9, 8))
        );
        assert_eq!(
            yearless("HARBOUR TOWN (Kenya), December 30: The"),
            Some((12, 30, 22))
        );
        assert_eq!(yearless("Kolkata, Oct. 9 - Water rose"), Some((10, 9, 9)));
        assert_eq!(yearless("He said Oct 9 was the day"), None);
        assert_eq!(yearless("Mumbai, Oct 32 (PTI):"), None);
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let anchor = day(2020, 1, 15).unwrap_or_default();
        assert_eq!(complete_year(12, 30, anchor), day(2019, 12, 30));
        assert_eq!(complete_year(1, 13, anchor), day(2020, 1, 13));
        assert_eq!(complete_year(2, 29, anchor), None);
    }

    #[test]
    fn a_year_and_month_alone() {
        let first = |y, m| NaiveDate::from_ymd_opt(y, m, 1);
        assert_eq!(month_alone(" 2019/10 "), first(2019, 10));
        assert_eq!(month_alone("2019-3"), first(2019, 3));
        assert_eq!(month_alone("2019/13"), None);
        assert_eq!(month_alone("Since 2019/10"), None);
        assert_eq!(month_alone("10/2019"), None);
    }
}
