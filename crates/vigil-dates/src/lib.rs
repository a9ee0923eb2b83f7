//! Written dates: parses dates as people and pages write them — month and weekday names,
//! numeric dates ("21/04/2022", "01/12/2008", "06.01.2008"), machine formats (RFC 3339,
//! RFC 2822, ISO), dates in URL paths, and dates inside short texts such as bylines
//! ("Associated Press - January 2, 2008 7:33 AM ET").
//!
//! One grammar for the whole pipeline: cleaning reads publication dates with it, the language
//! layer reads month and weekday names and numeric dates in sentences with it.
//!
//! Architecture invariant: pure functions over strings, no clock (the time of ingest is passed
//! in), no I/O, depends on no vigil crate.

mod machine;
mod scan;
mod words;

pub use machine::{from_url, parse, written};
pub use scan::{complete_year, has_year, month_alone, numeric_pairs, scan, yearless, Written};
pub use words::{month, names, numeric, weekday, MonthWord, Order};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

/// A date read from a page or a text, at the precision it was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A moment with a known time of day, in the zone the page wrote it in (so that its day
    /// is the page's own day).
    Instant(DateTime<FixedOffset>),
    Day(NaiveDate),
    /// A month (the day is the first), e.g. from `/2022/12/` in a URL.
    Month(NaiveDate),
    Year(i32),
}

impl Found {
    /// Whether the date lies after `now` (then it cannot be a publication date).
    #[must_use]
    pub fn after(self, now: DateTime<Utc>) -> bool {
        match self {
            Found::Instant(t) => t.with_timezone(&Utc) > now,
            Found::Day(d) => d > now.date_naive(),
            Found::Month(d) => (d.year(), d.month()) > (now.year(), now.month()),
            Found::Year(y) => y > now.year(),
        }
    }

    /// The year, whatever the precision.
    #[must_use]
    pub fn year(self) -> i32 {
        match self {
            Found::Instant(t) => t.year(),
            Found::Day(d) | Found::Month(d) => d.year(),
            Found::Year(y) => y,
        }
    }

    fn plausible(self) -> bool {
        (1990..=2200).contains(&self.year())
    }
}

/// Accepts a found date only when it is plausible (1990–2200) and not later than `now`.
#[must_use]
pub fn accept(found: Option<Found>, now: DateTime<Utc>) -> Option<Found> {
    found.filter(|f| f.plausible() && !f.after(now))
}

/// Compiles the grammar's patterns ahead of the first text (else the first caller does).
pub fn prepare() {
    machine::prepare();
    scan::prepare();
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn future_dates_are_refused() {
        let now = Utc
            .with_ymd_and_hms(2023, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(accept(parse("2024-01-01"), now), None);
        assert!(accept(parse("2022-12-31"), now).is_some());
        assert_eq!(accept(parse("1970-01-01"), now), None);
    }
}
