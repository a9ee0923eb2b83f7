//! Evaluation of vigil against the dev sets in `../shared/bench`: each module reads one dev set,
//! runs the relevant stages and scores them with the metric that set's README defines.
//!
//! Architecture invariant: evaluation only reads the dev sets from where they lie; nothing from
//! them is copied into the repository or used to tune code paths.

pub mod events;
pub mod extraction;
pub mod geo;
pub mod nlp;
pub mod pages;
pub mod pubdate;

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Data { path: String, message: String },
}

/// `a / b`, or 0 when there is nothing to divide by.
pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Reads a dev-set JSONL file: one record per non-blank line.
pub(crate) fn read_jsonl<T: serde::de::DeserializeOwned>(
    path: &std::path::Path,
) -> Result<Vec<T>, EvalError> {
    let shown = path.display().to_string();
    let body = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: shown.clone(),
        source,
    })?;
    let mut records = Vec::new();
    for (n, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        records.push(serde_json::from_str(line).map_err(|e| EvalError::Data {
            path: format!("{shown}:{}", n + 1),
            message: e.to_string(),
        })?);
    }
    Ok(records)
}

/// An article whose text is a dev-set text verbatim (so gold offsets stay valid), paragraphs
/// split on blank lines; no publication date, as the dev-set READMEs require.
pub(crate) fn dev_article(uri: &str, text: &str) -> vigil_core::Article {
    vigil_core::Article {
        id: vigil_core::DocumentId::of_bytes(text.as_bytes()),
        uri: uri.to_owned(),
        url: None,
        kind: vigil_core::ArticleKind::Article,
        title: None,
        published: None,
        byline: None,
        language: Some("en".into()),
        caption: None,
        paragraphs: text
            .split("\n\n")
            .map(str::to_string)
            .filter(|p| !p.trim().is_empty())
            .collect(),
        text: text.to_string(),
    }
}
