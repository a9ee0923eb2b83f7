//! Villages and hamlets (the gazetteer's minor places) for names nothing else resolved. A
//! village wins only with support from the text: a containing region or town named right after
//! it ("Afmadow, Lower Juba"), a first-level region the article names, a named place within
//! [`NEAR_KM`], or "X village" in one of the article's countries. A bare name is never read
//! as a village by its name alone, and never over a known town (towns are looked up first).

use crate::gazetteer::{Entry, Gazetteer, Kind};
use crate::recognise::{Candidate, Gap, Source, Token};

/// How close (km) a named place must be to vouch for a village.
pub(crate) const NEAR_KM: f64 = 50.0;
/// How close (km) a containing town must be to a village it contains.
const CONTAINER_TOWN_KM: f64 = 30.0;
/// How close (km) a containing district's point must be to a village it contains.
const CONTAINER_DISTRICT_KM: f64 = 100.0;
/// The least support a village needs.
const MIN_SUPPORT: u32 = 2;

/// Great-circle distance in km.
#[must_use]
pub(crate) fn km(a: &Entry, b: &Entry) -> f64 {
    let (la1, lo1) = (f64::from(a.lat).to_radians(), f64::from(a.lon).to_radians());
    let (la2, lo2) = (f64::from(b.lat).to_radians(), f64::from(b.lon).to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Gives each unresolved candidate the village its name and the text's support point to.
/// `contained[k]`: the candidates naming the places that contain candidate `k`.
pub(crate) fn place_villages(
    g: &Gazetteer,
    candidates: &[Candidate],
    keys: &[String],
    contained: &[Option<Vec<usize>>],
    picks: &mut [Option<u32>],
) {
    let picked: Vec<&Entry> = picks
        .iter()
        .filter_map(|p| p.and_then(|i| g.entry(i)))
        .collect();
    let countries: Vec<&str> = picked
        .iter()
        .filter(|e| !matches!(e.kind, Kind::Continent | Kind::Region))
        .map(|e| e.cc.as_str())
        .collect();
    for (k, c) in candidates.iter().enumerate() {
        if picks.get(k).copied().flatten().is_some() || matches!(c.source, Source::Demonym(_)) {
            continue;
        }
        let Some(key) = keys.get(k) else { continue };
        let containers: Vec<&Entry> = contained
            .get(k)
            .and_then(Option::as_ref)
            .into_iter()
            .flatten()
            .filter_map(|&m| picks.get(m).copied().flatten().and_then(|i| g.entry(i)))
            .collect();
        let mut best: Option<(u32, f64, u32)> = None;
        for p in g.minor_places(key) {
            let Some(v) = g.entry(p.entry) else { continue };
            let mut support = 0;
            for ce in &containers {
                let inside = ce.cc == v.cc
                    && match ce.kind {
                        Kind::Country => true,
                        Kind::Admin1 => ce.admin1 == v.admin1,
                        Kind::Admin2 => ce.admin1 == v.admin1 && km(ce, v) <= CONTAINER_DISTRICT_KM,
                        _ => km(ce, v) <= CONTAINER_TOWN_KM,
                    };
                if inside {
                    support += if ce.kind == Kind::Country { 1 } else { 4 };
                }
            }
            if picked
                .iter()
                .any(|r| r.kind == Kind::Admin1 && r.cc == v.cc && r.admin1 == v.admin1)
            {
                support += 2;
            }
            let nearest = picked
                .iter()
                .filter(|t| matches!(t.kind, Kind::City | Kind::Feature | Kind::Admin2))
                .map(|t| km(t, v))
                .fold(f64::INFINITY, f64::min);
            if nearest <= NEAR_KM {
                support += 2;
            }
            if c.cues.settlement_after && countries.contains(&v.cc.as_str()) {
                support += 1;
            }
            if support < MIN_SUPPORT {
                continue;
            }
            let better = best.is_none_or(|(s, d, _)| support > s || support == s && nearest < d);
            if better {
                best = Some((support, nearest, p.entry));
            }
        }
        if let (Some((_, _, i)), Some(slot)) = (best, picks.get_mut(k)) {
            *slot = Some(i);
        }
    }
}

/// "Unuun village near Qandala town": a place said to be near a resolved town lies within
/// [`NEAR_KM`] of it; a reading in the town's country farther off is a namesake and is dropped. Returns, per
/// candidate, the town's name as written where a reading was dropped.
pub(crate) fn drop_far_from_near(
    g: &Gazetteer,
    text: &str,
    tokens: &[Token],
    candidates: &[Candidate],
    picks: &mut [Option<u32>],
) -> Vec<Option<String>> {
    let mut dropped = vec![None; candidates.len()];
    let word = |i: usize| {
        tokens
            .get(i)
            .and_then(|t| text.get(t.start..t.end))
            .unwrap_or_default()
    };
    for (k, c) in candidates.iter().enumerate() {
        let near = c.last + 1 + usize::from(c.cues.settlement_after);
        let tight = tokens.get(near).is_some_and(|t| t.gap == Gap::Space);
        if !tight || !word(near).eq_ignore_ascii_case("near") {
            continue;
        }
        let Some(m) = candidates.iter().position(|n| n.first == near + 1) else {
            continue;
        };
        let town = picks
            .get(m)
            .copied()
            .flatten()
            .and_then(|i| g.entry(i))
            .filter(|e| e.kind == Kind::City);
        let place = picks.get(k).copied().flatten().and_then(|i| g.entry(i));
        if let (Some(t), Some(p)) = (town, place) {
            // Only within one country: across two, the town's reading is as doubtful.
            if matches!(p.kind, Kind::City | Kind::Feature) && p.cc == t.cc && km(t, p) > NEAR_KM {
                if let (Some(slot), Some(d)) = (picks.get_mut(k), dropped.get_mut(k)) {
                    *slot = None;
                    *d = candidates
                        .get(m)
                        .and_then(|n| text.get(n.span.start..n.span.end))
                        .map(str::to_string);
                }
            }
        }
    }
    dropped
}
