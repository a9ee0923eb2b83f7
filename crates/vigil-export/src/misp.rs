//! MISP event JSON: `{"response": [{"Event": …}, …]}`, the shape of MISP's own `restSearch`
//! answer, one MISP event per vigil event. Each carries `link` attributes for its source
//! articles, `threat-actor` attributes for its actors, `text` attributes for its evidence, a
//! standard `geolocation` object, a `vigil-event` object holding every CSV column (casualty
//! ranges as `counter`s) and tags for status, review state and ACLED category.
//!
//! UUIDs are UUIDv5 of vigil's ids, so importing an export again updates MISP's events.

use std::collections::HashMap;
use std::io::Write;

use serde_json::{json, Value};
use uuid::Uuid;
use vigil_core::{MergedEvent, ReviewState};

use crate::json::JsonArray;
use crate::row::{location_name, row, word, Cell};
use crate::table::{rows, table_error};
use crate::{EventSink, EvidenceText, ExportConfig, ExportError};

fn uuid(key: &str) -> String {
    let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://example.invalid/vigil/misp");
    Uuid::new_v5(&namespace, key.as_bytes()).to_string()
}

const GALAXIES: &str = include_str!("../data/misp-galaxies.tsv");

/// A MISP object of the event `key`.
fn object(key: &str, name: &str, description: &str, attributes: Vec<Value>) -> Value {
    json!({
        "uuid": uuid(&format!("{key}:{name}")),
        "name": name,
        "meta-category": "misc",
        "description": description,
        "Attribute": attributes,
    })
}

pub(crate) struct MispSink<'a, W: Write> {
    out: JsonArray<W>,
    config: &'a ExportConfig,
    /// `actor:<id>` or a country code → `misp-galaxy:<galaxy>="<cluster>"`.
    galaxies: HashMap<String, String>,
}

/// Reads `data/misp-galaxies.tsv` into galaxy tags by vigil actor id and country code.
fn galaxies() -> Result<HashMap<String, String>, ExportError> {
    let mut out = HashMap::new();
    for (line, cols) in rows(GALAXIES) {
        let (key, galaxy, cluster) = match cols.as_slice() {
            ["actor", id, galaxy, cluster] => (format!("actor:{id}"), galaxy, cluster),
            ["country", code, galaxy, cluster] => ((*code).to_owned(), galaxy, cluster),
            _ => {
                return Err(table_error(
                    "data/misp-galaxies.tsv",
                    line,
                    "expected actor or country, key, galaxy, cluster",
                ))
            }
        };
        out.insert(key, format!("misp-galaxy:{galaxy}=\"{cluster}\""));
    }
    Ok(out)
}

impl<'a, W: Write> MispSink<'a, W> {
    pub(crate) fn new(out: W, config: &'a ExportConfig) -> Result<MispSink<'a, W>, ExportError> {
        let out = JsonArray::new(out, r#"{"response":["#, "]}")?;
        Ok(MispSink {
            out,
            config,
            galaxies: galaxies()?,
        })
    }
}

impl<W: Write> EventSink for MispSink<'_, W> {
    fn write_event(
        &mut self,
        event: &MergedEvent,
        evidence: &[EvidenceText],
    ) -> Result<(), ExportError> {
        let cells = row(event, evidence, &self.config.names);
        let text = |column: &str| {
            cells
                .iter()
                .find(|(c, _)| *c == column)
                .map(|(_, v)| v.to_text())
                .unwrap_or_default()
        };
        let key = &event.id;
        let timestamp = self.config.generated_at.timestamp().to_string();
        let attribute = |n: usize, kind: &str, category: &str, value: &str, comment: String| {
            json!({
                "uuid": uuid(&format!("{key}:attribute:{n}")),
                "type": kind,
                "category": category,
                "value": value,
                "comment": comment,
                "to_ids": false,
            })
        };
        let mut attributes = Vec::new();
        for s in &event.sources {
            if let Some(url) = &s.url {
                let title = s.title.as_deref().unwrap_or_default();
                let comment = format!("source document {}: {title}", s.document_id.as_str());
                attributes.push(attribute(
                    attributes.len(),
                    "link",
                    "External analysis",
                    url,
                    comment,
                ));
            }
        }
        let country = event
            .place
            .as_ref()
            .and_then(|p| p.place.country_code.as_deref());
        let date = event.when.as_ref().map(|w| w.start);
        for p in &event.actors {
            let acled = self.config.names.participant(p, country, date).acled;
            let comment = format!(
                "ACLED: {acled}; vigil id: {}; attribution: {}",
                p.id,
                word(&p.attribution)
            );
            attributes.push(attribute(
                attributes.len(),
                "threat-actor",
                "Attribution",
                &p.name,
                comment,
            ));
        }
        for e in evidence {
            let comment = format!("evidence from document {}", e.document_id.as_str());
            attributes.push(attribute(
                attributes.len(),
                "text",
                "Other",
                &e.sentence,
                comment,
            ));
        }

        let object_attribute = |object: &str, relation: &str, kind: &str, value: String| {
            // Distribution and timestamp are the event's; MISP fills them in.
            json!({
                "uuid": uuid(&format!("{key}:{object}:{relation}")),
                "object_relation": relation,
                "type": kind,
                "value": value,
            })
        };
        let mut objects = Vec::new();
        if let Some(place) = &event.place {
            let p = &place.place;
            let mut attrs = Vec::new();
            if let (Some(lat), Some(lon)) = (p.lat, p.lon) {
                attrs.push(object_attribute(
                    "geolocation",
                    "latitude",
                    "float",
                    lat.to_string(),
                ));
                attrs.push(object_attribute(
                    "geolocation",
                    "longitude",
                    "float",
                    lon.to_string(),
                ));
            }
            let country_name = text("country");
            if !country_name.is_empty() {
                attrs.push(object_attribute(
                    "geolocation",
                    "country",
                    "text",
                    country_name,
                ));
            }
            if let Some(admin1) = &p.admin1 {
                attrs.push(object_attribute(
                    "geolocation",
                    "region",
                    "text",
                    admin1.clone(),
                ));
            }
            attrs.push(object_attribute(
                "geolocation",
                "city",
                "text",
                location_name(p),
            ));
            objects.push(object(
                key,
                "geolocation",
                "Where the event happened.",
                attrs,
            ));
        }
        let columns: Vec<Value> = cells
            .iter()
            .filter(|(_, v)| *v != Cell::Empty)
            .map(|(column, v)| {
                let kind = match v {
                    Cell::Int(_) => "counter",
                    Cell::Float(_) => "float",
                    Cell::Bool(_) => "boolean",
                    Cell::Text(_) | Cell::Empty => "text",
                };
                object_attribute("vigil-event", column, kind, v.to_text())
            })
            .collect();
        objects.push(object(
            key,
            "vigil-event",
            "A vigil event: ACLED's columns and vigil's (casualty ranges, status, sources, evidence, review state).",
            columns,
        ));

        let killed = event.killed.map_or(0, |k| k.min);
        let threat_level = match (killed, event.wounded.map_or(0, |w| w.min)) {
            (10.., _) => "1",
            (1.., _) | (_, 1..) => "2",
            _ => "3",
        };
        let analysis = match event.review.state {
            ReviewState::Accepted => "2",
            ReviewState::Rejected | ReviewState::Unreviewed => "0",
        };
        let info = match text("notes") {
            notes if notes.is_empty() => format!("vigil event {key}"),
            notes => notes,
        };
        let event_date = match text("event_date") {
            d if d.is_empty() => self.config.generated_at.format("%Y-%m-%d").to_string(),
            d => d,
        };
        let mut tags = vec![
            format!("vigil:status=\"{}\"", word(&event.status)),
            format!("vigil:review-state=\"{}\"", word(&event.review.state)),
            format!("acled:event-type=\"{}\"", text("event_type")),
            format!("acled:sub-event-type=\"{}\"", text("sub_event_type")),
        ];
        // Standard galaxy clusters for the actors and the country, where MISP has them.
        let galaxy_keys = event.actors.iter().map(|a| a.id.as_str()).chain(country);
        for tag in galaxy_keys.filter_map(|k| self.galaxies.get(k)) {
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
        self.out.item(&json!({"Event": {
            "uuid": uuid(&format!("event:{key}")),
            "info": info,
            "date": event_date,
            "threat_level_id": threat_level,
            "analysis": analysis,
            "distribution": "0",
            "published": false,
            "timestamp": timestamp,
            "Attribute": attributes,
            "Object": objects,
            "Tag": tags.iter().map(|t| json!({"name": t})).collect::<Vec<_>>(),
        }}))
    }

    fn finish(self: Box<Self>) -> Result<(), ExportError> {
        self.out.finish()
    }
}
