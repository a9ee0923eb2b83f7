//! The extractor: trigger words, grouped into events per sentence, with arguments read from
//! the words around them (actors, targets, counts) and from the language layer (times) and
//! the places stage (where).

use crate::lexicon::{ActorClass, Lexicons, Strength, Trigger};
use crate::numbers::{Count, NumberWords};
use crate::tokens::{tokenize, Token};
use chrono::NaiveDate;
use std::collections::HashMap;
mod arguments;
mod casualties;
mod coref;
mod frame;
mod place;
mod sites;
mod status;
mod time;
mod triggers;

use coref::merge_duplicates;
use coref::{
    absorb, compatible, compatible_weak, disagreements, merge_mentions, places_agree, violent,
};
use sites::split_by_site;
use time::inherit_dates;
use vigil_core::{
    Article, Attribution, Disagreement, DisagreementValue, EntityKind, Event, EventPlace,
    EventStatus, EventTime, Evidence, FieldSpan, Language, Participant, Place, PlacePrecision,
    Range, Sentence, Span, SubKind, Target, TargetKind, TextSource, TimeExpr, TimePrecision,
    TimeSource,
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
    /// The sentence sets its happening apart from those told before ("another", "a separate",
    /// "later", "elsewhere"): it is never folded into an earlier event of the page.
    distinct: bool,
    /// The sentence moves in time ("two weeks later", "earlier", "a year ago"): the page's
    /// news day is not this event's.
    elsewhen: bool,
    /// The trigger refers back ("the attack", "Monday's bombing"): a later date in its
    /// sentence may be when the page learnt more ("the toll from the attack rose on Tuesday").
    anaphoric: bool,
    /// The trigger introduces a happening ("a bombing", "two suicide attacks"): a new one,
    /// unless it retells a headline's.
    introduced: bool,
    /// The draft's sentence is a headline: a paragraph of its own without closing punctuation.
    headline: bool,
    /// The sentence gives a perpetrator's claim ("claimed to have killed 18").
    claimed: bool,
    /// Every toll of the dead and of the wounded the page states for this happening (not
    /// claims, not additions), to show where the page disagrees with itself.
    stated_killed: Vec<Range>,
    stated_wounded: Vec<Range>,
    paragraph: usize,
    evidence: Vec<Evidence>,
}

impl Draft {
    fn family(&self) -> Family {
        family(self.sub_kind)
    }
}

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
        let countries = include_str!("../../data/countries.tsv")
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
        // A page dated only by its year or month ("2008") was published on or after its first
        // day: enough to tell that 1976 is history.
        let published_from = published.or_else(|| {
            let value = article.published.as_ref()?.value.as_str();
            let year: i32 = value.get(..4)?.parse().ok()?;
            let month: u32 = value.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
            NaiveDate::from_ymd_opt(year, month, 1)
        });
        let ctx = Context {
            ex: self,
            article,
            text,
            language,
            places,
            published,
            published_from,
        };
        let mut drafts: Vec<Draft> = Vec::new();
        for (si, sentence) in sentences.iter().enumerate() {
            ctx.sentence(si, sentence, &sentences, &mut drafts);
        }
        merge_duplicates(&mut drafts);
        merge_mentions(&mut drafts);
        inherit_dates(&mut drafts);
        // "A man was killed outside his daughter's game, police said": violence with no side
        // named, on a page where the police investigate, no other armed side is named and no
        // event names a perpetrator ("gunmen", "the group"), is ordinary crime. (Without the
        // police, "a motorcyclist was shot dead on the road" may be an armed group's.)
        if ctx.page_names_only_police() && drafts.iter().all(|d| d.actors.is_empty()) {
            drafts.retain(|d| !(d.family() == Family::Violence && d.actors.is_empty()));
        }
        drafts.into_iter().map(|d| ctx.finish(d)).collect()
    }
}

impl Context<'_> {
    /// Whether the police are the only armed side the page names: no armed group, army,
    /// ethnic or clan militia.
    fn page_names_only_police(&self) -> bool {
        let police =
            |e: &&vigil_core::Entity| e.kind == EntityKind::StateForce && e.id.contains("police");
        let armed = |e: &&vigil_core::Entity| match e.kind {
            EntityKind::ArmedGroup => true,
            EntityKind::StateForce => !e.id.contains("police"),
            _ => e.id.starts_with("ethnic:") || e.id.starts_with("clan:"),
        };
        let entities = &self.language.entities;
        entities.iter().any(|e| police(&e)) && !entities.iter().any(|e| armed(&e))
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
    /// The first day the page can have been published: its day, or the first of its month or
    /// year when it is dated only that closely.
    published_from: Option<NaiveDate>,
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
            // "… exploded a bomb on Tuesday, a day after rebels ambushed a patrol and killed
            // six": an act told after "after" or "before" is another happening.
            let across = |g: &Vec<Hit>| {
                g.iter().all(|x| {
                    let (from, to) = (x.start.min(h.start), x.start.max(h.start));
                    toks[from..to]
                        .iter()
                        .any(|t| matches!(t.lower.as_str(), "after" | "before"))
                })
            };
            let nearest = groups
                .iter()
                .enumerate()
                .filter(|(_, g)| !across(g))
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
}

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

impl Context<'_> {}

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
