//! The store test suite, run against every backend: `tests/sqlite.rs` and `tests/postgres.rs`
//! instantiate it with [`store_suite!`] and a [`Backend`] that makes a fresh, empty store.

#![allow(dead_code)] // each test binary uses the part it needs

use vigil_core::{
    Article, ArticleKind, Attribution, DatePrecision, DateSource, DocumentId, Entity, EntityKind,
    Event, EventKind, EventPlace, EventStatus, EventTime, Language, Mention, Participant, Place,
    PlacePrecision, Published, Range, Record, Span, SubKind, TimePrecision, TimeSource,
};
use vigil_store::{
    ArticleFilter, EventFilter, KindFilter, PutOutcome, SearchOptions, Store, StoreError,
};

mod merging;
mod review;
pub use merging::*;
pub use review::*;

/// One fresh, empty store of a backend, and more connections to it.
pub trait Backend {
    /// The store under test.
    fn store(&self) -> &dyn Store;
    /// Another connection to the same store, for another thread.
    fn connect(&self) -> Box<dyn Store + Send>;
    /// The backend's own consistency checks; panics on a failure.
    fn check_integrity(&self);
    /// Another fresh, empty store of the same backend.
    fn fresh(&self) -> Box<dyn Backend>;
}

/// Instantiates every test of the suite for a backend: `store_suite!(fresh)` where `fresh()`
/// returns a [`Backend`] with an empty store, or `None` when the backend is not there (the test
/// then returns at once; `fresh` itself decides whether that is allowed).
#[macro_export]
macro_rules! store_suite {
    ($fresh:path) => {
        $crate::store_suite!(@tests $fresh, a_changed_record_replaces_the_stored_one_everywhere,
            a_put_failing_midway_leaves_nothing_behind,
            records_that_would_not_read_back_are_refused,
            title_matches_rank_above_body_matches,
            snippets_highlight_matches_with_configurable_markers,
            hostile_queries_never_reach_fts5_as_syntax,
            search_operators_work,
            get_accepts_unique_prefixes_and_reports_ambiguity,
            unicode_text_round_trips_and_is_searchable,
            articles_lists_newest_first_with_filters,
            two_connections_writing_at_once_lose_nothing,
            events_are_listed_with_their_document_and_filtered,
            reports_of_one_happening_merge_in_any_order,
            concurrent_writers_merge_as_one_writer_does,
            corrections_are_kept_with_their_history_and_survive_re_ingest,
            an_analyst_merge_holds_through_re_ingest,
            an_analyst_split_holds_through_re_ingest,
            merges_and_splits_that_cannot_be_done_are_refused,
            events_are_filtered_by_bounding_box,
            a_batch_stores_every_record_but_a_failing_one);
    };
    (@tests $fresh:path, $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let Some(backend) = $fresh() else { return };
                suite::$name(&backend);
            }
        )*
    };
}

pub fn record(seed: &str, title: &str, paragraphs: &[&str], published: Option<&str>) -> Record {
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

pub fn place(name: &str, start: usize, lat: f64, lon: f64) -> Place {
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
pub fn full_record() -> Record {
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
        disagreements: Vec::new(),
    });
    r
}

pub fn a_changed_record_replaces_the_stored_one_everywhere(backend: &dyn Backend) {
    let store = backend.store();
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
    backend.check_integrity();
}

pub fn a_put_failing_midway_leaves_nothing_behind(backend: &dyn Backend) {
    let store = backend.store();
    let mut bad = full_record();
    // The document row and its FTS entry are written before places; a reversed span violates
    // the places CHECK constraint, so the failure comes after half the rows.
    bad.places.push(Place {
        span: Span::new(40, 10),
        ..place("Nowhere", 0, 1.0, 1.0)
    });
    let err = bad_put(store, &bad);
    assert!(matches!(err, StoreError::Database(_)), "{err}");
    assert_eq!(store.stats().unwrap(), vigil_store::Stats::default());
    assert!(store.search("hotel", 10).unwrap().is_empty());

    // A failed replacement keeps the old version whole.
    let good = full_record();
    assert_eq!(store.put(&good).unwrap(), PutOutcome::Inserted);
    let mut worse = good.clone();
    worse.article.title = Some("Replaced title".to_owned());
    worse.places[0].lat = Some(123.0); // beyond the pole
    bad_put(store, &worse);
    assert_eq!(store.get(good.article.id.as_str()).unwrap(), Some(good));
    assert!(store.search("replaced", 10).unwrap().is_empty());
    assert_eq!(store.stats().unwrap().places, 1);
    backend.check_integrity();
}

pub fn bad_put(store: &dyn Store, r: &Record) -> StoreError {
    match store.put(r) {
        Ok(outcome) => panic!("expected an error, got {outcome:?}"),
        Err(e) => e,
    }
}

pub fn records_that_would_not_read_back_are_refused(backend: &dyn Backend) {
    let store = backend.store();
    let mut r = full_record();
    r.places[0].confidence = f32::NAN; // JSON has no NaN: `show` could not read it back
    let err = bad_put(store, &r);
    assert!(matches!(err, StoreError::InvalidRecord { .. }), "{err}");
    assert_eq!(store.stats().unwrap().documents, 0);
}

pub fn title_matches_rank_above_body_matches(backend: &dyn Backend) {
    let store = backend.store();
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

pub fn snippets_highlight_matches_with_configurable_markers(backend: &dyn Backend) {
    let store = backend.store();
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

pub fn hostile_queries_never_reach_fts5_as_syntax(backend: &dyn Backend) {
    let store = backend.store();
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

pub fn search_operators_work(backend: &dyn Backend) {
    let store = backend.store();
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

pub fn get_accepts_unique_prefixes_and_reports_ambiguity(backend: &dyn Backend) {
    let store = backend.store();
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

pub fn unicode_text_round_trips_and_is_searchable(backend: &dyn Backend) {
    let store = backend.store();
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

pub fn articles_lists_newest_first_with_filters(backend: &dyn Backend) {
    let store = backend.store();
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

pub fn two_connections_writing_at_once_lose_nothing(backend: &dyn Backend) {
    let store = backend.store();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let store = backend.connect();
            std::thread::spawn(move || -> Result<(), StoreError> {
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
    backend.check_integrity();
}

pub fn events_are_listed_with_their_document_and_filtered(backend: &dyn Backend) {
    let store = backend.store();
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
