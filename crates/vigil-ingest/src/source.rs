//! One input stream (a file, stdin, a byte slice) turned into documents: gzip is undone, the
//! format is sniffed, and the stream goes to the page, JSONL, feed or WARC reader.

use std::io::{self, BufRead, BufReader, Cursor, Read};

use vigil_core::{Document, DocumentId, MediaType};

use crate::error::{ErrorKind, IngestError};
use crate::sniff::{self, Format};
use crate::{charset, feed, jsonl, web_archive, IngestOptions};

/// What every reader yields; boxed so that sources of all kinds chain into one stream.
pub(crate) type DocumentIter<'a> =
    Box<dyn Iterator<Item = Result<Document, IngestError>> + Send + 'a>;

/// How many leading bytes decide format and binary-ness.
const SNIFF_BYTES: usize = 8192;

/// Reads every document in one input. `known_len` (a plain file's size) lets an oversized page
/// be refused before it is read.
pub(crate) fn read_source<'a>(
    uri: String,
    reader: Box<dyn Read + Send + 'a>,
    known_len: Option<u64>,
    options: &IngestOptions,
) -> DocumentIter<'a> {
    match open_stream(&uri, reader, known_len, options) {
        Ok(iter) => iter,
        Err(err) => Box::new(std::iter::once(Err(err))),
    }
}

fn open_stream<'a>(
    uri: &str,
    reader: Box<dyn Read + Send + 'a>,
    mut known_len: Option<u64>,
    options: &IngestOptions,
) -> Result<DocumentIter<'a>, IngestError> {
    let (magic, _, reader) = peek(reader, 2).map_err(|e| IngestError::from_io(uri, &e, false))?;
    let gzip = sniff::is_gzip(&magic);
    let reader: Box<dyn Read + Send + 'a> = if gzip {
        known_len = None;
        Box::new(flate2::read::MultiGzDecoder::new(reader))
    } else {
        reader
    };
    let (head, ended, reader) =
        peek(reader, SNIFF_BYTES).map_err(|e| IngestError::from_io(uri, &e, gzip))?;
    // Only a head that reached the end is the whole input; a long run of leading whitespace
    // before real text is not empty.
    if ended && head.trim_ascii().is_empty() {
        let what = if head.is_empty() {
            "no bytes"
        } else {
            "only whitespace"
        };
        return Err(IngestError::new(
            uri,
            ErrorKind::Empty,
            format!("the input holds {what}"),
        ));
    }
    let max = options.max_document_bytes;
    let format = sniff::format(&sniff::extension(uri), &head);
    match format {
        Format::Warc => Ok(Box::new(web_archive::Records::new(
            uri.to_owned(),
            BufReader::with_capacity(1 << 16, reader),
            gzip,
            max,
        ))),
        Format::Jsonl => Ok(Box::new(jsonl::Lines::new(
            uri.to_owned(),
            BufReader::new(reader),
            gzip,
            max,
        ))),
        Format::Json => {
            if let Some(len) = known_len.filter(|&len| len > max as u64) {
                return Err(too_large(uri, len, max));
            }
            let bytes = read_bounded(uri, reader, gzip, max)?;
            Ok(jsonl::json_file(uri, bytes, max))
        }
        Format::Feed | Format::Html | Format::Page => {
            if let Some(reason) = sniff::binary_reason(&head) {
                return Err(IngestError::new(uri, ErrorKind::Binary, reason));
            }
            if let Some(len) = known_len.filter(|&len| len > max as u64) {
                return Err(too_large(uri, len, max));
            }
            let bytes = read_bounded(uri, reader, gzip, max)?;
            if format == Format::Feed {
                return Ok(Box::new(feed::items(uri, &bytes).into_iter()));
            }
            let media = (format == Format::Html).then_some(MediaType::Html);
            let hints = Hints::default();
            Ok(Box::new(std::iter::once(page_document(
                uri, bytes, None, media, hints,
            ))))
        }
    }
}

/// Reads up to `n` bytes and gives them back with a reader that yields them again first, and
/// whether the input ended within them. A read error after some bytes is kept for the reader to
/// return in turn, so that the records before a damaged part of a container are still read.
fn peek<'a>(
    mut reader: Box<dyn Read + Send + 'a>,
    n: usize,
) -> io::Result<(Vec<u8>, bool, Box<dyn Read + Send + 'a>)> {
    let mut head = Vec::with_capacity(n);
    let (ended, rest): (bool, Box<dyn Read + Send + 'a>) =
        match (&mut reader).take(n as u64).read_to_end(&mut head) {
            Ok(_) => (head.len() < n, reader),
            Err(err) if head.is_empty() => return Err(err),
            Err(err) => (false, Box::new(FailingReader(Some(err)))),
        };
    let replay = Cursor::new(head.clone());
    Ok((head, ended, Box::new(replay.chain(rest))))
}

/// Returns a stored read error once, then reads as empty.
struct FailingReader(Option<io::Error>);

impl Read for FailingReader {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(err) => Err(err),
            None => Ok(0),
        }
    }
}

/// Reads a whole document, refusing it once it passes `max` bytes (which also bounds a gzip
/// bomb). `read_to_end` grows the buffer geometrically, so a 50 MB page costs linear time.
pub(crate) fn read_bounded(
    uri: &str,
    reader: impl Read,
    gzip: bool,
    max: usize,
) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    reader
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| IngestError::from_io(uri, &e, gzip))?;
    if bytes.len() > max {
        return Err(IngestError::new(
            uri,
            ErrorKind::TooLarge,
            format!("more than {max} bytes (max_document_bytes)"),
        ));
    }
    Ok(bytes)
}

pub(crate) fn too_large(uri: &str, len: u64, max: usize) -> IngestError {
    IngestError::new(
        uri,
        ErrorKind::TooLarge,
        format!("{len} bytes, more than {max} (max_document_bytes)"),
    )
}

/// What a container says about a page besides its bytes.
#[derive(Debug, Default)]
pub(crate) struct Hints {
    pub(crate) url: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) title: Option<String>,
    /// The container's own id for the record (`WARC-Record-ID`).
    pub(crate) source_id: Option<String>,
}

/// Builds a document from a page's raw bytes: rejects empty and binary input, decodes, and
/// decides HTML or text by content unless `media` is given.
pub(crate) fn page_document(
    uri: &str,
    raw: Vec<u8>,
    declared_charset: Option<&str>,
    media: Option<MediaType>,
    hints: Hints,
) -> Result<Document, IngestError> {
    if raw.trim_ascii().is_empty() {
        return Err(IngestError::new(
            uri,
            ErrorKind::Empty,
            "the document holds no text",
        ));
    }
    if let Some(reason) = sniff::binary_reason(raw.get(..SNIFF_BYTES).unwrap_or(&raw)) {
        return Err(IngestError::new(uri, ErrorKind::Binary, reason));
    }
    let id = DocumentId::of_bytes(&raw);
    let (content, encoding) = charset::decode(raw, declared_charset);
    if content.trim().is_empty() {
        return Err(IngestError::new(
            uri,
            ErrorKind::Empty,
            "the document holds no text",
        ));
    }
    let media_type = media.unwrap_or_else(|| {
        if sniff::looks_like_html(&content) {
            MediaType::Html
        } else {
            MediaType::Text
        }
    });
    Ok(Document {
        id,
        uri: uri.to_owned(),
        url: hints.url,
        media_type,
        content,
        encoding: encoding.name().to_owned(),
        published_hint: hints.published,
        title_hint: hints.title,
        source_id: hints.source_id,
    })
}

/// Reads one line (through `\n`) into `line`, keeping at most `limit` bytes of it and skipping
/// the rest, so one enormous line cannot exhaust memory. Returns the bytes consumed (0 at the
/// end) and whether the line was cut.
pub(crate) fn read_line_bounded(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    limit: usize,
) -> io::Result<(usize, bool)> {
    line.clear();
    let mut consumed = 0;
    let mut cut = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((consumed, cut));
        }
        let (take, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = limit.saturating_sub(line.len());
        if take > room {
            cut = true;
        }
        line.extend_from_slice(&available[..take.min(room)]);
        reader.consume(take);
        consumed += take;
        if done {
            return Ok((consumed, cut));
        }
    }
}
