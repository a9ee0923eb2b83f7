//! The actor gazetteer: armed groups, state forces, governments and international bodies with
//! their aliases, read from `data/actors.tsv` (built in) and optional user files.

use crate::fold::fold_phrase;
use crate::NlpError;
use serde::Serialize;
use std::collections::HashMap;

/// What kind of side an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    ArmedGroup,
    StateForce,
    Government,
    InternationalOrg,
    PoliticalParty,
    CivilianGroup,
    Media,
}

impl ActorKind {
    fn parse(s: &str) -> Option<ActorKind> {
        Some(match s {
            "armed_group" => ActorKind::ArmedGroup,
            "state_force" => ActorKind::StateForce,
            "government" => ActorKind::Government,
            "international_org" => ActorKind::InternationalOrg,
            "political_party" => ActorKind::PoliticalParty,
            "civilian_group" => ActorKind::CivilianGroup,
            "media" => ActorKind::Media,
            _ => return None,
        })
    }

    /// The entity kind mentions of such an actor get.
    #[must_use]
    pub fn entity_kind(self) -> vigil_core::EntityKind {
        use vigil_core::EntityKind;
        match self {
            ActorKind::ArmedGroup => EntityKind::ArmedGroup,
            ActorKind::StateForce => EntityKind::StateForce,
            _ => EntityKind::Organisation,
        }
    }
}

/// One actor: a stable id, a canonical name, its kind, countries and aliases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    /// Stable id without prefix (`iskp`); entities carry it as `actor:iskp`.
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    /// ISO 3166-1 alpha-2 codes; empty for international or stateless actors.
    pub countries: Vec<String>,
    /// The function of a state body (`army`, `police`, `intelligence`, `government` …), which lets
    /// "government forces" in a Somali text resolve to the Somali National Army.
    pub role: Option<String>,
    /// The actor this one belongs to (ISKP → IS, Danab → SNA).
    pub parent: Option<String>,
    pub aliases: Vec<String>,
}

/// All actors with an index from folded alias to actor.
#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    actors: Vec<Actor>,
    by_id: HashMap<String, usize>,
    by_key: HashMap<String, Vec<usize>>,
}

/// Key for alias lookups: folded, lower-cased, leading "the" dropped.
pub(crate) fn alias_key(name: &str) -> String {
    let folded = fold_phrase(name).to_lowercase();
    let trimmed = folded.strip_prefix("the ").unwrap_or(&folded);
    trimmed.trim_end_matches(['.', ',']).trim().to_string()
}

impl Gazetteer {
    /// Parses actor rows (`data/actors.tsv` format); `source` names the file in errors.
    pub(crate) fn add_tsv(&mut self, source: &str, tsv: &str) -> Result<(), NlpError> {
        for (n, line) in tsv.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |message: String| NlpError::Data {
                file: source.to_string(),
                line: n + 1,
                message,
            };
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [id, kind, countries, role, parent, name, aliases] = f.as_slice() else {
                return Err(bad(format!(
                    "expected 7 tab-separated fields, found {}",
                    f.len()
                )));
            };
            let kind =
                ActorKind::parse(kind).ok_or_else(|| bad(format!("unknown kind {kind:?}")))?;
            if id.is_empty() || name.is_empty() {
                return Err(bad("empty id or name".into()));
            }
            let dash = |s: &str| (!s.is_empty() && s != "-").then(|| s.to_string());
            let mut all_aliases: Vec<String> = vec![name.to_string()];
            for a in aliases.split(';').map(str::trim).filter(|a| !a.is_empty()) {
                if !all_aliases.iter().any(|x| x == a) {
                    all_aliases.push(a.to_string());
                }
            }
            let actor = Actor {
                id: id.to_string(),
                name: name.to_string(),
                kind,
                countries: countries
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty() && *c != "-")
                    .map(str::to_uppercase)
                    .collect(),
                role: dash(role),
                parent: dash(parent),
                aliases: all_aliases,
            };
            self.insert(actor);
        }
        Ok(())
    }

    /// Adds an actor; a user row with an existing id replaces the built-in one.
    pub(crate) fn insert(&mut self, actor: Actor) {
        let idx = match self.by_id.get(&actor.id) {
            Some(&i) => {
                if let Some(slot) = self.actors.get_mut(i) {
                    *slot = actor;
                }
                // The replaced row's aliases no longer point here.
                for v in self.by_key.values_mut() {
                    v.retain(|&j| j != i);
                }
                self.by_key.retain(|_, v| !v.is_empty());
                i
            }
            None => {
                self.actors.push(actor);
                self.actors.len() - 1
            }
        };
        self.reindex_one(idx);
    }

    fn reindex_one(&mut self, idx: usize) {
        let Some(actor) = self.actors.get(idx) else {
            return;
        };
        self.by_id.insert(actor.id.clone(), idx);
        let keys: Vec<String> = actor.aliases.iter().map(|a| alias_key(a)).collect();
        for key in keys {
            let v = self.by_key.entry(key).or_default();
            if !v.contains(&idx) {
                v.push(idx);
            }
        }
    }

    /// All actors, in file order.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// The actor with this id (with or without the `actor:` prefix).
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Actor> {
        let id = id.strip_prefix("actor:").unwrap_or(id);
        self.by_id.get(id).and_then(|&i| self.actors.get(i))
    }

    /// The actor a name refers to (any alias, any case, hyphens/apostrophes/diacritics folded).
    /// When several actors share the name, the first listed wins; see [`Gazetteer::lookup_all`].
    #[must_use]
    pub fn lookup(&self, name: &str) -> Option<&Actor> {
        self.lookup_all(name).into_iter().next()
    }

    /// Every actor a name may refer to ("SNA": Somali National Army, Syrian National Army).
    #[must_use]
    pub fn lookup_all(&self, name: &str) -> Vec<&Actor> {
        self.by_key
            .get(&alias_key(name))
            .map(|v| v.iter().filter_map(|&i| self.actors.get(i)).collect())
            .unwrap_or_default()
    }

    /// The state body of `country` with `role` (e.g. `SO`, `army` → Somali National Army):
    /// top-level actors (no parent) first.
    #[must_use]
    pub fn state_actor(&self, country: &str, role: &str) -> Option<&Actor> {
        let fits = |a: &&Actor| {
            a.role.as_deref() == Some(role)
                && a.countries.len() == 1
                && a.countries.iter().any(|c| c == country)
                && matches!(a.kind, ActorKind::StateForce | ActorKind::Government)
        };
        let top = self.actors.iter().filter(fits).find(|a| {
            a.parent.as_ref().is_none_or(|p| {
                self.get(p)
                    .is_none_or(|pa| pa.role.as_deref() != Some(role))
            })
        });
        top.or_else(|| self.actors.iter().find(fits))
    }

    /// True when `id` is `ancestor` or descends from it through parent links.
    #[must_use]
    pub fn descends_from(&self, id: &str, ancestor: &str) -> bool {
        let mut cur = self.get(id);
        let mut steps = 0;
        while let Some(a) = cur {
            if a.id == ancestor.strip_prefix("actor:").unwrap_or(ancestor) {
                return true;
            }
            steps += 1;
            if steps > 16 {
                break;
            }
            cur = a.parent.as_deref().and_then(|p| self.get(p));
        }
        false
    }

    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
}
