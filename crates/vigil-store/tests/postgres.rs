//! The shared store suite (`suite/`) against PostgreSQL, plus what only PostgreSQL has: its
//! schema table, the work queue. Needs a server: `VIGIL_TEST_POSTGRES` is the URL of a database
//! whose user may create databases (`scripts/postgres-test-server` starts one, `scripts/test` sets
//! it). Each test gets a database of its own, made from `vigil_template` when the server has one
//! (PostGIS already installed there), and dropped afterwards. Without the variable the tests
//! fail under CI (`CI=true`) and are skipped, with a printed reason, elsewhere.

mod pg_server;
mod suite;

use pg_server::{create_database, drop_database, server};
use postgres::{Client, NoTls};
use std::sync::atomic::{AtomicUsize, Ordering};
use suite::{full_record, record, Backend};
use vigil_store::{PostgresStore, PutOutcome, Store, StoreError, Worked};

/// A database of its own on the test server, dropped with the value.
struct Postgres {
    admin_url: String,
    name: String,
    url: String,
    store: PostgresStore,
}

/// A fresh database named after this process and a counter: (name, URL).
fn database(admin_url: &str) -> (String, String) {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "vigil_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let url = create_database(admin_url, &name);
    (name, url)
}

fn postgres() -> Option<Postgres> {
    let admin_url = server()?;
    let (name, url) = database(&admin_url);
    let store = PostgresStore::open(&url).unwrap();
    Some(Postgres {
        admin_url,
        name,
        url,
        store,
    })
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Ok(mut admin) = Client::connect(&self.admin_url, NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

impl Backend for Postgres {
    fn store(&self) -> &dyn Store {
        &self.store
    }
    fn connect(&self) -> Box<dyn Store + Send> {
        Box::new(PostgresStore::open(&self.url).unwrap())
    }
    fn check_integrity(&self) {
        let mut client = Client::connect(&self.url, NoTls).unwrap();
        // Every frame belongs to a stored merged event, and every merged event has a frame.
        let orphans: i64 = client
            .query_one(
                "SELECT (SELECT count(*) FROM events e WHERE e.event_id IS NULL
                            OR NOT EXISTS (SELECT 1 FROM merged_events m WHERE m.id = e.event_id))
                      + (SELECT count(*) FROM merged_events m
                         WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = m.id))",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(orphans, 0, "frames and merged events out of step");
    }
    fn fresh(&self) -> Box<dyn Backend> {
        Box::new(postgres().expect("the server was there a moment ago"))
    }
}

store_suite!(postgres);

#[test]
fn a_new_database_gets_the_latest_schema_and_reopening_does_not_migrate_again() {
    let Some(db) = postgres() else { return };
    assert_eq!(
        db.store.schema_version().unwrap(),
        PostgresStore::latest_schema_version()
    );
    let _ = db.store.put(&full_record()).unwrap();
    let again = PostgresStore::open(&db.url).unwrap();
    assert_eq!(again.stats().unwrap().documents, 1);
}

#[test]
fn foreign_and_newer_databases_are_refused() {
    let Some(db) = postgres() else { return };
    let mut client = Client::connect(&db.url, NoTls).unwrap();
    client
        .batch_execute("UPDATE vigil_schema SET version = 99")
        .unwrap();
    let err = PostgresStore::open(&db.url).unwrap_err();
    assert!(
        matches!(err, StoreError::SchemaTooNew { found: 99, .. }),
        "{err}"
    );

    let Some(other) = postgres() else { return };
    let mut client = Client::connect(&other.url, NoTls).unwrap();
    client
        .batch_execute("DROP TABLE vigil_schema; CREATE TABLE invoices (n int)")
        .unwrap();
    let err = PostgresStore::open(&other.url).unwrap_err();
    assert!(matches!(err, StoreError::NotVigil { .. }), "{err}");
}

#[test]
fn an_unreachable_server_is_named_once_without_its_password() {
    let err = PostgresStore::open("postgres://vigil:s3cret@127.0.0.1:1/vigil").unwrap_err();
    let text = format!("{err}");
    assert!(matches!(err, StoreError::Open { .. }), "{text}");
    assert!(
        text.contains("127.0.0.1:1") && !text.contains("s3cret"),
        "{text}"
    );
}

#[test]
fn enqueued_documents_are_worked_once_each() {
    let Some(db) = postgres() else { return };
    let docs: Vec<vigil_core::Document> = (0..5)
        .map(|i| {
            let content = format!("<p>Report {i}: a quiet day in the capital.</p>");
            vigil_core::Document {
                id: vigil_core::DocumentId::of_bytes(content.as_bytes()),
                uri: format!("drop/{i}.html"),
                url: None,
                media_type: vigil_core::MediaType::Html,
                content,
                encoding: "UTF-8".to_owned(),
                published_hint: None,
                title_hint: None,
                source_id: None,
            }
        })
        .collect();
    for doc in &docs {
        assert_eq!(db.store.enqueue(doc).unwrap(), vigil_store::Enqueued::Added);
    }
    assert_eq!(
        db.store.enqueue(&docs[0]).unwrap(),
        vigil_store::Enqueued::AlreadyQueued
    );
    assert_eq!(db.store.pending().unwrap(), 5);
    // A stand-in for the pipeline: the document's text as a record; the third one fails.
    let process = |doc: &vigil_core::Document| {
        if doc.uri.ends_with("2.html") {
            return Err("no article here".to_owned());
        }
        let mut r = record(&doc.content, "Report", &[doc.content.as_str()], None);
        r.article.id = doc.id.clone();
        Ok(r)
    };
    let mut stored = 0;
    let mut failed = 0;
    loop {
        match db.store.work_one("test-worker", &process).unwrap() {
            Worked::Stored { outcome, .. } => {
                assert_eq!(outcome, PutOutcome::Inserted);
                stored += 1;
            }
            Worked::Failed { reason, .. } => {
                assert_eq!(reason, "no article here");
                failed += 1;
            }
            Worked::Idle => break,
        }
    }
    assert_eq!((stored, failed), (4, 1));
    // A worker connection holding a document in its transaction counts as in progress.
    let pending = record("pending", "Pending", &["Still to do."], None);
    let doc = vigil_core::Document {
        id: pending.article.id.clone(),
        uri: "drop/pending.html".to_owned(),
        content: "<p>Still to do.</p>".to_owned(),
        ..docs[0].clone()
    };
    assert_eq!(
        db.store.enqueue(&doc).unwrap(),
        vigil_store::Enqueued::Added
    );
    let worker = PostgresStore::open_worker(&db.url).unwrap();
    let seen = worker
        .work_one("holding", &|_| {
            let status = db.store.queue_status().map_err(|e| e.to_string())?;
            assert_eq!((status.pending, status.in_progress), (1, 1));
            Err("stop here".to_owned())
        })
        .unwrap();
    assert!(matches!(seen, Worked::Failed { .. }));
    let status = db.store.queue_status().unwrap();
    assert_eq!(status.in_progress, 0);
    assert_eq!((status.pending, status.done, status.failed), (0, 4, 2));
    assert_eq!(status.workers.len(), 2);
    let test_worker = status.workers.iter().find(|w| w.worker == "test-worker");
    assert_eq!(test_worker.map(|w| (w.done, w.failed)), Some((4, 1)));
    assert_eq!(db.store.stats().unwrap().documents, 4);
}

#[test]
fn concurrent_first_opens_of_a_new_database_migrate_once() {
    let Some(admin_url) = server() else { return };
    for _ in 0..3 {
        let (name, url) = database(&admin_url);
        let openers: Vec<_> = (0..4)
            .map(|_| {
                let url = url.clone();
                std::thread::spawn(move || PostgresStore::open(&url).map(|s| s.schema_version()))
            })
            .collect();
        for opener in openers {
            let version = opener.join().expect("opener thread").unwrap().unwrap();
            assert_eq!(version, PostgresStore::latest_schema_version());
        }
        drop_database(&admin_url, &name);
    }
}
