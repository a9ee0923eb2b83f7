//! Merging inside a put's transaction: [`merge::remerge`] finds the component of the put's
//! frames and says what to rewrite; this module reads the frames and writes the result.

use super::published;
use crate::merge::{self, Block, Frames, Link, MentionKey, Rewrite, Stored};
use crate::names::serde_name;
use crate::StoreError;
use postgres::types::ToSql;
use postgres::Transaction;
use vigil_core::{DocumentId, EventSource, MergedEvent};

/// Columns of a frame, joined with its document: see [`load`].
const FRAME_COLUMNS: &str = "SELECT e.document_id, e.idx, e.json, e.event_id, d.url, d.title,
        d.published, d.published_precision, d.published_source
     FROM events e JOIN documents d ON d.id = e.document_id";

/// The ids of the merged events a stored document's frames belong to (before it is replaced).
pub(super) fn events_of_document(
    tx: &mut Transaction<'_>,
    id: &str,
) -> Result<Vec<String>, StoreError> {
    let rows = tx.query(
        "SELECT DISTINCT event_id FROM events WHERE document_id = $1 AND event_id IS NOT NULL",
        &[&id],
    )?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// The frames of a put's transaction.
struct TxFrames<'a, 'c>(&'a mut Transaction<'c>);

impl Frames for TxFrames<'_, '_> {
    fn any_links(&mut self) -> Result<bool, StoreError> {
        super::review::any_links(self.0)
    }

    fn links(&mut self, key: &MentionKey) -> Result<Vec<Link>, StoreError> {
        super::review::links(self.0, key)
    }

    fn of_mention(&mut self, key: &MentionKey) -> Result<Option<Stored>, StoreError> {
        let index = i64::try_from(key.1).unwrap_or(i64::MAX);
        let mut found = load(
            self.0,
            "WHERE e.document_id = $1 AND e.idx = $2",
            &[&key.0.as_str(), &index],
            &mut |_| false,
        )?;
        Ok(found.pop())
    }

    fn of_document(&mut self, document_id: &str) -> Result<Vec<Stored>, StoreError> {
        load(
            self.0,
            "WHERE e.document_id = $1",
            &[&document_id],
            &mut |_| false,
        )
    }

    fn of_event(&mut self, event_id: &str) -> Result<Vec<Stored>, StoreError> {
        load(self.0, "WHERE e.event_id = $1", &[&event_id], &mut |_| {
            false
        })
    }

    fn in_block(
        &mut self,
        block: &Block,
        skip: &mut dyn FnMut(&MentionKey) -> bool,
    ) -> Result<Vec<Stored>, StoreError> {
        load(
            self.0,
            "WHERE e.country_code = $1 AND e.kind = $2 AND e.date_start BETWEEN $5 AND $4
               AND e.date_end >= $3",
            &[
                &block.country,
                &serde_name(&block.kind),
                &block.from,
                &block.to,
                &block.earliest_start,
            ],
            skip,
        )
    }
}

/// Re-merges the component of the frames of document `id` (just written) and of the events in
/// `vacated` (events a replaced version of the document belonged to).
pub(super) fn remerge(
    tx: &mut Transaction<'_>,
    id: &str,
    vacated: &[String],
    now: &str,
) -> Result<(), StoreError> {
    let rewrite = merge::remerge(&mut TxFrames(tx), Some(id), vacated)?;
    apply(tx, &rewrite, now)
}

/// Re-merges the component of these events after an analyst changed links among their frames
/// (inside the caller's transaction).
pub(super) fn remerge_events(
    tx: &mut Transaction<'_>,
    events: &[String],
    now: &str,
) -> Result<(), StoreError> {
    let rewrite = merge::remerge(&mut TxFrames(tx), None, events)?;
    apply(tx, &rewrite, now)
}

/// Writes a merge's result: vanished events deleted with an alias to their successor, changed
/// ones replaced, every frame pointed at its event.
fn apply(tx: &mut Transaction<'_>, rewrite: &Rewrite, now: &str) -> Result<(), StoreError> {
    for (old, successor) in &rewrite.gone {
        tx.execute("DELETE FROM merged_events WHERE id = $1", &[old])?;
        if let Some(successor) = successor {
            tx.execute(
                "INSERT INTO event_aliases (alias, event_id, recorded_at) VALUES ($1, $2, $3)
                 ON CONFLICT (alias, event_id) DO UPDATE SET recorded_at = excluded.recorded_at",
                &[old, successor, &now],
            )?;
        }
    }
    for merged in &rewrite.events {
        write_event(tx, merged)?;
    }
    for ((doc, index), new) in &rewrite.repointed {
        let index = i64::try_from(*index).unwrap_or(i64::MAX);
        tx.execute(
            "UPDATE events SET event_id = $3 WHERE document_id = $1 AND idx = $2",
            &[&doc.as_str(), &index, new],
        )?;
    }
    Ok(())
}

/// Writes one merged event (and its actors) unless it is stored exactly so already.
fn write_event(tx: &mut Transaction<'_>, merged: &MergedEvent) -> Result<(), StoreError> {
    let json = serde_json::to_string(merged).map_err(|e| StoreError::InvalidRecord {
        id: merged.id.clone(),
        reason: format!("merged event: {e}"),
    })?;
    let stored = tx.query_opt(
        "SELECT json FROM merged_events WHERE id = $1",
        &[&merged.id],
    )?;
    if stored.is_some_and(|r| r.get::<_, &str>(0) == json) {
        return Ok(());
    }
    tx.execute("DELETE FROM merged_events WHERE id = $1", &[&merged.id])?;
    let when = merged.when.as_ref();
    let place = merged.place.as_ref().map(|p| &p.place);
    let killed_most = merged.killed.map(|r| i64::from(r.max.unwrap_or(r.min)));
    let sources = i64::try_from(merged.sources.len()).unwrap_or(i64::MAX);
    tx.execute(
        "INSERT INTO merged_events (id, kind, sub_kind, status, date_start, date_end,
             country_code, lat, lon, killed_most, sources, json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        &[
            &merged.id,
            &serde_name(&merged.kind),
            &serde_name(&merged.sub_kind),
            &serde_name(&merged.status),
            &when.map(|w| w.start),
            &when.map(|w| w.end),
            &place.and_then(|p| p.country_code.as_deref()),
            &place.and_then(|p| p.lat),
            &place.and_then(|p| p.lon),
            &killed_most,
            &sources,
            &json,
        ],
    )?;
    for p in &merged.actors {
        tx.execute(
            "INSERT INTO merged_event_actors (event_id, actor_id, name) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            &[&merged.id, &p.id, &p.name.to_lowercase()],
        )?;
    }
    Ok(())
}

/// Stored frames matching `condition` (a `WHERE` clause over `e`, the events, and `d`, their
/// documents), less those `skip` says the caller has (they are not parsed).
fn load(
    tx: &mut Transaction<'_>,
    condition: &str,
    params: &[&(dyn ToSql + Sync)],
    skip: &mut dyn FnMut(&MentionKey) -> bool,
) -> Result<Vec<Stored>, StoreError> {
    let rows = tx.query(&format!("{FRAME_COLUMNS} {condition}"), params)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let doc: String = row.get(0);
        let index = usize::try_from(row.get::<_, i64>(1)).unwrap_or(usize::MAX);
        if skip(&(DocumentId(doc.clone()), index)) {
            continue;
        }
        let event = serde_json::from_str(row.get(2)).map_err(|e| StoreError::Corrupt {
            id: doc.clone(),
            reason: format!("stored event {index}: {e}"),
        })?;
        out.push(Stored {
            frame: EventSource {
                published: published(&doc, row.get(6), row.get(7), row.get(8))?,
                document_id: DocumentId(doc),
                index,
                url: row.get(4),
                title: row.get(5),
                event,
            },
            event_id: row.get(3),
        });
    }
    Ok(out)
}
