//! Toponym recognition: capitalised runs matched against the gazetteer (longest match first),
//! demonyms, and names shaped like places ("Ryelands Park"), each weighed with the words
//! around it so that persons, organisations and common words are left out.

use crate::gazetteer::{Gazetteer, Kind, Posting};
use crate::lexicon::Lexicon;
use crate::normalize::normalize;
use rustc_hash::FxHashSet;
use vigil_core::{EntityKind, Language, Span};

/// The least population of a town that a natural feature named after it is placed near.
const NEAR_TOWN_MIN: u64 = 10_000;

/// What separates a token from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gap {
    Space,
    Hyphen,
    Comma,
    Break,
}

/// A word of the text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    /// First character is upper case.
    pub cap: bool,
    /// Every letter is upper case.
    pub upper: bool,
    pub sentence_start: bool,
    pub gap: Gap,
}

/// Splits text into word tokens with byte offsets. Dotted abbreviations ("U.S.", "D.C.") and
/// "St." stay one token; a possessive "'s" is left out of the word.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    let mut prev_end = 0;
    while i < chars.len() {
        let Some((start, c)) = chars.get(i).copied() else {
            break;
        };
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut seg_len = 1; // letters since the last '.'
        while let Some(c) = at(j) {
            if c.is_alphanumeric() {
                seg_len += 1;
                j += 1;
            } else if matches!(c, '\'' | '\u{2019}')
                && at(j + 1).is_some_and(char::is_alphabetic)
                && !is_possessive(at(j + 1), at(j + 2))
            {
                j += 1;
            } else if c == '.'
                && seg_len == 1
                && at(j + 1).is_some_and(char::is_uppercase)
                && dotted_segment(&chars, j + 1)
            {
                seg_len = 0;
                j += 1;
            } else {
                break;
            }
        }
        let mut end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        let word = text.get(start..end).unwrap_or_default();
        let dotted = word.contains('.');
        if at(j) == Some('.')
            && (dotted
                || matches!(word, "St" | "Mt" | "Ft" | "Ste" | "Gen" | "Mr" | "Dr")
                || matches!(word, "ST" | "MT" | "FT") && at(j + 2).is_some_and(char::is_uppercase)
                // An initial before a capitalised word: "W. Va.", "John F. Kennedy".
                || word.len() == 1
                    && c.is_uppercase()
                    && at(j + 1) == Some(' ')
                    && at(j + 2).is_some_and(char::is_uppercase))
        {
            end += 1;
            j += 1;
        }
        let between = text.get(prev_end..start).unwrap_or_default();
        let gap = if tokens.is_empty() {
            Gap::Break
        } else if between.chars().all(|c| c == ' ' || c == '\u{a0}') {
            Gap::Space
        } else if matches!(between, "-" | "\u{2010}" | "\u{2011}") {
            Gap::Hyphen
        } else if between.trim() == "," && !between.contains('\n') {
            Gap::Comma
        } else {
            Gap::Break
        };
        let letters = word.chars().filter(|c| c.is_alphabetic());
        let upper =
            word.chars().any(char::is_alphabetic) && letters.clone().all(char::is_uppercase);
        tokens.push(Token {
            start,
            end,
            cap: c.is_uppercase(),
            upper,
            sentence_start: false,
            gap,
        });
        prev_end = end;
        i = j;
    }
    tokens
}

/// Whether a dotted abbreviation goes on at `i` with a segment of one capital and at most two
/// lower-case letters closed by a period: "U.S.", "D.C.", "W.Va.".
fn dotted_segment(chars: &[(usize, char)], i: usize) -> bool {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let mut k = i + 1;
    while k < i + 3 && at(k).is_some_and(char::is_lowercase) {
        k += 1;
    }
    at(i).is_some_and(char::is_uppercase) && at(k) == Some('.')
}

/// Whether a lower-case settlement word ("village", "district") follows token `last`.
fn settlement_follows(
    tokens: &[Token],
    last: usize,
    lower: &impl Fn(usize) -> String,
    lex: &Lexicon,
) -> bool {
    tokens
        .get(last + 1)
        .is_some_and(|n| n.gap == Gap::Space && !n.cap)
        && lex.settlement_after.contains(&lower(last + 1))
}

/// Whether tokens `first..=last` stand in a list of containing places: "(Bossaso, Bari)",
/// "Ghaziabad district, Kunar." — after an opening bracket, or after a comma that follows a
/// settlement word or sits inside an open bracket, and before a comma, a closing bracket or
/// the end of the sentence.
fn in_place_list(
    text: &str,
    tokens: &[Token],
    first: usize,
    last: usize,
    lower: &impl Fn(usize) -> String,
    lex: &Lexicon,
) -> bool {
    let (Some(a), Some(b)) = (tokens.get(first), tokens.get(last)) else {
        return false;
    };
    let before = text.get(..a.start).unwrap_or_default().trim_end();
    let after = text.get(b.end..).unwrap_or_default().trim_start();
    // "(Bossaso, Bari)" is a list of places; "(Ryanair)" or "(NBC News)" is not.
    if before.ends_with('(') {
        return after.starts_with(',');
    }
    if !after.is_empty() && !after.starts_with([',', ')', '.', ';']) {
        return false;
    }
    if !before.ends_with(',') {
        return false;
    }
    let after_settlement = first > 0 && lex.settlement_after.contains(&lower(first - 1));
    let window = before.len().saturating_sub(60);
    let recent = before.get(window..).unwrap_or(before);
    let open_bracket = recent.rfind('(').is_some_and(|o| {
        recent
            .get(o..)
            .is_some_and(|r| !r.contains([')', '.', ';']))
    });
    after_settlement || open_bracket
}

/// A word in lower case without a final period.
fn own_lower_word(word: &str) -> String {
    word.trim_end_matches('.').to_lowercase()
}

/// Whether the two chars after an apostrophe make a possessive "'s".
fn is_possessive(a: Option<char>, b: Option<char>) -> bool {
    matches!(a, Some('s' | 'S')) && !b.is_some_and(char::is_alphanumeric)
}

/// Marks the first word of each sentence (from the language layer when it has sentences, else
/// from end punctuation and line breaks).
pub(crate) fn mark_sentence_starts(text: &str, tokens: &mut [Token], language: &Language) {
    if language.sentences.is_empty() {
        let mut prev_end: Option<usize> = None;
        for t in tokens.iter_mut() {
            t.sentence_start = match prev_end {
                None => true,
                Some(p) => {
                    let between = text.get(p..t.start).unwrap_or_default();
                    between.contains('\n')
                        || between.contains(['.', '!', '?', '"', '\u{201C}', ':'])
                }
            };
            prev_end = Some(t.end);
        }
        return;
    }
    let mut ti = 0;
    for s in &language.sentences {
        while tokens.get(ti).is_some_and(|t| t.start < s.span.start) {
            ti += 1;
        }
        if let Some(t) = tokens.get_mut(ti) {
            if t.start < s.span.end {
                t.sentence_start = true;
            }
        }
    }
    // A line break also starts a sentence (titles, captions).
    for i in 1..tokens.len() {
        let (Some(a), Some(b)) = (tokens.get(i - 1), tokens.get(i)) else {
            continue;
        };
        if text.get(a.end..b.start).is_some_and(|g| g.contains('\n')) {
            if let Some(t) = tokens.get_mut(i) {
                t.sentence_start = true;
            }
        }
    }
}

/// How a candidate was found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Source {
    Gazetteer(Vec<Posting>),
    /// Target: a country code or a gazetteer name.
    Demonym(String),
    /// Shaped like a place ("Ryelands Park") but not in the gazetteer. When the words before
    /// a facility word name a place ("Athens Regional Park"), its readings come along so the
    /// facility can be placed within it.
    Shape(Vec<Posting>),
    /// A name only villages bear (the gazetteer's minor places): kept only where the resolver
    /// finds support for one of them in the text.
    Village(Vec<Posting>),
}

/// Context words around a candidate that bear on what it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Cues {
    pub direction: Option<String>,
    pub admin_after: Option<String>,
    pub admin2_after: bool,
    pub city_after: bool,
    pub border_after: bool,
    /// A lower-case settlement word follows ("village", "district").
    pub settlement_after: bool,
    /// Stands where a containing place is named: after another name and a comma, or in a
    /// bracketed list ("Bossaso, Bari").
    pub container: bool,
    /// A natural feature placed at the town it is named after ("Salinas Valley").
    pub near: bool,
    /// An office of a first-level region follows ("New York Gov.").
    pub office_after: bool,
}

/// A recognised toponym before resolution.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub first: usize,
    pub last: usize,
    pub span: Span,
    pub source: Source,
    pub score: f32,
    pub cues: Cues,
}

impl Candidate {
    /// Whether `next` comes right after this name with only a comma between ("Paris, Texas",
    /// "Bossaso, Bari").
    pub(crate) fn comma_then(&self, next: &Candidate, tokens: &[Token]) -> bool {
        next.first == self.last + 1 && tokens.get(next.first).is_some_and(|t| t.gap == Gap::Comma)
    }
}

/// Finds toponyms in `text`. Returns accepted candidates in text order.
pub(crate) fn recognise(
    text: &str,
    tokens: &[Token],
    language: &Language,
    gazetteer: Option<&Gazetteer>,
    lex: &Lexicon,
) -> Vec<Candidate> {
    let lower_words: FxHashSet<&str> = tokens
        .iter()
        .filter(|t| !t.cap)
        .filter_map(|t| text.get(t.start..t.end))
        .collect();
    let word = |i: usize| -> &str {
        tokens
            .get(i)
            .and_then(|t| text.get(t.start..t.end))
            .unwrap_or_default()
    };
    let lower = |i: usize| word(i).trim_end_matches('.').to_lowercase();

    // "Butler, Clark, Preble or Warren counties": a plural administrative word after a list
    // of capitalised names qualifies each of them, known to the gazetteer or not.
    let mut admin_list: Vec<Option<String>> = vec![None; tokens.len()];
    for (t, tok) in tokens.iter().enumerate() {
        // Cheap tests first: this runs for every token of the text.
        if tok.cap || tok.gap != Gap::Space {
            continue;
        }
        let word = lower(t);
        let plural = word.len() > 3
            && word.ends_with('s')
            && (lex.admin_after.contains(&word) || lex.admin2_after.contains(&word));
        if !plural {
            continue;
        }
        let mut j = t;
        let mut names = 0;
        while j > 0 {
            let Some(prev) = tokens.get(j - 1) else { break };
            let conj = !prev.cap && matches!(lower(j - 1).as_str(), "and" | "or");
            if !(prev.cap || conj) || tokens.get(j).is_some_and(|n| n.gap == Gap::Break) {
                break;
            }
            names += usize::from(prev.cap);
            j -= 1;
        }
        if names >= 2 {
            for slot in admin_list.iter_mut().take(t).skip(j) {
                *slot = Some(word.clone());
            }
        }
    }

    // 1. Longest matches over capitalised runs.
    let mut found: Vec<Candidate> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(t) = tokens.get(i) else { break };
        if !t.cap || lower(i) == "the" {
            i += 1;
            continue;
        }
        let mut j_max = i;
        for j in i + 1..tokens.len().min(i + 8) {
            let Some(tj) = tokens.get(j) else { break };
            if !matches!(tj.gap, Gap::Space | Gap::Hyphen) {
                break;
            }
            if !(tj.cap || lex.connector.contains(&lower(j))) {
                break;
            }
            j_max = j;
        }
        // (last token, how found, end byte)
        let mut hit: Option<(usize, Source, usize)> = None;
        for j in (i..=j_max).rev() {
            if !tokens.get(j).is_some_and(|t| t.cap) {
                continue;
            }
            let (Some(a), Some(b)) = (tokens.get(i), tokens.get(j)) else {
                continue;
            };
            // A direction word alone ("North") is never a place here.
            if j == i && lex.direction.contains(&lower(i)) {
                continue;
            }
            let raw = text.get(a.start..b.end).unwrap_or_default();
            let key = normalize(raw);
            if lex.not_place_name.contains(&key) {
                break;
            }
            if j - i <= 2 {
                if let Some(target) = lex.demonyms.get(&key) {
                    hit = Some((j, Source::Demonym(target.clone()), b.end));
                    break;
                }
            }
            let Some(g) = gazetteer else { continue };
            // Abbreviations are indexed with their period ("Fla.", "W.Va.", "D.C.").
            let dot_after = text.get(b.end..).is_some_and(|r| r.starts_with('.'));
            if raw.ends_with('.') || dot_after {
                let postings = g.lookup_key(&format!("{key}."));
                if !postings.is_empty() {
                    let end = if raw.ends_with('.') { b.end } else { b.end + 1 };
                    hit = Some((j, Source::Gazetteer(postings.to_vec()), end));
                    break;
                }
            }
            let postings = g.lookup_key(&key);
            // "San Fernando City Council": "X City" that is only another place's alternate
            // name is X followed by the word "City".
            let city_alias = j > i
                && lower(j) == "city"
                && postings.iter().all(|p| !p.primary)
                && tokens.get(j - 1).is_some_and(|t| t.cap);
            if !postings.is_empty() && !city_alias {
                hit = Some((j, Source::Gazetteer(postings.to_vec()), b.end));
                break;
            }
        }
        // A name only a village bears ("Balcad"): kept for the resolver, which places it only
        // with support in the text and drops it otherwise.
        if let (None, Some(g)) = (&hit, gazetteer) {
            for j in (i..=j_max).rev() {
                let (Some(a), Some(b)) = (tokens.get(i), tokens.get(j)) else {
                    continue;
                };
                if !b.cap || j == i && lex.direction.contains(&lower(i)) {
                    continue;
                }
                let key = normalize(text.get(a.start..b.end).unwrap_or_default());
                if lex.not_place_name.contains(&key) {
                    break;
                }
                let postings = g.minor_places(&key);
                if !postings.is_empty() {
                    hit = Some((j, Source::Village(postings.to_vec()), b.end));
                    break;
                }
            }
        }
        // A run ending in a place word ("Ryelands Park", "Kabul River") beats a shorter match.
        // Only capitalised words joined by spaces: "Paris and Henry County" is two places.
        let shape_max = (i + 1..=j_max)
            .take_while(|&j| tokens.get(j).is_some_and(|t| t.cap && t.gap == Gap::Space))
            .last()
            .unwrap_or(i);
        // A place word inside a longer capitalised name makes it an organisation's or a
        // building's ("Florida Highway Patrol", "Texas Forest Service"), not a place.
        let shape_end = (i + 1..=shape_max)
            .rev()
            .find(|&j| lex.place_type.contains(&lower(j)))
            .filter(|&k| k == shape_max);
        // "Lake Lanier", "Fort Hood", "Mount St. Helens": a place word first, then a name
        // (of one word, or "St." and one); "Mt. Pleasant News" is a newspaper of Mt. Pleasant.
        let shape_end = shape_end.or_else(|| {
            let name_end = if matches!(lower(i + 1).as_str(), "st" | "saint") {
                i + 2
            } else {
                i + 1
            };
            (lex.place_prefix.contains(&lower(i)) && shape_max > i)
                .then_some(shape_max.min(name_end))
        });
        // "Lamu County", "Helmand Province": an administrative word right after a gazetteer
        // name qualifies it (as in lower case: "Mandera county") instead of making a new name.
        let admin_qualifies = |k: usize| {
            hit.as_ref().is_some_and(|(j, source, _)| {
                k == *j + 1
                    && (k == shape_max || lex.admin2_after.contains(&lower(k)))
                    && matches!(source, Source::Gazetteer(_))
                    && (lex.admin_after.contains(&lower(k)) || lex.admin2_after.contains(&lower(k)))
            })
        };
        if let Some(k) = shape_end.filter(|&k| !admin_qualifies(k)) {
            if hit.as_ref().is_none_or(|(j, _, _)| k > *j) && !lex.determiner.contains(&lower(i)) {
                let end = tokens.get(k).map_or(0, |t| t.end);
                hit = Some((k, Source::Shape(Vec::new()), end));
            }
        }
        // "Ceel Baraf village", "Warshiikh town", "(Bossaso, Bari)", "district, Kunar": the
        // whole capitalised run is one place's name, in the gazetteer or not, so a shorter
        // match inside it ("Ceel") is dropped and an unknown name is kept for the resolver.
        let run_end = (i..=j_max)
            .rev()
            .find(|&j| tokens.get(j).is_some_and(|t| t.cap))
            .unwrap_or(i);
        let joins_two = (i..=run_end).any(|j| matches!(lower(j).as_str(), "and" | "or"));
        // "In the Hayward area": a sentence's first word is not part of the name.
        let opener = t.sentence_start && lower_words.contains(lower(i).as_str());
        let blocked = hit
            .as_ref()
            .is_some_and(|(j, s, _)| *j >= run_end && !matches!(s, Source::Village(_)))
            || joins_two
            || opener
            || lex.determiner.contains(&lower(i))
            || run_end == i && lex.direction.contains(&lower(i));
        let whole_run_named = !blocked
            && (settlement_follows(tokens, run_end, &lower, lex)
                || in_place_list(text, tokens, i, run_end, &lower, lex)
                || admin_list.get(i).is_some_and(Option::is_some));
        if whole_run_named {
            // "Reg Jabbar of Nad Ali district": a place of a district the gazetteer knows is
            // two names, the part before "of" and the district, not one unknown name.
            let split = (i + 1..run_end).find(|&m| lower(m) == "of").filter(|&m| {
                let (Some(a), Some(b), Some(g)) =
                    (tokens.get(m + 1), tokens.get(run_end), gazetteer)
                else {
                    return false;
                };
                let key = normalize(text.get(a.start..b.end).unwrap_or_default());
                !g.lookup_key(&key).is_empty() || !g.minor_places(&key).is_empty()
            });
            let last = split.map_or(run_end, |m| m - 1);
            let end = tokens.get(last).map_or(0, |t| t.end);
            hit = Some((last, Source::Shape(Vec::new()), end));
        }
        // "St. Peter's Basilica", "St. Michael's Hospital": a saint's name in a building's, not
        // the parish or town of that name ("St. John's, Newfoundland" stays).
        if let Some((j, Source::Gazetteer(_), end)) = &hit {
            let after = text.get(*end..).unwrap_or_default();
            let building = ["'s ", "\u{2019}s "]
                .iter()
                .find_map(|p| after.strip_prefix(p))
                .and_then(|r| r.trim_start().chars().next())
                .is_some_and(char::is_uppercase);
            if building && *j > i && matches!(lower(i).as_str(), "st" | "saint" | "ste") {
                i = *j + 1;
                continue;
            }
        }
        // "In Klamath Falls", "Only Jefferson County": a common word before a name shaped
        // like a place is not part of it; the name is matched again without it.
        let shaped_after = match &hit {
            Some((j, Source::Shape(_), _)) => *j >= i + 2,
            _ => false,
        };
        let common_first = shaped_after && {
            let first = lower(i);
            lower_words.contains(first.as_str())
                || lex.title.contains(&first)
                || lex.run_opener.contains(&first)
        };
        if common_first
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.cap && n.gap == Gap::Space)
        {
            i += 1;
            continue;
        }
        match hit {
            Some((j, source, end)) => {
                let Some(a) = tokens.get(i) else {
                    break;
                };
                found.push(Candidate {
                    first: i,
                    last: j,
                    span: Span::new(a.start, end),
                    source,
                    score: 0.0,
                    cues: Cues::default(),
                });
                i = j + 1;
            }
            None => i += 1,
        }
    }

    // Surnames: capitalised words that follow a given name or a title somewhere in the text
    // ("Graeme Smith", "Mr. Flores"); elsewhere alone they are still the person.
    let mut surnames: FxHashSet<String> = FxHashSet::default();
    for w in 1..tokens.len() {
        let (Some(a), Some(b)) = (tokens.get(w - 1), tokens.get(w)) else {
            continue;
        };
        let before = lower(w - 1);
        if a.cap
            && b.cap
            && b.gap == Gap::Space
            && (lex.given_name.contains(&before) || lex.title.contains(&before))
        {
            surnames.insert(lower(w));
        }
    }

    // Speakers: single capitalised words that say something somewhere ("Nelson says",
    // "said Noma"); a weak place name that speaks is a person.
    let mut speakers: FxHashSet<String> = FxHashSet::default();
    for w in 0..tokens.len() {
        let Some(t) = tokens.get(w) else { continue };
        if !t.cap || t.upper {
            continue;
        }
        let next_speaks = tokens
            .get(w + 1)
            .is_some_and(|n| n.gap == Gap::Space && lex.speech_after.contains(&lower(w + 1)));
        let prev_said = w > 0
            && t.gap == Gap::Space
            && matches!(lower(w - 1).as_str(), "said" | "says" | "asked" | "added");
        let cap_after = tokens
            .get(w + 1)
            .is_some_and(|n| n.cap && n.gap == Gap::Space);
        let cap_before = w > 0 && t.gap == Gap::Space && tokens.get(w - 1).is_some_and(|p| p.cap);
        let alone = !cap_after && !cap_before;
        if alone && (next_speaks || prev_said) && lower(w + 1) != "who" {
            speakers.insert(lower(w));
        }
    }

    // 2. Weigh each candidate with its context.
    let consumed: FxHashSet<usize> = found.iter().flat_map(|c| c.first..=c.last).collect();
    let mut out = Vec::new();
    for (k, c) in found.iter().enumerate() {
        let mut c = c.clone();
        let single = c.first == c.last;
        let first = tokens.get(c.first);
        let text_of = text.get(c.span.start..c.span.end).unwrap_or_default();
        let prev = c.first.checked_sub(1);
        let prev_word = prev.map(&lower).unwrap_or_default();
        let prev_tok = prev.and_then(|p| tokens.get(p));
        let prev_adjacent = first.is_some_and(|t| t.gap == Gap::Space);
        let next_tok = tokens.get(c.last + 1);
        let next_word = next_tok.map(|_| lower(c.last + 1)).unwrap_or_default();
        let next_adjacent = next_tok.is_some_and(|t| matches!(t.gap, Gap::Space));
        let sentence_start = first.is_some_and(|t| t.sentence_start);

        if prev_adjacent && lex.direction.contains(&prev_word) {
            c.cues.direction = Some(prev_word.clone());
        }
        // A capitalised administrative word that goes on into another name is that name's
        // ("U.S. State Department"), not a qualifier.
        let next_cap = next_tok.is_some_and(|t| t.cap);
        let admin_word_ends = !next_cap
            || !tokens
                .get(c.last + 2)
                .is_some_and(|t| t.cap && t.gap == Gap::Space);
        if next_adjacent && admin_word_ends {
            // An administrative word qualifies the name in either case ("Lamu County",
            // "Mandera county"); a capitalised city word may start another name.
            if lex.admin_after.contains(&next_word) {
                c.cues.admin_after = Some(next_word.clone());
            }
            c.cues.admin2_after = lex.admin2_after.contains(&next_word);
            // "Quebec City": a capitalised "City" after a name is a city cue too.
            c.cues.city_after =
                (!next_cap || next_word == "city") && lex.city_after.contains(&next_word);
        }
        c.cues.office_after = next_adjacent && lex.admin1_office.contains(&next_word);
        if let Some(word) = admin_list.get(c.first).cloned().flatten() {
            if lex.admin_after.contains(&word) {
                c.cues.admin_after = Some(word);
            } else {
                c.cues.admin2_after = true;
            }
        }
        c.cues.settlement_after = settlement_follows(tokens, c.last, &lower, lex);
        // "Afghanistan-Pakistan border": both names take the border cue.
        let border_word =
            |idx: usize| matches!(lower(idx).as_str(), "border" | "borders" | "frontier");
        c.cues.border_after = next_adjacent && border_word(c.last + 1)
            || next_tok.is_some_and(|t| t.gap == Gap::Hyphen)
                && found
                    .get(k + 1)
                    .is_some_and(|n| n.first == c.last + 1 && border_word(n.last + 1));
        if tokens.get(c.first).is_some_and(|t| t.gap == Gap::Hyphen)
            && k > 0
            && found.get(k - 1).is_some_and(|p| p.last + 1 == c.first)
            && border_word(c.last + 1)
        {
            c.cues.border_after = true;
        }

        let mut score: f32 = 0.0;
        let mut strong = false;
        // A county's own name ("Madison County said": its government, still the place).
        let mut county = false;
        match &c.source {
            Source::Demonym(_) => {
                score += 4.0;
                strong = true;
            }
            Source::Shape(_) => {
                score += 2.0;
                // "Islamic State-Khorasan Province": the tail of a hyphenated name.
                if first.is_some_and(|t| t.gap == Gap::Hyphen) && prev_tok.is_some_and(|t| t.cap) {
                    score -= 3.0;
                }
                if !prev_adjacent || !prev_tok.is_some_and(|t| t.cap) {
                    score += 0.5;
                }
            }
            // Nothing for a village's name alone: a cue ("in", "near") must carry it.
            Source::Village(_) => {}
            Source::Gazetteer(postings) => {
                let Some(g) = gazetteer else { continue };
                let mut best_city_primary = 0u64;
                let mut best_city_alt = 0u64;
                for p in postings {
                    let Some(e) = g.entry(p.entry) else { continue };
                    match e.kind {
                        Kind::Country
                        | Kind::Continent
                        | Kind::Region
                        | Kind::Admin1
                        | Kind::Feature
                            if p.primary =>
                        {
                            strong = true
                        }
                        Kind::Admin2 if p.primary => county = true,
                        Kind::City if p.primary => {
                            best_city_primary = best_city_primary.max(e.population)
                        }
                        Kind::City => best_city_alt = best_city_alt.max(e.population),
                        _ => {}
                    }
                }
                score += if strong {
                    4.0
                } else if best_city_primary >= 1_000_000 {
                    3.0
                } else if best_city_primary >= 100_000 {
                    2.5
                } else if best_city_primary >= 20_000 {
                    1.5
                } else if best_city_primary > 0 || county {
                    1.0
                } else if best_city_alt >= 100_000 {
                    1.5
                } else {
                    0.0
                };
                if county && !single {
                    score += 1.0;
                }
            }
        }
        if !single {
            score += 1.5;
        }
        if prev_adjacent && lex.before.contains(&prev_word) && !prev_tok.is_some_and(|t| t.cap) {
            score += 2.0;
        }
        if c.cues.direction.is_some() {
            score += 2.0;
        }
        // "(Baydhaba, Bay)": a name in a bracketed list of containing places.
        let listed = in_place_list(text, tokens, c.first, c.last, &lower, lex);
        if listed {
            score += 2.0;
        }
        // "Bossaso, Bari", "Wheeling, W. Va.": right after another name and a comma.
        let after_name = k
            .checked_sub(1)
            .and_then(|p| found.get(p))
            .is_some_and(|p| p.comma_then(&c, tokens));
        c.cues.container = listed || after_name;
        if c.cues.admin_after.is_some()
            || c.cues.admin2_after
            || c.cues.city_after
            || c.cues.border_after
        {
            score += 2.0;
        }
        if next_adjacent && !next_tok.is_some_and(|t| t.cap) && lex.place_after.contains(&next_word)
        {
            score += 1.0;
        }
        // "Paris, Texas": a name followed by a comma and a region or country name.
        if found.get(k + 1).is_some_and(|n| c.comma_then(n, tokens)) {
            score += 1.5;
        }
        // "President Jordan", "coach Ripley". A lower-case title only before a weak name, since
        // "governor of Texas" and "the Kabul governor" are fine.
        if prev_adjacent
            && lex.title.contains(&prev_word)
            && (prev_tok.is_some_and(|t| t.cap) || !strong)
        {
            score -= 6.0;
        }
        // "US dollars", "US$3.7m", "Canadian dollars": a currency, not a place.
        let currency = text.get(c.span.end..).is_some_and(|r| r.starts_with('$'))
            || next_adjacent && lex.currency.contains(&next_word);
        if currency {
            score -= 6.0;
        }
        if single && !strong && speakers.contains(&own_lower_word(text_of)) {
            score -= 4.0;
        }
        if !strong && next_adjacent && lex.speech_after.contains(&next_word) {
            score -= 2.0;
        }
        if single && sentence_start && !strong {
            score -= 0.5;
        }
        // A dateline: "CHARLESTON, W.Va. —", "HUME –".
        if sentence_start
            && first.is_some_and(|t| t.upper)
            && text_of.chars().filter(|c| c.is_alphabetic()).count() >= 4
            && text.get(c.span.end..).is_some_and(|r| {
                r.starts_with(',') || r.trim_start().starts_with(['\u{2013}', '\u{2014}', '-'])
            })
        {
            score += 3.0;
        }
        if single && surnames.contains(&own_lower_word(text_of)) {
            score -= if strong { 3.0 } else { 5.0 };
        }
        // "George Bush": a given name before another capitalised word.
        if single
            && lex.given_name.contains(&own_lower_word(text_of))
            && next_adjacent
            && next_tok.is_some_and(|t| t.cap)
        {
            // "Mary Knapp", "Georgia Smith": even a region's name is a person's here, unless
            // the next word is itself a place.
            let next_is_place = consumed.contains(&(c.last + 1));
            score -= if strong && next_is_place { 1.5 } else { 5.0 };
        }
        let own_lower = text_of.to_lowercase();
        if single && !strong && lower_words.contains(own_lower.as_str()) {
            score -= 3.0;
        }
        if single && lex.not_place.contains(&own_lower) && !matches!(c.source, Source::Demonym(_)) {
            score -= if strong { 3.0 } else { 5.0 };
        }
        // "Graeme Smith": the end of a longer capitalised name that is not a place.
        if let Some(p) = prev {
            if prev_adjacent
                && prev_tok.is_some_and(|t| t.cap && !t.sentence_start)
                && !consumed.contains(&p)
                && !lex.direction.contains(&prev_word)
                && !lex.title.contains(&prev_word)
            {
                score -= if strong { 1.0 } else { 3.0 };
            }
        }
        // "Al Shabaab", "Toyota Noah", "Warta Dibisamatar": a small town's name at the start
        // of a longer capitalised name that is not a place.
        let small_town = match &c.source {
            Source::Gazetteer(_) | Source::Village(_) => !strong && score < 2.0,
            _ => false,
        };
        if small_town
            && next_adjacent
            && next_tok.is_some_and(|t| t.cap && !t.upper)
            && !consumed.contains(&(c.last + 1))
            && !lex.admin_after.contains(&next_word)
            && !lex.admin2_after.contains(&next_word)
            && !lex.admin1_office.contains(&next_word)
        {
            score -= 3.0;
        }

        if first.is_some_and(|t| t.upper) && single && text_of.len() <= 4 && !strong {
            score -= 5.0;
        }
        // The language layer's entities, when present.
        for e in &language.entities {
            for m in &e.mentions {
                if !m.span.overlaps(c.span) {
                    continue;
                }
                match e.kind {
                    EntityKind::Person if m.span.contains(c.span) => {
                        score -= if strong || county { 2.0 } else { 5.0 }
                    }
                    EntityKind::Organisation | EntityKind::ArmedGroup | EntityKind::StateForce
                        if m.span == c.span =>
                    {
                        score -= if strong || county { 1.0 } else { 4.0 }
                    }
                    // "Al Shabaab": the first word of an armed group's name is not a place
                    // ("Islamic State Somalia Province" still names Somalia).
                    EntityKind::ArmedGroup
                        if m.span.contains(c.span) && m.span.start == c.span.start =>
                    {
                        score -= if strong { 1.0 } else { 4.0 }
                    }
                    EntityKind::Place | EntityKind::Nationality if m.span == c.span => score += 2.0,
                    _ => {}
                }
            }
        }
        // "Athens Regional Park": a facility within a named place. "Salinas Valley", "Kanawha
        // River": a natural feature near the town or county it is named after (not near a
        // first-level region: Lake Ontario lies far from the middle of Ontario).
        if let (Source::Shape(within), Some(g)) = (&mut c.source, gazetteer) {
            let last = lower(c.last);
            let facility = lex.within_type.contains(&last);
            let natural = !facility && lex.place_type.contains(&last);
            if c.last > c.first && (facility || natural) {
                c.cues.near = natural;
                for j in (c.first..c.last).rev() {
                    let (Some(a), Some(b)) = (tokens.get(c.first), tokens.get(j)) else {
                        continue;
                    };
                    // "South Ingleside Avenue" is not in the South Province.
                    if j == c.first && lex.direction.contains(&lower(j)) {
                        continue;
                    }
                    let postings =
                        g.lookup_key(&normalize(text.get(a.start..b.end).unwrap_or_default()));
                    let places: Vec<Posting> = postings
                        .iter()
                        .filter(|p| {
                            p.primary
                                && g.entry(p.entry).is_some_and(|e| match e.kind {
                                    Kind::Admin2 => true,
                                    // A hamlet is too slight a namesake for a river or a
                                    // valley ("Red River" is not near Red, India).
                                    Kind::City => !natural || e.population >= NEAR_TOWN_MIN,
                                    Kind::Admin1 => !natural,
                                    _ => false,
                                })
                        })
                        .copied()
                        .collect();
                    if !places.is_empty() {
                        *within = places;
                        break;
                    }
                }
            }
        }
        c.score = score;
        if score >= 1.5 {
            out.push(c);
        }
    }
    out
}
