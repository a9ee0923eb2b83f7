//! Format detection from a file name and the first bytes: which reader handles an input, whether
//! it is text at all, and whether decoded text is HTML or plain text.

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// One document: HTML or plain text, decided after decoding.
    Page,
    /// One document that the name says is HTML.
    Html,
    Jsonl,
    /// A `.json` file: one object, an array of objects, or JSON Lines after all.
    Json,
    Feed,
    Warc,
}

/// The file name's extension, lower-cased, after removing a compression suffix.
pub(crate) fn extension(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let base = lower.rsplit(['/', '\\']).next().unwrap_or(&lower);
    let base = base
        .strip_suffix(".gz")
        .or_else(|| base.strip_suffix(".gzip"))
        .unwrap_or(base);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_owned(),
        _ => String::new(),
    }
}

pub(crate) fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// Extensions a folder walk skips without reading: media, archives, fonts, code, office files.
/// A path named explicitly is always read (and rejected as `binary` by content if need be).
pub(crate) fn is_non_document_extension(ext: &str) -> bool {
    matches!(
        ext,
        "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "webp"
            | "bmp"
            | "ico"
            | "svg"
            | "tif"
            | "tiff"
            | "avif"
            | "heic"
            | "mp3"
            | "mp4"
            | "m4a"
            | "m4v"
            | "webm"
            | "ogg"
            | "wav"
            | "flac"
            | "avi"
            | "mov"
            | "mkv"
            | "pdf"
            | "zip"
            | "tar"
            | "tgz"
            | "7z"
            | "rar"
            | "bz2"
            | "xz"
            | "zst"
            | "jar"
            | "woff"
            | "woff2"
            | "ttf"
            | "otf"
            | "eot"
            | "css"
            | "js"
            | "mjs"
            | "map"
            | "wasm"
            | "exe"
            | "dll"
            | "so"
            | "dylib"
            | "o"
            | "a"
            | "class"
            | "pyc"
            | "db"
            | "sqlite"
            | "sqlite3"
            | "parquet"
            | "doc"
            | "docx"
            | "xls"
            | "xlsx"
            | "ppt"
            | "pptx"
            | "odt"
            | "epub"
            | "swf"
            | "lock"
            | "pid"
            | "csv"
            | "tsv"
            | "yaml"
            | "yml"
            | "toml"
            | "ini"
    )
}

/// Picks the reader from the extension and the first bytes (content wins where it is
/// unambiguous, so a `.txt` that holds a WARC or a feed is read as one).
pub(crate) fn format(ext: &str, head: &[u8]) -> Format {
    // UTF-16 input is sniffed on its decoded head (its markup bytes are interleaved with NULs).
    let utf16 = encoding_rs::Encoding::for_bom(head)
        .map(|(encoding, _)| encoding)
        .filter(|e| *e == encoding_rs::UTF_16LE || *e == encoding_rs::UTF_16BE)
        .or_else(|| crate::charset::utf16_without_bom(head));
    let Some(encoding) = utf16 else {
        return format_of(ext, head);
    };
    let decoded = encoding.decode_without_bom_handling(head).0.into_owned();
    match format_of(ext, decoded.as_bytes()) {
        // The line-based readers work on ASCII-compatible bytes only.
        Format::Warc | Format::Jsonl | Format::Json => Format::Page,
        other => other,
    }
}

fn format_of(ext: &str, head: &[u8]) -> Format {
    let start = skip_bom_and_space(head);
    let lower: Vec<u8> = start
        .iter()
        .take(2048)
        .map(u8::to_ascii_lowercase)
        .collect();
    if lower.starts_with(b"warc/") {
        return Format::Warc;
    }
    let html_ext = matches!(
        ext,
        "html" | "htm" | "xhtml" | "shtml" | "php" | "asp" | "aspx" | "jsp"
    );
    if ext == "json" && (lower.starts_with(b"{") || lower.starts_with(b"[")) {
        return Format::Json;
    }
    if !html_ext && lower.starts_with(b"{") {
        return Format::Jsonl;
    }
    let feed_root = |bytes: &[u8]| {
        [&b"<rss"[..], b"<feed", b"<rdf:rdf"]
            .iter()
            .any(|root| memchr::memmem::find(bytes, root).is_some())
    };
    if lower.starts_with(b"<rss") || lower.starts_with(b"<feed") || lower.starts_with(b"<rdf:rdf") {
        return Format::Feed;
    }
    if (lower.starts_with(b"<?xml") || lower.starts_with(b"<!--"))
        && feed_root(&lower)
        && memchr::memmem::find(&lower, b"<html").is_none()
    {
        return Format::Feed;
    }
    match ext {
        "warc" | "arc" => Format::Warc,
        "jsonl" | "ndjson" => Format::Jsonl,
        "json" => Format::Json,
        "rss" | "atom" | "xml" => Format::Feed,
        _ if html_ext => Format::Html,
        _ => Format::Page,
    }
}

fn skip_bom_and_space(head: &[u8]) -> &[u8] {
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    head.trim_ascii_start()
}

/// Why the first bytes are not text, if they are not: a known magic number, NULs (outside
/// UTF-16) or many control bytes.
pub(crate) fn binary_reason(head: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"PK\x05\x06", "ZIP archive"),
        (b"7z\xBC\xAF\x27\x1C", "7-Zip archive"),
        (b"Rar!\x1A\x07", "RAR archive"),
        (b"\x7FELF", "ELF executable"),
        (b"BZh", "bzip2 stream"),
        (b"\xFD7zXZ\x00", "xz stream"),
        (b"\x28\xB5\x2F\xFD", "zstd stream"),
        (b"SQLite format 3\x00", "SQLite database"),
        (b"OggS", "Ogg media"),
        (b"ID3", "MP3 audio"),
        (b"\x00asm", "WebAssembly"),
        (b"\xCA\xFE\xBA\xBE", "Java class"),
        (b"wOFF", "WOFF font"),
        (b"wOF2", "WOFF2 font"),
        (b"II*\x00", "TIFF image"),
        (b"MM\x00*", "TIFF image"),
        (b"\x1F\x8B", "gzip stream inside gzip"),
        (b"%!PS", "PostScript document"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Some(format!("looks like a {what}"));
    }
    if head.starts_with(b"RIFF")
        && head
            .get(8..12)
            .is_some_and(|t| t == b"WEBP" || t == b"WAVE" || t == b"AVI ")
    {
        return Some("looks like a RIFF media file".to_owned());
    }
    if head.get(4..8) == Some(b"ftyp") {
        return Some("looks like an MP4/QuickTime media file".to_owned());
    }
    if encoding_rs::Encoding::for_bom(head).is_some()
        || crate::charset::utf16_without_bom(head).is_some()
    {
        return None;
    }
    let nul = memchr::memchr_iter(0, head).count();
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)) || b == 0x7F)
        .count();
    if nul > 0 && nul * 100 >= head.len() {
        return Some(format!("{nul} NUL bytes in the first {} bytes", head.len()));
    }
    if control * 10 > head.len() {
        return Some(format!(
            "{control} control bytes in the first {} bytes",
            head.len()
        ));
    }
    None
}

/// Whether decoded text is HTML: it starts with a tag and has HTML elements, or has an `<html>`,
/// `<body>` or doctype anywhere near the top. A plain-text scrape that mentions `<p>` once deep
/// inside stays text.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let end = text.char_indices().nth(4096).map_or(text.len(), |(i, _)| i);
    let head = text[..end].to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if ["<!doctype html", "<html", "<body", "<head>", "<head "]
        .iter()
        .any(|marker| head.contains(marker))
    {
        return true;
    }
    head.starts_with('<')
        && [
            "<div", "<p>", "<p ", "<article", "<meta ", "<title>", "<br", "<span", "<h1", "<h2",
            "<table", "<section", "<main", "<a href", "<ul", "<script",
        ]
        .iter()
        .any(|tag| head.contains(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_ignore_compression_and_case() {
        assert_eq!(extension("a/b/Page.HTML.gz"), "html");
        assert_eq!(extension("crawl.warc.gz"), "warc");
        assert_eq!(extension("notes"), "");
        assert_eq!(extension(".hidden"), "");
        assert_eq!(extension("-"), "");
    }

    #[test]
    fn content_beats_extension() {
        let cases: [(&str, &[u8], Format); 8] = [
            ("txt", b"WARC/1.0\r\n", Format::Warc),
            ("txt", b"  {\"text\": \"x\"}\n", Format::Jsonl),
            (
                "",
                b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">",
                Format::Feed,
            ),
            (
                "txt",
                b"<feed xmlns=\"http://www.w3.org/2005/Atom\">",
                Format::Feed,
            ),
            ("xml", b"<?xml version=\"1.0\"?><html><body>", Format::Feed),
            ("", b"<?xml version=\"1.0\"?><html><body>", Format::Page),
            ("html", b"{not json", Format::Html),
            ("txt", b"Headline\n\nBody.", Format::Page),
        ];
        for (ext, head, expected) in cases {
            assert_eq!(
                format(ext, head),
                expected,
                "{ext} {:?}",
                String::from_utf8_lossy(head)
            );
        }
    }

    #[test]
    fn binary_by_magic_nul_and_control_bytes() {
        assert!(binary_reason(b"\x89PNG\r\n\x1a\n....").is_some());
        assert!(binary_reason(b"%PDF-1.7\n").is_some());
        assert!(binary_reason(b"PK\x03\x04rest").is_some());
        assert!(binary_reason(b"abc\x00\x00\x01\x02def").is_some());
        assert!(binary_reason(&[0x01, 0x02, 0x03, 0x04, b'a', b'b']).is_some());
        assert!(binary_reason(b"Plain text\twith tabs\r\n").is_none());
        assert!(binary_reason(
            &"Hi there"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>()
        )
        .is_none());
    }

    #[test]
    fn html_or_text() {
        assert!(looks_like_html("<!DOCTYPE html><html><p>x</p></html>"));
        assert!(looks_like_html("\n  <div class=a><p>Body</p></div>"));
        assert!(!looks_like_html(
            "Headline\n\nThe <p> tag was mentioned in passing."
        ));
        assert!(!looks_like_html("<3 from Kabul"));
    }
}
