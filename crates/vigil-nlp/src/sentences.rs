//! Sentence segmentation: one left-to-right pass over the bytes of the text.
//!
//! Rules, in the order they are applied:
//! - `"\n\n"` separates paragraphs (as `Article::join_paragraphs` writes them); the paragraph
//!   index counts those separators, so it equals the index into `Article::paragraphs`. A
//!   sentence never crosses a paragraph, nor a whitespace-only line.
//! - A single line break ends a sentence (headlines, captions, list items) unless the line ends
//!   with `, ; : - – — ( /` or the next line starts with a lower-case letter (hard-wrapped text).
//! - `.`, `!`, `?`, `...` and `…` end a sentence when whitespace and then a plausible sentence
//!   start follow (capital letter, digit, opening quote or bracket). Closing quotes and brackets
//!   right after the mark belong to the sentence that ends (`…win." He`), so a multi-sentence
//!   quote is split inside while its attribution (`…win," he said.`) stays with the last part.
//! - A period after an abbreviation from `data/sentences/abbreviations.txt`, an initial
//!   (`J. R. Smith`) or a dotted acronym (`U.S.`) ends a sentence only where the list says it
//!   can; datelines (`KABUL, Afghanistan (AP) —`, `WASHINGTON, D.C. —`) are never cut because
//!   a dash is no sentence start.

use std::collections::HashSet;
use std::sync::OnceLock;
use vigil_core::{Sentence, Span};

/// Splits text into sentences; each carries its byte span (trimmed of surrounding whitespace)
/// and its paragraph index (paragraphs are separated by `"\n\n"`).
#[must_use]
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    let bytes = text.as_bytes();
    let lexicon = lexicon();
    let mut out = Vec::with_capacity(bytes.len() / 100 + 1);
    let mut paragraph = 0usize;
    let mut start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                let after = skip_horizontal_space(bytes, i + 1);
                if bytes.get(after) == Some(&b'\n') {
                    // Blank line: ends the sentence; each "\n\n" pair is one paragraph separator.
                    push(&mut out, bytes, start, i, paragraph);
                    let mut j = i;
                    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                        if bytes[j] == b'\n' && bytes.get(j + 1) == Some(&b'\n') {
                            paragraph += 1;
                            j += 2;
                        } else {
                            j += 1;
                        }
                    }
                    start = j;
                    i = j;
                    continue;
                }
                if line_break_ends_sentence(bytes, start, i, after) {
                    push(&mut out, bytes, start, i, paragraph);
                    start = after;
                }
                i += 1;
            }
            b'.' | b'!' | b'?' => {
                let end = terminator_end(bytes, i);
                if ends_sentence(bytes, lexicon, start, i, end) {
                    push(&mut out, bytes, start, end, paragraph);
                    start = end;
                }
                i = end.max(i + 1);
            }
            0xE2 if bytes[i..].starts_with("…".as_bytes()) => {
                let end = terminator_end(bytes, i);
                if ends_sentence(bytes, lexicon, start, i, end) {
                    push(&mut out, bytes, start, end, paragraph);
                    start = end;
                }
                i = end.max(i + 3);
            }
            _ => i += 1,
        }
    }
    push(&mut out, bytes, start, bytes.len(), paragraph);
    out
}

/// Adds the trimmed `start..end` as a sentence when it holds anything.
fn push(out: &mut Vec<Sentence>, bytes: &[u8], start: usize, end: usize, paragraph: usize) {
    let mut s = start;
    let mut e = end.min(bytes.len());
    while s < e && bytes[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && bytes[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    if s < e {
        out.push(Sentence {
            span: Span::new(s, e),
            paragraph,
        });
    }
}

fn skip_horizontal_space(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r') {
        i += 1;
    }
    i
}

/// Whether a single line break at `nl` (the next line's content starts at `next`) ends the sentence.
fn line_break_ends_sentence(bytes: &[u8], start: usize, nl: usize, next: usize) -> bool {
    let mut e = nl;
    while e > start && bytes[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    if e == start || next >= bytes.len() {
        return false;
    }
    let last = bytes[e - 1];
    if matches!(last, b',' | b';' | b':' | b'-' | b'(' | b'/') {
        return false;
    }
    // En and em dash: E2 80 93 / E2 80 94.
    if e >= 3 && bytes[e - 3] == 0xE2 && bytes[e - 2] == 0x80 && matches!(bytes[e - 1], 0x93 | 0x94)
    {
        return false;
    }
    !char_at(bytes, next).is_some_and(char::is_lowercase)
}

/// The end of a run of terminators and the closing quotes or brackets glued to it.
fn terminator_end(bytes: &[u8], mut i: usize) -> usize {
    loop {
        match bytes.get(i) {
            Some(b'.' | b'!' | b'?') => i += 1,
            Some(0xE2) if bytes[i..].starts_with("…".as_bytes()) => i += 3,
            _ => break,
        }
    }
    loop {
        match bytes.get(i) {
            Some(b'"' | b'\'' | b')' | b']') => i += 1,
            // ” ’ (E2 80 9D / E2 80 99) and » (C2 BB).
            Some(0xE2)
                if bytes.get(i + 1) == Some(&0x80)
                    && matches!(bytes.get(i + 2), Some(0x9D | 0x99)) =>
            {
                i += 3;
            }
            Some(0xC2) if bytes.get(i + 1) == Some(&0xBB) => i += 2,
            _ => break,
        }
    }
    i
}

/// Whether the terminator starting at `mark` (its run and closing marks end at `end`) ends the
/// sentence that began at `start`.
fn ends_sentence(bytes: &[u8], lexicon: &Lexicon, start: usize, mark: usize, end: usize) -> bool {
    // Whitespace must follow ("3.5", "U.S.-led", "e.g.," are no ends); end of text is handled by the caller.
    let Some(&after) = bytes.get(end) else {
        return false;
    };
    if !after.is_ascii_whitespace() {
        return false;
    }
    let mut next = end;
    let mut newlines = 0;
    while next < bytes.len() && bytes[next].is_ascii_whitespace() {
        newlines += usize::from(bytes[next] == b'\n');
        next += 1;
    }
    if next >= bytes.len() || newlines > 0 {
        // A line break after a terminator: the newline rule or the paragraph rule decides.
        return newlines > 0 && !starts_lowercase(bytes, next);
    }
    let Some(first) = char_at(bytes, next) else {
        return false;
    };
    let opens = first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(first, '"' | '\'' | '“' | '‘' | '(' | '[' | '«');
    if !opens {
        return false;
    }
    if matches!(first, '(' | '[') && is_trailing_credit(bytes, next) {
        return false;
    }
    let run_is_single_period = bytes[mark] == b'.' && bytes.get(mark + 1) != Some(&b'.');
    if !run_is_single_period {
        return true;
    }
    // Only a single period can follow an abbreviation: look at the word before it.
    // The word is the run of letters, digits and periods before the mark, so opening quotes
    // and hyphenated prefixes drop off ("“Dr.", "WSVN-Ch.").
    let mut w = mark;
    while w > 0 && (bytes[w - 1].is_ascii_alphanumeric() || bytes[w - 1] == b'.') {
        w -= 1;
    }
    let word = &bytes[w..mark];
    // A list number opening the sentence ("1. The group…") does not end it.
    let opens_sentence = bytes[start.min(w)..w].iter().all(u8::is_ascii_whitespace);
    if opens_sentence && !word.is_empty() && word.len() <= 2 && word.iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    match classify(word, lexicon) {
        Abbrev::None => true,
        Abbrev::Never => false,
        Abbrev::BeforeNumber if first.is_ascii_digit() => false,
        Abbrev::BeforeNumber | Abbrev::Ambiguous => next_word_is_starter(bytes, next, lexicon),
    }
}

/// A short bracketed group that closes a line, such as a photo credit after a caption
/// ("… Province. [AP]"): it belongs to the sentence before it.
fn is_trailing_credit(bytes: &[u8], open: usize) -> bool {
    let close = if bytes[open] == b'(' { b')' } else { b']' };
    let limit = (open + 60).min(bytes.len());
    let Some(offset) = bytes[open + 1..limit]
        .iter()
        .position(|&b| b == close || b == b'\n')
    else {
        return false;
    };
    let at = open + 1 + offset;
    if bytes[at] != close {
        return false;
    }
    let rest = skip_horizontal_space(bytes, at + 1);
    rest >= bytes.len() || bytes[rest] == b'\n'
}

fn starts_lowercase(bytes: &[u8], at: usize) -> bool {
    char_at(bytes, at).is_some_and(char::is_lowercase)
}

fn char_at(bytes: &[u8], at: usize) -> Option<char> {
    let tail = bytes.get(at..)?;
    let len = tail.len().min(4);
    // Try the shortest valid UTF-8 prefix; `at` is always a char boundary here.
    (1..=len).find_map(|n| {
        std::str::from_utf8(&tail[..n])
            .ok()
            .and_then(|s| s.chars().next())
    })
}

/// What the word before a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbrev {
    None,
    Never,
    BeforeNumber,
    Ambiguous,
}

fn classify(word: &[u8], lexicon: &Lexicon) -> Abbrev {
    if word.is_empty() {
        return Abbrev::None;
    }
    // An initial: one capital letter.
    if word.len() == 1 && word[0].is_ascii_uppercase() {
        return Abbrev::Never;
    }
    let mut buf = [0u8; 16];
    if word.len() <= buf.len() {
        for (d, s) in buf.iter_mut().zip(word) {
            *d = s.to_ascii_lowercase();
        }
        if let Ok(lower) = std::str::from_utf8(&buf[..word.len()]) {
            if lexicon.never.contains(lower) {
                return Abbrev::Never;
            }
            if lexicon.before_number.contains(lower) {
                return Abbrev::BeforeNumber;
            }
            if lexicon.ambiguous.contains(lower) {
                return Abbrev::Ambiguous;
            }
        }
    }
    // Dotted acronym: letters separated by single periods ("U.S", "a.m", "D.C").
    let dotted = word.len() >= 3
        && word.iter().enumerate().all(|(k, &b)| {
            if k % 2 == 0 {
                b.is_ascii_alphabetic()
            } else {
                b == b'.'
            }
        });
    if dotted {
        return Abbrev::Ambiguous;
    }
    Abbrev::None
}

/// Whether the word at `at` is one that typically opens a sentence ("The", "He", "In").
fn next_word_is_starter(bytes: &[u8], mut at: usize, lexicon: &Lexicon) -> bool {
    // Skip an opening quote or bracket.
    while at < bytes.len() && matches!(bytes[at], b'"' | b'\'' | b'(' | b'[') {
        at += 1;
    }
    if bytes[at..].starts_with("“".as_bytes()) || bytes[at..].starts_with("‘".as_bytes()) {
        at += 3;
    }
    let mut e = at;
    while e < bytes.len() && bytes[e].is_ascii_alphabetic() {
        e += 1;
    }
    let word = &bytes[at..e];
    if word.is_empty() || word.len() > 16 || !word[0].is_ascii_uppercase() {
        return false;
    }
    let mut buf = [0u8; 16];
    for (d, s) in buf.iter_mut().zip(word) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..word.len()]).is_ok_and(|w| lexicon.starters.contains(w))
}

/// The words of a data file in `[section]` blocks, one a line, with `#` comments:
/// (section name without brackets, word) pairs.
pub(crate) fn sectioned_words(
    text: &'static str,
) -> impl Iterator<Item = (&'static str, &'static str)> {
    let mut section = "";
    text.lines().filter_map(move |line| {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            return None;
        }
        (!line.is_empty()).then_some((section, line))
    })
}

/// The abbreviation lists, parsed once from the built-in data file.
struct Lexicon {
    never: HashSet<&'static str>,
    before_number: HashSet<&'static str>,
    ambiguous: HashSet<&'static str>,
    starters: HashSet<&'static str>,
}

const ABBREVIATIONS: &str = include_str!("../data/sentences/abbreviations.txt");

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lexicon = Lexicon {
            never: HashSet::new(),
            before_number: HashSet::new(),
            ambiguous: HashSet::new(),
            starters: HashSet::new(),
        };
        for (section, word) in sectioned_words(ABBREVIATIONS) {
            let set = match section {
                "never" => &mut lexicon.never,
                "before_number" => &mut lexicon.before_number,
                "ambiguous" => &mut lexicon.ambiguous,
                "starters" => &mut lexicon.starters,
                _ => continue,
            };
            set.insert(word);
        }
        lexicon
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        split_sentences(text)
            .iter()
            .map(|s| &text[s.span.start..s.span.end])
            .collect()
    }

    #[test]
    fn lexicon_loads_every_section() {
        let l = lexicon();
        assert!(l.never.contains("gen"));
        assert!(l.before_number.contains("jan"));
        assert!(l.ambiguous.contains("inc"));
        assert!(l.starters.contains("the"));
    }

    #[test]
    fn plain_sentences() {
        assert_eq!(texts("One. Two! Three?"), vec!["One.", "Two!", "Three?"]);
    }

    #[test]
    fn list_numbers() {
        assert_eq!(
            texts("1. The group grew. 2. It spread."),
            vec!["1. The group grew.", "2. It spread."]
        );
    }

    #[test]
    fn empty_and_blank() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n\n  ").is_empty());
    }
}
