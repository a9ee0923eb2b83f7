use crate::{Article, Event, Language, Place};
use serde::{Deserialize, Serialize};

/// Everything vigil knows about one document: the cleaned article and what each later stage
/// added. Serialises as one flat JSON object (`id`, `title`, …, `entities`, `places`, `events`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    #[serde(flatten)]
    pub article: Article,
    #[serde(flatten)]
    pub language: Language,
    pub places: Vec<Place>,
    pub events: Vec<Event>,
}
