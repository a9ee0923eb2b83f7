//! Scores publication dates (the clean stage) on the pubdate dev set
//! (`../shared/bench/pubdate`): `html/<id>.html.gz` pages and `silver.json`, htmldate's answers.
//!
//! As that folder's README asks, pages are scored from their files alone: the crawl URL is not
//! given to the cleaner (a page may still name its own URL in a canonical or og:url link).
//! Figures: pages with a date (coverage) and, where both vigil and htmldate answer, the share
//! that fall on the same day. htmldate is silver, so a disagreement is a page to read, not
//! necessarily a vigil error; `VIGIL_EVAL_SHOW_MISSES=1` lists them.

use crate::extraction::read_page;
use crate::{ratio, EvalError};
use rayon::prelude::*;
use std::path::Path;
use vigil_core::Published;

/// The figures of one run; `Display` prints the table (and the disagreements when asked).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub pages: usize,
    /// Pages on which vigil found a publication date.
    pub with_date: usize,
    /// Pages on which both vigil and htmldate answer.
    pub both: usize,
    /// Of those, pages where both name the same day.
    pub same_day: usize,
    /// Pages by where vigil's date came from, most first.
    pub sources: Vec<(String, usize)>,
    /// Every page where the two differ (one answers and the other not, or another day).
    pub disagreements: Vec<Disagreement>,
}

/// One page where vigil and htmldate differ.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Disagreement {
    pub id: String,
    /// vigil's date, as `value (source)`.
    pub vigil: Option<String>,
    pub htmldate: Option<String>,
}

impl Report {
    /// Share of pages with a date.
    #[must_use]
    pub fn coverage(&self) -> f64 {
        ratio(self.with_date, self.pages)
    }

    /// Share of pages, among those where both answer, on which both name the same day.
    #[must_use]
    pub fn agreement(&self) -> f64 {
        ratio(self.same_day, self.both)
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "publication dates ({} pages)", self.pages)?;
        writeln!(f, "  with a date       {}", self.with_date)?;
        writeln!(f, "  coverage          {:.1} %", 100.0 * self.coverage())?;
        writeln!(
            f,
            "  same day as htmldate {:.1} % ({} of {} where both answer)",
            100.0 * self.agreement(),
            self.same_day,
            self.both
        )?;
        let sources: Vec<String> = self
            .sources
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect();
        writeln!(f, "  sources           {}", sources.join(", "))?;
        if std::env::var_os("VIGIL_EVAL_SHOW_MISSES").is_some() {
            for d in &self.disagreements {
                writeln!(
                    f,
                    "  {}  vigil {}  htmldate {}",
                    d.id,
                    d.vigil.as_deref().unwrap_or("-"),
                    d.htmldate.as_deref().unwrap_or("-")
                )?;
            }
        }
        Ok(())
    }
}

/// Runs the evaluation on the dev set at `path`.
pub fn run(path: &Path) -> Result<Report, EvalError> {
    let silver = load_silver(path)?;
    let options = vigil_clean::CleanOptions {
        published: None,
        now: chrono::Utc::now(),
    };
    let found: Vec<Result<Option<Published>, EvalError>> = silver
        .par_iter()
        .map(|(id, _)| {
            let file = path.join("html").join(format!("{id}.html.gz"));
            let doc = read_page(&file, None)?;
            Ok(vigil_clean::clean(&doc, &options).published)
        })
        .collect();
    let mut report = Report {
        pages: silver.len(),
        with_date: 0,
        both: 0,
        same_day: 0,
        disagreements: Vec::new(),
        sources: Vec::new(),
    };
    let mut sources: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for ((id, reference), published) in silver.iter().zip(found) {
        let published = published?;
        if let Some(p) = &published {
            report.with_date += 1;
            *sources.entry(source_name(p)).or_default() += 1;
        }
        if let (Some(p), Some(reference)) = (&published, reference) {
            report.both += 1;
            if same_day(&p.value, reference) {
                report.same_day += 1;
                continue;
            }
        }
        if published.is_none() && reference.is_none() {
            continue;
        }
        report.disagreements.push(Disagreement {
            id: id.clone(),
            vigil: published.map(|p| format!("{} ({})", p.value, source_name(&p))),
            htmldate: reference.clone(),
        });
    }
    report.sources = sources.into_iter().collect();
    report.sources.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    Ok(report)
}

/// Whether vigil's value names htmldate's day. htmldate writes a year alone (a copyright
/// notice) as `YYYY-01-01` and a month alone as `YYYY-MM-01`; vigil writes `YYYY` and `YYYY-MM`,
/// and these count as the same answer.
fn same_day(value: &str, reference: &str) -> bool {
    match value.len() {
        4 => reference.strip_suffix("-01-01") == Some(value),
        7 => reference.strip_suffix("-01") == Some(value),
        _ => value.get(..10) == Some(reference),
    }
}

fn source_name(p: &Published) -> String {
    serde_json::to_value(p.source)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `(id, htmldate's day)` for every page of `silver.json`, sorted by id.
fn load_silver(path: &Path) -> Result<Vec<(String, Option<String>)>, EvalError> {
    let file = path.join("silver.json");
    let shown = file.display().to_string();
    let data = std::fs::read_to_string(&file).map_err(|source| EvalError::Io {
        path: shown.clone(),
        source,
    })?;
    let bad = |message: String| EvalError::Data {
        path: shown.clone(),
        message,
    };
    let value: serde_json::Value = serde_json::from_str(&data).map_err(|e| bad(e.to_string()))?;
    let pages = value
        .get("pages")
        .and_then(serde_json::Value::as_object)
        .ok_or_else(|| bad("expected an object with \"pages\"".into()))?;
    let mut out: Vec<(String, Option<String>)> = pages
        .iter()
        .map(|(id, v)| {
            let day = v
                .get("htmldate")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned);
            (id.clone(), day)
        })
        .collect();
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_or_month_alone_matches_htmldates_first_day() {
        assert!(same_day("2008", "2008-01-01"));
        assert!(!same_day("2008", "2008-03-01"));
        assert!(same_day("2008-03", "2008-03-01"));
        assert!(same_day("2008-03-04T10:00:00+11:00", "2008-03-04"));
        assert!(!same_day("2008-03-05", "2008-03-04"));
    }

    #[test]
    fn scores_the_dev_set_when_present() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/pubdate");
        if !path.join("silver.json").exists() {
            return;
        }
        let report = run(&path);
        assert!(report.is_ok(), "{report:?}");
        let Ok(report) = report else { return };
        assert_eq!(report.pages, 221);
        assert!(report.coverage() >= 0.95, "{report}");
        // A floor against regressions, not the goal: htmldate is silver, and on most pages
        // where the two differ the page shows vigil's day (see the crate README's figures).
        assert!(report.agreement() >= 0.65, "{report}");
    }
}
