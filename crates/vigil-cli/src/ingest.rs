//! `vigil ingest`: pages in, records stored; a summary at the end.

use crate::args::IngestArgs;
use crate::extract::exit_code;
use crate::output::Tally;
use crate::progress::Progress;
use std::ops::ControlFlow;
use std::process::ExitCode;
use vigil_core::ArticleKind;
use vigil_pipeline::Depth;
use vigil_store::{PutOutcome, SqliteStore, Store};

pub fn run(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let store = SqliteStore::open(&args.db.db)?;
    let pipeline = args.input.pipeline(Depth::Full)?;
    let documents = vigil_ingest::open(&args.input.paths, &vigil_ingest::IngestOptions::default());
    let progress = Progress::new("ingesting");
    let stored = store_all(&store, &pipeline, documents, &progress)?;
    progress.finish();
    eprintln!("ingest into {}: {}", args.db.db.display(), stored.summary());
    Ok(exit_code(&stored.tally))
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
