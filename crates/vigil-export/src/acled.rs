//! ACLED's vocabulary: category names, actor names ("Military Forces of Somalia (2022-)"),
//! inter codes and numeric country codes, read from the tables in `data/`.

use std::collections::HashMap;

use chrono::NaiveDate;
use vigil_core::{Participant, SubKind, Target, TargetKind};

use crate::table::{rows, table_error};
use crate::ExportError;

const ACTORS: &str = include_str!("../data/acled-actors.tsv");
const KINDS: &str = include_str!("../data/acled-kinds.tsv");
const NUMERIC: &str = include_str!("../data/iso3166-numeric.tsv");

/// Names vigil's actors the way ACLED does, from what vigil knows of each actor (kind, role,
/// country in vigil-nlp's actor table) and ACLED's conventions (`data/acled-actors.tsv`).
#[derive(Debug, Clone)]
pub struct ActorNames {
    /// Participant id without its country suffix → class (`force:police` → `police`).
    generic: HashMap<String, String>,
    /// Known actor id → (class, its one country).
    known: HashMap<String, (Option<String>, Option<String>)>,
    classes: HashMap<String, Class>,
    periods: Vec<Period>,
    kinds: HashMap<String, KindNames>,
    numeric: HashMap<String, u16>,
}

#[derive(Debug, Clone)]
struct Class {
    inter: u8,
    /// `None` keeps the actor's own name.
    pattern: Option<String>,
}

#[derive(Debug, Clone)]
struct Period {
    country: String,
    from: NaiveDate,
    to: Option<NaiveDate>,
    label: String,
}

/// ACLED's names for an event's category.
#[derive(Debug, Clone, Default)]
pub(crate) struct KindNames {
    pub(crate) disorder_type: String,
    pub(crate) event_type: String,
    pub(crate) sub_event_type: String,
}

/// One actor as an export names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NamedActor {
    /// In ACLED's conventions ("Military Forces of Somalia (2022-)").
    pub(crate) acled: String,
    /// ACLED's inter code (1 state forces … 8 external forces), when vigil knows the kind.
    pub(crate) inter: Option<u8>,
}

impl ActorNames {
    /// Reads the built-in tables, taking each known actor's kind, role and country from `actors`.
    pub fn new(actors: &vigil_nlp::Gazetteer) -> Result<ActorNames, ExportError> {
        let mut names = ActorNames {
            generic: HashMap::new(),
            known: HashMap::new(),
            classes: HashMap::new(),
            periods: Vec::new(),
            kinds: HashMap::new(),
            numeric: HashMap::new(),
        };
        let mut roles = HashMap::new();
        for (line, cols) in rows(ACTORS) {
            let bad = |message: &str| table_error("data/acled-actors.tsv", line, message);
            match cols.as_slice() {
                ["generic", id, class] => {
                    names.generic.insert((*id).to_owned(), (*class).to_owned());
                }
                ["role", role, class] => {
                    roles.insert((*role).to_owned(), (*class).to_owned());
                }
                ["class", class, inter, pattern] => {
                    let inter = inter
                        .parse()
                        .map_err(|_| bad("inter code is not a number"))?;
                    let pattern = (*pattern != "-").then(|| (*pattern).to_owned());
                    names
                        .classes
                        .insert((*class).to_owned(), Class { inter, pattern });
                }
                ["period", country, from, to, label] => {
                    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d");
                    names.periods.push(Period {
                        country: (*country).to_owned(),
                        from: day(from).map_err(|_| bad("first day is not YYYY-MM-DD"))?,
                        to: match *to {
                            "-" => None,
                            to => Some(day(to).map_err(|_| bad("last day is not YYYY-MM-DD"))?),
                        },
                        label: (*label).to_owned(),
                    });
                }
                _ => return Err(bad("expected a generic, role, class or period row")),
            }
        }
        for class in names.generic.values().chain(roles.values()) {
            if !names.classes.contains_key(class) {
                return Err(table_error(
                    "data/acled-actors.tsv",
                    0,
                    &format!("class {class} has no class row"),
                ));
            }
        }
        for actor in actors.actors() {
            let kind = serde_json::to_value(actor.kind)?;
            let class = actor
                .role
                .as_deref()
                .and_then(|r| roles.get(r))
                .or_else(|| kind.as_str().and_then(|k| roles.get(k)))
                .cloned();
            let country = match actor.countries.as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            };
            names
                .known
                .insert(format!("actor:{}", actor.id), (class, country));
        }
        for (line, cols) in rows(KINDS) {
            let [sub_kind, disorder, event_type, sub_event] = cols.as_slice() else {
                return Err(table_error(
                    "data/acled-kinds.tsv",
                    line,
                    "expected 4 columns",
                ));
            };
            names.kinds.insert(
                (*sub_kind).to_owned(),
                KindNames {
                    disorder_type: (*disorder).to_owned(),
                    event_type: (*event_type).to_owned(),
                    sub_event_type: (*sub_event).to_owned(),
                },
            );
        }
        for (line, cols) in rows(NUMERIC) {
            let [alpha2, numeric] = cols.as_slice() else {
                return Err(table_error(
                    "data/iso3166-numeric.tsv",
                    line,
                    "expected 2 columns",
                ));
            };
            let numeric = numeric.parse().map_err(|_| {
                table_error("data/iso3166-numeric.tsv", line, "code is not a number")
            })?;
            names.numeric.insert((*alpha2).to_owned(), numeric);
        }
        Ok(names)
    }

    /// ACLED's names for a sub-kind's category.
    pub(crate) fn kind(&self, sub_kind: SubKind) -> KindNames {
        serde_json::to_value(sub_kind)
            .ok()
            .and_then(|v| v.as_str().and_then(|k| self.kinds.get(k)).cloned())
            .unwrap_or_default()
    }

    /// ISO 3166-1 numeric code of an alpha-2 code.
    pub(crate) fn numeric(&self, alpha2: &str) -> Option<u16> {
        self.numeric.get(&alpha2.to_ascii_uppercase()).copied()
    }

    /// A perpetrator's ACLED name; `country` and `date` are the event's.
    pub(crate) fn participant(
        &self,
        p: &Participant,
        country: Option<&str>,
        date: Option<NaiveDate>,
    ) -> NamedActor {
        self.name(&p.id, &p.name, country, date)
    }

    /// A target's ACLED name when ACLED would code it as an actor (a known body, civilians,
    /// security forces, protesters); `None` for things (a hotel, a bus).
    pub(crate) fn target(
        &self,
        t: &Target,
        country: Option<&str>,
        date: Option<NaiveDate>,
    ) -> Option<NamedActor> {
        if let Some(id) = &t.id {
            return Some(self.name(id, &t.name, t.country.as_deref().or(country), date));
        }
        let id = match t.kind {
            TargetKind::Civilians
            | TargetKind::Journalists
            | TargetKind::AidWorkers
            | TargetKind::Education
            | TargetKind::Health => "civilians",
            TargetKind::Police => "force:police",
            TargetKind::Military => "force:military",
            TargetKind::Protesters => "protesters",
            _ => return None,
        };
        Some(self.name(id, &t.name, t.country.as_deref().or(country), date))
    }

    fn name(
        &self,
        id: &str,
        own: &str,
        country: Option<&str>,
        date: Option<NaiveDate>,
    ) -> NamedActor {
        let (base, suffix) = split_country(id);
        // "actor:police-ke": a role in a country with no actor of that role in vigil's list.
        let (base, suffix) = match (suffix, base.rsplit_once('-')) {
            (None, Some((role, cc)))
                if cc.len() == 2
                    && cc.bytes().all(|b| b.is_ascii_lowercase())
                    && self.generic.contains_key(role) =>
            {
                (role, Some(cc))
            }
            _ => (base, suffix),
        };
        let upper = suffix.map(str::to_ascii_uppercase);
        let suffix = upper.as_deref();
        let (class, country) = match self.generic.get(base) {
            Some(class) => (Some(class), suffix.or(country)),
            None => match self.known.get(base) {
                Some((class, own_country)) => (
                    class.as_ref(),
                    suffix.or(own_country.as_deref()).or(country),
                ),
                None => (None, suffix.or(country)),
            },
        };
        let Some(class) = class.and_then(|c| self.classes.get(c)) else {
            return NamedActor {
                acled: own.to_owned(),
                inter: None,
            };
        };
        let pattern = class.pattern.as_deref();
        let country_name = country.and_then(vigil_events::country_name);
        let acled = match (pattern, country_name) {
            (Some(pattern), _) if !pattern.contains("{country}") => pattern.to_owned(),
            (Some(pattern), Some(name)) => {
                let period = country
                    .and_then(|cc| self.period(cc, date))
                    .map(|label| format!(" ({label})"))
                    .unwrap_or_default();
                pattern
                    .replace("{country}", name)
                    .replace("{period}", &period)
            }
            _ => own.to_owned(),
        };
        NamedActor {
            acled,
            inter: Some(class.inter),
        }
    }

    fn period(&self, country: &str, date: Option<NaiveDate>) -> Option<&str> {
        let date = date?;
        self.periods
            .iter()
            .find(|p| {
                p.country.eq_ignore_ascii_case(country)
                    && p.from <= date
                    && p.to.is_none_or(|to| date < to)
            })
            .map(|p| p.label.as_str())
    }
}

/// `force:police:KE` → (`force:police`, `KE`); ids without a country suffix stay whole.
fn split_country(id: &str) -> (&str, Option<&str>) {
    match id.rsplit_once(':') {
        Some((base, cc))
            if !base.is_empty() && cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            (base, Some(cc))
        }
        _ => (id, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_core::Attribution;

    fn names() -> ActorNames {
        let nlp = vigil_nlp::Nlp::new();
        match ActorNames::new(nlp.actors()) {
            Ok(n) => n,
            Err(e) => panic!("built-in tables: {e}"),
        }
    }

    fn actor(id: &str, name: &str) -> Participant {
        Participant {
            id: id.to_owned(),
            name: name.to_owned(),
            attribution: Attribution::Stated,
            confidence: 0.9,
        }
    }

    fn day(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn state_forces_get_their_country_and_government_period() {
        let n = names();
        let sna = actor("actor:sna", "Somali National Army");
        let named = n.participant(&sna, Some("KE"), day("2023-03-01"));
        assert_eq!(named.acled, "Military Forces of Somalia (2022-)");
        assert_eq!(named.inter, Some(1));
        let earlier = n.participant(&sna, None, day("2019-06-01"));
        assert_eq!(earlier.acled, "Military Forces of Somalia (2017-2022)");
        let police = actor("force:police:KE", "Police Forces of Kenya");
        let named = n.participant(&police, None, day("2024-01-10"));
        assert_eq!(named.acled, "Police Forces of Kenya (2022-)");
        // No period listed for the country: the name without one.
        let chad = actor("force:military:TD", "Military Forces of Chad");
        assert_eq!(
            n.participant(&chad, None, day("2024-01-10")).acled,
            "Military Forces of Chad"
        );
    }

    #[test]
    fn descriptions_take_the_event_country() {
        let n = names();
        let gunmen = actor("unidentified", "Unidentified Armed Group");
        let named = n.participant(&gunmen, Some("KE"), day("2024-01-10"));
        assert_eq!(named.acled, "Unidentified Armed Group (Kenya)");
        assert_eq!(named.inter, Some(3));
        let villagers = Target {
            kind: TargetKind::Civilians,
            name: "villagers".to_owned(),
            id: None,
            country: None,
        };
        let named = n.target(&villagers, Some("NG"), day("2024-01-10"));
        assert_eq!(
            named.map(|a| a.acled).as_deref(),
            Some("Civilians (Nigeria)")
        );
        let market_goers = Target {
            kind: TargetKind::Civilians,
            name: "civilians".to_owned(),
            id: Some("group:civilians".to_owned()),
            country: None,
        };
        let named = n.target(&market_goers, Some("NG"), None);
        assert_eq!(
            named.map(|a| a.acled).as_deref(),
            Some("Civilians (Nigeria)")
        );
        let police = actor("actor:police-ug", "Ugandan police");
        assert_eq!(
            n.participant(&police, None, None).acled,
            "Police Forces of Uganda"
        );
        let drones = actor(
            "actor:unidentified-military-forces",
            "Unidentified aircraft",
        );
        assert_eq!(
            n.participant(&drones, Some("SO"), None).acled,
            "Unidentified Military Forces"
        );
        let hotel = Target {
            kind: TargetKind::HotelGuesthouse,
            name: "a hotel".to_owned(),
            id: None,
            country: None,
        };
        assert_eq!(n.target(&hotel, Some("SO"), None), None);
    }

    #[test]
    fn armed_groups_keep_their_own_name() {
        let n = names();
        let named = n.participant(&actor("actor:al-shabaab", "al-Shabaab"), Some("SO"), None);
        assert_eq!(named.acled, "al-Shabaab");
        assert_eq!(named.inter, Some(2));
        let unknown = n.participant(&actor("actor:nobody-knows", "Nobody"), Some("SO"), None);
        assert_eq!(unknown.acled, "Nobody");
        assert_eq!(unknown.inter, None);
    }

    #[test]
    fn categories_and_country_codes() {
        let n = names();
        let k = n.kind(SubKind::RemoteExplosive);
        assert_eq!(k.event_type, "Explosions/Remote violence");
        assert_eq!(k.sub_event_type, "Remote explosive/landmine/IED");
        assert_eq!(k.disorder_type, "Political violence");
        assert_eq!(n.numeric("so"), Some(706));
        assert_eq!(n.numeric("XX"), None);
    }
}
