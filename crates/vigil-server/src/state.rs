//! What every request handler shares: the store (a small pool of connections, since a SQLite
//! connection serves one thread at a time), the in-memory catalog of events and the settings.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use vigil_store::{SqliteStore, StoreError};

use crate::catalog::Catalog;
use crate::error::ApiError;

/// Shared state of one running server.
#[derive(Clone)]
pub(crate) struct AppState {
    pub inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub path: PathBuf,
    idle: Mutex<Vec<SqliteStore>>,
    catalog: RwLock<Arc<Catalog>>,
    pub actors: vigil_nlp::Gazetteer,
    /// The bearer token writes need; `None` serves read-only.
    pub token: Option<String>,
    pub places: Option<Arc<vigil_geo::Geoparser>>,
}

impl AppState {
    /// Opens the store, reads its events and keeps the connection for requests.
    pub fn open(
        path: PathBuf,
        actors: vigil_nlp::Gazetteer,
        token: Option<String>,
        places: Option<Arc<vigil_geo::Geoparser>>,
    ) -> Result<AppState, StoreError> {
        let store = SqliteStore::open(&path)?;
        let catalog = Catalog::load(&store, &actors)?;
        Ok(AppState {
            inner: Arc::new(Inner {
                path,
                idle: Mutex::new(vec![store]),
                catalog: RwLock::new(Arc::new(catalog)),
                actors,
                token,
                places,
            }),
        })
    }

    /// The catalog as of the last reload.
    pub fn catalog(&self) -> Arc<Catalog> {
        match self.inner.catalog.read() {
            Ok(c) => Arc::clone(&c),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Runs `f` on a pooled store connection on the blocking thread pool.
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.with_store_blocking(f))
            .await
            .map_err(|e| ApiError::internal(format!("store task failed: {e}")))?
    }

    /// Runs `f` on a pooled store connection on this thread (one of the blocking pool's).
    pub fn with_store_blocking<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&SqliteStore) -> Result<T, ApiError>,
    {
        let store = self.take()?;
        let out = f(&store);
        self.give(store);
        out
    }

    /// Brings the catalog up to date (re-reading only the events the change feed names) when
    /// the store changed since it was read. Returns whether it did.
    pub fn refresh(&self) -> Result<bool, ApiError> {
        let store = self.take()?;
        let result = (|| {
            if !self.catalog().is_stale(&store)? {
                return Ok(false);
            }
            let catalog = self.catalog().updated(&store, &self.inner.actors)?;
            match self.inner.catalog.write() {
                Ok(mut c) => *c = Arc::new(catalog),
                Err(poisoned) => *poisoned.into_inner() = Arc::new(catalog),
            }
            Ok(true)
        })();
        self.give(store);
        result
    }

    fn take(&self) -> Result<SqliteStore, ApiError> {
        let pooled = match self.inner.idle.lock() {
            Ok(mut idle) => idle.pop(),
            Err(poisoned) => poisoned.into_inner().pop(),
        };
        match pooled {
            Some(store) => Ok(store),
            None => Ok(SqliteStore::open(&self.inner.path)?),
        }
    }

    fn give(&self, store: SqliteStore) {
        let mut idle = match self.inner.idle.lock() {
            Ok(idle) => idle,
            Err(poisoned) => poisoned.into_inner(),
        };
        if idle.len() < 8 {
            idle.push(store);
        }
    }
}
