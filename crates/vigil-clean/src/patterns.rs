//! The data-driven parts of cleaning: what class names, paragraphs and page phrases mean.
//! The rules live in `data/*.txt` (compiled into the binary) so they can be read and extended.

use once_cell::sync::Lazy;
use regex::{Regex, RegexSet};

/// What an element's class/id/itemprop/role say about it: all rules in one set, so each
/// element's attributes are scanned once.
pub(crate) struct PageParts {
    rules: RegexSet,
    kinds: Vec<Kind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Junk,
    Negative,
    Positive,
    Keep,
}

/// The verdict of [`PageParts`] on one element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct PartVerdict {
    pub junk: bool,
    pub negative: bool,
    pub positive: bool,
}

impl PageParts {
    fn parse(text: &str) -> PageParts {
        let mut patterns = Vec::new();
        let mut kinds = Vec::new();
        for line in data_lines(text) {
            let Some((kind, pattern)) = line.split_once(char::is_whitespace) else {
                continue;
            };
            let kind = match kind {
                "junk" => Kind::Junk,
                "negative" => Kind::Negative,
                "positive" => Kind::Positive,
                "keep" => Kind::Keep,
                _ => continue,
            };
            let pattern = pattern.trim();
            // An invalid rule (from a user file) is skipped, not fatal.
            if Regex::new(pattern).is_ok() {
                patterns.push(pattern.to_owned());
                kinds.push(kind);
            }
        }
        let rules = RegexSet::new(&patterns).unwrap_or_else(|_| RegexSet::empty());
        PageParts { rules, kinds }
    }

    pub(crate) fn judge(&self, attrs: &str) -> PartVerdict {
        let mut v = PartVerdict::default();
        if attrs.is_empty() {
            return v;
        }
        let mut keep = false;
        for i in self.rules.matches(attrs).iter() {
            match self.kinds.get(i) {
                Some(Kind::Junk) => v.junk = true,
                Some(Kind::Negative) => v.negative = true,
                Some(Kind::Positive) => v.positive = true,
                Some(Kind::Keep) => keep = true,
                None => {}
            }
        }
        if keep {
            v.junk = false;
            v.negative = false;
        }
        v
    }
}

/// Non-empty, non-comment lines of a data file.
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

pub(crate) static PAGE_PARTS: Lazy<PageParts> =
    Lazy::new(|| PageParts::parse(include_str!("../data/page-parts.txt")));

/// Paragraphs that are chrome wherever they appear.
pub(crate) static BOILERPLATE_LINES: Lazy<Option<Regex>> = Lazy::new(|| {
    let alternatives: Vec<String> = data_lines(include_str!("../data/boilerplate-lines.txt"))
        .filter(|l| Regex::new(l).is_ok())
        .map(|l| format!("(?:{l})"))
        .collect();
    Regex::new(&format!(r"(?i)^\W*(?:{})\W*$", alternatives.join("|"))).ok()
});

/// Not-article phrases, each with its reason code.
pub(crate) static NOT_ARTICLE: Lazy<Vec<(String, Regex)>> = Lazy::new(|| {
    data_lines(include_str!("../data/not-article.txt"))
        .filter_map(|l| {
            let (reason, pattern) = l.split_once('\t')?;
            let re = Regex::new(&format!("(?i){}", pattern.trim())).ok()?;
            Some((reason.trim().to_owned(), re))
        })
        .collect()
});

/// Whether a whole paragraph is known chrome ("Advertisement", "Read more: …").
pub(crate) fn is_boilerplate_line(text: &str) -> bool {
    text.chars().count() <= 160
        && BOILERPLATE_LINES
            .as_ref()
            .is_some_and(|re| re.is_match(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_parts_load_and_judge() {
        let v = PAGE_PARTS.judge("share-bar social");
        assert!(v.junk);
        let v = PAGE_PARTS.judge("article-body");
        assert!(v.positive && !v.junk);
        let v = PAGE_PARTS.judge("shadow header-wrapper");
        assert!(v.negative && !v.junk);
        assert!(
            !PAGE_PARTS.judge("loaded").junk,
            "'ad' must match as a word only"
        );
    }

    #[test]
    fn boilerplate_lines_match_whole_paragraphs_only() {
        assert!(is_boilerplate_line("Advertisement"));
        assert!(is_boilerplate_line("Read more: Why rivers flood"));
        assert!(!is_boilerplate_line(
            "The advertisement campaign was launched in May, officials said."
        ));
    }

    #[test]
    fn not_article_rules_load() {
        assert!(NOT_ARTICLE.len() > 10);
        assert!(NOT_ARTICLE
            .iter()
            .any(|(r, re)| r == "consent" && re.is_match("We use cookies")));
    }
}
