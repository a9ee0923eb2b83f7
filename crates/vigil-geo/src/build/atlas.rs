//! Central points of countries from npm `world-atlas`' Natural Earth polygons (TopoJSON): where
//! GeoNames gives a country no point, it is placed in the middle of its largest polygon.

use super::parse_json;
use crate::shapes::polygon_centroid;
use crate::GeoError;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

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
pub(super) type Centre = (f64, (f64, f64));

pub(super) fn country_centres(path: &Path) -> Result<HashMap<u32, Centre>, GeoError> {
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
