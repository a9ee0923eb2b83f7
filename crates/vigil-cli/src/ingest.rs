//! `vigil ingest`: pages in, records stored; a summary at the end.

use crate::args::{DbArgs, IngestArgs, InputArgs};
use crate::db::Db;
use crate::extract::exit_code;
use crate::output::Tally;
use crate::progress::Progress;
use anyhow::bail;
use std::ops::ControlFlow;
use std::process::ExitCode;
use vigil_core::ArticleKind;
use vigil_pipeline::Depth;
use vigil_store::{Enqueued, PostgresStore, PutOutcome, Store};

pub fn run(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let destination = Destination::open(&args.input, &args.db, args.enqueue)?;
    let documents = vigil_ingest::open(&args.input.paths, &vigil_ingest::IngestOptions::default());
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

/// Runs the pipeline over `documents` and stores every record, one transaction each; a
/// document that fails is reported on `progress` and counted, and the rest go on.
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
    let mut stored = Stored::default();
    let tally = &mut stored.tally;
    let (inserted, updated) = (&mut stored.inserted, &mut stored.updated);
    pipeline.run(documents, |outcome| {
        match outcome {
            Ok(record) => {
                let not_article = match &record.article.kind {
                    ArticleKind::Article => None,
                    ArticleKind::NotArticle(reason) => Some(reason.clone()),
                };
                match store.put(&record) {
                    Ok(PutOutcome::Inserted) => {
                        *inserted += 1;
                        match not_article {
                            None => tally.ok += 1,
                            Some(reason) => tally.skip(format!("not_article: {reason}")),
                        }
                    }
                    Ok(PutOutcome::Updated) => {
                        *updated += 1;
                        tally.ok += 1;
                    }
                    Ok(PutOutcome::Unchanged) => tally.skip("unchanged"),
                    Err(error) => {
                        tally.fail("store");
                        progress.println(&format!("{}: store: {error}", record.article.uri));
                    }
                }
            }
            Err(error) => {
                tally.fail(error.code());
                progress.println(&format!("{}: {}", error.uri, error));
            }
        }
        progress.tick(tally.failed_total());
        ControlFlow::Continue(())
    })?;
    Ok(stored)
}
