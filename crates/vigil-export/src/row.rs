//! One event as one flat row: ACLED's columns, then vigil's own. The CSV export writes it as
//! is; GeoJSON, STIX and MISP carry the same fields under the same names.

use chrono::{Datelike, NaiveDate};
use vigil_core::{EventKind, MergedEvent, PlacePrecision, TimePrecision};

use crate::acled::{ActorNames, NamedActor};
use crate::EvidenceText;

/// Separates the items of a list in one cell (URLs, sentences, names). ACLED's own
/// `assoc_actor_*` columns use its "; " instead.
pub(crate) const LIST: &str = " | ";

/// A cell's value, typed so JSON formats keep numbers as numbers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    fn opt<T: Into<i64>>(n: Option<T>) -> Cell {
        n.map_or(Cell::Empty, |n| Cell::Int(n.into()))
    }

    /// The cell as CSV text: empty for no value.
    pub(crate) fn to_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Empty => String::new(),
        }
    }

    /// The cell as JSON: null for no value.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        match self {
            Cell::Text(s) => s.clone().into(),
            Cell::Int(n) => (*n).into(),
            Cell::Float(f) => {
                serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into)
            }
            Cell::Bool(b) => (*b).into(),
            Cell::Empty => serde_json::Value::Null,
        }
    }
}

/// The row of one event: `(column, value)` in column order.
pub(crate) type Row = Vec<(&'static str, Cell)>;

/// Column names, in order: the CSV header.
pub(crate) const COLUMNS: [&str; 54] = [
    // ACLED's columns, with ACLED's meanings.
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    // vigil's own.
    "event_end_date",
    "date_precision",
    "kind",
    "sub_kind",
    "country_code",
    "gazetteer_id",
    "place_name",
    "place_precision",
    "near",
    "actor1_name",
    "actor2_name",
    "actor_ids",
    "actor_names",
    "actor_attributions",
    "target_names",
    "target_kinds",
    "killed_min",
    "killed_max",
    "wounded_min",
    "wounded_max",
    "status",
    "sources",
    "source_documents",
    "evidence",
    "review_state",
    "corrected",
    "disagreements",
    "aliases",
];

/// Flattens one event into its row (cells in [`COLUMNS`] order).
pub(crate) fn row(event: &MergedEvent, evidence: &[EvidenceText], names: &ActorNames) -> Row {
    let place = event.place.as_ref();
    let country = place.and_then(|p| p.place.country_code.as_deref());
    let date = event.when.as_ref().map(|w| w.start);
    let kind = names.kind(event.sub_kind);
    let actors: Vec<NamedActor> = event
        .actors
        .iter()
        .map(|a| names.participant(a, country, date))
        .collect();
    let targets: Vec<(String, NamedActor)> = event
        .targets
        .iter()
        .filter_map(|t| Some((t.name.clone(), names.target(t, country, date)?)))
        .collect();
    // ACLED's two sides: a battle's second side is its second actor; otherwise the target.
    let (side1, assoc1, side2, own2): (&[NamedActor], _, Vec<NamedActor>, Vec<String>) =
        if event.kind == EventKind::Battle && actors.len() > 1 {
            let own2 = event
                .actors
                .get(1)
                .map(|a| a.name.clone())
                .into_iter()
                .collect();
            (&actors[..1], &actors[2..], actors[1..2].to_vec(), own2)
        } else {
            let own2 = targets.iter().map(|(n, _)| n.clone()).take(1).collect();
            let side2 = targets.iter().map(|(_, a)| a.clone()).collect();
            (
                &actors[..actors.len().min(1)],
                actors.get(1..).unwrap_or(&[]),
                side2,
                own2,
            )
        };
    let inter1 = side1.first().and_then(|a| a.inter);
    let inter2 = side2.first().and_then(|a| a.inter);
    let interaction = match (inter1, inter2) {
        (Some(a), Some(b)) => Some(u16::from(a.min(b)) * 10 + u16::from(a.max(b))),
        // A side alone is ACLED's "10", "20" …; an unknown first side leaves it unknown.
        (Some(a), None) => Some(u16::from(a) * 10),
        (None, _) => None,
    };
    let civilian = inter2 == Some(7)
        || event
            .targets
            .iter()
            .any(|t| t.kind == vigil_core::TargetKind::Civilians);
    let when = event.when.as_ref();
    let place_precision = place.and_then(|p| p.precision.or(p.place.precision));
    let hosts: Vec<&str> = dedup(event.sources.iter().filter_map(|s| host(s.url.as_deref()?)));
    let notes = evidence.first().map_or_else(
        || {
            summary(
                &kind.sub_event_type,
                side1,
                place.map(|p| location_name(&p.place)),
            )
        },
        |e| e.sentence.clone(),
    );
    vec![
        ("event_id_cnty", Cell::text(event.id.clone())),
        (
            "event_date",
            Cell::text(when.map(|w| day(w.start)).unwrap_or_default()),
        ),
        ("year", Cell::opt(when.map(|w| w.start.year()))),
        (
            "time_precision",
            Cell::opt(when.map(|w| time_precision(w.precision, w.start, w.end))),
        ),
        ("disorder_type", Cell::text(kind.disorder_type)),
        ("event_type", Cell::text(kind.event_type)),
        ("sub_event_type", Cell::text(kind.sub_event_type)),
        ("actor1", Cell::text(join_acled(side1, "; "))),
        ("assoc_actor_1", Cell::text(join_acled(assoc1, "; "))),
        ("inter1", Cell::opt(inter1)),
        (
            "actor2",
            Cell::text(join_acled(&side2[..side2.len().min(1)], "; ")),
        ),
        (
            "assoc_actor_2",
            Cell::text(join_acled(side2.get(1..).unwrap_or(&[]), "; ")),
        ),
        ("inter2", Cell::opt(inter2)),
        ("interaction", Cell::opt(interaction)),
        (
            "civilian_targeting",
            Cell::text(if civilian { "Civilian targeting" } else { "" }),
        ),
        ("iso", Cell::opt(country.and_then(|c| names.numeric(c)))),
        (
            "country",
            Cell::text(
                country
                    .and_then(vigil_events::country_name)
                    .unwrap_or_default(),
            ),
        ),
        (
            "admin1",
            Cell::text(
                place
                    .and_then(|p| p.place.admin1.clone())
                    .unwrap_or_default(),
            ),
        ),
        ("admin2", Cell::Empty),
        (
            "location",
            Cell::text(place.map(|p| location_name(&p.place)).unwrap_or_default()),
        ),
        (
            "latitude",
            place
                .and_then(|p| p.place.lat)
                .map_or(Cell::Empty, Cell::Float),
        ),
        (
            "longitude",
            place
                .and_then(|p| p.place.lon)
                .map_or(Cell::Empty, Cell::Float),
        ),
        (
            "geo_precision",
            Cell::opt(place.map(|p| geo_precision(place_precision, p.near))),
        ),
        ("source", Cell::text(hosts.join("; "))),
        ("notes", Cell::text(notes)),
        (
            "fatalities",
            Cell::Int(event.killed.map_or(0, |k| i64::from(k.min))),
        ),
        (
            "event_end_date",
            Cell::text(when.map(|w| day(w.end)).unwrap_or_default()),
        ),
        (
            "date_precision",
            Cell::text(when.map(|w| word(&w.precision)).unwrap_or_default()),
        ),
        ("kind", Cell::text(word(&event.kind))),
        ("sub_kind", Cell::text(word(&event.sub_kind))),
        ("country_code", Cell::text(country.unwrap_or_default())),
        (
            "gazetteer_id",
            Cell::text(
                place
                    .and_then(|p| p.place.gazetteer_id.clone())
                    .unwrap_or_default(),
            ),
        ),
        (
            "place_name",
            Cell::text(place.map(|p| p.place.name.clone()).unwrap_or_default()),
        ),
        (
            "place_precision",
            Cell::text(place_precision.map(|p| word(&p)).unwrap_or_default()),
        ),
        ("near", place.map_or(Cell::Empty, |p| Cell::Bool(p.near))),
        (
            "actor1_name",
            Cell::text(
                event
                    .actors
                    .first()
                    .map(|a| a.name.clone())
                    .unwrap_or_default(),
            ),
        ),
        ("actor2_name", Cell::text(own2.join(LIST))),
        (
            "actor_ids",
            Cell::text(list(event.actors.iter().map(|a| a.id.as_str()))),
        ),
        (
            "actor_names",
            Cell::text(list(event.actors.iter().map(|a| a.name.as_str()))),
        ),
        (
            "actor_attributions",
            Cell::text(list(event.actors.iter().map(|a| word(&a.attribution)))),
        ),
        (
            "target_names",
            Cell::text(list(event.targets.iter().map(|t| t.name.as_str()))),
        ),
        (
            "target_kinds",
            Cell::text(list(event.targets.iter().map(|t| word(&t.kind)))),
        ),
        ("killed_min", Cell::opt(event.killed.map(|r| r.min))),
        ("killed_max", Cell::opt(event.killed.and_then(|r| r.max))),
        ("wounded_min", Cell::opt(event.wounded.map(|r| r.min))),
        ("wounded_max", Cell::opt(event.wounded.and_then(|r| r.max))),
        ("status", Cell::text(word(&event.status))),
        (
            "sources",
            Cell::text(list(
                event
                    .sources
                    .iter()
                    .map(|s| s.url.as_deref().unwrap_or_default()),
            )),
        ),
        (
            "source_documents",
            Cell::text(list(event.sources.iter().map(|s| s.document_id.as_str()))),
        ),
        (
            "evidence",
            Cell::text(list(evidence.iter().map(|e| e.sentence.as_str()))),
        ),
        ("review_state", Cell::text(word(&event.review.state))),
        (
            "corrected",
            Cell::text(list(event.review.corrected.iter().map(String::as_str))),
        ),
        (
            "disagreements",
            Cell::text(list(event.disagreements.iter().map(|d| {
                let values: Vec<&str> = d.values.iter().map(|v| v.value.as_str()).collect();
                format!("{}: {}", d.field, values.join(" / "))
            }))),
        ),
        (
            "aliases",
            Cell::text(list(event.aliases.iter().map(String::as_str))),
        ),
    ]
}

/// A value's serde name (`new`, `armed_clash`, `admin1`).
pub(crate) fn word<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The place's gazetteer name, else the name as written.
pub(crate) fn location_name(p: &vigil_core::Place) -> String {
    p.canonical_name.clone().unwrap_or_else(|| p.name.clone())
}

/// The host of a URL (`https://www.example.com/a` → `www.example.com`): ACLED's `source`.
pub(crate) fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    (!host.is_empty()).then_some(host)
}

fn list<S: AsRef<str>>(items: impl Iterator<Item = S>) -> String {
    let items: Vec<S> = items.collect();
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    items.join(LIST)
}

fn join_acled(actors: &[NamedActor], sep: &str) -> String {
    let names: Vec<&str> = dedup(actors.iter().map(|a| a.acled.as_str()));
    names.join(sep)
}

fn dedup<'s>(items: impl Iterator<Item = &'s str>) -> Vec<&'s str> {
    let mut out: Vec<&str> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// ACLED's time precision: 1 the day is known, 2 the week (or a few days), 3 the month or less.
fn time_precision(p: TimePrecision, start: NaiveDate, end: NaiveDate) -> u8 {
    match p {
        TimePrecision::Day => 1,
        TimePrecision::Week => 2,
        TimePrecision::Range if (end - start).num_days() <= 7 => 2,
        _ => 3,
    }
}

/// ACLED's geo precision: 1 the town itself, 2 near a town or part of a region, 3 a region.
fn geo_precision(p: Option<PlacePrecision>, near: bool) -> u8 {
    match p {
        Some(PlacePrecision::Point | PlacePrecision::City) if !near => 1,
        Some(PlacePrecision::Point | PlacePrecision::City) => 2,
        _ => 3,
    }
}

/// ACLED-style notes when no sentence is at hand: "Attack by X in Y."
fn summary(sub_event: &str, actors: &[NamedActor], place: Option<String>) -> String {
    let mut s = sub_event.to_owned();
    if let Some(a) = actors.first() {
        s.push_str(" by ");
        s.push_str(&a.acled);
    }
    if let Some(p) = place {
        s.push_str(" in ");
        s.push_str(&p);
    }
    s.push('.');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_has_its_column() {
        let nlp = vigil_nlp::Nlp::new();
        let Ok(names) = ActorNames::new(nlp.actors()) else {
            panic!("built-in tables do not load");
        };
        let event: MergedEvent = match serde_json::from_value(serde_json::json!({
            "id": "ev-0000000000000001", "kind": "protest", "sub_kind": "peaceful_protest",
            "status": "new", "when": null, "where": null, "actors": [], "targets": [],
            "killed": null, "wounded": null, "sources": []
        })) {
            Ok(e) => e,
            Err(e) => panic!("{e}"),
        };
        let names: Vec<&str> = row(&event, &[], &names).iter().map(|(c, _)| *c).collect();
        assert_eq!(names, COLUMNS);
    }

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            host("https://www.example.com/a/b?c"),
            Some("www.example.com")
        );
        assert_eq!(
            host("http://user@news.example.org"),
            Some("news.example.org")
        );
        assert_eq!(host("https:///x"), None);
    }

    #[test]
    fn precisions_in_acled_codes() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        assert_eq!(
            time_precision(TimePrecision::Day, d("2024-01-01"), d("2024-01-01")),
            1
        );
        assert_eq!(
            time_precision(TimePrecision::Range, d("2024-01-01"), d("2024-01-04")),
            2
        );
        assert_eq!(
            time_precision(TimePrecision::Month, d("2024-01-01"), d("2024-01-31")),
            3
        );
        assert_eq!(geo_precision(Some(PlacePrecision::City), false), 1);
        assert_eq!(geo_precision(Some(PlacePrecision::City), true), 2);
        assert_eq!(geo_precision(Some(PlacePrecision::Admin1), false), 3);
    }
}
