//! GeoJSON (RFC 7946): a FeatureCollection, one Point feature per event (a null geometry when
//! the event has no coordinates), every CSV column as a property.

use std::io::Write;

use serde_json::json;
use vigil_core::MergedEvent;

use serde::ser::SerializeMap;
use serde::Serialize;

use crate::json::JsonArray;
use crate::row::{row, Row};
use crate::{EventSink, EvidenceText, ExportConfig, ExportError};

/// One feature; its properties in column order, as a GIS lists them.
#[derive(Serialize)]
struct Feature<'r> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'r str,
    geometry: serde_json::Value,
    properties: Properties<'r>,
}

struct Properties<'r>(&'r Row);

impl Serialize for Properties<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (column, cell) in self.0 {
            map.serialize_entry(column, &cell.to_json())?;
        }
        map.end()
    }
}

pub(crate) struct GeoJsonSink<'a, W: Write> {
    out: JsonArray<W>,
    config: &'a ExportConfig,
}

impl<'a, W: Write> GeoJsonSink<'a, W> {
    pub(crate) fn new(out: W, config: &'a ExportConfig) -> Result<GeoJsonSink<'a, W>, ExportError> {
        let out = JsonArray::new(out, r#"{"type":"FeatureCollection","features":["#, "]}")?;
        Ok(GeoJsonSink { out, config })
    }
}

impl<W: Write> EventSink for GeoJsonSink<'_, W> {
    fn write_event(
        &mut self,
        event: &MergedEvent,
        evidence: &[EvidenceText],
    ) -> Result<(), ExportError> {
        let point = event
            .place
            .as_ref()
            .and_then(|p| Some((p.place.lon?, p.place.lat?)));
        let geometry = match point {
            Some((lon, lat)) => json!({"type": "Point", "coordinates": [lon, lat]}),
            None => serde_json::Value::Null,
        };
        let cells = row(event, evidence, &self.config.names);
        self.out.item(&Feature {
            kind: "Feature",
            id: &event.id,
            geometry,
            properties: Properties(&cells),
        })
    }

    fn finish(self: Box<Self>) -> Result<(), ExportError> {
        self.out.finish()
    }
}
