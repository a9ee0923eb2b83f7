//! What the end-to-end tests share: the binary, a corpus written for them, and a snapshot of
//! everything a user can read back from a database.

#![allow(dead_code)] // each test binary uses the part it needs

use std::path::Path;
use std::process::{Command, Stdio};

pub const PAGES: usize = 120;

pub fn vigil() -> Command {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigil"));
    // Run from the repository root so the gazetteer in data/ is found when it is built.
    cmd.current_dir(root).stdin(Stdio::null());
    cmd
}

/// A corpus of short pages written for this test: attacks in many towns on many days.
pub fn write_corpus(dir: &Path) {
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

/// Everything a user can read back, minus the time of ingest (which differs between runs).
pub fn snapshot(db: &Path) -> (Vec<serde_json::Value>, String) {
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
