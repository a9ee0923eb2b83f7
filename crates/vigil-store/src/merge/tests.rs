//! The merge rules on hand-built frames: what keeps two reports apart, and that clustering
//! depends on the set of frames only.

use super::{cluster, event_id, fold, key, same_happening, Constraints};
use chrono::NaiveDate;
use vigil_core::{
    DocumentId, Event, EventKind, EventPlace, EventSource, EventStatus, EventTime, Place,
    PlacePrecision, Range, Span, SubKind, TimePrecision, TimeSource,
};

fn place(name: &str, lat: f64, lon: f64, precision: PlacePrecision, admin1: &str) -> EventPlace {
    EventPlace {
        index: 0,
        place: Place {
            name: name.to_owned(),
            span: Span::new(0, name.len()),
            gazetteer_id: Some(format!("geonames:{name}")),
            canonical_name: Some(name.to_owned()),
            lat: Some(lat),
            lon: Some(lon),
            feature: None,
            admin1: Some(admin1.to_owned()),
            country_code: Some("KE".to_owned()),
            precision: Some(precision),
            confidence: 0.9,
            nationality: false,
            qualifier: None,
            unresolved: None,
        },
        precision: Some(precision),
        near: false,
    }
}

fn garissa() -> EventPlace {
    place("Garissa", -0.4532, 39.6461, PlacePrecision::City, "02")
}

/// A report in document `doc` of a bus attack in Garissa on 2023-06-`d`.
fn frame(doc: &str, d: u32, killed: u32) -> EventSource {
    let date = NaiveDate::from_ymd_opt(2023, 6, d).unwrap();
    EventSource {
        document_id: DocumentId(doc.to_owned()),
        index: 0,
        url: None,
        title: None,
        published: None,
        event: Event {
            kind: EventKind::ViolenceAgainstCivilians,
            sub_kind: SubKind::Attack,
            trigger: "attacked".to_owned(),
            actors: Vec::new(),
            targets: Vec::new(),
            when: Some(EventTime {
                start: date,
                end: date,
                precision: TimePrecision::Day,
                source: TimeSource::Sentence,
                text: None,
            }),
            place: Some(garissa()),
            killed: Some(Range::exact(killed)),
            wounded: None,
            status: EventStatus::New,
            confidence: 0.8,
            hedged: false,
            evidence: Vec::new(),
            disagreements: Vec::new(),
        },
    }
}

#[test]
fn reports_of_one_attack_agree_and_one_article_never_merges_with_itself() {
    assert!(same_happening(&frame("a", 4, 4), &frame("b", 4, 6)));
    let mut second = frame("a", 4, 4);
    second.index = 1;
    assert!(!same_happening(&frame("a", 4, 4), &second));
}

#[test]
fn kind_date_and_place_keep_reports_apart() {
    let a = frame("a", 4, 4);
    let mut other_kind = frame("b", 4, 4);
    other_kind.event.kind = EventKind::Battle;
    other_kind.event.sub_kind = SubKind::ArmedClash;
    assert!(!same_happening(&a, &other_kind));
    let mut abduction = frame("b", 4, 4);
    abduction.event.sub_kind = SubKind::Abduction;
    assert!(
        same_happening(&a, &abduction),
        "a plain attack may be the abduction"
    );
    let mut arrest = frame("b", 4, 4);
    arrest.event.kind = EventKind::StrategicDevelopment;
    arrest.event.sub_kind = SubKind::Arrests;
    let mut agreement = arrest.clone();
    agreement.document_id = DocumentId("c".to_owned());
    agreement.event.sub_kind = SubKind::Agreement;
    assert!(!same_happening(&arrest, &agreement));
    assert!(!same_happening(&a, &frame("b", 6, 4)), "two days later");
    // A date that only stands in for the publication date reaches back one day.
    let mut next_day = frame("b", 5, 4);
    if let Some(when) = next_day.event.when.as_mut() {
        when.source = TimeSource::Publication;
    }
    assert!(same_happening(&a, &next_day));
    let mut no_date = frame("b", 4, 4);
    no_date.event.when = None;
    assert!(!same_happening(&a, &no_date));
}

#[test]
fn how_far_apart_places_may_be_depends_on_their_precision() {
    let a = frame("a", 4, 4);
    let with_place = |p: EventPlace| {
        let mut f = frame("b", 4, 4);
        f.event.place = Some(p);
        f
    };
    // Dadaab is about 90 km from Garissa, in the same county.
    let dadaab = place("Dadaab", 0.0553, 40.3086, PlacePrecision::City, "02");
    assert!(!same_happening(&a, &with_place(dadaab)));
    let county = place("Garissa County", -0.25, 40.0, PlacePrecision::Admin1, "02");
    assert!(same_happening(&a, &with_place(county)));
    let other_county = place("Wajir County", 1.75, 40.05, PlacePrecision::Admin1, "28");
    assert!(!same_happening(&a, &with_place(other_county)));
    let kenya = place("Kenya", 1.0, 38.0, PlacePrecision::Country, "00");
    assert!(same_happening(&a, &with_place(kenya.clone())));
    // Placed no closer than a province or a country, reports must share something particular:
    // here the count of the dead; without it, or with another sub-kind, they stay apart.
    let mut uncounted = with_place(kenya.clone());
    uncounted.event.killed = None;
    assert!(!same_happening(&a, &uncounted));
    let mut abduction = with_place(kenya);
    abduction.event.sub_kind = SubKind::Abduction;
    assert!(!same_happening(&a, &abduction));
    let region = place("East Africa", 1.0, 38.0, PlacePrecision::Region, "00");
    assert!(!same_happening(&a, &with_place(region)));
    let mut near = garissa();
    near.place.lat = Some(-0.75);
    near.near = true;
    assert!(
        same_happening(&a, &with_place(near)),
        "near Garissa, 33 km off"
    );
}

#[test]
fn clustering_depends_on_the_set_not_the_order() {
    let frames = vec![
        frame("d", 4, 5),
        frame("a", 4, 4),
        frame("c", 10, 2),
        frame("b", 4, 6),
        frame("e", 10, 2),
    ];
    let expected = cluster(frames.clone(), &Constraints::default());
    assert_eq!(expected.len(), 2);
    let mut reversed = frames.clone();
    reversed.reverse();
    assert_eq!(cluster(reversed, &Constraints::default()), expected);
    let mut rotated = frames;
    rotated.rotate_left(2);
    assert_eq!(cluster(rotated, &Constraints::default()), expected);
    // Members by key, events by their smallest member.
    let keys: Vec<Vec<String>> = expected
        .iter()
        .map(|members| members.iter().map(|m| key(m).0 .0).collect())
        .collect();
    assert_eq!(keys, [vec!["a", "b", "d"], vec!["c", "e"]]);
}

#[test]
fn a_merged_event_spans_the_counts_and_takes_its_id_from_its_smallest_member() {
    let members = cluster(
        vec![frame("b", 4, 6), frame("a", 4, 4), frame("c", 4, 5)],
        &Constraints::default(),
    );
    let merged = fold(members.into_iter().next().unwrap()).unwrap();
    assert_eq!(merged.id, event_id(&DocumentId("a".to_owned()), 0));
    assert_eq!(merged.aliases.len(), 2);
    assert_eq!(
        merged.killed,
        Some(Range {
            min: 4,
            max: Some(6)
        })
    );
    let killed = &merged.disagreements[0];
    assert_eq!(killed.field, "killed");
    assert_eq!(killed.values.len(), 3);
    assert!(fold(Vec::new()).is_none());
}
