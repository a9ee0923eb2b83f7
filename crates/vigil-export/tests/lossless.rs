//! Every format, parsed back, gives every event's date and precision, coordinates, actors,
//! casualty ranges, status, source URLs and analyst review.

mod common;

use std::collections::HashMap;

use common::{events, expected, export, from_columns, json_text, Recovered};
use serde_json::Value;
use vigil_core::MergedEvent;
use vigil_export::Format;

fn want() -> Vec<Recovered> {
    events().iter().map(|(e, _)| expected(e)).collect()
}

fn json(text: &str) -> Value {
    match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("not JSON: {e}\n{text}"),
    }
}

fn array<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

#[test]
fn csv_gives_back_every_event() {
    let text = export(Format::Csv, &events());
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => panic!("{e}"),
    };
    for acled in [
        "event_id_cnty",
        "event_date",
        "actor1",
        "assoc_actor_1",
        "iso",
        "fatalities",
    ] {
        assert!(headers.iter().any(|h| h == acled), "no {acled} column");
    }
    let mut got = Vec::new();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        let cells: HashMap<String, String> = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.to_owned(), v.to_owned()))
            .collect();
        got.push(from_columns(|c| {
            cells.get(c).filter(|v| !v.is_empty()).cloned()
        }));
        rows.push(cells);
    }
    assert_eq!(got, want());
    // ACLED's conventions for the battle: the army under its country and government period.
    let battle = &rows[0];
    assert_eq!(battle["actor1"], "Military Forces of Somalia (2022-)");
    assert_eq!(battle["actor1_name"], "Somali National Army");
    assert_eq!(battle["actor2"], "al-Shabaab");
    assert_eq!(battle["interaction"], "12");
    assert_eq!(battle["iso"], "706");
    assert_eq!(battle["fatalities"], "5");
    assert_eq!(battle["time_precision"], "1");
    assert_eq!(battle["source"], "news.example.com; wire.example.org");
    assert!(battle["evidence"].contains("\"three were hurt\""));
    let attack = &rows[1];
    assert_eq!(attack["actor1"], "Unidentified Armed Group (Kenya)");
    assert_eq!(attack["actor2"], "Civilians (Kenya)");
    assert_eq!(attack["actor2_name"], "quarry workers");
    assert_eq!(attack["civilian_targeting"], "Civilian targeting");
    assert_eq!(attack["geo_precision"], "2");
    assert_eq!(attack["time_precision"], "2");
    assert_eq!(rows[2]["notes"], "Hundreds marched,\nchanting, in Lagos.");
}

#[test]
fn geojson_gives_back_every_event() {
    let doc = json(&export(Format::GeoJson, &events()));
    assert_eq!(doc["type"], "FeatureCollection");
    let features = array(&doc, "features");
    let got: Vec<Recovered> = features
        .iter()
        .map(|f| {
            let mut r = from_columns(|c| json_text(f["properties"].get(c)));
            // The point is the geometry's, not only the properties'.
            r.point = f["geometry"]["coordinates"]
                .as_array()
                .and_then(|c| Some((c.get(1)?.as_f64()?, c.first()?.as_f64()?)));
            r
        })
        .collect();
    assert_eq!(got, want());
    assert!(features[2]["geometry"].is_null());
}

#[test]
fn stix_gives_back_every_event() {
    let bundle = json(&export(Format::Stix, &events()));
    assert_eq!(bundle["type"], "bundle");
    let objects = array(&bundle, "objects");
    let by_id: HashMap<&str, &Value> = objects
        .iter()
        .filter_map(|o| Some((o["id"].as_str()?, o)))
        .collect();
    assert_eq!(by_id.len(), objects.len(), "an object is written twice");
    let linked = |event: &str, kind: &str| -> Vec<&Value> {
        objects
            .iter()
            .filter(|o| {
                o["type"] == "relationship"
                    && o["relationship_type"] == kind
                    && o["source_ref"] == event
            })
            .filter_map(|o| by_id.get(o["target_ref"].as_str()?).copied())
            .collect()
    };
    let got: Vec<Recovered> = objects
        .iter()
        .filter(|o| o["type"] == "x-vigil-event")
        .map(|e| {
            let id = e["id"].as_str().unwrap_or_default();
            let mut r = from_columns(|c| json_text(e.get(c)));
            // Actors, place and sources from the standard objects the event links to.
            r.actor_names = linked(id, "attributed-to")
                .iter()
                .filter_map(|a| a["name"].as_str().map(str::to_owned))
                .collect();
            r.point = linked(id, "located-at")
                .first()
                .and_then(|l| Some((l["latitude"].as_f64()?, l["longitude"].as_f64()?)));
            r.urls = linked(id, "derived-from")
                .iter()
                .filter_map(|rep| {
                    rep["external_references"][0]["url"]
                        .as_str()
                        .map(str::to_owned)
                })
                .collect();
            r
        })
        .collect();
    assert_eq!(got, want());
    // Threat actors carry ACLED's name as an alias; places their country and region.
    let sna = objects
        .iter()
        .find(|o| o["type"] == "threat-actor" && o["name"] == "Somali National Army");
    let aliases = sna
        .map(|o| array(o, "aliases").to_vec())
        .unwrap_or_default();
    assert!(aliases.contains(&Value::from("Military Forces of Somalia (2022-)")));
    let afgooye = objects
        .iter()
        .find(|o| o["type"] == "location" && o["name"] == "Afgooye");
    assert_eq!(
        afgooye.map(|o| o["country"].clone()),
        Some(Value::from("SO"))
    );
    assert_eq!(
        afgooye.map(|o| o["administrative_area"].clone()),
        Some(Value::from("Lower Shabeelle"))
    );
    assert_eq!(
        afgooye.map(|o| o["region"].clone()),
        Some(Value::from("eastern-africa"))
    );
}

#[test]
fn stix_ids_are_the_same_on_every_export() {
    let ids = |text: &str| -> Vec<String> {
        array(&json(text), "objects")
            .iter()
            .filter_map(|o| o["id"].as_str().map(str::to_owned))
            .collect()
    };
    let first = ids(&export(Format::Stix, &events()));
    let again = ids(&export(Format::Stix, &events()));
    assert_eq!(first, again);
    // The same event in another export (alone) keeps its id.
    let alone = ids(&export(Format::Stix, &events()[1..2]));
    let event_id = alone.iter().find(|id| id.starts_with("x-vigil-event--"));
    assert!(event_id.is_some_and(|id| first.contains(id)));
}

#[test]
fn misp_gives_back_every_event() {
    let doc = json(&export(Format::Misp, &events()));
    let got: Vec<Recovered> = array(&doc, "response")
        .iter()
        .map(|item| {
            let event = &item["Event"];
            let object = |name: &str| {
                array(event, "Object")
                    .iter()
                    .find(|o| o["name"] == name)
                    .map(|o| array(o, "Attribute").to_vec())
                    .unwrap_or_default()
            };
            let columns = object("vigil-event");
            let column = |c: &str| {
                columns
                    .iter()
                    .find(|a| a["object_relation"] == c)
                    .and_then(|a| json_text(a.get("value")))
            };
            let mut r = from_columns(column);
            let geo = object("geolocation");
            let geo_value = |c: &str| {
                geo.iter()
                    .find(|a| a["object_relation"] == c)
                    .and_then(|a| a["value"].as_str()?.parse::<f64>().ok())
            };
            r.point = geo_value("latitude").zip(geo_value("longitude"));
            let attributes = |kind: &str| -> Vec<String> {
                array(event, "Attribute")
                    .iter()
                    .filter(|a| a["type"] == kind)
                    .filter_map(|a| a["value"].as_str().map(str::to_owned))
                    .collect()
            };
            r.actor_names = attributes("threat-actor");
            r.urls = attributes("link");
            r
        })
        .collect();
    assert_eq!(got, want());
    // Standard galaxy clusters: the armed group and the country.
    let tags: Vec<&str> = array(&array(&doc, "response")[0]["Event"], "Tag")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert!(
        tags.contains(&"misp-galaxy:canada-listed-terrorist-entities=\"Al Shabaab\""),
        "{tags:?}"
    );
    assert!(
        tags.contains(&"misp-galaxy:country=\"somalia\""),
        "{tags:?}"
    );
}

#[test]
fn jsonl_gives_back_every_event_whole() {
    let text = export(Format::Jsonl, &events());
    let got: Vec<MergedEvent> = text
        .lines()
        .map(|l| match serde_json::from_str(l) {
            Ok(e) => e,
            Err(e) => panic!("{e}: {l}"),
        })
        .collect();
    let want: Vec<MergedEvent> = events().into_iter().map(|(e, _)| e).collect();
    assert_eq!(got, want);
    let first = json(text.lines().next().unwrap_or_default());
    assert_eq!(array(&first, "evidence_text").len(), 2);
}

#[test]
fn an_empty_export_is_still_a_document() {
    let csv = export(Format::Csv, &[]);
    assert!(csv.starts_with("event_id_cnty,event_date,"));
    assert_eq!(csv.lines().count(), 1);
    for format in [Format::GeoJson, Format::Stix, Format::Misp] {
        let doc = json(&export(format, &[]));
        assert!(doc.is_object(), "{format}");
    }
    assert_eq!(export(Format::Jsonl, &[]), "");
}

#[test]
fn format_names() {
    for format in Format::ALL {
        assert_eq!(format.name().parse::<Format>().ok(), Some(format));
    }
    assert!("xlsx".parse::<Format>().is_err());
}

#[test]
fn evidence_sentences_come_from_the_article_text() {
    let (event, _) = events().remove(0);
    let source = &event.sources[0];
    let text = "Soldiers clashed with militants near the town. Five died.";
    let article: vigil_core::Article = match serde_json::from_value(serde_json::json!({
        "id": source.document_id, "uri": "x.html", "url": null, "kind": "article",
        "title": null, "published": null, "byline": null, "language": "en",
        "caption": null, "paragraphs": [text], "text": text
    })) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    // The test frame's evidence spans bytes 0..40.
    let got = vigil_export::evidence_texts(source, &article);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].sentence, "Soldiers clashed with militants near the");
    assert_eq!(got[0].document_id, source.document_id);
    // A span past the end of a shorter text is left out, not a panic.
    let short = vigil_core::Article {
        text: "Short.".to_owned(),
        ..article
    };
    assert!(vigil_export::evidence_texts(source, &short).is_empty());
}
