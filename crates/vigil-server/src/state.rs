//! What every request handler shares: the store (a small pool of connections to SQLite or
//! PostgreSQL, since one connection serves one thread at a time), the in-memory catalog of
//! events and the settings.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use vigil_store::{PostgresStore, SqliteStore, Store, StoreError};

use crate::catalog::Catalog;
use crate::error::ApiError;

/// Shared state of one running server.
#[derive(Clone)]
pub(crate) struct AppState {
    pub inner: Arc<Inner>,
}

/// One pooled connection, to either backend.
pub(crate) type Connection = Box<dyn Store + Send>;

pub(crate) struct Inner {
    /// A SQLite file, or a `postgres://` URL.
    pub path: PathBuf,
    idle: Mutex<Vec<Connection>>,
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
        let store = connect(&path)?;
        let catalog = Catalog::load(store.as_ref(), &actors)?;
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
        F: FnOnce(&dyn Store) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.with_store_blocking(f))
            .await
            .map_err(|e| ApiError::internal(format!("store task failed: {e}")))?
    }

    /// Runs `f` on a pooled store connection on this thread (one of the blocking pool's).
    pub fn with_store_blocking<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&dyn Store) -> Result<T, ApiError>,
    {
        let store = self.take()?;
        let out = f(store.as_ref());
        self.give(store);
        out
    }

    /// Brings the catalog up to date (re-reading only the events the change feed names) when
    /// the store changed since it was read. Returns whether it did.
    pub fn refresh(&self) -> Result<bool, ApiError> {
        let store = self.take()?;
        let result = (|| {
            if !self.catalog().is_stale(store.as_ref())? {
                return Ok(false);
            }
            let catalog = self.catalog().updated(store.as_ref(), &self.inner.actors)?;
            match self.inner.catalog.write() {
                Ok(mut c) => *c = Arc::new(catalog),
                Err(poisoned) => *poisoned.into_inner() = Arc::new(catalog),
            }
            Ok(true)
        })();
        self.give(store);
        result
    }

    fn take(&self) -> Result<Connection, ApiError> {
        let pooled = match self.inner.idle.lock() {
            Ok(mut idle) => idle.pop(),
            Err(poisoned) => poisoned.into_inner().pop(),
        };
        match pooled {
            Some(store) => Ok(store),
            None => Ok(connect(&self.inner.path)?),
        }
    }

    fn give(&self, store: Connection) {
        let mut idle = match self.inner.idle.lock() {
            Ok(idle) => idle,
            Err(poisoned) => poisoned.into_inner(),
        };
        if idle.len() < 8 {
            idle.push(store);
        }
    }
}

impl Drop for Inner {
    /// The pooled connections are closed on a thread of their own: the last handle to the state
    /// often goes inside the async runtime, where the blocking PostgreSQL client may not close.
    fn drop(&mut self) {
        let idle = match self.idle.get_mut() {
            Ok(idle) => std::mem::take(idle),
            Err(poisoned) => std::mem::take(poisoned.into_inner()),
        };
        if !idle.is_empty() {
            let _ = std::thread::spawn(move || drop(idle)).join();
        }
    }
}

/// A new connection to the database `db` names: a `postgres://` URL, else a SQLite file.
fn connect(db: &std::path::Path) -> Result<Connection, StoreError> {
    match db.to_str().filter(|db| PostgresStore::is_url(db)) {
        Some(url) => Ok(Box::new(PostgresStore::open(url)?)),
        None => Ok(Box::new(SqliteStore::open(db)?)),
    }
}
