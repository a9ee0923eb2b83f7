//! The compiled gazetteer: entries (countries, first-level regions, counties, populated places,
//! large regions, user additions) and an `fst` map from normalised name to the entries that
//! carry it. Written by [`crate::build`], read here once per process.

use crate::layout::{self, Bytes, Entries, LEN_BITS};
use crate::normalize::{normalize, skeleton_key};
use crate::GeoError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// File names inside a gazetteer directory.
pub(crate) const FST_FILE: &str = "names.fst";
pub(crate) const ENTRIES_FILE: &str = "entries.bin";
/// Bumped whenever the binary layout changes, so an old build is reported, not misread.
pub(crate) const FORMAT_VERSION: u32 = 5;

/// Key prefix of the names of minor places (villages, hamlets): they are looked up only where
/// the resolver has support for one, never by the recogniser's plain lookup.
pub(crate) const MINOR_PREFIX: char = '\u{2}';

/// The index key of a minor place's normalised name.
pub(crate) fn minor_key(key: &str) -> String {
    format!("{MINOR_PREFIX}{key}")
}

/// The index key of a minor place's transliteration skeleton.
pub(crate) fn minor_skeleton_key(skeleton: &str) -> String {
    format!("\u{3}{skeleton}")
}

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

/// A loaded gazetteer.
#[derive(Debug)]
pub struct Gazetteer {
    names: fst::Map<Bytes>,
    /// Which sources the build came from.
    source: String,
    entries: Entries,
    /// User entries, numbered after the built ones.
    user_entries: Vec<Entry>,
    /// User entries, looked up first; a match here hides the built entries of that name.
    user: HashMap<String, Vec<Posting>>,
    country_by_cc: HashMap<String, u32>,
    admin1_by_code: HashMap<(String, String), u32>,
    location: PathBuf,
}

impl Gazetteer {
    /// Maps a gazetteer directory written by the build step. Only the postings are decoded
    /// here; entries are decoded a block at a time when first looked at.
    pub fn open(dir: &Path) -> Result<Gazetteer, GeoError> {
        let map = |name: &str| {
            let path = dir.join(name);
            Bytes::map(&path).map_err(|source| GeoError::Io {
                path: path.display().to_string(),
                source,
            })
        };
        Gazetteer::from_bytes(map(FST_FILE)?, map(ENTRIES_FILE)?, dir.to_path_buf())
    }

    /// A gazetteer from the bytes of its two files.
    pub(crate) fn from_bytes(
        fst_bytes: Bytes,
        entry_bytes: Bytes,
        location: PathBuf,
    ) -> Result<Gazetteer, GeoError> {
        let corrupt = |file: &str, message: String| GeoError::Corrupt {
            path: location.join(file).display().to_string(),
            message,
        };
        let names = fst::Map::new(fst_bytes).map_err(|e| corrupt(FST_FILE, e.to_string()))?;
        let (head, entries) = layout::open(entry_bytes).map_err(|m| {
            corrupt(
                ENTRIES_FILE,
                format!("{m} (a gazetteer of an older vigil? rebuild with scripts/gazetteer)"),
            )
        })?;
        if head.format != FORMAT_VERSION {
            return Err(corrupt(
                ENTRIES_FILE,
                format!(
                    "format {} but this vigil reads format {FORMAT_VERSION}; rebuild with scripts/gazetteer",
                    head.format
                ),
            ));
        }
        Ok(Gazetteer {
            names,
            source: head.source,
            entries,
            user_entries: Vec::new(),
            user: HashMap::new(),
            country_by_cc: head.countries.into_iter().collect(),
            admin1_by_code: head
                .admin1
                .into_iter()
                .map(|(cc, code, i)| ((cc, code), i))
                .collect(),
            location,
        })
    }

    /// Entries one of whose names has one of the skeletons `skels`, each once, that `keep`
    /// accepts.
    fn by_skeleton(
        &self,
        skels: &[String],
        minor: bool,
        keep: impl Fn(&Entry) -> bool,
    ) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for skel in skels {
            let mut keys = vec![skeleton_key(skel)];
            if minor {
                keys.push(minor_skeleton_key(skel));
            }
            for key in keys {
                for p in self.lookup_key(&key) {
                    if !out.contains(&p.entry) && self.entry(p.entry).is_some_and(&keep) {
                        out.push(p.entry);
                    }
                }
            }
        }
        out
    }

    /// Minor places (villages, hamlets) named `key` (already normalised).
    pub(crate) fn minor_places(&self, key: &str) -> Vec<Posting> {
        self.lookup_key(&minor_key(key))
    }

    /// First- and second-level regions of country `cc` one of whose names has one of the
    /// skeletons `skels` ("Kunar" → Konar, "Hiraan" → Hiiraan).
    pub(crate) fn regions_by_skeleton(&self, cc: &str, skels: &[String]) -> Vec<u32> {
        self.by_skeleton(skels, false, |e| {
            e.cc == cc && matches!(e.kind, Kind::Admin1 | Kind::Admin2)
        })
    }

    /// First-level regions of any country one of whose names has one of the skeletons `skels`.
    pub(crate) fn admin1_by_skeleton(&self, skels: &[String]) -> Vec<u32> {
        self.by_skeleton(skels, false, |e| e.kind == Kind::Admin1)
    }

    /// Places (villages included) and second-level regions inside first-level region (`cc`,
    /// `admin1`) one of whose names has one of the skeletons `skels` ("Bossaso" → Bosaso in
    /// Bari).
    pub(crate) fn places_by_skeleton(&self, cc: &str, admin1: &str, skels: &[String]) -> Vec<u32> {
        self.by_skeleton(skels, true, |e| {
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
        self.entries.len() + self.user_entries.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Which packages the build came from.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Entries named `key` (already normalised). User entries hide built ones of the same name.
    pub(crate) fn lookup_key(&self, key: &str) -> Vec<Posting> {
        if let Some(user) = self.user.get(key) {
            return user.clone();
        }
        let Some(v) = self.names.get(key) else {
            return Vec::new();
        };
        let start = usize::try_from(v >> LEN_BITS).unwrap_or(usize::MAX);
        let len = usize::try_from(v & ((1 << LEN_BITS) - 1)).unwrap_or(0);
        self.entries.postings(start, len)
    }

    /// Entries for a written name, villages last. Abbreviations are indexed with their period ("W.Va.",
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
            .into_iter()
            .chain(self.minor_places(&key))
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
        let i = usize::try_from(i).ok()?;
        match i.checked_sub(self.entries.len()) {
            None => self.entries.get(i),
            Some(u) => self.user_entries.get(u),
        }
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
            let Ok(i) = u32::try_from(self.len()) else {
                return;
            };
            if entry.kind == Kind::Country {
                self.country_by_cc.insert(entry.cc.clone(), i);
            }
            self.user_entries.push(entry);
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
