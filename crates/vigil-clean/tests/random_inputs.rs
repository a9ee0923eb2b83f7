//! The fuzz property as a plain test: seeded random markup and bytes, cleaned as HTML and as
//! text, must come back as a value (never a panic) whose text is its paragraphs joined.

mod common;

use vigil_clean::{clean, CleanOptions};
use vigil_core::MediaType;

/// xorshift64*: a fixed seed gives the same inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "<div>", "</div>", "<p>", "</p>", "<article>", "</article>", "<a href='/x'>", "</a>",
    "<script>", "</script>", "<style>", "<table><tr><td>", "</td></tr></table>", "<li>", "<ul>",
    "</ul>", "<h1>", "</h1>", "<h2>", "<br>", "<br/>", "<!--", "-->", "<![CDATA[", "]]>",
    "<div class='share'>", "<div class='article-body'>", "<nav>", "</nav>", "<figure><figcaption>",
    "</figcaption></figure>", "<meta property='article:published_time' content='2022-12-14'>",
    "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"datePublished\":\"2099-01-01\"}</script>",
    "<time datetime='2022-13-45T99:99'>", "<title>", "</title>", "<svg><math>", "<select><option>",
    "<form>", "<template>", "<iframe>", "<noscript>", "&amp;", "&#0;", "&#x10FFFF;", "&bogus;",
    "<", ">", "\"", "'", "=", " ", "\n", "\n\n", "\t", "\u{0}", "\u{feff}", "\u{200b}", "\u{a0}",
    "Words of the article, with commas, and more. ", "Lorem ipsum dolor sit amet. ", "©2022 ",
    "[AP]", "(Reuters)", "top of page", "Share this:", "Skip to content", "404", "Subscribe ",
    "we use cookies", "Привет мир. ", "مرحبا بالعالم. ", "日本語の文章です。", "🙂", "\u{10FFFF}",
];

fn check(content: String, options: &CleanOptions) {
    for media_type in [MediaType::Html, MediaType::Text] {
        let mut doc = common::doc(
            content.clone(),
            media_type,
            Some("https://example.org/2022/12/14/x".into()),
        );
        doc.published_hint = Some("not a date".into());
        let a = clean(&doc, options);
        assert_eq!(a.text, a.paragraphs.join("\n\n"));
        if let Some(p) = &a.published {
            assert!(p.value.as_str() <= "2023-01-01", "future date {p:?}");
        }
    }
}

#[test]
fn random_markup_never_panics() {
    let options = common::options_at("2023-01-01T00:00:00Z");
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for _ in 0..300 {
        let n = rng.below(400);
        let s: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        check(s, &options);
    }
    for _ in 0..100 {
        let n = rng.below(3000);
        let bytes: Vec<u8> = (0..n).map(|_| (rng.next() >> 56) as u8).collect();
        check(String::from_utf8_lossy(&bytes).into_owned(), &options);
    }
}
