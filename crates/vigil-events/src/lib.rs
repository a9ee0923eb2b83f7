//! Event extraction: who did what to whom, where, when, with how many killed and wounded —
//! each field traceable to the words it came from.
//!
//! Method: a trigger lexicon (`data/triggers.tsv`) finds the words that report an event;
//! argument patterns around them read perpetrators, targets (`data/targets.tsv`,
//! `data/actors.tsv`) and casualty counts (`data/numbers.tsv`); times come from the language
//! layer and places from the geo stage. See METHOD.md.
//!
//! Architecture invariant: pure. Lexicons load once into an [`Extractor`]; `extract` does no
//! I/O and is deterministic.

mod extract;
mod lexicon;
mod numbers;
mod tokens;

pub use extract::Extractor;
pub use lexicon::LexiconError;
pub use numbers::parse_count;

use std::sync::LazyLock;
use vigil_core::{Article, Event, Language, Place};

static DEFAULT: LazyLock<Option<Extractor>> = LazyLock::new(|| Extractor::builtin().ok());

/// Extracts the events an article reports, with the built-in lexicons.
#[must_use]
pub fn extract(article: &Article, language: &Language, places: &[Place]) -> Vec<Event> {
    match DEFAULT.as_ref() {
        Some(ex) => ex.extract(article, language, places),
        None => Vec::new(),
    }
}

/// The short English name of an ISO 3166-1 alpha-2 country code (`KE` → `Kenya`), from the
/// table the extractor uses for canonical actor names ("Police Forces of Kenya").
#[must_use]
pub fn country_name(code: &str) -> Option<&'static str> {
    include_str!("../data/countries.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, n)| n.trim())
}
