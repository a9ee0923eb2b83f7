//! The publication date of a page: every place a page states one, in order of trust.
//!
//! Order: the container's date (feed item, JSONL field, WARC header); publication meta tags,
//! JSON-LD and `<time datetime>`; dates the page shows by its headline or in labelled date
//! elements; the `<title>`; the URL (the container's, else the page's canonical or og:url
//! link); a dateline in the first paragraphs; site chrome and "updated" lines; any other short
//! text; photo captions; comments and related links; the copyright year. Never a date after the
//! time of ingest. The grammar is `vigil-dates`'.

use crate::shown::{self, Shown, Tier};
use chrono::{DateTime, Utc};
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
                let mut end = DATELINE_BYTES.min(p.len());
                while !p.is_char_boundary(end) {
                    end -= 1;
                }
                let head = p.get(..end)?;
                vigil_dates::scan(head, Order::MonthFirst)
                    .first()
                    .filter(|w| w.start <= DATELINE_START)
                    .map(|w| Found::Day(w.day))
            })
    }
}
