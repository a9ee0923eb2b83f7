//! Analyst review across backends: corrections, merges and splits, their history and the
//! change feed, all surviving re-ingest and re-merge.

use super::merging::all_events;
use super::{report, reports, Backend};
use vigil_core::{MergedEvent, Range, Record};
use vigil_store::{ChangeKind, Correction, SourceRef, Store, StoreError};

fn put_all(store: &dyn Store, records: &[Record]) {
    for r in records {
        let _ = store.put(r).unwrap();
    }
}

/// The stored event with this many sources (the suite's reports make one of each size).
fn with_sources(store: &dyn Store, n: usize) -> MergedEvent {
    all_events(store)
        .into_iter()
        .find(|e| e.sources.len() == n)
        .unwrap_or_else(|| panic!("no event of {n} sources: {:#?}", all_events(store)))
}

fn documents(event: &MergedEvent) -> Vec<String> {
    let mut docs: Vec<String> = event
        .sources
        .iter()
        .map(|s| s.document_id.as_str().to_owned())
        .collect();
    docs.sort();
    docs
}

/// `r` with another title: a new version of the document, which re-merges its component.
fn retitled(mut r: Record) -> Record {
    r.article.title = Some("Updated account of the attack".to_owned());
    r
}

pub fn corrections_are_kept_with_their_history_and_survive_re_ingest(backend: &dyn Backend) {
    let store = backend.store();
    let records = reports();
    put_all(store, &records);
    let event = with_sources(store, 3);
    let start = store.changes(0, 1000).unwrap().last().map_or(0, |c| c.seq);
    let corrected = store
        .review(&event.id, "ana", &Correction::Killed(Some(Range::exact(6))))
        .unwrap()
        .unwrap();
    assert_eq!(corrected.killed, Some(Range::exact(6)));
    assert_eq!(corrected.review.corrected, ["killed"]);
    let history = store.review_history(&event.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].who.as_str(), history[0].field.as_str()),
        ("ana", "killed")
    );
    assert_eq!(
        history[0].before,
        serde_json::to_value(event.killed).unwrap()
    );
    // A new version of one source re-merges the event; the correction stays.
    let _ = store.put(&retitled(records[0].clone())).unwrap();
    let again = store.event(&event.id).unwrap().unwrap();
    assert_eq!(again.killed, Some(Range::exact(6)));
    assert!(all_events(store)
        .iter()
        .any(|e| e.killed == Some(Range::exact(6))));
    let feed = store.changes(start, 1000).unwrap();
    assert!(
        feed.iter()
            .any(|c| c.event_id == event.id && c.change == ChangeKind::Updated),
        "{feed:#?}"
    );
    assert!(store
        .review("ev-0000000000000000", "ana", &Correction::Killed(None))
        .unwrap()
        .is_none());
}

pub fn an_analyst_merge_holds_through_re_ingest(backend: &dyn Backend) {
    let store = backend.store();
    let records = reports();
    put_all(store, &records);
    let big = with_sources(store, 3);
    let small = with_sources(store, 2);
    let start = store.changes(0, 1000).unwrap().last().map_or(0, |c| c.seq);
    // The rules keep the two apart (a month between them); the analyst says they are one,
    // keeping the smaller event's id.
    let merged = store
        .merge_events(&[&big.id, &small.id], Some(&small.id), "ana")
        .unwrap()
        .unwrap();
    assert_eq!(merged.id, small.id);
    assert_eq!(merged.sources.len(), 5);
    assert!(merged.aliases.contains(&big.id), "{:?}", merged.aliases);
    assert_eq!(
        store.event(&big.id).unwrap().map(|e| e.id),
        Some(small.id.clone())
    );
    let feed = store.changes(start, 1000).unwrap();
    assert!(
        feed.iter().any(|c| c.event_id == big.id
            && c.change == ChangeKind::Merged
            && c.into.as_deref() == Some(small.id.as_str())),
        "{feed:#?}"
    );
    let history = store.review_history(&small.id).unwrap();
    let entry = history
        .iter()
        .find(|h| h.field == "merge")
        .expect("merge entry");
    assert_eq!(entry.who, "ana");
    assert_eq!(entry.before.as_array().map(Vec::len), Some(2));
    // Re-ingest: a new version of a source, then a new report of the same attack.
    let _ = store.put(&retitled(records[1].clone())).unwrap();
    let kabul = ("Kabul", 34.5281, 69.1723);
    let _ = store.put(&report("first-d", 12, kabul, 3)).unwrap();
    let now = store.event(&small.id).unwrap().unwrap();
    assert_eq!(now.id, small.id);
    assert_eq!(now.sources.len(), 6, "{:#?}", documents(&now));
    assert_eq!(all_events(store).len(), 2);
    // A fresh store fed the same records without the analyst keeps them apart.
    let other = backend.fresh();
    put_all(other.store(), &records);
    assert_eq!(all_events(other.store()).len(), 3);
}

pub fn an_analyst_split_holds_through_re_ingest(backend: &dyn Backend) {
    let store = backend.store();
    let records = reports();
    put_all(store, &records);
    let big = with_sources(store, 3);
    let leaving = big
        .sources
        .iter()
        .find(|s| s.document_id == records[2].article.id)
        .map(SourceRef::of)
        .expect("first-c is a source");
    let (kept, left) = store
        .split_event(&big.id, std::slice::from_ref(&leaving), "ana")
        .unwrap()
        .unwrap();
    // The side holding the event's lead keeps its id (here the leaving source may lead).
    assert_eq!(kept.id, big.id);
    let alone = [&kept, &left]
        .into_iter()
        .find(|e| documents(e) == [leaving.document_id.clone()])
        .expect("the leaving source is an event of its own");
    let rest = if alone.id == kept.id { &left } else { &kept };
    assert_eq!(rest.sources.len(), 2);
    for side in [&kept, &left] {
        let history = store.review_history(&side.id).unwrap();
        assert!(
            history.iter().any(|h| h.field == "split" && h.who == "ana"),
            "{history:#?}"
        );
    }
    // Re-ingest the split-off source and add another report: the sides never rejoin.
    let _ = store.put(&retitled(records[2].clone())).unwrap();
    let kabul = ("Kabul", 34.5281, 69.1723);
    let _ = store.put(&report("first-d", 12, kabul, 3)).unwrap();
    let events = all_events(store);
    assert_eq!(events.len(), 4, "{events:#?}");
    let of_left = events
        .iter()
        .find(|e| documents(e).contains(&leaving.document_id))
        .expect("the split-off source has an event");
    assert!(!documents(of_left).contains(&records[0].article.id.as_str().to_owned()));
    // An export reads the same events as the listing.
    let mut streamed = Vec::new();
    let filter = vigil_store::EventFilter::default();
    store
        .each_event(&filter, &mut |e| {
            streamed.push(e);
            Ok(())
        })
        .unwrap();
    assert_eq!(streamed.len(), 4);
}

pub fn merges_and_splits_that_cannot_be_done_are_refused(backend: &dyn Backend) {
    let store = backend.store();
    put_all(store, &reports());
    let big = with_sources(store, 3);
    let small = with_sources(store, 2);
    let refused = |r: Result<(), StoreError>| {
        let err = r.unwrap_err();
        assert!(matches!(err, StoreError::InvalidReview(_)), "{err}");
    };
    refused(
        store
            .merge_events(&[&big.id, &big.id], None, "ana")
            .map(drop),
    );
    refused(
        store
            .merge_events(&[&big.id, &small.id], Some("ev-00ff"), "ana")
            .map(drop),
    );
    let all: Vec<SourceRef> = big.sources.iter().map(SourceRef::of).collect();
    refused(store.split_event(&big.id, &all, "ana").map(drop));
    let stranger = SourceRef::of(&small.sources[0]);
    refused(store.split_event(&big.id, &[stranger], "ana").map(drop));
    assert!(store
        .merge_events(&[&big.id, "ev-0000000000000000"], None, "ana")
        .unwrap()
        .is_none());
    // Nothing changed.
    assert_eq!(all_events(store).len(), 3);
    assert!(store.review_history(&big.id).unwrap().is_empty());
}
