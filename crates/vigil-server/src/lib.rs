//! `vigil serve`: a JSON API over a vigil store and the web app that reads it (map, timeline,
//! tag cloud, event table, event pages with each field beside the words it came from).
//!
//! Architecture invariant: the server only reads the store through [`vigil_store::Store`] and
//! holds its events in an in-memory catalog reloaded when the store's counts change; article
//! text reaches the browser only as JSON strings, which the web app inserts as text nodes.

mod api;
mod catalog;
mod error;
mod export;
mod index;
mod places;
mod query;
mod review;
mod safety;
mod state;
mod stats;
mod views;
mod web;

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::ServeError;

/// The OpenAPI 3.1 description of `/api`, served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("openapi.json");

/// How to run a server.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The SQLite database to read.
    pub db: PathBuf,
    /// Requests per second one client address may make (bursts of twice that).
    pub rate_limit: NonZeroU32,
    /// How often the store is checked for new documents.
    pub reload_every: Duration,
    /// The actor gazetteer: lets `actor=` match any alias.
    pub actors: vigil_nlp::Gazetteer,
    /// The bearer token analyst writes need (at least 16 characters); `None` serves read-only.
    pub token: Option<String>,
    /// The geoparser whose gazetteer offers other places for a correction; `None` without one.
    pub places: Option<Arc<vigil_geo::Geoparser>>,
}

/// Largest request body accepted (writes are small JSON objects).
const MAX_BODY: usize = 64 * 1024;

/// A server ready to run: the store opened, its events read.
pub struct App {
    state: state::AppState,
    router: Router,
}

impl App {
    /// Opens the store and reads its events.
    pub fn open(config: &ServeConfig) -> Result<App, ServeError> {
        if config
            .token
            .as_ref()
            .is_some_and(|t| t.chars().count() < 16)
        {
            return Err(ServeError::WeakToken);
        }
        let state = state::AppState::open(
            config.db.clone(),
            config.actors.clone(),
            config.token.clone(),
            config.places.clone(),
        )?;
        let router = router(state.clone(), config.rate_limit);
        Ok(App { state, router })
    }

    /// The routes, for serving or for tests (`tower::ServiceExt::oneshot`).
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Re-reads the store's events if its counts changed; returns whether it did.
    pub fn refresh(&self) -> Result<bool, ServeError> {
        self.state
            .refresh()
            .map_err(|e| ServeError::Io(std::io::Error::other(e.message)))
    }

    /// Serves until the process is interrupted (Ctrl-C), reloading the catalog every
    /// `reload_every`.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        reload_every: Duration,
    ) -> Result<(), ServeError> {
        let state = self.state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(reload_every);
            loop {
                tick.tick().await;
                let s = state.clone();
                // A failed reload keeps the last catalog; the next tick tries again.
                let _ = tokio::task::spawn_blocking(move || s.refresh()).await;
            }
        });
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, service)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    }
}

/// Listens on `addr` (vigil binds to 127.0.0.1 unless told otherwise).
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, ServeError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })
}

fn router(state: state::AppState, rate_limit: NonZeroU32) -> Router {
    let api = Router::new()
        .route("/events", get(api::events))
        .route("/events.geojson", get(api::geojson))
        .route("/export", get(export::export))
        .route("/events/{id}", get(api::event))
        .route("/events/merge", post(review::merge))
        .route("/events/{id}/review", post(review::review))
        .route("/events/{id}/split", post(review::split))
        .route("/events/{id}/places", get(places::candidates))
        .route("/changes", get(review::changes))
        .route("/articles/{id}", get(api::article))
        .route("/search", get(api::search))
        .route("/actors", get(api::actors))
        .route("/stats", get(api::stats))
        .route("/openapi.json", get(api::openapi))
        .fallback(api::not_found)
        .with_state(state);
    let mut app = Router::new()
        .nest("/api", api)
        .fallback(web::asset)
        .layer(axum::middleware::from_fn_with_state(
            safety::limiter(rate_limit),
            safety::rate_limit,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY));
    for (name, value) in safety::headers() {
        app = app.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    app
}
