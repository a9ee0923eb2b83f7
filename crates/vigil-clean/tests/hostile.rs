//! Hostile markup: extreme nesting and junk must come back as a value, never a crash.

mod common;

use vigil_clean::{clean, CleanOptions};
use vigil_core::{Document, MediaType};

fn html_doc(content: String) -> Document {
    common::doc(content, MediaType::Html, None)
}

fn options() -> CleanOptions {
    common::options_at("2024-01-01T00:00:00Z")
}

#[test]
fn nesting_100k_levels_deep_does_not_overflow() {
    for tag in ["div", "span", "table", "li"] {
        let mut html = String::from("<html><body>");
        for _ in 0..100_000 {
            html.push('<');
            html.push_str(tag);
            html.push('>');
        }
        html.push_str("The deepest words of the page are still read by the cleaner, and kept.");
        let a = clean(&html_doc(html), &options());
        assert!(a.text.contains("deepest words"), "{tag}: {:?}", a.text);
    }
}

#[test]
fn junk_bytes_and_empty_pages_are_values() {
    let junk: String = (0u32..5000)
        .filter_map(|i| char::from_u32((i * 7919) % 0x2FFF))
        .collect();
    let a = clean(&html_doc(junk), &options());
    let _ = a.text;
    let a = clean(&html_doc(String::new()), &options());
    assert!(a.text.is_empty());
    assert_eq!(vigil_clean::not_article_reason(&a), Some("no_text"));
}

#[test]
fn large_pages_finish() {
    // Release builds clean a 50 MB page in seconds (see the crate docs); a debug-build test
    // uses a few megabytes of the same shapes: prose blocks, a flood of links, one huge text node.
    let mut html = String::from("<html><body><nav><a href='/'>Home</a></nav><article>");
    while html.len() < 3_000_000 {
        html.push_str("<div class='c'><p>The river rose overnight and cut the only road to the villages, officials said.</p></div>\n");
    }
    for _ in 0..20_000 {
        html.push_str("<a href='/y'>headline words for a teaser link</a><br>");
    }
    html.push_str("<p>");
    html.push_str(&"word ".repeat(200_000));
    html.push_str("</p></article></body></html>");
    let a = clean(&html_doc(html), &options());
    assert!(a.text.contains("The river rose overnight"));
}
