//! One sentence's triggers built into event drafts with their arguments.

use super::*;

/// Words that move a sentence away from the page's news day.
const ELSEWHEN: &[&str] = &[
    "later",
    "earlier",
    "previously",
    "ago",
    "before",
    "after",
    "since",
    "next",
    "following",
    "last",
];

/// Words before a trigger that set its happening apart from those told before.
const DISTINCT: &[&str] = &[
    "another",
    "separate",
    "separately",
    "later",
    "earlier",
    "elsewhere",
    "meanwhile",
    "second",
    "other",
];

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

impl Context<'_> {
    #[allow(clippy::too_many_lines)]
    pub(super) fn build(&self, a: &SentenceArgs<'_>, group: &[Hit], drafts: &mut Vec<Draft>) {
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
        if self.reports_total(a, group) {
            return;
        }
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
            // "…, police said": whoever reports the event is neither side of it.
            if self.reports_event(toks, m.start, m.end) {
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
                self.add_perpetrator(
                    toks,
                    m,
                    attribution,
                    confidence,
                    (&mut actors, &mut perp_spans, &mut fields),
                );
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
                    // "Police said on Thursday that the deaths were murder": a source.
                    && !self.reports_event(toks, m.start, m.end)
            });
            if let Some(m) = subject {
                let victim = (m.end..(m.end + 4).min(toks.len())).any(|i| lower_is(toks, i, BE));
                if !victim {
                    let attribution = if m.class == Some(ActorClass::Unidentified) {
                        Attribution::Unidentified
                    } else {
                        Attribution::Stated
                    };
                    self.add_perpetrator(
                        toks,
                        m,
                        attribution,
                        0.6,
                        (&mut actors, &mut perp_spans, &mut fields),
                    );
                }
            }
        }
        // "the recent ISKP attacks, including … an attack in June on a Sikh temple": an act
        // listed under a group's attacks is that group's.
        if actors.is_empty() {
            if let Some(m) = self.group_of_listed_act(toks, head.start, a.actors) {
                self.add_perpetrator(
                    toks,
                    m,
                    Attribution::Stated,
                    0.6,
                    (&mut actors, &mut perp_spans, &mut fields),
                );
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
                self.add_perpetrator(
                    toks,
                    m,
                    Attribution::Stated,
                    0.6,
                    (&mut actors, &mut perp_spans, &mut fields),
                );
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
            if self.reports_event(toks, ta, tb) {
                continue;
            }
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
        // "The explosion was the third blow, coming after … a jailbreak Sunday": a trigger that
        // refers back takes only a time next to it; one across the sentence dates another act.
        let refers_back = self.is_anaphoric(toks, head.start, a.actors);
        let reach = if refers_back { 40 } else { usize::MAX };
        // "Monday's ambush — during which one soldier was beheaded — and a jailbreak Sunday":
        // an act inside the happening just named has that happening's date, none of its own.
        let (when, when_span, when_in_text) = if arguments::in_which_clause(toks, head.start) {
            (None, None, false)
        } else {
            self.when_for(a, head_byte, reach)
        };
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
        // "A suicide bomber blew himself up in the attack": any trigger may refer back.
        let anaphoric = group
            .iter()
            .any(|h| h.trigger.noun && self.is_anaphoric(toks, h.start, a.actors))
            || self.opens_with_anaphor(toks, head.start);
        let claimed = toks
            .iter()
            .any(|t| matches!(t.lower.as_str(), "claimed" | "claims" | "claiming"));
        let adds = toks.iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "also" | "another" | "further" | "additional"
            )
        });
        let own_time_unresolved = when.is_none() && self.unresolved_time_near(a, head_byte, reach);
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
            adds_casualties: adds,
            distinct: toks[..head.start]
                .iter()
                .any(|t| DISTINCT.contains(&t.lower.as_str())),
            anaphoric,
            // "an attack in June on a Sikh temple" on a page dated only by its year: the
            // sentence's own time, though unresolved, says the act is not the page's news day.
            elsewhen: toks.iter().any(|t| ELSEWHEN.contains(&t.lower.as_str()))
                || own_time_unresolved,
            introduced: !anaphoric && head.trigger.noun && self.is_introduced(toks, head.start),
            headline: self.is_headline(a),
            claimed,
            stated_killed: killed.filter(|_| !claimed && !adds).into_iter().collect(),
            stated_wounded: wounded.filter(|_| !claimed && !adds).into_iter().collect(),
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
            // "Another person was killed in Gaza City" after clashes in Khan Younis: another
            // place named outright is another event.
            // "Another person was killed in Gaza City" after clashes placed in the Gaza Strip:
            // "another" with a town of its own that is not the earlier event's is elsewhere.
            let elsewhere = |d: &Draft| match (&d.place, &draft.place) {
                (Some(x), Some(y)) => {
                    place_in_sentence
                        && (!places_agree(&x.place, &y.place)
                            || (draft.distinct
                                && x.place.gazetteer_id != y.place.gazetteer_id
                                && matches!(
                                    y.place.precision,
                                    Some(PlacePrecision::City | PlacePrecision::Point)
                                )))
                }
                _ => false,
            };
            if let Some(prev) = drafts.last_mut().filter(|d| {
                d.paragraph == draft.paragraph
                    && compatible_weak(d.family(), family(head.trigger.sub_kind))
                    && !elsewhere(d)
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
            // "a subsequent gun battle" after "a roadside bomb": an ambush told by its parts.
            if let Some(prev) = drafts.iter_mut().rev().find(|d| {
                compatible(d.family(), family(draft.sub_kind))
                    || (violent(d.family()) && violent(family(draft.sub_kind)))
            }) {
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
        // "Since the mid-1990s … gains were wiped out in Israeli-Palestinian fighting": a bare
        // noun dated only by years, with no toll, sums up a period; it is not one happening.
        let over_years = draft
            .when
            .as_ref()
            .is_some_and(|w| (w.end - w.start).num_days() > 400);
        let bare_noun = head.trigger.noun
            && !lower_is(
                toks,
                head.start.saturating_sub(1),
                &["a", "an", "the", "this", "that"],
            );
        if over_years && bare_noun && draft.killed.is_none() && draft.wounded.is_none() {
            return;
        }
        if let Some(sites) = self.counted_sites(toks, &head) {
            drafts.extend(split_by_site(draft, sites));
            return;
        }
        drafts.push(draft);
    }

    /// Whether a new event has something that makes it political violence or collective
    /// action rather than a figure of speech: an armed side or a crowd, an armed target, the
    /// dead or wounded of an armed act, a place for a protest. "The rally has broken above the
    /// trend line", "a fight early last season", "the trade fight", "stellar explosions" and
    /// "the pandemic that killed 25 million people" have none.
    pub(super) fn anchored(&self, a: &SentenceArgs<'_>, head: &Hit, d: &Draft) -> bool {
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
        // "Police believe the tiger escaped and attacked": whoever reports is not a side.
        let armed_side = a
            .actors
            .iter()
            .filter(|m| !self.reports_event(toks, m.start, m.end))
            .any(|m| {
                m.armed
                    || matches!(
                        m.class,
                        Some(ActorClass::Protesters | ActorClass::Rioters | ActorClass::Militia)
                    )
            })
            || d.actors.iter().any(|p| p.id.starts_with("force:"));
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
        let paragraph_rebels = self.language.entities.iter().any(|e| {
            e.kind == EntityKind::ArmedGroup
                && e.mentions
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
        // "… demonstrated against sand theft", not "demonstrated that …" or "demonstrated
        // the capability": a loose protest word is a protest only aimed at something.
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
        match family(head.trigger.sub_kind) {
            _ if territory => armed_side,
            Family::Protest if loose_protest_word && !aimed => false,
            // "After a 20-day march through the jungle, they were freed … the rebels": rebels
            // named nearby do not make a walk a protest; people marching do.
            Family::Protest if loose_protest_word => people_before,
            // Police searching for a missing man are no sign that he was abducted; an armed
            // group in the paragraph is.
            Family::Abduction if head.trigger.strength == Strength::Weak => paragraph_rebels,
            _ if armed_side || armed_target => true,
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

    /// Records `m` as a perpetrator: the participant, its words (which no target may take) and
    /// the evidence of the `actors` field.
    fn add_perpetrator(
        &self,
        toks: &[Token],
        m: &ActorMention,
        attribution: Attribution,
        confidence: f32,
        (actors, perp_spans, fields): (
            &mut Vec<Participant>,
            &mut Vec<(usize, usize)>,
            &mut Vec<FieldSpan>,
        ),
    ) {
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
    }
}
