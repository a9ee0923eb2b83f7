//! The server's read model: every merged event of the store held in memory with what its
//! filters need precomputed (day range, folded actor names and aliases, folded text) and posting
//! lists over them ([`Index`]), so a filtered listing reads only the entries its filters point
//! at, and each entry's listing JSON is written once.
//!
//! Cost: memory grows with the store (about the JSON size of its events), and a change to the
//! store shows after the next reload (the server polls the store's counts and change feed; a
//! reload reads only the events the feed names).

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use vigil_core::{DocumentId, MergedEvent};
use vigil_store::{ChangeKind, EventFilter, Stats, Store, StoreError};

use crate::index::Index;
use crate::views::EventSummary;

/// One event with its precomputed filter keys.
#[derive(Debug)]
pub(crate) struct Entry {
    pub event: MergedEvent,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Folded ids, names and every alias of the event's actors.
    pub actor_keys: Vec<String>,
    /// Folded titles, trigger words, place names and actor names: what `q=` searches.
    pub text: String,
    /// This entry as a line of a listing (JSON), written on first use.
    summary: OnceLock<Result<Vec<u8>, String>>,
}

/// Every event of the store, newest first, and the counts it was loaded at.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    pub entries: Vec<Arc<Entry>>,
    /// Posting lists over `entries`.
    pub index: Index,
    by_id: HashMap<String, usize>,
    /// The store's counts when this catalog was read; a difference means reload.
    pub stats: Stats,
    /// The change feed's position when this catalog was read; a later entry means reload.
    pub feed: u64,
}

impl Catalog {
    /// Reads every merged event of the store.
    pub fn load(store: &dyn Store, actors: &vigil_nlp::Gazetteer) -> Result<Catalog, StoreError> {
        let stats = store.stats()?;
        let feed = feed_end(store, 0)?;
        let mut events = Vec::new();
        store.each_event(&EventFilter::default(), &mut |event| {
            events.push(event);
            Ok(())
        })?;
        Ok(Catalog::from_events(events, stats, feed, actors))
    }

    /// Whether the store changed since this catalog was read.
    pub fn is_stale(&self, store: &dyn Store) -> Result<bool, StoreError> {
        Ok(store.stats()? != self.stats || !store.changes(self.feed, 1)?.is_empty())
    }

    /// This catalog brought up to date with the store: the events its change feed names since
    /// this catalog was read are re-read (or dropped), the others kept as they are. Falls back to
    /// a whole [`Catalog::load`] when the feed cannot say what changed (counts moved with no
    /// feed entry).
    pub fn updated(
        &self,
        store: &dyn Store,
        actors: &vigil_nlp::Gazetteer,
    ) -> Result<Catalog, StoreError> {
        let stats = store.stats()?;
        let mut touched: BTreeSet<String> = BTreeSet::new();
        let mut gone: BTreeSet<String> = BTreeSet::new();
        let mut at = self.feed;
        loop {
            let changes = store.changes(at, 10_000)?;
            let Some(last) = changes.last().map(|c| c.seq).filter(|&s| s > at) else {
                break;
            };
            for change in changes {
                match change.change {
                    ChangeKind::Created | ChangeKind::Updated => {
                        gone.remove(&change.event_id);
                        touched.insert(change.event_id);
                    }
                    ChangeKind::Merged | ChangeKind::Deleted => {
                        touched.remove(&change.event_id);
                        gone.insert(change.event_id);
                    }
                }
                touched.extend(change.into);
            }
            at = last;
        }
        if at == self.feed && stats != self.stats {
            return Catalog::load(store, actors);
        }
        let mut fresh = Vec::with_capacity(touched.len());
        for id in &touched {
            match store.event(id)? {
                Some(event) if &event.id == id => fresh.push(Arc::new(Entry::new(event, actors))),
                // Merged away or deleted after the change was recorded.
                _ => {
                    gone.insert(id.clone());
                }
            }
        }
        let kept = self
            .entries
            .iter()
            .filter(|e| !touched.contains(&e.event.id) && !gone.contains(&e.event.id))
            .cloned();
        let entries: Vec<Arc<Entry>> = kept.chain(fresh).collect();
        Ok(Catalog::from_entries(entries, stats, at))
    }

    fn from_events(
        events: Vec<MergedEvent>,
        stats: Stats,
        feed: u64,
        actors: &vigil_nlp::Gazetteer,
    ) -> Catalog {
        let entries: Vec<Arc<Entry>> = events
            .into_iter()
            .map(|event| Arc::new(Entry::new(event, actors)))
            .collect();
        Catalog::from_entries(entries, stats, feed)
    }

    fn from_entries(mut entries: Vec<Arc<Entry>>, stats: Stats, feed: u64) -> Catalog {
        entries.sort_by(|a, b| {
            b.start
                .cmp(&a.start)
                .then_with(|| a.event.id.cmp(&b.event.id))
        });
        let mut by_id = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_id.insert(e.event.id.clone(), i);
            for alias in &e.event.aliases {
                by_id.entry(alias.clone()).or_insert(i);
            }
        }
        Catalog {
            index: Index::build(&entries),
            entries,
            by_id,
            stats,
            feed,
        }
    }

    /// The event with this id or alias.
    pub fn get(&self, id: &str) -> Option<&Arc<Entry>> {
        self.by_id.get(id).and_then(|&i| self.entries.get(i))
    }

    /// The position in [`Catalog::entries`] of the event with exactly this id (not an alias).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id
            .get(id)
            .copied()
            .filter(|&i| self.entries.get(i).is_some_and(|e| e.event.id == id))
    }

    /// Ids of the events that cite a document.
    pub fn events_of(&self, document: &DocumentId) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| e.event.sources.iter().any(|s| &s.document_id == document))
            .map(|e| e.event.id.clone())
            .collect()
    }
}

/// The last position of the store's change feed at or after `from`.
fn feed_end(store: &dyn Store, from: u64) -> Result<u64, StoreError> {
    let mut at = from;
    loop {
        match store.changes(at, 10_000)?.last() {
            Some(last) if last.seq > at => at = last.seq,
            _ => return Ok(at),
        }
    }
}

impl Entry {
    fn new(event: MergedEvent, actors: &vigil_nlp::Gazetteer) -> Entry {
        let (start, end) = event
            .when
            .as_ref()
            .map_or((None, None), |w| (Some(w.start), Some(w.end)));
        let mut actor_keys = Vec::new();
        for p in &event.actors {
            actor_keys.push(fold(&p.id));
            actor_keys.push(fold(&p.name));
            if let Some(actor) = actors.get(&p.id) {
                actor_keys.extend(actor.aliases.iter().map(|a| fold(a)));
            }
        }
        actor_keys.sort();
        actor_keys.dedup();
        let mut text = String::new();
        let mut add = |s: &str| {
            text.push_str(&fold(s));
            text.push(' ');
        };
        for s in &event.sources {
            s.title.as_deref().map(&mut add);
            add(&s.event.trigger);
        }
        if let Some(p) = &event.place {
            add(&p.place.name);
            p.place.canonical_name.as_deref().map(&mut add);
        }
        for p in &event.actors {
            add(&p.name);
        }
        for t in &event.targets {
            add(&t.name);
        }
        Entry {
            event,
            start,
            end,
            actor_keys,
            text,
            summary: OnceLock::new(),
        }
    }

    /// This entry as a line of a listing (the JSON of [`EventSummary`]), written once.
    pub fn summary_json(&self) -> Result<&[u8], &str> {
        self.summary
            .get_or_init(|| {
                serde_json::to_vec(&EventSummary::of(&self.event)).map_err(|e| e.to_string())
            })
            .as_deref()
            .map_err(String::as_str)
    }
}

/// Lower-cased, with punctuation other than letters and digits read as a space: how names and
/// queries are compared.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn fold_reads_punctuation_as_space() {
        assert_eq!(fold("Al-Shabaab's  fighters!"), "al shabaab s fighters");
        assert_eq!(fold("  ISKP "), "iskp");
    }
}
