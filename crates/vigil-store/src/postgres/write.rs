//! Writing one record and its merge inside the caller's transaction, under advisory locks.

use super::merging;
use crate::names::serde_name;
use crate::packed::{self, Packed};
use crate::{merge, PutOutcome, StoreError};
use postgres::Transaction;
use std::collections::BTreeSet;
use vigil_core::{ArticleKind, Record};

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
fn lock_id(what: &str, key: &str) -> i64 {
    let hash = blake3::hash(format!("vigil:{what}:{key}").as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&hash.as_bytes()[..8]);
    i64::from_le_bytes(bytes)
}

fn int(id: &str, what: &str, n: usize) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::InvalidRecord {
        id: id.to_owned(),
        reason: format!("{what} {n} is out of range"),
    })
}

fn rows(
    tx: &mut Transaction<'_>,
    record: &Record,
    packed: &packed::Packed,
    ingested_at: &str,
) -> Result<(), StoreError> {
    let a = &record.article;
    let id = a.id.as_str();
    let (kind, reason) = match &a.kind {
        ArticleKind::Article => ("article", None),
        ArticleKind::NotArticle(reason) => ("not_article", Some(reason.as_str())),
    };
    let published = a.published.as_ref();
    tx.execute(
        "INSERT INTO documents (id, uri, url, kind, not_article_reason, title, published,
             published_precision, published_source, byline, language, caption, text,
             ingested_at, record_json, record_digest, source_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        &[
            &id,
            &a.uri,
            &a.url,
            &kind,
            &reason,
            &a.title,
            &published.map(|p| p.value.as_str()),
            &published.and_then(|p| serde_name(&p.precision)),
            &published.and_then(|p| serde_name(&p.source)),
            &a.byline,
            &a.language,
            &a.caption,
            &a.text,
            &ingested_at,
            &packed.json,
            &packed.digest,
            &record.source_id,
        ],
    )?;

    let insert_place = tx.prepare(
        "INSERT INTO places (document_id, idx, name, span_start, span_end, gazetteer_id,
             canonical_name, lat, lon, feature, country_code, admin1, precision, confidence)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )?;
    for (i, p) in record.places.iter().enumerate() {
        tx.execute(
            &insert_place,
            &[
                &id,
                &int(id, "place index", i)?,
                &p.name,
                &int(id, "place span start", p.span.start)?,
                &int(id, "place span end", p.span.end)?,
                &p.gazetteer_id,
                &p.canonical_name,
                &p.lat,
                &p.lon,
                &p.feature,
                &p.country_code,
                &p.admin1,
                &p.precision.as_ref().and_then(serde_name),
                &f64::from(p.confidence),
            ],
        )?;
    }

    let insert_entity = tx.prepare(
        "INSERT INTO entities (document_id, idx, entity_id, kind, name, country, mentions,
             confidence)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )?;
    for (i, e) in record.language.entities.iter().enumerate() {
        tx.execute(
            &insert_entity,
            &[
                &id,
                &int(id, "entity index", i)?,
                &e.id,
                &serde_name(&e.kind),
                &e.name,
                &e.country,
                &int(id, "mention count", e.mentions.len())?,
                &f64::from(e.confidence),
            ],
        )?;
    }

    let insert_event = tx.prepare(
        "INSERT INTO events (document_id, idx, kind, sub_kind, trigger, date_start, date_end,
             date_precision, place_idx, place_name, lat, lon, country_code, killed_min,
             killed_max, wounded_min, wounded_max, status, hedged, confidence, json,
             own_event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
             $18, $19, $20, $21, $22)",
    )?;
    for (i, ev) in record.events.iter().enumerate() {
        let event_json = serde_json::to_string(ev).map_err(|e| StoreError::InvalidRecord {
            id: id.to_owned(),
            reason: format!("event {i}: {e}"),
        })?;
        let when = ev.when.as_ref();
        let place = ev.place.as_ref();
        let place_idx = match place {
            Some(p) => Some(int(id, "event place index", p.index)?),
            None => None,
        };
        tx.execute(
            &insert_event,
            &[
                &id,
                &int(id, "event index", i)?,
                &serde_name(&ev.kind),
                &serde_name(&ev.sub_kind),
                &ev.trigger,
                &when.map(|w| w.start),
                &when.map(|w| w.end),
                &when.and_then(|w| serde_name(&w.precision)),
                &place_idx,
                &place.map(|p| p.place.name.as_str()),
                &place.and_then(|p| p.place.lat),
                &place.and_then(|p| p.place.lon),
                &place.and_then(|p| p.place.country_code.as_deref()),
                &ev.killed.map(|r| i64::from(r.min)),
                &ev.killed.and_then(|r| r.max).map(i64::from),
                &ev.wounded.map(|r| i64::from(r.min)),
                &ev.wounded.and_then(|r| r.max).map(i64::from),
                &serde_name(&ev.status),
                &ev.hedged,
                &f64::from(ev.confidence),
                &event_json,
                &merge::event_id(&a.id, i),
            ],
        )?;
    }
    Ok(())
}
