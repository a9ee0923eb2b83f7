//! Command-line flags, and their translation into stage configuration.

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;
use vigil_core::{DatePrecision, DateSource, Published};

/// vigil turns news pages about armed conflict into a searchable, mapped event database.
#[derive(Debug, Parser)]
#[command(name = "vigil", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print what vigil finds in pages, one JSON object per document, without a database.
    Extract(ExtractArgs),
    /// Read pages into the database (the default when vigil is given only paths).
    Ingest(IngestArgs),
    /// Watch folders and ingest each file once it is complete (for scrapers that drop pages).
    Watch(WatchArgs),
    /// List stored articles, newest first.
    Articles(ArticlesArgs),
    /// List stored events (one per happening, merged across articles), newest first, with the
    /// number of sources.
    Events(EventsArgs),
    /// Write stored events in a format analysts' tools read: csv, geojson, stix, misp, jsonl.
    Export(ExportArgs),
    /// Show one merged event (ev-…) with its sources, or one stored document, by id or prefix.
    Show(ShowArgs),
    /// Full-text search over stored articles, ranked, with highlighted snippets.
    Search(SearchArgs),
    /// Score vigil on a dev set in ../shared/bench and print the figures.
    Eval(EvalArgs),
    /// Look names up in the gazetteer: every place each may mean, with ids and coordinates;
    /// or `gazetteer build …`: compile it from GeoNames' export files.
    Gazetteer(GazetteerArgs),
    /// Process documents queued in PostgreSQL (`ingest --enqueue`); run any number, anywhere.
    Worker(WorkerArgs),
    /// What the database holds; with PostgreSQL, the queue's depth and each worker's rate.
    Status(StatusArgs),
    /// Serve the JSON API and the web app (map, timeline, tag cloud, event evidence).
    Serve(ServeArgs),
    /// Ingest the bundled sample pages into a fresh database and serve it.
    Demo(DemoArgs),
}

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Address to listen on; only loopback by default. Use 0.0.0.0:PORT to serve other machines.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    /// Requests per second one client may make (bursts of twice that).
    #[arg(long, value_name = "N", default_value_t = std::num::NonZeroU32::new(500).unwrap_or(std::num::NonZeroU32::MIN))]
    pub rate_limit: std::num::NonZeroU32,
    /// Your own actors (same format as the built-in actor list): their aliases match `actor=`.
    #[arg(long = "actors", value_name = "FILE")]
    pub actor_files: Vec<PathBuf>,
    /// Allow analyst review: writes need `Authorization: Bearer TOKEN` (16+ characters).
    /// Without it the server is read-only.
    #[arg(
        long,
        env = "VIGIL_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub listen: ListenArgs,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The database to create (replaced if it exists).
    #[arg(long, default_value = "vigil-demo.db")]
    pub db: PathBuf,
    #[command(flatten)]
    pub listen: ListenArgs,
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files, folders (read recursively) or `-` for standard input. HTML, text, .gz, JSONL,
    /// RSS/Atom and WARC are recognised.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Follow symbolic links inside folders (links named on the command line are always
    /// followed).
    #[arg(short = 'L', long = "follow")]
    pub follow: bool,
    #[command(flatten)]
    pub stages: StageArgs,
}

impl InputArgs {
    /// How ingest reads these inputs.
    pub fn ingest_options(&self) -> vigil_ingest::IngestOptions {
        vigil_ingest::IngestOptions {
            follow_symlinks: self.follow,
            ..vigil_ingest::IngestOptions::default()
        }
    }

    /// Loads the stages' resources for these inputs, and says once what is degraded.
    pub fn pipeline(
        &self,
        depth: vigil_pipeline::Depth,
    ) -> anyhow::Result<vigil_pipeline::Pipeline> {
        self.stages.pipeline(depth)
    }
}

/// How the stages run: dates, threads and the resources they load.
#[derive(Debug, Args)]
pub struct StageArgs {
    /// Publication date for inputs that carry none (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339);
    /// it overrides dates found in the pages.
    #[arg(long, value_name = "DATE", value_parser = parse_published)]
    pub published: Option<Published>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Gazetteer directory (default: $VIGIL_GAZETTEER, then data/gazetteer of the checkout).
    #[arg(long, value_name = "DIR")]
    pub gazetteer: Option<PathBuf>,
    /// Your own places (TSV: name, aliases, lat, lon, kind, country); they take precedence.
    #[arg(long, value_name = "FILE")]
    pub places: Option<PathBuf>,
    /// Your own actors (same format as the built-in actor list); may be repeated.
    #[arg(long = "actors", value_name = "FILE")]
    pub actor_files: Vec<PathBuf>,
}

impl StageArgs {
    /// Loads the stages' resources, and says once what is degraded.
    pub fn pipeline(
        &self,
        depth: vigil_pipeline::Depth,
    ) -> anyhow::Result<vigil_pipeline::Pipeline> {
        configure_threads(self.threads)?;
        let options = vigil_pipeline::Options {
            published: self.published.clone(),
            gazetteer: self.gazetteer.clone(),
            user_places: self.places.clone(),
            actor_files: self.actor_files.clone(),
            ..vigil_pipeline::Options::new(depth)
        };
        let pipeline = vigil_pipeline::Pipeline::new(&options)?;
        for warning in pipeline.warnings() {
            eprintln!("vigil: warning: {warning}");
        }
        Ok(pipeline)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable summary (the default on a terminal).
    Human,
    /// One pretty-printed JSON object per document.
    Json,
    /// One JSON object per line (the default when piped).
    Jsonl,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format (default: human on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Stop after cleaning (main text and metadata only).
    #[arg(long)]
    pub clean_only: bool,
}

#[derive(Debug, Args)]
pub struct DbArgs {
    /// SQLite database file, or a PostgreSQL database as `postgres://user:password@host/db`.
    #[arg(long, env = "VIGIL_DB", default_value = "vigil.db")]
    pub db: PathBuf,
}

impl DbArgs {
    /// The PostgreSQL URL `--db` gives, if it gives one.
    pub fn postgres_url(&self) -> Option<&str> {
        self.db
            .to_str()
            .filter(|db| vigil_store::PostgresStore::is_url(db))
    }
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub db: DbArgs,
    /// Only queue the documents in PostgreSQL for `vigil worker`s to process (needs a
    /// `postgres://` --db).
    #[arg(long)]
    pub enqueue: bool,
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub stages: StageArgs,
    /// The name this worker's work is counted under in `vigil status` (default: host:pid).
    #[arg(long)]
    pub name: Option<String>,
    /// Stop once no document is pending (default: wait for more).
    #[arg(long)]
    pub until_empty: bool,
    /// How long to wait between looks at an empty queue (milliseconds).
    #[arg(long, default_value_t = 1000, value_name = "MS")]
    pub poll_ms: u64,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Folders to watch (recursively); `PATH…` are folders here.
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub db: DbArgs,
    /// A file is ingested once it has not changed for this long (milliseconds).
    #[arg(long, default_value_t = 1000, value_name = "MS")]
    pub settle_ms: u64,
}

#[derive(Debug, Args)]
pub struct ArticlesArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Print JSON lines instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    /// Reported as happening now.
    New,
    /// Recalled history.
    Background,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[command(flatten)]
    pub filter: EventFilterArgs,
    /// Print JSON lines (one merged event each, with its sources) instead of a list.
    #[arg(long)]
    pub json: bool,
}

/// The conditions `vigil events` and `vigil export` select events by.
#[derive(Debug, Args)]
pub struct EventFilterArgs {
    /// Only events on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<chrono::NaiveDate>,
    /// Only events on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<chrono::NaiveDate>,
    /// Only events in this country (ISO 3166-1 alpha-2, e.g. KE).
    #[arg(long)]
    pub country: Option<String>,
    /// Only new events, or only recalled history.
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// Only events of this kind (battle, explosion_remote_violence, violence_against_civilians,
    /// protest, riot, strategic_development).
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<vigil_core::EventKind>,
    /// Only events of this actor: its id (actor:al-shabaab), its name, or any alias the actor
    /// list knows ("ISIS-K").
    #[arg(long)]
    pub actor: Option<String>,
    /// Only events whose source articles match this full-text query.
    #[arg(long)]
    pub text: Option<String>,
    /// Only events some source reports at least this many killed in.
    #[arg(long, value_name = "N")]
    pub min_killed: Option<u32>,
    /// Only events whose point lies in this box: west,south,east,north in degrees
    /// (e.g. 60,29,75,38).
    #[arg(long, value_name = "W,S,E,N", allow_hyphen_values = true)]
    pub bbox: Option<vigil_store::BoundingBox>,
}

impl EventFilterArgs {
    /// The store's filter for these flags, with a page of `limit` events from `offset`.
    pub fn filter(&self, limit: usize, offset: usize) -> vigil_store::EventFilter {
        vigil_store::EventFilter {
            limit,
            offset,
            since: self.since,
            until: self.until,
            country: self.country.as_ref().map(|c| c.to_ascii_uppercase()),
            status: self.status.map(|s| match s {
                StatusArg::New => vigil_core::EventStatus::New,
                StatusArg::Background => vigil_core::EventStatus::Background,
            }),
            kind: self.kind,
            actor: self.actor.as_deref().map(actor_id),
            text: self.text.clone(),
            min_killed: self.min_killed,
            bbox: self.bbox,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The format: csv (ACLED's columns), geojson (QGIS), stix (STIX 2.1 bundle), misp (MISP
    /// event JSON) or jsonl (vigil's own events).
    #[arg(long, short = 'f', value_parser = parse_format)]
    pub format: vigil_export::Format,
    #[command(flatten)]
    pub filter: EventFilterArgs,
    /// Write to this file (replaced only once the export is complete) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Your own actors (same format as the built-in actor list), for ACLED's actor names.
    #[arg(long = "actors", value_name = "FILE")]
    pub actor_files: Vec<PathBuf>,
}

/// The actor id a name given to `--actor` stands for when it is one of the actor list's aliases
/// ("ISIS-K" → `actor:iskp`), else the name as given (the store matches ids and names).
fn actor_id(name: &str) -> String {
    match vigil_nlp::Nlp::new().actors().lookup(name) {
        Some(actor) => format!("actor:{}", actor.id),
        None => name.to_owned(),
    }
}

fn parse_format(s: &str) -> Result<vigil_export::Format, String> {
    s.parse()
        .map_err(|e: vigil_export::ExportError| e.to_string())
}

fn parse_kind(s: &str) -> Result<vigil_core::EventKind, String> {
    let name = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    serde_json::from_value(serde_json::Value::String(name))
        .map_err(|_| format!("unknown event kind {s:?}"))
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Event id (ev-…, an alias, or a unique prefix), or document id or a unique prefix of it.
    pub id: String,
    /// Print the stored JSON record (of the event, with its sources; or of the document).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Words to look for; "quoted phrases" stay together.
    #[arg(required = true)]
    pub query: Vec<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON lines instead of a list.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DevSet {
    /// Main-text extraction (../shared/bench/article-extraction).
    Extraction,
    /// Toponym recognition and resolution (../shared/bench/geo/dev.jsonl).
    Geo,
    /// Actor recognition and the time-expression table (../shared/bench/events/dev.jsonl).
    Nlp,
    /// Event extraction (../shared/bench/events/dev.jsonl).
    Events,
    /// Events on whole pages (../shared/bench/events-pages, scored by its GUIDE.md).
    Pages,
    /// Publication dates on real pages against htmldate (../shared/bench/pubdate).
    Pubdate,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    pub set: DevSet,
    /// The dev set (default: its folder in ../shared/bench).
    pub path: Option<PathBuf>,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// pages: the extra and corrected gold pages (default: bench/events-pages/gold-extra.json
    /// of the checkout, when there is one).
    #[arg(long, value_name = "FILE", conflicts_with = "no_extra")]
    pub extra: Option<PathBuf>,
    /// pages: score the shared gold alone, as it stands.
    #[arg(long)]
    pub no_extra: bool,
    /// pages: give each page the publication date its gold states, to score events apart from
    /// publication-date finding.
    #[arg(long)]
    pub gold_published: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct GazetteerArgs {
    #[command(subcommand)]
    pub action: Option<GazetteerAction>,
    /// Place names as written ("Kabul", "Mazar-i-Sharif", "W.Va.").
    #[arg(required = true, value_name = "NAME")]
    pub names: Vec<String>,
    /// Gazetteer directory (default: $VIGIL_GAZETTEER, then data/gazetteer of the checkout).
    #[arg(long, value_name = "DIR")]
    pub gazetteer: Option<PathBuf>,
    /// Your own places (TSV: name, aliases, lat, lon, kind, country); they hide built entries
    /// of the same name, as in `extract` and `ingest`.
    #[arg(long, value_name = "FILE")]
    pub places: Option<PathBuf>,
    /// Print JSON: one object per name with its entries.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum GazetteerAction {
    /// Compile the gazetteer from GeoNames' export files (allCountries.zip, countryInfo.txt,
    /// admin1CodesASCII.txt, admin2Codes.txt, alternateNamesV2.zip …) and the registry
    /// packages scripts/gazetteer fetches; `vigil gazetteer build --help` lists the flags.
    Build(GazetteerBuildArgs),
}

#[derive(Debug, Args)]
#[command(disable_help_flag = true)]
pub struct GazetteerBuildArgs {
    /// `--flag PATH` pairs, read by vigil-geo's build command line (the same as
    /// vigil-gazetteer-build's).
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "FLAG PATH"
    )]
    pub args: Vec<String>,
}

/// `vigil PATH…` means `vigil ingest PATH…`: pointing vigil at a folder of pages just works.
pub fn with_default_subcommand(args: impl Iterator<Item = OsString>) -> Vec<OsString> {
    let mut args: Vec<OsString> = args.collect();
    let first = args.get(1).and_then(|a| a.to_str()).unwrap_or("");
    let is_flag = first.starts_with('-') && first != "-";
    // Every subcommand clap knows (and `help`), so a new one needs no second list here.
    let command = <Cli as clap::CommandFactory>::command();
    let is_subcommand = first == "help" || command.find_subcommand(first).is_some();
    if args.len() > 1 && !is_flag && !is_subcommand {
        args.insert(1, OsString::from("ingest"));
    }
    args
}

/// Parses `--published`: a year, a month, a day or an RFC 3339 timestamp.
pub fn parse_published(s: &str) -> anyhow::Result<Published> {
    let s = s.trim();
    let (value, precision) = if chrono::DateTime::parse_from_rfc3339(s).is_ok() {
        (s.to_owned(), DatePrecision::Second)
    } else if chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
        (s.to_owned(), DatePrecision::Day)
    } else if chrono::NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").is_ok() {
        (s.to_owned(), DatePrecision::Month)
    } else if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        (s.to_owned(), DatePrecision::Year)
    } else {
        bail!("not a date: {s:?} (use YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339)");
    };
    Ok(Published {
        value,
        precision,
        source: DateSource::User,
    })
}

/// Sets the size of the worker pool once, before any work.
pub fn configure_threads(threads: Option<usize>) -> anyhow::Result<()> {
    if let Some(n) = threads {
        vigil_pipeline::set_threads(n).context("cannot start worker threads")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        with_default_subcommand(v.iter().map(OsString::from))
            .into_iter()
            .map(|a| a.into_string().unwrap_or_default())
            .collect()
    }

    #[test]
    fn bare_paths_mean_ingest() {
        assert_eq!(args(&["vigil", "pages/"]), ["vigil", "ingest", "pages/"]);
        assert_eq!(args(&["vigil", "-"]), ["vigil", "ingest", "-"]);
        assert_eq!(args(&["vigil", "search", "x"]), ["vigil", "search", "x"]);
        assert_eq!(args(&["vigil", "--help"]), ["vigil", "--help"]);
        assert_eq!(args(&["vigil"]), ["vigil"]);
    }

    #[test]
    fn published_precisions() {
        let p = |s| parse_published(s).map(|p| p.precision).ok();
        assert_eq!(p("2022-12-14"), Some(DatePrecision::Day));
        assert_eq!(p("2022-12"), Some(DatePrecision::Month));
        assert_eq!(p("2022"), Some(DatePrecision::Year));
        assert_eq!(p("2022-12-14T09:00:00Z"), Some(DatePrecision::Second));
        assert_eq!(p("yesterday"), None);
        assert_eq!(p("2022-13-01"), None);
    }
}
