//! Evaluation of vigil against the dev sets in `../shared/bench`: each module reads one dev set,
//! runs the relevant stages and scores them with the metric that set's README defines.
//!
//! Architecture invariant: evaluation only reads the dev sets from where they lie; nothing from
//! them is copied into the repository or used to tune code paths.

pub mod events;
pub mod extraction;
pub mod geo;
pub mod nlp;

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
