//! The PostgreSQL schema as ordered migrations. `vigil_schema` holds the application name and how
//! many migrations have been applied; never edit a shipped migration, append a new one.
//!
//! The same tables as SQLite's, in PostgreSQL's own types: event days are `date`, points are
//! PostGIS `geometry(Point, 4326)` generated from lat/lon with GiST indexes, and the search index
//! is a generated `tsvector` (title weight A, caption B, text D) over the `vigil` text search
//! configuration: English stemming with accents folded by `unaccent`. Ids and texts compared by
//! range or sorted use the "C" collation, so they order by code point as in SQLite.

/// The application name `vigil_schema` holds, so another application's database is refused.
pub(crate) const APPLICATION: &str = "vigil";

/// Migration `i` brings the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[V1, super::review::V2];

/// Schema version 1: documents, their child rows, merged events, aliases, and the work queue.
const V1: &str = r#"
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION vigil (COPY = english);
ALTER TEXT SEARCH CONFIGURATION vigil
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

CREATE TABLE documents (
    id                  text COLLATE "C" PRIMARY KEY,
    uri                 text NOT NULL,
    url                 text,
    kind                text NOT NULL CHECK (kind IN ('article', 'not_article')),
    not_article_reason  text,
    title               text,
    published           text COLLATE "C",
    published_precision text,
    published_source    text,
    byline              text,
    language            text,
    caption             text,
    text                text NOT NULL,
    ingested_at         text COLLATE "C" NOT NULL,
    -- The record as JSON less `text` (see packed.rs), and a digest of both.
    record_json         text NOT NULL,
    record_digest       text NOT NULL,
    source_id           text,
    search              tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('vigil', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('vigil', coalesce(caption, '')), 'B') ||
        setweight(to_tsvector('vigil', text), 'D')) STORED,
    CHECK ((kind = 'not_article') = (not_article_reason IS NOT NULL)),
    CHECK ((published IS NULL) = (published_precision IS NULL))
);
-- The listing order of `vigil articles`, so a page of it is read off the index.
CREATE INDEX documents_listing ON documents ((published IS NULL), published DESC, ingested_at DESC, id);
CREATE INDEX documents_kind ON documents (kind);
CREATE INDEX documents_search ON documents USING gin (search);
CREATE INDEX documents_source_id ON documents (source_id) WHERE source_id IS NOT NULL;

CREATE TABLE places (
    document_id    text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx            bigint NOT NULL,
    name           text NOT NULL,
    span_start     bigint NOT NULL,
    span_end       bigint NOT NULL,
    gazetteer_id   text,
    canonical_name text,
    lat            double precision CHECK (lat BETWEEN -90 AND 90),
    lon            double precision CHECK (lon BETWEEN -180 AND 180),
    geom           geometry(Point, 4326) GENERATED ALWAYS AS (
        CASE WHEN lat IS NULL OR lon IS NULL THEN NULL
             ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED,
    feature        text,
    country_code   text,
    admin1         text,
    precision      text,
    confidence     double precision,
    PRIMARY KEY (document_id, idx),
    CHECK (span_start <= span_end)
);
CREATE INDEX places_gazetteer ON places (gazetteer_id);
CREATE INDEX places_country ON places (country_code);
CREATE INDEX places_geom ON places USING gist (geom);

CREATE TABLE entities (
    document_id text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx         bigint NOT NULL,
    entity_id   text NOT NULL,
    kind        text NOT NULL,
    name        text NOT NULL,
    country     text,
    mentions    bigint NOT NULL,
    confidence  double precision,
    PRIMARY KEY (document_id, idx)
);
CREATE INDEX entities_entity ON entities (entity_id);

CREATE TABLE events (
    document_id    text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx            bigint NOT NULL,
    kind           text NOT NULL,
    sub_kind       text NOT NULL,
    trigger        text NOT NULL,
    date_start     date,
    date_end       date,
    date_precision text,
    place_idx      bigint,
    place_name     text,
    lat            double precision CHECK (lat BETWEEN -90 AND 90),
    lon            double precision CHECK (lon BETWEEN -180 AND 180),
    geom           geometry(Point, 4326) GENERATED ALWAYS AS (
        CASE WHEN lat IS NULL OR lon IS NULL THEN NULL
             ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED,
    country_code   text,
    killed_min     bigint,
    killed_max     bigint,
    wounded_min    bigint,
    wounded_max    bigint,
    status         text NOT NULL,
    hedged         boolean NOT NULL,
    confidence     double precision,
    json           text NOT NULL,
    -- The id of the event this frame would lead; and the merged event it belongs to.
    own_event_id   text COLLATE "C",
    event_id       text COLLATE "C",
    PRIMARY KEY (document_id, idx),
    CHECK (date_start IS NULL OR date_end IS NULL OR date_start <= date_end),
    CHECK (killed_max IS NULL OR killed_min <= killed_max),
    CHECK (wounded_max IS NULL OR wounded_min <= wounded_max)
);
CREATE INDEX events_kind ON events (kind, sub_kind);
CREATE INDEX events_date ON events (date_start);
CREATE INDEX events_own_event ON events (own_event_id);
CREATE INDEX events_event ON events (event_id);
CREATE INDEX events_block ON events (country_code, kind, date_start);
CREATE INDEX events_geom ON events USING gist (geom);

CREATE TABLE merged_events (
    id           text COLLATE "C" PRIMARY KEY,
    kind         text NOT NULL,
    sub_kind     text NOT NULL,
    status       text NOT NULL,
    date_start   date,
    date_end     date,
    country_code text,
    lat          double precision,
    lon          double precision,
    geom         geometry(Point, 4326) GENERATED ALWAYS AS (
        CASE WHEN lat IS NULL OR lon IS NULL THEN NULL
             ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED,
    killed_most  bigint,
    sources      bigint NOT NULL,
    json         text NOT NULL,
    CHECK (date_start IS NULL OR date_end IS NULL OR date_start <= date_end)
);
CREATE INDEX merged_events_date ON merged_events (date_start);
-- The listing order of `vigil events`, so a page of it is read off the index.
CREATE INDEX merged_events_listing ON merged_events ((date_start IS NULL), date_start DESC, id);
CREATE INDEX merged_events_country ON merged_events (country_code);
CREATE INDEX merged_events_geom ON merged_events USING gist (geom);

CREATE TABLE merged_event_actors (
    event_id text COLLATE "C" NOT NULL REFERENCES merged_events (id) ON DELETE CASCADE,
    actor_id text NOT NULL,
    name     text NOT NULL,
    PRIMARY KEY (event_id, actor_id)
);
CREATE INDEX merged_event_actors_actor ON merged_event_actors (actor_id);
CREATE INDEX merged_event_actors_name ON merged_event_actors (name);

CREATE TABLE event_aliases (
    alias       text COLLATE "C" NOT NULL,
    event_id    text COLLATE "C" NOT NULL,
    recorded_at text COLLATE "C" NOT NULL,
    PRIMARY KEY (alias, event_id)
);

-- The work queue: raw documents waiting for a worker. A worker claims a row with
-- SELECT … FOR UPDATE SKIP LOCKED and, in the same transaction, stores the record, merges it and
-- marks the row done; a worker that dies rolls back and the row is pending again.
CREATE TABLE queue (
    seq         bigserial,
    id          text COLLATE "C" PRIMARY KEY,
    uri         text NOT NULL,
    document    text NOT NULL,
    state       text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    enqueued_at timestamptz NOT NULL DEFAULT now(),
    worker      text,
    outcome     text,
    error       text,
    done_at     timestamptz
);
CREATE INDEX queue_pending ON queue (seq) WHERE state = 'pending';
CREATE INDEX queue_done ON queue (done_at) WHERE state <> 'pending';
"#;
