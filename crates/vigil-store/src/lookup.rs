//! Finding one merged event by what a user typed: its id, an alias (the id a member would have
//! alone, or a merged-away id in the alias history) or a unique id prefix. Both stores answer the
//! questions of [`Events`]; the order they are asked in lives here once.

use crate::StoreError;
use vigil_core::{MergedEvent, Published};

/// How many alias steps are followed before giving up (a history that loops is corrupt).
const MAX_ALIAS_STEPS: usize = 32;

/// What a store answers about its merged events.
pub(crate) trait Events {
    /// The stored merged event with exactly this id.
    fn by_id(&mut self, id: &str) -> Result<Option<MergedEvent>, StoreError>;
    /// The merged event the frame whose own id is `id` belongs to now.
    fn of_member(&mut self, id: &str) -> Result<Option<String>, StoreError>;
    /// The latest successor the alias history records for `id`.
    fn successor(&mut self, id: &str) -> Result<Option<String>, StoreError>;
    /// Up to two merged event ids in `[prefix, upper)`, and how many there are in all.
    fn with_prefix(&mut self, prefix: &str, upper: &str) -> Result<(Vec<String>, u64), StoreError>;
}

/// The merged event with this id, alias or unique id prefix (`ev-` may be left out).
pub(crate) fn merged_event(
    events: &mut dyn Events,
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
        if let Some(event) = events.by_id(&id)? {
            return Ok(Some(event));
        }
        let next = match events.of_member(&id)? {
            Some(current) => Some(current),
            None => events.successor(&id)?,
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
    // A range scan on the primary key; U+10FFFF sorts after every character in UTF-8.
    let upper = format!("{wanted}\u{10FFFF}");
    let (ids, count) = events.with_prefix(&wanted, &upper)?;
    match ids.as_slice() {
        [] => Ok(None),
        [only] => events.by_id(only),
        _ => Err(StoreError::AmbiguousId {
            prefix: id_or_alias_or_prefix.trim().to_owned(),
            count,
        }),
    }
}

/// A stored merged event from its JSON.
pub(crate) fn parse(id: &str, json: &str) -> Result<MergedEvent, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        id: id.to_owned(),
        reason: format!("stored merged event: {e}"),
    })
}

/// A publication date from its three stored columns (value, precision, source).
pub(crate) fn published(
    id: &str,
    value: Option<String>,
    precision: Option<String>,
    source: Option<String>,
) -> Result<Option<Published>, StoreError> {
    use crate::names::from_serde_name;
    let Some(value) = value else {
        return Ok(None);
    };
    let corrupt = |what: &str, v: Option<String>| StoreError::Corrupt {
        id: id.to_owned(),
        reason: format!("unknown date {what} {v:?}"),
    };
    let Some(precision) = precision.as_deref().and_then(from_serde_name) else {
        return Err(corrupt("precision", precision));
    };
    let Some(source) = source.as_deref().and_then(from_serde_name) else {
        return Err(corrupt("source", source));
    };
    Ok(Some(Published {
        value,
        precision,
        source,
    }))
}
