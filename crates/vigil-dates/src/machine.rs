//! Dates written for machines (meta tags, JSON-LD, `datetime`, URLs) and the first date
//! written in words in a text.

use crate::Found;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use once_cell::sync::Lazy;
use regex::Regex;

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
/// Parses a machine-readable date (meta tag, JSON-LD, `datetime`), or a written one such as
/// "Dec. 14, 2022" or "14 December 2022".
pub fn parse(text: &str) -> Option<Found> {
    let text = text.trim();
    if text.is_empty() || text.len() > 200 {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(Found::Instant(t));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(Found::Instant(t));
    }
    if let Some(c) = ISO.as_ref().and_then(|re| re.captures(text)) {
        let num = |k: usize| c.get(k).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = c.get(1)?.as_str().parse::<i32>().ok()?;
        let day = NaiveDate::from_ymd_opt(year, num(2)?, num(3)?)?;
        if let (Some(h), Some(mi)) = (num(4), num(5)) {
            let naive: NaiveDateTime = day.and_hms_opt(h, mi, num(6).unwrap_or(0))?;
            let offset_min = c.get(7).map_or(Some(0), |z| zone_minutes(z.as_str()));
            let zone = offset_min
                .and_then(|m| i32::try_from(m * 60).ok())
                .and_then(FixedOffset::east_opt);
            if let Some(t) = zone.and_then(|z| z.from_local_datetime(&naive).single()) {
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

/// The first full date written for people in a text: "Dec. 14, 2022", "December 14th, 2022",
/// "14 December 2022", "12/14/2022" (month first when both orders are valid).
#[must_use]
pub fn written(text: &str) -> Option<Found> {
    crate::scan(text, crate::Order::MonthFirst)
        .first()
        .map(|w| Found::Day(w.day))
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

/// Compiles the patterns.
pub(crate) fn prepare() {
    for re in [&ISO, &SLASHED, &COMPACT, &URL_DATE, &URL_MONTH] {
        Lazy::force(re);
    }
}

/// A date in a URL path: `/2022/12/14/`, `/2022-12-14-`, `/20221214/`; `/2022/12/` gives a month.
#[must_use]
pub fn from_url(url: &str) -> Option<Found> {
    if let Some(c) = URL_DATE.as_ref().and_then(|re| re.captures(url)) {
        let g = |a: usize, b: usize| {
            c.get(a)
                .or_else(|| c.get(b))
                .and_then(|m| m.as_str().parse::<u32>().ok())
        };
        let y = i32::try_from(g(1, 4)?).ok()?;
        return NaiveDate::from_ymd_opt(y, g(2, 5)?, g(3, 6)?).map(Found::Day);
    }
    let c = URL_MONTH.as_ref().and_then(|re| re.captures(url))?;
    let y: i32 = c.get(1)?.as_str().parse().ok()?;
    let m: u32 = c.get(2)?.as_str().parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, 1).map(Found::Month)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<Found> {
        NaiveDate::from_ymd_opt(y, m, d).map(Found::Day)
    }

    fn instant(y: i32, m: u32, d: u32, h: u32, mi: u32, east_hours: i32) -> Option<Found> {
        FixedOffset::east_opt(east_hours * 3600)?
            .with_ymd_and_hms(y, m, d, h, mi, 0)
            .single()
            .map(Found::Instant)
    }

    #[test]
    fn machine_dates() {
        let cases = [
            ("2022-12-14T09:30:00+02:00", instant(2022, 12, 14, 9, 30, 2)),
            ("2022-12-14", day(2022, 12, 14)),
            ("2022-12-14 09:30", instant(2022, 12, 14, 9, 30, 0)),
            (
                "Wed, 14 Dec 2022 09:30:00 GMT",
                instant(2022, 12, 14, 9, 30, 0),
            ),
            ("2008-01-02T10:34:00+11:00", instant(2008, 1, 2, 10, 34, 11)),
            ("20221214", day(2022, 12, 14)),
            ("2022/12/14", day(2022, 12, 14)),
            ("2022-13-45", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), want, "{text}");
        }
    }

    #[test]
    fn written_dates() {
        let cases = [
            ("Dec. 14, 2022", day(2022, 12, 14)),
            ("Published 14 December 2022, 10:00", day(2022, 12, 14)),
            ("Sept 3rd, 2021", day(2021, 9, 3)),
            ("Marching 14, 2022", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), want, "{text}");
        }
    }

    #[test]
    fn url_dates() {
        let cases = [
            (
                "https://x.org/news/2022/12/14/story.html",
                day(2022, 12, 14),
            ),
            ("https://x.org/news/2022-12-14-story", day(2022, 12, 14)),
            ("https://x.org/a/20221214/story", day(2022, 12, 14)),
            (
                "https://x.org/2019/11/some-story/",
                NaiveDate::from_ymd_opt(2019, 11, 1).map(Found::Month),
            ),
            ("https://x.org/item/12345", None),
        ];
        for (url, want) in cases {
            assert_eq!(from_url(url), want, "{url}");
        }
    }
}
