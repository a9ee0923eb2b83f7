//! vigil's exports: merged events written in the formats analysts' tools read — an ACLED-style
//! CSV table (spreadsheets, R), GeoJSON (QGIS), a STIX 2.1 bundle (OpenCTI), MISP event JSON and
//! vigil's own JSON lines.
//!
//! Every format is a streaming [`EventSink`] over an `impl Write`: events go in one at a time and
//! nothing but a set of ids already written (for STIX's shared actors, places and reports) is
//! kept, so memory stays flat however many events are exported.
//!
//! Architecture invariant: no I/O beyond the sink it is given, no store access; the caller
//! supplies each event's evidence sentences ([`EvidenceText`]).

mod acled;
mod csv_sink;
mod error;
mod geojson;
mod json;
mod jsonl;
mod misp;
mod row;
mod stix;
mod table;

use std::io::Write;
use std::str::FromStr;

use vigil_core::{Article, DocumentId, EventSource, MergedEvent, TextSource};

pub use acled::ActorNames;
pub use error::ExportError;

/// An export format, by the name `vigil export --format` and `GET /api/export?format=` take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// ACLED's columns, then vigil's own; one row per event.
    Csv,
    /// A FeatureCollection, one Point feature per event, every CSV column as a property.
    GeoJson,
    /// A STIX 2.1 bundle: events, actors, places, source reports and their relationships.
    Stix,
    /// MISP event JSON, one MISP event per vigil event (`{"response": [{"Event": …}, …]}`).
    Misp,
    /// One vigil event per line, exactly as the store holds it, plus its evidence sentences.
    Jsonl,
}

impl Format {
    /// Every format, in the order help texts list them.
    pub const ALL: [Format; 5] = [
        Format::Csv,
        Format::GeoJson,
        Format::Stix,
        Format::Misp,
        Format::Jsonl,
    ];

    /// The format's name (`csv`, `geojson`, `stix`, `misp`, `jsonl`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::GeoJson => "geojson",
            Format::Stix => "stix",
            Format::Misp => "misp",
            Format::Jsonl => "jsonl",
        }
    }

    /// The media type an HTTP response in this format carries.
    #[must_use]
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::GeoJson => "application/geo+json",
            Format::Stix => "application/stix+json;version=2.1",
            Format::Misp => "application/json",
            Format::Jsonl => "application/x-ndjson",
        }
    }

    /// The usual file extension, without its dot.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::GeoJson => "geojson",
            Format::Stix | Format::Misp => "json",
            Format::Jsonl => "jsonl",
        }
    }
}

impl FromStr for Format {
    type Err = ExportError;

    fn from_str(s: &str) -> Result<Format, ExportError> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ExportError::UnknownFormat(s.to_owned()))
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One sentence an event was read from, as text (the store keeps only its span).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceText {
    pub document_id: DocumentId,
    pub sentence: String,
}

/// The sentences `source`'s report of an event was read from, sliced from its `article` (the
/// body, or the caption for caption evidence), white space folded to single spaces. Spans that
/// do not fit the text are left out.
#[must_use]
pub fn evidence_texts(source: &EventSource, article: &Article) -> Vec<EvidenceText> {
    source
        .event
        .evidence
        .iter()
        .filter_map(|e| {
            let text = match e.source {
                TextSource::Text => article.text.as_str(),
                // Caption spans index the caption as the pipeline read it: trimmed.
                TextSource::Caption => article.caption.as_deref()?.trim(),
            };
            // One line per sentence, however the page broke it.
            let words: Vec<&str> = e.sentence.slice(text)?.split_whitespace().collect();
            Some(EvidenceText {
                document_id: source.document_id.clone(),
                sentence: words.join(" "),
            })
        })
        .collect()
}

/// What every export needs besides the events themselves.
#[derive(Debug, Clone)]
pub struct ExportConfig {
    /// How actors are named in ACLED's conventions.
    pub names: ActorNames,
    /// The time of the export: STIX `created`/`modified`, MISP `timestamp`.
    pub generated_at: chrono::DateTime<chrono::Utc>,
}

impl ExportConfig {
    /// ACLED's names from `actors` (vigil-nlp's actor table), the export dated now.
    pub fn new(actors: &vigil_nlp::Gazetteer) -> Result<ExportConfig, ExportError> {
        Ok(ExportConfig {
            names: ActorNames::new(actors)?,
            generated_at: chrono::Utc::now(),
        })
    }
}

/// A format's writer: takes events one at a time and writes them to its sink as they come.
pub trait EventSink {
    /// Writes one event with the sentences it was read from (in the order of its sources'
    /// evidence; empty when the caller has no texts).
    fn write_event(
        &mut self,
        event: &MergedEvent,
        evidence: &[EvidenceText],
    ) -> Result<(), ExportError>;

    /// Closes the document (the bundle, the feature collection) and flushes the sink.
    fn finish(self: Box<Self>) -> Result<(), ExportError>;
}

/// The writer for `format` over `sink`; write the header-to-footer document by calling
/// [`EventSink::write_event`] per event, then [`EventSink::finish`].
pub fn sink<'a, W: Write + 'a>(
    format: Format,
    sink: W,
    config: &'a ExportConfig,
) -> Result<Box<dyn EventSink + 'a>, ExportError> {
    Ok(match format {
        Format::Csv => Box::new(csv_sink::CsvSink::new(sink, config)?),
        Format::GeoJson => Box::new(geojson::GeoJsonSink::new(sink, config)?),
        Format::Stix => Box::new(stix::StixSink::new(sink, config)?),
        Format::Misp => Box::new(misp::MispSink::new(sink, config)?),
        Format::Jsonl => Box::new(jsonl::JsonlSink::new(sink)),
    })
}
