//! The layout of `entries.bin`: a small head decoded at load (format, source, the country and
//! region tables), the entries in blocks of [`BLOCK`], each encoded on its own and decoded the
//! first time one of its entries is read, and every name's postings as a table of fixed-width
//! numbers read where a lookup lands. Loading a gazetteer of millions of places therefore
//! decodes neither its entries nor its postings.
//!
//! ```text
//! u64 LE  length of the head
//! head    postcard(Head)
//! body    block 0, block 1, …   (postcard(Vec<Entry>) each; Head::blocks holds their offsets)
//!         postings              (u32 LE each: entry << 1 | primary; from Head::postings_at)
//! ```

use crate::gazetteer::{Entry, Kind, Posting};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The bytes of an index file: mapped from disk, or owned (a build in memory).
#[derive(Debug)]
pub(crate) enum Bytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

impl Bytes {
    /// Maps a file read-only.
    pub(crate) fn map(path: &std::path::Path) -> std::io::Result<Bytes> {
        let file = std::fs::File::open(path)?;
        // SAFETY: the map is read-only and the gazetteer build never writes into an existing
        // index file: it writes a new file and renames it over the old one, so a process that
        // has the old file mapped keeps reading the old, unchanged inode. Another program
        // truncating the file in place while vigil runs could still fault; that is the
        // documented cost of mapping (see the crate README).
        let map = unsafe { memmap2::Mmap::map(&file)? };
        Ok(Bytes::Mapped(map))
    }
}

/// Entries per separately decoded block.
pub(crate) const BLOCK: usize = 64;

/// Bits of an fst value that hold the length of a name's posting list (the rest: its start).
pub(crate) const LEN_BITS: u32 = 20;

/// Everything in `entries.bin` but the entries.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Head {
    pub format: u32,
    /// Free text saying which sources the build came from.
    pub source: String,
    pub entries: u32,
    /// Start of each block within the body, then the body's end.
    pub blocks: Vec<u64>,
    /// Where the postings table starts within the body. Every name's postings lie one list
    /// after another; the fst value of a name is `start << LEN_BITS | len`.
    pub postings_at: u64,
    /// How many postings the table holds.
    pub postings_len: u64,
    /// Country code → its country entry.
    pub countries: Vec<(String, u32)>,
    /// (country code, admin1 code) → its first-level region entry.
    pub admin1: Vec<(String, String, u32)>,
}

/// Why `entries.bin` cannot be read.
pub(crate) type LayoutError = String;

/// Writes `entries.bin`: the `n` entries that `entry` gives (made again block by block, so a
/// build never holds them all encoded) and the postings table (u32 LE each). Each block is
/// encoded twice, once to learn the offsets the head lists, once to write it.
pub(crate) fn write<W: std::io::Write>(
    out: &mut W,
    format: u32,
    source: String,
    n: usize,
    entry: impl Fn(usize) -> Option<Entry>,
    postings: &[u8],
) -> Result<(), LayoutError> {
    let block_of = |b: usize| -> Result<Vec<Entry>, LayoutError> {
        (b * BLOCK..((b + 1) * BLOCK).min(n))
            .map(|i| entry(i).ok_or_else(|| format!("entry {i} missing")))
            .collect()
    };
    let n_blocks = n.div_ceil(BLOCK);
    let mut countries = Vec::new();
    let mut admin1 = Vec::new();
    let mut seen_cc: HashMap<String, ()> = HashMap::new();
    let mut seen_a1: HashMap<(String, String), ()> = HashMap::new();
    let mut blocks = Vec::with_capacity(n_blocks + 1);
    let mut body_len: u64 = 0;
    for b in 0..n_blocks {
        let block = block_of(b)?;
        for (k, e) in block.iter().enumerate() {
            let i = u32::try_from(b * BLOCK + k).map_err(|e| e.to_string())?;
            match e.kind {
                Kind::Country if seen_cc.insert(e.cc.clone(), ()).is_none() => {
                    countries.push((e.cc.clone(), i));
                }
                Kind::Admin1
                    if seen_a1
                        .insert((e.cc.clone(), e.admin1.clone()), ())
                        .is_none() =>
                {
                    admin1.push((e.cc.clone(), e.admin1.clone(), i));
                }
                _ => {}
            }
        }
        blocks.push(body_len);
        body_len += postcard::to_allocvec(&block)
            .map_err(|e| e.to_string())?
            .len() as u64;
    }
    blocks.push(body_len);
    if !postings.len().is_multiple_of(4) {
        return Err("postings table of a partial number".into());
    }
    let head = Head {
        format,
        source,
        entries: u32::try_from(n).map_err(|e| e.to_string())?,
        blocks,
        postings_at: body_len,
        postings_len: (postings.len() / 4) as u64,
        countries,
        admin1,
    };
    let head = postcard::to_allocvec(&head).map_err(|e| e.to_string())?;
    let io = |e: std::io::Error| e.to_string();
    out.write_all(&(head.len() as u64).to_le_bytes())
        .map_err(io)?;
    out.write_all(&head).map_err(io)?;
    for b in 0..n_blocks {
        let bytes = postcard::to_allocvec(&block_of(b)?).map_err(|e| e.to_string())?;
        out.write_all(&bytes).map_err(io)?;
    }
    out.write_all(postings).map_err(io)?;
    out.flush().map_err(io)
}

/// The entries of a loaded `entries.bin`, decoded a block at a time on first use.
#[derive(Debug)]
pub(crate) struct Entries {
    bytes: Bytes,
    body_start: usize,
    postings_at: usize,
    postings_len: usize,
    blocks: Vec<u64>,
    decoded: Box<[OnceLock<Vec<Entry>>]>,
    len: usize,
}

/// Reads the head of `entries.bin` and prepares its entries for lazy decoding.
pub(crate) fn open(bytes: Bytes) -> Result<(Head, Entries), LayoutError> {
    let raw = bytes.as_ref();
    let len_bytes: [u8; 8] = raw
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .ok_or("too short")?;
    let head_len = usize::try_from(u64::from_le_bytes(len_bytes)).map_err(|e| e.to_string())?;
    let body_start = head_len.checked_add(8).ok_or("bad head length")?;
    let head_bytes = raw.get(8..body_start).ok_or("head runs past the end")?;
    let mut head: Head = postcard::from_bytes(head_bytes).map_err(|e| e.to_string())?;
    let body_len = (raw.len() - body_start) as u64;
    if head
        .blocks
        .last()
        .is_some_and(|&end| end > head.postings_at)
        || head.postings_at + 4 * head.postings_len > body_len
    {
        return Err("entry blocks or postings run past the end".into());
    }
    let blocks = std::mem::take(&mut head.blocks);
    let n_blocks = blocks.len().saturating_sub(1);
    let entries = Entries {
        bytes,
        body_start,
        postings_at: usize::try_from(head.postings_at).map_err(|e| e.to_string())?,
        postings_len: usize::try_from(head.postings_len).map_err(|e| e.to_string())?,
        blocks,
        decoded: (0..n_blocks).map(|_| OnceLock::new()).collect(),
        len: head.entries as usize,
    };
    Ok((head, entries))
}

impl Entries {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The postings `start..start + len` of the table (fewer past its end).
    pub(crate) fn postings(&self, start: usize, len: usize) -> Vec<Posting> {
        let end = start.saturating_add(len).min(self.postings_len);
        let from = self.body_start + self.postings_at;
        let raw = self
            .bytes
            .as_ref()
            .get(from + 4 * start.min(end)..from + 4 * end)
            .unwrap_or_default();
        raw.chunks_exact(4)
            .map(|b| {
                let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                Posting {
                    entry: v >> 1,
                    primary: v & 1 == 1,
                }
            })
            .collect()
    }

    /// Entry `i`, decoding its block on first use; `None` past the end or in a block that
    /// does not decode.
    pub(crate) fn get(&self, i: usize) -> Option<&Entry> {
        let b = i / BLOCK;
        let block = self.decoded.get(b)?.get_or_init(|| {
            let (Some(&start), Some(&end)) = (self.blocks.get(b), self.blocks.get(b + 1)) else {
                return Vec::new();
            };
            let range = usize::try_from(start).ok().zip(usize::try_from(end).ok());
            range
                .and_then(|(s, e)| {
                    self.bytes
                        .as_ref()
                        .get(self.body_start + s..self.body_start + e)
                })
                .and_then(|raw| postcard::from_bytes(raw).ok())
                .unwrap_or_default()
        });
        block.get(i % BLOCK)
    }
}
