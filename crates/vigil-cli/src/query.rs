//! Reading the store: `vigil articles`, `vigil show`, `vigil search`; and `vigil eval`.

use crate::args::{
    ArticlesArgs, DevSet, EvalArgs, EventsArgs, GazetteerAction, GazetteerArgs, GazetteerBuildArgs,
    SearchArgs, ShowArgs,
};
use crate::merged::write_merged;
use crate::output::{merged_line, write_human};
use anyhow::{bail, Context};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vigil_store::{ArticleFilter, PostgresStore, SqliteStore, Store};

pub(crate) fn open(db: &Path) -> anyhow::Result<Box<dyn Store>> {
    if let Some(url) = db.to_str().filter(|db| PostgresStore::is_url(db)) {
        return Ok(Box::new(PostgresStore::open(url)?));
    }
    if !db.exists() {
        bail!(
            "no database at {} (run `vigil ingest PATH` first, or pass --db)",
            db.display()
        );
    }
    Ok(Box::new(SqliteStore::open(db)?))
}

pub fn articles(args: &ArticlesArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db.db)?;
    let list = store.articles(&ArticleFilter {
        limit: args.limit,
        offset: args.offset,
        ..ArticleFilter::default()
    })?;
    let mut out = std::io::stdout().lock();
    for a in &list {
        if args.json {
            serde_json::to_writer(&mut out, a)?;
            writeln!(out)?;
        } else {
            let date = a
                .published
                .as_ref()
                .map_or("----------", |p| p.value.as_str());
            let date = date.get(..10).unwrap_or(date);
            writeln!(
                out,
                "{}  {date:<10}  {}",
                short_id(a.id.as_str()),
                a.title.as_deref().unwrap_or("(no title)")
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn events(args: &EventsArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db.db)?;
    let list = store.events(&args.filter.filter(args.limit, args.offset))?;
    let mut out = std::io::stdout().lock();
    for event in &list {
        if args.json {
            serde_json::to_writer(&mut out, event)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}  {}", event.id, merged_line(event))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigil show ID`: a merged event when the id is one (`ev-…`, an alias or a prefix of one),
/// else a document.
pub fn show(args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db.db)?;
    let wanted = args.id.trim();
    let is_hex = !wanted.is_empty() && wanted.chars().all(|c| c.is_ascii_hexdigit());
    let record = if wanted.to_ascii_lowercase().starts_with("ev-") {
        None
    } else {
        store.get(wanted)?
    };
    let mut out = std::io::stdout().lock();
    if let Some(record) = record {
        if args.json {
            serde_json::to_writer_pretty(&mut out, &record)?;
            writeln!(out)?;
        } else {
            let mut stored_as = Vec::with_capacity(record.events.len());
            for index in 0..record.events.len() {
                let own = vigil_store::mention_event_id(&record.article.id, index);
                stored_as.push(store.event(&own)?.map(|e| match e.sources.len() {
                    1 => format!("{} (1 source)", e.id),
                    n => format!("{} ({n} sources)", e.id),
                }));
            }
            write_human(&mut out, &record, &stored_as)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let event = if is_hex || wanted.to_ascii_lowercase().starts_with("ev-") {
        store.event(wanted)?
    } else {
        None
    };
    let Some(event) = event else {
        bail!("no event or document with id {}", args.id);
    };
    if args.json {
        serde_json::to_writer_pretty(&mut out, &event)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let records = event
        .sources
        .iter()
        .map(|s| store.get(s.document_id.as_str()))
        .collect::<Result<Vec<_>, _>>()?;
    write_merged(&mut out, &event, &records)?;
    Ok(ExitCode::SUCCESS)
}

pub fn search(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db.db)?;
    let query = args.query.join(" ");
    let hits = store.search(&query, args.limit)?;
    let mut out = std::io::stdout().lock();
    for hit in &hits {
        if args.json {
            serde_json::to_writer(&mut out, hit)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "{}  {}",
                short_id(hit.id.as_str()),
                hit.title.as_deref().unwrap_or("(no title)")
            )?;
            writeln!(out, "    {}", hit.snippet)?;
        }
    }
    if hits.is_empty() {
        eprintln!("no match for {query:?}");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn eval(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let path = args
        .path
        .clone()
        .unwrap_or_else(|| default_dev_set(args.set));
    let mut out = std::io::stdout().lock();
    macro_rules! report {
        ($module:path) => {{
            use $module as m;
            let report = m::run(&path).with_context(|| format!("evaluating {}", path.display()))?;
            if args.json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else {
                write!(out, "{report}")?;
            }
        }};
    }
    match args.set {
        DevSet::Extraction => report!(vigil_eval::extraction),
        DevSet::Geo => report!(vigil_eval::geo),
        DevSet::Nlp => report!(vigil_eval::nlp),
        DevSet::Events => report!(vigil_eval::events),
        DevSet::Pages => {
            let options = vigil_eval::pages::Options {
                extra: if args.no_extra {
                    None
                } else {
                    args.extra.clone().or_else(default_extra_gold)
                },
                gold_published: args.gold_published,
            };
            let report = vigil_eval::pages::run(&path, &options)
                .with_context(|| format!("evaluating {}", path.display()))?;
            if args.json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else {
                write!(out, "{report}")?;
            }
        }
        DevSet::Pubdate => report!(vigil_eval::pubdate),
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigil gazetteer build FLAG PATH…`: the gazetteer build, with vigil-geo's command line;
/// a bad command line exits 2 with the usage.
fn gazetteer_build(args: &GazetteerBuildArgs) -> anyhow::Result<ExitCode> {
    let cmd = match vigil_geo::build::BuildCommand::parse(args.args.iter().cloned()) {
        Ok(Some(cmd)) => cmd,
        Ok(None) => {
            println!("{}", vigil_geo::build::BUILD_USAGE);
            return Ok(ExitCode::SUCCESS);
        }
        Err(message) => {
            eprintln!("{message}");
            return Ok(ExitCode::from(2));
        }
    };
    let line = cmd.run().context("gazetteer build failed")?;
    eprintln!("{line}");
    Ok(ExitCode::SUCCESS)
}

/// `vigil gazetteer NAME…`: what each name may mean, countries and regions first, then by
/// population. Exits 1 when a name has no entry. `vigil gazetteer build …` compiles it.
pub fn gazetteer(args: &GazetteerArgs) -> anyhow::Result<ExitCode> {
    if let Some(GazetteerAction::Build(build)) = &args.action {
        return gazetteer_build(build);
    }
    let config = vigil_geo::GeoConfig {
        gazetteer_dir: args.gazetteer.clone(),
        user_entries: args.places.clone(),
    };
    let geo = vigil_geo::Geoparser::load(&config).context("loading the gazetteer")?;
    let Some(g) = geo.gazetteer() else {
        bail!("no gazetteer loaded: run scripts/gazetteer or pass --gazetteer DIR");
    };
    let rank = |k: vigil_geo::Kind| {
        use vigil_geo::Kind::*;
        match k {
            Country => 0,
            Continent => 1,
            Region => 2,
            Admin1 => 3,
            Admin2 => 4,
            City => 5,
            Feature => 6,
        }
    };
    let mut out = std::io::stdout().lock();
    let mut all_found = true;
    for name in &args.names {
        let mut entries = g.lookup(name);
        entries.sort_by_key(|e| (rank(e.kind), std::cmp::Reverse(e.population)));
        all_found &= !entries.is_empty();
        if args.json {
            let list: Vec<serde_json::Value> = entries
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "id": e.id,
                        "name": e.name,
                        "feature": e.fcode,
                        "admin1": g.admin1_name(e),
                        "country_code": (!e.cc.is_empty()).then_some(&e.cc),
                        "lat": round5(e.lat),
                        "lon": round5(e.lon),
                        "population": e.population,
                    })
                })
                .collect();
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({"name": name, "entries": list}),
            )?;
            writeln!(out)?;
            continue;
        }
        match entries.len() {
            0 => writeln!(out, "{name}: no entry")?,
            n => writeln!(out, "{name}: {n} entr{}", if n == 1 { "y" } else { "ies" })?,
        }
        for e in entries {
            let region = [g.admin1_name(e).unwrap_or(""), e.cc.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            writeln!(
                out,
                "  {:<22} {:<28} {:<5} {:<30} {:>9.4} {:>10.4}  pop {}",
                e.id, e.name, e.fcode, region, e.lat, e.lon, e.population
            )?;
        }
    }
    Ok(if all_found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A stored f32 coordinate as the f64 it was written as (five decimals, about a metre).
fn round5(x: f32) -> f64 {
    (f64::from(x) * 1e5).round() / 1e5
}

fn default_dev_set(set: DevSet) -> PathBuf {
    let bench = PathBuf::from("../shared/bench");
    match set {
        DevSet::Extraction => bench.join("article-extraction"),
        DevSet::Geo => bench.join("geo/dev.jsonl"),
        DevSet::Nlp | DevSet::Events => bench.join("events/dev.jsonl"),
        DevSet::Pages => bench.join("events-pages"),
        DevSet::Pubdate => bench.join("pubdate"),
    }
}

/// `bench/events-pages/gold-extra.json` in the current folder or a parent (the checkout).
fn default_extra_gold() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    here.ancestors()
        .map(|d| d.join("bench/events-pages/gold-extra.json"))
        .find(|p| p.is_file())
}

/// The first 12 hex digits: enough to be unique in any real database, short enough to type.
fn short_id(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}
