//! The store's behaviour on real database files: schema, idempotence, search, lookup,
//! concurrency and atomicity. Written against the `Store` trait so a PostgreSQL store can reuse it.

use vigil_core::{
    Article, ArticleKind, Attribution, DatePrecision, DateSource, DocumentId, Entity, EntityKind,
    Event, EventKind, EventPlace, EventStatus, EventTime, Language, Mention, Participant, Place,
    PlacePrecision, Published, Range, Record, Span, SubKind, TimePrecision, TimeSource,
};
use vigil_store::{
    ArticleFilter, EventFilter, KindFilter, PutOutcome, SearchOptions, SqliteStore, Store,
    StoreError,
};

fn record(seed: &str, title: &str, paragraphs: &[&str], published: Option<&str>) -> Record {
    let paragraphs: Vec<String> = paragraphs.iter().map(|p| (*p).to_owned()).collect();
    Record {
        article: Article {
            id: DocumentId::of_bytes(seed.as_bytes()),
            uri: format!("samples/{seed}.html"),
            url: Some(format!("https://news.example/{seed}")),
            kind: ArticleKind::Article,
            title: Some(title.to_owned()),
            published: published.map(|value| Published {
                value: value.to_owned(),
                precision: DatePrecision::Day,
                source: DateSource::MetaTag,
            }),
            byline: Some("A. Reporter".to_owned()),
            language: Some("en".to_owned()),
            caption: None,
            text: Article::join_paragraphs(&paragraphs),
            paragraphs,
        },
        source_id: None,
        language: Language::default(),
        places: Vec::new(),
        events: Vec::new(),
        caption_language: None,
        caption_places: Vec::new(),
    }
}

fn place(name: &str, start: usize, lat: f64, lon: f64) -> Place {
    Place {
        name: name.to_owned(),
        span: Span::new(start, start + name.len()),
        gazetteer_id: Some(format!("geonames:{}", name.len())),
        canonical_name: Some(name.to_owned()),
        lat: Some(lat),
        lon: Some(lon),
        feature: Some("PPLC".to_owned()),
        admin1: Some("Kabul".to_owned()),
        country_code: Some("AF".to_owned()),
        precision: Some(PlacePrecision::City),
        confidence: 0.9,
        nationality: false,
        qualifier: None,
        unresolved: None,
    }
}

/// A record with places, an entity and an event: every child table gets rows.
fn full_record() -> Record {
    let text = "Gunmen stormed a hotel in Kabul on Monday, killing three people.";
    let mut r = record(
        "full",
        "Hotel attacked in Kabul",
        &[text],
        Some("2022-12-14"),
    );
    let kabul = place("Kabul", 26, 34.5281, 69.1723);
    r.places.push(kabul.clone());
    r.language.entities.push(Entity {
        id: "actor:iskp".to_owned(),
        kind: EntityKind::ArmedGroup,
        name: "Islamic State Khorasan Province".to_owned(),
        country: Some("AF".to_owned()),
        affiliation: None,
        role: None,
        mentions: vec![Mention {
            span: Span::new(0, 6),
            text: "Gunmen".to_owned(),
        }],
        confidence: 0.5,
    });
    r.events.push(Event {
        kind: EventKind::ViolenceAgainstCivilians,
        sub_kind: SubKind::Attack,
        trigger: "stormed".to_owned(),
        actors: vec![Participant {
            id: "unidentified".to_owned(),
            name: "Unidentified gunmen".to_owned(),
            attribution: Attribution::Unidentified,
            confidence: 0.8,
        }],
        targets: Vec::new(),
        when: Some(EventTime {
            start: chrono::NaiveDate::from_ymd_opt(2022, 12, 12).unwrap_or_default(),
            end: chrono::NaiveDate::from_ymd_opt(2022, 12, 12).unwrap_or_default(),
            precision: TimePrecision::Day,
            source: TimeSource::Sentence,
            text: Some("on Monday".to_owned()),
        }),
        place: Some(EventPlace {
            index: 0,
            place: kabul,
            precision: Some(PlacePrecision::City),
            near: false,
        }),
        killed: Some(Range::exact(3)),
        wounded: None,
        status: EventStatus::New,
        confidence: 0.75,
        hedged: false,
        evidence: Vec::new(),
    });
    r
}

fn temp_store() -> (tempfile::TempDir, std::path::PathBuf, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vigil.db");
    let store = SqliteStore::open(&path).unwrap();
    (dir, path, store)
}

fn count(path: &std::path::Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn fts5_is_compiled_in() {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let on: bool = conn
        .query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(on);
}

#[test]
fn new_file_gets_the_latest_schema_in_wal_mode() {
    let (_dir, path, store) = temp_store();
    assert_eq!(
        store.schema_version().unwrap(),
        SqliteStore::latest_schema_version()
    );
    assert!(SqliteStore::latest_schema_version() >= 1);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    for table in ["documents", "places", "entities", "events", "documents_fts"] {
        let n = count(
            &path,
            &format!("SELECT count(*) FROM sqlite_master WHERE name = '{table}'"),
        );
        assert_eq!(n, 1, "{table} missing");
    }
    store.check_integrity().unwrap();
    assert_eq!(store.stats().unwrap(), vigil_store::Stats::default());
}

#[test]
fn reopening_keeps_data_and_does_not_migrate_again() {
    let (_dir, path, store) = temp_store();
    let r = full_record();
    assert_eq!(store.put(&r).unwrap(), PutOutcome::Inserted);
    drop(store);
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.get(r.article.id.as_str()).unwrap(), Some(r.clone()));
    assert_eq!(store.put(&r).unwrap(), PutOutcome::Unchanged);
    assert_eq!(store.stats().unwrap().documents, 1);
}

#[test]
fn newer_schema_is_refused_with_a_clear_error() {
    let (_dir, path, store) = temp_store();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::SchemaTooNew { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer"), "{err}");
}

#[test]
fn foreign_databases_and_non_databases_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE accounts (id INTEGER)")
        .unwrap();
    drop(conn);
    let err = SqliteStore::open(&other).unwrap_err();
    assert!(matches!(err, StoreError::NotVigil { .. }), "{err}");

    let junk = dir.path().join("junk.db");
    std::fs::write(
        &junk,
        b"this is not a database file at all, not even close....",
    )
    .unwrap();
    let err = SqliteStore::open(&junk).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err}");
    assert!(err.to_string().contains("junk.db"), "{err}");
}

#[test]
fn put_is_idempotent_and_fills_child_tables() {
    let (_dir, path, store) = temp_store();
    let r = full_record();
    assert_eq!(store.put(&r).unwrap(), PutOutcome::Inserted);
    for _ in 0..3 {
        assert_eq!(store.put(&r).unwrap(), PutOutcome::Unchanged);
    }
    let stats = store.stats().unwrap();
    assert_eq!(
        (
            stats.documents,
            stats.articles,
            stats.places,
            stats.entities,
            stats.events
        ),
        (1, 1, 1, 1, 1)
    );
    assert_eq!(count(&path, "SELECT count(*) FROM documents_fts"), 1);
    assert_eq!(store.search("hotel", 10).unwrap().len(), 1);
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM events WHERE sub_kind = 'attack' AND killed_min = 3 \
             AND date_start = '2022-12-12' AND abs(lat - 34.5281) < 1e-9 AND country_code = 'AF'"
        ),
        1
    );
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM places WHERE name = 'Kabul' AND span_start = 26 \
             AND precision = 'city'"
        ),
        1
    );
    assert!(store.contains(&r.article.id).unwrap());
    assert!(!store.contains(&DocumentId("0".repeat(32))).unwrap());
}

#[test]
fn a_changed_record_replaces_the_stored_one_everywhere() {
    let (_dir, path, store) = temp_store();
    let mut r = full_record();
    assert_eq!(store.put(&r).unwrap(), PutOutcome::Inserted);
    let first = store.articles(&ArticleFilter::default()).unwrap();
    r.article.title = Some("Siege at a guesthouse".to_owned());
    r.places.clear();
    r.events.clear();
    assert_eq!(store.put(&r).unwrap(), PutOutcome::Updated);
    assert_eq!(store.get(r.article.id.as_str()).unwrap(), Some(r.clone()));
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.places, stats.events), (1, 0, 0));
    assert!(store.search("guesthouse", 10).unwrap().len() == 1);
    assert!(store.search("\"hotel attacked\"", 10).unwrap().is_empty());
    let again = store.articles(&ArticleFilter::default()).unwrap();
    assert_eq!(
        again[0].ingested_at, first[0].ingested_at,
        "first ingest time kept"
    );
    assert_eq!(count(&path, "SELECT count(*) FROM documents_fts"), 1);
    store.check_integrity().unwrap();
}

#[test]
fn a_put_failing_midway_leaves_nothing_behind() {
    let (_dir, path, store) = temp_store();
    let mut bad = full_record();
    // The document row and its FTS entry are written before places; a reversed span violates
    // the places CHECK constraint, so the failure comes after half the rows.
    bad.places.push(Place {
        span: Span::new(40, 10),
        ..place("Nowhere", 0, 1.0, 1.0)
    });
    let err = bad_put(&store, &bad);
    assert!(matches!(err, StoreError::Database(_)), "{err}");
    assert_eq!(store.stats().unwrap(), vigil_store::Stats::default());
    assert_eq!(count(&path, "SELECT count(*) FROM documents_fts"), 0);
    assert!(store.search("hotel", 10).unwrap().is_empty());

    // A failed replacement keeps the old version whole.
    let good = full_record();
    assert_eq!(store.put(&good).unwrap(), PutOutcome::Inserted);
    let mut worse = good.clone();
    worse.article.title = Some("Replaced title".to_owned());
    worse.places[0].lat = Some(123.0); // beyond the pole
    bad_put(&store, &worse);
    assert_eq!(store.get(good.article.id.as_str()).unwrap(), Some(good));
    assert!(store.search("replaced", 10).unwrap().is_empty());
    assert_eq!(store.stats().unwrap().places, 1);
    store.check_integrity().unwrap();
}

fn bad_put(store: &SqliteStore, r: &Record) -> StoreError {
    match store.put(r) {
        Ok(outcome) => panic!("expected an error, got {outcome:?}"),
        Err(e) => e,
    }
}

#[test]
fn records_that_would_not_read_back_are_refused() {
    let (_dir, _path, store) = temp_store();
    let mut r = full_record();
    r.places[0].confidence = f32::NAN; // JSON has no NaN: `show` could not read it back
    let err = bad_put(&store, &r);
    assert!(matches!(err, StoreError::InvalidRecord { .. }), "{err}");
    assert_eq!(store.stats().unwrap().documents, 0);
}

#[test]
fn title_matches_rank_above_body_matches() {
    let (_dir, _path, store) = temp_store();
    let body = record(
        "body",
        "Market reopens after repairs",
        &[
            "Traders returned to the market on Tuesday.",
            "Last year a suicide bombing damaged the eastern gate.",
        ],
        Some("2022-12-01"),
    );
    let title = record(
        "title",
        "Suicide bombing at checkpoint",
        &["Officials said the checkpoint was closed for the day after the blast."],
        Some("2022-11-01"),
    );
    let neither = record("neither", "Weather", &["Rain is expected."], None);
    for r in [&body, &title, &neither] {
        assert_eq!(store.put(r).unwrap(), PutOutcome::Inserted);
    }
    let hits = store.search("suicide bombing", 10).unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, [title.article.id.as_str(), body.article.id.as_str()]);
    assert!(hits[0].score > hits[1].score);
    assert_eq!(
        hits[0].title.as_deref(),
        Some("Suicide bombing at checkpoint")
    );
    assert_eq!(
        hits[1].published.as_ref().map(|p| p.value.as_str()),
        Some("2022-12-01")
    );
    // Porter stemming: another form of the word finds the same documents.
    assert_eq!(store.search("bombings", 10).unwrap().len(), 2);
}

#[test]
fn snippets_highlight_matches_with_configurable_markers() {
    let (_dir, _path, store) = temp_store();
    let r = record(
        "snip",
        "Clashes in the north",
        &["Fighting continued near the airport while residents fled the city by road."],
        None,
    );
    let _ = store.put(&r).unwrap();
    let hits = store.search("airport", 5).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.contains("[airport]"), "{}", hits[0].snippet);
    let options = SearchOptions {
        open: "<b>".to_owned(),
        close: "</b>".to_owned(),
        snippet_words: 4,
        ..SearchOptions::default()
    };
    let hits = store.search_with("residents", &options).unwrap();
    assert!(
        hits[0].snippet.contains("<b>residents</b>"),
        "{}",
        hits[0].snippet
    );
    assert!(hits[0].snippet.contains('…'), "{}", hits[0].snippet);
    // A title-only match still yields a highlighted snippet (from the title).
    let hits = store.search("north", 5).unwrap();
    assert!(hits[0].snippet.contains("[north]"), "{}", hits[0].snippet);
}

#[test]
fn hostile_queries_never_reach_fts5_as_syntax() {
    let (_dir, _path, store) = temp_store();
    let r = record(
        "hostile",
        "AND or NOT: a title",
        &["Near the border (north) a *star* item and \"quotes\" here: col:val ^caret"],
        None,
    );
    let _ = store.put(&r).unwrap();
    for query in [
        "AND",
        "OR",
        "NOT",
        "near(",
        "NEAR(border north",
        "\"unbalanced quote",
        "border\"",
        "col:val",
        "^caret",
        "(north",
        "north)",
        "{title}: border",
        "star*",
        "AND OR NOT",
        "-- border",
        "'single' quotes",
        "\u{0}border",
    ] {
        let hits = store.search(query, 10);
        assert!(hits.is_ok(), "{query:?}: {hits:?}");
    }
    assert_eq!(store.search("NEAR( border", 10).unwrap().len(), 1);
    assert_eq!(store.search("\"border (north", 10).unwrap().len(), 1);
    for query in ["*", "\"", "", "   ", "()", "-border", "NEAR("] {
        match store.search(query, 10) {
            Err(StoreError::InvalidQuery(_)) => {}
            Ok(hits) if query == "NEAR(" => assert_eq!(hits.len(), 1, "near is a word"),
            other => panic!("{query:?}: {other:?}"),
        }
    }
}

#[test]
fn search_operators_work() {
    let (_dir, _path, store) = temp_store();
    let a = record("a", "Drone strike", &["A drone strike hit a convoy."], None);
    let b = record(
        "b",
        "Exercise",
        &["A drone exercise was held; no strike."],
        None,
    );
    let c = record(
        "c",
        "Protest",
        &["Protesters marched in the capital."],
        None,
    );
    for r in [&a, &b, &c] {
        let _ = store.put(r).unwrap();
    }
    let ids = |q: &str| -> Vec<String> {
        let mut v: Vec<String> = store
            .search(q, 10)
            .unwrap()
            .into_iter()
            .map(|h| h.id.0)
            .collect();
        v.sort();
        v
    };
    let sorted = |rs: &[&Record]| -> Vec<String> {
        let mut v: Vec<String> = rs.iter().map(|r| r.article.id.0.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(ids("drone"), sorted(&[&a, &b]));
    assert_eq!(ids("\"drone strike\""), sorted(&[&a]));
    assert_eq!(ids("drone -exercise"), sorted(&[&a]));
    assert_eq!(ids("convoy OR protesters"), sorted(&[&a, &c]));
    assert_eq!(ids("protest*"), sorted(&[&c]));
    let only_articles = SearchOptions {
        kind: Some(KindFilter::NotArticle),
        ..SearchOptions::default()
    };
    assert!(store
        .search_with("drone", &only_articles)
        .unwrap()
        .is_empty());
}

#[test]
fn get_accepts_unique_prefixes_and_reports_ambiguity() {
    let (_dir, _path, store) = temp_store();
    let mut by_first_char: std::collections::HashMap<char, Vec<Record>> = Default::default();
    // Enough records that two share a first hex digit.
    for i in 0..40 {
        let r = record(&format!("doc{i}"), &format!("Title {i}"), &["Body."], None);
        let _ = store.put(&r).unwrap();
        let first = r.article.id.as_str().chars().next().unwrap_or('0');
        by_first_char.entry(first).or_default().push(r);
    }
    let (shared, group) = by_first_char
        .iter()
        .find(|(_, rs)| rs.len() >= 2)
        .expect("40 ids over 16 digits share one");
    match store.get(&shared.to_string()) {
        Err(StoreError::AmbiguousId { count, .. }) => assert_eq!(count, group.len() as u64),
        other => panic!("expected ambiguity, got {other:?}"),
    }
    let target = &group[0];
    let full = target.article.id.as_str();
    assert_eq!(store.get(full).unwrap().as_ref(), Some(target));
    assert_eq!(store.get(&full[..12]).unwrap().as_ref(), Some(target));
    assert_eq!(
        store
            .get(&full[..12].to_ascii_uppercase())
            .unwrap()
            .as_ref(),
        Some(target)
    );
    assert_eq!(store.get("zzzz").unwrap(), None);
    assert_eq!(store.get(&"f".repeat(40)).unwrap(), None);
    assert!(matches!(store.get("  "), Err(StoreError::InvalidId(_))));
}

#[test]
fn unicode_text_round_trips_and_is_searchable() {
    let (_dir, _path, store) = temp_store();
    let mut r = record(
        "unicode",
        "Explosión en Zürich — قندوز",
        &[
            "Un ataque en قندوز dejó 5 muertos; testigos 😢 hablaron con «periodistas».",
            "第二段落: 多くの人が避難した。",
        ],
        Some("2022-06-01"),
    );
    r.article.language = Some("es".to_owned());
    r.article.caption = Some("Foto: escena del ataque en Zürich".to_owned());
    let _ = store.put(&r).unwrap();
    assert_eq!(store.get(r.article.id.as_str()).unwrap(), Some(r.clone()));
    assert_eq!(store.search("قندوز", 5).unwrap().len(), 1);
    assert_eq!(
        store.search("zurich", 5).unwrap().len(),
        1,
        "diacritics folded"
    );
    assert_eq!(store.search("periodistas", 5).unwrap().len(), 1);
    let hit = &store.search("muertos", 5).unwrap()[0];
    assert!(hit.snippet.contains("[muertos]"), "{}", hit.snippet);
    let summary = &store.articles(&ArticleFilter::default()).unwrap()[0];
    assert_eq!(summary.chars, r.article.text.chars().count());
}

#[test]
fn articles_lists_newest_first_with_filters() {
    let (_dir, _path, store) = temp_store();
    let old = record("old", "Old", &["x"], Some("2021-03-04"));
    let new = record("new", "New", &["x"], Some("2022-12-14T09:30:00Z"));
    let mid = record("mid", "Mid", &["x"], Some("2022-06-30"));
    let undated = record("undated", "Undated", &["x"], None);
    let mut paywall = record(
        "paywall",
        "Subscribe",
        &["Subscribe to read"],
        Some("2022-07-01"),
    );
    paywall.article.kind = ArticleKind::NotArticle("paywall".to_owned());
    for r in [&old, &undated, &new, &paywall, &mid] {
        let _ = store.put(r).unwrap();
    }
    let titles = |f: &ArticleFilter| -> Vec<String> {
        store
            .articles(f)
            .unwrap()
            .into_iter()
            .map(|s| s.title.unwrap_or_default())
            .collect()
    };
    assert_eq!(
        titles(&ArticleFilter::default()),
        ["New", "Subscribe", "Mid", "Old", "Undated"]
    );
    let articles = ArticleFilter {
        kind: Some(KindFilter::Article),
        ..ArticleFilter::default()
    };
    assert_eq!(titles(&articles), ["New", "Mid", "Old", "Undated"]);
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    let window = ArticleFilter {
        since: day(2022, 1, 1),
        until: day(2022, 12, 14),
        kind: Some(KindFilter::Article),
        ..ArticleFilter::default()
    };
    assert_eq!(
        titles(&window),
        ["New", "Mid"],
        "until is inclusive of the day"
    );
    let page = ArticleFilter {
        limit: 2,
        offset: 1,
        ..ArticleFilter::default()
    };
    assert_eq!(titles(&page), ["Subscribe", "Mid"]);
    let listed = store.articles(&ArticleFilter::default()).unwrap();
    assert_eq!(
        listed[1].kind,
        ArticleKind::NotArticle("paywall".to_owned())
    );
    assert_eq!(
        listed[0].published.as_ref().map(|p| p.precision),
        Some(DatePrecision::Day)
    );
    let stats = store.stats().unwrap();
    assert_eq!((stats.articles, stats.not_articles), (4, 1));
}

#[test]
fn two_connections_writing_at_once_lose_nothing() {
    let (_dir, path, store) = temp_store();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || -> Result<(), StoreError> {
                let store = SqliteStore::open(&path)?;
                for i in 0..60 {
                    let r = record(
                        &format!("w{w}-{i}"),
                        &format!("Writer {w} item {i}"),
                        &["Shared words: ceasefire talks resumed."],
                        Some("2022-01-01"),
                    );
                    assert_eq!(store.put(&r)?, PutOutcome::Inserted);
                    // Both also write one shared record: exactly one insert must win.
                    let shared = record("shared", "Shared", &["same"], None);
                    let _ = store.put(&shared)?;
                }
                Ok(())
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer thread").unwrap();
    }
    assert_eq!(store.stats().unwrap().documents, 121);
    assert_eq!(store.search("ceasefire", 500).unwrap().len(), 120);
    store.check_integrity().unwrap();
}

#[test]
fn concurrent_first_open_of_a_new_file_migrates_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.db");
    let openers: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || SqliteStore::open(&path).map(|s| s.schema_version()))
        })
        .collect();
    for o in openers {
        let version = o.join().expect("opener thread").unwrap().unwrap();
        assert_eq!(version, SqliteStore::latest_schema_version());
    }
}

#[test]
fn in_memory_store_works_for_tests() {
    let store = SqliteStore::open_in_memory().unwrap();
    let r = full_record();
    assert_eq!(store.put(&r).unwrap(), PutOutcome::Inserted);
    assert_eq!(store.search("kabul", 3).unwrap().len(), 1);
}

#[test]
fn the_trait_is_object_safe_and_the_store_can_move_between_threads() {
    fn takes_dyn(store: &dyn Store) -> usize {
        store.search("kabul", 1).map(|h| h.len()).unwrap_or(0)
    }
    fn is_send<T: Send>(_: &T) {}
    let store = SqliteStore::open_in_memory().unwrap();
    is_send(&store);
    let _ = store.put(&full_record()).unwrap();
    let boxed: Box<dyn Store> = Box::new(store);
    assert_eq!(takes_dyn(boxed.as_ref()), 1);
}

#[test]
fn an_empty_existing_file_becomes_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        SqliteStore::latest_schema_version()
    );
}

#[test]
fn integrity_check_notices_a_search_index_out_of_step() {
    let (_dir, path, store) = temp_store();
    let _ = store.put(&full_record()).unwrap();
    store.check_integrity().unwrap();
    // Someone edits the text behind the triggers' back.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER documents_fts_update; UPDATE documents SET text = 'something else entirely';",
    )
    .unwrap();
    assert!(store.check_integrity().is_err());
}

/// Set by [`a_killed_writer_leaves_only_whole_documents`] for the child process it kills.
const CRASH_CHILD_DB: &str = "VIGIL_STORE_CRASH_CHILD_DB";

/// Records whose place count is written in their title, so a reader can tell a whole one.
fn crash_record(i: usize) -> Record {
    let places = i % 5 + 1;
    let mut r = record(
        &format!("crash-{i}"),
        &format!("Item {i} has {places} places"),
        &["Kabul Kabul Kabul Kabul Kabul Kabul Kabul Kabul Kabul Kabul"],
        Some("2022-12-14"),
    );
    r.places = (0..places)
        .map(|p| place("Kabul", p * 6, 34.5, 69.2))
        .collect();
    r
}

/// Not a test on its own: the writer process that the crash test kills. Without the variable
/// it returns at once.
#[test]
fn crash_child_writer() {
    let Some(path) = std::env::var_os(CRASH_CHILD_DB) else {
        return;
    };
    let store = SqliteStore::open(path).unwrap();
    for i in 0.. {
        let _ = store.put(&crash_record(i)).unwrap();
    }
}

#[test]
fn a_killed_writer_leaves_only_whole_documents() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let (_dir, path, store) = temp_store();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash_child_writer", "--nocapture"])
        .env(CRASH_CHILD_DB, &path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Generous: the machine may be busy; this waits for progress, it does not time anything.
    let deadline = Instant::now() + Duration::from_secs(300);
    let written = loop {
        let n = store.stats().unwrap().documents;
        if n >= 40 {
            break n;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("writer exited early: {status}");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("writer made no progress ({n} documents)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no rollback, mid-write
    let _ = child.wait();
    drop(store);

    let store = SqliteStore::open(&path).unwrap();
    store.check_integrity().unwrap();
    let all = ArticleFilter {
        limit: usize::MAX,
        ..ArticleFilter::default()
    };
    let listed = store.articles(&all).unwrap();
    assert!(listed.len() as u64 >= written);
    for summary in &listed {
        let title = summary.title.clone().unwrap_or_default();
        let expected: usize = title
            .split(' ')
            .nth(3)
            .and_then(|n| n.parse().ok())
            .unwrap_or(usize::MAX);
        assert_eq!(summary.places, expected, "{title}");
        let r = store.get(summary.id.as_str()).unwrap().unwrap();
        assert_eq!(r.places.len(), expected, "{title}");
    }
    let stats = store.stats().unwrap();
    assert_eq!(
        store.search("kabul", usize::MAX).unwrap().len() as u64,
        stats.documents
    );
}

#[test]
fn events_are_listed_with_their_document_and_filtered() {
    let store = SqliteStore::open_in_memory().unwrap();
    let full = full_record();
    assert_eq!(store.put(&full).unwrap(), PutOutcome::Inserted);
    let quiet = record("quiet", "Nothing happened", &["A calm day."], None);
    assert_eq!(store.put(&quiet).unwrap(), PutOutcome::Inserted);
    let all = store.events(&EventFilter::default()).unwrap();
    assert_eq!(all.len(), full.events.len());
    assert_eq!(all[0].sources.len(), 1);
    assert_eq!(all[0].sources[0].document_id, full.article.id);
    assert_eq!(all[0].sources[0].event, full.events[0]);
    let day = |d| chrono::NaiveDate::from_ymd_opt(2022, 12, d);
    let count = |f: EventFilter| store.events(&f).unwrap().len();
    assert_eq!(
        count(EventFilter {
            country: Some("AF".into()),
            ..EventFilter::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            country: Some("KE".into()),
            ..EventFilter::default()
        }),
        0
    );
    assert_eq!(
        count(EventFilter {
            status: Some(EventStatus::New),
            ..EventFilter::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            status: Some(EventStatus::Background),
            ..EventFilter::default()
        }),
        0
    );
    assert_eq!(
        count(EventFilter {
            since: day(13),
            ..EventFilter::default()
        }),
        0
    );
    assert_eq!(
        count(EventFilter {
            until: day(12),
            ..EventFilter::default()
        }),
        1
    );
}
