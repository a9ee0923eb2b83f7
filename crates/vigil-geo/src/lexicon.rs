//! The recogniser's word lists (`data/lexicon.txt`) and demonyms (`data/demonyms.tsv`), compiled
//! into the binary and parsed once.

use crate::normalize::normalize;
use rustc_hash::{FxHashMap, FxHashSet};

const LEXICON: &str = include_str!("../data/lexicon.txt");
const DEMONYMS: &str = include_str!("../data/demonyms.tsv");

/// The recogniser's word lists; all entries lower case.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub before: FxHashSet<String>,
    pub direction: FxHashSet<String>,
    pub admin_after: FxHashSet<String>,
    pub admin2_after: FxHashSet<String>,
    pub city_after: FxHashSet<String>,
    pub place_after: FxHashSet<String>,
    pub title: FxHashSet<String>,
    pub speech_after: FxHashSet<String>,
    pub not_place: FxHashSet<String>,
    pub place_type: FxHashSet<String>,
    pub settlement_after: FxHashSet<String>,
    pub connector: FxHashSet<String>,
    pub given_name: FxHashSet<String>,
    pub within_type: FxHashSet<String>,
    pub currency: FxHashSet<String>,
    pub place_prefix: FxHashSet<String>,
    pub determiner: FxHashSet<String>,
    pub run_opener: FxHashSet<String>,
    pub admin1_office: FxHashSet<String>,
    pub not_place_name: FxHashSet<String>,
    /// Normalised demonym → target (country code or a gazetteer name).
    pub demonyms: FxHashMap<String, String>,
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
                "run_opener" => &mut lex.run_opener,
                "admin1_office" => &mut lex.admin1_office,
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
