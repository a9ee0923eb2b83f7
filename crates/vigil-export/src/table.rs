//! The built-in tab-separated tables in `data/`: rows with their line numbers, and the error a
//! malformed row gives.

use crate::ExportError;

/// The non-comment, non-blank rows of a tab-separated table, cells trimmed, with line numbers.
pub(crate) fn rows<'t>(text: &'t str) -> impl Iterator<Item = (usize, Vec<&'t str>)> + 't {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').map(str::trim).collect()))
}

/// A malformed row of a built-in table (a bug in vigil's data, caught by the tests).
pub(crate) fn table_error(file: &'static str, line: usize, message: &str) -> ExportError {
    ExportError::Table {
        file,
        line,
        message: message.to_owned(),
    }
}
