//! Writes N synthetic events in one format to stdout, to see that memory stays flat however
//! many events stream through a sink:
//!
//! ```sh
//! /usr/bin/time -v cargo run -q -p vigil-export --example stream -- stix 100000 > /dev/null
//! ```
//!
//! Each event has its own id, two source articles of its own and actors and places drawn from
//! small pools, as in a real export where articles outnumber actors and places.

use std::io::Write;

use serde_json::json;
use vigil_core::{DocumentId, MergedEvent};
use vigil_export::{ActorNames, EvidenceText, ExportConfig, Format};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let format: Format = args.next().unwrap_or_else(|| "csv".to_owned()).parse()?;
    let count: usize = args.next().unwrap_or_else(|| "1000".to_owned()).parse()?;
    let nlp = vigil_nlp::Nlp::new();
    let config = ExportConfig {
        names: ActorNames::new(nlp.actors())?,
        generated_at: chrono::Utc::now(),
    };
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(stdout);
    let mut sink = vigil_export::sink(format, &mut out, &config)?;
    let actors = [
        "actor:al-shabaab",
        "actor:sna",
        "unidentified:KE",
        "actor:iswap",
    ];
    for n in 0..count {
        let docs = [format!("{:032x}", 2 * n), format!("{:032x}", 2 * n + 1)];
        let source = |doc: &str| {
            json!({
                "document_id": doc, "index": 0, "url": format!("https://news.example.com/{doc}"),
                "title": format!("Report {doc}"), "published": {"value": "2024-01-02", "precision": "day", "source": "meta_tag"},
                "event": {"kind": "battle", "sub_kind": "armed_clash", "trigger": "clashed", "actors": [],
                    "targets": [], "when": null, "where": null, "killed": null, "wounded": null,
                    "status": "new", "confidence": 0.8, "hedged": false, "evidence": []}
            })
        };
        let event: MergedEvent = serde_json::from_value(json!({
            "id": format!("ev-{n:016x}"), "kind": "battle", "sub_kind": "armed_clash", "status": "new",
            "when": {"start": "2024-01-01", "end": "2024-01-01", "precision": "day", "source": "sentence", "text": null},
            "where": {"place": {"name": format!("Town {}", n % 500), "span": {"start": 0, "end": 4},
                "gazetteer_id": format!("geonames:{}", n % 500), "canonical_name": format!("Town {}", n % 500),
                "lat": 2.0 + (n % 500) as f64 / 100.0, "lon": 45.0, "feature": "PPL", "admin1": "Banaadir",
                "country_code": "SO", "precision": "city", "confidence": 0.9}, "precision": "city", "near": false},
            "actors": [
                {"id": actors[n % 4], "name": "First", "attribution": "stated", "confidence": 0.9},
                {"id": actors[(n + 1) % 4], "name": "Second", "attribution": "stated", "confidence": 0.9}
            ],
            "targets": [], "killed": {"min": 2, "max": 5}, "wounded": null,
            "sources": [source(&docs[0]), source(&docs[1])]
        }))?;
        let evidence = [EvidenceText {
            document_id: DocumentId(docs[0].clone()),
            sentence: "Fighters clashed with soldiers near the town, killing two to five."
                .to_owned(),
        }];
        sink.write_event(&event, &evidence)?;
    }
    sink.finish()?;
    out.flush()?;
    Ok(())
}
