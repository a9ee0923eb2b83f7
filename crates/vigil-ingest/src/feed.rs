//! RSS and Atom feeds (via `feed-rs`): each item is an article of its own.

use vigil_core::{Document, DocumentId, MediaType};

use crate::error::{ErrorKind, IngestError};

/// One document per feed item, or one `malformed_feed` error for a feed that does not parse.
/// `feed-rs` decodes the bytes itself, following the XML declaration.
pub(crate) fn items(uri: &str, bytes: &[u8]) -> Vec<Result<Document, IngestError>> {
    let parsed = match feed_rs::parser::parse(bytes) {
        Ok(parsed) => parsed,
        Err(err) => {
            return vec![Err(IngestError::new(
                uri,
                ErrorKind::MalformedFeed,
                err.to_string(),
            ))]
        }
    };
    let encoding = declared_encoding(bytes);
    parsed
        .entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| item(&format!("{uri}#item{}", index + 1), entry, encoding))
        .collect()
}

fn item(uri: &str, entry: feed_rs::model::Entry, encoding: &str) -> Result<Document, IngestError> {
    let is_plain = |media: &str| media.starts_with("text/plain");
    let content = entry
        .content
        .and_then(|c| {
            let media = c.content_type.to_string();
            c.body
                .filter(|b| !b.trim().is_empty())
                .map(|b| (b, is_plain(&media)))
        })
        .or_else(|| {
            entry.summary.and_then(|s| {
                let media = s.content_type.to_string();
                (!s.content.trim().is_empty()).then(|| (s.content, is_plain(&media)))
            })
        });
    let Some((content, plain)) = content else {
        return Err(IngestError::new(
            uri,
            ErrorKind::Empty,
            "feed item has no content or summary",
        ));
    };
    // An `alternate` link (or one without `rel`) is the article itself; others are enclosures,
    // comments or the feed.
    let url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or_else(|| entry.links.first())
        .map(|l| l.href.clone());
    let title = entry
        .title
        .map(|t| t.content.trim().to_owned())
        .filter(|t| !t.is_empty());
    Ok(Document {
        id: DocumentId::of_bytes(content.as_bytes()),
        uri: uri.to_owned(),
        url,
        media_type: if plain {
            MediaType::Text
        } else {
            MediaType::Html
        },
        content,
        encoding: encoding.to_owned(),
        published_hint: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
        title_hint: title,
        source_id: None,
    })
}

/// The encoding the feed's bytes are in, as its BOM or XML declaration says (UTF-8 otherwise).
fn declared_encoding(bytes: &[u8]) -> &'static str {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.name();
    }
    let head = bytes.get(..512).unwrap_or(bytes);
    crate::charset::xml_declared(head).map_or("UTF-8", encoding_rs::Encoding::name)
}
