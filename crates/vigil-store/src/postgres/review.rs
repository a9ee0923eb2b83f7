//! Review and change-feed tables on PostgreSQL: the same tables and triggers as SQLite's (see
//! `sqlite/review.rs`), answering [`Ledger`] and [`Relink`] for the logic both share.

use super::{listing, merging, to_i64, write};
use crate::merge::{Link, MentionKey};
use crate::review::ledger::{self, Ledger, LogRow, Relink, StoredChange};
use crate::StoreError;
use postgres::{GenericClient, Transaction};
use std::collections::BTreeSet;
use vigil_core::{DocumentId, MergedEvent};

/// Schema version 2: `review_changes` (who changed which field of which event, before and
/// after), `event_log` (the change feed, filled by triggers on the merged-event tables) and
/// `analyst_links` (an analyst's merges and splits, read by every later merge).
pub(crate) const V2: &str = r#"
CREATE TABLE review_changes (
    seq      bigserial PRIMARY KEY,
    event_id text COLLATE "C" NOT NULL,
    at       text NOT NULL,
    who      text NOT NULL,
    field    text NOT NULL,
    before   text NOT NULL,
    after    text NOT NULL
);
CREATE INDEX review_changes_event ON review_changes (event_id);

CREATE TABLE event_log (
    seq      bigserial PRIMARY KEY,
    event_id text COLLATE "C" NOT NULL,
    -- insert, delete, merged (into `other`), reviewed
    op       text NOT NULL,
    other    text
);
CREATE INDEX event_log_event ON event_log (event_id, seq);

CREATE FUNCTION vigil_log_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'merged_events' AND TG_OP = 'INSERT' THEN
        INSERT INTO event_log (event_id, op) VALUES (NEW.id, 'insert');
    ELSIF TG_TABLE_NAME = 'merged_events' THEN
        INSERT INTO event_log (event_id, op) VALUES (OLD.id, 'delete');
    ELSIF TG_TABLE_NAME = 'event_aliases' THEN
        INSERT INTO event_log (event_id, op, other) VALUES (NEW.alias, 'merged', NEW.event_id);
    ELSE
        INSERT INTO event_log (event_id, op) VALUES (NEW.event_id, 'reviewed');
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER event_log_insert AFTER INSERT ON merged_events
    FOR EACH ROW EXECUTE FUNCTION vigil_log_event();
CREATE TRIGGER event_log_delete AFTER DELETE ON merged_events
    FOR EACH ROW EXECUTE FUNCTION vigil_log_event();
CREATE TRIGGER event_log_alias AFTER INSERT OR UPDATE ON event_aliases
    FOR EACH ROW EXECUTE FUNCTION vigil_log_event();
CREATE TRIGGER event_log_review AFTER INSERT ON review_changes
    FOR EACH ROW EXECUTE FUNCTION vigil_log_event();

CREATE TABLE analyst_links (
    a_document text COLLATE "C" NOT NULL,
    a_idx      bigint NOT NULL,
    b_document text COLLATE "C" NOT NULL,
    b_idx      bigint NOT NULL,
    together   boolean NOT NULL,
    PRIMARY KEY (a_document, a_idx, b_document, b_idx)
);
CREATE INDEX analyst_links_b ON analyst_links (b_document, b_idx);
"#;

/// The review tables over a connection or, for [`Relink`], a write transaction.
pub(super) struct PgLedger<'a, C>(pub(super) &'a mut C);

/// The event with its analyst corrections applied.
pub(super) fn reviewed(
    client: &mut impl GenericClient,
    event: MergedEvent,
) -> Result<MergedEvent, StoreError> {
    ledger::reviewed(&mut PgLedger(client), event)
}

fn index(i: i64) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}

impl<C: GenericClient> Ledger for PgLedger<'_, C> {
    fn machine_event(&mut self, id: &str) -> Result<Option<MergedEvent>, StoreError> {
        listing::merged_event(self.0, id)
    }

    fn any_changes(&mut self) -> Result<bool, StoreError> {
        let row = self
            .0
            .query_one("SELECT EXISTS (SELECT 1 FROM review_changes)", &[])?;
        Ok(row.get(0))
    }

    fn merged_into(&mut self, id: &str) -> Result<Vec<String>, StoreError> {
        let rows = self.0.query(
            "SELECT alias FROM event_aliases WHERE event_id = $1",
            &[&id],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn changes_under(&mut self, id: &str) -> Result<Vec<StoredChange>, StoreError> {
        let rows = self.0.query(
            "SELECT seq, event_id, at, who, field, before, after FROM review_changes
             WHERE event_id = $1",
            &[&id],
        )?;
        Ok(rows
            .iter()
            .map(|r| StoredChange {
                seq: r.get(0),
                event_id: r.get(1),
                at: r.get(2),
                who: r.get(3),
                field: r.get(4),
                before: r.get(5),
                after: r.get(6),
            })
            .collect())
    }

    fn record(&mut self, c: &StoredChange) -> Result<(), StoreError> {
        self.0.execute(
            "INSERT INTO review_changes (event_id, at, who, field, before, after)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[&c.event_id, &c.at, &c.who, &c.field, &c.before, &c.after],
        )?;
        Ok(())
    }

    fn log_after(&mut self, since: i64, limit: i64) -> Result<Vec<LogRow>, StoreError> {
        let rows = self.0.query(
            "SELECT seq, event_id, op, other FROM event_log WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&since, &limit],
        )?;
        Ok(rows
            .iter()
            .map(|r| LogRow {
                seq: r.get(0),
                event_id: r.get(1),
                op: r.get(2),
                other: r.get(3),
            })
            .collect())
    }

    fn exists(&mut self, id: &str) -> Result<bool, StoreError> {
        let row = self.0.query_one(
            "SELECT EXISTS (SELECT 1 FROM merged_events WHERE id = $1)",
            &[&id],
        )?;
        Ok(row.get(0))
    }

    fn logged_by(&mut self, id: &str, seq: i64) -> Result<bool, StoreError> {
        let row = self.0.query_opt(
            "SELECT seq FROM event_log WHERE event_id = $1 AND seq <= $2 LIMIT 1",
            &[&id, &seq],
        )?;
        Ok(row.is_some())
    }
}

impl Relink for PgLedger<'_, Transaction<'_>> {
    fn relink(
        &mut self,
        keys: &[MentionKey],
        links: &[Link],
        events: &[String],
    ) -> Result<(), StoreError> {
        // The merge locks of every (country, kind) the frames are in, in the order puts take
        // them, so a put merging in one of those clusters waits.
        let mut locks: BTreeSet<i64> = BTreeSet::new();
        for (doc, idx) in keys {
            let row = self.0.query_opt(
                "SELECT country_code, kind FROM events
                 WHERE document_id = $1 AND idx = $2 AND country_code IS NOT NULL",
                &[&doc.as_str(), &to_i64(*idx)],
            )?;
            if let Some(r) = row {
                let key = format!("{}:{}", r.get::<_, &str>(0), r.get::<_, &str>(1));
                locks.insert(write::lock_id("cluster", &key));
            }
        }
        for lock in locks {
            self.0
                .execute("SELECT pg_advisory_xact_lock($1)", &[&lock])?;
        }
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i..] {
                self.0.execute(
                    "DELETE FROM analyst_links WHERE a_document = $1 AND a_idx = $2
                         AND b_document = $3 AND b_idx = $4",
                    &[&a.0.as_str(), &to_i64(a.1), &b.0.as_str(), &to_i64(b.1)],
                )?;
            }
        }
        for l in links {
            self.0.execute(
                "INSERT INTO analyst_links (a_document, a_idx, b_document, b_idx, together)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (a_document, a_idx, b_document, b_idx)
                 DO UPDATE SET together = excluded.together",
                &[
                    &l.a.0.as_str(),
                    &to_i64(l.a.1),
                    &l.b.0.as_str(),
                    &to_i64(l.b.1),
                    &l.together,
                ],
            )?;
        }
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        merging::remerge_events(self.0, events, &now)
    }

    fn event_of(&mut self, key: &MentionKey) -> Result<Option<String>, StoreError> {
        let row = self.0.query_opt(
            "SELECT event_id FROM events WHERE document_id = $1 AND idx = $2",
            &[&key.0.as_str(), &to_i64(key.1)],
        )?;
        Ok(row.and_then(|r| r.get(0)))
    }
}

/// The analyst's links that touch a frame.
pub(super) fn links(
    client: &mut impl GenericClient,
    key: &MentionKey,
) -> Result<Vec<Link>, StoreError> {
    let rows = client.query(
        "SELECT a_document, a_idx, b_document, b_idx, together FROM analyst_links
         WHERE (a_document = $1 AND a_idx = $2) OR (b_document = $1 AND b_idx = $2)",
        &[&key.0.as_str(), &to_i64(key.1)],
    )?;
    Ok(rows
        .iter()
        .map(|r| Link {
            a: (DocumentId(r.get(0)), index(r.get(1))),
            b: (DocumentId(r.get(2)), index(r.get(3))),
            together: r.get(4),
        })
        .collect())
}

/// Whether an analyst linked any frames.
pub(super) fn any_links(client: &mut impl GenericClient) -> Result<bool, StoreError> {
    let row = client.query_one("SELECT EXISTS (SELECT 1 FROM analyst_links)", &[])?;
    Ok(row.get(0))
}
