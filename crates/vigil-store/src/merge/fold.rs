//! Folding a cluster of frames into one [`MergedEvent`]: the most precise or best-supported value
//! of each field, every source, and where the sources disagree. Deterministic: ties are settled
//! by value, never by which frame came first.

use super::event_id;
use super::rules::is_named;
use crate::names::serde_name;
use std::collections::BTreeMap;
use vigil_core::{
    Attribution, Disagreement, DisagreementValue, DocumentId, EventSource, EventStatus, EventTime,
    MergedEvent, MergedPlace, Participant, PlacePrecision, Range, Review, Target, TimeSource,
};

/// The merged event of one cluster's members (as [`super::cluster`] returns them: sorted by
/// key, the first one giving the event its id). `None` for an empty cluster.
#[must_use]
pub(crate) fn fold(members: Vec<EventSource>) -> Option<MergedEvent> {
    let lead = members.first()?;
    let id = event_id(&lead.document_id, lead.index);
    let mut aliases: Vec<String> = members
        .iter()
        .skip(1)
        .map(|m| event_id(&m.document_id, m.index))
        .collect();
    aliases.sort();
    let mut sources = members;
    // Oldest publication first, undated last; then by key.
    sources.sort_by(|a, b| {
        let published = |s: &EventSource| s.published.as_ref().map(|p| p.value.clone());
        (
            published(a).is_none(),
            published(a),
            &a.document_id,
            a.index,
        )
            .cmp(&(
                published(b).is_none(),
                published(b),
                &b.document_id,
                b.index,
            ))
    });
    let (kind, sub_kind) = most_common(sources.iter().map(|s| (s.event.kind, s.event.sub_kind)))?;
    let status = if sources.iter().any(|s| s.event.status == EventStatus::New) {
        EventStatus::New
    } else {
        EventStatus::Background
    };
    Some(MergedEvent {
        id,
        aliases,
        kind,
        sub_kind,
        status,
        when: when(&sources),
        place: place(&sources),
        actors: actors(&sources),
        targets: targets(&sources),
        killed: span_of(sources.iter().filter_map(|s| s.event.killed)),
        wounded: span_of(sources.iter().filter_map(|s| s.event.wounded)),
        disagreements: disagreements(&sources),
        sources,
        review: Review::default(),
    })
}

/// The value most sources give; among equals, the smallest.
fn most_common<T: Ord>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: BTreeMap<T, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v)
}

/// The narrowest date, one read from the event's own sentence before an inherited one before
/// the publication date; then the earliest.
fn when(sources: &[EventSource]) -> Option<EventTime> {
    let source_rank = |s: TimeSource| match s {
        TimeSource::Sentence => 0,
        TimeSource::Inherited => 1,
        TimeSource::Publication => 2,
    };
    sources
        .iter()
        .filter_map(|s| s.event.when.as_ref())
        .min_by_key(|t| {
            (
                (t.end - t.start).num_days(),
                source_rank(t.source),
                t.start,
                t.end,
                t.text.clone(),
            )
        })
        .cloned()
}

fn precision_rank(p: Option<PlacePrecision>) -> u8 {
    match p {
        Some(PlacePrecision::Point) => 0,
        Some(PlacePrecision::City) => 1,
        Some(PlacePrecision::Admin1) => 2,
        Some(PlacePrecision::Country) => 3,
        Some(PlacePrecision::Region) => 4,
        None => 5,
    }
}

/// The most precise place; among equally precise ones, the one most sources name, then the
/// smallest gazetteer id (then name).
fn place(sources: &[EventSource]) -> Option<MergedPlace> {
    let places: Vec<&vigil_core::EventPlace> = sources
        .iter()
        .filter_map(|s| s.event.place.as_ref())
        .collect();
    let ident = |p: &vigil_core::EventPlace| {
        (
            p.place.gazetteer_id.clone().unwrap_or_default(),
            p.place.name.clone(),
        )
    };
    let best = places.iter().min_by_key(|p| {
        let support = places.iter().filter(|q| ident(q) == ident(p)).count();
        (
            precision_rank(p.precision.or(p.place.precision)),
            usize::MAX - support,
            ident(p),
            p.near,
        )
    })?;
    Some(MergedPlace {
        place: best.place.clone(),
        precision: best.precision,
        near: best.near,
    })
}

fn attribution_rank(a: Attribution) -> u8 {
    match a {
        Attribution::Stated => 0,
        Attribution::Claimed => 1,
        Attribution::Suspected => 2,
        Attribution::Unidentified => 3,
    }
}

/// Every actor any source names, with the firmest attribution and highest confidence given;
/// unidentified ones only when nobody is named. Most-reported first, then by id.
fn actors(sources: &[EventSource]) -> Vec<Participant> {
    let mut by_id: BTreeMap<&str, (usize, Participant)> = BTreeMap::new();
    for p in sources.iter().flat_map(|s| &s.event.actors) {
        let entry = by_id.entry(p.id.as_str()).or_insert_with(|| (0, p.clone()));
        entry.0 += 1;
        let kept = &mut entry.1;
        if attribution_rank(p.attribution) < attribution_rank(kept.attribution) {
            kept.attribution = p.attribution;
        }
        kept.confidence = kept.confidence.max(p.confidence);
        if p.name < kept.name {
            kept.name = p.name.clone();
        }
    }
    if by_id.values().any(|(_, p)| is_named(p)) {
        by_id.retain(|_, (_, p)| is_named(p));
    }
    let mut out: Vec<(usize, Participant)> = by_id.into_values().collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    out.into_iter().map(|(_, p)| p).collect()
}

/// One target per known actor or organisation, and one per kind of target without an id (the
/// longest wording of it: "the Serena hotel" over "a hotel").
fn targets(sources: &[EventSource]) -> Vec<Target> {
    let mut kept: BTreeMap<(vigil_core::TargetKind, Option<String>), Target> = BTreeMap::new();
    for t in sources.iter().flat_map(|s| &s.event.targets) {
        let slot = kept
            .entry((t.kind, t.id.clone()))
            .or_insert_with(|| t.clone());
        let longer = (t.name.len(), std::cmp::Reverse(&t.name))
            > (slot.name.len(), std::cmp::Reverse(&slot.name));
        if longer {
            slot.name = t.name.clone();
        }
        if slot.country.is_none() {
            slot.country.clone_from(&t.country);
        }
    }
    kept.into_values().collect()
}

/// The range the sources' counts span: the lowest least to the highest most ("5" and "7" give
/// 5–7; "at least 5" and "7" give 5–7); open only when every source's count is open.
fn span_of(ranges: impl Iterator<Item = Range>) -> Option<Range> {
    let ranges: Vec<Range> = ranges.collect();
    let min = ranges.iter().map(|r| r.min).min()?;
    let max = if ranges.iter().all(|r| r.max.is_none()) {
        None
    } else {
        ranges.iter().map(|r| r.max.unwrap_or(r.min)).max()
    };
    Some(Range { min, max })
}

/// A count as text: `5`, `5–7`, `5+`.
#[must_use]
pub(crate) fn range_text(r: Range) -> String {
    match r.max {
        Some(max) if max == r.min => max.to_string(),
        Some(max) => format!("{}–{max}", r.min),
        None => format!("{}+", r.min),
    }
}

/// The fields whose values differ between sources, each value with the documents giving it in
/// the order of the sources (oldest first).
fn disagreements(sources: &[EventSource]) -> Vec<Disagreement> {
    type Reading = fn(&EventSource) -> Option<String>;
    let fields: [(&str, Reading); 6] = [
        ("kind", |s| serde_name(&s.event.sub_kind)),
        ("date", |s| {
            s.event.when.as_ref().map(|t| {
                if t.start == t.end {
                    t.start.to_string()
                } else {
                    format!("{}..{}", t.start, t.end)
                }
            })
        }),
        ("place", |s| {
            s.event.place.as_ref().map(|p| {
                p.place
                    .canonical_name
                    .clone()
                    .unwrap_or_else(|| p.place.name.clone())
            })
        }),
        ("actors", |s| {
            let mut ids: Vec<&str> = s.event.actors.iter().map(|p| p.id.as_str()).collect();
            ids.sort_unstable();
            (!ids.is_empty()).then(|| ids.join(", "))
        }),
        ("killed", |s| s.event.killed.map(range_text)),
        ("wounded", |s| s.event.wounded.map(range_text)),
    ];
    let mut out = Vec::new();
    for (field, read) in fields {
        let mut values: Vec<DisagreementValue> = Vec::new();
        for s in sources {
            let Some(value) = read(s) else { continue };
            match values.iter_mut().find(|v| v.value == value) {
                Some(v) if !v.documents.contains(&s.document_id) => {
                    v.documents.push(s.document_id.clone());
                }
                Some(_) => {}
                None => values.push(DisagreementValue {
                    value,
                    documents: vec![DocumentId(s.document_id.0.clone())],
                }),
            }
        }
        if values.len() > 1 {
            out.push(Disagreement {
                field: field.to_owned(),
                values,
            });
        }
    }
    out
}
