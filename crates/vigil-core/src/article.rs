use crate::DocumentId;
use serde::{Deserialize, Serialize};

/// How precisely a publication date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Second,
    Day,
    Month,
    Year,
}

/// Where a publication date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// Given by the user (`--published`).
    User,
    /// Stated by the container (feed item, JSONL field, WARC/HTTP header).
    Container,
    MetaTag,
    JsonLd,
    TimeElement,
    /// An element whose class or id says date, time, posted, published, byline or timestamp,
    /// or a text labelled "Published", "Posted" ….
    Element,
    /// A short text by the headline or byline ("Associated Press - January 2, 2008 7:33 AM").
    Byline,
    /// The page's `<title>` ("site | 01/12/2008 | headline").
    Title,
    /// The page's URL: the container's, or the page's own canonical / og:url link.
    Url,
    Dateline,
    /// Any other text of the page (the weakest evidence besides captions and copyright).
    Text,
    /// A photo caption.
    Caption,
    Copyright,
}

/// A publication date: ISO 8601 value (`2022-12-14` or `2022-12-14T09:30:00Z`), its precision
/// and where it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub value: String,
    pub precision: DatePrecision,
    pub source: DateSource,
}

/// Whether a page is an article, or something that must not be passed on as one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "reason", rename_all = "snake_case")]
pub enum ArticleKind {
    Article,
    /// A paywall, consent or bot-block page, an error page, an index page …; the reason says which.
    NotArticle(String),
}

/// The cleaned article: main text and metadata, site chrome removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: DocumentId,
    pub uri: String,
    pub url: Option<String>,
    #[serde(flatten)]
    pub kind: ArticleKind,
    pub title: Option<String>,
    pub published: Option<Published>,
    pub byline: Option<String>,
    /// ISO 639-1 code, when detected.
    pub language: Option<String>,
    /// Photo captions, kept apart from the body.
    pub caption: Option<String>,
    /// Body paragraphs in reading order.
    pub paragraphs: Vec<String>,
    /// `paragraphs` joined by blank lines; all spans of later stages index into this.
    pub text: String,
}

impl Article {
    /// Joins paragraphs the one way every stage relies on: separated by a blank line.
    #[must_use]
    pub fn join_paragraphs(paragraphs: &[String]) -> String {
        paragraphs.join("\n\n")
    }
}
