//! Geoparses JSONL `{id, text}` lines (the peer benchmark's input) and writes
//! `{id, places: [...]}` lines; the time spent in the language layer and in geoparsing goes to
//! stderr. Used by `bench/geo.py`.
//!
//! usage: cargo run --release -p vigil-geo --example geoparse_jsonl -- IN.jsonl OUT.jsonl

use std::io::Write;
use std::time::Instant;
use vigil_core::{Article, ArticleKind, DocumentId};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: geoparse_jsonl IN.jsonl OUT.jsonl".into());
    };
    let t0 = Instant::now();
    let geo = vigil_geo::Geoparser::load(&vigil_geo::GeoConfig::default())?;
    let nlp = vigil_nlp::Nlp::new();
    let load_s = t0.elapsed().as_secs_f64();
    let mut articles = Vec::new();
    for line in std::fs::read_to_string(&input)?.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)?;
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let id = v["id"].clone();
        articles.push((
            id,
            Article {
                id: DocumentId::of_bytes(text.as_bytes()),
                uri: String::new(),
                url: None,
                kind: ArticleKind::Article,
                title: None,
                published: None,
                byline: None,
                language: Some("en".into()),
                caption: None,
                paragraphs: text.split("\n\n").map(str::to_string).collect(),
                text,
            },
        ));
    }
    let (mut nlp_s, mut geo_s, mut places_n, mut chars) = (0.0, 0.0, 0usize, 0usize);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&output)?);
    for (id, article) in &articles {
        chars += article.text.chars().count();
        let t = Instant::now();
        let language = nlp.analyze(article, None);
        nlp_s += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let places = geo.geoparse(article, &language);
        geo_s += t.elapsed().as_secs_f64();
        places_n += places.len();
        writeln!(out, "{}", serde_json::json!({"id": id, "places": places}))?;
    }
    let n = articles.len() as f64;
    let total = nlp_s + geo_s;
    eprintln!(
        "vigil: load {load_s:.2}s; {} docs, {chars} chars, {places_n} places; language layer {nlp_s:.3}s, geoparse {geo_s:.3}s; \
         {:.1} docs/s, {:.0} places/s (language + geo, one thread); geoparse alone {:.1} docs/s, {:.0} places/s",
        articles.len(),
        n / total,
        places_n as f64 / total,
        n / geo_s,
        places_n as f64 / geo_s
    );
    Ok(())
}
