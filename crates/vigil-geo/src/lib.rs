//! Geoparsing: toponyms in an article's text recognised and resolved to gazetteer entries with
//! coordinates, first-level region and country.
//!
//! Architecture invariant: pure after [`Geoparser::load`]. The gazetteer is read once (the
//! files `scripts/gazetteer` builds); `geoparse` does no I/O, never panics on input, and a name
//! it cannot resolve is returned unresolved beside the others, never dropping them.
//!
//! Gazetteer lookup order in [`Geoparser::load`]: `GeoConfig::gazetteer_dir`, then the
//! `VIGIL_GAZETTEER` environment variable, then `data/gazetteer` in the current directory or
//! any parent, then `data/gazetteer` beside the running executable or any parent of it (so a
//! binary under `target/` finds the build at the repository root).

pub mod build;
mod gazetteer;
mod layout;
mod lexicon;
mod normalize;
mod recognise;
mod resolve;
mod shapes;
mod villages;

pub use gazetteer::{Entry, Gazetteer, Kind};
pub use normalize::normalize;

use std::path::{Path, PathBuf};
use vigil_core::{Article, Language, Place};

/// Environment variable naming the gazetteer directory.
pub const GAZETTEER_ENV: &str = "VIGIL_GAZETTEER";
/// Default gazetteer directory, relative to the repository root.
pub const DEFAULT_DIR: &str = "data/gazetteer";

/// Why the geoparser could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Corrupt { path: String, message: String },
    #[error("no gazetteer found (looked in: {searched}); build one with scripts/gazetteer")]
    NotFound { searched: String },
    #[error("gazetteer build failed: {message}")]
    Build { message: String },
}

/// Where to find the gazetteer and the user's own entries.
#[derive(Debug, Clone, Default)]
pub struct GeoConfig {
    /// A gazetteer directory (holding `names.fst` and `entries.bin`); when `None`, the lookup
    /// order in the crate docs applies.
    pub gazetteer_dir: Option<PathBuf>,
    /// A TSV/CSV of the user's own places (`name, aliases, lat, lon, kind, country`); these take
    /// precedence over built entries of the same name.
    pub user_entries: Option<PathBuf>,
}

/// A loaded gazetteer plus the recogniser and resolver over it. Build once, share across
/// threads. `Geoparser::default()` has no gazetteer: it still recognises demonyms and
/// place-shaped names, all reported unresolved with the reason.
#[derive(Debug)]
pub struct Geoparser {
    gazetteer: Option<Gazetteer>,
    lexicon: lexicon::Lexicon,
}

impl Default for Geoparser {
    fn default() -> Geoparser {
        Geoparser {
            gazetteer: None,
            lexicon: lexicon::Lexicon::builtin(),
        }
    }
}

impl Geoparser {
    /// Loads the gazetteer (see the crate docs for the lookup order) and the user's entries.
    pub fn load(config: &GeoConfig) -> Result<Geoparser, GeoError> {
        let dir = find_gazetteer(config)?;
        let mut gazetteer = Gazetteer::open(&dir)?;
        if let Some(path) = &config.user_entries {
            let text = std::fs::read_to_string(path).map_err(|source| GeoError::Io {
                path: path.display().to_string(),
                source,
            })?;
            gazetteer.add_user_entries(gazetteer::parse_user_entries(&text, path)?);
        }
        Ok(Geoparser::with_gazetteer(gazetteer))
    }

    /// A geoparser over an already loaded or built gazetteer.
    #[must_use]
    pub fn with_gazetteer(gazetteer: Gazetteer) -> Geoparser {
        Geoparser {
            gazetteer: Some(gazetteer),
            lexicon: lexicon::Lexicon::builtin(),
        }
    }

    /// Adds user entries from text in the user-file format; they take precedence over built
    /// entries of the same name. Does nothing without a gazetteer.
    pub fn add_user_entries(&mut self, text: &str) -> Result<(), GeoError> {
        let entries = gazetteer::parse_user_entries(text, Path::new("<user entries>"))?;
        if let Some(g) = &mut self.gazetteer {
            g.add_user_entries(entries);
        }
        Ok(())
    }

    /// The loaded gazetteer, if any.
    #[must_use]
    pub fn gazetteer(&self) -> Option<&Gazetteer> {
        self.gazetteer.as_ref()
    }

    /// Geoparses one article, given the language layer's output (entities are used when
    /// present to keep persons and organisations out). Places come in text order; spans are
    /// byte offsets into `article.text`.
    #[must_use]
    pub fn geoparse(&self, article: &Article, language: &Language) -> Vec<Place> {
        self.geoparse_text(&article.text, language)
    }

    /// Geoparses plain text (spans are byte offsets into `text`).
    #[must_use]
    pub fn geoparse_text(&self, text: &str, language: &Language) -> Vec<Place> {
        let mut tokens = recognise::tokenize(text);
        recognise::mark_sentence_starts(text, &mut tokens, language);
        let candidates = recognise::recognise(
            text,
            &tokens,
            language,
            self.gazetteer.as_ref(),
            &self.lexicon,
        );
        resolve::resolve(
            text,
            &tokens,
            &candidates,
            self.gazetteer.as_ref(),
            language,
        )
    }
}

/// Finds the gazetteer directory by the documented lookup order.
fn find_gazetteer(config: &GeoConfig) -> Result<PathBuf, GeoError> {
    let has_files = |d: &Path| d.join(gazetteer::FST_FILE).is_file();
    if let Some(dir) = &config.gazetteer_dir {
        return if has_files(dir) {
            Ok(dir.clone())
        } else {
            Err(GeoError::NotFound {
                searched: dir.display().to_string(),
            })
        };
    }
    if let Some(dir) = std::env::var_os(GAZETTEER_ENV) {
        let dir = PathBuf::from(dir);
        return if has_files(&dir) {
            Ok(dir)
        } else {
            Err(GeoError::NotFound {
                searched: format!("{GAZETTEER_ENV}={}", dir.display()),
            })
        };
    }
    let mut searched = Vec::new();
    let starts = [
        std::env::current_dir().ok(),
        std::env::current_exe()
            .ok()
            .and_then(|e| e.parent().map(Path::to_path_buf)),
    ];
    for start in starts.into_iter().flatten() {
        for dir in start.ancestors() {
            let candidate = dir.join(DEFAULT_DIR);
            if has_files(&candidate) {
                return Ok(candidate);
            }
        }
        searched.push(format!("{}/… and parents", start.display()));
    }
    Err(GeoError::NotFound {
        searched: format!("{DEFAULT_DIR} under {}", searched.join(", ")),
    })
}
