//! Drafts finished into events: country-qualified generic actors, status from the date, confidence.

use super::*;

/// How many days before publication a happening is still the page's news: about a week, as
/// analysts code it (`events-pages/GUIDE.md`), with slack for weekly papers and late reports.
/// An event that ended earlier is recalled (`background`): two weeks after an assassination,
/// a page about its investigation reports the investigation, not the killing.
const NEWS_DAYS: i64 = 10;

impl Context<'_> {
    /// Turns a draft into an event: country-qualified generic actors, the publication-date
    /// fallback for new events, the status from dates, and a confidence.
    pub(super) fn finish(&self, mut d: Draft) -> Event {
        // "fighters from ISKP": the generic description and the named group are one side.
        let is_generic = |id: &str| id.contains("unidentified") || id.contains("generic");
        if d.actors.iter().any(|p| !is_generic(&p.id)) {
            d.actors.retain(|p| !is_generic(&p.id));
        }
        // The country that names generic sides: the event place's when it is a region or
        // country or agrees with the text, else the country the text is about (a town may
        // have resolved to a namesake abroad).
        let dominant = self.dominant_country();
        let country = d
            .place
            .as_ref()
            .filter(|p| {
                matches!(
                    p.place.precision,
                    Some(PlacePrecision::Country | PlacePrecision::Admin1)
                ) || dominant.is_none()
                    || p.place.country_code == dominant
            })
            .and_then(|p| p.place.country_code.clone())
            .or(dominant);
        for p in &mut d.actors {
            if let Some(cc) = &country {
                let generic = matches!(
                    p.id.as_str(),
                    "force:police"
                        | "force:military"
                        | "unidentified"
                        | "protesters"
                        | "rioters"
                        | "militia"
                );
                let name = self.country_name(cc);
                // The language layer's descriptions without a country ("gunmen", "protesters").
                let nlp_generic = match p.id.as_str() {
                    "actor:unidentified-armed-group" => {
                        Some(format!("Unidentified Armed Group ({name})"))
                    }
                    "actor:unidentified-militia" => Some(format!("Unidentified Militia ({name})")),
                    "group:protesters" => Some(format!("Protesters ({name})")),
                    "group:rioters" => Some(format!("Rioters ({name})")),
                    "actor:generic-police" => Some(format!("Police Forces of {name}")),
                    "actor:generic-army" => Some(format!("Military Forces of {name}")),
                    _ => None,
                };
                if let Some(n) = nlp_generic {
                    p.name = n;
                    p.id = format!("{}:{cc}", p.id);
                    continue;
                }
                if generic {
                    p.name = match p.id.as_str() {
                        "force:police" => format!("Police Forces of {name}"),
                        "force:military" => format!("Military Forces of {name}"),
                        _ => format!("{} ({name})", p.name),
                    };
                    p.id = format!("{}:{cc}", p.id);
                }
            }
        }
        // Two mentions folded together may name one side twice ("rioters", "the rioters").
        let mut seen = std::collections::HashSet::new();
        d.actors.retain(|p| seen.insert(p.name.clone()));
        if let Some(cc) = &country {
            let name = self.country_name(cc);
            for t in &mut d.targets {
                match t.id.as_deref() {
                    Some("force:police") => {
                        t.name = format!("Police Forces of {name}");
                        t.id = Some(format!("force:police:{cc}"));
                    }
                    Some("force:military") => {
                        t.name = format!("Military Forces of {name}");
                        t.id = Some(format!("force:military:{cc}"));
                    }
                    Some(g @ ("unidentified" | "protesters" | "rioters" | "militia")) => {
                        t.id = Some(format!("{g}:{cc}"));
                        t.name = format!("{} ({name})", t.name);
                    }
                    _ => {}
                }
            }
        }
        // "Kidnapped and killed": ACLED codes an abduction that kills as an attack.
        if d.sub_kind == SubKind::Abduction && d.killed.is_some_and(|k| k.min > 0) {
            d.sub_kind = SubKind::Attack;
        }
        // Status from the date.
        if let (Some(w), Some(pubd)) = (&d.when, self.published) {
            let long = (w.end - w.start).num_days() > 40
                || matches!(w.precision, TimePrecision::Year | TimePrecision::Season);
            if w.end < pubd - chrono::Duration::days(NEWS_DAYS) || (long && w.end <= pubd) {
                d.status = EventStatus::Background;
            } else if !d.status_forced {
                d.status = EventStatus::New;
            }
        } else if let (Some(w), Some(from)) = (&d.when, self.published_from) {
            // Only the year or month of publication is known: what ended a month before it
            // began is history; anything later may be news.
            if w.end < from - chrono::Duration::days(30) {
                d.status = EventStatus::Background;
            }
        }
        if d.when.is_none() && d.status == EventStatus::New {
            if let Some(pubd) = self.published {
                d.when = Some(EventTime {
                    start: pubd - chrono::Duration::days(7),
                    end: pubd,
                    precision: TimePrecision::Week,
                    source: TimeSource::Publication,
                    text: None,
                });
            }
        }
        let mut confidence: f32 = match d.strength {
            Strength::Strong => 0.75,
            Strength::Generic => 0.65,
            Strength::Weak => 0.5,
        };
        confidence += 0.05
            * [
                !d.actors.is_empty(),
                d.place.is_some(),
                d.when_resolved_in_text,
                d.killed.is_some() || d.wounded.is_some(),
            ]
            .iter()
            .filter(|b| **b)
            .count() as f32;
        if d.hedged {
            confidence *= 0.7;
        }
        if d.place.is_none() {
            d.place = self.page_place(d.status);
        }
        let disagreements = disagreements(&d);
        Event {
            kind: d.sub_kind.kind(),
            sub_kind: d.sub_kind,
            trigger: d.trigger,
            actors: d.actors,
            targets: d.targets,
            when: d.when,
            place: d.place,
            killed: d.killed,
            wounded: d.wounded,
            status: d.status,
            confidence: confidence.clamp(0.0, 1.0),
            hedged: d.hedged,
            evidence: d.evidence,
            disagreements,
        }
    }
}
