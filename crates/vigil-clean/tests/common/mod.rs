//! Helpers shared by the cleaner's integration tests.
#![allow(dead_code)]

use vigil_clean::CleanOptions;
use vigil_core::{Document, DocumentId, MediaType};

/// A document as ingest would hand it over.
pub fn doc(content: String, media_type: MediaType, url: Option<String>) -> Document {
    Document {
        id: DocumentId::of_bytes(content.as_bytes()),
        uri: "test".into(),
        url,
        media_type,
        content,
        encoding: "UTF-8".into(),
        published_hint: None,
        title_hint: None,
        source_id: None,
    }
}

/// Options with a fixed time of ingest (RFC 3339), so dates after it are refused.
pub fn options_at(now: &str) -> CleanOptions {
    CleanOptions {
        published: None,
        now: chrono::DateTime::parse_from_rfc3339(now)
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_default(),
    }
}
