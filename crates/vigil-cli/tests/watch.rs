//! `vigil watch`: files dropped into a folder are ingested once complete, each once.

use std::path::Path;
use std::process::Stdio;
use std::thread::sleep;
use std::time::{Duration, Instant};

mod common;

use common::vigil;

fn titles(db: &Path) -> Vec<String> {
    if !db.exists() {
        return Vec::new();
    }
    let out = vigil()
        .args(["articles", "--json", "--limit", "1000", "--db"])
        .arg(db)
        .output()
        .expect("run vigil articles");
    let mut titles: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| v["title"].as_str().unwrap_or_default().to_owned())
        .collect();
    titles.sort();
    titles
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>{body}</p><p>Residents said the market reopened the following morning under \
         heavy guard, and the governor promised compensation to the families.</p></article>\
         </body></html>"
    )
}

#[test]
fn watched_folder_ingests_complete_files_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).expect("mkdir");
    std::fs::write(
        inbox.join("before.html"),
        page(
            "Already there",
            "Gunmen attacked a police post in Garissa on Monday.",
        ),
    )
    .expect("write");
    let db = dir.path().join("watch.db");
    let mut watcher = vigil()
        .args(["watch", "--settle-ms", "400", "--db"])
        .arg(&db)
        .arg(&inbox)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start vigil watch");

    let wait_for = |want: &[&str]| {
        let started = Instant::now();
        loop {
            let got = titles(&db);
            if got == want {
                return got;
            }
            if started.elapsed() > Duration::from_secs(90) {
                return got;
            }
            sleep(Duration::from_millis(100));
        }
    };
    assert_eq!(wait_for(&["Already there"]), ["Already there"]);

    // A page written in two halves with a pause: only the whole page may be stored.
    let half = page(
        "Written slowly",
        "A car bomb exploded near the governor's office in Kandahar.",
    );
    let (first, second) = half.split_at(half.len() / 2);
    let slow = inbox.join("slow.html");
    std::fs::write(&slow, first).expect("write first half");
    sleep(Duration::from_millis(150));
    let mut whole = first.to_owned();
    whole.push_str(second);
    std::fs::write(&slow, whole).expect("write second half");
    // A page downloaded under a temporary name, then renamed.
    let part = inbox.join("renamed.html.part");
    std::fs::write(
        &part,
        page("Renamed", "Protesters marched through Mogadishu on Friday."),
    )
    .expect("write part");
    std::fs::rename(&part, inbox.join("renamed.html")).expect("rename");

    let got = wait_for(&["Already there", "Renamed", "Written slowly"]);
    watcher.kill().expect("stop watcher");
    watcher.wait().expect("reap");
    assert_eq!(got, ["Already there", "Renamed", "Written slowly"]);
}
