//! The store's behaviour on real SQLite files: the shared suite (`suite/`, also run against
//! PostgreSQL) plus what only SQLite has: schema pragmas, file handling, FTS5, killed writers.

mod suite;

use suite::{full_record, place, record, Backend};
use vigil_core::{DocumentId, Record};
use vigil_store::{ArticleFilter, PutOutcome, SqliteStore, Store, StoreError};

/// A fresh SQLite file in a temporary folder.
struct Sqlite {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: SqliteStore,
}

fn sqlite() -> Option<Sqlite> {
    Some(fresh_sqlite())
}

fn fresh_sqlite() -> Sqlite {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vigil.db");
    let store = SqliteStore::open(&path).unwrap();
    Sqlite {
        _dir: dir,
        path,
        store,
    }
}

impl Backend for Sqlite {
    fn store(&self) -> &dyn Store {
        &self.store
    }
    fn connect(&self) -> Box<dyn Store + Send> {
        Box::new(SqliteStore::open(&self.path).unwrap())
    }
    fn check_integrity(&self) {
        self.store.check_integrity().unwrap();
    }
    fn fresh(&self) -> Box<dyn Backend> {
        Box::new(fresh_sqlite())
    }
}

store_suite!(sqlite);

fn temp_store() -> (tempfile::TempDir, std::path::PathBuf, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vigil.db");
    let store = SqliteStore::open(&path).unwrap();
    (dir, path, store)
}

fn count(path: &std::path::Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn fts5_is_compiled_in() {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let on: bool = conn
        .query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(on);
}

#[test]
fn new_file_gets_the_latest_schema_in_wal_mode() {
    let (_dir, path, store) = temp_store();
    assert_eq!(
        store.schema_version().unwrap(),
        SqliteStore::latest_schema_version()
    );
    assert!(SqliteStore::latest_schema_version() >= 1);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    for table in ["documents", "places", "entities", "events", "documents_fts"] {
        let n = count(
            &path,
            &format!("SELECT count(*) FROM sqlite_master WHERE name = '{table}'"),
        );
        assert_eq!(n, 1, "{table} missing");
    }
    store.check_integrity().unwrap();
    assert_eq!(store.stats().unwrap(), vigil_store::Stats::default());
}

#[test]
fn reopening_keeps_data_and_does_not_migrate_again() {
    let (_dir, path, store) = temp_store();
    let r = full_record();
    assert_eq!(store.put(&r).unwrap(), PutOutcome::Inserted);
    drop(store);
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.get(r.article.id.as_str()).unwrap(), Some(r.clone()));
    assert_eq!(store.put(&r).unwrap(), PutOutcome::Unchanged);
    assert_eq!(store.stats().unwrap().documents, 1);
}

#[test]
fn newer_schema_is_refused_with_a_clear_error() {
    let (_dir, path, store) = temp_store();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::SchemaTooNew { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer"), "{err}");
}

#[test]
fn foreign_databases_and_non_databases_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE accounts (id INTEGER)")
        .unwrap();
    drop(conn);
    let err = SqliteStore::open(&other).unwrap_err();
    assert!(matches!(err, StoreError::NotVigil { .. }), "{err}");

    let junk = dir.path().join("junk.db");
    std::fs::write(
        &junk,
        b"this is not a database file at all, not even close....",
    )
    .unwrap();
    let err = SqliteStore::open(&junk).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err}");
    assert!(err.to_string().contains("junk.db"), "{err}");
}

#[test]
fn put_is_idempotent_and_fills_child_tables() {
    let (_dir, path, store) = temp_store();
    let r = full_record();
    assert_eq!(store.put(&r).unwrap(), PutOutcome::Inserted);
    for _ in 0..3 {
        assert_eq!(store.put(&r).unwrap(), PutOutcome::Unchanged);
    }
    let stats = store.stats().unwrap();
    assert_eq!(
        (
            stats.documents,
            stats.articles,
            stats.places,
            stats.entities,
            stats.events
        ),
        (1, 1, 1, 1, 1)
    );
    assert_eq!(count(&path, "SELECT count(*) FROM documents_fts"), 1);
    assert_eq!(store.search("hotel", 10).unwrap().len(), 1);
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM events WHERE sub_kind = 'attack' AND killed_min = 3 \
             AND date_start = '2022-12-12' AND abs(lat - 34.5281) < 1e-9 AND country_code = 'AF'"
        ),
        1
    );
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM places WHERE name = 'Kabul' AND span_start = 26 \
             AND precision = 'city'"
        ),
        1
    );
    assert!(store.contains(&r.article.id).unwrap());
    assert!(!store.contains(&DocumentId("0".repeat(32))).unwrap());
}

#[test]
fn concurrent_first_open_of_a_new_file_migrates_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.db");
    let openers: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || SqliteStore::open(&path).map(|s| s.schema_version()))
        })
        .collect();
    for o in openers {
        let version = o.join().expect("opener thread").unwrap().unwrap();
        assert_eq!(version, SqliteStore::latest_schema_version());
    }
}

#[test]
fn in_memory_store_works_for_tests() {
    let store = SqliteStore::open_in_memory().unwrap();
    let r = full_record();
    assert_eq!(store.put(&r).unwrap(), PutOutcome::Inserted);
    assert_eq!(store.search("kabul", 3).unwrap().len(), 1);
}

#[test]
fn the_trait_is_object_safe_and_the_store_can_move_between_threads() {
    fn takes_dyn(store: &dyn Store) -> usize {
        store.search("kabul", 1).map(|h| h.len()).unwrap_or(0)
    }
    fn is_send<T: Send>(_: &T) {}
    let store = SqliteStore::open_in_memory().unwrap();
    is_send(&store);
    let _ = store.put(&full_record()).unwrap();
    let boxed: Box<dyn Store> = Box::new(store);
    assert_eq!(takes_dyn(boxed.as_ref()), 1);
}

#[test]
fn an_empty_existing_file_becomes_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        SqliteStore::latest_schema_version()
    );
}

#[test]
fn integrity_check_notices_a_search_index_out_of_step() {
    let (_dir, path, store) = temp_store();
    let _ = store.put(&full_record()).unwrap();
    store.check_integrity().unwrap();
    // Someone edits the text behind the triggers' back.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER documents_fts_update; UPDATE documents SET text = 'something else entirely';",
    )
    .unwrap();
    assert!(store.check_integrity().is_err());
}

/// Set by [`a_killed_writer_leaves_only_whole_documents`] for the child process it kills.
const CRASH_CHILD_DB: &str = "VIGIL_STORE_CRASH_CHILD_DB";

/// Records whose place count is written in their title, so a reader can tell a whole one.
fn crash_record(i: usize) -> Record {
    let places = i % 5 + 1;
    let mut r = record(
        &format!("crash-{i}"),
        &format!("Item {i} has {places} places"),
        &["Kabul Kabul Kabul Kabul Kabul Kabul Kabul Kabul Kabul Kabul"],
        Some("2022-12-14"),
    );
    r.places = (0..places)
        .map(|p| place("Kabul", p * 6, 34.5, 69.2))
        .collect();
    r
}

/// Not a test on its own: the writer process that the crash test kills. Without the variable
/// it returns at once.
#[test]
fn crash_child_writer() {
    let Some(path) = std::env::var_os(CRASH_CHILD_DB) else {
        return;
    };
    let store = SqliteStore::open(path).unwrap();
    for i in 0.. {
        let _ = store.put(&crash_record(i)).unwrap();
    }
}

#[test]
fn a_killed_writer_leaves_only_whole_documents() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let (_dir, path, store) = temp_store();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash_child_writer", "--nocapture"])
        .env(CRASH_CHILD_DB, &path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Generous: the machine may be busy; this waits for progress, it does not time anything.
    let deadline = Instant::now() + Duration::from_secs(300);
    let written = loop {
        let n = store.stats().unwrap().documents;
        if n >= 40 {
            break n;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("writer exited early: {status}");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("writer made no progress ({n} documents)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no rollback, mid-write
    let _ = child.wait();
    drop(store);

    let store = SqliteStore::open(&path).unwrap();
    store.check_integrity().unwrap();
    let all = ArticleFilter {
        limit: usize::MAX,
        ..ArticleFilter::default()
    };
    let listed = store.articles(&all).unwrap();
    assert!(listed.len() as u64 >= written);
    for summary in &listed {
        let title = summary.title.clone().unwrap_or_default();
        let expected: usize = title
            .split(' ')
            .nth(3)
            .and_then(|n| n.parse().ok())
            .unwrap_or(usize::MAX);
        assert_eq!(summary.places, expected, "{title}");
        let r = store.get(summary.id.as_str()).unwrap().unwrap();
        assert_eq!(r.places.len(), expected, "{title}");
    }
    let stats = store.stats().unwrap();
    assert_eq!(
        store.search("kabul", usize::MAX).unwrap().len() as u64,
        stats.documents
    );
}
