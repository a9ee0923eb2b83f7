//! Language layer: sentences, entities (with actor aliases), quotes and times over an article's
//! text. All spans are byte offsets into `Article::text`.
//!
//! Architecture invariant: pure. Resources (actor gazetteer, lexicons) load once in [`Nlp::new`]
//! or [`Nlp::load`]; `analyze` does no I/O and is deterministic.

mod entities;
mod fold;
mod gazetteer;
mod lexicon;
mod matcher;
mod quotes;
mod sentences;
mod times;
mod tokens;

pub use gazetteer::{Actor, ActorKind, Gazetteer};
pub use sentences::split_sentences;
pub use times::{find_times, time_table_failures, time_table_pass_rate, Anchor, TIME_TABLE};

use std::path::PathBuf;
use vigil_core::{Article, Entity, Language, Quote};

const ACTORS: &str = include_str!("../data/actors.tsv");
const GENERIC: &str = include_str!("../data/generic.tsv");
const PEOPLES: &str = include_str!("../data/peoples.tsv");
const DEMONYMS: &str = include_str!("../data/demonyms.tsv");
const WORDS: &str = include_str!("../data/words.tsv");

/// Why the language resources could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{file}:{line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
    #[error("cannot build the name matcher: {0}")]
    Build(String),
}

/// Where to find resources beyond the built-in ones.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Extra actor files in the `data/actors.tsv` format; a row whose id exists replaces it.
    pub actor_files: Vec<PathBuf>,
}

/// The loaded language resources (actor gazetteer, lexicons). Build once, share across threads.
#[derive(Debug)]
pub struct Nlp {
    gazetteer: Gazetteer,
    lexicon: lexicon::Lexicon,
    matcher: matcher::Matcher,
}

impl Default for Nlp {
    fn default() -> Nlp {
        Nlp::new()
    }
}

impl Nlp {
    /// Loads the built-in resources.
    ///
    /// The built-in tables are checked by the crate's tests; should they ever fail to load,
    /// this returns resources without names rather than panicking.
    #[must_use]
    pub fn new() -> Nlp {
        match Nlp::load(&Config::default()) {
            Ok(nlp) => nlp,
            Err(_) => Nlp::empty(),
        }
    }

    /// Loads the built-in resources plus the user files named in `config`.
    pub fn load(config: &Config) -> Result<Nlp, NlpError> {
        let mut extra = Vec::new();
        for path in &config.actor_files {
            let text = std::fs::read_to_string(path).map_err(|source| NlpError::Io {
                path: path.display().to_string(),
                source,
            })?;
            extra.push((path.display().to_string(), text));
        }
        Nlp::from_tables(&extra)
    }

    /// Loads the built-in resources plus one user actor file.
    pub fn with_actor_file(path: impl Into<PathBuf>) -> Result<Nlp, NlpError> {
        Nlp::load(&Config {
            actor_files: vec![path.into()],
        })
    }

    /// Built-in resources plus actor tables given as `(source name, TSV text)`.
    pub fn from_tables(extra_actors: &[(String, String)]) -> Result<Nlp, NlpError> {
        let mut gazetteer = Gazetteer::default();
        gazetteer.add_tsv("data/actors.tsv", ACTORS)?;
        for (source, tsv) in extra_actors {
            gazetteer.add_tsv(source, tsv)?;
        }
        let mut lexicon = lexicon::Lexicon::default();
        lexicon.add_generic("data/generic.tsv", GENERIC)?;
        lexicon.add_peoples("data/peoples.tsv", PEOPLES)?;
        lexicon.add_countries("data/demonyms.tsv", DEMONYMS)?;
        lexicon.add_words("data/words.tsv", WORDS)?;
        let matcher = matcher::Matcher::build(&gazetteer, &lexicon)?;
        Ok(Nlp {
            gazetteer,
            lexicon,
            matcher,
        })
    }

    fn empty() -> Nlp {
        let gazetteer = Gazetteer::default();
        let lexicon = lexicon::Lexicon::default();
        let matcher = match matcher::Matcher::build(&gazetteer, &lexicon) {
            Ok(m) => m,
            Err(_) => unreachable_matcher(),
        };
        Nlp {
            gazetteer,
            lexicon,
            matcher,
        }
    }

    /// The actor gazetteer: look up names (`lookup`), ids (`get`) and a country's state bodies.
    #[must_use]
    pub fn actors(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// ISO country code for a country name or demonym ("Somalia", "Kenyan"), if known.
    #[must_use]
    pub fn country_code(&self, name: &str) -> Option<&str> {
        self.lexicon.country_code(name)
    }

    /// Analyses one article. `anchor` is the publication date relative times resolve against.
    #[must_use]
    pub fn analyze(&self, article: &Article, anchor: impl Into<Anchor>) -> Language {
        self.analyze_text(&article.text, anchor)
    }

    /// Analyses a bare text (paragraphs separated by blank lines), as [`Nlp::analyze`] does.
    #[must_use]
    pub fn analyze_text(&self, text: &str, anchor: impl Into<Anchor>) -> Language {
        let sentences = split_sentences(text);
        let times = find_times(text, &sentences, anchor);
        let ex = self.extractor().extract(text, &sentences);
        let quotes = quotes::find_quotes(text, &ex, &self.lexicon.words);
        Language {
            sentences,
            entities: ex.entities,
            quotes,
            times,
        }
    }

    /// The entities of a text only (no sentences, quotes or times).
    #[must_use]
    pub fn entities(&self, text: &str) -> Vec<Entity> {
        self.extractor().extract(text, &[]).entities
    }

    /// The quotes of a text, with the entities they need.
    #[must_use]
    pub fn quotes(&self, text: &str) -> Vec<Quote> {
        let ex = self.extractor().extract(text, &[]);
        quotes::find_quotes(text, &ex, &self.lexicon.words)
    }

    fn extractor(&self) -> entities::Extractor<'_> {
        entities::Extractor {
            gaz: &self.gazetteer,
            lex: &self.lexicon,
            matcher: &self.matcher,
        }
    }
}

/// Building a matcher over no patterns cannot fail; this keeps `Nlp::new` free of panics anyway.
fn unreachable_matcher() -> matcher::Matcher {
    matcher::Matcher::never()
}
