//! `GET /api/events/{id}/places`: the gazetteer's other readings of an event's place name, each
//! as a ready `where` value for a review correction.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;
use vigil_core::{MergedPlace, PlacePrecision};
use vigil_geo::Kind;

use crate::api::json_bytes;
use crate::error::ApiError;
use crate::state::AppState;

/// Most candidates listed.
const MAX_CANDIDATES: usize = 25;

#[derive(Serialize)]
struct Candidate {
    id: String,
    name: String,
    feature: String,
    admin1: Option<String>,
    country_code: Option<String>,
    population: u64,
    /// Whether this is the entry the event has now.
    current: bool,
    /// The event's place as it would read with this entry: send it as the value of a `where`
    /// correction.
    #[serde(rename = "where")]
    place: MergedPlace,
}

fn precision(kind: Kind) -> PlacePrecision {
    match kind {
        Kind::Continent | Kind::Region => PlacePrecision::Region,
        Kind::Country => PlacePrecision::Country,
        Kind::Admin1 | Kind::Admin2 => PlacePrecision::Admin1,
        Kind::City => PlacePrecision::City,
        Kind::Feature => PlacePrecision::Point,
    }
}

pub(crate) async fn candidates(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let catalog = state.catalog();
    let entry = catalog
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("no event {id:?}")))?;
    let Some(current) = entry.event.place.as_ref() else {
        return Ok(json_bytes(
            &serde_json::json!({ "name": null, "candidates": [] }),
        ));
    };
    let Some(gazetteer) = state.inner.places.as_ref().and_then(|g| g.gazetteer()) else {
        return Err(ApiError {
            status: axum::http::StatusCode::SERVICE_UNAVAILABLE,
            code: "no_gazetteer",
            message: "no gazetteer loaded (run scripts/gazetteer)".to_owned(),
        });
    };
    let mut entries = gazetteer.lookup(&current.place.name);
    entries.sort_by_key(|e| std::cmp::Reverse(e.population));
    let list: Vec<Candidate> = entries
        .into_iter()
        .take(MAX_CANDIDATES)
        .map(|e| {
            let mut place = current.place.clone();
            place.gazetteer_id = Some(e.id.clone());
            place.canonical_name = Some(e.name.clone());
            place.lat = Some(f64::from(e.lat));
            place.lon = Some(f64::from(e.lon));
            place.feature = Some(e.fcode.clone());
            place.admin1 = gazetteer.admin1_name(e).map(str::to_owned);
            place.country_code = (!e.cc.is_empty()).then(|| e.cc.clone());
            place.precision = Some(precision(e.kind));
            place.confidence = 1.0;
            place.unresolved = None;
            Candidate {
                current: current.place.gazetteer_id.as_deref() == Some(e.id.as_str()),
                id: e.id.clone(),
                name: e.name.clone(),
                feature: e.fcode.clone(),
                admin1: place.admin1.clone(),
                country_code: place.country_code.clone(),
                population: e.population,
                place: MergedPlace {
                    precision: place.precision,
                    near: current.near,
                    place,
                },
            }
        })
        .collect();
    Ok(json_bytes(&serde_json::json!({
        "name": current.place.name,
        "candidates": list,
    })))
}
