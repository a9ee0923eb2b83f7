//! Scores the events stage on `../shared/bench/events/dev.jsonl` with the figures its README
//! defines: event type (accuracy, macro-F1, confusion matrix over eight labels), date, location
//! (≤ 50 km, median km, country, admin1), actor and target (lenient), fatalities, and how many
//! texts gave no event or extra events.
//!
//! Each text runs alone through nlp → geo → events with no publication date. Evaluation only:
//! nothing here feeds back into the extractor.

use crate::EvalError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
use vigil_core::{haversine_km, Event, Language, Place, SubKind, Target, TargetKind};

/// The eight labels of the dev set, in the README's order.
pub const LABELS: [&str; 8] = [
    "armed_clash",
    "bombing_explosion",
    "attack_on_civilians",
    "suicide_attack",
    "kidnapping",
    "remote_violence_shelling",
    "protest",
    "other",
];

/// vigil's sub-kind → the dev set's label (the README's mapping from ACLED sub-event types).
#[must_use]
pub fn label_of(sub: SubKind) -> &'static str {
    use SubKind::*;
    match sub {
        ArmedClash | GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => "armed_clash",
        RemoteExplosive | Grenade => "bombing_explosion",
        SuicideBomb => "suicide_attack",
        ShellingArtilleryMissile | AirDroneStrike => "remote_violence_shelling",
        Attack | SexualViolence | ExcessiveForceAgainstProtesters => "attack_on_civilians",
        Abduction => "kidnapping",
        PeacefulProtest | ProtestWithIntervention | ViolentDemonstration => "protest",
        MobViolence
        | Arrests
        | Agreement
        | Looting
        | DefusedExplosives
        | HeadquartersEstablished
        | OtherDevelopment => "other",
    }
}

/// One dev-set record (the fields the score reads).
#[derive(Debug, Clone, Deserialize)]
struct Gold {
    id: String,
    text: String,
    date: String,
    date_precision: u8,
    date_in_text: bool,
    event_type: String,
    actor: String,
    actor_kind: Option<String>,
    target: Option<String>,
    country: String,
    admin1: Option<String>,
    #[serde(default)]
    place: String,
    lat: f64,
    lon: f64,
    geo_precision: u8,
    fatalities: u32,
    fatalities_scorable: bool,
}

/// A share with its count: `hits` of `n`.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Share {
    pub hits: usize,
    pub n: usize,
}

impl Share {
    pub(crate) fn add(&mut self, hit: bool) {
        self.n += 1;
        self.hits += usize::from(hit);
    }

    /// `hits / n`, or 0 for an empty set.
    #[must_use]
    pub fn value(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.hits as f64 / self.n as f64
        }
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3} ({}/{})", self.value(), self.hits, self.n)
    }
}

/// The figures of one evaluation run; `Display` prints the human-readable table.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub records: usize,
    /// Whether a gazetteer was found (`VIGIL_GAZETTEER`, `data/gazetteer`): without one no
    /// place resolves.
    pub gazetteer: bool,
    pub texts_without_event: usize,
    pub texts_with_extra_events: usize,
    pub kind: Share,
    pub kind_macro_f1: f64,
    /// Gold label (rows, [`LABELS`] order) × predicted label (columns, [`LABELS`] then `none`).
    pub confusion: Vec<Vec<usize>>,
    /// Exact date (with the README's precision tolerance) on `date_in_text` records.
    pub date: Share,
    /// For information: same year-month on records without the date in the text.
    pub date_year_month_not_in_text: Share,
    pub place_50km: Share,
    pub place_50km_geo_precision_3: Share,
    /// For information: ≤ 50 km had the closest of all the places the geoparser found been
    /// chosen (what event-place choice could reach with this geoparser).
    pub place_50km_any_place: Share,
    pub place_median_km: Option<f64>,
    pub place_with_coordinates: usize,
    pub country: Share,
    pub admin1: Share,
    pub actor: Share,
    pub actor_kind: Share,
    pub target: Share,
    pub fatalities_exact: Share,
    pub fatalities_within_1: Share,
    pub fatalities_positive_exact: Share,
    pub fatalities_positive_within_1: Share,
    /// Per record: id, gold label, predicted label, and which fields matched (for error analysis).
    pub details: Vec<Detail>,
}

/// How one record scored.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    pub id: String,
    pub gold: String,
    pub predicted: String,
    pub events: usize,
    pub date: Option<bool>,
    pub km: Option<f64>,
    /// The gold place and the place the chosen event names (its canonical name and feature).
    pub gold_place: String,
    pub predicted_place: Option<String>,
    /// Every place the geoparser found, in text order (name → canonical name, km from gold).
    pub places: Vec<String>,
    /// Distance of the closest place the geoparser found, whichever the event chose.
    pub closest_km: Option<f64>,
    pub actor: bool,
    pub predicted_actors: Vec<String>,
    pub target: bool,
    pub fatalities: Option<(u32, u32)>,
}

/// The stages an evaluation runs, loaded once.
struct Stages {
    nlp: vigil_nlp::Nlp,
    geo: vigil_geo::Geoparser,
}

impl Stages {
    fn events(&self, id: &str, text: &str) -> (Vec<Event>, Vec<Place>) {
        let article = crate::dev_article(id, text);
        let language: Language = self.nlp.analyze(&article, vigil_nlp::Anchor::Unknown);
        let places = self.geo.geoparse(&article, &language);
        let events = vigil_events::extract(&article, &language, &places);
        (events, places)
    }
}

/// Runs the evaluation on the dev set at `path`.
///
/// # Errors
/// The file cannot be read, or a line is not a dev-set record.
pub fn run(path: &Path) -> Result<Report, EvalError> {
    let golds: Vec<Gold> = crate::read_jsonl(path)?;
    let stages = Stages {
        nlp: vigil_nlp::Nlp::new(),
        // Without a gazetteer places stay unresolved and every place figure is 0; the report
        // says so rather than failing.
        geo: vigil_geo::Geoparser::load(&vigil_geo::GeoConfig::default()).unwrap_or_default(),
    };
    let gazetteer = stages.geo.gazetteer().is_some();
    let names = ActorNames {
        gazetteer: stages.nlp.actors().clone(),
    };
    let mut report = score(&golds, &names, |g| stages.events(&g.id, &g.text));
    report.gazetteer = gazetteer;
    // For error analysis on the dev set only: each record whose event place is over 50 km
    // off (or missing), with every place the geoparser found, to stderr.
    if std::env::var_os("VIGIL_EVAL_SHOW_MISSES").is_some() {
        for (d, g) in report.details.iter().zip(&golds) {
            if d.km.is_some_and(|k| k <= 50.0) {
                continue;
            }
            eprintln!(
                "MISS {}\tgold {}\tgot {} ({})\tplaces: {}\n  {}",
                d.id,
                d.gold_place,
                d.predicted_place.as_deref().unwrap_or("-"),
                d.km.map_or("-".into(), |k| format!("{k:.0} km")),
                d.places.join("; "),
                g.text
            );
        }
    }
    Ok(report)
}

/// Names an actor id goes by: its aliases in vigil-nlp's actor gazetteer and, for a state
/// body, the dev set's "Military Forces of X" / "Police Forces of X" form (also through its
/// parents: Puntland Dervish Force → Somali National Army → Military Forces of Somalia).
struct ActorNames {
    gazetteer: vigil_nlp::Gazetteer,
}

impl ActorNames {
    fn of(&self, id: &str, name: &str) -> Vec<String> {
        let bare = id.strip_prefix("actor:").unwrap_or(id);
        let mut names = vec![
            name.to_owned(),
            bare.rsplit(':').next().unwrap_or(bare).replace('-', " "),
        ];
        if id.contains("unidentified-military-forces") {
            names.push("Unidentified Military Forces".into());
        } else if id.contains("unidentified") {
            names.push("Unidentified Armed Group".into());
        }
        // "actor:army-so", "actor:police-ke": a state body known only by role and country.
        if let Some((role, cc)) = bare.split_once('-') {
            if cc.len() == 2 {
                if let Some(n) = vigil_events::country_name(cc) {
                    names.extend(state_names(role, n));
                }
            }
        }
        let mut cur = self.gazetteer.get(bare);
        let mut steps = 0;
        while let Some(a) = cur {
            names.push(a.name.clone());
            names.extend(a.aliases.iter().cloned());
            if let (Some(role), [cc]) = (a.role.as_deref(), a.countries.as_slice()) {
                if matches!(a.kind, vigil_nlp::ActorKind::StateForce) {
                    if let Some(n) = vigil_events::country_name(cc) {
                        names.extend(state_names(role, n));
                    }
                }
            }
            steps += 1;
            if steps > 8 {
                break;
            }
            cur = a.parent.as_deref().and_then(|p| self.gazetteer.get(p));
        }
        names
    }
}

/// ACLED's names for a country's state forces of a role.
fn state_names(role: &str, country: &str) -> Vec<String> {
    if role == "police" {
        vec![format!("Police Forces of {country}")]
    } else if matches!(
        role,
        "army"
            | "military"
            | "special_forces"
            | "air_force"
            | "intelligence"
            | "paramilitary"
            | "navy"
    ) {
        vec![format!("Military Forces of {country}")]
    } else {
        Vec::new()
    }
}

fn score(
    golds: &[Gold],
    names: &ActorNames,
    mut predict: impl FnMut(&Gold) -> (Vec<Event>, Vec<Place>),
) -> Report {
    let mut r = Report {
        records: golds.len(),
        gazetteer: false,
        texts_without_event: 0,
        texts_with_extra_events: 0,
        kind: Share::default(),
        kind_macro_f1: 0.0,
        confusion: vec![vec![0; LABELS.len() + 1]; LABELS.len()],
        date: Share::default(),
        date_year_month_not_in_text: Share::default(),
        place_50km: Share::default(),
        place_50km_geo_precision_3: Share::default(),
        place_50km_any_place: Share::default(),
        place_median_km: None,
        place_with_coordinates: 0,
        country: Share::default(),
        admin1: Share::default(),
        actor: Share::default(),
        actor_kind: Share::default(),
        target: Share::default(),
        fatalities_exact: Share::default(),
        fatalities_within_1: Share::default(),
        fatalities_positive_exact: Share::default(),
        fatalities_positive_within_1: Share::default(),
        details: Vec::new(),
    };
    let mut kms = Vec::new();
    for g in golds {
        let (events, places) = predict(g);
        let any = places
            .iter()
            .filter_map(|p| p.lat.zip(p.lon))
            .map(|(lat, lon)| haversine_km(lat, lon, g.lat, g.lon))
            .fold(f64::INFINITY, f64::min);
        r.place_50km_any_place.add(any <= 50.0);
        if events.is_empty() {
            r.texts_without_event += 1;
        } else if events.len() > 1 {
            r.texts_with_extra_events += 1;
        }
        // The predicted event agreeing with the gold on most fields (the first on a tie).
        let mut best: Option<(&Event, Fields)> = None;
        for e in &events {
            let f = Fields::of(g, e, names);
            if best
                .as_ref()
                .is_none_or(|(_, b)| f.agreements() > b.agreements())
            {
                best = Some((e, f));
            }
        }
        let gold_row = LABELS.iter().position(|l| *l == g.event_type);
        let (pred_label, fields) = match &best {
            Some((e, f)) => (label_of(e.sub_kind), f.clone()),
            None => ("none", Fields::none(g)),
        };
        if let Some(row) = gold_row {
            let col = LABELS
                .iter()
                .position(|l| *l == pred_label)
                .unwrap_or(LABELS.len());
            if let Some(cell) = r.confusion.get_mut(row).and_then(|c| c.get_mut(col)) {
                *cell += 1;
            }
        }
        r.kind.add(fields.kind);
        if g.date_in_text {
            r.date.add(fields.date == Some(true));
        } else {
            r.date_year_month_not_in_text.add(fields.year_month);
        }
        let within = fields.km.is_some_and(|k| k <= 50.0);
        r.place_50km.add(within);
        if g.geo_precision == 3 {
            r.place_50km_geo_precision_3.add(within);
        }
        if let Some(k) = fields.km {
            kms.push(k);
        }
        r.country.add(fields.country);
        if g.admin1.is_some() {
            r.admin1.add(fields.admin1);
        }
        r.actor.add(fields.actor);
        if g.actor_kind.is_some() {
            r.actor_kind.add(fields.actor_kind);
        }
        r.target.add(fields.target);
        if g.fatalities_scorable {
            let p = fields.fatalities;
            r.fatalities_exact.add(p == g.fatalities);
            r.fatalities_within_1.add(p.abs_diff(g.fatalities) <= 1);
            if g.fatalities > 0 {
                r.fatalities_positive_exact.add(p == g.fatalities);
                r.fatalities_positive_within_1
                    .add(p.abs_diff(g.fatalities) <= 1);
            }
        }
        r.details.push(Detail {
            id: g.id.clone(),
            gold: g.event_type.clone(),
            predicted: pred_label.to_owned(),
            events: events.len(),
            date: g.date_in_text.then_some(fields.date == Some(true)),
            km: fields.km,
            gold_place: g.place.clone(),
            predicted_place: best
                .as_ref()
                .and_then(|(e, _)| e.place.as_ref())
                .map(|p| place_label(&p.place)),
            places: places
                .iter()
                .map(|p| {
                    let km = p
                        .lat
                        .zip(p.lon)
                        .map(|(lat, lon)| {
                            format!(" {:.0} km", haversine_km(lat, lon, g.lat, g.lon))
                        })
                        .unwrap_or_else(|| " unresolved".into());
                    format!("{} → {}{km}", p.name, place_label(p))
                })
                .collect(),
            closest_km: any.is_finite().then_some(any),
            actor: fields.actor,
            predicted_actors: best
                .as_ref()
                .map(|(e, _)| e.actors.iter().map(|a| a.name.clone()).collect())
                .unwrap_or_default(),
            target: fields.target,
            fatalities: g
                .fatalities_scorable
                .then_some((g.fatalities, fields.fatalities)),
        });
    }
    r.place_with_coordinates = kms.len();
    kms.sort_by(f64::total_cmp);
    r.place_median_km = kms.get(kms.len() / 2).copied();
    r.kind_macro_f1 = macro_f1(&r.confusion);
    r
}

/// "Qandala [city, SO]": a place's canonical name, precision and country, for miss listings.
fn place_label(p: &Place) -> String {
    format!(
        "{} [{}, {}]",
        p.canonical_name.as_deref().unwrap_or(&p.name),
        p.precision
            .map_or("-".into(), |x| format!("{x:?}").to_lowercase()),
        p.country_code.as_deref().unwrap_or("-")
    )
}

/// Macro-F1 over the eight labels (a `none` prediction counts against recall only).
fn macro_f1(confusion: &[Vec<usize>]) -> f64 {
    let mut sum = 0.0;
    for (i, row) in confusion.iter().enumerate() {
        let tp = row.get(i).copied().unwrap_or(0) as f64;
        let gold: usize = row.iter().sum();
        let predicted: usize = confusion
            .iter()
            .map(|r| r.get(i).copied().unwrap_or(0))
            .sum();
        let p = if predicted == 0 {
            0.0
        } else {
            tp / predicted as f64
        };
        let rc = if gold == 0 { 0.0 } else { tp / gold as f64 };
        sum += if p + rc == 0.0 {
            0.0
        } else {
            2.0 * p * rc / (p + rc)
        };
    }
    sum / confusion.len().max(1) as f64
}

/// Which fields of one predicted event agree with the gold.
#[derive(Debug, Clone)]
struct Fields {
    kind: bool,
    date: Option<bool>,
    year_month: bool,
    km: Option<f64>,
    country: bool,
    admin1: bool,
    actor: bool,
    actor_kind: bool,
    target: bool,
    fatalities: u32,
    fatalities_ok: bool,
}

impl Fields {
    fn none(g: &Gold) -> Fields {
        Fields {
            kind: false,
            date: g.date_in_text.then_some(false),
            year_month: false,
            km: None,
            country: false,
            admin1: false,
            actor: false,
            actor_kind: false,
            target: false,
            fatalities: 0,
            fatalities_ok: false,
        }
    }

    fn agreements(&self) -> usize {
        [
            self.kind,
            self.date == Some(true),
            self.km.is_some_and(|k| k <= 50.0),
            self.actor,
            self.fatalities_ok,
        ]
        .iter()
        .filter(|b| **b)
        .count()
    }

    fn of(g: &Gold, e: &Event, names: &ActorNames) -> Fields {
        let gold_date = NaiveDate::parse_from_str(&g.date, "%Y-%m-%d").ok();
        let date = gold_date
            .zip(e.when.as_ref())
            .map(|(gd, w)| match g.date_precision {
                1 => w.start == gd && w.end == gd,
                2 => (w.start - gd).num_days().abs() <= 7 && (w.end - w.start).num_days() <= 7,
                _ => w.start.year() == gd.year() && w.start.month() == gd.month(),
            });
        let year_month = gold_date
            .zip(e.when.as_ref())
            .is_some_and(|(gd, w)| w.start.year() == gd.year() && w.start.month() == gd.month());
        let place = e.place.as_ref().map(|p| &p.place);
        let km = place
            .and_then(|p| p.lat.zip(p.lon))
            .map(|(lat, lon)| haversine_km(lat, lon, g.lat, g.lon));
        let country = place
            .and_then(|p| p.country_code.as_deref())
            .and_then(vigil_events::country_name)
            .is_some_and(|n| fold(n) == fold(&g.country));
        let admin1 = place
            .and_then(|p| p.admin1.as_deref())
            .zip(g.admin1.as_deref())
            .is_some_and(|(a, b)| fold(a) == fold(b));
        let pred_country = place.and_then(|p| p.country_code.clone());
        let actor = actor_matches(&g.actor, e, names);
        let actor_kind = g.actor_kind.as_deref().is_some_and(|k| {
            e.actors
                .iter()
                .any(|a| kind_class(&predicted_kind(&a.id, &a.name)) == kind_class(k))
        }) || (g.actor.starts_with("Unidentified Armed Group")
            && e.actors.is_empty());
        let target = match &g.target {
            None => e.targets.is_empty(),
            Some(t) => e.targets.iter().any(|p| {
                target_names(p, pred_country.as_deref(), names)
                    .iter()
                    .any(|n| names_match(t, n))
            }),
        };
        let fatalities = e.killed.map_or(0, |k| k.min);
        Fields {
            kind: label_of(e.sub_kind) == g.event_type,
            date: if g.date_in_text {
                Some(date == Some(true))
            } else {
                None
            },
            year_month,
            km,
            country,
            admin1,
            actor,
            actor_kind,
            target,
            fatalities,
            fatalities_ok: fatalities == g.fatalities,
        }
    }
}

/// Lower-case, accents and separators removed: for country and admin1 names.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ā' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'ō' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
            c => c,
        })
        .collect()
}

/// The README's actor normalisation: lower-case, bracketed qualifiers dropped, "the" dropped,
/// hyphens, apostrophes and dots folded. Returns the whole name and, when a qualifier splits it
/// ("Military Forces of Somalia (2022-) Puntland Dervish Force"), the part before it; ACLED's
/// "ABBR: Full Name" gives both forms.
fn normal_forms(name: &str) -> Vec<String> {
    let mut parts = vec![name.to_owned()];
    if let Some(p) = name.find('(') {
        parts.push(name[..p].to_owned());
    }
    if let Some((abbr, full)) = name.split_once(": ") {
        parts.push(abbr.to_owned());
        parts.push(full.to_owned());
    }
    parts
        .iter()
        .map(|p| normalise(p))
        .filter(|p| !p.is_empty())
        .collect()
}

fn normalise(name: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '-' | '\'' | '’' | '.' | ',' | ':' => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    let words: Vec<&str> = out.split_whitespace().filter(|w| *w != "the").collect();
    let joined = words.join(" ");
    // Spelling variants of one name (al-Shabab, al Shabaab, Al-Shabaab).
    joined.replace("shabab", "shabaab")
}

fn names_match(gold: &str, predicted: &str) -> bool {
    let p = normalise(predicted);
    !p.is_empty() && normal_forms(gold).contains(&p)
}

fn actor_matches(gold: &str, e: &Event, names: &ActorNames) -> bool {
    if gold.starts_with("Unidentified Armed Group") {
        // "a prediction of unknown/unidentified gunmen/no named perpetrator"
        return e.actors.is_empty() || e.actors.iter().any(|a| a.id.contains("unidentified"));
    }
    e.actors.iter().any(|a| {
        names
            .of(&a.id, &a.name)
            .iter()
            .any(|n| names_match(gold, n))
    })
}

/// The dev set's actor kind for a predicted actor.
fn predicted_kind(id: &str, name: &str) -> String {
    let n = name.to_lowercase();
    if id.starts_with("force:")
        || n.contains("forces")
        || n.contains("army")
        || n.contains("police")
        || n.contains("military")
    {
        "state_forces".into()
    } else if id.contains("protesters") {
        "protesters".into()
    } else if id.contains("rioters") {
        "rioters".into()
    } else if id.contains("civilians") {
        "civilians".into()
    } else if id.contains("militia") {
        "identity_militia".into()
    } else if id.contains("unidentified") {
        "political_militia".into()
    } else {
        "rebel_group".into()
    }
}

/// Kinds that count as the same under the lenient actor-kind score.
fn kind_class(kind: &str) -> &str {
    match kind {
        "rebel_group" | "political_militia" | "identity_militia" => "non_state_armed",
        "state_forces" | "external_other_forces" => "state",
        k => k,
    }
}

/// Names a predicted target can be matched by, in the dev set's vocabulary.
fn target_names(t: &Target, country: Option<&str>, actor_names: &ActorNames) -> Vec<String> {
    let country_name = country
        .and_then(vigil_events::country_name)
        .unwrap_or_default();
    let mut names = vec![t.name.clone()];
    if let Some(id) = &t.id {
        names.extend(actor_names.of(id, &t.name));
    }
    match t.kind {
        TargetKind::Police => names.push(format!("Police Forces of {country_name}")),
        TargetKind::Military => names.push(format!("Military Forces of {country_name}")),
        TargetKind::ArmedGroup if t.id.is_none() => names.push("Unidentified Armed Group".into()),
        TargetKind::Protesters => {
            names.push("Protesters".into());
            names.push("Rioters".into());
        }
        TargetKind::Civilians
        | TargetKind::ReligiousSite
        | TargetKind::HotelGuesthouse
        | TargetKind::Education
        | TargetKind::Health
        | TargetKind::Business
        | TargetKind::Transport
        | TargetKind::Journalists
        | TargetKind::AidWorkers
        | TargetKind::Infrastructure => names.push("Civilians".into()),
        _ => {}
    }
    names
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let goal = |v: f64, g: f64| if v >= g { "meets goal" } else { "below goal" };
        writeln!(f, "events dev set: {} records", self.records)?;
        if !self.gazetteer {
            writeln!(
                f,
                "  (no gazetteer found: places are unresolved; build one with scripts/gazetteer)"
            )?;
        }
        writeln!(
            f,
            "  texts with no event: {}   texts with extra events: {}",
            self.texts_without_event, self.texts_with_extra_events
        )?;
        writeln!(
            f,
            "  type accuracy        {}   macro-F1 {:.3}   (goal 0.85: {})",
            self.kind,
            self.kind_macro_f1,
            goal(self.kind.value(), 0.85)
        )?;
        writeln!(
            f,
            "  date (in text)       {}   (goal 0.85: {})",
            self.date,
            goal(self.date.value(), 0.85)
        )?;
        writeln!(
            f,
            "  date year-month, not in text (info) {}",
            self.date_year_month_not_in_text
        )?;
        writeln!(
            f,
            "  place ≤ 50 km        {}   (goal 0.80: {})   median {} km over {} with coordinates",
            self.place_50km,
            goal(self.place_50km.value(), 0.80),
            self.place_median_km
                .map_or("-".into(), |k| format!("{k:.1}")),
            self.place_with_coordinates
        )?;
        writeln!(
            f,
            "  place ≤ 50 km, geo_precision 3 {}",
            self.place_50km_geo_precision_3
        )?;
        writeln!(
            f,
            "  place ≤ 50 km, closest of all places found (info) {}",
            self.place_50km_any_place
        )?;
        writeln!(f, "  country              {}", self.country)?;
        writeln!(f, "  admin1               {}", self.admin1)?;
        writeln!(
            f,
            "  actor                {}   (goal 0.75: {})",
            self.actor,
            goal(self.actor.value(), 0.75)
        )?;
        writeln!(f, "  actor kind (lenient) {}", self.actor_kind)?;
        writeln!(f, "  target               {}", self.target)?;
        writeln!(
            f,
            "  fatalities exact     {}   (goal 0.80: {})   ±1 {}",
            self.fatalities_exact,
            goal(self.fatalities_exact.value(), 0.80),
            self.fatalities_within_1
        )?;
        writeln!(
            f,
            "  fatalities > 0       exact {}   ±1 {}",
            self.fatalities_positive_exact, self.fatalities_positive_within_1
        )?;
        writeln!(f, "  confusion (rows gold, columns predicted):")?;
        let short = |l: &str| l.chars().take(8).collect::<String>();
        write!(f, "  {:>26}", "")?;
        for l in LABELS.iter().chain(["none"].iter()) {
            write!(f, " {:>8}", short(l))?;
        }
        writeln!(f)?;
        for (l, row) in LABELS.iter().zip(&self.confusion) {
            write!(f, "  {l:>26}")?;
            for c in row {
                write!(f, " {c:>8}")?;
            }
            writeln!(f)?;
        }
        writeln!(
            f,
            "  Data © ACLED (acleddata.com); Raleigh et al. 2010, JPR 47(5)."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_names_normalise_like_the_readme() {
        assert!(names_match(
            "Police Forces of Kenya (2013-)",
            "Police Forces of Kenya"
        ));
        assert!(names_match(
            "Military Forces of Somalia (2022-) Puntland Dervish Force",
            "Military Forces of Somalia"
        ));
        assert!(names_match("Al Shabaab", "al-Shabab"));
        assert!(names_match("Protesters (Kenya)", "Protesters (Kenya)"));
        assert!(names_match(
            "NATO: North Atlantic Treaty Organization",
            "NATO"
        ));
        assert!(!names_match("Taliban", "Al Shabaab"));
    }

    #[test]
    fn every_sub_kind_has_a_label() {
        assert!(LABELS.contains(&label_of(SubKind::Grenade)));
        assert_eq!(label_of(SubKind::SuicideBomb), "suicide_attack");
        assert_eq!(label_of(SubKind::MobViolence), "other");
    }
}
