use crate::Span;
use serde::{Deserialize, Serialize};

/// What the language layer found in an article's text. All spans index into `Article::text`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Language {
    pub sentences: Vec<Sentence>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub times: Vec<TimeExpr>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    /// Index of the paragraph the sentence lies in.
    pub paragraph: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organisation,
    ArmedGroup,
    StateForce,
    Place,
    /// A nationality, ethnic group or clan ("Afghan", "Pashtuns", "Habar Gedir").
    Nationality,
    /// Civilians, protesters or rioters as a side of an event.
    CivilianGroup,
}

/// One occurrence of an entity in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    pub text: String,
}

/// An entity with all its mentions (coreference resolved).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical id: an actor-gazetteer id (`actor:iskp`; `actor:<role>-<cc>` such as
    /// `actor:police-ke` for a country's body with no gazetteer row, `actor:generic-police` when
    /// the country is unknown, `actor:unidentified-armed-group` for "gunmen"), a country code for
    /// nationalities (`nationality:CN`), a people (`ethnic:pashtun`, `clan:habar-gedir`), a side
    /// without a name (`group:civilians`, `group:protesters`, `group:rioters`), or a slug of the
    /// name for entities found by shape (`person:graeme-smith`, `org:norwegian-refugee-council`).
    pub id: String,
    pub kind: EntityKind,
    /// Canonical name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country the entity belongs to, when known.
    pub country: Option<String>,
    /// For a person: the organisation they speak for or work with, as an entity id.
    pub affiliation: Option<String>,
    /// For a person: the role or title that came with the name ("President", "senior consultant").
    pub role: Option<String>,
    pub mentions: Vec<Mention>,
    pub confidence: f32,
}

/// Direct or reported speech attributed to a speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words (without quote marks).
    pub span: Span,
    pub text: String,
    pub direct: bool,
    /// The words naming the speaker in the attribution.
    pub speaker_span: Option<Span>,
    pub speaker: Option<String>,
    /// Entity id of the speaker when resolved.
    pub speaker_id: Option<String>,
    /// Entity id of the speaker's organisation.
    pub affiliation_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimePrecision {
    Day,
    Week,
    Month,
    Season,
    Year,
    Range,
}

/// A resolved time: a closed range of calendar days (equal ends for a single day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeValue {
    pub start: chrono::NaiveDate,
    pub end: chrono::NaiveDate,
}

/// A time expression in the text and, where possible, its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub span: Span,
    pub text: String,
    /// `None` when the expression is relative and no anchor (publication date) was available.
    pub value: Option<TimeValue>,
    pub precision: TimePrecision,
    pub relative: bool,
    /// The date a relative expression was resolved against.
    pub anchor: Option<chrono::NaiveDate>,
    /// Why a value is missing, when it is.
    pub unresolved: Option<String>,
}
