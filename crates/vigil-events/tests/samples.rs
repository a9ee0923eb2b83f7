//! Snapshot tests of events on small articles written for these tests (not news copies),
//! with hand-built language and place layers. Each also asserts the point it is about.

mod common;

use common::Doc;
use vigil_core::{EntityKind, EventStatus, PlacePrecision, SubKind, TimePrecision};

const ALS: (&str, &str, EntityKind, &str) = (
    "Al Shabaab",
    "actor:al-shabaab",
    EntityKind::ArmedGroup,
    "Al Shabaab",
);

fn day(
    s: &'static str,
    d: &'static str,
) -> (&'static str, &'static str, &'static str, TimePrecision) {
    (s, d, d, TimePrecision::Day)
}

#[test]
fn battle_with_casualties_in_next_sentence() {
    let mut d = Doc::new(&[
        "On 3 May 2024, Al Shabaab militants clashed with SNA soldiers near Afgooye. Five soldiers and two militants were killed in the fighting.",
    ]);
    d.entities = vec![
        ALS,
        (
            "SNA",
            "actor:sna",
            EntityKind::StateForce,
            "Somali National Army",
        ),
    ];
    d.times = vec![day("3 May 2024", "2024-05-03")];
    d.places = vec![("Afgooye", 2.14, 45.12, PlacePrecision::City, "SO")];
    let ev = d.extract();
    assert_eq!(ev.len(), 1, "the fighting is the clash");
    assert_eq!(ev[0].sub_kind, SubKind::ArmedClash);
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn suicide_bombing_with_claim() {
    let mut d = Doc::new(&[
        "A suicide bomber blew himself up at a police checkpoint in Mogadishu on Tuesday, killing at least 7 policemen and wounding 12 others. Al Shabaab claimed responsibility for the attack.",
    ]);
    d.published = Some("2024-03-07");
    d.entities = vec![ALS];
    d.times = vec![day("Tuesday", "2024-03-05")];
    d.places = vec![("Mogadishu", 2.04, 45.34, PlacePrecision::City, "SO")];
    let ev = d.extract();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].sub_kind, SubKind::SuicideBomb);
    assert_eq!(ev[0].killed.map(|r| (r.min, r.max)), Some((7, None)));
    assert_eq!(ev[0].wounded.map(|r| r.min), Some(12));
    assert_eq!(
        ev[0].actors.first().map(|a| a.id.as_str()),
        Some("actor:al-shabaab")
    );
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn roadside_bomb() {
    let mut d = Doc::new(&["A roadside bomb struck a minibus near Garissa on 2 February 2019, killing four passengers."]);
    d.times = vec![day("2 February 2019", "2019-02-02")];
    d.places = vec![("Garissa", -0.45, 39.65, PlacePrecision::City, "KE")];
    let ev = d.extract();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].sub_kind, SubKind::RemoteExplosive);
    assert_eq!(ev[0].killed.map(|r| r.min), Some(4));
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn shelling_no_one_hurt() {
    let mut d = Doc::new(&[
        "Rebels fired mortar shells into the town of Beni on 10 June 2023. No one was hurt.",
    ]);
    d.times = vec![day("10 June 2023", "2023-06-10")];
    d.places = vec![("Beni", 0.49, 29.47, PlacePrecision::City, "CD")];
    let ev = d.extract();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].sub_kind, SubKind::ShellingArtilleryMissile);
    assert_eq!(ev[0].killed.map(|r| (r.min, r.max)), Some((0, Some(0))));
    assert_eq!(ev[0].wounded.map(|r| (r.min, r.max)), Some((0, Some(0))));
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn drone_strike() {
    let mut d = Doc::new(&["On 9 January 2025, a US drone strike targeted Al Shabaab fighters in Jilib, killing dozens of militants."]);
    d.entities = vec![ALS];
    d.times = vec![day("9 January 2025", "2025-01-09")];
    d.places = vec![
        ("Jilib", 0.49, 42.77, PlacePrecision::City, "SO"),
        ("US", 39.8, -98.5, PlacePrecision::Country, "US"),
    ];
    let ev = d.extract();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].sub_kind, SubKind::AirDroneStrike);
    assert_eq!(
        ev[0].actors.first().map(|a| a.id.as_str()),
        Some("force:military:US")
    );
    assert_eq!(ev[0].killed.map(|r| r.min), Some(24));
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn grenade_unknown_attackers() {
    let mut d = Doc::new(&["Unknown attackers hurled a grenade at a bar in Mandera on 14 May 2016, wounding three people."]);
    d.times = vec![day("14 May 2016", "2016-05-14")];
    d.places = vec![("Mandera", 3.94, 41.86, PlacePrecision::City, "KE")];
    let ev = d.extract();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].sub_kind, SubKind::Grenade);
    assert_eq!(
        ev[0].actors.first().map(|a| a.id.as_str()),
        Some("unidentified:KE")
    );
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn hedged_shooting_of_a_civilian() {
    let mut d =
        Doc::new(&["Gunmen reportedly shot dead a village elder in Lamu on 12 March 2018."]);
    d.times = vec![day("12 March 2018", "2018-03-12")];
    d.places = vec![("Lamu", -2.27, 40.9, PlacePrecision::City, "KE")];
    let ev = d.extract();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].sub_kind, SubKind::Attack);
    assert!(ev[0].hedged);
    assert_eq!(ev[0].killed.map(|r| r.min), Some(1));
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn abduction_suspected() {
    let mut d = Doc::new(&["Suspected Al Shabaab militants abducted two teachers from a school in Wajir on 4 October 2019."]);
    d.entities = vec![ALS];
    d.times = vec![day("4 October 2019", "2019-10-04")];
    d.places = vec![("Wajir", 1.75, 40.06, PlacePrecision::City, "KE")];
    let ev = d.extract();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].sub_kind, SubKind::Abduction);
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn sexual_violence() {
    let mut d = Doc::new(&["On 4 April 2023, soldiers raped a woman in Kalehe."]);
    d.times = vec![day("4 April 2023", "2023-04-04")];
    d.places = vec![("Kalehe", -2.1, 28.9, PlacePrecision::City, "CD")];
    let ev = d.extract();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].sub_kind, SubKind::SexualViolence);
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn protest_with_teargas() {
    let mut d = Doc::new(&["Hundreds of traders protested in Nairobi on 6 June 2022 against new taxes. Police fired teargas to disperse them."]);
    d.times = vec![day("6 June 2022", "2022-06-06")];
    d.places = vec![("Nairobi", -1.28, 36.82, PlacePrecision::City, "KE")];
    let ev = d.extract();
    assert!(!ev.is_empty());
    assert_eq!(ev[0].kind, vigil_core::EventKind::Protest);
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn riot_with_a_death() {
    let mut d =
        Doc::new(&["Rioters torched vehicles in Kisumu on 8 August 2017; one person was killed."]);
    d.times = vec![day("8 August 2017", "2017-08-08")];
    d.places = vec![("Kisumu", -0.1, 34.75, PlacePrecision::City, "KE")];
    let ev = d.extract();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].kind, vigil_core::EventKind::Riot);
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn arrests_and_defused_explosives() {
    let mut d = Doc::new(&[
        "Police arrested five suspects in Mombasa on 1 July 2016.",
        "Security forces defused a bomb planted on the road to Mandera on 3 July 2016.",
    ]);
    d.times = vec![
        day("1 July 2016", "2016-07-01"),
        day("3 July 2016", "2016-07-03"),
    ];
    d.places = vec![
        ("Mombasa", -4.05, 39.66, PlacePrecision::City, "KE"),
        ("Mandera", 3.94, 41.86, PlacePrecision::City, "KE"),
    ];
    let ev = d.extract();
    let kinds: Vec<SubKind> = ev.iter().map(|e| e.sub_kind).collect();
    assert_eq!(kinds, [SubKind::Arrests, SubKind::DefusedExplosives]);
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn negation_no_one_hurt_and_statement_is_not_an_event() {
    let mut d = Doc::new(&[
        "An explosion hit a market in Kabul on Sunday. No one was hurt, officials said.",
        "The minister warned that militants could attack schools in the city.",
    ]);
    d.published = Some("2023-01-10");
    d.times = vec![day("Sunday", "2023-01-08")];
    d.places = vec![("Kabul", 34.53, 69.17, PlacePrecision::City, "AF")];
    let ev = d.extract();
    assert_eq!(ev.len(), 1, "the threat is not an event");
    assert_eq!(ev[0].killed.map(|r| r.max), Some(Some(0)));
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn two_events_in_one_sentence() {
    let mut d = Doc::new(&[
        "On 2 June 2024, Al Shabaab attacked a police post in Elwak and abducted three civilians in Dhobley.",
    ]);
    d.entities = vec![ALS];
    d.times = vec![day("2 June 2024", "2024-06-02")];
    d.places = vec![
        ("Elwak", 3.0, 41.0, PlacePrecision::City, "KE"),
        ("Dhobley", 0.4, 41.0, PlacePrecision::City, "SO"),
    ];
    let ev = d.extract();
    assert_eq!(ev.len(), 2);
    assert_eq!(
        ev[0].place.as_ref().map(|p| p.place.name.as_str()),
        Some("Elwak")
    );
    assert_eq!(
        ev[1].place.as_ref().map(|p| p.place.name.as_str()),
        Some("Dhobley")
    );
    assert_eq!(ev[1].sub_kind, SubKind::Abduction);
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn recalled_history_is_background() {
    let mut d = Doc::new(&[
        "Gunmen stormed a hotel in Garissa on Monday, killing two guards.",
        "Previously, in 2019, the group had attacked a church in Garissa, killing 12 worshippers.",
    ]);
    d.published = Some("2024-06-12");
    d.times = vec![
        day("Monday", "2024-06-10"),
        ("2019", "2019-01-01", "2019-12-31", TimePrecision::Year),
    ];
    d.places = vec![("Garissa", -0.45, 39.65, PlacePrecision::City, "KE")];
    let ev = d.extract();
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0].status, EventStatus::New);
    assert_eq!(ev[1].status, EventStatus::Background);
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn the_attack_refers_back() {
    let mut d = Doc::new(&[
        "At least nine people were killed in Lamu County on Saturday, in an attack by Al Shabaab.",
        "Monday's attack occurred at Pandanguo village near the border.",
    ]);
    d.entities = vec![ALS];
    d.places = vec![
        ("Lamu County", -2.2, 40.7, PlacePrecision::Admin1, "KE"),
        ("Pandanguo", -2.23, 40.48, PlacePrecision::City, "KE"),
    ];
    let ev = d.extract();
    assert_eq!(ev.len(), 1);
    assert_eq!(
        ev[0].place.as_ref().map(|p| p.place.name.as_str()),
        Some("Pandanguo")
    );
    assert_eq!(ev[0].killed.map(|r| (r.min, r.max)), Some((9, None)));
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn territory_agreement_and_looting() {
    let mut d = Doc::new(&[
        "Al Shabaab fighters took control of Bulo Burto on 3 March 2024 after government troops withdrew.",
        "Two weeks later, SNA soldiers recaptured Bulo Burto.",
        "Elders of both clans signed a peace agreement in Beledweyne on 20 March 2024.",
        "Militiamen looted shops in the market of Beledweyne on 22 March 2024.",
    ]);
    d.entities = vec![
        ALS,
        (
            "SNA",
            "actor:sna",
            EntityKind::StateForce,
            "Somali National Army",
        ),
    ];
    d.times = vec![
        day("3 March 2024", "2024-03-03"),
        day("20 March 2024", "2024-03-20"),
        day("22 March 2024", "2024-03-22"),
    ];
    d.places = vec![
        ("Bulo Burto", 3.85, 45.56, PlacePrecision::City, "SO"),
        ("Beledweyne", 4.74, 45.2, PlacePrecision::City, "SO"),
    ];
    let ev = d.extract();
    let kinds: Vec<SubKind> = ev.iter().map(|e| e.sub_kind).collect();
    assert_eq!(
        kinds,
        [
            SubKind::NonStateActorOvertakesTerritory,
            SubKind::GovernmentRegainsTerritory,
            SubKind::Agreement,
            SubKind::Looting
        ]
    );
    insta::assert_yaml_snapshot!(d.summary());
}

#[test]
fn crowd_violence_and_a_clan_clash() {
    let mut d = Doc::new(&[
        "A mob lynched a suspected thief in Kisumu on 2 May 2019.",
        "On 9 May 2019, the Garre and the Degodia clashed in Mandera, leaving three people dead.",
    ]);
    d.entities = vec![
        ("Garre", "clan:garre", EntityKind::Nationality, "Garre"),
        (
            "Degodia",
            "clan:degodia",
            EntityKind::Nationality,
            "Degodia",
        ),
    ];
    d.times = vec![
        day("2 May 2019", "2019-05-02"),
        day("9 May 2019", "2019-05-09"),
    ];
    d.places = vec![
        ("Kisumu", -0.1, 34.75, PlacePrecision::City, "KE"),
        ("Mandera", 3.94, 41.86, PlacePrecision::City, "KE"),
    ];
    let ev = d.extract();
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0].sub_kind, SubKind::MobViolence);
    assert_eq!(ev[1].sub_kind, SubKind::ArmedClash);
    assert_eq!(ev[1].killed.map(|k| k.min), Some(3));
    assert!(
        ev[1].actors.iter().any(|a| a.name == "Garre Clan Militia"),
        "{:?}",
        ev[1].actors
    );
    insta::assert_yaml_snapshot!(d.summary());
}
