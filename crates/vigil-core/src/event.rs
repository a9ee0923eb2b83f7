use crate::{DocumentId, Span, TimeExpr};
use serde::{Deserialize, Serialize};

/// ACLED-like event kinds (sub-kinds are free strings from the taxonomy in ARCHITECTURE.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Battle,
    ExplosionRemoteViolence,
    ViolenceAgainstCivilians,
    Protest,
    Riot,
    StrategicDevelopment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    New,
    Background,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Civilians,
    ReligiousSite,
    HotelGuesthouse,
    Military,
    Police,
    Government,
    Diplomatic,
    Infrastructure,
    Education,
    Health,
    Business,
    Transport,
    ArmedGroup,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub kind: TargetKind,
    pub name: String,
    /// Entity id when the target is a known actor.
    pub id: Option<String>,
}

/// An inclusive count range: "13" is 13..=13, "at least 5" is 5..=None, "several" 3..=9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub min: u32,
    pub max: Option<u32>,
}

/// The words an event field was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub document_id: DocumentId,
    pub sentence: Span,
    /// Field name (`kind`, `actors`, `when`, `where`, `killed` …) → the span it came from.
    pub fields: Vec<(String, Span)>,
}

/// One event: who did what to whom, where, when, with its casualties and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub kind: EventKind,
    pub sub_kind: String,
    /// Perpetrators, as actor/entity ids.
    pub actors: Vec<String>,
    pub targets: Vec<Target>,
    pub when: Option<TimeExpr>,
    /// Index into the article's `places` of where the event happened.
    #[serde(rename = "where")]
    pub place: Option<usize>,
    pub killed: Option<Range>,
    pub wounded: Option<Range>,
    pub status: EventStatus,
    pub confidence: f32,
    pub evidence: Vec<Evidence>,
}
