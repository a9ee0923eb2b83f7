//! Trigger checks: whether a trigger reports an act that happened.

use super::*;

const TO_ALLOWED: &[&str] = &[
    "managed",
    "began",
    "started",
    "continued",
    "went",
    "used",
    "tried",
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
    "bought",
    "buy",
    "buying",
    "make",
    "instructions",
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

/// Words that make a clash one of words: who clashed, where or how.
const VERBAL: &[&str] = &[
    "politicians",
    "politician",
    "lawmakers",
    "legislators",
    "senators",
    "parliament",
    "parliamentary",
    "debate",
    "bitterly",
    "verbally",
    "publicly",
    "words",
    "rhetoric",
    "candidates",
];

/// Verbs before "to" that make the act after them an intention ("prepared to fire").
const INTENDING: &[&str] = &[
    "prepared",
    "preparing",
    "prepare",
    "about",
    "trying",
    "tried",
    "try",
    "seeking",
    "sought",
    "hoping",
    "hoped",
    "wanted",
    "wanting",
    "intended",
    "intending",
    "planned",
    "planning",
];

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

impl Context<'_> {
    /// True when a trigger is negated, hypothetical or a threat ("threatened to attack",
    /// "the ability to strike", "did not attack").
    pub(super) fn irrealis(&self, toks: &[Token], h: &Hit) -> bool {
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
            // "a proposal for a demonstration", "the planned protest": not (yet) held.
            if PROPOSED.contains(&w) || (fam == Family::Protest && w == "planned") {
                return true;
            }
            // "as they prepared to fire a mortar shell", "trying to plant a bomb": an act
            // intended, not (yet) done.
            if w == "to" && before(k + 1).is_some_and(|q| INTENDING.contains(&q.lower.as_str())) {
                return true;
            }
        }
        // "the soldiers would have died if …", "a balance to be struck": what did not (or
        // should) happen, not a happening.
        let window = || {
            (h.start.saturating_sub(5)..h.start)
                .rev()
                .take_while(|&i| !is_clause_break(&toks[i]))
        };
        if window().any(|i| {
            lower_is(toks, i, &["would", "could", "might"])
                && (i + 1..h.start).any(|j| toks[j].lower == "have")
        }) || (lower_is(toks, h.start.saturating_sub(1), &["be"])
            && lower_is(toks, h.start.saturating_sub(2), &["to"]))
        {
            return true;
        }
        // "a bombing plot", "a missile base", "bomb threats": the trigger word names what the
        // noun after it is about, not a happening.
        if toks
            .get(h.end)
            .is_some_and(|t| NOT_HAPPENINGS_AFTER.contains(&t.lower.as_str()))
        {
            return true;
        }
        // "Educators are often targeted by militants": what happens as a rule, not a happening.
        if (h.start.saturating_sub(4)..h.start).any(|i| {
            matches!(
                toks[i].lower.as_str(),
                "often" | "frequently" | "regularly" | "routinely" | "usually" | "sometimes"
            )
        }) {
            return true;
        }
        // "The group uses kidnapping as a weapon": a method, not a happening.
        if lower_is(toks, h.end, &["as"])
            && lower_is(toks, h.end + 1, &["a", "an", "its", "their"])
            && lower_is(toks, h.end + 2, METHOD_NOUNS)
        {
            return true;
        }
        // "tribes have formed a coalition fighting al-Qaida": who a group is, not a battle.
        if lower_is(toks, h.start, &["fighting", "battling"])
            && lower_is(toks, h.start.saturating_sub(1), GROUP_NOUNS)
        {
            return true;
        }
        // "his wrist shot hit the post", "a jump shot": a shot in sport, not a shooting.
        if toks
            .get(h.start)
            .is_some_and(|t| t.lower == "shot" || t.lower == "shots")
            && lower_is(toks, h.start.saturating_sub(1), SPORT_SHOTS)
        {
            return true;
        }
        // "… mauling three visitors before it was shot to death": people are not "it".
        if fam == Family::Violence
            && lower_is(toks, h.start, &["shot", "killed"])
            && lower_is(toks, h.start.saturating_sub(1), &["was", "been"])
            && (h.start.saturating_sub(3)..h.start).any(|i| toks[i].lower == "it")
        {
            return true;
        }
        // "A bushfire that killed three people", "the tiger … was shot by police": deaths by
        // disaster or accident, and acts against animals, are not political violence.
        if fam == Family::Violence
            && (h.start.saturating_sub(6)..h.start)
                .rev()
                .take_while(|&i| !is_clause_break(&toks[i]))
                .any(|i| NOT_PEOPLE_OR_ARMS.contains(&toks[i].lower.as_str()))
        {
            return true;
        }
        // "Rival politicians clashed bitterly in parliament": a clash of words.
        if fam == Family::Battle
            && toks
                .get(h.start)
                .is_some_and(|t| t.lower.starts_with("clash"))
            && toks.iter().any(|t| VERBAL.contains(&t.lower.as_str()))
        {
            return true;
        }
        // "… when the scheme was foiled": a plot stopped before it was carried out.
        if fam != Family::Protest && toks.iter().any(|t| FOILED.contains(&t.lower.as_str())) {
            return true;
        }
        // "killed Bhutto and her supporters at a rally", "fired on a huge rally, killing
        // eight": the rally is where another act happened, not a protest of its own.
        if fam == Family::Protest
            && h.trigger.noun
            && (h.start.saturating_sub(4)..h.start).any(|i| lower_is(toks, i, &["at", "on"]))
            && toks
                .iter()
                .any(|t| KILL_WORDS.contains(&t.lower.as_str()) || t.lower == "fire")
        {
            return true;
        }
        // "a booking for his protests over the goal": one person's objection, not a protest.
        if fam == Family::Protest
            && h.trigger.noun
            && lower_is(toks, h.start.saturating_sub(1), &["his", "her"])
        {
            return true;
        }
        // "protest organizer", "protest leaders": people, not a protest.
        if fam == Family::Protest
            && h.trigger.noun
            && toks
                .get(h.end)
                .is_some_and(|t| PROTEST_PEOPLE.contains(&t.lower.as_str()))
        {
            return true;
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
}

/// Nouns after a trigger word that make it a modifier of something else ("bombing plot",
/// "missile base", "bomb threat", "attack helicopter" is not listed: it flies in strikes).
const NOT_HAPPENINGS_AFTER: &[&str] = &[
    "growth",
    "plot",
    "plots",
    "plotter",
    "plotters",
    "scheme",
    "kit",
    "kits",
    "factory",
    "factories",
    "maker",
    "makers",
    "squad",
    "squads",
    "expert",
    "experts",
    "disposal",
    "threat",
    "threats",
    "scare",
    "hoax",
    "hoaxes",
    "base",
    "bases",
    "programme",
    "program",
    "test",
    "tests",
    "defence",
    "defense",
    "shield",
    "system",
    "systems",
    "sniffing",
    "detector",
    "detectors",
];

/// Words that say an act was stopped before it happened.
const FOILED: &[&str] = &["foiled", "thwarted", "averted", "foil", "thwart"];

/// Words before a trigger that make it a proposal, not a happening.
const PROPOSED: &[&str] = &["proposal", "proposals", "proposed", "permit", "application"];

/// Nouns after a protest word that make it a kind of people ("protest organizer").
const PROTEST_PEOPLE: &[&str] = &[
    "organizer",
    "organizers",
    "organiser",
    "organisers",
    "leader",
    "leaders",
    "movement",
];

/// Words that give a rate, never one happening ("an average of 72 killed each month").
const RATE_PHRASES: &[&str] = &[
    "each month",
    "every month",
    "per month",
    "each year",
    "every year",
    "per year",
    "an average of",
    "on average",
];

/// Words that say a count covers a stretch of time rather than one happening ("this year",
/// "over the past decade", "so far").
const PERIOD_PHRASES: &[&str] = &[
    "this year",
    "last year",
    "so far",
    "over the past",
    "in the past",
    "in recent",
    "each year",
    "every year",
    "per year",
    "since the start",
    "since the beginning",
];

/// Nouns for armed groups and alliances: "a coalition fighting X" describes the group.
const GROUP_NOUNS: &[&str] = &[
    "coalition",
    "alliance",
    "group",
    "groups",
    "militia",
    "militias",
    "tribes",
    "factions",
    "movement",
    "forces",
];

/// Words before "shot" that make it a shot in sport ("a wrist shot", "his jump shot").
const SPORT_SHOTS: &[&str] = &[
    "wrist", "slap", "snap", "backhand", "jump", "penalty", "putt", "tee", "drop", "chip", "goal",
    "overtime",
];

/// Disasters, accidents and animals: a casualty or violence word told of these is not an
/// armed act ("a bushfire that killed three", "the tiger was shot dead").
const NOT_PEOPLE_OR_ARMS: &[&str] = &[
    "bushfire",
    "wildfire",
    "blaze",
    "inferno",
    "flood",
    "floods",
    "flooding",
    "storm",
    "cyclone",
    "hurricane",
    "earthquake",
    "avalanche",
    "landslide",
    "accident",
    "tiger",
    "animal",
    "bear",
    "shark",
    "lion",
];

/// What an act is used as when it is a method rather than a happening ("kidnapping as a
/// weapon").
const METHOD_NOUNS: &[&str] = &["weapon", "tactic", "tool", "means", "strategy"];

/// Plural nouns that count happenings (not munitions: "fired several rockets" is one act).
const HAPPENINGS: &[&str] = &[
    "attacks",
    "bombings",
    "blasts",
    "explosions",
    "killings",
    "shootings",
    "kidnappings",
    "abductions",
    "assaults",
    "ambushes",
    "raids",
    "strikes",
    "airstrikes",
    "massacres",
    "murders",
    "assassinations",
    "incidents",
    "rapes",
];

/// Words before a plural trigger that make it a few happenings told together ("two
/// attacks", "the twin bombings", "the attacks") rather than a total.
const FEW: &[&str] = &[
    "two", "three", "four", "twin", "both", "2", "3", "4", "the", "these", "those", "separate",
];

/// Determiners and quantifiers that pick out particular happenings ("a", "its", "several").
const ANY_DETERMINER: &[&str] = &[
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "several",
    "many",
    "multiple",
    "some",
    "recent",
    "latest",
    "further",
    "more",
    "other",
    "coordinated",
    "series",
];

impl Context<'_> {
    /// Whether a sentence gives a total over a stretch of time instead of a happening: "more
    /// than 600 attacks this year", "close to 50 people were killed in attacks in December",
    /// "200,000 people have been killed since 1992". Such a sentence is not an event.
    pub(super) fn reports_total(&self, a: &SentenceArgs<'_>, group: &[Hit]) -> bool {
        let toks = a.toks;
        let span = a.sentence.span;
        let times: Vec<&TimeExpr> = self
            .language
            .times
            .iter()
            .filter(|t| span.contains(t.span))
            .collect();
        let since_year = (0..toks.len()).any(|i| {
            lower_is(toks, i, &["since"])
                && toks.get(i + 1).is_some_and(|t| {
                    t.lower.len() == 4 && t.lower.bytes().all(|b| b.is_ascii_digit())
                })
        });
        let period = since_year
            || PERIOD_PHRASES.iter().any(|p| has_phrase(toks, p).is_some())
            || times.iter().any(|t| {
                matches!(
                    t.precision,
                    TimePrecision::Month | TimePrecision::Season | TimePrecision::Year
                )
            });
        if RATE_PHRASES.iter().any(|p| has_phrase(toks, p).is_some()) {
            return true;
        }
        let day = times.iter().any(|t| t.precision == TimePrecision::Day);
        // "a cell responsible for bombings", "attacks on teachers are common": happenings
        // in general, with neither a day nor a count of their own.
        // Operations are counted like happenings only when bare: "hundreds were killed in
        // joint operations in late 2019" is one campaign, not a total.
        let bare_plural = group.iter().any(|h| {
            (counts_happenings(toks, h) || lower_is(toks, h.end.saturating_sub(1), &["operations"]))
                && !(h.start.saturating_sub(3)..h.start).any(|i| {
                    let w = toks[i].lower.as_str();
                    FEW.contains(&w)
                        || ANY_DETERMINER.contains(&w)
                        || w.ends_with("'s")
                        || w.bytes().any(|b| b.is_ascii_digit())
                })
        });
        if bare_plural && !day && a.casualties.is_empty() {
            return true;
        }
        if !period {
            return false;
        }
        let plural = group.iter().any(|h| {
            counts_happenings(toks, h)
                && !(h.start.saturating_sub(3)..h.start)
                    .any(|i| FEW.contains(&toks[i].lower.as_str()))
        });
        let singular_noun = group.iter().any(|h| h.trigger.noun);
        // "Israeli forces have killed 32 Palestinians in the past 10 days." (People abducted
        // over a stretch are still held: ACLED codes them as one event.)
        let stretch = PERIOD_PHRASES.iter().any(|p| has_phrase(toks, p).is_some());
        let abduction = group
            .iter()
            .all(|h| family(h.trigger.sub_kind) == Family::Abduction);
        if stretch && !singular_noun && !day && !abduction {
            return true;
        }
        plural || (since_year && !singular_noun && !day)
    }
}

/// Whether a noun trigger is a plural that counts happenings ("attacks", "bombings"), or
/// names the kind of such a plural ("bombing attacks").
fn counts_happenings(toks: &[Token], h: &Hit) -> bool {
    let last = h.end.saturating_sub(1).max(h.start);
    h.trigger.noun
        && [last, h.end].iter().any(|&i| {
            toks.get(i)
                .is_some_and(|t| HAPPENINGS.contains(&t.lower.as_str()))
        })
}
