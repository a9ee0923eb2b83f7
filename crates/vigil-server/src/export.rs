//! `GET /api/export?format=…`: the events of a filter in one of vigil-export's formats, the
//! same files `vigil export` writes, with analysts' corrections in them.

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::io::Write;
use std::str::FromStr;
use tokio::sync::mpsc;
use vigil_export::{ExportConfig, Format};

use crate::api::Params;
use crate::error::ApiError;
use crate::query::EventQuery;
use crate::state::AppState;

/// How many bytes are handed to the response at a time.
const CHUNK: usize = 64 * 1024;

pub(crate) async fn export(
    axum::extract::State(state): axum::extract::State<AppState>,
    Params(mut raw): Params,
) -> Result<Response, ApiError> {
    let name = raw.format.take().unwrap_or_default();
    let format = Format::from_str(&name).map_err(|_| {
        ApiError::bad_request(format!(
            "format must be one of csv, geojson, stix, misp, jsonl, not {name:?}"
        ))
    })?;
    let query = EventQuery::parse(raw)?;
    let entries = query.select(&state.catalog());
    let config = ExportConfig::new(&state.inner.actors)
        .map_err(|e| ApiError::internal(format!("export: {e}")))?;

    // The events are written on the blocking pool, a chunk at a time, while the response
    // streams: memory holds a few chunks, however many events there are.
    let (tx, rx) = mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let writer = ChunkWriter {
        tx: tx.clone(),
        buffer: Vec::with_capacity(CHUNK),
    };
    let task_state = state.clone();
    tokio::task::spawn_blocking(move || {
        let written = task_state.with_store_blocking(|store| {
            let mut sink = vigil_export::sink(format, writer, &config)
                .map_err(|e| ApiError::internal(format!("export: {e}")))?;
            for entry in &entries {
                let evidence = vigil_export::event_evidence(&entry.event, |id| {
                    store.get(id.as_str()).ok().flatten().map(|r| r.article)
                });
                sink.write_event(&entry.event, &evidence)
                    .map_err(|e| ApiError::internal(format!("export: {e}")))?;
            }
            sink.finish()
                .map_err(|e| ApiError::internal(format!("export: {e}")))
        });
        if let Err(e) = written {
            // The status line is gone by now: end the body with an error so the client sees a
            // broken transfer, not a short file.
            let _ = tx.blocking_send(Err(std::io::Error::other(e.message)));
        }
    });
    let filename = format!("vigil-events.{}", format.extension());
    Ok((
        [
            (header::CONTENT_TYPE, format.media_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        Body::from_stream(ReceiverStream { rx }),
    )
        .into_response())
}

/// The receiving end of the writer as a stream of body chunks.
struct ReceiverStream {
    rx: mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
}

impl futures_core::Stream for ReceiverStream {
    type Item = Result<Vec<u8>, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx)
    }
}

/// An `io::Write` that hands full chunks to the response; a gone client ends the export.
struct ChunkWriter {
    tx: mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
    buffer: Vec<u8>,
}

impl ChunkWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client went away"))
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

impl Drop for ChunkWriter {
    fn drop(&mut self) {
        let _ = self.send();
    }
}
