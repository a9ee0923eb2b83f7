//! Analyst review: corrections to merged events, merges and splits, their history, and the
//! change feed. The types are here; [`ledger`] holds the logic both stores share.

pub(crate) mod ledger;

use serde::{Deserialize, Serialize};
use vigil_core::{
    DocumentId, EventSource, MergedEvent, MergedPlace, Participant, Range, ReviewState,
};

/// One source of a merged event, as an analyst names it when splitting: its document and the
/// index of the event among the document's events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub document_id: String,
    pub index: usize,
}

impl SourceRef {
    /// The reference to this source.
    #[must_use]
    pub fn of(source: &EventSource) -> SourceRef {
        SourceRef {
            document_id: source.document_id.as_str().to_owned(),
            index: source.index,
        }
    }

    pub(crate) fn key(&self) -> crate::merge::MentionKey {
        (DocumentId(self.document_id.clone()), self.index)
    }
}

/// One analyst change to an event: a verdict or a field's new value. The change is kept under
/// the event's id and re-applied whenever the event is read, so it survives re-ingest and
/// re-merge (an id merged away resolves through its aliases).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum Correction {
    /// Accept or reject the event (or take a verdict back: `unreviewed`).
    State(ReviewState),
    Killed(Option<Range>),
    Wounded(Option<Range>),
    /// Another place, e.g. another of the gazetteer's candidates for the name.
    Where(Option<Box<MergedPlace>>),
    /// The perpetrators.
    Actors(Vec<Participant>),
}

impl Correction {
    /// The field's name, as in [`vigil_core::Review::corrected`].
    #[must_use]
    pub fn field(&self) -> &'static str {
        match self {
            Correction::State(_) => "state",
            Correction::Killed(_) => "killed",
            Correction::Wounded(_) => "wounded",
            Correction::Where(_) => "where",
            Correction::Actors(_) => "actors",
        }
    }

    /// The value the event has now for this correction's field.
    pub(crate) fn current(&self, event: &MergedEvent) -> Correction {
        match self {
            Correction::State(_) => Correction::State(event.review.state),
            Correction::Killed(_) => Correction::Killed(event.killed),
            Correction::Wounded(_) => Correction::Wounded(event.wounded),
            Correction::Where(_) => Correction::Where(event.place.clone().map(Box::new)),
            Correction::Actors(_) => Correction::Actors(event.actors.clone()),
        }
    }

    /// Sets the field on `event` and notes it among the corrected fields.
    pub(crate) fn apply(self, event: &mut MergedEvent) {
        let field = self.field();
        match self {
            Correction::State(s) => event.review.state = s,
            Correction::Killed(k) => event.killed = k,
            Correction::Wounded(w) => event.wounded = w,
            Correction::Where(p) => event.place = p.map(|p| *p),
            Correction::Actors(a) => event.actors = a,
        }
        if field != "state" && !event.review.corrected.iter().any(|f| f == field) {
            event.review.corrected.push(field.to_owned());
        }
    }
}

/// One recorded change: who, when, which field, before and after. Besides the fields of
/// [`Correction`], `merge` (before: the events merged, after: the event they became) and `split`
/// (before: the event split, after: the two events), each event given as its id and sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewEntry {
    pub seq: u64,
    /// The event's id when the change was made (it may since be an alias).
    pub event_id: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub who: String,
    pub field: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// What happened to an event since a point of the change feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Created,
    Updated,
    /// Merged into another event (`into`); its id now resolves to that event.
    Merged,
    Deleted,
}

/// One entry of the change feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventChange {
    /// Position in the feed: pass the last one seen as `since` to read on.
    pub seq: u64,
    pub event_id: String,
    pub change: ChangeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub into: Option<String>,
}
