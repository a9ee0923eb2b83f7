//! `vigil ingest`: pages in, records stored; a summary at the end.

use crate::args::{DbArgs, IngestArgs, InputArgs};
use crate::db::Db;
use crate::extract::exit_code;
use crate::output::Tally;
use crate::progress::Progress;
use anyhow::bail;
use std::ops::ControlFlow;
use std::process::ExitCode;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};
use vigil_core::ArticleKind;
use vigil_pipeline::Depth;
use vigil_store::{Enqueued, PostgresStore, Prepared, PutOutcome, Store};

pub fn run(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let destination = Destination::open(&args.input, &args.db, args.enqueue)?;
    let documents = vigil_ingest::open(&args.input.paths, &args.input.ingest_options());
    let progress = Progress::new(destination.verb());
    let stored = destination.take(documents, &progress)?;
    progress.finish();
    eprintln!(
        "{} into {}: {}",
        if args.enqueue { "enqueue" } else { "ingest" },
        destination.name,
        stored.summary()
    );
    if let Some(stats) = destination.stats() {
        eprintln!(
            "the store holds {} events, merged from {} reports in {} documents",
            stats.merged_events, stats.events, stats.documents
        );
    }
    Ok(exit_code(&stored.tally))
}

/// Where documents go: through the pipeline into a store, or raw into PostgreSQL's queue for
/// the workers.
pub struct Destination {
    to: To,
    /// The database as messages name it.
    pub name: String,
}

enum To {
    Store(Db, Box<vigil_pipeline::Pipeline>),
    Queue(PostgresStore),
}

impl Destination {
    /// Opens what `db` names; `enqueue` queues documents instead of processing them, which
    /// needs PostgreSQL.
    pub fn open(input: &InputArgs, db: &DbArgs, enqueue: bool) -> anyhow::Result<Destination> {
        let opened = Db::open(db)?;
        let name = opened.name(db);
        let to = match (opened, enqueue) {
            (Db::Postgres(store), true) => To::Queue(store),
            (Db::Sqlite(_), true) => bail!(
                "--enqueue queues documents for `vigil worker`s in PostgreSQL; \
                 give --db postgres://… (a SQLite file is ingested directly)"
            ),
            (opened, false) => To::Store(opened, Box::new(input.pipeline(Depth::Full)?)),
        };
        Ok(Destination { to, name })
    }

    /// What the store holds now (`None` when documents were only queued, or on an error).
    pub fn stats(&self) -> Option<vigil_store::Stats> {
        match &self.to {
            To::Store(db, _) => db.store().stats().ok(),
            To::Queue(_) => None,
        }
    }

    /// Whether documents are queued rather than processed here.
    pub fn enqueues(&self) -> bool {
        matches!(self.to, To::Queue(_))
    }

    fn verb(&self) -> &'static str {
        if self.enqueues() {
            "enqueuing"
        } else {
            "ingesting"
        }
    }

    /// Stores or queues every document; one that fails is reported and counted.
    pub fn take<I>(&self, documents: I, progress: &Progress) -> anyhow::Result<Stored>
    where
        I: IntoIterator<Item = Result<vigil_core::Document, vigil_ingest::IngestError>>,
        I::IntoIter: Send + 'static,
    {
        match &self.to {
            To::Store(db, pipeline) => store_all(db.store(), pipeline, documents, progress),
            To::Queue(queue) => Ok(enqueue_all(queue, documents, progress)),
        }
    }
}

/// Queues every document as read, unprocessed.
fn enqueue_all<I>(queue: &PostgresStore, documents: I, progress: &Progress) -> Stored
where
    I: IntoIterator<Item = Result<vigil_core::Document, vigil_ingest::IngestError>>,
{
    let mut stored = Stored::default();
    for document in documents {
        match document.map(|doc| (queue.enqueue(&doc), doc.uri)) {
            Ok((Ok(Enqueued::Added), _)) => {
                stored.inserted += 1;
                stored.tally.ok += 1;
            }
            Ok((Ok(Enqueued::AlreadyQueued), _)) => stored.tally.skip("already queued"),
            Ok((Err(error), uri)) => {
                stored.tally.fail("store");
                progress.println(&format!("{uri}: queue: {error}"));
            }
            Err(error) => {
                stored.tally.fail(error.code());
                progress.println(&format!("{}: {}", error.uri, error));
            }
        }
        progress.tick(stored.tally.failed_total());
    }
    stored
}

/// What one run of [`store_all`] did.
#[derive(Default)]
pub struct Stored {
    pub tally: Tally,
    pub inserted: usize,
    pub updated: usize,
}

impl Stored {
    /// `ok 3 · skipped 1 (unchanged 1) … (2 new, 1 updated)`.
    pub fn summary(&self) -> String {
        format!(
            "{} ({} new, {} updated)",
            self.tally.summary(),
            self.inserted,
            self.updated
        )
    }
}

/// How many records one transaction stores at most: a commit (and its full-text index segment)
/// per batch rather than per document is most of what makes ingest fast.
const BATCH: usize = 64;

/// How long a stored record may wait for its batch to fill before the batch is committed
/// anyway, so a slow stream of documents is still committed promptly.
const BATCH_WAIT: Duration = Duration::from_millis(250);

/// How many processed documents may wait for the writer: enough to keep the workers busy
/// through a batch's commit, few enough to bound memory.
const QUEUED: usize = 4 * BATCH;

/// Runs the pipeline over `documents` and stores every record, in batches of up to [`BATCH`]
/// records per transaction; a document that fails is reported on `progress` and counted, and
/// the rest go on. The pipeline runs on a thread of its own (its workers also pack each record
/// for storage) while this thread writes, so extraction goes on during a commit. A record
/// counts as stored once its batch is committed: a crash loses only uncommitted work, which a
/// re-run redoes.
pub fn store_all<I>(
    store: &dyn Store,
    pipeline: &vigil_pipeline::Pipeline,
    documents: I,
    progress: &Progress,
) -> anyhow::Result<Stored>
where
    I: IntoIterator<Item = Result<vigil_core::Document, vigil_ingest::IngestError>>,
    I::IntoIter: Send + 'static,
{
    let mut writer = Writer {
        store,
        progress,
        batch: Vec::with_capacity(BATCH),
        opened: Instant::now(),
        stored: Stored::default(),
    };
    let (tx, rx) = std::sync::mpsc::sync_channel(QUEUED);
    let documents = documents.into_iter();
    let ran = std::thread::scope(|scope| {
        let processing = scope.spawn(move || {
            pipeline.run_map(documents, &Prepared::new, |outcome| {
                // The writer hung up (it cannot, but then there is no one to hand work to).
                if tx.send(outcome).is_err() {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })
        });
        loop {
            match rx.recv_timeout(BATCH_WAIT) {
                Ok(Ok(prepared)) => writer.add(prepared),
                Ok(Err(error)) => {
                    writer.stored.tally.fail(error.code());
                    progress.println(&format!("{}: {}", error.uri, error));
                }
                Err(RecvTimeoutError::Timeout) => {
                    writer.flush();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
            progress.tick(writer.stored.tally.failed_total());
        }
        writer.flush();
        processing.join()
    });
    match ran {
        Ok(result) => result?,
        Err(panic) => std::panic::resume_unwind(panic),
    }
    Ok(writer.stored)
}

/// Collects records into batches and stores each batch in one transaction.
struct Writer<'a> {
    store: &'a dyn Store,
    progress: &'a Progress,
    batch: Vec<Prepared>,
    /// When the oldest record of the batch arrived.
    opened: Instant,
    stored: Stored,
}

impl Writer<'_> {
    fn add(&mut self, record: Prepared) {
        if self.batch.is_empty() {
            self.opened = Instant::now();
        }
        self.batch.push(record);
        if self.batch.len() >= BATCH || self.opened.elapsed() >= BATCH_WAIT {
            self.flush();
        }
    }

    /// Stores the batch and counts each record's outcome.
    fn flush(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let outcomes = self.store.put_many(&self.batch);
        let tally = &mut self.stored.tally;
        for (prepared, outcome) in self.batch.drain(..).zip(outcomes) {
            let record = prepared.record();
            match outcome {
                Ok(PutOutcome::Inserted) => {
                    self.stored.inserted += 1;
                    match &record.article.kind {
                        ArticleKind::Article => tally.ok += 1,
                        ArticleKind::NotArticle(reason) => {
                            tally.skip(format!("not_article: {reason}"));
                        }
                    }
                }
                Ok(PutOutcome::Updated) => {
                    self.stored.updated += 1;
                    tally.ok += 1;
                }
                Ok(PutOutcome::Unchanged) => tally.skip("unchanged"),
                Err(error) => {
                    tally.fail("store");
                    self.progress
                        .println(&format!("{}: store: {error}", record.article.uri));
                }
            }
        }
    }
}
