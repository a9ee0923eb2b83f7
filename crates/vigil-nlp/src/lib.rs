//! Language layer: sentences, entities, quotes and times over an article text. Pure: no I/O.

use vigil_core::{Article, Language};

/// The loaded language resources (actor gazetteer, lexicons). Build once, share across threads.
#[derive(Debug, Default)]
pub struct Nlp {}

impl Nlp {
    /// Loads the built-in resources.
    #[must_use]
    pub fn new() -> Nlp {
        Nlp {}
    }

    /// Analyses one article. `anchor` is the publication date relative times resolve against.
    #[must_use]
    pub fn analyze(&self, _article: &Article, _anchor: Option<chrono::NaiveDate>) -> Language {
        Language::default()
    }
}
