//! Crash safety of the embedded store: `vigil ingest` killed with SIGKILL part-way and run
//! again ends with the same database as one uninterrupted run — nothing lost, nothing doubled.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

mod common;

use common::{snapshot, vigil, write_corpus, PAGES};

fn stored_articles(db: &Path) -> usize {
    if !db.exists() {
        return 0;
    }
    let out = vigil()
        .args(["articles", "--json", "--limit", "100000", "--db"])
        .arg(db)
        .output()
        .expect("run vigil articles");
    String::from_utf8_lossy(&out.stdout).lines().count()
}

fn ingest(db: &Path, corpus: &Path) -> Child {
    vigil()
        .args(["ingest", "-j", "2", "--db"])
        .arg(db)
        .arg(corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start vigil ingest")
}

/// Kills `child` with SIGKILL once at least `at_least` documents are committed (or it ends).
fn kill_after(child: &mut Child, db: &Path, at_least: usize) -> Option<usize> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if child.try_wait().expect("poll child").is_some() {
            return None;
        }
        let stored = stored_articles(db);
        if stored >= at_least {
            child.kill().expect("SIGKILL vigil ingest");
            child.wait().expect("reap");
            return Some(stored);
        }
        sleep(Duration::from_millis(20));
    }
    child.kill().ok();
    child.wait().ok();
    None
}

#[test]
fn ingest_killed_mid_way_resumes_to_the_same_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus: PathBuf = dir.path().join("pages");
    std::fs::create_dir(&corpus).expect("mkdir");
    write_corpus(&corpus);

    let whole = dir.path().join("whole.db");
    let status = ingest(&whole, &corpus).wait().expect("uninterrupted run");
    assert!(status.success());
    let expected = snapshot(&whole);
    assert_eq!(expected.0.len(), PAGES);

    // Several kills at different depths, each followed by a resume; then one run to the end.
    let crashed = dir.path().join("crashed.db");
    let mut kills = Vec::new();
    for at_least in [1, PAGES / 3, (2 * PAGES) / 3] {
        let mut child = ingest(&crashed, &corpus);
        kills.push(kill_after(&mut child, &crashed, at_least));
    }
    eprintln!("killed with documents committed: {kills:?}");
    let status = ingest(&crashed, &corpus).wait().expect("resumed run");
    assert!(status.success());
    let got = snapshot(&crashed);
    assert_eq!(
        got.0, expected.0,
        "articles differ after kills at {kills:?}"
    );
    assert_eq!(got.1, expected.1, "events differ after kills at {kills:?}");

    // Ingesting again changes nothing.
    let status = ingest(&crashed, &corpus).wait().expect("re-run");
    assert!(status.success());
    assert_eq!(snapshot(&crashed), expected);
}
