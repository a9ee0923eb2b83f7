//! Analyst review for any database: applying corrections on read, recording them, the history,
//! the change feed, and an analyst's merge and split. A store answers the questions of
//! [`Ledger`] (and, inside a write transaction, [`Relink`]); what is asked, in which order, and
//! what the answers mean lives here once.

use super::{ChangeKind, Correction, EventChange, ReviewEntry, SourceRef};
use crate::merge::{self, Link, MentionKey};
use crate::StoreError;
use std::collections::{BTreeMap, BTreeSet};
use vigil_core::MergedEvent;

/// One stored row of `review_changes`; `before` and `after` are JSON texts.
#[derive(Debug, Clone)]
pub(crate) struct StoredChange {
    pub(crate) seq: i64,
    pub(crate) event_id: String,
    pub(crate) at: String,
    pub(crate) who: String,
    pub(crate) field: String,
    pub(crate) before: String,
    pub(crate) after: String,
}

/// One row of `event_log`: `op` is `insert`, `delete`, `merged` (into `other`) or `reviewed`.
#[derive(Debug, Clone)]
pub(crate) struct LogRow {
    pub(crate) seq: i64,
    pub(crate) event_id: String,
    pub(crate) op: String,
    pub(crate) other: Option<String>,
}

/// What a store answers about its review tables.
pub(crate) trait Ledger {
    /// The merged event with this id, alias or prefix as merging left it (no corrections).
    fn machine_event(&mut self, id: &str) -> Result<Option<MergedEvent>, StoreError>;
    /// Whether any change was ever recorded (when not, reads skip the rest).
    fn any_changes(&mut self) -> Result<bool, StoreError>;
    /// The ids the alias history records as merged into `id`.
    fn merged_into(&mut self, id: &str) -> Result<Vec<String>, StoreError>;
    /// The changes recorded under this event id.
    fn changes_under(&mut self, id: &str) -> Result<Vec<StoredChange>, StoreError>;
    /// Records a change (its `seq` is the store's to give).
    fn record(&mut self, change: &StoredChange) -> Result<(), StoreError>;
    /// Change-feed rows after `since`, oldest first, at most `limit`.
    fn log_after(&mut self, since: i64, limit: i64) -> Result<Vec<LogRow>, StoreError>;
    /// Whether a merged event with exactly this id is stored.
    fn exists(&mut self, id: &str) -> Result<bool, StoreError>;
    /// Whether the feed has a row for this id at or before `seq`.
    fn logged_by(&mut self, id: &str, seq: i64) -> Result<bool, StoreError>;
}

/// What a store does for an analyst's merge or split, inside its write transaction.
pub(crate) trait Relink: Ledger {
    /// Drops every link between two of `keys`, stores `links`, and re-merges the component of
    /// the `events` (their ids as they were).
    fn relink(
        &mut self,
        keys: &[MentionKey],
        links: &[Link],
        events: &[String],
    ) -> Result<(), StoreError>;
    /// The merged event the frame with this key belongs to.
    fn event_of(&mut self, key: &MentionKey) -> Result<Option<String>, StoreError>;
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The event with every correction recorded under any of its ids applied, oldest first.
/// Merge and split entries are history only: they changed the event's sources already.
pub(crate) fn reviewed(
    ledger: &mut dyn Ledger,
    mut event: MergedEvent,
) -> Result<MergedEvent, StoreError> {
    if !ledger.any_changes()? {
        return Ok(event);
    }
    for entry in history_of(ledger, &event)? {
        if matches!(entry.field.as_str(), "merge" | "split") {
            continue;
        }
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

/// Every change recorded under the event's id, its aliases or ids merged into it, oldest first.
fn history_of(
    ledger: &mut dyn Ledger,
    event: &MergedEvent,
) -> Result<Vec<ReviewEntry>, StoreError> {
    let mut ids: BTreeSet<String> = event.aliases.iter().cloned().collect();
    ids.insert(event.id.clone());
    // An id merged in once that is an event again (split off since) keeps its own history.
    for alias in ledger.merged_into(&event.id)? {
        if !ledger.exists(&alias)? {
            ids.insert(alias);
        }
    }
    let mut out = Vec::new();
    for id in &ids {
        for row in ledger.changes_under(id)? {
            let json = |s: &str| {
                serde_json::from_str(s).map_err(|e| StoreError::Corrupt {
                    id: row.event_id.clone(),
                    reason: format!("review change {}: {e}", row.seq),
                })
            };
            out.push(ReviewEntry {
                seq: row.seq.max(0) as u64,
                before: json(&row.before)?,
                after: json(&row.after)?,
                event_id: row.event_id.clone(),
                at: row.at,
                who: row.who,
                field: row.field,
            });
        }
    }
    out.sort_by_key(|e| e.seq);
    out.dedup_by_key(|e| e.seq);
    Ok(out)
}

/// The analyst changes of the event with this id, alias or prefix, oldest first.
pub(crate) fn history(ledger: &mut dyn Ledger, id: &str) -> Result<Vec<ReviewEntry>, StoreError> {
    match ledger.machine_event(id)? {
        Some(event) => history_of(ledger, &event),
        None => Ok(Vec::new()),
    }
}

/// The event with this id, alias or prefix as it reads now (corrections applied).
pub(crate) fn current(
    ledger: &mut dyn Ledger,
    id: &str,
) -> Result<Option<MergedEvent>, StoreError> {
    match ledger.machine_event(id)? {
        Some(event) => reviewed(ledger, event).map(Some),
        None => Ok(None),
    }
}

/// Records a correction to the event with this id, alias or prefix; the event as it reads now.
pub(crate) fn review(
    ledger: &mut dyn Ledger,
    id: &str,
    who: &str,
    correction: &Correction,
) -> Result<Option<MergedEvent>, StoreError> {
    let Some(event) = current(ledger, id)? else {
        return Ok(None);
    };
    let value = |c: &Correction| -> Result<String, StoreError> {
        let v = serde_json::to_value(c).map_err(|e| StoreError::InvalidRecord {
            id: event.id.clone(),
            reason: format!("correction: {e}"),
        })?;
        Ok(v.get("value").cloned().unwrap_or_default().to_string())
    };
    ledger.record(&StoredChange {
        seq: 0,
        event_id: event.id.clone(),
        at: now(),
        who: who.to_owned(),
        field: correction.field().to_owned(),
        before: value(&correction.current(&event))?,
        after: value(correction)?,
    })?;
    current(ledger, &event.id)
}

/// Events created, updated, merged or deleted after feed position `since`, at most `limit`
/// log entries read; one change per event, in the order of its last entry.
pub(crate) fn changes(
    ledger: &mut dyn Ledger,
    since: u64,
    limit: usize,
) -> Result<Vec<EventChange>, StoreError> {
    let since = i64::try_from(since).unwrap_or(i64::MAX);
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // Per event: (last seq, first op, merged into).
    let mut seen: BTreeMap<String, (i64, String, Option<String>)> = BTreeMap::new();
    for row in ledger.log_after(since, limit)? {
        let slot = seen
            .entry(row.event_id)
            .or_insert((row.seq, row.op.clone(), None));
        slot.0 = row.seq;
        if row.op == "merged" {
            slot.2 = row.other;
        }
    }
    let mut out = Vec::new();
    for (id, (seq, first, into)) in seen {
        let now = ledger.exists(&id)?;
        let change = match (now, &into) {
            (false, Some(_)) => ChangeKind::Merged,
            (false, None) => ChangeKind::Deleted,
            (true, _) if first == "insert" && !ledger.logged_by(&id, since)? => ChangeKind::Created,
            (true, _) => ChangeKind::Updated,
        };
        out.push(EventChange {
            seq: seq.max(0) as u64,
            event_id: id,
            change,
            into: into.filter(|_| change == ChangeKind::Merged),
        });
    }
    out.sort_by_key(|c| c.seq);
    Ok(out)
}

/// What merge and split entries keep of an event: its id and its sources.
fn outline(event: &MergedEvent) -> serde_json::Value {
    let sources: Vec<SourceRef> = event.sources.iter().map(SourceRef::of).collect();
    serde_json::json!({ "id": event.id, "sources": sources })
}

fn invalid(reason: impl Into<String>) -> StoreError {
    StoreError::InvalidReview(reason.into())
}

/// An analyst merges these events (ids, aliases or prefixes) into one that keeps the id of
/// `keep` (one of them; the first when `None`). The merged event, or `None` when one of the
/// events does not exist.
pub(crate) fn merge(
    ledger: &mut dyn Relink,
    events: &[&str],
    keep: Option<&str>,
    who: &str,
) -> Result<Option<MergedEvent>, StoreError> {
    let mut found: Vec<MergedEvent> = Vec::new();
    for id in events {
        let Some(event) = current(ledger, id)? else {
            return Ok(None);
        };
        if !found.iter().any(|e| e.id == event.id) {
            found.push(event);
        }
    }
    if found.len() < 2 {
        return Err(invalid("a merge needs two or more different events"));
    }
    let kept = match keep {
        Some(keep) => {
            let Some(event) = current(ledger, keep)? else {
                return Err(invalid(format!("event {keep} to keep does not exist")));
            };
            event.id
        }
        None => found[0].id.clone(),
    };
    let Some(lead) = found
        .iter()
        .flat_map(|e| &e.sources)
        .find(|s| merge::event_id(&s.document_id, s.index) == kept)
        .map(|s| (s.document_id.clone(), s.index))
    else {
        return Err(invalid(format!(
            "event {kept} to keep is not one of those merged"
        )));
    };
    let keys: Vec<MentionKey> = found
        .iter()
        .flat_map(|e| &e.sources)
        .map(|s| (s.document_id.clone(), s.index))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let ids: Vec<String> = found.iter().map(|e| e.id.clone()).collect();
    ledger.relink(&keys, &merge::merge_links(&keys, &lead), &ids)?;
    let Some(merged) = current(ledger, &kept)? else {
        return Err(invalid(format!("event {kept} went away while merging")));
    };
    let before: Vec<serde_json::Value> = found.iter().map(outline).collect();
    ledger.record(&StoredChange {
        seq: 0,
        event_id: merged.id.clone(),
        at: now(),
        who: who.to_owned(),
        field: "merge".to_owned(),
        before: serde_json::Value::Array(before).to_string(),
        after: outline(&merged).to_string(),
    })?;
    current(ledger, &merged.id)
}

/// An analyst splits the `leave` sources off the event with this id, alias or prefix into an
/// event of their own. Both events as they read now (the one keeping the id first), or `None`
/// when there is no such event.
pub(crate) fn split(
    ledger: &mut dyn Relink,
    id: &str,
    leave: &[SourceRef],
    who: &str,
) -> Result<Option<(MergedEvent, MergedEvent)>, StoreError> {
    let Some(event) = current(ledger, id)? else {
        return Ok(None);
    };
    let keys: Vec<MentionKey> = event
        .sources
        .iter()
        .map(|s| (s.document_id.clone(), s.index))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let leaving: BTreeSet<MentionKey> = leave.iter().map(SourceRef::key).collect();
    if let Some(stranger) = leaving.iter().find(|k| !keys.contains(k)) {
        return Err(invalid(format!(
            "source {}:{} is not a source of event {}",
            stranger.0, stranger.1, event.id
        )));
    }
    let (gone, stay): (Vec<MentionKey>, Vec<MentionKey>) =
        keys.iter().cloned().partition(|k| leaving.contains(k));
    if gone.is_empty() || stay.is_empty() {
        return Err(invalid("a split must leave sources on both sides"));
    }
    let lead = keys
        .iter()
        .find(|(doc, index)| merge::event_id(doc, *index) == event.id);
    ledger.relink(
        &keys,
        &merge::split_links(&stay, &gone, lead),
        std::slice::from_ref(&event.id),
    )?;
    let mut sides = Vec::new();
    for side in [&stay, &gone] {
        let Some(key) = side.first() else { continue };
        let Some(now_id) = ledger.event_of(key)? else {
            return Err(invalid(format!(
                "source {}:{} has no event after the split",
                key.0, key.1
            )));
        };
        let Some(side_event) = current(ledger, &now_id)? else {
            return Err(invalid(format!("event {now_id} went away while splitting")));
        };
        sides.push(side_event);
    }
    // The side that kept the event's id first.
    sides.sort_by_key(|side| side.id != event.id);
    let after: Vec<serde_json::Value> = sides.iter().map(outline).collect();
    let after = serde_json::Value::Array(after).to_string();
    for side in &sides {
        ledger.record(&StoredChange {
            seq: 0,
            event_id: side.id.clone(),
            at: now(),
            who: who.to_owned(),
            field: "split".to_owned(),
            before: outline(&event).to_string(),
            after: after.clone(),
        })?;
    }
    let mut sides = sides.into_iter();
    match (sides.next(), sides.next()) {
        (Some(a), Some(b)) => Ok(Some((current_or(ledger, a)?, current_or(ledger, b)?))),
        _ => Err(invalid("a split must leave sources on both sides")),
    }
}

/// The event re-read (the split's own history entry now among its changes).
fn current_or(ledger: &mut dyn Relink, event: MergedEvent) -> Result<MergedEvent, StoreError> {
    Ok(current(ledger, &event.id)?.unwrap_or(event))
}
