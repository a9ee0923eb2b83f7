//! Which store `--db` names: a SQLite file, or a PostgreSQL database given by URL.

use crate::args::DbArgs;
use vigil_store::{PostgresStore, SqliteStore, Store};

/// An open store of either kind.
pub enum Db {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Db {
    /// Opens (or creates) what `--db` names.
    pub fn open(args: &DbArgs) -> anyhow::Result<Db> {
        Ok(match args.postgres_url() {
            Some(url) => Db::Postgres(PostgresStore::open(url)?),
            None => Db::Sqlite(SqliteStore::open(&args.db)?),
        })
    }

    pub fn store(&self) -> &dyn Store {
        match self {
            Db::Sqlite(s) => s,
            Db::Postgres(s) => s,
        }
    }

    /// The database as messages name it (a URL without its password).
    pub fn name(&self, args: &DbArgs) -> String {
        match self {
            Db::Sqlite(_) => args.db.display().to_string(),
            Db::Postgres(s) => s.url().to_owned(),
        }
    }
}
