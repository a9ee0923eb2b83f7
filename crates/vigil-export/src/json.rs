//! A JSON document written incrementally: a fixed opening, a stream of array items, a fixed
//! closing. GeoJSON, STIX and MISP exports are all of this shape.

use std::io::Write;

use crate::ExportError;

/// Writes `opening`, then each item (comma-separated, one per line), then `closing`.
pub(crate) struct JsonArray<W: Write> {
    out: W,
    closing: &'static str,
    first: bool,
}

impl<W: Write> JsonArray<W> {
    pub(crate) fn new(
        mut out: W,
        opening: &str,
        closing: &'static str,
    ) -> Result<JsonArray<W>, ExportError> {
        out.write_all(opening.as_bytes())?;
        Ok(JsonArray {
            out,
            closing,
            first: true,
        })
    }

    /// Appends one item to the array.
    pub(crate) fn item<T: serde::Serialize + ?Sized>(
        &mut self,
        item: &T,
    ) -> Result<(), ExportError> {
        if !self.first {
            self.out.write_all(b",")?;
        }
        self.out.write_all(b"\n")?;
        self.first = false;
        serde_json::to_writer(&mut self.out, item)?;
        Ok(())
    }

    /// Writes the closing and flushes.
    pub(crate) fn finish(mut self) -> Result<(), ExportError> {
        self.out.write_all(b"\n")?;
        self.out.write_all(self.closing.as_bytes())?;
        self.out.write_all(b"\n")?;
        self.out.flush()?;
        Ok(())
    }
}
