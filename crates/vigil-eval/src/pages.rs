//! Scores whole pages against `../shared/bench/events-pages/gold.json` by the scoring section of
//! its `GUIDE.md`: system events are matched to gold events page by page, greedily in gold
//! order, on date (at the gold's precision) and place (50 km for a town, 200 km for a region,
//! 1,000 km or the same country for a country); then precision, recall and F1 of events, and on
//! matched pairs the share with the right status, kind and `killed_min`, and the ratio of
//! system events to gold events.
//!
//! Non-violent strategic developments (arrests, agreements, defused bombs: ACLED codes them,
//! the guide does not count them as events) are left out of the score and counted apart, so
//! vigil can keep them for analysts who want an ACLED-like database.
//!
//! Pages are read from `../pubdate/html/<id>.html.gz` beside the gold folder and run through
//! the whole pipeline, as `vigil extract` runs them. Extra pages and corrections written for
//! vigil by the same guide live in the repository (`bench/events-pages/gold-extra.json`): an
//! entry whose id is a shared page replaces it, any other adds a page. Evaluation only.

use crate::events::{label_of, Share};
use crate::EvalError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use vigil_core::{haversine_km, Event, EventStatus, Record};

/// One page of the gold: its events as an analyst codes them.
#[derive(Debug, Clone, Deserialize)]
struct GoldPage {
    id: String,
    url: Option<String>,
    published: Option<String>,
    events: Vec<GoldEvent>,
}

/// One gold event (the fields the score reads).
#[derive(Debug, Clone, Deserialize)]
struct GoldEvent {
    summary: String,
    status: String,
    kind: String,
    date: Option<String>,
    country: String,
    lat: f64,
    lon: f64,
    geo_precision: String,
    killed_min: Option<u32>,
}

/// How to run the page evaluation.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Extra and corrected gold pages (`bench/events-pages/gold-extra.json`); `None` scores the
    /// shared gold as it stands.
    pub extra: Option<PathBuf>,
    /// Give each page the publication date its gold states (as a container date), to score
    /// event extraction apart from publication-date finding.
    pub gold_published: bool,
}

/// Figures over one set of pages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    pub pages: usize,
    pub gold_events: usize,
    pub system_events: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// On matched pairs.
    pub status: Share,
    pub kind: Share,
    pub killed_min: Share,
    /// System events / gold events.
    pub ratio: f64,
    /// Non-violent strategic developments vigil found, left out of the score.
    pub developments: usize,
}

impl Figures {
    fn add(&mut self, page: &PageDetail) {
        self.pages += 1;
        self.gold_events += page.gold_events;
        self.system_events += page.system.len();
        self.developments += page.developments.len();
        for m in &page.matches {
            self.matched += 1;
            self.status.add(m.status);
            self.kind.add(m.kind);
            self.killed_min.add(m.killed_min);
        }
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.matched, self.system_events);
        self.recall = ratio(self.matched, self.gold_events);
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
        self.ratio = ratio(self.system_events, self.gold_events);
    }
}

/// The figures of one run: the shared gold (with corrections applied when an extra file is
/// given), the extra pages, and both together.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub shared: Figures,
    pub extra: Option<Figures>,
    pub all: Figures,
    /// Shared pages that the extra file corrects.
    pub corrected: Vec<String>,
    pub details: Vec<PageDetail>,
}

/// How one page scored, for error analysis (`--json`).
#[derive(Debug, Clone, Serialize)]
pub struct PageDetail {
    pub id: String,
    pub extra: bool,
    pub published: Option<String>,
    pub gold_events: usize,
    /// One line per scored system event: `date kind place killed status`.
    pub system: Vec<String>,
    /// One line per non-violent strategic development, left out of the score.
    pub developments: Vec<String>,
    pub matches: Vec<Match>,
    /// Summaries of gold events left unmatched.
    pub missed: Vec<String>,
}

/// One matched gold/system pair and which fields agree.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub gold: String,
    pub system: usize,
    pub status: bool,
    pub kind: bool,
    pub killed_min: bool,
}

/// Runs the evaluation on the gold folder `dir` (holding `gold.json`; pages are read from
/// `dir/../pubdate/html`).
///
/// # Errors
/// A gold file cannot be read or parsed, or the pipeline cannot load its resources.
pub fn run(dir: &Path, options: &Options) -> Result<Report, EvalError> {
    let shared: Vec<GoldPage> = read_json(&dir.join("gold.json"))?;
    let extra: Vec<GoldPage> = match &options.extra {
        Some(path) => read_json(path)?,
        None => Vec::new(),
    };
    let html = dir.join("../pubdate/html");
    let pipeline =
        vigil_pipeline::Pipeline::new(&vigil_pipeline::Options::new(vigil_pipeline::Depth::Full))
            .map_err(|e| EvalError::Data {
            path: dir.display().to_string(),
            message: e.to_string(),
        })?;
    let overrides: HashMap<&str, &GoldPage> = extra.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut corrected = Vec::new();
    let mut pages: Vec<(&GoldPage, bool)> = Vec::new();
    for page in &shared {
        match overrides.get(page.id.as_str()) {
            Some(fix) => {
                corrected.push(page.id.clone());
                pages.push((fix, false));
            }
            None => pages.push((page, false)),
        }
    }
    let shared_ids: std::collections::HashSet<&str> =
        shared.iter().map(|p| p.id.as_str()).collect();
    pages.extend(
        extra
            .iter()
            .filter(|p| !shared_ids.contains(p.id.as_str()))
            .map(|p| (p, true)),
    );
    let mut report = Report {
        shared: Figures::default(),
        extra: options.extra.as_ref().map(|_| Figures::default()),
        all: Figures::default(),
        corrected,
        details: Vec::new(),
    };
    for (page, is_extra) in pages {
        let record = process(&pipeline, &html, page, options.gold_published)?;
        let detail = score_page(page, is_extra, &record);
        match (is_extra, report.extra.as_mut()) {
            (true, Some(f)) => f.add(&detail),
            _ => report.shared.add(&detail),
        }
        report.all.add(&detail);
        report.details.push(detail);
    }
    Ok(report)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, EvalError> {
    let body = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.display().to_string(),
        source,
    })?;
    serde_json::from_str(&body).map_err(|e| EvalError::Data {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// Reads one page as ingest reads it (gzip and charset sniffed) and runs every stage on it.
fn process(
    pipeline: &vigil_pipeline::Pipeline,
    html: &Path,
    page: &GoldPage,
    gold_published: bool,
) -> Result<Record, EvalError> {
    let file = html.join(format!("{}.html.gz", page.id));
    let shown = file.display().to_string();
    let bytes = std::fs::read(&file).map_err(|source| EvalError::Io {
        path: shown.clone(),
        source,
    })?;
    let read =
        vigil_ingest::documents_from_bytes(&shown, &bytes, &vigil_ingest::IngestOptions::default());
    let mut doc = match read.into_iter().next() {
        Some(Ok(doc)) => doc,
        Some(Err(e)) => {
            return Err(EvalError::Data {
                path: shown,
                message: e.to_string(),
            })
        }
        None => {
            return Err(EvalError::Data {
                path: shown,
                message: "no document".into(),
            })
        }
    };
    doc.url = page.url.clone();
    if gold_published {
        doc.published_hint = page.published.clone();
    }
    Ok(pipeline.process(&doc))
}

fn score_page(page: &GoldPage, extra: bool, record: &Record) -> PageDetail {
    let (developments, events): (Vec<&Event>, Vec<&Event>) = record
        .events
        .iter()
        .partition(|e| e.sub_kind.is_nonviolent_development());
    let mut taken = vec![false; events.len()];
    let mut matches = Vec::new();
    let mut missed = Vec::new();
    for g in &page.events {
        let kind = g.kind.as_str();
        // Among the system events this gold event matches, one of its kind first.
        let found = (0..events.len())
            .filter(|&i| !taken[i] && matches_gold(g, events[i]))
            .min_by_key(|&i| (label_of(events[i].sub_kind) != kind, i));
        match found {
            Some(i) => {
                taken[i] = true;
                let e = events[i];
                matches.push(Match {
                    gold: g.summary.clone(),
                    system: i,
                    status: status_name(e.status) == g.status,
                    kind: label_of(e.sub_kind) == kind,
                    killed_min: e.killed.map(|k| k.min) == g.killed_min,
                });
            }
            None => missed.push(g.summary.clone()),
        }
    }
    PageDetail {
        id: page.id.clone(),
        extra,
        published: record.article.published.as_ref().map(|p| p.value.clone()),
        gold_events: page.events.len(),
        system: events.iter().map(|e| describe(e)).collect(),
        developments: developments.iter().map(|e| describe(e)).collect(),
        matches,
        missed,
    }
}

fn status_name(s: EventStatus) -> &'static str {
    match s {
        EventStatus::New => "new",
        EventStatus::Background => "background",
    }
}

/// The guide's match: date at the gold's precision, and place within the gold precision's
/// radius (or, for a country, inside it).
fn matches_gold(g: &GoldEvent, e: &Event) -> bool {
    date_agrees(g.date.as_deref(), e.when.as_ref().map(|w| w.start)) && place_agrees(g, e)
}

fn date_agrees(gold: Option<&str>, system: Option<NaiveDate>) -> bool {
    let Some(gold) = gold else { return true };
    let Some(d) = system else { return false };
    let parts: Vec<&str> = gold.split('-').collect();
    let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
    match parts.len() {
        1 => num(0).is_some_and(|y| d.year() == y as i32),
        2 => num(0).is_some_and(|y| d.year() == y as i32) && num(1) == Some(d.month()),
        _ => NaiveDate::parse_from_str(gold, "%Y-%m-%d").is_ok_and(|day| day == d),
    }
}

fn place_agrees(g: &GoldEvent, e: &Event) -> bool {
    let Some(place) = e.place.as_ref().map(|p| &p.place) else {
        return false;
    };
    let radius = match g.geo_precision.as_str() {
        "city" => 50.0,
        "admin1" => 200.0,
        _ => 1000.0,
    };
    let near = place
        .lat
        .zip(place.lon)
        .is_some_and(|(lat, lon)| haversine_km(lat, lon, g.lat, g.lon) <= radius);
    near || (g.geo_precision == "country"
        && place
            .country_code
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(&g.country)))
}

fn describe(e: &Event) -> String {
    let date = e
        .when
        .as_ref()
        .map_or_else(|| "-".to_owned(), |w| w.start.to_string());
    let place = e.place.as_ref().map_or("-", |p| p.place.name.as_str());
    let killed = e
        .killed
        .map_or_else(|| "-".to_owned(), |k| k.min.to_string());
    format!(
        "{date} {} {place} killed={killed} {}",
        label_of(e.sub_kind),
        status_name(e.status)
    )
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "  pages {}, gold events {}, system events {}, matched {}",
            self.pages, self.gold_events, self.system_events, self.matched
        )?;
        writeln!(
            f,
            "  precision {:.3}  recall {:.3}  F1 {:.3}",
            self.precision, self.recall, self.f1
        )?;
        writeln!(
            f,
            "  on matched events: status {}  kind {}  killed_min {}",
            self.status, self.kind, self.killed_min
        )?;
        writeln!(f, "  system events / gold events {:.2}", self.ratio)?;
        writeln!(
            f,
            "  left out: {} non-violent strategic development(s) (arrests, agreements…; not events by the guide)",
            self.developments
        )
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "shared gold (../shared/bench/events-pages/gold.json)")?;
        if !self.corrected.is_empty() {
            writeln!(
                f,
                "  with {} page(s) corrected by the extra file",
                self.corrected.len()
            )?;
        }
        write!(f, "{}", self.shared)?;
        if let Some(extra) = &self.extra {
            writeln!(f, "extra gold (pages added by the extra file)")?;
            write!(f, "{extra}")?;
            writeln!(f, "all")?;
            write!(f, "{}", self.all)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gold_date_agrees_at_its_own_precision() {
        let d = NaiveDate::from_ymd_opt(2007, 12, 30);
        assert!(date_agrees(Some("2007-12-30"), d));
        assert!(!date_agrees(Some("2007-12-29"), d));
        assert!(date_agrees(Some("2007-12"), d));
        assert!(!date_agrees(Some("2008-01"), d));
        assert!(date_agrees(Some("2007"), d));
        assert!(date_agrees(None, None));
        assert!(!date_agrees(Some("2007"), None));
    }
}
