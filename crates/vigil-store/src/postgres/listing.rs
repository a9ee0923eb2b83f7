//! Reading merged events: listings with filters, streaming, and one event by id, alias or
//! prefix.

use crate::lookup::{self, parse};
use crate::names::serde_name;
use crate::{query, EventFilter, StoreError};
use postgres::types::ToSql;
use postgres::{Client, GenericClient};
use vigil_core::MergedEvent;

/// Rows fetched from the server at a time while streaming a listing: between two batches the
/// connection is free to read each event's analyst corrections.
const BATCH: i32 = 256;

const LISTING: &str = "SELECT m.id, m.json FROM merged_events m
     WHERE ($1::date IS NULL OR m.date_end >= $1)
       AND ($2::date IS NULL OR m.date_start <= $2)
       AND ($3::text IS NULL OR m.country_code = $3)
       AND ($4::text IS NULL OR m.status = $4)
       AND ($5::text IS NULL OR m.kind = $5)
       AND ($6::bigint IS NULL OR m.killed_most >= $6)
       AND ($7::text IS NULL OR m.id IN (
            SELECT a.event_id FROM merged_event_actors a
            WHERE lower(a.actor_id) = $7 OR lower(a.actor_id) = 'actor:' || $7
               OR a.name = $7))
       AND ($8::text IS NULL OR m.id IN (
            SELECT e.event_id FROM documents d JOIN events e ON e.document_id = d.id
            WHERE d.search @@ to_tsquery('vigil', $8)))
       AND ($9::float8 IS NULL OR m.geom && ST_MakeEnvelope($9, $10, $11, $12, 4326))
     ORDER BY m.date_start IS NULL, m.date_start DESC, m.id";

/// Hands the merged events matching `filter` to `sink`, newest first, analyst corrections
/// applied; `paged` applies the filter's limit and offset. Rows come from the server a batch at
/// a time (a portal inside a read transaction), so memory stays bounded.
pub(super) fn merged_events(
    client: &mut Client,
    filter: &EventFilter,
    paged: bool,
    sink: &mut dyn FnMut(MergedEvent) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let text = filter.text.as_deref().map(query::to_tsquery).transpose()?;
    // An actor id (with or without `actor:`) or name, in any case.
    let actor = filter
        .actor
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let actor = actor.map(str::to_lowercase);
    let country = filter.country.as_deref().map(str::to_ascii_uppercase);
    let status = filter.status.as_ref().and_then(serde_name);
    let kind = filter.kind.as_ref().and_then(serde_name);
    let min_killed = filter.min_killed.map(i64::from);
    let limit = i64::try_from(filter.limit).unwrap_or(i64::MAX);
    let offset = i64::try_from(filter.offset).unwrap_or(i64::MAX);
    let [west, south, east, north] = filter.bbox.map_or([None; 4], |b| b.edges().map(Some));
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![
        &filter.since,
        &filter.until,
        &country,
        &status,
        &kind,
        &min_killed,
        &actor,
        &text,
        &west,
        &south,
        &east,
        &north,
    ];
    let sql = if paged {
        params.extend([&limit as &(dyn ToSql + Sync), &offset]);
        format!("{LISTING} LIMIT $13 OFFSET $14")
    } else {
        LISTING.to_owned()
    };
    let mut tx = client.transaction()?;
    let portal = tx.bind(sql.as_str(), &params)?;
    loop {
        let rows = tx.query_portal(&portal, BATCH)?;
        for row in &rows {
            let event = parse(row.get(0), row.get(1))?;
            sink(super::review::reviewed(&mut tx, event)?)?;
        }
        if rows.len() < BATCH as usize {
            break;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The merged event with this id, alias or unique id prefix (see [`lookup::merged_event`]) as
/// merging left it, without analyst corrections.
pub(super) fn merged_event(
    client: &mut impl GenericClient,
    id_or_alias_or_prefix: &str,
) -> Result<Option<MergedEvent>, StoreError> {
    lookup::merged_event(&mut Lookup(client), id_or_alias_or_prefix)
}

struct Lookup<'a, C>(&'a mut C);

impl<C: GenericClient> lookup::Events for Lookup<'_, C> {
    fn by_id(&mut self, id: &str) -> Result<Option<MergedEvent>, StoreError> {
        let row = self
            .0
            .query_opt("SELECT json FROM merged_events WHERE id = $1", &[&id])?;
        row.map(|r| parse(id, r.get(0))).transpose()
    }

    fn of_member(&mut self, id: &str) -> Result<Option<String>, StoreError> {
        let row = self.0.query_opt(
            "SELECT event_id FROM events WHERE own_event_id = $1 AND event_id IS NOT NULL
             LIMIT 1",
            &[&id],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    fn successor(&mut self, id: &str) -> Result<Option<String>, StoreError> {
        let row = self.0.query_opt(
            "SELECT event_id FROM event_aliases WHERE alias = $1
             ORDER BY recorded_at DESC, event_id LIMIT 1",
            &[&id],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    fn with_prefix(&mut self, prefix: &str, upper: &str) -> Result<(Vec<String>, u64), StoreError> {
        let row = self.0.query_one(
            "SELECT array(SELECT id FROM merged_events WHERE id >= $1 AND id < $2
                          ORDER BY id LIMIT 2),
                    (SELECT count(*) FROM merged_events WHERE id >= $1 AND id < $2)",
            &[&prefix, &upper],
        )?;
        Ok((row.get(0), row.get::<_, i64>(1).max(0) as u64))
    }
}
