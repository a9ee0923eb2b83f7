//! `vigil watch DIR…`: ingests files as a scraper drops them into folders.
//!
//! The `notify` crate reports changes; a file is ingested once it has stopped changing for the
//! settle time (same size and modification time on two looks), so a page still being written is
//! never read half. Files already in the folders are ingested at start (unchanged ones are
//! skipped by content hash). Temporary names (`.part`, `.tmp`, `.crdownload`, `~`, dot files) are
//! left alone until renamed. With a PostgreSQL `--db` files are queued for `vigil worker`s
//! instead of processed here.

use crate::args::WatchArgs;
use crate::ingest::Destination;
use crate::progress::Progress;
use anyhow::Context;
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

/// How often pending files are looked at.
const TICK: Duration = Duration::from_millis(200);

pub fn run(args: &WatchArgs) -> anyhow::Result<ExitCode> {
    for dir in &args.input.paths {
        if !dir.is_dir() {
            anyhow::bail!(
                "{} is not a folder (vigil watch watches folders)",
                dir.display()
            );
        }
    }
    // PostgreSQL means workers elsewhere: queue for them.
    let enqueue = args.db.postgres_url().is_some();
    let destination = Destination::open(&args.input, &args.db, enqueue)?;
    let options = args.input.ingest_options();
    let settle = Duration::from_millis(args.settle_ms);

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // The receiver lives as long as the loop below; a send can only fail after it ends.
        let _ = tx.send(event);
    })
    .context("cannot start watching for file changes")?;
    for dir in &args.input.paths {
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", dir.display()))?;
    }
    eprintln!(
        "vigil: watching {} into {}{} (Ctrl-C to stop)",
        args.input
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        destination.name,
        if enqueue { "'s queue" } else { "" }
    );

    // What is already there, first.
    let progress = Progress::new("ingesting");
    let stored = destination.take(vigil_ingest::open(&args.input.paths, &options), &progress)?;
    progress.finish();
    eprintln!("vigil: existing files: {}", stored.summary());

    let mut pending = Pending::default();
    loop {
        match rx.recv_timeout(TICK) {
            Ok(Ok(event)) => {
                if is_content_change(&event.kind) {
                    for path in event.paths {
                        pending.touch(path);
                    }
                }
            }
            Ok(Err(error)) => eprintln!("vigil: watch: {error}"),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        let ready = pending.settled(settle);
        if ready.is_empty() {
            continue;
        }
        let progress = Progress::new("ingesting");
        let stored = destination.take(vigil_ingest::open(&ready, &options), &progress)?;
        progress.finish();
        let names: Vec<String> = ready.iter().map(|p| p.display().to_string()).collect();
        eprintln!("vigil: {}: {}", names.join(", "), stored.summary());
    }
    Ok(ExitCode::SUCCESS)
}

fn is_content_change(kind: &notify::EventKind) -> bool {
    use notify::EventKind::{Any, Create, Modify};
    matches!(kind, Create(_) | Modify(_) | Any)
}

/// A name a writer uses while the file is incomplete, or one a person hides.
fn is_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.ends_with('~')
        || [
            ".part",
            ".tmp",
            ".crdownload",
            ".partial",
            ".swp",
            ".download",
        ]
        .iter()
        .any(|suffix| lower.ends_with(suffix))
}

/// Files seen changing, with what they looked like last time and when they last changed.
#[derive(Default)]
struct Pending {
    files: BTreeMap<PathBuf, Look>,
}

#[derive(Clone, Copy, PartialEq)]
struct Look {
    size: u64,
    modified: Option<SystemTime>,
    changed_at: Instant,
}

impl Pending {
    fn touch(&mut self, path: PathBuf) {
        if is_temporary(&path) {
            return;
        }
        let look = look_at(&path);
        match look {
            Some(look) => {
                self.files.insert(path, look);
            }
            // Gone again (renamed away or deleted) or a folder: nothing to ingest.
            None => {
                self.files.remove(&path);
            }
        }
    }

    /// Takes out the files that have not changed for `settle`, looking at each again.
    fn settled(&mut self, settle: Duration) -> Vec<PathBuf> {
        let now = Instant::now();
        let mut ready = Vec::new();
        self.files.retain(|path, before| {
            let Some(mut current) = look_at(path) else {
                return false;
            };
            if (current.size, current.modified) != (before.size, before.modified) {
                // Still being written: wait a whole settle time from now.
                current.changed_at = now;
                *before = current;
                return true;
            }
            if now.duration_since(before.changed_at) < settle || current.size == 0 {
                return true;
            }
            ready.push(path.clone());
            false
        });
        ready
    }
}

fn look_at(path: &Path) -> Option<Look> {
    let meta = std::fs::metadata(path).ok()?;
    meta.is_file().then(|| Look {
        size: meta.len(),
        modified: meta.modified().ok(),
        changed_at: Instant::now(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_wait_for_their_rename() {
        for name in [
            "page.html.part",
            ".page.html",
            "page.html~",
            "x.TMP",
            "a.crdownload",
        ] {
            assert!(is_temporary(Path::new(name)), "{name}");
        }
        for name in ["page.html", "feed.xml", "dump.warc.gz", "notes.jsonl"] {
            assert!(!is_temporary(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn a_file_is_ready_only_after_it_stops_changing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("page.html");
        std::fs::write(&path, "<p>first half").expect("write");
        let mut pending = Pending::default();
        pending.touch(path.clone());
        assert!(pending.settled(Duration::from_millis(150)).is_empty());
        std::fs::write(&path, "<p>first half, and the second half</p>").expect("write");
        // Changed since the last look: the settle time starts again.
        assert!(pending.settled(Duration::from_millis(150)).is_empty());
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(pending.settled(Duration::from_millis(150)), vec![path]);
        assert!(pending.files.is_empty());
    }
}
