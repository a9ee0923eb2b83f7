//! Plain-text scrapes: the visible text of a page, as a site builder rendered it, with its chrome
//! (menus, accessibility anchors, widget titles, share prompts, copyright lines) still in.
//!
//! Chrome is recognised by shape and position, not by a list of one site's strings: before the
//! headline and after the last prose paragraph, short lines that are not sentences are menus and
//! widget titles; anywhere, lines shaped like share prompts, "skip/back to" anchors and copyright
//! notices go. A line describing a photo (ending in a credit such as "[AP]" or "(Reuters)", or
//! worded like "In this photo …") becomes the caption.

use once_cell::sync::Lazy;
use regex::Regex;

/// Collapses whitespace runs (including no-break and zero-width spaces) into one space and trims.
pub(crate) fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if c.is_whitespace() || matches!(c, '\u{200b}' | '\u{200c}' | '\u{feff}' | '\u{00ad}') {
            if c != '\u{00ad}' && c != '\u{200c}' {
                pending = true;
            }
            continue;
        }
        if pending && !out.is_empty() {
            out.push(' ');
        }
        pending = false;
        out.push(c);
    }
    out
}

/// The cleaned pieces of a text scrape.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct TextParts {
    pub title: Option<String>,
    pub captions: Vec<String>,
    pub paragraphs: Vec<String>,
    /// Year of a copyright notice, a last-resort publication date.
    pub copyright_year: Option<i32>,
    /// A date on a line between the headline and the body ("Posted on April 9, 2023").
    pub dateline: Option<vigil_dates::Found>,
    /// An author named on such a line ("by Jane Doe").
    pub byline: Option<String>,
}

static COPYRIGHT: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(r"(?i)^\W*(?:©|\(c\)|copyright\b|all rights reserved)|all rights reserved\W*$|^\W*(?:©|\(c\))").ok()
});
static YEAR: Lazy<Option<Regex>> = Lazy::new(|| Regex::new(r"\b(19[9]\d|2[01]\d\d)\b").ok());
/// Accessibility anchors and page-navigation links.
static ANCHOR: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(r"(?i)^\W*(?:(?:skip|jump|go|back|return|scroll) to\b.{0,30}|(?:top|bottom|end|start) of (?:the )?(?:page|content|main content)|to top|menu|close|search|log ?in|sign ?in|sign ?up)\W*$").ok()
});
/// Share and follow prompts.
static SHARE: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(r"(?i)^\W*(?:share(?: this| on| via| article| story| post)?\b.{0,40}|like this:?|tweet|pin it|email this|print(?: this)?(?: article| page)?|follow us\b.{0,40}|(?:facebook|twitter|whatsapp|linkedin|pinterest|telegram|reddit|x|email)(?:\W+(?:facebook|twitter|whatsapp|linkedin|pinterest|telegram|reddit|x|email))*|\d+\s+(?:comments?|views?|likes?|shares?))\W*$").ok()
});
/// A credit at the end of a line: "[AP]", "(Reuters)", "(Photo: Jane Doe/AFP)".
static CREDIT_END: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"[\[(]\s*([^\[\]()]{1,60})\s*[\])]\s*\.?\s*$").ok());
/// Wording of a photo description.
static PHOTO_WORDS: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:in this (?:\w+ ){0,3}(?:photo(?:graph)?|image|picture|frame grab|video grab|handout|screenshot|still)|(?:file|handout) (?:photo|image|picture)|photo(?:graph)? (?:taken|shows|provided|released)|pictured|is seen|are seen|poses? for)\b|^(?:FILE|PHOTO)\b\W").ok()
});
/// "A soldier stands …", "Residents walk …": a scene described in the present tense.
static SCENE_START: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(r"^[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,7}?\s+(?:stands?|sits?|walks?|looks? (?:at|on|out)|holds?|carr(?:y|ies)|gathers?|waits?|rides?|prays?|inspects?|mourns?|patrols?|guards?|watches?|takes? part|attends?|reacts?|poses?|gestures?|speaks?|shouts?|checks?|lies?|prepares?|works?|cleans?|clears?|removes?|repairs?|marches?|queues?|line up|pass(?:es)? by|is seen|are seen)\b").ok()
});

fn words(line: &str) -> usize {
    line.split_whitespace().count()
}

fn ends_sentence(line: &str) -> bool {
    let l = line.trim_end();
    l.ends_with(['.', '!', '?', '"', '”', '’', ':', ';', '…', '»', ')'])
}

/// A sentence or more of prose.
fn is_prose(line: &str) -> bool {
    let w = words(line);
    w >= 12 || (w >= 6 && ends_sentence(line))
}

/// Short, not a sentence: a menu entry or widget title.
fn is_menu_like(line: &str) -> bool {
    let w = words(line);
    let separators = line.matches(['|', '•', '·', '»', '/']).count();
    (w <= 6 && line.chars().count() <= 60 && !ends_sentence(line))
        || separators >= 2 && !is_prose(line)
}

/// The latest year in the 40 bytes after a copyright mark ("© 1996-2008 …" → 2008).
pub(crate) fn copyright_year(text: &str) -> Option<i32> {
    let lower = text.to_ascii_lowercase();
    let at = ["©", "copyright", "(c)"]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()?;
    let mut end = (at + 40).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let tail = text.get(at..end)?;
    YEAR.as_ref()?
        .find_iter(tail)
        .filter_map(|m| m.as_str().parse().ok())
        .max()
}

fn is_copyright(line: &str) -> bool {
    line.chars().count() <= 200 && COPYRIGHT.as_ref().is_some_and(|re| re.is_match(line))
}

fn matches(re: &Lazy<Option<Regex>>, line: &str) -> bool {
    re.as_ref().is_some_and(|re| re.is_match(line))
}

/// Whether a line is headline-shaped: several words, starts with a capital, no closing period.
fn is_headline(line: &str) -> bool {
    let w = words(line);
    let first_upper = line
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    (4..=30).contains(&w)
        && line.chars().count() <= 220
        && first_upper
        && !line.trim_end().ends_with(['.', ':', ';', ','])
        && !matches(&SHARE, line)
        && !is_copyright(line)
        && line.matches(['|', '•']).count() < 2
}

/// Whether a line describes a photo.
pub(crate) fn is_caption(line: &str) -> bool {
    let w = words(line);
    if !(5..=90).contains(&w) {
        return false;
    }
    let mut score = 0;
    if let Some(c) = CREDIT_END.as_ref().and_then(|re| re.captures(line)) {
        let inner = c.get(1).map_or("", |m| m.as_str());
        let lower = inner.to_lowercase();
        let labelled = ["photo", "image", "picture", "credit", "file", "video"]
            .iter()
            .any(|w| lower.starts_with(w));
        let credit_like = labelled
            || words(inner) <= 6
                && inner.split_whitespace().all(|t| {
                    t.chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
                        || t.contains('/')
                        || t.len() <= 3
                });
        if credit_like {
            score += 2;
        }
    }
    if matches(&PHOTO_WORDS, line) {
        score += 2;
    }
    if matches(&SCENE_START, line) {
        score += 1;
    }
    if vigil_dates::written(line).is_some() {
        score += 1;
    }
    score >= 3 || (score >= 2 && !matches(&SCENE_START, line) && matches(&PHOTO_WORDS, line))
}

static BY: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(r"(?:^|\s)[Bb]y:?\s+([\p{L}][\p{L}.'’-]*(?:\s+[\p{L}][\p{L}.'’-]*){0,3})").ok()
});

/// "By Jane Doe", "Posted on … by jdoe" → the name.
fn byline_of(line: &str) -> Option<String> {
    if words(line) > 15 {
        return None;
    }
    BY.as_ref()?
        .captures(line)?
        .get(1)
        .map(|m| m.as_str().trim().to_owned())
}

/// A date or author line ("Posted on April 9, 2023 by jdoe"), not a headline.
fn is_meta_line(line: &str) -> bool {
    words(line) <= 15 && (vigil_dates::written(line).is_some() || byline_of(line).is_some())
}

/// Joins hard-wrapped paragraphs (lines broken at a fixed width) back into one line each.
/// A blank-line-separated block is wrapped when its lines, all but the last, are long and do
/// not end a sentence; menus and one-line paragraphs are left alone.
fn reflow(lines: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut block: Vec<String> = Vec::new();
    let flush = |block: &mut Vec<String>, out: &mut Vec<String>| {
        let wrapped = block.len() >= 2
            && block[..block.len() - 1]
                .iter()
                .filter(|l| l.chars().count() >= 40 && !ends_sentence(l))
                .count()
                * 5
                >= (block.len() - 1) * 4;
        if wrapped {
            out.push(block.join(" "));
        } else {
            out.append(block);
        }
        block.clear();
    };
    for line in lines {
        if line.is_empty() {
            flush(&mut block, &mut out);
            out.push(line);
        } else {
            block.push(line);
        }
    }
    flush(&mut block, &mut out);
    out
}

/// Cleans a plain-text scrape.
pub(crate) fn clean_text(content: &str) -> TextParts {
    let mut parts = TextParts::default();
    let lines = reflow(content.lines().map(normalize_space).collect());
    // Indices of non-empty lines.
    let idx: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_empty()).collect();
    if idx.is_empty() {
        return parts;
    }
    let line = |k: usize| lines[idx[k]].as_str();
    let first_prose = (0..idx.len()).find(|&k| is_prose(line(k)) && !is_caption(line(k)));
    let last_prose = (0..idx.len())
        .rev()
        .find(|&k| is_prose(line(k)) && !is_copyright(line(k)));

    // The headline: the last headline-shaped line before the first prose (a caption may sit
    // between them), within the first lines of the page.
    let mut start = 0;
    if let Some(fp) = first_prose {
        let title_at = (0..fp)
            .rev()
            .filter(|&k| !is_caption(line(k)) && !is_meta_line(line(k)))
            .find(|&k| is_headline(line(k)));
        if let Some(t) = title_at {
            parts.title = Some(line(t).to_owned());
            start = t + 1;
        } else {
            // No headline: drop menu-like lines before the prose, keep the rest.
            start = (0..fp).find(|&k| !is_menu_like(line(k))).unwrap_or(fp);
        }
    }
    let end = last_prose.map_or(idx.len(), |k| k + 1);
    // Between the headline and the first prose: date and author lines, not body text.
    let body_start = match (parts.title.is_some(), first_prose) {
        (true, Some(fp)) => fp,
        _ => start,
    };

    for k in 0..idx.len() {
        let l = line(k);
        if is_copyright(l) {
            if parts.copyright_year.is_none() {
                parts.copyright_year = YEAR
                    .as_ref()
                    .and_then(|re| re.find(l))
                    .and_then(|m| m.as_str().parse().ok());
            }
            continue;
        }
        if k < start || k >= end {
            // Before the headline or after the last prose: keep only prose (rare) and captions.
            if k >= end
                && !is_menu_like(l)
                && !matches(&ANCHOR, l)
                && !matches(&SHARE, l)
                && is_prose(l)
            {
                parts.paragraphs.push(l.to_owned());
            }
            continue;
        }
        if matches(&ANCHOR, l) || matches(&SHARE, l) {
            continue;
        }
        if k < body_start && !is_caption(l) {
            if parts.dateline.is_none() {
                parts.dateline = vigil_dates::written(l);
            }
            if parts.byline.is_none() {
                parts.byline = byline_of(l);
            }
            continue;
        }
        if is_caption(l) {
            parts.captions.push(l.to_owned());
            continue;
        }
        parts.paragraphs.push(l.to_owned());
    }
    // A caption needs something to caption: a text that is all caption-like lines ("On 5
    // November 2025, … village (Afmadow, Lower Juba).") is the text itself.
    if parts.paragraphs.is_empty() {
        parts.paragraphs = std::mem::take(&mut parts.captions);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_collapse() {
        assert_eq!(normalize_space("  a \u{a0}\n b\u{200b}c "), "a b c");
    }

    #[test]
    fn a_lone_caption_like_line_is_the_text() {
        let parts = clean_text(
            "On 3 March 2024, gunmen seized a schoolteacher near Kilima village (Tana River, Coast).",
        );
        assert_eq!(parts.paragraphs.len(), 1);
        assert!(parts.captions.is_empty());
    }

    #[test]
    fn captions_by_credit_or_wording() {
        assert!(is_caption("A farmer stands beside a flooded field near Dhaka, Bangladesh, July 2, 2021. [Reuters]"));
        assert!(is_caption("In this file photo, firefighters battle a blaze at the harbour warehouse. (AFP/Getty Images)"));
        assert!(!is_caption("(Reuters) — The ministry said on Monday that the bridge would reopen next week after repairs."));
        assert!(!is_caption(
            "The minister said the talks would continue, according to a statement (PDF)."
        ));
    }

    #[test]
    fn wrapped_paragraphs_are_joined() {
        let text = "Rivers Rise Across the Valley After Days of Rain\n\nThe river rose overnight and cut the only road\nto the northern villages, officials said on\nMonday.\n\nHome\nAbout\n";
        let parts = clean_text(text);
        assert_eq!(
            parts.paragraphs,
            vec!["The river rose overnight and cut the only road to the northern villages, officials said on Monday."]
        );
    }

    #[test]
    fn headline_shape() {
        assert!(is_headline(
            "Floods Cut Off Villages in the North, Officials Say"
        ));
        assert!(!is_headline("Home"));
        assert!(!is_headline(
            "The river rose overnight and cut the road to the north."
        ));
    }
}
