use crate::{Disagreement, DocumentId, Place, PlacePrecision, Span, TextSource, TimePrecision};
use serde::{Deserialize, Serialize};

/// ACLED-like top-level event kinds; the sub-kind says which variety (see [`SubKind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Battle,
    ExplosionRemoteViolence,
    ViolenceAgainstCivilians,
    Protest,
    Riot,
    StrategicDevelopment,
}

/// ACLED-like sub-event types. Each belongs to exactly one [`EventKind`] ([`SubKind::kind`]);
/// the mapping to GTD attack types and PLOVER is documented in ARCHITECTURE.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubKind {
    // Battles
    ArmedClash,
    GovernmentRegainsTerritory,
    NonStateActorOvertakesTerritory,
    // Explosions / remote violence
    SuicideBomb,
    RemoteExplosive,
    ShellingArtilleryMissile,
    AirDroneStrike,
    Grenade,
    // Violence against civilians
    Attack,
    Abduction,
    SexualViolence,
    // Protests
    PeacefulProtest,
    ProtestWithIntervention,
    ExcessiveForceAgainstProtesters,
    // Riots
    ViolentDemonstration,
    MobViolence,
    // Strategic developments
    Arrests,
    Agreement,
    Looting,
    DefusedExplosives,
    HeadquartersEstablished,
    OtherDevelopment,
}

impl SubKind {
    /// True for strategic developments in which nobody is attacked: arrests, agreements,
    /// defused bombs, bases set up, changes to a group. ACLED codes them; GTD and the page
    /// guide (`events-pages/GUIDE.md`: "not … arrests without violence") do not count them as
    /// happenings of violence or protest. Looting and property destruction are violence.
    #[must_use]
    pub fn is_nonviolent_development(self) -> bool {
        use SubKind::*;
        matches!(
            self,
            Arrests | Agreement | DefusedExplosives | HeadquartersEstablished | OtherDevelopment
        )
    }

    /// The top-level kind this sub-kind belongs to.
    #[must_use]
    pub fn kind(self) -> EventKind {
        use SubKind::*;
        match self {
            ArmedClash | GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => {
                EventKind::Battle
            }
            SuicideBomb | RemoteExplosive | ShellingArtilleryMissile | AirDroneStrike | Grenade => {
                EventKind::ExplosionRemoteViolence
            }
            Attack | Abduction | SexualViolence => EventKind::ViolenceAgainstCivilians,
            PeacefulProtest | ProtestWithIntervention | ExcessiveForceAgainstProtesters => {
                EventKind::Protest
            }
            ViolentDemonstration | MobViolence => EventKind::Riot,
            Arrests
            | Agreement
            | Looting
            | DefusedExplosives
            | HeadquartersEstablished
            | OtherDevelopment => EventKind::StrategicDevelopment,
        }
    }
}

/// Whether the article reports the event as happening now or recalls it as history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    New,
    Background,
}

/// What kind of person, body or thing an event was aimed at (GTD-like target types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
    Journalists,
    AidWorkers,
    ArmedGroup,
    Protesters,
    Other,
}

/// Who or what an event was aimed at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub kind: TargetKind,
    /// The words naming the target ("a hotel", "five Chinese citizens", "Al Shabaab").
    pub name: String,
    /// Entity id when the target is a known actor or organisation (`actor:al-shabaab`).
    pub id: Option<String>,
    /// ISO 3166-1 alpha-2 country of the target, when the text says ("Chinese citizens" → `CN`).
    pub country: Option<String>,
}

/// How firmly the text ties an actor to an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribution {
    /// The text says the actor did it.
    Stated,
    /// The actor claimed responsibility.
    Claimed,
    /// Believed, suspected, blamed, "appeared to involve".
    Suspected,
    /// "Unknown gunmen", "unidentified assailants": someone did it, the text does not say who.
    Unidentified,
}

/// A perpetrator (for a battle: either side; for a protest: the protesters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// Canonical actor id (`actor:iskp`, `force:police:KE`, `unidentified`).
    pub id: String,
    /// Canonical name ("Islamic State Khorasan Province", "Police Forces of Kenya").
    pub name: String,
    pub attribution: Attribution,
    pub confidence: f32,
}

/// Where an event's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeSource {
    /// A time expression in the event's own sentence.
    Sentence,
    /// A time expression earlier in the paragraph or article, or of an event it refers back to.
    Inherited,
    /// No date in the text: the publication date stands in (new events only).
    Publication,
}

/// When an event happened: a closed range of days with its precision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventTime {
    pub start: chrono::NaiveDate,
    pub end: chrono::NaiveDate,
    pub precision: TimePrecision,
    pub source: TimeSource,
    /// The time expression as written, when there is one.
    pub text: Option<String>,
}

/// Where an event happened: the place, and how closely the text ties the event to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPlace {
    /// Index into the record's `places` (into `caption_places` when the evidence is the caption).
    pub index: usize,
    /// A copy of that place, so an event stands alone in stores and exports.
    pub place: Place,
    /// The precision of the event's location: the place's own, or coarser ("near X").
    pub precision: Option<PlacePrecision>,
    /// True for "near X", "outside X", "on the outskirts of X".
    pub near: bool,
}

/// An inclusive count range: "13" is 13..=13, "at least 5" is 5..=None, "several" 3..=None,
/// "no one was hurt" 0..=0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub min: u32,
    pub max: Option<u32>,
}

impl std::fmt::Display for Range {
    /// `5`, `5–7`, `5+`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.max {
            Some(max) if max == self.min => write!(f, "{max}"),
            Some(max) => write!(f, "{}–{max}", self.min),
            None => write!(f, "{}+", self.min),
        }
    }
}

impl Range {
    /// Whether two counts can both be true ("at least 12" and "15" can, "12" and "15" cannot).
    #[must_use]
    pub fn overlaps(self, other: Range) -> bool {
        self.max.is_none_or(|m| m >= other.min) && other.max.is_none_or(|m| m >= self.min)
    }

    /// Exactly `n`.
    #[must_use]
    pub fn exact(n: u32) -> Range {
        Range {
            min: n,
            max: Some(n),
        }
    }
}

/// One field of an event and the words it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSpan {
    /// `kind`, `actors`, `targets`, `when`, `where`, `killed`, `wounded`, `status`, `hedge`.
    pub field: String,
    pub span: Span,
}

/// The words an event was read from: one sentence and a span per field found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub document_id: DocumentId,
    /// Which text the spans index (the body unless said otherwise).
    #[serde(default, skip_serializing_if = "TextSource::is_text")]
    pub source: TextSource,
    pub sentence: Span,
    pub fields: Vec<FieldSpan>,
}

/// One event: who did what to whom, where, when, with its casualties and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub kind: EventKind,
    pub sub_kind: SubKind,
    /// The trigger word or phrase as written ("stormed", "suicide attack", "protested").
    pub trigger: String,
    /// Perpetrators (for battles, every side; for protests, the protesters).
    pub actors: Vec<Participant>,
    pub targets: Vec<Target>,
    pub when: Option<EventTime>,
    #[serde(rename = "where")]
    pub place: Option<EventPlace>,
    pub killed: Option<Range>,
    pub wounded: Option<Range>,
    pub status: EventStatus,
    /// 0–1: how sure the extractor is that this event happened as described.
    pub confidence: f32,
    /// True when the text hedges ("reportedly", "allegedly", "unconfirmed reports").
    pub hedged: bool,
    /// One entry per sentence that contributed (the first is where the event was found).
    pub evidence: Vec<Evidence>,
    /// Figures the page itself gives differently for this event ("12 killed" in the lead, "15"
    /// further down), each value with the page's own document id; the fields above hold the
    /// reconciled reading. Empty when the page agrees with itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disagreements: Vec<Disagreement>,
}
