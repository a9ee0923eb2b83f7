//! Toponym resolution: each recognised name's gazetteer candidates scored by feature kind,
//! population, the words around it ("province", "Paris, Texas") and the other places of the
//! article (their countries and first-level regions).

use crate::gazetteer::{Entry, Gazetteer, Kind};
use crate::normalize::normalize;
use crate::recognise::{Candidate, Gap, Source, Token};
use std::collections::HashMap;
use vigil_core::{Place, PlacePrecision};

/// Reason given for every place when no gazetteer is loaded.
pub(crate) const NO_GAZETTEER: &str =
    "no gazetteer loaded: run scripts/gazetteer or set VIGIL_GAZETTEER";

/// Resolves recognised candidates to places.
pub(crate) fn resolve(
    text: &str,
    tokens: &[Token],
    candidates: &[Candidate],
    gazetteer: Option<&Gazetteer>,
) -> Vec<Place> {
    let Some(g) = gazetteer else {
        return candidates
            .iter()
            .map(|c| unresolved(text, c, NO_GAZETTEER))
            .collect();
    };
    // Candidate entries per recognised name.
    let options: Vec<Vec<(u32, bool)>> = candidates.iter().map(|c| options_for(g, c)).collect();

    // First pass: the best entry of each name without article context, to find the article's
    // countries and regions.
    let first_pass: Vec<Option<u32>> = candidates
        .iter()
        .zip(&options)
        .map(|(c, opts)| best(g, c, opts, |_| 0.0))
        .collect();
    let mut country_weight: HashMap<&str, f32> = HashMap::new();
    // (cc, admin1) → support from each name (by index), so a name does not support itself.
    let mut admin1_support: HashMap<(&str, &str), Vec<(usize, f32)>> = HashMap::new();
    let mut total = 0.0f32;
    for (k, (pick, opts)) in first_pass.iter().zip(&options).enumerate() {
        let Some(e) = pick.and_then(|i| g.entry(i)) else {
            continue;
        };
        if e.cc.is_empty() {
            continue;
        }
        // An ambiguous name says less about the article's country than an unambiguous one.
        let w = if opts.len() == 1 { 1.0 } else { 0.6 };
        *country_weight.entry(e.cc.as_str()).or_default() += w;
        total += w;
        let support = match e.kind {
            Kind::Admin1 => 1.0,
            Kind::City | Kind::Admin2 if !e.admin1.is_empty() => 0.5,
            _ => 0.0,
        };
        if support > 0.0 {
            admin1_support
                .entry((&e.cc, &e.admin1))
                .or_default()
                .push((k, support));
        }
    }
    let support_for = |k: usize, e: &Entry| -> f32 {
        admin1_support
            .get(&(e.cc.as_str(), e.admin1.as_str()))
            .map_or(0.0, |list| {
                list.iter()
                    .filter(|(j, _)| *j != k)
                    .map(|(_, w)| w)
                    .sum::<f32>()
                    .min(1.0)
            })
    };

    let mut places = Vec::with_capacity(candidates.len());
    let mut picks: Vec<Option<u32>> = vec![None; candidates.len()];
    for (k, (c, opts)) in candidates.iter().zip(&options).enumerate() {
        // "Paris, Texas" / "Kabul, Afghanistan": the name after the comma constrains this one.
        let container = candidates.get(k + 1).filter(|n| {
            n.first == c.last + 1 && tokens.get(n.first).is_some_and(|t| t.gap == Gap::Comma)
        });
        let container_entries: Vec<&Entry> = container
            .map(|n| {
                options_for(g, n)
                    .iter()
                    .filter_map(|&(i, _)| g.entry(i))
                    .filter(|e| matches!(e.kind, Kind::Admin1 | Kind::Country))
                    .collect()
            })
            .unwrap_or_default();
        let context = |e: &Entry| -> f32 {
            let mut s = 0.0;
            if total > 0.0 && !e.cc.is_empty() {
                s += 4.0 * country_weight.get(e.cc.as_str()).copied().unwrap_or(0.0) / total;
            }
            if !e.admin1.is_empty() {
                let w = support_for(k, e);
                s += if e.kind == Kind::Admin1 {
                    5.0 * w
                } else {
                    3.0 * w
                };
            }
            for ce in &container_entries {
                let inside = match ce.kind {
                    Kind::Country => ce.cc == e.cc,
                    _ => ce.cc == e.cc && ce.admin1 == e.admin1,
                };
                if inside && !std::ptr::eq(*ce, e) {
                    s += 10.0;
                }
            }
            s
        };
        let pick = best(g, c, opts, context);
        picks[k] = pick;
        let place = match (&c.source, pick.and_then(|i| g.entry(i))) {
            (_, Some(e)) => resolved(g, text, c, e, opts.len()),
            (Source::Shape, None) => unresolved(text, c, "not in the gazetteer"),
            (_, None) => unresolved(text, c, "no gazetteer entry for this name"),
        };
        places.push(place);
    }
    places
}

/// The gazetteer entries a candidate may be, with whether the name is primary for it.
fn options_for(g: &Gazetteer, c: &Candidate) -> Vec<(u32, bool)> {
    match &c.source {
        Source::Gazetteer(postings) => {
            let mut opts: Vec<(u32, bool)> =
                postings.iter().map(|p| (p.entry, p.primary)).collect();
            // A country name is never a town or a building of the same name.
            let country_named = opts.iter().any(|&(i, primary)| {
                primary
                    && g.entry(i)
                        .is_some_and(|e| matches!(e.kind, Kind::Country | Kind::Continent))
            });
            if country_named {
                opts.retain(|&(i, _)| {
                    g.entry(i).is_some_and(|e| {
                        !matches!(e.kind, Kind::City | Kind::Feature | Kind::Admin2)
                    })
                });
            }
            opts
        }
        Source::Demonym(target) => {
            if target.len() == 2 && target.chars().all(|c| c.is_ascii_uppercase()) {
                g.country(target)
                    .map(|i| vec![(i, true)])
                    .unwrap_or_default()
            } else {
                g.lookup_key(&normalize(target))
                    .iter()
                    .filter(|p| {
                        g.entry(p.entry)
                            .is_some_and(|e| matches!(e.kind, Kind::Continent | Kind::Region))
                    })
                    .map(|p| (p.entry, true))
                    .take(1)
                    .collect()
            }
        }
        Source::Shape => Vec::new(),
    }
}

/// Prior score of an entry: feature kind, population, and whether the name is its own.
fn prior(e: &Entry, primary: bool) -> f32 {
    let kind = match e.kind {
        Kind::Continent => 9.0,
        Kind::Country => 10.0,
        Kind::Region => 8.0,
        Kind::Admin1 => 6.0,
        Kind::Admin2 => 3.0,
        Kind::City => 0.0,
        Kind::Feature => 3.0,
    };
    let pop = match e.kind {
        Kind::Continent | Kind::Region | Kind::Feature if e.population == 0 => 6.0,
        _ => ((e.population as f32) + 1.0).log10(),
    };
    let capital = if e.fcode == "PPLC" { 1.5 } else { 0.0 };
    kind + pop + capital + if primary { 3.0 } else { 0.0 }
}

fn best(
    g: &Gazetteer,
    c: &Candidate,
    opts: &[(u32, bool)],
    context: impl Fn(&Entry) -> f32,
) -> Option<u32> {
    let mut best: Option<(f32, u32)> = None;
    for &(i, primary) in opts {
        let Some(e) = g.entry(i) else { continue };
        let mut s = prior(e, primary) + context(e);
        if c.cues.admin_after.is_some() {
            if e.kind == Kind::Admin1 {
                s += 8.0;
            }
        } else if c.cues.admin2_after && e.kind == Kind::Admin2 {
            s += 8.0;
        }
        if matches!(e.kind, Kind::Admin1 | Kind::Admin2)
            && c.cues.admin_after.is_none()
            && !c.cues.admin2_after
        {
            // A bare name that is both a region and a city inside it is the city (Kabul).
            let city_inside = opts.iter().any(|&(j, _)| {
                g.entry(j).is_some_and(|o| {
                    o.kind == Kind::City
                        && o.cc == e.cc
                        && o.admin1 == e.admin1
                        && o.population >= 10_000
                })
            });
            if city_inside {
                s -= 9.0;
            }
        }
        if c.cues.city_after && e.kind == Kind::City {
            s += 3.0;
        }
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, i));
        }
    }
    best.map(|(_, i)| i)
}

fn resolved(g: &Gazetteer, text: &str, c: &Candidate, e: &Entry, n_options: usize) -> Place {
    let precision = match e.kind {
        Kind::Continent | Kind::Region => PlacePrecision::Region,
        Kind::Country => PlacePrecision::Country,
        Kind::Admin1 | Kind::Admin2 => PlacePrecision::Admin1,
        Kind::City => PlacePrecision::City,
        Kind::Feature => PlacePrecision::Point,
    };
    let admin1 = match e.kind {
        Kind::Admin1 => Some(e.name.clone()),
        _ if !e.admin1.is_empty() => g.admin1(&e.cc, &e.admin1).map(|a| a.name.clone()),
        _ => None,
    };
    let recognition = 1.0 / (1.0 + (-(c.score - 1.5)).exp());
    let ambiguity = if n_options <= 1 { 1.0 } else { 0.85 };
    Place {
        name: text
            .get(c.span.start..c.span.end)
            .unwrap_or_default()
            .to_string(),
        span: c.span,
        gazetteer_id: Some(e.id.clone()),
        canonical_name: Some(e.name.clone()),
        lat: Some(f64::from(e.lat)),
        lon: Some(f64::from(e.lon)),
        feature: Some(e.fcode.clone()),
        admin1,
        country_code: (!e.cc.is_empty()).then(|| e.cc.clone()),
        precision: Some(precision),
        confidence: (recognition * ambiguity).clamp(0.0, 1.0),
        nationality: matches!(c.source, Source::Demonym(_)),
        qualifier: qualifier(c),
        unresolved: None,
    }
}

fn qualifier(c: &Candidate) -> Option<String> {
    if c.cues.border_after {
        return Some("border".into());
    }
    c.cues
        .direction
        .clone()
        .or_else(|| c.cues.admin_after.clone())
}

fn unresolved(text: &str, c: &Candidate, reason: &str) -> Place {
    Place {
        name: text
            .get(c.span.start..c.span.end)
            .unwrap_or_default()
            .to_string(),
        span: c.span,
        gazetteer_id: None,
        canonical_name: None,
        lat: None,
        lon: None,
        feature: None,
        admin1: None,
        country_code: None,
        precision: None,
        confidence: (1.0 / (1.0 + (-(c.score - 1.5)).exp()) * 0.5).clamp(0.0, 1.0),
        nationality: matches!(c.source, Source::Demonym(_)),
        qualifier: qualifier(c),
        unresolved: Some(reason.to_string()),
    }
}
