//! The embedded store: one SQLite file in WAL mode with an FTS5 index.

mod listing;
mod merging;
mod review;
mod schema;

pub(crate) use crate::names::{kind_name, to_i64};
use crate::review::ledger;
use crate::{
    packed, query, ArticleFilter, ArticleSummary, Correction, EventChange, EventFilter, Prepared,
    PutOutcome, ReviewEntry, SearchHit, SearchOptions, SourceRef, Stats, Store, StoreError,
};
use review::SqliteLedger;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;
use vigil_core::{DocumentId, MergedEvent, Record};

/// How long a writer waits for another connection's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A [`Store`] in one SQLite file (WAL mode, FTS5). Several `SqliteStore`s, in one process or
/// many, may open the same file; writes are serialised by SQLite. One value is not `Sync`:
/// give each thread its own (opening is cheap once the schema is current).
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        // SQLite's advice for long-lived connections: refresh planner statistics on close.
        // Best effort with a short wait, so closing never stalls behind another writer.
        let _ = self.conn.busy_timeout(Duration::from_millis(100));
        let _ = self.conn.execute_batch("PRAGMA optimize");
    }
}

impl SqliteStore {
    /// Opens (or creates) the database at `path` and brings its schema up to date, in one
    /// transaction. Refuses a file of another application and one from a newer vigil.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref().to_path_buf();
        let open_error = |e: rusqlite::Error| StoreError::Open {
            path: path.clone(),
            source: open_cause(&path, e),
        };
        let conn = Connection::open(&path).map_err(open_error)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_error)?;
        // The first statement that reads the file: a non-SQLite file fails here.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(open_error)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Open {
                path,
                source: format!("cannot switch to WAL mode (journal mode stays {mode:?})").into(),
            });
        }
        Self::prepare(conn, path)
    }

    /// A private database in memory, for tests and one-off runs.
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let conn = Connection::open_in_memory()?;
        Self::prepare(conn, PathBuf::from(":memory:"))
    }

    /// The schema version this store is at (the number of migrations applied).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// The newest schema version this vigil knows.
    #[must_use]
    pub fn latest_schema_version() -> i64 {
        schema::MIGRATIONS.len() as i64
    }

    /// Runs SQLite's and FTS5's own consistency checks; `Ok(())` when both pass.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let problems: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        if problems != ["ok"] {
            return Err(StoreError::Corrupt {
                id: "(database)".to_owned(),
                reason: problems.join("; "),
            });
        }
        self.conn
            .execute(
                "INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)",
                [],
            )
            .map_err(|e| StoreError::Corrupt {
                id: "(search index)".to_owned(),
                reason: e.to_string(),
            })?;
        Ok(())
    }

    fn prepare(conn: Connection, path: PathBuf) -> Result<SqliteStore, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // NORMAL in WAL mode: a commit survives a crash of the process, and only the last
        // commits can be lost on power failure; the database is never corrupted.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let store = SqliteStore { conn, path };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&self) -> Result<(), StoreError> {
        let latest = Self::latest_schema_version();
        if self.schema_version()? == latest && self.application_id()? == schema::APPLICATION_ID {
            return Ok(()); // the usual case takes no write lock
        }
        // IMMEDIATE: two processes opening a new file at once must not both migrate it.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let app_id = self.application_id()?;
        if version > latest {
            return Err(StoreError::SchemaTooNew {
                found: version,
                supported: latest,
            });
        }
        let objects: i64 = tx.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        let foreign = if app_id == 0 {
            version != 0 || objects != 0
        } else {
            app_id != schema::APPLICATION_ID
        };
        if foreign {
            return Err(StoreError::NotVigil {
                path: self.path.clone(),
            });
        }
        for (from, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            let to = from as i64 + 1;
            tx.execute_batch(sql)
                .and_then(|()| tx.pragma_update(None, "user_version", to))
                .map_err(|e| StoreError::Migration {
                    version: to,
                    source: Box::new(e),
                })?;
        }
        if version < schema::MERGED_EVENTS_SINCE {
            let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            merging::merge_unmerged(&tx, &now)?;
        }
        tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
        tx.commit()?;
        Ok(())
    }

    fn application_id(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))?)
    }

    /// The stored record with exactly this id.
    fn stored_record(conn: &Connection, id: &str) -> Result<Option<Record>, StoreError> {
        let row: Option<(String, String)> = conn
            .query_row(
                "SELECT record_json, text FROM documents WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((json, text)) = row else {
            return Ok(None);
        };
        packed::unpack(&json, &text)
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                id: id.to_owned(),
                reason: e.to_string(),
            })
    }

    fn stored_digest(conn: &Connection, id: &str) -> Result<Option<String>, StoreError> {
        Ok(conn
            .query_row(
                "SELECT record_digest FROM documents WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Up to two ids starting with `prefix` (two are enough to call it ambiguous), and how many
    /// there are in all.
    fn ids_with_prefix(&self, prefix: &str) -> Result<(Vec<String>, u64), StoreError> {
        // A range scan on the unique index; U+10FFFF sorts after every character in UTF-8.
        let upper = format!("{prefix}\u{10FFFF}");
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM documents WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2",
        )?;
        let ids: Vec<String> = stmt
            .query_map(params![prefix, upper], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if ids.len() < 2 {
            let n = ids.len() as u64;
            return Ok((ids, n));
        }
        let count: i64 = self.conn.query_row(
            "SELECT count(*) FROM documents WHERE id >= ?1 AND id < ?2",
            params![prefix, upper],
            |r| r.get(0),
        )?;
        Ok((ids, count.max(0) as u64))
    }
}

impl SqliteStore {
    /// Runs an analyst's merge or split in one write transaction.
    fn analyst_write<T>(
        &self,
        f: impl FnOnce(&mut SqliteLedger<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let out = f(&mut SqliteLedger(&tx))?;
        tx.commit()?;
        Ok(out)
    }

    /// Writes one record inside the caller's transaction (see [`Store::put`]).
    fn put_in(
        tx: &Transaction<'_>,
        record: &Record,
        packed: &packed::Packed,
    ) -> Result<PutOutcome, StoreError> {
        let id = record.article.id.as_str();
        let existing: Option<(String, String)> = tx
            .prepare_cached("SELECT record_digest, ingested_at FROM documents WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let (outcome, ingested_at, vacated) = match existing {
            Some((digest, _)) if digest == packed.digest => return Ok(PutOutcome::Unchanged),
            Some((_, ingested_at)) => {
                let vacated = merging::events_of_document(tx, id)?;
                // Children go with it (ON DELETE CASCADE), the FTS entry by trigger.
                tx.prepare_cached("DELETE FROM documents WHERE id = ?1")?
                    .execute([id])?;
                (PutOutcome::Updated, ingested_at, vacated)
            }
            None => (PutOutcome::Inserted, now.clone(), Vec::new()),
        };
        write::record(tx, record, packed, &ingested_at)?;
        merging::remerge(tx, id, &vacated, &now)?;
        Ok(outcome)
    }
}

impl Store for SqliteStore {
    fn put(&self, record: &Record) -> Result<PutOutcome, StoreError> {
        let packed = packed::for_put(record)?;
        // Re-ingest fast path: an identical record needs no write lock.
        let id = record.article.id.as_str();
        if Self::stored_digest(&self.conn, id)?.as_deref() == Some(packed.digest.as_str()) {
            return Ok(PutOutcome::Unchanged);
        }
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let outcome = Self::put_in(&tx, record, &packed)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// One transaction for the whole batch, each record inside a savepoint of its own, so a
    /// record that fails is rolled back alone. The commit at the end is what makes the batch
    /// durable: nothing is reported stored before it.
    fn put_many(&self, records: &[Prepared]) -> Vec<Result<PutOutcome, StoreError>> {
        let tx = match Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate) {
            Ok(tx) => tx,
            Err(e) => return failed_batch(records.len(), &e),
        };
        let mut outcomes = Vec::with_capacity(records.len());
        for prepared in records {
            let record = prepared.record();
            let packed = match prepared.packed() {
                Ok(packed) => packed,
                Err(e) => {
                    outcomes.push(Err(e));
                    continue;
                }
            };
            let outcome = tx
                .execute_batch("SAVEPOINT put_one")
                .map_err(StoreError::from)
                .and_then(|()| Self::put_in(&tx, record, packed));
            let end = if outcome.is_ok() {
                "RELEASE put_one"
            } else {
                "ROLLBACK TO put_one; RELEASE put_one"
            };
            let outcome = match tx.execute_batch(end) {
                Ok(()) => outcome,
                Err(e) => Err(e.into()),
            };
            outcomes.push(outcome);
        }
        match tx.commit() {
            Ok(()) => outcomes,
            Err(e) => failed_batch(records.len(), &e),
        }
    }

    fn contains(&self, id: &DocumentId) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM documents WHERE id = ?1",
                [id.as_str()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    fn get(&self, id_or_prefix: &str) -> Result<Option<Record>, StoreError> {
        let wanted = id_or_prefix.trim();
        if wanted.is_empty() {
            return Err(StoreError::InvalidId(id_or_prefix.to_owned()));
        }
        if let Some(record) = Self::stored_record(&self.conn, wanted)? {
            return Ok(Some(record));
        }
        // Ids are lowercase hex; accept what a user may paste in upper case.
        let prefix = if wanted.chars().all(|c| c.is_ascii_hexdigit()) {
            wanted.to_ascii_lowercase()
        } else {
            wanted.to_owned()
        };
        let (ids, count) = self.ids_with_prefix(&prefix)?;
        match ids.as_slice() {
            [] => Ok(None),
            [only] => Self::stored_record(&self.conn, only),
            _ => Err(StoreError::AmbiguousId {
                prefix: wanted.to_owned(),
                count,
            }),
        }
    }

    fn articles(&self, filter: &ArticleFilter) -> Result<Vec<ArticleSummary>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.uri, d.url, d.kind, d.not_article_reason, d.title,
                    d.published, d.published_precision, d.published_source,
                    d.byline, d.language, d.ingested_at, length(d.text),
                    (SELECT count(*) FROM places p WHERE p.document_id = d.id),
                    (SELECT count(*) FROM events e WHERE e.document_id = d.id),
                    d.source_id
             FROM documents d
             WHERE (?1 IS NULL OR d.kind = ?1)
               AND (?2 IS NULL OR substr(d.published, 1, 10) >= ?2)
               AND (?3 IS NULL OR substr(d.published, 1, 10) <= ?3)
             ORDER BY d.published IS NULL, d.published DESC, d.ingested_at DESC, d.id
             LIMIT ?4 OFFSET ?5",
        )?;
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let rows = stmt.query_map(
            params![
                filter.kind.map(kind_name),
                day(filter.since),
                day(filter.until),
                to_i64(filter.limit),
                to_i64(filter.offset),
            ],
            read::summary_columns,
        )?;
        let mut out = Vec::new();
        for row in rows {
            out.push(read::summary(row?)?);
        }
        Ok(out)
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<MergedEvent>, StoreError> {
        let mut out = Vec::new();
        listing::merged_events(&self.conn, filter, true, &mut |event| {
            out.push(event);
            Ok(())
        })?;
        Ok(out)
    }

    fn event(&self, id_or_alias_or_prefix: &str) -> Result<Option<MergedEvent>, StoreError> {
        listing::merged_event(&self.conn, id_or_alias_or_prefix)
    }

    fn each_event(
        &self,
        filter: &EventFilter,
        sink: &mut dyn FnMut(MergedEvent) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        listing::merged_events(&self.conn, filter, false, sink)
    }

    fn review(
        &self,
        event: &str,
        who: &str,
        correction: &Correction,
    ) -> Result<Option<MergedEvent>, StoreError> {
        ledger::review(&mut SqliteLedger(&self.conn), event, who, correction)
    }

    fn merge_events(
        &self,
        events: &[&str],
        keep: Option<&str>,
        who: &str,
    ) -> Result<Option<MergedEvent>, StoreError> {
        self.analyst_write(|l| ledger::merge(l, events, keep, who))
    }

    fn split_event(
        &self,
        event: &str,
        leave: &[SourceRef],
        who: &str,
    ) -> Result<Option<(MergedEvent, MergedEvent)>, StoreError> {
        self.analyst_write(|l| ledger::split(l, event, leave, who))
    }

    fn review_history(&self, event: &str) -> Result<Vec<ReviewEntry>, StoreError> {
        ledger::history(&mut SqliteLedger(&self.conn), event)
    }

    fn changes(&self, since: u64, limit: usize) -> Result<Vec<EventChange>, StoreError> {
        ledger::changes(&mut SqliteLedger(&self.conn), since, limit)
    }

    fn search_with(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let fts = query::to_fts5(query)?;
        // Weights per FTS column (title, caption, text): a title match outranks a body match.
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.uri, d.title, d.published, d.published_precision, d.published_source,
                    bm25(documents_fts, 10.0, 3.0, 1.0) AS score,
                    snippet(documents_fts, 2, ?3, ?4, ?5, ?6),
                    snippet(documents_fts, -1, ?3, ?4, ?5, ?6)
             FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid
             WHERE documents_fts MATCH ?1 AND (?2 IS NULL OR d.kind = ?2)
             ORDER BY score, d.id
             LIMIT ?7 OFFSET ?8",
        )?;
        let words = options.snippet_words.clamp(1, 64) as i64;
        let rows = stmt.query_map(
            params![
                fts,
                options.kind.map(kind_name),
                options.open,
                options.close,
                options.ellipsis,
                words,
                to_i64(options.limit),
                to_i64(options.offset),
            ],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    (
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                    ),
                    r.get::<_, f64>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                ))
            },
        )?;
        let mut hits = Vec::new();
        for row in rows {
            let (id, uri, title, (value, precision, source), bm25, in_text, anywhere) = row?;
            // Prefer a passage of the body; when only the title or caption matched, show that.
            let in_text = in_text.filter(|s| !options.open.is_empty() && s.contains(&options.open));
            let snippet = in_text.or(anywhere).unwrap_or_default();
            hits.push(SearchHit {
                published: read::published(&id, value, precision, source)?,
                id: DocumentId(id),
                uri,
                title,
                score: -bm25,
                snippet,
            });
        }
        Ok(hits)
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        let row = self.conn.query_row(
            "SELECT (SELECT count(*) FROM documents),
                    (SELECT count(*) FROM documents WHERE kind = 'article'),
                    (SELECT count(*) FROM documents WHERE kind = 'not_article'),
                    (SELECT count(*) FROM places),
                    (SELECT count(*) FROM entities),
                    (SELECT count(*) FROM events),
                    (SELECT count(*) FROM merged_events)",
            [],
            |r| {
                let n = |i: usize| r.get::<_, i64>(i).map(|v| v.max(0) as u64);
                Ok(Stats {
                    documents: n(0)?,
                    articles: n(1)?,
                    not_articles: n(2)?,
                    places: n(3)?,
                    entities: n(4)?,
                    events: n(5)?,
                    merged_events: n(6)?,
                })
            },
        )?;
        Ok(row)
    }
}

/// The outcome of every record of a batch whose transaction could not begin or commit.
fn failed_batch(n: usize, e: &rusqlite::Error) -> Vec<Result<PutOutcome, StoreError>> {
    (0..n)
        .map(|_| {
            Err(StoreError::Database(
                format!("the batch's transaction failed: {e}").into(),
            ))
        })
        .collect()
}

/// Why SQLite could not open `path`, in words that do not repeat the path (the caller names it):
/// a missing folder or a read-only one is said plainly, other failures by SQLite's own words.
fn open_cause(path: &Path, e: rusqlite::Error) -> Box<dyn std::error::Error + Send + Sync> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(folder) = folder {
        if !folder.is_dir() {
            return format!("folder {} does not exist", folder.display()).into();
        }
    }
    match e {
        // SQLite's own words for the code ("unable to open database file", "file is not a
        // database"), without rusqlite's "Error code N:" prefix or the path it appends.
        rusqlite::Error::SqliteFailure(failure, _) => {
            let words = failure.to_string();
            let words = words.split_once(": ").map_or(words.as_str(), |(_, w)| w);
            words.to_owned().into()
        }
        other => Box::new(other),
    }
}

/// Writing one record's rows inside the caller's transaction.
mod write {
    use crate::{packed::Packed, rows, StoreError};
    use rusqlite::Transaction;
    use vigil_core::Record;

    pub(super) fn record(
        tx: &Transaction<'_>,
        record: &Record,
        packed: &Packed,
        ingested_at: &str,
    ) -> Result<(), StoreError> {
        for (table, values) in rows::of(record, packed, ingested_at)? {
            tx.prepare_cached(&table.insert(|i| format!("?{i}")))?
                .execute(rusqlite::params_from_iter(values.iter()))?;
        }
        Ok(())
    }
}

/// Turning rows back into values.
mod read {
    use super::StoreError;
    use crate::ArticleSummary;
    use rusqlite::Row;
    use vigil_core::{ArticleKind, DocumentId};

    type PublishedColumns = (Option<String>, Option<String>, Option<String>);

    pub(super) struct SummaryRow {
        id: String,
        uri: String,
        url: Option<String>,
        kind: String,
        reason: Option<String>,
        title: Option<String>,
        published: PublishedColumns,
        byline: Option<String>,
        language: Option<String>,
        ingested_at: String,
        chars: i64,
        places: i64,
        events: i64,
        source_id: Option<String>,
    }

    pub(super) fn summary_columns(r: &Row<'_>) -> rusqlite::Result<SummaryRow> {
        Ok(SummaryRow {
            id: r.get(0)?,
            uri: r.get(1)?,
            url: r.get(2)?,
            kind: r.get(3)?,
            reason: r.get(4)?,
            title: r.get(5)?,
            published: (r.get(6)?, r.get(7)?, r.get(8)?),
            byline: r.get(9)?,
            language: r.get(10)?,
            ingested_at: r.get(11)?,
            chars: r.get(12)?,
            places: r.get(13)?,
            events: r.get(14)?,
            source_id: r.get(15)?,
        })
    }

    pub(super) fn summary(row: SummaryRow) -> Result<ArticleSummary, StoreError> {
        let kind = match (row.kind.as_str(), row.reason) {
            ("not_article", Some(reason)) => ArticleKind::NotArticle(reason),
            ("article", _) => ArticleKind::Article,
            (other, _) => {
                return Err(StoreError::Corrupt {
                    id: row.id,
                    reason: format!("unknown kind {other:?}"),
                })
            }
        };
        let (value, precision, source) = row.published;
        let count = |n: i64| usize::try_from(n).unwrap_or(0);
        Ok(ArticleSummary {
            published: published(&row.id, value, precision, source)?,
            id: DocumentId(row.id),
            uri: row.uri,
            url: row.url,
            kind,
            title: row.title,
            byline: row.byline,
            language: row.language,
            source_id: row.source_id,
            ingested_at: row.ingested_at,
            chars: count(row.chars),
            places: count(row.places),
            events: count(row.events),
        })
    }

    pub(super) use crate::lookup::published;
}
