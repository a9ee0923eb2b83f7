//! Rough put rates of the SQLite store when every put merges (not a test, not a benchmark
//! suite): synthetic happenings, each told by one to three outlets with slightly different
//! counts, spread over cities and days; then a hot spot, every happening in one city in one
//! month. `cargo run --release -p vigil-store --example merge_rate -- [HAPPENINGS]`.

use chrono::{Days, NaiveDate};
use std::time::Instant;
use vigil_core::{
    Article, ArticleKind, DatePrecision, DateSource, DocumentId, Event, EventKind, EventPlace,
    EventStatus, EventTime, Language, Place, PlacePrecision, Published, Range, Record, Span,
    SubKind, TimePrecision, TimeSource,
};
use vigil_store::{EventFilter, SqliteStore, Store};

/// Kinds a happening may be, by its number.
const KINDS: [(EventKind, SubKind); 3] = [
    (EventKind::ExplosionRemoteViolence, SubKind::RemoteExplosive),
    (EventKind::Battle, SubKind::ArmedClash),
    (EventKind::ViolenceAgainstCivilians, SubKind::Attack),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let happenings: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(2000);
    run("spread over 40 cities and a year", happenings, 40, 365)?;
    run("hot spot: one city, one month", happenings / 4, 1, 30)?;
    Ok(())
}

fn run(
    label: &str,
    happenings: usize,
    cities: usize,
    days: u64,
) -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("vigil-merge-rate-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("merge-{cities}-{days}.db"));
    let _ = std::fs::remove_file(&path);
    let store = SqliteStore::open(&path)?;
    let mut records = Vec::new();
    for h in 0..happenings {
        for outlet in 0..(h % 3 + 1) {
            records.push(report(h, outlet, cities, days));
        }
    }
    let t = Instant::now();
    for r in &records {
        let _ = store.put(r)?;
    }
    let put = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for r in &records {
        let _ = store.put(r)?;
    }
    let again = t.elapsed().as_secs_f64();
    let mut merged = 0usize;
    let t = Instant::now();
    store.each_event(&EventFilter::default(), &mut |_| {
        merged += 1;
        Ok(())
    })?;
    let stream = t.elapsed().as_secs_f64();
    println!(
        "{label}: {happenings} happenings, {} reports -> {merged} merged events; \
         put {:.0}/s, unchanged re-put {:.0}/s, streamed all events in {:.2} s",
        records.len(),
        records.len() as f64 / put,
        records.len() as f64 / again,
        stream
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Outlet `outlet`'s report of happening `h`.
fn report(h: usize, outlet: usize, cities: usize, days: u64) -> Record {
    let city = h % cities;
    let (lat, lon) = (31.0 + city as f64 * 0.5, 62.0 + (city % 7) as f64 * 1.1);
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    let date = start
        .checked_add_days(Days::new((h as u64 * 7919) % days))
        .unwrap_or(start);
    let (kind, sub_kind) = KINDS[(h / cities) % KINDS.len()];
    let name = format!("Town{city}");
    let text = format!("Report {outlet} of happening {h} in {name}.");
    let id = DocumentId::of_bytes(text.as_bytes());
    let place = Place {
        name: name.clone(),
        span: Span::new(0, name.len()),
        gazetteer_id: Some(format!("geonames:{city}")),
        canonical_name: Some(name),
        lat: Some(lat),
        lon: Some(lon),
        feature: Some("PPL".to_owned()),
        admin1: Some(format!("{}", city % 9)),
        country_code: Some("AF".to_owned()),
        precision: Some(PlacePrecision::City),
        confidence: 0.9,
        nationality: false,
        qualifier: None,
        unresolved: None,
    };
    let event = Event {
        kind,
        sub_kind,
        trigger: "attack".to_owned(),
        actors: Vec::new(),
        targets: Vec::new(),
        when: Some(EventTime {
            start: date,
            end: date,
            precision: TimePrecision::Day,
            source: TimeSource::Sentence,
            text: None,
        }),
        place: Some(EventPlace {
            index: 0,
            place: place.clone(),
            precision: Some(PlacePrecision::City),
            near: false,
        }),
        killed: Some(Range::exact((h % 9 + outlet) as u32)),
        wounded: None,
        status: EventStatus::New,
        confidence: 0.8,
        hedged: false,
        evidence: Vec::new(),
        disagreements: Vec::new(),
    };
    Record {
        article: Article {
            id,
            uri: format!("rate/{h}-{outlet}.html"),
            url: None,
            kind: ArticleKind::Article,
            title: Some(format!("Happening {h}")),
            published: Some(Published {
                value: date.to_string(),
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
