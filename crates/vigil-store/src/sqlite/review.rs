//! Review and change-feed tables: analyst corrections keyed by event id (re-applied on every
//! read, found again through aliases after a re-merge) and a log of every merged event written,
//! removed, merged away or reviewed, filled by triggers so the merging code need not know.

use super::{listing, merging, to_i64};
use crate::merge::{Link, MentionKey};
use crate::review::ledger::{self, Ledger, LogRow, Relink, StoredChange};
use crate::StoreError;
use rusqlite::{params, Connection, OptionalExtension};
use vigil_core::{DocumentId, MergedEvent};

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

/// Schema version 4: `analyst_links`, an analyst's merges and splits as links between two
/// frames (`a` ≤ `b` by key; together or apart; a frame linked to itself leads its event), which
/// every later merge reads (see `merge::Constraints`). `IF NOT EXISTS` as in [`V3`].
pub(crate) const V4: &str = r#"
CREATE TABLE IF NOT EXISTS analyst_links (
    a_document TEXT NOT NULL,
    a_idx      INTEGER NOT NULL,
    b_document TEXT NOT NULL,
    b_idx      INTEGER NOT NULL,
    together   INTEGER NOT NULL CHECK (together IN (0, 1)),
    PRIMARY KEY (a_document, a_idx, b_document, b_idx)
);
CREATE INDEX IF NOT EXISTS analyst_links_b ON analyst_links (b_document, b_idx);
"#;

/// The event with its analyst corrections applied.
pub(super) fn reviewed(conn: &Connection, event: MergedEvent) -> Result<MergedEvent, StoreError> {
    ledger::reviewed(&mut SqliteLedger(conn), event)
}

/// The review tables of a connection (inside a transaction for [`Relink`]).
pub(super) struct SqliteLedger<'a>(pub(super) &'a Connection);

impl Ledger for SqliteLedger<'_> {
    fn machine_event(&mut self, id: &str) -> Result<Option<MergedEvent>, StoreError> {
        listing::machine_event(self.0, id)
    }

    fn any_changes(&mut self) -> Result<bool, StoreError> {
        Ok(self
            .0
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM review_changes)")?
            .query_row([], |r| r.get(0))?)
    }

    fn merged_into(&mut self, id: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .0
            .prepare_cached("SELECT alias FROM event_aliases WHERE event_id = ?1")?;
        let ids = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    fn changes_under(&mut self, id: &str) -> Result<Vec<StoredChange>, StoreError> {
        let mut stmt = self.0.prepare_cached(
            "SELECT seq, event_id, at, who, field, before, after FROM review_changes
             WHERE event_id = ?1",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(StoredChange {
                    seq: r.get(0)?,
                    event_id: r.get(1)?,
                    at: r.get(2)?,
                    who: r.get(3)?,
                    field: r.get(4)?,
                    before: r.get(5)?,
                    after: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    fn record(&mut self, c: &StoredChange) -> Result<(), StoreError> {
        self.0
            .prepare_cached(
                "INSERT INTO review_changes (event_id, at, who, field, before, after)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![c.event_id, c.at, c.who, c.field, c.before, c.after])?;
        Ok(())
    }

    fn log_after(&mut self, since: i64, limit: i64) -> Result<Vec<LogRow>, StoreError> {
        let mut stmt = self.0.prepare_cached(
            "SELECT seq, event_id, op, other FROM event_log WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![since, limit], |r| {
                Ok(LogRow {
                    seq: r.get(0)?,
                    event_id: r.get(1)?,
                    op: r.get(2)?,
                    other: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    fn exists(&mut self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .0
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM merged_events WHERE id = ?1)")?
            .query_row([id], |r| r.get(0))?)
    }

    fn logged_by(&mut self, id: &str, seq: i64) -> Result<bool, StoreError> {
        Ok(self
            .0
            .prepare_cached("SELECT seq FROM event_log WHERE event_id = ?1 AND seq <= ?2 LIMIT 1")?
            .query_row(params![id, seq], |r| r.get::<_, i64>(0))
            .optional()?
            .is_some())
    }
}

impl Relink for SqliteLedger<'_> {
    fn relink(
        &mut self,
        keys: &[MentionKey],
        links: &[Link],
        events: &[String],
    ) -> Result<(), StoreError> {
        let mut drop = self.0.prepare_cached(
            "DELETE FROM analyst_links WHERE a_document = ?1 AND a_idx = ?2
                 AND b_document = ?3 AND b_idx = ?4",
        )?;
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i..] {
                drop.execute(params![
                    a.0.as_str(),
                    to_i64(a.1),
                    b.0.as_str(),
                    to_i64(b.1)
                ])?;
            }
        }
        let mut add = self.0.prepare_cached(
            "INSERT OR REPLACE INTO analyst_links (a_document, a_idx, b_document, b_idx, together)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for l in links {
            add.execute(params![
                l.a.0.as_str(),
                to_i64(l.a.1),
                l.b.0.as_str(),
                to_i64(l.b.1),
                l.together
            ])?;
        }
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        merging::remerge_events(self.0, events, &now)
    }

    fn event_of(&mut self, key: &MentionKey) -> Result<Option<String>, StoreError> {
        Ok(self
            .0
            .prepare_cached("SELECT event_id FROM events WHERE document_id = ?1 AND idx = ?2")?
            .query_row(params![key.0.as_str(), to_i64(key.1)], |r| r.get(0))
            .optional()?
            .flatten())
    }
}

/// The analyst's links that touch a frame.
pub(super) fn links(conn: &Connection, key: &MentionKey) -> Result<Vec<Link>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT a_document, a_idx, b_document, b_idx, together FROM analyst_links
         WHERE (a_document = ?1 AND a_idx = ?2) OR (b_document = ?1 AND b_idx = ?2)",
    )?;
    let rows = stmt.query_map(params![key.0.as_str(), to_i64(key.1)], |r| {
        let index = |i: i64| usize::try_from(i).unwrap_or(usize::MAX);
        Ok(Link {
            a: (DocumentId(r.get(0)?), index(r.get(1)?)),
            b: (DocumentId(r.get(2)?), index(r.get(3)?)),
            together: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Whether an analyst linked any frames.
pub(super) fn any_links(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM analyst_links)")?
        .query_row([], |r| r.get(0))?)
}
