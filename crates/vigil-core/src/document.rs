use serde::{Deserialize, Serialize};
use std::fmt;

/// Content hash of a document's raw bytes (BLAKE3, first 128 bits as 32 hex digits).
/// The same bytes always give the same id, which is what makes ingest idempotent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocumentId(pub String);

impl DocumentId {
    #[must_use]
    pub fn of_bytes(bytes: &[u8]) -> DocumentId {
        let hash = blake3::hash(bytes);
        let hex = hash.to_hex();
        DocumentId(hex.as_str()[..32].to_owned())
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of content a document carries, as far as ingest could tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaType {
    Html,
    Text,
}

/// One input document, decoded to Unicode, before cleaning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    /// Where it came from, unique within one run: a path, `-` for stdin, and for containers
    /// `path#L<line>` (JSONL), `path#item<n>` (RSS/Atom), `path#record<n>` (WARC), all 1-based.
    pub uri: String,
    /// The page's own URL when known (feed item link, WARC target, JSONL `url`).
    pub url: Option<String>,
    pub media_type: MediaType,
    /// The decoded content (HTML markup or plain text).
    pub content: String,
    /// The character encoding the bytes were decoded from (e.g. `UTF-8`, `windows-1252`).
    pub encoding: String,
    /// A publication date the container states, unparsed: JSONL `published` (as given), a feed
    /// item's published (else updated) date as RFC 3339, or for WARC the HTTP `Last-Modified`
    /// (else `WARC-Date`, the crawl time: an upper bound more than a publication date).
    pub published_hint: Option<String>,
    /// A title the container states (feed item title).
    pub title_hint: Option<String>,
    /// The caller's own id for the document: a JSONL record's `id` (a string or a number, as
    /// written), a WARC record's `WARC-Record-ID`. Kept in the record as `source_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
}
