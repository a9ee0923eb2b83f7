//! Full-text search with PostgreSQL's own machinery: the generated `tsvector` column (title
//! weight A, caption B, text D), `ts_rank` with title above caption above text, `ts_headline`
//! snippets with the caller's markers.

use super::{kind_name, published, to_i64};
use crate::{query, SearchHit, SearchOptions, StoreError};
use postgres::GenericClient;
use vigil_core::DocumentId;

pub(super) fn search(
    client: &mut impl GenericClient,
    query: &str,
    options: &SearchOptions,
) -> Result<Vec<SearchHit>, StoreError> {
    let tsquery = query::to_tsquery(query)?;
    let rows = client.query(
        "WITH q AS (SELECT to_tsquery('vigil', $1) AS query)
         SELECT d.id, d.uri, d.title, d.published, d.published_precision, d.published_source,
                -- weights D (text), C (unused), B (caption), A (title): 1 : 3 : 10 as in SQLite
                ts_rank('{0.1, 0.0, 0.3, 1.0}', d.search, q.query) AS score,
                ts_headline('vigil', d.text, q.query, $3),
                ts_headline('vigil', concat_ws(' ', d.title, d.caption), q.query, $3),
                d.text
         FROM documents d, q
         WHERE d.search @@ q.query AND ($2::text IS NULL OR d.kind = $2)
         ORDER BY score DESC, d.id
         LIMIT $4 OFFSET $5",
        &[
            &tsquery,
            &options.kind.map(kind_name),
            &headline_options(options),
            &to_i64(options.limit),
            &to_i64(options.offset),
        ],
    )?;
    let mut hits = Vec::with_capacity(rows.len());
    for row in rows {
        let id: String = row.get(0);
        let in_text: String = row.get(7);
        let anywhere: String = row.get(8);
        let text: &str = row.get(9);
        // Prefer a passage of the body; when only the title or caption matched, show that.
        let marked = |s: &str| !options.open.is_empty() && s.contains(&options.open);
        let snippet = if marked(&in_text) || !marked(&anywhere) {
            with_ellipses(&in_text, text, options)
        } else {
            anywhere
        };
        hits.push(SearchHit {
            published: published(&id, row.get(3), row.get(4), row.get(5))?,
            uri: row.get(1),
            title: row.get(2),
            score: f64::from(row.get::<_, f32>(6)),
            snippet,
            id: DocumentId(id),
        });
    }
    Ok(hits)
}

/// `ts_headline`'s options: the caller's markers, one fragment of about the words asked for.
fn headline_options(options: &SearchOptions) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let max = options.snippet_words.clamp(2, 64);
    format!(
        "StartSel={}, StopSel={}, MaxWords={max}, MinWords={}, MaxFragments=1, \
         FragmentDelimiter={}",
        quote(&options.open),
        quote(&options.close),
        (max / 2).max(1),
        quote(&options.ellipsis),
    )
}

/// Marks a passage cut from inside `text` with the ellipsis at the end(s) where text was left out.
fn with_ellipses(snippet: &str, text: &str, options: &SearchOptions) -> String {
    let mut plain = snippet.to_owned();
    for marker in [&options.open, &options.close] {
        if !marker.is_empty() {
            plain = plain.replace(marker.as_str(), "");
        }
    }
    let plain = plain.trim();
    if plain.is_empty() {
        return snippet.to_owned();
    }
    let mut out = String::new();
    if !text.trim_start().starts_with(plain) {
        out.push_str(&options.ellipsis);
    }
    out.push_str(snippet.trim());
    if !text.trim_end().ends_with(plain) {
        out.push_str(&options.ellipsis);
    }
    out
}
