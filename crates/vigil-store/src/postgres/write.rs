//! Writing one record and its merge inside the caller's transaction, under advisory locks.

use super::merging;
use crate::packed::Packed;
use crate::{merge, rows, PutOutcome, StoreError};
use postgres::types::ToSql;
use postgres::Transaction;
use std::collections::{BTreeSet, HashMap};
use vigil_core::Record;

/// Stores `record` in the caller's transaction: the document lock, then the merge locks, then
/// the rows and the merge. The caller commits.
pub(crate) fn put(
    tx: &mut Transaction<'_>,
    record: &Record,
    packed: &Packed,
) -> Result<PutOutcome, StoreError> {
    let id = record.article.id.as_str();
    tx.execute(
        "SELECT pg_advisory_xact_lock($1)",
        &[&lock_id("document", id)],
    )?;
    let existing = tx.query_opt(
        "SELECT record_digest, ingested_at FROM documents WHERE id = $1",
        &[&id],
    )?;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let mut keys = merge::lock_keys(&record.events);
    if existing.is_some() {
        // A replaced version's frames re-merge too: their clusters are locked as well.
        let rows = tx.query(
            "SELECT DISTINCT country_code, kind FROM events
             WHERE document_id = $1 AND country_code IS NOT NULL",
            &[&id],
        )?;
        keys.extend(
            rows.iter()
                .map(|r| format!("{}:{}", r.get::<_, &str>(0), r.get::<_, &str>(1))),
        );
    }
    let locks: BTreeSet<i64> = keys.iter().map(|k| lock_id("cluster", k)).collect();
    for lock in locks {
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&lock])?;
    }
    let (outcome, ingested_at, vacated) = match existing {
        Some(row) if row.get::<_, &str>(0) == packed.digest => return Ok(PutOutcome::Unchanged),
        Some(row) => {
            let vacated = merging::events_of_document(tx, id)?;
            tx.execute("DELETE FROM documents WHERE id = $1", &[&id])?;
            (PutOutcome::Updated, row.get::<_, String>(1), vacated)
        }
        None => (PutOutcome::Inserted, now.clone(), Vec::new()),
    };
    rows(tx, record, packed, &ingested_at)?;
    merging::remerge(tx, id, &vacated, &now)?;
    Ok(outcome)
}

/// A 64-bit advisory lock key for `key` in the namespace `what`.
pub(super) fn lock_id(what: &str, key: &str) -> i64 {
    let hash = blake3::hash(format!("vigil:{what}:{key}").as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&hash.as_bytes()[..8]);
    i64::from_le_bytes(bytes)
}

/// The record's rows: each table's insert prepared once per put.
fn rows(
    tx: &mut Transaction<'_>,
    record: &Record,
    packed: &Packed,
    ingested_at: &str,
) -> Result<(), StoreError> {
    let mut prepared: HashMap<&'static str, postgres::Statement> = HashMap::new();
    for (table, values) in rows::of(record, packed, ingested_at)? {
        let statement = match prepared.get(table.name) {
            Some(statement) => statement.clone(),
            None => {
                let statement = tx.prepare(&table.insert(|i| format!("${i}")))?;
                prepared.insert(table.name, statement.clone());
                statement
            }
        };
        let params: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        tx.execute(&statement, &params)?;
    }
    Ok(())
}
