//! Per-source tests of vigil-ingest through its public API, on fixtures built inside the tests.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use vigil_core::{Document, DocumentId, MediaType};
use vigil_ingest::{documents_from_bytes, open, IngestError, IngestOptions};

const PAGE: &str = "<!DOCTYPE html><html><head><title>Clashes near Goma</title></head>\
<body><article><p>Fighting resumed on Monday near Goma, officials said.</p></article></body></html>";

fn read_all(paths: &[PathBuf]) -> Vec<Result<Document, IngestError>> {
    open(paths, &IngestOptions::default()).collect()
}

fn read_one(path: &Path) -> Result<Document, IngestError> {
    let mut items = read_all(&[path.to_path_buf()]);
    assert_eq!(items.len(), 1, "{items:?}");
    items.remove(0)
}

fn ok(item: &Result<Document, IngestError>) -> &Document {
    match item {
        Ok(document) => document,
        Err(err) => panic!("expected a document, got {err}"),
    }
}

fn code(item: &Result<Document, IngestError>) -> &'static str {
    match item {
        Ok(document) => panic!("expected an error, got document {}", document.uri),
        Err(err) => err.code(),
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn html_file_is_one_html_document_keyed_by_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "page.html", PAGE.as_bytes());
    let item = read_one(&path);
    let document = ok(&item);
    assert_eq!(document.media_type, MediaType::Html);
    assert_eq!(document.content, PAGE);
    assert_eq!(document.encoding, "UTF-8");
    assert_eq!(document.id, DocumentId::of_bytes(PAGE.as_bytes()));
    assert_eq!(document.uri, path.display().to_string());
    assert_eq!(document.url, None);
}

#[test]
fn text_is_sniffed_whatever_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(
        dir.path(),
        "story.txt",
        b"Headline\n\nThe first paragraph.\n",
    );
    let html_in_txt = write(dir.path(), "saved.txt", PAGE.as_bytes());
    let no_extension = write(dir.path(), "page", PAGE.as_bytes());
    assert_eq!(ok(&read_one(&text)).media_type, MediaType::Text);
    assert_eq!(ok(&read_one(&html_in_txt)).media_type, MediaType::Html);
    assert_eq!(ok(&read_one(&no_extension)).media_type, MediaType::Html);
}

#[test]
fn folder_is_walked_recursively_in_name_order_skipping_hidden_and_media() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "b.html", PAGE.as_bytes());
    write(root, "a/z.txt", b"Text z");
    write(root, "a/c.txt", b"Text c");
    write(root, ".hidden.html", PAGE.as_bytes());
    write(root, ".git/config.txt", b"not a page");
    write(root, "photo.jpg", b"\xFF\xD8\xFF\xE0 jpeg");
    write(root, "c.html.gz", &gzip(PAGE.as_bytes()));
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("b.html"), root.join("d-link.html")).unwrap();
    let items = read_all(&[root.to_path_buf()]);
    let uris: Vec<String> = items.iter().map(|item| ok(item).uri.clone()).collect();
    let expected: Vec<String> = ["a/c.txt", "a/z.txt", "b.html", "c.html.gz"]
        .iter()
        .map(|name| root.join(name).display().to_string())
        .collect();
    assert_eq!(uris, expected);

    let follow = IngestOptions {
        follow_symlinks: true,
        ..IngestOptions::default()
    };
    let followed = open(&[root.to_path_buf()], &follow).count();
    assert_eq!(followed, if cfg!(unix) { 5 } else { 4 });
}

#[cfg(unix)]
#[test]
fn a_folder_link_cycle_is_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "inner/page.html", PAGE.as_bytes());
    std::os::unix::fs::symlink(dir.path(), dir.path().join("inner/loop")).unwrap();
    let follow = IngestOptions {
        follow_symlinks: true,
        ..IngestOptions::default()
    };
    let items: Vec<_> = open(&[dir.path().to_path_buf()], &follow).collect();
    assert_eq!(items.len(), 1, "{items:?}");
}

#[test]
fn missing_path_is_an_error_item_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.html", PAGE.as_bytes());
    let items = read_all(&[dir.path().join("missing.html"), good]);
    assert_eq!(items.len(), 2);
    assert_eq!(code(&items[0]), "not_found");
    assert!(items[0].as_ref().unwrap_err().uri.ends_with("missing.html"));
    ok(&items[1]);
}

#[test]
fn gzip_page_reads_like_the_plain_page() {
    let dir = tempfile::tempdir().unwrap();
    let plain = write(dir.path(), "page.html", PAGE.as_bytes());
    let packed = write(dir.path(), "page.html.gz", &gzip(PAGE.as_bytes()));
    let (plain, packed) = (read_one(&plain), read_one(&packed));
    assert_eq!(ok(&plain).id, ok(&packed).id);
    assert_eq!(ok(&plain).content, ok(&packed).content);
    // Concatenated gzip members are one stream.
    let two = [gzip(b"<html><body><p>one "), gzip(b"two</p></body></html>")].concat();
    let items = documents_from_bytes("two.html.gz", &two, &IngestOptions::default());
    assert_eq!(
        ok(&items[0]).content,
        "<html><body><p>one two</p></body></html>"
    );
}

#[test]
fn truncated_gzip_is_reported_and_its_partial_content_dropped() {
    let body = PAGE.repeat(200);
    let packed = gzip(body.as_bytes());
    for cut in [packed.len() - 4, packed.len() / 2, 12] {
        let items = documents_from_bytes("page.html.gz", &packed[..cut], &IngestOptions::default());
        assert_eq!(items.len(), 1, "cut at {cut}");
        assert_eq!(code(&items[0]), "truncated_gzip", "cut at {cut}: {items:?}");
    }
    let mut corrupt = packed.clone();
    corrupt[20] ^= 0xFF;
    corrupt[21] ^= 0xFF;
    let items = documents_from_bytes("page.html.gz", &corrupt, &IngestOptions::default());
    assert!(
        matches!(code(&items[0]), "corrupt_gzip" | "truncated_gzip"),
        "{items:?}"
    );
}

#[test]
fn jsonl_lines_are_documents_and_bad_lines_fail_alone() {
    let lines = [
        r#"{"id": "a1", "url": "https://example.org/a", "html": "<p>Alpha</p>", "published": "2022-12-14"}"#,
        "",
        r#"{"id": 17, "text": "Bravo text", "title": "Bravo", "published": 1671000000}"#,
        r#"{"url": "https://example.org/broken", "html": "<p>cut"#,
        r#"{"url": "https://example.org/nothing"}"#,
        r#"["not", "an", "object"]"#,
        r#"{"html": "  "}"#,
        r#"{"html": "<p>Last</p>"}"#,
    ]
    .join("\n");
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "pages.jsonl", lines.as_bytes());
    let items = read_all(std::slice::from_ref(&path));
    let base = path.display().to_string();
    let uri = |item: &Result<Document, IngestError>| match item {
        Ok(d) => d.uri.clone(),
        Err(e) => e.uri.clone(),
    };
    let uris: Vec<String> = items.iter().map(uri).collect();
    let expected: Vec<String> = [1, 3, 4, 5, 6, 7, 8]
        .iter()
        .map(|n| format!("{base}#L{n}"))
        .collect();
    assert_eq!(uris, expected);
    let alpha = ok(&items[0]);
    assert_eq!(alpha.media_type, MediaType::Html);
    assert_eq!(alpha.content, "<p>Alpha</p>");
    assert_eq!(alpha.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(alpha.published_hint.as_deref(), Some("2022-12-14"));
    assert_eq!(alpha.id, DocumentId::of_bytes(b"<p>Alpha</p>"));
    assert_eq!(alpha.source_id.as_deref(), Some("a1"));
    let bravo = ok(&items[1]);
    assert_eq!(bravo.media_type, MediaType::Text);
    assert_eq!(bravo.title_hint.as_deref(), Some("Bravo"));
    assert_eq!(bravo.published_hint.as_deref(), Some("1671000000"));
    assert_eq!(bravo.source_id.as_deref(), Some("17"));
    assert_eq!(code(&items[2]), "malformed_jsonl");
    assert_eq!(code(&items[3]), "malformed_jsonl");
    assert_eq!(code(&items[4]), "malformed_jsonl");
    assert_eq!(code(&items[5]), "empty");
    assert_eq!(ok(&items[6]).content, "<p>Last</p>");
    assert_eq!(ok(&items[6]).source_id, None);

    // The same lines gzip'd, and sniffed without the extension.
    let packed = documents_from_bytes(
        "pages.gz",
        &gzip(lines.as_bytes()),
        &IngestOptions::default(),
    );
    assert_eq!(packed.len(), 7);
    assert_eq!(ok(&packed[0]).content, "<p>Alpha</p>");
}

#[test]
fn a_jsonl_line_over_the_limit_is_too_large_and_the_next_line_still_reads() {
    let long = format!(
        "{{\"text\": \"{}\"}}\n{{\"text\": \"short\"}}\n",
        "x".repeat(10_000)
    );
    let options = IngestOptions {
        max_document_bytes: 1000,
        ..IngestOptions::default()
    };
    let items = documents_from_bytes("big.jsonl", long.as_bytes(), &options);
    assert_eq!(items.len(), 2);
    assert_eq!(code(&items[0]), "too_large");
    assert_eq!(ok(&items[1]).content, "short");
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Wire</title><link>https://wire.example/</link><description>d</description>
<item>
  <title>Blast in Kabul</title>
  <link>https://wire.example/kabul</link>
  <pubDate>Wed, 14 Dec 2022 09:30:00 GMT</pubDate>
  <description>Short summary.</description>
  <content:encoded><![CDATA[<p>A blast hit a guesthouse in Kabul on Monday.</p>]]></content:encoded>
</item>
<item>
  <title>Talks resume</title>
  <link>https://wire.example/talks</link>
  <description>&lt;p&gt;Talks resumed in Doha.&lt;/p&gt;</description>
</item>
<item><title>Title only</title><link>https://wire.example/empty</link></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom wire</title><id>urn:wire</id><updated>2022-12-15T00:00:00Z</updated>
  <entry>
    <title>Shelling in Kherson</title>
    <id>urn:wire:1</id>
    <link rel="alternate" href="https://atom.example/kherson"/>
    <published>2022-12-14T08:00:00Z</published>
    <updated>2022-12-15T08:00:00Z</updated>
    <content type="html">&lt;p&gt;Shelling hit Kherson.&lt;/p&gt;</content>
  </entry>
</feed>"#;

#[test]
fn rss_items_are_articles() {
    let items = documents_from_bytes("wire.rss", RSS.as_bytes(), &IngestOptions::default());
    assert_eq!(items.len(), 3);
    let first = ok(&items[0]);
    assert_eq!(first.uri, "wire.rss#item1");
    assert_eq!(first.url.as_deref(), Some("https://wire.example/kabul"));
    assert_eq!(first.title_hint.as_deref(), Some("Blast in Kabul"));
    assert_eq!(first.media_type, MediaType::Html);
    assert!(
        first.content.contains("guesthouse in Kabul"),
        "{}",
        first.content
    );
    assert!(first
        .published_hint
        .as_deref()
        .unwrap_or("")
        .starts_with("2022-12-14T09:30:00"));
    let second = ok(&items[1]);
    assert_eq!(second.content, "<p>Talks resumed in Doha.</p>");
    assert_eq!(second.published_hint, None);
    assert_eq!(code(&items[2]), "empty");
}

#[test]
fn atom_entries_are_articles_even_in_a_txt_file() {
    let items = documents_from_bytes("feed.txt", ATOM.as_bytes(), &IngestOptions::default());
    assert_eq!(items.len(), 1);
    let entry = ok(&items[0]);
    assert_eq!(entry.content, "<p>Shelling hit Kherson.</p>");
    assert_eq!(entry.url.as_deref(), Some("https://atom.example/kherson"));
    assert!(entry
        .published_hint
        .as_deref()
        .unwrap_or("")
        .starts_with("2022-12-14T08:00:00"));
    assert_eq!(entry.title_hint.as_deref(), Some("Shelling in Kherson"));
}

#[test]
fn malformed_feed_is_one_error() {
    let items = documents_from_bytes(
        "bad.rss",
        b"<rss><channel><item><title>x</item>",
        &IngestOptions::default(),
    );
    assert_eq!(items.len(), 1);
    assert_eq!(code(&items[0]), "malformed_feed");
}

fn warc_record(kind: &str, extra: &str, body: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}>\r\nWARC-Date: 2022-12-14T10:00:00Z\r\n{extra}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    record.extend_from_slice(body);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn http(status: &str, headers: &str, payload: &[u8]) -> Vec<u8> {
    let mut message = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
    message.extend_from_slice(payload);
    message
}

fn response(target: &str, http_message: &[u8]) -> Vec<u8> {
    let extra = format!(
        "WARC-Target-URI: {target}\r\nContent-Type: application/http; msgtype=response\r\n"
    );
    warc_record("response", &extra, http_message)
}

fn sample_warc() -> Vec<Vec<u8>> {
    let cp1252_page =
        b"<html><body><p>Les d\xe9plac\xe9s \xe0 Goma \x96 r\xe9cit</p></body></html>";
    let chunked = b"10\r\n<html><body><p>C\r\n13\r\nhunked page</p></bo\r\n7\r\ndy></ht\r\n3\r\nml>\r\n0\r\n\r\n";
    vec![
        warc_record("warcinfo", "Content-Type: application/warc-fields\r\n", b"software: test\r\n"),
        warc_record("request", "WARC-Target-URI: https://a.example/\r\n", b"GET / HTTP/1.1\r\n\r\n"),
        response(
            "https://a.example/goma",
            &http(
                "200 OK",
                "Content-Type: text/html; charset=windows-1252\r\nLast-Modified: Tue, 13 Dec 2022 08:00:00 GMT\r\n",
                cp1252_page,
            ),
        ),
        response("https://a.example/logo.png", &http("200 OK", "Content-Type: image/png\r\n", b"\x89PNG....")),
        response("https://a.example/gone", &http("404 Not Found", "Content-Type: text/html\r\n", b"<p>gone</p>")),
        b"garbage that is not a record\r\nmore garbage\r\n".to_vec(),
        response(
            "https://a.example/gz",
            &http(
                "200 OK",
                "Content-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
                &{
                    let packed = gzip(b"<html><body><p>Packed page</p></body></html>");
                    let mut chunked = format!("{:x}\r\n", packed.len()).into_bytes();
                    chunked.extend_from_slice(&packed);
                    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
                    chunked
                },
            ),
        ),
        response("https://a.example/chunked", &http("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", chunked)),
        response("https://a.example/br", &http("200 OK", "Content-Type: text/html\r\nContent-Encoding: br\r\n", b"\x1b\x00")),
    ]
}

fn check_sample_warc(items: &[Result<Document, IngestError>], base: &str) {
    assert_eq!(items.len(), 5, "{items:?}");
    let goma = ok(&items[0]);
    assert_eq!(goma.uri, format!("{base}#record3"));
    assert_eq!(goma.url.as_deref(), Some("https://a.example/goma"));
    assert_eq!(goma.media_type, MediaType::Html);
    assert_eq!(goma.encoding, "windows-1252");
    assert_eq!(goma.source_id.as_deref(), Some("urn:uuid:response"));
    assert!(
        goma.content.contains("Les déplacés à Goma – récit"),
        "{}",
        goma.content
    );
    assert_eq!(
        goma.published_hint.as_deref(),
        Some("Tue, 13 Dec 2022 08:00:00 GMT")
    );
    assert_eq!(code(&items[1]), "malformed_warc");
    let packed = ok(&items[2]);
    assert_eq!(
        packed.content,
        "<html><body><p>Packed page</p></body></html>"
    );
    assert_eq!(
        packed.published_hint.as_deref(),
        Some("2022-12-14T10:00:00Z")
    );
    assert_eq!(packed.id, DocumentId::of_bytes(packed.content.as_bytes()));
    assert_eq!(
        ok(&items[3]).content,
        "<html><body><p>Chunked page</p></body></html>"
    );
    assert_eq!(code(&items[4]), "unsupported_encoding");
}

#[test]
fn warc_html_responses_are_articles_and_a_bad_record_fails_alone() {
    let warc = sample_warc().concat();
    let items = documents_from_bytes("crawl.warc", &warc, &IngestOptions::default());
    check_sample_warc(&items, "crawl.warc");
}

#[test]
fn warc_gz_with_one_member_per_record_streams_from_a_file() {
    let packed: Vec<u8> = sample_warc()
        .iter()
        .flat_map(|record| gzip(record))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "crawl.warc.gz", &packed);
    let items = read_all(std::slice::from_ref(&path));
    check_sample_warc(&items, &path.display().to_string());
}

#[test]
fn warc_cut_inside_a_body_keeps_earlier_records() {
    let records = sample_warc();
    let mut warc = records[..3].concat();
    warc.extend_from_slice(&records[6][..200]);
    let items = documents_from_bytes("cut.warc", &warc, &IngestOptions::default());
    assert_eq!(items.len(), 2, "{items:?}");
    ok(&items[0]);
    assert_eq!(code(&items[1]), "malformed_warc");
}

#[test]
fn warc_oversized_response_is_skipped_without_losing_the_next() {
    let big = response(
        "https://a.example/big",
        &http(
            "200 OK",
            "Content-Type: text/html\r\n",
            &vec![b'a'; 200_000],
        ),
    );
    let small = response(
        "https://a.example/small",
        &http("200 OK", "Content-Type: text/html\r\n", b"<p>small</p>"),
    );
    let options = IngestOptions {
        max_document_bytes: 1000,
        ..IngestOptions::default()
    };
    let items = documents_from_bytes("big.warc", &[big, small].concat(), &options);
    assert_eq!(items.len(), 2);
    assert_eq!(code(&items[0]), "too_large");
    assert_eq!(ok(&items[1]).content, "<p>small</p>");
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let bom: &[u8] = if little_endian {
        &[0xFF, 0xFE]
    } else {
        &[0xFE, 0xFF]
    };
    let units = text.encode_utf16().flat_map(|u| {
        if little_endian {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        }
    });
    bom.iter().copied().chain(units).collect()
}

#[test]
fn legacy_and_utf16_files_decode_to_the_right_letters() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "cp1252.txt",
            b"Les r\xe9fugi\xe9s ont quitt\xe9 la r\xe9gion \x96 \x93d\xe9plac\xe9s\x94 par milliers, dit l\x92ONU.".to_vec(),
            "windows-1252",
            "Les réfugiés ont quitté la région – “déplacés” par milliers, dit l’ONU.",
        ),
        (
            "latin1.html",
            b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Gr\xfc\xdfe aus K\xf6ln, se\xf1or.</p></body></html>".to_vec(),
            "windows-1252",
            "Grüße aus Köln, señor.",
        ),
        ("utf16le.html", utf16("<html><body><p>Київ і Львів, Ñuñoa</p></body></html>", true), "UTF-16LE", "Київ і Львів, Ñuñoa"),
        ("utf16be.txt", utf16("Über Mykolaïv — şehir", false), "UTF-16BE", "Über Mykolaïv — şehir"),
    ];
    for (name, bytes, encoding, expected) in cases {
        let path = write(dir.path(), name, &bytes);
        let item = read_one(&path);
        let document = ok(&item);
        assert_eq!(document.encoding, encoding, "{name}");
        assert!(
            document.content.contains(expected),
            "{name}: {}",
            document.content
        );
        assert!(
            !document.content.starts_with('\u{feff}'),
            "{name}: BOM kept"
        );
        assert_eq!(document.id, DocumentId::of_bytes(&bytes), "{name}");
    }
}

#[test]
fn bad_inputs_each_get_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let junk: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.html", Vec::new(), "empty"),
        ("blank.txt", b" \n\t\r\n ".to_vec(), "empty"),
        ("empty.html.gz", gzip(b""), "empty"),
        ("junk.bin", junk, "binary"),
        (
            "image.html",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(),
            "binary",
        ),
        (
            "doc.txt",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            "binary",
        ),
        (
            "archive.txt",
            b"PK\x03\x04\x14\x00\x00\x00".to_vec(),
            "binary",
        ),
    ];
    let mut paths = Vec::new();
    for (name, bytes, _) in &cases {
        paths.push(write(dir.path(), name, bytes));
    }
    let items = read_all(&paths);
    assert_eq!(items.len(), cases.len());
    for (item, (name, _, expected)) in items.iter().zip(&cases) {
        assert_eq!(code(item), *expected, "{name}");
        let err = item.as_ref().unwrap_err();
        assert!(err.to_string().starts_with(&err.uri), "{err}");
    }
}

#[test]
fn invalid_utf8_is_decoded_with_replacement() {
    let bytes = b"<html><head><meta charset=\"utf-8\"></head><body><p>Caf\xc3\xa9 \xff\xfe\xc3 na Kharkiv.</p></body></html>";
    let items = documents_from_bytes("bad-utf8.html", bytes, &IngestOptions::default());
    let document = ok(&items[0]);
    assert_eq!(document.encoding, "UTF-8");
    assert!(
        document.content.contains("Café \u{fffd}"),
        "{}",
        document.content
    );
    assert!(document.content.contains("na Kharkiv."));
}

#[test]
fn a_50_mb_page_is_accepted_and_a_page_over_the_limit_is_too_large() {
    let paragraph =
        "<p>Residents of the district described the shelling that lasted through the night.</p>\n";
    let mut page = String::from("<!DOCTYPE html><html><body>");
    while page.len() < 50 * 1024 * 1024 {
        page.push_str(paragraph);
    }
    page.push_str("</body></html>");
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "huge.html", page.as_bytes());
    let item = read_one(&path);
    assert_eq!(ok(&item).content.len(), page.len());
    drop(item);

    let small = IngestOptions {
        max_document_bytes: 1 << 20,
        ..IngestOptions::default()
    };
    let items: Vec<_> = open(&[path], &small).collect();
    assert_eq!(code(&items[0]), "too_large");
    // Through gzip the size is only known while reading; the limit still holds.
    let packed = gzip(&page.as_bytes()[..3 << 20]);
    let items = documents_from_bytes("huge.html.gz", &packed, &small);
    assert_eq!(code(&items[0]), "too_large");
}

#[test]
fn seed_text_scrape_reads_as_text() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/voa-iskp-2022.txt");
    let item = read_one(&seed);
    let document = ok(&item);
    assert_eq!(document.media_type, MediaType::Text);
    assert_eq!(document.encoding, "UTF-8");
    assert!(document.content.contains("Islamic State-Khorasan Province"));
    assert_eq!(document.id, DocumentId::of_bytes(&fs::read(&seed).unwrap()));
}

#[test]
fn documents_iterator_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let documents = open(&[PathBuf::from("-")], &IngestOptions::default());
    assert_send(&documents);
}

#[test]
fn long_leading_whitespace_is_not_empty() {
    let text = format!("{}Body after a long gap.", " \n".repeat(10_000));
    let items = documents_from_bytes("gap.txt", text.as_bytes(), &IngestOptions::default());
    assert_eq!(ok(&items[0]).media_type, MediaType::Text);
}

#[test]
fn feeds_in_latin1_utf16_and_behind_a_comment() {
    let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>t</title>\
<item><title>Caf\xe9</title><description>Gr\xfc\xdfe aus K\xf6ln</description></item></channel></rss>";
    let items = documents_from_bytes("latin1.xml", latin1, &IngestOptions::default());
    let item = ok(&items[0]);
    assert_eq!(item.content, "Grüße aus Köln");
    assert_eq!(item.title_hint.as_deref(), Some("Café"));
    assert_eq!(item.encoding, "windows-1252");

    let atom16 = utf16(
        &ATOM.replace("encoding=\"utf-8\"", "encoding=\"utf-16\""),
        true,
    );
    let items = documents_from_bytes("feed", &atom16, &IngestOptions::default());
    assert_eq!(
        ok(&items[0]).content,
        "<p>Shelling hit Kherson.</p>",
        "{items:?}"
    );

    let commented = format!("<!-- generated -->\n{}", &RSS[RSS.find("<rss").unwrap()..]);
    let items = documents_from_bytes("feed", commented.as_bytes(), &IngestOptions::default());
    assert_eq!(items.len(), 3);
}

#[test]
fn warc_resource_records_with_html_are_pages() {
    let page = b"<html><body><p>Saved from disk, na\xefve</p></body></html>";
    let extra = "WARC-Target-URI: file:///saved.html\r\nContent-Type: text/html; charset=\"iso-8859-1\"\r\n";
    let warc = [
        warc_record("resource", extra, page),
        warc_record("resource", "Content-Type: image/png\r\n", b"\x89PNG"),
    ]
    .concat();
    let items = documents_from_bytes("local.warc", &warc, &IngestOptions::default());
    assert_eq!(items.len(), 1);
    let document = ok(&items[0]);
    assert!(document.content.contains("naïve"), "{}", document.content);
    assert_eq!(document.url.as_deref(), Some("file:///saved.html"));
    assert_eq!(document.id, DocumentId::of_bytes(page));
}

#[test]
fn json_files_hold_an_object_an_array_or_lines() {
    let options = IngestOptions::default();
    let object = "{\n  \"url\": \"https://x.example/a\",\n  \"html\": \"<p>One</p>\"\n}\n";
    let items = documents_from_bytes("one.json", object.as_bytes(), &options);
    assert_eq!(items.len(), 1);
    assert_eq!(ok(&items[0]).uri, "one.json");
    assert_eq!(ok(&items[0]).url.as_deref(), Some("https://x.example/a"));

    let array = r#"[{"text": "First"}, {"nope": 1}, {"html": "<p>Third</p>"}]"#;
    let items = documents_from_bytes("many.json", array.as_bytes(), &options);
    assert_eq!(items.len(), 3);
    assert_eq!(ok(&items[0]).uri, "many.json#item1");
    assert_eq!(code(&items[1]), "malformed_jsonl");
    assert_eq!(ok(&items[2]).content, "<p>Third</p>");

    let lines = "{\"text\": \"a\"}\n{\"text\": \"b\"}\n";
    let items = documents_from_bytes("dump.json", lines.as_bytes(), &options);
    assert_eq!(items.len(), 2);
    assert_eq!(ok(&items[1]).uri, "dump.json#L2");
}

#[test]
fn a_truncated_gzip_container_keeps_the_records_before_the_cut() {
    let lines: String = (0..2000)
        .map(|i| format!("{{\"text\": \"line {i} of the wire dump\"}}\n"))
        .collect();
    let packed = gzip(lines.as_bytes());
    let items = documents_from_bytes(
        "dump.jsonl.gz",
        &packed[..packed.len() / 2],
        &IngestOptions::default(),
    );
    let (last, kept) = items.split_last().unwrap();
    assert_eq!(code(last), "truncated_gzip");
    assert!(kept.len() > 100, "{}", kept.len());
    assert!(kept.iter().all(Result::is_ok));

    let records = sample_warc();
    let mut packed: Vec<u8> = records[..3].iter().flat_map(|r| gzip(r)).collect();
    let tail = gzip(&records[6]);
    packed.extend_from_slice(&tail[..tail.len() / 2]);
    let items = documents_from_bytes("cut.warc.gz", &packed, &IngestOptions::default());
    assert_eq!(items.len(), 2, "{items:?}");
    ok(&items[0]);
    assert!(matches!(code(&items[1]), "truncated_gzip"), "{items:?}");
}

#[test]
fn deeply_nested_html_is_read_as_one_document() {
    let page = format!(
        "<html><body>{}text{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let items = documents_from_bytes("deep.html", page.as_bytes(), &IngestOptions::default());
    assert_eq!(ok(&items[0]).content.len(), page.len());
}

#[test]
fn snapshot_of_feed_and_warc_documents() {
    let options = IngestOptions::default();
    let mut items = documents_from_bytes("wire.rss", RSS.as_bytes(), &options);
    items.extend(documents_from_bytes(
        "crawl.warc",
        &sample_warc().concat(),
        &options,
    ));
    let summary: Vec<serde_json::Value> = items
        .iter()
        .map(|item| match item {
            Ok(document) => serde_json::to_value(document).unwrap(),
            Err(err) => {
                serde_json::json!({ "uri": err.uri, "error": err.code(), "message": err.message })
            }
        })
        .collect();
    insta::assert_yaml_snapshot!(summary);
}

/// A small deterministic generator, so the mutation test needs no extra crate and always runs
/// the same cases.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn damaged_inputs_never_panic() {
    let fixtures: Vec<(&str, Vec<u8>)> = vec![
        ("x.warc", sample_warc().concat()),
        (
            "x.warc.gz",
            sample_warc().iter().flat_map(|r| gzip(r)).collect(),
        ),
        ("x.rss", RSS.as_bytes().to_vec()),
        ("x.atom", ATOM.as_bytes().to_vec()),
        (
            "x.jsonl",
            b"{\"html\": \"<p>a</p>\", \"url\": \"u\"}\n{\"text\": \"b\"}\n".to_vec(),
        ),
        (
            "x.json",
            br#"[{"html": "<p>a</p>"}, {"text": "b"}]"#.to_vec(),
        ),
        (
            "x.html",
            b"<html><head><meta charset=\"windows-1252\"></head><body>\xe9t\xe9</body></html>"
                .to_vec(),
        ),
        ("x.html.gz", gzip(PAGE.as_bytes())),
    ];
    let options = IngestOptions {
        max_document_bytes: 4096,
        ..IngestOptions::default()
    };
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for (name, bytes) in &fixtures {
        for _ in 0..300 {
            let mut damaged = bytes.clone();
            match rng.below(4) {
                0 => damaged.truncate(rng.below(bytes.len())),
                1 => {
                    for _ in 0..=rng.below(8) {
                        let at = rng.below(damaged.len());
                        damaged[at] = rng.next() as u8;
                    }
                }
                2 => {
                    let at = rng.below(damaged.len());
                    let junk: Vec<u8> = (0..rng.below(64)).map(|_| rng.next() as u8).collect();
                    damaged.splice(at..at, junk);
                }
                _ => {
                    let from = rng.below(damaged.len());
                    let to = (from + rng.below(256)).min(damaged.len());
                    damaged.drain(from..to);
                }
            }
            for item in documents_from_bytes(name, &damaged, &options) {
                if let Err(err) = item {
                    assert!(!err.message.is_empty());
                }
            }
        }
    }
}
