use crate::Span;
use serde::{Deserialize, Serialize};

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
    pub confidence: f32,
}
