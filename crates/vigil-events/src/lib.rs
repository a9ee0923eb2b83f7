//! Event extraction over the language layer and places. Pure: no I/O.

use vigil_core::{Article, Event, Language, Place};

/// Extracts the events an article reports.
#[must_use]
pub fn extract(_article: &Article, _language: &Language, _places: &[Place]) -> Vec<Event> {
    Vec::new()
}
