//! The JSON shapes the API answers with (described in `openapi.json`).

use serde::Serialize;
use vigil_core::{
    Attribution, DocumentId, EventKind, EventStatus, EventTime, MergedEvent, Published, Range,
    Record, ReviewState, SubKind, TextSource,
};

/// One line of an event listing.
#[derive(Debug, Serialize)]
pub(crate) struct EventSummary<'a> {
    pub id: &'a str,
    pub kind: EventKind,
    pub sub_kind: SubKind,
    pub status: EventStatus,
    pub when: Option<&'a EventTime>,
    #[serde(rename = "where")]
    pub place: Option<PlaceSummary<'a>>,
    pub actors: Vec<ActorRef<'a>>,
    pub targets: Vec<&'a str>,
    pub killed: Option<Range>,
    pub wounded: Option<Range>,
    /// Title of the first source article.
    pub title: Option<&'a str>,
    pub sources: usize,
    pub review: ReviewState,
}

#[derive(Debug, Serialize)]
pub(crate) struct PlaceSummary<'a> {
    pub name: &'a str,
    pub canonical_name: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub admin1: Option<&'a str>,
    pub country_code: Option<&'a str>,
    pub near: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct ActorRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub attribution: Attribution,
}

impl<'a> EventSummary<'a> {
    pub fn of(e: &'a MergedEvent) -> EventSummary<'a> {
        EventSummary {
            id: &e.id,
            kind: e.kind,
            sub_kind: e.sub_kind,
            status: e.status,
            when: e.when.as_ref(),
            place: e.place.as_ref().map(|p| PlaceSummary {
                name: &p.place.name,
                canonical_name: p.place.canonical_name.as_deref(),
                lat: p.place.lat,
                lon: p.place.lon,
                admin1: p.place.admin1.as_deref(),
                country_code: p.place.country_code.as_deref(),
                near: p.near,
            }),
            actors: e
                .actors
                .iter()
                .map(|a| ActorRef {
                    id: &a.id,
                    name: &a.name,
                    attribution: a.attribution,
                })
                .collect(),
            targets: e.targets.iter().map(|t| t.name.as_str()).collect(),
            killed: e.killed,
            wounded: e.wounded,
            title: e.sources.iter().find_map(|s| s.title.as_deref()),
            sources: e.sources.len(),
            review: e.review.state,
        }
    }
}

/// One event in full: the merged event, and the words of its evidence, read from each source.
#[derive(Debug, Serialize)]
pub(crate) struct EventDetail<'a> {
    pub event: &'a MergedEvent,
    pub evidence: Vec<EvidenceView>,
    /// Analyst changes, oldest first.
    pub history: Vec<vigil_store::ReviewEntry>,
    /// The id asked for when it is not this event's own: an event since merged into this one
    /// (by the rules or by an analyst). The answer also names the event's own address in
    /// `Content-Location`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged_from: Option<String>,
}

/// One sentence an event was read from and the exact words of each field in it.
#[derive(Debug, Serialize)]
pub(crate) struct EvidenceView {
    pub document_id: DocumentId,
    pub title: Option<String>,
    pub source: TextSource,
    pub sentence: String,
    /// Byte offset of the sentence in the source text.
    pub start: usize,
    pub fields: Vec<FieldWords>,
}

/// A field's words; `start` and `end` are byte offsets into the evidence's `sentence`.
#[derive(Debug, Serialize)]
pub(crate) struct FieldWords {
    pub field: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// The evidence of one source's event, read from its stored record. Spans that do not fit the
/// stored text (a record from another vigil version) are left out rather than guessed.
pub(crate) fn evidence_of(record: &Record, index: usize) -> Vec<EvidenceView> {
    let Some(event) = record.events.get(index) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for ev in &event.evidence {
        let text = match ev.source {
            TextSource::Text => record.article.text.as_str(),
            TextSource::Caption => record.article.caption.as_deref().unwrap_or(""),
        };
        let (s, e) = (ev.sentence.start, ev.sentence.end);
        let Some(sentence) = text.get(s..e) else {
            continue;
        };
        let fields = ev
            .fields
            .iter()
            .filter(|f| f.span.start >= s && f.span.end <= e)
            .filter_map(|f| {
                Some(FieldWords {
                    field: f.field.clone(),
                    text: text.get(f.span.start..f.span.end)?.to_owned(),
                    start: f.span.start - s,
                    end: f.span.end - s,
                })
            })
            .collect();
        out.push(EvidenceView {
            document_id: record.article.id.clone(),
            title: record.article.title.clone(),
            source: ev.source,
            sentence: sentence.to_owned(),
            start: s,
            fields,
        });
    }
    out
}

/// A stored article: its text and metadata, its places and the events that cite it.
#[derive(Debug, Serialize)]
pub(crate) struct ArticleView {
    pub id: DocumentId,
    pub uri: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<Published>,
    pub byline: Option<String>,
    pub language: Option<String>,
    pub caption: Option<String>,
    pub text: String,
    pub places: Vec<PlaceMention>,
    pub events: Vec<String>,
}

/// A place named in an article: the words (byte offsets into `text`) and what they resolved to.
#[derive(Debug, Serialize)]
pub(crate) struct PlaceMention {
    pub name: String,
    pub start: usize,
    pub end: usize,
    pub canonical_name: Option<String>,
    pub country_code: Option<String>,
}

impl ArticleView {
    pub fn of(record: Record, events: Vec<String>) -> ArticleView {
        let places = record
            .places
            .iter()
            .map(|p| PlaceMention {
                name: p.name.clone(),
                start: p.span.start,
                end: p.span.end,
                canonical_name: p.canonical_name.clone(),
                country_code: p.country_code.clone(),
            })
            .collect();
        let a = record.article;
        ArticleView {
            id: a.id,
            uri: a.uri,
            url: a.url,
            title: a.title,
            published: a.published,
            byline: a.byline,
            language: a.language,
            caption: a.caption,
            text: a.text,
            places,
            events,
        }
    }
}
