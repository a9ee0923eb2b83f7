//! The work queue in PostgreSQL: raw documents enqueued by `vigil ingest --enqueue`, claimed by
//! any number of workers with `SELECT … FOR UPDATE SKIP LOCKED`. A claim lives in the claiming
//! transaction, which also stores the record, merges it and marks the document done, so a
//! document is processed exactly once: a worker that dies (even by SIGKILL) loses its
//! connection, its transaction rolls back and the document is pending again for another.

use super::{write, PostgresStore};
use crate::{packed, PutOutcome, StoreError};
use serde::Serialize;
use vigil_core::{Document, Record};

/// What [`PostgresStore::enqueue`] did with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Enqueued {
    /// Now pending.
    Added,
    /// The queue holds it already (pending, done or failed): nothing was written.
    AlreadyQueued,
}

/// What [`PostgresStore::work_one`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum Worked {
    /// A document was processed and its record stored (or found stored unchanged).
    Stored { uri: String, outcome: PutOutcome },
    /// A document could not be processed or stored; it is marked failed with this reason.
    Failed { uri: String, reason: String },
    /// Nothing pending that no other worker holds.
    Idle,
}

/// How the queue stands: documents by state, and each worker's recent rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueStatus {
    pub pending: u64,
    pub done: u64,
    pub failed: u64,
    /// Documents being processed now (pending, claimed by a worker's open transaction).
    pub in_progress: u64,
    pub workers: Vec<WorkerRate>,
}

/// One worker's work, by the name it gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkerRate {
    pub worker: String,
    pub done: u64,
    pub failed: u64,
    /// Documents per second over the last minute.
    pub per_second: f64,
    /// When it last finished a document (RFC 3339).
    pub last_seen: String,
}

/// The `application_name` of worker connections (see [`PostgresStore::open_worker`]).
const WORKER_APPLICATION: &str = "vigil-worker";

impl PostgresStore {
    /// Opens a connection for a worker: as [`PostgresStore::open`], named so that
    /// [`PostgresStore::queue_status`] can count the documents workers hold.
    pub fn open_worker(url: &str) -> Result<PostgresStore, StoreError> {
        let separator = if url.contains('?') { '&' } else { '?' };
        PostgresStore::open(&format!(
            "{url}{separator}application_name={WORKER_APPLICATION}"
        ))
    }

    /// Adds a raw document to the queue as pending, unless the queue has it already.
    pub fn enqueue(&self, document: &Document) -> Result<Enqueued, StoreError> {
        let json = serde_json::to_string(document).map_err(|e| StoreError::InvalidRecord {
            id: document.id.to_string(),
            reason: format!("document: {e}"),
        })?;
        let mut client = self.client()?;
        let added = client.execute(
            "INSERT INTO queue (id, uri, document) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO NOTHING",
            &[&document.id.as_str(), &document.uri, &json],
        )?;
        Ok(if added == 0 {
            Enqueued::AlreadyQueued
        } else {
            Enqueued::Added
        })
    }

    /// Claims one pending document, runs `process` on it and stores the record, all in one
    /// transaction that marks the document done (or failed, with the reason) under `worker`'s
    /// name. Documents other workers hold are skipped, never waited for.
    pub fn work_one(
        &self,
        worker: &str,
        process: &dyn Fn(&Document) -> Result<Record, String>,
    ) -> Result<Worked, StoreError> {
        self.in_transaction(|tx| {
            let Some(row) = tx.query_opt(
                "SELECT id, uri, document FROM queue WHERE state = 'pending'
                 ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED",
                &[],
            )?
            else {
                return Ok(Worked::Idle);
            };
            let id: String = row.get(0);
            let uri: String = row.get(1);
            let stored = serde_json::from_str::<Document>(row.get(2))
                .map_err(|e| format!("queued document is unreadable: {e}"))
                .and_then(|doc| process(&doc));
            let result = match stored {
                Ok(record) => {
                    // A savepoint: a failed put leaves the claim, and its failure, to record.
                    let mut put = tx.transaction()?;
                    let outcome = packed::pack(&record)
                        .and_then(|packed| write::put(&mut put, &record, &packed));
                    match outcome {
                        Ok(outcome) => {
                            put.commit()?;
                            Ok(outcome)
                        }
                        Err(e) => {
                            put.rollback()?;
                            Err(error_chain(&e))
                        }
                    }
                }
                Err(reason) => Err(reason),
            };
            let (state, outcome, error) = match &result {
                Ok(outcome) => ("done", crate::names::serde_name(outcome), None),
                Err(reason) => ("failed", None, Some(reason.as_str())),
            };
            tx.execute(
                "UPDATE queue SET state = $2, worker = $3, outcome = $4, error = $5,
                     done_at = now()
                 WHERE id = $1",
                &[&id, &state, &worker, &outcome, &error],
            )?;
            Ok(match result {
                Ok(outcome) => Worked::Stored { uri, outcome },
                Err(reason) => Worked::Failed { uri, reason },
            })
        })
    }

    /// How many documents are pending (claimed or not).
    pub fn pending(&self) -> Result<u64, StoreError> {
        let mut client = self.client()?;
        let n: i64 = client
            .query_one("SELECT count(*) FROM queue WHERE state = 'pending'", &[])?
            .get(0);
        Ok(n.max(0) as u64)
    }

    /// The queue's depth by state and each worker's rate over the last minute.
    pub fn queue_status(&self) -> Result<QueueStatus, StoreError> {
        let mut client = self.client()?;
        let counts = client.query_one(
            "SELECT count(*) FILTER (WHERE state = 'pending'),
                    count(*) FILTER (WHERE state = 'done'),
                    count(*) FILTER (WHERE state = 'failed')
             FROM queue",
            &[],
        )?;
        // Each worker connection inside a transaction holds one document (found without
        // touching the queue's row locks, so workers never skip rows because of a status).
        let in_progress: i64 = client
            .query_one(
                "SELECT count(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND application_name = $1
                   AND xact_start IS NOT NULL AND pid <> pg_backend_pid()",
                &[&WORKER_APPLICATION],
            )?
            .get(0);
        let n = |v: i64| v.max(0) as u64;
        let pending: i64 = counts.get(0);
        let workers = client
            .query(
                "SELECT worker, count(*) FILTER (WHERE state = 'done'),
                        count(*) FILTER (WHERE state = 'failed'),
                        count(*) FILTER (WHERE done_at > now() - interval '1 minute'),
                        to_char(max(done_at) AT TIME ZONE 'UTC',
                                'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
                 FROM queue WHERE worker IS NOT NULL
                 GROUP BY worker ORDER BY worker",
                &[],
            )?
            .iter()
            .map(|r| WorkerRate {
                worker: r.get(0),
                done: n(r.get(1)),
                failed: n(r.get(2)),
                per_second: r.get::<_, i64>(3) as f64 / 60.0,
                last_seen: r.get(4),
            })
            .collect();
        Ok(QueueStatus {
            pending: n(pending),
            done: n(counts.get(1)),
            failed: n(counts.get(2)),
            in_progress: n(in_progress.min(pending)),
            workers,
        })
    }
}

/// An error and its causes in one line, each said once.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        out.push_str(": ");
        out.push_str(&e.to_string());
        cause = e.source();
    }
    out
}
