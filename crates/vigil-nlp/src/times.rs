use vigil_core::{Sentence, TimeExpr};

/// Finds time expressions and resolves them against `anchor` (the publication date).
#[must_use]
pub fn find_times(
    text: &str,
    sentences: &[Sentence],
    anchor: Option<chrono::NaiveDate>,
) -> Vec<TimeExpr> {
    let _ = (text, sentences, anchor);
    Vec::new()
}
