use crate::Span;
use serde::{Deserialize, Serialize};

/// How precisely a resolved place pins down a location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacePrecision {
    Point,
    City,
    Admin1,
    Country,
    Region,
}

/// A place named in the text and the gazetteer entry it resolved to (if any).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The name as written.
    pub name: String,
    /// Byte offsets of the name in `Article::text`.
    pub span: Span,
    /// `geonames:1138958`, `user:...`, or `None` when unresolved.
    pub gazetteer_id: Option<String>,
    pub canonical_name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// GeoNames-style feature code (`PPLC`, `ADM1`, `PCLI`, `AIRP`, `CONT` …).
    pub feature: Option<String>,
    pub admin1: Option<String>,
    pub country_code: Option<String>,
    pub precision: Option<PlacePrecision>,
    /// 0..1: how sure the geoparser is of the recognition and the resolution together.
    pub confidence: f32,
    /// Set when the words are a demonym or adjective ("Afghan", "Chinese citizens"): the place
    /// is the country or region they refer to, not where an event happened.
    #[serde(default)]
    pub nationality: bool,
    /// A word that narrows or relates the place in the text: a direction ("eastern"), "border",
    /// or the administrative word that followed it ("province").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// Why the place has no gazetteer entry, when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unresolved: Option<String>,
}

/// Great-circle (haversine) distance in km between two points given in degrees.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

impl Place {
    /// Great-circle distance in km to `other`, when both are resolved.
    pub fn distance_km(&self, other: &Place) -> Option<f64> {
        Some(haversine_km(self.lat?, self.lon?, other.lat?, other.lon?))
    }
}

#[cfg(test)]
mod distance_tests {
    use super::haversine_km;

    #[test]
    fn known_distance() {
        // Kabul to Mazar-e-Sharif is about 320 km.
        let d = haversine_km(34.5553, 69.2075, 36.7090, 67.1109);
        assert!((300.0..340.0).contains(&d), "{d}");
        assert!(haversine_km(10.0, 20.0, 10.0, 20.0).abs() < 1e-9);
    }
}
