//! Whole pages through the real language layer, geoparser (when a gazetteer is installed) and
//! extractor: one event per happening, totals and statements are not events, whoever reports
//! an event is not its target. Every text here was written for these tests.

mod common;

use std::sync::LazyLock;
use vigil_core::{Event, TargetKind};

static NLP: LazyLock<vigil_nlp::Nlp> = LazyLock::new(vigil_nlp::Nlp::new);
static GEO: LazyLock<vigil_geo::Geoparser> = LazyLock::new(|| {
    vigil_geo::Geoparser::load(&vigil_geo::GeoConfig::default()).unwrap_or_default()
});

/// The events of a page of `paragraphs` published on `published` (YYYY-MM-DD).
fn events(paragraphs: &[&str], published: &str) -> Vec<Event> {
    events_of(paragraphs, Some(published))
}

/// The events of a page of `paragraphs`, published on `published` (YYYY-MM-DD) when known.
fn events_of(paragraphs: &[&str], published: Option<&str>) -> Vec<Event> {
    let paragraphs: Vec<String> = paragraphs.iter().map(|p| (*p).to_owned()).collect();
    let article = common::article(&paragraphs, published);
    let anchor = published.and_then(|p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
    let language = NLP.analyze(&article, anchor);
    let places = GEO.geoparse(&article, &language);
    vigil_events::extract(&article, &language, &places)
}

fn show(events: &[Event]) -> String {
    events
        .iter()
        .map(|e| {
            format!(
                "{:?} {:?} killed {:?} targets {:?}",
                e.sub_kind,
                e.when.as_ref().map(|w| (w.start, w.end)),
                e.killed,
                e.targets.iter().map(|t| &t.name).collect::<Vec<_>>()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn whoever_reports_an_event_is_not_its_target() {
    let found = events(
        &["Gunmen killed five people in Maiduguri on Tuesday, police said."],
        "2024-03-14",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
    let e = &found[0];
    assert!(
        e.targets.iter().all(|t| t.kind != TargetKind::Police),
        "{}",
        show(&found)
    );
    assert!(
        e.targets.iter().any(|t| t.kind == TargetKind::Civilians),
        "{}",
        show(&found)
    );
    let found = events(
        &["A roadside bomb killed three soldiers near Kandahar on Sunday, officials told reporters."],
        "2024-03-14",
    );
    assert!(
        found
            .iter()
            .all(|e| e.targets.iter().all(|t| t.kind != TargetKind::Government)),
        "{}",
        show(&found)
    );
}

#[test]
fn totals_over_a_period_are_not_events() {
    for text in [
        "More than 600 attacks have been recorded in the province this year, the report said.",
        "Close to 30 people were killed in bomb attacks in the north of the country in March.",
        "Up to 5,000 people have been killed in the region since 2004, according to rights groups.",
        "An average of 40 people have been killed each month since the army took power.",
        "Soldiers have killed 32 villagers in the past 10 days, a rights group said.",
        "Police named a local cell responsible for bombings in the capital.",
        "Protest organizer Maria Lopez said her group would march if the permit came through.",
        "The council rejected a proposal for a demonstration along the river on New Year's Day.",
    ] {
        let found = events(&[text], "2024-04-02");
        assert!(found.is_empty(), "{text}\n{}", show(&found));
    }
}

#[test]
fn one_happening_told_over_several_paragraphs_is_one_event() {
    let found = events(
        &[
            "Suicide bomber kills 12 at Peshawar market",
            "A suicide bomber blew himself up at a crowded market in Peshawar on Monday, killing at least 12 people, police said.",
            "Hospital officials said 30 people were wounded in the blast.",
            "The bombing was the deadliest in the city this year. No group has claimed the attack.",
            "The death toll from the attack rose to 15 on Tuesday morning, a hospital spokesman said.",
        ],
        "2024-05-07",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
    let e = &found[0];
    assert_eq!(e.killed.map(|k| k.min), Some(15), "{}", show(&found));
    assert_eq!(e.wounded.map(|k| k.min), Some(30), "{}", show(&found));
    assert!(e.evidence.len() >= 3, "{:?}", e.evidence);
}

#[test]
fn two_attacks_in_one_city_on_one_day_by_different_means_stay_two() {
    let found = events(
        &[
            "A car bomb exploded outside a police station in Kandahar on Monday, killing four officers.",
            "Hours later, gunmen opened fire on a wedding party in another part of Kandahar, killing three guests.",
        ],
        "2024-05-07",
    );
    assert_eq!(found.len(), 2, "{}", show(&found));
}

#[test]
fn a_happening_brought_in_later_is_its_own_event() {
    let found = events(
        &[
            "Militants claim bombing of police post",
            "Insurgents on Thursday claimed a bomb attack on a police post in Quetta that killed three officers, police said.",
            "Four soldiers were killed and two wounded in a roadside bombing that hit an army convoy in the same province.",
            "The convoy attack had not been claimed by Friday.",
        ],
        "2024-02-09",
    );
    assert_eq!(found.len(), 2, "{}", show(&found));
}

#[test]
fn showing_a_capability_is_not_a_protest() {
    let found = events(
        &["The army said the new missile demonstrated the capability to hit targets 2,000 km away."],
        "2024-02-09",
    );
    assert!(found.is_empty(), "{}", show(&found));
}

#[test]
fn an_event_told_without_a_place_takes_the_pages_place() {
    let found = events(
        &[
            "KANDAHAR, Afghanistan - Security was tightened across the city on Monday.",
            "Gunmen killed two guards at a checkpoint on Sunday night, a spokesman said.",
        ],
        "2024-02-12",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
    if GEO.gazetteer().is_some() {
        let place = found[0].place.as_ref().map(|p| p.place.name.as_str());
        assert_eq!(place, Some("KANDAHAR"), "{}", show(&found));
    }
}

#[test]
fn the_latest_incident_refers_back() {
    let found = events(
        &[
            "Rebels killed six soldiers in an ambush on an army convoy in Narathiwat on Monday, the army said.",
            "In the latest incident, a roadside bomb overturned the soldiers' truck as they returned from a patrol.",
        ],
        "2024-02-13",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
}

#[test]
fn a_possessive_time_dates_its_own_noun() {
    let found = events(
        &[
            "A bomb exploded at a crowded market in Yala on Tuesday, wounding 20 people, officials said.",
            "The explosion came a day after Monday's ambush of an army patrol in the same province.",
        ],
        "2024-02-14",
    );
    let blast = found
        .iter()
        .find(|e| e.evidence.len() == 2)
        .unwrap_or_else(|| panic!("the explosion is the Tuesday bomb: {}", show(&found)));
    assert_eq!(
        blast.when.as_ref().map(|w| w.start.to_string()),
        Some("2024-02-13".to_owned()),
        "{}",
        show(&found)
    );
}

#[test]
fn a_point_of_reference_is_not_the_place() {
    let found = events(
        &["A suicide bomber struck a police station in Boumerdes province, east of Algiers, on Wednesday, killing four officers."],
        "2024-02-15",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
    if GEO.gazetteer().is_some() {
        let place = found[0].place.as_ref().map(|p| p.place.name.as_str());
        assert_eq!(place, Some("Boumerdes"), "{}", show(&found));
    }
}

#[test]
fn an_undated_new_event_shares_the_news_day() {
    let found = events(
        &[
            "Rebels killed eight soldiers in an ambush in Narathiwat on Monday, officials said.",
            "In other incidents, a roadside bomb hit an army convoy in neighbouring Yala province, police said.",
        ],
        "2024-02-13",
    );
    assert_eq!(found.len(), 2, "{}", show(&found));
    for e in &found {
        let day = e
            .when
            .as_ref()
            .map(|w| (w.start.to_string(), w.end.to_string()));
        assert_eq!(
            day,
            Some(("2024-02-12".to_owned(), "2024-02-12".to_owned())),
            "{}",
            show(&found)
        );
    }
}

#[test]
fn plots_threats_and_equipment_are_not_events() {
    for text in [
        "The man spoke in court in Karachi about the collapse of his bombing plot, officials said.",
        "He was preparing bomb attacks on two embassies when the scheme was foiled by police.",
        "A bomb threat forced the evacuation of the central station in Lyon on Tuesday.",
        "The minister will discuss a proposed missile base near the border with allies.",
        "Teachers in the province are often targeted by militants, the union said.",
    ] {
        let found = events(&[text], "2024-03-06");
        assert!(found.is_empty(), "{text}\n{}", show(&found));
    }
}

#[test]
fn a_perpetrator_named_by_reference_is_the_group_named_before() {
    let found = events(
        &[
            "Islamic State Khorasan Province fighters stormed a hotel in Kabul on Monday, killing three guests.",
            "The group claimed responsibility for an attack on a Sikh temple in the city in June.",
        ],
        "2024-12-14",
    );
    let temple = found
        .iter()
        .find(|e| e.targets.iter().any(|t| t.name.contains("temple")))
        .unwrap_or_else(|| panic!("temple attack: {}", show(&found)));
    assert!(
        temple.actors.iter().any(|a| a.id == "actor:iskp"),
        "{:?}",
        temple.actors
    );
}

#[test]
fn the_rally_where_an_attack_happened_is_not_a_protest() {
    let found = events(
        &["A gunman killed the candidate and six of her supporters at a rally in Multan on Sunday."],
        "2024-03-11",
    );
    assert!(
        found
            .iter()
            .all(|e| e.kind != vigil_core::EventKind::Protest),
        "{}",
        show(&found)
    );
}

#[test]
fn a_subsequent_gun_battle_is_part_of_the_attack() {
    let found = events(
        &[
            "A roadside bomb hit an army convoy in Yala province on Monday, police said.",
            "Two soldiers were hurt in a subsequent gun battle with the attackers.",
        ],
        "2024-03-12",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
}

#[test]
fn an_act_told_after_after_is_another_happening() {
    let found = events(
        &["Militants set off a bomb that wounded 20 people at a market in Pattani on Tuesday, officials said, a day after rebels ambushed an army patrol and killed six soldiers."],
        "2024-03-13",
    );
    assert_eq!(found.len(), 2, "{}", show(&found));
    let bomb = found
        .iter()
        .find(|e| e.wounded.is_some())
        .unwrap_or_else(|| panic!("{}", show(&found)));
    assert_eq!(bomb.killed, None, "{}", show(&found));
}

#[test]
fn figures_a_page_gives_differently_are_shown_as_a_disagreement() {
    let found = events(
        &[
            "A car bomb killed 12 people at a market in Kirkuk on Monday.",
            "The bombing in Kirkuk killed 15 people, hospital officials said.",
        ],
        "2024-03-14",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
    let e = &found[0];
    assert_eq!(e.killed.map(|k| k.min), Some(15), "{}", show(&found));
    let killed = e.disagreements.iter().find(|d| d.field == "killed");
    let values: Vec<&str> = killed
        .map(|d| d.values.iter().map(|v| v.value.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(values, ["12", "15"], "{:?}", e.disagreements);
    assert!(killed.is_some_and(|d| d.values.iter().all(|v| v.documents.len() == 1)));

    // "At least 12" and "15" can both be true: one reading, nothing to show.
    let found = events(
        &[
            "At least 12 people were killed when a car bomb exploded at a market in Kirkuk on Monday.",
            "The bombing in Kirkuk killed 15 people, hospital officials said.",
        ],
        "2024-03-14",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
    assert!(
        found[0].disagreements.is_empty(),
        "{:?}",
        found[0].disagreements
    );
    let json = serde_json::to_string(&found[0]).unwrap_or_default();
    assert!(!json.contains("disagreements"), "{json}");
}

#[test]
fn dozens_multiply() {
    let found = events(
        &["A suicide bomber killed nearly two dozen people at a rally in Peshawar on Friday."],
        "2024-03-16",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
    assert_eq!(found[0].killed.map(|k| k.min), Some(24), "{}", show(&found));
}

#[test]
fn a_page_dated_only_by_its_year_still_tells_history() {
    let found = events(
        &["Soldiers opened fire on protesters in Bangkok in May 1992, killing dozens."],
        "2008",
    );
    assert!(!found.is_empty(), "{}", show(&found));
    assert!(
        found
            .iter()
            .all(|e| e.status == vigil_core::EventStatus::Background),
        "{:?}",
        found.iter().map(|e| e.status).collect::<Vec<_>>()
    );
}

#[test]
fn news_is_what_happened_within_about_a_week() {
    let page = ["A suicide bomber killed 20 people at a rally in Rawalpindi on December 27."];
    let status = |published: &str| events(&page, published).first().map(|e| e.status);
    assert_eq!(status("2007-12-30"), Some(vigil_core::EventStatus::New));
    assert_eq!(
        status("2008-01-12"),
        Some(vigil_core::EventStatus::Background)
    );
}

#[test]
fn a_month_before_the_noun_dates_its_act() {
    let found = events(
        &["The general, who seized power in a coup in 1999, failed to protect her after an October suicide bombing in Karachi killed 130 people."],
        "2008-01-10",
    );
    let bombing = found
        .iter()
        .find(|e| e.sub_kind == vigil_core::SubKind::SuicideBomb);
    assert_eq!(
        bombing
            .and_then(|e| e.when.as_ref())
            .map(|w| w.start.to_string()),
        Some("2007-10-01".to_owned()),
        "{}",
        show(&found)
    );
}

#[test]
fn an_act_someone_prepared_to_do_is_not_an_event() {
    let found = events(
        &["Soldiers on Tuesday killed two militants as they prepared to fire a rocket near Sderot."],
        "2024-03-14",
    );
    assert!(
        found
            .iter()
            .all(|e| e.sub_kind != vigil_core::SubKind::ShellingArtilleryMissile),
        "{}",
        show(&found)
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
}

#[test]
fn fighting_over_years_is_a_period_not_a_happening() {
    let found = events(
        &["Since the mid-1990s, donors have sent billions to the region, but the gains were wiped out in Israeli-Palestinian fighting."],
        "2007-12-06",
    );
    assert!(found.is_empty(), "{}", show(&found));
}

#[test]
fn an_act_told_after_after_takes_the_gap_the_sentence_states() {
    let found = events(
        &["Suspected insurgents exploded a bomb in a market in Yala on Tuesday, officials said, a day after rebels ambushed a military patrol and killed eight soldiers."],
        "2008-01-16",
    );
    let day = |sub: vigil_core::SubKind| {
        found
            .iter()
            .find(|e| e.sub_kind == sub)
            .and_then(|e| e.when.as_ref())
            .map(|w| w.start.to_string())
    };
    assert_eq!(
        day(vigil_core::SubKind::RemoteExplosive).as_deref(),
        Some("2008-01-15"),
        "{}",
        show(&found)
    );
    assert_eq!(
        day(vigil_core::SubKind::ArmedClash).as_deref(),
        Some("2008-01-14"),
        "{}",
        show(&found)
    );

    // No other act before "after": the time is the attack's own.
    let found = events(
        &["On Monday, after talks failed, rebels attacked a police post in Yala."],
        "2008-01-16",
    );
    assert_eq!(
        found
            .first()
            .and_then(|e| e.when.as_ref())
            .map(|w| w.start.to_string())
            .as_deref(),
        Some("2008-01-14"),
        "{}",
        show(&found)
    );
}

#[test]
fn words_and_animals_are_not_armed_acts() {
    let found = events(
        &["Rival politicians had clashed bitterly in parliament over the budget."],
        "2008-01-10",
    );
    assert!(found.is_empty(), "{}", show(&found));
    let found = events(
        &["Police believe the fence contributed to the tiger escaping from its enclosure and attacking its victims, a spokeswoman said."],
        "2008-01-10",
    );
    assert!(found.is_empty(), "{}", show(&found));
    // Fighters who clash with soldiers still do.
    let found = events(
        &["Rebels clashed with soldiers near Kismayo on Monday, killing four."],
        "2008-01-10",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
}

#[test]
fn two_attacks_at_two_sites_are_two_events() {
    let found = events(
        &["A total of 41 people were killed on Tuesday in two suicide attacks at the Supreme Court and the office of the UN refugee agency in Algiers."],
        "2007-12-12",
    );
    assert_eq!(found.len(), 2, "{}", show(&found));
    let sites: Vec<&str> = found
        .iter()
        .filter_map(|e| e.targets.last().map(|t| t.name.as_str()))
        .collect();
    assert_eq!(
        sites,
        ["the Supreme Court", "the office of the UN refugee agency"],
        "{}",
        show(&found)
    );
    // The toll is for both together: neither alone had 41 dead.
    assert!(found.iter().all(|e| e.killed.is_none()), "{}", show(&found));

    // Two attacks told as two without naming each site stay one told event.
    let found = events(
        &["Two suicide attacks killed 41 people in Algiers on Tuesday."],
        "2007-12-12",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
}

#[test]
fn another_death_in_another_town_is_another_event() {
    let found = events(
        &["Clashes erupted between Fatah supporters and Hamas security forces in the Gaza Strip on Monday, killing three. Another person was killed in Gaza City."],
        "2007-12-31",
    );
    assert_eq!(found.len(), 2, "{}", show(&found));
}

#[test]
fn a_bomb_followed_by_a_gun_battle_is_one_clash() {
    let found = events(
        &[
            "A roadside bomb struck an army patrol near Pattani on Thursday, officials said.",
            "One soldier was wounded in a subsequent ten-minute gun battle with the attackers.",
        ],
        "2024-05-10",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
    assert_eq!(
        found[0].sub_kind,
        vigil_core::SubKind::ArmedClash,
        "{}",
        show(&found)
    );
}

#[test]
fn an_act_during_a_named_happening_is_part_of_it() {
    let found = events(
        &["The blast came two days after Friday's ambush near Jalalabad, during which a police officer was beheaded, and a prison break on Saturday."],
        "2024-06-03",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
}

#[test]
fn methods_and_operations_in_general_are_not_happenings() {
    let found = events(
        &[
            "The rebels use kidnapping as a weapon against the state and its allies.",
            "The envoy said heavy army operations in the hills had delayed the release.",
            "The suspect led a cell responsible for bombing attacks in the north.",
        ],
        "2024-02-12",
    );
    assert!(found.is_empty(), "{}", show(&found));
}

#[test]
fn gunmen_firing_on_people_is_an_attack_and_the_rally_is_its_scene() {
    let found = events(
        &["Three gunmen fired automatic weapons on a family near Kayes on Sunday, killing two."],
        "2024-04-02",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
    assert_eq!(
        found[0].sub_kind,
        vigil_core::SubKind::Attack,
        "{}",
        show(&found)
    );
    let found = events(
        &["Militiamen fired on a large opposition rally in Bamako on Sunday, killing four."],
        "2024-04-02",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
    assert_eq!(
        found[0].sub_kind,
        vigil_core::SubKind::Attack,
        "{}",
        show(&found)
    );
}

#[test]
fn disasters_animals_and_disappearances_are_not_armed_acts() {
    let found = events(
        &[
            "A wildfire that killed four hikers kept burning north of Perth on Monday.",
            "A fisherman went missing on the lake on Sunday, and provincial police searched for him.",
        ],
        "2024-01-09",
    );
    assert!(found.is_empty(), "{}", show(&found));
}

#[test]
fn a_walk_and_a_fight_back_are_not_events_of_their_own() {
    let found = events(
        &["After a ten-day march through the forest, the hostages were freed on Friday by the rebels who held them."],
        "2024-03-04",
    );
    assert!(
        found
            .iter()
            .all(|e| e.sub_kind != vigil_core::SubKind::PeacefulProtest),
        "{}",
        show(&found)
    );
    let found = events(
        &["A provincial governor and his guards stormed a radio station in Jaffna on Monday and beat its editor, wounding two technicians, before staff fought back, witnesses said."],
        "2024-03-05",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
}

#[test]
fn the_crowd_fired_on_and_one_mans_protests_are_not_protests() {
    let found = events(
        &["In March 1999 soldiers opened fire on student protests against the junta in Yangon."],
        "2024-03-04",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
    let found = events(
        &["The striker was booked for his protests over the penalty in Newcastle on Saturday."],
        "2024-03-04",
    );
    assert!(found.is_empty(), "{}", show(&found));
}

#[test]
fn a_killing_with_no_armed_side_on_the_page_is_ordinary_crime() {
    let found = events(
        &[
            "A youth coach was shot and killed outside a gym in Oakland on Saturday night.",
            "Police said they had no motive and asked witnesses to come forward.",
        ],
        "2024-02-05",
    );
    assert!(found.is_empty(), "{}", show(&found));
    // An armed group named on the page makes it an attack.
    let found = events(
        &[
            "A village elder was shot and killed outside a mosque in Kismayo on Saturday night.",
            "Residents blamed al-Shabaab, which has killed several elders this year.",
        ],
        "2024-02-05",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
}

#[test]
fn a_coalition_fighting_a_group_is_who_it_is_not_a_battle() {
    let found = events(
        &["Several clans in Hiraan have formed a coalition fighting al-Shabaab that officials credit for the calm."],
        "2024-02-05",
    );
    assert!(found.is_empty(), "{}", show(&found));
    let found = events(
        &["Fighting between clan militias and al-Shabaab killed six people in Hiraan on Sunday."],
        "2024-02-05",
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
}

#[test]
fn shots_in_sport_and_animals_shot_are_not_events() {
    for text in [
        "The jaguar, a male called Bruno, got out of its pen late on Sunday, injuring two keepers before it was shot to death by police.",
        "Early in the first period, Toronto had a chance to go ahead, but Marc Dubois' wrist shot hit the left post.",
    ] {
        let found = events(&[text], "2024-03-06");
        assert!(found.is_empty(), "{text}\n{}", show(&found));
    }
}

#[test]
fn police_who_say_what_happened_are_not_the_perpetrators() {
    let found = events(
        &["Police said on Friday that the four deaths in the house fire were being treated as murder."],
        "2024-03-09",
    );
    assert!(
        found
            .iter()
            .all(|e| e.actors.iter().all(|a| !a.id.contains("police"))),
        "{:?}",
        found.iter().map(|e| &e.actors).collect::<Vec<_>>()
    );
}

#[test]
fn an_act_with_its_own_unresolved_time_takes_no_other_date() {
    let found = events_of(
        &[
            "Gunmen carried out an attack in June on a Sikh temple in Kabul, killing 25 worshippers.",
            "The city has seen many such attacks.",
            "In late 2019, a suicide bomber killed 12 people at a market in Jalalabad.",
        ],
        None,
    );
    let temple = found
        .iter()
        .find(|e| e.targets.iter().any(|t| t.name.contains("temple")))
        .unwrap_or_else(|| panic!("temple attack: {}", show(&found)));
    assert!(temple.when.is_none(), "{}", show(&found));
}

#[test]
fn an_act_listed_under_a_groups_attacks_is_that_groups() {
    let found = events(
        &["Several recent ISKP attacks in Afghanistan, including a bombing of a school in Kabul in May, were carried out by foreign fighters."],
        "2024-12-14",
    );
    let school = found
        .iter()
        .find(|e| e.targets.iter().any(|t| t.name.contains("school")))
        .unwrap_or_else(|| panic!("school bombing: {}", show(&found)));
    assert!(
        school.actors.iter().any(|a| a.id == "actor:iskp"),
        "{:?}",
        school.actors
    );
    assert_eq!(found.len(), 1, "{}", show(&found));
}

#[test]
fn what_would_have_happened_or_is_to_be_done_is_not_an_event() {
    for text in [
        "A minister in London said there was an \"important balance to be struck\" between police powers and the rights of suspects.",
        "Doctors said the two marines would probably have died if they had not been flown to a hospital in Germany.",
    ] {
        let found = events(&[text], "2024-03-06");
        assert!(found.is_empty(), "{text}\n{}", show(&found));
    }
}
