//! Feeds arbitrary bytes to the cleaner, as HTML and as plain text: it must return, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_clean::{clean, CleanOptions};
use vigil_core::{Document, DocumentId, MediaType};

fuzz_target!(|data: &[u8]| {
    let content = String::from_utf8_lossy(data).into_owned();
    let options = CleanOptions {
        published: None,
        now: chrono::Utc::now(),
    };
    for media_type in [MediaType::Html, MediaType::Text] {
        let doc = Document {
            id: DocumentId::of_bytes(data),
            uri: "fuzz".into(),
            url: Some("https://example.org/2022/12/14/x".into()),
            media_type,
            content: content.clone(),
            encoding: "UTF-8".into(),
            published_hint: None,
            title_hint: None,
        };
        let article = clean(&doc, &options);
        assert_eq!(article.text, article.paragraphs.join("\n\n"));
    }
});
