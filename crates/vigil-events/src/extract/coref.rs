//! Within-page coreference: mentions of one happening across sentences become one event.

use super::*;

impl Context<'_> {
    /// A sentence without triggers can still add to the last event: "Al Shabaab claimed
    /// responsibility", "There were no casualties", "Police blamed the militants".
    pub(super) fn attach_to_previous(
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
                    if c.killed {
                        last.stated_killed.push(c.count.range);
                    } else {
                        last.stated_wounded.push(c.count.range);
                    }
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
}

/// Whether a family is an armed act (a battle, an explosion, violence), as opposed to a
/// protest, an abduction or a development.
pub(super) fn violent(f: Family) -> bool {
    matches!(f, Family::Battle | Family::Explosion | Family::Violence)
}

/// Whether an event of family `b` can be the same as an earlier one of family `a`.
pub(super) fn compatible(a: Family, b: Family) -> bool {
    a == b || (violent(a) && b == Family::Violence) || (a == Family::Violence && violent(b))
}

/// Whether a sentence of only casualty or intervention words can continue an event.
pub(super) fn compatible_weak(prev: Family, weak: Family) -> bool {
    compatible(prev, weak)
        || prev == weak
        || (prev == Family::Protest && weak == Family::Violence)
        || matches!(prev, Family::Abduction | Family::Sexual)
}

/// Folds a later mention of an event into the event: evidence, and fields it lacked.
pub(super) fn absorb(into: &mut Draft, from: Draft) {
    // An ambush sprung with a bomb, or a bomb followed by a gun battle, is a clash: the bomb
    // is how it began, not what it was.
    let bomb = |s: SubKind| matches!(s, SubKind::RemoteExplosive | SubKind::Grenade);
    if into.family() == Family::Battle && bomb(from.sub_kind) {
        into.strength = into.strength.max(from.strength);
    } else if bomb(into.sub_kind)
        && family(from.sub_kind) == Family::Battle
        && from.strength == Strength::Strong
    {
        into.sub_kind = SubKind::ArmedClash;
        into.strength = Strength::Strong;
        into.trigger.clone_from(&from.trigger);
    } else if (from.strength == Strength::Strong && into.strength != Strength::Strong)
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
        // The sum is the page's toll now; the parts are not figures it disagrees on.
        into.stated_killed = into.killed.into_iter().collect();
        into.stated_wounded = into.wounded.into_iter().collect();
    } else if from.claimed {
        // A perpetrator's own count ("claimed to have killed 18") never replaces the toll.
        into.killed = into.killed.or(from.killed);
        into.wounded = into.wounded.or(from.wounded);
    } else {
        into.killed = reconcile(into.killed, from.killed);
        into.wounded = reconcile(into.wounded, from.wounded);
        into.stated_killed.extend(from.stated_killed);
        into.stated_wounded.extend(from.stated_wounded);
    }
    into.hedged |= from.hedged;
    into.evidence.extend(from.evidence);
}

/// Two drafts of one article describing the same event without an anaphor ("this week's
/// attack on a guesthouse in Kabul" … "IS fighters stormed a hotel in Kabul") become one:
/// compatible kinds, the same place, overlapping dates and a shared actor or target kind.
pub(super) fn merge_duplicates(drafts: &mut Vec<Draft>) {
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
                && !(a.distinct && b.distinct)
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
            // "Another person was killed in Gaza City": set apart by its own words.
            if !same_sentence
                && !b.distinct
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

/// Two figures a page gives for one event's dead or wounded: the largest stated ("the toll
/// rose to 15" after "at least 12"), an open range ("at least 12") kept open over the same
/// closed figure.
fn reconcile(kept: Option<Range>, later: Option<Range>) -> Option<Range> {
    match (kept, later) {
        (Some(k), Some(l)) if l.min > k.min || (l.min == k.min && l.max.is_none()) => Some(l),
        (None, l) => l,
        (k, _) => k,
    }
}

/// Mentions of one happening anywhere on the page become one event: the headline, the lead,
/// the casualty update and "the bombing" later on. A later draft joins the nearest earlier one
/// that could be the same happening — the same means (a bombing is not a shooting, unless
/// one of them is only "an attack" or "killed"), no disagreement on place, date, status or
/// the site attacked — and that it agrees with on something it states (a place or a date),
/// or that it refers back to ("the blast") or only counts the dead of. A draft that sets
/// itself apart ("another", "later") or brings in a happening ("a bombing", "two attacks")
/// stays apart, except when it retells the headline.
pub(super) fn merge_mentions(drafts: &mut Vec<Draft>) {
    let mut j = 1;
    while j < drafts.len() {
        let later = &drafts[j];
        // The nearest earlier draft first: "the attacks" are the ones just told.
        let into = (0..j)
            .rev()
            .find(|&i| !later.distinct && same_happening(&drafts[i], later));
        match into {
            Some(i) => {
                let from = drafts.remove(j);
                absorb(&mut drafts[i], from);
            }
            None => j += 1,
        }
    }
}

fn same_happening(a: &Draft, b: &Draft) -> bool {
    if a.status != b.status
        || !same_means(a, b)
        || (b.introduced && !(a.headline && a.evidence.len() == 1))
    {
        return false;
    }
    let place = match (&a.place, &b.place) {
        (Some(x), Some(y)) => Some(places_agree(&x.place, &y.place)),
        _ => None,
    };
    let date = match (&a.when, &b.when) {
        // "The toll from the attack rose to 15 on Tuesday": an update days later.
        (Some(x), Some(y)) if b.anaphoric && y.start > x.end => {
            ((y.start - x.end).num_days() <= 7).then_some(true)
        }
        (Some(x), Some(y)) => Some(x.start <= y.end && y.start <= x.end),
        _ => None,
    };
    if place == Some(false) || date == Some(false) {
        return false;
    }
    // Different sites: a police station and a refugee office, bombed the same day.
    let (sites_a, sites_b) = (sites(a), sites(b));
    if !sites_a.is_empty() && !sites_b.is_empty() && !sites_a.iter().any(|k| sites_b.contains(k)) {
        return false;
    }
    // The lead retells the headline: nothing to agree on is enough.
    let retells_headline = a.headline && a.evidence.len() == 1;
    // Across kinds, a bare mention joins only when it names its act and refers back ("In the
    // latest incident, a bomb …"); "the assassination" after a clash needs a place or date.
    let bare_joins = a.family() == b.family() || (b.anaphoric && b.strength == Strength::Strong);
    retells_headline
        || place == Some(true)
        || date == Some(true)
        // "In the latest incident, a bomb … in Narathiwat": what it adds is new, not contrary.
        || (bare_joins && b.anaphoric)
        || (bare_joins
            && b.place.is_none()
            && b.when.is_none()
            && b.strength != Strength::Strong)
}

/// The kinds of site a draft's targets name (people in general say nothing of the site).
fn sites(d: &Draft) -> Vec<TargetKind> {
    d.targets
        .iter()
        .filter(|t| !matches!(t.kind, TargetKind::Civilians | TargetKind::Other))
        .map(|t| t.kind)
        .collect()
}

/// Whether two drafts could be one act: the same family and, for explosions, bombs with
/// bombs and shells or strikes with shells or strikes; across compatible families only when
/// one of them names the act loosely ("an attack", "killed") or the later one refers back.
fn same_means(a: &Draft, b: &Draft) -> bool {
    use SubKind::*;
    let loose = a.strength != Strength::Strong || b.strength != Strength::Strong;
    if a.family() != b.family() {
        // "In the latest incident, a bomb overturned the humvee": told as a bombing, referred
        // back to as the ambush it was part of.
        return (loose && compatible(a.family(), b.family()))
            || (b.anaphoric && violent(a.family()) && violent(b.family()));
    }
    // Shells and strikes are not bombs; a mob is not a demonstration.
    let apart = |s: SubKind| match s {
        ShellingArtilleryMissile | AirDroneStrike => 1,
        MobViolence => 2,
        _ => 0,
    };
    loose || apart(a.sub_kind) == apart(b.sub_kind)
}

/// Whether two places can be where one event happened: the same entry, within 30 km, or one
/// a country or first-level region that holds the other.
pub(super) fn places_agree(a: &Place, b: &Place) -> bool {
    if a.gazetteer_id.is_some() && a.gazetteer_id == b.gazetteer_id {
        return true;
    }
    if Place::distance_km(a, b).is_some_and(|km| km <= 30.0) {
        return true;
    }
    if a.country_code.is_none() || a.country_code != b.country_code {
        return false;
    }
    let holds = |outer: &Place, inner: &Place| match outer.precision {
        Some(PlacePrecision::Country | PlacePrecision::Region) => true,
        Some(PlacePrecision::Admin1) => {
            let name = outer.canonical_name.as_deref().unwrap_or(&outer.name);
            inner
                .admin1
                .as_deref()
                .is_some_and(|r| r.eq_ignore_ascii_case(name))
        }
        _ => false,
    };
    holds(a, b) || holds(b, a)
}

/// Where the page states tolls for one event that cannot all be true ("12 killed", then "15
/// killed"): each distinct figure, in the order stated, with the page's id. Figures that can
/// all hold ("at least 12" and "15") are one reading, not a disagreement.
pub(super) fn disagreements(d: &Draft) -> Vec<Disagreement> {
    let document = d.evidence.first().map(|e| e.document_id.clone());
    [("killed", &d.stated_killed), ("wounded", &d.stated_wounded)]
        .into_iter()
        .filter(|(_, stated)| {
            stated
                .iter()
                .enumerate()
                .any(|(i, a)| stated[i + 1..].iter().any(|b| !a.overlaps(*b)))
        })
        .map(|(field, stated)| {
            let mut values: Vec<DisagreementValue> = Vec::new();
            for r in stated {
                let value = r.to_string();
                if !values.iter().any(|v| v.value == value) {
                    values.push(DisagreementValue {
                        value,
                        documents: document.iter().cloned().collect(),
                    });
                }
            }
            Disagreement {
                field: field.to_owned(),
                values,
            }
        })
        .collect()
}
