//! Whether two articles' event frames report the same happening: compatible kind, dates that
//! overlap at their precision, places within a distance that depends on their precision (and,
//! for places known only to a province or a country, something particular in common), and no
//! conflict between named perpetrators or between the sites attacked.

use chrono::{Days, NaiveDate};
use vigil_core::{
    Attribution, Event, EventKind, EventSource, PlacePrecision, Range, SubKind, TargetKind,
    TimeSource,
};

/// A date range wider than this (a season, a year, "last year") says too little to tell one
/// happening from another: such a frame stays an event of its own.
const MAX_DATE_DAYS: i64 = 31;

/// How far apart two places may be, by the coarser precision of the two, in km.
const POINT_KM: f64 = 5.0;
const CITY_KM: f64 = 25.0;
/// "Near X", "outside X": the event may lie this far from X's point.
const NEAR_KM: f64 = 50.0;
/// Two places known only to the first-level region, when a region code is missing on one side.
const ADMIN1_KM: f64 = 300.0;

/// Where and when a frame may meet another: its country, its kind and the days a matching
/// frame's date must reach. A store fetches candidates by this block before asking
/// [`same_happening`]; `None` for a frame that never merges (no date, too wide a date, no
/// place with a country and a point).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Block {
    pub(crate) country: String,
    pub(crate) kind: EventKind,
    /// The other frame's stored `end` must be on or after this day …
    pub(crate) from: NaiveDate,
    /// … and its stored `start` on or before this one …
    pub(crate) to: NaiveDate,
    /// … and on or after this one (a frame that may merge spans at most [`MAX_DATE_DAYS`]), so
    /// a store's index on start dates bounds the search on both sides.
    pub(crate) earliest_start: NaiveDate,
}

/// The block of a frame (see [`Block`]).
#[must_use]
pub(crate) fn merge_window(event: &Event) -> Option<Block> {
    let (from, to) = days(event)?;
    let (country, _) = located(event)?;
    Some(Block {
        country: country.to_owned(),
        kind: event.kind,
        from,
        // The other frame's own start may be a day earlier than stored (see `days`).
        to: to.checked_add_days(Days::new(1))?,
        earliest_start: from.checked_sub_days(Days::new(MAX_DATE_DAYS.unsigned_abs()))?,
    })
}

/// True when two frames from different articles report the same happening.
#[must_use]
pub(crate) fn same_happening(a: &EventSource, b: &EventSource) -> bool {
    a.document_id != b.document_id
        && kinds_agree(&a.event, &b.event)
        && dates_overlap(&a.event, &b.event)
        && match places_agree(&a.event, &b.event) {
            Some(Closeness::Close) => true,
            Some(Closeness::SameRegion) => corroborated(&a.event, &b.event),
            None => false,
        }
        && !perpetrators_conflict(&a.event, &b.event)
        && !sites_conflict(&a.event, &b.event)
}

/// How close two places are known to be, when close enough to be one happening's.
enum Closeness {
    /// Within a few km, or within one city's reach.
    Close,
    /// Only known to lie in one first-level region, or one country.
    SameRegion,
}

/// A province or a country holds many happenings a day: reports placed no closer must also
/// share the sub-kind and something particular, a named perpetrator, a kind of target or close
/// counts of the dead.
fn corroborated(a: &Event, b: &Event) -> bool {
    a.sub_kind == b.sub_kind
        && (shares_named_actor(a, b)
            || shares_target_kind(a, b)
            || matches!((a.killed, b.killed), (Some(x), Some(y)) if counts_close(x, y)))
}

fn shares_named_actor(a: &Event, b: &Event) -> bool {
    a.actors
        .iter()
        .any(|p| is_named(p) && b.actors.iter().any(|q| q.id == p.id))
}

fn shares_target_kind(a: &Event, b: &Event) -> bool {
    a.targets
        .iter()
        .any(|t| b.targets.iter().any(|u| u.kind == t.kind))
}

/// How much two reports of what may be the same happening resemble each other beyond the
/// rules: the same sub-kind, day, place entry, perpetrator and kind of target, and counts of
/// the dead that overlap. Used only to choose between events a report could join.
#[must_use]
pub(crate) fn affinity(a: &EventSource, b: &EventSource) -> u32 {
    let (a, b) = (&a.event, &b.event);
    let gazetteer_id = |e: &Event| e.place.as_ref().and_then(|p| p.place.gazetteer_id.clone());
    let start = |e: &Event| e.when.as_ref().map(|t| t.start);
    let close = |x: Option<Range>, y: Option<Range>| match (x, y) {
        (Some(x), Some(y)) => counts_close(x, y),
        _ => false,
    };
    [
        a.sub_kind == b.sub_kind,
        start(a).is_some() && start(a) == start(b),
        gazetteer_id(a).is_some() && gazetteer_id(a) == gazetteer_id(b),
        shares_named_actor(a, b),
        shares_target_kind(a, b),
        close(a.killed, b.killed),
        close(a.wounded, b.wounded),
    ]
    .into_iter()
    .map(u32::from)
    .sum()
}

/// Two counts of one happening's dead or wounded as outlets give them: ranges that overlap or
/// lie within one or three tenths of the larger count of each other ("5" and "at least 6",
/// not "2" and "at least 6").
fn counts_close(x: Range, y: Range) -> bool {
    let top = |r: Range| r.max.unwrap_or(u32::MAX);
    let gap = if top(x) < y.min {
        y.min - top(x)
    } else if top(y) < x.min {
        x.min - top(y)
    } else {
        0
    };
    let larger = x.min.max(y.min);
    f64::from(gap) <= f64::from(larger.max(4)) * 0.3
}

/// Same kind, and sub-kinds that do not name different acts. Outlets word one explosion as a
/// bombing, a blast or shelling, and one clash as a clash or a raid, so sub-kinds inside those
/// kinds never conflict; an abduction, an arrest or an agreement is a different act from another
/// of its kind, except the kind's catch-all (a plain attack, an "other" development).
fn kinds_agree(a: &Event, b: &Event) -> bool {
    let distinct = |s: SubKind| {
        matches!(
            s,
            SubKind::Abduction
                | SubKind::SexualViolence
                | SubKind::Arrests
                | SubKind::Agreement
                | SubKind::Looting
                | SubKind::DefusedExplosives
                | SubKind::HeadquartersEstablished
        )
    };
    let catch_all = |s: SubKind| matches!(s, SubKind::Attack | SubKind::OtherDevelopment);
    a.kind == b.kind
        && (a.sub_kind == b.sub_kind
            || !(distinct(a.sub_kind) || distinct(b.sub_kind))
            || catch_all(a.sub_kind)
            || catch_all(b.sub_kind))
}

/// The days a frame's date covers, for merging. A date that only stands in for the publication
/// date reaches back a day: a report published the morning after tells of yesterday.
fn days(event: &Event) -> Option<(NaiveDate, NaiveDate)> {
    let when = event.when.as_ref()?;
    if (when.end - when.start).num_days() > MAX_DATE_DAYS {
        return None;
    }
    let start = if when.source == TimeSource::Publication {
        when.start.checked_sub_days(Days::new(1))?
    } else {
        when.start
    };
    Some((start, when.end))
}

fn dates_overlap(a: &Event, b: &Event) -> bool {
    match (days(a), days(b)) {
        (Some((a_start, a_end)), Some((b_start, b_end))) => a_start <= b_end && b_start <= a_end,
        _ => false,
    }
}

/// The event's country and point, when its place has both.
fn located(event: &Event) -> Option<(&str, (f64, f64))> {
    let place = &event.place.as_ref()?.place;
    let country = place.country_code.as_deref().filter(|c| !c.is_empty())?;
    Some((country, (place.lat?, place.lon?)))
}

fn rank(p: PlacePrecision) -> u8 {
    match p {
        PlacePrecision::Point => 0,
        PlacePrecision::City => 1,
        PlacePrecision::Admin1 => 2,
        PlacePrecision::Country => 3,
        PlacePrecision::Region => 4,
    }
}

/// Same country, and as close as the coarser place's precision asks: a few km for two points,
/// one city's reach for a city, the same first-level region for a province, any place in the
/// country for a country. A supranational region ("the Sahel") never places an event enough.
fn places_agree(a: &Event, b: &Event) -> Option<Closeness> {
    let ((a_country, a_point), (b_country, b_point)) = (located(a)?, located(b)?);
    let (a_place, b_place) = (a.place.as_ref()?, b.place.as_ref()?);
    if a_country != b_country {
        return None;
    }
    let precision = |p: &vigil_core::EventPlace| {
        p.precision
            .or(p.place.precision)
            .unwrap_or(PlacePrecision::City)
    };
    let coarser = if rank(precision(a_place)) >= rank(precision(b_place)) {
        precision(a_place)
    } else {
        precision(b_place)
    };
    let km = vigil_core::haversine_km(a_point.0, a_point.1, b_point.0, b_point.1);
    let near = a_place.near || b_place.near;
    let agree = match coarser {
        PlacePrecision::Point if !near => km <= POINT_KM,
        PlacePrecision::Point | PlacePrecision::City => km <= if near { NEAR_KM } else { CITY_KM },
        PlacePrecision::Admin1 => match (&a_place.place.admin1, &b_place.place.admin1) {
            (Some(x), Some(y)) => x == y,
            _ => km <= ADMIN1_KM,
        },
        PlacePrecision::Country => true,
        PlacePrecision::Region => false,
    };
    let closeness = match coarser {
        PlacePrecision::Point | PlacePrecision::City => Closeness::Close,
        _ => Closeness::SameRegion,
    };
    agree.then_some(closeness)
}

/// An actor the text names: not "unidentified gunmen" (`unidentified`,
/// `actor:unidentified-armed-group:AF`).
#[must_use]
pub(crate) fn is_named(p: &vigil_core::Participant) -> bool {
    p.attribution != Attribution::Unidentified && !p.id.contains("unidentified")
}

/// Both reports name who did it (stated or claimed, a known group, not a state force) and
/// name nobody in common. Battles are left out: one outlet names one side, another the other.
fn perpetrators_conflict(a: &Event, b: &Event) -> bool {
    if a.kind == EventKind::Battle {
        return false;
    }
    let named = |e: &Event| -> Vec<String> {
        e.actors
            .iter()
            .filter(|p| matches!(p.attribution, Attribution::Stated | Attribution::Claimed))
            .filter(|p| is_named(p) && !p.id.starts_with("force:"))
            .map(|p| p.id.clone())
            .collect()
    };
    let (a_named, b_named) = (named(a), named(b));
    !a_named.is_empty() && !b_named.is_empty() && !a_named.iter().any(|id| b_named.contains(id))
}

/// Both reports name the kind of site attacked (a hotel, a church, a school, …) and share none:
/// two attacks in one city on one day, one on a hotel and one on a church, are two events.
fn sites_conflict(a: &Event, b: &Event) -> bool {
    let sites = |e: &Event| -> Vec<TargetKind> {
        e.targets
            .iter()
            .map(|t| t.kind)
            .filter(|k| {
                matches!(
                    k,
                    TargetKind::ReligiousSite
                        | TargetKind::HotelGuesthouse
                        | TargetKind::Diplomatic
                        | TargetKind::Education
                        | TargetKind::Health
                        | TargetKind::Transport
                )
            })
            .collect()
    };
    let (a_sites, b_sites) = (sites(a), sites(b));
    !a_sites.is_empty() && !b_sites.is_empty() && !a_sites.iter().any(|k| b_sites.contains(k))
}
