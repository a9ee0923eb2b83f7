//! Merged events across backends: reports of one happening become one event whatever order they
//! are stored in, and whether they are stored one after another or by several writers at once.

use super::{full_record, place, Backend};
use vigil_core::{MergedEvent, Record};
use vigil_store::{EventFilter, Store};

/// A report of the Kabul hotel attack (as in [`full_record`]) by another article, with its own
/// count, on its own day and in its own city.
pub fn report(seed: &str, day: u32, city: (&str, f64, f64), killed: u32) -> Record {
    let mut r = full_record();
    r.article.id = vigil_core::DocumentId::of_bytes(seed.as_bytes());
    r.article.uri = format!("samples/{seed}.html");
    let (name, lat, lon) = city;
    let at = place(name, 26, lat, lon);
    r.places[0] = at.clone();
    let event = &mut r.events[0];
    if let Some(when) = event.when.as_mut() {
        when.start = chrono::NaiveDate::from_ymd_opt(2022, 12, day).unwrap_or(when.start);
        when.end = when.start;
    }
    if let Some(p) = event.place.as_mut() {
        p.place = at;
    }
    event.killed = Some(vigil_core::Range::exact(killed));
    r
}

/// Three articles on one attack, two on another a month earlier, one in another city.
pub fn reports() -> Vec<Record> {
    let kabul = ("Kabul", 34.5281, 69.1723);
    let kandahar = ("Kandahar", 31.6133, 65.7101);
    vec![
        report("first-a", 12, kabul, 3),
        report("first-b", 12, kabul, 4),
        report("first-c", 12, kabul, 5),
        report("second-a", 1, kabul, 9),
        report("second-b", 1, kabul, 9),
        report("elsewhere", 12, kandahar, 2),
    ]
}

pub fn all_events(store: &dyn Store) -> Vec<MergedEvent> {
    let filter = EventFilter {
        limit: usize::MAX,
        ..EventFilter::default()
    };
    store.events(&filter).unwrap()
}

pub fn reports_of_one_happening_merge_in_any_order(backend: &dyn Backend) {
    let mut records = reports();
    for r in &records {
        let _ = backend.store().put(r).unwrap();
    }
    let first = all_events(backend.store());
    let mut sources: Vec<usize> = first.iter().map(|e| e.sources.len()).collect();
    sources.sort_unstable();
    assert_eq!(sources, [1, 2, 3], "{first:#?}");
    for rotation in 1..records.len() {
        records.rotate_left(1);
        if rotation % 2 == 0 {
            records.reverse();
        }
        let other = backend.fresh();
        for r in &records {
            let _ = other.store().put(r).unwrap();
        }
        assert_eq!(all_events(other.store()), first, "order {rotation}");
    }
}

pub fn concurrent_writers_merge_as_one_writer_does(backend: &dyn Backend) {
    let records = reports();
    for r in &records {
        let _ = backend.store().put(r).unwrap();
    }
    let expected = all_events(backend.store());
    for round in 0..3 {
        let shared = backend.fresh();
        let writers: Vec<_> = (0..3)
            .map(|w| {
                let store = shared.connect();
                let mine: Vec<Record> = records
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| (i + round) % 3 == w)
                    .map(|(_, r)| r.clone())
                    .collect();
                std::thread::spawn(move || {
                    for r in &mine {
                        store.put(r).map(drop)?;
                    }
                    Ok::<_, vigil_store::StoreError>(())
                })
            })
            .collect();
        for w in writers {
            w.join().expect("writer thread").unwrap();
        }
        assert_eq!(all_events(shared.store()), expected, "round {round}");
        shared.check_integrity();
    }
}

/// A box: `[west, south, east, north]`.
fn bbox(edges: [f64; 4]) -> EventFilter {
    let [w, s, e, n] = edges;
    EventFilter {
        bbox: Some(vigil_store::BoundingBox::new(w, s, e, n).expect("a valid box")),
        limit: usize::MAX,
        ..EventFilter::default()
    }
}

pub fn events_are_filtered_by_bounding_box(backend: &dyn Backend) {
    let store = backend.store();
    for r in reports() {
        assert_eq!(store.put(&r).unwrap(), vigil_store::PutOutcome::Inserted);
    }
    let ids = |f: EventFilter| -> Vec<String> {
        let mut ids: Vec<String> = store
            .events(&f)
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect();
        ids.sort();
        ids
    };
    let everywhere = ids(bbox([-180.0, -90.0, 180.0, 90.0]));
    assert_eq!(everywhere.len(), 3);
    let kabul = ids(bbox([69.0, 34.0, 70.0, 35.0]));
    let kandahar = ids(bbox([65.0, 31.0, 66.0, 32.0]));
    assert_eq!((kabul.len(), kandahar.len()), (2, 1));
    assert!(kandahar.iter().all(|id| !kabul.contains(id)));
    // Edges are inside: a box that is only Kandahar's point finds its event.
    assert_eq!(ids(bbox([65.7101, 31.6133, 65.7101, 31.6133])), kandahar);
    assert!(ids(bbox([36.0, -5.0, 42.0, 5.0])).is_empty());
    // With another filter: the Kabul box and the earlier of its two days.
    let mut early = bbox([60.0, 29.0, 75.0, 38.0]);
    early.until = chrono::NaiveDate::from_ymd_opt(2022, 12, 5);
    assert_eq!(ids(early).len(), 1);
}

pub fn a_batch_stores_every_record_but_a_failing_one(backend: &dyn Backend) {
    let store = backend.store();
    let mut records = reports();
    // A reversed span breaks a CHECK constraint after the record's first rows are written.
    records[1].places.push(vigil_core::Place {
        span: vigil_core::Span::new(40, 10),
        ..place("Nowhere", 0, 1.0, 1.0)
    });
    let prepared = |rs: &[Record]| -> Vec<vigil_store::Prepared> {
        rs.iter().cloned().map(vigil_store::Prepared::new).collect()
    };
    let outcomes = store.put_many(&prepared(&records));
    assert_eq!(outcomes.len(), records.len());
    for (i, outcome) in outcomes.iter().enumerate() {
        assert_eq!(outcome.is_err(), i == 1, "record {i}: {outcome:?}");
    }
    assert_eq!(store.stats().unwrap().documents, records.len() as u64 - 1);
    assert!(!store.contains(&records[1].article.id).unwrap());
    // The same events as storing the good records one by one.
    let alone = backend.fresh();
    for (i, r) in records.iter().enumerate() {
        if i != 1 {
            assert_eq!(
                alone.store().put(r).unwrap(),
                vigil_store::PutOutcome::Inserted
            );
        }
    }
    assert_eq!(all_events(store), all_events(alone.store()));
    // Again: every record is unchanged, the bad one still refused.
    let again = store.put_many(&prepared(&records));
    for (i, outcome) in again.iter().enumerate() {
        match outcome {
            Ok(o) => assert_eq!((i, *o), (i, vigil_store::PutOutcome::Unchanged)),
            Err(e) => assert_eq!(i, 1, "{e}"),
        }
    }
    backend.check_integrity();
}
