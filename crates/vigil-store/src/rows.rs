//! The rows one record is stored as, the same for every backend: each table's columns and each
//! row's values, so a store only binds them (SQLite's `?N`, PostgreSQL's `$N`).

use crate::names::serde_name;
use crate::packed::Packed;
use crate::StoreError;
use vigil_core::{ArticleKind, Record};

/// One column value, in the few types the schema uses.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bool(bool),
    /// A day: SQLite keeps it as `YYYY-MM-DD` text, PostgreSQL as `date`.
    Date(chrono::NaiveDate),
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Value {
        Value::Int(i64::from(v))
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Real(v)
    }
}
impl From<f32> for Value {
    fn from(v: f32) -> Value {
        Value::Real(f64::from(v))
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(v)
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_owned())
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}
impl From<chrono::NaiveDate> for Value {
    fn from(v: chrono::NaiveDate) -> Value {
        Value::Date(v)
    }
}

/// A table and the columns a record's rows fill in it.
pub(crate) struct Table {
    pub(crate) name: &'static str,
    pub(crate) columns: &'static [&'static str],
}

impl Table {
    /// `INSERT INTO name (columns) VALUES (…)` with placeholders `mark(1)`, `mark(2)`, ….
    pub(crate) fn insert(&self, mark: impl Fn(usize) -> String) -> String {
        let marks: Vec<String> = (1..=self.columns.len()).map(mark).collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.name,
            self.columns.join(", "),
            marks.join(", ")
        )
    }
}

pub(crate) const DOCUMENTS: Table = Table {
    name: "documents",
    columns: &[
        "id",
        "uri",
        "url",
        "kind",
        "not_article_reason",
        "title",
        "published",
        "published_precision",
        "published_source",
        "byline",
        "language",
        "caption",
        "text",
        "ingested_at",
        "record_json",
        "record_digest",
        "source_id",
    ],
};

pub(crate) const PLACES: Table = Table {
    name: "places",
    columns: &[
        "document_id",
        "idx",
        "name",
        "span_start",
        "span_end",
        "gazetteer_id",
        "canonical_name",
        "lat",
        "lon",
        "feature",
        "country_code",
        "admin1",
        "precision",
        "confidence",
    ],
};

pub(crate) const ENTITIES: Table = Table {
    name: "entities",
    columns: &[
        "document_id",
        "idx",
        "entity_id",
        "kind",
        "name",
        "country",
        "mentions",
        "confidence",
    ],
};

pub(crate) const EVENTS: Table = Table {
    name: "events",
    columns: &[
        "document_id",
        "idx",
        "kind",
        "sub_kind",
        "trigger",
        "date_start",
        "date_end",
        "date_precision",
        "place_idx",
        "place_name",
        "lat",
        "lon",
        "country_code",
        "killed_min",
        "killed_max",
        "wounded_min",
        "wounded_max",
        "status",
        "hedged",
        "confidence",
        "json",
        "own_event_id",
    ],
};

/// The rows of one record: its document row, then its places, entities and events, each with
/// the table it goes to (in this order, so foreign keys hold).
pub(crate) fn of(
    record: &Record,
    packed: &Packed,
    ingested_at: &str,
) -> Result<Vec<(&'static Table, Vec<Value>)>, StoreError> {
    let a = &record.article;
    let id = a.id.as_str();
    let int = |what: &str, n: usize| {
        i64::try_from(n).map_err(|_| StoreError::InvalidRecord {
            id: id.to_owned(),
            reason: format!("{what} {n} is out of range"),
        })
    };
    let (kind, reason) = match &a.kind {
        ArticleKind::Article => ("article", None),
        ArticleKind::NotArticle(reason) => ("not_article", Some(reason.as_str())),
    };
    let published = a.published.as_ref();
    let mut rows: Vec<(&'static Table, Vec<Value>)> = vec![(
        &DOCUMENTS,
        vec![
            id.into(),
            a.uri.as_str().into(),
            a.url.as_ref().into(),
            kind.into(),
            reason.into(),
            a.title.as_ref().into(),
            published.map(|p| p.value.as_str()).into(),
            published.and_then(|p| serde_name(&p.precision)).into(),
            published.and_then(|p| serde_name(&p.source)).into(),
            a.byline.as_ref().into(),
            a.language.as_ref().into(),
            a.caption.as_ref().into(),
            a.text.as_str().into(),
            ingested_at.into(),
            packed.json.as_str().into(),
            packed.digest.as_str().into(),
            record.source_id.as_ref().into(),
        ],
    )];
    for (i, p) in record.places.iter().enumerate() {
        rows.push((
            &PLACES,
            vec![
                id.into(),
                int("place index", i)?.into(),
                p.name.as_str().into(),
                int("place span start", p.span.start)?.into(),
                int("place span end", p.span.end)?.into(),
                p.gazetteer_id.as_ref().into(),
                p.canonical_name.as_ref().into(),
                p.lat.into(),
                p.lon.into(),
                p.feature.as_ref().into(),
                p.country_code.as_ref().into(),
                p.admin1.as_ref().into(),
                p.precision.as_ref().and_then(serde_name).into(),
                p.confidence.into(),
            ],
        ));
    }
    for (i, e) in record.language.entities.iter().enumerate() {
        rows.push((
            &ENTITIES,
            vec![
                id.into(),
                int("entity index", i)?.into(),
                e.id.as_str().into(),
                serde_name(&e.kind).into(),
                e.name.as_str().into(),
                e.country.as_ref().into(),
                int("mention count", e.mentions.len())?.into(),
                e.confidence.into(),
            ],
        ));
    }
    for (i, ev) in record.events.iter().enumerate() {
        let json = serde_json::to_string(ev).map_err(|e| StoreError::InvalidRecord {
            id: id.to_owned(),
            reason: format!("event {i}: {e}"),
        })?;
        let when = ev.when.as_ref();
        let place = ev.place.as_ref();
        let place_idx = match place {
            Some(p) => Some(int("event place index", p.index)?),
            None => None,
        };
        rows.push((
            &EVENTS,
            vec![
                id.into(),
                int("event index", i)?.into(),
                serde_name(&ev.kind).into(),
                serde_name(&ev.sub_kind).into(),
                ev.trigger.as_str().into(),
                when.map(|w| w.start).into(),
                when.map(|w| w.end).into(),
                when.and_then(|w| serde_name(&w.precision)).into(),
                place_idx.into(),
                place.map(|p| p.place.name.as_str()).into(),
                place.and_then(|p| p.place.lat).into(),
                place.and_then(|p| p.place.lon).into(),
                place.and_then(|p| p.place.country_code.as_deref()).into(),
                ev.killed.map(|r| r.min).into(),
                ev.killed.and_then(|r| r.max).into(),
                ev.wounded.map(|r| r.min).into(),
                ev.wounded.and_then(|r| r.max).into(),
                serde_name(&ev.status).into(),
                ev.hedged.into(),
                ev.confidence.into(),
                json.into(),
                crate::merge::event_id(&a.id, i).into(),
            ],
        ));
    }
    Ok(rows)
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value as Sql, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Owned(Sql::Null),
            Value::Int(v) => ToSqlOutput::Owned(Sql::Integer(*v)),
            Value::Real(v) => ToSqlOutput::Owned(Sql::Real(*v)),
            Value::Text(v) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
            Value::Bool(v) => ToSqlOutput::Owned(Sql::Integer(i64::from(*v))),
            Value::Date(v) => ToSqlOutput::Owned(Sql::Text(v.to_string())),
        })
    }
}

impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(postgres::types::IsNull::Yes),
            Value::Int(v) => v.to_sql(ty, out),
            Value::Real(v) => v.to_sql(ty, out),
            Value::Text(v) => v.to_sql(ty, out),
            Value::Bool(v) => v.to_sql(ty, out),
            Value::Date(v) => v.to_sql(ty, out),
        }
    }

    fn accepts(ty: &postgres::types::Type) -> bool {
        <i64 as postgres::types::ToSql>::accepts(ty)
            || <f64 as postgres::types::ToSql>::accepts(ty)
            || <String as postgres::types::ToSql>::accepts(ty)
            || <bool as postgres::types::ToSql>::accepts(ty)
            || <chrono::NaiveDate as postgres::types::ToSql>::accepts(ty)
    }

    postgres::types::to_sql_checked!();
}
