//! Scores the events stage. (To be written.)

use crate::EvalError;
use std::path::Path;

/// The figures of one evaluation run; `Display` prints the human-readable table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not yet implemented\n")
    }
}

/// Runs the evaluation on the dev set at `path`.
pub fn run(path: &Path) -> Result<Report, EvalError> {
    let _ = path;
    Err(EvalError::Data {
        path: String::new(),
        message: "not implemented".into(),
    })
}
