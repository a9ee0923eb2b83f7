//! One Aho-Corasick automaton over every name vigil knows (actor aliases, generic descriptions,
//! peoples, countries, demonyms, country cues), run over folded text; leftmost-longest selection
//! on word boundaries, with per-pattern case rules.

use crate::fold::{fold, fold_phrase};
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::NlpError;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;

/// What a matched name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    /// Index into the gazetteer's actors.
    Actor(usize),
    /// Index into the lexicon's generic descriptions.
    Generic(usize),
    /// Index into the lexicon's peoples.
    People(usize),
    /// Index into the lexicon's countries: a demonym ("Afghan").
    Demonym(usize),
    /// A country name ("Afghanistan").
    CountryName(usize),
    /// A place pointing to a country ("Kabul").
    Cue(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum CaseRule {
    /// Acronyms: the text must match exactly ("IS", not "is").
    Exact,
    /// Capitalised names: each capitalised word of the name must be capitalised in the text.
    Initials,
    /// Common nouns: any case.
    Any,
}

#[derive(Debug)]
struct Pattern {
    folded: String,
    rule: CaseRule,
    targets: Vec<Target>,
}

/// A name found in the text.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    /// Byte span in the original text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) targets: Vec<Target>,
    /// True when matched under the exact-case (acronym) rule.
    pub(crate) acronym: bool,
}

#[derive(Debug)]
pub(crate) struct Matcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

fn case_rule(folded: &str) -> CaseRule {
    let has_lower = folded.chars().any(char::is_lowercase);
    let uppers = folded.chars().filter(|c| c.is_uppercase()).count();
    let has_digit = folded.chars().any(|c| c.is_ascii_digit());
    if !has_lower && (uppers > 0 || has_digit) {
        return CaseRule::Exact;
    }
    let single_word = !folded.contains(' ');
    if single_word && folded.chars().count() <= 6 && (uppers >= 2 || (uppers >= 1 && has_digit)) {
        return CaseRule::Exact;
    }
    if uppers == 0 {
        return CaseRule::Any;
    }
    CaseRule::Initials
}

impl Matcher {
    pub(crate) fn build(gaz: &Gazetteer, lex: &Lexicon) -> Result<Matcher, NlpError> {
        let mut index: HashMap<(String, CaseRule), usize> = HashMap::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut add = |name: &str, target: Target, force_initials: bool| {
            let folded = fold_phrase(name);
            if folded.is_empty() {
                return;
            }
            let mut rule = case_rule(&folded);
            if force_initials && rule == CaseRule::Any {
                rule = CaseRule::Initials;
            }
            let key = (folded.clone(), rule);
            let i = *index.entry(key).or_insert_with(|| {
                patterns.push(Pattern {
                    folded,
                    rule,
                    targets: Vec::new(),
                });
                patterns.len() - 1
            });
            if let Some(p) = patterns.get_mut(i) {
                if !p.targets.contains(&target) {
                    p.targets.push(target);
                }
            }
        };
        for (i, a) in gaz.actors().iter().enumerate() {
            for alias in &a.aliases {
                add(alias, Target::Actor(i), false);
            }
        }
        for (i, g) in lex.generics.iter().enumerate() {
            for p in &g.phrases {
                add(p, Target::Generic(i), false);
            }
        }
        for (i, p) in lex.peoples.iter().enumerate() {
            for n in &p.names {
                add(n, Target::People(i), true);
                if !n.ends_with('s') && !n.contains(' ') {
                    add(&format!("{n}s"), Target::People(i), true);
                }
            }
        }
        for (i, c) in lex.countries.iter().enumerate() {
            for n in &c.names {
                add(n, Target::CountryName(i), true);
            }
            for n in &c.demonyms {
                add(n, Target::Demonym(i), true);
            }
            for n in &c.cues {
                add(n, Target::Cue(i), true);
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|p| p.folded.as_str()))
            .map_err(|e| NlpError::Build(e.to_string()))?;
        Ok(Matcher {
            automaton: Some(automaton),
            patterns,
        })
    }

    /// A matcher that finds nothing.
    pub(crate) fn never() -> Matcher {
        Matcher {
            automaton: None,
            patterns: Vec::new(),
        }
    }

    /// Every known name in `text`, non-overlapping, longest first, in text order.
    pub(crate) fn find(&self, text: &str) -> Vec<Hit> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let folded = fold(text);
        let ft = folded.text.as_str();
        let bytes = ft.as_bytes();
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        for m in automaton.find_overlapping_iter(ft) {
            let (s, e) = (m.start(), m.end());
            let Some(p) = self.patterns.get(m.pattern().as_usize()) else {
                continue;
            };
            if !boundary_before(ft, s) || !boundary_after(bytes, ft, e) {
                continue;
            }
            let Some(seen) = ft.get(s..e) else { continue };
            let ok = match p.rule {
                CaseRule::Exact => {
                    seen == p.folded && !(seen.len() <= 3 && in_capitals_line(ft, s, e))
                }
                CaseRule::Any => true,
                CaseRule::Initials => initials_agree(&p.folded, seen),
            };
            if ok {
                cands.push((s, e, m.pattern().as_usize()));
            }
        }
        // Longest first; equal spans merge their targets.
        cands.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        let mut taken: Vec<(usize, usize, Vec<usize>)> = Vec::new();
        for (s, e, p) in cands {
            if let Some(t) = taken.iter_mut().find(|t| t.0 == s && t.1 == e) {
                t.2.push(p);
                continue;
            }
            if taken.iter().any(|t| s < t.1 && t.0 < e) {
                continue;
            }
            taken.push((s, e, vec![p]));
        }
        taken.sort_by_key(|t| t.0);
        taken
            .into_iter()
            .map(|(s, e, ps)| {
                let (start, end) = folded.original_span(s, e);
                let mut targets = Vec::new();
                let mut acronym = false;
                for p in ps {
                    if let Some(pat) = self.patterns.get(p) {
                        acronym |= pat.rule == CaseRule::Exact;
                        for t in &pat.targets {
                            if !targets.contains(t) {
                                targets.push(*t);
                            }
                        }
                    }
                }
                Hit {
                    start,
                    end,
                    targets,
                    acronym,
                }
            })
            .collect()
    }
}

fn boundary_before(ft: &str, s: usize) -> bool {
    ft.get(..s)
        .and_then(|p| p.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric())
}

fn boundary_after(_bytes: &[u8], ft: &str, e: usize) -> bool {
    ft.get(e..)
        .and_then(|p| p.chars().next())
        .is_none_or(|c| !c.is_alphanumeric())
}

/// A short acronym inside text set in capitals ("IS THIS THE END?") is no acronym: true when a
/// neighbouring word (one space away) is itself three or more capitals and the other side is
/// capitals too or the edge of the line.
fn in_capitals_line(ft: &str, s: usize, e: usize) -> bool {
    let caps = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !w.chars().any(char::is_lowercase)
    };
    let before = ft.get(..s).unwrap_or("");
    let after = ft.get(e..).unwrap_or("");
    let prev = before
        .strip_suffix(' ')
        .map(|b| b.rsplit(' ').next().unwrap_or(""));
    let next = after
        .strip_prefix(' ')
        .map(|a| a.split(' ').next().unwrap_or(""));
    let prev_caps = prev.is_some_and(caps);
    let next_caps = next.is_some_and(caps);
    let prev_edge = before.is_empty() || before.ends_with('\n');
    let next_edge = after.is_empty() || after.starts_with('\n');
    (prev_caps && (next_caps || next_edge)) || (next_caps && (prev_caps || prev_edge))
}

/// Each word of the pattern that starts with a capital must start with one in the text too.
fn initials_agree(pattern: &str, seen: &str) -> bool {
    let mut prev_space = true;
    for (pc, sc) in pattern.chars().zip(seen.chars()) {
        if prev_space && pc.is_uppercase() && !sc.is_uppercase() {
            return false;
        }
        prev_space = pc == ' ';
    }
    true
}
