//! Readers of GeoNames' own export files (https://download.geonames.org/export/dump/): the
//! 19-column place tables (`allCountries`, `XX`, `cities500/1000/5000/15000`, as `.txt`,
//! `.txt.gz` or `.zip`), `countryInfo.txt`, `admin1CodesASCII.txt`, `admin2Codes.txt` and
//! `alternateNamesV2`. Every reader streams line by line, so the 13-million-row
//! `allCountries` is never held as text; a row that does not parse is counted, not fatal.

use crate::GeoError;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// One row of a GeoNames place table: the fields the gazetteer keeps.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub geonameid: u64,
    pub name: String,
    pub asciiname: String,
    /// Comma-separated in the file.
    pub alternatenames: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    /// Feature class (`P` populated place, `A` administrative unit, …).
    pub fclass: String,
    pub fcode: String,
    pub cc: String,
    pub admin1: String,
    pub admin2: String,
    pub population: u64,
}

/// Parses one line of a place table; `None` when it has too few columns or bad numbers.
pub(crate) fn parse_row(line: &str) -> Option<Row> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() < 15 {
        return None;
    }
    let field = |i: usize| f.get(i).map_or("", |s| s.trim());
    let lat: f64 = field(4).parse().ok()?;
    let lon: f64 = field(5).parse().ok()?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return None;
    }
    Some(Row {
        geonameid: field(0).parse().ok()?,
        name: field(1).to_string(),
        asciiname: field(2).to_string(),
        alternatenames: field(3)
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect(),
        lat,
        lon,
        fclass: field(6).to_string(),
        fcode: field(7).to_string(),
        cc: field(8).to_string(),
        admin1: field(10).to_string(),
        admin2: field(11).to_string(),
        // Population is empty or a (possibly huge) integer; a bad value counts as unknown.
        population: field(14).parse().unwrap_or(0),
    })
}

/// How many lines a reader took and how many it could not parse.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ReadStats {
    pub rows: u64,
    pub bad: u64,
}

/// Calls `each` with every line of `path` (plain text, gzip, or the first `.txt` member of a
/// zip archive that is not a readme), without its line end. Lines that are not UTF-8 are
/// passed through lossily.
pub(crate) fn for_each_line(path: &Path, mut each: impl FnMut(&str)) -> Result<(), GeoError> {
    let io = |source: std::io::Error| GeoError::Io {
        path: path.display().to_string(),
        source,
    };
    let file = File::open(path).map_err(io)?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let magic = reader.fill_buf().map_err(io)?;
    if magic.starts_with(b"PK\x03\x04") {
        let mut archive = zip::ZipArchive::new(reader).map_err(|e| GeoError::Corrupt {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let member = archive
            .file_names()
            .find(|n| n.ends_with(".txt") && !n.to_ascii_lowercase().contains("readme"))
            .map(str::to_string)
            .ok_or_else(|| GeoError::Corrupt {
                path: path.display().to_string(),
                message: "no .txt table in the zip archive".into(),
            })?;
        let inner = archive.by_name(&member).map_err(|e| GeoError::Corrupt {
            path: format!("{}:{member}", path.display()),
            message: e.to_string(),
        })?;
        return lines(BufReader::with_capacity(1 << 20, inner), &mut each).map_err(io);
    }
    if magic.starts_with(&[0x1f, 0x8b]) {
        let gz = flate2::read::MultiGzDecoder::new(reader);
        return lines(BufReader::with_capacity(1 << 20, gz), &mut each).map_err(io);
    }
    lines(reader, &mut each).map_err(io)
}

fn lines(mut reader: impl BufRead, each: &mut impl FnMut(&str)) -> std::io::Result<()> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        while buf.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
            buf.pop();
        }
        match std::str::from_utf8(&buf) {
            Ok(line) => each(line),
            Err(_) => each(&String::from_utf8_lossy(&buf)),
        }
    }
}

/// Streams the rows of a place table to `each`.
pub(crate) fn read_rows(path: &Path, mut each: impl FnMut(Row)) -> Result<ReadStats, GeoError> {
    let mut stats = ReadStats::default();
    for_each_line(path, |line| {
        if line.is_empty() || line.starts_with('#') {
            return;
        }
        stats.rows += 1;
        match parse_row(line) {
            Some(row) => each(row),
            None => stats.bad += 1,
        }
    })?;
    Ok(stats)
}

/// One row of `countryInfo.txt`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CountryRow {
    pub iso: String,
    pub iso3: String,
    pub isonumeric: Option<u32>,
    pub name: String,
    pub capital: String,
    pub population: u64,
    pub geonameid: u64,
}

/// Reads `countryInfo.txt` (comment lines start with `#`).
pub(crate) fn read_country_info(path: &Path) -> Result<Vec<CountryRow>, GeoError> {
    let mut out = Vec::new();
    for_each_line(path, |line| {
        if line.starts_with('#') {
            return;
        }
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        let field = |i: usize| f.get(i).copied().unwrap_or_default();
        let Ok(geonameid) = field(16).parse::<u64>() else {
            return;
        };
        if field(0).len() != 2 || field(4).is_empty() {
            return;
        }
        out.push(CountryRow {
            iso: field(0).to_string(),
            iso3: field(1).to_string(),
            isonumeric: field(2).parse().ok(),
            name: field(4).to_string(),
            capital: field(5).to_string(),
            population: field(7).parse().unwrap_or(0),
            geonameid,
        });
    })?;
    Ok(out)
}

/// One row of `admin1CodesASCII.txt` or `admin2Codes.txt`: `CC.A1[.A2]`, name, ASCII name,
/// GeoNames id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AdminCode {
    pub cc: String,
    /// The code below the country: `13` for admin1, `13.1234` for admin2.
    pub code: String,
    pub name: String,
    pub asciiname: String,
    pub geonameid: u64,
}

/// Reads `admin1CodesASCII.txt` or `admin2Codes.txt`.
pub(crate) fn read_admin_codes(path: &Path) -> Result<Vec<AdminCode>, GeoError> {
    let mut out = Vec::new();
    for_each_line(path, |line| {
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [full, name, asciiname, id, ..] = f.as_slice() else {
            return;
        };
        let (Some((cc, code)), Ok(geonameid)) = (full.split_once('.'), id.parse::<u64>()) else {
            return;
        };
        out.push(AdminCode {
            cc: cc.to_string(),
            code: code.to_string(),
            name: (*name).to_string(),
            asciiname: (*asciiname).to_string(),
            geonameid,
        });
    })?;
    Ok(out)
}

/// One English (or language-neutral) name from `alternateNamesV2.txt`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AltName {
    pub geonameid: u64,
    pub name: String,
    /// GeoNames marks it as the preferred English name.
    pub preferred: bool,
}

/// Streams `alternateNamesV2.txt` (or the older `alternateNames.txt`), keeping the English and
/// unlabelled names that are neither colloquial nor historic, for ids that `wanted` accepts.
pub(crate) fn read_alternate_names(
    path: &Path,
    wanted: impl Fn(u64) -> bool,
    mut each: impl FnMut(AltName),
) -> Result<(), GeoError> {
    for_each_line(path, |line| {
        let f: Vec<&str> = line.split('\t').collect();
        let field = |i: usize| f.get(i).map_or("", |s| s.trim());
        let Ok(geonameid) = field(1).parse::<u64>() else {
            return;
        };
        if !wanted(geonameid) || !matches!(field(2), "en" | "") {
            return;
        }
        if field(6) == "1" || field(7) == "1" || field(3).is_empty() {
            return;
        }
        each(AltName {
            geonameid,
            name: field(3).to_string(),
            preferred: field(2) == "en" && field(4) == "1",
        });
    })
}

/// Whether a file is a GeoNames place table by its name: `allCountries`, `citiesN`,
/// `no-country` or a country's `XX`, as `.txt`, `.txt.gz` or `.zip` (not the code lists, the
/// alternate names or the other files of the export).
#[must_use]
pub fn is_place_table(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let Some(stem) = [".txt.gz", ".txt", ".zip"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
    else {
        return false;
    };
    let country = stem.len() == 2 && stem.chars().all(|c| c.is_ascii_uppercase());
    let cities = stem
        .strip_prefix("cities")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    country || cities || stem == "allCountries" || stem == "no-country"
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROW: &str = "51967\tGobolka Shabeellaha Dhexe\tGobolka Shabeellaha Dhexe\tMiddle Shabele,Shabeellaha Dhexe\t3\t46\tA\tADM1\tSO\t\t13\t\t\t\t516036\t\t152\tAfrica/Mogadishu\t2012-01-16";

    #[test]
    fn a_row_parses_with_its_fields() {
        let row = parse_row(ROW);
        assert_eq!(
            row,
            Some(Row {
                geonameid: 51967,
                name: "Gobolka Shabeellaha Dhexe".into(),
                asciiname: "Gobolka Shabeellaha Dhexe".into(),
                alternatenames: vec!["Middle Shabele".into(), "Shabeellaha Dhexe".into()],
                lat: 3.0,
                lon: 46.0,
                fclass: "A".into(),
                fcode: "ADM1".into(),
                cc: "SO".into(),
                admin1: "13".into(),
                admin2: String::new(),
                population: 516_036,
            })
        );
    }

    #[test]
    fn bad_rows_are_none() {
        assert_eq!(parse_row("1\tX\tX"), None);
        assert_eq!(parse_row(&ROW.replace("\t3\t46\t", "\tnorth\t46\t")), None);
        assert_eq!(parse_row(&ROW.replace("\t3\t46\t", "\t95\t46\t")), None);
        assert_eq!(parse_row(&ROW.replacen("51967", "x", 1)), None);
    }

    #[test]
    fn place_tables_by_name() {
        assert!(is_place_table(Path::new("allCountries.zip")));
        assert!(is_place_table(Path::new("SO.txt.gz")));
        assert!(is_place_table(Path::new("cities500.txt")));
        assert!(!is_place_table(Path::new("admin1CodesASCII.txt")));
        assert!(!is_place_table(Path::new("countryInfo.txt")));
        assert!(!is_place_table(Path::new("alternateNamesV2.zip")));
        assert!(!is_place_table(Path::new("SOURCE.md")));
        assert!(!is_place_table(Path::new("hierarchy.zip")));
    }
}
