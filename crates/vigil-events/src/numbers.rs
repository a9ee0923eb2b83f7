//! Casualty counts from numerals and words: "13", "five", "twenty-five", "1,200", "at least 5",
//! "five to seven", "several", "dozens of", "hundreds of", "no one".

use crate::lexicon::LexiconError;
use crate::tokens::{tokenize, Token};
use std::collections::HashMap;
use vigil_core::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Value,
    Scale,
    Vague,
}

#[derive(Debug, Clone, Copy)]
struct Word {
    min: u32,
    max: Option<u32>,
    role: Role,
}

/// A count found in the tokens: its range and the tokens it covers (`start..end`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Count {
    pub range: Range,
    pub start: usize,
    pub end: usize,
    /// True for quantity words without a number ("several", "dozens of").
    pub vague: bool,
}

/// The number-word table (built in, extensible with a user file of the same format).
#[derive(Debug, Clone)]
pub(crate) struct NumberWords {
    words: HashMap<String, Word>,
    longest: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    None,
    AtLeast,
    AtMost,
    Between,
}

/// Modifiers before a number and what they do to it ("about" and its kind leave it as it is).
const MODIFIERS: &[(&str, Modifier)] = &[
    ("at least", Modifier::AtLeast),
    ("more than", Modifier::AtLeast),
    ("over", Modifier::AtLeast),
    ("upwards of", Modifier::AtLeast),
    ("in excess of", Modifier::AtLeast),
    ("a minimum of", Modifier::AtLeast),
    ("up to", Modifier::AtMost),
    ("as many as", Modifier::AtMost),
    ("at most", Modifier::AtMost),
    ("fewer than", Modifier::AtMost),
    ("less than", Modifier::AtMost),
    ("between", Modifier::Between),
    ("about", Modifier::None),
    ("around", Modifier::None),
    ("approximately", Modifier::None),
    ("roughly", Modifier::None),
    ("nearly", Modifier::None),
    ("almost", Modifier::None),
    ("close to", Modifier::None),
    ("an estimated", Modifier::None),
    ("estimated", Modifier::None),
    ("some", Modifier::None),
    ("a total of", Modifier::None),
    ("total of", Modifier::None),
    ("a group of", Modifier::None),
    ("a family of", Modifier::None),
    ("a further", Modifier::None),
    ("another", Modifier::None),
];

impl NumberWords {
    /// The built-in table from `data/numbers.tsv`.
    pub(crate) fn builtin() -> NumberWords {
        let mut n = NumberWords {
            words: HashMap::new(),
            longest: 1,
        };
        // The built-in file is tested; a parse error there is a bug caught by the test suite.
        let _ = n.extend(include_str!("../data/numbers.tsv"), "data/numbers.tsv");
        n
    }

    /// Adds lines in the `numbers.tsv` format; later lines override earlier ones.
    pub(crate) fn extend(&mut self, source: &str, name: &str) -> Result<(), LexiconError> {
        for (no, line) in source.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = |message: &str| LexiconError::Line {
                file: name.to_owned(),
                line: no + 1,
                message: message.to_owned(),
            };
            let [phrase, min, max, role] = cols[..] else {
                return Err(bad("expected 4 tab-separated columns"));
            };
            let min: u32 = min.trim().parse().map_err(|_| bad("min is not a number"))?;
            let max = match max.trim() {
                "-" => None,
                m => Some(m.parse().map_err(|_| bad("max is not a number or -"))?),
            };
            let role = match role.trim() {
                "value" => Role::Value,
                "scale" => Role::Scale,
                "vague" => Role::Vague,
                _ => return Err(bad("role must be value, scale or vague")),
            };
            let key = phrase.trim().to_lowercase();
            self.longest = self.longest.max(key.split(' ').count());
            self.words.insert(key, Word { min, max, role });
        }
        Ok(())
    }

    /// Longest phrase of the table starting at token `i`: (entry, tokens used).
    fn phrase(&self, toks: &[Token], i: usize) -> Option<(Word, usize)> {
        let mut best = None;
        let mut key = String::new();
        for n in 0..self.longest {
            let Some(t) = toks.get(i + n) else { break };
            if n > 0 {
                key.push(' ');
            }
            key.push_str(&t.lower);
            if let Some(w) = self.words.get(&key) {
                best = Some((*w, n + 1));
            }
        }
        best
    }

    /// A single word's value, including hyphenated tens ("twenty-five").
    fn word_value(&self, word: &str) -> Option<u32> {
        if let Some(w) = self.words.get(word) {
            return (w.role == Role::Value && w.max == Some(w.min)).then_some(w.min);
        }
        let (tens, unit) = word.split_once('-')?;
        let tens = self.word_value(tens)?;
        let unit = self.word_value(unit)?;
        (tens >= 20 && tens % 10 == 0 && tens < 100 && unit < 10).then_some(tens + unit)
    }

    /// Parses a count starting exactly at token `i`.
    pub(crate) fn parse(&self, toks: &[Token], i: usize) -> Option<Count> {
        let (modifier, after_mod) = modifier_at(toks, i);
        let (modifier, (mut range, mut end, vague)) = match self.core(toks, after_mod) {
            Some(core) => (modifier, core),
            // "some" or "over" that is not a modifier here: read the words themselves.
            None if after_mod != i => (Modifier::None, self.core(toks, i)?),
            None => return None,
        };
        // "five to seven", "5 or 6", "between 5 and 7".
        if let Some(sep) = toks.get(end) {
            let joins = matches!(sep.lower.as_str(), "to" | "or" | "-" | "–")
                || (modifier == Modifier::Between && sep.lower == "and");
            if joins && !vague {
                if let Some((upper, upper_end, false)) = self.core(toks, end + 1) {
                    if upper.min > range.min {
                        range.max = upper.max;
                        end = upper_end;
                    }
                }
            }
        }
        match modifier {
            Modifier::AtLeast => range.max = None,
            Modifier::AtMost => {
                range.max = range.max.or(Some(range.min));
                range.min = range.min.min(1);
            }
            Modifier::None | Modifier::Between => {}
        }
        Some(Count {
            range,
            start: i,
            end,
            vague,
        })
    }

    /// A bare number (no modifier): digits, words, scaled words, or a quantity word.
    fn core(&self, toks: &[Token], i: usize) -> Option<(Range, usize, bool)> {
        let t = toks.get(i)?;
        if t.lower.starts_with(|c: char| c.is_ascii_digit()) {
            return self.digits(toks, i);
        }
        let (w, used) = match self.phrase(toks, i) {
            Some(p) => p,
            None => (
                Word {
                    min: self.word_value(&t.lower)?,
                    max: None,
                    role: Role::Value,
                },
                1,
            ),
        };
        let mut end = i + used;
        match w.role {
            Role::Vague => Some((
                Range {
                    min: w.min,
                    max: w.max,
                },
                end,
                true,
            )),
            // A bare scale word is one of it ("dozen" 12); after a number it multiplies.
            Role::Scale => {
                let (v, e) = self.scaled(toks, w.min, end);
                Some((Range::exact(v), e, false))
            }
            Role::Value => {
                let mut value = w.min;
                // "twenty five"
                if (20..100).contains(&value) && value % 10 == 0 {
                    if let Some(unit) = toks.get(end).and_then(|u| self.word_value(&u.lower)) {
                        if unit < 10 && unit > 0 {
                            value += unit;
                            end += 1;
                        }
                    }
                }
                // "two hundred (and fifty)", "three thousand"
                let (v, e) = self.scaled(toks, value, end);
                Some((Range::exact(v), e, false))
            }
        }
    }

    fn scaled(&self, toks: &[Token], mut value: u32, mut end: usize) -> (u32, usize) {
        while let Some(scale) = toks
            .get(end)
            .and_then(|t| self.words.get(&t.lower))
            .filter(|w| w.role == Role::Scale)
        {
            value = value.saturating_mul(scale.min);
            end += 1;
            let and = toks.get(end).is_some_and(|t| t.lower == "and");
            let rest_at = if and { end + 1 } else { end };
            if let Some(rest) = toks.get(rest_at).and_then(|t| self.word_value(&t.lower)) {
                if rest < 100 && rest > 0 {
                    value += rest;
                    end = rest_at + 1;
                }
            }
        }
        (value, end)
    }

    fn digits(&self, toks: &[Token], i: usize) -> Option<(Range, usize, bool)> {
        let t = toks.get(i)?;
        let parse = |s: &str| -> Option<u32> {
            if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == ',') {
                return None;
            }
            s.replace(',', "").parse().ok()
        };
        if let Some((a, b)) = t.lower.split_once(['-', '–']) {
            let (a, b) = (parse(a)?, parse(b)?);
            return (b >= a).then_some((
                Range {
                    min: a,
                    max: Some(b),
                },
                i + 1,
                false,
            ));
        }
        if let Some(v) = parse(&t.lower) {
            let (v, e) = self.scaled(toks, v, i + 1);
            return Some((Range::exact(v), e, false));
        }
        // "2.5 million"
        let f: f64 = t.lower.parse().ok()?;
        let scale = toks.get(i + 1).and_then(|s| self.words.get(&s.lower))?;
        (scale.role == Role::Scale).then(|| {
            (
                Range::exact((f * f64::from(scale.min)) as u32),
                i + 2,
                false,
            )
        })
    }
}

/// The modifier starting at token `i`, and the token after it.
fn modifier_at(toks: &[Token], i: usize) -> (Modifier, usize) {
    for (phrase, m) in MODIFIERS {
        let words: Vec<&str> = phrase.split(' ').collect();
        let matches = words
            .iter()
            .enumerate()
            .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.lower == *w));
        if matches {
            return (*m, i + words.len());
        }
    }
    (Modifier::None, i)
}

/// Parses the count at the start of `text` (for tests and callers outside a token stream).
#[must_use]
pub fn parse_count(text: &str) -> Option<Range> {
    let toks = tokenize(text, 0, text.len());
    NUMBERS.parse(&toks, 0).map(|c| c.range)
}

static NUMBERS: std::sync::LazyLock<NumberWords> = std::sync::LazyLock::new(NumberWords::builtin);

#[cfg(test)]
mod tests {
    use super::*;

    fn r(min: u32, max: Option<u32>) -> Option<Range> {
        Some(Range { min, max })
    }

    #[test]
    fn number_phrases() {
        let cases: &[(&str, Option<Range>)] = &[
            ("13", r(13, Some(13))),
            ("0", r(0, Some(0))),
            ("1,200", r(1200, Some(1200))),
            ("5-7", r(5, Some(7))),
            ("5–7", r(5, Some(7))),
            ("five", r(5, Some(5))),
            ("Five", r(5, Some(5))),
            ("one", r(1, Some(1))),
            ("a", r(1, Some(1))),
            ("an", r(1, Some(1))),
            ("nineteen", r(19, Some(19))),
            ("twenty", r(20, Some(20))),
            ("twenty-five", r(25, Some(25))),
            ("twenty five", r(25, Some(25))),
            ("ninety-nine", r(99, Some(99))),
            ("two hundred", r(200, Some(200))),
            ("two hundred and fifty", r(250, Some(250))),
            ("three thousand", r(3000, Some(3000))),
            ("a hundred", r(100, Some(100))),
            ("a dozen", r(12, Some(12))),
            ("half a dozen", r(6, Some(6))),
            ("dozen", r(12, Some(12))),
            ("two dozen", r(24, Some(24))),
            ("nearly two dozen", r(24, Some(24))),
            ("three dozen people", r(36, Some(36))),
            ("2.5 million", r(2_500_000, Some(2_500_000))),
            ("at least 5", r(5, None)),
            ("at least five", r(5, None)),
            ("more than 10", r(10, None)),
            ("over 100", r(100, None)),
            ("in excess of 40", r(40, None)),
            ("up to 7", r(1, Some(7))),
            ("as many as 30", r(1, Some(30))),
            ("about 20", r(20, Some(20))),
            ("around 15", r(15, Some(15))),
            ("nearly 50", r(50, Some(50))),
            ("an estimated 300", r(300, Some(300))),
            ("some 40", r(40, Some(40))),
            ("five to seven", r(5, Some(7))),
            ("5 or 6", r(5, Some(6))),
            ("between 10 and 12", r(10, Some(12))),
            ("at least 5 to 7", r(5, None)),
            ("several", r(3, None)),
            ("a few", r(2, None)),
            ("dozens", r(24, None)),
            ("dozens of", r(24, None)),
            ("scores of", r(40, None)),
            ("hundreds of", r(200, None)),
            ("thousands", r(2000, None)),
            ("no", r(0, Some(0))),
            ("no one", r(0, Some(0))),
            ("nobody", r(0, Some(0))),
            ("none", r(0, Some(0))),
            ("both", r(2, Some(2))),
            ("a couple of", r(2, Some(2))),
            ("many", r(2, None)),
            ("others", r(1, None)),
            ("soldiers", None),
            ("the", None),
            ("", None),
            ("ten killed", r(10, Some(10))),
        ];
        let mut failures = Vec::new();
        for (text, want) in cases {
            let got = parse_count(text);
            if got != *want {
                failures.push(format!("{text:?}: got {got:?}, want {want:?}"));
            }
        }
        assert!(cases.len() >= 40);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn count_reports_its_tokens() {
        let text = "at least nine people";
        let toks = tokenize(text, 0, text.len());
        let c = NUMBERS.parse(&toks, 0);
        assert_eq!(c.map(|c| (c.start, c.end, c.vague)), Some((0, 3, false)));
    }

    #[test]
    fn user_words_extend_the_table() {
        let mut n = NumberWords::builtin();
        assert!(n.extend("umpteen\t50\t-\tvague\n", "user.tsv").is_ok());
        let toks = tokenize("umpteen", 0, 7);
        assert_eq!(n.parse(&toks, 0).map(|c| c.range), r(50, None));
        let err = n.extend("bad line\n", "user.tsv");
        assert!(err.is_err());
    }
}
