//! The one error type of ingest: which input failed, a low-cardinality kind, and a message.

/// Why one input (a file, a JSONL line, a feed item, a WARC record) could not become a document.
/// The batch always goes on after it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{uri}: {message}")]
pub struct IngestError {
    /// The input that failed, in the same form as [`vigil_core::Document::uri`].
    pub uri: String,
    pub kind: ErrorKind,
    /// A human-readable explanation (may contain sizes, offsets, the parser's words).
    pub message: String,
}

/// The reason an input failed, one variant per [`IngestError::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The path does not exist.
    NotFound,
    /// The input has no bytes (or only whitespace).
    Empty,
    /// The bytes are not text: NULs, control bytes, or the magic number of an image, archive, PDF…
    Binary,
    /// A gzip stream ended before its end marker.
    TruncatedGzip,
    /// A gzip stream is damaged (bad header, bad deflate data, bad checksum).
    CorruptGzip,
    /// The document is larger than [`crate::IngestOptions::max_document_bytes`].
    TooLarge,
    /// An RSS/Atom feed that does not parse.
    MalformedFeed,
    /// A WARC record that does not parse or ends early.
    MalformedWarc,
    /// A JSONL line that is not a JSON object with `html` or `text`.
    MalformedJsonl,
    /// An HTTP `Content-Encoding` (in a WARC record) that ingest cannot undo, e.g. `br`.
    UnsupportedEncoding,
    /// Any other read error from the operating system.
    Io,
}

impl ErrorKind {
    /// The stable, low-cardinality code of this kind (for summaries, logs and the store).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "not_found",
            ErrorKind::Empty => "empty",
            ErrorKind::Binary => "binary",
            ErrorKind::TruncatedGzip => "truncated_gzip",
            ErrorKind::CorruptGzip => "corrupt_gzip",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::MalformedFeed => "malformed_feed",
            ErrorKind::MalformedWarc => "malformed_warc",
            ErrorKind::MalformedJsonl => "malformed_jsonl",
            ErrorKind::UnsupportedEncoding => "unsupported_encoding",
            ErrorKind::Io => "io",
        }
    }
}

impl IngestError {
    pub(crate) fn new(uri: &str, kind: ErrorKind, message: impl Into<String>) -> IngestError {
        IngestError {
            uri: uri.to_owned(),
            kind,
            message: message.into(),
        }
    }

    /// The stable, low-cardinality code of this error, e.g. `"truncated_gzip"`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// Maps a read error to a kind: inside a gzip stream an early end is `truncated_gzip` and
    /// bad data is `corrupt_gzip`; elsewhere it is `not_found` or `io`.
    pub(crate) fn from_io(uri: &str, err: &std::io::Error, gzip: bool) -> IngestError {
        use std::io::ErrorKind as Io;
        let kind = match err.kind() {
            Io::UnexpectedEof if gzip => ErrorKind::TruncatedGzip,
            Io::InvalidInput | Io::InvalidData if gzip => ErrorKind::CorruptGzip,
            Io::NotFound => ErrorKind::NotFound,
            _ => ErrorKind::Io,
        };
        let message = match kind {
            ErrorKind::TruncatedGzip => format!("gzip stream ends early ({err})"),
            ErrorKind::CorruptGzip => format!("gzip stream is damaged: {err}"),
            _ => err.to_string(),
        };
        IngestError::new(uri, kind, message)
    }
}
