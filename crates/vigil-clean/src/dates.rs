//! Reading publication dates in the shapes pages write them.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc};
use once_cell::sync::Lazy;
use regex::Regex;
use vigil_core::{DatePrecision, DateSource, Published};

/// A date read from a page, before it is checked against the time of ingest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    Instant(DateTime<Utc>),
    Day(NaiveDate),
    Year(i32),
}

impl Found {
    /// Whether the date lies after `now` (then it cannot be a publication date).
    pub(crate) fn after(self, now: DateTime<Utc>) -> bool {
        match self {
            Found::Instant(t) => t > now,
            Found::Day(d) => d > now.date_naive(),
            Found::Year(y) => y > now.year(),
        }
    }

    fn plausible(self) -> bool {
        let year = match self {
            Found::Instant(t) => t.year(),
            Found::Day(d) => d.year(),
            Found::Year(y) => y,
        };
        (1990..=2200).contains(&year)
    }

    pub(crate) fn published(self, source: DateSource) -> Published {
        let (value, precision) = match self {
            Found::Instant(t) => (
                t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                DatePrecision::Second,
            ),
            Found::Day(d) => (d.format("%Y-%m-%d").to_string(), DatePrecision::Day),
            Found::Year(y) => (format!("{y:04}"), DatePrecision::Year),
        };
        Published {
            value,
            precision,
            source,
        }
    }
}

/// Accepts a found date only when it is plausible and not later than `now`.
pub(crate) fn accept(found: Option<Found>, now: DateTime<Utc>) -> Option<Found> {
    found.filter(|f| f.plausible() && !f.after(now))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month a word names, in full or abbreviated to at least three letters ("Sept." too);
/// "march" but not "marching".
fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let position = MONTHS
        .iter()
        .position(|name| name.starts_with(&w) || (w == "sept" && *name == "september"))?;
    u32::try_from(position + 1).ok()
}

static ISO: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(
        r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?",
    )
    .ok()
});
static SLASHED: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"^\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b").ok());
static COMPACT: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"^\s*((?:19|20)\d{2})(\d{2})(\d{2})(?:\D|$)").ok());
static MONTH_FIRST: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b").ok()
});
static DAY_FIRST: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+([a-z]{3,9})\.?,?\s+(\d{4})\b").ok()
});

/// Parses a machine-readable date (meta tag, JSON-LD, `datetime`), or a written one such as
/// "Dec. 14, 2022" or "14 December 2022".
pub(crate) fn parse(text: &str) -> Option<Found> {
    let text = text.trim();
    if text.is_empty() || text.len() > 200 {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(Found::Instant(t.with_timezone(&Utc)));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(Found::Instant(t.with_timezone(&Utc)));
    }
    if let Some(c) = ISO.as_ref().and_then(|re| re.captures(text)) {
        let num = |k: usize| c.get(k).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = c.get(1)?.as_str().parse::<i32>().ok()?;
        let day = NaiveDate::from_ymd_opt(year, num(2)?, num(3)?)?;
        if let (Some(h), Some(mi)) = (num(4), num(5)) {
            let naive: NaiveDateTime = day.and_hms_opt(h, mi, num(6).unwrap_or(0))?;
            let offset_min = c.get(7).map_or(Some(0), |z| zone_minutes(z.as_str()));
            if let Some(off) = offset_min {
                let t = Utc.from_utc_datetime(&naive) - chrono::Duration::minutes(off);
                return Some(Found::Instant(t));
            }
            return Some(Found::Day(day));
        }
        return Some(Found::Day(day));
    }
    for re in [&SLASHED, &COMPACT] {
        if let Some(c) = re.as_ref().and_then(|re| re.captures(text)) {
            let y = c.get(1)?.as_str().parse().ok()?;
            let m = c.get(2)?.as_str().parse().ok()?;
            let d = c.get(3)?.as_str().parse().ok()?;
            return NaiveDate::from_ymd_opt(y, m, d).map(Found::Day);
        }
    }
    written(text)
}

/// A date written in words: "Dec. 14, 2022", "December 14th, 2022", "14 December 2022".
pub(crate) fn written(text: &str) -> Option<Found> {
    if let Some(c) = MONTH_FIRST.as_ref().and_then(|re| re.captures(text)) {
        if let Some(m) = month_of(c.get(1)?.as_str()) {
            let d = c.get(2)?.as_str().parse().ok()?;
            let y = c.get(3)?.as_str().parse().ok()?;
            if let Some(day) = NaiveDate::from_ymd_opt(y, m, d) {
                return Some(Found::Day(day));
            }
        }
    }
    if let Some(c) = DAY_FIRST.as_ref().and_then(|re| re.captures(text)) {
        if let Some(m) = month_of(c.get(2)?.as_str()) {
            let d = c.get(1)?.as_str().parse().ok()?;
            let y = c.get(3)?.as_str().parse().ok()?;
            return NaiveDate::from_ymd_opt(y, m, d).map(Found::Day);
        }
    }
    None
}

fn zone_minutes(z: &str) -> Option<i64> {
    if z.eq_ignore_ascii_case("z") || z.eq_ignore_ascii_case("utc") || z.eq_ignore_ascii_case("gmt")
    {
        return Some(0);
    }
    let sign = if z.starts_with('-') { -1 } else { 1 };
    let digits: String = z.chars().filter(char::is_ascii_digit).collect();
    let h: i64 = digits.get(..2)?.parse().ok()?;
    let m: i64 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
    Some(sign * (h * 60 + m))
}

static URL_DATE: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(
        r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\.|$)|/((?:19|20)\d{2})(\d{2})(\d{2})/",
    )
    .ok()
});
static URL_MONTH: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"/((?:19|20)\d{2})/(\d{1,2})/").ok());

/// Compiles the date patterns (see [`crate::PREPARE`]).
pub(crate) fn prepare() {
    for re in [
        &ISO,
        &SLASHED,
        &COMPACT,
        &MONTH_FIRST,
        &DAY_FIRST,
        &URL_DATE,
        &URL_MONTH,
    ] {
        Lazy::force(re);
    }
}

/// A date in a URL path: `/2022/12/14/`, `/2022-12-14-`, `/20221214/`; `/2022/12/` gives a month.
pub(crate) fn from_url(url: &str) -> Option<(Found, DatePrecision)> {
    if let Some(c) = URL_DATE.as_ref().and_then(|re| re.captures(url)) {
        let g = |a: usize, b: usize| {
            c.get(a)
                .or_else(|| c.get(b))
                .and_then(|m| m.as_str().parse::<u32>().ok())
        };
        let y = g(1, 4)? as i32;
        let day = NaiveDate::from_ymd_opt(y, g(2, 5)?, g(3, 6)?)?;
        return Some((Found::Day(day), DatePrecision::Day));
    }
    if let Some(c) = URL_MONTH.as_ref().and_then(|re| re.captures(url)) {
        let y: i32 = c.get(1)?.as_str().parse().ok()?;
        let m: u32 = c.get(2)?.as_str().parse().ok()?;
        let day = NaiveDate::from_ymd_opt(y, m, 1)?;
        return Some((Found::Day(day), DatePrecision::Month));
    }
    None
}

/// Month precision is written `YYYY-MM`.
pub(crate) fn month_published(found: Found, source: DateSource) -> Published {
    let mut p = found.published(source);
    if let Found::Day(d) = found {
        p.value = d.format("%Y-%m").to_string();
        p.precision = DatePrecision::Month;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<String> {
        parse(s).map(|f| f.published(DateSource::MetaTag).value)
    }

    #[test]
    fn machine_dates() {
        assert_eq!(
            value("2022-12-14T09:30:00+02:00").as_deref(),
            Some("2022-12-14T07:30:00Z")
        );
        assert_eq!(value("2022-12-14").as_deref(), Some("2022-12-14"));
        assert_eq!(
            value("2022-12-14 09:30").as_deref(),
            Some("2022-12-14T09:30:00Z")
        );
        assert_eq!(
            value("Wed, 14 Dec 2022 09:30:00 GMT").as_deref(),
            Some("2022-12-14T09:30:00Z")
        );
        assert_eq!(value("20221214").as_deref(), Some("2022-12-14"));
        assert_eq!(value("2022-13-45"), None);
    }

    #[test]
    fn written_dates() {
        assert_eq!(value("Dec. 14, 2022").as_deref(), Some("2022-12-14"));
        assert_eq!(
            value("Published 14 December 2022, 10:00").as_deref(),
            Some("2022-12-14")
        );
        assert_eq!(value("Marching 14, 2022"), None);
    }

    #[test]
    fn url_dates() {
        let d = from_url("https://x.org/news/2022/12/14/story.html").map(|(f, _)| f);
        assert_eq!(d, NaiveDate::from_ymd_opt(2022, 12, 14).map(Found::Day));
        let m = from_url("https://x.org/2019/11/some-story/");
        assert_eq!(m.map(|(_, p)| p), Some(DatePrecision::Month));
        assert_eq!(from_url("https://x.org/item/12345"), None);
    }

    #[test]
    fn future_dates_are_refused() {
        let now = Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).single();
        let now = now.unwrap_or_default();
        assert_eq!(accept(parse("2024-01-01"), now), None);
        assert!(accept(parse("2022-12-31"), now).is_some());
    }
}
