//! The server's read model: every merged event of the store held in memory with what its
//! filters need precomputed (day range, folded actor names and aliases, folded text), so a
//! filtered listing is one pass over memory instead of a query plan per request.
//!
//! Cost: memory grows with the store (about the JSON size of its events), and a change to the
//! store shows after the next reload (the server polls the store's counts).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use vigil_core::{
    DocumentId, EventSource, MergedEvent, MergedPlace, Record, Review,
};
use vigil_store::{ArticleFilter, Stats, Store, StoreError};

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
}

/// Every event of the store, newest first, and the counts it was loaded at.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    pub entries: Vec<Arc<Entry>>,
    by_id: HashMap<String, usize>,
    /// The store's counts when this catalog was read; a difference means reload.
    pub stats: Stats,
}

impl Catalog {
    /// Reads every stored article's events (one merged event per article event until the store
    /// merges across articles).
    pub fn load(store: &dyn Store, actors: &vigil_nlp::Gazetteer) -> Result<Catalog, StoreError> {
        let stats = store.stats()?;
        let filter = ArticleFilter {
            limit: usize::try_from(i64::MAX).unwrap_or(usize::MAX),
            ..ArticleFilter::default()
        };
        let mut events = Vec::new();
        for summary in store.articles(&filter)? {
            if summary.events == 0 {
                continue;
            }
            if let Some(record) = store.get(summary.id.as_str())? {
                events.extend(merged_events(&record));
            }
        }
        Ok(Catalog::from_events(events, stats, actors))
    }

    pub fn from_events(
        events: Vec<MergedEvent>,
        stats: Stats,
        actors: &vigil_nlp::Gazetteer,
    ) -> Catalog {
        let mut entries: Vec<Arc<Entry>> = events
            .into_iter()
            .map(|event| Arc::new(Entry::new(event, actors)))
            .collect();
        entries.sort_by(|a, b| b.start.cmp(&a.start).then_with(|| a.event.id.cmp(&b.event.id)));
        let mut by_id = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_id.insert(e.event.id.clone(), i);
            for alias in &e.event.aliases {
                by_id.entry(alias.clone()).or_insert(i);
            }
        }
        Catalog {
            entries,
            by_id,
            stats,
        }
    }

    /// The event with this id or alias.
    pub fn get(&self, id: &str) -> Option<&Arc<Entry>> {
        self.by_id.get(id).and_then(|&i| self.entries.get(i))
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
        }
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

/// One merged event per event of a record: the single-article view of each event, with the
/// article as its one source. The id depends only on the document and the event's position.
pub(crate) fn merged_events(record: &Record) -> Vec<MergedEvent> {
    let article = &record.article;
    record
        .events
        .iter()
        .enumerate()
        .map(|(index, event)| {
            let hash = blake3::hash(format!("{}:{index}", article.id.as_str()).as_bytes());
            MergedEvent {
                id: format!("ev-{}", &hash.to_hex()[..16]),
                aliases: Vec::new(),
                kind: event.kind,
                sub_kind: event.sub_kind,
                status: event.status,
                when: event.when.clone(),
                place: event.place.as_ref().map(|p| MergedPlace {
                    place: p.place.clone(),
                    precision: p.precision,
                    near: p.near,
                }),
                actors: event.actors.clone(),
                targets: event.targets.clone(),
                killed: event.killed,
                wounded: event.wounded,
                disagreements: Vec::new(),
                sources: vec![EventSource {
                    document_id: article.id.clone(),
                    index,
                    url: article.url.clone(),
                    title: article.title.clone(),
                    published: article.published.clone(),
                    event: event.clone(),
                }],
                review: Review::default(),
            }
        })
        .collect()
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
