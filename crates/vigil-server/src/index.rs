//! Posting lists over the catalog: for each value a filter can ask for (a country, a kind, an
//! actor key, a word, a 1° grid cell …), the positions of the entries that have it, ascending.
//! Entries are held newest first, so a date range is a run of positions found by binary search,
//! and a listing intersects the lists of its filters, smallest first, instead of reading every
//! entry. [`crate::query::EventQuery::matches`] stays the definition of a match: an index only
//! narrows the entries it is asked about.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use vigil_core::{EventKind, EventStatus, ReviewState};

use crate::catalog::{fold, Entry};

/// A list of entry positions, ascending.
pub(crate) type Postings = Vec<u32>;

/// The grid cell of a point: whole degrees of longitude and latitude, rounded down.
pub(crate) type Cell = (i16, i16);

/// The posting lists of one catalog.
#[derive(Debug, Default)]
pub(crate) struct Index {
    pub countries: HashMap<String, Postings>,
    pub kinds: HashMap<EventKind, Postings>,
    pub statuses: HashMap<EventStatus, Postings>,
    pub reviews: HashMap<ReviewState, Postings>,
    pub actors: HashMap<String, Postings>,
    pub admin1: HashMap<String, Postings>,
    /// Every word of the entries' searchable text, sorted, so that the words starting with a
    /// prefix are one range.
    pub words: BTreeMap<Box<str>, Postings>,
    pub cells: HashMap<Cell, Postings>,
    /// The longest span, in days, of any dated entry: an entry that ends on or after a day
    /// starts at most this long before it.
    pub longest_days: i64,
}

impl Index {
    /// The lists of `entries` (in catalog order).
    pub fn build(entries: &[Arc<Entry>]) -> Index {
        let mut index = Index::default();
        for (at, e) in entries.iter().enumerate() {
            let Ok(at) = u32::try_from(at) else {
                break; // more than 4 billion events: the rest are found by scanning
            };
            let ev = &e.event;
            let place = ev.place.as_ref().map(|p| &p.place);
            if let Some(country) = place.and_then(|p| p.country_code.as_deref()) {
                push(&mut index.countries, country.to_owned(), at);
            }
            if let Some(admin1) = place.and_then(|p| p.admin1.as_deref()) {
                push(&mut index.admin1, fold(admin1), at);
            }
            if let Some((lon, lat)) = place.and_then(|p| Some((p.lon?, p.lat?))) {
                push(&mut index.cells, cell(lon, lat), at);
            }
            push(&mut index.kinds, ev.kind, at);
            push(&mut index.statuses, ev.status, at);
            push(&mut index.reviews, ev.review.state, at);
            for key in &e.actor_keys {
                push(&mut index.actors, key.clone(), at);
            }
            let mut words: Vec<&str> = e.text.split(' ').filter(|w| !w.is_empty()).collect();
            words.sort_unstable();
            words.dedup();
            for word in words {
                match index.words.get_mut(word) {
                    Some(list) => list.push(at),
                    None => {
                        index.words.insert(word.into(), vec![at]);
                    }
                }
            }
            if let (Some(start), Some(end)) = (e.start, e.end) {
                index.longest_days = index.longest_days.max((end - start).num_days());
            }
        }
        index
    }

    /// The lists of the words starting with `prefix` (together: the entries with such a word).
    pub fn with_word_prefix(&self, prefix: &str) -> Vec<&Postings> {
        self.words
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .take_while(|(word, _)| word.starts_with(prefix))
            .map(|(_, list)| list)
            .collect()
    }

    /// The lists of the grid cells a box `[min lon, min lat, max lon, max lat]` touches.
    pub fn in_box(&self, [x0, y0, x1, y1]: [f64; 4]) -> Vec<&Postings> {
        let (c0, r0) = cell(x0, y0);
        let (c1, r1) = cell(x1, y1);
        let spanned = (i64::from(c1) - i64::from(c0) + 1) * (i64::from(r1) - i64::from(r0) + 1);
        if usize::try_from(spanned).is_ok_and(|n| n <= self.cells.len()) {
            (c0..=c1)
                .flat_map(|c| (r0..=r1).map(move |r| (c, r)))
                .filter_map(|k| self.cells.get(&k))
                .collect()
        } else {
            self.cells
                .iter()
                .filter(|((c, r), _)| (c0..=c1).contains(c) && (r0..=r1).contains(r))
                .map(|(_, list)| list)
                .collect()
        }
    }
}

fn push<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Postings>, key: K, at: u32) {
    map.entry(key).or_default().push(at);
}

/// The grid cell of a point (coordinates outside the world are clamped to it).
pub(crate) fn cell(lon: f64, lat: f64) -> Cell {
    // The casts saturate and the values are clamped to ±180: no overflow, NaN reads as 0.
    let degree = |v: f64, limit: f64| v.clamp(-limit, limit).floor() as i16;
    (degree(lon, 180.0), degree(lat, 90.0))
}

/// The positions of the entries (newest first, undated last) whose dates may reach from `since`
/// to `until`: those starting on or before `until` and no earlier than `since` less the longest
/// span. Entries inside still need their end checked against `since`.
pub(crate) fn date_range(
    entries: &[Arc<Entry>],
    longest_days: i64,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Range<usize> {
    let dated = entries.partition_point(|e| e.start.is_some());
    let lo = until.map_or(0, |u| {
        entries[..dated].partition_point(|e| e.start.is_some_and(|s| s > u))
    });
    let earliest = since.and_then(|s| s.checked_sub_signed(chrono::Duration::days(longest_days)));
    let hi = match (since, earliest) {
        (None, _) => entries.len(),
        // Undated entries never match a date filter.
        (Some(_), Some(earliest)) => {
            entries[..dated].partition_point(|e| e.start.is_some_and(|s| s >= earliest))
        }
        (Some(_), None) => dated,
    };
    let hi = if until.is_some() { hi.min(dated) } else { hi };
    lo..hi.max(lo)
}

/// The union of sorted lists, restricted to `range`, sorted and without repeats.
pub(crate) fn union(lists: &[&Postings], range: &Range<usize>) -> Postings {
    let mut out: Postings = Vec::new();
    for list in lists {
        out.extend_from_slice(restrict(list, range));
    }
    if lists.len() > 1 {
        out.sort_unstable();
        out.dedup();
    }
    out
}

/// The part of a sorted list inside `range`.
pub(crate) fn restrict<'a>(list: &'a [u32], range: &Range<usize>) -> &'a [u32] {
    let at = |p: usize| list.partition_point(|&x| (x as usize) < p);
    &list[at(range.start)..at(range.end)]
}

/// How many positions of `lists`, restricted to `range`, there are at most.
pub(crate) fn size(lists: &[&Postings], range: &Range<usize>) -> usize {
    lists.iter().map(|l| restrict(l, range).len()).sum()
}

/// The positions of `smallest` that are also in `other` (both sorted), by galloping through
/// `other`: the cost follows the smaller list.
pub(crate) fn intersect(smallest: &[u32], other: &[u32]) -> Postings {
    let mut out = Vec::with_capacity(smallest.len());
    let mut rest = other;
    for &x in smallest {
        // Exponential then binary search for the first element >= x.
        let mut step = 1;
        while step < rest.len() && rest[step] < x {
            step *= 2;
        }
        let end = (step + 1).min(rest.len());
        let at = rest[..end].partition_point(|&y| y < x);
        rest = &rest[at..];
        match rest.first() {
            Some(&y) if y == x => out.push(x),
            Some(_) => {}
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intersection_keeps_common_positions_only() {
        let a = vec![1, 5, 9, 40, 41];
        let b = vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 40, 100];
        assert_eq!(intersect(&a, &b), vec![1, 5, 40]);
        assert_eq!(intersect(&b, &a), vec![1, 5, 40]);
        assert_eq!(intersect(&a, &[]), Vec::<u32>::new());
    }

    #[test]
    fn unions_are_sorted_restricted_and_without_repeats() {
        let (a, b) = (vec![1, 4, 8], vec![2, 4, 9]);
        assert_eq!(union(&[&a, &b], &(2..9)), vec![2, 4, 8]);
        assert_eq!(size(&[&a, &b], &(2..9)), 4);
    }

    #[test]
    fn cells_are_whole_degrees_rounded_down() {
        assert_eq!(cell(45.3, 2.04), (45, 2));
        assert_eq!(cell(-0.5, -0.5), (-1, -1));
        assert_eq!(cell(200.0, f64::NAN), (180, 0));
    }
}
