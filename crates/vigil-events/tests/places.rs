//! An event's place through the real language layer and geoparser (when a gazetteer is
//! installed): the most specific place the sentence ties the event to. Every sentence here was
//! written for these tests.

mod common;

use std::sync::LazyLock;
use vigil_core::Event;

static NLP: LazyLock<vigil_nlp::Nlp> = LazyLock::new(vigil_nlp::Nlp::new);
static GEO: LazyLock<vigil_geo::Geoparser> = LazyLock::new(|| {
    vigil_geo::Geoparser::load(&vigil_geo::GeoConfig::default()).unwrap_or_default()
});

fn events(text: &str) -> Vec<Event> {
    let article = common::article(&[text.to_owned()], Some("2025-07-20"));
    let language = NLP.analyze(&article, None);
    let places = GEO.geoparse(&article, &language);
    vigil_events::extract(&article, &language, &places)
}

/// (sentence, the place name as written that the event must carry).
#[test]
fn the_event_takes_the_most_specific_place_of_its_sentence() {
    if GEO.gazetteer().is_none() {
        eprintln!("skipped: no gazetteer installed");
        return;
    }
    let cases: &[(&str, &str)] = &[
        // A town inside the region named with it stays, however far the region's point lies.
        (
            "On 3 July 2025, militants attacked a checkpoint in Qandala town (Qandala, Bari), killing two soldiers.",
            "Qandala",
        ),
        (
            "On 5 March 2020, Taliban fighters ambushed a police patrol in Khwahan district, Badakhshan.",
            "Khwahan",
        ),
        // "abducted … from X": the place of the abduction.
        (
            "On 9 May 2025, gunmen abducted three traders from Ceel Baraf village (Jowhar, Middle Shabelle).",
            "Ceel Baraf",
        ),
        // A village the gazetteer lacks: the town named as its container, not the region.
        (
            "On 2 June 2025, two clan militias clashed in Xyzabbo village (Cabudwaaq, Galgaduud).",
            "Cabudwaaq",
        ),
        // An official's region ("Nakuru Governor") is not where the rally was.
        (
            "On 4 May 2019, rival supporters clashed at a rally led by Nakuru Governor Lee Kinyanjui in Kabarnet, Baringo.",
            "Kabarnet",
        ),
        // A country's border is a line; the town the sentence names is the place.
        (
            "On 2 May 2019, soldiers near the Kenya border fought gunmen around Mandera town.",
            "Mandera",
        ),
        // "X of Y district": the district the gazetteer knows.
        (
            "On 8 March 2020, Taliban fighters killed four soldiers in Kolbar of Nad Ali district, Helmand.",
            "Nad Ali",
        ),
    ];
    for &(text, want) in cases {
        let found = events(text);
        let places: Vec<&str> = found
            .iter()
            .filter_map(|e| e.place.as_ref().map(|p| p.place.name.as_str()))
            .collect();
        assert!(
            places.first() == Some(&want),
            "{text}\nwant {want}, got {places:?}"
        );
    }
}
