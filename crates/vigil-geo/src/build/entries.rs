//! The entries while a build runs, held compactly: a GeoNames id as a number, the short codes
//! every entry repeats (country, feature code, admin1 code, district) as numbers into one
//! table of symbols. Millions of villages then cost about a hundred bytes each, not the
//! several hundred of six owned strings; an [`Entry`] is made again only to be written.

use crate::gazetteer::{Entry, Kind};
use rustc_hash::FxHashMap;

/// An entry's id: `geonames:N` as N, any other as written.
enum Id {
    GeoNames(u64),
    Other(Box<str>),
}

struct Compact {
    id: Id,
    name: Box<str>,
    lat: f32,
    lon: f32,
    kind: Kind,
    fcode: u32,
    cc: u32,
    admin1: u32,
    admin2: u32,
    population: u64,
}

/// The entries made so far, numbered in the order they were pushed.
#[derive(Default)]
pub(super) struct EntryStore {
    entries: Vec<Compact>,
    symbols: Vec<Box<str>>,
    symbol_of: FxHashMap<Box<str>, u32>,
}

impl EntryStore {
    pub(super) fn reserve(&mut self, n: usize) {
        self.entries.reserve_exact(n);
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    fn symbol(&mut self, text: String) -> u32 {
        if let Some(&s) = self.symbol_of.get(text.as_str()) {
            return s;
        }
        let s = u32::try_from(self.symbols.len()).unwrap_or(u32::MAX);
        let text: Box<str> = text.into_boxed_str();
        self.symbols.push(text.clone());
        self.symbol_of.insert(text, s);
        s
    }

    fn text(&self, symbol: u32) -> &str {
        self.symbols.get(symbol as usize).map_or("", |s| s)
    }

    /// Adds an entry; returns its number.
    pub(super) fn push(&mut self, e: Entry) -> u32 {
        let i = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        let id = match e.id.strip_prefix("geonames:").map(str::parse::<u64>) {
            Some(Ok(n)) if format!("geonames:{n}") == e.id => Id::GeoNames(n),
            _ => Id::Other(e.id.into_boxed_str()),
        };
        let compact = Compact {
            id,
            name: e.name.into_boxed_str(),
            lat: e.lat,
            lon: e.lon,
            kind: e.kind,
            fcode: self.symbol(e.fcode),
            cc: self.symbol(e.cc),
            admin1: self.symbol(e.admin1),
            admin2: self.symbol(e.admin2),
            population: e.population,
        };
        self.entries.push(compact);
        i
    }

    /// Entry `i` as it is written.
    pub(super) fn entry(&self, i: usize) -> Option<Entry> {
        let c = self.entries.get(i)?;
        Some(Entry {
            id: match &c.id {
                Id::GeoNames(n) => format!("geonames:{n}"),
                Id::Other(id) => id.to_string(),
            },
            name: c.name.to_string(),
            lat: c.lat,
            lon: c.lon,
            kind: c.kind,
            fcode: self.text(c.fcode).to_string(),
            cc: self.text(c.cc).to_string(),
            admin1: self.text(c.admin1).to_string(),
            admin2: self.text(c.admin2).to_string(),
            population: c.population,
        })
    }

    /// Kind, country code, name and population of entry `i`, without making it.
    pub(super) fn view(&self, i: usize) -> Option<View<'_>> {
        let c = self.entries.get(i)?;
        Some(View {
            kind: c.kind,
            cc: self.text(c.cc),
            name: &c.name,
            population: c.population,
        })
    }

    pub(super) fn set_fcode(&mut self, i: usize, fcode: &str) {
        let s = self.symbol(fcode.to_string());
        if let Some(c) = self.entries.get_mut(i) {
            c.fcode = s;
        }
    }

    /// Whether the names of entry `i` get transliteration skeletons: regions, districts,
    /// places and point features of one country.
    pub(super) fn skeletal(&self, i: u32) -> bool {
        self.view(i as usize).is_some_and(|v| {
            !v.cc.is_empty()
                && matches!(
                    v.kind,
                    Kind::Admin1 | Kind::Admin2 | Kind::City | Kind::Feature
                )
        })
    }
}

/// The fields of an entry the build reads back.
pub(super) struct View<'a> {
    pub kind: Kind,
    pub cc: &'a str,
    pub name: &'a str,
    pub population: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_back_as_pushed() {
        let mut store = EntryStore::default();
        let make = |id: &str, name: &str, kind| Entry {
            id: id.into(),
            name: name.into(),
            lat: 34.5,
            lon: 69.2,
            kind,
            fcode: "PPLC".into(),
            cc: "AF".into(),
            admin1: "13".into(),
            admin2: "kabul".into(),
            population: 3_043_532,
        };
        let written = [
            make("geonames:1138958", "Kabul", Kind::City),
            make("vigil:adm1:AF.13", "Kabul", Kind::Admin1),
            make("geonames:007", "Odd", Kind::City),
        ];
        for e in written.clone() {
            store.push(e);
        }
        store.set_fcode(1, "ADM1");
        let mut expected = written.to_vec();
        expected[1].fcode = "ADM1".into();
        for (i, e) in expected.iter().enumerate() {
            assert_eq!(store.entry(i).as_ref(), Some(e));
        }
        assert!(store.entry(3).is_none());
        assert!(store.skeletal(0) && store.skeletal(1));
    }
}
