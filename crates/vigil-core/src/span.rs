use serde::{Deserialize, Serialize};

/// Which of an article's texts a span indexes: the body (`Article::text`, the default) or the
/// photo caption (`Article::caption`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSource {
    #[default]
    Text,
    Caption,
}

impl TextSource {
    /// For `skip_serializing_if`: the body is the default and goes unsaid.
    #[must_use]
    pub fn is_text(&self) -> bool {
        *self == TextSource::Text
    }
}

/// A half-open range of **UTF-8 byte offsets** into an article's `text`.
///
/// Bytes, not characters: `&text[span.start..span.end]` is the covered text. Consumers that
/// need code-point offsets (e.g. Python tools) convert at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    #[must_use]
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The covered text, or `None` when the span does not lie on char boundaries of `text`.
    #[must_use]
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }

    #[must_use]
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    #[must_use]
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}
