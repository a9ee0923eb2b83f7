//! The other tables the entity rules read: generic descriptions ("gunmen", "police"), peoples
//! (ethnic groups, clans), countries with demonyms, and word lists (titles, suffixes, verbs).

use crate::gazetteer::ActorKind;
use crate::NlpError;
use rustc_hash::{FxHashMap, FxHashSet};

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

/// The word classes of `data/words.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordClass {
    /// Words before a person's name that give the role ("President", "Gen."); multiword.
    Title,
    /// Nouns in an apposition ("X, a senior consultant with Y") that make X a person.
    RoleNoun,
    /// A capitalised run ending with one of these names an organisation.
    OrgSuffix,
    /// A capitalised run ending with one of these names an armed group.
    ArmedSuffix,
    /// A capitalised run starting with "<word> of" names an organisation.
    OrgPrefix,
    /// Verbs that attribute speech.
    SpeechVerb,
    /// Capitalised words that never start or end a name by themselves.
    Stop,
    /// Lower-case words allowed inside a capitalised name.
    Connector,
    /// Words after "the" that refer back to the last armed group; multiword.
    GroupNoun,
    /// "The spokesperson" refers back to the last one introduced.
    SpokespersonNoun,
    /// A civilian group doing these is rioting.
    RiotVerb,
    /// A people's name followed by these is a place ("Samburu County").
    PlaceFollower,
    /// A people's name after these is a place ("Lake Turkana").
    PlaceLeader,
}

impl WordClass {
    const ALL: [WordClass; 13] = [
        WordClass::Title,
        WordClass::RoleNoun,
        WordClass::OrgSuffix,
        WordClass::ArmedSuffix,
        WordClass::OrgPrefix,
        WordClass::SpeechVerb,
        WordClass::Stop,
        WordClass::Connector,
        WordClass::GroupNoun,
        WordClass::SpokespersonNoun,
        WordClass::RiotVerb,
        WordClass::PlaceFollower,
        WordClass::PlaceLeader,
    ];

    /// The class's name in the first column of `data/words.tsv`.
    fn name(self) -> &'static str {
        match self {
            WordClass::Title => "title",
            WordClass::RoleNoun => "role_noun",
            WordClass::OrgSuffix => "org_suffix",
            WordClass::ArmedSuffix => "armed_suffix",
            WordClass::OrgPrefix => "org_prefix",
            WordClass::SpeechVerb => "speech_verb",
            WordClass::Stop => "stop",
            WordClass::Connector => "connector",
            WordClass::GroupNoun => "group_noun",
            WordClass::SpokespersonNoun => "spokesperson_noun",
            WordClass::RiotVerb => "riot_verb",
            WordClass::PlaceFollower => "place_follower",
            WordClass::PlaceLeader => "place_leader",
        }
    }

    fn from_name(name: &str) -> Option<WordClass> {
        WordClass::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Whether `has` matches only the listed spelling (otherwise its lower case too).
    fn case_sensitive(self) -> bool {
        matches!(
            self,
            WordClass::Stop | WordClass::Title | WordClass::OrgSuffix
        )
    }
}

/// Word lists of `data/words.tsv`, by class.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    /// Indexed by `WordClass as usize`.
    lists: [WordList; WordClass::ALL.len()],
}

/// One class's words: as listed, as a set for membership, and as phrases split into words.
#[derive(Debug, Clone, Default)]
struct WordList {
    /// The words, plus their lower case unless the class is case-sensitive.
    set: FxHashSet<String>,
    phrases: Phrases,
}

/// Phrases split into words, indexed by their first word in ASCII lower case, so that finding
/// the phrases at a token looks at a few of them rather than all.
#[derive(Debug, Clone, Default)]
struct Phrases {
    phrases: Vec<Vec<String>>,
    by_first: FxHashMap<String, Vec<usize>>,
    /// Length in bytes of the longest first word.
    longest_first: usize,
}

impl Phrases {
    fn add(&mut self, phrase: &str) {
        let parts: Vec<String> = phrase.split(' ').map(str::to_string).collect();
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
        let indices = if word.len() > self.longest_first {
            None
        } else {
            let mut buf = [0u8; LOWER_BUF];
            match ascii_lowercase(word, &mut buf) {
                Some(key) => self.by_first.get(key),
                None => self.by_first.get(&word.to_ascii_lowercase()),
            }
        };
        indices
            .into_iter()
            .flatten()
            .filter_map(|&i| self.phrases.get(i).map(Vec::as_slice))
    }
}

const LOWER_BUF: usize = 64;

/// `word` in ASCII lower case without allocating: `word` itself when it has no ASCII capital,
/// else a copy in `buf`; None when it does not fit there.
fn ascii_lowercase<'a>(word: &'a str, buf: &'a mut [u8; LOWER_BUF]) -> Option<&'a str> {
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some(word);
    }
    let lower = buf.get_mut(..word.len())?;
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).ok()
}

impl Words {
    fn get(&self, class: WordClass) -> &WordList {
        &self.lists[class as usize]
    }

    /// The class's phrases, split into words, whose first word equals `word` ignoring ASCII
    /// case, in table order.
    pub(crate) fn phrases_starting_with(
        &self,
        class: WordClass,
        word: &str,
    ) -> impl Iterator<Item = &[String]> {
        self.get(class).phrases.starting_with(word)
    }

    /// Exact (case-sensitive) membership.
    pub(crate) fn has(&self, class: WordClass, word: &str) -> bool {
        self.get(class).set.contains(word)
    }

    /// Case-insensitive membership.
    pub(crate) fn has_ci(&self, class: WordClass, word: &str) -> bool {
        let set = &self.get(class).set;
        if word.is_ascii() {
            // ASCII lower case is the full lower case here; no capital: one lookup does.
            let mut buf = [0u8; LOWER_BUF];
            if let Some(lower) = ascii_lowercase(word, &mut buf) {
                return set.contains(lower) || (lower != word && set.contains(word));
            }
        }
        set.contains(&word.to_lowercase()) || set.contains(word)
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
            let class = WordClass::from_name(f[0]).ok_or_else(|| NlpError::Data {
                file: source.to_string(),
                line: 0,
                message: format!("unknown word class {:?}", f[0]),
            })?;
            let list = &mut self.words.lists[class as usize];
            for w in split_list(f[1]) {
                list.phrases.add(&w);
                if !class.case_sensitive() {
                    list.set.insert(w.to_lowercase());
                }
                list.set.insert(w);
            }
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
                .phrases_starting_with(WordClass::Title, w)
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

    #[test]
    fn membership_by_class_and_case() {
        let mut lex = Lexicon::default();
        lex.add_words("t", "speech_verb\tsaid; Déclaré\nstop\tThe\n")
            .unwrap();
        let w = &lex.words;
        assert!(w.has(WordClass::SpeechVerb, "said"));
        assert!(!w.has(WordClass::SpeechVerb, "SAID"));
        assert!(w.has_ci(WordClass::SpeechVerb, "SAID"));
        assert!(w.has_ci(WordClass::SpeechVerb, "DÉCLARÉ"));
        assert!(w.has(WordClass::SpeechVerb, "déclaré"));
        assert!(!w.has(WordClass::Stop, "the"));
        // A case-sensitive class holds no lower-case forms: "THE" folds to "the", not "The".
        assert!(w.has_ci(WordClass::Stop, "The"));
        assert!(!w.has_ci(WordClass::Stop, "THE"));
        assert!(!w.has_ci(WordClass::Stop, "said"));
        assert!(lex.add_words("t", "no_such_class\tx\n").is_err());
    }
}
