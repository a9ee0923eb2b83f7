//! Events written for these tests (invented reports about real places), the exports of them,
//! and what a reader must recover from every format.

#![allow(dead_code)]

use serde_json::json;
use vigil_core::{DocumentId, MergedEvent};
use vigil_export::{ActorNames, EvidenceText, ExportConfig, Format};

/// One event to export and the sentences it was read from.
pub type Item = (MergedEvent, Vec<EvidenceText>);

pub fn config() -> ExportConfig {
    let nlp = vigil_nlp::Nlp::new();
    let names = match ActorNames::new(nlp.actors()) {
        Ok(n) => n,
        Err(e) => panic!("built-in tables: {e}"),
    };
    let generated_at = match chrono::DateTime::parse_from_rfc3339("2024-06-01T12:00:00Z") {
        Ok(t) => t.with_timezone(&chrono::Utc),
        Err(e) => panic!("{e}"),
    };
    ExportConfig {
        names,
        generated_at,
    }
}

fn place(name: &str, id: &str, lat: f64, lon: f64, admin1: &str, cc: &str) -> serde_json::Value {
    json!({
        "name": name, "span": {"start": 0, "end": name.len()}, "gazetteer_id": id,
        "canonical_name": name, "lat": lat, "lon": lon, "feature": "PPL", "admin1": admin1,
        "country_code": cc, "precision": "city", "confidence": 0.9
    })
}

fn frame(kind: &str, sub_kind: &str, doc: &str, status: &str) -> serde_json::Value {
    json!({
        "kind": kind, "sub_kind": sub_kind, "trigger": "attacked", "actors": [], "targets": [],
        "when": null, "where": null, "killed": null, "wounded": null, "status": status,
        "confidence": 0.8, "hedged": false,
        "evidence": [{"document_id": doc, "sentence": {"start": 0, "end": 40}, "fields": []}]
    })
}

fn parse(value: serde_json::Value) -> MergedEvent {
    match serde_json::from_value(value) {
        Ok(e) => e,
        Err(e) => panic!("test event: {e}"),
    }
}

fn evidence(doc: &str, sentence: &str) -> EvidenceText {
    EvidenceText {
        document_id: DocumentId(doc.to_owned()),
        sentence: sentence.to_owned(),
    }
}

/// A battle with two sources that disagree, an analyst's correction; an attack by unknown
/// gunmen near a town; a protest with no date and no coordinates.
pub fn events() -> Vec<Item> {
    let doc_a = "a".repeat(32);
    let doc_b = "b".repeat(32);
    let doc_c = "c".repeat(32);
    let doc_d = "d".repeat(32);
    let battle = parse(json!({
        "id": "ev-00000000000000a1",
        "aliases": ["ev-00000000000000a0"],
        "kind": "battle", "sub_kind": "armed_clash", "status": "new",
        "when": {"start": "2023-03-14", "end": "2023-03-14", "precision": "day", "source": "sentence", "text": "on Tuesday"},
        "where": {"place": place("Afgooye", "geonames:1000001", 2.1413, 45.1212, "Lower Shabeelle", "SO"), "precision": "city", "near": false},
        "actors": [
            {"id": "actor:sna", "name": "Somali National Army", "attribution": "stated", "confidence": 0.9},
            {"id": "actor:al-shabaab", "name": "al-Shabaab", "attribution": "claimed", "confidence": 0.8}
        ],
        "targets": [],
        "killed": {"min": 5, "max": 7},
        "wounded": {"min": 3, "max": null},
        "disagreements": [{"field": "killed", "values": [
            {"value": "5", "documents": [doc_a]}, {"value": "7", "documents": [doc_b]}
        ]}],
        "sources": [
            {"document_id": doc_a, "index": 0, "url": "https://news.example.com/somalia/afgooye-clash?id=1&lang=en",
             "title": "Troops and militants clash near Afgooye", "published": {"value": "2023-03-14", "precision": "day", "source": "meta_tag"},
             "event": frame("battle", "armed_clash", &doc_a, "new")},
            {"document_id": doc_b, "index": 2, "url": "https://wire.example.org/2023/03/15/clash",
             "title": "Seven killed, officials say", "published": {"value": "2023-03-15T08:30:00+03:00", "precision": "second", "source": "json_ld"},
             "event": frame("battle", "armed_clash", &doc_b, "new")}
        ],
        "review": {"state": "accepted", "corrected": ["killed"]}
    }));
    let attack = parse(json!({
        "id": "ev-00000000000000b2",
        "kind": "violence_against_civilians", "sub_kind": "attack", "status": "background",
        "when": {"start": "2022-11-07", "end": "2022-11-13", "precision": "week", "source": "inherited", "text": "last week"},
        "where": {"place": place("Mandera", "geonames:1000002", 3.9366, 41.867, "Mandera", "KE"), "precision": "city", "near": true},
        "actors": [{"id": "unidentified:KE", "name": "Unidentified Armed Group (Kenya)", "attribution": "unidentified", "confidence": 0.6}],
        "targets": [{"kind": "civilians", "name": "quarry workers", "id": null, "country": null}],
        "killed": {"min": 4, "max": 4},
        "wounded": null,
        "sources": [
            {"document_id": doc_c, "index": 0, "url": "https://kenya.example.net/mandera", "title": null, "published": null,
             "event": frame("violence_against_civilians", "attack", &doc_c, "background")}
        ]
    }));
    let protest = parse(json!({
        "id": "ev-00000000000000c3",
        "kind": "protest", "sub_kind": "peaceful_protest", "status": "new",
        "when": null, "where": null,
        "actors": [{"id": "protesters:NG", "name": "Protesters (Nigeria)", "attribution": "stated", "confidence": 0.7}],
        "targets": [],
        "killed": {"min": 0, "max": 0}, "wounded": null,
        "sources": [
            {"document_id": doc_d, "index": 1, "url": "https://lagos.example.com/march", "title": "Marchers, \"peaceful\"", "published": {"value": "2024-02", "precision": "month", "source": "url"},
             "event": frame("protest", "peaceful_protest", &doc_d, "new")}
        ],
        "review": {"state": "rejected", "corrected": []}
    }));
    vec![
        (
            battle,
            vec![
                evidence(&doc_a, "Soldiers clashed with al-Shabaab fighters near Afgooye on Tuesday, killing five."),
                evidence(&doc_b, "Seven people died, officials said; \"three were hurt\", a medic added."),
            ],
        ),
        (
            attack,
            vec![evidence(&doc_c, "Gunmen killed four quarry workers outside Mandera last week.")],
        ),
        (
            protest,
            vec![evidence(&doc_d, "Hundreds marched,\nchanting, in Lagos.")],
        ),
    ]
}

/// The whole export of `items` in `format`.
pub fn export(format: Format, items: &[Item]) -> String {
    let config = config();
    let mut out = Vec::new();
    let mut sink = match vigil_export::sink(format, &mut out, &config) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    for (event, evidence) in items {
        if let Err(e) = sink.write_event(event, evidence) {
            panic!("{e}");
        }
    }
    if let Err(e) = sink.finish() {
        panic!("{e}");
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

/// What an analyst needs from an event, as every format must give it back.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub id: String,
    /// Start, end, precision.
    pub date: Option<(String, String, String)>,
    pub point: Option<(f64, f64)>,
    pub actor_names: Vec<String>,
    pub killed: (Option<u32>, Option<u32>),
    pub wounded: (Option<u32>, Option<u32>),
    pub status: String,
    pub urls: Vec<String>,
    pub review_state: String,
    pub corrected: Vec<String>,
}

/// What [`Recovered`] an event must give.
pub fn expected(event: &MergedEvent) -> Recovered {
    let word = |v: serde_json::Value| v.as_str().map(str::to_owned).unwrap_or_default();
    Recovered {
        id: event.id.clone(),
        date: event.when.as_ref().map(|w| {
            (
                w.start.to_string(),
                w.end.to_string(),
                word(json!(w.precision)),
            )
        }),
        point: event
            .place
            .as_ref()
            .and_then(|p| Some((p.place.lat?, p.place.lon?))),
        actor_names: event.actors.iter().map(|a| a.name.clone()).collect(),
        killed: (
            event.killed.map(|r| r.min),
            event.killed.and_then(|r| r.max),
        ),
        wounded: (
            event.wounded.map(|r| r.min),
            event.wounded.and_then(|r| r.max),
        ),
        status: word(json!(event.status)),
        urls: event.sources.iter().filter_map(|s| s.url.clone()).collect(),
        review_state: word(json!(event.review.state)),
        corrected: event.review.corrected.clone(),
    }
}

/// Reads a [`Recovered`] back from the export's columns, given a column reader.
pub fn from_columns(get: impl Fn(&str) -> Option<String>) -> Recovered {
    let list = |c: &str| -> Vec<String> {
        get(c)
            .map(|s| s.split(" | ").map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let number = |c: &str| get(c).and_then(|s| s.parse::<u32>().ok());
    let float = |c: &str| get(c).and_then(|s| s.parse::<f64>().ok());
    Recovered {
        id: get("event_id_cnty").unwrap_or_default(),
        date: get("event_date").map(|start| {
            (
                start,
                get("event_end_date").unwrap_or_default(),
                get("date_precision").unwrap_or_default(),
            )
        }),
        point: float("latitude").zip(float("longitude")),
        actor_names: list("actor_names"),
        killed: (number("killed_min"), number("killed_max")),
        wounded: (number("wounded_min"), number("wounded_max")),
        status: get("status").unwrap_or_default(),
        urls: list("sources")
            .into_iter()
            .filter(|u| !u.is_empty())
            .collect(),
        review_state: get("review_state").unwrap_or_default(),
        corrected: list("corrected"),
    }
}

/// A JSON value as column text (strings bare, numbers and booleans written out, null absent).
pub fn json_text(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) if s.is_empty() => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}
