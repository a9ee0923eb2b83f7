use std::path::PathBuf;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a store operation failed. Backend errors are boxed so the type names no database crate.
///
/// Each variant names its own cause once and leaves the lower cause to `source()`, so a printed
/// chain (`{:#}`) says every fact once.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("cannot open database {path}")]
    Open {
        path: PathBuf,
        #[source]
        source: BoxError,
    },
    #[error("{path} is not a vigil database (it holds other tables or another application's id)")]
    NotVigil { path: PathBuf },
    #[error(
        "database schema version {found} is newer than this vigil understands (up to {supported}); \
         use a newer vigil"
    )]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("migrating the database to schema version {version} failed")]
    Migration {
        version: i64,
        #[source]
        source: BoxError,
    },
    #[error("invalid search query: {0}")]
    InvalidQuery(String),
    #[error("not a document id or id prefix: {0:?}")]
    InvalidId(String),
    #[error("id prefix {prefix:?} matches {count} ids; give more characters")]
    AmbiguousId { prefix: String, count: u64 },
    #[error("record {id} cannot be stored: {reason}")]
    InvalidRecord { id: String, reason: String },
    #[error("stored document {id} is unreadable: {reason}")]
    Corrupt { id: String, reason: String },
    /// The backend does not offer this operation (every backend offers every operation today).
    #[error("{what} is not yet available on {backend}")]
    Unsupported {
        what: &'static str,
        backend: &'static str,
    },
    /// An analyst's merge or split that cannot be done as asked (one event, a source of
    /// another event, nothing left on one side).
    #[error("{0}")]
    InvalidReview(String),
    #[error("database error")]
    Database(#[source] BoxError),
    /// The sink given to [`crate::Store::each_event`] failed (e.g. writing an export); its own
    /// error, passed through.
    #[error("{0}")]
    Sink(#[source] BoxError),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Database(Box::new(e))
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        StoreError::Database(Box::new(e))
    }
}
