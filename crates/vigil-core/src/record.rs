use crate::{Article, Event, Language, Place};
use serde::{Deserialize, Serialize};

/// Everything vigil knows about one document: the cleaned article and what each later stage
/// added. Serialises as one flat JSON object (`id`, `title`, …, `entities`, `places`, `events`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    #[serde(flatten)]
    pub article: Article,
    /// The id the document had in the caller's own data (a JSONL record's `id`, a WARC record's
    /// `WARC-Record-ID`), so results can be joined back to it. Not vigil's id: see `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    #[serde(flatten)]
    pub language: Language,
    pub places: Vec<Place>,
    pub events: Vec<Event>,
    /// What the language layer found in the photo caption (spans index `caption`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption_language: Option<Language>,
    /// Places named in the caption (spans index `caption`); caption events point here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caption_places: Vec<Place>,
}
