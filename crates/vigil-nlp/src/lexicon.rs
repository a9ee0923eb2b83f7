//! The other tables the entity rules read: generic descriptions ("gunmen", "police"), peoples
//! (ethnic groups, clans), countries with demonyms, and word lists (titles, suffixes, verbs).

use crate::gazetteer::ActorKind;
use crate::NlpError;
use std::collections::{HashMap, HashSet};

/// A common-noun description of a side ("gunmen", "government forces", "residents").
#[derive(Debug, Clone)]
pub(crate) struct Generic {
    pub(crate) id: String,
    pub(crate) kind: ActorKind,
    /// For state bodies: the role the article's country resolves ("police" → Kenya Police Service).
    pub(crate) role: Option<String>,
    pub(crate) phrases: Vec<String>,
}

/// An ethnic group or clan.
#[derive(Debug, Clone)]
pub(crate) struct People {
    pub(crate) id: String,
    /// `ethnic` or `clan`.
    pub(crate) kind: String,
    pub(crate) countries: Vec<String>,
    pub(crate) names: Vec<String>,
}

/// A country: names, demonyms and places that point to it.
#[derive(Debug, Clone)]
pub(crate) struct Country {
    pub(crate) code: String,
    pub(crate) names: Vec<String>,
    pub(crate) demonyms: Vec<String>,
    pub(crate) cues: Vec<String>,
}

/// Word lists of `data/words.tsv`, by class.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    classes: HashMap<String, Vec<String>>,
    sets: HashMap<String, HashSet<String>>,
    titles: Titles,
}

/// The `title` phrases split into words, indexed by their first word in ASCII lower case, so
/// that finding the titles at a token looks at a few phrases rather than all of them.
#[derive(Debug, Clone, Default)]
struct Titles {
    phrases: Vec<Vec<String>>,
    by_first: HashMap<String, Vec<usize>>,
    /// Length in bytes of the longest first word.
    longest_first: usize,
}

impl Titles {
    fn add(&mut self, title: &str) {
        let parts: Vec<String> = title.split(' ').map(str::to_string).collect();
        let first = parts.first().map_or("", String::as_str);
        self.longest_first = self.longest_first.max(first.len());
        self.by_first
            .entry(first.to_ascii_lowercase())
            .or_default()
            .push(self.phrases.len());
        self.phrases.push(parts);
    }

    /// The phrases whose first word equals `word` ignoring ASCII case, in table order.
    fn starting_with(&self, word: &str) -> impl Iterator<Item = &[String]> {
        let mut buf = [0u8; 64];
        let key = if word.len() > self.longest_first || word.len() > buf.len() {
            None
        } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
            let lower = &mut buf[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            std::str::from_utf8(lower).ok()
        } else {
            Some(word)
        };
        key.and_then(|k| self.by_first.get(k))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.phrases.get(i).map(Vec::as_slice))
    }
}

impl Words {
    /// The `title` phrases, split into words, whose first word equals `word` ignoring ASCII
    /// case.
    pub(crate) fn titles_starting_with(&self, word: &str) -> impl Iterator<Item = &[String]> {
        self.titles.starting_with(word)
    }

    pub(crate) fn list(&self, class: &str) -> &[String] {
        self.classes.get(class).map_or(&[], Vec::as_slice)
    }

    /// Exact (case-sensitive) membership.
    pub(crate) fn has(&self, class: &str, word: &str) -> bool {
        self.sets.get(class).is_some_and(|s| s.contains(word))
    }

    /// Case-insensitive membership.
    pub(crate) fn has_ci(&self, class: &str, word: &str) -> bool {
        self.sets
            .get(class)
            .is_some_and(|s| s.contains(&word.to_lowercase()) || s.contains(word))
    }
}

/// All tables but the actors.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    pub(crate) generics: Vec<Generic>,
    pub(crate) peoples: Vec<People>,
    pub(crate) countries: Vec<Country>,
    pub(crate) words: Words,
}

fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty() && *x != "-")
        .map(str::to_string)
        .collect()
}

fn rows<'a>(
    source: &'a str,
    tsv: &'a str,
    fields: usize,
) -> impl Iterator<Item = Result<Vec<&'a str>, NlpError>> + 'a {
    tsv.lines().enumerate().filter_map(move |(n, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        if f.len() != fields {
            return Some(Err(NlpError::Data {
                file: source.to_string(),
                line: n + 1,
                message: format!("expected {fields} tab-separated fields, found {}", f.len()),
            }));
        }
        Some(Ok(f))
    })
}

impl Lexicon {
    pub(crate) fn add_generic(&mut self, source: &str, tsv: &str) -> Result<(), NlpError> {
        for row in rows(source, tsv, 4) {
            let f = row?;
            let kind = match f[1] {
                "armed_group" => ActorKind::ArmedGroup,
                "state_force" => ActorKind::StateForce,
                "government" => ActorKind::Government,
                "civilian_group" => ActorKind::CivilianGroup,
                other => {
                    return Err(NlpError::Data {
                        file: source.to_string(),
                        line: 0,
                        message: format!("unknown generic kind {other:?}"),
                    })
                }
            };
            self.generics.push(Generic {
                id: f[0].to_string(),
                kind,
                role: (f[2] != "-").then(|| f[2].to_string()),
                phrases: split_list(f[3]),
            });
        }
        Ok(())
    }

    pub(crate) fn add_peoples(&mut self, source: &str, tsv: &str) -> Result<(), NlpError> {
        for row in rows(source, tsv, 5) {
            let f = row?;
            self.peoples.push(People {
                id: f[0].to_string(),
                kind: f[1].to_string(),
                countries: f[2]
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty() && *c != "-")
                    .map(str::to_string)
                    .collect(),
                names: split_list(f[4]),
            });
        }
        Ok(())
    }

    pub(crate) fn add_countries(&mut self, source: &str, tsv: &str) -> Result<(), NlpError> {
        for row in rows(source, tsv, 4) {
            let f = row?;
            self.countries.push(Country {
                code: f[0].to_uppercase(),
                names: split_list(f[1]),
                demonyms: split_list(f[2]),
                cues: split_list(f[3]),
            });
        }
        Ok(())
    }

    pub(crate) fn add_words(&mut self, source: &str, tsv: &str) -> Result<(), NlpError> {
        for row in rows(source, tsv, 2) {
            let f = row?;
            let list = split_list(f[1]);
            if f[0] == "title" {
                for w in &list {
                    self.words.titles.add(w);
                }
            }
            let set = self.words.sets.entry(f[0].to_string()).or_default();
            for w in &list {
                set.insert(w.clone());
                if f[0] != "stop" && f[0] != "title" && f[0] != "org_suffix" {
                    set.insert(w.to_lowercase());
                }
            }
            self.words
                .classes
                .entry(f[0].to_string())
                .or_default()
                .extend(list);
        }
        Ok(())
    }

    pub(crate) fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// Country code for a country name or demonym ("Somalia", "Somali", "Kenyan" …), any case.
    pub(crate) fn country_code(&self, name: &str) -> Option<&str> {
        let key = crate::gazetteer::alias_key(name);
        self.countries
            .iter()
            .find(|c| {
                c.names
                    .iter()
                    .chain(c.demonyms.iter())
                    .any(|n| crate::gazetteer::alias_key(n) == key)
            })
            .map(|c| c.code.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_found_by_their_first_word_in_any_ascii_case() {
        let mut lex = Lexicon::default();
        lex.add_words(
            "t",
            "title\tGen.; Lt. Gen.; Lieutenant General; Lieutenant\n",
        )
        .unwrap();
        let found = |w: &str| -> Vec<String> {
            lex.words
                .titles_starting_with(w)
                .map(|p| p.join(" "))
                .collect()
        };
        assert_eq!(found("LIEUTENANT"), ["Lieutenant General", "Lieutenant"]);
        assert_eq!(found("lt."), ["Lt. Gen."]);
        assert_eq!(found("Gen."), ["Gen."]);
        assert!(found("General").is_empty());
        assert!(found("Lieutenantship").is_empty());
        assert!(found("").is_empty());
    }
}
