//! The recogniser's word lists (`data/lexicon.txt`) and demonyms (`data/demonyms.tsv`), compiled
//! into the binary and parsed once.

use crate::normalize::normalize;
use std::collections::{HashMap, HashSet};

const LEXICON: &str = include_str!("../data/lexicon.txt");
const DEMONYMS: &str = include_str!("../data/demonyms.tsv");

/// The recogniser's word lists; all entries lower case.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub before: HashSet<String>,
    pub direction: HashSet<String>,
    pub admin_after: HashSet<String>,
    pub admin2_after: HashSet<String>,
    pub city_after: HashSet<String>,
    pub place_after: HashSet<String>,
    pub title: HashSet<String>,
    pub speech_after: HashSet<String>,
    pub not_place: HashSet<String>,
    pub place_type: HashSet<String>,
    pub settlement_after: HashSet<String>,
    pub connector: HashSet<String>,
    pub given_name: HashSet<String>,
    pub within_type: HashSet<String>,
    pub currency: HashSet<String>,
    pub place_prefix: HashSet<String>,
    pub determiner: HashSet<String>,
    pub not_place_name: HashSet<String>,
    /// Normalised demonym → target (country code or a gazetteer name).
    pub demonyms: HashMap<String, String>,
}

impl Lexicon {
    pub(crate) fn builtin() -> Lexicon {
        let mut lex = Lexicon::default();
        let mut section = String::new();
        for line in LEXICON.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.to_string();
                continue;
            }
            let word = line.to_lowercase();
            let set = match section.as_str() {
                "before" => &mut lex.before,
                "direction" => &mut lex.direction,
                "admin_after" => &mut lex.admin_after,
                "admin2_after" => &mut lex.admin2_after,
                "city_after" => &mut lex.city_after,
                "place_after" => &mut lex.place_after,
                "title" => &mut lex.title,
                "speech_after" => &mut lex.speech_after,
                "not_place" => &mut lex.not_place,
                "place_type" => &mut lex.place_type,
                "settlement_after" => &mut lex.settlement_after,
                "connector" => &mut lex.connector,
                "given_name" => &mut lex.given_name,
                "within_type" => &mut lex.within_type,
                "currency" => &mut lex.currency,
                "place_prefix" => &mut lex.place_prefix,
                "determiner" => &mut lex.determiner,
                "not_place_name" => &mut lex.not_place_name,
                _ => continue,
            };
            set.insert(word);
        }
        for line in DEMONYMS.lines() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(target), Some(forms)) = (fields.next(), fields.next()) else {
                continue;
            };
            for form in forms.split('|').map(str::trim).filter(|f| !f.is_empty()) {
                lex.demonyms.insert(normalize(form), target.to_string());
                if let Some(plural) = plural(form) {
                    lex.demonyms
                        .entry(normalize(&plural))
                        .or_insert_with(|| target.to_string());
                }
            }
        }
        lex
    }
}

/// The plural of a demonym noun ("Afghans", "Frenchmen"), when English forms one.
fn plural(form: &str) -> Option<String> {
    if let Some(stem) = form.strip_suffix("man") {
        return Some(format!("{stem}men"));
    }
    if form.ends_with("woman") {
        return None;
    }
    let no_plural = ["ese", "s", "sh", "ch", "x", "z", "ss"];
    if no_plural.iter().any(|s| form.ends_with(s)) {
        return None;
    }
    Some(format!("{form}s"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse() {
        let lex = Lexicon::builtin();
        assert!(lex.before.contains("in"));
        assert!(lex.admin_after.contains("province"));
        assert_eq!(lex.demonyms.get("afghan").map(String::as_str), Some("AF"));
        assert_eq!(lex.demonyms.get("afghans").map(String::as_str), Some("AF"));
        assert_eq!(lex.demonyms.get("chinese").map(String::as_str), Some("CN"));
        assert_eq!(
            lex.demonyms.get("frenchmen").map(String::as_str),
            Some("FR")
        );
        assert_eq!(
            lex.demonyms.get("european").map(String::as_str),
            Some("Europe")
        );
        assert!(!lex.demonyms.contains_key("chineses"));
    }
}
