//! Many workers over PostgreSQL: documents enqueued once, three `vigil worker` processes, one of
//! them killed with SIGKILL mid-way; every document is processed exactly once and the database
//! reads back the same as one `vigil ingest` into SQLite. Needs `VIGIL_TEST_POSTGRES` (see
//! `crates/vigil-store/tests/postgres.rs`): under CI its absence fails the test, elsewhere it is
//! skipped with a printed reason.

mod common;
#[path = "../../vigil-store/tests/pg_server/mod.rs"]
mod pg_server;

use common::{snapshot, vigil, write_corpus, PAGES};
use pg_server::{create_database, drop_database, server};
use std::path::Path;
use std::process::{Child, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Happenings each reported by several articles, so that workers merge concurrently.
const HAPPENINGS: usize = 8;
const REPORTS: usize = 3;

/// Several reports of each of a few happenings, in other words and with other counts.
fn write_reports(dir: &Path) {
    let towns = ["Kabul", "Mogadishu", "Maiduguri", "Baghdad"];
    for h in 0..HAPPENINGS {
        let town = towns[h % towns.len()];
        let day = 10 + h;
        for r in 0..REPORTS {
            let killed = 5 + r;
            let html = format!(
                "<!doctype html><html><head><title>Blast in {town} ({r})</title>\
                 <meta property=\"article:published_time\" content=\"2024-03-{:02}T09:00:00Z\">\
                 </head><body><article><h1>Blast in {town}, source {r}</h1>\
                 <p>A car bomb killed {killed} people at a market in {town} on 2024-03-{day:02}, \
                 officials said.</p><p>Outlet {r} spoke to witnesses in {town}.</p>\
                 </article></body></html>",
                day + 1
            );
            std::fs::write(dir.join(format!("report-{h}-{r}.html")), html).expect("write page");
        }
    }
}

fn status(db: &str) -> serde_json::Value {
    let out = vigil()
        .args(["status", "--json", "--db", db])
        .output()
        .expect("run vigil status");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("status JSON")
}

fn worker(db: &str, name: &str) -> Child {
    vigil()
        .args([
            "worker",
            "-j",
            "1",
            "--until-empty",
            "--poll-ms",
            "100",
            "--name",
            name,
        ])
        .args(["--db", db])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start vigil worker")
}

#[test]
fn three_workers_one_killed_process_every_document_once_and_equal_one_process() {
    let Some(admin) = server() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("pages");
    std::fs::create_dir(&corpus).expect("mkdir");
    write_corpus(&corpus);
    write_reports(&corpus);
    let total = PAGES + HAPPENINGS * REPORTS;

    // One process into SQLite: what every run must read back.
    let single = dir.path().join("single.db");
    let ok = vigil()
        .args(["ingest", "-j", "2", "--db"])
        .arg(&single)
        .arg(&corpus)
        .output()
        .expect("single-process ingest");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let expected = snapshot(&single);
    assert_eq!(expected.0.len(), total);

    let name = format!("vigil_workers_{}", std::process::id());
    let db = create_database(&admin, &name);
    let out = vigil()
        .args(["ingest", "--enqueue", "--db", &db])
        .arg(&corpus)
        .output()
        .expect("enqueue");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(status(&db)["queue"]["pending"], total);

    let mut workers: Vec<Child> = (0..3).map(|w| worker(&db, &format!("w{w}"))).collect();
    // Kill the first worker once a sixth of the queue is done (or give up waiting).
    let started = Instant::now();
    let mut done_at_kill = None;
    while started.elapsed() < Duration::from_secs(180) {
        let done = status(&db)["queue"]["done"].as_u64().unwrap_or(0);
        if done as usize >= total / 6 {
            workers[0].kill().expect("SIGKILL worker");
            workers[0].wait().expect("reap");
            done_at_kill = Some(done);
            break;
        }
        sleep(Duration::from_millis(20));
    }
    eprintln!("worker w0 killed with {done_at_kill:?} documents done");
    for w in workers.iter_mut().skip(1) {
        let code = w.wait().expect("worker exit");
        assert!(code.success(), "a surviving worker failed");
    }

    let after = status(&db);
    assert_eq!(after["queue"]["pending"], 0, "{after}");
    assert_eq!(after["queue"]["failed"], 0, "{after}");
    assert_eq!(after["queue"]["done"], total, "{after}");
    let per_worker: u64 = after["queue"]["workers"]
        .as_array()
        .expect("workers")
        .iter()
        .map(|w| w["done"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(
        per_worker as usize, total,
        "each document done by exactly one worker"
    );
    assert_eq!(after["stored"]["documents"], total);

    let got = snapshot(Path::new(&db));
    assert_eq!(got.0, expected.0, "articles differ from one process's");
    assert_eq!(got.1, expected.1, "events differ from one process's");
    let merged = after["stored"]["merged_events"].as_u64().unwrap_or(0);
    let reports = after["stored"]["events"].as_u64().unwrap_or(0);
    assert!(
        merged < reports,
        "the repeated reports merged ({merged} of {reports})"
    );
}

#[test]
fn a_watched_folder_with_postgres_enqueues_for_the_workers() {
    let Some(admin) = server() else { return };
    let name = format!("vigil_watch_{}", std::process::id());
    let db = create_database(&admin, &name);
    let dir = tempfile::tempdir().expect("temp dir");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).expect("mkdir");
    write_reports(&inbox);
    let mut watcher = vigil()
        .args(["watch", "--settle-ms", "200", "--db", &db])
        .arg(&inbox)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start vigil watch");
    let dropped = "<html><head><title>Dropped later</title></head><body><article>\
                   <p>Gunmen attacked a police post in Garissa on Monday, police said.</p>\
                   </article></body></html>";
    std::fs::write(inbox.join("later.html.part"), dropped).expect("write");
    std::fs::rename(inbox.join("later.html.part"), inbox.join("later.html")).expect("rename");
    let want = HAPPENINGS * REPORTS + 1;
    let started = Instant::now();
    let mut queued = 0;
    while started.elapsed() < Duration::from_secs(60) {
        queued = status(&db)["queue"]["pending"].as_u64().unwrap_or(0) as usize;
        if queued >= want {
            break;
        }
        sleep(Duration::from_millis(100));
    }
    watcher.kill().expect("stop vigil watch");
    watcher.wait().expect("reap");
    assert_eq!(
        queued, want,
        "every file queued once, none processed by watch"
    );
    let after = status(&db);
    assert_eq!(after["stored"]["documents"], 0, "{after}");
    drop_database(&admin, &name);
}
