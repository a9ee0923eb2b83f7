//! Builds articles and hand-made language/place layers for tests, so the extractor can be
//! tested before (and independently of) the real nlp and geo stages.
#![allow(dead_code)]

use chrono::NaiveDate;
use serde::Serialize;
use vigil_core::{
    Article, ArticleKind, DatePrecision, DateSource, DocumentId, Entity, EntityKind, Event,
    Language, Mention, Place, PlacePrecision, Published, Span, TimeExpr, TimePrecision, TimeValue,
};

/// A test document: paragraphs plus what the upstream stages would have found.
#[derive(Default)]
pub struct Doc {
    pub paragraphs: Vec<String>,
    pub published: Option<&'static str>,
    /// (surface text, id, kind, canonical name)
    pub entities: Vec<(&'static str, &'static str, EntityKind, &'static str)>,
    /// (surface text, start, end, precision)
    pub times: Vec<(&'static str, &'static str, &'static str, TimePrecision)>,
    /// (surface text, lat, lon, precision, country code)
    pub places: Vec<(&'static str, f64, f64, PlacePrecision, &'static str)>,
}

fn occurrences(text: &str, needle: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = text[from..].find(needle) {
        let s = from + p;
        let e = s + needle.len();
        let before = text[..s]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = text[e..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            out.push(Span::new(s, e));
        }
        from = e;
    }
    out
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

/// An article of `paragraphs`, published on `published` (YYYY-MM-DD) when given.
pub fn article(paragraphs: &[String], published: Option<&str>) -> Article {
    let text = Article::join_paragraphs(paragraphs);
    Article {
        id: DocumentId::of_bytes(text.as_bytes()),
        uri: "test".into(),
        url: None,
        kind: ArticleKind::Article,
        title: None,
        published: published.map(|p| Published {
            value: p.into(),
            precision: DatePrecision::Day,
            source: DateSource::User,
        }),
        byline: None,
        language: Some("en".into()),
        caption: None,
        paragraphs: paragraphs.to_vec(),
        text,
    }
}

impl Doc {
    pub fn new(paragraphs: &[&str]) -> Doc {
        Doc {
            paragraphs: paragraphs.iter().map(|p| (*p).to_owned()).collect(),
            ..Doc::default()
        }
    }

    pub fn build(&self) -> (Article, Language, Vec<Place>) {
        let article = article(&self.paragraphs, self.published);
        let text = article.text.clone();
        let mut entities: Vec<Entity> = Vec::new();
        for (surface, id, kind, name) in &self.entities {
            let mentions: Vec<Mention> = occurrences(&text, surface)
                .into_iter()
                .map(|span| Mention {
                    span,
                    text: (*surface).to_owned(),
                })
                .collect();
            match entities.iter_mut().find(|e| e.id == *id) {
                Some(e) => e.mentions.extend(mentions),
                None => entities.push(Entity {
                    id: (*id).to_owned(),
                    kind: *kind,
                    name: (*name).to_owned(),
                    country: id.strip_prefix("nationality:").map(str::to_owned),
                    affiliation: None,
                    role: None,
                    mentions,
                    confidence: 0.9,
                }),
            }
        }
        let mut times = Vec::new();
        for (surface, start, end, precision) in &self.times {
            for span in occurrences(&text, surface) {
                times.push(TimeExpr {
                    span,
                    text: (*surface).to_owned(),
                    value: Some(TimeValue {
                        start: date(start),
                        end: date(end),
                    }),
                    precision: *precision,
                    relative: false,
                    anchor: None,
                    unresolved: None,
                });
            }
        }
        times.sort_by_key(|t| t.span.start);
        let mut places = Vec::new();
        for (surface, lat, lon, precision, cc) in &self.places {
            for span in occurrences(&text, surface) {
                places.push(Place {
                    name: (*surface).to_owned(),
                    span,
                    gazetteer_id: Some(format!("test:{surface}")),
                    canonical_name: Some((*surface).to_owned()),
                    lat: Some(*lat),
                    lon: Some(*lon),
                    feature: None,
                    admin1: None,
                    country_code: Some((*cc).to_owned()),
                    precision: Some(*precision),
                    confidence: 0.9,
                    nationality: false,
                    qualifier: None,
                    unresolved: None,
                });
            }
        }
        places.sort_by_key(|p| p.span.start);
        let language = Language {
            sentences: Vec::new(),
            entities,
            quotes: Vec::new(),
            times,
        };
        (article, language, places)
    }

    pub fn extract(&self) -> Vec<Event> {
        let (a, l, p) = self.build();
        vigil_events::extract(&a, &l, &p)
    }

    /// Extracts and renders events in a compact, reviewable form for snapshots.
    pub fn summary(&self) -> Vec<Summary> {
        let (a, l, p) = self.build();
        vigil_events::extract(&a, &l, &p)
            .iter()
            .map(|e| Summary::of(e, &a.text))
            .collect()
    }
}

/// An event as a snapshot shows it: each field with the words it came from.
#[derive(Serialize)]
pub struct Summary {
    pub kind: String,
    pub trigger: String,
    pub actors: Vec<String>,
    pub targets: Vec<String>,
    pub when: Option<String>,
    #[serde(rename = "where")]
    pub place: Option<String>,
    pub killed: Option<String>,
    pub wounded: Option<String>,
    pub status: String,
    pub confidence: f32,
    pub hedged: bool,
    pub evidence: Vec<String>,
}

fn range(r: Option<vigil_core::Range>) -> Option<String> {
    r.map(|r| match r.max {
        Some(m) if m == r.min => format!("{m}"),
        Some(m) => format!("{}-{m}", r.min),
        None => format!("{}+", r.min),
    })
}

fn snake<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl Summary {
    pub fn of(e: &Event, text: &str) -> Summary {
        Summary {
            kind: format!("{}/{}", snake(&e.kind), snake(&e.sub_kind)),
            trigger: e.trigger.clone(),
            actors: e
                .actors
                .iter()
                .map(|a| format!("{} [{}] ({})", a.name, a.id, snake(&a.attribution)))
                .collect(),
            targets: e
                .targets
                .iter()
                .map(|t| {
                    let cc = t
                        .country
                        .as_deref()
                        .map(|c| format!(" {c}"))
                        .unwrap_or_default();
                    format!("{}: {}{cc}", snake(&t.kind), t.name)
                })
                .collect(),
            when: e.when.as_ref().map(|w| {
                format!(
                    "{}..{} {} ({})",
                    w.start,
                    w.end,
                    snake(&w.precision),
                    snake(&w.source)
                )
            }),
            place: e.place.as_ref().map(|p| {
                format!(
                    "{}{} ({})",
                    if p.near { "near " } else { "" },
                    p.place.name,
                    p.precision.map(|x| snake(&x)).unwrap_or_default()
                )
            }),
            killed: range(e.killed),
            wounded: range(e.wounded),
            status: snake(&e.status),
            confidence: (e.confidence * 100.0).round() / 100.0,
            hedged: e.hedged,
            evidence: e
                .evidence
                .iter()
                .flat_map(|ev| {
                    ev.fields.iter().map(|f| {
                        format!(
                            "{}: {}",
                            f.field,
                            f.span.slice(text).unwrap_or("<bad span>")
                        )
                    })
                })
                .collect(),
        }
    }
}
