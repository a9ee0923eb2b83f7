//! One event across articles: reports of one happening merge into one stored event, whatever
//! order they arrive in; different happenings stay apart. Records are built by hand here (the
//! CLI tests run the same through the real pipeline). Written against the `Store` trait.

use chrono::NaiveDate;
use vigil_core::{
    Article, ArticleKind, Attribution, DatePrecision, DateSource, DocumentId, Event, EventKind,
    EventPlace, EventStatus, EventTime, Evidence, FieldSpan, Language, MergedEvent, Participant,
    Place, PlacePrecision, Published, Range, Record, Span, SubKind, Target, TargetKind, TextSource,
    TimePrecision, TimeSource,
};
use vigil_store::{EventFilter, PutOutcome, SqliteStore, Store, StoreError};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, d).unwrap()
}

struct City {
    name: &'static str,
    lat: f64,
    lon: f64,
    country: &'static str,
    admin1: &'static str,
}

const KABUL: City = City {
    name: "Kabul",
    lat: 34.5281,
    lon: 69.1723,
    country: "AF",
    admin1: "13",
};
const JALALABAD: City = City {
    name: "Jalalabad",
    lat: 34.4265,
    lon: 70.4515,
    country: "AF",
    admin1: "18",
};

/// One article (id from `seed`) reporting one event: a suicide bombing in `city` on March `d`,
/// told in one sentence.
fn report(seed: &str, published: &str, d: u32, city: &City, killed: Option<Range>) -> Record {
    let text = format!(
        "A suicide bomber struck in {} on March {d}, officials said.",
        city.name
    );
    let start = text.find(city.name).unwrap();
    let place = Place {
        name: city.name.to_owned(),
        span: Span::new(start, start + city.name.len()),
        gazetteer_id: Some(format!("geonames:{}", city.name.len())),
        canonical_name: Some(city.name.to_owned()),
        lat: Some(city.lat),
        lon: Some(city.lon),
        feature: Some("PPLA".to_owned()),
        admin1: Some(city.admin1.to_owned()),
        country_code: Some(city.country.to_owned()),
        precision: Some(PlacePrecision::City),
        confidence: 0.9,
        nationality: false,
        qualifier: None,
        unresolved: None,
    };
    let id = DocumentId::of_bytes(seed.as_bytes());
    let event = Event {
        kind: EventKind::ExplosionRemoteViolence,
        sub_kind: SubKind::SuicideBomb,
        trigger: "suicide bomber".to_owned(),
        actors: Vec::new(),
        targets: Vec::new(),
        when: Some(EventTime {
            start: day(d),
            end: day(d),
            precision: TimePrecision::Day,
            source: TimeSource::Sentence,
            text: Some(format!("March {d}")),
        }),
        place: Some(EventPlace {
            index: 0,
            place: place.clone(),
            precision: Some(PlacePrecision::City),
            near: false,
        }),
        killed,
        wounded: None,
        status: EventStatus::New,
        confidence: 0.8,
        hedged: false,
        evidence: vec![Evidence {
            document_id: id.clone(),
            source: TextSource::Text,
            sentence: Span::new(0, text.len()),
            fields: vec![FieldSpan {
                field: "kind".to_owned(),
                span: Span::new(2, 16),
            }],
        }],
        disagreements: Vec::new(),
    };
    Record {
        article: Article {
            id,
            uri: format!("{seed}.html"),
            url: Some(format!("https://{seed}.example/story")),
            kind: ArticleKind::Article,
            title: Some(format!("{seed}: bombing in {}", city.name)),
            published: Some(Published {
                value: published.to_owned(),
                precision: DatePrecision::Day,
                source: DateSource::MetaTag,
            }),
            byline: None,
            language: Some("en".to_owned()),
            caption: None,
            paragraphs: vec![text.clone()],
            text,
        },
        source_id: None,
        language: Language::default(),
        places: vec![place],
        events: vec![event],
        caption_language: None,
        caption_places: Vec::new(),
    }
}

fn actor(id: &str, name: &str, attribution: Attribution) -> Participant {
    Participant {
        id: id.to_owned(),
        name: name.to_owned(),
        attribution,
        confidence: 0.8,
    }
}

fn target(kind: TargetKind, name: &str) -> Target {
    Target {
        kind,
        name: name.to_owned(),
        id: None,
        country: None,
    }
}

/// Three outlets tell the Kabul bombing of March 4 with different counts and wording.
fn three_outlets() -> Vec<Record> {
    let mut wire = report("wire", "2024-03-04", 4, &KABUL, Some(Range::exact(5)));
    wire.events[0].actors = vec![actor(
        "actor:iskp",
        "Islamic State Khorasan Province",
        Attribution::Claimed,
    )];
    wire.events[0].targets = vec![target(TargetKind::ReligiousSite, "a mosque")];
    // The next day, no date in the text: the publication date stands in.
    let mut daily = report("daily", "2024-03-05", 5, &KABUL, Some(Range::exact(7)));
    daily.events[0].sub_kind = SubKind::RemoteExplosive;
    daily.events[0].trigger = "blast".to_owned();
    if let Some(when) = daily.events[0].when.as_mut() {
        when.source = TimeSource::Publication;
        when.text = None;
    }
    daily.events[0].targets = vec![target(TargetKind::ReligiousSite, "the Shia mosque")];
    daily.events[0].wounded = Some(Range::exact(12));
    let mut radio = report(
        "radio",
        "2024-03-04",
        4,
        &KABUL,
        Some(Range { min: 6, max: None }),
    );
    radio.events[0].actors = vec![actor(
        "unidentified",
        "Unidentified",
        Attribution::Unidentified,
    )];
    vec![wire, daily, radio]
}

/// The same day in Kabul: gunmen storm a hotel (another kind of event), and a second bombing
/// hits a school (another site); a bombing in Jalalabad that day; and one in Kabul a week later.
fn other_happenings() -> Vec<Record> {
    let mut hotel = report("hotel", "2024-03-04", 4, &KABUL, Some(Range::exact(3)));
    hotel.events[0].kind = EventKind::ViolenceAgainstCivilians;
    hotel.events[0].sub_kind = SubKind::Attack;
    hotel.events[0].targets = vec![target(TargetKind::HotelGuesthouse, "a hotel")];
    let mut school = report("school", "2024-03-04", 4, &KABUL, Some(Range::exact(2)));
    school.events[0].targets = vec![target(TargetKind::Education, "a girls' school")];
    let elsewhere = report(
        "elsewhere",
        "2024-03-04",
        4,
        &JALALABAD,
        Some(Range::exact(5)),
    );
    let later = report("later", "2024-03-11", 11, &KABUL, Some(Range::exact(5)));
    vec![hotel, school, elsewhere, later]
}

fn all_reports() -> Vec<Record> {
    let mut all = three_outlets();
    all.extend(other_happenings());
    all
}

fn everything(store: &impl Store) -> Vec<MergedEvent> {
    store
        .events(&EventFilter {
            limit: usize::MAX,
            ..EventFilter::default()
        })
        .unwrap()
}

fn store_of(records: &[Record]) -> SqliteStore {
    let store = SqliteStore::open_in_memory().unwrap();
    for r in records {
        assert_eq!(store.put(r).unwrap(), PutOutcome::Inserted);
    }
    store
}

fn the_bombing(events: &[MergedEvent]) -> &MergedEvent {
    events
        .iter()
        .find(|e| e.sources.len() == 3)
        .expect("the three outlets' reports are one event")
}

#[test]
fn three_outlets_with_different_counts_are_one_event_with_three_sources() {
    let store = store_of(&three_outlets());
    let events = everything(&store);
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0];
    assert_eq!(e.sources.len(), 3);
    assert_eq!(
        e.killed,
        Some(Range {
            min: 5,
            max: Some(7)
        })
    );
    assert_eq!(e.wounded, Some(Range::exact(12)));
    assert_eq!(e.kind, EventKind::ExplosionRemoteViolence);
    // The date read from a sentence wins over one that stands in for publication.
    let when = e.when.as_ref().unwrap();
    assert_eq!((when.start, when.source), (day(4), TimeSource::Sentence));
    // The named group, not "unidentified".
    let actors: Vec<&str> = e.actors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(actors, ["actor:iskp"]);
    // Oldest publication first.
    assert_eq!(e.sources[2].published.as_ref().unwrap().value, "2024-03-05");
    let killed = e
        .disagreements
        .iter()
        .find(|d| d.field == "killed")
        .expect("the counts disagree");
    let values: Vec<&str> = killed.values.iter().map(|v| v.value.as_str()).collect();
    let mut sorted = values.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["5", "6+", "7"]);
    // Every source's own id is an alias, and the event's id is its smallest member's.
    assert_eq!(e.aliases.len(), 2);
    assert!(!e.aliases.contains(&e.id));
}

#[test]
fn other_happenings_on_the_same_day_stay_apart() {
    let store = store_of(&all_reports());
    let events = everything(&store);
    // The bombing (3 sources), the hotel, the school, Jalalabad, a week later.
    assert_eq!(events.len(), 5, "{events:#?}");
    assert_eq!(the_bombing(&events).sources.len(), 3);
    assert!(events
        .iter()
        .filter(|e| e.sources.len() != 3)
        .all(|e| e.sources.len() == 1));
}

#[test]
fn any_ingest_order_gives_the_same_events_and_ids() {
    let records = all_reports();
    let forward = everything(&store_of(&records));
    let reversed: Vec<Record> = records.iter().rev().cloned().collect();
    assert_eq!(everything(&store_of(&reversed)), forward);
    // The three outlets last, each arriving between other reports.
    let mut interleaved = other_happenings();
    for (i, r) in three_outlets().into_iter().enumerate() {
        interleaved.insert(i * 2, r);
    }
    assert_eq!(everything(&store_of(&interleaved)), forward);
}

#[test]
fn re_ingest_changes_nothing() {
    let records = all_reports();
    let store = store_of(&records);
    let before = everything(&store);
    for r in &records {
        assert_eq!(store.put(r).unwrap(), PutOutcome::Unchanged);
    }
    assert_eq!(everything(&store), before);
}

#[test]
fn a_merged_away_id_resolves_to_the_event_that_absorbed_it() {
    let [wire, daily, radio]: [Record; 3] = three_outlets().try_into().ok().unwrap();
    let store = SqliteStore::open_in_memory().unwrap();
    let _ = store.put(&daily).unwrap();
    let alone = everything(&store).remove(0).id;
    let _ = store.put(&wire).unwrap();
    let _ = store.put(&radio).unwrap();
    let merged = everything(&store).remove(0);
    assert_eq!(merged.sources.len(), 3);
    assert_eq!(store.event(&alone).unwrap().unwrap().id, merged.id);
    for alias in &merged.aliases {
        assert_eq!(store.event(alias).unwrap().unwrap().id, merged.id);
    }
    // By prefix, with or without `ev-`, in any case.
    let prefix = &merged.id[..9];
    assert_eq!(store.event(prefix).unwrap().unwrap().id, merged.id);
    let bare = merged.id[3..10].to_ascii_uppercase();
    assert_eq!(store.event(&bare).unwrap().unwrap().id, merged.id);
    assert!(store.event("ev-ffffffffffffffff").unwrap().is_none());
    assert!(matches!(store.event(""), Err(StoreError::InvalidId(_))));
}

#[test]
fn a_background_mention_in_a_later_article_joins_the_original_event() {
    let mut records = three_outlets();
    let mut recall = report("weekly", "2024-03-18", 4, &KABUL, Some(Range::exact(6)));
    recall.events[0].status = EventStatus::Background;
    records.push(recall);
    let events = everything(&store_of(&records));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].sources.len(), 4);
    assert_eq!(events[0].status, EventStatus::New);
    // A vaguer recollection ("last year") stays apart rather than guess.
    let mut vague = report("yearly", "2024-12-30", 4, &KABUL, None);
    vague.events[0].status = EventStatus::Background;
    if let Some(when) = vague.events[0].when.as_mut() {
        when.start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        when.end = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        when.precision = TimePrecision::Year;
    }
    records.push(vague);
    assert_eq!(everything(&store_of(&records)).len(), 2);
}

#[test]
fn conflicting_perpetrators_are_two_events() {
    let [mut wire, mut daily, _]: [Record; 3] = three_outlets().try_into().ok().unwrap();
    wire.events[0].actors = vec![actor("actor:iskp", "ISKP", Attribution::Claimed)];
    daily.events[0].actors = vec![actor("actor:taliban", "Taliban", Attribution::Stated)];
    assert_eq!(
        everything(&store_of(&[wire.clone(), daily.clone()])).len(),
        2
    );
    // Merely suspected is no conflict.
    daily.events[0].actors[0].attribution = Attribution::Suspected;
    assert_eq!(everything(&store_of(&[wire, daily])).len(), 1);
}

#[test]
fn a_replaced_document_moves_its_report_and_leaves_an_alias() {
    let records = three_outlets();
    let store = store_of(&records);
    let merged = everything(&store).remove(0);
    // The lead member's document changes: its report now places the bombing in Jalalabad.
    let lead = merged
        .sources
        .iter()
        .min_by_key(|s| (s.document_id.clone(), s.index))
        .unwrap()
        .document_id
        .clone();
    let mut changed = records
        .iter()
        .find(|r| r.article.id == lead)
        .unwrap()
        .clone();
    let jalalabad = report("x", "2024-03-04", 4, &JALALABAD, None).events[0]
        .place
        .clone();
    changed.events[0].place = jalalabad;
    assert_eq!(store.put(&changed).unwrap(), PutOutcome::Updated);
    let events = everything(&store);
    assert_eq!(events.len(), 2, "{events:#?}");
    let kabul = events.iter().find(|e| e.sources.len() == 2).unwrap();
    assert_ne!(
        kabul.id, merged.id,
        "the old id belonged to the moved report"
    );
    // The old id is now the moved report's own event; the two that stayed are one event.
    assert_eq!(store.event(&merged.id).unwrap().unwrap().sources.len(), 1);
    // The same result as ingesting the changed set from scratch.
    let mut fresh: Vec<Record> = records
        .into_iter()
        .filter(|r| r.article.id != lead)
        .collect();
    fresh.push(changed);
    assert_eq!(everything(&store_of(&fresh)), events);
}

#[test]
fn filters_and_streaming() {
    let store = store_of(&all_reports());
    let count = |f: EventFilter| store.events(&f).unwrap().len();
    let kind = |k| EventFilter {
        kind: Some(k),
        ..EventFilter::default()
    };
    assert_eq!(count(kind(EventKind::ViolenceAgainstCivilians)), 1);
    assert_eq!(count(kind(EventKind::ExplosionRemoteViolence)), 4);
    for who in [
        "actor:iskp",
        "iskp",
        "ISKP",
        "islamic state khorasan province",
    ] {
        let f = EventFilter {
            actor: Some(who.to_owned()),
            ..EventFilter::default()
        };
        assert_eq!(count(f), 1, "{who}");
    }
    let killed = |n| EventFilter {
        min_killed: Some(n),
        ..EventFilter::default()
    };
    assert_eq!(count(killed(7)), 1);
    assert_eq!(count(killed(5)), 3);
    let text = |q: &str| EventFilter {
        text: Some(q.to_owned()),
        ..EventFilter::default()
    };
    assert_eq!(count(text("Jalalabad")), 1);
    assert_eq!(count(text("suicide")), 5);
    let country = EventFilter {
        country: Some("af".to_owned()),
        since: Some(day(5)),
        ..EventFilter::default()
    };
    assert_eq!(count(country), 1);
    let paged = EventFilter {
        limit: 2,
        offset: 1,
        ..EventFilter::default()
    };
    assert_eq!(count(paged), 2);
    // Streaming ignores limit and offset and keeps the listing's order.
    let mut streamed = Vec::new();
    store
        .each_event(
            &EventFilter {
                limit: 1,
                ..EventFilter::default()
            },
            &mut |e| {
                streamed.push(e);
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(streamed, everything(&store));
    // A sink's error stops the walk.
    let mut seen = 0;
    let stopped = store.each_event(&EventFilter::default(), &mut |_| {
        seen += 1;
        Err(StoreError::Sink("disk full".into()))
    });
    assert!(matches!(stopped, Err(StoreError::Sink(e)) if e.to_string() == "disk full"));
    assert_eq!(seen, 1);
    let stats = store.stats().unwrap();
    assert_eq!((stats.events, stats.merged_events), (7, 5));
}

#[test]
fn the_callers_id_is_kept_and_listed() {
    let mut r = report("own-id", "2024-03-04", 4, &KABUL, None);
    r.source_id = Some("row-42".to_owned());
    let store = store_of(std::slice::from_ref(&r));
    assert_eq!(
        store.get(r.article.id.as_str()).unwrap().unwrap().source_id,
        Some("row-42".to_owned())
    );
    let listed = store
        .articles(&vigil_store::ArticleFilter::default())
        .unwrap();
    assert_eq!(listed[0].source_id.as_deref(), Some("row-42"));
}

#[test]
fn a_database_from_before_merged_events_is_merged_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let expected = {
        let store = SqliteStore::open(&path).unwrap();
        for r in all_reports() {
            let _ = store.put(&r).unwrap();
        }
        everything(&store)
    };
    // Take the database back to schema version 1: what migration 2 added goes.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE merged_event_actors; DROP TABLE merged_events; DROP TABLE event_aliases;
         DROP INDEX events_own_event; DROP INDEX events_event; DROP INDEX events_block;
         DROP INDEX documents_source_id;
         ALTER TABLE events DROP COLUMN own_event_id; ALTER TABLE events DROP COLUMN event_id;
         ALTER TABLE documents DROP COLUMN source_id;
         PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(conn);
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        SqliteStore::latest_schema_version()
    );
    assert_eq!(everything(&store), expected);
    store.check_integrity().unwrap();
}

#[test]
fn an_id_whose_report_is_gone_resolves_through_the_alias_history() {
    let records = three_outlets();
    let store = store_of(&records);
    let merged = everything(&store).remove(0);
    // The document that gave the event its id is replaced by a version with no event at all.
    let lead = records
        .iter()
        .min_by_key(|r| r.article.id.clone())
        .unwrap()
        .clone();
    let mut emptied = lead.clone();
    emptied.events.clear();
    assert_eq!(store.put(&emptied).unwrap(), PutOutcome::Updated);
    let now = everything(&store);
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].sources.len(), 2);
    assert_ne!(now[0].id, merged.id);
    assert_eq!(store.event(&merged.id).unwrap().unwrap().id, now[0].id);
    // Putting the old version back restores the old event under its old id.
    assert_eq!(store.put(&lead).unwrap(), PutOutcome::Updated);
    assert_eq!(everything(&store), vec![merged.clone()]);
    assert_eq!(store.event(&merged.id).unwrap().unwrap(), merged);
}
