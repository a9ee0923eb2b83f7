//! Geoparsing: toponyms in text resolved to gazetteer entries. Pure after the gazetteer is loaded.

use vigil_core::{Article, Language, Place};

/// A loaded gazetteer plus the recogniser and resolver over it. Build once, share across threads.
#[derive(Debug, Default)]
pub struct Geoparser {}

impl Geoparser {
    /// Geoparses one article, given the language layer's output.
    #[must_use]
    pub fn geoparse(&self, _article: &Article, _language: &Language) -> Vec<Place> {
        Vec::new()
    }
}
