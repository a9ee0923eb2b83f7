//! JSON Lines: one object per line, `{"id"?, "url"?, "html"? | "text"?, "published"?, "title"?}`,
//! read line by line so a file of any size streams; a bad line fails alone. The record's own
//! `id` (a string or a number) is kept as the document's `source_id`.

use std::io::BufRead;

use serde_json::Value;
use vigil_core::{Document, DocumentId, MediaType};

use crate::error::{ErrorKind, IngestError};
use crate::source::read_line_bounded;

/// The documents of a JSONL stream, one per non-blank line; uri `path#L<line>` (1-based).
pub(crate) struct Lines<R> {
    uri: String,
    reader: R,
    gzip: bool,
    max: usize,
    line_number: usize,
    line: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(uri: String, reader: R, gzip: bool, max: usize) -> Lines<R> {
        Lines {
            uri,
            reader,
            gzip,
            max,
            line_number: 0,
            line: Vec::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line_number += 1;
            let uri = format!("{}#L{}", self.uri, self.line_number);
            // A line carries JSON syntax around the document, so allow it a little over `max`.
            let limit = self.max.saturating_add(self.max / 8).saturating_add(4096);
            match read_line_bounded(&mut self.reader, &mut self.line, limit) {
                Err(err) => {
                    self.done = true;
                    return Some(Err(IngestError::from_io(&uri, &err, self.gzip)));
                }
                Ok((0, _)) => self.done = true,
                Ok((consumed, true)) => {
                    return Some(Err(crate::source::too_large(
                        &uri,
                        consumed as u64,
                        self.max,
                    )));
                }
                Ok(_) if self.line.trim_ascii().is_empty() => {}
                Ok(_) => return Some(parse_line(&uri, &self.line, self.max)),
            }
        }
        None
    }
}

fn parse_line(uri: &str, line: &[u8], max: usize) -> Result<Document, IngestError> {
    let malformed = |message: String| IngestError::new(uri, ErrorKind::MalformedJsonl, message);
    // Invalid UTF-8 inside a line is replaced rather than failing the line.
    let text = String::from_utf8_lossy(line);
    let value: Value =
        serde_json::from_str(text.trim()).map_err(|e| malformed(format!("not JSON: {e}")))?;
    document_from_value(uri, value, max)
}

/// A document from one JSON object with `html` or `text` (and optional `url`, `published`,
/// `title`, and `id`, kept as `source_id`; other keys are ignored).
fn document_from_value(uri: &str, value: Value, max: usize) -> Result<Document, IngestError> {
    let malformed = |message: String| IngestError::new(uri, ErrorKind::MalformedJsonl, message);
    let Value::Object(mut object) = value else {
        return Err(malformed("not a JSON object".to_owned()));
    };
    // The caller's id as written; an id of another shape (an object, a list) is not one to keep.
    let source_id = match object.remove("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let mut take_string = |key: &str| match object.remove(key) {
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Null) | None => Ok(None),
        Some(Value::Number(n)) if key == "published" => Ok(Some(n.to_string())),
        Some(_) => Err(malformed(format!("`{key}` is not a string"))),
    };
    let html = take_string("html")?;
    let plain = take_string("text")?;
    let url = take_string("url")?.filter(|u| !u.trim().is_empty());
    let published = take_string("published")?.filter(|p| !p.trim().is_empty());
    let title = take_string("title")?.filter(|t| !t.trim().is_empty());
    let (content, media_type) = match (html, plain) {
        (Some(html), _) if !html.trim().is_empty() => (html, MediaType::Html),
        (_, Some(plain)) if !plain.trim().is_empty() => (plain, MediaType::Text),
        (None, None) => {
            return Err(malformed(
                "the object has neither `html` nor `text`".to_owned(),
            ))
        }
        _ => {
            return Err(IngestError::new(
                uri,
                ErrorKind::Empty,
                "`html`/`text` is empty",
            ))
        }
    };
    if content.len() > max {
        return Err(crate::source::too_large(uri, content.len() as u64, max));
    }
    Ok(Document {
        id: DocumentId::of_bytes(content.as_bytes()),
        uri: uri.to_owned(),
        url,
        media_type,
        content,
        encoding: "UTF-8".to_owned(),
        published_hint: published,
        title_hint: title,
        source_id,
    })
}

/// A `.json` file: one object is one document, an array holds one document per element
/// (`path#item<n>`); anything else is read as JSON Lines, which is what most `.json` dumps are.
pub(crate) fn json_file(
    uri: &str,
    bytes: Vec<u8>,
    max: usize,
) -> crate::source::DocumentIter<'static> {
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(object)) => Box::new(std::iter::once(document_from_value(
            uri,
            Value::Object(object),
            max,
        ))),
        Ok(Value::Array(values)) => {
            let uri = uri.to_owned();
            Box::new(values.into_iter().enumerate().map(move |(i, value)| {
                document_from_value(&format!("{uri}#item{}", i + 1), value, max)
            }))
        }
        _ => Box::new(Lines::new(
            uri.to_owned(),
            std::io::Cursor::new(bytes),
            false,
            max,
        )),
    }
}
