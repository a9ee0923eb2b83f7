//! Scores the nlp stage on the events dev set (`../shared/bench/events/dev.jsonl`): is the coded
//! actor (ACLED actor 1) — and the coded target (actor 2) — among the entities vigil extracts
//! from the record's text, under any alias? Also reports the time table's pass rate.
//!
//! ACLED labels are normalised as the dev set's README says: bracketed qualifiers (dates,
//! countries) dropped, "the" dropped, hyphens/apostrophes folded, then compared through vigil's
//! own alias table. ACLED's generic vocabulary maps through rules any user of ACLED would write:
//! "Military Forces of <Country>" = that country's state forces, "Police Forces of <Country>" =
//! its police, "<People> Ethnic Militia" = a mention of that people, "Unidentified Armed Group"
//! = unknown gunmen or no named perpetrator, "Civilians"/"Protesters"/"Rioters" = those groups.

use crate::{ratio, EvalError};
use std::collections::BTreeMap;
use std::path::Path;
use vigil_core::{Entity, EntityKind};
use vigil_nlp::Nlp;

/// The figures of one evaluation run; `Display` prints the human-readable table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub records: usize,
    pub actor_found: usize,
    /// Records with a non-null target.
    pub targets: usize,
    pub target_found: usize,
    /// Found / total per label family (named, state, unidentified, civilians, protesters, …).
    pub by_family: BTreeMap<String, (usize, usize)>,
    /// Labels most often missed, with counts (actor and target together).
    pub missed: Vec<(String, usize)>,
    /// Time-expression table: (passed, cases).
    pub time_table: (usize, usize),
}

impl Report {
    #[must_use]
    pub fn actor_rate(&self) -> f64 {
        ratio(self.actor_found, self.records)
    }

    #[must_use]
    pub fn target_rate(&self) -> f64 {
        ratio(self.target_found, self.targets)
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "nlp: actor recognition on {} records", self.records)?;
        writeln!(
            f,
            "  actor  found {:>4}/{:<4} = {:.3}",
            self.actor_found,
            self.records,
            self.actor_rate()
        )?;
        writeln!(
            f,
            "  target found {:>4}/{:<4} = {:.3}  (records with a coded target)",
            self.target_found,
            self.targets,
            self.target_rate()
        )?;
        writeln!(f, "  by label family (actor and target together):")?;
        for (fam, (found, total)) in &self.by_family {
            writeln!(
                f,
                "    {fam:<14} {found:>4}/{total:<4} = {:.3}",
                ratio(*found, *total)
            )?;
        }
        if !self.missed.is_empty() {
            writeln!(f, "  most missed labels:")?;
            for (label, n) in self.missed.iter().take(12) {
                writeln!(f, "    {n:>3}  {label}")?;
            }
        }
        let (p, t) = self.time_table;
        writeln!(f, "  time table: {p}/{t} cases pass = {:.3}", ratio(p, t))
    }
}

#[derive(serde::Deserialize)]
struct Record {
    text: String,
    actor: String,
    target: Option<String>,
}

/// Runs the evaluation on the dev set at `path`.
pub fn run(path: &Path) -> Result<Report, EvalError> {
    let shown = path.display().to_string();
    let raw = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: shown.clone(),
        source,
    })?;
    let nlp = Nlp::new();
    let mut report = Report {
        records: 0,
        actor_found: 0,
        targets: 0,
        target_found: 0,
        by_family: BTreeMap::new(),
        missed: Vec::new(),
        time_table: vigil_nlp::time_table_pass_rate(vigil_nlp::TIME_TABLE),
    };
    let mut missed: BTreeMap<String, usize> = BTreeMap::new();
    // For error analysis on the dev set only: prints each miss to stderr.
    let show_misses = std::env::var_os("VIGIL_EVAL_SHOW_MISSES").is_some();
    for (n, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let rec: Record = serde_json::from_str(line).map_err(|e| EvalError::Data {
            path: format!("{shown}:{}", n + 1),
            message: e.to_string(),
        })?;
        let entities = nlp.entities(&rec.text);
        report.records += 1;
        let mut score = |label: &str, found_counter: &mut usize| {
            let (family, found) = label_found(&nlp, label, &entities);
            let slot = report.by_family.entry(family.to_string()).or_insert((0, 0));
            slot.1 += 1;
            if found {
                slot.0 += 1;
                *found_counter += 1;
            } else {
                *missed.entry(label.to_string()).or_default() += 1;
                if show_misses {
                    let ids: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
                    eprintln!("MISS {label} | {ids:?} | {}", rec.text);
                }
            }
        };
        let mut actor_found = 0;
        score(&rec.actor, &mut actor_found);
        let mut target_found = 0;
        if let Some(t) = &rec.target {
            score(t, &mut target_found);
            report.targets += 1;
        }
        report.actor_found += actor_found;
        report.target_found += target_found;
    }
    let mut missed: Vec<(String, usize)> = missed.into_iter().collect();
    missed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    report.missed = missed;
    Ok(report)
}

/// An ACLED label taken apart: the name without qualifiers, the country qualifier, other
/// qualifiers, and an acronym prefix ("NATO: North Atlantic Treaty Organization").
struct Label {
    name: String,
    acronym: Option<String>,
    country: Option<String>,
    qualifiers: Vec<String>,
}

fn parse_label(nlp: &Nlp, label: &str) -> Label {
    let mut rest = label.trim().to_string();
    let mut acronym = None;
    if let Some((head, tail)) = rest.split_once(": ") {
        if !head.contains(' ') {
            acronym = Some(head.to_string());
            rest = tail.to_string();
        }
    }
    let mut name = String::new();
    let mut country = None;
    let mut qualifiers = Vec::new();
    let mut depth = 0;
    let mut q = String::new();
    for c in rest.chars() {
        match c {
            '(' => {
                depth += 1;
                q.clear();
            }
            ')' if depth > 0 => {
                depth -= 1;
                let qual = q.trim().to_string();
                if qual.chars().any(|c| c.is_ascii_digit()) {
                    // A date range such as "(2022-)".
                } else if let Some(cc) = nlp.country_code(&qual) {
                    country = Some(cc.to_string());
                } else if !qual.is_empty() {
                    qualifiers.push(qual);
                }
            }
            _ if depth > 0 => q.push(c),
            _ => name.push(c),
        }
    }
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(&name)
        .to_string();
    Label {
        name,
        acronym,
        country,
        qualifiers,
    }
}

/// Lower-case, folded key for comparing names.
fn key(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '’' {
            continue;
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let out = out.trim().to_string();
    out.strip_prefix("the ").map(str::to_string).unwrap_or(out)
}

/// Role family of a state-force entity: its gazetteer role, or the role in a synthesised id
/// (`actor:police-ke`, `actor:generic-army`).
fn entity_role(nlp: &Nlp, e: &Entity) -> Option<String> {
    if let Some(a) = nlp.actors().get(&e.id) {
        return a.role.clone();
    }
    let bare = e.id.strip_prefix("actor:")?;
    let bare = bare.strip_prefix("generic-").unwrap_or(bare);
    Some(bare.split('-').next()?.to_string())
}

/// A named non-state armed group: when the text names one, an unidentified perpetrator is unlikely.
fn is_named_side(e: &Entity) -> bool {
    e.kind == EntityKind::ArmedGroup
        && !e.id.starts_with("actor:unidentified")
        && !e.id.starts_with("actor:generic")
}

/// Which family an ACLED label belongs to, and whether the entities contain it.
fn label_found(nlp: &Nlp, label: &str, entities: &[Entity]) -> (&'static str, bool) {
    let l = parse_label(nlp, label);
    let lower = l.name.to_lowercase();
    if lower.starts_with("unidentified") {
        let found = entities
            .iter()
            .any(|e| e.id.starts_with("actor:unidentified"))
            || !entities.iter().any(is_named_side);
        return ("unidentified", found);
    }
    for (word, id) in [
        ("civilians", "group:civilians"),
        ("protesters", "group:protesters"),
        ("rioters", "group:rioters"),
    ] {
        if lower == word {
            return (word, entities.iter().any(|e| e.id == id));
        }
    }
    for (prefix, roles) in [
        (
            "military forces of ",
            &[
                "army",
                "special_forces",
                "air_force",
                "paramilitary",
                "intelligence",
            ][..],
        ),
        (
            "police forces of ",
            &["police", "intelligence", "paramilitary", "special_forces"][..],
        ),
    ] {
        let Some(after) = lower.strip_prefix(prefix) else {
            continue;
        };
        // "Military Forces of Somalia Puntland Dervish Force": country, then an optional unit.
        let original_after = &l.name[prefix.len()..];
        let (cc, unit) = split_country(nlp, original_after);
        let cc = cc.or(l.country.clone());
        let unit_ids: Vec<String> = unit
            .as_deref()
            .map(|u| {
                nlp.actors()
                    .lookup_all(u)
                    .into_iter()
                    .map(|a| format!("actor:{}", a.id))
                    .collect()
            })
            .unwrap_or_default();
        let found = entities.iter().any(|e| {
            if unit_ids.contains(&e.id) {
                return true;
            }
            if e.kind != EntityKind::StateForce {
                return false;
            }
            let country_ok = match (&cc, &e.country) {
                (Some(want), Some(have)) => want == have,
                (_, None) => e.id.starts_with("actor:generic"),
                (None, Some(_)) => true,
            };
            country_ok && entity_role(nlp, e).is_some_and(|r| roles.contains(&r.as_str()))
        });
        let _ = after;
        return ("state", found);
    }
    for suffix in [" sub-clan militia", " clan militia", " ethnic militia"] {
        if let Some(people) = lower.strip_suffix(suffix) {
            let original = &l.name[..people.len()];
            let parts: Vec<String> = original.split('-').map(key).collect();
            let found = entities.iter().any(|e| {
                e.kind == EntityKind::Nationality
                    && std::iter::once(e.name.as_str())
                        .chain(e.mentions.iter().map(|m| m.text.as_str()))
                        .any(|n| {
                            let k = key(n);
                            let k = k.strip_prefix("ethnic ").unwrap_or(&k);
                            parts
                                .iter()
                                .any(|p| k == p || k.strip_suffix('s') == Some(p.as_str()))
                        })
            });
            return ("ethnic/clan", found);
        }
    }
    // A named actor: through the alias table (the actor itself or one of its branches).
    let mut names = vec![l.name.clone()];
    if let Some(a) = &l.acronym {
        names.push(a.clone());
    }
    for q in &l.qualifiers {
        names.push(format!("{q} {}", l.name));
    }
    let mut wanted: Vec<String> = Vec::new();
    for n in &names {
        for a in nlp.actors().lookup_all(n) {
            wanted.push(a.id.clone());
        }
    }
    let found = entities.iter().any(|e| {
        let Some(id) = e.id.strip_prefix("actor:") else {
            return false;
        };
        wanted.iter().any(|w| {
            id == w
                || (nlp.actors().descends_from(id, w)
                    && l.country.as_ref().is_none_or(|cc| {
                        nlp.actors()
                            .get(id)
                            .is_some_and(|a| a.countries.is_empty() || a.countries.contains(cc))
                    }))
        })
    }) || entities.iter().any(|e| {
        // Equality after normalisation, for names outside the alias table.
        names.iter().any(|n| {
            let k = key(n);
            key(&e.name) == k || e.mentions.iter().any(|m| key(&m.text) == k)
        })
    });
    ("named", found)
}

/// "Somalia Puntland Dervish Force" → (SO, Some("Puntland Dervish Force")); longest country
/// name first.
fn split_country(nlp: &Nlp, s: &str) -> (Option<String>, Option<String>) {
    let words: Vec<&str> = s.split_whitespace().collect();
    for n in (1..=words.len().min(4)).rev() {
        let head = words[..n].join(" ");
        if let Some(cc) = nlp.country_code(&head) {
            let unit = words[n..].join(" ");
            return (Some(cc.to_string()), (!unit.is_empty()).then_some(unit));
        }
    }
    (None, (!s.trim().is_empty()).then(|| s.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(label: &str, text: &str) -> bool {
        let nlp = Nlp::new();
        let entities = nlp.entities(text);
        label_found(&nlp, label, &entities).1
    }

    #[test]
    fn acled_labels_map_through_generic_rules() {
        assert!(found("Al Shabaab", "Al-Shabab fighters attacked a base."));
        assert!(found(
            "Military Forces of Somalia (2022-)",
            "Somali National Army troops clashed with militants near Baidoa."
        ));
        assert!(found(
            "Military Forces of Somalia (2022-)",
            "In Mogadishu, government forces (SNA) raided a house."
        ));
        assert!(!found(
            "Police Forces of Kenya (2013-)",
            "Somali National Army troops clashed with militants near Baidoa."
        ));
        assert!(found(
            "Unidentified Armed Group (Kenya)",
            "Unknown gunmen shot a trader in Mandera."
        ));
        assert!(found(
            "Islamic State (Afghanistan)",
            "ISKP claimed the blast in Kabul."
        ));
        assert!(found(
            "NATO: North Atlantic Treaty Organization",
            "A NATO convoy was hit."
        ));
        assert!(found(
            "Hawiye-Habar Gedir-Sacad Sub-Clan Militia (Somalia)",
            "Sacad clan militias fought over a well."
        ));
        assert!(found(
            "Pokot Ethnic Militia (Kenya)",
            "Suspected Pokot raiders stole cattle."
        ));
        assert!(found(
            "Protesters (Kenya)",
            "Protesters blocked a road in Nairobi."
        ));
    }
}
