//! An event's place from the sentence, its paragraph and the article's focus.

use super::*;

/// Words before "of"/"from" that make the place after them a point of reference.
const REFERENCE_WORDS: &[&str] = &[
    "east",
    "west",
    "north",
    "south",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "km",
    "kilometres",
    "kilometers",
    "miles",
];

/// Triggers after which "from X" names where the event happened ("abducted … from X").
const TAKING_WORDS: &[&str] = &["abduct", "kidnap", "seiz", "snatch"];

const PLACE_SKIP: &[&str] = &[
    "districts",
    "provinces",
    "counties",
    "regions",
    "villages",
    "towns",
    "a",
    "an",
    "limits",
    "vicinity",
    "environs",
    "suburb",
    "suburbs",
    "neighbourhood",
    "neighborhood",
    "downtown",
    "center",
    "centre",
    "administration",
    "compound",
    "headquarters",
    "camp",
    "market",
    "road",
    "highway",
    "sub-district",
    "ward",
    "division",
    "zone",
    "upper",
    "lower",
    "greater",
    "of",
    "the",
    "city",
    "town",
    "village",
    "villages",
    "district",
    "province",
    "county",
    "region",
    "area",
    "areas",
    "eastern",
    "western",
    "northern",
    "southern",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "outskirts",
    "parts",
    "part",
    "capital",
    "neighbouring",
    "neighboring",
    "rural",
    "remote",
    "nearby",
    "border",
    "locality",
    "location",
    "sub-county",
    "constituency",
];

const PLACE_NEG_FOLLOW: &[&str] = &[
    "officials",
    "official",
    "government",
    "president",
    "forces",
    "embassy",
    "authorities",
    "citizens",
    "nationals",
    "police",
    "army",
    "troops",
    "minister",
    "ministry",
    "military",
    "state",
    "department",
    "intelligence",
    "media",
    "spokesperson",
    "spokesman",
    "based",
    "-based",
    "partners",
    "regime",
    "leaders",
    "leader",
    "governor",
    "commissioner",
    "'s",
];

impl Context<'_> {
    /// Where the event happened: a place of the sentence tied to it by "in/at/near", scored by
    /// its preposition, precision and distance to the trigger; nationality mentions and places
    /// used as modifiers ("U.S. officials", "from Afghanistan") are not event places.
    pub(super) fn place_for(
        &self,
        a: &SentenceArgs<'_>,
        head: usize,
        perps: &[(usize, usize)],
    ) -> Option<EventPlace> {
        let toks = a.toks;
        let span = a.sentence.span;
        let mut best: Option<(f32, usize, bool)> = None;
        let mut prev_score: Option<(usize, f32, bool)> = None;
        let dominant = self.dominant_country();
        let taking = toks
            .get(head)
            .is_some_and(|t| TAKING_WORDS.iter().any(|w| t.lower.starts_with(w)));
        let mut candidates: Vec<(usize, usize, usize)> = self
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| span.contains(p.span))
            .filter_map(|(i, p)| tok_index_of(toks, p.span).map(|(x, y)| (i, x, y)))
            .collect();
        candidates.sort_by_key(|c| c.1);
        for (pi, pa, pb) in candidates {
            let Some(place) = self.places.get(pi) else {
                continue;
            };
            let nationality = self.language.entities.iter().any(|e| {
                e.kind == EntityKind::Nationality
                    && e.mentions.iter().any(|m| m.span.overlaps(place.span))
            });
            if nationality || place.nationality || perps.iter().any(|&(x, y)| pa < y && x < pb) {
                continue;
            }
            if !owns(&a.other_heads, head, pa) {
                continue;
            }
            // Preposition before the place, over words like "the town of", "eastern", and over
            // names the gazetteer did not know ("in Laag village (Bossaso, Bari)").
            let mut k = pa;
            let mut prep: Option<&str> = None;
            let mut skipped = 0;
            while k > 0 && skipped < 8 {
                k -= 1;
                let t = &toks[k];
                let w = t.lower.as_str();
                // Other names of the phrase are skipped too ("in the Mazar Dara area of
                // Nurgal district"), as are the brackets and commas of "(Afgooye, Lower Shabelle)".
                if PLACE_SKIP.contains(&w)
                    || (t.capitalised && t.is_word())
                    || matches!(w, "(" | "," | ")")
                {
                    skipped += 1;
                    continue;
                }
                prep = Some(w);
                break;
            }
            let mut near = false;
            let mut score: f32 = match prep {
                Some(
                    "in" | "at" | "inside" | "into" | "across" | "around" | "on" | "within"
                    | "over" | "throughout" | "through" | "between",
                ) => 3.0,
                Some("near" | "outside" | "outskirts" | "close" | "nearby") => {
                    near = true;
                    3.0
                }
                // "abducted a trader from Bula village": where the taking happened.
                Some("from") if taking => 3.0,
                Some("from") => -2.0,
                Some("to" | "towards" | "toward") => 1.5,
                Some("(" | "," | "and" | "-" | "–") => match prev_score {
                    Some((end, s, n)) if end + 3 >= pa => {
                        near = n;
                        s - 0.3
                    }
                    _ => 0.5,
                },
                _ => 0.0,
            };
            // "U.S. officials", "Afghanistan's rugged borders": a modifier, not a location.
            let next = toks.get(pb).map(|t| t.lower.as_str()).unwrap_or("");
            let last = toks
                .get(pb.saturating_sub(1))
                .map(|t| t.lower.as_str())
                .unwrap_or("");
            if PLACE_NEG_FOLLOW.contains(&next) || last.ends_with("'s") {
                score -= 5.0;
            }
            // "east of Algiers", "40 km from Kabul": a point of reference, not the place.
            let reference = pa >= 2
                && lower_is(toks, pa - 1, &["of", "from"])
                && lower_is(toks, pa - 2, REFERENCE_WORDS);
            if reference {
                score -= 2.5;
            }
            prev_score = Some((pb, score, near));
            score += match place.precision {
                Some(PlacePrecision::Point) => 1.2,
                Some(PlacePrecision::City) => 1.0,
                Some(PlacePrecision::Admin1) => 0.5,
                Some(PlacePrecision::Country) => 0.0,
                Some(PlacePrecision::Region) => -0.5,
                None => 0.0,
            };
            if place.lat.is_none() {
                score -= 3.0;
            }
            // "near the Kenya border": a country's border is a line, not where the event was;
            // a town the sentence names says more.
            if place.precision == Some(PlacePrecision::Country)
                && place.qualifier.as_deref() == Some("border")
            {
                score -= 1.5;
            }
            // A town resolved outside the country the text is about is likely a namesake.
            if let (Some(dc), Some(cc)) = (&dominant, place.country_code.as_deref()) {
                if dc != cc && place.precision != Some(PlacePrecision::Country) {
                    score -= 2.5;
                }
            }
            score -= 0.06 * pa.abs_diff(head) as f32;
            if best.is_none_or(|(s, _, _)| score > s) {
                best = Some((score, pi, near));
            }
        }
        let (score, pi, near) = best?;
        if score < 1.0 {
            return None;
        }
        let pi = self.one_sense(pi, dominant.as_deref());
        // "Behsud district, Nangarhar": a town far from the province named with it, and not
        // inside it, is a namesake; the province is the safer answer. A town inside the
        // province ("Qandala town (Qandala, Bari)") stays, however far the province's point.
        let pi = match self.places.get(pi) {
            Some(town)
                if matches!(
                    town.precision,
                    Some(PlacePrecision::City | PlacePrecision::Point)
                ) =>
            {
                self.places
                    .iter()
                    .enumerate()
                    .find(|(_, q)| {
                        span.contains(q.span)
                            && q.span.start > town.span.start
                            && q.precision == Some(PlacePrecision::Admin1)
                            && (dominant.is_none() || q.country_code == dominant)
                            && !(town.country_code == q.country_code
                                && town.admin1.is_some()
                                && town.admin1 == q.admin1)
                            && Place::distance_km(town, q).is_some_and(|km| km > 150.0)
                    })
                    .map_or(pi, |(i, _)| i)
            }
            _ => pi,
        };
        let place = self.places.get(pi)?.clone();
        let precision = match (near, place.precision) {
            (true, Some(PlacePrecision::Point | PlacePrecision::City)) => {
                Some(PlacePrecision::City)
            }
            (_, p) => p,
        };
        Some(EventPlace {
            index: pi,
            place,
            precision,
            near,
        })
    }

    /// One sense per article: a name resolved abroad ("Kabul" → Cabool, Missouri, next to
    /// "U.S. officials") takes the sense the same name has elsewhere in the article when that
    /// one lies in the country the text is about.
    pub(super) fn one_sense(&self, pi: usize, dominant: Option<&str>) -> usize {
        let Some(p) = self.places.get(pi) else {
            return pi;
        };
        let Some(dc) = dominant else { return pi };
        if p.country_code.as_deref() == Some(dc) {
            return pi;
        }
        self.places
            .iter()
            .position(|q| {
                q.name.eq_ignore_ascii_case(&p.name)
                    && q.country_code.as_deref() == Some(dc)
                    && q.lat.is_some()
            })
            .unwrap_or(pi)
    }

    /// When the event's sentence names no place of its own: the most precise resolved place of
    /// its paragraph that is not a nationality or a modifier ("U.S. officials"), preferring one
    /// after "in/at/near". The precision is kept, so a reader sees how loose the tie is.
    pub(super) fn paragraph_place(
        &self,
        a: &SentenceArgs<'_>,
        perps: &[(usize, usize)],
    ) -> Option<EventPlace> {
        let para = a.sentence.paragraph;
        let spans: Vec<Span> = a
            .all
            .iter()
            .filter(|s| s.paragraph == para)
            .map(|s| s.span)
            .collect();
        let first = spans.first()?.start;
        let last = spans.last()?.end;
        let dominant = self.dominant_country();
        let perp_bytes: Vec<Span> = perps
            .iter()
            .map(|&(x, y)| self.span_of(a.toks, x, y))
            .collect();
        let rank = |p: &Place| match p.precision {
            Some(PlacePrecision::Point) => 5,
            Some(PlacePrecision::City) => 4,
            Some(PlacePrecision::Admin1) => 3,
            Some(PlacePrecision::Country) => 2,
            _ => 1,
        };
        let best = self
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.span.start >= first && p.span.end <= last)
            .filter(|(_, p)| !p.nationality && p.lat.is_some())
            .filter(|(_, p)| dominant.is_none() || p.country_code == dominant)
            .filter(|(_, p)| !perp_bytes.iter().any(|s| s.overlaps(p.span)))
            .filter(|(_, p)| {
                let after = self.text.get(p.span.end..).unwrap_or("").trim_start();
                let next: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '\'')
                    .collect::<String>()
                    .to_lowercase();
                !PLACE_NEG_FOLLOW.contains(&next.as_str())
            })
            .filter(|(_, p)| {
                let before = self.text.get(..p.span.start).unwrap_or("").trim_end();
                !before.to_lowercase().ends_with("from")
            })
            .max_by_key(|(_, p)| {
                let before = self
                    .text
                    .get(..p.span.start)
                    .unwrap_or("")
                    .trim_end()
                    .to_lowercase();
                let prep = ["in", "at", "near", "outside"]
                    .iter()
                    .any(|w| before.ends_with(&format!(" {w}")));
                let home = dominant.is_none() || p.country_code == dominant;
                (home, rank(p), prep, std::cmp::Reverse(p.span.start))
            })?;
        let (index, place) = best;
        Some(EventPlace {
            index,
            place: place.clone(),
            precision: place.precision,
            near: false,
        })
    }

    /// Where an event the page tells without a place happened, as far as the page says: for
    /// a new event the first town or region the page names in the country it is about (the
    /// dateline's or the lead's), for a recalled one only that country.
    pub(super) fn page_place(&self, status: EventStatus) -> Option<EventPlace> {
        let dominant = self.dominant_country()?;
        let home = self.places.iter().enumerate().filter(|(_, p)| {
            !p.nationality && p.lat.is_some() && p.country_code.as_deref() == Some(&dominant)
        });
        let (index, place) = match status {
            EventStatus::New => {
                let all: Vec<(usize, &Place)> = home.collect();
                let specific = all.iter().find(|(_, p)| {
                    matches!(
                        p.precision,
                        Some(PlacePrecision::City | PlacePrecision::Point | PlacePrecision::Admin1)
                    )
                });
                *specific.or(all.first())?
            }
            EventStatus::Background => {
                let all: Vec<(usize, &Place)> = home.collect();
                let country = all
                    .iter()
                    .find(|(_, p)| p.precision == Some(PlacePrecision::Country));
                *country.or(all.first())?
            }
        };
        let precision = match status {
            EventStatus::New => place.precision,
            EventStatus::Background => Some(PlacePrecision::Country),
        };
        Some(EventPlace {
            index,
            place: place.clone(),
            precision,
            near: false,
        })
    }

    /// The country most places of the article lie in (for "police" with no place of its own).
    pub(super) fn dominant_country(&self) -> Option<String> {
        // Regions and countries named outright weigh more than towns, whose names are the
        // likeliest to have resolved to a namesake abroad.
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for p in self.places {
            let Some(cc) = p.country_code.as_deref() else {
                continue;
            };
            // A people named ("Somali pirates") says less than a place named ("Malindi").
            let w = match p.precision {
                _ if p.nationality => 1,
                Some(PlacePrecision::Admin1) => 6,
                Some(PlacePrecision::Country) => 4,
                _ => 2,
            };
            match counts.iter_mut().find(|(c, _)| *c == cc) {
                Some((_, n)) => *n += w,
                None => counts.push((cc, w)),
            }
        }
        // The sides named carry their countries too (Al Shabaab: Somalia).
        for e in &self.language.entities {
            if e.kind == EntityKind::Nationality {
                continue;
            }
            if let Some(cc) = e.country.as_deref() {
                match counts.iter_mut().find(|(c, _)| *c == cc) {
                    Some((_, n)) => *n += 2,
                    None => counts.push((cc, 2)),
                }
            }
        }
        counts
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map(|(c, _)| c.to_owned())
    }
}
