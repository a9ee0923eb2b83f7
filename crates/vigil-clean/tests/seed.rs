//! The seed scrape that ships beside the repository (../shared/seed): a Wix-style text dump.

mod common;

use vigil_clean::clean;
use vigil_core::{ArticleKind, DatePrecision, DateSource, MediaType};

#[test]
fn seed_scrape_loses_its_chrome() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seed/voa-iskp-2022.txt"
    );
    let content = std::fs::read_to_string(path).unwrap_or_default();
    assert!(!content.is_empty(), "seed missing at {path}");
    let a = clean(
        &common::doc(content, MediaType::Text, None),
        &common::options_at("2024-01-01T00:00:00Z"),
    );
    assert_eq!(a.kind, ArticleKind::Article);
    for chrome in [
        "top of page",
        "Featured Review",
        "Tag Cloud",
        "bottom of page",
        "(c) 2022, VOA News",
    ] {
        assert!(!a.text.contains(chrome), "{chrome:?} left in text");
    }
    assert_eq!(
        a.title.as_deref(),
        Some("IS Recruits Multiethnic Fighters in Afghanistan, Threatening Regional Security, US Says")
    );
    let caption = a.caption.as_deref().unwrap_or_default();
    assert!(
        caption.starts_with("A Taliban fighter stands guard"),
        "caption: {caption:?}"
    );
    assert!(!a.text.contains("A Taliban fighter stands guard"));
    assert!(a
        .text
        .starts_with("Following this week's Islamic State attack"));
    assert!(
        a.text.contains("Boosting border security"),
        "subheadings stay"
    );
    assert!(a.text.ends_with("in the near future."));
    let published = a.published.unwrap_or_else(panic_free_default);
    // The photo caption's date ("April 21, 2022") dates a frame grab of an earlier attack; the
    // page's own copyright line is what it says of itself.
    assert_eq!(published.value, "2022");
    assert_eq!(published.precision, DatePrecision::Year);
    assert_eq!(published.source, DateSource::Copyright);
    assert_eq!(a.language.as_deref(), Some("en"));
}

fn panic_free_default() -> vigil_core::Published {
    vigil_core::Published {
        value: String::new(),
        precision: DatePrecision::Day,
        source: DateSource::Text,
    }
}
