//! Snapshot tests on small pages written for these tests (no copied articles): a news article
//! with site chrome, not-article pages, and plain-text dumps of three kinds of site builder.

mod common;

use vigil_clean::{clean, CleanOptions};
use vigil_core::{Article, MediaType};

fn options() -> CleanOptions {
    common::options_at("2024-01-01T00:00:00Z")
}

fn page(name: &str) -> Article {
    let path = format!("{}/tests/pages/{name}", env!("CARGO_MANIFEST_DIR"));
    let content = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(!content.is_empty(), "missing fixture {path}");
    let media_type = if name.ends_with(".txt") {
        MediaType::Text
    } else {
        MediaType::Html
    };
    let doc = common::doc(
        content,
        media_type,
        Some(format!("https://example.org/news/{name}")),
    );
    clean(&doc, &options())
}

/// The parts of an article worth pinning (ids and uris are noise here).
fn view(a: &Article) -> serde_json::Value {
    serde_json::json!({
        "kind": a.kind,
        "title": a.title,
        "published": a.published,
        "byline": a.byline,
        "language": a.language,
        "caption": a.caption,
        "paragraphs": a.paragraphs,
    })
}

#[test]
fn news_article_keeps_body_only() {
    let a = page("news-article.html");
    insta::assert_yaml_snapshot!(view(&a));
    for chrome in [
        "Share on",
        "Related stories",
        "Most read",
        "newsletter",
        "comments",
        "cookies",
        "Advertisement",
        "©",
    ] {
        assert!(!a.text.contains(chrome), "{chrome:?} in text");
    }
    assert!(a.text.contains("Timetable changes"), "subheadings stay");
    assert!(
        a.text.contains("Last sailing from the island"),
        "lists stay"
    );
    assert!(
        a.text.contains("grateful for their patience"),
        "quotes stay"
    );
    assert!(a.text.ends_with("published next month."));
}

#[test]
fn future_and_script_dates_are_refused() {
    let a = page("news-article.html");
    let p = a.published.map(|p| p.value).unwrap_or_default();
    // The page's own offset is kept: its day is the day the page states.
    assert_eq!(p, "2021-03-04T08:15:00+01:00");
}

#[test]
fn user_date_wins() {
    let content = std::fs::read_to_string(format!(
        "{}/tests/pages/news-article.html",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_default();
    let doc = common::doc(content, MediaType::Html, None);
    let mut opts = options();
    opts.published = Some(vigil_core::Published {
        value: "2020-01-02".into(),
        precision: vigil_core::DatePrecision::Day,
        source: vigil_core::DateSource::User,
    });
    let a = clean(&doc, &opts);
    assert_eq!(a.published, opts.published);
}

#[test]
fn not_article_pages_are_flagged() {
    for (name, reason) in [
        ("paywall.html", "paywall"),
        ("consent.html", "consent"),
        ("not-found.html", "error_page"),
        ("index.html", "index_page"),
    ] {
        let a = page(name);
        assert_eq!(vigil_clean::not_article_reason(&a), Some(reason), "{name}");
        insta::assert_yaml_snapshot!(name, view(&a));
    }
}

#[test]
fn text_dumps_lose_builder_chrome() {
    for name in ["wordpress-dump.txt", "squarespace-dump.txt", "wix-dump.txt"] {
        let a = page(name);
        assert_eq!(vigil_clean::not_article_reason(&a), None, "{name}");
        assert!(a.title.is_some(), "{name}: no title");
        assert!(a.caption.is_some(), "{name}: no caption");
        for chrome in [
            "Skip to",
            "Menu",
            "Share this",
            "Recent Posts",
            "Back to Top",
            "Powered",
            "powered",
            "©",
            "Copyright",
            "bottom of page",
            "Subscribe",
            "Log In",
        ] {
            assert!(!a.text.contains(chrome), "{name}: {chrome:?} in text");
        }
        insta::assert_yaml_snapshot!(name, view(&a));
    }
}
