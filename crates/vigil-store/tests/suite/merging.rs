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
