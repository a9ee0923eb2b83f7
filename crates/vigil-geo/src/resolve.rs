//! Toponym resolution: each recognised name's gazetteer candidates scored by feature kind,
//! population, the words around it ("province", "Paris, Texas") and the other places of the
//! article (their countries and first-level regions).

use crate::gazetteer::{Entry, Gazetteer, Kind};
use crate::normalize::{normalize, skeleton_variants};
use crate::recognise::{Candidate, Source, Token};
use crate::villages::{drop_far_from_near, km, place_villages, NEAR_KM};
use std::collections::HashMap;
use vigil_core::{EntityKind, Language, Place, PlacePrecision};

/// Reason given for every place when no gazetteer is loaded.
pub(crate) const NO_GAZETTEER: &str =
    "no gazetteer loaded: run scripts/gazetteer or set VIGIL_GAZETTEER";

/// Resolves recognised candidates to places.
pub(crate) fn resolve(
    text: &str,
    tokens: &[Token],
    candidates: &[Candidate],
    gazetteer: Option<&Gazetteer>,
    language: &Language,
) -> Vec<Place> {
    let Some(g) = gazetteer else {
        return candidates
            .iter()
            .map(|c| unresolved(text, c, NO_GAZETTEER))
            .collect();
    };
    // Candidate entries per recognised name.
    // The written names, so that repeats of one name do not vouch for themselves.
    let keys: Vec<String> = candidates
        .iter()
        .map(|c| normalize(text.get(c.span.start..c.span.end).unwrap_or_default()))
        .collect();
    let options: Vec<Vec<(u32, bool)>> = candidates
        .iter()
        .zip(&keys)
        .map(|(c, key)| options_for(g, c, key))
        .collect();

    // Pass 1: each name on its own. Its picks give the article's countries; the regions come
    // from every reading of every name (soft), so that "Paris" and "Henry County" can agree
    // on Tennessee even when neither's most likely reading is there.
    let picks: Vec<Option<u32>> = candidates
        .iter()
        .zip(&options)
        .map(|(c, opts)| best(g, c, opts, |_, _| 0.0))
        .collect();
    let hierarchy = Hierarchy::new(g, &options, &keys);
    let currency = currency_country(text);
    let mut ctx = ArticleContext::from_picks(g, &picks, &options, &keys);
    ctx.add_currency(currency);
    let soft = soft_admin1_support(g, &options, &keys);
    ctx.admin1 = soft.clone();
    // Pass 2: with that context; pass 3: with the context of pass 2's picks.
    let picks = resolve_pass(g, tokens, candidates, &options, &keys, &ctx, &hierarchy);
    let mut ctx = ArticleContext::from_picks(g, &picks, &options, &keys);
    ctx.add_currency(currency);
    // Regions the picks point into, and (more weakly) those all readings point into.
    for (region, names) in soft {
        let slot = ctx.admin1.entry(region).or_default();
        for (key, w) in names {
            let v = slot.entry(key).or_default();
            *v = v.max(0.5 * w);
        }
    }
    let mut picks = resolve_pass(g, tokens, candidates, &options, &keys, &ctx, &hierarchy);
    one_sense_per_article(g, candidates, &options, &keys, &mut picks);
    // The home countries of the armed groups and forces the text names: weak evidence for
    // names the gazetteer spells otherwise ("Taliban … in Ghaziabad district, Kunar").
    let actor_countries: Vec<String> = language
        .entities
        .iter()
        .filter(|e| matches!(e.kind, EntityKind::ArmedGroup | EntityKind::StateForce))
        .filter_map(|e| e.country.clone())
        .collect();
    let contained: Vec<Option<Vec<usize>>> = (0..candidates.len())
        .map(|k| containers(text, tokens, candidates, k))
        .collect();
    place_villages(g, candidates, &keys, &contained, &mut picks);
    let names = Names {
        text,
        candidates,
        options: &options,
        keys: &keys,
        contained: &contained,
    };
    let mut outside = second_look(g, &names, &actor_countries, &mut picks);
    let far = drop_far_from_near(g, text, tokens, candidates, &mut picks);
    for (slot, town) in outside.iter_mut().zip(far) {
        if town.is_some() {
            *slot = town;
        }
    }
    candidates
        .iter()
        .zip(&options)
        .zip(&picks)
        .zip(&outside)
        // A word only a village bears, with nothing in the text placing it, is not a place.
        .filter(|(((c, _), pick), _)| !matches!(c.source, Source::Village(_)) || pick.is_some())
        .map(
            |(((c, opts), pick), outside)| match (&c.source, pick.and_then(|i| g.entry(i))) {
                (_, Some(e)) => resolved(g, text, c, e, opts.len()),
                _ if outside.is_some() => unresolved(
                    text,
                    c,
                    &format!(
                        "no gazetteer entry of this name within or near {}",
                        outside.as_deref().unwrap_or_default()
                    ),
                ),
                (Source::Shape(_), None) => unresolved(text, c, "not in the gazetteer"),
                (_, None) => unresolved(text, c, "no gazetteer entry for this name"),
            },
        )
        .collect()
}

/// The recognised names of an article with what the gazetteer offers for each.
#[derive(Clone, Copy)]
struct Names<'a> {
    text: &'a str,
    candidates: &'a [Candidate],
    /// Per candidate: (entry, whether the name is the entry's own).
    options: &'a [Vec<(u32, bool)>],
    /// Per candidate: the normalised name.
    keys: &'a [String],
    /// Per candidate: the candidates naming its containers (see [`containers`]).
    contained: &'a [Option<Vec<usize>>],
}

/// The later candidates that name the places containing candidate `k`, most specific first:
/// "Laag village (Bossaso, Bari)", "(Bossaso, Bari)", "Ghaziabad district, Kunar". A plain
/// "X, Y" is left to the resolver's context (it may be a list: "Paris, London and Berlin").
fn containers(
    text: &str,
    tokens: &[Token],
    candidates: &[Candidate],
    k: usize,
) -> Option<Vec<usize>> {
    let c = candidates.get(k)?;
    let mut t = c.last + 1;
    let settlement = c.cues.settlement_after;
    if settlement {
        t += 1;
    }
    let prev_end = tokens.get(t - 1)?.end;
    let next = tokens.get(t)?;
    let between = text.get(prev_end..next.start)?.trim();
    let bracketed_before = text
        .get(..c.span.start)
        .is_some_and(|b| b.trim_end().ends_with('('));
    let bracket = match between {
        "(" => true,
        "," if settlement || bracketed_before => false,
        _ => return None,
    };
    let m = candidates.iter().position(|n| n.first == t)?;
    let mut out = vec![m];
    if let (Some(p), Some(n)) = (candidates.get(m), candidates.get(m + 1)) {
        if p.comma_then(n, tokens) {
            out.push(m + 1);
        }
    }
    // "Republic of Korea (DPRK)" is a name and its abbreviation, not a place and its region;
    // "Mirarani (Lamu county)" names its region.
    let admin = candidates
        .get(m)
        .is_some_and(|n| n.cues.admin_after.is_some() || n.cues.admin2_after);
    if bracket && out.len() < 2 && !settlement && !admin {
        return None;
    }
    Some(out)
}

/// A second look at names the passes left unresolved, or resolved outside the places the text
/// puts them in: their transliteration skeletons are compared with the entries of the
/// containing region ("Bossaso (…, Bari)" → Bosaso), of the article's countries, or, for a
/// containing name itself, with every country's first-level regions ("Kunar" → Konar).
/// Works from the end of the text so containers are settled before what they contain.
/// Returns, per candidate, the container's name when a pick was dropped for lying outside it.
fn second_look(
    g: &Gazetteer,
    names: &Names<'_>,
    actor_countries: &[String],
    picks: &mut [Option<u32>],
) -> Vec<Option<String>> {
    let Names {
        text,
        candidates,
        options,
        keys,
        contained,
    } = *names;
    let mut outside: Vec<Option<String>> = vec![None; candidates.len()];
    let first_picks = picks.to_vec();
    // The article's countries, by how many names resolved into them.
    let mut countries: Vec<(String, usize)> = Vec::new();
    for e in picks.iter().filter_map(|p| p.and_then(|i| g.entry(i))) {
        if e.cc.is_empty() || matches!(e.kind, Kind::Continent | Kind::Region) {
            continue;
        }
        match countries.iter_mut().find(|(cc, _)| *cc == e.cc) {
            Some((_, n)) => *n += 1,
            None => countries.push((e.cc.clone(), 1)),
        }
    }
    countries.sort_by_key(|c| std::cmp::Reverse(c.1));
    for cc in actor_countries {
        if !countries.iter().any(|(c, _)| c == cc) {
            countries.push((cc.clone(), 0));
        }
    }
    let mut is_container = vec![false; candidates.len()];
    for &m in contained.iter().flatten().flatten() {
        if let Some(slot) = is_container.get_mut(m) {
            *slot = true;
        }
    }

    for k in (0..candidates.len()).rev() {
        let Some(c) = candidates.get(k) else { continue };
        if matches!(c.source, Source::Demonym(_)) {
            continue;
        }
        let key = keys.get(k).map_or("", String::as_str);
        let skels: Vec<String> = skeleton_variants(key)
            .into_iter()
            .filter(|s| s.len() >= 2)
            .collect();
        let long: Vec<String> = skels.iter().filter(|s| s.len() >= 3).cloned().collect();
        let pick = picks.get(k).copied().flatten().and_then(|i| g.entry(i));
        let contained = contained.get(k).and_then(Option::as_ref);
        // The most specific resolved container, when its reading is sure enough to judge by:
        // a region, or a town by its own name ("Baydhaba" read as an old name of Abu Dhabi is
        // not).
        let container = contained.and_then(|list| {
            list.iter().find_map(|&m| {
                let i = picks.get(m).copied().flatten()?;
                let e = g.entry(i)?;
                let own_name = options
                    .get(m)
                    .is_some_and(|o| o.iter().any(|&(j, primary)| j == i && primary));
                let sure =
                    matches!(e.kind, Kind::Admin1 | Kind::Admin2 | Kind::Country) || own_name;
                sure.then_some((m, e))
            })
        });
        // A town named among the containers, sure or not ("(Afmadow, Lower Juba)"), as the
        // passes read it (not respelled here): another spelling found in the wider container
        // must lie near it.
        let town = contained.and_then(|list| {
            list.iter().find_map(|&m| {
                let i = picks.get(m).copied().flatten()?;
                let e = g.entry(i)?;
                let as_read = first_picks.get(m).copied().flatten() == Some(i);
                (e.kind == Kind::City && as_read).then_some(e)
            })
        });
        let in_countries = |admin1_only: bool| {
            countries.iter().find_map(|(cc, _)| {
                let hits: Vec<u32> = g
                    .regions_by_skeleton(cc, &long)
                    .into_iter()
                    .filter(|&i| !admin1_only || g.entry(i).is_some_and(|e| e.kind == Kind::Admin1))
                    .collect();
                most_populous(g, &hits)
            })
        };
        // Anywhere, when only one country's first-level region has the skeleton: for a
        // containing name ("district, Kunar") or one called a province ("Kunar province").
        let anywhere = || {
            let all = g.admin1_by_skeleton(&long);
            (all.len() == 1).then(|| all.first().copied()).flatten()
        };
        let found = match container {
            Some((_, ce)) if pick.is_none_or(|e| !within(e, ce)) => {
                // The name as written first (villages included), also run together
                // ("Guri-Ceel": Guriceel), then its skeleton.
                let joined = key.replace(' ', "");
                let exact: Vec<u32> = g
                    .lookup_key(key)
                    .into_iter()
                    .chain(g.minor_places(key))
                    .chain(
                        (joined != key)
                            .then(|| {
                                g.lookup_key(&joined)
                                    .into_iter()
                                    .chain(g.minor_places(&joined))
                            })
                            .into_iter()
                            .flatten(),
                    )
                    .map(|p| p.entry)
                    .filter(|&i| {
                        g.entry(i).is_some_and(|e| {
                            within(e, ce) && matches!(e.kind, Kind::City | Kind::Admin2)
                        })
                    })
                    .collect();
                let spelled = exact.is_empty();
                let mut hits = match ce.kind {
                    _ if !spelled => exact,
                    Kind::Country => g.regions_by_skeleton(&ce.cc, &skels),
                    _ if ce.admin1.is_empty() => Vec::new(),
                    _ => g.places_by_skeleton(&ce.cc, &ce.admin1, &skels),
                };
                if let Some(t) = town.filter(|_| spelled && ce.kind != Kind::City) {
                    hits.retain(|&i| g.entry(i).is_some_and(|e| km(e, t) <= NEAR_KM));
                }
                // Another spelling inside a town's surroundings must lie near the town; a
                // district ("Maywand district, Kandahar") anywhere in the town's region.
                let near_town = spelled && ce.kind == Kind::City && !c.cues.admin2_after;
                likeliest(g, &hits, ce, near_town)
            }
            None if pick.is_none() && !long.is_empty() => {
                let wide = is_container.get(k).copied().unwrap_or(false)
                    || c.cues.admin_after.is_some()
                    || contained.is_some();
                if wide {
                    in_countries(true)
                        .or_else(anywhere)
                        .or_else(|| in_countries(false))
                } else {
                    in_countries(false)
                }
            }
            _ => None,
        };
        match (found, container) {
            (Some(i), _) => {
                if let Some(p) = picks.get_mut(k) {
                    *p = Some(i);
                }
            }
            // A reading in another region of the container's country stays (the text may
            // name the wrong region); one in another country is dropped.
            (None, Some((m, ce))) if pick.is_some_and(|e| e.cc != ce.cc) => {
                // "Shaw village (Jalalaqsi, Hiraan)" is not Shaw, Minnesota.
                if let Some(p) = picks.get_mut(k) {
                    *p = None;
                }
                if let (Some(slot), Some(cm)) = (outside.get_mut(k), candidates.get(m)) {
                    *slot = text.get(cm.span.start..cm.span.end).map(str::to_string);
                }
            }
            _ => {}
        }
    }
    outside
}

/// One name, one place per article: where a mention of a name carries its own cue ("New York
/// state", "Buffalo, New York", "Lamu County"), the bare mentions of that name elsewhere in
/// the text take the reading that mention was given.
fn one_sense_per_article(
    g: &Gazetteer,
    candidates: &[Candidate],
    options: &[Vec<(u32, bool)>],
    keys: &[String],
    picks: &mut [Option<u32>],
) {
    let cued = |c: &Candidate| {
        c.cues.admin_after.is_some()
            || c.cues.admin2_after
            || c.cues.office_after
            || c.cues.container
            || c.cues.city_after
    };
    // Name → the reading its cued mentions agree on (None: they disagree, which settles nothing).
    let mut sense: HashMap<&str, Option<u32>> = HashMap::new();
    for ((c, key), pick) in candidates.iter().zip(keys).zip(picks.iter()) {
        if let Some(i) = pick.filter(|_| cued(c) && !matches!(c.source, Source::Demonym(_))) {
            let slot = sense.entry(key.as_str()).or_insert(Some(i));
            if *slot != Some(i) {
                *slot = None;
            }
        }
    }
    for (((c, key), opts), pick) in candidates
        .iter()
        .zip(keys)
        .zip(options)
        .zip(picks.iter_mut())
    {
        let Some(&Some(i)) = sense.get(key.as_str()) else {
            continue;
        };
        if !cued(c) && opts.iter().any(|&(o, _)| o == i) && g.entry(i).is_some() {
            *pick = Some(i);
        }
    }
}

/// The country of the first amount of money written with a currency sign: "$" and "US$" are
/// US dollars, "C$", "A$", "NZ$", "HK$", "S$" those of Canada, Australia, New Zealand, Hong
/// Kong and Singapore; "£" is the pound sterling, "₹" the Indian rupee.
fn currency_country(text: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let digit_after = bytes
            .get(i + c.len_utf8())
            .is_some_and(|b| b.is_ascii_digit());
        if !digit_after {
            continue;
        }
        match c {
            '£' => return Some("GB"),
            '₹' => return Some("IN"),
            '$' => {
                let before = text.get(..i).unwrap_or_default();
                let start = before
                    .trim_end_matches(|c: char| c.is_ascii_uppercase())
                    .len();
                return match before.get(start..).unwrap_or_default() {
                    "" | "US" => Some("US"),
                    "C" | "CA" => Some("CA"),
                    "A" | "AU" => Some("AU"),
                    "NZ" => Some("NZ"),
                    "HK" => Some("HK"),
                    "S" => Some("SG"),
                    _ => None,
                };
            }
            _ => {}
        }
    }
    None
}

/// Whether entry `e` lies within container `ce`: its country, or its first-level region (a
/// town container stands for its region).
fn within(e: &Entry, ce: &Entry) -> bool {
    e.cc == ce.cc
        && match ce.kind {
            Kind::Country => true,
            _ => ce.admin1.is_empty() || e.admin1 == ce.admin1,
        }
}

/// The entry of `hits` a name inside container `ce` most likely means: the nearest to a town
/// container (within [`NEAR_KM`] when `near_town`); else first-level regions first, then the
/// most populous, then district seats (villages and district towns have no population in the
/// data).
fn likeliest(g: &Gazetteer, hits: &[u32], ce: &Entry, near_town: bool) -> Option<u32> {
    let entries = hits.iter().filter_map(|&i| g.entry(i).map(|e| (i, e)));
    if ce.kind == Kind::City {
        // A namesake far from the town is another place (the one meant may be missing).
        return entries
            .map(|(i, e)| (i, km(e, ce)))
            .filter(|&(_, d)| !near_town || d <= NEAR_KM)
            .min_by(|(_, a), (_, b)| a.total_cmp(b))
            .map(|(i, _)| i);
    }
    entries
        .max_by_key(|(_, e)| {
            (
                e.kind == Kind::Admin1,
                e.population,
                e.fcode.starts_with("PPLA"),
            )
        })
        .map(|(i, _)| i)
}

/// The entry of `hits` with the largest population (first-level regions first).
fn most_populous(g: &Gazetteer, hits: &[u32]) -> Option<u32> {
    hits.iter()
        .copied()
        .filter_map(|i| g.entry(i).map(|e| (i, e)))
        .max_by_key(|(_, e)| (e.kind == Kind::Admin1, e.population))
        .map(|(i, _)| i)
}

/// (cc, admin1) → name key → weight of that name's support for the region.
type RegionSupport = HashMap<(String, String), HashMap<String, f32>>;

/// What the other places of an article say: how often each country comes up, and which
/// first-level regions the other names point into.
#[derive(Default)]
struct ArticleContext {
    /// cc → name key → summed weight of its mentions resolved into that country.
    country_weight: HashMap<String, HashMap<String, f32>>,
    /// name key → total weight of its mentions.
    key_total: HashMap<String, f32>,
    total: f32,
    /// (cc, admin1) → name key → weight of the names pointing into it.
    admin1: RegionSupport,
}

impl ArticleContext {
    fn from_picks(
        g: &Gazetteer,
        picks: &[Option<u32>],
        options: &[Vec<(u32, bool)>],
        keys: &[String],
    ) -> ArticleContext {
        let mut ctx = ArticleContext::default();
        for ((pick, opts), key) in picks.iter().zip(options).zip(keys) {
            let Some(e) = pick.and_then(|i| g.entry(i)) else {
                continue;
            };
            if e.cc.is_empty() {
                continue;
            }
            // An ambiguous name says less about the article's country than an unambiguous one.
            let w = if opts.len() == 1 { 1.0 } else { 0.6 };
            *ctx.country_weight
                .entry(e.cc.clone())
                .or_default()
                .entry(key.clone())
                .or_default() += w;
            *ctx.key_total.entry(key.clone()).or_default() += w;
            ctx.total += w;
            let support = match e.kind {
                Kind::Admin1 => 1.0,
                Kind::Admin2 if !e.admin1.is_empty() => 0.7,
                Kind::City if !e.admin1.is_empty() => 0.5,
                _ => 0.0,
            };
            if support > 0.0 {
                let slot = ctx
                    .admin1
                    .entry((e.cc.clone(), e.admin1.clone()))
                    .or_default()
                    .entry(key.clone())
                    .or_default();
                *slot = slot.max(support);
            }
        }
        ctx
    }

    /// Counts the country whose currency the text prices things in ("$765,000" in a local
    /// paper with no other country named) as one more mention of it.
    fn add_currency(&mut self, cc: Option<&str>) {
        let Some(cc) = cc else { return };
        let key = "\u{0}currency".to_string();
        *self
            .country_weight
            .entry(cc.to_string())
            .or_default()
            .entry(key.clone())
            .or_default() += 1.0;
        *self.key_total.entry(key).or_default() += 1.0;
        self.total += 1.0;
    }

    /// Share of the article's other mentions (not of `key`) that lie in country `cc`.
    fn country_share(&self, key: &str, cc: &str) -> f32 {
        let others = self.total - self.key_total.get(key).copied().unwrap_or(0.0);
        if others <= 0.0 {
            return 0.0;
        }
        let in_cc: f32 = self.country_weight.get(cc).map_or(0.0, |m| {
            m.iter()
                .filter(|(k, _)| k.as_str() != key)
                .map(|(_, w)| w)
                .sum()
        });
        in_cc / others
    }

    /// Support (0..1) for `e`'s first-level region from names other than `key`.
    fn admin1_support(&self, key: &str, e: &Entry) -> f32 {
        if e.admin1.is_empty() {
            return 0.0;
        }
        self.admin1
            .get(&(e.cc.clone(), e.admin1.clone()))
            .map_or(0.0, |m| {
                m.iter()
                    .filter(|(k, _)| k.as_str() != key)
                    .map(|(_, w)| w)
                    .sum()
            })
            .min(1.0)
    }
}

/// Places and the second-level regions they lie in, across all readings of the article's
/// names: "Paris" and "Henry County" agree on Paris, Tennessee, inside Henry County, Tennessee.
#[derive(Default)]
struct Hierarchy {
    /// (cc, admin1, normalised county name) → keys of names that can be that county.
    counties: HashMap<(String, String, String), Vec<String>>,
    /// (cc, admin1, normalised county name) → keys of names that can be a place inside it.
    members: HashMap<(String, String, String), Vec<String>>,
}

impl Hierarchy {
    fn new(g: &Gazetteer, options: &[Vec<(u32, bool)>], keys: &[String]) -> Hierarchy {
        let mut h = Hierarchy::default();
        for (opts, key) in options.iter().zip(keys) {
            for &(i, primary) in opts {
                let Some(e) = g.entry(i) else { continue };
                if !primary {
                    continue;
                }
                let (map, county) = match e.kind {
                    Kind::Admin2 => (&mut h.counties, normalize(&e.name)),
                    Kind::City if !e.admin2.is_empty() => (&mut h.members, e.admin2.clone()),
                    _ => continue,
                };
                let list = map
                    .entry((e.cc.clone(), e.admin1.clone(), county))
                    .or_default();
                if !list.contains(key) {
                    list.push(key.clone());
                }
            }
        }
        h
    }

    /// 1 when another name of the article is the county `e` lies in, or a place inside the
    /// county `e` is; else 0.
    fn support(&self, key: &str, e: &Entry) -> f32 {
        let (map, county) = match e.kind {
            Kind::City if !e.admin2.is_empty() => (&self.counties, e.admin2.clone()),
            Kind::Admin2 => (&self.members, normalize(&e.name)),
            _ => return 0.0,
        };
        let other = map
            .get(&(e.cc.clone(), e.admin1.clone(), county))
            .is_some_and(|l| l.iter().any(|k| k != key));
        if other {
            1.0
        } else {
            0.0
        }
    }
}

/// Region support from all readings of each name, each name's weight spread over the regions
/// its readings lie in.
fn soft_admin1_support(
    g: &Gazetteer,
    options: &[Vec<(u32, bool)>],
    keys: &[String],
) -> RegionSupport {
    let mut out = RegionSupport::new();
    for (opts, key) in options.iter().zip(keys) {
        let mut regions: HashMap<(String, String), f32> = HashMap::new();
        for &(i, primary) in opts {
            let Some(e) = g.entry(i) else { continue };
            if !primary || e.admin1.is_empty() {
                continue;
            }
            let w = match e.kind {
                Kind::Admin1 => 1.0,
                Kind::Admin2 => 0.7,
                Kind::City => 0.5,
                _ => 0.0,
            };
            let slot = regions.entry((e.cc.clone(), e.admin1.clone())).or_default();
            *slot = slot.max(w);
        }
        let spread = (regions.len().max(1) as f32).powf(0.3);
        for (region, w) in regions {
            let slot = out
                .entry(region)
                .or_default()
                .entry(key.clone())
                .or_default();
            *slot = slot.max(w / spread);
        }
    }
    out
}

/// One resolution pass over all names with a given article context.
fn resolve_pass(
    g: &Gazetteer,
    tokens: &[Token],
    candidates: &[Candidate],
    options: &[Vec<(u32, bool)>],
    keys: &[String],
    ctx: &ArticleContext,
    hierarchy: &Hierarchy,
) -> Vec<Option<u32>> {
    let mut picks = Vec::with_capacity(candidates.len());
    for (k, (c, opts)) in candidates.iter().zip(options).enumerate() {
        let key = keys.get(k).map_or("", String::as_str);
        // "Paris, Texas" / "Kabul, Afghanistan": the name after the comma constrains this one.
        let container = candidates.get(k + 1).filter(|n| c.comma_then(n, tokens));
        let container_entries: Vec<&Entry> = container
            .and_then(|_| options.get(k + 1))
            .map(|o| {
                o.iter()
                    .filter_map(|&(i, _)| g.entry(i))
                    .filter(|e| matches!(e.kind, Kind::Admin1 | Kind::Country))
                    .collect()
            })
            .unwrap_or_default();
        // "Georgia": a name that is a country and also a first-level region of another.
        let names_a_country = |cc: &str| {
            opts.iter().any(|&(i, _)| {
                g.entry(i)
                    .is_some_and(|o| o.kind == Kind::Country && o.cc != cc)
            })
        };
        let context = |e: &Entry, primary: bool| -> f32 {
            let mut s = 0.0;
            if !e.cc.is_empty() {
                s += 6.0 * ctx.country_share(key, &e.cc);
            }
            // In an article about that other country's places, the region is meant.
            if e.kind == Kind::Admin1 && names_a_country(&e.cc) {
                s += 8.0 * ctx.country_share(key, &e.cc);
            }
            s += 3.0 * hierarchy.support(key, e);
            let w = ctx.admin1_support(key, e);
            s += if e.kind == Kind::Admin1 {
                5.0 * w
            } else {
                3.0 * w
            };
            for ce in &container_entries {
                let inside = match ce.kind {
                    Kind::Country => ce.cc == e.cc,
                    _ => ce.cc == e.cc && ce.admin1 == e.admin1,
                };
                // Writers qualify a place by its own name ("Cabool, Missouri"); a variant
                // spelling followed by a country is the famous place and a country used as an
                // adjective ("in Kabul, U.S. officials say" is not Cabool, US).
                if inside && primary && !std::ptr::eq(*ce, e) {
                    s += 10.0;
                }
            }
            s
        };
        picks.push(best(g, c, opts, context));
    }
    picks
}

/// The gazetteer entries a candidate may be, with whether the name is primary for it.
fn options_for(g: &Gazetteer, c: &Candidate, key: &str) -> Vec<(u32, bool)> {
    let mut opts = own_options(g, c);
    // "Barrow and Jackson counties": the counties, named in full in the gazetteer.
    if c.cues.admin2_after && !matches!(c.source, Source::Demonym(_)) {
        for suffix in ["county", "parish", "district", "borough"] {
            for p in g.lookup_key(&format!("{key} {suffix}")) {
                let admin2 = g.entry(p.entry).is_some_and(|e| e.kind == Kind::Admin2);
                if admin2 && !opts.iter().any(|&(i, _)| i == p.entry) {
                    opts.push((p.entry, true));
                }
            }
        }
    }
    opts
}

/// The entries the candidate's own match offers (its postings, demonym target or facility's
/// containing place).
fn own_options(g: &Gazetteer, c: &Candidate) -> Vec<(u32, bool)> {
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
                // A continent, a large region or a first-level region ("English": England).
                g.lookup_key(&normalize(target))
                    .iter()
                    .filter_map(|p| Some((p.entry, g.entry(p.entry)?)))
                    .filter(|(_, e)| {
                        matches!(e.kind, Kind::Continent | Kind::Region | Kind::Admin1)
                    })
                    .max_by_key(|(_, e)| (e.kind != Kind::Admin1, e.population))
                    .map(|(i, _)| vec![(i, true)])
                    .unwrap_or_default()
            }
        }
        Source::Shape(within) => within.iter().map(|p| (p.entry, p.primary)).collect(),
        // Villages are placed only with support, after the passes (`place_villages`).
        Source::Village(_) => Vec::new(),
    }
}

/// Prior score of an entry: feature kind, population, and whether the name is its own.
fn prior(e: &Entry, primary: bool) -> f32 {
    let kind = match e.kind {
        Kind::Continent => 9.0,
        Kind::Country => 10.0,
        Kind::Region => 8.0,
        Kind::Admin1 => 4.0,
        // A county named like a town ("Cambridge") is rarely what a bare name means.
        Kind::Admin2 if e.name.contains(' ') => 1.0,
        Kind::Admin2 => -3.0,
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
    context: impl Fn(&Entry, bool) -> f32,
) -> Option<u32> {
    let mut best: Option<(f32, u32)> = None;
    for &(i, primary) in opts {
        let Some(e) = g.entry(i) else { continue };
        let mut s = prior(e, primary) + context(e, primary);
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
            // A bare name that is both a region and a city inside it is the city (Kabul), unless
            // the city is a small part of the region (Quebec, Oaxaca: the province); a national
            // capital always is (Washington).
            let city_inside = opts.iter().any(|&(j, _)| {
                g.entry(j).is_some_and(|o| {
                    o.kind == Kind::City
                        && o.cc == e.cc
                        && (o.admin1 == e.admin1 || o.fcode == "PPLC")
                        && o.population >= 10_000
                        && (o.fcode == "PPLC" || o.population.saturating_mul(8) >= e.population)
                })
            });
            if city_inside {
                s -= 9.0;
            }
            // A bare name of a small region abroad and of a large city is the city: "Gaza"
            // (not the Mozambican province), "Manchester", "Portland" (not Jamaica's parishes);
            // not where a containing region is named ("Bossaso, Bari").
            let city_elsewhere = opts.iter().any(|&(j, _)| {
                g.entry(j).is_some_and(|o| {
                    o.kind == Kind::City
                        && (o.cc != e.cc || o.admin1 != e.admin1)
                        && o.population >= 100_000
                        && o.population.saturating_mul(4) >= e.population
                })
            });
            if city_elsewhere && !city_inside && e.kind == Kind::Admin1 && !c.cues.container {
                s -= 5.0;
            }
        }
        if c.cues.city_after {
            match e.kind {
                Kind::City => s += 3.0,
                // "Quebec City", "Kabul city": not the province.
                Kind::Admin1 | Kind::Admin2 => s -= 4.0,
                _ => {}
            }
        }
        // "Buffalo, New York", "New York Gov. Cuomo": the state, not the city.
        if (c.cues.office_after || c.cues.container) && e.kind == Kind::Admin1 {
            s += 4.0;
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
    let admin1 = g.admin1_name(e).map(str::to_string);
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
    if matches!(&c.source, Source::Shape(w) if !w.is_empty()) {
        return Some(if c.cues.near { "near" } else { "within" }.into());
    }
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

#[cfg(test)]
mod tests {
    use super::currency_country;

    #[test]
    fn currency_signs_name_a_country() {
        let cases = [
            ("a $765,000 financing package", Some("US")),
            ("it cost US$3.7m", Some("US")),
            ("grants of C$40 million", Some("CA")),
            ("A$12 a share", Some("AU")),
            ("fines of £500", Some("GB")),
            ("₹20 crore", Some("IN")),
            ("the $ sign alone", None),
            ("no money here", None),
            ("XY$5 is unknown", None),
        ];
        for (text, cc) in cases {
            assert_eq!(currency_country(text), cc, "{text}");
        }
    }
}
