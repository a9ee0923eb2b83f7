//! STIX 2.1: one bundle. An `identity` for vigil and the `extension-definition` of vigil's event
//! object open it; then per event an `x-vigil-event` (every CSV column as a property), a
//! `threat-actor` per actor, an `identity` per target, a `location` for its place, a `report`
//! per source article, and `relationship`s between them.
//!
//! Ids are UUIDv5 of vigil's own ids, so exporting again updates objects in OpenCTI rather than
//! duplicating them. Actors, targets, places and reports shared by several events are written
//! once: the sink keeps their ids (16 bytes each) and nothing else, so memory grows only with
//! the number of distinct articles, actors and places (about 25 MB for 200,000 articles).

use std::collections::{HashMap, HashSet};
use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Map, Value};
use uuid::Uuid;
use vigil_core::{EventSource, MergedEvent, MergedPlace, Participant, PlacePrecision, Target};

use crate::acled::NamedActor;
use crate::json::JsonArray;
use crate::row::{location_name, row, word};
use crate::table::{rows, table_error};
use crate::{EventSink, EvidenceText, ExportConfig, ExportError};

/// The namespace of every UUIDv5 vigil's STIX objects take (itself UUIDv5 of vigil's URL).
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://example.invalid/vigil/stix")
}

/// `type--uuid5(key)`.
fn stix_id(kind: &str, key: &str) -> String {
    format!(
        "{kind}--{}",
        Uuid::new_v5(&namespace(), format!("{kind}:{key}").as_bytes())
    )
}

const REGIONS: &str = include_str!("../data/stix-regions.tsv");

/// Country code → STIX region (`SO` → `eastern-africa`), from `data/stix-regions.tsv`.
fn regions() -> Result<HashMap<String, String>, ExportError> {
    let mut out = HashMap::new();
    for (line, cols) in rows(REGIONS) {
        let [country, region] = cols.as_slice() else {
            return Err(table_error(
                "data/stix-regions.tsv",
                line,
                "expected a country code and a region",
            ));
        };
        out.insert((*country).to_owned(), (*region).to_owned());
    }
    Ok(out)
}

pub(crate) struct StixSink<'a, W: Write> {
    out: JsonArray<W>,
    config: &'a ExportConfig,
    /// STIX timestamp of the export.
    now: String,
    identity: String,
    extension: String,
    written: HashSet<Uuid>,
    regions: HashMap<String, String>,
}

impl<'a, W: Write> StixSink<'a, W> {
    pub(crate) fn new(out: W, config: &'a ExportConfig) -> Result<StixSink<'a, W>, ExportError> {
        let now = timestamp(config.generated_at);
        let bundle = Uuid::new_v5(&namespace(), format!("bundle:{now}").as_bytes());
        let opening = format!(r#"{{"type":"bundle","id":"bundle--{bundle}","objects":["#);
        let mut out = JsonArray::new(out, &opening, "]}")?;
        let identity = stix_id("identity", "vigil");
        let extension = stix_id("extension-definition", "x-vigil-event");
        out.item(&json!({
            "type": "identity",
            "spec_version": "2.1",
            "id": identity,
            "created": now,
            "modified": now,
            "name": "vigil",
            "description": "Events read from news pages by vigil; every field traceable to its sentence.",
            "identity_class": "system",
        }))?;
        out.item(&json!({
            "type": "extension-definition",
            "spec_version": "2.1",
            "id": extension,
            "created_by_ref": identity,
            "created": now,
            "modified": now,
            "name": "vigil event",
            "description": "One political-violence or protest event merged from news reports: ACLED's columns (event_date, event_type, actor1, fatalities …) and vigil's (killed_min/max, wounded_min/max, status, sources, evidence, review_state).",
            "schema": "https://example.invalid/vigil/README.md#stix-21",
            "version": "1.0.0",
            "extension_types": ["new-sdo"],
        }))?;
        Ok(StixSink {
            out,
            config,
            now,
            identity,
            extension,
            written: HashSet::new(),
            regions: regions()?,
        })
    }

    /// Writes `object` unless an object with its id was written before.
    fn once(&mut self, id: &str, object: impl FnOnce() -> Value) -> Result<(), ExportError> {
        let uuid = id
            .split_once("--")
            .and_then(|(_, u)| Uuid::parse_str(u).ok())
            .unwrap_or_else(|| Uuid::new_v5(&namespace(), id.as_bytes()));
        if self.written.insert(uuid) {
            self.out.item(&object())?;
        }
        Ok(())
    }

    /// The common properties every vigil object starts with.
    fn common(&self, kind: &str, id: &str) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("type".into(), kind.into());
        m.insert("spec_version".into(), "2.1".into());
        m.insert("id".into(), id.into());
        m.insert("created_by_ref".into(), self.identity.clone().into());
        m.insert("created".into(), self.now.clone().into());
        m.insert("modified".into(), self.now.clone().into());
        m
    }

    /// Writes a relationship of the event being written (its own, so not kept in `written`).
    fn relationship(&mut self, kind: &str, source: &str, target: &str) -> Result<(), ExportError> {
        let id = stix_id("relationship", &format!("{kind}:{source}:{target}"));
        let mut m = self.common("relationship", &id);
        m.insert("relationship_type".into(), kind.into());
        m.insert("source_ref".into(), source.into());
        m.insert("target_ref".into(), target.into());
        self.out.item(&Value::Object(m))
    }

    fn actor(&mut self, p: &Participant, named: &NamedActor) -> Result<String, ExportError> {
        let acled = named.acled.as_str();
        let id = stix_id("threat-actor", &p.id);
        let mut m = self.common("threat-actor", &id);
        m.insert("name".into(), p.name.clone().into());
        let mut aliases = vec![Value::from(p.id.clone())];
        if acled != p.name {
            aliases.push(acled.into());
        }
        m.insert("aliases".into(), aliases.into());
        m.insert(
            "threat_actor_types".into(),
            json!([actor_type(named.inter)]),
        );
        self.once(&id, || Value::Object(m))?;
        Ok(id)
    }

    fn target(&mut self, t: &Target) -> Result<String, ExportError> {
        let key = match &t.id {
            Some(id) => id.clone(),
            None => format!(
                "{}:{}:{}",
                word(&t.kind),
                t.country.as_deref().unwrap_or_default(),
                t.name.to_lowercase()
            ),
        };
        let id = stix_id("identity", &format!("target:{key}"));
        let mut m = self.common("identity", &id);
        m.insert("name".into(), t.name.clone().into());
        m.insert(
            "description".into(),
            format!("target: {}", word(&t.kind)).into(),
        );
        m.insert("identity_class".into(), "group".into());
        self.once(&id, || Value::Object(m))?;
        Ok(id)
    }

    fn location(&mut self, p: &MergedPlace) -> Result<Option<String>, ExportError> {
        let place = &p.place;
        let key = match (&place.gazetteer_id, place.lat, place.lon) {
            (Some(g), _, _) => g.clone(),
            (None, Some(lat), Some(lon)) => format!("{}:{lat}:{lon}", place.name),
            _ => return Ok(None),
        };
        let (Some(lat), Some(lon)) = (place.lat, place.lon) else {
            if place.country_code.is_none() {
                return Ok(None);
            }
            return self.location_object(&key, place, None).map(Some);
        };
        self.location_object(
            &key,
            place,
            Some((lat, lon, p.precision.or(place.precision))),
        )
        .map(Some)
    }

    fn location_object(
        &mut self,
        key: &str,
        place: &vigil_core::Place,
        point: Option<(f64, f64, Option<PlacePrecision>)>,
    ) -> Result<String, ExportError> {
        let id = stix_id("location", key);
        let mut m = self.common("location", &id);
        m.insert("name".into(), location_name(place).into());
        if let Some((lat, lon, precision)) = point {
            m.insert("latitude".into(), lat.into());
            m.insert("longitude".into(), lon.into());
            if let Some(metres) = precision.map(precision_metres) {
                m.insert("precision".into(), metres.into());
            }
        }
        if let Some(cc) = &place.country_code {
            m.insert("country".into(), cc.clone().into());
            if let Some(region) = self.regions.get(cc) {
                m.insert("region".into(), region.clone().into());
            }
        }
        if let Some(admin1) = &place.admin1 {
            m.insert("administrative_area".into(), admin1.clone().into());
        }
        if let Some(g) = &place.gazetteer_id {
            m.insert(
                "external_references".into(),
                json!([{"source_name": "geonames", "external_id": g}]),
            );
        }
        self.once(&id, || Value::Object(m))?;
        Ok(id)
    }

    fn report(
        &mut self,
        s: &EventSource,
        event_id: &str,
        date: Option<NaiveDate>,
    ) -> Result<String, ExportError> {
        let id = stix_id("report", s.document_id.as_str());
        let mut m = self.common("report", &id);
        let name = s
            .title
            .clone()
            .or_else(|| s.url.clone())
            .unwrap_or_else(|| s.document_id.as_str().to_owned());
        m.insert("name".into(), name.into());
        m.insert("report_types".into(), json!(["threat-report"]));
        let published = s
            .published
            .as_ref()
            .and_then(|p| published_timestamp(&p.value))
            .or_else(|| date.map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d"))))
            .unwrap_or_else(|| self.now.clone());
        m.insert("published".into(), published.into());
        m.insert("object_refs".into(), json!([event_id]));
        let mut reference = Map::new();
        reference.insert("source_name".into(), "vigil source".into());
        reference.insert("external_id".into(), s.document_id.as_str().into());
        if let Some(url) = &s.url {
            reference.insert("url".into(), url.clone().into());
        }
        m.insert("external_references".into(), json!([reference]));
        self.once(&id, || Value::Object(m))?;
        Ok(id)
    }
}

impl<W: Write> EventSink for StixSink<'_, W> {
    fn write_event(
        &mut self,
        event: &MergedEvent,
        evidence: &[EvidenceText],
    ) -> Result<(), ExportError> {
        let id = stix_id("x-vigil-event", &event.id);
        let cells = row(event, evidence, &self.config.names);
        let country = event
            .place
            .as_ref()
            .and_then(|p| p.place.country_code.clone());
        let date = event.when.as_ref().map(|w| w.start);

        let mut m = self.common("x-vigil-event", &id);
        let sub = cells
            .iter()
            .find(|(c, _)| *c == "sub_event_type")
            .map(|(_, v)| v.to_text());
        let place = event.place.as_ref().map(|p| location_name(&p.place));
        let name = match (sub, place, date) {
            (Some(s), Some(p), Some(d)) => format!("{s} in {p} on {d}"),
            (Some(s), Some(p), None) => format!("{s} in {p}"),
            (Some(s), None, _) => s,
            (None, _, _) => event.id.clone(),
        };
        m.insert("name".into(), name.into());
        // Every column, as a property of the event's own (empty ones left out).
        m.extend(
            cells
                .iter()
                .map(|(column, cell)| ((*column).to_owned(), cell.to_json()))
                .filter(|(_, v)| !v.is_null()),
        );
        m.insert(
            "extensions".into(),
            json!({ self.extension.clone(): {"extension_type": "new-sdo"} }),
        );
        // Objects the event refers to go first, so a reader meets no dangling reference.
        let mut links = Vec::new();
        for p in &event.actors {
            let named = self.config.names.participant(p, country.as_deref(), date);
            links.push(("attributed-to", self.actor(p, &named)?));
        }
        for t in &event.targets {
            links.push(("targets", self.target(t)?));
        }
        if let Some(place) = &event.place {
            if let Some(location) = self.location(place)? {
                links.push(("located-at", location));
            }
        }
        // The event's own objects are written once per event: only shared ones are remembered.
        self.out.item(&Value::Object(m))?;
        for s in &event.sources {
            links.push(("derived-from", self.report(s, &id, date)?));
        }
        for (i, (kind, target)) in links.iter().enumerate() {
            if !links[..i].contains(&(kind, target.clone())) {
                self.relationship(kind, &id, target)?;
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), ExportError> {
        self.out.finish()
    }
}

/// STIX's timestamp form: RFC 3339 in UTC with a `Z`.
fn timestamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// A publication date (`2024-05-03`, `2024-05`, `2024`, RFC 3339) as a STIX timestamp.
fn published_timestamp(value: &str) -> Option<String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(timestamp(t.with_timezone(&Utc)));
    }
    let padded = match value.len() {
        4 => format!("{value}-01-01"),
        7 => format!("{value}-01"),
        _ => value.get(..10)?.to_owned(),
    };
    NaiveDate::parse_from_str(&padded, "%Y-%m-%d")
        .ok()
        .map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")))
}

/// STIX's threat-actor-type vocabulary for ACLED's inter codes: state and external forces are
/// nation-states, rebel groups terrorists (vigil's list is of such groups), protesters and
/// rioters activists, the rest unknown.
fn actor_type(inter: Option<u8>) -> &'static str {
    match inter {
        Some(1 | 8) => "nation-state",
        Some(2) => "terrorist",
        Some(5 | 6) => "activist",
        _ => "unknown",
    }
}

/// How far off a point of this precision may be, in metres (STIX `location.precision`).
fn precision_metres(p: PlacePrecision) -> f64 {
    match p {
        PlacePrecision::Point => 100.0,
        PlacePrecision::City => 10_000.0,
        PlacePrecision::Admin1 => 100_000.0,
        PlacePrecision::Country => 500_000.0,
        PlacePrecision::Region => 2_000_000.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_uuid5() {
        let a = stix_id("x-vigil-event", "ev-0123456789abcdef");
        assert_eq!(a, stix_id("x-vigil-event", "ev-0123456789abcdef"));
        assert_ne!(a, stix_id("x-vigil-event", "ev-0123456789abcdee"));
        let uuid = a
            .split_once("--")
            .and_then(|(_, u)| Uuid::parse_str(u).ok());
        assert_eq!(uuid.map(|u| u.get_version_num()), Some(5));
    }

    #[test]
    fn publication_dates_as_timestamps() {
        assert_eq!(
            published_timestamp("2024-05-03").as_deref(),
            Some("2024-05-03T00:00:00Z")
        );
        assert_eq!(
            published_timestamp("2024-05").as_deref(),
            Some("2024-05-01T00:00:00Z")
        );
        assert_eq!(
            published_timestamp("2024-05-03T10:00:00+03:00").as_deref(),
            Some("2024-05-03T07:00:00.000Z")
        );
        assert_eq!(published_timestamp("last week"), None);
    }
}
