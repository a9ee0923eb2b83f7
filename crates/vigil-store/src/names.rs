//! Enum values as the names serde gives them (`DatePrecision::Day` → `day`), the form columns
//! and texts keep them in.

use serde::{de::DeserializeOwned, Serialize};

/// The serde name of a unit enum variant, `None` for anything else.
pub(crate) fn serde_name<T: Serialize>(value: &T) -> Option<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// The unit enum variant with this serde name.
pub(crate) fn from_serde_name<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

/// The stored name of a document kind.
pub(crate) fn kind_name(kind: crate::KindFilter) -> &'static str {
    match kind {
        crate::KindFilter::Article => "article",
        crate::KindFilter::NotArticle => "not_article",
    }
}

/// A count or limit as a database integer (i64); beyond that means "no limit" in practice.
pub(crate) fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
