//! The compiled gazetteer: entries (countries, first-level regions, counties, populated places,
//! large regions, user additions) and an `fst` map from normalised name to the entries that
//! carry it. Written by [`crate::build`], read here once per process.

use crate::normalize::{normalize, skeleton_key};
use crate::GeoError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// File names inside a gazetteer directory.
pub(crate) const FST_FILE: &str = "names.fst";
pub(crate) const ENTRIES_FILE: &str = "entries.bin";
/// Bumped whenever the binary layout changes, so an old build is reported, not misread.
pub(crate) const FORMAT_VERSION: u32 = 3;

/// What kind of place an entry is; drives resolution priors and precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Continent,
    /// A large region spanning or inside countries (Central Asia, the Sahel, Middle East).
    Region,
    Country,
    Admin1,
    Admin2,
    City,
    /// A point feature: airport, base, border crossing.
    Feature,
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// `geonames:1138958`, `vigil:adm1:AF.13`, `vigil:region:central-asia`, `user:3`.
    pub id: String,
    pub name: String,
    pub lat: f32,
    pub lon: f32,
    pub kind: Kind,
    /// GeoNames-style feature code (`PPL`, `ADM1`, `PCLI`, `CONT`, `RGN`, `AIRP` …).
    pub fcode: String,
    /// ISO 3166-1 alpha-2 country code; empty for continents and multi-country regions.
    pub cc: String,
    /// GeoNames admin1 code within the country (empty when unknown).
    pub admin1: String,
    /// Normalised name of the second-level region a place lies in (empty when unknown).
    pub admin2: String,
    pub population: u64,
}

/// One name → entry link. `primary` is set when the name is the entry's own name, ASCII name or
/// an alias this project curated; alternate names from the data (other languages, old names)
/// are weaker evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posting {
    pub entry: u32,
    pub primary: bool,
}

/// The serialised body of `entries.bin`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct GazetteerData {
    pub format: u32,
    /// Free text saying which packages the build came from.
    pub source: String,
    pub entries: Vec<Entry>,
    /// Indexed by the value the fst map stores for a name.
    pub postings: Vec<Vec<Posting>>,
}

/// A loaded gazetteer.
#[derive(Debug)]
pub struct Gazetteer {
    names: fst::Map<Vec<u8>>,
    data: GazetteerData,
    /// User entries, looked up first; a match here hides the built entries of that name.
    user: HashMap<String, Vec<Posting>>,
    country_by_cc: HashMap<String, u32>,
    admin1_by_code: HashMap<(String, String), u32>,
    location: PathBuf,
}

impl Gazetteer {
    /// Reads a gazetteer directory written by the build step.
    pub fn open(dir: &Path) -> Result<Gazetteer, GeoError> {
        let fst_path = dir.join(FST_FILE);
        let entries_path = dir.join(ENTRIES_FILE);
        let fst_bytes = std::fs::read(&fst_path).map_err(|source| GeoError::Io {
            path: fst_path.display().to_string(),
            source,
        })?;
        let entry_bytes = std::fs::read(&entries_path).map_err(|source| GeoError::Io {
            path: entries_path.display().to_string(),
            source,
        })?;
        let names = fst::Map::new(fst_bytes).map_err(|e| GeoError::Corrupt {
            path: fst_path.display().to_string(),
            message: e.to_string(),
        })?;
        let data: GazetteerData =
            postcard::from_bytes(&entry_bytes).map_err(|e| GeoError::Corrupt {
                path: entries_path.display().to_string(),
                message: e.to_string(),
            })?;
        if data.format != FORMAT_VERSION {
            return Err(GeoError::Corrupt {
                path: entries_path.display().to_string(),
                message: format!(
                    "format {} but this vigil reads format {FORMAT_VERSION}; rebuild with scripts/gazetteer",
                    data.format
                ),
            });
        }
        Ok(Gazetteer::from_parts(names, data, dir.to_path_buf()))
    }

    pub(crate) fn from_parts(
        names: fst::Map<Vec<u8>>,
        data: GazetteerData,
        location: PathBuf,
    ) -> Gazetteer {
        let mut country_by_cc = HashMap::new();
        let mut admin1_by_code = HashMap::new();
        for (i, e) in data.entries.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            match e.kind {
                Kind::Country => {
                    country_by_cc.entry(e.cc.clone()).or_insert(i);
                }
                Kind::Admin1 => {
                    admin1_by_code
                        .entry((e.cc.clone(), e.admin1.clone()))
                        .or_insert(i);
                }
                _ => {}
            }
        }
        Gazetteer {
            names,
            data,
            user: HashMap::new(),
            country_by_cc,
            admin1_by_code,
            location,
        }
    }

    /// Entries one of whose names has one of the skeletons `skels`, each once, that `keep`
    /// accepts.
    fn by_skeleton(&self, skels: &[String], keep: impl Fn(&Entry) -> bool) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for skel in skels {
            for p in self.lookup_key(&skeleton_key(skel)) {
                if !out.contains(&p.entry) && self.entry(p.entry).is_some_and(&keep) {
                    out.push(p.entry);
                }
            }
        }
        out
    }

    /// First- and second-level regions of country `cc` one of whose names has one of the
    /// skeletons `skels` ("Kunar" → Konar, "Hiraan" → Hiiraan).
    pub(crate) fn regions_by_skeleton(&self, cc: &str, skels: &[String]) -> Vec<u32> {
        self.by_skeleton(skels, |e| {
            e.cc == cc && matches!(e.kind, Kind::Admin1 | Kind::Admin2)
        })
    }

    /// First-level regions of any country one of whose names has one of the skeletons `skels`.
    pub(crate) fn admin1_by_skeleton(&self, skels: &[String]) -> Vec<u32> {
        self.by_skeleton(skels, |e| e.kind == Kind::Admin1)
    }

    /// Places and second-level regions inside first-level region (`cc`, `admin1`) one of
    /// whose names has one of the skeletons `skels` ("Bossaso" → Bosaso in Bari).
    pub(crate) fn places_by_skeleton(&self, cc: &str, admin1: &str, skels: &[String]) -> Vec<u32> {
        self.by_skeleton(skels, |e| {
            e.cc == cc
                && e.admin1 == admin1
                && matches!(e.kind, Kind::Admin2 | Kind::City | Kind::Feature)
        })
    }

    /// Where the gazetteer was read from.
    #[must_use]
    pub fn location(&self) -> &Path {
        &self.location
    }

    /// Number of entries (built and user).
    #[must_use]
    pub fn len(&self) -> usize {
        self.data.entries.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.data.entries.is_empty()
    }

    /// Which packages the build came from.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.data.source
    }

    /// Entries named `key` (already normalised). User entries hide built ones of the same name.
    pub(crate) fn lookup_key(&self, key: &str) -> &[Posting] {
        if let Some(user) = self.user.get(key) {
            return user;
        }
        match self.names.get(key) {
            Some(v) => usize::try_from(v)
                .ok()
                .and_then(|i| self.data.postings.get(i))
                .map_or(&[][..], Vec::as_slice),
            None => &[],
        }
    }

    /// Entries for a written name. Abbreviations are indexed with their period ("W.Va.",
    /// "Fla."), as the recogniser looks them up.
    #[must_use]
    pub fn lookup(&self, name: &str) -> Vec<&Entry> {
        let key = normalize(name);
        let dotted = name
            .trim_end()
            .ends_with('.')
            .then(|| self.lookup_key(&format!("{key}.")))
            .filter(|p| !p.is_empty());
        dotted
            .unwrap_or_else(|| self.lookup_key(&key))
            .iter()
            .filter_map(|p| self.entry(p.entry))
            .collect()
    }

    /// The name of the first-level region `e` lies in (its own name for a region).
    #[must_use]
    pub fn admin1_name<'a>(&'a self, e: &'a Entry) -> Option<&'a str> {
        match e.kind {
            Kind::Admin1 => Some(e.name.as_str()),
            _ if e.admin1.is_empty() => None,
            _ => self.admin1(&e.cc, &e.admin1).map(|a| a.name.as_str()),
        }
    }

    pub(crate) fn entry(&self, i: u32) -> Option<&Entry> {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.data.entries.get(i))
    }

    pub(crate) fn country(&self, cc: &str) -> Option<u32> {
        self.country_by_cc.get(cc).copied()
    }

    pub(crate) fn admin1(&self, cc: &str, code: &str) -> Option<&Entry> {
        self.admin1_by_code
            .get(&(cc.to_string(), code.to_string()))
            .and_then(|&i| self.entry(i))
    }

    /// Adds user entries; they take precedence over built entries of the same name.
    pub(crate) fn add_user_entries(&mut self, entries: Vec<(Vec<String>, Entry)>) {
        for (names, entry) in entries {
            let Ok(i) = u32::try_from(self.data.entries.len()) else {
                return;
            };
            if entry.kind == Kind::Country {
                self.country_by_cc.insert(entry.cc.clone(), i);
            }
            self.data.entries.push(entry);
            for name in names {
                let key = normalize(&name);
                if key.is_empty() {
                    continue;
                }
                let list = self.user.entry(key).or_default();
                if !list.iter().any(|p| p.entry == i) {
                    list.push(Posting {
                        entry: i,
                        primary: true,
                    });
                }
            }
        }
    }
}

/// Parses a user gazetteer file: tab- or comma-separated `name, aliases, lat, lon, kind,
/// country`, aliases separated by `|` or `;`, `#` comments. `kind` is one of `country`,
/// `admin1`, `admin2`, `city`, `region`, `continent`, `feature` or a GeoNames feature code.
pub(crate) fn parse_user_entries(
    text: &str,
    path: &Path,
) -> Result<Vec<(Vec<String>, Entry)>, GeoError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let sep = if line.contains('\t') { '\t' } else { ',' };
        let fields: Vec<&str> = line.split(sep).map(str::trim).collect();
        let bad = |message: String| GeoError::Corrupt {
            path: format!("{}:{}", path.display(), n + 1),
            message,
        };
        if fields.len() < 4 {
            return Err(bad("want name, aliases, lat, lon[, kind[, country]]".into()));
        }
        let (Some(name), Some(aliases), Some(lat), Some(lon)) =
            (fields.first(), fields.get(1), fields.get(2), fields.get(3))
        else {
            return Err(bad("missing field".into()));
        };
        if name.eq_ignore_ascii_case("name") && lat.eq_ignore_ascii_case("lat") {
            continue; // header line
        }
        let lat: f32 = lat
            .parse()
            .map_err(|_| bad(format!("bad latitude {lat:?}")))?;
        let lon: f32 = lon
            .parse()
            .map_err(|_| bad(format!("bad longitude {lon:?}")))?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(bad("coordinates out of range".into()));
        }
        let kind_text = fields.get(4).copied().unwrap_or("city");
        let (kind, fcode) = parse_kind(kind_text);
        let cc = fields
            .get(5)
            .map(|c| c.to_ascii_uppercase())
            .unwrap_or_default();
        let mut names = vec![(*name).to_string()];
        names.extend(
            aliases
                .split(['|', ';'])
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string),
        );
        let entry = Entry {
            id: format!(
                "user:{}",
                crate::normalize::normalize(name).replace(' ', "-")
            ),
            name: (*name).to_string(),
            lat,
            lon,
            kind,
            fcode,
            cc,
            admin1: String::new(),
            admin2: String::new(),
            population: 0,
        };
        out.push((names, entry));
    }
    Ok(out)
}

fn parse_kind(text: &str) -> (Kind, String) {
    match text.to_ascii_lowercase().as_str() {
        "country" | "pcli" => (Kind::Country, "PCLI".into()),
        "admin1" | "adm1" | "province" | "state" => (Kind::Admin1, "ADM1".into()),
        "admin2" | "adm2" | "county" | "district" => (Kind::Admin2, "ADM2".into()),
        "region" | "rgn" => (Kind::Region, "RGN".into()),
        "continent" | "cont" => (Kind::Continent, "CONT".into()),
        "feature" | "airp" | "airport" => (Kind::Feature, "AIRP".into()),
        "base" | "milb" => (Kind::Feature, "MILB".into()),
        "city" | "ppl" | "town" | "village" | "" => (Kind::City, "PPL".into()),
        other => {
            let code = other.to_ascii_uppercase();
            let kind = if code.starts_with("PPL") {
                Kind::City
            } else {
                Kind::Feature
            };
            (kind, code)
        }
    }
}
