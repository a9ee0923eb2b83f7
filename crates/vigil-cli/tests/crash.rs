//! Crash safety of the embedded store: `vigil ingest` killed with SIGKILL part-way and run
//! again ends with the same database as one uninterrupted run — nothing lost, nothing doubled.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const PAGES: usize = 120;

fn vigil() -> Command {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigil"));
    // Run from the repository root so the gazetteer in data/ is found when it is built.
    cmd.current_dir(root).stdin(Stdio::null());
    cmd
}

/// A corpus of short pages written for this test: attacks in many towns on many days.
fn write_corpus(dir: &Path) {
    let towns = [
        "Kabul",
        "Mogadishu",
        "Garissa",
        "Maiduguri",
        "Kandahar",
        "Baghdad",
        "Mosul",
        "Peshawar",
        "Quetta",
        "Gao",
    ];
    let verbs = [
        "Gunmen killed {n} people in {t} on Tuesday, police said.",
        "A roadside bomb killed {n} soldiers near {t} on Monday, officials said.",
        "A suicide bomber killed {n} worshippers at a mosque in {t} on Friday.",
        "Militants abducted {n} aid workers outside {t} on Sunday.",
    ];
    for i in 0..PAGES {
        let town = towns[i % towns.len()];
        let sentence = verbs[(i / towns.len()) % verbs.len()]
            .replace("{n}", &(3 + i % 17).to_string())
            .replace("{t}", town);
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let html = format!(
            "<!doctype html><html><head><title>Attack in {town}, report {i}</title>\
             <meta property=\"article:published_time\" content=\"2023-{month:02}-{day:02}T08:00:00Z\">\
             </head><body><nav>Home | World | Africa | Asia</nav><article><h1>Attack in {town}, report {i}</h1>\
             <p>{sentence}</p><p>Witnesses described scenes of panic in the streets of {town} as \
             ambulances arrived. Report number {i} was filed by our correspondent.</p>\
             <p>No group has claimed responsibility, and the authorities promised an inquiry.</p>\
             </article><footer>(c) 2023 Example News</footer></body></html>"
        );
        std::fs::write(dir.join(format!("page-{i:03}.html")), html).expect("write page");
    }
}

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

/// Everything a user can read back, minus the time of ingest (which differs between runs).
fn snapshot(db: &Path) -> (Vec<serde_json::Value>, String) {
    let out = vigil()
        .args(["articles", "--json", "--limit", "100000", "--db"])
        .arg(db)
        .output()
        .expect("run vigil articles");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut articles: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).expect("json line");
            if let Some(o) = v.as_object_mut() {
                o.remove("ingested_at");
            }
            v
        })
        .collect();
    articles.sort_by_key(|a| a["id"].as_str().unwrap_or_default().to_owned());
    let events = vigil()
        .args(["events", "--json", "--limit", "100000", "--db"])
        .arg(db)
        .output()
        .expect("run vigil events");
    assert!(
        events.status.success(),
        "{}",
        String::from_utf8_lossy(&events.stderr)
    );
    (
        articles,
        String::from_utf8_lossy(&events.stdout).into_owned(),
    )
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
