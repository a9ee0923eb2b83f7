//! Merging inside a put's transaction: the frames a put adds (and the frames of the events a
//! replaced document belonged to) are the seeds; every stored frame they reach through
//! [`merge::same_happening`], block by block, joins them; that set is clustered afresh and its
//! merged events rewritten. Everything else in the store is untouched.
//!
//! Why this gives the same events in any order: the frames reached are the connected component
//! of the seeds in the "same happening" graph, and [`merge::cluster`] over a component gives what
//! it would give over the whole store, since frames of different components never join.

use super::{read, to_i64};
use crate::merge::{self, MentionKey};
use crate::names::serde_name;
use crate::StoreError;
use rusqlite::{params, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use vigil_core::{DocumentId, EventSource, MergedEvent};

/// A stored frame and the merged event it belongs to now (`None` while a put is merging it).
struct Stored {
    frame: EventSource,
    event_id: Option<String>,
}

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

/// Re-merges the component of the frames of document `id` (just written) and of the events in
/// `vacated` (events a replaced version of the document belonged to).
pub(super) fn remerge(
    tx: &Transaction<'_>,
    id: &str,
    vacated: &[String],
    now: &str,
) -> Result<(), StoreError> {
    let mut component: BTreeMap<MentionKey, Stored> = BTreeMap::new();
    let mut queue: Vec<MentionKey> = Vec::new();
    let mut seeds = load(tx, "WHERE e.document_id = ?1", [id], &mut |_| false)?;
    for event_id in vacated {
        seeds.extend(load(tx, "WHERE e.event_id = ?1", [event_id], &mut |_| {
            false
        })?);
    }
    for stored in seeds {
        let key = merge::key(&stored.frame);
        queue.push(key.clone());
        component.insert(key, stored);
    }
    // Frames read from the blocks searched so far that have not joined (yet), and each block's
    // frames: frames that share a block (one day, one place) are fetched and parsed once.
    let mut pool: BTreeMap<MentionKey, Stored> = BTreeMap::new();
    let mut blocks: HashMap<merge::Block, Vec<MentionKey>> = HashMap::new();
    while let Some(key) = queue.pop() {
        let Some(frame) = component.get(&key).map(|s| s.frame.clone()) else {
            continue;
        };
        let Some(block) = merge::merge_window(&frame.event) else {
            continue;
        };
        if !blocks.contains_key(&block) {
            let mut keys: Vec<MentionKey> = Vec::new();
            let mut known = |k: &MentionKey| {
                let known = component.contains_key(k) || pool.contains_key(k);
                if known {
                    keys.push(k.clone());
                }
                known
            };
            let fresh = load(
                tx,
                "WHERE e.country_code = ?1 AND e.kind = ?2 AND e.date_start BETWEEN ?5 AND ?4
                   AND e.date_end >= ?3",
                params![
                    block.country,
                    serde_name(&block.kind),
                    block.from.to_string(),
                    block.to.to_string(),
                    block.earliest_start.to_string(),
                ],
                &mut known,
            )?;
            for stored in fresh {
                let key = merge::key(&stored.frame);
                keys.push(key.clone());
                pool.insert(key, stored);
            }
            blocks.insert(block.clone(), keys);
        }
        let joining: Vec<MentionKey> = blocks
            .get(&block)
            .into_iter()
            .flatten()
            .filter(|k| {
                pool.get(*k)
                    .is_some_and(|c| merge::same_happening(&frame, &c.frame))
            })
            .cloned()
            .collect();
        for key in joining {
            if let Some(stored) = pool.remove(&key) {
                queue.push(key.clone());
                component.insert(key, stored);
            }
        }
    }
    rewrite(tx, component, vacated, now)
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

/// Clusters a component and writes its merged events: changed ones replaced, vanished ones
/// deleted with an alias to their successor, every frame pointed at its event.
fn rewrite(
    tx: &Transaction<'_>,
    component: BTreeMap<MentionKey, Stored>,
    vacated: &[String],
    now: &str,
) -> Result<(), StoreError> {
    let mut before: BTreeMap<MentionKey, Option<String>> = BTreeMap::new();
    let mut old_ids: BTreeSet<String> = vacated.iter().cloned().collect();
    let mut frames = Vec::with_capacity(component.len());
    for (key, stored) in component {
        old_ids.extend(stored.event_id.clone());
        before.insert(key, stored.event_id);
        frames.push(stored.frame);
    }
    let mut after: BTreeMap<MentionKey, String> = BTreeMap::new();
    let mut merged_events = Vec::new();
    for members in merge::cluster(frames) {
        let keys: Vec<MentionKey> = members.iter().map(merge::key).collect();
        let Some(merged) = merge::fold(members) else {
            continue;
        };
        for key in keys {
            after.insert(key, merged.id.clone());
        }
        merged_events.push(merged);
    }
    let new_ids: BTreeSet<&str> = merged_events.iter().map(|m| m.id.as_str()).collect();
    for old in old_ids.iter().filter(|old| !new_ids.contains(old.as_str())) {
        // The successor: the event of the frame that gave the old id, else of a former member.
        let lead = after
            .iter()
            .find(|((doc, index), _)| &merge::event_id(doc, *index) == old)
            .map(|(_, new)| new);
        let member = before
            .iter()
            .find(|(_, was)| was.as_deref() == Some(old.as_str()))
            .and_then(|(key, _)| after.get(key));
        tx.prepare_cached("DELETE FROM merged_events WHERE id = ?1")?
            .execute([old])?;
        if let Some(successor) = lead.or(member) {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO event_aliases (alias, event_id, recorded_at)
                 VALUES (?1, ?2, ?3)",
            )?
            .execute(params![old, successor, now])?;
        }
    }
    for merged in &merged_events {
        write_event(tx, merged)?;
    }
    let mut point =
        tx.prepare_cached("UPDATE events SET event_id = ?3 WHERE document_id = ?1 AND idx = ?2")?;
    for ((doc, index), new) in &after {
        if before
            .get(&(doc.clone(), *index))
            .and_then(Option::as_deref)
            != Some(new.as_str())
        {
            point.execute(params![doc.as_str(), to_i64(*index), new])?;
        }
    }
    Ok(())
}

/// Writes one merged event (and its actors) unless it is stored exactly so already.
fn write_event(tx: &Transaction<'_>, merged: &MergedEvent) -> Result<(), StoreError> {
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
    tx.prepare_cached(
        "INSERT INTO merged_events (id, kind, sub_kind, status, date_start, date_end,
             country_code, killed_most, sources, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
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
    tx: &Transaction<'_>,
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
