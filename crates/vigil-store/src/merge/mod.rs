//! One happening told by many articles, one event: the rules that decide whether two articles'
//! event frames report the same happening ([`same_happening`]), the deterministic clustering of a
//! set of frames ([`cluster`]) and the folding of a cluster into a [`MergedEvent`] ([`fold`]).
//!
//! Architecture invariant: pure, no database. A store hands in frames and writes back what comes
//! out, so SQLite and a later PostgreSQL store merge alike. Every result depends only on the set
//! of frames, never on the order they arrived in: frames are sorted by mention key first, and an
//! event's id is derived from its smallest member.

mod cluster;
mod component;
mod constraints;
mod fold;
mod rules;

pub(crate) use cluster::cluster;
pub(crate) use component::{lock_keys, remerge, Frames, Rewrite, Stored};
pub(crate) use constraints::{merge_links, split_links, Constraints, Link};
pub(crate) use fold::fold;
pub(crate) use rules::{merge_window, same_happening, Block};

use vigil_core::{DocumentId, EventSource};

/// What identifies one article's event frame (a mention): its document and its index among the
/// document's events. Ordered by document id, then index.
pub(crate) type MentionKey = (DocumentId, usize);

/// The key of a frame.
#[must_use]
pub(crate) fn key(frame: &EventSource) -> MentionKey {
    (frame.document_id.clone(), frame.index)
}

/// The id of the event a mention leads: `ev-` and 16 hex digits of the BLAKE3 hash of
/// `DOCUMENT_ID:INDEX`. An event's id is the id of its smallest member, so it is the same
/// whatever order the members were stored in; every other member's id is an alias of it.
#[must_use]
pub(crate) fn event_id(document_id: &DocumentId, index: usize) -> String {
    let hash = blake3::hash(format!("{document_id}:{index}").as_bytes());
    format!("ev-{}", &hash.to_hex().as_str()[..16])
}

#[cfg(test)]
mod tests;
