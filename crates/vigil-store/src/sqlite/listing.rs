//! Reading merged events: listings with filters, streaming, and one event by id, alias or
//! prefix.

use super::to_i64;
use crate::names::serde_name;
use crate::{query, EventFilter, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use vigil_core::MergedEvent;

/// How many alias steps are followed before giving up (a history that loops is corrupt).
const MAX_ALIAS_STEPS: usize = 32;

/// Hands the merged events matching `filter` to `sink`, newest first; `paged` applies the
/// filter's limit and offset. Rows are read one at a time, so memory stays bounded.
pub(super) fn merged_events(
    conn: &Connection,
    filter: &EventFilter,
    paged: bool,
    sink: &mut dyn FnMut(MergedEvent) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.json FROM merged_events m
         WHERE (?1 IS NULL OR m.date_end >= ?1)
           AND (?2 IS NULL OR m.date_start <= ?2)
           AND (?3 IS NULL OR m.country_code = ?3)
           AND (?4 IS NULL OR m.status = ?4)
           AND (?5 IS NULL OR m.kind = ?5)
           AND (?6 IS NULL OR m.killed_most >= ?6)
           AND (?7 IS NULL OR m.id IN (
                SELECT a.event_id FROM merged_event_actors a
                WHERE lower(a.actor_id) = ?7 OR lower(a.actor_id) = 'actor:' || ?7
                   OR a.name = ?7))
           AND (?8 IS NULL OR m.id IN (
                SELECT e.event_id FROM documents_fts
                JOIN documents d ON d.seq = documents_fts.rowid
                JOIN events e ON e.document_id = d.id
                WHERE documents_fts MATCH ?8))
         ORDER BY m.date_start IS NULL, m.date_start DESC, m.id
         LIMIT ?9 OFFSET ?10",
    )?;
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let text = match filter.text.as_deref() {
        Some(q) => Some(query::to_fts5(q)?),
        None => None,
    };
    let actor = filter
        .actor
        .as_deref()
        .map(|a| a.trim().to_lowercase())
        .filter(|a| !a.is_empty());
    let (limit, offset) = if paged {
        (to_i64(filter.limit), to_i64(filter.offset))
    } else {
        (-1, 0)
    };
    let mut rows = stmt.query(params![
        day(filter.since),
        day(filter.until),
        filter.country.as_deref().map(str::to_ascii_uppercase),
        filter.status.as_ref().and_then(serde_name),
        filter.kind.as_ref().and_then(serde_name),
        filter.min_killed,
        actor,
        text,
        limit,
        offset,
    ])?;
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let json: String = row.get(1)?;
        sink(super::review::reviewed(conn, parse(&id, &json)?)?)?;
    }
    Ok(())
}

/// The merged event with this id, alias (a merged-away id: the id a member would have alone,
/// or one in the alias history) or unique id prefix.
pub(super) fn merged_event(
    conn: &Connection,
    id_or_alias_or_prefix: &str,
) -> Result<Option<MergedEvent>, StoreError> {
    let wanted = id_or_alias_or_prefix.trim().to_ascii_lowercase();
    if wanted.is_empty() || !wanted.is_ascii() {
        return Err(StoreError::InvalidId(id_or_alias_or_prefix.to_owned()));
    }
    let wanted = if wanted.starts_with("ev-") {
        wanted
    } else {
        format!("ev-{wanted}")
    };
    let mut id = wanted.clone();
    for _ in 0..MAX_ALIAS_STEPS {
        if let Some(event) = by_id(conn, &id)? {
            return Ok(Some(event));
        }
        // A member's own id: the event that member belongs to now.
        let current: Option<String> = conn
            .prepare_cached(
                "SELECT event_id FROM events WHERE own_event_id = ?1 AND event_id IS NOT NULL",
            )?
            .query_row([&id], |r| r.get(0))
            .optional()?;
        let next = match current {
            Some(current) => Some(current),
            None => conn
                .prepare_cached(
                    "SELECT event_id FROM event_aliases WHERE alias = ?1
                     ORDER BY recorded_at DESC, event_id LIMIT 1",
                )?
                .query_row([&id], |r| r.get(0))
                .optional()?,
        };
        match next {
            Some(next) if next != id => id = next,
            _ => break,
        }
    }
    if id != wanted {
        // An alias of an event that has gone without a successor (its articles were replaced).
        return Ok(None);
    }
    by_prefix(conn, &wanted, id_or_alias_or_prefix)
}

fn by_id(conn: &Connection, id: &str) -> Result<Option<MergedEvent>, StoreError> {
    let json: Option<String> = conn
        .prepare_cached("SELECT json FROM merged_events WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    json.map(|json| super::review::reviewed(conn, parse(id, &json)?))
        .transpose()
}

fn by_prefix(
    conn: &Connection,
    prefix: &str,
    as_typed: &str,
) -> Result<Option<MergedEvent>, StoreError> {
    // A range scan on the primary key; U+10FFFF sorts after every character in UTF-8.
    let upper = format!("{prefix}\u{10FFFF}");
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM merged_events WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2",
    )?;
    let ids: Vec<String> = stmt
        .query_map(params![prefix, upper], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    match ids.as_slice() {
        [] => Ok(None),
        [only] => by_id(conn, only),
        _ => {
            let count: i64 = conn.query_row(
                "SELECT count(*) FROM merged_events WHERE id >= ?1 AND id < ?2",
                params![prefix, upper],
                |r| r.get(0),
            )?;
            Err(StoreError::AmbiguousId {
                prefix: as_typed.trim().to_owned(),
                count: count.max(0) as u64,
            })
        }
    }
}

fn parse(id: &str, json: &str) -> Result<MergedEvent, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        id: id.to_owned(),
        reason: format!("stored merged event: {e}"),
    })
}
