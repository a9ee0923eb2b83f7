//! Sources: reads files, folders, stdin, gzip, JSONL, RSS/Atom and WARC into decoded
//! [`vigil_core::Document`]s, one bad input at a time reported as an [`IngestError`].
//!
//! Architecture invariant: ingest only reads; it never writes, never touches the network, and
//! never panics on input. Every document is bounded by [`IngestOptions::max_document_bytes`],
//! and containers (folders, JSONL, WARC) stream record by record.
//!
//! Damaged input: a page from a truncated gzip is dropped with `truncated_gzip` (half a page
//! would be cleaned as if whole, and its id would not be the page's); in a gzip'd container the
//! records before the cut are kept and the cut is one more `truncated_gzip` item. In WARC,
//! non-HTML, non-2xx and non-response/resource records are skipped silently.

mod charset;
mod error;
mod feed;
mod jsonl;
mod sniff;
mod source;
mod walk;
mod web_archive;

use std::path::PathBuf;

pub use error::{ErrorKind, IngestError};
use vigil_core::Document;

/// How ingest reads its inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// A document (a page, a JSONL line's content, a WARC payload) larger than this fails with
    /// `too_large`; it also bounds what a gzip stream may expand to.
    pub max_document_bytes: usize,
    /// Whether a folder walk follows symbolic links (paths named explicitly are always followed).
    pub follow_symlinks: bool,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions {
            max_document_bytes: 64 << 20,
            follow_symlinks: false,
        }
    }
}

/// The documents of a set of inputs, in order, read lazily: one item per document or per input
/// that failed. Created by [`open`].
pub struct Documents {
    walk: walk::Walk,
}

impl Iterator for Documents {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.walk.next()
    }
}

/// Reads the given paths lazily: files, folders (recursively, in name order, skipping hidden
/// entries and media/archive files), and `-` for stdin. Nothing is read until the iterator is.
#[must_use]
pub fn open(paths: &[PathBuf], options: &IngestOptions) -> Documents {
    Documents {
        walk: walk::Walk::new(paths, options),
    }
}

/// Reads the documents in bytes already in memory; `uri` names them and its extension is a
/// format hint (e.g. `x.warc.gz`), the content is sniffed either way.
#[must_use]
pub fn documents_from_bytes(
    uri: &str,
    bytes: &[u8],
    options: &IngestOptions,
) -> Vec<Result<Document, IngestError>> {
    let known_len = Some(bytes.len() as u64);
    source::read_source(uri.to_owned(), Box::new(bytes), known_len, options).collect()
}
