//! Rough write/search rates of the SQLite store on synthetic records (not a test, not a benchmark
//! suite): `cargo run -p vigil-store --example put_rate -- [N] [PATH]`.

use std::time::Instant;
use vigil_core::{Article, ArticleKind, DocumentId, Language, Record};
use vigil_store::{SqliteStore, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(2000);
    let dir = std::env::temp_dir().join(format!("vigil-put-rate-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = args.next().map_or_else(|| dir.join("rate.db"), Into::into);
    let store = SqliteStore::open(&path)?;
    let words = [
        "attack",
        "convoy",
        "province",
        "officials",
        "said",
        "killed",
        "police",
        "market",
        "district",
        "forces",
        "rebels",
        "ceasefire",
        "village",
        "residents",
        "drone",
        "strike",
    ];
    let records: Vec<Record> = (0..n)
        .map(|i| {
            let paragraphs: Vec<String> = (0..8)
                .map(|p| {
                    (0..60)
                        .map(|w| words[(i * 7 + p * 13 + w * 31) % words.len()])
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            Record {
                article: Article {
                    id: DocumentId::of_bytes(format!("rate-{i}").as_bytes()),
                    uri: format!("rate/{i}.html"),
                    url: None,
                    kind: ArticleKind::Article,
                    title: Some(format!("Report {i} on {}", words[i % words.len()])),
                    published: None,
                    byline: None,
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
        })
        .collect();
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
    let t = Instant::now();
    let mut hits = 0;
    for w in words {
        hits += store.search(w, 20)?.len();
    }
    let search = t.elapsed().as_secs_f64() / words.len() as f64;
    println!(
        "{n} records (~480 words each): put {:.0}/s, re-put (unchanged) {:.0}/s, search {:.1} ms/query ({hits} hits)",
        n as f64 / put,
        n as f64 / again,
        search * 1000.0
    );
    drop(store); // checkpoints the WAL into the file
    let bytes = std::fs::metadata(&path)?.len();
    let text: usize = records.iter().map(|r| r.article.text.len()).sum();
    println!(
        "database {:.1} MB for {:.1} MB of text ({:.2}× the text)",
        bytes as f64 / 1e6,
        text as f64 / 1e6,
        bytes as f64 / text as f64
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
