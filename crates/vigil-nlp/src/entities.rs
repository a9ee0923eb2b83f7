//! Entity recognition: gazetteer names first, then names found from their shape and context
//! (titles, appositions, organisation suffixes, speech verbs), then coreference of later
//! mentions (surnames, "the group", "the spokesperson").

use crate::gazetteer::{ActorKind, Gazetteer};
use crate::lexicon::{Lexicon, WordClass};
use crate::matcher::{Hit, Matcher, Target};
use crate::tokens::{tokenize, Token};
use std::collections::HashMap;
use vigil_core::{Entity, EntityKind, Mention, Sentence, Span};

/// Entities plus a flat, position-sorted list of their mentions (for quote attribution).
#[derive(Debug, Default)]
pub(crate) struct Extraction {
    pub(crate) entities: Vec<Entity>,
    /// (span, index into `entities`), sorted by start.
    pub(crate) mentions: Vec<(Span, usize)>,
    pub(crate) tokens: Vec<Token>,
}

impl Extraction {
    pub(crate) fn entity(&self, i: usize) -> Option<&Entity> {
        self.entities.get(i)
    }
}

/// What one mention refers to, before entities are assembled.
#[derive(Debug, Clone)]
struct Ref {
    id: String,
    kind: EntityKind,
    name: String,
    country: Option<String>,
    affiliation: Option<String>,
    role: Option<String>,
    confidence: f32,
}

#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    r: Ref,
}

pub(crate) struct Extractor<'a> {
    pub(crate) gaz: &'a Gazetteer,
    pub(crate) lex: &'a Lexicon,
    pub(crate) matcher: &'a Matcher,
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in crate::fold::fold_phrase(s).chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn is_capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Generic descriptions that name no side ("gunmen") are reported as this kind of id.
fn generic_id(id: &str) -> String {
    match id {
        "civilians" | "protesters" | "rioters" => format!("group:{id}"),
        other => format!("actor:{other}"),
    }
}

impl Extractor<'_> {
    pub(crate) fn extract(&self, text: &str, sentences: &[Sentence]) -> Extraction {
        let hits = self.matcher.find(text);
        let country = self.context_country(text, &hits);
        let tokens = tokenize(text);
        let sentence_starts = sentence_starts(text, &tokens, sentences);
        let mut covered: Vec<Option<usize>> = vec![None; tokens.len()];
        let mut first_token_of_hit: Vec<Option<usize>> = vec![None; hits.len()];
        let mut last_token_of_hit: Vec<Option<usize>> = vec![None; hits.len()];
        {
            let mut h = 0;
            for (t, tok) in tokens.iter().enumerate() {
                while h < hits.len() && hits[h].end <= tok.start {
                    h += 1;
                }
                if let Some(hit) = hits.get(h) {
                    if tok.start < hit.end && hit.start < tok.end {
                        covered[t] = Some(h);
                        first_token_of_hit[h].get_or_insert(t);
                        last_token_of_hit[h] = Some(t);
                    }
                }
            }
        }
        let mut state = State {
            x: self,
            text,
            hits: &hits,
            tokens: &tokens,
            covered: &covered,
            first_tok: &first_token_of_hit,
            last_tok: &last_token_of_hit,
            starts: &sentence_starts,
            para_country: self.paragraph_countries(text, &hits),
            country,
            consumed: vec![false; hits.len()],
            resolved: vec![None; hits.len()],
            cands: Vec::new(),
        };
        state.resolve_hits();
        state.shape_rules();
        state.emit_hits();
        state.riot_subjects();
        state.coreference();
        let (entities, mentions) = assemble(text, state.cands);
        Extraction {
            entities,
            mentions,
            tokens,
        }
    }

    /// The country the text is mostly about: country names and places count double, demonyms
    /// and one-country actors once.
    fn context_country(&self, text: &str, hits: &[Hit]) -> Option<String> {
        self.country_scores(text, hits, 0.0)
    }

    /// For each hit, the country its own paragraph is clearly about (a winner scoring at least
    /// 2 and more than any other), which beats the article's country for generic words.
    fn paragraph_countries(&self, text: &str, hits: &[Hit]) -> Vec<Option<String>> {
        let breaks: Vec<usize> = text.match_indices("\n\n").map(|(i, _)| i).collect();
        let para = |h: &Hit| breaks.partition_point(|&b| b < h.start);
        let mut out = vec![None; hits.len()];
        let mut i = 0;
        while i < hits.len() {
            let p = para(&hits[i]);
            let mut j = i;
            while j < hits.len() && para(&hits[j]) == p {
                j += 1;
            }
            let winner = self.country_scores(text, &hits[i..j], 2.0);
            for slot in out.iter_mut().take(j).skip(i) {
                slot.clone_from(&winner);
            }
            i = j;
        }
        out
    }

    /// The best-scoring country of `hits` when it scores at least `min` and (for `min > 0`)
    /// strictly more than the runner-up.
    fn country_scores(&self, text: &str, hits: &[Hit], min: f32) -> Option<String> {
        let mut score: HashMap<String, (f32, usize)> = HashMap::new();
        let mut bump = |cc: &str, w: f32, pos: usize| {
            let e = score.entry(cc.to_string()).or_insert((0.0, pos));
            e.0 += w;
        };
        let lex = self.lex;
        for (n, h) in hits.iter().enumerate() {
            let Some(t) = h.targets.first() else { continue };
            if inside_name(text, h) {
                continue;
            }
            match *t {
                Target::CountryName(i) | Target::Cue(i) => {
                    if let Some(c) = lex.countries.get(i) {
                        bump(&c.code, 2.0, n);
                    }
                }
                Target::Demonym(i) => {
                    if let Some(c) = lex.countries.get(i) {
                        bump(&c.code, 1.0, n);
                    }
                }
                Target::Actor(i) => {
                    if let Some(a) = self.gaz.actors().get(i) {
                        if a.countries.len() == 1 && a.kind != ActorKind::Media {
                            bump(&a.countries[0], 1.0, n);
                        }
                    }
                }
                Target::People(i) => {
                    if let Some(p) = lex.peoples.get(i) {
                        if let Some(c) = p.countries.first() {
                            bump(c, 0.5, n);
                        }
                    }
                }
                Target::Generic(_) => {}
            }
        }
        let mut ranked: Vec<(String, (f32, usize))> = score.into_iter().collect();
        ranked.sort_by(|a, b| {
            b.1 .0
                .partial_cmp(&a.1 .0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.1 .1.cmp(&b.1 .1))
        });
        let best = ranked.first()?;
        let clear = min <= 0.0 || ranked.get(1).is_none_or(|second| second.1 .0 < best.1 .0);
        (best.1 .0 >= min && best.1 .0 > 0.0 && clear).then(|| best.0.clone())
    }
}

struct State<'s, 'a> {
    x: &'s Extractor<'a>,
    text: &'s str,
    hits: &'s [Hit],
    tokens: &'s [Token],
    covered: &'s [Option<usize>],
    first_tok: &'s [Option<usize>],
    last_tok: &'s [Option<usize>],
    starts: &'s [bool],
    country: Option<String>,
    /// Per hit: the country of its paragraph, when that paragraph is clearly about one.
    para_country: Vec<Option<String>>,
    consumed: Vec<bool>,
    /// What each hit refers to (None: context only, e.g. a country name), with its span.
    resolved: Vec<Option<(usize, usize, Ref)>>,
    cands: Vec<Cand>,
}

impl State<'_, '_> {
    fn tok(&self, t: usize) -> &str {
        self.tokens.get(t).map_or("", |tok| tok.text(self.text))
    }

    /// True when only spaces lie between the two byte offsets.
    fn adjacent(&self, end: usize, start: usize) -> bool {
        end <= start
            && self
                .text
                .get(end..start)
                .is_some_and(|g| g.chars().all(|c| c == ' ' || c == '\u{a0}'))
    }

    fn prev_adjacent_hit(&self, h: usize) -> Option<usize> {
        let p = h.checked_sub(1)?;
        let (a, b) = (self.hits.get(p)?, self.hits.get(h)?);
        self.adjacent(a.end, b.start).then_some(p)
    }

    fn hit_country(&self, h: usize) -> Option<String> {
        let hit = self.hits.get(h)?;
        hit.targets.iter().find_map(|t| match *t {
            Target::Demonym(i) | Target::CountryName(i) => {
                self.x.lex.countries.get(i).map(|c| c.code.clone())
            }
            _ => None,
        })
    }

    fn actor_ref(&self, i: usize, acronym: bool) -> Option<Ref> {
        let a = self.x.gaz.actors().get(i)?;
        Some(Ref {
            id: format!("actor:{}", a.id),
            kind: a.kind.entity_kind(),
            name: a.name.clone(),
            country: (a.countries.len() == 1).then(|| a.countries[0].clone()),
            affiliation: None,
            role: None,
            confidence: if acronym { 0.9 } else { 0.95 },
        })
    }

    fn state_ref(&self, role: &str, kind: ActorKind, country: Option<&str>) -> Ref {
        if let Some(cc) = country {
            if let Some(a) = self.x.gaz.state_actor(cc, role) {
                return Ref {
                    id: format!("actor:{}", a.id),
                    kind: a.kind.entity_kind(),
                    name: a.name.clone(),
                    country: Some(cc.to_string()),
                    affiliation: None,
                    role: None,
                    confidence: 0.75,
                };
            }
            let cname = self
                .x
                .lex
                .country(cc)
                .and_then(|c| c.names.first().cloned())
                .unwrap_or_else(|| cc.to_string());
            return Ref {
                id: format!("actor:{role}-{}", cc.to_lowercase()),
                kind: kind.entity_kind(),
                name: format!("{cname} {}", role_label(role)),
                country: Some(cc.to_string()),
                affiliation: None,
                role: None,
                confidence: 0.7,
            };
        }
        Ref {
            id: format!("actor:generic-{role}"),
            kind: kind.entity_kind(),
            name: format!("{} (country unknown)", role_label(role)),
            country: None,
            affiliation: None,
            role: None,
            confidence: 0.5,
        }
    }

    fn resolve_hits(&mut self) {
        for h in 0..self.hits.len() {
            let hit = &self.hits[h];
            let (mut start, end) = (hit.start, hit.end);
            let actors: Vec<usize> = hit
                .targets
                .iter()
                .filter_map(|t| match t {
                    Target::Actor(i) => Some(*i),
                    _ => None,
                })
                .collect();
            let r = if !actors.is_empty() {
                let pick = actors
                    .iter()
                    .copied()
                    .find(|&i| {
                        self.country.as_ref().is_some_and(|cc| {
                            self.x
                                .gaz
                                .actors()
                                .get(i)
                                .is_some_and(|a| a.countries.contains(cc))
                        })
                    })
                    .or_else(|| actors.first().copied());
                pick.and_then(|i| self.actor_ref(i, hit.acronym))
            } else if let Some(g) = hit.targets.iter().find_map(|t| match t {
                Target::Generic(i) => self.x.lex.generics.get(*i),
                _ => None,
            }) {
                let prev = self.prev_adjacent_hit(h);
                let prev_cc = prev.and_then(|p| self.hit_country(p));
                match (&g.role, g.kind) {
                    (Some(role), ActorKind::StateForce | ActorKind::Government) => {
                        let cc = prev_cc
                            .clone()
                            .or_else(|| self.para_country.get(h).cloned().flatten())
                            .or_else(|| self.country.clone());
                        if let (Some(p), Some(_)) = (prev, &prev_cc) {
                            self.consumed[p] = true;
                            start = self.hits[p].start;
                        }
                        Some(self.state_ref(role, g.kind, cc.as_deref()))
                    }
                    _ => Some(Ref {
                        id: generic_id(&g.id),
                        kind: match g.kind {
                            ActorKind::CivilianGroup => EntityKind::CivilianGroup,
                            other => other.entity_kind(),
                        },
                        name: generic_name(&g.id),
                        country: if g.kind == ActorKind::CivilianGroup {
                            prev_cc.or_else(|| self.country.clone())
                        } else {
                            None
                        },
                        affiliation: None,
                        role: None,
                        confidence: 0.6,
                    }),
                }
            } else if let Some(p) = hit.targets.iter().find_map(|t| match t {
                Target::People(i) => self.x.lex.peoples.get(*i),
                _ => None,
            }) {
                if self.place_context(h) {
                    None
                } else {
                    Some(Ref {
                        id: format!("{}:{}", p.kind, p.id),
                        kind: EntityKind::Nationality,
                        name: p.names.first().cloned().unwrap_or_else(|| p.id.clone()),
                        country: (p.countries.len() == 1).then(|| p.countries[0].clone()),
                        affiliation: None,
                        role: Some(p.kind.clone()),
                        confidence: 0.8,
                    })
                }
            } else {
                hit.targets
                    .iter()
                    .find_map(|t| match t {
                        Target::Demonym(i) => self.x.lex.countries.get(*i),
                        _ => None,
                    })
                    .map(|c| Ref {
                        id: format!("nationality:{}", c.code),
                        kind: EntityKind::Nationality,
                        name: c
                            .demonyms
                            .first()
                            .cloned()
                            .unwrap_or_else(|| c.code.clone()),
                        country: Some(c.code.clone()),
                        affiliation: None,
                        role: None,
                        confidence: 0.9,
                    })
            };
            self.resolved[h] = r.map(|r| (start, end, r));
        }
    }

    /// A people's name used as a place name ("Samburu County", "Lake Turkana").
    fn place_context(&self, h: usize) -> bool {
        let words = &self.x.lex.words;
        let after = self.last_tok[h].map(|t| t + 1);
        let before = self.first_tok[h].and_then(|t| t.checked_sub(1));
        after.is_some_and(|t| words.has(WordClass::PlaceFollower, self.tok(t)))
            || before.is_some_and(|t| words.has(WordClass::PlaceLeader, self.tok(t)))
    }

    /// The entity a hit starting at token `t` refers to (for affiliations).
    fn ref_at_token(&self, t: usize) -> Option<(usize, Ref)> {
        let h = self.covered.get(t).copied().flatten()?;
        if self.first_tok[h] != Some(t) {
            return None;
        }
        let (_, _, r) = self.resolved.get(h)?.as_ref()?;
        Some((self.last_tok[h]?, r.clone()))
    }

    /// The entity a hit ending at token `t` refers to.
    fn ref_ending_at_token(&self, t: usize) -> Option<(usize, Ref)> {
        let h = self.covered.get(t).copied().flatten()?;
        if self.last_tok[h] != Some(t) {
            return None;
        }
        let (s, _, r) = self.resolved.get(h)?.as_ref()?;
        let _ = s;
        Some((self.first_tok[h]?, r.clone()))
    }

    fn is_word_token(&self, t: usize) -> bool {
        self.tokens.get(t).is_some_and(|k| k.word)
    }

    fn uncovered_cap(&self, t: usize) -> bool {
        self.is_word_token(t) && self.covered[t].is_none() && is_capitalised(self.tok(t))
    }

    /// Capitalised runs of uncovered words (with connectors inside), as token ranges.
    fn runs(&self) -> Vec<(usize, usize)> {
        let words = &self.x.lex.words;
        let mut out = Vec::new();
        let mut t = 0;
        while t < self.tokens.len() {
            if !self.uncovered_cap(t) {
                t += 1;
                continue;
            }
            let a = t;
            let mut b = t + 1;
            while let Some(next) = self.tokens.get(b) {
                // A one-word place or people name inside a personal name ("Abdifatah Aden
                // Hassan", "Mr. Kuria Wakaba") stays in the run when a capitalised word follows.
                if next.after_space
                    && self.soft_hit(b)
                    && self.uncovered_cap(b + 1)
                    && self.tokens.get(b + 1).is_some_and(|k| k.after_space)
                {
                    b += 2;
                    continue;
                }
                if !next.after_space || self.covered[b].is_some() || !next.word {
                    break;
                }
                if self.uncovered_cap(b) {
                    b += 1;
                    continue;
                }
                // Connector(s) followed by a capitalised word stay inside the name.
                let mut c = b;
                while c < self.tokens.len()
                    && self.is_word_token(c)
                    && self.covered[c].is_none()
                    && self.tokens[c].after_space
                    && words.has(WordClass::Connector, self.tok(c))
                    && c - b < 2
                {
                    c += 1;
                }
                if c > b && self.uncovered_cap(c) && self.tokens[c].after_space {
                    b = c + 1;
                    continue;
                }
                break;
            }
            out.push((a, b));
            t = b;
        }
        out
    }

    /// Token `t` is a whole one-word hit naming only a place, country or people.
    fn soft_hit(&self, t: usize) -> bool {
        let Some(h) = self.covered.get(t).copied().flatten() else {
            return false;
        };
        self.first_tok[h] == Some(t)
            && self.last_tok[h] == Some(t)
            && is_capitalised(self.tok(t))
            && self.hits[h].targets.iter().all(|x| {
                matches!(
                    x,
                    Target::Cue(_) | Target::CountryName(_) | Target::People(_)
                )
            })
    }

    /// Longest title phrase starting at token `t` (case-sensitive when `exact`); returns its end.
    fn title_at(&self, t: usize, exact: bool) -> Option<usize> {
        let mut best = None;
        for parts in self
            .x
            .lex
            .words
            .phrases_starting_with(WordClass::Title, self.tok(t))
        {
            let ok = parts.iter().enumerate().all(|(k, p)| {
                let w = self.tok(t + k);
                if k > 0 && !self.tokens.get(t + k).is_some_and(|x| x.after_space) {
                    return false;
                }
                if exact {
                    w == *p
                } else {
                    w.eq_ignore_ascii_case(p)
                }
            });
            if ok && best.is_none_or(|b| t + parts.len() > b) {
                best = Some(t + parts.len());
            }
        }
        best
    }

    fn span_text(&self, a: usize, b: usize) -> (usize, usize, String) {
        let s = self.tokens.get(a).map_or(0, |t| t.start);
        let e = b
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(s, |t| t.end);
        (s, e, self.text.get(s..e).unwrap_or("").to_string())
    }

    fn org_words(&self, a: usize, b: usize) -> Option<EntityKind> {
        let words = &self.x.lex.words;
        let last = self.tok(b.checked_sub(1)?);
        let first = self.tok(a);
        if words.has(WordClass::ArmedSuffix, last) && b - a >= 2 {
            return Some(EntityKind::ArmedGroup);
        }
        if words.has(WordClass::OrgSuffix, last) && b - a >= 2 {
            return Some(EntityKind::Organisation);
        }
        if b - a >= 3 && words.has(WordClass::OrgPrefix, first) && self.tok(a + 1) == "of" {
            return Some(EntityKind::Organisation);
        }
        // "Popular Front for Change", "Union of Islamic Courts": a suffix word before "for"/"of".
        for k in a + 1..b.saturating_sub(2) {
            if matches!(self.tok(k + 1), "for" | "of") {
                if words.has(WordClass::ArmedSuffix, self.tok(k)) {
                    return Some(EntityKind::ArmedGroup);
                }
                if words.has(WordClass::OrgSuffix, self.tok(k)) {
                    return Some(EntityKind::Organisation);
                }
            }
        }
        None
    }

    fn shape_rules(&mut self) {
        let words = &self.x.lex.words;
        let runs = self.runs();
        // Pass 1: organisations by suffix/prefix, so persons can be affiliated with them.
        let mut orgs: HashMap<usize, (usize, Ref)> = HashMap::new();
        for &(a0, b0) in &runs {
            let mut a = a0;
            while a < b0
                && words.has(WordClass::Stop, self.tok(a))
                && !(self.org_words(a, b0).is_some() && a == a0 && self.tok(a) != "The")
            {
                a += 1;
            }
            if a >= b0 {
                continue;
            }
            let Some(kind) = self.org_words(a, b0) else {
                continue;
            };
            if self.title_at(a, true).is_some() && kind != EntityKind::Organisation {
                // "General Command" is rare; "Gen. X Army" is not a name of an org either.
            }
            let (mut s, e, mut name) = self.span_text(a, b0);
            let mut country = None;
            let mut kind = kind;
            // A leading demonym or country name belongs to the organisation's name.
            if let Some(prev) = a.checked_sub(1) {
                if let Some(h) = self.covered[prev] {
                    if self.last_tok[h] == Some(prev) && self.adjacent(self.hits[h].end, s) {
                        if let Some(cc) = self.hit_country(h) {
                            self.consumed[h] = true;
                            s = self.hits[h].start;
                            name = self.text.get(s..e).unwrap_or("").to_string();
                            country = Some(cc);
                            if kind == EntityKind::ArmedGroup {
                                kind = EntityKind::StateForce;
                            }
                        }
                    }
                }
            }
            if let Some(known) = self.x.gaz.lookup(&name) {
                let r = self.actor_ref(self.x.gaz.index_of(&known.id).unwrap_or(0), false);
                if let Some(r) = r {
                    orgs.insert(a, (b0, r.clone()));
                    self.cands.push(Cand {
                        start: s,
                        end: e,
                        r,
                    });
                }
                continue;
            }
            let prefix = match kind {
                EntityKind::ArmedGroup | EntityKind::StateForce => "org",
                _ => "org",
            };
            let r = Ref {
                id: format!("{prefix}:{}", slug(&name)),
                kind,
                name: name.clone(),
                country,
                affiliation: None,
                role: None,
                confidence: 0.7,
            };
            orgs.insert(a, (b0, r.clone()));
            self.cands.push(Cand {
                start: s,
                end: e,
                r,
            });
        }
        // Spokespersons ("a spokesperson for the U.S. State Department", "the Taliban spokesman").
        self.spokespersons(&orgs);
        // Peoples not in the tables: "the Kapkeny and Kabasiran clans", "Garre community".
        let mut peoples: Vec<usize> = Vec::new();
        for (k, &(a0, b0)) in runs.iter().enumerate() {
            if orgs.contains_key(&a0) || b0 - a0 > 3 {
                continue;
            }
            let noun = |t: usize| {
                matches!(
                    self.tok(t),
                    "clan"
                        | "clans"
                        | "sub-clan"
                        | "sub-clans"
                        | "subclan"
                        | "tribe"
                        | "tribes"
                        | "community"
                        | "communities"
                        | "clansmen"
                        | "tribesmen"
                )
            };
            let direct = noun(b0);
            // "X and Y clans": X shares the noun after Y.
            let coordinated = self.tok(b0) == "and"
                && runs
                    .get(k + 1)
                    .is_some_and(|&(a1, b1)| a1 == b0 + 1 && b1 - a1 <= 3 && noun(b1));
            if (direct || coordinated)
                && !(a0..b0).any(|t| self.x.lex.words.has(WordClass::Stop, self.tok(t)))
            {
                peoples.push(k);
            }
        }
        let mut people_runs: Vec<usize> = Vec::new();
        for k in peoples {
            let Some(&(a0, b0)) = runs.get(k) else {
                continue;
            };
            let (s, e, name) = self.span_text(a0, b0);
            self.cands.push(Cand {
                start: s,
                end: e,
                r: Ref {
                    id: format!("clan:{}", slug(&name)),
                    kind: EntityKind::Nationality,
                    name,
                    country: self.country.clone(),
                    affiliation: None,
                    role: Some("clan".into()),
                    confidence: 0.6,
                },
            });
            people_runs.push(a0);
        }
        // Pass 2: persons.
        for &(a0, b0) in &runs {
            if orgs.contains_key(&a0) || people_runs.contains(&a0) {
                continue;
            }
            self.person_run(a0, b0, &orgs);
        }
    }

    /// The organisation entity starting at token `t` (a gazetteer hit or a shape organisation).
    fn org_at(&self, t: usize, orgs: &HashMap<usize, (usize, Ref)>) -> Option<(usize, Ref)> {
        if let Some((last, r)) = self.ref_at_token(t) {
            if r.id.starts_with("actor:") || r.id.starts_with("org:") {
                return Some((last + 1, r));
            }
        }
        orgs.get(&t).map(|(b, r)| (*b, r.clone()))
    }

    fn spokespersons(&mut self, orgs: &HashMap<usize, (usize, Ref)>) {
        let words = &self.x.lex.words;
        for t in 0..self.tokens.len() {
            let w = self.tok(t);
            if !words.has_ci(WordClass::SpokespersonNoun, w) || w == "representative" {
                continue;
            }
            // Named spokesperson: "spokesman Zabihullah Mujahid" is handled by the title rule.
            if self.uncovered_cap(t + 1) && self.tokens.get(t + 1).is_some_and(|k| k.after_space) {
                continue;
            }
            let det = t
                .checked_sub(1)
                .filter(|&p| matches!(self.tok(p).to_lowercase().as_str(), "a" | "an" | "the"));
            // Forward: "spokesperson for (the) ORG".
            let mut org: Option<(usize, usize, Ref)> = None;
            if matches!(self.tok(t + 1), "for" | "of" | "at" | "with") {
                let mut u = t + 2;
                if self.tok(u).eq_ignore_ascii_case("the") {
                    u += 1;
                }
                if let Some((end_tok, r)) = self.org_at(u, orgs) {
                    org = Some((det.unwrap_or(t), end_tok, r));
                }
            }
            // Backward: "(the) ORG spokesperson", "ORG's spokesperson".
            if org.is_none() {
                let mut p = t.checked_sub(1);
                if let Some(pp) = p {
                    if self.tok(pp) == "s"
                        && pp >= 2
                        && crate::fold::is_apostrophe_str(self.tok(pp - 1))
                    {
                        p = Some(pp - 2);
                    }
                }
                if let Some(p) = p {
                    if let Some((first, r)) = self.ref_ending_at_token(p) {
                        if matches!(
                            r.kind,
                            EntityKind::Organisation
                                | EntityKind::StateForce
                                | EntityKind::ArmedGroup
                        ) && r.id.starts_with("actor:")
                            && !r.id.starts_with("actor:generic")
                        {
                            let from = first
                                .checked_sub(1)
                                .filter(|&d| {
                                    self.tok(d).eq_ignore_ascii_case("the")
                                        || self.tok(d).eq_ignore_ascii_case("a")
                                })
                                .unwrap_or(first);
                            org = Some((from, t + 1, r));
                        }
                    }
                }
            }
            let Some((a, b, org)) = org else { continue };
            let (s, e, _) = self.span_text(a, b);
            let org_name = short_org_name(&org.name);
            self.cands.push(Cand {
                start: s,
                end: e,
                r: Ref {
                    id: format!("person:{}-spokesperson", slug(&org_name)),
                    kind: EntityKind::Person,
                    name: format!("{org_name} spokesperson"),
                    country: org.country.clone(),
                    affiliation: Some(org.id.clone()),
                    role: Some("spokesperson".into()),
                    confidence: 0.8,
                },
            });
        }
    }

    fn person_run(&mut self, a0: usize, b0: usize, orgs: &HashMap<usize, (usize, Ref)>) {
        let words = &self.x.lex.words;
        let mut a = a0;
        let mut b = b0;
        let mut roles: Vec<String> = Vec::new();
        let mut role_start = None;
        // Titles inside the run ("President Emomali Rahmon", "Lt. Gen. X").
        loop {
            while a < b
                && words.has(WordClass::Stop, self.tok(a))
                && self.title_at(a, true).is_none()
            {
                a += 1;
            }
            match self.title_at(a, true) {
                Some(end) if end < b => {
                    role_start.get_or_insert(a);
                    let (_, _, r) = self.span_text(a, end);
                    roles.push(r);
                    a = end;
                }
                _ => break,
            }
        }
        // A title after capitalised qualifiers ("Health Minister Tony Ryall", "County
        // Commissioner X"): everything up to the title is the role.
        if roles.is_empty() {
            let mut k = b.saturating_sub(2);
            while k > a {
                if let Some(end) = self.title_at(k, true) {
                    if end < b && (a..k).all(|j| is_capitalised(self.tok(j))) {
                        role_start = Some(a);
                        let (_, _, r) = self.span_text(a, end);
                        roles.push(r);
                        a = end;
                        break;
                    }
                }
                k -= 1;
            }
        }
        // A lower-case title just before the run ("spokesman Zabihullah Mujahid").
        if roles.is_empty() {
            for len in (1..=3).rev() {
                let Some(st) = a0.checked_sub(len) else {
                    continue;
                };
                if self.tokens.get(a0).is_some_and(|k| !k.after_space) {
                    break;
                }
                if self.title_at(st, false) == Some(a0)
                    && (st..a0).all(|k| self.covered[k].is_none())
                {
                    let (_, _, r) = self.span_text(st, a0);
                    roles.push(r.to_lowercase());
                    role_start = Some(st);
                    break;
                }
            }
        }
        // "Governor Jackson Mandago in Kabarnet": a person's name ends before a preposition of
        // place; the name after it is the place's.
        if let Some(k) = (a..b).find(|&k| matches!(self.tok(k), "in" | "at" | "near" | "from")) {
            b = k;
        }
        while b > a
            && (words.has(WordClass::Stop, self.tok(b - 1))
                || words.has(WordClass::Connector, self.tok(b - 1)))
        {
            b -= 1;
        }
        if a >= b || !is_capitalised(self.tok(a)) || !is_capitalised(self.tok(b - 1)) {
            return;
        }
        // "Madison County said": a name ending in a place word is the place's, not a person's.
        if b - a >= 2 && words.has(WordClass::PlaceFollower, self.tok(b - 1)) {
            return;
        }
        // Never a person: all capitals (acronyms, headlines) or digits.
        if (a..b).any(|k| {
            let w = self.tok(k);
            w.chars().any(|c| c.is_ascii_digit())
                || (w.chars().count() > 1 && !w.chars().any(char::is_lowercase))
        }) {
            return;
        }
        let n = b - a;
        let titled = !roles.is_empty();
        // Apposition: "X, a senior consultant with (the) Y".
        let mut affiliation: Option<String> = None;
        let mut appos_role: Option<String> = None;
        if (2..=4).contains(&n) && self.tok(b) == "," {
            if let Some((role, aff)) = self.apposition(b + 1, orgs) {
                appos_role = Some(role);
                affiliation = aff;
            }
        }
        let speech_after = words.has_ci(WordClass::SpeechVerb, self.tok(b))
            || (self.tok(b) == "," && words.has_ci(WordClass::SpeechVerb, self.tok(b + 1)));
        let speech_before = a0.checked_sub(1).is_some_and(|p| {
            words.has_ci(WordClass::SpeechVerb, self.tok(p))
                && self.tok(p).chars().all(char::is_lowercase)
        }) || (a0 >= 2
            && self.tok(a0 - 2).eq_ignore_ascii_case("according")
            && self.tok(a0 - 1) == "to");
        // Names met only beside a speech verb must look like personal names: no "of", "the", "for".
        let name_like = (a..b).all(|k| !matches!(self.tok(k), "of" | "the" | "for"));
        let is_person = titled
            || appos_role.is_some()
            || ((speech_after || speech_before) && (2..=4).contains(&n) && name_like);
        if !is_person || n > 4 {
            return;
        }
        if self.org_words(a, b).is_some() {
            return;
        }
        let (s, e, name) = self.span_text(a, b);
        // Country from a demonym or country name before the title; affiliation from an
        // organisation right before it ("Taliban spokesman X").
        let mut country = None;
        let lead = role_start.unwrap_or(a);
        if let Some(p) = lead.checked_sub(1) {
            if let Some(h) = self.covered[p] {
                if self.last_tok[h] == Some(p) {
                    country = self.hit_country(h);
                    if country.is_none() && affiliation.is_none() {
                        if let Some((_, _, r)) = &self.resolved[h] {
                            if r.id.starts_with("actor:") && !r.id.starts_with("actor:generic") {
                                affiliation = Some(r.id.clone());
                                country = r.country.clone();
                            }
                        }
                    }
                }
            }
        }
        let role = appos_role.or_else(|| (!roles.is_empty()).then(|| roles.join(" ")));
        if affiliation.is_none() {
            if let (Some(cc), Some(role)) = (&country, &role) {
                if is_government_title(role) {
                    affiliation = self
                        .x
                        .gaz
                        .state_actor(cc, "government")
                        .map(|a| format!("actor:{}", a.id));
                }
            }
        }
        for k in a..b {
            if let Some(h) = self.covered[k] {
                self.consumed[h] = true;
            }
        }
        let confidence = if titled || affiliation.is_some() {
            0.85
        } else {
            0.7
        };
        self.cands.push(Cand {
            start: s,
            end: e,
            r: Ref {
                id: format!("person:{}", slug(&name)),
                kind: EntityKind::Person,
                name,
                country,
                affiliation,
                role,
                confidence,
            },
        });
    }

    /// Reads "a senior consultant with (the) Y" from token `t`; returns role and affiliation.
    fn apposition(
        &self,
        t: usize,
        orgs: &HashMap<usize, (usize, Ref)>,
    ) -> Option<(String, Option<String>)> {
        let words = &self.x.lex.words;
        let det = self.tok(t).to_lowercase();
        let mut u = if matches!(det.as_str(), "a" | "an" | "the") {
            t + 1
        } else {
            t
        };
        let role_start = u;
        let mut has_role = false;
        while u < self.tokens.len() && u - role_start < 6 {
            let w = self.tok(u);
            if !self.is_word_token(u) {
                break;
            }
            if matches!(w, "with" | "at" | "for" | "of" | "from" | "in" | "to") {
                break;
            }
            if words.has_ci(WordClass::RoleNoun, w) {
                has_role = true;
            }
            u += 1;
        }
        if !has_role {
            return None;
        }
        let (_, _, role) = self.span_text(role_start, u);
        let mut v = u + 1;
        if !matches!(self.tok(u), "with" | "at" | "for" | "of" | "from") {
            return Some((role.to_lowercase(), None));
        }
        if self.tok(v).eq_ignore_ascii_case("the") {
            v += 1;
        }
        let aff = self.org_at(v, orgs).map(|(_, r)| r.id);
        Some((role.to_lowercase(), aff))
    }

    fn emit_hits(&mut self) {
        let mut last_actor: Option<usize> = None; // index into cands
        let mut last_end = 0usize;
        for h in 0..self.hits.len() {
            if self.consumed[h] {
                continue;
            }
            let Some((s, e, r)) = self.resolved[h].clone() else {
                continue;
            };
            // "IS fighters", "Taliban militants": the description joins the named group.
            // "SNA troops", "AMISOM troops" likewise.
            let generic_side = self.hits[h]
                .targets
                .iter()
                .all(|t| matches!(t, Target::Generic(_)))
                && (r.id.starts_with("actor:unidentified")
                    || matches!(r.kind, EntityKind::StateForce | EntityKind::ArmedGroup));
            let joins = generic_side
                && last_actor.is_some_and(|c| {
                    self.cands.get(c).is_some_and(|cand| {
                        matches!(
                            cand.r.kind,
                            EntityKind::ArmedGroup
                                | EntityKind::StateForce
                                | EntityKind::Organisation
                        ) && cand.r.id.starts_with("actor:")
                            && !cand.r.id.starts_with("actor:unidentified")
                            && !cand.r.id.starts_with("actor:generic")
                    })
                })
                && self.adjacent(last_end, s);
            if joins {
                if let Some(cand) = last_actor.and_then(|c| self.cands.get_mut(c)) {
                    cand.end = e;
                    last_end = e;
                }
                continue;
            }
            // "Eight Kenyans were kidnapped": a plural demonym names civilians of that country.
            let plural_people = r.id.starts_with("nationality:")
                && self
                    .text
                    .get(s..e)
                    .is_some_and(|w| w.ends_with('s') && !w.ends_with("ss"));
            if plural_people {
                self.cands.push(Cand {
                    start: s,
                    end: e,
                    r: Ref {
                        id: "group:civilians".into(),
                        kind: EntityKind::CivilianGroup,
                        name: "civilians".into(),
                        country: r.country.clone(),
                        affiliation: None,
                        role: None,
                        confidence: 0.5,
                    },
                });
            }
            self.cands.push(Cand {
                start: s,
                end: e,
                r,
            });
            last_actor = Some(self.cands.len() - 1);
            last_end = e;
        }
    }

    /// Civilians doing violence are rioters ("supporters clashed", "students vandalised …").
    fn riot_subjects(&mut self) {
        let words = &self.x.lex.words;
        let mut extra = Vec::new();
        for t in 0..self.tokens.len() {
            if !words.has(WordClass::RiotVerb, self.tok(t)) {
                continue;
            }
            let from = t.saturating_sub(4);
            // Only lower-case words (adverbs, "and") between the subject and the verb.
            let subject =
                self.cands
                    .iter()
                    .filter(|c| c.r.id == "group:civilians")
                    .filter(|c| {
                        let Some(v) = self.tokens.get(t) else {
                            return false;
                        };
                        let Some(w) = self.tokens.get(from) else {
                            return false;
                        };
                        c.end <= v.start
                            && c.end >= w.start
                            && self.text.get(c.end..v.start).is_some_and(|gap| {
                                gap.chars().all(|ch| ch.is_lowercase() || ch == ' ')
                            })
                    })
                    .max_by_key(|c| c.end);
            if let Some(c) = subject {
                extra.push(Cand {
                    start: c.start,
                    end: c.end,
                    r: Ref {
                        id: "group:rioters".into(),
                        kind: EntityKind::CivilianGroup,
                        name: "rioters".into(),
                        country: c.r.country.clone(),
                        affiliation: None,
                        role: None,
                        confidence: 0.5,
                    },
                });
            }
        }
        self.cands.extend(extra);
    }

    fn coreference(&mut self) {
        let words = &self.x.lex.words;
        self.cands
            .sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
        let text = self.text;
        // Paragraph index of a byte offset, by binary search over the paragraph breaks.
        let breaks: Vec<usize> = text.match_indices("\n\n").map(|(i, _)| i).collect();
        let para_of = |pos: usize| breaks.partition_point(|&b| b < pos);
        // Surnames: a later lone capitalised word equal to a known person's last name.
        let mut surnames: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in self.cands.iter().enumerate() {
            if c.r.kind == EntityKind::Person && !c.r.id.ends_with("-spokesperson") {
                if let Some(last) = c.r.name.split_whitespace().last() {
                    if c.r.name.split_whitespace().count() >= 2 {
                        surnames.entry(last.to_string()).or_default().push(i);
                    }
                }
            }
        }
        // "Mr. Wakaba" found by its title is the "Kuria Wakaba" named before or after.
        let mut merges: Vec<(usize, Ref)> = Vec::new();
        for (i, c) in self.cands.iter().enumerate() {
            if c.r.kind != EntityKind::Person || c.r.name.contains(' ') {
                continue;
            }
            let Some(list) = surnames.get(&c.r.name) else {
                continue;
            };
            let ids: Vec<&str> = list
                .iter()
                .filter_map(|&j| self.cands.get(j))
                .map(|x| x.r.id.as_str())
                .collect();
            if ids.iter().all(|id| *id == ids[0]) {
                if let Some(full) = list.first().and_then(|&j| self.cands.get(j)) {
                    let mut r = full.r.clone();
                    r.role = r.role.or_else(|| c.r.role.clone());
                    merges.push((i, r));
                }
            }
        }
        for (i, r) in merges {
            if let Some(c) = self.cands.get_mut(i) {
                c.r = r;
            }
        }
        let mut extra: Vec<Cand> = Vec::new();
        for t in 0..self.tokens.len() {
            if self.covered[t].is_some() || !self.is_word_token(t) {
                continue;
            }
            let w = self.tok(t);
            let Some(list) = surnames.get(w) else {
                continue;
            };
            let ids: Vec<&str> = list
                .iter()
                .filter_map(|&i| self.cands.get(i))
                .map(|c| c.r.id.as_str())
                .collect();
            if ids.iter().any(|id| *id != ids[0]) {
                continue; // two people share the surname: unclear
            }
            let tok = self.tokens[t];
            if self
                .cands
                .iter()
                .any(|c| c.start <= tok.start && tok.end <= c.end)
            {
                continue;
            }
            // Part of a longer capitalised name ("John Smith" vs "Graeme Smith"): not this person.
            let prev_cap = t
                .checked_sub(1)
                .is_some_and(|p| self.uncovered_cap(p) && tok.after_space && !self.starts[t]);
            if prev_cap {
                continue;
            }
            if let Some(c) = list.first().and_then(|&i| self.cands.get(i)) {
                let mut r = c.r.clone();
                r.confidence = 0.8;
                extra.push(Cand {
                    start: tok.start,
                    end: tok.end,
                    r,
                });
            }
        }
        // "the group" → the latest armed group; "the spokesperson" → the latest spokesperson.
        for t in 0..self.tokens.len() {
            if !self.tok(t).eq_ignore_ascii_case("the") {
                continue;
            }
            let mut best: Option<usize> = None;
            for parts in words.phrases_starting_with(WordClass::GroupNoun, self.tok(t + 1)) {
                let ok = parts
                    .iter()
                    .enumerate()
                    .all(|(k, p)| self.tok(t + 1 + k).eq_ignore_ascii_case(p));
                if ok && best.is_none_or(|b| parts.len() > b) {
                    best = Some(parts.len());
                }
            }
            let spokes = words.has_ci(WordClass::SpokespersonNoun, self.tok(t + 1))
                && self.tok(t + 1) != "representative";
            if best.is_none() && !spokes {
                continue;
            }
            let len = best.unwrap_or(1);
            let end_tok = t + len;
            // "the group of ...", "the spokesperson for X" are not references back.
            if matches!(
                self.tok(end_tok + 1),
                "of" | "for" | "that" | "which" | "who"
            ) && best.is_some()
            {
                continue;
            }
            let (s, e, _) = self.span_text(t, end_tok + 1);
            if self
                .cands
                .iter()
                .any(|c| c.start <= s && e <= c.end && !c.r.id.starts_with("actor:unidentified"))
            {
                continue;
            }
            let here = para_of(s);
            let before: Vec<&Cand> = self
                .cands
                .iter()
                .filter(|c| c.end <= s)
                .filter(|c| {
                    if spokes {
                        c.r.kind == EntityKind::Person
                            && c.r.role.as_deref().is_some_and(|r| r.contains("spokes"))
                    } else {
                        c.r.kind == EntityKind::ArmedGroup
                            && c.r.id.starts_with("actor:")
                            && !c.r.id.starts_with("actor:unidentified")
                    }
                })
                .collect();
            // Spokespersons: the latest. Groups: the most mentioned in the last three
            // paragraphs, then in the whole text so far, then the latest.
            let target = if spokes {
                before.iter().max_by_key(|c| c.end).map(|c| c.r.clone())
            } else {
                let salience = |id: &str, window: bool| {
                    before
                        .iter()
                        .filter(|c| c.r.id == id)
                        .filter(|c| !window || here.saturating_sub(para_of(c.start)) <= 2)
                        .count()
                };
                before
                    .iter()
                    .filter(|c| here.saturating_sub(para_of(c.start)) <= 2)
                    .max_by_key(|c| (salience(&c.r.id, true), salience(&c.r.id, false), c.end))
                    .map(|c| c.r.clone())
            };
            if let Some(mut r) = target {
                r.confidence = 0.6;
                // Replace a generic "militants" mention inside the phrase.
                self.cands.retain(|c| {
                    !(s <= c.start && c.end <= e && c.r.id.starts_with("actor:unidentified"))
                });
                extra.push(Cand {
                    start: s,
                    end: e,
                    r,
                });
            }
        }
        self.cands.extend(extra);
    }
}

/// A one-word hit between two capitalised words ("Abdifatah Aden Hassan") is part of a name,
/// not a place the text is about.
fn inside_name(text: &str, h: &Hit) -> bool {
    let word = text.get(h.start..h.end).unwrap_or("");
    if word.contains(' ') {
        return false;
    }
    let before = text.get(..h.start).unwrap_or("");
    let after = text.get(h.end..).unwrap_or("");
    let prev_cap = before.strip_suffix(' ').is_some_and(|b| {
        b.rsplit(' ')
            .next()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
            && b.chars().next_back().is_some_and(char::is_alphabetic)
    });
    let next_cap = after
        .strip_prefix(' ')
        .and_then(|a| a.chars().next())
        .is_some_and(char::is_uppercase);
    prev_cap && next_cap
}

fn role_label(role: &str) -> &str {
    match role {
        "army" => "armed forces",
        "police" => "police",
        "intelligence" => "intelligence services",
        "government" => "government",
        other => other,
    }
}

fn generic_name(id: &str) -> String {
    match id {
        "unidentified-armed-group" => "unidentified armed group".into(),
        "unidentified-militia" => "unidentified militia".into(),
        "unidentified-military-forces" => "unidentified military forces".into(),
        other => other.replace('-', " "),
    }
}

fn is_government_title(role: &str) -> bool {
    let r = role.to_lowercase();
    [
        "president",
        "minister",
        "prime minister",
        "king",
        "emir",
        "chancellor",
        "secretary of state",
    ]
    .iter()
    .any(|t| r.ends_with(t))
}

/// "U.S. State Department" stays; "Government of Afghanistan" stays; used to name spokespersons.
fn short_org_name(name: &str) -> String {
    name.to_string()
}

/// Which tokens begin a sentence: from the sentence splitter when it gave sentences, otherwise
/// after ". ! ?" (outside abbreviations), at line breaks and at the start.
fn sentence_starts(text: &str, tokens: &[Token], sentences: &[Sentence]) -> Vec<bool> {
    let mut starts = vec![false; tokens.len()];
    if !sentences.is_empty() {
        let mut s = 0;
        for (t, tok) in tokens.iter().enumerate() {
            while s < sentences.len()
                && sentences[s].span.start < tok.start
                && sentences[s].span.end <= tok.start
            {
                s += 1;
            }
            if let Some(sent) = sentences.get(s) {
                // First word token at or after the sentence start.
                if tok.start >= sent.span.start
                    && tokens[..t]
                        .iter()
                        .rev()
                        .take_while(|p| p.start >= sent.span.start)
                        .all(|p| !p.word)
                {
                    starts[t] = true;
                }
            }
        }
        return starts;
    }
    let mut pending = true;
    for (t, tok) in tokens.iter().enumerate() {
        if tok.after_break {
            pending = true;
        }
        let w = tok.text(text);
        if tok.word {
            if pending {
                starts[t] = true;
                pending = false;
            }
        } else if matches!(w, "." | "!" | "?" | ":" | "—" | "–") {
            pending = true;
        }
    }
    starts
}

/// Groups mention candidates into entities; an entity's fields come from its most informative mention.
fn assemble(text: &str, mut cands: Vec<Cand>) -> (Vec<Entity>, Vec<(Span, usize)>) {
    cands.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    cands.dedup_by(|b, a| a.start == b.start && a.end == b.end && a.r.id == b.r.id);
    let mut entities: Vec<Entity> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut mentions = Vec::new();
    for c in cands {
        let i = *index.entry(c.r.id.clone()).or_insert_with(|| {
            entities.push(Entity {
                id: c.r.id.clone(),
                kind: c.r.kind,
                name: c.r.name.clone(),
                country: None,
                affiliation: None,
                role: None,
                mentions: Vec::new(),
                confidence: 0.0,
            });
            entities.len() - 1
        });
        if let Some(ent) = entities.get_mut(i) {
            if ent.country.is_none() {
                ent.country = c.r.country.clone();
            }
            if ent.affiliation.is_none() {
                ent.affiliation = c.r.affiliation.clone();
            }
            if ent.role.is_none() {
                ent.role = c.r.role.clone();
            }
            if ent.kind == EntityKind::Person && c.r.name.len() > ent.name.len() {
                ent.name = c.r.name.clone();
            }
            ent.confidence = ent.confidence.max(c.r.confidence);
            let span = Span::new(c.start, c.end);
            ent.mentions.push(Mention {
                span,
                text: text.get(c.start..c.end).unwrap_or("").to_string(),
            });
            mentions.push((span, i));
        }
    }
    mentions.sort_by_key(|m| (m.0.start, m.0.end));
    (entities, mentions)
}
