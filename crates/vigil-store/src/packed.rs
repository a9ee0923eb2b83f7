//! The stored form of a record: its JSON without the article text, which the store keeps once in
//! its own column (the search index reads it there). `paragraphs` are left out too when they are
//! exactly `text` split at blank lines, as the cleaner makes them. Without this a record's text
//! would be stored three times (column, JSON `text`, JSON `paragraphs`).

use crate::StoreError;
use serde_json::{Map, Value};
use vigil_core::Record;

/// A record ready to store: `json` plus the text kept beside it, and a digest of both that
/// tells whether a record is already stored unchanged.
pub(crate) struct Packed {
    pub(crate) json: String,
    pub(crate) digest: String,
}

const SEPARATOR: &str = "\n\n";

/// A record packed for storing ([`crate::Store::put_many`]), made on any thread: the packing
/// (JSON, its read-back check, the digest) is the part of a put that needs no database, so
/// ingest does it on the worker threads and leaves only the writes to the writer.
pub struct Prepared {
    record: Record,
    packed: Result<Packed, StoreError>,
}

impl Prepared {
    /// Packs `record`; a record that cannot be stored is refused when it is put.
    #[must_use]
    pub fn new(record: Record) -> Prepared {
        let packed = for_put(&record);
        Prepared { record, packed }
    }

    /// The record as given.
    #[must_use]
    pub fn record(&self) -> &Record {
        &self.record
    }

    /// The packed form, or why the record cannot be stored (an error of its own each time).
    pub(crate) fn packed(&self) -> Result<&Packed, StoreError> {
        self.packed.as_ref().map_err(|e| match e {
            StoreError::InvalidRecord { id, reason } => StoreError::InvalidRecord {
                id: id.clone(),
                reason: reason.clone(),
            },
            other => StoreError::InvalidRecord {
                id: self.record.article.id.as_str().to_owned(),
                reason: other.to_string(),
            },
        })
    }
}

/// Packs a record for a store's `put`: refuses an empty id, then [`pack`]s it.
pub(crate) fn for_put(record: &Record) -> Result<Packed, StoreError> {
    if record.article.id.as_str().is_empty() {
        return Err(StoreError::InvalidRecord {
            id: String::new(),
            reason: "its id is empty".to_owned(),
        });
    }
    pack(record)
}

/// Packs a record and checks it unpacks to the same record, so `show` gives back what was put
/// (a NaN, which JSON cannot hold, is refused here rather than found unreadable later).
pub(crate) fn pack(record: &Record) -> Result<Packed, StoreError> {
    let id = record.article.id.as_str();
    let invalid = |reason: String| StoreError::InvalidRecord {
        id: id.to_owned(),
        reason,
    };
    let value = serde_json::to_value(record).map_err(|e| invalid(e.to_string()))?;
    let Value::Object(mut map) = value else {
        return Err(invalid("it does not serialise as a JSON object".to_owned()));
    };
    map.remove("text");
    if split_paragraphs(&record.article.text) == record.article.paragraphs {
        map.remove("paragraphs");
    }
    let json = serde_json::to_string(&map).map_err(|e| invalid(e.to_string()))?;
    match unpack(&json, &record.article.text) {
        Ok(back) if back == *record => {}
        Ok(_) => return Err(invalid("it would not read back the same (NaN?)".to_owned())),
        Err(e) => return Err(invalid(format!("it would not read back: {e}"))),
    }
    let mut hasher = blake3::Hasher::new();
    hasher.update(json.as_bytes());
    hasher.update(&[0]);
    hasher.update(record.article.text.as_bytes());
    Ok(Packed {
        json,
        digest: hasher.finalize().to_hex().to_string(),
    })
}

/// Rebuilds a record from its stored JSON and text.
pub(crate) fn unpack(json: &str, text: &str) -> Result<Record, serde_json::Error> {
    let mut map: Map<String, Value> = serde_json::from_str(json)?;
    if !map.contains_key("paragraphs") {
        let paragraphs = split_paragraphs(text).into_iter().map(Value::String);
        map.insert("paragraphs".to_owned(), Value::Array(paragraphs.collect()));
    }
    map.insert("text".to_owned(), Value::String(text.to_owned()));
    serde_json::from_value(Value::Object(map))
}

fn split_paragraphs(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    text.split(SEPARATOR).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_core::{Article, ArticleKind, DocumentId, Language};

    fn record(paragraphs: &[&str], text: &str) -> Record {
        Record {
            article: Article {
                id: DocumentId::of_bytes(text.as_bytes()),
                uri: "u".to_owned(),
                url: None,
                kind: ArticleKind::Article,
                title: None,
                published: None,
                byline: None,
                language: None,
                caption: None,
                paragraphs: paragraphs.iter().map(|p| (*p).to_owned()).collect(),
                text: text.to_owned(),
            },
            source_id: None,
            language: Language::default(),
            places: Vec::new(),
            events: Vec::new(),
            caption_language: None,
            caption_places: Vec::new(),
        }
    }

    #[test]
    fn text_is_stored_once_and_paragraphs_are_derived_when_they_can_be() {
        let r = record(&["One.", "Two é."], "One.\n\nTwo é.");
        let p = pack(&r).unwrap();
        assert!(!p.json.contains("One."), "{}", p.json);
        assert_eq!(unpack(&p.json, &r.article.text).unwrap(), r);
    }

    #[test]
    fn paragraphs_that_do_not_split_back_are_kept() {
        for r in [
            record(&["A\n\nB"], "A\n\nB"),
            record(&["A", "B"], "something else"),
            record(&[""], ""),
            record(&[], "text without paragraphs"),
        ] {
            let p = pack(&r).unwrap();
            assert_eq!(unpack(&p.json, &r.article.text).unwrap(), r);
        }
    }

    #[test]
    fn digest_changes_with_text_and_with_fields() {
        let a = record(&["x"], "x");
        let mut b = a.clone();
        b.article.text = "y".to_owned();
        b.article.paragraphs = vec!["y".to_owned()];
        let mut c = a.clone();
        c.article.title = Some("t".to_owned());
        let d = |r: &Record| pack(r).unwrap().digest;
        assert_eq!(d(&a), d(&a.clone()));
        assert_ne!(d(&a), d(&b));
        assert_ne!(d(&a), d(&c));
    }
}
