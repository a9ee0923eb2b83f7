//! WARC files (plain or gzip'd): each `response` record with an HTML payload is an article.
//!
//! Records are framed here (header lines, then exactly `Content-Length` body bytes) and each
//! header block is parsed with the `warc` crate's parser. The crate's own iterators are not used:
//! they buffer bodies without a size limit and cannot find the next record after a bad one,
//! while this reader skips an oversized body without keeping it and resynchronises on the next
//! `WARC/` line.

use std::io::{self, BufRead, Read};

use vigil_core::{Document, MediaType};

use crate::error::{ErrorKind, IngestError};
use crate::source::{page_document, read_bounded, read_line_bounded, Hints};

/// A header block larger than this is not a WARC header.
const MAX_HEADER_BYTES: usize = 1 << 20;
/// Room for the HTTP status line and headers on top of the page itself.
const HTTP_HEADER_ALLOWANCE: usize = 1 << 16;

/// The documents of a WARC stream; uri `path#record<n>` (n counts every record, 1-based).
pub(crate) struct Records<R> {
    uri: String,
    reader: R,
    gzip: bool,
    max: usize,
    record_number: usize,
    /// A `WARC/` line already read while resynchronising, to start the next header with.
    pending_version_line: Option<Vec<u8>>,
    line: Vec<u8>,
    done: bool,
}

enum Header {
    /// The parsed header: lower-cased names with their values, and the body length.
    Parsed(Vec<(String, String)>, usize),
    End,
}

impl<R: BufRead> Records<R> {
    pub(crate) fn new(uri: String, reader: R, gzip: bool, max: usize) -> Records<R> {
        Records {
            uri,
            reader,
            gzip,
            max,
            record_number: 0,
            pending_version_line: None,
            line: Vec::new(),
            done: false,
        }
    }

    fn record_uri(&self) -> String {
        format!("{}#record{}", self.uri, self.record_number)
    }

    fn malformed(&self, message: impl Into<String>) -> IngestError {
        IngestError::new(&self.record_uri(), ErrorKind::MalformedWarc, message)
    }

    fn io_error(&self, err: &io::Error) -> IngestError {
        IngestError::from_io(&self.record_uri(), err, self.gzip)
    }

    fn read_line(&mut self) -> Result<usize, IngestError> {
        match read_line_bounded(&mut self.reader, &mut self.line, MAX_HEADER_BYTES) {
            Ok((consumed, _)) => Ok(consumed),
            Err(err) => Err(self.io_error(&err)),
        }
    }

    /// Skips to the next line that starts a record, after a header that could not be read.
    fn resynchronise(&mut self) -> Result<(), IngestError> {
        loop {
            if self.read_line()? == 0 {
                self.done = true;
                return Ok(());
            }
            if self.line.starts_with(b"WARC/") {
                self.pending_version_line = Some(self.line.clone());
                return Ok(());
            }
        }
    }

    fn read_header(&mut self) -> Result<Header, IngestError> {
        let mut block = match self.pending_version_line.take() {
            Some(line) => line,
            None => loop {
                if self.read_line()? == 0 {
                    return Ok(Header::End);
                }
                if !self.line.trim_ascii().is_empty() {
                    break self.line.clone();
                }
            },
        };
        self.record_number += 1;
        if !block.starts_with(b"WARC/") {
            self.resynchronise()?;
            return Err(
                self.malformed("expected a `WARC/` version line; skipped to the next record")
            );
        }
        loop {
            let consumed = self.read_line()?;
            if consumed == 0 {
                self.done = true;
                return Err(self.malformed("the stream ends inside a record header"));
            }
            block.extend_from_slice(&self.line);
            if self.line.trim_ascii().is_empty() {
                break;
            }
            if block.len() > MAX_HEADER_BYTES {
                self.resynchronise()?;
                return Err(self.malformed("record header larger than 1 MiB"));
            }
        }
        let Ok((_, (_version, fields, length))) = warc::parser::headers(&block) else {
            self.resynchronise()?;
            return Err(self.malformed("unreadable record header; skipped to the next record"));
        };
        let fields: Vec<(String, String)> = fields
            .into_iter()
            .map(|(name, value)| {
                (
                    name.to_ascii_lowercase(),
                    String::from_utf8_lossy(value).trim().to_owned(),
                )
            })
            .collect();
        if !fields.iter().any(|(name, _)| name == "content-length") {
            self.resynchronise()?;
            return Err(self.malformed("record header has no Content-Length"));
        }
        Ok(Header::Parsed(fields, length))
    }

    /// Reads or skips a body of `length` bytes; an early end stops the stream.
    fn read_body(&mut self, length: usize, keep: bool) -> Result<Vec<u8>, IngestError> {
        let mut body = Vec::new();
        let read = if keep {
            (&mut self.reader)
                .take(length as u64)
                .read_to_end(&mut body)
        } else {
            io::copy(&mut (&mut self.reader).take(length as u64), &mut io::sink())
                .map(|n| n as usize)
        };
        match read {
            Ok(n) if n == length => Ok(body),
            Ok(n) => {
                self.done = true;
                Err(self.malformed(format!(
                    "the stream ends inside a record body ({n} of {length} bytes)"
                )))
            }
            Err(err) => {
                self.done = true;
                Err(self.io_error(&err))
            }
        }
    }

    /// The next item, or `None` for a record that is not an HTML response (skipped silently).
    fn next_record(&mut self) -> Option<Result<Document, IngestError>> {
        let (fields, length) = match self.read_header() {
            Ok(Header::Parsed(fields, length)) => (fields, length),
            Ok(Header::End) => {
                self.done = true;
                return None;
            }
            Err(err) => return Some(Err(err)),
        };
        let field = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let record_type = field("warc-type").unwrap_or("").to_ascii_lowercase();
        let content_type = field("content-type").unwrap_or("").to_ascii_lowercase();
        // `response` records hold an HTTP message; `resource` records (pages captured without
        // HTTP, e.g. from disk) hold the page itself under its own media type.
        let payload = match record_type.as_str() {
            "response"
                if content_type.is_empty() || content_type.starts_with("application/http") =>
            {
                Payload::Http
            }
            "resource" if is_html_media_type(&content_type) => Payload::Page,
            _ => Payload::Skip,
        };
        let limit = self.max.saturating_add(HTTP_HEADER_ALLOWANCE);
        if payload == Payload::Skip || length > limit {
            if let Err(err) = self.read_body(length, false) {
                return Some(Err(err));
            }
            return (payload != Payload::Skip).then(|| {
                Err(crate::source::too_large(
                    &self.record_uri(),
                    length as u64,
                    self.max,
                ))
            });
        }
        let hints = Hints {
            url: field("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_owned()),
            published: field("warc-date").map(str::to_owned),
            title: None,
            source_id: field("warc-record-id")
                .map(|id| id.trim().trim_matches(['<', '>']).to_owned())
                .filter(|id| !id.is_empty()),
        };
        let body = match self.read_body(length, true) {
            Ok(body) => body,
            Err(err) => return Some(Err(err)),
        };
        let uri = self.record_uri();
        if payload == Payload::Page {
            if body.len() > self.max {
                return Some(Err(crate::source::too_large(
                    &uri,
                    body.len() as u64,
                    self.max,
                )));
            }
            let charset = charset_parameter(&content_type);
            return Some(page_document(
                &uri,
                body,
                charset,
                Some(MediaType::Html),
                hints,
            ));
        }
        http_response(&uri, &body, self.max, hints)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Payload {
    /// An HTTP response whose body may be a page.
    Http,
    /// The page itself.
    Page,
    Skip,
}

fn is_html_media_type(content_type: &str) -> bool {
    content_type.starts_with("text/html") || content_type.starts_with("application/xhtml")
}

/// The `charset` parameter of a lower-cased media type, without quotes.
fn charset_parameter(content_type: &str) -> Option<&str> {
    content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset"))
        .filter_map(|p| p.trim_start().strip_prefix('='))
        .map(|c| c.trim().trim_matches(['"', '\'']))
        .find(|c| !c.is_empty())
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            if let Some(item) = self.next_record() {
                return Some(item);
            }
        }
        None
    }
}

/// Turns an HTTP response (status line, headers, payload) into a document; `None` when it is
/// not a successful HTML response.
fn http_response(
    uri: &str,
    message: &[u8],
    max: usize,
    record: Hints,
) -> Option<Result<Document, IngestError>> {
    let malformed = |m: &str| Some(Err(IngestError::new(uri, ErrorKind::MalformedWarc, m)));
    let (head_end, payload_start) = match memchr::memmem::find(message, b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => match memchr::memmem::find(message, b"\n\n") {
            Some(i) => (i, i + 2),
            None => return malformed("the HTTP response has no end of headers"),
        },
    };
    let head = String::from_utf8_lossy(&message[..head_end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    if !status_line.starts_with("HTTP/") {
        return malformed("the response record does not hold an HTTP response");
    }
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if !(200..300).contains(&status) {
        return None;
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let content_type = header("content-type").unwrap_or("").to_ascii_lowercase();
    let html = is_html_media_type(&content_type);
    if !html {
        return None;
    }
    let mut payload = message.get(payload_start..).unwrap_or_default().to_vec();
    if header("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        if let Some(joined) = dechunk(&payload) {
            payload = joined;
        }
    }
    let encoding = header("content-encoding")
        .unwrap_or("identity")
        .trim()
        .to_ascii_lowercase();
    let decoded = match encoding.as_str() {
        "" | "identity" | "none" => Ok(payload),
        "gzip" | "x-gzip" => read_bounded(
            uri,
            flate2::read::MultiGzDecoder::new(&payload[..]),
            true,
            max,
        ),
        // Some servers send raw deflate under this name, so try zlib first, then raw.
        "deflate" => read_bounded(uri, flate2::read::ZlibDecoder::new(&payload[..]), true, max)
            .or_else(|_| {
                read_bounded(
                    uri,
                    flate2::read::DeflateDecoder::new(&payload[..]),
                    true,
                    max,
                )
            }),
        other => Err(IngestError::new(
            uri,
            ErrorKind::UnsupportedEncoding,
            format!("HTTP Content-Encoding `{other}` is not supported"),
        )),
    };
    let payload = match decoded {
        Ok(payload) => payload,
        Err(err) => return Some(Err(err)),
    };
    if payload.len() > max {
        return Some(Err(crate::source::too_large(
            uri,
            payload.len() as u64,
            max,
        )));
    }
    let charset = charset_parameter(&content_type);
    let hints = Hints {
        published: header("last-modified")
            .map(str::to_owned)
            .or(record.published),
        ..record
    };
    Some(page_document(
        uri,
        payload,
        charset,
        Some(MediaType::Html),
        hints,
    ))
}

/// Joins an HTTP/1.1 chunked body; `None` when it is not well-formed chunked data.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut joined = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = memchr::memchr(b'\n', rest)?;
        let line = String::from_utf8_lossy(&rest[..line_end]);
        let size = line.split(';').next().map(str::trim)?;
        let size = usize::from_str_radix(size, 16).ok()?;
        rest = &rest[line_end + 1..];
        if size == 0 {
            return Some(joined);
        }
        joined.extend_from_slice(rest.get(..size)?);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
}
