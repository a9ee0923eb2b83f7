use crate::{
    DocumentId, Event, EventKind, EventStatus, EventTime, Participant, Place, PlacePrecision,
    Published, Range, SubKind, Target,
};
use serde::{Deserialize, Serialize};

/// One happening as the store knows it: every article's report of it merged into one event.
///
/// The merged fields are the most precise or best-supported values across [`MergedEvent::sources`];
/// where the sources disagree, [`MergedEvent::disagreements`] says how. An analyst's correction
/// ([`MergedEvent::review`]) wins over the machine's value and is kept across re-ingest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedEvent {
    /// Stable id (`ev-` and 16 hex digits), derived from the event's members, never from the
    /// order in which articles arrived.
    pub id: String,
    /// Ids of events that were merged into this one; each still resolves to it. These are the
    /// ids its other sources would have as events of their own, so every id an event made of
    /// some of these sources may have had is here, whatever order they were stored in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub kind: EventKind,
    pub sub_kind: SubKind,
    /// `new` when any source reports the event as news, else `background`.
    pub status: EventStatus,
    pub when: Option<EventTime>,
    #[serde(rename = "where")]
    pub place: Option<MergedPlace>,
    pub actors: Vec<Participant>,
    pub targets: Vec<Target>,
    pub killed: Option<Range>,
    pub wounded: Option<Range>,
    /// Fields whose values differ between sources ("killed 5–7 across sources").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disagreements: Vec<Disagreement>,
    /// Every article that reports the event, oldest publication first.
    pub sources: Vec<EventSource>,
    /// What analysts decided about this event, when anyone has.
    #[serde(default, skip_serializing_if = "Review::is_empty")]
    pub review: Review,
}

/// Where a merged event happened: the most specific place consistent with its sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedPlace {
    pub place: Place,
    /// The precision of the event's location: the place's own, or coarser ("near X").
    pub precision: Option<PlacePrecision>,
    pub near: bool,
}

/// One article's report of a merged event: the article and its own reading of the event,
/// with the evidence (sentences and the words of each field) it was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventSource {
    pub document_id: DocumentId,
    /// Which of the article's events this is (its index in the record's `events`).
    pub index: usize,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<Published>,
    pub event: Event,
}

/// How the sources of a merged event disagree on one field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    /// `killed`, `wounded`, `date`, `place`, `kind`, `actors`.
    pub field: String,
    /// Each distinct value as text, with the documents that give it.
    pub values: Vec<DisagreementValue>,
}

/// One value of a disputed field and who reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisagreementValue {
    pub value: String,
    pub documents: Vec<DocumentId>,
}

/// An analyst's verdict on an event and the fields they corrected.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub state: ReviewState,
    /// Names of the fields an analyst set (`killed`, `where`, `actors`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrected: Vec<String>,
}

impl Review {
    /// True when nobody has reviewed or corrected the event.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.state == ReviewState::Unreviewed && self.corrected.is_empty()
    }
}

/// Whether an analyst accepted or rejected an event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    #[default]
    Unreviewed,
    Accepted,
    Rejected,
}
