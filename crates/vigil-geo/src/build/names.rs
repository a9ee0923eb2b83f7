//! The name index while a build runs: every (normalised name, entry) link, held compactly so
//! a world-wide build of millions of names stays in bounded memory. Each distinct key is kept
//! once, in one text arena, found again through a hash table of key numbers; a link is two
//! numbers. At the end the links are grouped by key, the transliteration skeletons are added,
//! and the keys are written in byte order into the `fst` map with their postings table.

use crate::gazetteer::{minor_skeleton_key, MINOR_PREFIX};
use crate::layout::LEN_BITS;
use crate::normalize::{skeleton, skeleton_key};
use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::hash::BuildHasher;

/// One name → entry link: `entry << 1 | primary`, as the postings table stores it.
#[derive(Debug, Clone, Copy)]
struct Link {
    key: u32,
    posting: u32,
}

/// Interned keys and the links that name entries.
#[derive(Default)]
pub(super) struct NameTable {
    /// Every key, one after another.
    arena: String,
    /// End of each key within `arena` (its start is the previous key's end).
    ends: Vec<usize>,
    /// Key numbers, hashed by their text.
    table: HashTable<u32>,
    hasher: FxBuildHasher,
    links: Vec<Link>,
}

/// The written index: the postings table (u32 LE each) and how many keys it has.
pub(super) struct Written {
    pub postings: Vec<u8>,
    pub keys: usize,
}

impl NameTable {
    fn key(&self, id: u32) -> &str {
        key_text(&self.arena, &self.ends, id)
    }

    /// The number of `key`, added when new; `None` past 2³² keys.
    fn intern(&mut self, key: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(key);
        let NameTable {
            arena,
            ends,
            table,
            hasher,
            ..
        } = self;
        if let Some(&id) = table.find(hash, |&id| key_text(arena, ends, id) == key) {
            return Some(id);
        }
        let id = u32::try_from(ends.len()).ok()?;
        arena.push_str(key);
        ends.push(arena.len());
        table.insert_unique(hash, id, |&id| hasher.hash_one(key_text(arena, ends, id)));
        Some(id)
    }

    /// Links `key` to `entry`; a name given twice for one entry is primary if either was.
    pub(super) fn add(&mut self, key: &str, entry: u32, primary: bool) {
        if entry >= 1 << 31 {
            return;
        }
        if let Some(key) = self.intern(key) {
            self.links.push(Link {
                key,
                posting: (entry << 1) | u32::from(primary),
            });
        }
    }

    /// Groups the links by key (each list in the order its links were made, one posting per
    /// entry), adds the skeleton keys of the names of entries that `skeletal` accepts, and
    /// writes every key in byte order into `fst` with its slice of the postings table.
    pub(super) fn write<W: std::io::Write>(
        mut self,
        skeletal: impl Fn(u32) -> bool,
        fst: &mut fst::MapBuilder<W>,
    ) -> Result<Written, String> {
        let mut links = std::mem::take(&mut self.links);
        links.sort_by_key(|l| l.key);
        let mut links = dedup_groups(links);
        // Transliteration skeletons of the names of regions and places, under their own key
        // prefix, for the resolver's second look ("Kunar" → Konar).
        let mut skeletons: Vec<Link> = Vec::new();
        let mut start = 0;
        while start < links.len() {
            let key = links[start].key;
            let end = start + links[start..].partition_point(|l| l.key == key);
            let entries: Vec<u32> = links[start..end]
                .iter()
                .map(|l| l.posting >> 1)
                .filter(|&e| skeletal(e))
                .collect();
            if !entries.is_empty() {
                let text = self.key(key);
                let skel = match text.strip_prefix(MINOR_PREFIX) {
                    Some(bare) => minor_skeleton_key(&skeleton(bare)),
                    None => skeleton_key(&skeleton(text)),
                };
                let skel = self.intern(&skel).ok_or("more than 2^32 names")?;
                skeletons.extend(entries.into_iter().map(|e| Link {
                    key: skel,
                    posting: e << 1,
                }));
            }
            start = end;
        }
        skeletons.sort_unstable_by_key(|l| (l.key, l.posting));
        skeletons.dedup_by_key(|l| (l.key, l.posting));
        links.extend(skeletons);
        // Keys in byte order; links in key order, each list as it was.
        let mut order: Vec<u32> =
            (0..u32::try_from(self.ends.len()).map_err(|e| e.to_string())?).collect();
        order.sort_unstable_by(|&a, &b| self.key(a).as_bytes().cmp(self.key(b).as_bytes()));
        let mut rank = vec![0u32; order.len()];
        for (r, &id) in order.iter().enumerate() {
            if let Some(slot) = rank.get_mut(id as usize) {
                *slot = u32::try_from(r).map_err(|e| e.to_string())?;
            }
        }
        drop(order);
        links.sort_by_key(|l| rank.get(l.key as usize).copied().unwrap_or(u32::MAX));
        drop(rank);
        let mut postings = Vec::with_capacity(links.len() * 4);
        let mut postings_len: u64 = 0;
        let mut keys = 0;
        let mut start = 0;
        while start < links.len() {
            let key = links[start].key;
            let end = start + links[start..].partition_point(|l| l.key == key);
            let len = (end - start).min((1 << LEN_BITS) - 1);
            fst.insert(
                self.key(key).as_bytes(),
                (postings_len << LEN_BITS) | len as u64,
            )
            .map_err(|e| e.to_string())?;
            for l in &links[start..start + len] {
                postings.extend(l.posting.to_le_bytes());
            }
            postings_len += len as u64;
            keys += 1;
            start = end;
        }
        Ok(Written { postings, keys })
    }
}

/// Key `id` of an arena.
fn key_text<'a>(arena: &'a str, ends: &[usize], id: u32) -> &'a str {
    let i = id as usize;
    let start = i
        .checked_sub(1)
        .and_then(|j| ends.get(j))
        .copied()
        .unwrap_or(0);
    let end = ends.get(i).copied().unwrap_or(start);
    arena.get(start..end).unwrap_or_default()
}

/// Within each run of links of one key, keeps the first link of each entry, primary when any
/// of its links was.
fn dedup_groups(links: Vec<Link>) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::with_capacity(links.len());
    let mut at: FxHashMap<u32, usize> = FxHashMap::default();
    let mut group_key = None;
    let mut group_start = 0;
    for link in links {
        if group_key != Some(link.key) {
            group_key = Some(link.key);
            group_start = out.len();
            at.clear();
        }
        let entry = link.posting >> 1;
        let group = out.get_mut(group_start..).unwrap_or_default();
        // Short lists are searched; long ones (a common village name) are indexed.
        let found = if group.len() < 16 {
            group.iter().position(|l| l.posting >> 1 == entry)
        } else {
            if at.is_empty() {
                at.extend(group.iter().enumerate().map(|(i, l)| (l.posting >> 1, i)));
            }
            at.get(&entry).copied()
        };
        match found.and_then(|i| group.get_mut(i)) {
            Some(l) => l.posting |= link.posting & 1,
            None => {
                if !at.is_empty() {
                    at.insert(entry, group.len());
                }
                out.push(link);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(table: NameTable, skeletal: impl Fn(u32) -> bool) -> Vec<(String, Vec<u32>)> {
        let mut fst = fst::MapBuilder::memory();
        let written = table.write(skeletal, &mut fst);
        let Ok(written) = written else {
            panic!("write failed")
        };
        let map =
            fst::Map::new(fst.into_inner().unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::new();
        let mut stream = map.stream();
        while let Some((key, value)) = fst::Streamer::next(&mut stream) {
            let (start, len) = ((value >> LEN_BITS) as usize, (value & 0xFFFFF) as usize);
            let postings = written.postings[4 * start..4 * (start + len)]
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            out.push((String::from_utf8_lossy(key).into_owned(), postings));
        }
        out
    }

    #[test]
    fn keys_sorted_lists_in_order_duplicates_merged() {
        let mut t = NameTable::default();
        t.add("kabul", 3, false);
        t.add("herat", 1, true);
        t.add("kabul", 1, true);
        t.add("kabul", 3, true);
        t.add("kabul", 2, false);
        // More links than the short-list search handles, with repeats.
        for e in (0..40).chain(0..40) {
            t.add("qala", e, e == 7);
        }
        let got = lists(t, |_| false);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], ("herat".into(), vec![1 << 1 | 1]));
        assert_eq!(
            got[1],
            ("kabul".into(), vec![3 << 1 | 1, 1 << 1 | 1, 2 << 1])
        );
        assert_eq!(got[2].0, "qala");
        assert_eq!(got[2].1.len(), 40);
        assert_eq!(got[2].1[7], 7 << 1 | 1);
        assert_eq!(got[2].1[8], 8 << 1);
    }

    #[test]
    fn skeletons_of_skeletal_entries_only() {
        let mut t = NameTable::default();
        t.add("kunar", 1, true);
        t.add("konar", 1, true);
        t.add("kunar", 2, true);
        t.add(&format!("{MINOR_PREFIX}kunar"), 4, true);
        let got = lists(t, |e| e != 2);
        let skel = skeleton_key(&skeleton("kunar"));
        let hit = got.iter().find(|(k, _)| *k == skel);
        // Both spellings of entry 1 share a skeleton: one non-primary posting.
        if skeleton("kunar") == skeleton("konar") {
            assert_eq!(hit.map(|h| h.1.clone()), Some(vec![1 << 1]));
        }
        let minor = minor_skeleton_key(&skeleton("kunar"));
        assert_eq!(
            got.iter().find(|(k, _)| *k == minor).map(|h| h.1.clone()),
            Some(vec![4 << 1])
        );
        assert!(got.iter().all(|(_, l)| !l.contains(&(2 << 1))));
    }
}
