//! `vigil worker`: processes documents queued in PostgreSQL, any number of workers on any number
//! of machines; and `vigil status`: what the database holds and how the queue moves.
//!
//! Each worker thread has its own connection and takes one document at a time: claim (skipping
//! documents other workers hold), process, store and merge, mark done, all in one transaction.
//! A worker killed at any moment loses only the uncommitted document, which another takes.

use crate::args::{StatusArgs, WorkerArgs};
use crate::db::Db;
use anyhow::{bail, Context};
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;
use std::time::Duration;
use vigil_core::{Document, Record};
use vigil_pipeline::Depth;
use vigil_store::{PostgresStore, Worked};

pub fn run(args: &WorkerArgs) -> anyhow::Result<ExitCode> {
    let Some(url) = args.db.postgres_url() else {
        bail!("vigil worker takes documents from PostgreSQL's queue: give --db postgres://…");
    };
    let pipeline = args.stages.pipeline(Depth::Full)?;
    let threads = args.stages.threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let name = args.name.clone().unwrap_or_else(default_name);
    let stores = (0..threads.max(1))
        .map(|_| PostgresStore::open_worker(url))
        .collect::<Result<Vec<_>, _>>()?;
    eprintln!(
        "vigil: worker {name} with {} threads on {}",
        stores.len(),
        stores[0].url()
    );
    let process = |doc: &Document| -> Result<Record, String> {
        // The stages never panic on input by design; should one, the document fails alone.
        std::panic::catch_unwind(AssertUnwindSafe(|| pipeline.process(doc)))
            .map_err(|_| "processing panicked".to_owned())
    };
    let poll = Duration::from_millis(args.poll_ms);
    let results: Vec<anyhow::Result<usize>> = std::thread::scope(|scope| {
        let handles: Vec<_> = stores
            .iter()
            .map(|store| {
                let (name, process) = (&name, &process);
                scope.spawn(move || work(store, name, process, args.until_empty, poll))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| bail!("a worker thread panicked"))
            })
            .collect()
    });
    let mut done = 0;
    for result in results {
        done += result?;
    }
    eprintln!("vigil: worker {name}: {done} documents");
    Ok(ExitCode::SUCCESS)
}

/// One thread's loop; returns how many documents it finished.
fn work(
    store: &PostgresStore,
    name: &str,
    process: &(dyn Fn(&Document) -> Result<Record, String> + Sync),
    until_empty: bool,
    poll: Duration,
) -> anyhow::Result<usize> {
    let mut done = 0;
    loop {
        match store.work_one(name, process)? {
            Worked::Stored { .. } => done += 1,
            Worked::Failed { uri, reason } => {
                done += 1;
                eprintln!("{uri}: {reason}");
            }
            // Documents other workers hold may come back if those workers die: wait for them.
            Worked::Idle if until_empty && store.pending()? == 0 => return Ok(done),
            Worked::Idle => std::thread::sleep(poll),
        }
    }
}

/// `host:pid`, so workers on several machines are told apart.
fn default_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "worker".to_owned());
    format!("{host}:{}", std::process::id())
}

pub fn status(args: &StatusArgs) -> anyhow::Result<ExitCode> {
    let db = Db::open(&args.db)?;
    let stats = db.store().stats().context("cannot count what is stored")?;
    let queue = match &db {
        Db::Postgres(store) => Some(store.queue_status()?),
        Db::Sqlite(_) => None,
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = serde_json::json!({ "stored": stats, "queue": queue });
        writeln!(out, "{value}")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "database  {}", db.name(&args.db))?;
    writeln!(
        out,
        "stored    {} documents ({} articles, {} not articles), {} events in {} merged events",
        stats.documents, stats.articles, stats.not_articles, stats.events, stats.merged_events
    )?;
    if let Some(q) = queue {
        writeln!(
            out,
            "queue     {} pending ({} being processed), {} done, {} failed",
            q.pending, q.in_progress, q.done, q.failed
        )?;
        for w in &q.workers {
            writeln!(
                out,
                "worker    {}  {:.1} docs/s over the last minute  {} done  {} failed  last {}",
                w.worker, w.per_second, w.done, w.failed, w.last_seen
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
