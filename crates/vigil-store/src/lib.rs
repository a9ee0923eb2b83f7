//! vigil's store: where records (cleaned articles plus what later stages found) are kept,
//! listed and searched, and where one happening told by many articles becomes one
//! [`MergedEvent`]. [`Store`] is the seam; [`SqliteStore`] is the embedded default,
//! [`PostgresStore`] the shared one, with the work queue many workers claim documents from.
//!
//! Architecture invariant: the [`Store`] trait and the types around it name no SQLite type, so a
//! PostgreSQL store can sit behind the same trait and pass the same tests; the rules that decide
//! which reports are one event live in `merge`, which knows no database either. Writes are
//! idempotent (the document id is a content hash) and each document commits in its own
//! transaction, its merge included.

mod error;
mod lookup;
mod merge;
mod names;
mod packed;
mod postgres;
mod query;
mod review;
mod rows;
mod sqlite;

pub use crate::postgres::queue::{Enqueued, QueueStatus, Worked, WorkerRate};
pub use crate::postgres::PostgresStore;
pub use error::StoreError;
pub use packed::Prepared;
pub use review::{ChangeKind, Correction, EventChange, ReviewEntry, SourceRef};
pub use sqlite::SqliteStore;

use serde::Serialize;
use vigil_core::{ArticleKind, DocumentId, EventKind, MergedEvent, Published, Record};

/// A place records are kept: put a record, read it back, list, search, count.
pub trait Store {
    /// Stores a record in one transaction. The same record twice is [`PutOutcome::Unchanged`];
    /// a different record under a stored id replaces it ([`PutOutcome::Updated`]).
    fn put(&self, record: &Record) -> Result<PutOutcome, StoreError>;

    /// Stores several records, each as [`Store::put`] would, in as few transactions as the store
    /// can: one outcome per record, in order. A record that fails leaves the others stored, and
    /// every record reported stored is committed when this returns.
    fn put_many(&self, records: &[Prepared]) -> Vec<Result<PutOutcome, StoreError>> {
        records.iter().map(|r| self.put(r.record())).collect()
    }

    /// Whether a document with exactly this id is stored (lets a re-run skip work).
    fn contains(&self, id: &DocumentId) -> Result<bool, StoreError>;

    /// The record with this id, or with the one id starting with this prefix.
    /// A prefix matching several ids is [`StoreError::AmbiguousId`].
    fn get(&self, id_or_prefix: &str) -> Result<Option<Record>, StoreError>;

    /// Stored documents, newest publication date first (undated ones last).
    fn articles(&self, filter: &ArticleFilter) -> Result<Vec<ArticleSummary>, StoreError>;

    /// Full-text search over title, caption and text, best match first.
    /// The query language is forgiving: see [`SearchOptions`].
    fn search_with(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<Vec<SearchHit>, StoreError>;

    /// [`Store::search_with`] with default options and the given number of hits at most.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let options = SearchOptions {
            limit,
            ..SearchOptions::default()
        };
        self.search_with(query, &options)
    }

    /// Merged events (one per happening, every article that reports it as a source), newest
    /// event date first, undated events last.
    fn events(&self, filter: &EventFilter) -> Result<Vec<MergedEvent>, StoreError>;

    /// The merged event with this id, with this alias (the id of an event merged into it), or
    /// with the one id starting with this prefix (`ev-3f2a`). A prefix matching several ids is
    /// [`StoreError::AmbiguousId`].
    fn event(&self, id_or_alias_or_prefix: &str) -> Result<Option<MergedEvent>, StoreError>;

    /// Hands every merged event matching `filter` to `sink`, in [`Store::events`] order, ignoring
    /// the filter's `limit` and `offset`; memory stays bounded however many there are. An error
    /// from the sink stops the walk and is returned (a sink wraps its own in
    /// [`StoreError::Sink`]).
    fn each_event(
        &self,
        filter: &EventFilter,
        sink: &mut dyn FnMut(MergedEvent) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// How much is stored.
    fn stats(&self) -> Result<Stats, StoreError>;

    /// Records an analyst's correction of the event with this id, alias or prefix (`who` made
    /// it); the event as it reads now, or `None` when there is no such event. Corrections are
    /// applied on every read of the event, across re-ingest and re-merge.
    fn review(
        &self,
        event: &str,
        who: &str,
        correction: &Correction,
    ) -> Result<Option<MergedEvent>, StoreError>;

    /// An analyst merges these events (ids, aliases or prefixes; two or more) into one with
    /// every source, keeping the id of `keep` (one of them; the first when `None`); the others'
    /// ids become its aliases. Later merging never takes these sources apart again. `None` when
    /// one of the events does not exist; [`StoreError::InvalidReview`] for fewer than two.
    fn merge_events(
        &self,
        events: &[&str],
        keep: Option<&str>,
        who: &str,
    ) -> Result<Option<MergedEvent>, StoreError>;

    /// An analyst splits the `leave` sources off this event into an event of their own; later
    /// merging never joins the two sides again. Both events (the one keeping the id first), or
    /// `None` when there is no such event; [`StoreError::InvalidReview`] when a source is not
    /// the event's or a side would be empty.
    fn split_event(
        &self,
        event: &str,
        leave: &[SourceRef],
        who: &str,
    ) -> Result<Option<(MergedEvent, MergedEvent)>, StoreError>;

    /// The analyst changes of the event with this id, alias or prefix, oldest first.
    fn review_history(&self, event: &str) -> Result<Vec<ReviewEntry>, StoreError>;

    /// Events created, updated (re-merged or reviewed), merged or deleted after position
    /// `since` of the change feed (0: from the start), reading at most `limit` feed entries.
    fn changes(&self, since: u64, limit: usize) -> Result<Vec<EventChange>, StoreError>;
}

/// The id an article's event would have as an event of its own (`ev-` and 16 hex digits): the
/// id of the stored event it leads, else an alias of the event it was merged into, so
/// [`Store::event`] finds its event either way.
#[must_use]
pub fn mention_event_id(document_id: &DocumentId, index: usize) -> String {
    merge::event_id(document_id, index)
}

/// What [`Store::put`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[must_use]
pub enum PutOutcome {
    /// A new document.
    Inserted,
    /// The identical record was already stored; nothing was written.
    Unchanged,
    /// The id was stored with different content (e.g. a newer vigil, another `--published`);
    /// the record, its child rows and its search entry were replaced.
    Updated,
}

/// Which merged events [`Store::events`] lists (newest event date first). Every condition that
/// is set must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFilter {
    pub limit: usize,
    pub offset: usize,
    /// Events whose dates reach this day or later.
    pub since: Option<chrono::NaiveDate>,
    /// Events whose dates start on this day or earlier.
    pub until: Option<chrono::NaiveDate>,
    /// ISO 3166-1 alpha-2 code of the event's place.
    pub country: Option<String>,
    /// `new` (some source reports it as news) or `background` (every source recalls it).
    pub status: Option<vigil_core::EventStatus>,
    pub kind: Option<EventKind>,
    /// An actor of the event: its id (`actor:al-shabaab`, or `al-shabaab` without the prefix)
    /// or its name as the event gives it, in any case.
    pub actor: Option<String>,
    /// Full-text query (the [`SearchOptions`] language) over the event's source articles.
    pub text: Option<String>,
    /// Events some source reports at least this many killed in.
    pub min_killed: Option<u32>,
    /// Events whose point lies in this box (edges included).
    pub bbox: Option<BoundingBox>,
}

/// A box of longitudes and latitudes (WGS 84 degrees), edges included. Made only by
/// [`BoundingBox::new`], so its numbers are finite and its sides in order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    west: f64,
    south: f64,
    east: f64,
    north: f64,
}

// No NaN can be inside (see `new`), so equality is an equivalence.
impl Eq for BoundingBox {}

impl BoundingBox {
    /// The box from `west` to `east` and `south` to `north`; refused unless all four are finite
    /// degrees within the world and west <= east, south <= north (a box across the
    /// antimeridian is two boxes).
    pub fn new(west: f64, south: f64, east: f64, north: f64) -> Result<BoundingBox, StoreError> {
        let lon = -180.0..=180.0;
        let lat = -90.0..=90.0;
        let within = lon.contains(&west)
            && lon.contains(&east)
            && lat.contains(&south)
            && lat.contains(&north);
        if !within {
            return Err(StoreError::InvalidQuery(format!(
                "a bounding box needs longitudes within ±180 and latitudes within ±90, \
                 not {west},{south},{east},{north}"
            )));
        }
        if west > east || south > north {
            return Err(StoreError::InvalidQuery(format!(
                "a bounding box goes west,south,east,north with west <= east and \
                 south <= north, not {west},{south},{east},{north}"
            )));
        }
        Ok(BoundingBox {
            west,
            south,
            east,
            north,
        })
    }

    /// `[west, south, east, north]`.
    #[must_use]
    pub fn edges(&self) -> [f64; 4] {
        [self.west, self.south, self.east, self.north]
    }
}

impl std::str::FromStr for BoundingBox {
    type Err = StoreError;

    /// `W,S,E,N`, e.g. `60,29,75,38`.
    fn from_str(s: &str) -> Result<BoundingBox, StoreError> {
        let numbers: Vec<f64> = s
            .split(',')
            .map(|x| x.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                StoreError::InvalidQuery(format!(
                    "a bounding box is four numbers west,south,east,north, not {s:?}"
                ))
            })?;
        match numbers.as_slice() {
            &[west, south, east, north] => BoundingBox::new(west, south, east, north),
            _ => Err(StoreError::InvalidQuery(format!(
                "a bounding box is four numbers west,south,east,north, not {s:?}"
            ))),
        }
    }
}

impl Default for EventFilter {
    fn default() -> Self {
        EventFilter {
            limit: 50,
            offset: 0,
            since: None,
            until: None,
            country: None,
            status: None,
            kind: None,
            actor: None,
            text: None,
            min_killed: None,
            bbox: None,
        }
    }
}

/// Which documents to list, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KindFilter {
    Article,
    NotArticle,
}

/// Which documents [`Store::articles`] lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFilter {
    pub limit: usize,
    pub offset: usize,
    /// Published on or after this day.
    pub since: Option<chrono::NaiveDate>,
    /// Published on or before this day.
    pub until: Option<chrono::NaiveDate>,
    /// `None` lists every document.
    pub kind: Option<KindFilter>,
}

impl Default for ArticleFilter {
    fn default() -> Self {
        ArticleFilter {
            limit: 50,
            offset: 0,
            since: None,
            until: None,
            kind: None,
        }
    }
}

/// One line of a listing: a stored document's metadata without its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleSummary {
    pub id: DocumentId,
    pub uri: String,
    pub url: Option<String>,
    #[serde(flatten)]
    pub kind: ArticleKind,
    pub title: Option<String>,
    pub published: Option<Published>,
    pub byline: Option<String>,
    pub language: Option<String>,
    /// The id the document had in the caller's own data (JSONL `id`, `WARC-Record-ID`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// When this store first received the document (RFC 3339, UTC).
    pub ingested_at: String,
    /// Length of the text in characters.
    pub chars: usize,
    pub places: usize,
    pub events: usize,
}

/// How [`Store::search_with`] searches and marks up its snippets.
///
/// Query language: words are ANDed; `"a phrase"`; `word*` for a prefix; `OR` between two terms;
/// `-word` or `NOT word` excludes. Anything else (brackets, `:`, `^`, `NEAR(`, a stray quote) is
/// taken as text, never as search syntax, so a typed query cannot be a syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    /// `None` searches every document.
    pub kind: Option<KindFilter>,
    /// Put before each matched word in a snippet.
    pub open: String,
    /// Put after each matched word in a snippet.
    pub close: String,
    /// Marks text left out at either end of a snippet.
    pub ellipsis: String,
    /// Snippet length in words (at most 64).
    pub snippet_words: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 20,
            offset: 0,
            kind: None,
            open: "[".to_owned(),
            close: "]".to_owned(),
            ellipsis: "…".to_owned(),
            snippet_words: 24,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub id: DocumentId,
    pub uri: String,
    pub title: Option<String>,
    pub published: Option<Published>,
    /// Relevance (BM25, title weighted above caption above text): higher is better.
    pub score: f64,
    /// A passage around the matches, matched words between the open and close markers.
    pub snippet: String,
}

/// Counts of what a store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Stats {
    pub documents: u64,
    pub articles: u64,
    pub not_articles: u64,
    pub places: u64,
    pub entities: u64,
    /// Event reports: one per article's event frame.
    pub events: u64,
    /// Merged events: one per happening.
    pub merged_events: u64,
}
