//! Counts over a filtered set of events: per day or week, kind, country, actor, and the terms
//! of the tag cloud (actors, places, keywords).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::catalog::{Catalog, Entry};

/// What `GET /api/stats` answers.
#[derive(Debug, Serialize)]
pub(crate) struct StatsView {
    pub events: usize,
    pub killed: u64,
    pub wounded: u64,
    /// `day` or `week` (weeks start on Monday).
    pub bucket: &'static str,
    pub by_time: Vec<TimeCount>,
    pub by_kind: Vec<Count>,
    pub by_country: Vec<Count>,
    pub by_actor: Vec<Count>,
    /// The tag cloud: actors, places and keywords (trigger words), most frequent first.
    pub terms: Vec<Term>,
}

#[derive(Debug, Serialize)]
pub(crate) struct TimeCount {
    pub date: NaiveDate,
    pub events: usize,
    pub killed: u64,
}

#[derive(Debug, Serialize)]
pub(crate) struct Count {
    pub key: String,
    /// A readable name for the key, where it is an id.
    pub label: String,
    pub events: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct Term {
    pub text: String,
    /// `actor`, `place` or `keyword`.
    pub kind: &'static str,
    pub events: usize,
}

/// One actor of `GET /api/actors`.
#[derive(Debug, Serialize)]
pub(crate) struct ActorView {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub events: usize,
}

const TOP: usize = 40;
const TERMS: usize = 80;

pub(crate) fn stats(entries: &[Arc<Entry>], weekly: bool) -> StatsView {
    let mut by_time: HashMap<NaiveDate, (usize, u64)> = HashMap::new();
    let mut kinds: Counter = Counter::default();
    let mut countries = Counter::default();
    let mut actors = Counter::default();
    let mut terms: HashMap<(String, &'static str), usize> = HashMap::new();
    let (mut killed, mut wounded) = (0u64, 0u64);
    for e in entries {
        let ev = &e.event;
        let k = ev.killed.map_or(0, |k| u64::from(k.min));
        killed += k;
        wounded += ev.wounded.map_or(0, |w| u64::from(w.min));
        if let Some(start) = e.start {
            let day = if weekly {
                start - Duration::days(i64::from(start.weekday().num_days_from_monday()))
            } else {
                start
            };
            let slot = by_time.entry(day).or_default();
            slot.0 += 1;
            slot.1 += k;
        }
        let kind = serde_name(&ev.kind);
        kinds.add(&kind, &kind);
        if let Some(p) = &ev.place {
            if let Some(c) = &p.place.country_code {
                countries.add(c, c);
            }
            let name = p.place.canonical_name.as_ref().unwrap_or(&p.place.name);
            *terms.entry((name.clone(), "place")).or_default() += 1;
        }
        for a in &ev.actors {
            actors.add(&a.id, &a.name);
            *terms.entry((a.name.clone(), "actor")).or_default() += 1;
        }
        for s in &ev.sources {
            let trigger = s.event.trigger.to_lowercase();
            if !trigger.is_empty() {
                *terms.entry((trigger, "keyword")).or_default() += 1;
            }
        }
    }
    let mut by_time: Vec<TimeCount> = by_time
        .into_iter()
        .map(|(date, (events, killed))| TimeCount {
            date,
            events,
            killed,
        })
        .collect();
    by_time.sort_by_key(|t| t.date);
    let mut terms: Vec<Term> = terms
        .into_iter()
        .map(|((text, kind), events)| Term { text, kind, events })
        .collect();
    terms.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.text.cmp(&b.text)));
    terms.truncate(TERMS);
    StatsView {
        events: entries.len(),
        killed,
        wounded,
        bucket: if weekly { "week" } else { "day" },
        by_time,
        by_kind: kinds.top(usize::MAX),
        by_country: countries.top(TOP),
        by_actor: actors.top(TOP),
        terms,
    }
}

/// Every actor of the catalog with its aliases and number of events, most events first.
pub(crate) fn actors(catalog: &Catalog, gazetteer: &vigil_nlp::Gazetteer) -> Vec<ActorView> {
    let mut counts = Counter::default();
    for e in &catalog.entries {
        for a in &e.event.actors {
            counts.add(&a.id, &a.name);
        }
    }
    counts
        .top(usize::MAX)
        .into_iter()
        .map(|c| ActorView {
            aliases: gazetteer
                .get(&c.key)
                .map(|a| a.aliases.clone())
                .unwrap_or_default(),
            id: c.key,
            name: c.label,
            events: c.events,
        })
        .collect()
}

#[derive(Default)]
struct Counter(HashMap<String, (String, usize)>);

impl Counter {
    fn add(&mut self, key: &str, label: &str) {
        self.0
            .entry(key.to_owned())
            .or_insert_with(|| (label.to_owned(), 0))
            .1 += 1;
    }

    fn top(self, n: usize) -> Vec<Count> {
        let mut v: Vec<Count> = self
            .0
            .into_iter()
            .map(|(key, (label, events))| Count { key, label, events })
            .collect();
        v.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.key.cmp(&b.key)));
        v.truncate(n);
        v
    }
}

/// A unit enum value as serde writes it (`explosion_remote_violence`).
pub(crate) fn serde_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
