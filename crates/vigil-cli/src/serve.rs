//! `vigil serve` and `vigil demo`: the web app and JSON API over a database.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use crate::args::{DbArgs, DemoArgs, IngestArgs, InputArgs, ListenArgs, ServeArgs, StageArgs};

/// The sample pages written for vigil, inside the binary so `vigil demo` runs anywhere.
#[derive(rust_embed::Embed)]
#[folder = "../../samples/pages"]
struct SamplePages;

pub fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    if args.db.postgres_url().is_none() && !args.db.db.exists() {
        anyhow::bail!(
            "no database at {} (ingest pages first: vigil ingest --db {} PATH…)",
            args.db.db.display(),
            args.db.db.display()
        );
    }
    run(&args.db.db, &args.listen)
}

pub fn demo(args: &DemoArgs) -> anyhow::Result<ExitCode> {
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", args.db.display());
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot replace {path}")),
        }
    }
    let pages = std::env::temp_dir().join(format!("vigil-demo-pages-{}", std::process::id()));
    std::fs::create_dir_all(&pages)
        .with_context(|| format!("cannot create {}", pages.display()))?;
    for name in SamplePages::iter() {
        if let Some(file) = SamplePages::get(&name) {
            let path = pages.join(name.as_ref());
            std::fs::write(&path, file.data.as_ref())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    let ingest = IngestArgs {
        input: InputArgs {
            paths: vec![pages.clone()],
            follow: false,
            stages: StageArgs {
                published: None,
                threads: None,
                gazetteer: None,
                places: None,
                actor_files: args.listen.actor_files.clone(),
            },
        },
        db: DbArgs {
            db: args.db.clone(),
        },
        enqueue: false,
    };
    let ingested = crate::ingest::run(&ingest);
    // The pages are in the database now; the copies were only there to be read.
    let _ = std::fs::remove_dir_all(&pages);
    ingested?;
    run(&args.db, &args.listen)
}

fn run(db: &std::path::Path, listen: &ListenArgs) -> anyhow::Result<ExitCode> {
    let nlp = vigil_nlp::Nlp::load(&vigil_nlp::Config {
        actor_files: listen.actor_files.clone(),
    })?;
    let config = vigil_server::ServeConfig {
        db: db.to_path_buf(),
        rate_limit: listen.rate_limit,
        reload_every: Duration::from_secs(2),
        actors: nlp.actors().clone(),
        token: listen.token.clone(),
        places: match vigil_geo::Geoparser::load(&vigil_geo::GeoConfig::default()) {
            Ok(geo) => Some(std::sync::Arc::new(geo)),
            Err(e) => {
                eprintln!(
                    "vigil: warning: no gazetteer, so no other places to offer in review: {e}"
                );
                None
            }
        },
    };
    // A PostgreSQL URL is shown without its password (the store's error says the rest).
    let shown = match db
        .to_str()
        .filter(|db| vigil_store::PostgresStore::is_url(db))
    {
        Some(_) => "the PostgreSQL database".to_owned(),
        None => db.display().to_string(),
    };
    let app = vigil_server::App::open(&config).with_context(|| format!("cannot serve {shown}"))?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the server runtime")?;
    runtime.block_on(async {
        let listener = vigil_server::bind(listen.listen).await?;
        let addr = listener.local_addr()?;
        let mode = if config.token.is_some() {
            "review with the token"
        } else {
            "read-only"
        };
        println!("vigil: serving {shown} at http://{addr}/ ({mode}; Ctrl-C stops)");
        app.serve(listener, config.reload_every).await
    })?;
    Ok(ExitCode::SUCCESS)
}
