//! Runs nlp → geo → events on a plain-text file (paragraphs separated by blank lines) and prints
//! entities, places and events as JSON, for looking at what the extractor sees.
//! `cargo run -p vigil-events --example events_of_text -- FILE [PUBLISHED-YYYY-MM-DD]`

use vigil_core::{Article, ArticleKind, DatePrecision, DateSource, DocumentId, Published};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: events_of_text FILE [PUBLISHED]");
        std::process::exit(2);
    };
    let published = args.next();
    let raw = match std::fs::read_to_string(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let paragraphs: Vec<String> = raw
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    let text = Article::join_paragraphs(&paragraphs);
    let article = Article {
        id: DocumentId::of_bytes(text.as_bytes()),
        uri: path.clone(),
        url: None,
        kind: ArticleKind::Article,
        title: None,
        published: published.clone().map(|value| Published {
            value,
            precision: DatePrecision::Day,
            source: DateSource::User,
        }),
        byline: None,
        language: Some("en".into()),
        caption: None,
        paragraphs,
        text,
    };
    let anchor = published
        .as_deref()
        .and_then(|p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
    let nlp = vigil_nlp::Nlp::new();
    let language = nlp.analyze(&article, anchor);
    let places = vigil_geo::Geoparser::load(&vigil_geo::GeoConfig::default())
        .unwrap_or_default()
        .geoparse(&article, &language);
    let events = vigil_events::extract(&article, &language, &places);
    let out = serde_json::json!({
        "entities": language.entities.iter().map(|e| format!("{:?} {} {:?}", e.kind, e.id, e.mentions.iter().map(|m| m.text.as_str()).collect::<Vec<_>>())).collect::<Vec<_>>(),
        "times": language.times.iter().map(|t| format!("{} → {:?}", t.text, t.value)).collect::<Vec<_>>(),
        "places": places.iter().map(|p| format!("{} {:?} {:?}", p.name, p.country_code, p.precision)).collect::<Vec<_>>(),
    });
    if std::env::var_os("FULL").is_some() {
        println!(
            "{}",
            serde_json::to_string_pretty(&events).unwrap_or_default()
        );
    }
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    for e in &events {
        println!(
            "---- {:?}/{:?} {:?} status={:?} conf={:.2} hedged={}",
            e.kind, e.sub_kind, e.trigger, e.status, e.confidence, e.hedged
        );
        let actors: Vec<String> = e
            .actors
            .iter()
            .map(|a| format!("{} ({:?})", a.id, a.attribution))
            .collect();
        let targets: Vec<String> = e
            .targets
            .iter()
            .map(|t| format!("{:?}:{}", t.kind, t.name))
            .collect();
        println!("  actors {actors:?}\n  targets {targets:?}");
        println!(
            "  when {:?}",
            e.when
                .as_ref()
                .map(|w| format!("{}..{} {:?} {:?}", w.start, w.end, w.precision, w.source))
        );
        println!(
            "  where {:?}",
            e.place
                .as_ref()
                .map(|p| format!("{} {:?} near={}", p.place.name, p.precision, p.near))
        );
        println!("  killed {:?} wounded {:?}", e.killed, e.wounded);
        for ev in &e.evidence {
            println!("  | {}", ev.sentence.slice(&article.text).unwrap_or(""));
            for f in &ev.fields {
                println!(
                    "  |   {}: {}",
                    f.field,
                    f.span.slice(&article.text).unwrap_or("<bad span>")
                );
            }
        }
    }
}
