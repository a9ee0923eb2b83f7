//! Uses the real gazetteer built by `scripts/gazetteer` when present at the default location
//! (CI builds it before the tests); skipped with a notice otherwise.

use vigil_core::{Language, PlacePrecision};
use vigil_geo::{GeoConfig, GeoError, Geoparser};

fn load() -> Option<Geoparser> {
    match Geoparser::load(&GeoConfig::default()) {
        Ok(g) => Some(g),
        // No gazetteer built here (CI builds one): nothing to test against.
        Err(e @ GeoError::NotFound { .. }) => {
            eprintln!("skipped: {e}");
            None
        }
        // A gazetteer that is there but cannot be read (an old format, a broken file) fails.
        Err(e) => panic!("gazetteer present but unreadable: {e}"),
    }
}

/// (text, name as written, country, precision): each name is found and resolved so.
type Case<'a> = (&'a str, &'a str, &'a str, PlacePrecision);

fn check_cases(geo: &Geoparser, cases: &[Case<'_>]) {
    for &(text, name, cc, precision) in cases {
        let places = geo.geoparse_text(text, &Language::default());
        let Some(p) = places.iter().find(|p| p.name == name) else {
            panic!("{name} not found in {text:?}: {places:#?}");
        };
        assert_eq!(p.country_code.as_deref(), Some(cc), "{text}: {p:#?}");
        assert_eq!(p.precision, Some(precision), "{text}: {p:#?}");
    }
}

#[test]
fn real_gazetteer_resolves_core_cases() {
    let Some(geo) = load() else { return };
    let cases: &[Case<'_>] = &[
        (
            "A blast hit Mazar-i-Sharif on Friday.",
            "Mazar-i-Sharif",
            "AF",
            PlacePrecision::City,
        ),
        (
            "A guesthouse in Kabul was attacked.",
            "Kabul",
            "AF",
            PlacePrecision::City,
        ),
        (
            "Fighting in Nangarhar province continued.",
            "Nangarhar",
            "AF",
            PlacePrecision::Admin1,
        ),
        (
            "The fair opened in Paris, Texas, on Friday.",
            "Paris",
            "US",
            PlacePrecision::City,
        ),
        (
            "Protesters marched in Paris and Lyon.",
            "Paris",
            "FR",
            PlacePrecision::City,
        ),
        (
            "Rockets were fired at Tajikistan and Uzbekistan.",
            "Uzbekistan",
            "UZ",
            PlacePrecision::Country,
        ),
        (
            "Troops crossed into Georgia from Russia, near Tbilisi.",
            "Georgia",
            "GE",
            PlacePrecision::Country,
        ),
        (
            "Voters in Atlanta and Savannah, Georgia, lined up.",
            "Georgia",
            "US",
            PlacePrecision::Admin1,
        ),
        (
            "The UK and the USA signed.",
            "UK",
            "GB",
            PlacePrecision::Country,
        ),
        (
            "Aid reached Jordan.",
            "Jordan",
            "JO",
            PlacePrecision::Country,
        ),
        (
            "CHARLESTON, W.Va. — Officials met.",
            "W.Va.",
            "US",
            PlacePrecision::Admin1,
        ),
        (
            "He lives in Wheeling, W. Va., now.",
            "W. Va.",
            "US",
            PlacePrecision::Admin1,
        ),
        (
            "Rents rose in L.A. again.",
            "L.A.",
            "US",
            PlacePrecision::City,
        ),
        (
            "Israeli strikes on Gaza continued.",
            "Gaza",
            "PS",
            PlacePrecision::City,
        ),
        (
            "A girl from Buffalo, New York, fell ill.",
            "New York",
            "US",
            PlacePrecision::Admin1,
        ),
        (
            "Former New York Gov. Mario Cuomo died.",
            "New York",
            "US",
            PlacePrecision::Admin1,
        ),
        (
            "Protests spread across Quebec.",
            "Quebec",
            "CA",
            PlacePrecision::Admin1,
        ),
        (
            "Snow fell on Quebec City overnight.",
            "Quebec",
            "CA",
            PlacePrecision::City,
        ),
        (
            "Clashes were reported in Kandahar.",
            "Kandahar",
            "AF",
            PlacePrecision::City,
        ),
        (
            "Talks resumed in Washington.",
            "Washington",
            "US",
            PlacePrecision::City,
        ),
        (
            "Fans gathered in Manchester.",
            "Manchester",
            "GB",
            PlacePrecision::City,
        ),
    ];
    check_cases(&geo, cases);
}

#[test]
fn real_gazetteer_seed_article() {
    let Some(geo) = load() else { return };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seed/voa-iskp-2022.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let places = geo.geoparse_text(&text, &Language::default());
    for (name, cc) in [
        ("Kabul", "AF"),
        ("Mazar-e-Sharif", "AF"),
        ("Tajikistan", "TJ"),
        ("Uzbekistan", "UZ"),
        ("Afghanistan", "AF"),
        ("Pakistan", "PK"),
    ] {
        assert!(
            places
                .iter()
                .any(|p| p.name == name && p.country_code.as_deref() == Some(cc)),
            "{name}: {places:#?}"
        );
    }
    assert!(places
        .iter()
        .any(|p| p.canonical_name.as_deref() == Some("Central Asia")));
    let china: Vec<_> = places
        .iter()
        .filter(|p| p.country_code.as_deref() == Some("CN"))
        .collect();
    assert!(
        !china.is_empty() && china.iter().all(|p| p.nationality),
        "{china:#?}"
    );
}

/// Names written in a containing-place list, spelled otherwise than the gazetteer, or unknown
/// to it: (text, name, expected canonical name or "" for unresolved, expected country or "").
#[test]
fn real_gazetteer_container_lists_and_spellings() {
    let Some(geo) = load() else { return };
    let cases: &[(&str, &str, &str, &str)] = &[
        // A region under the name English news gives it (GeoNames: Lowgar), named as the
        // container of a district.
        (
            "Afghan soldiers were attacked in Azra district, Logar.",
            "Logar",
            "Logar",
            "AF",
        ),
        // Not the city in India: the place of that name inside the region the text names.
        (
            "An Afghan soldier was wounded in Ghaziabad district, Kunar.",
            "Ghaziabad",
            "Gaziabad",
            "AF",
        ),
        // Doubled letters and a bracketed (district, region) list.
        (
            "Fighters clashed in Laag village (Bossaso, Bari).",
            "Bossaso",
            "Bosaso",
            "SO",
        ),
        // The whole name before "village" is one place (a village of GeoNames'), not "Ceel" =
        // Eyl.
        (
            "An airstrike hit Ceel Baraf village (Jowhar, Middle Shabelle).",
            "Ceel Baraf",
            "Ceel Baraf",
            "SO",
        ),
        (
            "An airstrike hit Ceel Baraf village (Jowhar, Middle Shabelle).",
            "Middle Shabelle",
            "Middle Shabelle",
            "SO",
        ),
        // "X of Y district": the district is a name of its own, not the tail of one unknown
        // name "Kolbar of Nad Ali".
        (
            "Soldiers were killed in Kolbar of Nad Ali district, Helmand.",
            "Nad Ali",
            "Ḩukūmat-e Nād ‘Alī",
            "AF",
        ),
        // One bracketed container named as a region is a container ("Republic of Korea (DPRK)"
        // is not): the village of that spelling in Mombasa is not meant, Lamu's Mararani is.
        (
            "Gunmen burned two houses in Mirarani (Lamu county) overnight.",
            "Mirarani",
            "Mararani",
            "KE",
        ),
        // A hyphenated name the gazetteer writes run together (Guriceel).
        (
            "Clan fighters met at the market of Guri-Ceel town (Dhuusamarreeb, Galgaduud).",
            "Guri-Ceel",
            "Guriel",
            "SO",
        ),
        // A place said to be near a town is not a namesake 130 km away in the same country.
        (
            "Gunmen seized a herder in Unuun village near Bosaso town.",
            "Unuun",
            "",
            "",
        ),
        (
            "Gunmen seized a herder in Unuun village near Bosaso town.",
            "Bosaso",
            "Bosaso",
            "SO",
        ),
        // A village that shares its name with a town abroad.
        (
            "Residents protested in Shaw village (Jalalaqsi, Hiraan).",
            "Shaw",
            "",
            "",
        ),
    ];
    for &(text, name, canonical, cc) in cases {
        let places = geo.geoparse_text(text, &Language::default());
        let Some(p) = places.iter().find(|p| p.name == name) else {
            panic!("{name:?} not found in {text:?}: {places:#?}");
        };
        assert_eq!(
            p.canonical_name.as_deref().unwrap_or(""),
            canonical,
            "{text}"
        );
        assert_eq!(p.country_code.as_deref().unwrap_or(""), cc, "{text}");
        if canonical.is_empty() {
            assert!(p.unresolved.is_some(), "{text}: {p:?}");
        }
    }
}

#[test]
fn real_gazetteer_places_inside_other_names() {
    let Some(geo) = load() else { return };
    let cases: &[Case<'_>] = &[
        (
            "The Florida Highway Patrol closed the road.",
            "Florida",
            "US",
            PlacePrecision::Admin1,
        ),
        (
            "The Texas Forest Service sent crews.",
            "Texas",
            "US",
            PlacePrecision::Admin1,
        ),
        (
            "The Mt. Pleasant News has reviewed the documents.",
            "Mt. Pleasant",
            "US",
            PlacePrecision::City,
        ),
        (
            "ST. PAUL, Minn. (AP) — Lawmakers met.",
            "ST. PAUL",
            "US",
            PlacePrecision::City,
        ),
    ];
    check_cases(&geo, cases);
}

#[test]
fn real_gazetteer_regions_sit_in_their_middle() {
    let Some(geo) = load() else { return };
    // A province's point is near the middle of its territory (Natural Earth polygons), not
    // amid its southern towns. (name, lat, lon of the territory's middle)
    let cases = [
        ("Manitoba", 55.0, -97.5),
        ("Ontario", 50.0, -86.0),
        ("Virginia", 37.5, -78.8),
    ];
    for (name, lat, lon) in cases {
        let text = format!("Officials in {name} said so.");
        let places = geo.geoparse_text(&text, &Language::default());
        let Some(p) = places.iter().find(|p| p.name == name) else {
            panic!("{name} not found: {places:#?}");
        };
        let (Some(plat), Some(plon)) = (p.lat, p.lon) else {
            panic!("{name} unresolved: {p:#?}");
        };
        let km = vigil_core::haversine_km(lat, lon, plat, plon);
        assert!(
            km < 150.0,
            "{name} at {plat},{plon} is {km:.0} km from its middle"
        );
    }
}

#[test]
fn real_gazetteer_a_list_of_counties() {
    let Some(geo) = load() else { return };
    let text = "Storms hit Douglas, Sarpy and Lancaster counties in Nebraska on Monday.";
    let places = geo.geoparse_text(text, &Language::default());
    for name in ["Douglas", "Sarpy", "Lancaster"] {
        let Some(p) = places.iter().find(|p| p.name == name) else {
            panic!("{name} not found: {places:#?}");
        };
        assert_eq!(p.feature.as_deref(), Some("ADM2"), "{p:#?}");
        assert_eq!(p.admin1.as_deref(), Some("Nebraska"), "{p:#?}");
    }
}

#[test]
fn real_gazetteer_one_sense_per_article() {
    let Some(geo) = load() else { return };
    let text = "The New York state governor declared an emergency. 75 people died in New York.";
    let places = geo.geoparse_text(text, &Language::default());
    let york: Vec<_> = places.iter().filter(|p| p.name == "New York").collect();
    assert_eq!(york.len(), 2, "{places:#?}");
    assert!(
        york.iter().all(|p| p.feature.as_deref() == Some("ADM1")),
        "{york:#?}"
    );
}

#[test]
fn real_gazetteer_a_saints_building_is_not_a_parish() {
    let Some(geo) = load() else { return };
    for text in [
        "Crowds filled St. Peter's Square and St. Peter's Basilica.",
        "Doctors at St. Michael\u{2019}s Hospital said so.",
    ] {
        let places = geo.geoparse_text(text, &Language::default());
        assert!(
            places.iter().all(|p| !p.name.starts_with("St.")),
            "{text}: {places:#?}"
        );
    }
    let places = geo.geoparse_text("He flew to St. John's, Newfoundland.", &Language::default());
    assert!(places
        .iter()
        .any(|p| p.name == "St. John" && p.country_code.as_deref() == Some("CA")));
}

/// The first word of an armed group's name is not a place of its own.
#[test]
fn real_gazetteer_armed_group_names_are_not_places() {
    let Some(geo) = load() else { return };
    let nlp = vigil_nlp::Nlp::new();
    let text = "Police arrested four members of Al Shabaab in Garissa on Monday.";
    let language = nlp.analyze_text(text, None);
    let places = geo.geoparse_text(text, &language);
    let names: Vec<&str> = places.iter().map(|p| p.name.as_str()).collect();
    assert!(!names.contains(&"Al"), "{names:?}");
    assert!(names.contains(&"Garissa"), "{names:?}");
}
