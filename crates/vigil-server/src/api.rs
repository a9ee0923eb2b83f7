//! The read endpoints of `/api`.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use vigil_core::DocumentId;
use vigil_store::SearchOptions;

use crate::error::ApiError;
use crate::query::{EventQuery, RawQuery};
use crate::state::AppState;
use crate::stats::{self, ActorView, StatsView};
use crate::views::{evidence_of, ArticleView, EventDetail, EvidenceView};

/// Query parameters that fail to parse become a JSON 400, like every other error.
pub(crate) struct Params(pub RawQuery);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        Query::<RawQuery>::from_request_parts(parts, state)
            .await
            .map(|Query(q)| Params(q))
            .map_err(|e| ApiError::bad_request(e.body_text()))
    }
}

/// `GET /api/events`: `{"total": …, "events": […], "next_cursor": …}` (the cursor absent on the
/// last page), each event's line written from the catalog's cached JSON.
pub(crate) async fn events(
    State(state): State<AppState>,
    Params(raw): Params,
) -> Result<impl IntoResponse, ApiError> {
    let query = EventQuery::parse(raw)?;
    let catalog = state.catalog();
    let page = query.page(&catalog)?;
    let mut body = Vec::with_capacity(64 + page.entries.len() * 768);
    body.extend_from_slice(format!("{{\"total\":{},\"events\":[", page.total).as_bytes());
    for (i, entry) in page.entries.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        let line = entry
            .summary_json()
            .map_err(|e| ApiError::internal(format!("cannot write JSON: {e}")))?;
        body.extend_from_slice(line);
    }
    body.push(b']');
    if let Some(next) = page.next {
        body.extend_from_slice(b",\"next_cursor\":");
        body.extend_from_slice(json!(next).to_string().as_bytes());
    }
    body.push(b'}');
    Ok(([(header::CONTENT_TYPE, "application/json")], body))
}

pub(crate) async fn event(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    event_detail(&state, &id).await
}

/// The event with this id or alias, its evidence read from each source and its review history.
pub(crate) async fn event_detail(
    state: &AppState,
    id: &str,
) -> Result<axum::response::Response, ApiError> {
    let catalog = state.catalog();
    let entry = match catalog.get(id) {
        Some(entry) => entry.clone(),
        None => {
            // An id merged away long ago, or a prefix: the store knows where it went.
            let wanted = id.to_owned();
            let current = state
                .with_store(move |store| Ok(store.event(&wanted).ok().flatten()))
                .await?;
            current
                .and_then(|e| catalog.get(&e.id).cloned())
                .ok_or_else(|| ApiError::not_found(format!("no event {id:?}")))?
        }
    };
    let sources: Vec<(DocumentId, usize)> = entry
        .event
        .sources
        .iter()
        .map(|s| (s.document_id.clone(), s.index))
        .collect();
    let event_id = entry.event.id.clone();
    let (evidence, history) = state
        .with_store(move |store| {
            let mut out: Vec<EvidenceView> = Vec::new();
            for (doc, index) in sources {
                if let Some(record) = store.get(doc.as_str())? {
                    out.extend(evidence_of(&record, index));
                }
            }
            Ok((out, store.review_history(&event_id)?))
        })
        .await?;
    // An id that is neither the event's own nor a prefix of it was merged into the event.
    let wanted = id.trim().to_ascii_lowercase();
    let own = &entry.event.id;
    let merged_from = (!own.starts_with(&wanted) && !own.starts_with(&format!("ev-{wanted}")))
        .then(|| id.to_owned());
    let body = EventDetail {
        event: &entry.event,
        evidence,
        history,
        merged_from: merged_from.clone(),
    };
    let mut response = json_bytes(&body);
    if merged_from.is_some() {
        if let Ok(location) = axum::http::HeaderValue::from_str(&format!("/api/events/{own}")) {
            response
                .headers_mut()
                .insert(axum::http::header::CONTENT_LOCATION, location);
        }
    }
    Ok(response)
}

pub(crate) async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::bad_request(format!("not a document id: {id:?}")));
    }
    let record = state
        .with_store(move |store| Ok(store.get(&id)?))
        .await?
        .ok_or_else(|| ApiError::not_found("no such article"))?;
    let events = state.catalog().events_of(&record.article.id);
    Ok(json_bytes(&ArticleView::of(record, events)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchParams {
    q: Option<String>,
    limit: Option<usize>,
}

/// A search hit whose snippet is split into plain and matched parts, so no markup is needed.
#[derive(Serialize)]
struct Hit {
    id: DocumentId,
    title: Option<String>,
    published: Option<vigil_core::Published>,
    score: f64,
    snippet: Vec<SnippetPart>,
}

#[derive(Serialize)]
struct SnippetPart {
    text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    hit: bool,
}

const OPEN: &str = "\u{2}";
const CLOSE: &str = "\u{3}";

pub(crate) async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(params) = params.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let q = params.q.unwrap_or_default();
    if q.trim().is_empty() {
        return Err(ApiError::bad_request("q is required"));
    }
    let limit = params.limit.unwrap_or(20).clamp(1, 100);
    let hits = state
        .with_store(move |store| {
            let options = SearchOptions {
                limit,
                open: OPEN.to_owned(),
                close: CLOSE.to_owned(),
                ..SearchOptions::default()
            };
            Ok(store.search_with(&q, &options)?)
        })
        .await?;
    let hits: Vec<Hit> = hits
        .into_iter()
        .map(|h| Hit {
            snippet: split_snippet(&h.snippet),
            id: h.id,
            title: h.title,
            published: h.published,
            score: h.score,
        })
        .collect();
    Ok(json_bytes(&json!({ "hits": hits })))
}

fn split_snippet(s: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    for (i, piece) in s.split(OPEN).enumerate() {
        let (hit, rest) = match piece.split_once(CLOSE) {
            Some((hit, rest)) if i > 0 => (Some(hit), rest),
            _ => (None, piece),
        };
        if let Some(hit) = hit.filter(|h| !h.is_empty()) {
            parts.push(SnippetPart {
                text: hit.to_owned(),
                hit: true,
            });
        }
        if !rest.is_empty() {
            parts.push(SnippetPart {
                text: rest.replace(CLOSE, ""),
                hit: false,
            });
        }
    }
    parts
}

pub(crate) async fn actors(State(state): State<AppState>) -> impl IntoResponse {
    let catalog = state.catalog();
    let actors: Vec<ActorView> = stats::actors(&catalog, &state.inner.actors);
    json_bytes(&json!({ "actors": actors }))
}

pub(crate) async fn stats(
    State(state): State<AppState>,
    Params(raw): Params,
) -> Result<impl IntoResponse, ApiError> {
    let query = EventQuery::parse(raw)?;
    let catalog = state.catalog();
    let selected = query.select(&catalog);
    let view: StatsView = stats::stats(&selected, query.weekly);
    Ok(json_bytes(&view))
}

pub(crate) async fn geojson(
    State(state): State<AppState>,
    Params(raw): Params,
) -> Result<impl IntoResponse, ApiError> {
    let query = EventQuery::parse(raw)?;
    let catalog = state.catalog();
    let features: Vec<Value> = query
        .select(&catalog)
        .iter()
        .filter_map(|e| {
            let ev = &e.event;
            let place = &ev.place.as_ref()?.place;
            let (lon, lat) = (place.lon?, place.lat?);
            Some(json!({
                "type": "Feature",
                "id": ev.id,
                "geometry": { "type": "Point", "coordinates": [lon, lat] },
                "properties": {
                    "id": ev.id,
                    "kind": ev.kind,
                    "sub_kind": ev.sub_kind,
                    "date": e.start,
                    "place": place.canonical_name.as_ref().unwrap_or(&place.name),
                    "killed": ev.killed.map(|k| k.min),
                    "wounded": ev.wounded.map(|w| w.min),
                    "title": ev.sources.iter().find_map(|s| s.title.as_deref()),
                }
            }))
        })
        .collect();
    let body = json!({ "type": "FeatureCollection", "features": features });
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        serde_json::to_vec(&body).unwrap_or_default(),
    ))
}

pub(crate) async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI)
}

pub(crate) async fn not_found() -> ApiError {
    ApiError::not_found("no such API endpoint")
}

/// Serialises a body once; serialising these types cannot fail (no maps with non-string keys).
pub(crate) fn json_bytes<T: Serialize>(body: &T) -> axum::response::Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(e) => ApiError::internal(format!("cannot write JSON: {e}")).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_split_into_plain_and_matched_words() {
        let parts = split_snippet("a \u{2}bus\u{3} near \u{2}Garissa\u{3}.");
        let text: Vec<(&str, bool)> = parts.iter().map(|p| (p.text.as_str(), p.hit)).collect();
        assert_eq!(
            text,
            vec![
                ("a ", false),
                ("bus", true),
                (" near ", false),
                ("Garissa", true),
                (".", false)
            ]
        );
    }
}
