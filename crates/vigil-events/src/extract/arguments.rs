//! Arguments around a trigger: actor mentions, anaphora, nationalities, the light words between a trigger and its arguments.

use super::*;

/// Verbs of saying: the words before them name a source ("police said").
const SPEECH_VERBS: &[&str] = &[
    "said",
    "say",
    "says",
    "saying",
    "told",
    "tells",
    "tell",
    "reported",
    "confirmed",
    "stated",
    "added",
    "announced",
    "quoted",
    "believe",
    "believes",
    "identified",
];

const ANAPHOR_DETERMINERS: &[&str] = &["the", "this", "that", "these", "those", "such", "same"];

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

impl Context<'_> {
    /// Actor mentions in the sentence: named entities first, then generic nouns not inside one.
    pub(super) fn actor_mentions(&self, toks: &[Token], sentence: Span) -> Vec<ActorMention> {
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

    /// Whether only light words stand between a subject and its trigger (`from..to`):
    /// auxiliaries, adverbs, time and place phrases, a verb coordinated with "and" ("survived
    /// and managed to kill"), and before a noun trigger the verbs that carry one out
    /// ("carried out an attack", "launched a raid").
    pub(super) fn light_gap(&self, toks: &[Token], from: usize, to: usize, noun: bool) -> bool {
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
    pub(super) fn opens_sentence(&self, toks: &[Token], i: usize) -> bool {
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

    /// Whether the words `a..b` name who reports the event rather than a side of it: "police
    /// said", "officials told reporters", "a hospital spokesman said", "according to the
    /// interior ministry".
    pub(super) fn reports_event(&self, toks: &[Token], a: usize, b: usize) -> bool {
        let speaks = (b..(b + 3).min(toks.len()))
            .take_while(|&i| !is_clause_break(&toks[i]) && toks[i].lower != ",")
            .any(|i| SPEECH_VERBS.contains(&toks[i].lower.as_str()));
        let attributed = (a.saturating_sub(4)..a)
            .any(|i| lower_is(toks, i, &["according"]) && lower_is(toks, i + 1, &["to"]))
            && !(a.saturating_sub(4)..a).any(|i| toks[i].lower == "," && a > i + 3);
        speaks || attributed
    }

    /// The armed group whose acts a list brings in: "the recent ISKP attacks in Afghanistan,
    /// including Monday's attack and an attack in June on a Sikh temple" gives ISKP for the
    /// trigger at `head`.
    pub(super) fn group_of_listed_act<'m>(
        &self,
        toks: &[Token],
        head: usize,
        mentions: &'m [ActorMention],
    ) -> Option<&'m ActorMention> {
        let including = (0..head)
            .rev()
            .take_while(|&i| !is_clause_break(&toks[i]))
            .find(|&i| toks[i].lower == "including")?;
        mentions
            .iter()
            .filter(|m| m.armed && m.end <= including)
            .filter(|m| {
                (m.end..including).take(4).any(|i| {
                    lower_is(
                        toks,
                        i,
                        &["attacks", "bombings", "assaults", "raids", "killings"],
                    )
                }) && (m.end..including).all(|i| !is_clause_break(&toks[i]))
            })
            .max_by_key(|m| m.end)
    }

    /// "a bombing", "an attack", "two suicide attacks", "a remotely detonated bombing": an
    /// indefinite or counted noun trigger that brings in a happening not told before.
    pub(super) fn is_introduced(&self, toks: &[Token], head: usize) -> bool {
        for i in (head.saturating_sub(4)..head).rev() {
            let w = toks[i].lower.as_str();
            if is_clause_break(&toks[i]) || ANAPHOR_DETERMINERS.contains(&w) || w.ends_with("'s") {
                return false;
            }
            if matches!(
                w,
                "a" | "an" | "two" | "three" | "four" | "five" | "twin" | "another"
            ) || w.bytes().all(|b| b.is_ascii_digit())
            {
                return true;
            }
        }
        false
    }

    /// Whether the sentence is a headline: its paragraph's only sentence, without closing
    /// punctuation.
    pub(super) fn is_headline(&self, a: &SentenceArgs<'_>) -> bool {
        let alone = a
            .all
            .iter()
            .filter(|s| s.paragraph == a.sentence.paragraph)
            .count()
            == 1;
        let text = a
            .sentence
            .span
            .slice(self.text)
            .unwrap_or_default()
            .trim_end();
        alone && !text.ends_with(['.', '!', '?', '"', '\u{201d}', ')'])
    }

    /// "In the latest incident, a bomb …", "In this violence, …": the words before the
    /// trigger refer back to a happening already told.
    pub(super) fn opens_with_anaphor(&self, toks: &[Token], head: usize) -> bool {
        (1..head.min(toks.len())).any(|i| {
            matches!(
                toks[i].lower.as_str(),
                "incident" | "incidents" | "violence" | "attack" | "attacks"
            ) && (i.saturating_sub(2)..i).any(|k| {
                matches!(
                    toks[k].lower.as_str(),
                    "the" | "this" | "that" | "latest" | "same"
                )
            })
        })
    }

    /// "the attack", "this week's blast", "Monday's attack", "the twin attacks".
    pub(super) fn is_anaphoric(
        &self,
        toks: &[Token],
        head: usize,
        actors: &[ActorMention],
    ) -> bool {
        if in_which_clause(toks, head) {
            return true;
        }
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
            if ANAPHOR_DETERMINERS.contains(&t.lower.as_str())
                || matches!(t.lower.as_str(), "subsequent" | "ensuing")
            {
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
                    | "brief"
                    | "fierce"
                    | "heavy"
                    | "intense"
            ) || is_duration(&t.lower)
            {
                continue;
            }
            return false;
        }
        false
    }

    pub(super) fn nationality_in(&self, span: Span) -> Option<String> {
        self.nationality_where(|m| span.overlaps(m))
    }

    /// The country of the first nationality mention whose span passes `keep`.
    pub(super) fn nationality_where(&self, keep: impl Fn(Span) -> bool) -> Option<String> {
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

    pub(super) fn last_armed_group_before(&self, pos: usize) -> Option<String> {
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
}

/// Whether a word states how long something lasted ("five-minute", "15-minute", "hour-long"):
/// it describes the act, and does not say which act it is.
fn is_duration(w: &str) -> bool {
    w.split_once('-').is_some_and(|(_, unit)| {
        matches!(
            unit,
            "minute" | "minutes" | "hour" | "hours" | "day" | "days" | "long"
        )
    })
}

/// Whether a trigger sits in a clause that tells part of the happening just named ("the
/// ambush, during which one soldier was beheaded", "a raid in which two were shot").
pub(super) fn in_which_clause(toks: &[Token], head: usize) -> bool {
    (head.saturating_sub(6)..head).any(|i| {
        lower_is(toks, i, &["during", "in"])
            && lower_is(toks, i + 1, &["which"])
            && !toks[i + 2..head].iter().any(is_clause_break)
    })
}
