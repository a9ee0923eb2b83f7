//! The extractor: trigger words, grouped into events per sentence, with arguments read from
//! the words around them (actors, targets, counts) and from the language layer (times) and
//! the places stage (where).

use crate::lexicon::{ActorClass, Lexicons, Strength, Trigger};
use crate::numbers::{Count, NumberWords};
use crate::tokens::{tokenize, Token};
use chrono::NaiveDate;
use std::collections::HashMap;
use vigil_core::{
    Article, Attribution, EntityKind, Event, EventPlace, EventStatus, EventTime, Evidence,
    FieldSpan, Language, Participant, Place, PlacePrecision, Range, Sentence, Span, SubKind,
    Target, TargetKind, TextSource, TimeExpr, TimePrecision, TimeSource,
};

/// The trigger families: triggers of one family in one sentence describe one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Battle,
    Explosion,
    Violence,
    Abduction,
    Sexual,
    Protest,
    Arrest,
    Agreement,
    Looting,
    Defused,
    Other,
}

fn family(sub: SubKind) -> Family {
    use SubKind::*;
    match sub {
        ArmedClash | GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => Family::Battle,
        SuicideBomb | RemoteExplosive | ShellingArtilleryMissile | AirDroneStrike | Grenade => {
            Family::Explosion
        }
        Attack => Family::Violence,
        Abduction => Family::Abduction,
        SexualViolence => Family::Sexual,
        PeacefulProtest
        | ProtestWithIntervention
        | ExcessiveForceAgainstProtesters
        | ViolentDemonstration
        | MobViolence => Family::Protest,
        Arrests => Family::Arrest,
        Agreement => Family::Agreement,
        Looting => Family::Looting,
        DefusedExplosives => Family::Defused,
        HeadquartersEstablished | OtherDevelopment => Family::Other,
    }
}

/// Within a family, which sub-kind wins when several triggers agree (more specific first).
fn specificity(sub: SubKind) -> u8 {
    use SubKind::*;
    match sub {
        SuicideBomb => 9,
        AirDroneStrike => 8,
        Grenade => 7,
        ShellingArtilleryMissile => 6,
        GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => 6,
        RemoteExplosive => 5,
        ViolentDemonstration | MobViolence => 5,
        ExcessiveForceAgainstProtesters | ProtestWithIntervention => 4,
        _ => 3,
    }
}

/// A trigger found in a sentence.
#[derive(Debug, Clone, Copy)]
struct Hit {
    trigger: Trigger,
    start: usize,
    end: usize,
}

/// An actor mention in a sentence: a named entity or a generic noun ("gunmen", "police").
#[derive(Debug, Clone)]
struct ActorMention {
    start: usize,
    end: usize,
    id: String,
    name: String,
    armed: bool,
    class: Option<ActorClass>,
    target_kind: TargetKind,
}

/// An event while it is being built.
#[derive(Debug, Clone)]
struct Draft {
    sub_kind: SubKind,
    strength: Strength,
    trigger: String,
    actors: Vec<Participant>,
    targets: Vec<Target>,
    when: Option<EventTime>,
    when_resolved_in_text: bool,
    place: Option<EventPlace>,
    killed: Option<Range>,
    wounded: Option<Range>,
    status: EventStatus,
    status_forced: bool,
    hedged: bool,
    /// The sentence counts more dead on top of earlier ones ("6 militants were also killed").
    adds_casualties: bool,
    paragraph: usize,
    evidence: Vec<Evidence>,
}

impl Draft {
    fn family(&self) -> Family {
        family(self.sub_kind)
    }
}

/// Words that, right before a verb trigger, say the act did not (yet) happen.
const IRREALIS: &[&str] = &[
    "could",
    "would",
    "may",
    "might",
    "will",
    "shall",
    "should",
    "must",
    "can",
    "cannot",
    "not",
    "never",
    "threatened",
    "threatens",
    "threaten",
    "vowed",
    "vows",
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "prevent",
    "prevented",
    "foiled",
    "thwarted",
    "against",
    "about",
    "warned",
    "warning",
    "fear",
    "fears",
    "feared",
    "no",
    "without",
    "if",
    "ability",
];
const REASON_CONTEXT: &[&str] = &[
    "denouncing",
    "denounced",
    "condemning",
    "condemned",
    "accused",
    "accusing",
    "demanding",
    "demanded",
    "calling",
    "called",
    "protesting",
    "mourning",
    "over",
];
const HELD_CONTEXT: &[&str] = &[
    "possession",
    "seized",
    "recovered",
    "cache",
    "found",
    "carrying",
    "stockpile",
    "smuggling",
    "making",
    "assembling",
    "confiscated",
];
const TO_ALLOWED: &[&str] = &[
    "managed",
    "began",
    "started",
    "continued",
    "went",
    "used",
    "tried",
];
const HEDGES: &[&str] = &[
    "reportedly",
    "allegedly",
    "unconfirmed",
    "purportedly",
    "possibly",
    "apparently",
    "rumoured",
    "rumored",
    "alleged",
];
const SUSPECT: &[&str] = &[
    "believed",
    "suspected",
    "blamed",
    "accused",
    "appeared",
    "thought",
    "likely",
    "attributed",
    "alleged",
    "suspect",
];
const BACKGROUND_MARKERS: &[&str] = &[
    "previously",
    "ago",
    "formerly",
    "string",
    "series",
    "history",
    "earlier this year",
    "last year",
    "in the past",
    "past year",
    "past years",
    "since",
];
const PERSON_AFTER_COUNT: &[TargetKind] = &[
    TargetKind::Civilians,
    TargetKind::Military,
    TargetKind::Police,
    TargetKind::Government,
    TargetKind::Diplomatic,
    TargetKind::Journalists,
    TargetKind::AidWorkers,
    TargetKind::ArmedGroup,
    TargetKind::Protesters,
];
const BE: &[&str] = &["was", "were", "been", "be", "is", "are", "being", "got"];
const KILL_WORDS: &[&str] = &[
    "killed",
    "killing",
    "kills",
    "kill",
    "dead",
    "died",
    "die",
    "dies",
    "death",
    "deaths",
    "fatalities",
    "fatality",
    "murdered",
    "lives",
    "bodies",
    "beheaded",
    "executed",
    "massacred",
    "lynched",
];
const WOUND_WORDS: &[&str] = &[
    "wounded",
    "wounding",
    "wounds",
    "injured",
    "injuring",
    "injuries",
    "injures",
    "hurt",
    "wounded,",
    "injury",
    "casualties",
];
const PLACE_NEG_FOLLOW: &[&str] = &[
    "officials",
    "official",
    "government",
    "president",
    "forces",
    "embassy",
    "authorities",
    "citizens",
    "nationals",
    "police",
    "army",
    "troops",
    "minister",
    "ministry",
    "military",
    "state",
    "department",
    "intelligence",
    "media",
    "spokesperson",
    "spokesman",
    "based",
    "-based",
    "partners",
    "regime",
    "leaders",
    "leader",
    "'s",
];

/// The loaded extractor: lexicons and number words. Build once, share across threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    pub(crate) lex: Lexicons,
    pub(crate) numbers: NumberWords,
    countries: HashMap<String, String>,
}

impl Extractor {
    /// The extractor with the built-in lexicons of `data/`.
    ///
    /// # Errors
    /// Never with the shipped files (tested); the `Result` is for the data-file parser.
    pub fn builtin() -> Result<Extractor, crate::LexiconError> {
        let countries = include_str!("../data/countries.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(c, n)| (c.trim().to_owned(), n.trim().to_owned()))
            .collect();
        Ok(Extractor {
            lex: Lexicons::builtin()?,
            numbers: NumberWords::builtin(),
            countries,
        })
    }

    /// Adds user trigger lines (format of `data/triggers.tsv`).
    ///
    /// # Errors
    /// A line that does not parse, with its file name and number.
    pub fn add_triggers(&mut self, source: &str, file: &str) -> Result<(), crate::LexiconError> {
        self.lex.add_triggers(source, file)
    }

    /// Adds user target lines (format of `data/targets.tsv`).
    ///
    /// # Errors
    /// A line that does not parse.
    pub fn add_targets(&mut self, source: &str, file: &str) -> Result<(), crate::LexiconError> {
        self.lex.add_targets(source, file)
    }

    /// Adds user actor-noun lines (format of `data/actors.tsv`).
    ///
    /// # Errors
    /// A line that does not parse.
    pub fn add_actor_nouns(&mut self, source: &str, file: &str) -> Result<(), crate::LexiconError> {
        self.lex.add_actors(source, file)
    }

    /// Adds user number words (format of `data/numbers.tsv`).
    ///
    /// # Errors
    /// A line that does not parse.
    pub fn add_numbers(&mut self, source: &str, file: &str) -> Result<(), crate::LexiconError> {
        self.numbers.extend(source, file)
    }

    /// Extracts the events an article reports. Pure and deterministic.
    #[must_use]
    pub fn extract(&self, article: &Article, language: &Language, places: &[Place]) -> Vec<Event> {
        let text = article.text.as_str();
        let sentences = if language.sentences.is_empty() {
            fallback_sentences(text)
        } else {
            language.sentences.clone()
        };
        let published = article
            .published
            .as_ref()
            .and_then(|p| NaiveDate::parse_from_str(p.value.get(..10)?, "%Y-%m-%d").ok());
        let ctx = Context {
            ex: self,
            article,
            text,
            language,
            places,
            published,
        };
        let mut drafts: Vec<Draft> = Vec::new();
        for (si, sentence) in sentences.iter().enumerate() {
            ctx.sentence(si, sentence, &sentences, &mut drafts);
        }
        merge_duplicates(&mut drafts);
        drafts.into_iter().map(|d| ctx.finish(d)).collect()
    }
}

/// Everything one article's extraction reads.
struct Context<'a> {
    ex: &'a Extractor,
    article: &'a Article,
    text: &'a str,
    language: &'a Language,
    places: &'a [Place],
    published: Option<NaiveDate>,
}

/// Splits text into sentences when the language layer gave none (paragraphs at blank lines,
/// sentences at `. ` before an uppercase letter or digit).
fn fallback_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut para_start = 0;
    for (pi, para) in text.split("\n\n").enumerate() {
        let mut start = para_start;
        let bytes = para.as_bytes();
        let mut k = 0;
        while k < bytes.len() {
            let c = bytes[k];
            let boundary = matches!(c, b'.' | b'!' | b'?')
                && bytes.get(k + 1) == Some(&b' ')
                && bytes
                    .get(k + 2)
                    .is_some_and(|n| n.is_ascii_uppercase() || n.is_ascii_digit() || *n == b'"');
            if boundary {
                let end = para_start + k + 1;
                if end > start {
                    out.push(Sentence {
                        span: Span::new(start, end),
                        paragraph: pi,
                    });
                }
                start = para_start + k + 2;
            }
            k += 1;
        }
        let end = para_start + para.len();
        if end > start && !text[start..end].trim().is_empty() {
            out.push(Sentence {
                span: Span::new(start, end),
                paragraph: pi,
            });
        }
        para_start = end + 2;
    }
    out
}

fn lower_is(toks: &[Token], i: usize, words: &[&str]) -> bool {
    toks.get(i)
        .is_some_and(|t| words.contains(&t.lower.as_str()))
}

fn has_phrase(toks: &[Token], phrase: &str) -> Option<usize> {
    let words: Vec<&str> = phrase.split(' ').collect();
    (0..toks.len()).find(|&i| {
        words
            .iter()
            .enumerate()
            .all(|(k, w)| toks.get(i + k).is_some_and(|t| t.lower == *w))
    })
}

fn is_clause_break(t: &Token) -> bool {
    matches!(t.lower.as_str(), ";" | ":" | "." | "–" | "—")
}

fn tok_index_of(toks: &[Token], span: Span) -> Option<(usize, usize)> {
    // Overlap, not containment: "Taliban-planted" is one token holding the mention "Taliban".
    let a = toks
        .iter()
        .position(|t| t.start < span.end && span.start < t.end)?;
    let b = toks
        .iter()
        .rposition(|t| t.start < span.end && span.start < t.end)?;
    Some((a, b + 1))
}

impl Context<'_> {
    fn span_of(&self, toks: &[Token], a: usize, b: usize) -> Span {
        match (toks.get(a), toks.get(b.saturating_sub(1))) {
            (Some(x), Some(y)) => Span::new(x.start, y.end),
            _ => Span::new(0, 0),
        }
    }

    fn country_name(&self, cc: &str) -> String {
        self.ex
            .countries
            .get(cc)
            .cloned()
            .unwrap_or_else(|| cc.to_owned())
    }

    /// Actor mentions in the sentence: named entities first, then generic nouns not inside one.
    fn actor_mentions(&self, toks: &[Token], sentence: Span) -> Vec<ActorMention> {
        let mut out: Vec<ActorMention> = Vec::new();
        for e in &self.language.entities {
            // An ethnic group or clan acting as a side is its militia ("Samburu raiders",
            // "clashes between the Luo and the Kuria"), named in ACLED's style.
            let militia = match e.id.split_once(':') {
                Some(("ethnic", _)) => Some(format!("{} Ethnic Militia", e.name)),
                Some(("clan", _)) => Some(format!("{} Clan Militia", e.name)),
                _ => None,
            };
            if let Some(name) = militia {
                for m in e.mentions.iter().filter(|m| sentence.contains(m.span)) {
                    if let Some((a, b)) = tok_index_of(toks, m.span) {
                        out.push(ActorMention {
                            start: a,
                            end: b,
                            id: format!("militia:{}", e.id),
                            name: name.clone(),
                            armed: true,
                            class: Some(ActorClass::Militia),
                            target_kind: TargetKind::ArmedGroup,
                        });
                    }
                }
                continue;
            }
            let armed = matches!(e.kind, EntityKind::ArmedGroup | EntityKind::StateForce);
            let crowd = match e.id.as_str() {
                "group:protesters" => Some(ActorClass::Protesters),
                "group:rioters" => Some(ActorClass::Rioters),
                "group:civilians" => Some(ActorClass::Civilians),
                id if id.contains("unidentified-militia") => Some(ActorClass::Militia),
                id if id.contains("unidentified") && e.kind == EntityKind::ArmedGroup => {
                    Some(ActorClass::Unidentified)
                }
                _ => None,
            };
            if e.kind == EntityKind::CivilianGroup && crowd.is_none() {
                continue;
            }
            if !armed && e.kind != EntityKind::Organisation && e.kind != EntityKind::CivilianGroup {
                continue;
            }
            for m in &e.mentions {
                if !sentence.contains(m.span) {
                    continue;
                }
                let Some((a, b)) = tok_index_of(toks, m.span) else {
                    continue;
                };
                let target_kind = match e.kind {
                    EntityKind::StateForce => {
                        let n = e.name.to_lowercase();
                        if n.contains("police") {
                            TargetKind::Police
                        } else {
                            TargetKind::Military
                        }
                    }
                    EntityKind::ArmedGroup => TargetKind::ArmedGroup,
                    _ => match crowd {
                        Some(ActorClass::Civilians) => TargetKind::Civilians,
                        Some(ActorClass::Protesters | ActorClass::Rioters) => {
                            TargetKind::Protesters
                        }
                        _ => TargetKind::Other,
                    },
                };
                out.push(ActorMention {
                    start: a,
                    end: b,
                    id: e.id.clone(),
                    name: e.name.clone(),
                    armed: armed || matches!(crowd, Some(ActorClass::Rioters)),
                    class: crowd,
                    target_kind,
                });
            }
        }
        for (class, a, b) in self.ex.lex.actors.find_all(toks) {
            // "police post", "army base": a place attacked, not an actor.
            if self
                .ex
                .lex
                .targets
                .at(toks, a)
                .is_some_and(|(_, n)| n > b - a)
            {
                continue;
            }
            if out.iter().any(|m| a < m.end + 2 && m.start < b) {
                // "Al Shabaab militants", "IS fighters": the noun belongs to the named group.
                continue;
            }
            let (id, name, target_kind) = match class {
                ActorClass::Police => ("force:police", "Police Forces", TargetKind::Police),
                ActorClass::Military => ("force:military", "Military Forces", TargetKind::Military),
                ActorClass::Unidentified => (
                    "unidentified",
                    "Unidentified Armed Group",
                    TargetKind::ArmedGroup,
                ),
                ActorClass::Protesters => ("protesters", "Protesters", TargetKind::Protesters),
                ActorClass::Rioters => ("rioters", "Rioters", TargetKind::Protesters),
                ActorClass::Militia => ("militia", "Communal Militia", TargetKind::ArmedGroup),
                ActorClass::Civilians => ("civilians", "Civilians", TargetKind::Civilians),
            };
            out.push(ActorMention {
                start: a,
                end: b,
                id: id.to_owned(),
                name: name.to_owned(),
                armed: !matches!(class, ActorClass::Civilians),
                class: Some(class),
                target_kind,
            });
        }
        out.sort_by_key(|m| m.start);
        out
    }

    /// Processes one sentence: finds triggers, groups them, reads arguments, and either adds
    /// new drafts or merges into earlier ones ("the attack").
    fn sentence(&self, si: usize, sentence: &Sentence, all: &[Sentence], drafts: &mut Vec<Draft>) {
        let span = sentence.span;
        let toks = tokenize(self.text, span.start, span.end);
        if toks.is_empty() {
            return;
        }
        let actors = self.actor_mentions(&toks, span);
        let place_toks: Vec<(usize, usize)> = self
            .places
            .iter()
            .filter(|p| span.contains(p.span))
            .filter_map(|p| tok_index_of(&toks, p.span))
            .collect();
        let time_toks: Vec<(usize, usize)> = self
            .language
            .times
            .iter()
            .filter(|t| span.contains(t.span))
            .filter_map(|t| tok_index_of(&toks, t.span))
            .collect();
        let inside_name = |a: usize, b: usize| {
            // "US airstrike" as an alias of a force: the trigger ends the mention and stays.
            actors
                .iter()
                .any(|m| m.class.is_none() && a < m.end && m.start < b && b < m.end)
                || place_toks.iter().any(|&(x, y)| a < y && x < b)
                || time_toks.iter().any(|&(x, y)| a < y && x < b)
                || (a > 0
                    && toks[a].lower == "march"
                    && toks[a - 1].lower.chars().all(|c| c.is_ascii_digit()))
                || (toks[a].lower == "march"
                    && toks
                        .get(b)
                        .is_some_and(|t| t.lower.chars().all(|c| c.is_ascii_digit())))
        };
        let mut hits: Vec<Hit> = self
            .ex
            .lex
            .triggers
            .find_all(&toks)
            .into_iter()
            .filter(|&(_, a, b)| !inside_name(a, b))
            .map(|(trigger, start, end)| Hit {
                trigger,
                start,
                end,
            })
            .filter(|h| !self.irrealis(&toks, h))
            .collect();
        let hedged_at = toks.iter().position(|t| HEDGES.contains(&t.lower.as_str()));
        let casualties = self.casualties(&toks);

        // A plural noun trigger with nothing concrete attached is a summary ("attacks have
        // been unusual"), not an event.
        let has_count = !casualties.is_empty();
        hits.retain(|h| {
            let word = toks.get(h.end - 1).map_or("", |t| t.lower.as_str());
            let plural = h.trigger.noun && word.ends_with('s') && h.end - h.start == 1;
            if !(plural && h.trigger.strength == Strength::Generic) {
                return true;
            }
            let counted = h.start > 0
                && (lower_is(
                    &toks,
                    h.start - 1,
                    &[
                        "twin",
                        "two",
                        "three",
                        "several",
                        "coordinated",
                        "simultaneous",
                    ],
                ) || self.ex.numbers.parse(&toks, h.start - 1).is_some());
            counted || has_count
        });

        // "defused a bomb", "found explosives": the explosive is the object, not an explosion.
        if hits
            .iter()
            .any(|h| family(h.trigger.sub_kind) == Family::Defused)
        {
            hits.retain(|h| family(h.trigger.sub_kind) != Family::Explosion);
        }

        if hits.is_empty() {
            self.attach_to_previous(si, sentence, &toks, &actors, &casualties, drafts);
            return;
        }

        // Group triggers into events.
        let mut groups: Vec<Vec<Hit>> = Vec::new();
        let strong: Vec<Hit> = hits
            .iter()
            .copied()
            .filter(|h| h.trigger.strength == Strength::Strong)
            .collect();
        let indefinite = |h: &Hit| {
            h.trigger.noun
                && h.start > 0
                && lower_is(
                    &toks,
                    h.start - 1,
                    &["a", "an", "another", "separate", "second"],
                )
        };
        for h in &strong {
            let f = family(h.trigger.sub_kind);
            // "Monday's attack and an attack in June": a second event of the same family.
            let fresh = indefinite(h);
            match groups.iter_mut().find(|g| {
                g.first().is_some_and(|x| {
                    family(x.trigger.sub_kind) == f && !(fresh && h.start.abs_diff(x.start) > 1)
                })
            }) {
                Some(g) => g.push(*h),
                None => groups.push(vec![*h]),
            }
        }
        for h in hits
            .iter()
            .filter(|h| h.trigger.strength != Strength::Strong)
        {
            let hf = family(h.trigger.sub_kind);
            if h.trigger.strength == Strength::Generic
                && indefinite(h)
                && groups.iter().any(|g| {
                    g.iter().any(|x| {
                        x.trigger.strength != Strength::Weak && family(x.trigger.sub_kind) == hf
                    }) && g.iter().all(|x| x.start.abs_diff(h.start) > 1)
                })
            {
                groups.push(vec![*h]);
                continue;
            }
            // Weak words of a family join that family's event when there is one.
            let same = groups
                .iter()
                .position(|g| g.first().is_some_and(|x| family(x.trigger.sub_kind) == hf));
            let violent = |f: Family| {
                matches!(
                    f,
                    Family::Battle | Family::Explosion | Family::Violence | Family::Abduction
                )
            };
            let nearest = groups
                .iter()
                .enumerate()
                .filter(|(_, g)| {
                    g.first().is_some_and(|x| {
                        let gf = family(x.trigger.sub_kind);
                        let same_act =
                            matches!(gf, Family::Battle | Family::Explosion | Family::Violence);
                        match h.trigger.strength {
                            // "attacked a post … and abducted three": two acts.
                            Strength::Generic => same_act || (hf != Family::Violence && hf == gf),
                            _ => hf != Family::Violence || violent(gf) || gf == Family::Protest,
                        }
                    })
                })
                .min_by_key(|(_, g)| {
                    g.iter()
                        .map(|x| x.start.abs_diff(h.start))
                        .min()
                        .unwrap_or(usize::MAX)
                })
                .map(|(i, _)| i);
            match same.or(nearest) {
                Some(i) => groups[i].push(*h),
                None => groups.push(vec![*h]),
            }
        }

        groups.sort_by_key(|g| g.iter().map(|h| h.start).min().unwrap_or(0));
        // Each casualty phrase goes to the nearest event of the sentence.
        let owner: Vec<usize> = casualties
            .iter()
            .map(|c| {
                (0..groups.len())
                    .min_by_key(|&g| {
                        groups[g]
                            .iter()
                            .map(|h| h.start.abs_diff(c.verb))
                            .min()
                            .unwrap_or(usize::MAX)
                    })
                    .unwrap_or(0)
            })
            .collect();
        for (gi, group) in groups.iter().enumerate() {
            let mine: Vec<Casualty> = casualties
                .iter()
                .zip(&owner)
                .filter(|(_, &o)| o == gi)
                .map(|(c, _)| *c)
                .collect();
            let other_heads = groups
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != gi)
                .filter_map(|(_, g)| g.first().map(|h| h.start))
                .collect();
            let args = SentenceArgs {
                other_heads,
                sentence,
                all,
                toks: &toks,
                actors: &actors,
                casualties: &mine,
                hedged_at,
            };
            self.build(&args, group, drafts);
        }
    }

    /// True when a trigger is negated, hypothetical or a threat ("threatened to attack",
    /// "the ability to strike", "did not attack").
    fn irrealis(&self, toks: &[Token], h: &Hit) -> bool {
        let before = |k: usize| h.start.checked_sub(k).and_then(|i| toks.get(i));
        // The reason of a protest or statement ("denouncing the recent killing", "called for
        // the arrest of"), and explosives held rather than set off ("in possession of
        // explosives"), are not events of their own.
        let fam = family(h.trigger.sub_kind);
        for k in 1..=4 {
            let Some(t) = before(k) else { break };
            if is_clause_break(t) || t.lower == "," {
                break;
            }
            let w = t.lower.as_str();
            if REASON_CONTEXT.contains(&w) && fam != Family::Protest {
                return true;
            }
            if fam == Family::Explosion && HELD_CONTEXT.contains(&w) {
                return true;
            }
        }
        if let Some(p) = before(1) {
            if p.lower == "to" {
                // "blocked the road to protest": a purpose, and the protest took place.
                if family(h.trigger.sub_kind) == Family::Protest {
                    return before(2).is_some_and(|q| IRREALIS.contains(&q.lower.as_str()));
                }
                return !before(2).is_some_and(|q| TO_ALLOWED.contains(&q.lower.as_str()));
            }
            if IRREALIS.contains(&p.lower.as_str()) {
                return true;
            }
            if p.lower == "of" || p.lower == "a" || p.lower == "an" || p.lower == "the" {
                // "warned of attacks", "fear of an attack"
                if before(2).is_some_and(|q| {
                    matches!(
                        q.lower.as_str(),
                        "warned" | "fear" | "fears" | "threat" | "threats" | "risk" | "warning"
                    )
                }) {
                    return true;
                }
            }
        }
        if let Some(p) = before(2) {
            if matches!(
                p.lower.as_str(),
                "not" | "never" | "n't" | "threatened" | "vowed"
            ) {
                return true;
            }
        }
        false
    }

    /// Casualty phrases of the sentence: (is killed, count, verb token index, count span).
    fn casualties(&self, toks: &[Token]) -> Vec<Casualty> {
        let mut out = Vec::new();
        // "no casualties", "no one was hurt", "there were no casualties"
        for (i, t) in toks.iter().enumerate() {
            let lw = t.lower.as_str();
            let killed_word = KILL_WORDS.contains(&lw);
            let wound_word = WOUND_WORDS.contains(&lw);
            if !killed_word && !wound_word {
                continue;
            }
            // "shot dead" etc. are fine; "death toll" reads forward.
            let count = self.count_for(toks, i);
            let Some(count) = count else {
                continue;
            };
            let both = matches!(lw, "casualties" | "hurt") && count.range.min == 0;
            if lw == "casualties" && count.range.min > 0 {
                // "five casualties": killed or wounded, not said which.
                continue;
            }
            if killed_word || both {
                out.push(Casualty {
                    killed: true,
                    count,
                    verb: i,
                });
            }
            if wound_word || both {
                out.push(Casualty {
                    killed: false,
                    count,
                    verb: i,
                });
            }
        }
        out
    }

    /// The count a casualty word refers to: after an active verb ("killing 2"), before a
    /// passive one ("2 were killed") or a noun ("3 dead", "no casualties").
    fn count_for(&self, toks: &[Token], v: usize) -> Option<Count> {
        let w = toks.get(v)?.lower.as_str();
        let prev_be = v > 0 && lower_is(toks, v - 1, BE);
        // Headline style: "Twelve killed", "Nine officers injured and one killed".
        if !prev_be && matches!(w, "killed" | "wounded" | "injured" | "dead" | "hurt") {
            let lo = v.saturating_sub(4);
            let mut k = v;
            while k > lo {
                k -= 1;
                if is_clause_break(&toks[k]) || toks[k].lower == "," || toks[k].lower == "and" {
                    break;
                }
                if let Some(c) = self.count_at(toks, k, true) {
                    if c.end <= v && !c.vague || c.end == v {
                        let mut best = c;
                        for back in 1..=3 {
                            let Some(j) = k.checked_sub(back) else { break };
                            if let Some(c2) = self.ex.numbers.parse(toks, j) {
                                if c2.end >= best.end && c2.end <= v {
                                    best = c2;
                                }
                            }
                        }
                        return Some(best);
                    }
                }
            }
        }
        let shot_dead = w == "dead"
            && v > 0
            && lower_is(
                toks,
                v - 1,
                &["shot", "beaten", "stabbed", "hacked", "burnt", "burned"],
            )
            && !(v > 1 && lower_is(toks, v - 2, BE));
        let active = shot_dead
            || w.ends_with("ing")
            || matches!(w, "kills" | "kill" | "injures")
            || (!prev_be && matches!(w, "killed" | "wounded" | "injured" | "murdered"));
        if w == "death" && lower_is(toks, v + 1, &["toll"]) {
            for k in v + 2..(v + 6).min(toks.len()) {
                if let Some(c) = self.count_at(toks, k, true) {
                    return Some(c);
                }
            }
            return None;
        }
        if active {
            for k in v + 1..(v + 4).min(toks.len()) {
                if is_clause_break(&toks[k]) || toks[k].lower == "," && k > v + 1 {
                    break;
                }
                if let Some(mut c) = self.count_at(toks, k, false) {
                    // "wounding others, including five Chinese citizens"
                    if let Some(inc) =
                        (c.end..(c.end + 3).min(toks.len())).find(|&j| toks[j].lower == "including")
                    {
                        if let Some(c2) = self.count_at(toks, inc + 1, false) {
                            c.range = Range {
                                min: c.range.min.max(c2.range.min),
                                max: None,
                            };
                            c.end = c2.end;
                        }
                    }
                    return Some(c);
                }
                if matches!(toks[k].lower.as_str(), "by" | "in" | "at" | "on" | "when") {
                    break;
                }
            }
            // "kill Muslim cleric", "killed a TikToker": one victim named without a number.
            let mut k = v + 1;
            while k < toks.len().min(v + 4) {
                let t = &toks[k];
                if matches!(t.lower.as_str(), "a" | "an") {
                    return Some(Count {
                        range: Range::exact(1),
                        start: k,
                        end: k + 1,
                        vague: false,
                    });
                }
                if let Some((kind, n)) = self.ex.lex.targets.at(toks, k) {
                    let last = toks.get(k + n - 1).map_or("", |t| t.lower.as_str());
                    if PERSON_AFTER_COUNT.contains(&kind) && !last.ends_with('s') {
                        return Some(Count {
                            range: Range::exact(1),
                            start: k,
                            end: k + n,
                            vague: false,
                        });
                    }
                    break;
                }
                if !(t.capitalised || t.lower == "the") {
                    break;
                }
                k += 1;
            }
            if w.ends_with("ing") || matches!(w, "kills" | "kill") {
                return None;
            }
        }
        // Backwards, to the previous casualty word or clause break.
        let lo = v.saturating_sub(12);
        let mut k = v;
        while k > lo {
            k -= 1;
            let t = &toks[k];
            if is_clause_break(t)
                || (k + 1 < v
                    && (KILL_WORDS.contains(&t.lower.as_str())
                        || WOUND_WORDS.contains(&t.lower.as_str())))
            {
                break;
            }
            if let Some(c) = self.count_at(toks, k, true) {
                if c.end > v {
                    continue;
                }
                // Take a modifier to the left ("at least", "no one").
                let mut best = c;
                for back in 1..=3 {
                    let Some(j) = k.checked_sub(back) else { break };
                    if let Some(c2) = self.ex.numbers.parse(toks, j) {
                        if c2.end >= best.end && c2.end <= v {
                            best = c2;
                        }
                    }
                }
                // "Five soldiers and two militants were killed": add the earlier count.
                let mut j = best.start;
                let mut steps = 0;
                while j > 0 && steps < 4 {
                    j -= 1;
                    steps += 1;
                    if toks[j].lower == "and" {
                        for back in 1..=3 {
                            let Some(s0) = j.checked_sub(back) else { break };
                            if let Some(c0) = self.count_at(toks, s0, true) {
                                if c0.end <= j && !c0.vague && !best.vague {
                                    best.range = Range {
                                        min: best.range.min + c0.range.min,
                                        max: best.range.max.zip(c0.range.max).map(|(x, y)| x + y),
                                    };
                                    best.start = c0.start;
                                }
                                break;
                            }
                        }
                        break;
                    }
                    if is_clause_break(&toks[j]) || toks[j].lower == "," {
                        break;
                    }
                }
                return Some(best);
            }
        }
        None
    }

    /// A count at token `k` that can stand for people: not a year or a date, and "a"/"an"
    /// only before a word for people.
    fn count_at(&self, toks: &[Token], k: usize, allow_bare: bool) -> Option<Count> {
        let t = toks.get(k)?;
        let c = self.ex.numbers.parse(toks, k)?;
        if t.lower.len() == 4
            && t.lower.chars().all(|c| c.is_ascii_digit())
            && (1900..2100).contains(&c.range.min)
        {
            return None;
        }
        let month_near = |i: usize| {
            toks.get(i)
                .is_some_and(|t| MONTHS.iter().any(|m| t.lower.starts_with(m)))
        };
        if t.lower.starts_with(|ch: char| ch.is_ascii_digit())
            && (month_near(c.end) || (k > 0 && month_near(k - 1)))
        {
            return None;
        }
        let person_next = (c.end..(c.end + 3).min(toks.len())).any(|j| {
            self.ex
                .lex
                .targets
                .at(toks, j)
                .is_some_and(|(kind, _)| PERSON_AFTER_COUNT.contains(&kind))
                || self.ex.lex.actors.at(toks, j).is_some()
        });
        let word = t.lower.as_str();
        if matches!(word, "a" | "an" | "some" | "more" | "other" | "many") && !person_next {
            return None;
        }
        if !allow_bare && !person_next && !t.lower.starts_with(|ch: char| ch.is_ascii_digit()) {
            // "killing several people" has a person word; "killing two" is fine too.
            let next_is_noun = toks.get(c.end).is_some_and(|n| {
                n.is_word()
                    && !matches!(
                        n.lower.as_str(),
                        "and" | "in" | "at" | "on" | "of" | "others"
                    )
            });
            if next_is_noun && c.vague {
                return None;
            }
        }
        // A count of things, not people: "3 mortar shells", "two vehicles".
        if let Some(n) = toks.get(c.end) {
            // "Twelve killed" counts people; "3 mortar shells" counts things.
            if self
                .ex
                .lex
                .triggers
                .at(toks, c.end)
                .is_some_and(|(t, _)| t.strength != Strength::Weak)
                || self
                    .ex
                    .lex
                    .targets
                    .at(toks, c.end)
                    .is_some_and(|(kind, _)| !PERSON_AFTER_COUNT.contains(&kind))
                    && !matches!(n.lower.as_str(), "people" | "persons")
            {
                return None;
            }
        }
        Some(c)
    }
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A casualty phrase.
#[derive(Debug, Clone, Copy)]
struct Casualty {
    killed: bool,
    count: Count,
    verb: usize,
}

/// What `build` needs to know about the sentence.
struct SentenceArgs<'s> {
    sentence: &'s Sentence,
    all: &'s [Sentence],
    toks: &'s [Token],
    actors: &'s [ActorMention],
    casualties: &'s [Casualty],
    hedged_at: Option<usize>,
    /// Trigger positions of the sentence's other events: a place nearer one of them is theirs.
    other_heads: Vec<usize>,
}

const PREPOSITIONS_BEFORE_ACTOR: &[&str] = &[
    "in",
    "at",
    "near",
    "on",
    "from",
    "with",
    "against",
    "of",
    "for",
    "targeting",
    "into",
    "to",
    "about",
    "toward",
    "towards",
    "over",
];
const PLACE_SKIP: &[&str] = &[
    "districts",
    "provinces",
    "counties",
    "regions",
    "villages",
    "towns",
    "a",
    "an",
    "limits",
    "vicinity",
    "environs",
    "suburb",
    "suburbs",
    "neighbourhood",
    "neighborhood",
    "downtown",
    "center",
    "centre",
    "administration",
    "compound",
    "headquarters",
    "camp",
    "market",
    "road",
    "highway",
    "sub-district",
    "ward",
    "division",
    "zone",
    "upper",
    "lower",
    "greater",
    "of",
    "the",
    "city",
    "town",
    "village",
    "villages",
    "district",
    "province",
    "county",
    "region",
    "area",
    "areas",
    "eastern",
    "western",
    "northern",
    "southern",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "outskirts",
    "parts",
    "part",
    "capital",
    "neighbouring",
    "neighboring",
    "rural",
    "remote",
    "nearby",
    "border",
    "locality",
    "location",
    "sub-county",
    "constituency",
];
const TIME_POSSESSIVE: &[&str] = &[
    "monday's",
    "tuesday's",
    "wednesday's",
    "thursday's",
    "friday's",
    "saturday's",
    "sunday's",
    "yesterday's",
    "today's",
    "week's",
    "weekend's",
    "month's",
    "night's",
    "morning's",
];
const LIGHT_GAP: &[&str] = &[
    ",",
    "and",
    "also",
    "even",
    "however",
    "then",
    "later",
    "again",
    "reportedly",
    "allegedly",
    "reported",
    "reportedly",
    "managed",
    "to",
    "have",
    "has",
    "had",
    "was",
    "were",
    "been",
    "is",
    "are",
    "on",
    "in",
    "at",
    "early",
    "late",
    "overnight",
    "first",
    "jointly",
    "who",
    "which",
    "that",
    "had",
    "they",
    "fighters",
    "militants",
    "members",
    "gunmen",
    "forces",
    "troops",
    "soldiers",
    "suspected",
    "allegedly",
    "armed",
    "heavily",
    "(",
    ")",
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "of",
    "all",
    "both",
    "two",
    "three",
    "several",
    "some",
    "dozens",
    "hundreds",
    "tried",
    "attempted",
    "went",
    "began",
    "started",
    "continued",
    "reportedly",
];
const CARRY_OUT: &[&str] = &[
    "carried",
    "carry",
    "carries",
    "carrying",
    "out",
    "launched",
    "launch",
    "launches",
    "staged",
    "stage",
    "conducted",
    "conduct",
    "mounted",
    "mount",
    "claimed",
    "claim",
    "executed",
    "perpetrated",
    "committed",
    "fired",
    "fire",
    "detonated",
    "planted",
    "set",
    "off",
    "used",
    "deadly",
    "suicide",
    "twin",
    "coordinated",
    "major",
    "new",
    "fresh",
    "latest",
    "another",
    "terrorist",
    "terror",
    "complex",
    "high-profile",
    "second",
    "third",
    "responsibility",
    "for",
    "behind",
    "was",
    "were",
    "is",
    "are",
];
const ANAPHOR_DETERMINERS: &[&str] = &["the", "this", "that", "these", "those", "such", "same"];

impl Context<'_> {
    #[allow(clippy::too_many_lines)]
    fn build(&self, a: &SentenceArgs<'_>, group: &[Hit], drafts: &mut Vec<Draft>) {
        let toks = a.toks;
        let Some(head) = group.iter().copied().max_by_key(|h| {
            (
                h.trigger.strength,
                specificity(h.trigger.sub_kind),
                usize::MAX - h.start,
            )
        }) else {
            return;
        };
        let in_trigger = |i: usize| group.iter().any(|h| h.start <= i && i < h.end);
        let sentence_span = a.sentence.span;
        let mut fields: Vec<FieldSpan> = vec![FieldSpan {
            field: "kind".into(),
            span: self.span_of(toks, head.start, head.end),
        }];

        // Attribution words of the sentence.
        let claimed = has_phrase(toks, "claimed responsibility").is_some()
            || has_phrase(toks, "claimed the").is_some()
            || has_phrase(toks, "claiming responsibility").is_some();
        let suspect_at: Vec<usize> = toks
            .iter()
            .enumerate()
            .filter(|(_, t)| SUSPECT.contains(&t.lower.as_str()))
            .map(|(i, _)| i)
            .collect();
        let passive_head = head.start > 0 && lower_is(toks, head.start - 1, BE);

        // Actors and armed targets.
        let wants_targets = matches!(
            family(head.trigger.sub_kind),
            Family::Battle
                | Family::Explosion
                | Family::Violence
                | Family::Abduction
                | Family::Sexual
                | Family::Arrest
        );
        let mut actors: Vec<Participant> = Vec::new();
        let mut targets: Vec<Target> = Vec::new();
        // Token position of each target, so the one nearest the trigger can decide the kind.
        let mut target_pos: Vec<usize> = Vec::new();
        let mut perp_spans: Vec<(usize, usize)> = Vec::new();
        for m in a.actors {
            if in_trigger(m.start) {
                continue;
            }
            let prev = |k: usize| m.start.checked_sub(k).and_then(|i| toks.get(i));
            let by = prev(1).is_some_and(|t| t.lower == "by")
                || (prev(2).is_some_and(|t| t.lower == "by")
                    && prev(1).is_some_and(|t| {
                        matches!(
                            t.lower.as_str(),
                            "the"
                                | "a"
                                | "an"
                                | "suspected"
                                | "unknown"
                                | "unidentified"
                                | "alleged"
                                | "armed"
                        )
                    }));
            let from_fighters = prev(1).is_some_and(|t| t.lower == "from")
                && prev(2).is_some_and(|t| {
                    matches!(
                        t.lower.as_str(),
                        "fighters" | "militants" | "members" | "gunmen" | "elements"
                    )
                });
            let mut prep_before = prev(1)
                .is_some_and(|t| PREPOSITIONS_BEFORE_ACTOR.contains(&t.lower.as_str()))
                || (prev(1).is_some_and(|t| t.lower == "the")
                    && prev(2)
                        .is_some_and(|t| PREPOSITIONS_BEFORE_ACTOR.contains(&t.lower.as_str())));
            // "(SNA)" after "in coordination with government forces" shares that phrase's
            // role: look back over the phrase the brackets gloss.
            if prev(1).is_some_and(|t| t.lower == "(") {
                let mut k = m.start.saturating_sub(1);
                let mut steps = 0;
                while k > 0 && steps < 6 {
                    k -= 1;
                    steps += 1;
                    let w = toks[k].lower.as_str();
                    if PREPOSITIONS_BEFORE_ACTOR.contains(&w) {
                        prep_before = true;
                        break;
                    }
                    if is_clause_break(&toks[k]) || w == "," {
                        break;
                    }
                }
            }
            let clause_between = |x: usize, y: usize| {
                (x.min(y)..x.max(y)).any(|i| toks.get(i).is_some_and(is_clause_break))
            };
            let victim = (m.end..(m.end + 4).min(toks.len())).any(|i| {
                lower_is(toks, i, BE)
                    && toks.get(i + 1).is_some_and(|n| {
                        KILL_WORDS.contains(&n.lower.as_str())
                            || WOUND_WORDS.contains(&n.lower.as_str())
                            || matches!(
                                n.lower.as_str(),
                                "abducted"
                                    | "kidnapped"
                                    | "arrested"
                                    | "shot"
                                    | "attacked"
                                    | "targeted"
                            )
                    })
            }) || a
                .casualties
                .iter()
                .any(|c| m.start >= c.count.end && m.start <= c.count.end + 2);
            let names_trigger = m.start < head.start && head.start < m.end;
            let perpetrator = if by || from_fighters || names_trigger {
                true
            } else if victim {
                false
            } else if m.end <= head.start {
                // The subject of the trigger: only light words between them ("IS fighters
                // stormed", "Al Shabaab on Saturday attacked", "ISKP, however, survived and
                // managed to kill"), nothing that starts another clause or phrase.
                let nearest = group
                    .iter()
                    .filter(|h| h.start >= m.end)
                    .map(|h| h.start)
                    .min()
                    .unwrap_or(head.start);
                let state_like = m.armed
                    || matches!(
                        family(head.trigger.sub_kind),
                        Family::Battle | Family::Arrest | Family::Agreement | Family::Other
                    )
                    || (family(head.trigger.sub_kind) == Family::Protest
                        && matches!(m.class, Some(ActorClass::Protesters | ActorClass::Rioters)));
                // "Al Shabaab attacked a post … and abducted three": a subject shared by
                // coordinated verbs.
                let first_other = a
                    .other_heads
                    .iter()
                    .copied()
                    .filter(|&h| h >= m.end && h < nearest)
                    .min();
                let shared = first_other.is_some_and(|f| {
                    self.light_gap(toks, m.end, f, false)
                        && nearest > 0
                        && lower_is(toks, nearest - 1, &["and", "then", ","])
                });
                !prep_before
                    && !passive_head
                    && state_like
                    && (shared
                        || (!clause_between(m.end, nearest)
                            && nearest - m.end <= 14
                            && self.light_gap(
                                toks,
                                m.end,
                                nearest,
                                head.trigger.noun && nearest == head.start,
                            )))
            } else {
                false
            };
            let is_target = !perpetrator && victim && wants_targets
                || !perpetrator
                    && owns(&a.other_heads, head.start, m.start)
                    && m.start >= head.end
                    && m.start - head.end <= 8
                    && !clause_between(head.end, m.start)
                    && (m.armed || m.class == Some(ActorClass::Civilians))
                    && !prev(1).is_some_and(|t| matches!(t.lower.as_str(), "from" | "in" | "at"));
            if perpetrator {
                if actors.iter().any(|p| p.id == m.id) {
                    continue;
                }
                let attribution = if m.class == Some(ActorClass::Unidentified) {
                    Attribution::Unidentified
                } else if claimed {
                    Attribution::Claimed
                } else if from_fighters
                    || suspect_at
                        .iter()
                        .any(|&i| i.abs_diff(m.start) <= 6 || i.abs_diff(m.end) <= 6)
                {
                    Attribution::Suspected
                } else {
                    Attribution::Stated
                };
                let confidence = match attribution {
                    Attribution::Stated => 0.85,
                    Attribution::Claimed => 0.7,
                    Attribution::Suspected => 0.55,
                    Attribution::Unidentified => 0.8,
                };
                actors.push(Participant {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    attribution,
                    confidence,
                });
                perp_spans.push((m.start, m.end));
                fields.push(FieldSpan {
                    field: "actors".into(),
                    span: self.span_of(toks, m.start, m.end),
                });
            } else if is_target && !targets.iter().any(|t| t.id.as_deref() == Some(&m.id)) {
                let owner = prev(1)
                    .is_some_and(|t| matches!(t.lower.as_str(), "its" | "their"))
                    .then(|| self.last_armed_group_before(toks.get(m.start).map_or(0, |t| t.start)))
                    .flatten();
                let (id, name) = match owner {
                    Some(o) => {
                        let name = self
                            .language
                            .entities
                            .iter()
                            .find(|e| e.id == o)
                            .map_or_else(|| m.name.clone(), |e| e.name.clone());
                        (o, name)
                    }
                    None => (m.id.clone(), m.name.clone()),
                };
                targets.push(Target {
                    kind: m.target_kind,
                    name,
                    id: Some(id),
                    country: None,
                });
                target_pos.push(m.start);
                fields.push(FieldSpan {
                    field: "targets".into(),
                    span: self.span_of(toks, m.start, m.end),
                });
            }
        }
        // No subject found next to the trigger: the sentence's subject, when the sentence opens
        // with it ("On 16 May, Puntland forces manning a checkpoint opened fire …").
        if actors.is_empty() && !passive_head {
            let subject = a.actors.iter().find(|m| {
                // A noun trigger belongs to this subject only through a verb that carries it
                // out ("opened fire", "launched an attack"), not "stands guard outside the
                // site of a bomb explosion".
                let verb_link = !head.trigger.noun
                    || (m.end..head.start).any(|i| {
                        toks.get(i).is_some_and(|t| {
                            CARRY_OUT.contains(&t.lower.as_str()) && t.lower.len() > 3
                        })
                    });
                verb_link
                    && m.end <= head.start
                    && (m.armed || family(head.trigger.sub_kind) == Family::Protest)
                    && !in_trigger(m.start)
                    && self.opens_sentence(toks, m.start)
            });
            if let Some(m) = subject {
                let victim = (m.end..(m.end + 4).min(toks.len())).any(|i| lower_is(toks, i, BE));
                if !victim {
                    actors.push(Participant {
                        id: m.id.clone(),
                        name: m.name.clone(),
                        attribution: if m.class == Some(ActorClass::Unidentified) {
                            Attribution::Unidentified
                        } else {
                            Attribution::Stated
                        },
                        confidence: 0.6,
                    });
                    perp_spans.push((m.start, m.end));
                    fields.push(FieldSpan {
                        field: "actors".into(),
                        span: self.span_of(toks, m.start, m.end),
                    });
                }
            }
        }
        // "the U.S. and the former Afghan government announced … joint counterterror
        // operations": operations are the state's, and the states named in the sentence ran them.
        let operation = toks.get(head.start..head.end).is_some_and(|ts| {
            ts.iter()
                .any(|t| t.lower.starts_with("operation") || t.lower == "offensive")
        });
        if actors.is_empty() && operation {
            for m in a.actors {
                let state = self.language.entities.iter().any(|e| {
                    e.id == m.id
                        && (e.kind == EntityKind::StateForce
                            || (e.kind == EntityKind::Organisation && e.id.contains("government")))
                });
                if !state || targets.iter().any(|t| t.id.as_deref() == Some(&m.id)) {
                    continue;
                }
                actors.push(Participant {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    attribution: Attribution::Stated,
                    confidence: 0.6,
                });
                perp_spans.push((m.start, m.end));
                fields.push(FieldSpan {
                    field: "actors".into(),
                    span: self.span_of(toks, m.start, m.end),
                });
            }
        }
        // A country joined to a perpetrator by "and" is a side too ("the U.S. and the Afghan
        // government").
        if !perp_spans.is_empty() {
            for p in self.places.iter().filter(|p| {
                sentence_span.contains(p.span) && p.precision == Some(PlacePrecision::Country)
            }) {
                let Some((pa, pb)) = tok_index_of(toks, p.span) else {
                    continue;
                };
                let joined = perp_spans.iter().any(|&(x, y)| {
                    (pb < x
                        && (pb..x).all(|i| lower_is(toks, i, &["and", "the", ","]))
                        && x - pb <= 3)
                        || (y <= pa
                            && (y..pa).all(|i| lower_is(toks, i, &["and", "the", ","]))
                            && pa - y <= 3)
                });
                if let (true, Some(cc)) = (joined, p.country_code.as_deref()) {
                    let id = format!("force:military:{cc}");
                    if !actors.iter().any(|q| q.id == id) {
                        actors.push(Participant {
                            id,
                            name: format!("Military Forces of {}", self.country_name(cc)),
                            attribution: Attribution::Stated,
                            confidence: 0.6,
                        });
                        fields.push(FieldSpan {
                            field: "actors".into(),
                            span: p.span,
                        });
                    }
                }
            }
        }
        if actors.is_empty() && head.trigger.noun && head.start > 0 {
            let before = self.span_of(toks, head.start.saturating_sub(2), head.start);
            let country = self.nationality_where(|m| before.contains(m)).or_else(|| {
                self.places
                    .iter()
                    .find(|p| {
                        before.contains(p.span) && p.precision == Some(PlacePrecision::Country)
                    })
                    .and_then(|p| p.country_code.clone())
            });
            if let Some(cc) = country {
                actors.push(Participant {
                    id: format!("force:military:{cc}"),
                    name: format!("Military Forces of {}", self.country_name(&cc)),
                    attribution: Attribution::Stated,
                    confidence: 0.7,
                });
                fields.push(FieldSpan {
                    field: "actors".into(),
                    span: before,
                });
            }
        }
        // Unknown perpetrators named only by a bare pronoun-like noun before a passive head
        // are not actors; "unknown gunmen" are (handled by the actor nouns).

        // Targets from the target lexicon.
        let casualty_nouns: Vec<usize> = a.casualties.iter().map(|c| c.count.end).collect();
        let place_spans: Vec<Span> = self
            .places
            .iter()
            .filter(|p| sentence_span.contains(p.span))
            .map(|p| p.span)
            .collect();
        for (kind, ta, tb) in self.ex.lex.targets.find_all(toks) {
            if !wants_targets
                || in_trigger(ta)
                || a.actors.iter().any(|m| ta <= m.end && m.start <= tb)
            {
                continue;
            }
            let tspan = self.span_of(toks, ta, tb);
            if place_spans
                .iter()
                .any(|p| p.overlaps(tspan) || (p.end <= tspan.start && tspan.start - p.end <= 1))
            {
                continue;
            }
            if perp_spans.iter().any(|&(x, y)| ta < y + 1 && x < tb) {
                continue;
            }
            let after = ta >= head.end
                && ta - head.end <= 8
                && owns(&a.other_heads, head.start, ta)
                && !(head.end..ta).any(|i| is_clause_break(&toks[i]));
            let counted = casualty_nouns.iter().any(|&e| ta >= e && ta <= e + 3);
            let prev_word = ta
                .checked_sub(1)
                .and_then(|i| toks.get(i))
                .map(|t| t.lower.as_str());
            let passive_subject = ta < head.start
                && a.casualties
                    .iter()
                    .any(|c| c.verb > ta && c.verb - ta <= 12);
            let on_noun = matches!(prev_word, Some("on" | "targeting" | "against"))
                || (ta >= 2 && lower_is(toks, ta - 2, &["on", "targeting", "against"]));
            let origin = matches!(prev_word, Some("from" | "of" | "by" | "with"));
            if kind == TargetKind::ArmedGroup && !counted && !after {
                continue;
            }
            if !(after || counted || passive_subject || on_noun)
                || (origin && !counted)
                || (!counted && ta > head.start && !owns(&a.other_heads, head.start, ta))
            {
                continue;
            }
            // Name: the words of the target with a nationality or count before it.
            let mut na = ta;
            while na > 0 {
                let t = &toks[na - 1];
                let is_nat = self.language.entities.iter().any(|e| {
                    e.kind == EntityKind::Nationality
                        && e.mentions
                            .iter()
                            .any(|m| m.span.start <= t.start && t.end <= m.span.end)
                });
                if is_nat || t.capitalised && t.is_word() && na + 2 > ta && !t.lower.ends_with("'s")
                {
                    na -= 1;
                } else {
                    break;
                }
            }
            let span = self.span_of(toks, na, tb);
            let name = span.slice(self.text).unwrap_or_default().to_owned();
            let country = self.nationality_in(Span::new(
                toks.get(na.saturating_sub(1))
                    .map_or(span.start, |t| t.start),
                span.end,
            ));
            // "its fighters" → the group last named before this sentence.
            let id = (kind == TargetKind::ArmedGroup
                && prev_word.is_some_and(|w| matches!(w, "its" | "their")))
            .then(|| self.last_armed_group_before(sentence_span.start))
            .flatten();
            if targets.iter().any(|t| t.kind == kind && t.name == name) {
                continue;
            }
            targets.push(Target {
                kind,
                name,
                id,
                country,
            });
            target_pos.push(ta);
            fields.push(FieldSpan {
                field: "targets".into(),
                span,
            });
        }

        // Sub-kind.
        let mut sub_kind = head.trigger.sub_kind;
        // A battle has two sides: the armed side it was fought with is a participant too.
        if family(sub_kind) == Family::Battle && head.trigger.strength == Strength::Strong {
            for t in &targets {
                let armed = matches!(
                    t.kind,
                    TargetKind::Military | TargetKind::Police | TargetKind::ArmedGroup
                );
                if let (true, Some(id)) = (armed, &t.id) {
                    if !actors.iter().any(|p| &p.id == id) {
                        actors.push(Participant {
                            id: id.clone(),
                            name: t.name.clone(),
                            attribution: Attribution::Stated,
                            confidence: 0.7,
                        });
                    }
                }
            }
        }
        if head.trigger.strength != Strength::Strong {
            let is_armed = |k: TargetKind| {
                matches!(
                    k,
                    TargetKind::Military | TargetKind::Police | TargetKind::ArmedGroup
                )
            };
            // Sites and vehicles say nothing either way ("their ranger pickup").
            let is_civilian = |k: TargetKind| {
                matches!(
                    k,
                    TargetKind::Civilians
                        | TargetKind::ReligiousSite
                        | TargetKind::HotelGuesthouse
                        | TargetKind::Education
                        | TargetKind::Health
                        | TargetKind::Business
                        | TargetKind::Journalists
                        | TargetKind::AidWorkers
                        | TargetKind::Protesters
                )
            };
            // The target nearest the trigger decides ("Police shoot militiamen who had
            // killed civilians" is a clash).
            let nearest = targets
                .iter()
                .zip(&target_pos)
                .filter(|(t, _)| is_armed(t.kind) || is_civilian(t.kind))
                .min_by_key(|(_, &p)| {
                    if p >= head.end {
                        p - head.end
                    } else {
                        (head.start - p.min(head.start)) + 2
                    }
                })
                .map(|(t, _)| t.kind);
            let armed_target = nearest.is_some_and(is_armed);
            let civilian_target = nearest.is_some_and(is_civilian);
            match family(sub_kind) {
                Family::Violence | Family::Battle => {
                    sub_kind = if armed_target && !civilian_target {
                        SubKind::ArmedClash
                    } else if civilian_target
                        || family(sub_kind) == Family::Violence
                        || !armed_target
                    {
                        // A raid with no armed side named on the receiving end ("a raid by
                        // bandits", "a raid on a brewery") is an attack.
                        SubKind::Attack
                    } else {
                        SubKind::ArmedClash
                    };
                }
                _ => {}
            }
        }
        // Rioters or protesters doing violence: a riot, not an attack by an armed group.
        let crowd = a
            .actors
            .iter()
            .filter(|m| perp_spans.contains(&(m.start, m.end)))
            .find_map(|m| m.class);
        if family(sub_kind) == Family::Violence || family(sub_kind) == Family::Battle {
            match crowd {
                Some(ActorClass::Rioters) => sub_kind = SubKind::ViolentDemonstration,
                Some(ActorClass::Protesters) => sub_kind = SubKind::ViolentDemonstration,
                _ => {}
            }
        }
        // A clash with no armed side is a fight between crowds.
        if sub_kind == SubKind::ArmedClash
            && !a
                .actors
                .iter()
                .any(|m| m.armed && m.class != Some(ActorClass::Rioters))
            && !group
                .iter()
                .any(|h| family(h.trigger.sub_kind) == Family::Protest)
            && a.actors.iter().any(|m| m.class.is_some())
        {
            sub_kind = SubKind::MobViolence;
        }
        // Rioters attacking people without a protest are a mob.
        let object = targets
            .iter()
            .zip(&target_pos)
            .filter(|(_, &p)| p >= head.end)
            .min_by_key(|(_, &p)| p)
            .map(|(t, _)| t.kind);
        if sub_kind == SubKind::ViolentDemonstration
            && !group
                .iter()
                .any(|h| family(h.trigger.sub_kind) == Family::Protest)
            && object == Some(TargetKind::Civilians)
        {
            sub_kind = SubKind::MobViolence;
        }
        // An armed group "detaining" someone abducts them.
        if sub_kind == SubKind::Arrests
            && a.actors.iter().any(|m| {
                perp_spans.contains(&(m.start, m.end))
                    && self
                        .language
                        .entities
                        .iter()
                        .any(|e| e.id == m.id && e.kind == EntityKind::ArmedGroup)
            })
        {
            sub_kind = SubKind::Abduction;
        }
        if family(sub_kind) == Family::Protest {
            let best = group
                .iter()
                .map(|h| h.trigger.sub_kind)
                .filter(|s| family(*s) == Family::Protest)
                .max_by_key(|s| specificity(*s));
            if let Some(b) = best {
                sub_kind = b;
            }
            if sub_kind == SubKind::PeacefulProtest
                && a.casualties.iter().any(|c| c.count.range.min > 0)
            {
                sub_kind = SubKind::ProtestWithIntervention;
            }
        }

        if actors.is_empty() && family(sub_kind) == Family::Protest {
            let (id, name) = if matches!(
                sub_kind,
                SubKind::ViolentDemonstration | SubKind::MobViolence
            ) {
                ("rioters", "Rioters")
            } else {
                ("protesters", "Protesters")
            };
            actors.push(Participant {
                id: id.into(),
                name: name.into(),
                attribution: Attribution::Stated,
                confidence: 0.6,
            });
        }

        // Casualties.
        let mut killed = None;
        let mut wounded = None;
        for c in a.casualties {
            let slot = if c.killed { &mut killed } else { &mut wounded };
            if slot.is_none() {
                *slot = Some(c.count.range);
                fields.push(FieldSpan {
                    field: if c.killed { "killed" } else { "wounded" }.into(),
                    span: self.span_of(
                        toks,
                        c.count.start.min(c.verb),
                        c.count.end.max(c.verb + 1),
                    ),
                });
            }
        }

        // When.
        let head_byte = toks
            .get(head.start)
            .map_or(sentence_span.start, |t| t.start);
        let (when, when_span, when_in_text) = self.when_for(a, head_byte);
        if let Some(s) = when_span {
            fields.push(FieldSpan {
                field: "when".into(),
                span: s,
            });
        }

        // Status markers.
        let mut background = false;
        let lower_sentence = sentence_span
            .slice(self.text)
            .unwrap_or_default()
            .to_lowercase();
        for m in BACKGROUND_MARKERS {
            if let Some(pos) = find_word(&lower_sentence, m) {
                background = true;
                fields.push(FieldSpan {
                    field: "status".into(),
                    span: Span::new(
                        sentence_span.start + pos,
                        sentence_span.start + pos + m.len(),
                    ),
                });
                break;
            }
        }
        if !background {
            // Pluperfect ("had carried out") and perfect of repeated acts ("has carried out").
            for (i, t) in toks.iter().enumerate() {
                if t.lower == "had" {
                    if let Some(n) = toks.get(i + 1) {
                        if n.lower.ends_with("ed") || n.lower.ends_with("en") || n.lower == "been" {
                            background = true;
                            fields.push(FieldSpan {
                                field: "status".into(),
                                span: Span::new(t.start, n.end),
                            });
                            break;
                        }
                    }
                }
            }
        }

        // Where.
        let place = self
            .place_for(a, head.start, &perp_spans)
            .or_else(|| self.paragraph_place(a, &perp_spans));
        if let Some(p) = &place {
            fields.push(FieldSpan {
                field: "where".into(),
                span: p.place.span,
            });
        }

        let hedged = a.hedged_at.is_some();
        if let Some(h) = a.hedged_at {
            fields.push(FieldSpan {
                field: "hedge".into(),
                span: self.span_of(toks, h, h + 1),
            });
        }

        let trigger = self
            .span_of(toks, head.start, head.end)
            .slice(self.text)
            .unwrap_or_default()
            .to_owned();
        let evidence = Evidence {
            source: TextSource::Text,
            document_id: self.article.id.clone(),
            sentence: sentence_span,
            fields,
        };
        let draft = Draft {
            sub_kind,
            strength: head.trigger.strength,
            trigger,
            actors,
            targets,
            when,
            when_resolved_in_text: when_in_text,
            place,
            killed,
            wounded,
            status: if background {
                EventStatus::Background
            } else {
                EventStatus::New
            },
            status_forced: background,
            hedged,
            adds_casualties: toks.iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "also" | "another" | "further" | "additional"
                )
            }),
            paragraph: a.sentence.paragraph,
            evidence: vec![evidence],
        };

        // "the attack", "Monday's attack": the same event as an earlier one. A sentence that
        // only counts the dead ("Four people died.") continues the paragraph's last event.
        // Nothing concrete attached — no side, no target, no count, no place in the sentence —
        // and no earlier event to refer to: "stellar explosions", "Morrison took over".
        let place_in_sentence = draft
            .place
            .as_ref()
            .is_some_and(|p| sentence_span.contains(p.place.span));
        let concrete = !draft.actors.is_empty()
            || !draft.targets.is_empty()
            || draft.killed.is_some()
            || draft.wounded.is_some()
            || place_in_sentence;
        let territory = matches!(
            draft.sub_kind,
            SubKind::GovernmentRegainsTerritory | SubKind::NonStateActorOvertakesTerritory
        );
        if territory && draft.actors.is_empty() && !place_in_sentence {
            return;
        }
        let anaphoric = self.is_anaphoric(toks, head.start, a.actors);
        if !concrete && !anaphoric && head.trigger.strength != Strength::Strong {
            return;
        }
        if !concrete && !anaphoric && drafts.is_empty() && draft.when.is_none() {
            return;
        }
        // "Clashes between X and Y leave 13 dead. Clashes related to water access …": a bare
        // mention continues the paragraph's event of that kind.
        if !concrete
            && draft
                .when
                .as_ref()
                .is_none_or(|w| w.source != TimeSource::Sentence)
        {
            if let Some(prev) = drafts.iter_mut().rev().find(|d| {
                d.paragraph == draft.paragraph && compatible(d.family(), family(draft.sub_kind))
            }) {
                absorb(prev, draft);
                return;
            }
        }
        let weak_only = head.trigger.strength == Strength::Weak;
        if weak_only {
            if let Some(prev) = drafts.last_mut().filter(|d| {
                d.paragraph == draft.paragraph
                    && compatible_weak(d.family(), family(head.trigger.sub_kind))
            }) {
                absorb(prev, draft);
                return;
            }
        }
        // "Four people were killed in twin attacks … One blast occurred at a hotel": the
        // second sentence says what the generic attack was, it is not another event.
        if head.trigger.strength == Strength::Strong
            && matches!(family(draft.sub_kind), Family::Explosion)
            && draft
                .when
                .as_ref()
                .is_none_or(|w| w.source != TimeSource::Sentence)
        {
            if let Some(prev) = drafts.last_mut().filter(|d| {
                d.paragraph == draft.paragraph
                    && ((d.strength != Strength::Strong && d.family() == Family::Violence)
                        // "… in bomb blast. Possible suicide bomber …": the same blast, told
                        // more precisely.
                        || (d.family() == Family::Explosion
                            && specificity(draft.sub_kind) > specificity(d.sub_kind)
                            && draft.killed.is_none()
                            && draft.wounded.is_none()))
                    && match (&d.place, &draft.place) {
                        (Some(x), Some(y)) => x.place.country_code == y.place.country_code,
                        _ => true,
                    }
            }) {
                absorb(prev, draft);
                return;
            }
        }
        if self.is_anaphoric(toks, head.start, a.actors) {
            let own_time = draft
                .when
                .as_ref()
                .filter(|w| w.source == TimeSource::Sentence)
                .cloned();
            if let Some(prev) = drafts
                .iter_mut()
                .rev()
                .find(|d| compatible(d.family(), family(draft.sub_kind)))
            {
                // "this week's attack" is not the April bombing recalled just before it.
                let clash = match (&own_time, &prev.when) {
                    (Some(x), Some(y)) => x.end < y.start || y.end < x.start,
                    _ => false,
                };
                if !clash {
                    absorb(prev, draft);
                    return;
                }
            }
        }
        if !self.anchored(a, &head, &draft) {
            return;
        }
        drafts.push(draft);
    }

    /// Whether a new event has something that makes it political violence or collective
    /// action rather than a figure of speech: an armed side or a crowd, an armed target, the
    /// dead or wounded of an armed act, a place for a protest. "The rally has broken above the
    /// trend line", "a fight early last season", "the trade fight", "stellar explosions" and
    /// "the pandemic that killed 25 million people" have none.
    fn anchored(&self, a: &SentenceArgs<'_>, head: &Hit, d: &Draft) -> bool {
        let toks = a.toks;
        // "the Rockets", "the Thunder": a capitalised trigger inside a sentence is a name.
        // "Rockets" is title case; "IED's" and "RPG" are acronyms.
        let title_case = |t: &Token| {
            t.capitalised
                && self
                    .text
                    .get(t.start..t.end)
                    .and_then(|w| w.chars().nth(1))
                    .is_some_and(char::is_lowercase)
        };
        if head.start > 0
            && toks.get(head.start).is_some_and(title_case)
            && !toks
                .get(head.start - 1)
                .is_some_and(|t| matches!(t.lower.as_str(), "\"" | "(" | ":"))
        {
            return false;
        }
        let armed_side = a.actors.iter().any(|m| {
            m.armed
                || matches!(
                    m.class,
                    Some(ActorClass::Protesters | ActorClass::Rioters | ActorClass::Militia)
                )
        }) || d.actors.iter().any(|p| p.id.starts_with("force:"));
        let armed_target = d.targets.iter().any(|t| {
            matches!(
                t.kind,
                TargetKind::Military | TargetKind::Police | TargetKind::ArmedGroup
            )
        });
        let hurt = d.killed.is_some_and(|k| k.min > 0) || d.wounded.is_some_and(|w| w.min > 0);
        let place_here = d
            .place
            .as_ref()
            .is_some_and(|p| a.sentence.span.contains(p.place.span));
        let word = toks
            .get(head.start..head.end)
            .map(|ts| {
                ts.iter()
                    .map(|t| t.lower.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        // A side named anywhere in the paragraph ("violence between Kalenjins and Maasais …
        // Clashes related to land").
        let para: Vec<Span> = a
            .all
            .iter()
            .filter(|s| s.paragraph == a.sentence.paragraph)
            .map(|s| s.span)
            .collect();
        let paragraph_armed = self.language.entities.iter().any(|e| {
            let side = matches!(e.kind, EntityKind::ArmedGroup | EntityKind::StateForce)
                || e.id.starts_with("ethnic:")
                || e.id.starts_with("clan:");
            side && e
                .mentions
                .iter()
                .any(|m| para.iter().any(|p| p.contains(m.span)))
        });
        let strong = head.trigger.strength == Strength::Strong;
        // "they demonstrated that …", "the rally has broken above …": these protest words
        // need people doing it.
        let people_before =
            (head.start.saturating_sub(8)..head.start).any(|i| {
                self.ex.lex.targets.at(toks, i).is_some_and(|(k, _)| {
                    matches!(k, TargetKind::Civilians | TargetKind::Protesters)
                }) || self.ex.lex.actors.at(toks, i).is_some()
            }) || a
                .actors
                .iter()
                .any(|m| m.class.is_some() && m.start < head.start);
        let loose_protest_word = matches!(
            word.as_str(),
            "demonstrate"
                | "demonstrated"
                | "demonstrating"
                | "rally"
                | "rallied"
                | "march"
                | "marched"
        );
        let territory = matches!(
            head.trigger.sub_kind,
            SubKind::GovernmentRegainsTerritory | SubKind::NonStateActorOvertakesTerritory
        );
        match family(head.trigger.sub_kind) {
            _ if territory => armed_side,
            _ if armed_side || armed_target => true,
            Family::Protest if loose_protest_word => {
                // "… demonstrated against sand theft", not "demonstrated that …".
                let aimed = toks.get(head.end).is_some_and(|t| {
                    matches!(
                        t.lower.as_str(),
                        "against"
                            | "over"
                            | "outside"
                            | "at"
                            | "near"
                            | "through"
                            | "to"
                            | "demanding"
                            | "calling"
                            | "on"
                            | "in"
                            | "for"
                            | ","
                            | "."
                    )
                }) && toks.get(head.end + 1).is_none_or(|t| t.lower != "that");
                people_before && aimed
            }
            Family::Protest => place_here || hurt || paragraph_armed,
            Family::Violence => {
                (head.trigger.strength == Strength::Generic && hurt)
                    || (strong && (hurt || !d.targets.is_empty()))
                    || (paragraph_armed && hurt)
            }
            Family::Battle => strong && (hurt || paragraph_armed),
            Family::Explosion => {
                // A missile or a shell in an opinion piece is a figure of speech; an explosion
                // at a named place or with a target is an event.
                let figurative = matches!(
                    word.as_str(),
                    "missile"
                        | "missiles"
                        | "rocket"
                        | "rockets"
                        | "shell"
                        | "shells"
                        | "artillery"
                );
                let ambiguous = matches!(
                    word.as_str(),
                    "explosion"
                        | "explosions"
                        | "blast"
                        | "blasts"
                        | "bomb"
                        | "bombs"
                        | "explosive"
                        | "explosives"
                );
                if figurative {
                    hurt || paragraph_armed
                } else {
                    !ambiguous || hurt || place_here || !d.targets.is_empty()
                }
            }
            Family::Abduction | Family::Sexual => true,
            Family::Agreement | Family::Arrest => {
                strong && (place_here || paragraph_armed || !d.actors.is_empty())
            }
            _ => strong && paragraph_armed,
        }
    }

    /// Whether only light words stand between a subject and its trigger (`from..to`):
    /// auxiliaries, adverbs, time and place phrases, a verb coordinated with "and" ("survived
    /// and managed to kill"), and before a noun trigger the verbs that carry one out
    /// ("carried out an attack", "launched a raid").
    fn light_gap(&self, toks: &[Token], from: usize, to: usize, noun: bool) -> bool {
        let in_span = |i: usize| {
            let Some(t) = toks.get(i) else { return false };
            let sp = Span::new(t.start, t.end);
            self.language.times.iter().any(|x| x.span.contains(sp))
                || self.places.iter().any(|p| p.span.contains(sp))
                // Coordinated sides: "the Garre and the Degodia clashed".
                || self.language.entities.iter().any(|e| {
                    e.kind != EntityKind::Person && e.mentions.iter().any(|m| m.span.contains(sp))
                })
        };
        let mut i = from;
        let mut depth = 0usize;
        while i < to {
            let w = toks[i].lower.as_str();
            // A bracketed gloss ("(coded as …)", "(SNA)") says nothing about the subject.
            if w == "(" || w == "[" {
                depth += 1;
            }
            if depth > 0 {
                if w == ")" || w == "]" {
                    depth -= 1;
                }
                i += 1;
                continue;
            }
            let light = LIGHT_GAP.contains(&w)
                || (noun && CARRY_OUT.contains(&w))
                || w.ends_with("ly")
                || in_span(i)
                || (toks.get(i + 1).is_some_and(|n| n.lower == "and") && toks[i].is_word())
                // "hurled a grenade", "fired several rockets": the verb whose object is the trigger.
                || (noun
                    && toks[i].is_word()
                    && toks.get(i + 1).is_some_and(|n| {
                        matches!(n.lower.as_str(), "a" | "an" | "the" | "several" | "two" | "three" | "multiple" | "its" | "their")
                            || n.lower.starts_with(|c: char| c.is_ascii_digit())
                    }));
            if !light {
                return false;
            }
            i += 1;
        }
        true
    }

    /// Whether only a time phrase, a label ("Movement of forces:") or light words come before
    /// token `i` in its sentence.
    fn opens_sentence(&self, toks: &[Token], i: usize) -> bool {
        let colon = toks[..i]
            .iter()
            .rposition(|t| t.lower == ":")
            .map_or(0, |c| c + 1);
        (colon..i).all(|k| {
            let t = &toks[k];
            let sp = Span::new(t.start, t.end);
            self.language.times.iter().any(|x| x.span.contains(sp))
                || matches!(
                    t.lower.as_str(),
                    "," | "on"
                        | "in"
                        | "at"
                        | "early"
                        | "late"
                        | "the"
                        | "a"
                        | "an"
                        | "suspected"
                        | "unknown"
                        | "unidentified"
                        | "about"
                        | "around"
                        | "some"
                        | "armed"
                        | "heavily"
                        | "alleged"
                )
                || t.lower.ends_with("ly")
        })
    }

    /// "the attack", "this week's blast", "Monday's attack", "the twin attacks".
    fn is_anaphoric(&self, toks: &[Token], head: usize, actors: &[ActorMention]) -> bool {
        let mut i = head;
        while i > 0 {
            i -= 1;
            let t = &toks[i];
            if actors.iter().any(|m| m.start <= i && i < m.end) {
                continue;
            }
            if TIME_POSSESSIVE.iter().any(|w| t.lower == *w) {
                return true;
            }
            if ANAPHOR_DETERMINERS.contains(&t.lower.as_str()) {
                return true;
            }
            if matches!(
                t.lower.as_str(),
                "deadly"
                    | "first"
                    | "second"
                    | "third"
                    | "initial"
                    | "other"
                    | "latest"
                    | "recent"
                    | "twin"
                    | "terrorist"
                    | "terror"
                    | "coordinated"
                    | "armed"
                    | "militant"
                    | "bloody"
                    | "brazen"
                    | "high-profile"
                    | "last"
            ) {
                continue;
            }
            return false;
        }
        false
    }

    fn nationality_in(&self, span: Span) -> Option<String> {
        self.nationality_where(|m| span.overlaps(m))
    }

    /// The country of the first nationality mention whose span passes `keep`.
    fn nationality_where(&self, keep: impl Fn(Span) -> bool) -> Option<String> {
        self.language
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Nationality)
            .find(|e| e.mentions.iter().any(|m| keep(m.span)))
            .and_then(|e| {
                e.country
                    .clone()
                    .or_else(|| e.id.strip_prefix("nationality:").map(str::to_owned))
            })
    }

    fn last_armed_group_before(&self, pos: usize) -> Option<String> {
        self.language
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::ArmedGroup && !e.id.contains("unidentified"))
            .filter_map(|e| {
                e.mentions
                    .iter()
                    .filter(|m| m.span.end <= pos)
                    .map(|m| m.span.start)
                    .max()
                    .map(|s| (s, e.id.clone()))
            })
            .max_by_key(|(s, _)| *s)
            .map(|(_, id)| id)
    }

    /// The time of an event: the time expression nearest the trigger in its sentence, else
    /// the last one earlier in the paragraph.
    fn when_for(
        &self,
        a: &SentenceArgs<'_>,
        head_byte: usize,
    ) -> (Option<EventTime>, Option<Span>, bool) {
        let span = a.sentence.span;
        let resolved = |t: &&TimeExpr| t.value.is_some();
        let in_sentence = self
            .language
            .times
            .iter()
            .filter(|t| span.contains(t.span))
            .filter(resolved)
            .min_by_key(|t| {
                if t.span.end <= head_byte {
                    head_byte - t.span.end
                } else {
                    t.span.start.saturating_sub(head_byte)
                }
            });
        if let Some(t) = in_sentence {
            return (to_event_time(t, TimeSource::Sentence), Some(t.span), true);
        }
        let para_start = a
            .all
            .iter()
            .filter(|s| s.paragraph == a.sentence.paragraph)
            .map(|s| s.span.start)
            .min()
            .unwrap_or(span.start);
        let earlier = self
            .language
            .times
            .iter()
            .filter(|t| t.span.start >= para_start && t.span.end <= span.start)
            .filter(resolved)
            .max_by_key(|t| t.span.start);
        match earlier {
            Some(t) => (to_event_time(t, TimeSource::Inherited), Some(t.span), true),
            None => (None, None, false),
        }
    }

    /// Where the event happened: a place of the sentence tied to it by "in/at/near", scored by
    /// its preposition, precision and distance to the trigger; nationality mentions and places
    /// used as modifiers ("U.S. officials", "from Afghanistan") are not event places.
    fn place_for(
        &self,
        a: &SentenceArgs<'_>,
        head: usize,
        perps: &[(usize, usize)],
    ) -> Option<EventPlace> {
        let toks = a.toks;
        let span = a.sentence.span;
        let mut best: Option<(f32, usize, bool)> = None;
        let mut prev_score: Option<(usize, f32, bool)> = None;
        let dominant = self.dominant_country();
        let mut candidates: Vec<(usize, usize, usize)> = self
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| span.contains(p.span))
            .filter_map(|(i, p)| tok_index_of(toks, p.span).map(|(x, y)| (i, x, y)))
            .collect();
        candidates.sort_by_key(|c| c.1);
        for (pi, pa, pb) in candidates {
            let Some(place) = self.places.get(pi) else {
                continue;
            };
            let nationality = self.language.entities.iter().any(|e| {
                e.kind == EntityKind::Nationality
                    && e.mentions.iter().any(|m| m.span.overlaps(place.span))
            });
            if nationality || place.nationality || perps.iter().any(|&(x, y)| pa < y && x < pb) {
                continue;
            }
            if !owns(&a.other_heads, head, pa) {
                continue;
            }
            // Preposition before the place, over words like "the town of", "eastern", and over
            // names the gazetteer did not know ("in Laag village (Bossaso, Bari)").
            let mut k = pa;
            let mut prep: Option<&str> = None;
            let mut skipped = 0;
            while k > 0 && skipped < 8 {
                k -= 1;
                let t = &toks[k];
                let w = t.lower.as_str();
                // Other names of the phrase are skipped too ("in the Mazar Dara area of
                // Nurgal district"), as are the brackets and commas of "(Afgooye, Lower Shabelle)".
                if PLACE_SKIP.contains(&w)
                    || (t.capitalised && t.is_word())
                    || matches!(w, "(" | "," | ")")
                {
                    skipped += 1;
                    continue;
                }
                prep = Some(w);
                break;
            }
            let mut near = false;
            let mut score: f32 = match prep {
                Some(
                    "in" | "at" | "inside" | "into" | "across" | "around" | "on" | "within"
                    | "over" | "throughout" | "through" | "between",
                ) => 3.0,
                Some("near" | "outside" | "outskirts" | "close" | "nearby") => {
                    near = true;
                    3.0
                }
                Some("from") => -2.0,
                Some("to" | "towards" | "toward") => 1.5,
                Some("(" | "," | "and" | "-" | "–") => match prev_score {
                    Some((end, s, n)) if end + 3 >= pa => {
                        near = n;
                        s - 0.3
                    }
                    _ => 0.5,
                },
                _ => 0.0,
            };
            // "U.S. officials", "Afghanistan's rugged borders": a modifier, not a location.
            let next = toks.get(pb).map(|t| t.lower.as_str()).unwrap_or("");
            let last = toks
                .get(pb.saturating_sub(1))
                .map(|t| t.lower.as_str())
                .unwrap_or("");
            if PLACE_NEG_FOLLOW.contains(&next) || last.ends_with("'s") {
                score -= 5.0;
            }
            prev_score = Some((pb, score, near));
            score += match place.precision {
                Some(PlacePrecision::Point) => 1.2,
                Some(PlacePrecision::City) => 1.0,
                Some(PlacePrecision::Admin1) => 0.5,
                Some(PlacePrecision::Country) => 0.0,
                Some(PlacePrecision::Region) => -0.5,
                None => 0.0,
            };
            if place.lat.is_none() {
                score -= 3.0;
            }
            // A town resolved outside the country the text is about is likely a namesake.
            if let (Some(dc), Some(cc)) = (&dominant, place.country_code.as_deref()) {
                if dc != cc && place.precision != Some(PlacePrecision::Country) {
                    score -= 2.5;
                }
            }
            score -= 0.06 * pa.abs_diff(head) as f32;
            if best.is_none_or(|(s, _, _)| score > s) {
                best = Some((score, pi, near));
            }
        }
        let (score, pi, near) = best?;
        if score < 1.0 {
            return None;
        }
        let pi = self.one_sense(pi, dominant.as_deref());
        // "Behsud district, Nangarhar": a town far from the province named with it is a
        // namesake; the province is the safer answer.
        let pi = match self.places.get(pi) {
            Some(town)
                if matches!(
                    town.precision,
                    Some(PlacePrecision::City | PlacePrecision::Point)
                ) =>
            {
                self.places
                    .iter()
                    .enumerate()
                    .find(|(_, q)| {
                        span.contains(q.span)
                            && q.span.start > town.span.start
                            && q.precision == Some(PlacePrecision::Admin1)
                            && (dominant.is_none() || q.country_code == dominant)
                            && Place::distance_km(town, q).is_some_and(|km| km > 150.0)
                    })
                    .map_or(pi, |(i, _)| i)
            }
            _ => pi,
        };
        let place = self.places.get(pi)?.clone();
        let precision = match (near, place.precision) {
            (true, Some(PlacePrecision::Point | PlacePrecision::City)) => {
                Some(PlacePrecision::City)
            }
            (_, p) => p,
        };
        Some(EventPlace {
            index: pi,
            place,
            precision,
            near,
        })
    }

    /// One sense per article: a name resolved abroad ("Kabul" → Cabool, Missouri, next to
    /// "U.S. officials") takes the sense the same name has elsewhere in the article when that
    /// one lies in the country the text is about.
    fn one_sense(&self, pi: usize, dominant: Option<&str>) -> usize {
        let Some(p) = self.places.get(pi) else {
            return pi;
        };
        let Some(dc) = dominant else { return pi };
        if p.country_code.as_deref() == Some(dc) {
            return pi;
        }
        self.places
            .iter()
            .position(|q| {
                q.name.eq_ignore_ascii_case(&p.name)
                    && q.country_code.as_deref() == Some(dc)
                    && q.lat.is_some()
            })
            .unwrap_or(pi)
    }

    /// When the event's sentence names no place of its own: the most precise resolved place of
    /// its paragraph that is not a nationality or a modifier ("U.S. officials"), preferring one
    /// after "in/at/near". The precision is kept, so a reader sees how loose the tie is.
    fn paragraph_place(
        &self,
        a: &SentenceArgs<'_>,
        perps: &[(usize, usize)],
    ) -> Option<EventPlace> {
        let para = a.sentence.paragraph;
        let spans: Vec<Span> = a
            .all
            .iter()
            .filter(|s| s.paragraph == para)
            .map(|s| s.span)
            .collect();
        let first = spans.first()?.start;
        let last = spans.last()?.end;
        let dominant = self.dominant_country();
        let perp_bytes: Vec<Span> = perps
            .iter()
            .map(|&(x, y)| self.span_of(a.toks, x, y))
            .collect();
        let rank = |p: &Place| match p.precision {
            Some(PlacePrecision::Point) => 5,
            Some(PlacePrecision::City) => 4,
            Some(PlacePrecision::Admin1) => 3,
            Some(PlacePrecision::Country) => 2,
            _ => 1,
        };
        let best = self
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.span.start >= first && p.span.end <= last)
            .filter(|(_, p)| !p.nationality && p.lat.is_some())
            .filter(|(_, p)| dominant.is_none() || p.country_code == dominant)
            .filter(|(_, p)| !perp_bytes.iter().any(|s| s.overlaps(p.span)))
            .filter(|(_, p)| {
                let after = self.text.get(p.span.end..).unwrap_or("").trim_start();
                let next: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '\'')
                    .collect::<String>()
                    .to_lowercase();
                !PLACE_NEG_FOLLOW.contains(&next.as_str())
            })
            .filter(|(_, p)| {
                let before = self.text.get(..p.span.start).unwrap_or("").trim_end();
                !before.to_lowercase().ends_with("from")
            })
            .max_by_key(|(_, p)| {
                let before = self
                    .text
                    .get(..p.span.start)
                    .unwrap_or("")
                    .trim_end()
                    .to_lowercase();
                let prep = ["in", "at", "near", "outside"]
                    .iter()
                    .any(|w| before.ends_with(&format!(" {w}")));
                let home = dominant.is_none() || p.country_code == dominant;
                (home, rank(p), prep, std::cmp::Reverse(p.span.start))
            })?;
        let (index, place) = best;
        Some(EventPlace {
            index,
            place: place.clone(),
            precision: place.precision,
            near: false,
        })
    }

    /// A sentence without triggers can still add to the last event: "Al Shabaab claimed
    /// responsibility", "There were no casualties", "Police blamed the militants".
    fn attach_to_previous(
        &self,
        _si: usize,
        sentence: &Sentence,
        toks: &[Token],
        actors: &[ActorMention],
        casualties: &[Casualty],
        drafts: &mut [Draft],
    ) {
        let Some(last) = drafts.last_mut() else {
            return;
        };
        if last.paragraph != sentence.paragraph && last.paragraph + 1 != sentence.paragraph {
            return;
        }
        let claimed = has_phrase(toks, "claimed responsibility").is_some()
            || has_phrase(toks, "claimed the").is_some()
            || has_phrase(toks, "claimed").is_some();
        let suspected = toks.iter().any(|t| SUSPECT.contains(&t.lower.as_str()));
        let mut fields = Vec::new();
        if claimed || suspected {
            for m in actors.iter().filter(|m| m.armed) {
                if last.actors.iter().any(|p| p.id == m.id) {
                    continue;
                }
                let attribution = if claimed {
                    Attribution::Claimed
                } else {
                    Attribution::Suspected
                };
                last.actors.push(Participant {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    attribution,
                    confidence: if claimed { 0.7 } else { 0.55 },
                });
                fields.push(FieldSpan {
                    field: "actors".into(),
                    span: self.span_of(toks, m.start, m.end),
                });
            }
        }
        if last.paragraph == sentence.paragraph {
            for c in casualties {
                let slot = if c.killed {
                    &mut last.killed
                } else {
                    &mut last.wounded
                };
                if slot.is_none() {
                    *slot = Some(c.count.range);
                    fields.push(FieldSpan {
                        field: if c.killed { "killed" } else { "wounded" }.into(),
                        span: self.span_of(toks, c.count.start, (c.verb + 1).max(c.count.end)),
                    });
                }
            }
        }
        if !fields.is_empty() {
            last.evidence.push(Evidence {
                source: TextSource::Text,
                document_id: self.article.id.clone(),
                sentence: sentence.span,
                fields,
            });
        }
    }

    /// The country most places of the article lie in (for "police" with no place of its own).
    fn dominant_country(&self) -> Option<String> {
        // Regions and countries named outright weigh more than towns, whose names are the
        // likeliest to have resolved to a namesake abroad.
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for p in self.places {
            let Some(cc) = p.country_code.as_deref() else {
                continue;
            };
            // A people named ("Somali pirates") says less than a place named ("Malindi").
            let w = match p.precision {
                _ if p.nationality => 1,
                Some(PlacePrecision::Admin1) => 6,
                Some(PlacePrecision::Country) => 4,
                _ => 2,
            };
            match counts.iter_mut().find(|(c, _)| *c == cc) {
                Some((_, n)) => *n += w,
                None => counts.push((cc, w)),
            }
        }
        // The sides named carry their countries too (Al Shabaab: Somalia).
        for e in &self.language.entities {
            if e.kind == EntityKind::Nationality {
                continue;
            }
            if let Some(cc) = e.country.as_deref() {
                match counts.iter_mut().find(|(c, _)| *c == cc) {
                    Some((_, n)) => *n += 2,
                    None => counts.push((cc, 2)),
                }
            }
        }
        counts
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map(|(c, _)| c.to_owned())
    }

    /// Turns a draft into an event: country-qualified generic actors, the publication-date
    /// fallback for new events, the status from dates, and a confidence.
    fn finish(&self, mut d: Draft) -> Event {
        // "fighters from ISKP": the generic description and the named group are one side.
        let is_generic = |id: &str| id.contains("unidentified") || id.contains("generic");
        if d.actors.iter().any(|p| !is_generic(&p.id)) {
            d.actors.retain(|p| !is_generic(&p.id));
        }
        // The country that names generic sides: the event place's when it is a region or
        // country or agrees with the text, else the country the text is about (a town may
        // have resolved to a namesake abroad).
        let dominant = self.dominant_country();
        let country = d
            .place
            .as_ref()
            .filter(|p| {
                matches!(
                    p.place.precision,
                    Some(PlacePrecision::Country | PlacePrecision::Admin1)
                ) || dominant.is_none()
                    || p.place.country_code == dominant
            })
            .and_then(|p| p.place.country_code.clone())
            .or(dominant);
        for p in &mut d.actors {
            if let Some(cc) = &country {
                let generic = matches!(
                    p.id.as_str(),
                    "force:police"
                        | "force:military"
                        | "unidentified"
                        | "protesters"
                        | "rioters"
                        | "militia"
                );
                let name = self.country_name(cc);
                // The language layer's descriptions without a country ("gunmen", "protesters").
                let nlp_generic = match p.id.as_str() {
                    "actor:unidentified-armed-group" => {
                        Some(format!("Unidentified Armed Group ({name})"))
                    }
                    "actor:unidentified-militia" => Some(format!("Unidentified Militia ({name})")),
                    "group:protesters" => Some(format!("Protesters ({name})")),
                    "group:rioters" => Some(format!("Rioters ({name})")),
                    "actor:generic-police" => Some(format!("Police Forces of {name}")),
                    "actor:generic-army" => Some(format!("Military Forces of {name}")),
                    _ => None,
                };
                if let Some(n) = nlp_generic {
                    p.name = n;
                    p.id = format!("{}:{cc}", p.id);
                    continue;
                }
                if generic {
                    p.name = match p.id.as_str() {
                        "force:police" => format!("Police Forces of {name}"),
                        "force:military" => format!("Military Forces of {name}"),
                        _ => format!("{} ({name})", p.name),
                    };
                    p.id = format!("{}:{cc}", p.id);
                }
            }
        }
        if let Some(cc) = &country {
            let name = self.country_name(cc);
            for t in &mut d.targets {
                match t.id.as_deref() {
                    Some("force:police") => {
                        t.name = format!("Police Forces of {name}");
                        t.id = Some(format!("force:police:{cc}"));
                    }
                    Some("force:military") => {
                        t.name = format!("Military Forces of {name}");
                        t.id = Some(format!("force:military:{cc}"));
                    }
                    Some(g @ ("unidentified" | "protesters" | "rioters" | "militia")) => {
                        t.id = Some(format!("{g}:{cc}"));
                        t.name = format!("{} ({name})", t.name);
                    }
                    _ => {}
                }
            }
        }
        // "Kidnapped and killed": ACLED codes an abduction that kills as an attack.
        if d.sub_kind == SubKind::Abduction && d.killed.is_some_and(|k| k.min > 0) {
            d.sub_kind = SubKind::Attack;
        }
        // Status from the date.
        if let (Some(w), Some(pubd)) = (&d.when, self.published) {
            let long = (w.end - w.start).num_days() > 40
                || matches!(w.precision, TimePrecision::Year | TimePrecision::Season);
            if w.end < pubd - chrono::Duration::days(30) || (long && w.end <= pubd) {
                d.status = EventStatus::Background;
            } else if !d.status_forced {
                d.status = EventStatus::New;
            }
        }
        if d.when.is_none() && d.status == EventStatus::New {
            if let Some(pubd) = self.published {
                d.when = Some(EventTime {
                    start: pubd - chrono::Duration::days(7),
                    end: pubd,
                    precision: TimePrecision::Week,
                    source: TimeSource::Publication,
                    text: None,
                });
            }
        }
        let mut confidence: f32 = match d.strength {
            Strength::Strong => 0.75,
            Strength::Generic => 0.65,
            Strength::Weak => 0.5,
        };
        confidence += 0.05
            * [
                !d.actors.is_empty(),
                d.place.is_some(),
                d.when_resolved_in_text,
                d.killed.is_some() || d.wounded.is_some(),
            ]
            .iter()
            .filter(|b| **b)
            .count() as f32;
        if d.hedged {
            confidence *= 0.7;
        }
        Event {
            kind: d.sub_kind.kind(),
            sub_kind: d.sub_kind,
            trigger: d.trigger,
            actors: d.actors,
            targets: d.targets,
            when: d.when,
            place: d.place,
            killed: d.killed,
            wounded: d.wounded,
            status: d.status,
            confidence: confidence.clamp(0.0, 1.0),
            hedged: d.hedged,
            evidence: d.evidence,
        }
    }
}

/// Whether the argument at token `pos` belongs to the event at `head` rather than to another
/// event of the sentence: arguments follow their trigger ("attacked a post in A and abducted
/// three in B"), so the owner is the nearest trigger before it, else the nearest after it.
fn owns(others: &[usize], head: usize, pos: usize) -> bool {
    let before = others
        .iter()
        .copied()
        .chain([head])
        .filter(|&h| h <= pos)
        .max();
    let owner = before.or_else(|| others.iter().copied().chain([head]).min());
    owner == Some(head)
}

fn find_word(hay: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = hay.get(from..)?.find(needle) {
        let at = from + p;
        let before_ok = at == 0
            || !hay[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let after = at + needle.len();
        let after_ok = !hay[after..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

fn to_event_time(t: &TimeExpr, source: TimeSource) -> Option<EventTime> {
    let v = t.value.as_ref()?;
    Some(EventTime {
        start: v.start,
        end: v.end,
        precision: t.precision,
        source,
        text: Some(t.text.clone()),
    })
}

/// Whether an event of family `b` can be the same as an earlier one of family `a`.
fn compatible(a: Family, b: Family) -> bool {
    let violent = |f: Family| matches!(f, Family::Battle | Family::Explosion | Family::Violence);
    a == b || (violent(a) && b == Family::Violence) || (a == Family::Violence && violent(b))
}

/// Whether a sentence of only casualty or intervention words can continue an event.
fn compatible_weak(prev: Family, weak: Family) -> bool {
    compatible(prev, weak)
        || prev == weak
        || (prev == Family::Protest && weak == Family::Violence)
        || matches!(prev, Family::Abduction | Family::Sexual)
}

/// Folds a later mention of an event into the event: evidence, and fields it lacked.
fn absorb(into: &mut Draft, from: Draft) {
    if (from.strength == Strength::Strong && into.strength != Strength::Strong)
        || (family(from.sub_kind) == into.family()
            && specificity(from.sub_kind) > specificity(into.sub_kind))
    {
        into.sub_kind = from.sub_kind;
        if from.strength >= into.strength {
            into.strength = from.strength;
            into.trigger = from.trigger;
        }
    }
    for p in from.actors {
        if !into.actors.iter().any(|q| q.id == p.id) {
            into.actors.push(p);
        }
    }
    for t in from.targets {
        if !into
            .targets
            .iter()
            .any(|q| q.kind == t.kind && q.name == t.name)
        {
            into.targets.push(t);
        }
    }
    let rank = |p: &Option<EventPlace>| match p.as_ref().and_then(|p| p.precision) {
        Some(PlacePrecision::Point) => 5,
        Some(PlacePrecision::City) => 4,
        Some(PlacePrecision::Admin1) => 3,
        Some(PlacePrecision::Country) => 2,
        Some(PlacePrecision::Region) => 1,
        None => 0,
    };
    // A more precise place replaces a coarser one only inside the same country ("Lamu County"
    // then "at Pandanguo village"), never a namesake abroad.
    let same_country = match (&from.place, &into.place) {
        (Some(f), Some(i)) => f.place.country_code == i.place.country_code,
        _ => true,
    };
    if same_country && rank(&from.place) > rank(&into.place) {
        into.place = from.place;
    }
    let narrower = match (&into.when, &from.when) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => {
            (b.end - b.start) < (a.end - a.start) && b.start >= a.start && b.end <= a.end
        }
        _ => false,
    };
    if narrower {
        into.when = from.when;
        into.when_resolved_in_text |= from.when_resolved_in_text;
    }
    let add = |a: Option<Range>, b: Option<Range>| match (a, b) {
        (Some(x), Some(y)) => Some(Range {
            min: x.min + y.min,
            max: x.max.zip(y.max).map(|(p, q)| p + q),
        }),
        (x, None) => x,
        (None, y) => y,
    };
    if from.adds_casualties {
        into.killed = add(into.killed, from.killed);
        into.wounded = add(into.wounded, from.wounded);
    } else {
        if into.killed.is_none() {
            into.killed = from.killed;
        }
        if into.wounded.is_none() {
            into.wounded = from.wounded;
        }
    }
    into.hedged |= from.hedged;
    into.evidence.extend(from.evidence);
}

/// Two drafts of one article describing the same event without an anaphor ("this week's
/// attack on a guesthouse in Kabul" … "IS fighters stormed a hotel in Kabul") become one:
/// compatible kinds, the same place, overlapping dates and a shared actor or target kind.
fn merge_duplicates(drafts: &mut Vec<Draft>) {
    let mut i = 0;
    while i < drafts.len() {
        let mut j = i + 1;
        while j < drafts.len() {
            let (a, b) = (&drafts[i], &drafts[j]);
            let same_sentence =
                a.evidence.first().map(|e| e.sentence) == b.evidence.first().map(|e| e.sentence);
            let both_sides = a
                .actors
                .iter()
                .any(|p| b.actors.iter().any(|q| q.id == p.id))
                && a.targets
                    .iter()
                    .any(|t| b.targets.iter().any(|u| u.kind == t.kind));
            let same_place = match (&a.place, &b.place) {
                (Some(x), Some(y)) => {
                    (x.place.gazetteer_id.is_some() && x.place.gazetteer_id == y.place.gazetteer_id)
                        || Place::distance_km(&x.place, &y.place).is_some_and(|km| km <= 30.0)
                }
                // No place to compare: the same actor against the same kind of target.
                _ => both_sides,
            };
            let dates = match (&a.when, &b.when) {
                (Some(x), Some(y)) => x.start <= y.end && y.start <= x.end,
                _ => false,
            };
            let shared = a
                .actors
                .iter()
                .any(|p| b.actors.iter().any(|q| q.id == p.id))
                || a.targets
                    .iter()
                    .any(|t| b.targets.iter().any(|u| u.kind == t.kind));
            // "MRC riots and clashes with police": two triggers of one sentence that came out
            // as the same kind of event, at the same place, are one event.
            let one_sentence_twice = same_sentence
                && a.sub_kind.kind() == b.sub_kind.kind()
                && match (&a.place, &b.place) {
                    (Some(x), Some(y)) => x.index == y.index,
                    _ => true,
                };
            if one_sentence_twice {
                let b = drafts.remove(j);
                absorb(&mut drafts[i], b);
                continue;
            }
            if !same_sentence
                && same_place
                && dates
                && shared
                && a.status == b.status
                && compatible(a.family(), b.family())
            {
                let b = drafts.remove(j);
                absorb(&mut drafts[i], b);
            } else {
                j += 1;
            }
        }
        i += 1;
    }
}
