//! `vigil extract`: pages in, JSON out; no database.

use crate::args::{ExtractArgs, Format};
use crate::output::{write_human, Tally};
use crate::progress::Progress;
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;
use vigil_core::ArticleKind;
use vigil_pipeline::Depth;

pub fn run(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() {
        Format::Human
    } else {
        Format::Jsonl
    });
    let depth = if args.clean_only {
        Depth::Clean
    } else {
        Depth::Full
    };
    let pipeline = args.input.pipeline(depth)?;
    let documents = vigil_ingest::open(&args.input.paths, &args.input.ingest_options());
    let progress = Progress::new("extracting");
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut tally = Tally::default();
    let mut write_error: Option<std::io::Error> = None;
    pipeline.run(documents, |outcome| {
        match outcome {
            Ok(record) => {
                match &record.article.kind {
                    ArticleKind::Article => tally.ok += 1,
                    ArticleKind::NotArticle(reason) => tally.skip(format!("not_article: {reason}")),
                }
                let written = match format {
                    Format::Human => write_human(&mut out, &record, &[]),
                    Format::Json => serde_json::to_writer_pretty(&mut out, &record)
                        .map_err(std::io::Error::from)
                        .and_then(|()| writeln!(out)),
                    Format::Jsonl => serde_json::to_writer(&mut out, &record)
                        .map_err(std::io::Error::from)
                        .and_then(|()| writeln!(out)),
                };
                if let Err(e) = written {
                    write_error = Some(e);
                    return ControlFlow::Break(());
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
    if let Some(e) = write_error {
        return Err(e.into());
    }
    out.flush()?;
    eprintln!("extract: {}", tally.summary());
    Ok(exit_code(&tally))
}

/// Non-zero only when nothing at all could be read.
pub fn exit_code(tally: &Tally) -> ExitCode {
    if tally.nothing_read() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
