//! The SQLite schema as ordered migrations. `PRAGMA user_version` holds how many have been applied;
//! never edit a shipped migration, append a new one.

/// `PRAGMA application_id` of a vigil database ("VGIL"), so another application's file is refused.
pub(crate) const APPLICATION_ID: i64 = 0x5647_494C;

/// Migration `i` brings the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, super::review::V3, super::review::V4, V5];

/// The first schema version with merged events: opening an older database merges its stored
/// events once, after the migrations (see `SqliteStore::migrate`).
pub(crate) const MERGED_EVENTS_SINCE: i64 = 2;

/// Schema version 1: documents with their whole record as JSON plus queryable columns, child
/// tables for places, entities and events, and an FTS5 index kept in sync by triggers.
const V1: &str = r#"
CREATE TABLE documents (
    -- An integer key that VACUUM cannot renumber: the FTS index refers to it.
    seq                 INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    uri                 TEXT NOT NULL,
    url                 TEXT,
    kind                TEXT NOT NULL CHECK (kind IN ('article', 'not_article')),
    not_article_reason  TEXT,
    title               TEXT,
    published           TEXT,
    published_precision TEXT,
    published_source    TEXT,
    byline              TEXT,
    language            TEXT,
    caption             TEXT,
    text                TEXT NOT NULL,
    ingested_at         TEXT NOT NULL,
    -- The record as JSON less `text` (and less `paragraphs` when they are `text` split at
    -- blank lines): the text is kept once, above. See packed.rs.
    record_json         TEXT NOT NULL,
    -- Digest of record_json and text: an identical put is recognised without reading either.
    record_digest       TEXT NOT NULL,
    CHECK ((kind = 'not_article') = (not_article_reason IS NOT NULL)),
    CHECK ((published IS NULL) = (published_precision IS NULL))
);
CREATE INDEX documents_published ON documents (published DESC, ingested_at DESC);
CREATE INDEX documents_kind ON documents (kind);

CREATE TABLE places (
    document_id    TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,
    name           TEXT NOT NULL,
    span_start     INTEGER NOT NULL,
    span_end       INTEGER NOT NULL,
    gazetteer_id   TEXT,
    canonical_name TEXT,
    lat            REAL CHECK (lat BETWEEN -90 AND 90),
    lon            REAL CHECK (lon BETWEEN -180 AND 180),
    feature        TEXT,
    country_code   TEXT,
    admin1         TEXT,
    precision      TEXT,
    confidence     REAL,
    PRIMARY KEY (document_id, idx),
    CHECK (span_start <= span_end)
);
CREATE INDEX places_gazetteer ON places (gazetteer_id);
CREATE INDEX places_country ON places (country_code);

CREATE TABLE entities (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    entity_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    country     TEXT,
    mentions    INTEGER NOT NULL,
    confidence  REAL,
    PRIMARY KEY (document_id, idx)
);
CREATE INDEX entities_entity ON entities (entity_id);

CREATE TABLE events (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    sub_kind    TEXT NOT NULL,
    trigger     TEXT NOT NULL,
    date_start  TEXT,
    date_end    TEXT,
    date_precision TEXT,
    place_idx   INTEGER,
    place_name  TEXT,
    lat         REAL CHECK (lat BETWEEN -90 AND 90),
    lon         REAL CHECK (lon BETWEEN -180 AND 180),
    country_code TEXT,
    killed_min  INTEGER,
    killed_max  INTEGER,
    wounded_min INTEGER,
    wounded_max INTEGER,
    status      TEXT NOT NULL,
    hedged      INTEGER NOT NULL,
    confidence  REAL,
    json        TEXT NOT NULL,
    PRIMARY KEY (document_id, idx),
    CHECK (date_start IS NULL OR date_end IS NULL OR date_start <= date_end),
    CHECK (killed_max IS NULL OR killed_min <= killed_max),
    CHECK (wounded_max IS NULL OR wounded_min <= wounded_max)
);
CREATE INDEX events_kind ON events (kind, sub_kind);
CREATE INDEX events_date ON events (date_start);

-- External-content FTS5: the text is stored once, in documents. porter stems English words so
-- "attacked" finds "attacks"; remove_diacritics 2 lets "Zurich" find "Zürich".
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, caption, text,
    content = 'documents', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, caption, text)
    VALUES (new.seq, new.title, new.caption, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, caption, text)
    VALUES ('delete', old.seq, old.title, old.caption, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, caption, text)
    VALUES ('delete', old.seq, old.title, old.caption, old.text);
    INSERT INTO documents_fts (rowid, title, caption, text)
    VALUES (new.seq, new.title, new.caption, new.text);
END;
"#;

/// Schema version 2: one event across articles. Each event frame (a row of `events`, one
/// article's report) belongs to one merged event; `merged_events` holds each merged event whole
/// (its JSON is the read model) with the columns listings filter on; `event_aliases` keeps the
/// history of ids that were merged away. Documents keep the caller's own id.
const V2: &str = r#"
ALTER TABLE documents ADD COLUMN source_id TEXT;
CREATE INDEX documents_source_id ON documents (source_id) WHERE source_id IS NOT NULL;

-- The id of the event this frame would lead (ev-…): any merged event's id is its smallest
-- member's, so a merged-away id is found here as long as that member is stored.
ALTER TABLE events ADD COLUMN own_event_id TEXT;
-- The merged event this frame belongs to (NULL only inside a put, before merging).
ALTER TABLE events ADD COLUMN event_id TEXT;
CREATE INDEX events_own_event ON events (own_event_id);
CREATE INDEX events_event ON events (event_id);
-- Candidate frames for merging are fetched by block: country, kind, dates.
CREATE INDEX events_block ON events (country_code, kind, date_start);

CREATE TABLE merged_events (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    sub_kind     TEXT NOT NULL,
    status       TEXT NOT NULL,
    date_start   TEXT,
    date_end     TEXT,
    country_code TEXT,
    -- The most killed any source reports (the top of the merged range, else its bottom).
    killed_most  INTEGER,
    sources      INTEGER NOT NULL,
    json         TEXT NOT NULL,
    CHECK (date_start IS NULL OR date_end IS NULL OR date_start <= date_end)
);
CREATE INDEX merged_events_date ON merged_events (date_start);
CREATE INDEX merged_events_country ON merged_events (country_code);

CREATE TABLE merged_event_actors (
    event_id TEXT NOT NULL REFERENCES merged_events (id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL,
    -- Lower-cased canonical name, for filtering by name.
    name     TEXT NOT NULL,
    PRIMARY KEY (event_id, actor_id)
);
CREATE INDEX merged_event_actors_actor ON merged_event_actors (actor_id);
CREATE INDEX merged_event_actors_name ON merged_event_actors (name);

-- Every time a merged event's id went away, the event that took its place. Analyst corrections
-- made against an old id find their event through here.
CREATE TABLE event_aliases (
    alias       TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (alias, event_id)
);
"#;

/// Schema version 5: each merged event's point (longitude, latitude), for bounding-box filters;
/// events stored before are filled in from their JSON. And the listing order of `vigil events`
/// as an index, so a page of it is read off the index instead of sorting every event (at
/// 137,000 events: 10–30 ms instead of 0.6–1.2 s).
const V5: &str = r#"
CREATE INDEX merged_events_listing ON merged_events ((date_start IS NULL), date_start DESC, id);
ALTER TABLE merged_events ADD COLUMN lon REAL;
ALTER TABLE merged_events ADD COLUMN lat REAL;
UPDATE merged_events SET lon = json_extract(json, '$.where.place.lon'),
                         lat = json_extract(json, '$.where.place.lat');
"#;
