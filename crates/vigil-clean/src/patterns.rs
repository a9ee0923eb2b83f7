//! The data-driven parts of cleaning: what class names, paragraphs and page phrases mean.
//! The rules live in `data/*.txt` (compiled into the binary) so they can be read and extended.

use once_cell::sync::Lazy;
use regex::Regex;

/// What an element's class/id/itemprop/role say about it: the rules of each kind joined in one
/// regular expression, so that a kind is settled by its first match.
pub(crate) struct PageParts {
    junk: Option<Regex>,
    negative: Option<Regex>,
    positive: Option<Regex>,
    keep: Option<Regex>,
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
        let mut rules: [Vec<&str>; 4] = Default::default();
        for line in data_lines(text) {
            let Some((kind, pattern)) = line.split_once(char::is_whitespace) else {
                continue;
            };
            let kind = match kind {
                "junk" => 0,
                "negative" => 1,
                "positive" => 2,
                "keep" => 3,
                _ => continue,
            };
            rules[kind].push(pattern.trim());
        }
        let [junk, negative, positive, keep] = rules.map(|r| alternation(&r, str::to_owned));
        PageParts {
            junk,
            negative,
            positive,
            keep,
        }
    }

    pub(crate) fn judge(&self, attrs: &str) -> PartVerdict {
        let matches = |re: &Option<Regex>| re.as_ref().is_some_and(|re| re.is_match(attrs));
        if attrs.is_empty() {
            return PartVerdict::default();
        }
        // Quoted content is never chrome.
        let keep = matches(&self.keep);
        PartVerdict {
            junk: !keep && matches(&self.junk),
            negative: !keep && matches(&self.negative),
            positive: matches(&self.positive),
        }
    }
}

/// One regular expression matching where any of `patterns` does, `wrap`ped (given the
/// alternation). A pattern that does not compile (from a user file) is left out, not fatal;
/// patterns are compiled one by one only when the whole fails, as each costs about as much as
/// the whole. `None` when no pattern is left.
fn alternation(patterns: &[&str], wrap: impl Fn(&str) -> String) -> Option<Regex> {
    let join = |patterns: &[&str]| {
        let alternatives: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
        Regex::new(&wrap(&alternatives.join("|")))
    };
    if patterns.is_empty() {
        return None;
    }
    join(patterns).ok().or_else(|| {
        let valid: Vec<&str> = patterns
            .iter()
            .copied()
            .filter(|p| Regex::new(p).is_ok())
            .collect();
        (!valid.is_empty()).then(|| join(&valid).ok()).flatten()
    })
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
    let lines: Vec<&str> = data_lines(include_str!("../data/boilerplate-lines.txt")).collect();
    alternation(&lines, |any| format!(r"(?i)^\W*(?:{any})\W*$"))
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

/// Compile the rule files (see [`crate::PREPARE`]).
pub(crate) fn prepare_boilerplate_lines() {
    Lazy::force(&BOILERPLATE_LINES);
}

pub(crate) fn prepare_not_article() {
    Lazy::force(&NOT_ARTICLE);
}

pub(crate) fn prepare_page_parts() {
    Lazy::force(&PAGE_PARTS);
}

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
    fn a_rule_that_does_not_compile_is_left_out() {
        let re = alternation(&["share(", "related"], str::to_owned);
        assert!(re.as_ref().is_some_and(|re| re.is_match("related-links")));
        assert!(alternation(&["share("], str::to_owned).is_none());
        assert!(alternation(&[], str::to_owned).is_none());
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
