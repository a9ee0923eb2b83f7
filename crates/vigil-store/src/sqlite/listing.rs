//! Reading merged events: listings with filters, streaming, and one event by id, alias or
//! prefix.

use super::to_i64;
use crate::lookup::{self, parse};
use crate::names::serde_name;
use crate::{query, EventFilter, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use vigil_core::MergedEvent;

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
           AND (?11 IS NULL OR (m.lon BETWEEN ?11 AND ?13 AND m.lat BETWEEN ?12 AND ?14))
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
    let [west, south, east, north] = filter.bbox.map_or([None; 4], |b| b.edges().map(Some));
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
        west,
        south,
        east,
        north,
    ])?;
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let json: String = row.get(1)?;
        sink(super::review::reviewed(conn, parse(&id, &json)?)?)?;
    }
    Ok(())
}

/// The merged event with this id, alias or unique id prefix (see [`lookup::merged_event`]),
/// analyst corrections applied.
pub(super) fn merged_event(
    conn: &Connection,
    id_or_alias_or_prefix: &str,
) -> Result<Option<MergedEvent>, StoreError> {
    machine_event(conn, id_or_alias_or_prefix)?
        .map(|event| super::review::reviewed(conn, event))
        .transpose()
}

/// [`merged_event`] as merging left it, without analyst corrections.
pub(super) fn machine_event(
    conn: &Connection,
    id_or_alias_or_prefix: &str,
) -> Result<Option<MergedEvent>, StoreError> {
    lookup::merged_event(&mut Lookup(conn), id_or_alias_or_prefix)
}

struct Lookup<'a>(&'a Connection);

impl lookup::Events for Lookup<'_> {
    fn by_id(&mut self, id: &str) -> Result<Option<MergedEvent>, StoreError> {
        let json: Option<String> = self
            .0
            .prepare_cached("SELECT json FROM merged_events WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        json.map(|json| parse(id, &json)).transpose()
    }

    fn of_member(&mut self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT event_id FROM events WHERE own_event_id = ?1 AND event_id IS NOT NULL",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    fn successor(&mut self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT event_id FROM event_aliases WHERE alias = ?1
                 ORDER BY recorded_at DESC, event_id LIMIT 1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    fn with_prefix(&mut self, prefix: &str, upper: &str) -> Result<(Vec<String>, u64), StoreError> {
        let ids: Vec<String> = self
            .0
            .prepare_cached(
                "SELECT id FROM merged_events WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2",
            )?
            .query_map(params![prefix, upper], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if ids.len() < 2 {
            let n = ids.len() as u64;
            return Ok((ids, n));
        }
        let count: i64 = self.0.query_row(
            "SELECT count(*) FROM merged_events WHERE id >= ?1 AND id < ?2",
            params![prefix, upper],
            |r| r.get(0),
        )?;
        Ok((ids, count.max(0) as u64))
    }
}
