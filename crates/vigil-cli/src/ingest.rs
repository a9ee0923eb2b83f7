//! `vigil ingest`: pages in, records stored; a summary at the end.

use crate::args::IngestArgs;
use crate::extract::exit_code;
use crate::output::Tally;
use crate::progress::Progress;
use anyhow::Context;
use std::ops::ControlFlow;
use std::process::ExitCode;
use vigil_core::ArticleKind;
use vigil_pipeline::Depth;
use vigil_store::{PutOutcome, SqliteStore, Store};

pub fn run(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let store = SqliteStore::open(&args.db.db)
        .with_context(|| format!("cannot open database {}", args.db.db.display()))?;
    let pipeline = args.input.pipeline(Depth::Full)?;
    let documents = vigil_ingest::open(&args.input.paths, &vigil_ingest::IngestOptions::default());
    let progress = Progress::new("ingesting");
    let mut tally = Tally::default();
    let mut inserted = 0usize;
    let mut updated = 0usize;
    pipeline.run(documents, |outcome| {
        match outcome {
            Ok(record) => {
                let not_article = match &record.article.kind {
                    ArticleKind::Article => None,
                    ArticleKind::NotArticle(reason) => Some(reason.clone()),
                };
                match store.put(&record) {
                    Ok(PutOutcome::Inserted) => {
                        inserted += 1;
                        match not_article {
                            None => tally.ok += 1,
                            Some(reason) => tally.skip(format!("not_article: {reason}")),
                        }
                    }
                    Ok(PutOutcome::Updated) => {
                        updated += 1;
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
    progress.finish();
    eprintln!(
        "ingest into {}: {} ({inserted} new, {updated} updated)",
        args.db.db.display(),
        tally.summary()
    );
    if let Ok(stats) = store.stats() {
        eprintln!(
            "the store holds {} events, merged from {} reports in {} documents",
            stats.merged_events, stats.events, stats.documents
        );
    }
    Ok(exit_code(&tally))
}
