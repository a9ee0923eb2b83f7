//! The data files the extractor reads (trigger words, target words, actor nouns), their parser
//! and a multi-word phrase matcher over tokens.
//!
//! Phrases are lowercased words separated by spaces; `{a,b}` alternatives expand, so
//! `attack{,s,ed}` stands for `attack`, `attacks`, `attacked`.

use crate::tokens::Token;
use std::collections::HashMap;
use vigil_core::{SubKind, TargetKind};

/// A line of a user lexicon file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{file}:{line}: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
}

/// How much a trigger says about an event on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Strength {
    /// Only a casualty word ("killed", "died"): an event only when no other trigger is near.
    Weak,
    /// A violent act whose sub-kind depends on the target ("attacked", "stormed", "shot").
    Generic,
    /// Names the kind of event itself ("suicide bomber", "airstrike", "abducted", "protest").
    Strong,
}

/// One trigger-lexicon entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Trigger {
    pub sub_kind: SubKind,
    pub strength: Strength,
    /// A noun ("attack", "blast") can be referred back to with "the attack"; a verb cannot.
    pub noun: bool,
}

/// Who a generic actor noun denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ActorClass {
    Police,
    Military,
    Unidentified,
    Protesters,
    Rioters,
    Militia,
    Civilians,
}

/// A phrase → value table matched over tokens, longest match first.
#[derive(Debug, Clone)]
pub(crate) struct PhraseTable<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T: Copy> PhraseTable<T> {
    fn new() -> Self {
        PhraseTable {
            by_first: HashMap::new(),
        }
    }

    fn insert(&mut self, phrase: &str, value: T) {
        for p in expand(phrase) {
            let words: Vec<String> = p.split_whitespace().map(str::to_owned).collect();
            let Some(first) = words.first().cloned() else {
                continue;
            };
            let list = self.by_first.entry(first).or_default();
            list.retain(|(w, _)| *w != words);
            list.push((words, value));
            // Longest first, so the first hit at a position is the longest.
            list.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
        }
    }

    /// The longest phrase starting at token `i`: (value, tokens used).
    pub(crate) fn at(&self, toks: &[Token], i: usize) -> Option<(T, usize)> {
        let list = self.by_first.get(&toks.get(i)?.lower)?;
        list.iter().find_map(|(words, v)| {
            let ok = words
                .iter()
                .enumerate()
                .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.lower == *w));
            ok.then_some((*v, words.len()))
        })
    }

    /// All non-overlapping matches, left to right: (value, first token, end token).
    pub(crate) fn find_all(&self, toks: &[Token]) -> Vec<(T, usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if let Some((v, n)) = self.at(toks, i) {
                out.push((v, i, i + n));
                i += n;
            } else {
                i += 1;
            }
        }
        out
    }
}

/// Expands `{a,b}` alternatives (several groups multiply).
fn expand(phrase: &str) -> Vec<String> {
    let Some(open) = phrase.find('{') else {
        return vec![phrase.trim().to_lowercase()];
    };
    let Some(close) = phrase[open..].find('}').map(|c| c + open) else {
        return vec![phrase.trim().to_lowercase()];
    };
    let (head, alts, tail) = (
        &phrase[..open],
        &phrase[open + 1..close],
        &phrase[close + 1..],
    );
    alts.split(',')
        .flat_map(|alt| expand(&format!("{head}{alt}{tail}")))
        .collect()
}

/// The extractor's lexicons: triggers, targets and generic actor nouns.
#[derive(Debug, Clone)]
pub(crate) struct Lexicons {
    pub triggers: PhraseTable<Trigger>,
    pub targets: PhraseTable<TargetKind>,
    pub actors: PhraseTable<ActorClass>,
}

fn columns<'a>(
    source: &'a str,
    file: &'a str,
    n: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>), LexiconError>> + 'a {
    source.lines().enumerate().filter_map(move |(no, line)| {
        let line = line.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            return None;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cols.len() < n {
            return Some(Err(LexiconError::Line {
                file: file.to_owned(),
                line: no + 1,
                message: format!("expected {n} tab-separated columns"),
            }));
        }
        Some(Ok((no + 1, cols)))
    })
}

fn parse_snake<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

impl Lexicons {
    /// The built-in lexicons from `data/`.
    pub(crate) fn builtin() -> Result<Lexicons, LexiconError> {
        let mut l = Lexicons {
            triggers: PhraseTable::new(),
            targets: PhraseTable::new(),
            actors: PhraseTable::new(),
        };
        l.add_triggers(include_str!("../data/triggers.tsv"), "data/triggers.tsv")?;
        l.add_targets(include_str!("../data/targets.tsv"), "data/targets.tsv")?;
        l.add_actors(include_str!("../data/actors.tsv"), "data/actors.tsv")?;
        Ok(l)
    }

    /// Adds trigger lines: `phrase <TAB> sub_kind <TAB> strong|generic|weak <TAB> noun|verb`.
    pub(crate) fn add_triggers(&mut self, source: &str, file: &str) -> Result<(), LexiconError> {
        for row in columns(source, file, 4) {
            let (line, cols) = row?;
            let bad = |message: String| LexiconError::Line {
                file: file.to_owned(),
                line,
                message,
            };
            let sub_kind: SubKind =
                parse_snake(cols[1]).ok_or_else(|| bad(format!("unknown sub-kind {}", cols[1])))?;
            let strength = match cols[2] {
                "strong" => Strength::Strong,
                "generic" => Strength::Generic,
                "weak" => Strength::Weak,
                s => {
                    return Err(bad(format!(
                        "strength must be strong|generic|weak, not {s}"
                    )))
                }
            };
            let noun = match cols[3] {
                "noun" => true,
                "verb" => false,
                s => return Err(bad(format!("part of speech must be noun|verb, not {s}"))),
            };
            self.triggers.insert(
                cols[0],
                Trigger {
                    sub_kind,
                    strength,
                    noun,
                },
            );
        }
        Ok(())
    }

    /// Adds target lines: `phrase <TAB> target_kind`.
    pub(crate) fn add_targets(&mut self, source: &str, file: &str) -> Result<(), LexiconError> {
        for row in columns(source, file, 2) {
            let (line, cols) = row?;
            let kind: TargetKind = parse_snake(cols[1]).ok_or_else(|| LexiconError::Line {
                file: file.to_owned(),
                line,
                message: format!("unknown target kind {}", cols[1]),
            })?;
            self.targets.insert(cols[0], kind);
        }
        Ok(())
    }

    /// Adds actor-noun lines: `phrase <TAB> police|military|unidentified|protesters|rioters|militia|civilians`.
    pub(crate) fn add_actors(&mut self, source: &str, file: &str) -> Result<(), LexiconError> {
        for row in columns(source, file, 2) {
            let (line, cols) = row?;
            let class = match cols[1] {
                "police" => ActorClass::Police,
                "military" => ActorClass::Military,
                "unidentified" => ActorClass::Unidentified,
                "protesters" => ActorClass::Protesters,
                "rioters" => ActorClass::Rioters,
                "militia" => ActorClass::Militia,
                "civilians" => ActorClass::Civilians,
                s => {
                    return Err(LexiconError::Line {
                        file: file.to_owned(),
                        line,
                        message: format!("unknown actor class {s}"),
                    })
                }
            };
            self.actors.insert(cols[0], class);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_expand() {
        assert_eq!(expand("attack{,s,ed}"), ["attack", "attacks", "attacked"]);
        assert_eq!(
            expand("{air,drone} strike{,s}"),
            ["air strike", "air strikes", "drone strike", "drone strikes"]
        );
    }

    #[test]
    fn builtin_lexicons_parse() {
        let l = Lexicons::builtin();
        assert!(l.is_ok(), "{:?}", l.err());
    }
}
