//! Scores main-text extraction (the clean stage) on the article-extraction dev set
//! (`../shared/bench/article-extraction`): `html/<id>.html.gz` pages and `ground-truth.json`.
//!
//! The metric is exactly the one in that folder's README: `\w+` Unicode tokens, multisets of
//! word 4-grams, per-page counts normalised to sum 1, precision and recall averaged over pages,
//! F1 the harmonic mean of the two averages, accuracy the share of exact token matches.

use crate::EvalError;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use vigil_core::{Article, ArticleKind, Document, DocumentId, MediaType};

/// Shingle length of the metric.
const SHINGLE: usize = 4;

/// The figures of one evaluation run; `Display` prints the human-readable table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Share of pages whose token sequence equals the reference exactly.
    pub accuracy: f64,
    pub pages: usize,
    /// Pages for which the cleaner returned no word at all.
    pub empty_pages: usize,
    /// Pages the cleaner flagged as not an article (all pages of this set are articles).
    pub not_article_pages: usize,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "article extraction ({} pages)", self.pages)?;
        writeln!(f, "  F1         {:.3}", self.f1)?;
        writeln!(f, "  precision  {:.3}", self.precision)?;
        writeln!(f, "  recall     {:.3}", self.recall)?;
        writeln!(f, "  accuracy   {:.3}", self.accuracy)?;
        writeln!(f, "  empty      {}", self.empty_pages)?;
        writeln!(f, "  flagged not_article {}", self.not_article_pages)
    }
}

/// One page's prediction, for scoring here or with an external scorer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Prediction {
    pub id: String,
    pub text: String,
    /// `None` for an article, else the not-article reason.
    pub not_article: Option<String>,
}

/// Runs the evaluation on the dev set at `path`.
pub fn run(path: &Path) -> Result<Report, EvalError> {
    let truth = load_truth(path)?;
    let predictions = predict(path)?;
    let by_id: HashMap<&str, &Prediction> =
        predictions.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut ids: Vec<&String> = truth.keys().collect();
    ids.sort();
    let mut counts = Vec::with_capacity(ids.len());
    let mut exact = 0usize;
    let mut empty = 0usize;
    let mut not_article = 0usize;
    for id in ids {
        let reference = truth.get(id).map(|t| t.body.as_str()).unwrap_or("");
        let predicted = by_id.get(id.as_str());
        let text = predicted.map(|p| p.text.as_str()).unwrap_or("");
        if predicted.is_some_and(|p| p.not_article.is_some()) {
            not_article += 1;
        }
        let (r, p) = (words(reference), words(text));
        if p.is_empty() {
            empty += 1;
        }
        if r == p {
            exact += 1;
        }
        counts.push(page_counts(&r, &p));
    }
    Ok(aggregate(&counts, exact, empty, not_article))
}

/// Cleans every page of the dev set at `path` (on rayon's thread pool) and returns the texts.
pub fn predict(path: &Path) -> Result<Vec<Prediction>, EvalError> {
    let truth = load_truth(path)?;
    let html_dir = path.join("html");
    let entries = std::fs::read_dir(&html_dir).map_err(|source| EvalError::Io {
        path: html_dir.display().to_string(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    files.sort();
    let options = vigil_clean::CleanOptions {
        published: None,
        now: chrono::Utc::now(),
    };
    files
        .par_iter()
        .map(|file| {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let id = name.split('.').next().unwrap_or_default().to_owned();
            let url = truth.get(&id).map(|t| t.url.clone());
            let doc = read_page(file, url)?;
            let article = vigil_clean::clean(&doc, &options);
            Ok(prediction(id, &article))
        })
        .collect()
}

/// Reads one gzip-compressed HTML page into a [`Document`].
pub fn read_page(file: &Path, url: Option<String>) -> Result<Document, EvalError> {
    let io = |source| EvalError::Io {
        path: file.display().to_string(),
        source,
    };
    let raw = std::fs::read(file).map_err(io)?;
    let mut bytes = Vec::with_capacity(raw.len() * 5);
    flate2::read::GzDecoder::new(raw.as_slice())
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(document(&file.display().to_string(), &bytes, url))
}

/// An HTML [`Document`] from bytes, decoded as UTF-8 (lossy: the dev set is UTF-8).
pub fn document(uri: &str, bytes: &[u8], url: Option<String>) -> Document {
    Document {
        id: DocumentId::of_bytes(bytes),
        uri: uri.to_owned(),
        url,
        media_type: MediaType::Html,
        content: String::from_utf8_lossy(bytes).into_owned(),
        encoding: "UTF-8".into(),
        published_hint: None,
        title_hint: None,
        source_id: None,
    }
}

fn prediction(id: String, article: &Article) -> Prediction {
    Prediction {
        id,
        text: article.text.clone(),
        not_article: match &article.kind {
            ArticleKind::Article => None,
            ArticleKind::NotArticle(reason) => Some(reason.clone()),
        },
    }
}

struct Truth {
    body: String,
    url: String,
}

fn load_truth(path: &Path) -> Result<HashMap<String, Truth>, EvalError> {
    let file = path.join("ground-truth.json");
    let data = std::fs::read_to_string(&file).map_err(|source| EvalError::Io {
        path: file.display().to_string(),
        source,
    })?;
    let bad = |message: String| EvalError::Data {
        path: file.display().to_string(),
        message,
    };
    let value: serde_json::Value = serde_json::from_str(&data).map_err(|e| bad(e.to_string()))?;
    let object = value
        .as_object()
        .ok_or_else(|| bad("expected a JSON object".into()))?;
    Ok(object
        .iter()
        .map(|(id, v)| {
            let field = |k: &str| v.get(k).and_then(|s| s.as_str()).unwrap_or("").to_owned();
            (
                id.clone(),
                Truth {
                    body: field("articleBody"),
                    url: field("url"),
                },
            )
        })
        .collect())
}

/// Python's `re` `\w` on `str`: letters, numbers and the underscore.
fn is_word_char(c: char) -> bool {
    c.is_alphabetic() && !is_mark(c) || c.is_numeric() || c == '_'
}

/// Combining marks count as alphabetic in Rust but are not `\w` in Python.
fn is_mark(c: char) -> bool {
    use std::sync::OnceLock;
    static MARK: OnceLock<Option<regex::Regex>> = OnceLock::new();
    MARK.get_or_init(|| regex::Regex::new(r"^\p{M}$").ok())
        .as_ref()
        .is_some_and(|re| {
            let mut buf = [0u8; 4];
            re.is_match(c.encode_utf8(&mut buf))
        })
}

/// Maximal runs of word characters.
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '_'
        } else {
            is_word_char(c)
        };
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// The multiset of word 4-grams; 1 to 3 tokens make one short shingle.
fn bag<'a>(tokens: &'a [&'a str]) -> HashMap<&'a [&'a str], usize> {
    let mut bag = HashMap::new();
    if tokens.is_empty() {
        return bag;
    }
    if tokens.len() < SHINGLE {
        bag.insert(tokens, 1);
        return bag;
    }
    for w in tokens.windows(SHINGLE) {
        *bag.entry(w).or_insert(0) += 1;
    }
    bag
}

/// Normalised (tp, fp, fn) of one page.
fn page_counts(reference: &[&str], predicted: &[&str]) -> (f64, f64, f64) {
    let (r, p) = (bag(reference), bag(predicted));
    let mut shared = 0usize;
    for (k, &n) in &p {
        shared += n.min(r.get(k).copied().unwrap_or(0));
    }
    let p_total: usize = p.values().sum();
    let r_total: usize = r.values().sum();
    let extra = p_total - shared;
    let missed = r_total - shared;
    let total = (shared + extra + missed) as f64;
    if total == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    (
        shared as f64 / total,
        extra as f64 / total,
        missed as f64 / total,
    )
}

/// One page's `tp / (tp + wrong)`, `wrong` being fp (precision) or fn (recall): `None` when the
/// page has nothing on that side (an empty prediction does not count against precision), 1 for
/// a page with neither fp nor fn.
fn page_share(tp: f64, wrong: f64, perfect: bool) -> Option<f64> {
    (tp + wrong > 0.0).then(|| if perfect { 1.0 } else { tp / (tp + wrong) })
}

fn aggregate(counts: &[(f64, f64, f64)], exact: usize, empty: usize, not_article: usize) -> Report {
    let mean = |xs: Vec<f64>| {
        if xs.is_empty() {
            0.0
        } else {
            xs.iter().sum::<f64>() / xs.len() as f64
        }
    };
    let perfect = |fp: f64, fn_: f64| fp == 0.0 && fn_ == 0.0;
    let precision = mean(
        counts
            .iter()
            .filter_map(|&(tp, fp, fn_)| page_share(tp, fp, perfect(fp, fn_)))
            .collect(),
    );
    let recall = mean(
        counts
            .iter()
            .filter_map(|&(tp, fp, fn_)| page_share(tp, fn_, perfect(fp, fn_)))
            .collect(),
    );
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let pages = counts.len();
    Report {
        precision,
        recall,
        f1,
        accuracy: if pages == 0 {
            0.0
        } else {
            exact as f64 / pages as f64
        },
        pages,
        empty_pages: empty,
        not_article_pages: not_article,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_python_word_class() {
        assert_eq!(
            words("Hello, wörld! a_b 12½ — x"),
            vec!["Hello", "wörld", "a_b", "12½", "x"]
        );
        assert!(words(" ,.; ").is_empty());
    }

    #[test]
    fn short_texts_make_one_shingle() {
        let (tp, fp, fn_) = page_counts(&["a", "b"], &["a", "b"]);
        assert_eq!((tp, fp, fn_), (1.0, 0.0, 0.0));
        let (tp, fp, fn_) = page_counts(&["a", "b", "c", "d", "e"], &["a", "b", "c", "d"]);
        // reference has 2 shingles, prediction 1, both share 1.
        assert!((tp - 0.5).abs() < 1e-9 && fp == 0.0 && (fn_ - 0.5).abs() < 1e-9);
    }

    #[test]
    fn empty_prediction_counts_against_recall_only() {
        let c = vec![
            page_counts(&["a", "b", "c", "d"], &[]),
            page_counts(&["x"], &["x"]),
        ];
        let r = aggregate(&c, 1, 1, 0);
        assert!((r.precision - 1.0).abs() < 1e-9);
        assert!((r.recall - 0.5).abs() < 1e-9);
    }
}
