//! The ACLED-style CSV table: one header, one row per event.

use std::io::Write;

use vigil_core::MergedEvent;

use crate::row::{row, COLUMNS};
use crate::{EventSink, EvidenceText, ExportConfig, ExportError};

/// Writes [`COLUMNS`] as a header, then one row per event.
pub(crate) struct CsvSink<'a, W: Write> {
    out: csv::Writer<W>,
    config: &'a ExportConfig,
}

impl<'a, W: Write> CsvSink<'a, W> {
    pub(crate) fn new(out: W, config: &'a ExportConfig) -> Result<CsvSink<'a, W>, ExportError> {
        let mut out = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(out);
        out.write_record(COLUMNS)?;
        Ok(CsvSink { out, config })
    }
}

impl<W: Write> EventSink for CsvSink<'_, W> {
    fn write_event(
        &mut self,
        event: &MergedEvent,
        evidence: &[EvidenceText],
    ) -> Result<(), ExportError> {
        let cells = row(event, evidence, &self.config.names);
        self.out
            .write_record(cells.iter().map(|(_, cell)| cell.to_text()))?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        self.out.flush()?;
        Ok(())
    }
}
