//! Analyst writes (token needed) and the change feed: `POST /api/events/{id}/review`,
//! `POST /api/events/merge`, `POST /api/events/{id}/split`, `GET /api/changes?since=`.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use vigil_store::{Correction, SourceRef};

use crate::api::{event_detail, json_bytes};
use crate::error::ApiError;
use crate::state::AppState;

/// Longest analyst name kept.
const MAX_WHO: usize = 100;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReviewRequest {
    /// Who makes the change (an analyst's name or handle).
    who: String,
    /// Applied in order: `{"field": "state", "value": "accepted"}`, `{"field": "killed",
    /// "value": {"min": 4, "max": 4}}`, …
    changes: Vec<Correction>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MergeRequest {
    who: String,
    /// The events to merge (ids, aliases or prefixes; two or more).
    events: Vec<String>,
    /// The one whose id the merged event keeps (the first of `events` when left out).
    keep: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SplitRequest {
    who: String,
    /// The sources that leave the event to form one of their own.
    sources: Vec<SourceRef>,
}

type Body<T> = Result<axum::Json<T>, axum::extract::rejection::JsonRejection>;

/// A write request's body once the token is checked: JSON errors said as the API's errors.
fn writable<T>(state: &AppState, headers: &HeaderMap, body: Body<T>) -> Result<T, ApiError> {
    authorise(state, headers)?;
    let axum::Json(request) = body.map_err(|e| ApiError {
        status: e.status(),
        code: match e.status() {
            StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            StatusCode::UNPROCESSABLE_ENTITY => "invalid",
            _ => "bad_request",
        },
        message: e.body_text(),
    })?;
    Ok(request)
}

/// The analyst's name, trimmed, or why it will not do.
fn analyst(who: &str) -> Result<String, ApiError> {
    let who = who.trim();
    if who.is_empty() || who.chars().count() > MAX_WHO {
        return Err(ApiError::bad_request(format!(
            "who must name the analyst (1 to {MAX_WHO} characters)"
        )));
    }
    Ok(who.to_owned())
}

/// Reloads the catalog after a write, so the next read sees it.
async fn reload(state: &AppState) -> Result<(), ApiError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || state.refresh())
        .await
        .map_err(|e| ApiError::internal(format!("reload failed: {e}")))??;
    Ok(())
}

/// Whether the request carries the server's write token. Without a configured token the server
/// is read-only.
fn authorise(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = state.inner.token.as_deref() else {
        return Err(ApiError {
            status: StatusCode::FORBIDDEN,
            code: "read_only",
            message: "this server is read-only; start vigil serve with --token to allow review"
                .to_owned(),
        });
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    // Compare every byte whatever the first difference, so timing says nothing of the token.
    let same = given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if same {
        Ok(())
    } else {
        Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
            code: "unauthorized",
            message: "writes need the header Authorization: Bearer TOKEN".to_owned(),
        })
    }
}

pub(crate) async fn review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body<ReviewRequest>,
) -> Result<Response, ApiError> {
    let request = writable(&state, &headers, body)?;
    let who = analyst(&request.who)?;
    if request.changes.is_empty() {
        return Err(ApiError::bad_request("changes is empty"));
    }
    let current = state
        .with_store(move |store| {
            let mut current = None;
            for change in &request.changes {
                let target = current
                    .as_ref()
                    .map_or(id.as_str(), |e: &vigil_core::MergedEvent| e.id.as_str());
                current = store.review(target, &who, change)?;
                if current.is_none() {
                    return Err(ApiError::not_found(format!("no event {id:?}")));
                }
            }
            Ok(current)
        })
        .await?;
    reload(&state).await?;
    let id = current.map(|e| e.id).unwrap_or_default();
    event_detail(&state, &id).await
}

/// `POST /api/events/merge`: the events become one with every source; the others' ids answer
/// with it from now on, and later merging keeps them joined.
pub(crate) async fn merge(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body<MergeRequest>,
) -> Result<Response, ApiError> {
    let request = writable(&state, &headers, body)?;
    let who = analyst(&request.who)?;
    let merged = state
        .with_store(move |store| {
            let events: Vec<&str> = request.events.iter().map(String::as_str).collect();
            store
                .merge_events(&events, request.keep.as_deref(), &who)?
                .ok_or_else(|| ApiError::not_found("one of the events does not exist"))
        })
        .await?;
    reload(&state).await?;
    event_detail(&state, &merged.id).await
}

/// `POST /api/events/{id}/split`: the chosen sources leave the event to form one of their own;
/// later merging never joins the two again. Both events, the one keeping the id first.
pub(crate) async fn split(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body<SplitRequest>,
) -> Result<Response, ApiError> {
    let request = writable(&state, &headers, body)?;
    let who = analyst(&request.who)?;
    let (kept, left) = state
        .with_store(move |store| {
            store
                .split_event(&id, &request.sources, &who)?
                .ok_or_else(|| ApiError::not_found(format!("no event {id:?}")))
        })
        .await?;
    reload(&state).await?;
    Ok(json_bytes(&json!({ "events": [kept, left] })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChangesParams {
    since: Option<String>,
    limit: Option<usize>,
}

pub(crate) async fn changes(
    State(state): State<AppState>,
    params: Result<Query<ChangesParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = params.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let since = match params.since.as_deref() {
        None | Some("") => 0,
        Some(s) => s.parse::<u64>().map_err(|_| {
            ApiError::bad_request(format!("since must be a cursor from this feed, not {s:?}"))
        })?,
    };
    let limit = params.limit.unwrap_or(1000).clamp(1, 10_000);
    let changes = state
        .with_store(move |store| Ok(store.changes(since, limit)?))
        .await?;
    let next = changes.last().map_or(since, |c| c.seq);
    Ok(json_bytes(
        &json!({ "changes": changes, "next": next.to_string() }),
    ))
}
