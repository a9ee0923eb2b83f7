//! Shared value types that flow through vigil's stages:
//! [`Document`] (ingest) → [`Article`] (clean) → [`Language`] (nlp) → [`Place`] (geo) → [`Event`] (events)
//! → [`MergedEvent`] (store: one event across articles).
//!
//! Architecture invariant: this crate holds data and tiny constructors only. No I/O, no parsing,
//! no heuristics; every other vigil crate depends on it and it depends on no vigil crate.

mod article;
mod document;
mod event;
mod language;
mod merged;
mod place;
mod record;
mod span;

pub use article::{Article, ArticleKind, DatePrecision, DateSource, Published};
pub use document::{Document, DocumentId, MediaType};
pub use event::{
    Attribution, Event, EventKind, EventPlace, EventStatus, EventTime, Evidence, FieldSpan,
    Participant, Range, SubKind, Target, TargetKind, TimeSource,
};
pub use language::{
    Entity, EntityKind, Language, Mention, Quote, Sentence, TimeExpr, TimePrecision, TimeValue,
};
pub use merged::{
    Disagreement, DisagreementValue, EventSource, MergedEvent, MergedPlace, Review, ReviewState,
};
pub use place::{haversine_km, Place, PlacePrecision};
pub use record::Record;
pub use span::{Span, TextSource};
