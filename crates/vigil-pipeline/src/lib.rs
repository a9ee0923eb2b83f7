//! Runs vigil's pure stages (clean → nlp → geo → events) over documents, in parallel on all
//! cores, and hands each document's outcome to a consumer in input order.
//!
//! Architecture invariant: no storage and no output formatting here; the caller decides where
//! records go. Input is pulled lazily, so memory stays bounded however large the input.

use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::path::PathBuf;
use vigil_core::{Article, Document, Event, Language, Place, Record, TextSource};
use vigil_nlp::Anchor;

/// Which stages to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Cleaning only (`vigil extract --clean-only`, extraction benchmarks).
    Clean,
    /// Every stage.
    Full,
}

/// What a run needs to know besides the documents.
#[derive(Debug, Clone)]
pub struct Options {
    /// A publication date that overrides what pages say (`--published`).
    pub published: Option<vigil_core::Published>,
    pub depth: Depth,
    /// A gazetteer directory; `None` uses vigil-geo's lookup order.
    pub gazetteer: Option<PathBuf>,
    /// The user's own places, taking precedence over the gazetteer.
    pub user_places: Option<PathBuf>,
    /// The user's own actor files, extending the built-in actor gazetteer.
    pub actor_files: Vec<PathBuf>,
}

impl Options {
    #[must_use]
    pub fn new(depth: Depth) -> Options {
        Options {
            published: None,
            depth,
            gazetteer: None,
            user_places: None,
            actor_files: Vec::new(),
        }
    }
}

/// Why the pipeline could not be set up: a resource the user named could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Nlp(#[from] vigil_nlp::NlpError),
    #[error(transparent)]
    Geo(#[from] vigil_geo::GeoError),
}

/// Stage resources, loaded once and shared by all worker threads.
pub struct Pipeline {
    clean: vigil_clean::CleanOptions,
    /// The language and geo resources; `None` when the run stops after cleaning, so a
    /// clean-only run loads neither.
    analysis: Option<Analysis>,
    warnings: Vec<String>,
}

struct Analysis {
    nlp: vigil_nlp::Nlp,
    geo: vigil_geo::Geoparser,
}

impl Pipeline {
    /// Loads every stage's resources. Files the user named must load; a missing default
    /// gazetteer only degrades geoparsing (places stay unresolved) and is reported in
    /// [`Pipeline::warnings`].
    pub fn new(options: &Options) -> Result<Pipeline, PipelineError> {
        let mut warnings = Vec::new();
        let clean = vigil_clean::CleanOptions {
            published: options.published.clone(),
            now: chrono::Utc::now(),
        };
        // The workers are idle until the first document is read: compile cleaning's rules on
        // them side by side meanwhile.
        for &prepare in vigil_clean::PREPARE {
            rayon::spawn(prepare);
        }
        if options.depth == Depth::Clean {
            return Ok(Pipeline {
                clean,
                analysis: None,
                warnings,
            });
        }
        let nlp = vigil_nlp::Nlp::load(&vigil_nlp::Config {
            actor_files: options.actor_files.clone(),
        })?;
        let geo_config = vigil_geo::GeoConfig {
            gazetteer_dir: options.gazetteer.clone(),
            user_entries: options.user_places.clone(),
        };
        let geo = {
            match vigil_geo::Geoparser::load(&geo_config) {
                Ok(geo) => geo,
                // Only the default gazetteer may be missing or stale: a directory the user
                // named must load.
                Err(
                    e
                    @ (vigil_geo::GeoError::NotFound { .. } | vigil_geo::GeoError::Corrupt { .. }),
                ) if options.gazetteer.is_none() => {
                    warnings.push(format!(
                        "{e}; places stay unresolved. (Re)build the gazetteer with scripts/gazetteer"
                    ));
                    vigil_geo::Geoparser::default()
                }
                Err(e) => return Err(e.into()),
            }
        };
        Ok(Pipeline {
            clean,
            analysis: Some(Analysis { nlp, geo }),
            warnings,
        })
    }

    /// What was degraded while loading, for the user to see once.
    #[must_use]
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Runs all stages on one document. Pure: no I/O.
    #[must_use]
    pub fn process(&self, doc: &Document) -> Record {
        let article = vigil_clean::clean(doc, &self.clean);
        let is_article = matches!(article.kind, vigil_core::ArticleKind::Article);
        let Some(analysis) = self.analysis.as_ref().filter(|_| is_article) else {
            return Record {
                article,
                source_id: doc.source_id.clone(),
                language: Language::default(),
                places: Vec::new(),
                events: Vec::new(),
                caption_language: None,
                caption_places: Vec::new(),
            };
        };
        let anchor = article
            .published
            .as_ref()
            .map_or(Anchor::Unknown, |p| Anchor::from_published(&p.value));
        let language = analysis.nlp.analyze(&article, anchor);
        let places = analysis.geo.geoparse(&article, &language);
        let mut events = vigil_events::extract(&article, &language, &places);
        let (caption_language, caption_places) = match analysis.caption(&article, anchor) {
            Some((language, places, caption_events)) => {
                events.extend(caption_only(caption_events, &events));
                (Some(language), places)
            }
            None => (None, Vec::new()),
        };
        Record {
            article,
            source_id: doc.source_id.clone(),
            language,
            places,
            events,
            caption_language,
            caption_places,
        }
    }

    /// Processes a stream of inputs on all cores, calling `sink` with each outcome in input order;
    /// the sink stops the run by returning `ControlFlow::Break` (e.g. on a closed pipe).
    ///
    /// A reader thread pulls inputs (file reads, gunzip, charset decoding); each document is
    /// cleaned and analysed as a task of its own, started the moment it is read; this thread
    /// hands finished outcomes to the sink in input order. No core waits for a batch's slowest
    /// document or for the sink, and memory stays bounded: the reader may hold at most
    /// `8 × threads` documents read and not yet handed to the sink.
    ///
    /// # Errors
    /// The reader thread cannot be started.
    pub fn run<I, E, F>(&self, inputs: I, sink: F) -> std::io::Result<()>
    where
        I: IntoIterator<Item = Result<Document, E>>,
        I::IntoIter: Send + 'static,
        E: Send + 'static,
        F: FnMut(Result<Record, E>) -> ControlFlow<()>,
    {
        self.run_map(inputs, &|record| record, sink)
    }

    /// [`Pipeline::run`], with `then` applied to each record inside its document's task, on the
    /// worker threads: work a consumer would otherwise do on its one thread (packing a record
    /// for storage) is spread over all cores.
    ///
    /// # Errors
    /// The reader thread cannot be started.
    pub fn run_map<I, E, T, F>(
        &self,
        inputs: I,
        then: &(dyn Fn(Record) -> T + Sync),
        mut sink: F,
    ) -> std::io::Result<()>
    where
        I: IntoIterator<Item = Result<Document, E>>,
        I::IntoIter: Send + 'static,
        E: Send + 'static,
        T: Send + 'static,
        F: FnMut(Result<T, E>) -> ControlFlow<()>,
    {
        let window = rayon::current_num_threads().max(1) * 8;
        // One token per document the reader may have out; the loop returns one per outcome
        // handed to the sink.
        let (token_tx, token_rx) = std::sync::mpsc::sync_channel(window);
        for _ in 0..window {
            let _ = token_tx.send(());
        }
        // Inputs from the reader and outcomes from the tasks, in one queue, so that the loop
        // wakes for whichever comes first.
        let (event_tx, event_rx) = std::sync::mpsc::channel();
        let reader_events = event_tx.clone();
        let inputs = inputs.into_iter();
        // Not joined: after an early stop the reader may be blocked on a read (stdin); it ends
        // at its next send, or with the process.
        std::thread::Builder::new()
            .name("vigil-reader".into())
            .spawn(move || {
                for item in inputs {
                    if token_rx.recv().is_err() || reader_events.send(Wake::Input(item)).is_err() {
                        return;
                    }
                }
                let _ = reader_events.send(Wake::End);
            })?;
        rayon::in_place_scope(|scope| {
            // Outcomes not yet given to the sink, from position `next_out` on; `None` while
            // the document is still being processed.
            let mut waiting: VecDeque<Option<Result<T, E>>> = VecDeque::new();
            let mut next_out = 0usize;
            let mut input_open = true;
            while input_open || !waiting.is_empty() {
                let Ok(event) = event_rx.recv() else {
                    return;
                };
                match event {
                    Wake::Input(item) => {
                        let reply = Reply {
                            position: next_out + waiting.len(),
                            tx: event_tx.clone(),
                            sent: false,
                        };
                        waiting.push_back(None);
                        scope.spawn(move |_| {
                            reply.send(item.map(|doc| then(self.process(&doc))));
                        });
                    }
                    Wake::End => input_open = false,
                    // A task that panicked: stop, and the scope passes the panic on.
                    Wake::Done(_, None) => return,
                    Wake::Done(position, Some(outcome)) => {
                        if let Some(slot) = position
                            .checked_sub(next_out)
                            .and_then(|k| waiting.get_mut(k))
                        {
                            *slot = Some(outcome);
                        }
                        while waiting.front().is_some_and(Option::is_some) {
                            let Some(Some(outcome)) = waiting.pop_front() else {
                                break;
                            };
                            next_out += 1;
                            let _ = token_tx.send(());
                            if sink(outcome).is_break() {
                                return;
                            }
                        }
                    }
                }
            }
        });
        Ok(())
    }
}

/// What wakes [`Pipeline::run`]'s loop.
enum Wake<D, R> {
    /// A document from the reader.
    Input(D),
    /// The reader is done.
    End,
    /// A document's outcome by its position; `None` when its task panicked.
    Done(usize, Option<R>),
}

/// Hands one document's outcome back to [`Pipeline::run`]'s loop. Dropped unsent (the stages
/// panicked), it sends `None`, so that the loop does not wait for it forever.
struct Reply<D, R> {
    position: usize,
    tx: std::sync::mpsc::Sender<Wake<D, R>>,
    sent: bool,
}

impl<D, R> Reply<D, R> {
    fn send(mut self, outcome: R) {
        self.sent = true;
        let _ = self.tx.send(Wake::Done(self.position, Some(outcome)));
    }
}

impl<D, R> Drop for Reply<D, R> {
    fn drop(&mut self) {
        if !self.sent {
            let _ = self.tx.send(Wake::Done(self.position, None));
        }
    }
}

pub use rayon::ThreadPoolBuildError;

/// Sets the number of worker threads for all later runs; call once, before any work.
pub fn set_threads(n: usize) -> Result<(), ThreadPoolBuildError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n.max(1))
        .build_global()
}

impl Analysis {
    /// Reads the photo caption as a text of its own: captions report events too ("… the site
    /// of a bomb explosion inside a mosque, in Mazar-e-Sharif"). Its spans index the caption,
    /// and its events say so in their evidence.
    fn caption(
        &self,
        article: &Article,
        anchor: Anchor,
    ) -> Option<(Language, Vec<Place>, Vec<Event>)> {
        let caption = article.caption.as_deref()?.trim();
        if caption.is_empty() {
            return None;
        }
        let paragraphs = vec![caption.to_owned()];
        let view = Article {
            text: Article::join_paragraphs(&paragraphs),
            paragraphs,
            caption: None,
            ..article.clone()
        };
        let language = self.nlp.analyze(&view, anchor);
        let places = self.geo.geoparse(&view, &language);
        let mut events = vigil_events::extract(&view, &language, &places);
        for event in &mut events {
            for evidence in &mut event.evidence {
                evidence.source = TextSource::Caption;
            }
        }
        Some((language, places, events))
    }
}

/// Caption events the body does not already report. A caption usually shows the body's main
/// event; it is the same event when the kind agrees, the dates overlap (or one is unknown) and
/// the places agree on country (or one is unknown).
fn caption_only(caption_events: Vec<Event>, body: &[Event]) -> Vec<Event> {
    caption_events
        .into_iter()
        .filter(|c| !body.iter().any(|b| same_event(c, b)))
        .collect()
}

fn same_event(a: &Event, b: &Event) -> bool {
    let dates = match (&a.when, &b.when) {
        (Some(x), Some(y)) => x.start <= y.end && y.start <= x.end,
        _ => true,
    };
    let country = |e: &Event| e.place.as_ref().and_then(|p| p.place.country_code.clone());
    let places = match (country(a), country(b)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    a.kind == b.kind && dates && places
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_core::{DocumentId, MediaType};

    fn page(i: usize) -> Document {
        // Longer pages now and then, so that documents finish out of order.
        let words = if i.is_multiple_of(5) { 3_000 } else { 30 };
        let content = format!(
            "Page {i}. {}",
            "Rivers rose over the old road. ".repeat(words)
        );
        Document {
            id: DocumentId::of_bytes(content.as_bytes()),
            uri: format!("page-{i}"),
            url: None,
            media_type: MediaType::Text,
            content,
            encoding: "UTF-8".into(),
            published_hint: None,
            title_hint: None,
            source_id: None,
        }
    }

    fn clean_only() -> Pipeline {
        match Pipeline::new(&Options::new(Depth::Clean)) {
            Ok(pipeline) => pipeline,
            Err(e) => panic!("a clean-only pipeline loads nothing that can fail: {e}"),
        }
    }

    #[test]
    fn outcomes_come_in_input_order_with_errors_in_place() {
        let inputs: Vec<Result<Document, String>> = (0..300)
            .map(|i| {
                if i % 7 == 3 {
                    Err(format!("unreadable-{i}"))
                } else {
                    Ok(page(i))
                }
            })
            .collect();
        let expected: Vec<String> = (0..300)
            .map(|i| {
                if i % 7 == 3 {
                    format!("unreadable-{i}")
                } else {
                    format!("page-{i}")
                }
            })
            .collect();
        let mut seen = Vec::new();
        let run = clean_only().run(inputs, |outcome| {
            seen.push(match outcome {
                Ok(record) => record.article.uri,
                Err(e) => e,
            });
            ControlFlow::Continue(())
        });
        assert!(run.is_ok());
        assert_eq!(seen, expected);
    }

    #[test]
    fn the_sink_stops_an_endless_input() {
        let endless = (0..).map(|i| Ok::<_, String>(page(i)));
        let mut seen = 0;
        let run = clean_only().run(endless, |_| {
            seen += 1;
            if seen == 40 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert!(run.is_ok());
        assert_eq!(seen, 40);
    }

    #[test]
    fn an_empty_input_ends_at_once() {
        let run = clean_only().run(std::iter::empty::<Result<Document, String>>(), |_| {
            ControlFlow::Continue(())
        });
        assert!(run.is_ok());
    }
}
