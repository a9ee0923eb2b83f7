//! `vigil export`: stored events, streamed one at a time from the store into a vigil-export sink.

use crate::args::ExportArgs;
use crate::query::open;
use anyhow::Context;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vigil_export::{EvidenceText, ExportConfig};
use vigil_store::{Store, StoreError};

pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db.db)?;
    let nlp = vigil_nlp::Nlp::load(&vigil_nlp::Config {
        actor_files: args.actor_files.clone(),
    })?;
    let config = ExportConfig::new(nlp.actors())?;
    let count = match &args.output {
        None => export(store.as_ref(), args, &config, std::io::stdout().lock())?,
        Some(path) => {
            // Written beside the target and renamed at the end: a failed export leaves the
            // previous file as it was.
            let partial = partial_path(path);
            let file = File::create(&partial)
                .with_context(|| format!("cannot create {}", partial.display()))?;
            match export(store.as_ref(), args, &config, file) {
                Ok(count) => {
                    std::fs::rename(&partial, path)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    count
                }
                Err(e) => {
                    let _ = std::fs::remove_file(&partial);
                    return Err(e);
                }
            }
        }
    };
    if args.output.is_some() || std::io::stderr().is_terminal() {
        let to = args
            .output
            .as_ref()
            .map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
        eprintln!("exported {count} events as {} to {to}", args.format);
    }
    Ok(ExitCode::SUCCESS)
}

/// Streams every matching event into the format's sink; returns how many were written.
fn export(
    store: &dyn Store,
    args: &ExportArgs,
    config: &ExportConfig,
    out: impl Write,
) -> anyhow::Result<u64> {
    let mut out = BufWriter::new(out);
    let mut sink = vigil_export::sink(args.format, &mut out, config)?;
    let mut count = 0u64;
    store
        .each_event(&args.filter.filter(0, 0), &mut |event| {
            let evidence = evidence(store, &event);
            sink.write_event(&event, &evidence)
                .map_err(|e| StoreError::Sink(Box::new(e)))?;
            count += 1;
            Ok(())
        })
        .context("export stopped")?;
    sink.finish()?;
    out.flush()?;
    Ok(count)
}

/// The sentences of every source of the event, read from the stored articles.
fn evidence(store: &dyn Store, event: &vigil_core::MergedEvent) -> Vec<EvidenceText> {
    vigil_export::event_evidence(event, |id| {
        store.get(id.as_str()).ok().flatten().map(|r| r.article)
    })
}

/// `events.csv` → `events.csv.partial`.
fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}
