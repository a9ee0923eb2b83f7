//! Language layer: sentences, entities (with actor aliases), quotes and times over an article's
//! text. All spans are byte offsets into `Article::text`.
//!
//! Architecture invariant: pure. Resources (actor gazetteer, lexicons) load once in [`Nlp::new`];
//! `analyze` does no I/O and is deterministic.

mod sentences;
mod times;

pub use sentences::split_sentences;
pub use times::{find_times, time_table_failures, time_table_pass_rate, TIME_TABLE};

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
    pub fn analyze(&self, article: &Article, anchor: Option<chrono::NaiveDate>) -> Language {
        let sentences = split_sentences(&article.text);
        let times = find_times(&article.text, &sentences, anchor);
        Language {
            sentences,
            entities: Vec::new(),
            quotes: Vec::new(),
            times,
        }
    }
}
