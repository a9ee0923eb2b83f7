//! Review and change-feed tables: analyst corrections keyed by event id (re-applied on every
//! read, found again through aliases after a re-merge) and a log of every merged event written,
//! removed, merged away or reviewed, filled by triggers so the merging code need not know.

use super::listing;
use crate::review::{ChangeKind, Correction, EventChange, ReviewEntry};
use crate::StoreError;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet};
use vigil_core::MergedEvent;

/// Schema version 3: `review_changes` (who changed which field of which event, before and
/// after) and `event_log` (the change feed). `IF NOT EXISTS` throughout: a database taken
/// back to an older version by dropping later tables (as the upgrade tests do) may keep these.
pub(crate) const V3: &str = r#"
CREATE TABLE IF NOT EXISTS review_changes (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    at       TEXT NOT NULL,
    who      TEXT NOT NULL,
    field    TEXT NOT NULL,
    before   TEXT NOT NULL,
    after    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_changes_event ON review_changes (event_id);

CREATE TABLE IF NOT EXISTS event_log (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    -- insert, delete, merged (into `other`), reviewed
    op       TEXT NOT NULL,
    other    TEXT
);
CREATE INDEX IF NOT EXISTS event_log_event ON event_log (event_id, seq);
CREATE TRIGGER IF NOT EXISTS event_log_insert AFTER INSERT ON merged_events BEGIN
    INSERT INTO event_log (event_id, op) VALUES (new.id, 'insert');
END;
CREATE TRIGGER IF NOT EXISTS event_log_delete AFTER DELETE ON merged_events BEGIN
    INSERT INTO event_log (event_id, op) VALUES (old.id, 'delete');
END;
CREATE TRIGGER IF NOT EXISTS event_log_alias AFTER INSERT ON event_aliases BEGIN
    INSERT INTO event_log (event_id, op, other) VALUES (new.alias, 'merged', new.event_id);
END;
CREATE TRIGGER IF NOT EXISTS event_log_review AFTER INSERT ON review_changes BEGIN
    INSERT INTO event_log (event_id, op) VALUES (new.event_id, 'reviewed');
END;
"#;

/// Every id an event has had: its own, its aliases, and ids recorded as merged into it.
fn ids_of(conn: &Connection, event: &MergedEvent) -> Result<Vec<String>, StoreError> {
    let mut ids: BTreeSet<String> = event.aliases.iter().cloned().collect();
    ids.insert(event.id.clone());
    let mut stmt = conn.prepare_cached("SELECT alias FROM event_aliases WHERE event_id = ?1")?;
    for alias in stmt.query_map([&event.id], |r| r.get::<_, String>(0))? {
        ids.insert(alias?);
    }
    Ok(ids.into_iter().collect())
}

/// The event with every analyst correction made to it (under any of its ids) applied in order.
pub(super) fn reviewed(
    conn: &Connection,
    mut event: MergedEvent,
) -> Result<MergedEvent, StoreError> {
    let any: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM review_changes)")?
        .query_row([], |r| r.get(0))?;
    if !any {
        return Ok(event);
    }
    for entry in history_of(conn, &event)? {
        let value = serde_json::json!({ "field": entry.field, "value": entry.after });
        let correction: Correction =
            serde_json::from_value(value).map_err(|e| StoreError::Corrupt {
                id: event.id.clone(),
                reason: format!("review change {}: {e}", entry.seq),
            })?;
        correction.apply(&mut event);
    }
    Ok(event)
}

fn history_of(conn: &Connection, event: &MergedEvent) -> Result<Vec<ReviewEntry>, StoreError> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT seq, event_id, at, who, field, before, after FROM review_changes
         WHERE event_id = ?1",
    )?;
    for id in ids_of(conn, event)? {
        let rows = stmt.query_map([&id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        for row in rows {
            let (seq, event_id, at, who, field, before, after) = row?;
            let json = |s: &str| {
                serde_json::from_str(s).map_err(|e| StoreError::Corrupt {
                    id: event_id.clone(),
                    reason: format!("review change {seq}: {e}"),
                })
            };
            out.push(ReviewEntry {
                seq: seq.max(0) as u64,
                before: json(&before)?,
                after: json(&after)?,
                event_id: event_id.clone(),
                at,
                who,
                field,
            });
        }
    }
    out.sort_by_key(|e| e.seq);
    Ok(out)
}

/// Records a correction to the event with this id, alias or prefix; the event as it reads now.
pub(super) fn review(
    conn: &Connection,
    id: &str,
    who: &str,
    correction: &Correction,
) -> Result<Option<MergedEvent>, StoreError> {
    let Some(event) = listing::merged_event(conn, id)? else {
        return Ok(None);
    };
    let value = |c: &Correction| -> Result<String, StoreError> {
        let v = serde_json::to_value(c).map_err(|e| StoreError::InvalidRecord {
            id: event.id.clone(),
            reason: format!("correction: {e}"),
        })?;
        Ok(v.get("value").cloned().unwrap_or_default().to_string())
    };
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    conn.prepare_cached(
        "INSERT INTO review_changes (event_id, at, who, field, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        event.id,
        now,
        who,
        correction.field(),
        value(&correction.current(&event))?,
        value(correction)?,
    ])?;
    listing::merged_event(conn, &event.id)
}

/// The analyst changes of the event with this id, alias or prefix, oldest first.
pub(super) fn history(conn: &Connection, id: &str) -> Result<Vec<ReviewEntry>, StoreError> {
    match listing::merged_event(conn, id)? {
        Some(event) => history_of(conn, &event),
        None => Ok(Vec::new()),
    }
}

/// Events created, updated, merged or deleted after feed position `since`, at most `limit`
/// log entries read; one change per event, in the order of its last entry.
pub(super) fn changes(
    conn: &Connection,
    since: u64,
    limit: usize,
) -> Result<Vec<EventChange>, StoreError> {
    let since = i64::try_from(since).unwrap_or(i64::MAX);
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(
        "SELECT seq, event_id, op, other FROM event_log WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    // Per event: (last seq, first op, merged into).
    let mut seen: BTreeMap<String, (i64, String, Option<String>)> = BTreeMap::new();
    let rows = stmt.query_map(params![since, limit], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    for row in rows {
        let (seq, id, op, other) = row?;
        let slot = seen.entry(id).or_insert((seq, op.clone(), None));
        slot.0 = seq;
        if op == "merged" {
            slot.2 = other;
        }
    }
    let mut exists =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM merged_events WHERE id = ?1)")?;
    let mut earlier =
        conn.prepare_cached("SELECT seq FROM event_log WHERE event_id = ?1 AND seq <= ?2 LIMIT 1")?;
    let mut out = Vec::new();
    for (id, (seq, first, into)) in seen {
        let now: bool = exists.query_row([&id], |r| r.get(0))?;
        let before: Option<i64> = earlier
            .query_row(params![id, since], |r| r.get(0))
            .optional()?;
        let change = match (now, &into) {
            (false, Some(_)) => ChangeKind::Merged,
            (false, None) => ChangeKind::Deleted,
            (true, _) if first == "insert" && before.is_none() => ChangeKind::Created,
            (true, _) => ChangeKind::Updated,
        };
        out.push(EventChange {
            seq: seq.max(0) as u64,
            event_id: id,
            change,
            into: if change == ChangeKind::Merged {
                into
            } else {
                None
            },
        });
    }
    out.sort_by_key(|c| c.seq);
    Ok(out)
}
