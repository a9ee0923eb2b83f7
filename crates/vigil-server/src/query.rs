//! The filters, sort orders and cursors of `GET /api/events` (and of the stats, GeoJSON and
//! tag-cloud endpoints, which take the same filters).

use std::cmp::Ordering;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;
use vigil_core::{EventKind, EventStatus, ReviewState};

use crate::catalog::{fold, Catalog, Entry};
use crate::error::ApiError;
use crate::index::{date_range, intersect, restrict, size, union, Postings};

/// A list for values no entry has.
static NONE: Postings = Vec::new();

/// An indexed filter whose lists together hold this many times more positions than the
/// candidates left is not intersected: [`EventQuery::matches`] checks it on the few candidates.
const NOT_WORTH_MERGING: usize = 8;

/// Query parameters as they arrive; [`EventQuery::parse`] validates them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuery {
    since: Option<String>,
    until: Option<String>,
    country: Option<String>,
    admin1: Option<String>,
    status: Option<String>,
    kind: Option<String>,
    actor: Option<String>,
    review: Option<String>,
    bbox: Option<String>,
    min_killed: Option<u32>,
    q: Option<String>,
    sort: Option<String>,
    limit: Option<usize>,
    cursor: Option<String>,
    bucket: Option<String>,
    /// `/api/export` only: csv, geojson, stix, misp or jsonl.
    pub format: Option<String>,
}

/// What to sort events by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SortKey {
    Date,
    Killed,
    Kind,
    Country,
}

/// A validated filter over the catalog.
#[derive(Debug, Default)]
pub(crate) struct EventQuery {
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    countries: Vec<String>,
    admin1: Option<String>,
    status: Option<EventStatus>,
    kinds: Vec<EventKind>,
    actor: Option<String>,
    review: Option<ReviewState>,
    /// min lon, min lat, max lon, max lat.
    bbox: Option<[f64; 4]>,
    min_killed: Option<u32>,
    words: Vec<String>,
    pub sort: Option<(SortKey, bool)>,
    pub limit: usize,
    pub cursor: Option<Cursor>,
    pub weekly: bool,
}

/// One page of a listing.
pub(crate) struct Page {
    pub entries: Vec<Arc<Entry>>,
    /// How many events match in all.
    pub total: usize,
    /// The cursor of the next page; `None` on the last.
    pub next: Option<String>,
}

/// Where the previous page ended: the last event's id and its position in the sort order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cursor {
    pub id: String,
}

pub(crate) const MAX_LIMIT: usize = 500;

impl EventQuery {
    pub fn parse(raw: RawQuery) -> Result<EventQuery, ApiError> {
        let day = |name: &str, v: Option<String>| -> Result<Option<NaiveDate>, ApiError> {
            v.filter(|s| !s.is_empty())
                .map(|s| {
                    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
                        ApiError::bad_request(format!(
                            "{name} must be a date YYYY-MM-DD, not {s:?}"
                        ))
                    })
                })
                .transpose()
        };
        let list = |v: Option<String>| -> Vec<String> {
            v.map(|s| {
                s.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
        };
        let kinds = list(raw.kind)
            .into_iter()
            .map(|k| enum_value::<EventKind>("kind", &k))
            .collect::<Result<Vec<_>, _>>()?;
        let status = raw
            .status
            .filter(|s| !s.is_empty())
            .map(|s| enum_value::<EventStatus>("status", &s))
            .transpose()?;
        let review = raw
            .review
            .filter(|s| !s.is_empty())
            .map(|s| enum_value::<ReviewState>("review", &s))
            .transpose()?;
        let bbox = raw
            .bbox
            .filter(|s| !s.is_empty())
            .map(|s| parse_bbox(&s))
            .transpose()?;
        let sort = raw
            .sort
            .filter(|s| !s.is_empty())
            .map(|s| parse_sort(&s))
            .transpose()?;
        let limit = raw.limit.unwrap_or(50);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::bad_request(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        let weekly = match raw.bucket.as_deref() {
            None | Some("" | "day") => false,
            Some("week") => true,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "bucket must be day or week, not {other:?}"
                )))
            }
        };
        Ok(EventQuery {
            since: day("since", raw.since)?,
            until: day("until", raw.until)?,
            countries: list(raw.country)
                .into_iter()
                .map(|c| c.to_ascii_uppercase())
                .collect(),
            admin1: raw.admin1.filter(|s| !s.is_empty()).map(|s| fold(&s)),
            status,
            kinds,
            actor: raw.actor.map(|s| fold(&s)).filter(|s| !s.is_empty()),
            review,
            bbox,
            min_killed: raw.min_killed,
            words: raw
                .q
                .map(|q| {
                    fold(&q)
                        .split(' ')
                        .filter(|w| !w.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            sort,
            limit,
            cursor: raw.cursor.filter(|s| !s.is_empty()).map(|id| Cursor { id }),
            weekly,
        })
    }

    /// Whether an event passes every filter.
    pub fn matches(&self, e: &Entry) -> bool {
        let ev = &e.event;
        if let Some(since) = self.since {
            if e.end.is_none_or(|end| end < since) {
                return false;
            }
        }
        if let Some(until) = self.until {
            if e.start.is_none_or(|start| start > until) {
                return false;
            }
        }
        let place = ev.place.as_ref().map(|p| &p.place);
        if !self.countries.is_empty() {
            let country = place.and_then(|p| p.country_code.as_deref());
            if !country.is_some_and(|c| self.countries.iter().any(|x| x == c)) {
                return false;
            }
        }
        if let Some(admin1) = &self.admin1 {
            let a = place.and_then(|p| p.admin1.as_deref()).map(fold);
            if a.as_deref() != Some(admin1.as_str()) {
                return false;
            }
        }
        if self.status.is_some_and(|s| s != ev.status) {
            return false;
        }
        if !self.kinds.is_empty() && !self.kinds.contains(&ev.kind) {
            return false;
        }
        if let Some(actor) = &self.actor {
            if !e.actor_keys.iter().any(|k| k == actor) {
                return false;
            }
        }
        if self.review.is_some_and(|r| r != ev.review.state) {
            return false;
        }
        if let Some([x0, y0, x1, y1]) = self.bbox {
            let inside = place
                .and_then(|p| Some((p.lon?, p.lat?)))
                .is_some_and(|(x, y)| (x0..=x1).contains(&x) && (y0..=y1).contains(&y));
            if !inside {
                return false;
            }
        }
        if let Some(min) = self.min_killed {
            if ev.killed.is_none_or(|k| k.min < min) {
                return false;
            }
        }
        // Each word of `q` must begin a word of the entry's text.
        self.words
            .iter()
            .all(|w| e.text.split(' ').any(|t| t.starts_with(w.as_str())))
    }

    /// The posting lists of each indexed filter that is set (a filter with several lists, such
    /// as several countries or the cells of a box, matches entries in any of them).
    fn indexed<'c>(&self, catalog: &'c Catalog) -> Vec<Vec<&'c Postings>> {
        let index = &catalog.index;
        let mut filters: Vec<Vec<&Postings>> = Vec::new();
        if !self.countries.is_empty() {
            let lists = self.countries.iter();
            filters.push(
                lists
                    .map(|c| index.countries.get(c).unwrap_or(&NONE))
                    .collect(),
            );
        }
        if !self.kinds.is_empty() {
            let lists = self.kinds.iter();
            filters.push(lists.map(|k| index.kinds.get(k).unwrap_or(&NONE)).collect());
        }
        if let Some(status) = self.status {
            filters.push(vec![index.statuses.get(&status).unwrap_or(&NONE)]);
        }
        if let Some(review) = self.review {
            filters.push(vec![index.reviews.get(&review).unwrap_or(&NONE)]);
        }
        if let Some(actor) = &self.actor {
            filters.push(vec![index.actors.get(actor).unwrap_or(&NONE)]);
        }
        if let Some(admin1) = &self.admin1 {
            filters.push(vec![index.admin1.get(admin1).unwrap_or(&NONE)]);
        }
        for word in &self.words {
            filters.push(index.with_word_prefix(word));
        }
        if let Some(bbox) = self.bbox {
            filters.push(index.in_box(bbox));
        }
        filters
    }

    /// The positions of the matching events in the catalog, ascending (newest first): the
    /// date range found by binary search, the indexed filters intersected smallest first, and
    /// what is left checked whole by [`EventQuery::matches`].
    fn positions(&self, catalog: &Catalog) -> Vec<u32> {
        let entries = &catalog.entries;
        let range = date_range(entries, catalog.index.longest_days, self.since, self.until);
        let mut filters: Vec<(usize, Vec<&Postings>)> = self
            .indexed(catalog)
            .into_iter()
            .map(|lists| (size(&lists, &range), lists))
            .collect();
        filters.sort_by_key(|(n, _)| *n);
        let matching = |&p: &u32| entries.get(p as usize).is_some_and(|e| self.matches(e));
        let Some(((_, smallest), rest)) = filters.split_first() else {
            let all = range.filter_map(|p| u32::try_from(p).ok());
            return all.filter(matching).collect();
        };
        let mut candidates = union(smallest, &range);
        for (n, lists) in rest {
            if candidates.is_empty() || *n > NOT_WORTH_MERGING * candidates.len() {
                break;
            }
            candidates = match lists.as_slice() {
                [one] => intersect(&candidates, restrict(one, &range)),
                several => intersect(&candidates, &union(several, &range)),
            };
        }
        candidates.retain(matching);
        candidates
    }

    /// Every matching event in catalog order (newest first).
    pub fn select(&self, catalog: &Catalog) -> Vec<Arc<Entry>> {
        self.positions(catalog)
            .into_iter()
            .filter_map(|p| catalog.entries.get(p as usize).cloned())
            .collect()
    }

    /// One page of matching events in the requested order, and the cursor of the next page.
    /// Only the page is sorted: the events before it are set apart by selection, not by sorting
    /// every match.
    pub fn page(&self, catalog: &Catalog) -> Result<Page, ApiError> {
        let matched = self.positions(catalog);
        let total = matched.len();
        let after = match &self.cursor {
            None => None,
            Some(c) => {
                let at = catalog
                    .position(&c.id)
                    .and_then(|p| u32::try_from(p).ok())
                    .filter(|p| matched.binary_search(p).is_ok());
                Some(at.ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "cursor {:?} is no longer in this listing; start again without it",
                        c.id
                    ))
                })?)
            }
        };
        let wanted = self.limit.saturating_add(1);
        let entry = |p: u32| catalog.entries.get(p as usize);
        let chosen: Vec<u32> = match self.sort {
            // The catalog's own order: newest first, then by id.
            None | Some((SortKey::Date, true)) => {
                let from = after.map_or(0, |a| matched.partition_point(|&p| p <= a));
                matched
                    .get(from..)
                    .unwrap_or_default()
                    .iter()
                    .take(wanted)
                    .copied()
                    .collect()
            }
            Some((key, descending)) => {
                let order = |a: &u32, b: &u32| match (entry(*a), entry(*b)) {
                    (Some(x), Some(y)) => {
                        let o = compare(key, x, y);
                        let o = if descending { o.reverse() } else { o };
                        o.then_with(|| x.event.id.cmp(&y.event.id))
                    }
                    _ => a.cmp(b),
                };
                let mut rest = matched;
                if let Some(a) = after {
                    rest.retain(|p| order(p, &a) == Ordering::Greater);
                }
                if rest.len() > wanted {
                    rest.select_nth_unstable_by(wanted - 1, order);
                    rest.truncate(wanted);
                }
                rest.sort_unstable_by(order);
                rest
            }
        };
        let more = chosen.len() > self.limit;
        let page: Vec<Arc<Entry>> = chosen
            .into_iter()
            .take(self.limit)
            .filter_map(|p| entry(p).cloned())
            .collect();
        let next = more
            .then(|| page.last().map(|e| e.event.id.clone()))
            .flatten();
        Ok(Page {
            entries: page,
            total,
            next,
        })
    }
}

fn compare(key: SortKey, a: &Entry, b: &Entry) -> Ordering {
    match key {
        SortKey::Date => a.start.cmp(&b.start),
        SortKey::Killed => a
            .event
            .killed
            .map(|k| k.min)
            .cmp(&b.event.killed.map(|k| k.min)),
        SortKey::Kind => (a.event.kind, a.event.sub_kind).cmp(&(b.event.kind, b.event.sub_kind)),
        SortKey::Country => country(a).cmp(&country(b)),
    }
}

fn country(e: &Entry) -> Option<&str> {
    e.event.place.as_ref()?.place.country_code.as_deref()
}

fn parse_sort(s: &str) -> Result<(SortKey, bool), ApiError> {
    let (name, descending) = match s.strip_prefix('-') {
        Some(rest) => (rest, true),
        None => (s, false),
    };
    let key = match name {
        "date" => SortKey::Date,
        "killed" => SortKey::Killed,
        "kind" => SortKey::Kind,
        "country" => SortKey::Country,
        _ => {
            return Err(ApiError::bad_request(format!(
                "sort must be date, killed, kind or country (with - for descending), not {s:?}"
            )))
        }
    };
    Ok((key, descending))
}

fn parse_bbox(s: &str) -> Result<[f64; 4], ApiError> {
    let bad = || {
        ApiError::bad_request(format!(
            "bbox must be four numbers min_lon,min_lat,max_lon,max_lat, not {s:?}"
        ))
    };
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    match v.as_slice() {
        &[a, b, c, d]
            if a.is_finite()
                && b.is_finite()
                && c.is_finite()
                && d.is_finite()
                && a <= c
                && b <= d =>
        {
            Ok([a, b, c, d])
        }
        _ => Err(bad()),
    }
}

/// Reads a snake_case enum value the way serde writes it.
fn enum_value<T: serde::de::DeserializeOwned>(name: &str, s: &str) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|_| ApiError::bad_request(format!("unknown {name} {s:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_are_explained() {
        let q = |raw: RawQuery| EventQuery::parse(raw).err().map(|e| e.message);
        assert!(q(RawQuery {
            since: Some("last week".into()),
            ..RawQuery::default()
        })
        .is_some_and(|m| m.contains("YYYY-MM-DD")));
        assert!(q(RawQuery {
            bbox: Some("1,2,3".into()),
            ..RawQuery::default()
        })
        .is_some());
        assert!(q(RawQuery {
            bbox: Some("5,0,1,1".into()),
            ..RawQuery::default()
        })
        .is_some());
        assert!(q(RawQuery {
            kind: Some("picnic".into()),
            ..RawQuery::default()
        })
        .is_some());
        assert!(q(RawQuery {
            limit: Some(0),
            ..RawQuery::default()
        })
        .is_some());
        assert!(q(RawQuery {
            sort: Some("-killed".into()),
            ..RawQuery::default()
        })
        .is_none());
    }
}
