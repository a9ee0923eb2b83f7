//! The publication date of a page: every place a page states one, in order of trust.
//!
//! Order: the container's date (feed item, JSONL field, WARC header); publication meta tags,
//! JSON-LD and `<time datetime>`; dates the page shows by its headline or in labelled date
//! elements; the `<title>`; the URL (the container's, else the page's canonical or og:url
//! link); a dateline in the first paragraphs; site chrome and "updated" lines; any other short
//! text; photo captions; comments and related links; the copyright year. Never a date after the
//! time of ingest. The grammar is `vigil-dates`'.

use crate::shown::{self, Shown, Tier};
use chrono::{DateTime, Datelike, Utc};
use vigil_core::{DatePrecision, DateSource, Published};
use vigil_dates::{Found, Order};

/// A found date as the record states it.
pub(crate) fn published(found: Found, source: DateSource) -> Published {
    let (value, precision) = match found {
        // The page's own offset is kept, so the value's day is the day the page states.
        Found::Instant(t) if t.offset().local_minus_utc() == 0 => (
            t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            DatePrecision::Second,
        ),
        Found::Instant(t) => (
            t.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            DatePrecision::Second,
        ),
        Found::Day(d) => (d.format("%Y-%m-%d").to_string(), DatePrecision::Day),
        Found::Month(d) => (d.format("%Y-%m").to_string(), DatePrecision::Month),
        Found::Year(y) => (format!("{y:04}"), DatePrecision::Year),
    };
    Published {
        value,
        precision,
        source,
    }
}

/// Everything a page says about its date, gathered before one is chosen.
#[derive(Debug, Default)]
pub(crate) struct Evidence<'a> {
    /// The container's date, as written.
    pub container: Option<&'a str>,
    /// Meta tags, JSON-LD and `<time>`, in order of trust.
    pub machine: &'a [(Found, DateSource)],
    /// Dates shown in the page's body (see [`crate::shown`]).
    pub shown: Vec<Shown>,
    /// The page's `<title>` text.
    pub title: Option<&'a str>,
    /// The container's URL, then the page's own.
    pub urls: [Option<&'a str>; 2],
    /// A date line found by the text cleaner between headline and body.
    pub dateline: Option<Found>,
    /// The first paragraphs of the article.
    pub paragraphs: &'a [String],
    pub copyright_year: Option<i32>,
}

/// A `<title>` longer than this has swallowed the page's markup (an unclosed tag): its dates
/// are the header's, not the title's.
const MAX_TITLE_CHARS: usize = 250;
/// How many of the article's first paragraphs may hold a dateline, and how far into each.
const DATELINE_PARAGRAPHS: usize = 3;
const DATELINE_BYTES: usize = 160;
/// How far into the paragraph a dateline's date may start.
const DATELINE_START: usize = 60;

impl Evidence<'_> {
    /// The most trusted date that is not after `now`.
    pub(crate) fn choose(&self, now: DateTime<Utc>) -> Option<Published> {
        let ok = |f: Found| vigil_dates::accept(Some(f), now).is_some();
        if let Some(f) = self
            .container
            .and_then(vigil_dates::parse)
            .filter(|f| ok(*f))
        {
            return Some(published(f, DateSource::Container));
        }
        if let Some((f, source)) = self.machine.iter().find(|(f, _)| ok(*f)) {
            return Some(published(*f, *source));
        }
        let from_shown =
            |worst: Tier| shown::best(&self.shown, worst, ok).map(|s| published(s.found, s.source));
        if let Some(p) = from_shown(Tier::Article) {
            return Some(p);
        }
        let title = self
            .title
            .filter(|t| t.chars().count() <= MAX_TITLE_CHARS)
            .into_iter()
            .flat_map(|t| vigil_dates::scan(t, Order::MonthFirst))
            .map(|w| Found::Day(w.day))
            .find(|f| ok(*f));
        if let Some(f) = title {
            return Some(published(f, DateSource::Title));
        }
        if let Some(f) = self
            .urls
            .iter()
            .flatten()
            .find_map(|u| vigil_dates::from_url(u).filter(|f| ok(*f)))
        {
            return Some(published(f, DateSource::Url));
        }
        if let Some(f) = self.dateline().filter(|f| ok(*f)) {
            return Some(published(f, DateSource::Dateline));
        }
        if let Some(f) = self.yearless_dateline(now).filter(|f| ok(*f)) {
            return Some(published(f, DateSource::Dateline));
        }
        if let Some(s) = shown::best(&self.shown, Tier::Elsewhere, ok) {
            // A photo caption dates the photo (often an archive frame: "FILE -", "in this frame
            // grab"), not the page. Where the page states its copyright year, that year is
            // what is known; the caption's day would date every "on Monday" months off.
            let caption_beside_copyright =
                s.source == DateSource::Caption && self.copyright_year.is_some();
            if !caption_beside_copyright {
                return Some(published(s.found, s.source));
            }
        }
        self.copyright_year
            .map(Found::Year)
            .filter(|f| ok(*f))
            .map(|f| published(f, DateSource::Copyright))
    }

    /// A dateline without a year ("New Delhi, Jan 13 (IANS): …"), its year from the latest date
    /// the page states anywhere (a shown date or the URL), never after `now`. Not from a
    /// copyright year: footers are stale ("© 2006-07" on a 2008 page) or the year the page was
    /// served, which tells neither way for "December 30" on a page served in January.
    fn yearless_dateline(&self, now: DateTime<Utc>) -> Option<Found> {
        let (month, day) = self
            .paragraphs
            .iter()
            .take(DATELINE_PARAGRAPHS)
            .find_map(|p| {
                vigil_dates::yearless(head(p, DATELINE_BYTES))
                    .filter(|(_, _, start)| *start <= DATELINE_START)
                    .map(|(m, d, _)| (m, d))
            })?;
        let shown = self.shown.iter().filter_map(|s| match s.found {
            Found::Day(d) => Some(d),
            _ => None,
        });
        let url = self
            .urls
            .iter()
            .flatten()
            .filter_map(|u| match vigil_dates::from_url(u)? {
                Found::Day(d) => Some(d),
                Found::Instant(t) => Some(t.date_naive()),
                Found::Month(d) => d.checked_add_months(chrono::Months::new(1))?.pred_opt(),
                Found::Year(_) => None,
            });
        let anchor = shown
            .chain(url)
            .filter(|d| (1990..=2200).contains(&d.year()))
            .max()?
            .min(now.date_naive());
        vigil_dates::complete_year(month, day, anchor).map(Found::Day)
    }

    fn dateline(&self) -> Option<Found> {
        self.dateline.or_else(|| self.first_paragraphs_date())
    }

    /// A date at the head of one of the first paragraphs ("KABUL, Jan. 15, 2008 (AP) —"), not
    /// one further into the sentence (that is about an event).
    fn first_paragraphs_date(&self) -> Option<Found> {
        self.paragraphs
            .iter()
            .take(DATELINE_PARAGRAPHS)
            .find_map(|p| {
                vigil_dates::scan(head(p, DATELINE_BYTES), Order::MonthFirst)
                    .first()
                    .filter(|w| w.start <= DATELINE_START)
                    .map(|w| Found::Day(w.day))
            })
    }
}

/// The first `bytes` bytes of `text` (fewer, to end on a character).
fn head(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(e: &Evidence<'_>) -> Option<String> {
        let now = Utc
            .with_ymd_and_hms(2020, 6, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        e.choose(now).map(|p| format!("{} {:?}", p.value, p.source))
    }

    #[test]
    fn a_dateline_without_a_year_takes_the_pages_latest_date() {
        let paragraphs = ["KOLKATA, Dec 30 (PTI): Water rose over the river road.".to_owned()];
        let mut e = Evidence {
            paragraphs: &paragraphs,
            shown: shown::in_captions(&["Rescuers, 2 January 2020".to_owned()], Order::MonthFirst),
            ..Evidence::default()
        };
        assert_eq!(day(&e).as_deref(), Some("2019-12-30 Dateline"));
        // A copyright year alone does not say which year "Dec 30" was.
        e.shown.clear();
        e.copyright_year = Some(2020);
        assert_eq!(day(&e).as_deref(), Some("2020 Copyright"));
    }

    #[test]
    fn a_title_that_swallowed_the_page_gives_no_date() {
        let long = format!("Floods close the road {}", "x ".repeat(200));
        let header = format!("{long} Friday, January 10, 2020");
        let e = Evidence {
            title: Some(&header),
            ..Evidence::default()
        };
        assert_eq!(day(&e), None);
        let e = Evidence {
            title: Some("Floods close the road - January 10, 2020"),
            ..Evidence::default()
        };
        assert_eq!(day(&e).as_deref(), Some("2020-01-10 Title"));
    }
}
