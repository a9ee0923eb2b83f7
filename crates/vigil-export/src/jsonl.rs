//! vigil's own JSON lines: each event exactly as the store holds it, plus its evidence sentences.

use std::io::Write;

use serde::Serialize;
use vigil_core::MergedEvent;

use crate::{EventSink, EvidenceText, ExportError};

pub(crate) struct JsonlSink<W: Write> {
    out: W,
}

impl<W: Write> JsonlSink<W> {
    pub(crate) fn new(out: W) -> JsonlSink<W> {
        JsonlSink { out }
    }
}

/// One line: the merged event's own fields, then `evidence_text`.
#[derive(Serialize)]
struct Line<'e> {
    #[serde(flatten)]
    event: &'e MergedEvent,
    evidence_text: Vec<Sentence<'e>>,
}

#[derive(Serialize)]
struct Sentence<'e> {
    document_id: &'e str,
    sentence: &'e str,
}

impl<W: Write> EventSink for JsonlSink<W> {
    fn write_event(
        &mut self,
        event: &MergedEvent,
        evidence: &[EvidenceText],
    ) -> Result<(), ExportError> {
        let line = Line {
            event,
            evidence_text: evidence
                .iter()
                .map(|e| Sentence {
                    document_id: e.document_id.as_str(),
                    sentence: &e.sentence,
                })
                .collect(),
        };
        serde_json::to_writer(&mut self.out, &line)?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        self.out.flush()?;
        Ok(())
    }
}
