//! Merging inside a put, for any database: the frames a put adds (and the frames of the events a
//! replaced document belonged to) are the seeds; every stored frame they reach through
//! [`same_happening`], block by block, joins them; that set is clustered afresh and the
//! [`Rewrite`] says what to write. A store supplies the frames ([`Frames`]) and applies the
//! rewrite; everything else in it is untouched.
//!
//! Why this gives the same events in any order: the frames reached are the connected component
//! of the seeds in the "same happening" graph, and [`super::cluster`] over a component gives what
//! it would give over the whole store, since frames of different components never join. A
//! component never leaves one country and one kind (a block fetches only its own), which is what
//! a store with concurrent writers locks on (see [`lock_keys`]).

use super::{
    cluster, event_id, fold, key, merge_window, same_happening, Block, Constraints, Link,
    MentionKey,
};
use crate::names::serde_name;
use crate::StoreError;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use vigil_core::{EventSource, MergedEvent};

/// A stored frame and the merged event it belongs to now (`None` while a put is merging it).
pub(crate) struct Stored {
    pub(crate) frame: EventSource,
    pub(crate) event_id: Option<String>,
}

/// Where a store's frames come from, inside the put's transaction.
pub(crate) trait Frames {
    /// The frames of one document.
    fn of_document(&mut self, document_id: &str) -> Result<Vec<Stored>, StoreError>;
    /// The frames that belong to one merged event.
    fn of_event(&mut self, event_id: &str) -> Result<Vec<Stored>, StoreError>;
    /// The frames whose country and kind are the block's and whose dates reach into it (stored
    /// `date_start` from `earliest_start` to `to`, `date_end >= from`), less those `skip` says
    /// the caller has already (they need not be parsed).
    fn in_block(
        &mut self,
        block: &Block,
        skip: &mut dyn FnMut(&MentionKey) -> bool,
    ) -> Result<Vec<Stored>, StoreError>;
    /// Whether an analyst has linked any frames at all (when not, no frame's links are asked for).
    fn any_links(&mut self) -> Result<bool, StoreError>;
    /// The analyst's links that touch this frame (see [`Link`]).
    fn links(&mut self, key: &MentionKey) -> Result<Vec<Link>, StoreError>;
    /// The one stored frame with this key.
    fn of_mention(&mut self, key: &MentionKey) -> Result<Option<Stored>, StoreError>;
}

/// What a store writes after a merge: events that went away (with the event that took their
/// place, when there is one), the merged events of the component (each written unless stored
/// exactly so), and frames whose event changed.
pub(crate) struct Rewrite {
    pub(crate) gone: Vec<(String, Option<String>)>,
    pub(crate) events: Vec<MergedEvent>,
    pub(crate) repointed: Vec<(MentionKey, String)>,
}

/// The component of the frames of document `id` (just written; `None` when an analyst's change
/// of links is being applied) and of the events in `vacated` (events a replaced version of the
/// document belonged to, or the events an analyst merged or split), and how to rewrite it.
///
/// Frames an analyst linked together join the component whatever the rules say, so a merge
/// keeps them; the links among its frames are the [`Constraints`] it is clustered under.
pub(crate) fn remerge(
    frames: &mut dyn Frames,
    id: Option<&str>,
    vacated: &[String],
) -> Result<Rewrite, StoreError> {
    let mut component: BTreeMap<MentionKey, Stored> = BTreeMap::new();
    let mut queue: Vec<MentionKey> = Vec::new();
    let linked = frames.any_links()?;
    let mut links: Vec<Link> = Vec::new();
    let mut seeds = match id {
        Some(id) => frames.of_document(id)?,
        None => Vec::new(),
    };
    for event in vacated {
        seeds.extend(frames.of_event(event)?);
    }
    for stored in seeds {
        let key = key(&stored.frame);
        queue.push(key.clone());
        component.insert(key, stored);
    }
    // Frames read from the blocks searched so far that have not joined (yet), and each block's
    // frames: frames that share a block (one day, one place) are fetched and parsed once.
    let mut pool: BTreeMap<MentionKey, Stored> = BTreeMap::new();
    let mut blocks: HashMap<Block, Vec<MentionKey>> = HashMap::new();
    while let Some(key) = queue.pop() {
        if linked {
            for link in frames.links(&key)? {
                let other = link.other(&key).clone();
                if link.together && !component.contains_key(&other) {
                    let stored = match pool.remove(&other) {
                        Some(stored) => Some(stored),
                        None => frames.of_mention(&other)?,
                    };
                    if let Some(stored) = stored {
                        queue.push(other.clone());
                        component.insert(other, stored);
                    }
                }
                links.push(link);
            }
        }
        let Some(frame) = component.get(&key).map(|s| s.frame.clone()) else {
            continue;
        };
        let Some(block) = merge_window(&frame.event) else {
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
            let fresh = frames.in_block(&block, &mut known)?;
            for stored in fresh {
                let key = super::key(&stored.frame);
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
                    .is_some_and(|c| same_happening(&frame, &c.frame))
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
    Ok(rewrite(
        component,
        vacated,
        &Constraints::from_links(&links),
    ))
}

/// The keys a writer must hold while merging frames of these (country, kind) pairs: one per
/// pair, as the serde names `COUNTRY:kind`, sorted so that every writer takes them in one order.
#[must_use]
pub(crate) fn lock_keys<'a>(
    events: impl IntoIterator<Item = &'a vigil_core::Event>,
) -> BTreeSet<String> {
    events
        .into_iter()
        .filter_map(|event| {
            let country = event.place.as_ref()?.place.country_code.as_deref()?;
            Some(format!("{country}:{}", serde_name(&event.kind)?))
        })
        .collect()
}

/// Clusters a component: changed events replaced, vanished ones gone with their successor,
/// every frame pointed at its event.
fn rewrite(
    component: BTreeMap<MentionKey, Stored>,
    vacated: &[String],
    constraints: &Constraints,
) -> Rewrite {
    let mut before: BTreeMap<MentionKey, Option<String>> = BTreeMap::new();
    let mut old_ids: BTreeSet<String> = vacated.iter().cloned().collect();
    let mut members_all = Vec::with_capacity(component.len());
    for (key, stored) in component {
        old_ids.extend(stored.event_id.clone());
        before.insert(key, stored.event_id);
        members_all.push(stored.frame);
    }
    let mut after: BTreeMap<MentionKey, String> = BTreeMap::new();
    let mut events = Vec::new();
    for members in cluster(members_all, constraints) {
        let keys: Vec<MentionKey> = members.iter().map(key).collect();
        let lead = constraints
            .lead(&members)
            .map(|m| event_id(&m.document_id, m.index));
        let Some(mut merged) = fold(members) else {
            continue;
        };
        if let Some(lead) = lead {
            // The id an analyst chose stays the event's; the default one becomes an alias.
            let default = std::mem::replace(&mut merged.id, lead);
            merged.aliases.retain(|a| a != &merged.id);
            merged.aliases.push(default);
            merged.aliases.sort();
        }
        for key in keys {
            after.insert(key, merged.id.clone());
        }
        events.push(merged);
    }
    let new_ids: BTreeSet<&str> = events.iter().map(|m| m.id.as_str()).collect();
    let gone = old_ids
        .iter()
        .filter(|old| !new_ids.contains(old.as_str()))
        .map(|old| {
            // The successor: the event of the frame that gave the old id, else of a former member.
            let lead = after
                .iter()
                .find(|((doc, index), _)| &event_id(doc, *index) == old)
                .map(|(_, new)| new);
            let member = before
                .iter()
                .find(|(_, was)| was.as_deref() == Some(old.as_str()))
                .and_then(|(key, _)| after.get(key));
            (old.clone(), lead.or(member).cloned())
        })
        .collect();
    let repointed = after
        .into_iter()
        .filter(|(key, new)| before.get(key).and_then(Option::as_deref) != Some(new.as_str()))
        .collect();
    Rewrite {
        gone,
        events,
        repointed,
    }
}
