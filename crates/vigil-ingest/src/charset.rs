//! Character-set detection and decoding: BOM, then a declared charset (HTTP header, `<meta>`,
//! XML declaration), then UTF-8 validity, then `chardetng`'s guess.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How far into a page a `<meta charset>` or XML declaration is looked for (the HTML spec
/// prescans 1024 bytes; real pages put long `<script>`s first, so look a little further).
const PRESCAN_BYTES: usize = 4096;
/// How much of a non-UTF-8 document `chardetng` sees; its guess is settled long before this,
/// and capping it keeps a 50 MB page linear and quick.
const DETECT_BYTES: usize = 1 << 20;

/// Decodes `bytes` to a string. `declared` is a charset label from outside the document (an HTTP
/// `Content-Type`). Never fails: undecodable bytes become U+FFFD. Well-formed UTF-8 without a
/// byte-order mark (most pages) becomes the string without a copy.
pub(crate) fn decode(bytes: Vec<u8>, declared: Option<&str>) -> (String, &'static Encoding) {
    let encoding = detect(&bytes, declared);
    let bom_len = match Encoding::for_bom(&bytes) {
        Some((bom_encoding, bom_len)) if bom_encoding == encoding => bom_len,
        _ => 0,
    };
    let bytes = if encoding == UTF_8 && bom_len == 0 {
        match String::from_utf8(bytes) {
            Ok(text) => return (text, encoding),
            Err(not_utf8) => not_utf8.into_bytes(),
        }
    } else {
        bytes
    };
    let body = bytes.get(bom_len..).unwrap_or_default();
    let (text, _had_errors) = encoding.decode_without_bom_handling(body);
    (text.into_owned(), encoding)
}

fn detect(bytes: &[u8], declared: Option<&str>) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return encoding;
    }
    let declared = declared
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| prescan(bytes.get(..PRESCAN_BYTES).unwrap_or(bytes)));
    let utf8 = utf8_evidence(bytes);
    if let Some(encoding) = declared {
        // A UTF-16 label on bytes that are not UTF-16 (checked above) is a mislabel; the HTML
        // spec reads such pages as UTF-8.
        if encoding == UTF_16LE || encoding == UTF_16BE {
            return UTF_8;
        }
        // Pages labelled with a legacy charset that are in fact clean UTF-8 with non-ASCII
        // letters are common (templates copied between sites); a legacy single-byte text is
        // almost never valid UTF-8 by chance, so the bytes win over the label.
        if encoding != UTF_8
            && utf8.invalid == 0
            && utf8.multibyte > 0
            && !is_ascii_incompatible(encoding)
        {
            return UTF_8;
        }
        return encoding;
    }
    if utf8.invalid == 0 || utf8.multibyte > utf8.invalid {
        // Valid UTF-8, or UTF-8 with a few damaged sequences: decode as UTF-8 with replacement
        // rather than turn every good letter into mojibake.
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes.get(..DETECT_BYTES).unwrap_or(bytes), true);
    detector.guess(None, false)
}

fn is_ascii_incompatible(encoding: &'static Encoding) -> bool {
    !encoding.is_ascii_compatible()
}

/// Counts of well-formed multi-byte UTF-8 characters and of invalid sequences.
struct Utf8Evidence {
    multibyte: usize,
    invalid: usize,
}

fn utf8_evidence(bytes: &[u8]) -> Utf8Evidence {
    if std::str::from_utf8(bytes).is_ok() {
        let multibyte = non_ascii_bytes(bytes);
        return Utf8Evidence {
            multibyte,
            invalid: 0,
        };
    }
    let mut evidence = Utf8Evidence {
        multibyte: 0,
        invalid: 0,
    };
    for chunk in bytes.utf8_chunks() {
        evidence.multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            evidence.invalid += 1;
        }
    }
    evidence
}

/// How many bytes have the high bit set, i.e. belong to multi-byte characters (counted eight at
/// a time: decoding every character was most of the cost of reading a page).
fn non_ascii_bytes(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut n = 0;
    for word in &mut words {
        let word = u64::from_ne_bytes(word.try_into().unwrap_or_default());
        n += (word & 0x8080_8080_8080_8080).count_ones() as usize;
    }
    n + words.remainder().iter().filter(|b| !b.is_ascii()).count()
}

/// UTF-16 without a byte-order mark shows as NULs in every other byte for Latin text.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..PRESCAN_BYTES).unwrap_or(bytes);
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        if let [even, odd] = pair {
            even_nul += usize::from(*even == 0);
            odd_nul += usize::from(*odd == 0);
        }
    }
    let mostly = |n: usize| n * 10 >= pairs * 6;
    let rarely = |n: usize| n * 20 <= pairs;
    if mostly(odd_nul) && rarely(even_nul) {
        Some(UTF_16LE)
    } else if mostly(even_nul) && rarely(odd_nul) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The encoding named by an `<?xml … encoding="…"?>` declaration at the start of `head`.
pub(crate) fn xml_declared(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let lower = lower
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&lower)
        .trim_ascii_start();
    if !lower.starts_with(b"<?xml") {
        return None;
    }
    let end = memchr::memmem::find(lower, b"?>")?;
    attribute_value(&lower[..end], b"encoding").and_then(html_label)
}

/// Finds a charset declared in the head of an HTML or XML document: `<meta charset=…>`,
/// `<meta http-equiv="Content-Type" content="…; charset=…">` or `<?xml … encoding="…"?>`.
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    if let Some(encoding) = xml_declared(head) {
        return Some(encoding);
    }
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + found + 5;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(label) = attribute_value(tag, b"charset") {
            if let Some(encoding) = html_label(label) {
                return Some(encoding);
            }
        }
        from = end;
    }
    None
}

/// The value after `name`, an optional `=` and optional quotes, up to a quote, space, `;` or `>`.
fn attribute_value<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let at = memchr::memmem::find(tag, name)?;
    let rest = &tag[at + name.len()..];
    let rest = rest.trim_ascii_start();
    let rest = rest.strip_prefix(b"=")?.trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let value = &rest[..end];
    (!value.is_empty()).then_some(value)
}

/// A label as the HTML spec reads it from a page: UTF-16 means UTF-8 there (the page could not
/// have been parsed that far otherwise) and `x-user-defined` means windows-1252.
fn html_label(label: &[u8]) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label)?;
    if encoding == UTF_16LE || encoding == UTF_16BE {
        Some(UTF_8)
    } else if encoding == encoding_rs::X_USER_DEFINED {
        Some(WINDOWS_1252)
    } else {
        Some(encoding)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn decode(bytes: &[u8], declared: Option<&str>) -> (String, &'static Encoding) {
        super::decode(bytes.to_vec(), declared)
    }

    fn utf16be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    #[test]
    fn non_ascii_bytes_are_counted_in_words_and_the_tail() {
        let text = "Kyïv — Dnipró, 12 km: «Ж»";
        let expected = text.bytes().filter(|b| !b.is_ascii()).count();
        for cut in 0..text.len() {
            let bytes = &text.as_bytes()[cut..];
            let want = bytes.iter().filter(|b| !b.is_ascii()).count();
            assert_eq!(non_ascii_bytes(bytes), want);
        }
        assert_eq!(non_ascii_bytes(text.as_bytes()), expected);
    }

    #[test]
    fn cp1252_without_declaration_is_detected() {
        // "Les déplacés ont fui l’offensive à Goma — 12 morts" in windows-1252.
        let bytes = b"Les d\xe9plac\xe9s ont fui l\x92offensive \xe0 Goma \x97 12 morts, selon les \xe9lus locaux.";
        let (text, encoding) = decode(bytes, None);
        assert_eq!(encoding, WINDOWS_1252);
        assert!(text.contains("déplacés"), "{text}");
        assert!(text.contains("l’offensive à Goma — 12"), "{text}");
    }

    #[test]
    fn latin1_meta_declaration_is_followed() {
        let bytes = b"<html><head><meta charset=\"ISO-8859-1\"><title>Caf\xe9</title></head><body><p>\xc9t\xe9 \xe0 K\xf6ln</p></body></html>";
        let (text, encoding) = decode(bytes, None);
        assert_eq!(encoding.name(), "windows-1252");
        assert!(
            text.contains("Café") && text.contains("Été à Köln"),
            "{text}"
        );
    }

    #[test]
    fn http_equiv_declaration_is_followed() {
        let bytes = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>\xcc\xee\xf1\xea\xe2\xe0</body></html>";
        let (text, encoding) = decode(bytes, None);
        assert_eq!(encoding.name(), "windows-1251");
        assert!(text.contains("Москва"), "{text}");
    }

    #[test]
    fn declared_http_charset_wins_over_meta() {
        let bytes = b"<meta charset=utf-8><p>na\xefve</p>";
        let (text, _) = decode(bytes, Some("iso-8859-1"));
        assert!(text.contains("naïve"), "{text}");
    }

    #[test]
    fn utf8_bytes_beat_a_wrong_legacy_label() {
        let bytes = "<meta charset=iso-8859-1><p>Kyïv, Dnipró</p>".as_bytes();
        let (text, encoding) = decode(bytes, None);
        assert_eq!(encoding, UTF_8);
        assert!(text.contains("Kyïv, Dnipró"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let sample = "Über Straßen in Kyïv";
        for (bytes, expected) in [
            ([&[0xFF, 0xFE][..], &utf16le(sample)].concat(), UTF_16LE),
            ([&[0xFE, 0xFF][..], &utf16be(sample)].concat(), UTF_16BE),
            (utf16le(sample), UTF_16LE),
            (utf16be(sample), UTF_16BE),
        ] {
            let (text, encoding) = decode(&bytes, None);
            assert_eq!(encoding, expected);
            assert_eq!(text, sample);
        }
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let (text, encoding) = decode("\u{feff}Señor".as_bytes(), None);
        assert_eq!(encoding, UTF_8);
        assert_eq!(text, "Señor");
    }

    #[test]
    fn invalid_utf8_is_replaced_not_failed() {
        let bytes = b"Caf\xc3\xa9 \xff\xfe ouvert \xc3\xa0 Kharkiv, r\xc3\xa9sum\xc3\xa9";
        let (text, encoding) = decode(bytes, None);
        assert_eq!(encoding, UTF_8);
        assert!(text.starts_with("Café "), "{text}");
        assert!(text.contains('\u{fffd}'));
        assert!(text.ends_with("à Kharkiv, résumé"));
    }

    #[test]
    fn meta_utf16_label_means_utf8() {
        let bytes = "<meta charset=utf-16><p>žena</p>".as_bytes();
        let (text, encoding) = decode(bytes, None);
        assert_eq!(encoding, UTF_8);
        assert!(text.contains("žena"));
    }
}
