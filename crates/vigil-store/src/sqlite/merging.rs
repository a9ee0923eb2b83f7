//! Merging inside a put's transaction: [`merge::remerge`] finds the component of the put's
//! frames and says what to rewrite; this module reads the frames and writes the result.

use super::{read, to_i64};
use crate::merge::{self, Block, Frames, Link, MentionKey, Rewrite, Stored};
use crate::names::serde_name;
use crate::StoreError;
use rusqlite::{params, Connection, Transaction};
use vigil_core::{DocumentId, EventSource, MergedEvent};

/// Columns of a frame, joined with its document: see [`frame_row`].
const FRAME_COLUMNS: &str = "SELECT e.document_id, e.idx, e.json, e.event_id, d.url, d.title,
        d.published, d.published_precision, d.published_source
     FROM events e JOIN documents d ON d.id = e.document_id";

/// The ids of the merged events a stored document's frames belong to (before it is replaced).
pub(super) fn events_of_document(
    tx: &Transaction<'_>,
    id: &str,
) -> Result<Vec<String>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT DISTINCT event_id FROM events WHERE document_id = ?1 AND event_id IS NOT NULL",
    )?;
    let ids = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}

/// The frames of a write transaction.
struct TxFrames<'a>(&'a Connection);

impl Frames for TxFrames<'_> {
    fn any_links(&mut self) -> Result<bool, StoreError> {
        super::review::any_links(self.0)
    }

    fn links(&mut self, key: &MentionKey) -> Result<Vec<Link>, StoreError> {
        super::review::links(self.0, key)
    }

    fn of_mention(&mut self, key: &MentionKey) -> Result<Option<Stored>, StoreError> {
        let mut found = load(
            self.0,
            "WHERE e.document_id = ?1 AND e.idx = ?2",
            params![key.0.as_str(), to_i64(key.1)],
            &mut |_| false,
        )?;
        Ok(found.pop())
    }

    fn of_document(&mut self, document_id: &str) -> Result<Vec<Stored>, StoreError> {
        load(
            self.0,
            "WHERE e.document_id = ?1",
            [document_id],
            &mut |_| false,
        )
    }

    fn of_event(&mut self, event_id: &str) -> Result<Vec<Stored>, StoreError> {
        load(self.0, "WHERE e.event_id = ?1", [event_id], &mut |_| false)
    }

    fn in_block(
        &mut self,
        block: &Block,
        skip: &mut dyn FnMut(&MentionKey) -> bool,
    ) -> Result<Vec<Stored>, StoreError> {
        load(
            self.0,
            "WHERE e.country_code = ?1 AND e.kind = ?2 AND e.date_start BETWEEN ?5 AND ?4
               AND e.date_end >= ?3",
            params![
                block.country,
                serde_name(&block.kind),
                block.from.to_string(),
                block.to.to_string(),
                block.earliest_start.to_string(),
            ],
            skip,
        )
    }
}

/// Re-merges the component of the frames of document `id` (just written) and of the events in
/// `vacated` (events a replaced version of the document belonged to).
pub(super) fn remerge(
    tx: &Transaction<'_>,
    id: &str,
    vacated: &[String],
    now: &str,
) -> Result<(), StoreError> {
    let rewrite = merge::remerge(&mut TxFrames(tx), Some(id), vacated)?;
    apply(tx, &rewrite, now)
}

/// Re-merges the component of these events after an analyst changed links among their frames
/// (inside the caller's write transaction).
pub(super) fn remerge_events(
    tx: &Connection,
    events: &[String],
    now: &str,
) -> Result<(), StoreError> {
    let rewrite = merge::remerge(&mut TxFrames(tx), None, events)?;
    apply(tx, &rewrite, now)
}

/// Merges every frame that belongs to no merged event yet (a database from before merged
/// events), one document's frames at a time.
pub(super) fn merge_unmerged(tx: &Transaction<'_>, now: &str) -> Result<(), StoreError> {
    loop {
        let next: Option<String> = {
            let mut stmt = tx.prepare_cached(
                "SELECT document_id FROM events WHERE event_id IS NULL ORDER BY document_id LIMIT 1",
            )?;
            let mut rows = stmt.query_map([], |r| r.get(0))?;
            rows.next().transpose()?
        };
        let Some(id) = next else {
            return Ok(());
        };
        remerge(tx, &id, &[], now)?;
    }
}

/// Writes a merge's result: vanished events deleted with an alias to their successor, changed
/// ones replaced, every frame pointed at its event.
fn apply(tx: &Connection, rewrite: &Rewrite, now: &str) -> Result<(), StoreError> {
    for (old, successor) in &rewrite.gone {
        tx.prepare_cached("DELETE FROM merged_events WHERE id = ?1")?
            .execute([old])?;
        if let Some(successor) = successor {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO event_aliases (alias, event_id, recorded_at)
                 VALUES (?1, ?2, ?3)",
            )?
            .execute(params![old, successor, now])?;
        }
    }
    for merged in &rewrite.events {
        write_event(tx, merged)?;
    }
    let mut point =
        tx.prepare_cached("UPDATE events SET event_id = ?3 WHERE document_id = ?1 AND idx = ?2")?;
    for ((doc, index), new) in &rewrite.repointed {
        point.execute(params![doc.as_str(), to_i64(*index), new])?;
    }
    Ok(())
}

/// Writes one merged event (and its actors) unless it is stored exactly so already.
fn write_event(tx: &Connection, merged: &MergedEvent) -> Result<(), StoreError> {
    let json = serde_json::to_string(merged).map_err(|e| StoreError::InvalidRecord {
        id: merged.id.clone(),
        reason: format!("merged event: {e}"),
    })?;
    let stored: Option<String> = tx
        .prepare_cached("SELECT json FROM merged_events WHERE id = ?1")?
        .query_map([&merged.id], |r| r.get(0))?
        .next()
        .transpose()?;
    if stored.as_deref() == Some(json.as_str()) {
        return Ok(());
    }
    tx.prepare_cached("DELETE FROM merged_events WHERE id = ?1")?
        .execute([&merged.id])?;
    let when = merged.when.as_ref();
    let killed_most = merged.killed.map(|r| r.max.unwrap_or(r.min));
    let point = merged.place.as_ref().map(|p| &p.place);
    tx.prepare_cached(
        "INSERT INTO merged_events (id, kind, sub_kind, status, date_start, date_end,
             country_code, killed_most, sources, json, lon, lat)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        merged.id,
        serde_name(&merged.kind),
        serde_name(&merged.sub_kind),
        serde_name(&merged.status),
        when.map(|w| w.start.to_string()),
        when.map(|w| w.end.to_string()),
        merged
            .place
            .as_ref()
            .and_then(|p| p.place.country_code.as_deref()),
        killed_most,
        to_i64(merged.sources.len()),
        json,
        point.and_then(|p| p.lon),
        point.and_then(|p| p.lat),
    ])?;
    let mut actor = tx.prepare_cached(
        "INSERT OR IGNORE INTO merged_event_actors (event_id, actor_id, name) VALUES (?1, ?2, ?3)",
    )?;
    for p in &merged.actors {
        actor.execute(params![merged.id, p.id, p.name.to_lowercase()])?;
    }
    Ok(())
}

/// Stored frames matching `condition` (a `WHERE` clause over `e`, the events, and `d`, their
/// documents), less those `skip` says the caller has (they are not parsed).
fn load<P: rusqlite::Params>(
    tx: &Connection,
    condition: &str,
    params: P,
    skip: &mut dyn FnMut(&MentionKey) -> bool,
) -> Result<Vec<Stored>, StoreError> {
    let mut stmt = tx.prepare_cached(&format!("{FRAME_COLUMNS} {condition}"))?;
    let rows = stmt.query_map(params, frame_row)?;
    let mut out = Vec::new();
    for row in rows {
        let (doc, index, json, event_id, url, title, published) = row?;
        let index = usize::try_from(index).unwrap_or(usize::MAX);
        if skip(&(DocumentId(doc.clone()), index)) {
            continue;
        }
        let event = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
            id: doc.clone(),
            reason: format!("stored event {index}: {e}"),
        })?;
        let (value, precision, source) = published;
        out.push(Stored {
            frame: EventSource {
                published: read::published(&doc, value, precision, source)?,
                document_id: DocumentId(doc),
                index,
                url,
                title,
                event,
            },
            event_id,
        });
    }
    Ok(out)
}

type FrameRow = (
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    (Option<String>, Option<String>, Option<String>),
);

fn frame_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FrameRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        (r.get(6)?, r.get(7)?, r.get(8)?),
    ))
}
