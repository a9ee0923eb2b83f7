//! Whole-pipeline throughput on one core, for bench/events.py: every `*.html.gz` page of a
//! folder goes through clean → nlp → geo → events in this thread, as the Python peer does in
//! its one process. A warm-up pass over the first pages is not timed.
//! `cargo run --release -p vigil-eval --example pipeline_throughput -- HTML_DIR [--warmup N]`
//! prints one JSON object (articles/s, counts, per-stage seconds).

use std::io::Read;
use std::time::Instant;
use vigil_core::{Document, DocumentId, MediaType};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: pipeline_throughput HTML_DIR [--warmup N]");
        std::process::exit(2);
    };
    let warmup: usize = args
        .iter()
        .position(|a| a == "--warmup")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let mut paths: Vec<std::path::PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
            .collect(),
        Err(e) => {
            eprintln!("{dir}: {e}");
            std::process::exit(2);
        }
    };
    paths.sort();
    let t_load = Instant::now();
    let clean_options = vigil_clean::CleanOptions {
        published: None,
        now: chrono::Utc::now(),
    };
    let nlp = vigil_nlp::Nlp::new();
    let geo = vigil_geo::Geoparser::load(&vigil_geo::GeoConfig::default()).unwrap_or_default();
    let load_s = t_load.elapsed().as_secs_f64();

    let run = |paths: &[std::path::PathBuf]| {
        let mut secs = [0.0f64; 5];
        let mut counts = [0usize; 5]; // pages, articles, entities, places, events
        for p in paths {
            let t = Instant::now();
            let mut html = String::new();
            let ok = std::fs::File::open(p)
                .map(flate2::read::GzDecoder::new)
                .and_then(|mut gz| {
                    let mut bytes = Vec::new();
                    gz.read_to_end(&mut bytes).map(|_| bytes)
                })
                .map(|bytes| html = String::from_utf8_lossy(&bytes).into_owned());
            if ok.is_err() {
                continue;
            }
            let doc = Document {
                id: DocumentId::of_bytes(html.as_bytes()),
                uri: p.display().to_string(),
                url: None,
                media_type: MediaType::Html,
                content: html,
                encoding: "UTF-8".into(),
                published_hint: None,
                title_hint: None,
                source_id: None,
            };
            let t1 = Instant::now();
            let article = vigil_clean::clean(&doc, &clean_options);
            let t2 = Instant::now();
            counts[0] += 1;
            if !matches!(article.kind, vigil_core::ArticleKind::Article) {
                secs[0] += (t1 - t).as_secs_f64();
                secs[1] += (t2 - t1).as_secs_f64();
                continue;
            }
            counts[1] += 1;
            let anchor = article.published.as_ref().and_then(|p| {
                chrono::NaiveDate::parse_from_str(p.value.get(..10)?, "%Y-%m-%d").ok()
            });
            let language = nlp.analyze(&article, anchor);
            let t3 = Instant::now();
            let places = geo.geoparse(&article, &language);
            let t4 = Instant::now();
            let events = vigil_events::extract(&article, &language, &places);
            let t5 = Instant::now();
            counts[2] += language.entities.len();
            counts[3] += places.len();
            counts[4] += events.len();
            for (k, d) in [t1 - t, t2 - t1, t3 - t2, t4 - t3, t5 - t4]
                .iter()
                .enumerate()
            {
                secs[k] += d.as_secs_f64();
            }
        }
        (secs, counts)
    };
    let n = warmup.min(paths.len());
    let _ = run(&paths[..n]);
    let t = Instant::now();
    let (secs, counts) = run(&paths);
    let wall = t.elapsed().as_secs_f64();
    let out = serde_json::json!({
        "threads": 1,
        "gazetteer": geo.gazetteer().is_some(),
        "load_s": (load_s * 100.0).round() / 100.0,
        "wall_s": (wall * 1000.0).round() / 1000.0,
        "pages": counts[0],
        "articles_per_s": if wall > 0.0 { (counts[0] as f64 / wall * 10.0).round() / 10.0 } else { 0.0 },
        "stage_s": {
            "gunzip": secs[0], "clean": secs[1], "nlp": secs[2], "geo": secs[3], "events": secs[4]
        },
        "counts": {
            "articles": counts[1], "entities": counts[2], "places": counts[3], "events": counts[4]
        },
    });
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
}
