/// Why an export failed: the sink could not be written, or a built-in table is broken.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown export format {0:?} (csv, geojson, stix, misp, jsonl)")]
    UnknownFormat(String),
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the export as CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the export as JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{file}:{line}: {message}")]
    Table {
        file: &'static str,
        line: usize,
        message: String,
    },
}
