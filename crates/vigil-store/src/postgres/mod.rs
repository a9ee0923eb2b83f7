//! The shared store: PostgreSQL with PostGIS points and PostgreSQL's own full-text search, for a
//! team whose workers on many machines write into one database. Also the work queue those
//! workers claim documents from (see [`queue`]).
//!
//! Concurrency: every put takes a transaction-level advisory lock on its document id, then one
//! per (country, kind) its frames (and a replaced version's frames) belong to, in ascending key
//! order, so that two writers never merge into one candidate cluster at once and never wait on
//! each other in a cycle. A merge's component never leaves one country and kind (see
//! `merge::component`), so these locks serialise exactly the merges that could meet.

mod listing;
mod merging;
pub mod queue;
mod review;
mod schema;
mod search;
mod write;

pub(crate) use crate::lookup::published;
pub(crate) use crate::names::{kind_name, to_i64};
use crate::review::ledger;
use crate::{
    packed, ArticleFilter, ArticleSummary, Correction, EventChange, EventFilter, PutOutcome,
    ReviewEntry, SearchHit, SearchOptions, SourceRef, Stats, Store, StoreError,
};
use postgres::{Client, GenericClient, NoTls, Transaction};
use review::PgLedger;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use vigil_core::{ArticleKind, DocumentId, MergedEvent, Record};

/// Advisory lock held while migrating, so concurrent first opens migrate once.
const MIGRATION_LOCK: i64 = 0x5647_494C_0000_0001;

/// A [`Store`] in a PostgreSQL database (with the PostGIS and unaccent extensions). Any number
/// of `PostgresStore`s, in any number of processes on any number of machines, may write at once.
/// One value holds one connection; calls from several threads take turns on it.
pub struct PostgresStore {
    client: Mutex<Client>,
    url: String,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user:password@host:port/database`) and brings the schema
    /// up to date, in one transaction. Refuses a database of another application and one from a
    /// newer vigil. Errors name the URL without its password.
    pub fn open(url: &str) -> Result<PostgresStore, StoreError> {
        let shown = redact(url);
        let mut client = Client::connect(url, NoTls).map_err(|e| StoreError::Open {
            path: PathBuf::from(&shown),
            source: Box::new(e),
        })?;
        migrate(&mut client, &shown)?;
        Ok(PostgresStore {
            client: Mutex::new(client),
            url: shown,
        })
    }

    /// Whether `db` names a PostgreSQL database rather than a SQLite file.
    #[must_use]
    pub fn is_url(db: &str) -> bool {
        db.starts_with("postgres://") || db.starts_with("postgresql://")
    }

    /// The database's URL without its password.
    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The schema version this store is at (the number of migrations applied).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        let mut client = self.client()?;
        Ok(version(&mut *client)?.unwrap_or(0))
    }

    /// The newest schema version this vigil knows.
    #[must_use]
    pub fn latest_schema_version() -> i64 {
        schema::MIGRATIONS.len() as i64
    }

    fn client(&self) -> Result<MutexGuard<'_, Client>, StoreError> {
        self.client.lock().map_err(|_| {
            StoreError::Database("a thread panicked while using the connection".into())
        })
    }

    /// Runs `f` in one transaction and commits it.
    pub(crate) fn in_transaction<T>(
        &self,
        f: impl FnOnce(&mut Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let out = f(&mut tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// `url` with its password replaced by `***`, for messages.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.rsplit_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// The applied schema version, `None` when the database holds no vigil schema table.
fn version(client: &mut impl GenericClient) -> Result<Option<i64>, StoreError> {
    // A scan of the catalog, not to_regclass: the latter may answer from a cache that an
    // advisory lock does not refresh, and miss a schema another process has just committed.
    let exists: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_tables
                            WHERE schemaname = current_schema() AND tablename = 'vigil_schema')",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let row = client.query_opt("SELECT application, version FROM vigil_schema", &[])?;
    match row {
        Some(row) if row.get::<_, String>(0) == schema::APPLICATION => {
            Ok(Some(i64::from(row.get::<_, i32>(1))))
        }
        _ => Ok(Some(-1)),
    }
}

fn migrate(client: &mut Client, shown: &str) -> Result<(), StoreError> {
    let latest = PostgresStore::latest_schema_version();
    if version(client)? == Some(latest) {
        return Ok(()); // the usual case takes no lock
    }
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    let found = version(&mut tx)?;
    let not_vigil = || StoreError::NotVigil {
        path: PathBuf::from(shown),
    };
    let from = match found {
        Some(v) if v < 0 => return Err(not_vigil()),
        Some(v) if v > latest => {
            return Err(StoreError::SchemaTooNew {
                found: v,
                supported: latest,
            })
        }
        Some(v) => v,
        None => {
            let tables: i64 = tx
                .query_one(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
                    &[],
                )?
                .get(0);
            // PostGIS keeps spatial_ref_sys in the schema it is installed in.
            let own_extension: i64 = tx
                .query_one(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()
                     AND tablename = 'spatial_ref_sys'",
                    &[],
                )?
                .get(0);
            if tables > own_extension {
                return Err(not_vigil());
            }
            tx.batch_execute(
                "CREATE TABLE vigil_schema (application text NOT NULL, version integer NOT NULL);",
            )?;
            tx.execute(
                "INSERT INTO vigil_schema (application, version) VALUES ($1, 0)",
                &[&schema::APPLICATION],
            )?;
            0
        }
    };
    for (index, sql) in schema::MIGRATIONS.iter().enumerate().skip(from as usize) {
        let to = index as i32 + 1;
        tx.batch_execute(sql)
            .and_then(|()| {
                tx.execute("UPDATE vigil_schema SET version = $1", &[&to])
                    .map(drop)
            })
            .map_err(|e| StoreError::Migration {
                version: i64::from(to),
                source: Box::new(e),
            })?;
    }
    tx.commit()?;
    Ok(())
}

impl Store for PostgresStore {
    fn put(&self, record: &Record) -> Result<PutOutcome, StoreError> {
        let id = record.article.id.as_str();
        let packed = packed::for_put(record)?;
        {
            // Re-ingest fast path: an identical record needs no lock.
            let mut client = self.client()?;
            let stored =
                client.query_opt("SELECT record_digest FROM documents WHERE id = $1", &[&id])?;
            if stored.is_some_and(|r| r.get::<_, String>(0) == packed.digest) {
                return Ok(PutOutcome::Unchanged);
            }
        }
        self.in_transaction(|tx| write::put(tx, record, &packed))
    }

    fn contains(&self, id: &DocumentId) -> Result<bool, StoreError> {
        let mut client = self.client()?;
        Ok(client
            .query_opt("SELECT 1 FROM documents WHERE id = $1", &[&id.as_str()])?
            .is_some())
    }

    fn get(&self, id_or_prefix: &str) -> Result<Option<Record>, StoreError> {
        let wanted = id_or_prefix.trim();
        if wanted.is_empty() {
            return Err(StoreError::InvalidId(id_or_prefix.to_owned()));
        }
        let mut client = self.client()?;
        if let Some(record) = stored_record(&mut *client, wanted)? {
            return Ok(Some(record));
        }
        let prefix = if wanted.chars().all(|c| c.is_ascii_hexdigit()) {
            wanted.to_ascii_lowercase()
        } else {
            wanted.to_owned()
        };
        let upper = format!("{prefix}\u{10FFFF}");
        let ids: Vec<String> = client
            .query(
                "SELECT id FROM documents WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 2",
                &[&prefix, &upper],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        match ids.as_slice() {
            [] => Ok(None),
            [only] => stored_record(&mut *client, only),
            _ => {
                let count: i64 = client
                    .query_one(
                        "SELECT count(*) FROM documents WHERE id >= $1 AND id < $2",
                        &[&prefix, &upper],
                    )?
                    .get(0);
                Err(StoreError::AmbiguousId {
                    prefix: wanted.to_owned(),
                    count: count.max(0) as u64,
                })
            }
        }
    }

    fn articles(&self, filter: &ArticleFilter) -> Result<Vec<ArticleSummary>, StoreError> {
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let mut client = self.client()?;
        let rows = client.query(
            "SELECT d.id, d.uri, d.url, d.kind, d.not_article_reason, d.title,
                    d.published, d.published_precision, d.published_source,
                    d.byline, d.language, d.ingested_at, char_length(d.text)::bigint,
                    (SELECT count(*) FROM places p WHERE p.document_id = d.id),
                    (SELECT count(*) FROM events e WHERE e.document_id = d.id),
                    d.source_id
             FROM documents d
             WHERE ($1::text IS NULL OR d.kind = $1)
               AND ($2::text IS NULL OR substr(d.published, 1, 10) >= $2)
               AND ($3::text IS NULL OR substr(d.published, 1, 10) <= $3)
             ORDER BY d.published IS NULL, d.published DESC, d.ingested_at DESC, d.id
             LIMIT $4 OFFSET $5",
            &[
                &filter.kind.map(kind_name),
                &day(filter.since),
                &day(filter.until),
                &to_i64(filter.limit),
                &to_i64(filter.offset),
            ],
        )?;
        rows.iter().map(summary).collect()
    }

    fn search_with(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let mut client = self.client()?;
        search::search(&mut *client, query, options)
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<MergedEvent>, StoreError> {
        let mut out = Vec::new();
        let mut client = self.client()?;
        listing::merged_events(&mut client, filter, true, &mut |event| {
            out.push(event);
            Ok(())
        })?;
        Ok(out)
    }

    fn event(&self, id_or_alias_or_prefix: &str) -> Result<Option<MergedEvent>, StoreError> {
        let mut client = self.client()?;
        match listing::merged_event(&mut *client, id_or_alias_or_prefix)? {
            Some(event) => review::reviewed(&mut *client, event).map(Some),
            None => Ok(None),
        }
    }

    fn each_event(
        &self,
        filter: &EventFilter,
        sink: &mut dyn FnMut(MergedEvent) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut client = self.client()?;
        listing::merged_events(&mut client, filter, false, sink)
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        let mut client = self.client()?;
        let r = client.query_one(
            "SELECT (SELECT count(*) FROM documents),
                    (SELECT count(*) FROM documents WHERE kind = 'article'),
                    (SELECT count(*) FROM documents WHERE kind = 'not_article'),
                    (SELECT count(*) FROM places),
                    (SELECT count(*) FROM entities),
                    (SELECT count(*) FROM events),
                    (SELECT count(*) FROM merged_events)",
            &[],
        )?;
        let n = |i: usize| r.get::<_, i64>(i).max(0) as u64;
        Ok(Stats {
            documents: n(0),
            articles: n(1),
            not_articles: n(2),
            places: n(3),
            entities: n(4),
            events: n(5),
            merged_events: n(6),
        })
    }

    fn review(
        &self,
        event: &str,
        who: &str,
        correction: &Correction,
    ) -> Result<Option<MergedEvent>, StoreError> {
        let mut client = self.client()?;
        ledger::review(&mut PgLedger(&mut *client), event, who, correction)
    }

    fn merge_events(
        &self,
        events: &[&str],
        keep: Option<&str>,
        who: &str,
    ) -> Result<Option<MergedEvent>, StoreError> {
        self.in_transaction(|tx| ledger::merge(&mut PgLedger(tx), events, keep, who))
    }

    fn split_event(
        &self,
        event: &str,
        leave: &[SourceRef],
        who: &str,
    ) -> Result<Option<(MergedEvent, MergedEvent)>, StoreError> {
        self.in_transaction(|tx| ledger::split(&mut PgLedger(tx), event, leave, who))
    }

    fn review_history(&self, event: &str) -> Result<Vec<ReviewEntry>, StoreError> {
        let mut client = self.client()?;
        ledger::history(&mut PgLedger(&mut *client), event)
    }

    fn changes(&self, since: u64, limit: usize) -> Result<Vec<EventChange>, StoreError> {
        let mut client = self.client()?;
        ledger::changes(&mut PgLedger(&mut *client), since, limit)
    }
}

fn stored_record(client: &mut impl GenericClient, id: &str) -> Result<Option<Record>, StoreError> {
    let Some(row) = client.query_opt(
        "SELECT record_json, text FROM documents WHERE id = $1",
        &[&id],
    )?
    else {
        return Ok(None);
    };
    packed::unpack(row.get(0), row.get(1))
        .map(Some)
        .map_err(|e| StoreError::Corrupt {
            id: id.to_owned(),
            reason: e.to_string(),
        })
}

fn summary(row: &postgres::Row) -> Result<ArticleSummary, StoreError> {
    let id: String = row.get(0);
    let kind = match (row.get::<_, &str>(3), row.get::<_, Option<String>>(4)) {
        ("not_article", Some(reason)) => ArticleKind::NotArticle(reason),
        ("article", _) => ArticleKind::Article,
        (other, _) => {
            return Err(StoreError::Corrupt {
                id,
                reason: format!("unknown kind {other:?}"),
            })
        }
    };
    let count = |i: usize| usize::try_from(row.get::<_, i64>(i)).unwrap_or(0);
    Ok(ArticleSummary {
        published: published(&id, row.get(6), row.get(7), row.get(8))?,
        uri: row.get(1),
        url: row.get(2),
        kind,
        title: row.get(5),
        byline: row.get(9),
        language: row.get(10),
        ingested_at: row.get(11),
        chars: count(12),
        places: count(13),
        events: count(14),
        source_id: row.get(15),
        id: DocumentId(id),
    })
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://vigil:s3cret@db:5432/vigil"),
            "postgres://vigil:***@db:5432/vigil"
        );
        assert_eq!(
            redact("postgres://vigil@db/vigil"),
            "postgres://vigil@db/vigil"
        );
        assert_eq!(redact("postgres:///vigil"), "postgres:///vigil");
    }
}
