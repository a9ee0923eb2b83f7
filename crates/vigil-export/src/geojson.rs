//! GeoJSON (RFC 7946): a FeatureCollection, one Point feature per event (a null geometry when
//! the event has no coordinates), every CSV column as a property.

use std::io::Write;

use serde_json::json;
use vigil_core::MergedEvent;

use crate::json::{row_object, JsonArray};
use crate::row::row;
use crate::{EventSink, EvidenceText, ExportConfig, ExportError};

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
        let properties = row_object(&row(event, evidence, &self.config.names));
        self.out.item(&json!({
            "type": "Feature",
            "id": event.id,
            "geometry": geometry,
            "properties": properties,
        }))
    }

    fn finish(self: Box<Self>) -> Result<(), ExportError> {
        self.out.finish()
    }
}
